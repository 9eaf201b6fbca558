//! Writes a parsed pattern ([`super::java`]) as ECMA-262 source for unicode mode (`u`),
//! keeping its meaning. For a Java pattern that is Java's line terminators for `.`, `^` and
//! `$`, its US-ASCII `\s` and `(?i)`, its nested classes and intersections, atomic groups and
//! possessive quantifiers; a pattern of ECMA-262's non-unicode mode keeps ECMA-262's.

use std::fmt::Write;

use super::java::{Class, ClassItem, Dialect, Node};

/// Java's line terminators (without `UNIX_LINES`), as ECMA-262 class contents.
const TERMINATORS: &str = r"\n\r\u{85}\u{2028}\u{2029}";

/// ECMA-262 source (unicode mode, no other flags) that matches what the pattern matches in
/// its dialect (for Java, what `Matcher.find` finds).
pub fn emit(node: &Node, dialect: Dialect) -> String {
    let mut emitter = Emitter { out: String::new(), groups: 0, dialect };
    emitter.body(node);
    emitter.out
}

struct Emitter {
    out: String,
    /// Capturing groups written so far (atomic groups add their own).
    groups: u32,
    dialect: Dialect,
}

impl Emitter {
    /// A group's or the pattern's contents: alternatives need no group of their own here.
    fn body(&mut self, node: &Node) {
        match node {
            Node::Alt(alternatives) => {
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(alternative);
                }
            }
            other => self.node(other),
        }
    }

    /// A node that can stand in a sequence.
    fn node(&mut self, node: &Node) {
        match node {
            Node::Empty => {}
            Node::Char { c, fold } => {
                if *fold && c.is_ascii_alphabetic() {
                    let _ = write!(self.out, "[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase());
                } else {
                    push_char(&mut self.out, *c, false);
                }
            }
            Node::Class(class) => self.out.push_str(&class_source(class)),
            // Only ECMA-262 patterns have these (and no atomic groups to renumber them).
            Node::WordBoundary { negated } => self.out.push_str(if *negated { r"\B" } else { r"\b" }),
            Node::Backref(index) => {
                let _ = write!(self.out, r"(?:\{index})");
            }
            Node::Dot { dotall: false }
            | Node::LineStart { multiline: false }
            | Node::LineEnd { multiline: false }
                if self.dialect == Dialect::Ecma =>
            {
                self.out.push_str(match node {
                    Node::Dot { .. } => ".",
                    Node::LineStart { .. } => "^",
                    _ => "$",
                })
            }
            Node::Dot { dotall: true } => self.out.push_str(r"[\s\S]"),
            Node::Dot { dotall: false } => {
                let _ = write!(self.out, "[^{TERMINATORS}]");
            }
            Node::LineStart { multiline: false } | Node::InputStart => self.out.push('^'),
            // Java: after a terminator (not between `\r` and `\n`), and never at the very end.
            Node::LineStart { multiline: true } => {
                self.out.push_str(r"(?:^|(?<=[\n\u{85}\u{2028}\u{2029}])|(?<=\r)(?!\n))(?!$)")
            }
            Node::LineEnd { multiline: false } | Node::InputEndBeforeTerminator => {
                self.out.push_str(r"(?:$|(?=\r\n$)|(?<!\r)(?=\n$)|(?=[\r\u{85}\u{2028}\u{2029}]$))")
            }
            Node::LineEnd { multiline: true } => {
                self.out.push_str(r"(?:$|(?=[\r\u{85}\u{2028}\u{2029}])|(?<!\r)(?=\n))")
            }
            Node::InputEnd => self.out.push('$'),
            Node::Capture { name, body, .. } => {
                self.groups += 1;
                match name {
                    Some(name) => {
                        let _ = write!(self.out, "(?<{name}>");
                    }
                    None => self.out.push('('),
                }
                self.body(body);
                self.out.push(')');
            }
            Node::Look { behind, negative, body } => {
                self.out.push_str(match (behind, negative) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                self.body(body);
                self.out.push(')');
            }
            // A lookahead never gives back what it matched: capturing inside one and matching
            // the capture again is an atomic group.
            Node::Atomic(body) => {
                self.groups += 1;
                let index = self.groups;
                self.out.push_str("(?:(?=(");
                self.body(body);
                let _ = write!(self.out, r"))\{index})");
            }
            Node::Concat(items) => {
                for item in items {
                    self.node(item);
                }
            }
            Node::Alt(_) => {
                self.out.push_str("(?:");
                self.body(node);
                self.out.push(')');
            }
            Node::Repeat { body, min, max, lazy } => {
                if quantifiable(body) {
                    self.node(body);
                } else {
                    self.out.push_str("(?:");
                    self.body(body);
                    self.out.push(')');
                }
                let _ = match (min, max) {
                    (0, None) => write!(self.out, "*"),
                    (1, None) => write!(self.out, "+"),
                    (0, Some(1)) => write!(self.out, "?"),
                    (min, None) => write!(self.out, "{{{min},}}"),
                    (min, Some(max)) if min == max => write!(self.out, "{{{min}}}"),
                    (min, Some(max)) => write!(self.out, "{{{min},{max}}}"),
                };
                if *lazy {
                    self.out.push('?');
                }
            }
        }
    }
}

/// True when the node's source is one atom that ECMA-262 (unicode mode) lets a quantifier
/// follow. Assertions are not: Java quantifies them, ECMA-262 only inside a group.
fn quantifiable(node: &Node) -> bool {
    matches!(
        node,
        Node::Char { .. } | Node::Class(_) | Node::Dot { .. } | Node::Capture { .. } | Node::Atomic(_)
    )
}

/// Source matching exactly one code point of the class.
pub fn class_source(class: &Class) -> String {
    let operands: Vec<String> = class.operands.iter().map(|items| union_source(items, class.fold)).collect();
    let positive = match operands.as_slice() {
        [one] => one.clone(),
        // Each operand matches one code point: all but the last only look at it.
        [init @ .., last] => {
            let looks: String = init.iter().map(|o| format!("(?={o})")).collect();
            format!("(?:{looks}{last})")
        }
        [] => "[]".to_owned(),
    };
    if !class.negated {
        return positive;
    }
    // A plain `[...]` negates in place; anything else is "not that, then any code point".
    match positive.strip_prefix('[') {
        Some(rest) if !rest.starts_with('^') && simple_class(&positive) => format!("[^{rest}"),
        _ => format!(r"(?:(?!{positive})[\s\S])"),
    }
}

/// True when `source` is one `[...]` with nothing after it.
fn simple_class(source: &str) -> bool {
    let mut escaped = false;
    for (i, c) in source.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ']' => return i == source.len() - 1,
            _ => {}
        }
    }
    false
}

