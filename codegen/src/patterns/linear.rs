//! The same pattern for the `regex` crate, whose automata match in time linear in the input:
//! a server checks `@pattern` on what any peer sends, and a backtracking engine gives a peer
//! that picks the right string against `^([0-9]+)+$` exponential time (the protocol suite's
//! `RestJsonMalformedPatternReDOSString`). Only lookarounds and backreferences, which no
//! automaton has, leave a pattern to the backtracking engine (regress), and lookarounds at the
//! pattern's edges not even those ([`super::guards`]).
//!
//! The input is what [`super::decide`] settled on: ECMA-262 source for unicode mode, whose
//! syntax is strict (no identity escapes of letters, no lone braces), so every construct is
//! known. Each one is written with ECMA-262's meaning spelled out, because the `regex` crate's
//! own `\d`, `\w`, `\s`, `.` and `\b` are Unicode-aware where ECMA-262's are not.

use std::fmt::Write;

/// ECMA-262's `\s`: WhiteSpace and LineTerminator, as class contents.
const ECMA_SPACE: &str =
    r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const ECMA_DIGIT: &str = "0-9";
const ECMA_WORD: &str = "0-9A-Za-z_";
/// What `.` matches without the `s` flag: anything but a LineTerminator.
const ECMA_DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// The `regex` crate's spelling of an ECMA-262 unicode-mode pattern (flags `u` only), or
/// `None` when it needs a backtracking engine (lookarounds, backreferences) or uses something
/// an automaton over UTF-8 text cannot express (a lone surrogate).
pub fn respell(source: &str, flags: &str) -> Option<String> {
    if flags != "u" {
        return None;
    }
    let chars: Vec<char> = source.chars().collect();
    let mut writer = Writer { chars: &chars, at: 0, out: String::with_capacity(source.len() * 2) };
    writer.pattern()?;
    Some(writer.out)
}

struct Writer<'a> {
    chars: &'a [char],
    at: usize,
    out: String,
}

/// One escape's meaning.
enum Escape {
    Char(char),
    /// A lone surrogate (`\uD800`): no UTF-8 text has one.
    Surrogate(u32),
    /// A class: contents for use inside `[...]`, and whether it is negated.
    Set(String, bool),
    /// An assertion (`\b`, `\B`), already spelled.
    Assertion(&'static str),
}

impl Writer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn eat(&mut self, text: &str) -> bool {
        let wanted: Vec<char> = text.chars().collect();
        if self.chars.get(self.at..self.at + wanted.len()) == Some(&wanted[..]) {
            self.at += wanted.len();
            true
        } else {
            false
        }
    }

    fn pattern(&mut self) -> Option<()> {
        while let Some(c) = self.next() {
            match c {
                '\\' => match self.escape()? {
                    Escape::Char(c) => push_literal(&mut self.out, c),
                    // It could match only in UTF-16 text; left to the ECMA-262 engine.
                    Escape::Surrogate(_) => return None,
                    Escape::Set(contents, negated) => {
                        let _ = write!(self.out, "[{}{contents}]", if negated { "^" } else { "" });
                    }
                    Escape::Assertion(spelled) => self.out.push_str(spelled),
                },
                '.' => self.out.push_str(ECMA_DOT),
                '[' => self.class()?,
                '(' => self.group()?,
                ')' | '|' | '*' | '+' | '?' | '^' | '$' => self.out.push(c),
                '{' => self.quantifier()?,
                c => push_literal(&mut self.out, c),
            }
        }
        Some(())
    }

    /// After `(`: a group's opening. Captures become plain groups (only whether the pattern
    /// matches counts); lookarounds have no automaton, and modifier groups (`(?i:...)`) mean
    /// ECMA-262's case folding and line terminators, which the `regex` crate's flags do not.
    fn group(&mut self) -> Option<()> {
        if self.eat("?:") {
        } else if self.eat("?<") {
            if matches!(self.peek(), Some('=' | '!')) {
                return None;
            }
            // A named group: its name, up to `>`.
            while self.next()? != '>' {}
        } else if self.peek() == Some('?') {
            return None;
        }
        self.out.push_str("(?:");
        Some(())
    }

