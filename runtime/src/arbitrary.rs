//! Values for property tests and fuzzing (feature `arbitrary`): what the `Arbitrary` impls of
//! generated crates are made of.
//!
//! Every helper draws from the bytes of an [`Unstructured`], favours the edges of its type
//! (NaN, the infinities, signed zeros and subnormals; integer limits; empty and all-byte-values
//! blobs; strings with quotes, backslashes, control and astral-plane characters) and returns
//! only values that the wire format they travel in carries exactly: what a generated serializer
//! writes, the matching reader reads back equal. That is what makes a round trip a test:
//!
//! - JSON strings: any text. Header values: visible ASCII with inner spaces (what HTTP carries
//!   as text), not empty (an empty string is not sent). URI labels: any text but the empty one.
//! - Timestamps, per `@timestampFormat`: `epoch-seconds` whole seconds up to ±2^53 and
//!   milliseconds over years 0001 to 9999; `date-time` milliseconds over years 0001 to 9999;
//!   `http-date` whole seconds over the same years.
//! - Documents: not null themselves (a `null` member is absent), no NaN or infinity (JSON has
//!   none), integers as `PosInt` when not negative and `NegInt` when negative, floats only when
//!   not integral (`1.0` is written `1` and reads back as an integer).
//! - bigInteger and bigDecimal: JSON number text.
//!
//! Draws stop nesting deeper than [`MAX_NESTING`] aggregates (structures, unions, lists, maps,
//! documents: see [`Nesting`]), so recursive shapes stay within what a reader accepts
//! (`json_read::MAX_DEPTH`) and every draw ends. When the bytes run out, draws take their
//! first, smallest choice (`None`, empty, zero).

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::Hash;

use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document, Number};

pub use arbitrary::{Arbitrary, Error, Result, Unstructured};

/// How many aggregates deep a drawn value may nest: optional members, collections, documents
/// and the choice of union members stop growing there.
pub const MAX_NESTING: usize = 32;

thread_local! {
    static NESTING: Cell<usize> = const { Cell::new(0) };
}

/// One level of nesting while it lives: generated impls of structures and unions, and the
/// collection helpers here, hold one while they draw their contents.
#[derive(Debug)]
pub struct Nesting(());

