//! Validation cases built from the model (read with `codegen::load_model`), independently of
//! the generated code: for an operation input, JSON keyed by member names (what `cli-json`'s
//! `input_from_json` reads) that satisfies every constraint of the model, and variants of it
//! that break exactly one, with the JSON pointer of the violation expected.
//!
//! What the cases hold to, from the Smithy specification: a member's constraint trait takes
//! precedence over its target's; `@length` counts Unicode code points in strings, bytes in
//! blobs, entries in lists and maps; `@range` bounds numbers inclusively; `@pattern` matches
//! anywhere in the string unless anchored; `@uniqueItems` lists hold no two equal items; enum
//! values are the model's; `@required` members of `@input` structures (and `@clientOptional`
//! ones) may be absent from a value only as a violation (other required members are never
//! absent from a typed value, so they cannot be broken that way). A map key that breaks a
//! constraint is reported at the map, a value at its key; list items at their index.
//!
//! Patterns: strings that match one are drawn from the pattern's meaning as the generator
//! decides it (`codegen::patterns`, itself held to `java.util.regex` by its own tests), spelled
//! for the `regex` crate (with lookarounds at the pattern's edges, from the rest of it, and
//! checked with the ECMA-262 engine); patterns only a backtracking engine runs (other
//! lookarounds, backreferences) are not drawn for, and an operation whose input needs one is
//! left out (the count is printed).
//! Integer bounds are read exactly where the model's JSON number is an integer (2^53 + 1 is not
//! 2^53), fractional ones rounded inwards; bigInteger values beyond `i64` are written as JSON
//! integers of `u64`.

use arbitrary::Unstructured;
use codegen::model::{Member, Model, Shape, ShapeId, ShapeKind, SimpleType};
use codegen::patterns::Automaton;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value};

/// One validation case: an operation's input as JSON, and the violations expected.
#[derive(Debug, Clone)]
pub struct Case {
    pub module: String,
    pub operation: String,
    pub input: Value,
    pub violations: Vec<String>,
    /// What the case is, for failure messages.
    pub what: String,
}

/// Optional members and list items stop being drawn this deep.
const MAX_DEPTH: usize = 5;
/// Breaks tried per drawn input.
const BREAKS_PER_INPUT: usize = 6;

type Draw<T> = arbitrary::Result<T>;

/// Where in a value: an object key or a list index.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// What breaking does at its location.
#[derive(Debug, Clone)]
enum Action {
    Replace(Value),
    /// Remove this member of the object at the location.
    Remove(String),
    /// Rename this key of the map (object) at the location.
    RenameKey(String, String),
}

/// One way to break a valid value in exactly one constraint.
#[derive(Debug, Clone)]
struct Break {
    location: Vec<Seg>,
    action: Action,
    /// Where the violation is reported.
    at: Vec<Seg>,
    what: String,
}

impl Break {
    fn here(action: Action, what: impl Into<String>) -> Break {
        Break { location: Vec::new(), action, at: Vec::new(), what: what.into() }
    }

    fn under(mut self, seg: Seg) -> Break {
        self.location.insert(0, seg.clone());
        self.at.insert(0, seg);
        self
    }
}

fn pointer(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    if out.is_empty() {
        "/".to_owned()
    } else {
        out
    }
}

fn apply(value: &mut Value, location: &[Seg], action: &Action) {
    let Some((first, rest)) = location.split_first() else {
        match action {
            Action::Replace(v) => *value = v.clone(),
            Action::Remove(name) => {
                value.as_object_mut().expect("an object").remove(name);
            }
            Action::RenameKey(from, to) => {
                let map = value.as_object_mut().expect("an object");
                let v = map.remove(from).expect("the key");
                map.insert(to.clone(), v);
            }
        }
        return;
    };
    let inner = match first {
        Seg::Key(k) => value.get_mut(k.as_str()),
        Seg::Index(i) => value.get_mut(*i),
    };
    apply(inner.expect("the location exists"), rest, action);
}

/// A `@pattern` as the generator decides it, for the `regex` crate: strings are drawn from the
/// automaton's syntax tree. A pattern whose edge lookarounds run as guards beside the automaton
/// is drawn from the rest of it, and what matches is asked of the ECMA-262 engine (regress),
/// not of the guards under test.
struct Pattern {
    regex: regex::Regex,
    hir: Hir,
    ecma: Option<regress::Regex>,
}

