//! `@pattern` regular expressions: decided at generation time, for each one, how the runtime
//! engine (regress, ECMA-262) checks it, or that it is not checked, and why. A pattern is
//! either enforced with its meaning or visibly not enforced; never silently changed.
//!
//! - A pattern that is ECMA-262 as written in unicode mode (which `\p{L}` needs) runs as
//!   written: that is what the Smithy specification says `@pattern` is.
//! - A pattern that is ECMA-262 only in non-unicode mode (identity escapes such as `\-` or
//!   `\_`, `[\w-_]`, lone braces, quantified lookaheads: Annex B syntax) keeps ECMA-262's
//!   meaning, respelled for unicode mode.
//! - Any other pattern is read as Java wrote it: AWS's models are checked with Smithy's own
//!   tooling, which compiles every pattern with `java.util.regex`. [`java`] parses it and
//!   [`ecma`] writes the same meaning as ECMA-262 (inline flags, scoped modifiers, possessive
//!   quantifiers, nested classes and `&&`, POSIX and Java property classes, octal escapes,
//!   quantified assertions, and Java's own `.`, `^`, `$` and `\s`).
//! - A pattern with no faithful translation, or one that no string can match, is not
//!   enforced; the generator warns, naming the shape, and documents it on the member.

pub mod ecma;
pub mod guards;
pub mod java;
pub mod linear;
mod properties;

/// What the runtime compiles for one pattern: the ECMA-262 source and its flags, and the same
/// pattern for the `regex` crate when automata can run it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CompiledPattern {
    pub source: String,
    pub flags: &'static str,
    /// `None` when the pattern needs a backtracking engine (lookarounds away from its edges,
    /// backreferences).
    pub automaton: Option<Automaton>,
}

/// The `regex` crate's spelling of a pattern ([`linear`]), time linear in the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Automaton {
    /// The whole pattern as one automaton.
    Whole(String),
    /// An automaton for all but the pattern's edge lookarounds, and one for each of those
    /// ([`guards`]), each with whether it must match (the first, the rest of the pattern,
    /// always must).
    Guarded(Vec<(String, bool)>),
}

impl CompiledPattern {
    fn new(source: String, flags: &'static str) -> CompiledPattern {
        // Checked here with the `regex` crate's default limits, which the runtime uses too.
        let spell = |source: &str| linear::respell(source, flags).filter(|l| regex::Regex::new(l).is_ok());
        let guarded = || {
            let split = guards::split(&source)?;
            let mut parts = vec![(spell(&split.main)?, true)];
            for guard in split.guards {
                parts.push((spell(&guard.source)?, guard.must_match));
            }
            // The runtime compiles them together, within the same limits.
            regex::RegexSet::new(parts.iter().map(|(s, _)| s)).ok()?;
            Some(Automaton::Guarded(parts))
        };
        let automaton = spell(&source).map(Automaton::Whole).or_else(guarded);
        CompiledPattern { source, flags, automaton }
    }
}

/// How one `@pattern` value is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// ECMA-262 (unicode mode) as written.
    AsWritten(CompiledPattern),
    /// Respelled for unicode mode, with the meaning it has in its dialect: ECMA-262's
    /// non-unicode mode, or Java.
    Translated(CompiledPattern, java::Dialect),
    /// Not checked at run time, for this reason.
    NotEnforced(String),
}

impl Decision {
    /// What to compile, when the pattern is enforced.
    pub fn compiled(&self) -> Option<&CompiledPattern> {
        match self {
            Decision::AsWritten(compiled) | Decision::Translated(compiled, _) => Some(compiled),
            Decision::NotEnforced(_) => None,
        }
    }
}

/// Decides how `pattern` is checked. The same pattern always gets the same decision; a
/// generation asks for most patterns more than once, so decisions are kept per thread.
pub fn decide(pattern: &str) -> Decision {
    thread_local! {
        static DECIDED: std::cell::RefCell<std::collections::HashMap<String, Decision>> = Default::default();
    }
    if let Some(known) = DECIDED.with(|d| d.borrow().get(pattern).cloned()) {
        return known;
    }
    let decision = decide_uncached(pattern);
    DECIDED.with(|d| d.borrow_mut().insert(pattern.to_owned(), decision.clone()));
    decision
}

fn decide_uncached(pattern: &str) -> Decision {
    let java_classes = java_class_syntax(pattern);
    if !java_classes && regress::Regex::with_flags(pattern, "u").is_ok() {
        return Decision::AsWritten(CompiledPattern::new(pattern.to_owned(), "u"));
    }
    let annex_b =
        !java_classes && ecma_escapes_only(pattern) && regress::Regex::with_flags(pattern, "").is_ok();
    if annex_b {
        if let Some(decision) = translate(pattern, java::Dialect::Ecma) {
            return decision;
        }
    }
    translate(pattern, java::Dialect::Java).unwrap_or_else(|| {
        Decision::NotEnforced("no translation compiled (a generator bug: please report the pattern)".into())
    })
}

/// The pattern read in `dialect` and respelled; `None` when the respelling does not compile.
fn translate(pattern: &str, dialect: java::Dialect) -> Option<Decision> {
    let node = match java::parse(pattern, dialect) {
        Ok(node) => node,
        Err(_) if dialect == java::Dialect::Ecma => return None,
        Err(why) => return Some(Decision::NotEnforced(why.0)),
    };
    if let Some(why) = never_matches(&node) {
        return Some(Decision::NotEnforced(why));
    }
    let source = ecma::emit(&node, dialect);
    let compiles = regress::Regex::with_flags(&source, "u").is_ok();
    compiles.then_some(Decision::Translated(CompiledPattern::new(source, "u"), dialect))
}

