//! A pull reader over JSON bytes for the generated deserializers. It never panics on hostile
//! input: every malformed, truncated or too-deep document is an error with its byte offset.

use std::borrow::Cow;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{Blob, DateTime, Document, Number};

/// Nesting deeper than this is rejected, so hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
    /// When reading a request: the JSON pointer of a required member that is absent (a
    /// server answers that as a validation error, not a malformed body).
    pub absent_member: Option<String>,
}

impl JsonError {
    pub fn new(offset: usize, message: impl Into<String>) -> JsonError {
        JsonError { offset, message: message.into(), absent_member: None }
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for JsonError {}

pub type Result<T> = std::result::Result<T, JsonError>;

/// A response body to read as one JSON object: an empty (whitespace-only) body reads as `{}`.
pub fn object_body(body: &[u8]) -> &[u8] {
    if body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        b"{}"
    } else {
        body
    }
}

/// `/segment`, escaped as RFC 6901 says.
fn push_pointer_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// A required structure or union member the document does not hold.
pub fn missing(member: &str) -> JsonError {
    JsonError::new(0, format!("missing required member `{member}`"))
}

pub struct JsonReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Per open container: whether an entry has been read (so a comma must come next).
    started: Vec<bool>,
    /// Reading a request (a server): where the reader is, and the required members found
    /// absent, which a server answers as validation errors rather than filling in.
    trail: Option<Trail>,
}

/// The JSON pointer of the current position, kept cheaply: per open container the byte
/// offset of the current key, or the current index.
#[derive(Default)]
struct Trail {
    segments: Vec<Segment>,
    /// JSON pointers of required members that were absent or `null`.
    absent: Vec<String>,
}

#[derive(Clone, Copy)]
enum Segment {
    /// Before the first entry.
    Start,
    Key(usize),
    Index(usize),
}