impl Pattern {
    fn is_match(&self, text: &str) -> bool {
        match &self.ecma {
            Some(ecma) => ecma.find(text).is_some(),
            None => self.regex.is_match(text),
        }
    }
}

/// The constraints on one value: the member's trait, else its target's.
struct Constraints {
    length: Option<(Option<u64>, Option<u64>)>,
    range: Option<(Option<serde_json::Number>, Option<serde_json::Number>)>,
    /// `Some(None)`: a pattern nothing here can draw for.
    pattern: Option<Option<std::rc::Rc<Pattern>>>,
}

/// The pattern, compiled once per thread.
fn compiled_pattern(pattern: &str) -> Option<Option<std::rc::Rc<Pattern>>> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Option<Option<std::rc::Rc<Pattern>>>>> =
            Default::default();
    }
    if let Some(known) = COMPILED.with(|c| c.borrow().get(pattern).cloned()) {
        return known;
    }
    let decided = codegen::patterns::decide(pattern);
    // Not enforced: nothing to expect.
    let compiled = decided.compiled().map(|compiled| {
        let (linear, ecma) = match compiled.automaton.as_ref()? {
            Automaton::Whole(linear) => (linear, None),
            Automaton::Guarded(parts) => {
                (&parts[0].0, Some(regress::Regex::with_flags(&compiled.source, compiled.flags).ok()?))
            }
        };
        let regex = regex::Regex::new(linear).ok()?;
        let hir = regex_syntax::ParserBuilder::new().build().parse(linear).ok()?;
        Some(std::rc::Rc::new(Pattern { regex, hir, ecma }))
    });
    COMPILED.with(|c| c.borrow_mut().insert(pattern.to_owned(), compiled.clone()));
    compiled
}

fn constraints(member: Option<&Member>, shape: &Shape) -> Constraints {
    let get = |id: &str| member.and_then(|m| m.trait_value(id)).or_else(|| shape.trait_value(id));
    let length = get("smithy.api#length")
        .map(|l| (l.get("min").and_then(Value::as_u64), l.get("max").and_then(Value::as_u64)));
    let bound = |r: &Value, k: &str| match r.get(k) {
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    };
    let range = get("smithy.api#range").map(|r| (bound(r, "min"), bound(r, "max")));
    let pattern = get("smithy.api#pattern").and_then(Value::as_str).and_then(compiled_pattern);
    Constraints { length, range, pattern }
}

/// Characters for strings without a pattern: ASCII, escapes, and characters of 2, 3 and 4
/// UTF-8 bytes (lengths count code points, not bytes).
const CHARS: &[char] = &['a', 'Z', '0', '-', ' ', '"', '\\', '\n', 'é', '中', '\u{feff}', '😀', '\u{10ffff}'];

/// Draws a string matching the pattern's syntax tree; `stretch` lets repetitions run longer.
fn sample(hir: &Hir, u: &mut Unstructured, out: &mut String, stretch: u32) -> Draw<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if ranges.is_empty() {
                return Err(arbitrary::Error::IncorrectFormat);
            }
            let range = &ranges[u.choose_index(ranges.len())?];
            let code = u.int_in_range(u32::from(range.start())..=u32::from(range.end()))?;
            out.push(char::from_u32(code).ok_or(arbitrary::Error::IncorrectFormat)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class.ranges();
            if ranges.is_empty() {
                return Err(arbitrary::Error::IncorrectFormat);
            }
            let range = &ranges[u.choose_index(ranges.len())?];
            out.push(char::from(u.int_in_range(range.start()..=range.end())?));
        }
        HirKind::Repetition(rep) => {
            let most = rep.min.saturating_add(3).saturating_add(stretch);
            let max = rep.max.map_or(most, |m| m.min(most));
            for _ in 0..u.int_in_range(rep.min..=max.max(rep.min))? {
                sample(&rep.sub, u, out, stretch)?;
            }
        }
        HirKind::Capture(capture) => sample(&capture.sub, u, out, stretch)?,
        HirKind::Concat(items) => {
            for item in items {
                sample(item, u, out, stretch)?;
            }
        }
        HirKind::Alternation(items) => sample(&items[u.choose_index(items.len())?], u, out, stretch)?,
    }
    Ok(())
}

fn chars(s: &str) -> u64 {
    s.chars().count() as u64
}

