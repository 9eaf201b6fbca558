//! Java's named classes (`\p{Name}`) as ECMA-262 class contents: the POSIX names (US-ASCII in
//! Java), Java's own (`L1`, `LD`, `all`), general categories, binary properties and scripts.

use super::java::{Unsupported, JAVA_SPACE};

fn unsupported<T>(why: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(why.into()))
}

/// A Java `\p{name}` as ECMA-262 class contents, and whether the name itself negates.
pub fn property(name: &str) -> Result<(String, bool), Unsupported> {
    // Java's POSIX classes are US-ASCII.
    let posix = match name {
        "Lower" => Some("a-z"),
        "Upper" => Some("A-Z"),
        "ASCII" => Some(r"\x00-\x7F"),
        "Alpha" => Some("a-zA-Z"),
        "Digit" => Some("0-9"),
        "Alnum" => Some("a-zA-Z0-9"),
        "Punct" => Some(r"!-\/:-@\[-`{-~"),
        "Graph" => Some(r"!-~"),
        "Print" => Some(r" -~"),
        "Blank" => Some(r" \t"),
        "Cntrl" => Some(r"\x00-\x1F\x7F"),
        "XDigit" => Some("0-9a-fA-F"),
        "Space" => Some(JAVA_SPACE),
        // Java's own extra names.
        "L1" => Some(r"\x00-\xFF"),
        "all" => Some(r"\u{0}-\u{10FFFF}"),
        "LD" => Some(r"\p{L}\p{Nd}"),
        _ => None,
    };
    if let Some(contents) = posix {
        return Ok((contents.to_owned(), false));
    }
    if name.starts_with("java") {
        return unsupported(format!(
            "`\\p{{{name}}}` (a java.lang.Character method) has no ECMA-262 translation"
        ));
    }
    if let Some(block) = name.strip_prefix("In").or_else(|| name.strip_prefix("block=")) {
        return unsupported(format!("the Unicode block `{block}`: ECMA-262 has no block classes"));
    }
    let bare = name.strip_prefix("Is").unwrap_or(name);
    let bare = bare.strip_prefix("gc=").or_else(|| bare.strip_prefix("general_category=")).unwrap_or(bare);
    if is_general_category(bare) {
        return Ok((format!(r"\p{{{bare}}}"), false));
    }
    if name.starts_with("Is") {
        let key: String =
            bare.chars().filter(|c| *c != '_' && *c != ' ').collect::<String>().to_ascii_uppercase();
        let binary = match key.as_str() {
            "ALPHABETIC" => Some(r"\p{Alphabetic}"),
            "LETTER" => Some(r"\p{L}"),
            "IDEOGRAPHIC" => Some(r"\p{Ideographic}"),
            "LOWERCASE" => Some(r"\p{Lowercase}"),
            "UPPERCASE" => Some(r"\p{Uppercase}"),
            "TITLECASE" => Some(r"\p{Lt}"),
            "PUNCTUATION" => Some(r"\p{P}"),
            "CONTROL" => Some(r"\p{Cc}"),
            "WHITESPACE" => Some(r"\p{White_Space}"),
            "DIGIT" => Some(r"\p{Nd}"),
            "HEXDIGIT" => Some(r"\p{Hex_Digit}"),
            "JOINCONTROL" => Some(r"\p{Join_Control}"),
            "NONCHARACTERCODEPOINT" => Some(r"\p{Noncharacter_Code_Point}"),
            "ASSIGNED" => Some(r"\P{Cn}"),
            _ => None,
        };
        if let Some(contents) = binary {
            return Ok((contents.to_owned(), false));
        }
    }
    let script = bare.strip_prefix("sc=").or_else(|| bare.strip_prefix("script=")).unwrap_or(bare);
    let contents = format!(r"\p{{Script={script}}}");
    if regress::Regex::with_flags(&format!("[{contents}]"), "u").is_ok() {
        return Ok((contents, false));
    }
    unsupported(format!("the property `\\p{{{name}}}` has no ECMA-262 translation here"))
}

fn is_general_category(name: &str) -> bool {
    matches!(
        name,
        "L" | "Lu"
            | "Ll"
            | "Lt"
            | "Lm"
            | "Lo"
            | "LC"
            | "M"
            | "Mn"
            | "Mc"
            | "Me"
            | "N"
            | "Nd"
            | "Nl"
            | "No"
            | "P"
            | "Pc"
            | "Pd"
            | "Ps"
            | "Pe"
            | "Pi"
            | "Pf"
            | "Po"
            | "S"
            | "Sm"
            | "Sc"
            | "Sk"
            | "So"
            | "Z"
            | "Zs"
            | "Zl"
            | "Zp"
            | "C"
            | "Cc"
            | "Cf"
            | "Co"
            | "Cs"
            | "Cn"
    )
}
