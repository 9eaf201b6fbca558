//! `@pattern` decisions keep each pattern's meaning (issue: every AWS pattern handled).
//!
//! - Every rewrite kind is checked against strings that must match and strings that must not,
//!   taken from the pattern's intent and from Java's regex semantics.
//! - Every pattern translated from Java syntax (these cases, the shared list of all 3,453 AWS
//!   patterns, the corpus models) agrees with `java.util.regex` itself on hundreds of probes:
//!   `tests/patterns/JavaRegexOracle.java`, run with the JDK (CI installs one).
//! - Every pattern respelled from ECMA-262's non-unicode syntax agrees with that mode.
//! - The shared list's survey: what `cargo xtask patterns` prints.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use codegen::patterns::java::{Dialect, Node};
use codegen::patterns::{decide, Automaton, Decision};

/// Pattern, strings that must match, strings that must not. Grouped by rewrite kind.
const CASES: &[(&str, &[&str], &[&str])] = &[
    // Inline flags at the start: `(?s)` lets `.` cross lines.
    (r"^(?s).+$", &["a\nb", "x"], &[""]),
    (
        r"^(?s)\s*-----BEGIN CERTIFICATE-----.+-----END CERTIFICATE-----\s*$",
        &["-----BEGIN CERTIFICATE-----\nMIIB\nxyz\n-----END CERTIFICATE-----\n"],
        &["-----BEGIN CERTIFICATE----------END CERTIFICATE-----", "MIIB"],
    ),
    // `(?i)` is ASCII-only in Java: `ſ` (U+017F) is not an `s`, the Kelvin sign not a `k`.
    (r"^(?i)(true|false)$", &["true", "TRUE", "False", "true\n"], &["yes", "truex", "falſe", "true\n\n"]),
    (r"^(?i)all|[0-9]{12}$", &["ALL", "All", "123456789012", "allow"], &["al", "12345"]),
    (r"(?i)kelvin", &["KELVIN"], &["\u{212A}elvin"]),
    // Scoped `(?i)` inside a lookahead: holds to the end of that group only.
    (
        r"^(?!(?i)(arn|aws):)[\p{L}\p{M}\p{S}\p{N}\p{P}]+$",
        &["user", "Arnold", "awsome", "é-ü"],
        &["arn:x", "ARN:x", "Aws:foo", "a b"],
    ),
    // `(?i)` after `|` in a group: the alternative before it stays case-sensitive.
    (
        r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
        &["My budget", "a/ACTION/b", "<scrip>"],
        &["x<SCRIPT>y</Script>", "a/action/b", "a:b"],
    ),
    // `(?ms)` with `(?-s:...)`: the scoped part cannot cross a line.
    (
        r"^(?ms)\s*^-----BEGIN (?-s:.*)PRIVATE KEY-----$.*?^-----END (?-s:.*)PRIVATE KEY-----$\s*$",
        &[
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY-----",
            "\n-----BEGIN PRIVATE KEY-----\r\nMIIE\r\n-----END PRIVATE KEY-----\r\n",
        ],
        &[
            "-----BEGIN RSA\nPRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            "x-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
        ],
    ),
    // `(?m)`: Java's `^` never matches at the very end, nor between `\r` and `\n`.
    (r"(?m)^b$", &["a\nb\nc", "a\r\nb\r\nc", "a\u{85}b"], &["ab", "a\nbc"]),
    (r"(?m)^$", &["a\n\nb"], &["a\n", "a"]),
    (r"(?-m:^a)(?m:b$)", &["ab\nc"], &["c\nab"]),
    // Possessive quantifiers never give back.
    (r"^[0-9A-Z]{2}+$", &["AB", "09"], &["ABC", "A"]),
    (r"^[ab]*+b$", &[], &["aab", "b"]),
    (r"^a?+a$", &["aa"], &["a"]),
    (r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$", &["/a/b", "a"], &["//a", "a//b"]),
    (
        r"^arn:aws:kinesisanalytics:[a-z]{2}-[a-z]+-\d{1}+:\d{12}+:application/[a-zA-Z0-9_.-]{1,128}$",
        &["arn:aws:kinesisanalytics:us-east-1:123456789012:application/app"],
        &["arn:aws:kinesisanalytics:us-east-12:123456789012:application/app"],
    ),
    // Atomic groups.
    (r"^(?>a|ab)c$", &["ac"], &["abc"]),
    // Nested classes are unions; a negation covers them too (Java 9 and later).
    (r"^[a-c[x-z]]+$", &["abyz"], &["m", "[", "a]"]),
    (r"^[^a[b]]$", &["c"], &["a", "b"]),
    // Intersections.
    (r"^[\p{Print}&&[^|:/]]+$", &["abc 1~"], &["a|b", "a:b", "é", "a\tb"]),
    (r"^[a-z&&[^aeiou]]+$", &["xyz"], &["abc", "X"]),
    (r"^[a-z&&def]$", &["d"], &["a", "g"]),
    // Java's POSIX classes are US-ASCII.
    (r"^\p{Alpha}\p{Digit}\p{Punct}\p{XDigit}$", &["a1!f"], &["é1!f", "a1aF"]),
    (r"^\P{Print}$", &["\t", "é"], &["a", " "]),
    (r"^[\p{Upper}\p{Digit}_]+$", &["AB_1"], &["ab"]),
    (r"^\A\S[\p{Print}]*\z$", &["x y"], &[" x", "x\n", "xé"]),
    // Java's own property names.
    (r"^[^\p{C}\p{IsWhitespace}]+$", &["abc", "é"], &["a b", "a\u{a0}b", "a\u{200b}b"]),
    (r#"^[0-9\p{IsAlphabetic}+:,.@'" -]*$"#, &["Café 9", "中文"], &["a_b", "a!b"]),
    (r"^(\p{LD}|\p{Punct}| )+$", &["abc 12!", "é٣"], &["a\tb", "a\u{2010}b"]),
    (r"^[\p{all}]*$", &["anything\n😀"], &[]),
    (r"^\p{L1}+$", &["ÿa"], &["Ā"]),
    (r"^\p{IsLatin}+$", &["éa"], &["ж", "1"]),
    (r"^\pL\p{IsLu}$", &["aB"], &["ab"]),
    // Octal escapes.
    (r"^[^/:|\000-\037]+$", &["a b"], &["a\u{1}b", "a\u{1f}", "a/b"]),
    (r"^\0101$", &["A"], &["\u{8}1"]),
    // Quantified assertions (Java allows them; ECMA-262 only through a group).
    (r"^[-_a-zA-Z0-9]*${2,64}$", &["abc", ""], &["a b"]),
    (r"^([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}$", &["a b:1"], &["a!"]),
    (r"^(\/|(\/(?!\.)+[^$#<>;`|&?{}^*/\n]+){1,4})$", &["/a", "/a/b", "/"], &["/.a", "/a/b/c/d/e", "a"]),
    // A second repetition in braces applies to an empty atom: `{11}{0,1011}` is `{11}`.
    (r"^rule/[0-9a-zA-Z]{11}{0,1011}$", &["rule/abcdefghijk"], &["rule/abcdefghijkl", "rule/abc"]),
    // Java's `.` stops at `\u0085` too; its `\s` is US-ASCII; its `$` allows one final line
    // terminator.
    (r"^(?i)a.c$", &["abc", "a\u{2}c"], &["a\u{85}c", "a\nc", "a\u{2028}c"]),
    (r"^(?i)\s$", &[" ", "\u{b}"], &["\u{a0}", "\u{2003}"]),
    (r"^(?i)x$", &["x\r\n", "x\u{2029}"], &["x\n\r", "x\r\n\n"]),
    // Quoting, `\x{..}` and surrogate pairs as two `\u` escapes.
    (r"^(?i)\Q.*\E$", &[".*"], &["ab"]),
    (r"^[\x{60}a]+$", &["`a"], &["x{60}"]),
    (r"^(?i)\uD83D\uDE00$", &["😀"], &["😁", "x"]),
    // A `]` first in a class is a literal in Java; a second repetition in braces repeats an
    // empty atom.
    (r"^[]a]+$", &["]a", "a"], &["b"]),
    (r"^[^]a]$", &["b"], &["]", "a"]),
    (r"^a{2}{3}$", &["aa"], &["aaaaaa"]),
    // Case-insensitive classes, negated after folding.
    (r"^(?i)[a-c]+$", &["aBc"], &["d"]),
    (r"^(?i)[^a]$", &["b"], &["a", "A"]),
    // ECMA-262 non-unicode syntax (Annex B), respelled: ECMA-262's meaning, including `$`.
    (r"^[A-Z\_]+$", &["AB_"], &["AB-", "AB_\n"]),
    (r"^[\w-_]*$", &["a-b_c"], &["a.b"]),
    (r"^[a-zA-Z0-9\s-_()\[\]]+$", &["a b-(c)[d]"], &["a.b"]),
    (r"^\{[\w\s:\{\}\[\]]*}$", &["{a: b}"], &["{a"]),
    (r"^[\p{L}\p{N}\p{Z}-_]*$", &["é 1-_"], &["a."]),
    (r"^(\/(?!\.)+[a-z]+)$", &["/a"], &["/.a"]),
    (
        r"^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?))\:?$",
        &["2024-01-15", "2024-01", "20240115"],
        &["202401", "2024-0115"],
    ),
];

/// Patterns that are not enforced, and a part of the reason the generator gives.
const NOT_ENFORCED: &[(&str, &str)] = &[
    (r"^(\[[[:alnum:]\/\_]+\])?$", "POSIX bracket expression"),
    (r"^\P{C}*$}$", "can never match"),
    (r"(?i)\bfoo", "word boundary"),
    (r"^\p{InGreek}+$", "block"),
    (r"(?x) a b", "comments mode"),
    (r"^\p{javaLowerCase}$", "java.lang.Character"),
    (r"^(a)\1(?i)$", "back reference"),
    (r"(?i)\p{Lu}", "under `(?i)`"),
    (r"^[\p{Print}&&[^|:/]]+(", "unclosed group"),
];

#[test]
fn every_rewrite_kind_keeps_its_meaning() {
    for (pattern, yes, no) in CASES {
        let decision = decide(pattern);
        let compiled =
            decision.compiled().unwrap_or_else(|| panic!("{pattern} must be enforced: {decision:?}"));
        let regex = regress::Regex::with_flags(&compiled.source, compiled.flags).unwrap();
        for s in *yes {
            assert!(regex.find(s).is_some(), "{pattern} (as {}) must match {s:?}", compiled.source);
        }
        for s in *no {
            assert!(regex.find(s).is_none(), "{pattern} (as {}) must not match {s:?}", compiled.source);
        }
    }
}

#[test]
fn patterns_without_a_faithful_translation_are_not_enforced_and_say_why() {
    for (pattern, why) in NOT_ENFORCED {
        match decide(pattern) {
            Decision::NotEnforced(reason) => {
                assert!(reason.contains(why), "{pattern}: reason {reason:?} should mention {why:?}")
            }
            other => panic!("{pattern} must not be enforced, got {other:?}"),
        }
    }
}

#[test]
fn ecma_patterns_run_as_written() {
    for pattern in [r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$", r"^(?!aws:)[a-z]+(?<!-)$", "^[a-z]+$"] {
        assert!(matches!(decide(pattern), Decision::AsWritten(c) if c.source == pattern), "{pattern}");
    }
    // A class with `[` or `&&` inside is Java's syntax even where ECMA-262 would accept it.
    assert!(matches!(decide("^[a-c[x-z]]+$"), Decision::Translated(_, Dialect::Java)));
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-models")
}

/// Every distinct pattern of the shared list and the corpus models, when they are there.
fn shared_patterns() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let dir = shared();
    let Ok(list) = std::fs::read_to_string(dir.join("patterns-all-aws.tsv")) else {
        eprintln!("skipped: ../shared/aws-models/patterns-all-aws.tsv not found");
        return found;
    };
    for line in list.lines().skip(1) {
        let json = line.split('\t').next().unwrap();
        found.insert(serde_json::from_str::<String>(json).unwrap());
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let model: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for shape in model["shapes"].as_object().unwrap().values() {
            let mut traits = vec![&shape["traits"]];
            if let Some(members) = shape["members"].as_object() {
                traits.extend(members.values().map(|m| &m["traits"]));
            }
            for t in traits {
                if let Some(p) = t.get("smithy.api#pattern").and_then(|p| p.as_str()) {
                    found.insert(p.to_owned());
                }
            }
        }
    }
    found
}

/// Patterns of the cases and the shared material that were translated from `dialect`.
fn translated(dialect: Dialect) -> Vec<(String, Node, String)> {
    let mut patterns: BTreeSet<String> = CASES.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    patterns.extend(shared_patterns());
    patterns
        .into_iter()
        .filter_map(|pattern| match decide(&pattern) {
            Decision::Translated(compiled, d) if d == dialect => {
                let node = codegen::patterns::java::parse(&pattern, dialect).unwrap();
                Some((pattern, node, compiled.source))
            }
            _ => None,
        })
        .collect()
}

/// A small deterministic generator (xorshift), so probes are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const POOL: &str =
    "aZz09_-.:/@ !#$%&*+=,;?'\"`~^|\\()[]{}<>\t\n\r\u{b}\u{85}\u{a0}\u{2028}éſ\u{212A}中ж٣😀\u{300}\u{1}";

/// A string the pattern probably matches, built by walking it (lookarounds ignored).
fn sample(node: &Node, rng: &mut Rng, out: &mut String) {
    match node {
        Node::Char { c, fold } => {
            let swap = *fold && rng.below(2) == 0;
            out.push(if swap && c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { *c });
        }
        Node::Class(class) => {
            let source = codegen::patterns::ecma::class_source(class);
            let regex = regress::Regex::with_flags(&format!("^(?:{source})$"), "u").unwrap();
            let fits: Vec<char> = POOL.chars().filter(|c| regex.find(&c.to_string()).is_some()).collect();
            if !fits.is_empty() {
                out.push(fits[rng.below(fits.len())]);
            }
        }
        Node::Dot { .. } => out.push(POOL.chars().nth(rng.below(20)).unwrap()),
        Node::Capture { body, .. } | Node::Atomic(body) => sample(body, rng, out),
        Node::Concat(items) => items.iter().for_each(|item| sample(item, rng, out)),
        Node::Alt(items) => sample(&items[rng.below(items.len())], rng, out),
        Node::Repeat { body, min, max, .. } => {
            let most = max.unwrap_or(min + 3).min(min + 3);
            let count = *min as usize + rng.below((most - min + 1) as usize);
            for _ in 0..count.min(40) {
                sample(body, rng, out);
            }
        }
        _ => {}
    }
}

/// Probes for one pattern: samples of it and their near misses, the cases' strings, and a
/// fixed set of short strings.
fn probes(pattern: &str, node: &Node) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ pattern.len() as u64);
    let mut probes: BTreeSet<String> = POOL.chars().map(String::from).collect();
    probes.extend(["", "abc", "ABC", "a b", "a\n", "\n", "a\r\n", "1234", "arn:aws:x"].map(str::to_owned));
    for (p, yes, no) in CASES {
        if *p == pattern {
            probes.extend(yes.iter().chain(no.iter()).map(|s| (*s).to_owned()));
        }
    }
    for _ in 0..12 {
        let mut s = String::new();
        sample(node, &mut rng, &mut s);
        let chars: Vec<char> = s.chars().collect();
        let cut = rng.below(chars.len() + 1);
        let odd = POOL.chars().nth(rng.below(POOL.chars().count())).unwrap();
        probes.extend([
            format!("{s}\n"),
            format!("{s}\r\n"),
            format!("{s}\u{85}"),
            format!("{odd}{s}"),
            chars[..cut].iter().collect::<String>()
                + &odd.to_string()
                + &chars[cut..].iter().collect::<String>(),
            chars.iter().enumerate().filter(|(i, _)| *i != cut).map(|(_, c)| c).collect(),
            s.to_ascii_uppercase(),
            s,
        ]);
    }
    probes.into_iter().filter(|p| p.chars().count() <= 200).collect()
}