/// A union of items: one `[...]` for everything that fits in one, alternatives for the rest
/// (negated sets and nested classes).
fn union_source(items: &[ClassItem], fold: bool) -> String {
    let mut simple = String::new();
    let mut others = Vec::new();
    for item in items {
        match item {
            ClassItem::Char(c) => {
                push_char(&mut simple, *c, true);
                if fold && c.is_ascii_alphabetic() {
                    let other =
                        if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
                    push_char(&mut simple, other, true);
                }
            }
            ClassItem::Range(low, high) => {
                push_range(&mut simple, *low, *high);
                if fold {
                    for (from, to, shift) in [('a', 'z', -32i32), ('A', 'Z', 32)] {
                        let (lo, hi) = ((*low).max(from), (*high).min(to));
                        if lo <= hi {
                            let moved = |c: char| char::from_u32((c as i32 + shift) as u32).unwrap_or(c);
                            push_range(&mut simple, moved(lo), moved(hi));
                        }
                    }
                }
            }
            ClassItem::Set { contents, negated: false } => simple.push_str(contents),
            // `\D`, `\W` and `\P{..}` negate in place; a negated list of contents cannot.
            ClassItem::Set { contents, negated: true } => match negate_in_place(contents) {
                Some(negated) => simple.push_str(&negated),
                None => others.push(format!("[^{contents}]")),
            },
            ClassItem::Nested(nested) => others.push(class_source(nested)),
        }
    }
    if !simple.is_empty() {
        others.insert(0, format!("[{simple}]"));
    }
    match others.len() {
        0 => "[]".to_owned(),
        1 => others.remove(0),
        _ => format!("(?:{})", others.join("|")),
    }
}

/// `\d` → `\D`, `\p{X}` → `\P{X}`: a set that is a single escape negates within a class.
fn negate_in_place(contents: &str) -> Option<String> {
    match contents {
        r"\d" => Some(r"\D".to_owned()),
        r"\w" => Some(r"\W".to_owned()),
        _ => {
            let inner = contents.strip_prefix(r"\p{")?.strip_suffix('}')?;
            (!inner.contains('}')).then(|| format!(r"\P{{{inner}}}"))
        }
    }
}

fn push_range(out: &mut String, low: char, high: char) {
    push_char(out, low, true);
    if high != low {
        out.push('-');
        push_char(out, high, true);
    }
}

/// One code point, escaped as unicode mode needs it in or out of a class.
fn push_char(out: &mut String, c: char, in_class: bool) {
    let special = if in_class { r"\]-^[" } else { r"^$\.*+?()[]{}|/" };
    if special.contains(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || c == ' ' {
        out.push(c);
    } else {
        let _ = write!(out, r"\u{{{:X}}}", u32::from(c));
    }
}