fn fits(len: u64, bounds: Option<(Option<u64>, Option<u64>)>) -> bool {
    bounds.is_none_or(|(min, max)| min.is_none_or(|m| len >= m) && max.is_none_or(|m| len <= m))
}

/// A string of `len` code points from [`CHARS`].
fn plain_string(u: &mut Unstructured, len: u64) -> Draw<String> {
    (0..len).map(|_| Ok(CHARS[u.choose_index(CHARS.len())?])).collect()
}

/// A string matching `pattern` whose length satisfies `ok`, if one is found.
fn pattern_string(
    u: &mut Unstructured,
    pattern: &Pattern,
    stretch: u32,
    ok: impl Fn(u64) -> bool,
) -> Option<String> {
    for _ in 0..24 {
        let mut text = String::new();
        sample(&pattern.hir, u, &mut text, stretch).ok()?;
        if pattern.is_match(&text) && ok(chars(&text)) {
            return Some(text);
        }
        if u.is_empty() {
            return None;
        }
    }
    None
}

/// 32 KiB of bytes from a seed (xorshift64).
fn expand(seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..1 << 15)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A length in the bounds: often an end, capped to keep values small.
fn pick_len(u: &mut Unstructured, bounds: Option<(Option<u64>, Option<u64>)>, cap: u64) -> Draw<u64> {
    let (min, max) = bounds.unwrap_or((None, None));
    let min = min.unwrap_or(0);
    let max = max.unwrap_or(min + cap).min(min + cap).max(min);
    Ok(match u.int_in_range(0u8..=3)? {
        0 => min,
        1 => max,
        _ => u.int_in_range(min..=max)?,
    })
}

/// Draws valid values of a model's shapes, with the ways to break each.
struct Gen<'m> {
    model: &'m Model,
}