/// True when every escape is one ECMA-262 has (non-unicode mode), or an identity escape of a
/// punctuation character: `\A`, `\z`, `\p{..}` and the like mean a letter there, so a
/// pattern with them is Java's, not ECMA-262's.
fn ecma_escapes_only(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let hex = |from: usize, n: usize| {
        chars.get(from..from + n).is_some_and(|h| h.iter().all(char::is_ascii_hexdigit))
    };
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            let Some(&c) = chars.get(i + 1) else { return false };
            let known = !c.is_ascii_alphanumeric()
                || "dDwWsSbBtnrfv123456789".contains(c)
                || (c == '0' && !chars.get(i + 2).is_some_and(char::is_ascii_digit))
                || (c == 'c' && chars.get(i + 2).is_some_and(char::is_ascii_alphabetic))
                || (c == 'x' && hex(i + 2, 2))
                || (c == 'u' && hex(i + 2, 4));
            if !known {
                return false;
            }
            i += 1;
        }
        i += 1;
    }
    true
}

/// A warning for a pattern the generated code does not check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotEnforced {
    /// The shape or member id that carries the pattern.
    pub shape: String,
    pub pattern: String,
    pub why: String,
}

impl std::fmt::Display for NotEnforced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "shape `{}`: @pattern `{}` is not enforced: {}", self.shape, self.pattern, self.why)
    }
}

/// The sentence the generated docs carry for a member whose pattern is not enforced.
pub fn doc_note(pattern: &str, why: &str) -> String {
    format!(" The model's `@pattern` `{pattern}` is not enforced by this crate's validation: {why}.")
}

/// Classes that ECMA-262 reads differently from Java: a `[` or `&&` inside a class is a nested
/// class or an intersection in Java, but literal characters in ECMA-262.
fn java_class_syntax(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if in_class => return true,
            '[' => {
                in_class = true;
                // A `]` first in a class, or after `^`, is a literal in Java.
                if chars.get(i + 1) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    i += 1;
                }
            }
            ']' if in_class => in_class = false,
            '&' if in_class && chars.get(i + 1) == Some(&'&') => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Why no string can match, when a literal character must follow the end of input (as in
/// `^\P{C}*$}$`): enforcing that would refuse every value.
fn never_matches(node: &java::Node) -> Option<String> {
    use java::Node;
    match node {
        Node::Concat(items) => {
            for pair in items.windows(2) {
                let end = match &pair[0] {
                    Node::LineEnd { multiline: false } | Node::InputEndBeforeTerminator => "$",
                    Node::InputEnd => "\\z",
                    _ => continue,
                };
                if let Node::Char { c, .. } = &pair[1] {
                    if end == "\\z" || !"\n\r\u{85}\u{2028}\u{2029}".contains(*c) {
                        return Some(format!(
                            "the literal `{c}` after the end anchor `{end}` can never match, so no value would pass (as Java reads it, too)"
                        ));
                    }
                }
            }
            items.iter().find_map(never_matches)
        }
        Node::Alt(items) => {
            // Only when every alternative is impossible; one impossible branch is harmless.
            let reasons: Vec<String> = items.iter().filter_map(never_matches).collect();
            (reasons.len() == items.len()).then(|| reasons.into_iter().next()).flatten()
        }
        Node::Capture { body, .. } | Node::Atomic(body) => never_matches(body),
        Node::Repeat { body, min, .. } if *min > 0 => never_matches(body),
        _ => None,
    }
}

/// The outcome of deciding every pattern of a list (`cargo xtask patterns FILE`).
#[derive(Debug, Default)]
pub struct Survey {
    pub as_written: usize,
    /// ECMA-262 patterns of non-unicode mode, respelled.
    pub respelled: usize,
    /// Java patterns, translated.
    pub translated: usize,
    /// Pattern, the first shape that uses it, and why it is not enforced.
    pub not_enforced: Vec<(String, String, String)>,
}

impl Survey {
    pub fn total(&self) -> usize {
        self.enforced() + self.not_enforced.len()
    }

    pub fn enforced(&self) -> usize {
        self.as_written + self.respelled + self.translated
    }

    pub fn summary(&self) -> String {
        format!(
            "patterns: {} enforced, {} not enforced, {} in all",
            self.enforced(),
            self.not_enforced.len(),
            self.total()
        )
    }
}

/// Decides every pattern of a list in the format of `patterns-all-aws.tsv`: a header line,
/// then `<pattern as a JSON string>\t<shape id>` per line.
pub fn survey(list: &str) -> Result<Survey, String> {
    let mut survey = Survey::default();
    for (number, line) in list.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let (pattern, shape) = line.split_once('\t').unwrap_or((line, ""));
        let pattern: String = serde_json::from_str(pattern)
            .map_err(|e| format!("line {}: the pattern is not a JSON string: {e}", number + 1))?;
        match decide(&pattern) {
            Decision::AsWritten(_) => survey.as_written += 1,
            Decision::Translated(_, java::Dialect::Ecma) => survey.respelled += 1,
            Decision::Translated(_, java::Dialect::Java) => survey.translated += 1,
            Decision::NotEnforced(why) => survey.not_enforced.push((pattern, shape.to_owned(), why)),
        }
    }
    Ok(survey)
}