    /// After `{`: `{n}`, `{n,}` or `{n,m}` (unicode mode has no lone braces), and a lazy `?`.
    fn quantifier(&mut self) -> Option<()> {
        self.out.push('{');
        loop {
            let c = self.next()?;
            if !(c.is_ascii_digit() || c == ',' || c == '}') {
                return None;
            }
            self.out.push(c);
            if c == '}' {
                return Some(());
            }
        }
    }

    /// After `[`: a class, every member spelled so that nothing in it is the `regex` crate's
    /// class syntax (`[`, `&&`, `--`, `~~`).
    fn class(&mut self) -> Option<()> {
        let negated = self.eat("^");
        if self.peek() == Some(']') {
            // `[]` matches nothing and `[^]` anything: rare enough to leave to regress.
            return None;
        }
        let mut contents = String::new();
        loop {
            let c = self.next()?;
            let low = match c {
                ']' => break,
                '\\' => match self.escape_in_class()? {
                    Escape::Char(c) => u32::from(c),
                    Escape::Surrogate(code) => code,
                    Escape::Set(set, set_negated) => {
                        if set_negated {
                            let _ = write!(contents, "[^{set}]");
                        } else {
                            contents.push_str(&set);
                        }
                        continue;
                    }
                    Escape::Assertion(_) => return None,
                },
                c => u32::from(c),
            };
            // A range `low-high` (unicode mode allows no class escape at either end).
            let mut high = low;
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                high = match self.next()? {
                    '\\' => match self.escape_in_class()? {
                        Escape::Char(c) => u32::from(c),
                        Escape::Surrogate(code) => code,
                        _ => return None,
                    },
                    c => u32::from(c),
                };
            }
            push_class_range(&mut contents, low, high);
        }
        if contents.is_empty() {
            // Only surrogates: a class that matches nothing in UTF-8 text.
            return None;
        }
        let _ = write!(self.out, "[{}{contents}]", if negated { "^" } else { "" });
        Some(())
    }

    fn escape_in_class(&mut self) -> Option<Escape> {
        match self.peek()? {
            'b' => {
                self.at += 1;
                Some(Escape::Char('\x08'))
            }
            '-' => {
                self.at += 1;
                Some(Escape::Char('-'))
            }
            'B' => None,
            _ => self.escape(),
        }
    }

    /// After `\`.
    fn escape(&mut self) -> Option<Escape> {
        let c = self.next()?;
        let set = |contents: &str, negated| Some(Escape::Set(contents.to_owned(), negated));
        match c {
            'd' | 'D' => set(ECMA_DIGIT, c == 'D'),
            'w' | 'W' => set(ECMA_WORD, c == 'W'),
            's' | 'S' => set(ECMA_SPACE, c == 'S'),
            // ECMA-262's word characters are ASCII (without `i`), as the `regex` crate's
            // ASCII word boundary.
            'b' => Some(Escape::Assertion(r"(?-u:\b)")),
            'B' => Some(Escape::Assertion(r"(?-u:\B)")),
            't' => Some(Escape::Char('\t')),
            'n' => Some(Escape::Char('\n')),
            'r' => Some(Escape::Char('\r')),
            'f' => Some(Escape::Char('\x0C')),
            'v' => Some(Escape::Char('\x0B')),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => Some(Escape::Char('\0')),
            'c' => {
                let letter = self.next().filter(char::is_ascii_alphabetic)?;
                char::from_u32(u32::from(letter) % 32).map(Escape::Char)
            }
            'x' => {
                let code = self.hex(2)?;
                char::from_u32(code).map(Escape::Char)
            }
            'u' => {
                let code = self.unicode_escape()?;
                Some(char::from_u32(code).map_or(Escape::Surrogate(code), Escape::Char))
            }
            'p' | 'P' => {
                if self.next()? != '{' {
                    return None;
                }
                let mut name = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        c if c.is_ascii_alphanumeric() || c == '_' || c == '=' => name.push(c),
                        _ => return None,
                    }
                }
                set(&format!(r"\p{{{name}}}"), c == 'P')
            }
            // Syntax characters and `/` stand for themselves.
            c if "^$\\.*+?()[]{}|/".contains(c) => Some(Escape::Char(c)),
            // Backreferences (`\1`, `\k<name>`) and anything else.
            _ => None,
        }
    }

    /// After `\u`: `XXXX`, a surrogate pair of two such escapes, or `{X...}`; the code
    /// point, or a lone surrogate.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.eat("{") {
            let mut code = 0u32;
            loop {
                let c = self.next()?;
                if c == '}' {
                    return (code <= 0x10FFFF).then_some(code);
                }
                code = code.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
            }
        }
        let code = self.hex(4)?;
        if (0xD800..0xDC00).contains(&code) {
            // A high surrogate and a low one escaped right after it are one code point.
            let before = self.at;
            if self.eat("\\u") {
                match self.hex(4) {
                    Some(low) if (0xDC00..0xE000).contains(&low) => {
                        return Some(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
                    }
                    _ => self.at = before,
                }
            }
        }
        Some(code)
    }

    fn hex(&mut self, digits: usize) -> Option<u32> {
        let mut code = 0;
        for _ in 0..digits {
            code = code * 16 + self.next()?.to_digit(16)?;
        }
        Some(code)
    }
}