impl<'a> JsonReader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        JsonReader { bytes, pos: 0, depth: 0, started: Vec::new(), trail: None }
    }

    /// A reader for a request body: required members that are absent are noted (see
    /// [`JsonReader::absent`]) with their JSON pointers.
    pub fn for_request(bytes: &'a [u8]) -> Self {
        JsonReader { trail: Some(Trail::default()), ..JsonReader::new(bytes) }
    }

    /// A required member `member` of the object just read was absent or `null`. A client
    /// reading a response fills in its zero value; a server notes it, to answer with a
    /// validation error naming its path.
    pub fn absent(&mut self, member: &str) {
        if let Some(pointer) = self.pointer_to(member) {
            if let Some(trail) = &mut self.trail {
                trail.absent.push(pointer);
            }
        }
    }

    /// The error for a required member that is absent and has no zero value to stand in (a
    /// structure or union): for a request, it names the member's JSON pointer.
    pub fn missing_required(&self, member: &str) -> JsonError {
        JsonError { absent_member: self.pointer_to(member), ..missing(member) }
    }

    /// The JSON pointer of `member` of the object just read, when reading a request.
    fn pointer_to(&self, member: &str) -> Option<String> {
        let trail = self.trail.as_ref()?;
        let mut pointer = String::new();
        for segment in &trail.segments {
            match *segment {
                Segment::Start => {}
                Segment::Key(offset) => {
                    let mut key_reader = JsonReader::new(self.bytes);
                    key_reader.pos = offset;
                    let key = key_reader.string().map(Cow::into_owned).unwrap_or_default();
                    push_pointer_segment(&mut pointer, &key);
                }
                Segment::Index(index) => {
                    pointer.push('/');
                    pointer.push_str(itoa::Buffer::new().format(index));
                }
            }
        }
        push_pointer_segment(&mut pointer, member);
        Some(pointer)
    }

    /// A union member the model does not define: a client keeps it as the union's `Unknown`
    /// (a newer service may send it); a server refuses it, as it cannot act on it.
    pub fn unknown_union_member(&self, name: &str) -> Result<String> {
        if self.trail.is_some() {
            return self.error(format!("`{name}` is not a member of the union"));
        }
        Ok(name.to_owned())
    }

    /// True when reading a request, which a server reads strictly.
    fn strict(&self) -> bool {
        self.trail.is_some()
    }

    /// The JSON pointers [`JsonReader::absent`] noted, in document order.
    pub fn take_absent(&mut self) -> Vec<String> {
        self.trail.as_mut().map(|t| std::mem::take(&mut t.absent)).unwrap_or_default()
    }

    pub fn error<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(JsonError::new(self.pos, message))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    fn expect_byte(&mut self, byte: u8) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.error(format!("expected `{}`", byte as char))
        }
    }

    /// After the top-level value: only whitespace may follow.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.error("trailing characters after the JSON value"),
        }
    }

    /// Consumes a `null` if one comes next.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    fn literal(&mut self, text: &str) -> Result<()> {
        if self.bytes[self.pos..].starts_with(text.as_bytes()) {
            self.pos += text.len();
            Ok(())
        } else {
            self.error(format!("expected `{text}`"))
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("nesting too deep");
        }
        self.started.push(false);
        if let Some(trail) = &mut self.trail {
            trail.segments.push(Segment::Start);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
        self.started.pop();
        if let Some(trail) = &mut self.trail {
            trail.segments.pop();
        }
    }

    pub fn begin_object(&mut self) -> Result<()> {
        self.expect_byte(b'{')?;
        self.enter()
    }

    /// The next key of the current object, or `None` (having consumed `}`) at its end.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.leave();
                return Ok(None);
            }
            Some(b',') if self.started.last() == Some(&true) => self.pos += 1,
            _ if self.started.last() == Some(&true) => return self.error("expected `,` or `}`"),
            _ => {}
        }
        if let Some(started) = self.started.last_mut() {
            *started = true;
        }
        self.skip_ws();
        if let Some(last) = self.trail.as_mut().and_then(|t| t.segments.last_mut()) {
            *last = Segment::Key(self.pos);
        }
        let key = self.string()?;
        self.expect_byte(b':')?;
        Ok(Some(key))
    }

    pub fn begin_array(&mut self) -> Result<()> {
        self.expect_byte(b'[')?;
        self.enter()
    }

    /// True when another element follows; false (having consumed `]`) at the array's end.
    pub fn next_element(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.leave();
                return Ok(false);
            }
            Some(b',') if self.started.last() == Some(&true) => self.pos += 1,
            _ if self.started.last() == Some(&true) => return self.error("expected `,` or `]`"),
            _ => {}
        }
        if let Some(started) = self.started.last_mut() {
            *started = true;
        }
        if let Some(last) = self.trail.as_mut().and_then(|t| t.segments.last_mut()) {
            *last = match *last {
                Segment::Index(index) => Segment::Index(index + 1),
                _ => Segment::Index(0),
            };
        }
        Ok(true)
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => self.error("expected a boolean"),
        }
    }

    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.expect_byte(b'"')?;
        let start = self.pos;
        // Fast path: no escapes, borrowed straight from the input.
        loop {
            match self.bytes.get(self.pos) {
                None => return self.error("unterminated string"),
                Some(b'"') => {
                    let text = self.utf8(start, self.pos)?;
                    self.pos += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(0x00..=0x1f) => return self.error("control character in string"),
                Some(_) => self.pos += 1,
            }
        }
        let mut owned = String::from(self.utf8(start, self.pos)?);
        loop {
            match self.bytes.get(self.pos) {
                None => return self.error("unterminated string"),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            owned.push(c);
                            continue;
                        }
                        _ => return self.error("invalid escape"),
                    };
                    owned.push(escaped);
                    self.pos += 1;
                }
                Some(0x00..=0x1f) => return self.error("control character in string"),
                Some(_) => {
                    let run = self.pos;
                    while let Some(&b) = self.bytes.get(self.pos) {
                        if b == b'"' || b == b'\\' || b < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    owned.push_str(self.utf8(run, self.pos)?);
                }
            }
        }
    }

    fn utf8(&self, start: usize, end: usize) -> Result<&'a str> {
        let bytes: &'a [u8] = self.bytes;
        std::str::from_utf8(&bytes[start..end]).or_else(|_| self.error("invalid UTF-8 in string"))
    }

    /// After `\u`: four hex digits, combining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes[self.pos..].starts_with(b"\\u") {
                self.pos += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(code).map_or_else(|| self.error("invalid surrogate pair"), Ok);
                }
            }
            return self.error("unpaired surrogate in string");
        }
        char::from_u32(first).map_or_else(|| self.error("unpaired surrogate in string"), Ok)
    }

    fn hex4(&mut self) -> Result<u32> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return self.error("truncated \\u escape");
        };
        let text = std::str::from_utf8(digits).or_else(|_| self.error("invalid \\u escape"))?;
        let value = u32::from_str_radix(text, 16).or_else(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    /// The text of a JSON number.
    pub fn number_text(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > from
        };
        if !digits(self) {
            self.pos = start;
            return self.error("expected a number");
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.error("expected digits after `.`");
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.error("expected exponent digits");
            }
        }
        self.utf8(start, self.pos)
    }

    pub fn i64(&mut self) -> Result<i64> {
        let text = self.number_text()?;
        match text.parse::<i64>() {
            Ok(v) => Ok(v),
            Err(_) => self.error(format!("`{text}` is not an integer in range")),
        }
    }

    /// An integer of a narrower type, range-checked.
    pub fn int<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let value = self.i64()?;
        T::try_from(value).or_else(|_| self.error(format!("{value} is out of range")))
    }

    /// A float: a number, or the strings `NaN`, `Infinity`, `-Infinity`.
    pub fn f64(&mut self) -> Result<f64> {
        if self.peek() == Some(b'"') {
            return match self.string()?.as_ref() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => self.error(format!("`{other}` is not a number")),
            };
        }
        let text = self.number_text()?;
        text.parse::<f64>().or_else(|_| self.error(format!("`{text}` is not a number")))
    }

    pub fn f32(&mut self) -> Result<f32> {
        if self.peek() == Some(b'"') {
            return self.f64().map(|v| v as f32);
        }
        let text = self.number_text()?;
        text.parse::<f32>().or_else(|_| self.error(format!("`{text}` is not a number")))
    }

    /// A bigInteger or bigDecimal: a JSON number (or string) kept as its exact text.
    pub fn big_number<T: std::str::FromStr>(&mut self) -> Result<T> {
        let text: Cow<'a, str> =
            if self.peek() == Some(b'"') { self.string()? } else { Cow::Borrowed(self.number_text()?) };
        text.parse::<T>().or_else(|_| self.error(format!("`{text}` is not a valid number")))
    }

    pub fn blob(&mut self) -> Result<Blob> {
        let text = self.string()?;
        match aws_smithy_types::base64::decode(text.as_ref()) {
            Ok(bytes) => Ok(Blob::new(bytes)),
            Err(_) => self.error("blob is not valid base64"),
        }
    }

    /// A timestamp in the given format. Leniently, a number is always epoch seconds and a
    /// string in an epoch-seconds member may also be a date-time (as the AWS CLI accepts).
    pub fn timestamp(&mut self, format: Format) -> Result<DateTime> {
        if self.strict() {
            return self.strict_timestamp(format);
        }
        if self.peek() != Some(b'"') {
            return self.epoch_seconds_number();
        }
        let text = self.string()?;
        // RFC 3339 values may carry an offset; they name the same instant.
        let format = if format == Format::DateTime { Format::DateTimeWithOffset } else { format };
        let parsed = DateTime::from_str(&text, format).or_else(|e| match format {
            Format::EpochSeconds => DateTime::from_str(&text, Format::DateTimeWithOffset),
            _ => Err(e),
        });
        parsed.or_else(|e| self.error(format!("invalid timestamp `{text}`: {e}")))
    }

    /// A request's timestamp: exactly the format the model gives it (epoch seconds as a
    /// number; `date-time` without an offset, as RFC 3339 in Smithy means UTC; `http-date`).
    fn strict_timestamp(&mut self, format: Format) -> Result<DateTime> {
        if format == Format::EpochSeconds {
            if self.peek() == Some(b'"') {
                return self.error("an epoch-seconds timestamp must be a JSON number");
            }
            return self.epoch_seconds_number();
        }
        if self.peek() != Some(b'"') {
            return self.error("this timestamp must be a JSON string");
        }
        let text = self.string()?;
        DateTime::from_str(&text, format).or_else(|e| self.error(format!("invalid timestamp `{text}`: {e}")))
    }

    /// Epoch seconds written as a JSON number: exactly, to the nanosecond, when written as
    /// `-?digits(.digits)?` (a double would round `1700000000.123` to `...122999906`
    /// nanoseconds); through a double otherwise (exponents, more than nine decimals).
    fn epoch_seconds_number(&mut self) -> Result<DateTime> {
        let text = self.number_text()?;
        if let Ok(exact) = DateTime::from_str(text, Format::EpochSeconds) {
            return Ok(exact);
        }
        let secs: f64 = text.parse().or_else(|_| self.error(format!("`{text}` is not a number")))?;
        let whole = secs.floor();
        if !secs.is_finite() || whole < i64::MIN as f64 || whole > i64::MAX as f64 {
            return self.error("timestamp out of range");
        }
        Ok(DateTime::from_fractional_secs(whole as i64, secs - whole))
    }

    /// Any JSON value as a Smithy document.
    pub fn document(&mut self) -> Result<Document> {
        Ok(match self.peek() {
            Some(b'n') => {
                self.literal("null")?;
                Document::Null
            }
            Some(b't' | b'f') => Document::Bool(self.bool()?),
            Some(b'"') => Document::String(self.string()?.into_owned()),
            Some(b'[') => {
                self.begin_array()?;
                let mut items = Vec::new();
                while self.next_element()? {
                    items.push(self.document()?);
                }
                Document::Array(items)
            }
            Some(b'{') => {
                self.begin_object()?;
                let mut entries = std::collections::HashMap::new();
                while let Some(key) = self.next_key()? {
                    if entries.insert(key.into_owned(), self.document()?).is_some() {
                        return self.error("a key appears twice in one object");
                    }
                }
                Document::Object(entries)
            }
            Some(_) => {
                let text = self.number_text()?;
                Document::Number(if let Ok(u) = text.parse::<u64>() {
                    Number::PosInt(u)
                } else if let Ok(i) = text.parse::<i64>() {
                    Number::NegInt(i)
                } else {
                    Number::Float(text.parse::<f64>().or_else(|_| self.error("invalid number"))?)
                })
            }
            None => return self.error("unexpected end of input"),
        })
    }

    /// Skips one value of any type (unknown keys).
    pub fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'"') => self.string().map(|_| ()),
            Some(b't' | b'f') => self.bool().map(|_| ()),
            Some(b'n') => self.literal("null"),
            Some(_) => self.number_text().map(|_| ()),
            None => self.error("unexpected end of input"),
        }
    }
}