impl Gen<'_> {
    fn value(
        &self,
        u: &mut Unstructured,
        member: Option<&Member>,
        target: &ShapeId,
        depth: usize,
        label: bool,
    ) -> Option<(Value, Vec<Break>)> {
        let shape = self.model.expect(target);
        let c = constraints(member, shape);
        let mut breaks = Vec::new();
        let value = match &shape.kind {
            ShapeKind::Simple(SimpleType::String) => {
                let (text, more) = self.string(u, &c, label)?;
                breaks.extend(more);
                Value::String(text)
            }
            ShapeKind::Enum(members) => {
                let values: Vec<String> = members.iter().map(enum_value).collect();
                let chosen = values[u.choose_index(values.len()).ok()?].clone();
                let mut other = "not-a-value".to_owned();
                while values.contains(&other) {
                    other.push('x');
                }
                if c.length.is_none() && c.pattern.is_none() {
                    breaks.push(Break::here(Action::Replace(Value::String(other)), "enum value"));
                }
                Value::String(chosen)
            }
            ShapeKind::IntEnum(members) => {
                let values: Vec<i64> = members
                    .iter()
                    .map(|m| m.trait_value("smithy.api#enumValue").and_then(Value::as_i64).unwrap_or(0))
                    .collect();
                let chosen = values[u.choose_index(values.len()).ok()?];
                let other = values.iter().max().copied().unwrap_or(0) + 1;
                if i32::try_from(other).is_ok() {
                    breaks.push(Break::here(Action::Replace(Value::from(other)), "intEnum value"));
                }
                Value::from(chosen)
            }
            ShapeKind::Simple(SimpleType::Boolean) => Value::Bool(u.arbitrary().ok()?),
            ShapeKind::Simple(
                simple @ (SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long),
            ) => {
                let (lo, hi) = match simple {
                    SimpleType::Byte => (i64::from(i8::MIN), i64::from(i8::MAX)),
                    SimpleType::Short => (i64::from(i16::MIN), i64::from(i16::MAX)),
                    SimpleType::Integer => (i64::from(i32::MIN), i64::from(i32::MAX)),
                    _ => (i64::MIN, i64::MAX),
                };
                let (min, max) = c.range.clone().unwrap_or((None, None));
                let min_i =
                    min.as_ref().map_or(i128::from(lo), |m| integer_bound(m, f64::ceil).max(lo.into()));
                let max_i =
                    max.as_ref().map_or(i128::from(hi), |m| integer_bound(m, f64::floor).min(hi.into()));
                if min_i > max_i {
                    return None;
                }
                // Both within [lo, hi] now.
                let (min_i, max_i) = (min_i as i64, max_i as i64);
                let chosen = match u.int_in_range(0u8..=3).ok()? {
                    0 => min_i,
                    1 => max_i,
                    _ => u.int_in_range(min_i..=max_i).ok()?,
                };
                if min.is_some() && min_i > lo {
                    breaks.push(Break::here(Action::Replace(Value::from(min_i - 1)), "below @range"));
                }
                if max.is_some() && max_i < hi {
                    breaks.push(Break::here(Action::Replace(Value::from(max_i + 1)), "above @range"));
                }
                Value::from(chosen)
            }
            ShapeKind::Simple(simple @ (SimpleType::Float | SimpleType::Double)) => {
                let (min, max) = float_range(&c);
                let (lo, hi) = (min.unwrap_or(-1e6), max.unwrap_or(1e6));
                if lo > hi {
                    return None;
                }
                let t = f64::from(u.int_in_range(0u16..=1000).ok()?) / 1000.0;
                // Inside the range even after rounding to f32.
                let mut chosen = lo + (hi - lo) * t;
                if *simple == SimpleType::Float {
                    let f = chosen as f32;
                    chosen =
                        if f64::from(f) < lo || f64::from(f) > hi { (lo + hi) / 2.0 } else { f64::from(f) };
                    if f64::from(chosen as f32) < lo || f64::from(chosen as f32) > hi {
                        return None;
                    }
                }
                let step = |m: f64| m.abs().max(1.0);
                if let Some(m) = min {
                    breaks.push(Break::here(Action::Replace(number(m - step(m))), "below @range"));
                }
                if let Some(m) = max {
                    breaks.push(Break::here(Action::Replace(number(m + step(m))), "above @range"));
                }
                number(chosen)
            }
            ShapeKind::Simple(SimpleType::BigInteger) => {
                let (min, max) = c.range.clone().unwrap_or((None, None));
                let min_i = min.as_ref().map(|m| integer_bound(m, f64::ceil));
                let max_i = max.as_ref().map(|m| integer_bound(m, f64::floor));
                // Drawn where a JSON integer of this crate can say it; broken just outside.
                let lo = min_i.unwrap_or(-(1 << 80)).max(i128::from(i64::MIN));
                let hi = max_i.unwrap_or(1 << 80).min(i128::from(u64::MAX));
                if lo > hi {
                    return None;
                }
                let chosen = match u.int_in_range(0u8..=3).ok()? {
                    0 => lo,
                    1 => hi,
                    _ => u.int_in_range(lo..=hi).ok()?,
                };
                let int = |n: i128| {
                    i64::try_from(n).map(Value::from).or_else(|_| u64::try_from(n).map(Value::from)).ok()
                };
                if let Some(below) = min_i.and_then(|m| int(m - 1)) {
                    breaks.push(Break::here(Action::Replace(below), "below @range"));
                }
                if let Some(above) = max_i.and_then(|m| int(m + 1)) {
                    breaks.push(Break::here(Action::Replace(above), "above @range"));
                }
                int(chosen)?
            }
            ShapeKind::Simple(SimpleType::BigDecimal) => {
                let (min, max) = float_range(&c);
                let (lo, hi) = (min.unwrap_or(-1e30), max.unwrap_or(1e30));
                if lo > hi {
                    return None;
                }
                let t = f64::from(u.int_in_range(0u16..=1000).ok()?) / 1000.0;
                let step = |m: f64| m.abs().max(1.0);
                if let Some(m) = min {
                    breaks.push(Break::here(Action::Replace(number(m - step(m))), "below @range"));
                }
                if let Some(m) = max {
                    breaks.push(Break::here(Action::Replace(number(m + step(m))), "above @range"));
                }
                number((lo + (hi - lo) * t).clamp(lo, hi))
            }
            ShapeKind::Simple(SimpleType::Timestamp) => Value::from(1_700_000_000),
            ShapeKind::Simple(SimpleType::Document) => serde_json::json!({"k": [1, "x", true]}),
            ShapeKind::Simple(SimpleType::Blob) => {
                let encode = |n: u64| Value::String(base64(&vec![0xA5u8; n as usize]));
                let len = pick_len(u, c.length, 8).ok()?;
                if let Some((min, max)) = c.length {
                    if let Some(min) = min.filter(|m| *m > 0) {
                        breaks
                            .push(Break::here(Action::Replace(encode(min - 1)), "blob shorter than @length"));
                    }
                    if let Some(max) = max.filter(|m| *m < 4096) {
                        breaks
                            .push(Break::here(Action::Replace(encode(max + 1)), "blob longer than @length"));
                    }
                }
                encode(len)
            }
            ShapeKind::List(item) => return self.list(u, shape, item, &c, depth),
            ShapeKind::Map { key, value } => return self.map(u, key, value, &c, depth),
            ShapeKind::Structure(members) => return self.structure(u, shape, members, depth),
            ShapeKind::Union(members) => {
                let usable: Vec<&Member> =
                    members.iter().filter(|m| !self.is_event_stream(&m.target)).collect();
                for _ in 0..4 {
                    let m = usable[u.choose_index(usable.len()).ok()?];
                    let (v, inner) = if m.target == codegen::prelude::unit() {
                        (Value::Object(Map::new()), Vec::new())
                    } else {
                        match self.value(u, Some(m), &m.target, depth + 1, false) {
                            Some(found) => found,
                            None => continue,
                        }
                    };
                    let mut object = Map::new();
                    object.insert(m.name.clone(), v);
                    let breaks = inner.into_iter().map(|b| b.under(Seg::Key(m.name.clone()))).collect();
                    return Some((Value::Object(object), breaks));
                }
                return None;
            }
            _ => return None,
        };
        Some((value, breaks))
    }

    fn is_event_stream(&self, target: &ShapeId) -> bool {
        let shape = self.model.expect(target);
        matches!(shape.kind, ShapeKind::Union(_)) && shape.has_trait("smithy.api#streaming")
    }

    fn string(&self, u: &mut Unstructured, c: &Constraints, label: bool) -> Option<(String, Vec<Break>)> {
        let mut length = c.length;
        if label {
            // A URI label cannot be empty (the request could not be made).
            let (min, max) = length.unwrap_or((None, None));
            length = Some((Some(min.unwrap_or(0).max(1)), max));
        }
        let mut breaks = Vec::new();
        // Breaks draw long strings: from bytes of their own, so that the rest of the value
        // still has bytes to draw from.
        let seed: u64 = u.arbitrary().ok()?;
        let spare = if c.length.is_some() { expand(seed) } else { Vec::new() };
        let side = &mut Unstructured::new(&spare);
        let text = match &c.pattern {
            Some(None) => return None,
            Some(Some(pattern)) => {
                let text = pattern_string(u, pattern, 0, |n| fits(n, length))
                    .or_else(|| pattern_string(u, pattern, 8, |n| fits(n, length)))?;
                // Breaks of the pattern alone: a string of a valid length that does not match.
                let len = chars(&text);
                let candidates = ["\u{0}", "!", " ", "~", "😀", "a", "Z", "0", "-", "."]
                    .iter()
                    .map(|base| base.repeat(len.max(1) as usize))
                    .chain([format!("{text}\u{0}"), format!("\u{0}{text}"), String::new()]);
                if let Some(bad) =
                    candidates.into_iter().find(|s| !pattern.is_match(s) && fits(chars(s), length))
                {
                    breaks.push(Break::here(Action::Replace(Value::String(bad)), "@pattern"));
                }
                if let Some((min, max)) = c.length {
                    if let Some(min) = min.filter(|m| *m > 0) {
                        if let Some(short) = pattern_string(side, pattern, 0, |n| n < min) {
                            breaks.push(Break::here(
                                Action::Replace(Value::String(short)),
                                "shorter than @length",
                            ));
                        }
                    }
                    if let Some(max) = max.filter(|m| *m < 2000) {
                        if let Some(long) = pattern_string(side, pattern, max as u32 + 1, |n| n > max) {
                            breaks.push(Break::here(
                                Action::Replace(Value::String(long)),
                                "longer than @length",
                            ));
                        }
                    }
                }
                text
            }
            None => {
                let len = pick_len(u, length, 12).ok()?;
                if let Some((min, max)) = c.length {
                    if let Some(min) = min.filter(|m| *m > 0 && !(label && *m == 1)) {
                        let short = plain_string(side, min - 1).ok()?;
                        breaks
                            .push(Break::here(Action::Replace(Value::String(short)), "shorter than @length"));
                    }
                    if let Some(max) = max.filter(|m| *m < 5000) {
                        let long = plain_string(side, max + 1).ok()?;
                        breaks.push(Break::here(Action::Replace(Value::String(long)), "longer than @length"));
                    }
                }
                plain_string(u, len).ok()?
            }
        };
        Some((text, breaks))
    }

    fn list(
        &self,
        u: &mut Unstructured,
        shape: &Shape,
        item: &Member,
        c: &Constraints,
        depth: usize,
    ) -> Option<(Value, Vec<Break>)> {
        let unique = shape.has_trait("smithy.api#uniqueItems");
        let cap = if depth >= MAX_DEPTH { 0 } else { 3 };
        let len = pick_len(u, c.length, cap).ok()?;
        let (min, max) = c.length.unwrap_or((None, None));
        // Enough items for every break: one more than the longest the list may be.
        let wanted = max.filter(|m| *m < 64).map_or(len + 1, |m| m + 1).max(len + 1);
        let mut items: Vec<(Value, Vec<Break>)> = Vec::new();
        let mut tries = 0;
        while (items.len() as u64) < wanted && tries < wanted * 4 + 8 {
            tries += 1;
            let Some(drawn) = self.value(u, Some(item), &item.target, depth + 1, false) else { break };
            if unique && items.iter().any(|(v, _)| *v == drawn.0) {
                continue;
            }
            items.push(drawn);
        }
        if (items.len() as u64) < len {
            return None;
        }
        let spare = items.split_off(len as usize);
        let values: Vec<Value> = items.iter().map(|(v, _)| v.clone()).collect();
        let mut breaks: Vec<Break> = items
            .into_iter()
            .enumerate()
            .flat_map(|(i, (_, inner))| inner.into_iter().map(move |b| b.under(Seg::Index(i))))
            .collect();
        if let Some(min) = min.filter(|m| *m > 0) {
            let short = values[..(min - 1) as usize].to_vec();
            breaks.push(Break::here(Action::Replace(Value::Array(short)), "list shorter than @length"));
        }
        if let Some(max) = max {
            let extra = (max + 1).saturating_sub(len) as usize;
            if spare.len() >= extra && max < 64 {
                let long: Vec<Value> =
                    values.iter().cloned().chain(spare.iter().take(extra).map(|(v, _)| v.clone())).collect();
                breaks.push(Break::here(Action::Replace(Value::Array(long)), "list longer than @length"));
            }
        }
        if unique && !values.is_empty() {
            let mut dup = values.clone();
            if max.is_none_or(|m| len < m) {
                dup.push(values[0].clone());
            } else if values.len() >= 2 {
                dup[1] = values[0].clone();
            }
            if dup.len() as u64 == len + 1 || dup.len() >= 2 && dup[1] == dup[0] {
                breaks.push(Break::here(Action::Replace(Value::Array(dup)), "@uniqueItems"));
            }
        }
        Some((Value::Array(values), breaks))
    }

    fn map(
        &self,
        u: &mut Unstructured,
        key: &Member,
        value: &Member,
        c: &Constraints,
        depth: usize,
    ) -> Option<(Value, Vec<Break>)> {
        let cap = if depth >= MAX_DEPTH { 0 } else { 3 };
        let len = pick_len(u, c.length, cap).ok()?;
        let (min, max) = c.length.unwrap_or((None, None));
        let wanted = max.filter(|m| *m < 64).map_or(len + 1, |m| m + 1).max(len + 1);
        let mut entries: Vec<(String, Value, Vec<Break>, Vec<Break>)> = Vec::new();
        let mut tries = 0;
        while (entries.len() as u64) < wanted && tries < wanted * 4 + 8 {
            tries += 1;
            let Some((Value::String(k), key_breaks)) =
                self.value(u, Some(key), &key.target, depth + 1, false)
            else {
                break;
            };
            if entries.iter().any(|(existing, ..)| *existing == k) {
                continue;
            }
            let Some((v, value_breaks)) = self.value(u, Some(value), &value.target, depth + 1, false) else {
                break;
            };
            entries.push((k, v, key_breaks, value_breaks));
        }
        if (entries.len() as u64) < len {
            return None;
        }
        let spare = entries.split_off(len as usize);
        let mut object = Map::new();
        let mut breaks = Vec::new();
        for (k, v, key_breaks, value_breaks) in &entries {
            object.insert(k.clone(), v.clone());
            breaks.extend(value_breaks.iter().cloned().map(|b| b.under(Seg::Key(k.clone()))));
            // A broken key is reported at the map.
            for b in key_breaks {
                if let Action::Replace(Value::String(bad)) = &b.action {
                    if !entries.iter().any(|(other, ..)| other == bad) {
                        breaks.push(Break::here(
                            Action::RenameKey(k.clone(), bad.clone()),
                            format!("map key: {}", b.what),
                        ));
                    }
                }
            }
        }
        if let Some(min) = min.filter(|m| *m > 0) {
            let short: Map<String, Value> =
                object.iter().take((min - 1) as usize).map(|(k, v)| (k.clone(), v.clone())).collect();
            breaks.push(Break::here(Action::Replace(Value::Object(short)), "map smaller than @length"));
        }
        if let Some(max) = max {
            let extra = (max + 1).saturating_sub(len) as usize;
            if spare.len() >= extra && max < 64 {
                let mut long = object.clone();
                long.extend(spare.iter().take(extra).map(|(k, v, ..)| (k.clone(), v.clone())));
                breaks.push(Break::here(Action::Replace(Value::Object(long)), "map larger than @length"));
            }
        }
        Some((Value::Object(object), breaks))
    }

    fn structure(
        &self,
        u: &mut Unstructured,
        shape: &Shape,
        members: &[Member],
        depth: usize,
    ) -> Option<(Value, Vec<Break>)> {
        let input = shape.has_trait("smithy.api#input");
        let mut object = Map::new();
        let mut breaks = Vec::new();
        for m in members {
            if self.is_event_stream(&m.target) {
                continue;
            }
            let required = m.has_trait("smithy.api#required");
            // Absent, a member with a `@default` outside `@input` structures holds the
            // default, which must satisfy its constraints as any value does: drawn instead.
            let defaulted = !input && m.trait_value("smithy.api#default").is_some_and(|v| !v.is_null());
            if !required && !defaulted && (depth >= MAX_DEPTH || !u.arbitrary::<bool>().ok()?) {
                continue;
            }
            let label = m.has_trait("smithy.api#httpLabel");
            let (v, inner) = self.value(u, Some(m), &m.target, depth + 1, label)?;
            object.insert(m.name.clone(), v);
            breaks.extend(inner.into_iter().map(|b| b.under(Seg::Key(m.name.clone()))));
            // Absent only as a violation where the typed value can be absent.
            if required && (input || m.has_trait("smithy.api#clientOptional")) {
                let mut b = Break::here(Action::Remove(m.name.clone()), "@required member absent");
                b.at.push(Seg::Key(m.name.clone()));
                breaks.push(b);
            }
        }
        Some((Value::Object(object), breaks))
    }
}

