//! A model whose only problem is its `@pattern`s (`tests/models/unusual-patterns.json`, with
//! patterns from AWS models) generates: Java-syntax patterns are enforced with Java's meaning,
//! patterns with no faithful reading are not enforced (a warning names each shape, the member's
//! docs say so), and every other constraint is still enforced. The crate builds clippy-clean
//! and its behaviour test runs in a scratch folder.

mod scratch;

use codegen::standalone::{generate_full, Options};
use scratch::{model_path, workspace_root, Scratch};

const MODEL: &str = "unusual-patterns.json";
const CRATE: &str = "unusual-patterns";

fn generation() -> codegen::Generation {
    let runtime =
        codegen::RuntimeLocation::relative(&Scratch::dir_of(CRATE), &workspace_root().join("runtime"))
            .expect("relative path to runtime/");
    let options = Options { crate_name: Some(CRATE.to_owned()), runtime, ..Default::default() };
    generate_full(&model_path(MODEL), &options).unwrap_or_else(|e| panic!("{MODEL} must generate: {e}"))
}

#[test]
fn warnings_name_each_unenforced_pattern_and_its_shape() {
    let warnings: Vec<(String, String)> =
        generation().warnings.into_iter().map(|w| (w.shape, w.pattern)).collect();
    // The model's patterns with no faithful reading: POSIX bracket expressions (a nested class
    // in Java) and a literal after `$`. The Java-syntax ones (`(?i)`, `(?ms)`) are enforced.
    let expected = [
        ("patterns.ns#MessageBody", r"^\P{C}*$}$"),
        ("patterns.ns#RegisterInput$note", "^[[:alpha:]]+$"),
        ("patterns.ns#TagValue", "^[[:print:]]*$"),
        (
            "patterns.ns#TimestampString",
            r"^([12]\d{3})-(1[0-2]|0[1-9])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(Z|(\+|\-)(0\d|1[0-2]):([0-5]\d)(\[[[:alnum:]\/\_]+\])?)$",
        ),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(s, p)| ((*s).to_owned(), (*p).to_owned())).collect();
    assert_eq!(warnings, expected);
}

#[test]
fn members_document_the_patterns_they_do_not_enforce() {
    let generation = generation();
    let types =
        generation.files.iter().find(|f| f.path.ends_with("types.rs")).expect("types.rs").contents.clone();
    let file = syn::parse_file(&types).unwrap();
    let input = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == "RegisterInput" => Some(s),
            _ => None,
        })
        .expect("struct RegisterInput");
    let docs = |field: &str| -> String {
        let field = input.fields.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == field)).unwrap();
        field
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .map(|a| quote::ToTokens::to_token_stream(&a.meta).to_string())
            .collect()
    };
    for field in ["timestamp", "body", "note", "tags"] {
        assert!(docs(field).contains("is not enforced"), "{field}: {}", docs(field));
    }
    // The model's own documentation stays first.
    assert!(
        docs("timestamp").find("When it happened").unwrap() < docs("timestamp").find("not enforced").unwrap()
    );
    for field in ["name", "flag", "account_id", "private_key", "count", "color"] {
        assert!(!docs(field).contains("not enforced"), "{field}: {}", docs(field));
    }
}

#[test]
fn the_crate_is_clippy_clean_and_enforces_everything_else() {
    let scratch = Scratch::write(CRATE, &generation().files);
    scratch.check_and_run(BEHAVIOUR);
}

const BEHAVIOUR: &str = r#####"
use unusual_patterns::pattern_service::operations::Register;
use unusual_patterns::pattern_service::types::{Color, RegisterInput};
use unusual_patterns::runtime::RequestError;

fn violations(input: &RegisterInput) -> Vec<(String, String)> {
    match Register::request(input) {
        Ok(_) => vec![],
        Err(RequestError::Validation(errors)) => errors.0.into_iter().map(|e| (e.path, e.message)).collect(),
        Err(other) => panic!("expected validation, got {other:?}"),
    }
}

fn valid() -> unusual_patterns::pattern_service::builders::RegisterInputBuilder {
    RegisterInput::builder().name("abc")
}

#[test]
fn values_the_patterns_allow_pass() {
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
    let input = valid()
        .flag("TRUE")
        .account_id("all")
        .private_key(key)
        .timestamp("2024-01-15T10:00:00Z[Europe/Paris]")
        .body("hello")
        .note("Hi")
        .tags(vec!["x y".to_owned()])
        .count(3)
        .color(Color::Red)
        .build()
        .unwrap();
    assert_eq!(violations(&input), vec![]);
    // Java reads `(?i)` as ASCII-only, and its `$` allows one final line terminator.
    let input = valid().flag("False\n").account_id("123456789012").build().unwrap();
    assert_eq!(violations(&input), vec![]);
}

#[test]
fn translated_patterns_are_enforced_with_the_model_text_in_the_message() {
    let input = valid()
        .flag("maybe")
        .account_id("al")
        .private_key("-----BEGIN RSA\nPRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")
        .build()
        .unwrap();
    let found = violations(&input);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/flag", "/accountId", "/privateKey"]);
    assert_eq!(
        found[0].1,
        "Value at '/flag' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?i)(true|false)$"
    );
}

#[test]
fn unenforced_patterns_leave_every_other_constraint_enforced() {
    // The unenforced patterns accept anything; their shapes' other constraints still hold.
    // `name` is missing: built from JSON, as a server would see it (the builder refuses that).
    let json = r#"{"timestamp": "", "body": "no closing brace needed", "note": "toolong",
        "tags": ["a", "b", "c"], "count": 11, "color": "blue"}"#;
    let input = Register::input_from_json(json.as_bytes()).unwrap();
    let paths: Vec<String> = violations(&input).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["/name", "/timestamp", "/note", "/tags", "/count", "/color"]);
    let input = valid().name("ABC").build().unwrap();
    let found = violations(&input);
    assert_eq!(found.len(), 1);
    assert!(found[0].1.ends_with("Member must satisfy regular expression pattern: ^[a-z]+$"), "{found:?}");
}

/// What ECMA-262 says of AppStream's `^(^(?!aws:).[...]*)$` and `^[0-9a-z\.\-]*(?<!\.)$`: no
/// value starting `aws:`, at least one character; no value ending in a dot.
#[test]
fn lookarounds_at_the_edges_are_enforced() {
    for (key, domain) in [("user:team", "example.com"), ("aws", ""), ("AWS:x", "a-b.c"), ("aw:s", "x")] {
        let input = valid().tag_key(key).domain(domain).build().unwrap();
        assert_eq!(violations(&input), vec![], "{key:?} {domain:?}");
    }
    for (key, domain) in [("aws:team", "example."), ("aws:", "."), ("", "a..")] {
        let input = valid().tag_key(key).domain(domain).build().unwrap();
        let found = violations(&input);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["/tagKey", "/domain"], "{key:?} {domain:?}");
        assert!(found[1].1.ends_with(r"pattern: ^[0-9a-z\.\-]*(?<!\.)$"), "{found:?}");
    }
}
"#####;