/// What the generated deserializers call: one call per member or collection, with the reader of
/// the element type passed as a function, so that each reads in one line and every type's
/// helper is compiled once (this keeps the generated crates quick to build).
impl<'a> JsonReader<'a> {
    /// Reads a member's value into `slot`; a `null` value leaves the member unset. (`read` is a
    /// function pointer and there is no `?`: this is instantiated once per value type, so
    /// its size matters.)
    pub fn member<T>(&mut self, slot: &mut Option<T>, read: fn(&mut Self) -> Result<T>) -> Result<()> {
        match self.null() {
            Ok(false) => {}
            other => return other.map(drop),
        }
        // A key given twice has no single meaning: refused, not last-one-wins.
        if slot.is_some() {
            return self.error("a key appears twice in one object");
        }
        match read(self) {
            Ok(value) => {
                *slot = Some(value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `member` for a member held in a `Box` (it closes a recursive cycle).
    pub fn boxed_member<T>(
        &mut self,
        slot: &mut Option<Box<T>>,
        read: fn(&mut Self) -> Result<T>,
    ) -> Result<()> {
        if !self.null()? {
            if slot.is_some() {
                return self.error("a key appears twice in one object");
            }
            *slot = Some(Box::new(read(self)?));
        }
        Ok(())
    }

    /// A list; `null` elements are skipped (the list is not `@sparse`).
    pub fn list<T>(&mut self, read: fn(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_element()? {
            if !self.null()? {
                items.push(read(self)?);
            } else if self.strict() {
                return self.error("`null` in a list that is not @sparse");
            }
        }
        Ok(items)
    }

    /// A `@sparse` list: `null` elements are kept as `None`.
    pub fn sparse_list<T>(&mut self, read: fn(&mut Self) -> Result<T>) -> Result<Vec<Option<T>>> {
        let mut items = Vec::new();
        self.begin_array()?;
        while self.next_element()? {
            items.push(if self.null()? { None } else { Some(read(self)?) });
        }
        Ok(items)
    }

    /// A map with string (or string enum) keys; entries with `null` values are skipped.
    pub fn map<K, V>(&mut self, read: fn(&mut Self) -> Result<V>) -> Result<std::collections::HashMap<K, V>>
    where
        K: for<'k> From<&'k str> + Eq + std::hash::Hash,
    {
        let mut map = std::collections::HashMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            if self.null()? {
                if self.strict() {
                    return self.error("`null` value in a map that is not @sparse");
                }
            } else if map.insert(K::from(key.as_ref()), read(self)?).is_some() {
                return self.error("a key appears twice in one object");
            }
        }
        Ok(map)
    }

    /// A `@sparse` map: `null` values are kept as `None`.
    pub fn sparse_map<K, V>(
        &mut self,
        read: fn(&mut Self) -> Result<V>,
    ) -> Result<std::collections::HashMap<K, Option<V>>>
    where
        K: for<'k> From<&'k str> + Eq + std::hash::Hash,
    {
        let mut map = std::collections::HashMap::new();
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            let value = if self.null()? { None } else { Some(read(self)?) };
            if map.insert(K::from(key.as_ref()), value).is_some() {
                return self.error("a key appears twice in one object");
            }
        }
        Ok(map)
    }

    /// A string, owned.
    pub fn owned_string(&mut self) -> Result<String> {
        self.string().map(Cow::into_owned)
    }

    /// A string enum's value (unknown values are kept by the enum).
    pub fn string_enum<T: for<'s> From<&'s str>>(&mut self) -> Result<T> {
        Ok(T::from(self.string()?.as_ref()))
    }

    /// An intEnum's value (unknown values are kept by the enum).
    pub fn int_enum<T: From<i32>>(&mut self) -> Result<T> {
        Ok(T::from(self.int::<i32>()?))
    }

    /// A timestamp written as epoch seconds (the JSON protocols' default).
    pub fn epoch_seconds(&mut self) -> Result<DateTime> {
        self.timestamp(Format::EpochSeconds)
    }

    /// A timestamp written as an RFC 3339 date-time.
    pub fn date_time(&mut self) -> Result<DateTime> {
        self.timestamp(Format::DateTime)
    }

    /// A timestamp written as an HTTP date.
    pub fn http_date(&mut self) -> Result<DateTime> {
        self.timestamp(Format::HttpDate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_arrays_and_escapes() {
        let mut r = JsonReader::new(br#" {"a": [1, -2.5e1, "x\u00e9\ud83d\ude00"], "b": null} "#);
        r.begin_object().unwrap();
        assert_eq!(r.next_key().unwrap().as_deref(), Some("a"));
        r.begin_array().unwrap();
        assert!(r.next_element().unwrap());
        assert_eq!(r.i64().unwrap(), 1);
        assert!(r.next_element().unwrap());
        assert_eq!(r.f64().unwrap(), -25.0);
        assert!(r.next_element().unwrap());
        assert_eq!(r.string().unwrap(), "x\u{e9}\u{1f600}");
        assert!(!r.next_element().unwrap());
        assert_eq!(r.next_key().unwrap().as_deref(), Some("b"));
        assert!(r.null().unwrap());
        assert_eq!(r.next_key().unwrap(), None);
        r.end().unwrap();
    }

    #[test]
    fn epoch_seconds_read_back_exactly() {
        for (text, secs, nanos) in [
            ("1700000000.123", 1_700_000_000, 123_000_000),
            ("-0.5", -1, 500_000_000),
            ("253402300799.999", 253_402_300_799, 999_000_000),
            ("1.000000001", 1, 1),
            ("1.5e3", 1500, 0),
        ] {
            let expected = DateTime::from_secs_and_nanos(secs, nanos);
            assert_eq!(JsonReader::new(text.as_bytes()).epoch_seconds().unwrap(), expected, "{text}");
            assert_eq!(JsonReader::for_request(text.as_bytes()).epoch_seconds().unwrap(), expected, "{text}");
            let mut w = crate::json_write::JsonWriter::new(crate::json_write::KeyStyle::Wire);
            w.timestamp(&expected, Format::EpochSeconds);
            let written = w.finish().unwrap();
            assert_eq!(JsonReader::new(written.as_bytes()).epoch_seconds().unwrap(), expected, "{written}");
        }
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        let deep = "[".repeat(100_000);
        let cases: &[&[u8]] = &[
            b"",
            b"{",
            b"{\"a\"",
            b"{\"a\":}",
            b"[1,]",
            b"[1 2]",
            b"\"\\u12",
            b"\"\\ud800\"",
            b"\xff",
            b"-",
            b"1e",
            b"{\"a\":1,}",
            b"nul",
            deep.as_bytes(),
        ];
        for case in cases {
            let mut r = JsonReader::new(case);
            assert!(r.skip().and_then(|_| r.end()).is_err(), "{:?}", String::from_utf8_lossy(case));
        }
    }
}