impl Nesting {
    pub fn enter() -> Nesting {
        NESTING.with(|n| n.set(n.get() + 1));
        Nesting(())
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// True when values drawn now must not nest further.
pub fn too_deep() -> bool {
    NESTING.with(Cell::get) >= MAX_NESTING
}

/// `None` or `Some` of a drawn value (`None` when too deep or out of bytes).
pub fn option<'a, T>(
    u: &mut Unstructured<'a>,
    value: impl FnOnce(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Option<T>> {
    if too_deep() || !u.arbitrary::<bool>()? {
        return Ok(None);
    }
    value(u).map(Some)
}

/// The length of a drawn collection: mostly 0 to 3, sometimes up to 8.
fn length(u: &mut Unstructured<'_>, min: usize) -> Result<usize> {
    let len = match u.int_in_range(0u8..=15)? {
        n @ 0..=11 => usize::from(n / 3),
        n => usize::from(n) - 8 + usize::from(u.int_in_range(0u8..=4)?),
    };
    Ok(len.max(min))
}

/// A list of drawn items (empty when too deep).
pub fn vec<'a, T>(
    u: &mut Unstructured<'a>,
    item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    list(u, 0, item)
}

/// A list of at least one item: lists in headers and query strings, where an empty list is
/// not sent at all.
pub fn vec1<'a, T>(
    u: &mut Unstructured<'a>,
    item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    list(u, 1, item)
}

fn list<'a, T>(
    u: &mut Unstructured<'a>,
    min: usize,
    mut item: impl FnMut(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let _nesting = Nesting::enter();
    let len = if too_deep() { min } else { length(u, min)? };
    (0..len).map(|_| item(&mut *u)).collect()
}

/// A map of drawn entries (a key drawn twice keeps its last value).
pub fn map<'a, K: Eq + Hash, V>(
    u: &mut Unstructured<'a>,
    key: impl FnMut(&mut Unstructured<'a>) -> Result<K>,
    value: impl FnMut(&mut Unstructured<'a>) -> Result<V>,
) -> Result<HashMap<K, V>> {
    entries(u, 0, key, value)
}

/// A map of at least one entry: `@httpQueryParams` and `@httpPrefixHeaders`, where an empty
/// map is not sent at all.
pub fn map1<'a, K: Eq + Hash, V>(
    u: &mut Unstructured<'a>,
    key: impl FnMut(&mut Unstructured<'a>) -> Result<K>,
    value: impl FnMut(&mut Unstructured<'a>) -> Result<V>,
) -> Result<HashMap<K, V>> {
    entries(u, 1, key, value)
}

fn entries<'a, K: Eq + Hash, V>(
    u: &mut Unstructured<'a>,
    min: usize,
    mut key: impl FnMut(&mut Unstructured<'a>) -> Result<K>,
    mut value: impl FnMut(&mut Unstructured<'a>) -> Result<V>,
) -> Result<HashMap<K, V>> {
    let _nesting = Nesting::enter();
    let len = if too_deep() { min } else { length(u, min)? };
    let mut map = HashMap::with_capacity(len);
    while map.len() < len {
        let k = key(&mut *u)?;
        let v = value(&mut *u)?;
        // Out of bytes every key is the same: stop rather than loop.
        if map.insert(k, v).is_some() && u.is_empty() {
            break;
        }
    }
    Ok(map)
}

/// Which member of a union: any of `count`, or when too deep one of `shallow` (the members
/// that can end the nesting), when there are such.
pub fn variant(u: &mut Unstructured<'_>, count: usize, shallow: &[usize]) -> Result<usize> {
    if too_deep() && !shallow.is_empty() {
        return Ok(shallow[u.choose_index(shallow.len())?]);
    }
    u.choose_index(count.max(1))
}

/// An enum's value: one the model defines or, less often, another one (`Unknown`), drawn with
/// `unknown` and changed until it is none of `values`.
pub fn string_enum<'a, T: From<String>>(
    u: &mut Unstructured<'a>,
    values: &[&str],
    unknown: impl FnOnce(&mut Unstructured<'a>) -> Result<String>,
) -> Result<T> {
    let index = u.choose_index(values.len() + 1)?;
    if let Some(known) = values.get(index) {
        return Ok(T::from((*known).to_owned()));
    }
    let mut value = unknown(u)?;
    while values.contains(&value.as_str()) {
        value.push('x');
    }
    Ok(T::from(value))
}

/// An intEnum's value: one the model defines or, less often, another one (`Unknown`).
pub fn int_enum<T: From<i32>>(u: &mut Unstructured<'_>, values: &[i32]) -> Result<T> {
    let index = u.choose_index(values.len() + 1)?;
    if let Some(known) = values.get(index) {
        return Ok(T::from(*known));
    }
    let mut value = integer(u)?;
    while values.contains(&value) {
        value = value.wrapping_add(1);
    }
    Ok(T::from(value))
}

/// True one time in `n` (never when out of bytes).
fn one_in(u: &mut Unstructured<'_>, n: u8) -> Result<bool> {
    Ok(u.int_in_range(1..=n)? == n)
}

/// `Some(edges[i])` for a drawn `i` a quarter of the time; `None` otherwise (draw anything).
fn edge<T: Copy>(u: &mut Unstructured<'_>, edges: &[T]) -> Result<Option<T>> {
    if one_in(u, 4)? {
        return Ok(Some(edges[u.choose_index(edges.len())?]));
    }
    Ok(None)
}

pub fn boolean(u: &mut Unstructured<'_>) -> Result<bool> {
    u.arbitrary()
}

macro_rules! integers {
    ($($name:ident: $t:ty;)*) => {$(
        /// Any value, its limits and 0, ±1 more often.
        pub fn $name(u: &mut Unstructured<'_>) -> Result<$t> {
            match edge(u, &[0, 1, -1, <$t>::MIN, <$t>::MAX, <$t>::MIN + 1, <$t>::MAX - 1])? {
                Some(value) => Ok(value),
                None => u.arbitrary(),
            }
        }
    )*};
}

integers! {
    byte: i8;
    short: i16;
    integer: i32;
    long: i64;
}

/// An `@httpResponseCode` value: a success status, which the client reads as the output.
pub fn status_code(u: &mut Unstructured<'_>) -> Result<i32> {
    u.int_in_range(200..=299)
}

const F64_EDGES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.1,
    -2.5,
    1e15,
    -1e15,
    999_999_999_999_999.0,
    1e15 + 0.5,
    9_007_199_254_740_992.0,
    1e21,
    1e-7,
    f64::EPSILON,
    f64::MIN_POSITIVE,
    f64::MAX,
    f64::MIN,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

/// A double: anything (any bit pattern), or an edge: NaN, ±infinity, ±0, the smallest and
/// largest subnormals, `MIN_POSITIVE`, `MIN`, `MAX`, where JSON writers switch notation.
pub fn double(u: &mut Unstructured<'_>) -> Result<f64> {
    if one_in(u, 3)? {
        let subnormals = [f64::from_bits(1), -f64::from_bits(1), f64::from_bits(0x000F_FFFF_FFFF_FFFF)];
        if one_in(u, 6)? {
            return Ok(subnormals[u.choose_index(subnormals.len())?]);
        }
        return Ok(F64_EDGES[u.choose_index(F64_EDGES.len())?]);
    }
    Ok(f64::from_bits(u.arbitrary()?))
}

const F32_EDGES: &[f32] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    1.1,
    16_777_216.0,
    1e15,
    3.4e38,
    f32::EPSILON,
    f32::MIN_POSITIVE,
    f32::MAX,
    f32::MIN,
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
];

/// A float: anything, or an edge as for [`double`].
pub fn float(u: &mut Unstructured<'_>) -> Result<f32> {
    if one_in(u, 3)? {
        let subnormals = [f32::from_bits(1), -f32::from_bits(1), f32::from_bits(0x007F_FFFF)];
        if one_in(u, 6)? {
            return Ok(subnormals[u.choose_index(subnormals.len())?]);
        }
        return Ok(F32_EDGES[u.choose_index(F32_EDGES.len())?]);
    }
    Ok(f32::from_bits(u.arbitrary()?))
}

/// Decimal digits, the first not `0` unless it is the only one.
fn digits(u: &mut Unstructured<'_>, out: &mut String) -> Result<()> {
    let count = match u.int_in_range(0u8..=3)? {
        0 => 1,
        1 => usize::from(u.int_in_range(1u8..=19)?),
        2 => usize::from(u.int_in_range(19u8..=21)?),
        _ => usize::from(u.int_in_range(1u8..=60)?),
    };
    for i in 0..count {
        let low = if i == 0 && count > 1 { 1 } else { 0 };
        out.push(char::from(b'0' + u.int_in_range(low..=9u8)?));
    }
    Ok(())
}

/// A bigInteger: `-?digits`, beyond 64 bits at times.
pub fn big_integer(u: &mut Unstructured<'_>) -> Result<BigInteger> {
    let mut text = String::new();
    if u.arbitrary()? {
        text.push('-');
    }
    digits(u, &mut text)?;
    text.parse().map_err(|_| Error::IncorrectFormat)
}

/// A bigDecimal as JSON writes numbers: `-?digits(.digits)?([eE][+-]?digits)?`.
pub fn big_decimal(u: &mut Unstructured<'_>) -> Result<BigDecimal> {
    let mut text = String::new();
    if u.arbitrary()? {
        text.push('-');
    }
    digits(u, &mut text)?;
    if u.arbitrary()? {
        text.push('.');
        for _ in 0..u.int_in_range(1u8..=20)? {
            text.push(char::from(b'0' + u.int_in_range(0..=9u8)?));
        }
    }
    if one_in(u, 3)? {
        text.push(*u.choose(&['e', 'E'])?);
        let sign = *u.choose(&["", "+", "-"])?;
        text.push_str(sign);
        text.push_str(&u.int_in_range(0u16..=400)?.to_string());
    }
    text.parse().map_err(|_| Error::IncorrectFormat)
}

/// Characters where text handling breaks: JSON escapes, controls, the edges of the UTF-8
/// encodings and the BMP, surrogate neighbours, non-characters, astral planes, characters
/// URIs and headers give meaning to.
#[rustfmt::skip]
const EDGE_CHARS: &[char] = &[
    '"', '\\', '/', '\n', '\r', '\t', '\u{0}', '\u{1}', '\u{8}', '\u{c}', '\u{1f}', '\u{7f}', '\u{80}',
    '\u{a0}', 'é', '\u{7ff}', '\u{800}', '\u{2028}', '\u{2029}', '\u{d7ff}', '\u{e000}', '\u{feff}',
    '\u{fffd}', '\u{ffff}', '\u{10000}', '\u{1f600}', '\u{10ffff}', ' ', '%', '+', '&', '=', '?', '#',
    ',', ';', ':', '~', '\'', '<', '>', '{', '}', '[', ']', '*', '.',
];

/// Whole strings that mean something else somewhere: JSON literals, number texts, escapes.
#[rustfmt::skip]
const EDGE_STRINGS: &[&str] = &[
    "null", "true", "false", "NaN", "Infinity", "-Infinity", "0", "-0", "1e5", "\\u0000", "\\\"", "%20",
    "%", "{}", "[]", "..", "a b",
];

/// Any string: empty, edge strings, and runs of edge, ASCII and arbitrary characters.
pub fn string(u: &mut Unstructured<'_>) -> Result<String> {
    let mut text = String::new();
    match u.int_in_range(0u8..=7)? {
        0 => {}
        1 => text.push_str(EDGE_STRINGS[u.choose_index(EDGE_STRINGS.len())?]),
        _ => {
            for _ in 0..u.int_in_range(1u8..=12)? {
                text.push(match u.int_in_range(0u8..=3)? {
                    0 => EDGE_CHARS[u.choose_index(EDGE_CHARS.len())?],
                    1 => u.arbitrary()?,
                    _ => char::from(u.int_in_range(0x20u8..=0x7e)?),
                });
            }
        }
    }
    Ok(text)
}

/// A header value: visible ASCII with inner spaces (HTTP's field-content as text), with the
/// characters header lists give meaning to (`,`, `"`, `\`) often. Never empty: an empty
/// string is not sent as a header.
pub fn header_string(u: &mut Unstructured<'_>) -> Result<String> {
    const SPECIAL: &[u8] = b",\"\\;=: ()<>@/[]?{}'";
    let count = u.int_in_range(1u8..=12)?;
    let mut text = String::new();
    for i in 0..count {
        let outer = i == 0 || i + 1 == count;
        let byte = match u.int_in_range(0u8..=3)? {
            0 => SPECIAL[u.choose_index(SPECIAL.len())?],
            _ => u.int_in_range(0x20u8..=0x7e)?,
        };
        // No whitespace at either end: HTTP does not keep it.
        text.push(char::from(if byte == b' ' && outer { b'_' } else { byte }));
    }
    Ok(text)
}

/// A URI label value: any string but the empty one.
pub fn label_string(u: &mut Unstructured<'_>) -> Result<String> {
    let mut text = string(u)?;
    if text.is_empty() {
        text.push(char::from(u.int_in_range(0x21u8..=0x7e)?));
    }
    Ok(text)
}

/// An `@httpPayload` string: any string but the empty one, which is no payload at all.
pub fn payload_string(u: &mut Unstructured<'_>) -> Result<String> {
    label_string(u)
}

/// An `@httpPayload` blob: any blob but the empty one, which is no payload at all.
pub fn payload_blob(u: &mut Unstructured<'_>) -> Result<Blob> {
    let blob = blob(u)?;
    if blob.as_ref().is_empty() {
        return Ok(Blob::new(vec![u.arbitrary::<u8>()?]));
    }
    Ok(blob)
}

/// The rest of a header name after an `@httpPrefixHeaders` prefix: a lower-case token.
pub fn header_name_suffix(u: &mut Unstructured<'_>) -> Result<String> {
    const TOKEN: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~";
    let mut name = String::new();
    for _ in 0..u.int_in_range(1u8..=8)? {
        name.push(char::from(TOKEN[u.choose_index(TOKEN.len())?]));
    }
    Ok(name)
}

/// A key of an `@httpQueryParams` map: any string but the empty one and the `reserved`
/// parameter names (the input's `@httpQuery` members and the URI's query literals), which
/// the map cannot carry.
pub fn query_key(u: &mut Unstructured<'_>, reserved: &[&str]) -> Result<String> {
    let mut key = label_string(u)?;
    while reserved.contains(&key.as_str()) {
        key.push('_');
    }
    Ok(key)
}

/// A blob: empty, every byte value in order, or drawn bytes.
pub fn blob(u: &mut Unstructured<'_>) -> Result<Blob> {
    Ok(Blob::new(match u.int_in_range(0u8..=5)? {
        0 => Vec::new(),
        1 => (0..=255).collect(),
        _ => {
            let len = usize::from(u.int_in_range(1u8..=64)?).min(u.len());
            u.bytes(len)?.to_vec()
        }
    }))
}

/// 0001-01-01T00:00:00Z.
const YEAR_1: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z.
const YEAR_9999_END: i64 = 253_402_300_799;

/// Seconds at the edges of the calendar and of integer widths, each also one second earlier.
const EDGE_SECONDS: &[i64] = &[
    0,
    YEAR_1,
    YEAR_9999_END,
    951_782_400,   // 2000-02-29, a leap day
    2_147_483_647, // 2038-01-19, i32::MAX
    -2_147_483_648,
    4_294_967_296,
    1_700_000_000,
];

/// Whole seconds in `YEAR_1..=YEAR_9999_END`, edges often.
fn calendar_seconds(u: &mut Unstructured<'_>) -> Result<i64> {
    let secs = match edge(u, EDGE_SECONDS)? {
        Some(secs) => secs - i64::from(u.arbitrary::<bool>()?),
        None => u.int_in_range(YEAR_1..=YEAR_9999_END)?,
    };
    Ok(secs.clamp(YEAR_1, YEAR_9999_END))
}

/// Milliseconds (as nanoseconds): often none, at times the extremes.
fn millis(u: &mut Unstructured<'_>) -> Result<u32> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => 0,
        1 => *u.choose(&[1, 999, 500])? * 1_000_000,
        _ => u.int_in_range(0u32..=999)? * 1_000_000,
    })
}

/// An `epoch-seconds` timestamp: whole seconds up to ±2^53 (a double's integers), or
/// milliseconds over years 0001 to 9999.
pub fn epoch_seconds(u: &mut Unstructured<'_>) -> Result<DateTime> {
    const LIMIT: i64 = 1 << 53;
    if one_in(u, 8)? {
        let secs = *u.choose(&[LIMIT, -LIMIT, LIMIT - 1, -LIMIT + 1])?;
        return Ok(DateTime::from_secs(secs));
    }
    Ok(DateTime::from_secs_and_nanos(calendar_seconds(u)?, millis(u)?))
}

/// A `date-time` timestamp: milliseconds over years 0001 to 9999.
pub fn date_time(u: &mut Unstructured<'_>) -> Result<DateTime> {
    Ok(DateTime::from_secs_and_nanos(calendar_seconds(u)?, millis(u)?))
}

/// An `http-date` timestamp: whole seconds over years 0001 to 9999.
pub fn http_date(u: &mut Unstructured<'_>) -> Result<DateTime> {
    Ok(DateTime::from_secs(calendar_seconds(u)?))
}

/// A document: booleans, strings, numbers as JSON reads them back, small arrays and objects,
/// and inside those, null. Not null itself: a member, list item or map value that is `null`
/// on the wire is absent (or its `@default`), not a null document.
pub fn document(u: &mut Unstructured<'_>) -> Result<Document> {
    document_value(u, false)
}

fn document_inside(u: &mut Unstructured<'_>) -> Result<Document> {
    document_value(u, true)
}

fn document_value(u: &mut Unstructured<'_>, null: bool) -> Result<Document> {
    let _nesting = Nesting::enter();
    let kinds = if too_deep() { 5 } else { 7 };
    Ok(match u.choose_index(kinds)? {
        0 if null => Document::Null,
        0 => Document::Bool(false),
        1 => Document::Bool(u.arbitrary()?),
        2 => Document::String(string(u)?),
        // Integers read back as `PosInt` when not negative, `NegInt` when negative.
        3 => Document::Number(match long(u)? {
            n if n < 0 => Number::NegInt(n),
            _ if one_in(u, 4)? => Number::PosInt(u64::MAX),
            n => Number::PosInt(n.unsigned_abs()),
        }),
        4 => {
            let mut value = double(u)?;
            // JSON has no NaN or infinity, and writes integral floats as integers.
            if !value.is_finite() || (value.fract() == 0.0 && value.abs() < 1e15) {
                value = 0.5 + f64::from(u.arbitrary::<i16>()?);
            }
            Document::Number(Number::Float(value))
        }
        5 => Document::Array(vec(u, document_inside)?),
        _ => Document::Object(map(u, string, document_inside)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws<T>(seed: u8, mut draw: impl FnMut(&mut Unstructured<'_>) -> Result<T>) -> Vec<T> {
        // xorshift64: bytes that look random, the same every run.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(seed);
        let data: Vec<u8> = (0..8192)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        let mut u = Unstructured::new(&data);
        (0..200).filter_map(|_| draw(&mut u).ok()).collect()
    }

    #[test]
    fn out_of_bytes_every_draw_takes_its_smallest_choice() {
        let mut u = Unstructured::new(&[]);
        assert_eq!(option(&mut u, string).unwrap(), None);
        assert_eq!(vec(&mut u, string).unwrap(), Vec::<String>::new());
        assert_eq!(vec1(&mut u, integer).unwrap(), vec![0]);
        assert_eq!(string(&mut u).unwrap(), "");
        assert_eq!(map1(&mut u, string, integer).unwrap().len(), 1);
        assert_eq!(document(&mut u).unwrap(), Document::Bool(false));
    }

    #[test]
    fn nesting_stops_collections_and_options() {
        let guards: Vec<Nesting> = (0..MAX_NESTING).map(|_| Nesting::enter()).collect();
        assert!(too_deep());
        let mut u = Unstructured::new(&[0xff; 64]);
        assert_eq!(option(&mut u, integer).unwrap(), None);
        assert!(vec(&mut u, integer).unwrap().is_empty());
        assert_eq!(variant(&mut u, 5, &[3]).unwrap(), 3);
        drop(guards);
        assert!(!too_deep());
    }

    #[test]
    fn header_strings_are_visible_ascii_without_outer_spaces() {
        for text in draws(1, header_string) {
            assert!(text.bytes().all(|b| (0x20..0x7f).contains(&b)), "{text:?}");
            assert_eq!(text.trim(), text);
            assert!(!text.is_empty());
        }
        assert!(draws(2, label_string).iter().all(|t| !t.is_empty()));
    }

    #[test]
    fn enums_draw_known_and_unknown_values() {
        let values = ["a", "b"];
        let drawn: Vec<String> = draws(3, |u| string_enum::<String>(u, &values, string));
        assert!(drawn.iter().any(|v| v == "a") && drawn.iter().any(|v| v == "b"));
        assert!(drawn.iter().any(|v| !values.contains(&v.as_str())));
        let ints: Vec<i32> = draws(4, |u| int_enum::<i32>(u, &[1, 2]));
        assert!(ints.contains(&1) && ints.iter().any(|v| *v != 1 && *v != 2));
    }

    #[test]
    fn timestamps_keep_to_their_formats() {
        for t in draws(5, http_date) {
            assert_eq!(t.subsec_nanos(), 0);
            assert!((YEAR_1..=YEAR_9999_END).contains(&t.secs()));
        }
        for t in draws(6, date_time) {
            assert_eq!(t.subsec_nanos() % 1_000_000, 0);
            assert!((YEAR_1..=YEAR_9999_END).contains(&t.secs()));
        }
        for t in draws(7, epoch_seconds) {
            assert_eq!(t.subsec_nanos() % 1_000_000, 0);
            assert!(t.secs().unsigned_abs() <= 1 << 53);
        }
    }

    #[test]
    fn numbers_are_json_number_text() {
        for n in draws(8, big_decimal) {
            let text = n.as_ref();
            let body = text.strip_prefix('-').unwrap_or(text);
            assert!(body.starts_with(|c: char| c.is_ascii_digit()), "{text}");
            assert!(
                !body.starts_with('0') || body.len() == 1 || !body.as_bytes()[1].is_ascii_digit(),
                "{text}"
            );
        }
        fn numbers(d: &Document) {
            match d {
                Document::Number(Number::Float(f)) => {
                    assert!(f.is_finite() && (f.fract() != 0.0 || f.abs() >= 1e15), "{f}")
                }
                Document::Number(Number::NegInt(n)) => assert!(*n < 0),
                Document::Array(items) => items.iter().for_each(numbers),
                Document::Object(entries) => entries.values().for_each(numbers),
                _ => {}
            }
        }
        let documents = draws(9, document);
        documents.iter().for_each(numbers);
        assert!(documents.iter().all(|d| *d != Document::Null));
    }

    #[test]
    fn floats_reach_their_edges() {
        let doubles = draws(10, double);
        assert!(doubles.iter().any(|f| f.is_nan()));
        assert!(doubles.iter().any(|f| *f == 0.0 && f.is_sign_negative()));
        assert!(doubles.iter().any(|f| f.is_infinite()));
        let blobs = draws(11, blob);
        assert!(blobs.iter().any(|b| b.as_ref().len() == 256));
    }
}
