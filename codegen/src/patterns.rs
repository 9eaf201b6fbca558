//! `@pattern` regular expressions: decided at generation time how the runtime engine (regress,
//! ECMA-262) runs each one, so no pattern can fail or change meaning at run time.
//!
//! Unicode mode (`u`) is tried first: it is what makes `\p{L}` a property class. Patterns written
//! with Java habits that unicode mode rejects (needless escapes such as `\-` or `\_`, `\A`,
//! `\z`) are translated to their ECMA-262 equivalents and tried again. A pattern that still does
//! not compile is a generation error naming the shape.

use crate::error::{Error, Result};
use crate::model::ShapeId;

/// A pattern ready for the runtime: the source to compile and its flags.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CompiledPattern {
    pub source: String,
    pub flags: &'static str,
}

pub fn compile(shape: &ShapeId, pattern: &str) -> Result<CompiledPattern> {
    let error = match regress::Regex::with_flags(pattern, "u") {
        Ok(_) => return Ok(CompiledPattern { source: pattern.to_owned(), flags: "u" }),
        Err(e) => e,
    };
    let translated = translate(pattern);
    if regress::Regex::with_flags(&translated, "u").is_ok() {
        return Ok(CompiledPattern { source: translated, flags: "u" });
    }
    Err(Error::shape(shape, format!("@pattern `{pattern}` is not an ECMA-262 regular expression: {error}")))
}

/// Rewrites Java-isms into ECMA-262 unicode-mode syntax without changing what matches.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            let Some(next) = chars.next() else {
                out.push('\\');
                break;
            };
            // A negated POSIX class inside a class has no ECMA-262 spelling: it is left as it
            // is, fails to compile, and the error names the shape.
            if next == 'p' || (next == 'P' && !in_class) {
                if let Some(class) = posix_class(&mut chars) {
                    match (in_class, next == 'P') {
                        (true, _) => out.push_str(class),
                        (false, false) => out.push_str(&format!("[{class}]")),
                        (false, true) => out.push_str(&format!("[^{class}]")),
                    }
                    continue;
                }
            }
            match next {
                'A' if !in_class => out.push('^'),
                'z' | 'Z' if !in_class => out.push('$'),
                // `\x{60}` (Java) is `\u{60}` in unicode mode.
                'x' if chars.peek() == Some(&'{') => out.push_str("\\u"),
                // Escapes unicode mode knows stay as they are.
                c if c.is_ascii_alphanumeric() => {
                    out.push('\\');
                    out.push(c);
                }
                // Syntax characters keep their escape.
                '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/' => {
                    out.push('\\');
                    out.push(next);
                }
                '-' if in_class => out.push_str("\\-"),
                // Anything else was a needless escape of a literal character.
                other => out.push(other),
            }
            continue;
        }
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Java's POSIX property classes (US-ASCII, as Java defines them), as ECMA-262 class contents.
/// Consumes `{Name}` when it names one.
fn posix_class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<&'static str> {
    let rest: String = chars.clone().take_while(|c| *c != '}').collect();
    let name = rest.strip_prefix('{')?;
    let class = match name {
        "Print" => r"\x20-\x7E",
        "Graph" => r"\x21-\x7E",
        "ASCII" => r"\x00-\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Upper" => "A-Z",
        "Lower" => "a-z",
        "XDigit" => "0-9a-fA-F",
        "Punct" => r"!-\/:-@\[-`{-~",
        "Space" => r" \t\n\x0B\f\r",
        "Blank" => r" \t",
        "Cntrl" => r"\x00-\x1F\x7F",
        _ => return None,
    };
    // `{` + name + `}`
    for _ in 0..name.len() + 2 {
        chars.next();
    }
    Some(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> ShapeId {
        ShapeId::new("a", "B")
    }

    #[test]
    fn unicode_properties_work() {
        let p = compile(&id(), r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$").unwrap();
        assert_eq!(p.flags, "u");
        let re = regress::Regex::with_flags(&p.source, p.flags).unwrap();
        assert!(re.find("é-ü").is_some());
    }

    #[test]
    fn java_escapes_are_translated() {
        let p = compile(&id(), r"^[a-z\-]+\_x\!$").unwrap();
        let re = regress::Regex::with_flags(&p.source, p.flags).unwrap();
        assert!(re.find("a-b_x!").is_some());
        assert!(re.find("a-b_y!").is_none());
    }

    #[test]
    fn java_posix_classes_become_ascii_ranges() {
        for (pattern, yes, no) in [
            (r"^\p{Print}+$", "a b~", "a\u{7f}"),
            (r"^\A\S[\p{Print}]*\z$", "x y", " x"),
            (r"^[\p{Alnum}_]+$", "a_1", "a-1"),
            (r"^[\x{60}a]+$", "`a", "x{60}"),
        ] {
            let p = compile(&id(), pattern).unwrap();
            let re = regress::Regex::with_flags(&p.source, p.flags).unwrap();
            assert!(re.find(yes).is_some(), "{pattern} should match {yes:?} as {}", p.source);
            assert!(re.find(no).is_none(), "{pattern} should not match {no:?} as {}", p.source);
        }
    }

    #[test]
    fn hopeless_patterns_name_the_shape() {
        let err = compile(&id(), "(unclosed").unwrap_err();
        assert_eq!(err.shape.as_deref(), Some("a#B"));
    }
}