/// A literal outside a class: letters, digits and non-ASCII as they are, the rest escaped.
fn push_literal(out: &mut String, c: char) {
    if c.is_alphanumeric() {
        out.push(c);
    } else {
        let _ = write!(out, r"\x{{{:X}}}", u32::from(c));
    }
}

/// A class member `low-high` (one character when they are equal), without the surrogates
/// in it: no UTF-8 text has them, so they match nothing there either way.
fn push_class_range(out: &mut String, low: u32, high: u32) {
    const SURROGATES: std::ops::RangeInclusive<u32> = 0xD800..=0xDFFF;
    let pieces = if high < *SURROGATES.start() || low > *SURROGATES.end() {
        vec![(low, high)]
    } else {
        vec![(low, high.min(0xD7FF)), (low.max(0xE000), high)]
    };
    for (low, high) in pieces {
        let (Some(first), Some(last)) = (char::from_u32(low), char::from_u32(high)) else { continue };
        if first > last {
            continue;
        }
        push_literal(out, first);
        if last != first {
            out.push('-');
            push_literal(out, last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::respell;

    #[test]
    fn spells_ecma_meanings_out() {
        assert_eq!(respell(r"^\d+$", "u").as_deref(), Some("^[0-9]+$"));
        assert_eq!(respell(r"^[\w-]{1,3}$", "u").as_deref(), Some(r"^[0-9A-Za-z_\x{2D}]{1,3}$"));
        assert_eq!(respell(r"a.b", "u").as_deref(), Some(r"a[^\n\r\x{2028}\x{2029}]b"));
        assert_eq!(respell(r"[a&&b]", "u").as_deref(), Some(r"[a\x{26}\x{26}b]"));
        assert_eq!(respell(r"^\uD83D\uDE00$", "u").as_deref(), Some(r"^\x{1F600}$"));
        assert_eq!(respell(r"^\p{L}+(?<n>x)$", "u").as_deref(), Some(r"^[\p{L}]+(?:x)$"));
    }

    #[test]
    fn leaves_what_no_automaton_has() {
        assert_eq!(respell(r"^(?!aws:).*$", "u"), None);
        assert_eq!(respell(r"(a)\1", "u"), None);
        assert_eq!(respell(r"x(?<=a)", "u"), None);
        assert_eq!(respell(r"\uDC00", "u"), None);
        assert_eq!(respell(r"[^]", "u"), None);
    }
}
