//! A parser for `java.util.regex.Pattern` syntax, the dialect AWS writes its `@pattern`s in
//! (Smithy's own validator compiles them with it). The tree it builds has every inline flag
//! already applied, so each node means one thing whatever surrounds it: the emitter
//! ([`super::ecma`]) writes that meaning as ECMA-262.
//!
//! The same parser reads ECMA-262 patterns written for non-unicode mode
//! ([`Dialect::Ecma`]): on the syntax such patterns use (identity escapes of punctuation,
//! `[\w-_]`, lone braces, quantified lookaheads) both dialects agree, and only `\s`, `\b`
//! and back references, and in the emitter `.`, `^` and `$`, take ECMA-262's meaning.
//!
//! Where Java's syntax has no faithful ECMA-262 spelling here (word boundaries, `\G`, blocks,
//! comments mode, ...), parsing stops with [`Unsupported`], whose text says why.

use std::fmt;

/// Why a pattern is not translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn unsupported<T>(why: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(why.into()))
}

/// Whose meaning a parsed pattern has where the two dialects differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// ECMA-262 (non-unicode mode, Annex B syntax).
    Ecma,
    /// `java.util.regex`.
    Java,
}

/// One node of a parsed pattern, with Java's flags resolved into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Empty,
    /// One code point; `fold` is Java's `(?i)`: ASCII letters match either case.
    Char {
        c: char,
        fold: bool,
    },
    Class(Class),
    /// `.`: any code point, or (without `(?s)`) any but Java's line terminators.
    Dot {
        dotall: bool,
    },
    /// `^`: start of input, or with `(?m)` start of a line.
    LineStart {
        multiline: bool,
    },
    /// `$`: end of input or before a final line terminator, or with `(?m)` before any.
    LineEnd {
        multiline: bool,
    },
    /// `\A`.
    InputStart,
    /// `\z`.
    InputEnd,
    /// `\Z`: Java's `$` without `(?m)`.
    InputEndBeforeTerminator,
    /// `(...)`, `(?<name>...)`: `index` counts capturing groups from 1 as Java does.
    Capture {
        index: u32,
        name: Option<String>,
        body: Box<Node>,
    },
    Look {
        behind: bool,
        negative: bool,
        body: Box<Node>,
    },
    /// `(?>...)`, and the body of every possessive quantifier.
    Atomic(Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
    /// `\b`, `\B` ([`Dialect::Ecma`] only).
    WordBoundary {
        negated: bool,
    },
    /// `\1`... ([`Dialect::Ecma`] only).
    Backref(u32),
}

/// A character class: the intersection (`&&`) of unions of items, maybe negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub negated: bool,
    pub operands: Vec<Vec<ClassItem>>,
    /// `(?i)` was on: ASCII letters of chars and ranges match either case.
    pub fold: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassItem {
    Char(char),
    Range(char, char),
    /// A predefined set: the contents of an ECMA-262 class (`\d`, `a-zA-Z0-9`, `\p{L}`, ...).
    Set {
        contents: String,
        negated: bool,
    },
    Nested(Class),
}

impl ClassItem {
    fn set(contents: &str, negated: bool) -> Self {
        ClassItem::Set { contents: contents.to_owned(), negated }
    }
}

/// Java's `\s` (US-ASCII unless `UNICODE_CHARACTER_CLASS`, which no model sets).
pub const JAVA_SPACE: &str = r" \t\n\x0B\f\r";
/// Java's `\h` and `\v`.
const JAVA_HSPACE: &str = r" \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000";
const JAVA_VSPACE: &str = r"\n\x0B\f\r\x85\u2028\u2029";

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    fold: bool,
    dotall: bool,
    multiline: bool,
}

