//! The `json_reader` target: the runtime's `JsonReader` over any bytes, the way generated
//! readers drive it. Besides "no panic, no hang", two readers of the same document agree:
//! what `document()` reads, `skip()` skips too, ending at the same byte.

use aws_smithy_types::date_time::Format;
use smithy_lite_runtime::json_read::{JsonReader, Result};

/// One input: the whole input as a document, skipped, and walked by typed reads. The walk's
/// choices (which typed read at each value, reading as a client or as a server) come from
/// the input's first bytes, whose count is the first byte's low nibble; every byte is also
/// part of the document, so no input is wasted.
pub fn json_reader(data: &[u8]) {
    let mut skipped = JsonReader::new(data);
    let skip = skipped.skip().and_then(|()| skipped.end());
    let mut read = JsonReader::new(data);
    let document = read.document().and_then(|value| read.end().map(|()| value));
    if document.is_ok() {
        assert!(skip.is_ok(), "document() reads what skip() refuses: {skip:?}");
    }

    let choices = data.get(1..1 + usize::from(data.first().map_or(0, |b| b & 0x0f))).unwrap_or(&[]);
    let strict = data.first().is_some_and(|b| b & 0x10 != 0);
    let mut walk = Walk { choices, next: 0 };
    let mut reader = if strict { JsonReader::for_request(data) } else { JsonReader::new(data) };
    if walk.value(&mut reader).is_ok() {
        let _ = reader.end();
    }
    let _ = reader.take_absent();
}

/// Typed reads chosen by the input: each value is read by the reader `choices` names next
/// (cycling), containers recursively. The reader's depth limit bounds the recursion.
struct Walk<'c> {
    choices: &'c [u8],
    next: usize,
}

impl Walk<'_> {
    fn choice(&mut self) -> u8 {
        if self.choices.is_empty() {
            return 0;
        }
        let choice = self.choices[self.next % self.choices.len()];
        self.next = self.next.wrapping_add(1);
        choice
    }

    fn value(&mut self, r: &mut JsonReader<'_>) -> Result<()> {
        match self.choice() % 24 {
            0 => {
                r.begin_object()?;
                while let Some(key) = r.next_key()? {
                    // As a generated reader does for required members it did not find.
                    if key.len() % 3 == 0 {
                        r.absent(&key);
                    }
                    if key.len() % 5 == 0 {
                        let _ = r.missing_required(&key);
                    }
                    self.value(r)?;
                }
                Ok(())
            }
            1 => {
                r.begin_array()?;
                while r.next_element()? {
                    self.value(r)?;
                }
                Ok(())
            }
            2 => r.string().map(drop),
            3 => r.i64().map(drop),
            4 => r.int::<i8>().map(drop),
            5 => r.f64().map(drop),
            6 => r.f32().map(drop),
            7 => r.bool().map(drop),
            8 => r.null().map(drop),
            9 => r.blob().map(drop),
            10 => r.epoch_seconds().map(drop),
            11 => r.date_time().map(drop),
            12 => r.http_date().map(drop),
            13 => r.timestamp(Format::DateTimeWithOffset).map(drop),
            14 => r.big_number::<aws_smithy_types::BigInteger>().map(drop),
            15 => r.big_number::<aws_smithy_types::BigDecimal>().map(drop),
            16 => r.document().map(drop),
            17 => r.list(JsonReader::owned_string).map(drop),
            18 => r.sparse_list(JsonReader::i64).map(drop),
            19 => r.map::<String, _>(JsonReader::f64).map(drop),
            20 => r.sparse_map::<String, _>(JsonReader::bool).map(drop),
            21 => {
                let mut slot = None;
                r.member(&mut slot, JsonReader::owned_string)?;
                r.member(&mut slot, JsonReader::owned_string)
            }
            22 => r.int_enum::<i32>().map(drop),
            _ => r.skip(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_documents_are_errors() {
        for data in [&b""[..], b"[", b"{\"a\":", b"\"\\ud800\"", b"1e", b"\xff", b"{\"a\":1,\"a\":2}"] {
            json_reader(data);
        }
        json_reader("[".repeat(10_000).as_bytes());
        json_reader("{\"a\":".repeat(10_000).as_bytes());
    }
}
