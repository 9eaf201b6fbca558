//! Constraint checking for inputs: every violation is collected with a JSON-pointer path built
//! from the model's member names, in the wording of `smithy.framework#ValidationException`.

use std::cmp::Ordering;
#[cfg(any(feature = "linear-patterns", feature = "backtracking-patterns"))]
use std::sync::OnceLock;

/// One constraint violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// JSON pointer to the value, e.g. `/UserStackAssociations/3/UserName`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every violation found in one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} constraint violation(s)", self.0.len())?;
        for e in &self.0 {
            write!(f, "; {}", e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Types whose values can be checked against the model's constraint traits.
pub trait Validate {
    /// Appends every violation under `path` to `errors`.
    fn validate_at(&self, path: &mut Path, errors: &mut Vec<ValidationError>);

    /// All violations, or `Ok` when there are none.
    fn validate(&self) -> Result<(), ValidationErrors>
    where
        Self: Sized,
    {
        validate_value(self)
    }
}

/// `Validate::validate`, compiled once rather than once per type.
pub fn validate_value(value: &dyn Validate) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    value.validate_at(&mut Path::default(), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

/// A JSON pointer under construction.
#[derive(Debug, Default)]
pub struct Path(String);

impl Path {
    pub fn push(&mut self, segment: &str) -> usize {
        let len = self.0.len();
        self.0.push('/');
        // RFC 6901 escaping; member names (nearly always) need none.
        if !segment.bytes().any(|b| b == b'~' || b == b'/') {
            self.0.push_str(segment);
            return len;
        }
        for c in segment.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        len
    }

    pub fn push_index(&mut self, index: usize) -> usize {
        let len = self.0.len();
        self.0.push('/');
        self.0.push_str(itoa::Buffer::new().format(index));
        len
    }

    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn violation(path: &Path, message: String) -> ValidationError {
    let pointer = if path.0.is_empty() { "/" } else { path.as_str() };
    ValidationError {
        path: pointer.to_owned(),
        message: format!("Value at '{pointer}' failed to satisfy constraint: {message}"),
    }
}

/// A `@length` violation, which names the length found (as Smithy's server frameworks do).
fn length_violation(path: &Path, length: u64, message: String) -> ValidationError {
    let pointer = if path.0.is_empty() { "/" } else { path.as_str() };
    ValidationError {
        path: pointer.to_owned(),
        message: format!("Value with length {length} at '{pointer}' failed to satisfy constraint: {message}"),
    }
}

/// "Member must not be null" for the required member at `pointer`.
pub fn not_null(pointer: &str) -> ValidationError {
    ValidationError {
        path: pointer.to_owned(),
        message: format!("Value at '{pointer}' failed to satisfy constraint: Member must not be null"),
    }
}

pub fn required(path: &mut Path, member: &str, errors: &mut Vec<ValidationError>) {
    let len = path.push(member);
    errors.push(violation(path, "Member must not be null".to_owned()));
    path.truncate(len);
}

/// `@length` on a string: counted in Unicode code points.
pub fn string_length(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    length(value.chars().count(), min, max, "length", path, errors);
}

/// `@length` on lists and maps (entries) and blobs (bytes). The message names the bound that
/// was crossed, as `smithy.framework#ValidationException` field messages do.
pub fn length(
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
    noun: &str,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let count = count as u64;
    let message = match (min, max) {
        (Some(min), Some(max)) if count < min || count > max => {
            format!("Member must have {noun} between {min} and {max}, inclusive")
        }
        (Some(min), None) if count < min => format!("Member must have {noun} greater than or equal to {min}"),
        (None, Some(max)) if count > max => format!("Member must have {noun} less than or equal to {max}"),
        _ => return,
    };
    errors.push(length_violation(path, count, message));
}

/// `@range` on float and double members, inclusive; bounds are kept as the model's text for the
/// message. NaN is in no range.
pub fn range(
    value: f64,
    min: Option<(f64, &str)>,
    max: Option<(f64, &str)>,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let below = |m: f64| value < m || value.is_nan();
    let above = |m: f64| value > m || value.is_nan();
    range_by(below, above, min, max, path, errors);
}

/// `@range` on byte, short, integer and long members, exactly (`f64` cannot tell 2^53 from
/// 2^53 + 1). The generator rounds fractional bounds inwards (`min: 1.5` is `2`).
pub fn range_integer(
    value: i128,
    min: Option<(i128, &str)>,
    max: Option<(i128, &str)>,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    range_by(|m| value < m, |m| value > m, min, max, path, errors);
}

/// `@range` on bigInteger and bigDecimal members: the value's text against the bounds' text,
/// compared exactly as decimal numbers (`decimal::compare`), whatever their size.
pub fn range_decimal(
    value: &str,
    min: Option<&str>,
    max: Option<&str>,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let Some(number) = crate::decimal::Decimal::parse(value) else {
        // The types refuse to hold such a value; said rather than assumed.
        errors.push(violation(path, format!("`{value}` is not a number")));
        return;
    };
    let order = |bound: &str| crate::decimal::Decimal::parse(bound).map(|bound| number.cmp(&bound));
    let below = |m: &str| order(m) == Some(Ordering::Less);
    let above = |m: &str| order(m) == Some(Ordering::Greater);
    range_by(below, above, min.map(|m| (m, m)), max.map(|m| (m, m)), path, errors);
}

/// The violation, if any, of a value that `below` places below `min` or `above` above `max`
/// (each bound with its text from the model).
fn range_by<B: Copy>(
    below: impl Fn(B) -> bool,
    above: impl Fn(B) -> bool,
    min: Option<(B, &str)>,
    max: Option<(B, &str)>,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let message = match (min, max) {
        (Some(lo), Some(hi)) if below(lo.0) || above(hi.0) => {
            format!("Member must be between {} and {}, inclusive", lo.1, hi.1)
        }
        (Some(lo), None) if below(lo.0) => format!("Member must be greater than or equal to {}", lo.1),
        (None, Some(hi)) if above(hi.0) => format!("Member must be less than or equal to {}", hi.1),
        _ => return,
    };
    errors.push(violation(path, message));
}

/// Where a generated crate keeps one compiled `@pattern` (a `static`, filled on first use).
#[cfg(feature = "linear-patterns")]
pub type PatternCell = OnceLock<Option<regex::Regex>>;

/// `@pattern`, checked by the `regex` crate's automata: time linear in the value, whatever a
/// peer sends. `source` is the generator's spelling of the pattern's ECMA-262 meaning in that
/// crate's syntax; messages quote `model_pattern`, the model's own text.
#[cfg(feature = "linear-patterns")]
pub fn pattern(
    value: &str,
    cell: &'static PatternCell,
    source: &str,
    model_pattern: &str,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    // The generator compiled every pattern with these limits, so `None` cannot happen; if it
    // did, reporting a violation is safer than silently accepting.
    let regex = cell.get_or_init(|| regex::Regex::new(source).ok());
    if !regex.as_ref().is_some_and(|r| r.is_match(value)) {
        errors.push(pattern_violation(path, model_pattern));
    }
}

/// Where a generated crate keeps one `@pattern` whose lookarounds at its edges are checked as
/// automata of their own, beside the rest of the pattern.
#[cfg(feature = "linear-patterns")]
pub type GuardedPatternCell = OnceLock<Option<regex::RegexSet>>;

/// `@pattern` with lookarounds where they are evaluated at one position only (after `^`, before
/// `$`): the rest of the pattern and each lookaround's body, anchored there, in one pass of a
/// `regex::RegexSet` (linear in the value); `parts` pairs each source with whether it must
/// match (the first, the rest of the pattern, does; a negative lookaround's must not).
#[cfg(feature = "linear-patterns")]
pub fn pattern_guarded(
    value: &str,
    cell: &'static GuardedPatternCell,
    parts: &[(&str, bool)],
    model_pattern: &str,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let set = cell.get_or_init(|| regex::RegexSet::new(parts.iter().map(|(source, _)| source)).ok());
    let matched = set.as_ref().is_some_and(|set| {
        let found = set.matches(value);
        parts.iter().enumerate().all(|(i, (_, must_match))| found.matched(i) == *must_match)
    });
    if !matched {
        errors.push(pattern_violation(path, model_pattern));
    }
}

/// Where a generated crate keeps one compiled `@pattern` that needs backtracking.
#[cfg(feature = "backtracking-patterns")]
pub type BacktrackingPatternCell = OnceLock<Option<regress::Regex>>;

/// `@pattern` with lookarounds or backreferences: an ECMA-262 search (not anchored) by a
/// backtracking engine, the only kind that has them.
#[cfg(feature = "backtracking-patterns")]
pub fn pattern_backtracking(
    value: &str,
    cell: &'static BacktrackingPatternCell,
    source: &str,
    flags: &str,
    model_pattern: &str,
    path: &Path,
    errors: &mut Vec<ValidationError>,
) {
    let regex = cell.get_or_init(|| regress::Regex::with_flags(source, flags).ok());
    let matched = regex.as_ref().is_some_and(|r| r.find(value).is_some());
    if !matched {
        errors.push(pattern_violation(path, model_pattern));
    }
}

#[cfg(any(feature = "linear-patterns", feature = "backtracking-patterns"))]
fn pattern_violation(path: &Path, model_pattern: &str) -> ValidationError {
    violation(path, format!("Member must satisfy regular expression pattern: {model_pattern}"))
}

/// Enum membership on input.
pub fn enum_value(value: &str, known: &[&str], path: &Path, errors: &mut Vec<ValidationError>) {
    if !known.contains(&value) {
        errors.push(violation(path, format!("Member must satisfy enum value set: [{}]", known.join(", "))));
    }
}

pub fn int_enum_value(value: i32, known: &[i32], path: &Path, errors: &mut Vec<ValidationError>) {
    if !known.contains(&value) {
        let known: Vec<String> = known.iter().map(i32::to_string).collect();
        errors.push(violation(path, format!("Member must satisfy enum value set: [{}]", known.join(", "))));
    }
}

/// `@uniqueItems`: in time linear in the list's size, as a hostile peer may send a long one.
/// Each item is reduced to its [`UniqueKey`] and the keys go through a hash set.
pub fn unique_items<T: UniqueKey>(items: &[T], path: &Path, errors: &mut Vec<ValidationError>) {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    let duplicate = items.iter().any(|item| {
        let mut key = Vec::new();
        item.unique_key(&mut key);
        !seen.insert(key)
    });
    if duplicate {
        errors.push(violation(path, "Member must have unique values".to_owned()));
    }
}

/// Bytes that identify a value for `@uniqueItems`: two values have the same key exactly when
/// they are equal. Every part is tagged and every variable-length part prefixed with its
/// length, so that concatenating the keys of a structure's members stays unambiguous. Floats
/// compare as numbers (`-0.0` is `0.0`; every NaN is one value, as in JSON text), and maps
/// regardless of their order. Generated code implements it for the structures, unions and
/// enums that `@uniqueItems` lists hold.
pub trait UniqueKey {
    fn unique_key(&self, key: &mut Vec<u8>);
}

fn tagged_bytes(tag: u8, bytes: &[u8], key: &mut Vec<u8>) {
    key.push(tag);
    key.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    key.extend_from_slice(bytes);
}

impl UniqueKey for str {
    fn unique_key(&self, key: &mut Vec<u8>) {
        tagged_bytes(b's', self.as_bytes(), key);
    }
}

impl UniqueKey for String {
    fn unique_key(&self, key: &mut Vec<u8>) {
        self.as_str().unique_key(key);
    }
}

impl UniqueKey for bool {
    fn unique_key(&self, key: &mut Vec<u8>) {
        key.extend_from_slice(&[b'b', u8::from(*self)]);
    }
}

macro_rules! integer_keys {
    ($($t:ty),*) => {$(
        impl UniqueKey for $t {
            fn unique_key(&self, key: &mut Vec<u8>) {
                key.push(b'i');
                key.extend_from_slice(&i64::from(*self).to_le_bytes());
            }
        }
    )*};
}
integer_keys!(i8, i16, i32, i64);

impl UniqueKey for f64 {
    fn unique_key(&self, key: &mut Vec<u8>) {
        let canonical = if *self == 0.0 {
            0.0
        } else if self.is_nan() {
            f64::NAN
        } else {
            *self
        };
        key.push(b'f');
        key.extend_from_slice(&canonical.to_bits().to_le_bytes());
    }
}

impl UniqueKey for f32 {
    fn unique_key(&self, key: &mut Vec<u8>) {
        f64::from(*self).unique_key(key);
    }
}

impl UniqueKey for aws_smithy_types::Blob {
    fn unique_key(&self, key: &mut Vec<u8>) {
        tagged_bytes(b'B', self.as_ref(), key);
    }
}

impl UniqueKey for aws_smithy_types::DateTime {
    fn unique_key(&self, key: &mut Vec<u8>) {
        key.push(b't');
        key.extend_from_slice(&self.secs().to_le_bytes());
        key.extend_from_slice(&self.subsec_nanos().to_le_bytes());
    }
}

impl UniqueKey for aws_smithy_types::BigInteger {
    fn unique_key(&self, key: &mut Vec<u8>) {
        tagged_bytes(b'I', self.as_ref().as_bytes(), key);
    }
}

impl UniqueKey for aws_smithy_types::BigDecimal {
    fn unique_key(&self, key: &mut Vec<u8>) {
        tagged_bytes(b'D', self.as_ref().as_bytes(), key);
    }
}

impl UniqueKey for aws_smithy_types::Document {
    fn unique_key(&self, key: &mut Vec<u8>) {
        use aws_smithy_types::{Document, Number};
        match self {
            Document::Object(map) => map.unique_key(key),
            Document::Array(items) => items.unique_key(key),
            Document::Number(Number::PosInt(n)) => {
                key.push(b'u');
                key.extend_from_slice(&n.to_le_bytes());
            }
            // A negative integer is never equal to a positive one: its own tag is enough.
            Document::Number(Number::NegInt(n)) => n.unique_key(key),
            Document::Number(Number::Float(f)) => f.unique_key(key),
            Document::String(s) => s.unique_key(key),
            Document::Bool(b) => b.unique_key(key),
            Document::Null => key.push(b'n'),
        }
    }
}

impl<T: UniqueKey> UniqueKey for Option<T> {
    fn unique_key(&self, key: &mut Vec<u8>) {
        match self {
            None => key.push(b'0'),
            Some(value) => {
                key.push(b'1');
                value.unique_key(key);
            }
        }
    }
}

impl<T: UniqueKey + ?Sized> UniqueKey for Box<T> {
    fn unique_key(&self, key: &mut Vec<u8>) {
        (**self).unique_key(key);
    }
}

impl<T: UniqueKey> UniqueKey for Vec<T> {
    fn unique_key(&self, key: &mut Vec<u8>) {
        key.push(b'[');
        key.extend_from_slice(&(self.len() as u64).to_le_bytes());
        self.iter().for_each(|item| item.unique_key(key));
    }
}

/// Map keys are strings or enums, both ordered: entries are keyed in key order.
impl<K: UniqueKey + Ord, V: UniqueKey, S> UniqueKey for std::collections::HashMap<K, V, S> {
    fn unique_key(&self, key: &mut Vec<u8>) {
        let mut entries: Vec<(&K, &V)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        key.push(b'{');
        key.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (k, v) in entries {
            k.unique_key(key);
            v.unique_key(key);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &mut Path, errors: &mut Vec<ValidationError>) {
        (**self).validate_at(path, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicates<T: UniqueKey>(items: &[T]) -> bool {
        let mut errors = Vec::new();
        unique_items(items, &Path::default(), &mut errors);
        !errors.is_empty()
    }

    #[test]
    fn unique_items_compares_values() {
        assert!(!duplicates(&["a".to_owned(), "b".to_owned()]));
        assert!(duplicates(&["a".to_owned(), "b".to_owned(), "a".to_owned()]));
        // Keys of parts do not run into each other.
        assert!(!duplicates(&[vec!["ab".to_owned(), "c".to_owned()], vec!["a".to_owned(), "bc".to_owned()]]));
        assert!(!duplicates(&[Some(0i32), None]));
        assert!(duplicates(&[0.0f64, -0.0]), "-0.0 is 0.0");
        assert!(duplicates(&[f64::NAN, -f64::NAN]), "one NaN, as in JSON text");
        assert!(!duplicates(&[1i32, 2, 3]));
        let a: std::collections::HashMap<String, i32> = [("x".into(), 1), ("y".into(), 2)].into();
        let b: std::collections::HashMap<String, i32> = [("y".into(), 2), ("x".into(), 1)].into();
        assert!(duplicates(&[a.clone(), b]), "maps regardless of order");
        let c: std::collections::HashMap<String, i32> = [("x".into(), 1)].into();
        assert!(!duplicates(&[a, c]));
        use aws_smithy_types::{Document, Number};
        assert!(!duplicates(&[Document::Number(Number::PosInt(1)), Document::Number(Number::NegInt(1))]));
        assert!(duplicates(&[Document::String("x".into()), Document::String("x".into())]));
    }

    #[test]
    fn path_segments_are_escaped_as_rfc_6901_says() {
        // RFC 6901, section 5: "a/b" is "/a~1b" and "m~n" is "/m~0n".
        let mut path = Path::default();
        path.push("tags");
        let len = path.push("a/b");
        assert_eq!(path.as_str(), "/tags/a~1b");
        path.truncate(len);
        path.push("m~n");
        path.push_index(3);
        assert_eq!(path.as_str(), "/tags/m~0n/3");
    }

    #[test]
    fn messages_follow_the_validation_exception_wording() {
        let mut path = Path::default();
        path.push("email");
        let mut errors = Vec::new();
        string_length(&"é".repeat(321), None, Some(320), &path, &mut errors);
        string_length(&"é".repeat(320), None, Some(320), &path, &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "/email");
        assert_eq!(
            errors[0].message,
            "Value with length 321 at '/email' failed to satisfy constraint: Member must have length less than or equal to 320"
        );
    }

    /// The wording of the protocol suite's `RestJsonMalformedLength*` and
    /// `RestJsonMalformedRange*` cases.
    #[test]
    fn both_bounds_are_named_together_as_the_suite_words_them() {
        let mut path = Path::default();
        path.push("string");
        let mut errors = Vec::new();
        string_length("a", Some(2), Some(8), &path, &mut errors);
        range(9.0, Some((2.0, "2")), Some((8.0, "8")), &path, &mut errors);
        range(2.1, Some((2.2, "2.2")), None, &path, &mut errors);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Value with length 1 at '/string' failed to satisfy constraint: Member must have length between 2 and 8, inclusive",
                "Value at '/string' failed to satisfy constraint: Member must be between 2 and 8, inclusive",
                "Value at '/string' failed to satisfy constraint: Member must be greater than or equal to 2.2",
            ]
        );
    }

    #[test]
    fn integer_ranges_are_exact_beyond_what_f64_holds() {
        let path = Path::default();
        let mut errors = Vec::new();
        let max = Some((9_007_199_254_740_992, "9007199254740992"));
        range_integer(9_007_199_254_740_992, None, max, &path, &mut errors);
        assert!(errors.is_empty());
        // As f64 both are 2^53: only an exact comparison sees this one above the bound.
        range_integer(9_007_199_254_740_993, None, max, &path, &mut errors);
        range_integer(i128::from(i64::MIN), Some((-5, "-5")), Some((5, "5")), &path, &mut errors);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Value at '/' failed to satisfy constraint: Member must be less than or equal to 9007199254740992",
                "Value at '/' failed to satisfy constraint: Member must be between -5 and 5, inclusive",
            ]
        );
    }

    #[test]
    fn big_number_ranges_compare_the_numbers_not_the_text() {
        let path = Path::default();
        let mut errors = Vec::new();
        let inside = ["0.5", "5e-1", "2.25", "1", "10e-1", "2.2499999999999999999999999"];
        for value in inside {
            range_decimal(value, Some("0.5"), Some("2.25"), &path, &mut errors);
        }
        assert!(errors.is_empty(), "{errors:?}");
        let outside = ["0.4999999999999999999999", "2.2500000000000000000001", "-1", "1e400", "-1e400"];
        for value in outside {
            range_decimal(value, Some("0.5"), Some("2.25"), &path, &mut errors);
        }
        assert_eq!(errors.len(), outside.len(), "{errors:?}");
        errors.clear();
        range_decimal("92233720368547758070", None, Some("9223372036854775807"), &path, &mut errors);
        range_decimal("not a number", Some("0"), None, &path, &mut errors);
        assert_eq!(errors.len(), 2, "{errors:?}");
    }
}
