//! A small JSON writer: the generated serializers call it directly, so no intermediate
//! value tree is built.

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{Blob, DateTime, Document, Number};

/// What the JSON is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStyle {
    /// The protocol's form: `@jsonName` keys (restJson1), `@timestampFormat` honoured.
    Wire,
    /// The model's form, as the AWS CLI shows data: member names as keys, timestamps as epoch
    /// seconds.
    MemberName,
}

#[derive(Debug)]
pub struct JsonWriter {
    out: String,
    /// Per open object/array: whether the next entry needs a separating comma.
    comma: Vec<bool>,
    keys: KeyStyle,
    /// The first value that could not be written; `finish` reports it.
    failure: Option<String>,
}

impl JsonWriter {
    pub fn new(keys: KeyStyle) -> Self {
        JsonWriter { out: String::with_capacity(256), comma: Vec::new(), keys, failure: None }
    }

    pub fn keys(&self) -> KeyStyle {
        self.keys
    }

    /// The document, or why a value in it could not be written.
    pub fn finish(self) -> Result<String, String> {
        match self.failure {
            None => Ok(self.out),
            Some(failure) => Err(failure),
        }
    }

    /// Records a value that cannot be written; the first such failure is reported by `finish`.
    pub fn fail(&mut self, why: String) {
        self.failure.get_or_insert(why);
    }

    fn separate(&mut self) {
        if let Some(comma) = self.comma.last_mut() {
            if *comma {
                self.out.push(',');
            }
            *comma = true;
        }
    }

    /// Writes a key the generator knows needs no escaping (the model's member names).
    pub fn plain_key(&mut self, key: &str) {
        self.separate();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        if let Some(comma) = self.comma.last_mut() {
            *comma = false;
        }
    }

    /// A member whose key needs no escaping and whose value is a string: `plain_key` and
    /// `string` in one call. Serializers call across the crate boundary; the commonest members
    /// take one call instead of two (without inlining, which costs every crate compile time).
    pub fn string_member(&mut self, key: &str, value: &str) {
        self.plain_key(key);
        self.string(value);
    }

    /// `plain_key` and `bool` in one call (see `string_member`).
    pub fn bool_member(&mut self, key: &str, value: bool) {
        self.plain_key(key);
        self.bool(value);
    }

    /// `plain_key` and `integer` in one call (see `string_member`).
    pub fn integer_member(&mut self, key: &str, value: i64) {
        self.plain_key(key);
        self.integer(value);
    }

    /// Writes an object key; the value written next belongs to it.
    pub fn key(&mut self, key: &str) {
        self.separate();
        self.escaped(key);
        self.out.push(':');
        // The value after a key must not write a comma of its own.
        if let Some(comma) = self.comma.last_mut() {
            *comma = false;
        }
    }

    fn value_start(&mut self) {
        self.separate();
    }

    fn value_end(&mut self) {
        if let Some(comma) = self.comma.last_mut() {
            *comma = true;
        }
    }

    pub fn begin_object(&mut self) {
        self.value_start();
        self.out.push('{');
        self.comma.push(false);
    }

    pub fn end_object(&mut self) {
        self.comma.pop();
        self.out.push('}');
        self.value_end();
    }

    pub fn begin_array(&mut self) {
        self.value_start();
        self.out.push('[');
        self.comma.push(false);
    }

    pub fn end_array(&mut self) {
        self.comma.pop();
        self.out.push(']');
        self.value_end();
    }

    pub fn null(&mut self) {
        self.value_start();
        self.out.push_str("null");
        self.value_end();
    }

    pub fn bool(&mut self, value: bool) {
        self.value_start();
        self.out.push_str(if value { "true" } else { "false" });
        self.value_end();
    }

    pub fn string(&mut self, value: &str) {
        self.value_start();
        self.escaped(value);
        self.value_end();
    }

    pub fn integer(&mut self, value: i64) {
        self.value_start();
        self.out.push_str(itoa::Buffer::new().format(value));
        self.value_end();
    }