/// The probes, and each again with what a lookaround of the pattern looks for put where it
/// looks (a lookahead's sample before the probe, a lookbehind's after it), so that the
/// lookarounds are asked both ways.
fn lookaround_probes(node: &Node, probes: Vec<String>) -> Vec<String> {
    fn looks<'n>(node: &'n Node, out: &mut Vec<(bool, &'n Node)>) {
        match node {
            Node::Look { behind, body, .. } => out.push((*behind, body)),
            Node::Capture { body, .. } | Node::Atomic(body) | Node::Repeat { body, .. } => looks(body, out),
            Node::Concat(items) | Node::Alt(items) => items.iter().for_each(|item| looks(item, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    looks(node, &mut found);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut out: BTreeSet<String> = probes.iter().cloned().collect();
    for (behind, body) in found {
        for probe in &probes {
            let mut looked_for = String::new();
            sample(body, &mut rng, &mut looked_for);
            out.insert(if behind { format!("{probe}{looked_for}") } else { format!("{looked_for}{probe}") });
        }
    }
    out.into_iter().filter(|p| p.chars().count() <= 200).collect()
}

fn hex(s: &str) -> String {
    s.chars().map(|c| format!("{:x}", u32::from(c))).collect::<Vec<_>>().join(" ")
}

/// Runs the Java oracle over patterns and their probes: one answer line per input line.
fn java_answers(input: &str) -> Option<Vec<String>> {
    let oracle = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patterns/JavaRegexOracle.java");
    let mut child = match Command::new("java")
        .arg(&oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "CI must have a JDK (`java`) for this test: {e}");
            eprintln!("skipped: no `java` on PATH ({e}); install a JDK to check translations against Java");
            return None;
        }
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "the Java oracle failed");
    Some(String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect())
}

#[test]
fn java_translations_match_what_java_matches() {
    let patterns = translated(Dialect::Java);
    let mut input = String::new();
    let mut expected = Vec::new();
    for (pattern, node, source) in &patterns {
        input.push_str(&format!("P {}\n", hex(pattern)));
        expected.push((pattern, source, None));
        for probe in probes(pattern, node) {
            input.push_str(&format!("S {}\n", hex(&probe)));
            expected.push((pattern, source, Some(probe)));
        }
    }
    let Some(answers) = java_answers(&input) else { return };
    assert_eq!(answers.len(), expected.len(), "one answer per line");
    let mut failures = Vec::new();
    let mut checked = 0;
    for ((pattern, source, probe), answer) in expected.iter().zip(&answers) {
        let Some(probe) = probe else {
            assert_eq!(answer, "ok", "Java must compile {pattern:?}");
            continue;
        };
        let ours = regress::Regex::with_flags(source, "u").unwrap().find(probe).is_some();
        checked += 1;
        if ours != (answer == "1") {
            failures.push(format!("{pattern:?} as {source:?} on {probe:?}: Java {answer}, ours {ours}"));
        }
    }
    eprintln!("{} Java patterns, {checked} probes checked against java.util.regex", patterns.len());
    assert!(
        failures.is_empty(),
        "{} disagreements, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(25)].join("\n")
    );
}

#[test]
fn ecma_respellings_match_what_non_unicode_mode_matches() {
    let patterns = translated(Dialect::Ecma);
    assert!(!patterns.is_empty());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (pattern, node, source) in &patterns {
        let original = regress::Regex::with_flags(pattern, "").unwrap();
        let ours = regress::Regex::with_flags(source, "u").unwrap();
        // Non-unicode mode sees UTF-16 units: astral characters are left to unicode mode.
        for probe in probes(pattern, node).iter().filter(|p| p.chars().all(|c| u32::from(c) < 0x10000)) {
            checked += 1;
            if original.find(probe).is_some() != ours.find(probe).is_some() {
                failures.push(format!("{pattern:?} as {source:?} on {probe:?}"));
            }
        }
    }
    eprintln!("{} respelled patterns, {checked} probes checked against non-unicode mode", patterns.len());
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures[..failures.len().min(25)].join("\n")
    );
}

#[test]
fn every_published_aws_pattern_is_decided() {
    let path = shared().join("patterns-all-aws.tsv");
    let Ok(list) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let survey = codegen::patterns::survey(&list).unwrap();
    eprintln!("{}", survey.summary());
    // The count SOURCE.md gives for the list.
    assert_eq!(survey.total(), 3453);
    let skipped: Vec<&str> = survey.not_enforced.iter().map(|(p, _, _)| p.as_str()).collect();
    // The two with no faithful reading: a POSIX bracket expression that Java reads as a
    // nested class, and a pattern no string can match.
    assert_eq!(
        skipped,
        [
            r"^([12]\d{3})-(1[0-2]|0[1-9])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(Z|(\+|\-)(0\d|1[0-2]):([0-5]\d)(\[[[:alnum:]\/\_]+\])?)$",
            r"^\P{C}*$}$",
        ]
    );
}

/// The `regex` crate's spelling of each pattern (linear time, what validation runs) matches
/// exactly what the ECMA-262 engine matches, on every pattern AWS publishes; the ones left to
/// backtracking are the ones with lookarounds or backreferences.
#[test]
fn linear_spellings_match_the_ecma_engine() {
    let mut patterns: BTreeSet<String> = CASES.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    patterns.extend(shared_patterns());
    let (mut linear, mut guarded, mut backtracking, mut checked) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for pattern in &patterns {
        let Some(compiled) = decide(pattern).compiled().cloned() else { continue };
        let node = codegen::patterns::java::parse(pattern, Dialect::Ecma)
            .or_else(|_| codegen::patterns::java::parse(pattern, Dialect::Java))
            .unwrap_or(Node::Empty);
        if let Some(Automaton::Guarded(parts)) = &compiled.automaton {
            // Edge lookarounds checked beside an automaton: the set's verdict is the engine's.
            guarded += 1;
            let ecma = regress::Regex::with_flags(&compiled.source, compiled.flags).unwrap();
            let set = regex::RegexSet::new(parts.iter().map(|(source, _)| source)).unwrap();
            for probe in lookaround_probes(&node, probes(pattern, &node)) {
                checked += 1;
                let found = set.matches(&probe);
                let ours = parts.iter().enumerate().all(|(i, (_, must))| found.matched(i) == *must);
                if ecma.find(&probe).is_some() != ours {
                    failures.push(format!("{pattern:?} as {parts:?} on {probe:?}"));
                }
            }
            continue;
        }
        let Some(Automaton::Whole(spelled)) = &compiled.automaton else {
            backtracking += 1;
            // Modifier groups (`(?i:...)`) have ECMA-262 meanings of `^`, `$` and case that the
            // `regex` crate's flags do not share.
            let needs_backtracking =
                ["(?=", "(?!", "(?<=", "(?<!", "\\1", "\\2", "\\3", "\\k<", "(?i", "(?m", "(?s", "(?-"]
                    .iter()
                    .any(|construct| compiled.source.contains(construct));
            // Or counted repetitions too large for an automaton within the `regex` crate's
            // default size limit (`^.{1,100000}$`).
            let too_large = codegen::patterns::linear::respell(&compiled.source, compiled.flags)
                .is_some_and(|spelled| regex::Regex::new(&spelled).is_err());
            assert!(
                needs_backtracking || too_large,
                "{pattern:?} ({:?}) is left to backtracking",
                compiled.source
            );
            continue;
        };
        linear += 1;
        let ecma = regress::Regex::with_flags(&compiled.source, compiled.flags).unwrap();
        let automaton = regex::Regex::new(spelled).unwrap();
        for probe in probes(pattern, &node) {
            checked += 1;
            if ecma.find(&probe).is_some() != automaton.is_match(&probe) {
                failures.push(format!("{pattern:?} as {spelled:?} on {probe:?}"));
            }
        }
    }
    eprintln!(
        "{linear} patterns run by automata, {guarded} by automata with guards, {backtracking} by backtracking; \
         {checked} probes agree"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures[..failures.len().min(25)].join("\n")
    );
}