/// Standard base64, padded.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An integer bound exactly when the model wrote an integer, else rounded inwards by `inward`.
fn integer_bound(n: &serde_json::Number, inward: fn(f64) -> f64) -> i128 {
    let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    exact.unwrap_or_else(|| inward(n.as_f64().unwrap_or(0.0)) as i128)
}

fn float_range(c: &Constraints) -> (Option<f64>, Option<f64>) {
    let f = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    c.range.as_ref().map_or((None, None), |(min, max)| (f(min), f(max)))
}

fn number(f: f64) -> Value {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn enum_value(member: &Member) -> String {
    member
        .trait_value("smithy.api#enumValue")
        .and_then(Value::as_str)
        .map_or_else(|| member.name.clone(), str::to_owned)
}

/// The operations of a service whose inputs can be drawn: their names and input shapes
/// (event streams, which requests cannot carry, left out).
pub fn operations(model: &Model, service: &ShapeId) -> Vec<(String, ShapeId)> {
    let closure = codegen::closure::select(model, service, None).expect("the service resolves");
    closure
        .operations
        .iter()
        .filter_map(|op| match &model.expect(op).kind {
            ShapeKind::Operation(o) => Some((op.name().to_owned(), o.input.clone())),
            _ => None,
        })
        .filter(|(_, input)| {
            *input == codegen::prelude::unit()
                || !model.expect(input).members().iter().any(|m| Gen { model }.is_event_stream(&m.target))
        })
        .collect()
}

/// The cases of one operation from the bytes `u` holds: a valid input and up to
/// [`BREAKS_PER_INPUT`] inputs breaking one constraint each. `None` when no valid input could
/// be drawn (a pattern nothing here draws for, bounds that contradict).
pub fn operation_cases(
    model: &Model,
    module: &str,
    operation: &str,
    input: &ShapeId,
    u: &mut Unstructured,
) -> Option<Vec<Case>> {
    let case = |value: Value, violations: Vec<String>, what: String| Case {
        module: module.to_owned(),
        operation: operation.to_owned(),
        input: value,
        violations,
        what,
    };
    if *input == codegen::prelude::unit() {
        return Some(vec![case(Value::Object(Map::new()), Vec::new(), "no input".into())]);
    }
    let (valid, breaks) = Gen { model }.value(u, None, input, 0, false)?;
    let mut cases = vec![case(valid.clone(), Vec::new(), "valid".into())];
    let mut order: Vec<usize> = (0..breaks.len()).collect();
    for i in 0..order.len() {
        let j = u.int_in_range(i..=order.len() - 1).unwrap_or(i);
        order.swap(i, j);
    }
    for b in order.into_iter().take(BREAKS_PER_INPUT).map(|i| &breaks[i]) {
        let mut broken = valid.clone();
        apply(&mut broken, &b.location, &b.action);
        let at = pointer(&b.at);
        cases.push(case(broken, vec![at.clone()], format!("{} at {at}", b.what)));
    }
    Some(cases)
}

/// The cases of every operation of a service, `per_operation` inputs each, from byte strings
/// proptest draws (a fixed seed per operation). Prints the operations for which no valid input
/// could be drawn.
pub fn cases(model: &Model, service: &ShapeId, module: &str, per_operation: u32) -> Vec<Case> {
    use proptest::collection::vec;
    use proptest::prelude::any;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let collected = std::cell::RefCell::new(Vec::new());
    let mut undrawable = Vec::new();
    for (operation, input) in operations(model, service) {
        let drawn = std::cell::Cell::new(false);
        let config = Config { cases: per_operation, failure_persistence: None, ..Config::default() };
        let mut seed = [0u8; 32];
        for (i, b) in format!("{module}::{operation}").bytes().enumerate() {
            seed[i % 32] ^= b.rotate_left(i as u32 / 32);
        }
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        let outcome = runner.run(&vec(any::<u8>(), 512..4096), |data| {
            if let Some(found) =
                operation_cases(model, module, &operation, &input, &mut Unstructured::new(&data))
            {
                drawn.set(true);
                collected.borrow_mut().extend(found);
            }
            Ok(())
        });
        outcome.expect("drawing cases does not fail");
        if !drawn.get() {
            undrawable.push(operation);
        }
    }
    if !undrawable.is_empty() {
        eprintln!(
            "{module}: no valid input drawn for {} operation(s): {}",
            undrawable.len(),
            undrawable.join(", ")
        );
    }
    collected.into_inner()
}

/// The cases as the corpus crate's test reads them.
pub fn cases_json(cases: &[Case]) -> String {
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            serde_json::json!({
                "module": c.module, "operation": c.operation, "input": c.input,
                "violations": c.violations, "what": c.what,
            })
        })
        .collect();
    serde_json::to_string(&list).expect("JSON")
}

/// The corpus crate's validation test: every case of `tests/cases.json` through its module's
/// `request_from_json`.
pub fn corpus_test(crate_name: &str, modules: &[String], count: usize) -> String {
    let arms: String = modules
        .iter()
        .map(|m| format!("            \"{m}\" => {crate_name}::{m}::operations::request_from_json(operation, &input, true),\n"))
        .collect();
    format!(
        r#"
#[test]
fn validation_cases() {{
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    for case in &cases {{
        let (module, operation) = (case["module"].as_str().unwrap(), case["operation"].as_str().unwrap());
        let input = serde_json::to_vec(&case["input"]).unwrap();
        let expected: Vec<String> =
            case["violations"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
        let result = match module {{
{arms}            other => panic!("no module {{other}}"),
        }};
        if let Err(why) = validation::expect(result, &expected) {{
            failures.push(format!("{{module}} {{operation}} ({{}}): {{why}}\n  input {{}}", case["what"], case["input"]));
        }}
    }}
    assert!(failures.is_empty(), "{{}} of {{}} cases failed:\n{{}}", failures.len(), cases.len(), failures.join("\n"));
    assert_eq!(cases.len(), {count}, "tests/cases.json is not the file written with this test");
}}
"#
    )
}