    /// Finite floats as numbers; NaN and the infinities as the strings the protocols use.
    pub fn float(&mut self, value: f64) {
        self.value_start();
        if value.is_nan() {
            self.out.push_str("\"NaN\"");
        } else if value.is_infinite() {
            self.out.push_str(if value > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
        } else if value.fract() == 0.0 && value.abs() < 1e15 && !(value == 0.0 && value.is_sign_negative()) {
            // Integral: as an integer (`-0.0` is not one: its sign would be lost).
            self.out.push_str(itoa::Buffer::new().format(value as i64));
        } else {
            self.out.push_str(ryu::Buffer::new().format_finite(value));
        }
        self.value_end();
    }

    pub fn float32(&mut self, value: f32) {
        if value.is_finite() && (value.fract() != 0.0 || value.abs() >= 1e15) {
            // Shortest text that reads back as the same f32, not its f64 widening.
            self.value_start();
            self.out.push_str(ryu::Buffer::new().format_finite(value));
            self.value_end();
        } else {
            self.float(f64::from(value));
        }
    }

    /// A number whose text is already JSON (bigInteger, bigDecimal).
    pub fn raw_number(&mut self, text: &str) {
        self.value_start();
        self.out.push_str(text);
        self.value_end();
    }

    pub fn blob(&mut self, value: &Blob) {
        self.string(&aws_smithy_types::base64::encode(value.as_ref()));
    }

    pub fn timestamp(&mut self, value: &DateTime, format: Format) {
        let format = if self.keys == KeyStyle::MemberName { Format::EpochSeconds } else { format };
        match format {
            Format::EpochSeconds => {
                if value.subsec_nanos() == 0 {
                    self.integer(value.secs());
                } else {
                    // Exact: the seconds and every digit of the fraction (`1700000000.123`),
                    // which a double would round (to `...122999906` nanoseconds read back).
                    match value.fmt(Format::EpochSeconds) {
                        Ok(text) => self.raw_number(&text),
                        Err(_) => self.float(value.as_secs_f64()),
                    }
                }
            }
            _ => match value.fmt(format) {
                Ok(text) => self.string(&text),
                Err(e) => {
                    self.fail(format!("cannot format timestamp: {e}"));
                    self.null();
                }
            },
        }
    }

    pub fn document(&mut self, value: &Document) {
        match value {
            Document::Null => self.null(),
            Document::Bool(b) => self.bool(*b),
            Document::String(s) => self.string(s),
            Document::Number(Number::PosInt(n)) => {
                self.value_start();
                self.out.push_str(itoa::Buffer::new().format(*n));
                self.value_end();
            }
            Document::Number(Number::NegInt(n)) => self.integer(*n),
            Document::Number(Number::Float(f)) => self.float(*f),
            Document::Array(items) => {
                self.begin_array();
                for item in items {
                    self.document(item);
                }
                self.end_array();
            }
            Document::Object(entries) => {
                // Sorted keys keep output deterministic for the same document.
                let mut keys: Vec<&String> = entries.keys().collect();
                keys.sort();
                self.begin_object();
                for key in keys {
                    self.key(key);
                    if let Some(item) = entries.get(key) {
                        self.document(item);
                    }
                }
                self.end_object();
            }
        }
    }

    fn escaped(&mut self, value: &str) {
        self.out.push('"');
        // Most strings need no escaping: copy them whole.
        if !value.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            self.out.push_str(value);
            self.out.push('"');
            return;
        }
        let mut start = 0;
        for (i, byte) in value.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&value[start..i]);
            if escape.is_empty() {
                self.out.push_str(&format!("\\u{byte:04x}"));
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&value[start..]);
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_values_with_commas() {
        let mut w = JsonWriter::new(KeyStyle::Wire);
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.integer(1);
        w.string("x\"\n\u{1}");
        w.begin_object();
        w.end_object();
        w.end_array();
        w.key("b");
        w.float(f64::NAN);
        w.key("c");
        w.float(1.5);
        w.end_object();
        assert_eq!(w.finish().unwrap(), r#"{"a":[1,"x\"\n\u0001",{}],"b":"NaN","c":1.5}"#);
    }

    #[test]
    fn floats_keep_their_value_and_sign() {
        let mut w = JsonWriter::new(KeyStyle::Wire);
        w.begin_array();
        for value in [-0.0, 0.0, -2.0, 1e15, f64::from_bits(1)] {
            w.float(value);
        }
        w.float32(-0.0);
        w.end_array();
        assert_eq!(w.finish().unwrap(), "[-0.0,0,-2,1000000000000000.0,5e-324,-0.0]");
    }
}