/// Parses a pattern.
pub fn parse(pattern: &str, dialect: Dialect) -> Result<Node, Unsupported> {
    let chars: Vec<char> = pattern.chars().collect();
    let total_groups = count_groups(&chars);
    let mut parser = Parser { chars, pos: 0, groups: 0, total_groups, dialect };
    let mut flags = Flags::default();
    let node = parser.alternation(&mut flags)?;
    if parser.pos < parser.chars.len() {
        return unsupported("an unmatched `)` (not a Java regex)");
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Capturing groups opened so far.
    groups: u32,
    /// Capturing groups in the whole pattern (ECMA-262 back references may point forward).
    total_groups: u32,
    dialect: Dialect,
}

/// Capturing groups: `(` not followed by `?`, and `(?<name>`, outside classes.
fn count_groups(chars: &[char]) -> u32 {
    let mut count = 0;
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                let named = chars.get(i + 1) == Some(&'?')
                    && chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=' | '!'));
                if chars.get(i + 1) != Some(&'?') || named {
                    count += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Result<char, Unsupported> {
        let c = self.peek().ok_or_else(|| Unsupported("the pattern ends early (not a Java regex)".into()))?;
        self.pos += 1;
        Ok(c)
    }

    /// Alternatives up to a `)` or the end. Inline flags set in one alternative hold for the
    /// rest of the group, as in Java, so `flags` is shared across them.
    fn alternation(&mut self, flags: &mut Flags) -> Result<Node, Unsupported> {
        let mut alternatives = vec![self.sequence(flags)?];
        while self.eat('|') {
            alternatives.push(self.sequence(flags)?);
        }
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { Node::Alt(alternatives) })
    }

    fn sequence(&mut self, flags: &mut Flags) -> Result<Node, Unsupported> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = match self.atom(flags)? {
                Some(atom) => atom,
                None => continue, // an inline flag group: nothing to match
            };
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.remove(0),
            _ => Node::Concat(items),
        })
    }

    /// The quantifier after an atom, if any. Java takes one per atom; a second `{n,m}` starts
    /// an empty atom of its own (so `x{2}{3}` is `x{2}`), while a second `*`, `+` or `?` is an
    /// error ("dangling meta character"), which [`Parser::atom`] reports.
    fn quantified(&mut self, atom: Node) -> Result<Node, Unsupported> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.braces() {
                Some(bounds) => bounds,
                None => return unsupported("a `{` that is not a repetition (not a Java regex)"),
            },
            _ => return Ok(atom),
        };
        let body = Box::new(atom);
        if self.eat('?') {
            return Ok(Node::Repeat { body, min, max, lazy: true });
        }
        if self.eat('+') {
            return Ok(Node::Atomic(Box::new(Node::Repeat { body, min, max, lazy: false })));
        }
        Ok(Node::Repeat { body, min, max, lazy: false })
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor: consumed and returned, or `None` (cursor kept).
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.pos;
        let number = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.chars[from..p.pos].iter().collect::<String>().parse::<u32>().ok()
        };
        self.pos += 1;
        let parsed = (|| {
            let min = number(self)?;
            let max = if self.eat(',') {
                if self.peek() == Some('}') {
                    None
                } else {
                    Some(number(self)?)
                }
            } else {
                Some(min)
            };
            (self.eat('}') && max.is_none_or(|max| max >= min)).then_some((min, max))
        })();
        if parsed.is_none() {
            self.pos = start;
        }
        parsed
    }

    /// One atom, or `None` for an inline flag group such as `(?i)`.
    fn atom(&mut self, flags: &mut Flags) -> Result<Option<Node>, Unsupported> {
        let c = self.next()?;
        let node = match c {
            '(' => return self.group(flags),
            '[' => Node::Class(self.class(flags)?),
            '.' => Node::Dot { dotall: flags.dotall },
            '^' => Node::LineStart { multiline: flags.multiline },
            '$' => Node::LineEnd { multiline: flags.multiline },
            '\\' => self.escape(flags)?,
            '*' | '+' | '?' => return unsupported(format!("a dangling `{c}` (not a Java regex)")),
            '{' => {
                // Java reads a `{` where an atom should be as an empty atom that the repetition
                // in braces then applies to.
                self.pos -= 1;
                Node::Empty
            }
            c => Node::Char { c, fold: flags.fold },
        };
        Ok(Some(node))
    }

    fn group(&mut self, flags: &mut Flags) -> Result<Option<Node>, Unsupported> {
        if !self.eat('?') {
            self.groups += 1;
            let index = self.groups;
            let body = self.group_body(*flags)?;
            return Ok(Some(Node::Capture { index, name: None, body: Box::new(body) }));
        }
        let look = |parser: &mut Self, behind, negative, flags: &Flags| {
            let body = parser.group_body(*flags)?;
            Ok(Some(Node::Look { behind, negative, body: Box::new(body) }))
        };
        match self.next()? {
            ':' => self.group_body(*flags).map(Some),
            '=' => look(self, false, false, flags),
            '!' => look(self, false, true, flags),
            '>' => Ok(Some(Node::Atomic(Box::new(self.group_body(*flags)?)))),
            '<' if self.eat('=') => look(self, true, false, flags),
            '<' if self.eat('!') => look(self, true, true, flags),
            '<' => {
                let mut name = String::new();
                loop {
                    match self.next()? {
                        '>' => break,
                        c if c.is_ascii_alphanumeric() => name.push(c),
                        _ => return unsupported("a group name Java does not accept (not a Java regex)"),
                    }
                }
                self.groups += 1;
                let index = self.groups;
                let body = self.group_body(*flags)?;
                Ok(Some(Node::Capture { index, name: Some(name), body: Box::new(body) }))
            }
            _ => {
                self.pos -= 1;
                let mut scoped = *flags;
                let mut on = true;
                loop {
                    match self.next()? {
                        'i' => scoped.fold = on,
                        's' => scoped.dotall = on,
                        'm' => scoped.multiline = on,
                        '-' if on => on = false,
                        ')' => {
                            // `(?i)`: holds to the end of the enclosing group.
                            *flags = scoped;
                            return Ok(None);
                        }
                        ':' => return self.group_body(scoped).map(Some),
                        c @ ('x' | 'u' | 'U' | 'd' | 'c') => {
                            return unsupported(format!(
                                "the inline flag `{c}` ({}) has no ECMA-262 translation here",
                                match c {
                                    'x' => "comments mode",
                                    'u' => "Unicode case folding",
                                    'U' => "Unicode character classes",
                                    'd' => "Unix lines",
                                    _ => "canonical equivalence",
                                }
                            ))
                        }
                        c => {
                            return unsupported(format!(
                                "an unknown group or flag `(?{c}` (not a Java regex)"
                            ))
                        }
                    }
                }
            }
        }
    }

    /// A group's contents and its `)`; flags set inside do not leak out.
    fn group_body(&mut self, mut flags: Flags) -> Result<Node, Unsupported> {
        let body = self.alternation(&mut flags)?;
        if !self.eat(')') {
            return unsupported("an unclosed group (not a Java regex)");
        }
        Ok(body)
    }

    /// After a `\` outside a class.
    fn escape(&mut self, flags: &Flags) -> Result<Node, Unsupported> {
        let single =
            |item: ClassItem| Node::Class(Class { negated: false, operands: vec![vec![item]], fold: false });
        let c = self.next()?;
        if self.dialect == Dialect::Ecma
            && c.is_ascii_alphanumeric()
            && !"dDwWsSbBtnrfvcxu0123456789".contains(c)
        {
            return unsupported(format!("`\\{c}` is not an ECMA-262 escape"));
        }
        Ok(match c {
            'A' => Node::InputStart,
            'z' => Node::InputEnd,
            'Z' => Node::InputEndBeforeTerminator,
            'b' | 'B' if self.dialect == Dialect::Ecma => Node::WordBoundary { negated: c == 'B' },
            'b' | 'B' => {
                return unsupported(format!(
                    "the word boundary `\\{c}`: Java's counts Unicode letters and digits as word characters (before JDK 19), ECMA-262's only [A-Za-z0-9_]"
                ))
            }
            'G' | 'R' | 'X' | 'N' => return unsupported(format!("`\\{c}` has no ECMA-262 translation here")),
            'Q' => {
                let mut items = Vec::new();
                while self.peek().is_some() {
                    if self.peek() == Some('\\') && self.peek_at(1) == Some('E') {
                        self.pos += 2;
                        break;
                    }
                    items.push(Node::Char { c: self.next()?, fold: flags.fold });
                }
                Node::Concat(items)
            }
            'k' => return unsupported("named back references (`\\k<name>`) are not translated"),
            '1'..='9' if self.dialect == Dialect::Ecma => {
                // ECMA-262 takes all the digits; Annex B reads a number past the last group
                // as an octal escape, which this parser does not take.
                let mut index = c.to_digit(10).unwrap_or(0);
                while let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                    index = index.saturating_mul(10).saturating_add(d);
                    self.pos += 1;
                }
                if index > self.total_groups {
                    return unsupported(format!("`\\{index}` names no group"));
                }
                Node::Backref(index)
            }
            '1'..='9' => {
                return unsupported(
                    "a back reference: Java fails on a group that took no part in the match, ECMA-262 matches the empty string",
                )
            }
            _ => match self.class_escape(c)? {
                Escaped::Char(c) => Node::Char { c, fold: flags.fold },
                Escaped::Item(item) => {
                    if flags.fold && !matches!(&item, ClassItem::Set { contents, .. } if is_caseless(contents)) {
                        return unsupported("a named class under `(?i)` is not translated");
                    }
                    single(item)
                }
            },
        })
    }

    /// An escape that means a character or a set, inside or outside a class.
    fn class_escape(&mut self, c: char) -> Result<Escaped, Unsupported> {
        let set = |contents: &str, negated| Ok(Escaped::Item(ClassItem::set(contents, negated)));
        match c {
            'd' | 'D' => set(r"\d", c == 'D'),
            'w' | 'W' => set(r"\w", c == 'W'),
            's' | 'S' if self.dialect == Dialect::Ecma => set(r"\s", c == 'S'),
            's' | 'S' => set(JAVA_SPACE, c == 'S'),
            'v' if self.dialect == Dialect::Ecma => Ok(Escaped::Char('\x0B')),
            _ if self.dialect == Dialect::Ecma && "hHVpPaeQEAzZGRXN".contains(c) => {
                unsupported(format!("`\\{c}` is not an ECMA-262 escape"))
            }
            'h' | 'H' => set(JAVA_HSPACE, c == 'H'),
            'v' | 'V' => set(JAVA_VSPACE, c == 'V'),
            'p' | 'P' => {
                let name = if self.eat('{') {
                    let mut name = String::new();
                    loop {
                        match self.next()? {
                            '}' => break,
                            c => name.push(c),
                        }
                    }
                    name
                } else {
                    self.next()?.to_string()
                };
                let (contents, negated) = super::properties::property(&name)?;
                Ok(Escaped::Item(ClassItem::Set { contents, negated: negated != (c == 'P') }))
            }
            't' => Ok(Escaped::Char('\t')),
            'n' => Ok(Escaped::Char('\n')),
            'r' => Ok(Escaped::Char('\r')),
            'f' => Ok(Escaped::Char('\x0C')),
            'a' => Ok(Escaped::Char('\x07')),
            'e' => Ok(Escaped::Char('\x1B')),
            'c' => {
                let letter = self.next()?;
                char::from_u32(u32::from(letter) ^ 64)
                    .map(Escaped::Char)
                    .ok_or_else(|| Unsupported("a bad `\\c` escape".into()))
            }
            '0' => {
                // `\0n`, `\0nn`, `\0mnn` (m <= 3): octal.
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 3 {
                    let Some(d) = self.peek().and_then(|d| d.to_digit(8)) else { break };
                    if digits == 2 && value > 0o37 {
                        break;
                    }
                    value = value * 8 + d;
                    digits += 1;
                    self.pos += 1;
                }
                if digits == 0 {
                    return unsupported("`\\0` without octal digits (not a Java regex)");
                }
                Ok(Escaped::Char(char::from_u32(value).unwrap_or('\0')))
            }
            'x' => {
                let hex: String = if self.eat('{') {
                    let mut hex = String::new();
                    loop {
                        match self.next()? {
                            '}' => break,
                            c => hex.push(c),
                        }
                    }
                    hex
                } else {
                    [self.next()?, self.next()?].iter().collect()
                };
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .map(Escaped::Char)
                    .ok_or_else(|| Unsupported(format!("a bad `\\x` escape `{hex}`")))
            }
            'u' => {
                let high = self.hex4()?;
                // A surrogate pair written as two escapes is one code point, as in Java.
                if (0xD800..0xDC00).contains(&high)
                    && self.peek() == Some('\\')
                    && self.peek_at(1) == Some('u')
                {
                    let save = self.pos;
                    self.pos += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        return char::from_u32(c)
                            .map(Escaped::Char)
                            .ok_or_else(|| Unsupported("a bad surrogate pair".into()));
                    }
                    self.pos = save;
                }
                char::from_u32(high).map(Escaped::Char).ok_or_else(|| {
                    Unsupported(format!(
                        "a lone surrogate `\\u{high:04X}` (no string of a Rust program holds one)"
                    ))
                })
            }
            c if c.is_ascii_alphanumeric() => {
                unsupported(format!("an unknown escape `\\{c}` (not a Java regex)"))
            }
            c => Ok(Escaped::Char(c)),
        }
    }

    fn hex4(&mut self) -> Result<u32, Unsupported> {
        let hex: String = [self.next()?, self.next()?, self.next()?, self.next()?].iter().collect();
        u32::from_str_radix(&hex, 16).map_err(|_| Unsupported(format!("a bad `\\u` escape `{hex}`")))
    }

    /// After a `[`: Java's class syntax with nested classes (union) and `&&` (intersection).
    fn class(&mut self, flags: &Flags) -> Result<Class, Unsupported> {
        let negated = self.eat('^');
        let mut operands: Vec<Vec<ClassItem>> = vec![Vec::new()];
        let start = self.pos;
        loop {
            let c = self
                .next()
                .map_err(|_| Unsupported("an unclosed character class (not a Java regex)".into()))?;
            let first: Option<char> = match c {
                ']' if self.pos - 1 > start => break,
                // `[]` is an empty class in ECMA-262, a literal `]` in Java: not a pattern the
                // dialects agree on, so the ECMA-262 reading is refused here.
                ']' if self.dialect == Dialect::Ecma => {
                    return unsupported("`[]` means something else in Java")
                }
                '[' => {
                    if self.peek() == Some(':') {
                        let end = self.chars[self.pos..].iter().position(|c| *c == ']');
                        if let Some(end) = end.filter(|end| *end > 1 && self.chars[self.pos + end - 1] == ':')
                        {
                            let name: String = self.chars[self.pos..self.pos + end].iter().collect();
                            return unsupported(format!(
                                "the POSIX bracket expression `[{name}]`: Java reads it as a nested class of the characters in `{name}`, surely not what was meant, and enforcing either reading could refuse what the service accepts"
                            ));
                        }
                    }
                    let nested = ClassItem::Nested(self.class(flags)?);
                    push(&mut operands, nested);
                    None
                }
                '&' if self.peek() == Some('&') => {
                    self.pos += 1;
                    operands.push(Vec::new());
                    None
                }
                '\\' => {
                    let escaped = self.next()?;
                    match self.class_escape(escaped)? {
                        Escaped::Char(c) => Some(c),
                        Escaped::Item(item) => {
                            push(&mut operands, item);
                            None
                        }
                    }
                }
                c => Some(c),
            };
            let Some(low) = first else { continue };
            // A range `a-z`; a `-` before `]` or `[` is a literal.
            if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']' | '[') | None) {
                self.pos += 1;
                let high = match self.next()? {
                    '\\' => {
                        let escaped = self.next()?;
                        match self.class_escape(escaped)? {
                            Escaped::Char(c) => c,
                            Escaped::Item(_) => {
                                return unsupported("a range that ends in a class (not a Java regex)")
                            }
                        }
                    }
                    c => c,
                };
                if high < low {
                    return unsupported("an inverted character range (not a Java regex)");
                }
                push(&mut operands, ClassItem::Range(low, high));
            } else {
                push(&mut operands, ClassItem::Char(low));
            }
        }
        if negated && operands.len() > 1 {
            return unsupported(
                "a negated class with `&&`: Java's precedence there changed between versions",
            );
        }
        let fold = flags.fold;
        if fold {
            let named = operands.iter().flatten().any(|item| match item {
                ClassItem::Set { contents, .. } => !is_caseless(contents),
                _ => false,
            });
            if named {
                return unsupported("a named class under `(?i)` is not translated");
            }
        }
        Ok(Class { negated, operands, fold })
    }
}

/// Adds an item to the class's last `&&` operand.
fn push(operands: &mut [Vec<ClassItem>], item: ClassItem) {
    if let Some(items) = operands.last_mut() {
        items.push(item);
    }
}

enum Escaped {
    Char(char),
    Item(ClassItem),
}

/// Sets that `(?i)` leaves as they are: they hold both cases of every ASCII letter or none.
fn is_caseless(contents: &str) -> bool {
    [r"\d", r"\w", r"\s", JAVA_SPACE, JAVA_HSPACE, JAVA_VSPACE].contains(&contents)
}
