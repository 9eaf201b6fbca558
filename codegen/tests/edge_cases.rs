//! Naming robustness on synthetic models ("Naming robustness across real models").
//!
//! `tests/models/edge-cases.json` is a hand-written Smithy 2.0 JSON AST model of one restJson1
//! service (`edge.ns#EdgeService`) whose operations reach everything that is hard to map to Rust:
//! keywords as member names, shapes named `Result`, `Option`, `String`, `Box`, `Vec`, `Error`,
//! `Self`, `Default`, `Clone` and `Unknown`, members that collide after snake_case, enum values
//! that are not identifiers, every kind of recursion, unit union members, documents, big numbers,
//! blobs, every `@timestampFormat`, a streaming payload, `@sparse` collections, mixins, a
//! resource, a service `rename` and `@default` values of every kind.
//! `tests/models/edge-cases-awsjson.json` is a small awsJson1_1 service with the same kinds of
//! names in a protocol without HTTP bindings, plus names that meet the generated API's own names.
//!
//! Expectations come from the Smithy specification and the models, not from the generator. The
//! tests generate crates with `codegen::standalone::generate`, read `types.rs` with `syn`, write
//! the crates under `target/edge-cases-test/<name>`, run clippy (`-D warnings`) on them and then a
//! `tests/behaviour.rs` written into each scratch crate (`cargo test` there).
//!
//! Operations that probe one construct each (constructs the generator once got wrong) are kept
//! out of the core crates and have a test of their own, so a regression names its construct; the
//! whole-model tests build every probe together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::standalone::{generate, Options};
use codegen::GeneratedFile;
use heck::ToSnakeCase;
use quote::ToTokens;
use serde_json::Value;
use syn::ext::IdentExt;

mod scratch;
use scratch::{build_and_run, generate_crate, model_path, workspace_root, Scratch};

// ---------------------------------------------------------------------------------------------
// The models
// ---------------------------------------------------------------------------------------------

const REST_MODEL: &str = "edge-cases.json";
const JSON_MODEL: &str = "edge-cases-awsjson.json";

/// Operations of the restJson1 model whose crate compiles, is clippy-clean and behaves; the
/// resource's operations are bound only through `edge.ns#ThingResource`.
const REST_CORE: &[&str] = &[
    "Keywords",
    "Reserved",
    "Collide",
    "Enums",
    "Recurse",
    "Scalars",
    "Times",
    "Sparse",
    "EchoDefaults",
    "Upload",
    "Download",
    "Widgets",
    "CreateThing",
    "GetThing",
    "ListThings",
];

/// Operations of the restJson1 model that each isolate one generator bug.
const REST_PROBES: &[&str] = &["LegacyEnums", "EchoDocumentDefaults"];

/// The clean operation of the awsJson1_1 model and the ones that isolate generator bugs.
const JSON_CORE: &[&str] = &["Echo"];
const JSON_PROBES: &[&str] = &["Probe", "Fail", "Ping", "Validate"];

fn model_json(file: &str) -> Value {
    let path = model_path(file);
    serde_json::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shape<'a>(model: &'a Value, id: &str) -> &'a Value {
    model["shapes"].get(id).unwrap_or_else(|| panic!("the model has no shape `{id}`"))
}

/// Member names of a structure, union or enum, in model order (serde_json keeps the order).
fn member_names(model: &Value, id: &str) -> Vec<String> {
    shape(model, id)["members"].as_object().unwrap().keys().cloned().collect()
}

/// The wire values of an enum, a Smithy 1.0 `@enum` string or an intEnum, in model order.
fn enum_values(model: &Value, id: &str) -> Vec<String> {
    let shape = shape(model, id);
    if let Some(definitions) = shape["traits"].get("smithy.api#enum") {
        return definitions
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["value"].as_str().unwrap().to_owned())
            .collect();
    }
    shape["members"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, member)| match member["traits"].get("smithy.api#enumValue") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => name.clone(),
        })
        .collect()
}

/// Every operation the service binds, its resources' included (recursively).
fn service_operations(model: &Value) -> BTreeSet<String> {
    let shapes = model["shapes"].as_object().unwrap();
    let (_, service) = shapes.iter().find(|(_, s)| s["type"] == "service").expect("a service");
    let targets = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|r| r["target"].as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    let mut operations: BTreeSet<String> = targets(&service["operations"]).into_iter().collect();
    let mut resources = targets(&service["resources"]);
    while let Some(id) = resources.pop() {
        let resource = &shapes[&id];
        for key in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(op) = resource[key]["target"].as_str() {
                operations.insert(op.to_owned());
            }
        }
        operations.extend(targets(&resource["operations"]));
        operations.extend(targets(&resource["collectionOperations"]));
        resources.extend(targets(&resource["resources"]));
    }
    operations.into_iter().map(|id| id.split_once('#').unwrap().1.to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Generating, writing and building crates
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Reading the generated sources
// ---------------------------------------------------------------------------------------------

fn service_file<'a>(files: &'a [GeneratedFile], name: &str) -> &'a GeneratedFile {
    let found: Vec<&GeneratedFile> = files
        .iter()
        .filter(|f| {
            let parts: Vec<String> = f.path.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            parts.len() == 3 && parts[0] == "src" && parts[1] != "runtime" && parts[2] == name
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one src/<module>/{name}");
    found[0]
}

fn parse(files: &[GeneratedFile], name: &str) -> syn::File {
    let file = service_file(files, name);
    syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path.display()))
}

/// The public items of a generated `types.rs`.
struct Types {
    file: syn::File,
    structs: BTreeMap<String, Vec<(syn::Ident, syn::Type)>>,
    enums: BTreeMap<String, Vec<syn::Variant>>,
}

impl Types {
    fn of(files: &[GeneratedFile]) -> Types {
        let file = parse(files, "types.rs");
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                    let fields = s
                        .fields
                        .iter()
                        .map(|f| (f.ident.clone().expect("named fields"), f.ty.clone()))
                        .collect();
                    assert!(
                        structs.insert(s.ident.to_string(), fields).is_none(),
                        "struct {} twice",
                        s.ident
                    );
                }
                syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                    let variants = e.variants.iter().cloned().collect();
                    assert!(enums.insert(e.ident.to_string(), variants).is_none(), "enum {} twice", e.ident);
                }
                _ => {}
            }
        }
        Types { file, structs, enums }
    }

    fn fields(&self, name: &str) -> &[(syn::Ident, syn::Type)] {
        self.structs.get(name).unwrap_or_else(|| panic!("types.rs has no struct `{name}`"))
    }

    /// The field generated for the `index`th member (fields follow the model's member order).
    fn field(&self, name: &str, index: usize) -> &(syn::Ident, syn::Type) {
        &self.fields(name)[index]
    }

    fn variants(&self, name: &str) -> &[syn::Variant] {
        self.enums.get(name).unwrap_or_else(|| panic!("types.rs has no enum `{name}`"))
    }

    /// The `VALUES` constant of `impl <name>`, as text (string or integer literals).
    fn values_const(&self, name: &str) -> Vec<String> {
        for item in &self.file.items {
            let syn::Item::Impl(block) = item else { continue };
            if block.trait_.is_some() || block.self_ty.to_token_stream().to_string() != name {
                continue;
            }
            for impl_item in &block.items {
                let syn::ImplItem::Const(c) = impl_item else { continue };
                if c.ident != "VALUES" {
                    continue;
                }
                let syn::Expr::Reference(reference) = &c.expr else { panic!("VALUES is not `&[...]`") };
                let syn::Expr::Array(array) = &*reference.expr else { panic!("VALUES is not `&[...]`") };
                return array.elems.iter().map(literal_text).collect();
            }
        }
        panic!("no `{name}::VALUES`")
    }
}

fn literal_text(expr: &syn::Expr) -> String {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_digits().to_owned(),
        syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => {
            format!("-{}", literal_text(expr))
        }
        other => panic!("not a literal: {}", other.to_token_stream()),
    }
}

/// Every path in a type, outermost first: its segment names, and whether its last segment takes
/// type arguments (std's `Option<T>` does; a generated struct named `Option` does not).
fn paths(ty: &syn::Type) -> Vec<(Vec<String>, bool)> {
    fn walk(ty: &syn::Type, out: &mut Vec<(Vec<String>, bool)>) {
        match ty {
            syn::Type::Path(p) => {
                let names = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                let generic = p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| matches!(s.arguments, syn::PathArguments::AngleBracketed(_)));
                out.push((names, generic));
                for segment in &p.path.segments {
                    if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
                        for arg in &args.args {
                            if let syn::GenericArgument::Type(inner) = arg {
                                walk(inner, out);
                            }
                        }
                    }
                }
            }
            syn::Type::Slice(s) => walk(&s.elem, out),
            syn::Type::Reference(r) => walk(&r.elem, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(ty, &mut out);
    out
}

/// True when `Box<...>` appears anywhere in the type.
fn has_box(ty: &syn::Type) -> bool {
    paths(ty).iter().any(|(names, generic)| *generic && names.last().unwrap() == "Box")
}

/// How many `Option<...>` the type has; the outermost is the member's own.
fn options(ty: &syn::Type) -> usize {
    paths(ty).iter().filter(|(names, generic)| *generic && names.last().unwrap() == "Option").count()
}

fn is_option(ty: &syn::Type) -> bool {
    paths(ty).first().is_some_and(|(names, generic)| *generic && names.last().unwrap() == "Option")
}

/// The type a field holds inside its `Option`, `Box`, `Vec` or `HashMap`: the last path without
/// type arguments.
fn held_type(ty: &syn::Type) -> Vec<String> {
    paths(ty)
        .into_iter()
        .rfind(|(_, generic)| !generic)
        .map(|(names, _)| names)
        .unwrap_or_else(|| panic!("no held type in {}", ty.to_token_stream()))
}

fn type_name(ty: &syn::Type) -> String {
    held_type(ty).last().unwrap().clone()
}

fn text(ty: &syn::Type) -> String {
    ty.to_token_stream().to_string()
}

/// Rust's strict and reserved keywords (2015 to 2024 editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", "try", "gen",
];

/// The fields of a structure correspond one to one to the model's members, are distinct, and a
/// member whose snake_case name is a keyword is a raw identifier (`r#type`) or a longer,
/// non-keyword name (`self_`, since `r#self` does not exist). Other members must not become
/// keywords either.
fn assert_member_fields(model: &Value, types: &Types, id: &str, rust_name: &str) {
    let members = member_names(model, id);
    let fields = types.fields(rust_name);
    assert_eq!(fields.len(), members.len(), "{rust_name}: one field per member of {id}");
    let mut seen = BTreeSet::new();
    for (member, (field, _)) in members.iter().zip(fields) {
        let bare = field.unraw().to_string();
        assert!(seen.insert(bare.clone()), "{rust_name}: two members became the field `{bare}`");
        assert!(
            bare.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{rust_name}.{bare} (member `{member}`) is not snake_case"
        );
        let snake = member.to_snake_case();
        let raw = field.to_string().starts_with("r#");
        if KEYWORDS.contains(&snake.as_str()) {
            assert!(
                (raw && bare == snake) || (!raw && bare != snake && bare.starts_with(&snake)),
                "{rust_name}: keyword member `{member}` became `{field}`"
            );
        }
        assert!(
            raw || !KEYWORDS.contains(&bare.as_str()),
            "{rust_name}: `{member}` became the keyword `{field}`"
        );
    }
}

/// An enum has one unit variant per value, all distinct, none of them the `Unknown(..)` variant
/// that keeps values the model does not know, and `VALUES` lists the model's values in order.
fn assert_enum(model: &Value, types: &Types, id: &str, rust_name: &str) {
    let values = enum_values(model, id);
    let variants = types.variants(rust_name);
    let names: Vec<String> = variants.iter().map(|v| v.ident.to_string()).collect();
    let distinct: BTreeSet<&String> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "{rust_name}: repeated variants in {names:?}");
    assert_eq!(
        variants.len(),
        values.len() + 1,
        "{rust_name}: a variant per value of {id} plus one: {names:?}"
    );
    let unknown: Vec<&syn::Variant> = variants.iter().filter(|v| v.ident == "Unknown").collect();
    assert_eq!(unknown.len(), 1, "{rust_name}: one `Unknown` variant");
    assert_eq!(unknown[0].fields.len(), 1, "{rust_name}::Unknown keeps the value received");
    for v in variants.iter().filter(|v| v.ident != "Unknown") {
        assert!(matches!(v.fields, syn::Fields::Unit), "{rust_name}::{} is a unit variant", v.ident);
    }
    assert_eq!(types.values_const(rust_name), values, "{rust_name}::VALUES");
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

#[test]
fn whole_models_generate() {
    for model in [REST_MODEL, JSON_MODEL] {
        let files = generate_crate(model, None, "edge-cases-whole");
        for name in ["types.rs", "builders.rs", "operations.rs", "errors.rs", "ser.rs", "de.rs"] {
            parse(&files, name);
        }
    }
}

/// The probe operations are really in the models, and everything else is in the core lists.
#[test]
fn operation_lists_cover_the_models() {
    for (model, core, probes) in [(REST_MODEL, REST_CORE, REST_PROBES), (JSON_MODEL, JSON_CORE, JSON_PROBES)]
    {
        let listed: BTreeSet<String> = core.iter().chain(probes).map(|op| (*op).to_owned()).collect();
        assert_eq!(service_operations(&model_json(model)), listed, "{model}");
    }
}

// ---------------------------------------------------------------------------------------------
// Facts read from the generated types
// ---------------------------------------------------------------------------------------------

#[test]
fn types_have_unambiguous_names() {
    let model = model_json(REST_MODEL);
    let files = generate_crate(REST_MODEL, Some(REST_CORE), "edge-cases-facts");
    let types = Types::of(&files);

    // Shapes named like std items keep their names; `Self` cannot be a type name.
    for name in ["Result", "Option", "String", "Box", "Vec", "Error", "Default", "Clone", "Unknown"] {
        assert_member_fields(&model, &types, &format!("edge.ns#{name}"), name);
    }
    assert_member_fields(&model, &types, "edge.ns#ReservedNames", "ReservedNames");
    let members = member_names(&model, "edge.ns#ReservedNames");
    let expected = ["Result", "Option", "String", "Box", "Vec", "Self", "Default", "Clone", "Unknown"];
    for (index, shape_name) in expected.iter().enumerate() {
        let (field, ty) = types.field("ReservedNames", index);
        let held = held_type(ty);
        assert!(
            held.len() > 1 && !["std", "core", "alloc"].contains(&held[0].as_str()),
            "ReservedNames.{field} must name the generated type by path, not `{}`",
            held.join("::")
        );
        let name = held.last().unwrap();
        if *shape_name == "Self" {
            assert_ne!(name, "Self", "`edge.ns#Self` needs another Rust name");
            assert!(
                !expected.contains(&name.as_str()),
                "`edge.ns#Self` became `{name}`, taken by another shape"
            );
            assert_member_fields(&model, &types, "edge.ns#Self", name);
        } else {
            assert_eq!(name, shape_name, "member `{}`", members[index]);
        }
    }
    // A `smithy.api#String` member next to them is std's String, spelled out.
    let (_, plain) = types.field("ReservedNames", 9);
    assert_eq!(
        held_type(plain).iter().rev().take(2).collect::<Vec<_>>(),
        ["String", "string"],
        "{}",
        text(plain)
    );
    assert!(["std", "alloc"].contains(&held_type(plain)[0].as_str()), "{}", text(plain));

    // Two `Widget`s from two namespaces: the service renames `other.ns#Widget` to `OtherWidget`.
    assert_member_fields(&model, &types, "edge.ns#Widget", "Widget");
    assert_member_fields(&model, &types, "other.ns#Widget", "OtherWidget");
    assert_eq!(type_name(&types.field("WidgetsInput", 0).1), "Widget");
    assert_eq!(type_name(&types.field("WidgetsInput", 1).1), "OtherWidget");
    assert_eq!(type_name(&types.field("Thing", 4).1), "OtherWidget");

    // Keyword members.
    for (id, name) in [
        ("edge.ns#KeywordsInput", "KeywordsInput"),
        ("edge.ns#KeywordsOutput", "KeywordsOutput"),
        ("edge.ns#KeywordStruct", "KeywordStruct"),
        ("edge.ns#SelfStruct", "SelfStruct"),
    ] {
        assert_member_fields(&model, &types, id, name);
    }
    // Members of `@input` structures stay optional for clients, `@required` ones included.
    assert!(is_option(&types.field("KeywordsInput", 0).1), "KeywordsInput.match is optional");

    // Members that collide after snake_case, start with digits, or are acronyms.
    assert_member_fields(&model, &types, "edge.ns#Collisions", "Collisions");

    // Enums: every value a variant, modeled `Unknown`/`UNKNOWN` values distinct from the
    // unknown-value variant, `Self` renamed.
    for (id, name) in [
        ("edge.ns#InstanceType", "InstanceType"),
        ("edge.ns#LegacyEnum", "LegacyEnum"),
        ("edge.ns#NamedLegacy", "NamedLegacy"),
        ("edge.ns#Priority", "Priority"),
    ] {
        assert_enum(&model, &types, id, name);
    }

    // Unions: a variant per member (unit members without data) plus `Unknown(String)`.
    for (id, name, units) in [("edge.ns#Choice", "Choice", vec![1, 7]), ("edge.ns#Expr", "Expr", vec![4])] {
        let members = member_names(&model, id);
        let variants = types.variants(name);
        assert_eq!(variants.len(), members.len() + 1, "{name}");
        let distinct: BTreeSet<String> = variants.iter().map(|v| v.ident.to_string()).collect();
        assert_eq!(distinct.len(), variants.len(), "{name}: repeated variants");
        for (index, variant) in variants.iter().take(members.len()).enumerate() {
            assert_ne!(
                variant.ident, "Unknown",
                "{name}: member `{}` took the unknown variant",
                members[index]
            );
            let unit = matches!(variant.fields, syn::Fields::Unit);
            assert_eq!(
                unit,
                units.contains(&index),
                "{name}::{} (member `{}`)",
                variant.ident,
                members[index]
            );
        }
        let last = variants.last().unwrap();
        assert_eq!(last.ident, "Unknown", "{name}");
        assert_eq!(last.fields.len(), 1, "{name}::Unknown keeps the member name");
    }

    // Recursion: boxed where a structure or union reaches itself without a list or map.
    let (_, next) = types.field("Node", 1);
    assert!(has_box(next), "Node.next is directly recursive: {}", text(next));
    let ping_pong = has_box(&types.field("Ping", 1).1) || has_box(&types.field("Pong", 1).1);
    assert!(ping_pong, "Ping <-> Pong is recursive");
    let neg = &types.variants("Expr")[1];
    assert!(has_box(&neg.fields.iter().next().unwrap().ty), "Expr::neg is directly recursive");
    let pair = &types.variants("Expr")[3];
    let pair_boxed = has_box(&pair.fields.iter().next().unwrap().ty)
        || (has_box(&types.field("ExprPair", 0).1) && has_box(&types.field("ExprPair", 1).1));
    assert!(pair_boxed, "Expr -> ExprPair -> Expr is recursive");
    for (owner, index) in [("Tree", 1), ("Tree", 2)] {
        let (field, ty) = types.field(owner, index);
        assert!(!has_box(ty), "{owner}.{field} recurses through a collection: {}", text(ty));
    }
    let add = &types.variants("Expr")[2];
    assert!(!has_box(&add.fields.iter().next().unwrap().ty), "Expr::add recurses through a list");
    for owner in ["RecurseInput", "RecurseOutput", "ReservedNames", "String", "Box", "Thing"] {
        for (field, ty) in types.fields(owner) {
            assert!(!has_box(ty), "{owner}.{field} is not recursive: {}", text(ty));
        }
    }

    // Mixins: their members are copied, the mixin itself generates nothing.
    assert!(!types.structs.contains_key("HasIds"), "a mixin generates no type");
    for (name, own) in [("Thing", 3), ("ThingSummary", 1)] {
        let fields = types.fields(name);
        assert_eq!(fields.len(), 2 + own, "{name}: the mixin's two members and its own");
        assert_eq!(fields[0].0, "thing_id");
        assert_eq!(fields[1].0, "created_at");
        assert!(!is_option(&fields[0].1), "{name}.thing_id is @required outside an input");
    }

    // Defaults on a non-input structure make members plain values, except `@clientOptional`.
    // (`createdText`, a date-time string default, is checked by `timestamp_default_in_date_time_text`.)
    let defaults = member_names(&model, "edge.ns#Defaults");
    for (member, (field, ty)) in defaults.iter().zip(types.fields("Defaults")) {
        if member == "createdText" {
            continue;
        }
        assert_eq!(is_option(ty), member == "maybe", "Defaults.{field}: {}", text(ty));
    }

    // Sparse collections hold `Option`s; dense ones do not.
    for (index, expected) in [(0, 2), (1, 2), (2, 1), (3, 1)] {
        let (field, ty) = types.field("SparseInput", index);
        assert_eq!(options(ty), expected, "SparseInput.{field}: {}", text(ty));
    }

    // Streaming payloads: optional in the input, a plain blob (default "") in the output.
    assert!(is_option(&types.field("UploadInput", 1).1));
    let (_, body) = types.field("DownloadOutput", 0);
    assert!(!is_option(body) && type_name(body) == "Blob", "DownloadOutput.body: {}", text(body));

    // Every operation, the resource's included, has its unit struct.
    let operations = parse(&files, "operations.rs");
    let structs: BTreeSet<String> = operations
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Unit) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let expected: BTreeSet<String> = REST_CORE.iter().map(|op| (*op).to_owned()).collect();
    assert_eq!(structs, expected);
}

#[test]
fn awsjson_types_have_unambiguous_names() {
    let model = model_json(JSON_MODEL);
    let files = generate_crate(JSON_MODEL, Some(JSON_CORE), "edge-cases-json-facts");
    let types = Types::of(&files);
    for name in ["Keywords", "Collisions", "Node"] {
        assert_member_fields(&model, &types, &format!("edge.json#{name}"), name);
    }
    assert_enum(&model, &types, "edge.json#InstanceType", "InstanceType");
    let variants: Vec<String> = types.variants("Choice").iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants.len(), 5, "{variants:?}");
    assert_eq!(variants.iter().filter(|v| *v == "Unknown").count(), 1, "{variants:?}");
    assert!(has_box(&types.field("Node", 0).1));
}

// ---------------------------------------------------------------------------------------------
// Compiling, clippy and behaviour
// ---------------------------------------------------------------------------------------------

/// The restJson1 model without the probe operations: compiles, clippy-clean, behaves.
#[test]
fn rest_json_crate_is_clippy_clean_and_behaves() {
    build_and_run(REST_MODEL, Some(REST_CORE), "edge-cases-core", REST_BEHAVIOUR);
}

/// The awsJson1_1 model without the probe operations: compiles, clippy-clean, behaves.
#[test]
fn aws_json_crate_is_clippy_clean_and_behaves() {
    build_and_run(JSON_MODEL, Some(JSON_CORE), "edge-cases-json-core", JSON_BEHAVIOUR);
}

/// The whole restJson1 model, every probe included.
#[test]
fn whole_rest_json_model_is_clippy_clean() {
    let files = generate_crate(REST_MODEL, None, "edge-cases-rest-whole");
    Scratch::write("edge-cases-rest-whole", &files).clippy();
}

/// The whole awsJson1_1 model, every probe included.
#[test]
fn whole_aws_json_model_is_clippy_clean() {
    let files = generate_crate(JSON_MODEL, None, "edge-cases-json-whole");
    Scratch::write("edge-cases-json-whole", &files).clippy();
}

/// `--out` without `--runtime`: the crate carries a copy of the runtime crate in `runtime/`
/// (the workspace's own, file for file under the generated header) and builds on its own.
#[test]
fn a_crate_carrying_its_own_runtime_builds_alone() {
    let options = Options {
        crate_name: Some("edge-cases-bundled".to_owned()),
        operations: Some(JSON_CORE.iter().map(|op| (*op).to_owned()).collect()),
        ..Default::default()
    };
    let files = generate(&model_path(JSON_MODEL), &options).expect("generation");
    let root = workspace_root();
    let mut copied = 0;
    for file in files.iter().filter(|f| f.path.starts_with("runtime")) {
        let original = std::fs::read_to_string(root.join(&file.path)).expect("a file of runtime/");
        assert!(
            file.contents.ends_with(&original),
            "{} is not a copy of the workspace's",
            file.path.display()
        );
        assert!(file.contents.starts_with("// @generated") || file.contents.starts_with("# @generated"));
        copied += 1;
    }
    fn count_files(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| if p.is_dir() { count_files(&p) } else { 1 })
            .sum()
    }
    let sources = count_files(&root.join("runtime/src"));
    assert_eq!(copied, sources + 1, "every runtime source file and the manifest");
    let manifest = files.iter().find(|f| f.path == Path::new("Cargo.toml")).unwrap();
    assert!(
        manifest.contents.contains("smithy-lite-runtime = { path = \"runtime\" }"),
        "{}",
        manifest.contents
    );
    Scratch::write("edge-cases-bundled", &files)
        .check_and_run(&JSON_BEHAVIOUR.replace("edge_cases_json_core", "edge_cases_bundled"));
}

/// Smithy 1.0 `@enum` values without names whose characters differ only in punctuation
/// (`a b`, `a-b`, `a.b`; `*`, `?`) are distinct values and need distinct variants.
#[test]
fn legacy_enum_values_differing_in_punctuation() {
    let model = model_json(REST_MODEL);
    let files = generate_crate(REST_MODEL, Some(&["LegacyEnums"]), "edge-cases-legacy-enums");
    let scratch = Scratch::write("edge-cases-legacy-enums", &files);
    scratch.add_test("behaviour", LEGACY_ENUM_BEHAVIOUR);
    assert_enum(&model, &Types::of(&files), "edge.ns#PunctuatedEnum", "PunctuatedEnum");
    scratch.check_and_run(LEGACY_ENUM_BEHAVIOUR);
}

/// `@default(true)`, `@default(3)`, `@default(-2)`, `@default(1.5)` on document members.
#[test]
fn document_defaults_are_clippy_clean() {
    build_and_run(
        REST_MODEL,
        Some(&["EchoDocumentDefaults"]),
        "edge-cases-document-defaults",
        DOCUMENT_DEFAULTS_BEHAVIOUR,
    );
}

/// `@default("2024-01-02T03:04:05Z")` on a timestamp member: Smithy accepts a date-time string
/// as well as epoch seconds for a timestamp without `@timestampFormat`.
#[test]
fn timestamp_default_in_date_time_text() {
    let files = generate_crate(REST_MODEL, Some(&["EchoDefaults"]), "edge-cases-timestamp-default");
    let scratch = Scratch::write("edge-cases-timestamp-default", &files);
    scratch.add_test("behaviour", TIMESTAMP_DEFAULT_BEHAVIOUR);
    let types = Types::of(&files);
    let index = member_names(&model_json(REST_MODEL), "edge.ns#Defaults")
        .iter()
        .position(|m| m == "createdText")
        .unwrap();
    let (field, ty) = types.field("Defaults", index);
    assert!(!is_option(ty), "Defaults.{field} has a default: {}", text(ty));
    scratch.check_and_run(TIMESTAMP_DEFAULT_BEHAVIOUR);
}

/// Errors are read once per service (`read_error`): an error of the service that the operation
/// does not declare stays `Unhandled` with its code and message; a declared one that cannot be
/// read is `Unhandled` with the parse error.
#[test]
fn errors_declared_by_another_operation() {
    build_and_run(
        JSON_MODEL,
        Some(&["Echo", "Fail"]),
        "edge-cases-error-undeclared",
        UNDECLARED_ERROR_BEHAVIOUR,
    );
}

/// A modeled error named `Unhandled` next to the error enum's own `Unhandled` variant.
#[test]
fn error_named_unhandled() {
    build_and_run(JSON_MODEL, Some(&["Fail"]), "edge-cases-error-unhandled", UNHANDLED_ERROR_BEHAVIOUR);
}

/// Members `foo`, `setFoo` and `getFoo`: the builder's accessors for `foo` are `set_foo` and
/// `get_foo`, the setters of the other two members.
#[test]
fn members_named_like_builder_accessors() {
    build_and_run(JSON_MODEL, Some(&["Probe"]), "edge-cases-accessors", ACCESSORS_BEHAVIOUR);
}

/// An operation without input, output or errors: nothing to validate, nothing required.
#[test]
fn operation_without_members_is_clippy_clean() {
    build_and_run(JSON_MODEL, Some(&["Ping"]), "edge-cases-ping", PING_BEHAVIOUR);
}

/// An operation named `Validate`, like the trait the generated operations module imports (the
/// same holds for `HttpRequest`, `HttpResponse`, `RequestError`, `JsonReader`, `JsonWriter`, ...).
#[test]
fn operation_named_like_an_imported_item() {
    build_and_run(JSON_MODEL, Some(&["Validate"]), "edge-cases-validate", VALIDATE_BEHAVIOUR);
}

// ---------------------------------------------------------------------------------------------
// The behaviour tests written into the scratch crates
// ---------------------------------------------------------------------------------------------

const REST_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs: the crate generated from edge-cases.json.

use std::collections::HashMap;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{Blob, DateTime, Document};
use edge_cases_core::edge_service::{errors, operations as op, types as t};
use edge_cases_core::runtime::{HttpRequest, HttpResponse};

type Outcome = std::result::Result<(), std::boxed::Box<dyn std::error::Error>>;

fn body(request: &HttpRequest) -> &str {
    std::str::from_utf8(&request.body).unwrap()
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse::new(200, vec![], body)
}

#[test]
fn keyword_members_keep_their_model_names_on_the_wire() -> Outcome {
    let input = op::Keywords::input_from_json(
        br#"{"match":"a b/c","type":"t","self":"s","crate":"c","super":"p","fn":1,"async":true,"dyn":"d","gen":"g","union":"u","keywords":{"self":"1","type":"2","fn":"3","match":"4","async":"5","super":"6","crate":"7","loop":8,"impl":false}}"#,
    )?;
    assert_eq!(input.r#match.as_deref(), Some("a b/c"));
    assert_eq!(input.r#type.as_deref(), Some("t"));
    let request = op::Keywords::request(&input)?;
    assert_eq!((request.method, request.uri.as_str()), ("POST", "/keywords/a%20b%2Fc"));
    assert_eq!(request.query, vec![("type".to_owned(), "t".to_owned())]);
    assert_eq!(request.header("X-Self"), Some("s"));
    assert_eq!(
        body(&request),
        r#"{"crate":"c","super":"p","fn":1,"async":true,"dyn":"d","gen":"g","union":"u","keywords":{"self":"1","type":"2","fn":"3","match":"4","async":"5","super":"6","crate":"7","loop":8,"impl":false}}"#
    );

    let keywords = t::KeywordStruct::builder().r#type("x").r#match("m").r#loop(3).build()?;
    assert_eq!(keywords.r#type.as_deref(), Some("x"));
    assert_eq!(keywords.r#loop, Some(3));

    let response = HttpResponse::new(
        200,
        vec![("X-Type".to_owned(), "from-header".to_owned())],
        r#"{"Self":"me","super":"s","crate":"c","where":3,"keywords":{"type":"k"}}"#,
    );
    let output = op::Keywords::parse_response(&response)?;
    assert_eq!(output.r#type.as_deref(), Some("from-header"));
    assert_eq!(output.r#where, Some(3));
    assert_eq!(output.keywords.as_ref().and_then(|k| k.r#type.as_deref()), Some("k"));
    assert_eq!(
        op::Keywords::output_to_json(&output)?,
        r#"{"Self":"me","super":"s","crate":"c","type":"from-header","where":3,"keywords":{"type":"k"}}"#
    );
    Ok(())
}

#[test]
fn shapes_named_like_std_items_are_usable() -> Outcome {
    let json = r#"{"names":{"result":{"ok":"yes","err":"no"},"option":{"some":"x","none":true},"string":{"value":"v","option":{"none":false}},"box":{"vec":{"items":["i"]}},"vec":{"items":[]},"self":{"self":"me"},"default":{"default":"d"},"clone":{"clone":2},"unknown":{"unknown":"u"},"plain":"p"},"result":{"ok":"top"}}"#;
    let input = op::Reserved::input_from_json(json.as_bytes())?;
    let request = op::Reserved::request(&input)?;
    assert_eq!(body(&request), json);

    let string = t::String::builder().value("v").option(t::Option::builder().some("s").build()?).build()?;
    let boxed = t::Box::builder().vec(t::Vec::builder().items(vec!["i".to_owned()]).build()?).build()?;
    let names = t::ReservedNames::builder()
        .result(t::Result::builder().ok("yes").build()?)
        .string(string.clone())
        .r#box(boxed)
        .default(t::Default::builder().default("d").build()?)
        .clone(t::Clone::builder().clone(2).build()?)
        .unknown(t::Unknown::builder().unknown("u").build()?)
        .plain(String::from("p"))
        .build()?;
    assert_eq!(names.string.as_ref(), Some(&string));
    assert_eq!(names.plain.as_deref(), Some("p"));

    let output = op::Reserved::parse_response(&ok(r#"{"names":{"self":{"self":"me"}},"string":{"value":"v"},"selfStruct":{"Self":"S","crate":"c"}}"#))?;
    assert_eq!(output.string.and_then(|s| s.value).as_deref(), Some("v"));
    assert_eq!(
        op::Reserved::output_to_json(&op::Reserved::parse_response(&ok(json))?)?,
        r#"{"names":{"result":{"ok":"yes","err":"no"},"option":{"some":"x","none":true},"string":{"value":"v","option":{"none":false}},"box":{"vec":{"items":["i"]}},"vec":{"items":[]},"self":{"self":"me"},"default":{"default":"d"},"clone":{"clone":2},"unknown":{"unknown":"u"},"plain":"p"}}"#
    );
    Ok(())
}

#[test]
fn the_service_error_named_error_is_recognised() {
    let response = HttpResponse::new(
        400,
        vec![("X-Amzn-Errortype".to_owned(), "Error:http://internal.amazon.com/".to_owned())],
        r#"{"message":"bad","reason":"why"}"#,
    );
    match op::Reserved::parse_response(&response) {
        Err(errors::ReservedError::Error(e)) => {
            assert_eq!(e.message.as_deref(), Some("bad"));
            assert_eq!(e.reason.as_deref(), Some("why"));
        }
        other => panic!("expected the modeled `Error`, got {other:?}"),
    }
    let other = HttpResponse::new(400, vec![], r#"{"__type":"Other","message":"m"}"#);
    let error = op::GetThing::parse_response(&other).unwrap_err();
    assert_eq!(error.code(), Some("Other"));
    assert!(matches!(error, errors::GetThingError::Unhandled(_)));
}

#[test]
fn colliding_members_stay_distinct() -> Outcome {
    let json = r#"{"collisions":{"fooBar":"a","foo_bar":"b","_fooBar":"c","FOO__BAR":"d","_1st":1,"_2nd":2,"field_2nd":3,"ARNs":["arn:1"],"UUIDList":["u"],"S3Key":"k","build":"b","type":"t"}}"#;
    let input = op::Collide::input_from_json(json.as_bytes())?;
    assert_eq!(body(&op::Collide::request(&input)?), json);
    let output = op::Collide::parse_response(&ok(json))?;
    assert_eq!(output.collisions, input.collisions);
    assert_eq!(op::Collide::output_to_json(&output)?, json);
    Ok(())
}

#[test]
fn enum_values_that_are_not_identifiers() -> Outcome {
    assert_eq!(t::InstanceType::VALUES, ["t2.micro", "t2micro", "*", "a b", "UNKNOWN", "self", "m5.large"]);
    assert_eq!(t::LegacyEnum::VALUES, ["t2.micro", "*", "a b", "UNKNOWN", "m5.large"]);
    assert_eq!(t::NamedLegacy::VALUES, ["on", "off", "?", "self"]);
    let mut seen = std::collections::BTreeSet::new();
    for value in t::InstanceType::VALUES {
        let parsed = t::InstanceType::from(*value);
        assert!(!matches!(parsed, t::InstanceType::Unknown(_)), "{value} is a modeled value");
        assert_eq!(parsed.as_str(), *value);
        assert_eq!(parsed.to_string(), *value);
        assert!(seen.insert(parsed), "{value} shares a variant");
    }
    for value in t::LegacyEnum::VALUES {
        let parsed = t::LegacyEnum::from(*value);
        assert!(!matches!(parsed, t::LegacyEnum::Unknown(_)), "{value} is a modeled value");
        assert_eq!(parsed.as_str(), *value);
    }
    for value in t::NamedLegacy::VALUES {
        assert!(!matches!(t::NamedLegacy::from(*value), t::NamedLegacy::Unknown(_)), "{value}");
    }
    // Values the model does not list (the empty string cannot be an enum value) are kept.
    assert_eq!(t::InstanceType::from(""), t::InstanceType::Unknown(String::new()));
    assert_eq!(t::InstanceType::from("").as_str(), "");
    assert_eq!(t::InstanceType::from("t2.nano"), t::InstanceType::Unknown("t2.nano".to_owned()));
    assert_eq!(t::LegacyEnum::from("a-b"), t::LegacyEnum::Unknown("a-b".to_owned()));

    assert_eq!(t::Priority::VALUES, [1, 10, -1, 0]);
    for value in t::Priority::VALUES {
        let parsed = t::Priority::from(*value);
        assert!(!matches!(parsed, t::Priority::Unknown(_)), "{value} is a modeled value");
        assert_eq!(parsed.as_i32(), *value);
    }
    assert_eq!(t::Priority::from(5), t::Priority::Unknown(5));

    let input = t::EnumsInput::builder()
        .instance(t::InstanceType::from("t2.micro"))
        .legacy(t::LegacyEnum::from("*"))
        .priority(t::Priority::from(-1))
        .named(t::NamedLegacy::from("?"))
        .kinds(vec![t::InstanceType::from("a b"), t::InstanceType::from("UNKNOWN")])
        .by_kind(HashMap::from([(t::InstanceType::from("*"), 1)]))
        .legacy_body(t::LegacyEnum::from("a b"))
        .build()?;
    let request = op::Enums::request(&input)?;
    assert_eq!(request.query, vec![("instance".to_owned(), "t2.micro".to_owned())]);
    assert_eq!(request.header("X-Legacy"), Some("*"));
    assert_eq!(
        body(&request),
        r#"{"priority":-1,"named":"?","kinds":["a b","UNKNOWN"],"byKind":{"*":1},"legacyBody":"a b"}"#
    );

    let output = op::Enums::parse_response(&ok(
        r#"{"instance":"self","legacy":"UNKNOWN","priority":0,"named":"self","kinds":["m5.large","brand-new"],"byKind":{"t2micro":2}}"#,
    ))?;
    assert_eq!(output.instance, Some(t::InstanceType::from("self")));
    assert!(!matches!(output.legacy, Some(t::LegacyEnum::Unknown(_))));
    assert_eq!(output.priority.map(|p| p.as_i32()), Some(0));
    assert_eq!(
        output.kinds,
        Some(vec![t::InstanceType::from("m5.large"), t::InstanceType::Unknown("brand-new".to_owned())])
    );
    assert_eq!(output.by_kind.unwrap()[&t::InstanceType::from("t2micro")], 2);
    Ok(())
}

#[test]
fn recursive_values_round_trip() -> Outcome {
    let node = t::Node::builder()
        .value("a")
        .next(t::Node::builder().value("b").next(t::Node::builder().value("c").build()?).build()?)
        .build()?;
    let ping = t::Ping::builder()
        .label("p")
        .pong(t::Pong::builder().count(1).ping(t::Ping::builder().label("q").build()?).build()?)
        .build()?;
    let tree = t::Tree::builder()
        .name("root")
        .children(vec![t::Tree::builder().name("leaf").build()?])
        .by_name(HashMap::from([("k".to_owned(), t::Tree::builder().name("m").build()?)]))
        .build()?;
    let pair = t::ExprPair::builder().left(t::Expr::Nothing).right(t::Expr::Literal(2)).build()?;
    let expr = t::Expr::Add(vec![t::Expr::Literal(1), t::Expr::Neg(t::Expr::Pair(pair.into()).into())]);
    let input = t::RecurseInput::builder().node(node).ping(ping).tree(tree).expr(expr).build()?;
    let request = op::Recurse::request(&input)?;
    let json = r#"{"node":{"value":"a","next":{"value":"b","next":{"value":"c"}}},"ping":{"label":"p","pong":{"count":1,"ping":{"label":"q"}}},"tree":{"name":"root","children":[{"name":"leaf"}],"byName":{"k":{"name":"m"}}},"expr":{"add":[{"literal":1},{"neg":{"pair":{"left":{"nothing":{}},"right":{"literal":2}}}}]}}"#;
    assert_eq!(body(&request), json);
    let output = op::Recurse::parse_response(&ok(json))?;
    assert_eq!(output.node, input.node);
    assert_eq!(output.ping, input.ping);
    assert_eq!(output.tree, input.tree);
    assert_eq!(output.expr, input.expr);
    assert!(t::ExprPair::builder().left(t::Expr::Nothing).build().is_err(), "`right` is required");
    Ok(())
}

#[test]
fn documents_big_numbers_blobs_and_unit_union_members() -> Outcome {
    let json = r#"{"doc":{"k":[1,null,true,"s",-2,1.5]},"big":123456789012345678901234567890,"dec":12345.678901234567890,"data":"aGkA","choice":{"none":{}}}"#;
    let input = op::Scalars::input_from_json(json.as_bytes())?;
    assert_eq!(input.data, Some(Blob::new(b"hi\0".to_vec())));
    assert_eq!(input.big.as_ref().map(|b| b.as_ref()), Some("123456789012345678901234567890"));
    assert_eq!(input.dec.as_ref().map(|d| d.as_ref()), Some("12345.678901234567890"));
    let Some(Document::Object(doc)) = &input.doc else { panic!("doc: {:?}", input.doc) };
    assert!(matches!(&doc["k"], Document::Array(items) if items.len() == 6 && items[1] == Document::Null));
    assert_eq!(body(&op::Scalars::request(&input)?), json);

    for choice in [r#"{"some":"x"}"#, r#"{"none":{}}"#, r#"{"empty":{}}"#, r#"{"unknown":{"unknown":"u"}}"#, r#"{"doc":"d"}"#, r#"{"big":7}"#, r#"{"dec":0.5}"#, r#"{"data":"AA=="}"#] {
        let json = format!(r#"{{"choice":{choice}}}"#);
        let output = op::Scalars::parse_response(&ok(&json))?;
        assert!(!matches!(output.choice, Some(t::Choice::Unknown(_)) | None), "{choice} is a modeled member");
        assert_eq!(op::Scalars::output_to_json(&output)?, json);
    }
    let output = op::Scalars::parse_response(&ok(r#"{"choice":{"brandNew":5}}"#))?;
    assert_eq!(output.choice, Some(t::Choice::Unknown("brandNew".to_owned())));
    Ok(())
}

#[test]
fn every_timestamp_format() -> Outcome {
    let at = DateTime::from_secs(1_704_164_645); // 2024-01-02T03:04:05Z, a Tuesday
    let times = t::TimeValues::builder().plain(at).epoch(at).date_time(at).http_date(at).shape_formatted(at).build()?;
    let input = t::TimesInput::builder().since(at).until(at).epoch_header(at).times(times).build()?;
    let request = op::Times::request(&input)?;
    assert_eq!(request.query, vec![("since".to_owned(), "2024-01-02T03:04:05Z".to_owned())]);
    assert_eq!(request.header("X-Until"), Some("Tue, 02 Jan 2024 03:04:05 GMT"));
    assert_eq!(request.header("X-Epoch"), Some("1704164645"));
    let json = r#"{"times":{"plain":1704164645,"epoch":1704164645,"dateTime":"2024-01-02T03:04:05Z","httpDate":"Tue, 02 Jan 2024 03:04:05 GMT","shapeFormatted":"2024-01-02T03:04:05Z"}}"#;
    assert_eq!(body(&request), json);

    let response = HttpResponse::new(200, vec![("X-Date".to_owned(), "2024-01-02T03:04:05Z".to_owned())], json);
    let output = op::Times::parse_response(&response)?;
    assert_eq!(output.header, Some(at));
    assert_eq!(output.times, input.times);
    let fractional = op::Times::parse_response(&ok(r#"{"times":{"plain":1704164645.5}}"#))?;
    let plain = fractional.times.and_then(|v| v.plain).unwrap();
    assert_eq!((plain.secs(), plain.subsec_nanos()), (1_704_164_645, 500_000_000));
    assert_eq!(DateTime::from_str("2024-01-02T03:04:05Z", Format::DateTime)?, at);
    Ok(())
}

#[test]
fn sparse_collections_keep_nulls_dense_ones_drop_them() -> Outcome {
    let json = r#"{"strings":["a",null,"b"],"map":{"k":null},"dense":["x"],"denseMap":{"d":"v"}}"#;
    let input = op::Sparse::input_from_json(json.as_bytes())?;
    assert_eq!(input.strings, Some(vec![Some("a".to_owned()), None, Some("b".to_owned())]));
    assert_eq!(input.map, Some(HashMap::from([("k".to_owned(), None)])));
    assert_eq!(body(&op::Sparse::request(&input)?), json);
    let output = op::Sparse::parse_response(&ok(
        r#"{"strings":[null],"map":{"n":null},"dense":["x",null,"y"],"denseMap":{"a":null,"b":"c"}}"#,
    ))?;
    assert_eq!(output.strings, Some(vec![None]));
    assert_eq!(output.map, Some(HashMap::from([("n".to_owned(), None)])));
    assert_eq!(output.dense, Some(vec!["x".to_owned(), "y".to_owned()]));
    assert_eq!(output.dense_map, Some(HashMap::from([("b".to_owned(), "c".to_owned())])));
    Ok(())
}

#[test]
fn defaults_of_every_kind() -> Outcome {
    let d = t::Defaults::builder().id("x").build()?;
    assert_eq!(d.id, "x");
    assert_eq!(d.required_count, 5);
    assert!(d.flag);
    assert!(!d.off);
    assert_eq!((d.byte, d.short, d.count, d.zero, d.long), (1, -3, 42, 0, 100));
    assert_eq!((d.ratio, d.precise), (1.5, 2.25));
    assert_eq!(d.big.as_ref(), "7");
    assert_eq!(d.dec.as_ref(), "1.5");
    assert_eq!((d.name.as_str(), d.empty.as_str()), ("hi", ""));
    assert_eq!(d.kind, t::InstanceType::from("t2.micro"));
    assert_eq!(d.priority, t::Priority::from(10));
    assert!(d.tags.is_empty() && d.labels.is_empty());
    assert_eq!(d.created, DateTime::from_secs(1_700_000_000));
    // The protocol tests read a blob default as the string's bytes ("abc" is sent as "YWJj").
    assert_eq!(d.blob, Blob::new(b"abc".to_vec()));
    assert_eq!(d.doc_map, Document::Object(HashMap::new()));
    assert_eq!(d.doc_list, Document::Array(Vec::new()));
    assert_eq!(d.doc_string, Document::String("hi".to_owned()));
    assert_eq!(d.maybe, None, "@clientOptional ignores the default");

    let missing = t::Defaults::builder().build().unwrap_err();
    assert_eq!(missing.missing(), ["id"], "a @required member with a @default is never missing");

    let output = op::EchoDefaults::parse_response(&ok(r#"{"defaults":{"id":"x"}}"#))?;
    assert_eq!(output.defaults.as_ref(), Some(&d));
    let request = op::EchoDefaults::request(&t::EchoDefaultsInput::builder().defaults(d).build()?)?;
    for part in [r#""requiredCount":5"#, r#""count":42"#, r#""kind":"t2.micro""#, r#""priority":10"#, r#""created":1700000000"#, r#""blob":"YWJj""#, r#""docMap":{}"#] {
        assert!(body(&request).contains(part), "effective defaults are serialized: {part} in {}", body(&request));
    }
    Ok(())
}

#[test]
fn streaming_blob_payloads() -> Outcome {
    let input = t::UploadInput::builder().key("dir/file name").body(Blob::new(b"\x00\x01raw".to_vec())).build()?;
    let request = op::Upload::request(&input)?;
    assert_eq!((request.method, request.uri.as_str()), ("PUT", "/upload/dir%2Ffile%20name"));
    assert_eq!(request.body, b"\x00\x01raw");
    assert_eq!(request.header("Content-Type"), Some("application/octet-stream"));
    op::Upload::parse_response(&ok(""))?;

    let request = op::Download::request(&t::DownloadInput::builder().key("k").build()?)?;
    assert_eq!((request.method, request.uri.as_str()), ("GET", "/download/k"));
    let response = HttpResponse::new(200, vec![("X-Checksum".to_owned(), "abc".to_owned())], b"\xff\x00bytes".to_vec());
    let output = op::Download::parse_response(&response)?;
    assert_eq!(output.body, Blob::new(b"\xff\x00bytes".to_vec()));
    assert_eq!(output.checksum.as_deref(), Some("abc"));
    let empty = op::Download::parse_response(&ok(""))?;
    assert_eq!(empty.body, Blob::new(Vec::new()), "the default of a streaming blob is empty");
    Ok(())
}

#[test]
fn widgets_from_two_namespaces() -> Outcome {
    let input = t::WidgetsInput::builder()
        .widget(t::Widget::builder().name("w").size(1).build()?)
        .other(t::OtherWidget::builder().label("o").parts(vec!["p".to_owned()]).build()?)
        .build()?;
    let json = r#"{"widget":{"name":"w","size":1},"other":{"label":"o","parts":["p"]}}"#;
    assert_eq!(body(&op::Widgets::request(&input)?), json);
    let output = op::Widgets::parse_response(&ok(json))?;
    assert_eq!((output.widget, output.other), (input.widget, input.other));
    Ok(())
}

#[test]
fn resource_operations_and_mixin_members() -> Outcome {
    let create = t::CreateThingInput::builder().name("n").tags(HashMap::from([("a".to_owned(), "b".to_owned())])).build()?;
    let request = op::CreateThing::request(&create)?;
    assert_eq!((request.method, request.uri.as_str(), body(&request)), ("POST", "/things", r#"{"name":"n","tags":{"a":"b"}}"#));
    assert_eq!(t::CreateThingInput::builder().build().unwrap_err().missing(), ["name"]);

    let request = op::GetThing::request(&t::GetThingInput::builder().thing_id("t-1").build()?)?;
    assert_eq!((request.method, request.uri.as_str()), ("GET", "/things/t-1"));
    let request = op::ListThings::request(&t::ListThingsInput::builder().next_token("nt").max_results(5).build()?)?;
    assert_eq!((request.method, request.uri.as_str()), ("GET", "/things"));
    assert_eq!(request.query, vec![("nextToken".to_owned(), "nt".to_owned()), ("maxResults".to_owned(), "5".to_owned())]);

    let output = op::GetThing::parse_response(&ok(
        r#"{"thing":{"thingId":"t-1","createdAt":1700000000,"name":"n","widget":{"name":"w"},"otherWidget":{"label":"o"}}}"#,
    ))?;
    let thing = output.thing.unwrap();
    assert_eq!(thing.thing_id, "t-1");
    assert_eq!(thing.created_at, Some(DateTime::from_secs(1_700_000_000)));
    assert_eq!(thing.other_widget.and_then(|w| w.label).as_deref(), Some("o"));
    let list = op::ListThings::parse_response(&ok(r#"{"things":[{"thingId":"a"},{"thingId":"b","name":"B"}],"nextToken":"nt"}"#))?;
    let ids: Vec<String> = list.things.unwrap().into_iter().map(|s| s.thing_id).collect();
    assert_eq!(ids, ["a", "b"]);
    // A client corrects a missing required string to "" rather than failing.
    let corrected = op::GetThing::parse_response(&ok(r#"{"thing":{"name":"n"}}"#))?;
    assert_eq!(corrected.thing.map(|v| v.thing_id).as_deref(), Some(""));
    let created = op::CreateThing::parse_response(&ok(r#"{"thing":{"thingId":"t-2"}}"#))?;
    assert_eq!(created.thing.thing_id, "t-2");
    Ok(())
}
"##;

const JSON_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs: the crate generated from edge-cases-awsjson.json.

use edge_cases_json_core::json_edge::{errors, operations as op, types as t};
use edge_cases_json_core::runtime::HttpResponse;

type Outcome = std::result::Result<(), std::boxed::Box<dyn std::error::Error>>;

#[test]
fn aws_json_keys_are_member_names() -> Outcome {
    let json = r#"{"keywords":{"type":"t","Self":"s","super":"p","crate":"c","fn":1,"match":"m"},"collisions":{"fooBar":"a","foo_bar":"b","_fooBar":"c","_1st":1},"choice":{"Unknown":{}},"instance":"UNKNOWN","when":1.5,"doc":"d","node":{"next":{"value":2},"value":1}}"#;
    let input = op::Echo::input_from_json(json.as_bytes())?;
    assert!(!matches!(input.choice, Some(t::Choice::Unknown(_))), "the member named `Unknown` is modeled");
    assert!(!matches!(input.instance, Some(t::InstanceType::Unknown(_))), "`UNKNOWN` is a modeled value");
    let request = op::Echo::request(&input)?;
    assert_eq!((request.method, request.uri.as_str()), ("POST", "/"));
    assert_eq!(request.header("X-Amz-Target"), Some("JsonEdge.Echo"));
    assert_eq!(request.header("Content-Type"), Some("application/x-amz-json-1.1"));
    assert_eq!(std::str::from_utf8(&request.body)?, json);

    let output = op::Echo::parse_response(&HttpResponse::new(200, vec![], json))?;
    assert_eq!(output.keywords, input.keywords);
    assert_eq!(output.collisions, input.collisions);
    assert_eq!(output.node, input.node);
    let unknown = op::Echo::parse_response(&HttpResponse::new(200, vec![], r#"{"choice":{"brandNew":{}}}"#))?;
    assert_eq!(unknown.choice, Some(t::Choice::Unknown("brandNew".to_owned())));

    let keywords = t::Keywords::builder().r#type("t").r#fn(2).build();
    assert_eq!(keywords.unwrap_err().missing(), ["match"]);
    Ok(())
}

#[test]
fn modeled_errors() {
    let response = HttpResponse::new(400, vec![], r#"{"__type":"edge.json#Fault","Message":"m"}"#);
    match op::Echo::parse_response(&response) {
        Err(errors::EchoError::Fault(fault)) => assert_eq!(fault.message.as_deref(), Some("m")),
        other => panic!("expected Fault, got {other:?}"),
    }
}
"##;

const LEGACY_ENUM_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_legacy_enums::edge_service::types::PunctuatedEnum;

#[test]
fn every_value_has_its_own_variant() {
    assert_eq!(PunctuatedEnum::VALUES, ["a b", "a-b", "a.b", "*", "?"]);
    let mut seen = std::collections::BTreeSet::new();
    for value in PunctuatedEnum::VALUES {
        let parsed = PunctuatedEnum::from(*value);
        assert!(!matches!(parsed, PunctuatedEnum::Unknown(_)), "{value} is a modeled value");
        assert_eq!(parsed.as_str(), *value);
        assert!(seen.insert(parsed), "{value} shares a variant");
    }
}
"##;

const DOCUMENT_DEFAULTS_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use aws_smithy_types::{Document, Number};
use edge_cases_document_defaults::edge_service::types::DocumentDefaults;

#[test]
fn document_defaults() -> std::result::Result<(), edge_cases_document_defaults::BuildError> {
    let d = DocumentDefaults::builder().id("x").build()?;
    assert_eq!(d.doc_bool, Document::Bool(true));
    assert_eq!(d.doc_number, Document::Number(Number::PosInt(3)));
    assert_eq!(d.doc_negative, Document::Number(Number::NegInt(-2)));
    assert_eq!(d.doc_float, Document::Number(Number::Float(1.5)));
    assert_eq!(d.doc_string, Document::String("hi".to_owned()));
    Ok(())
}
"##;

const TIMESTAMP_DEFAULT_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use edge_cases_timestamp_default::edge_service::{operations::EchoDefaults, types::Defaults};
use edge_cases_timestamp_default::runtime::HttpResponse;

#[test]
fn date_time_text_default() -> std::result::Result<(), std::boxed::Box<dyn std::error::Error>> {
    let expected = DateTime::from_str("2024-01-02T03:04:05Z", Format::DateTime)?;
    assert_eq!(Defaults::builder().id("x").build()?.created_text, expected);
    let output = EchoDefaults::parse_response(&HttpResponse::new(200, vec![], r#"{"defaults":{"id":"x"}}"#))?;
    assert_eq!(output.defaults.map(|d| d.created_text), Some(expected));
    Ok(())
}
"##;

const UNDECLARED_ERROR_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_error_undeclared::json_edge::errors::{EchoError, FailError};
use edge_cases_error_undeclared::json_edge::operations::{Echo, Fail};
use edge_cases_error_undeclared::runtime::HttpResponse;

#[test]
fn each_operation_gets_only_its_own_errors() {
    // `Fault` is Echo's error, `Unhandled` is Fail's.
    let fault = HttpResponse::new(400, vec![], r#"{"__type":"Fault","Message":"bad"}"#);
    let echo = Echo::parse_response(&fault).unwrap_err();
    assert!(matches!(&echo, EchoError::Fault(f) if f.message.as_deref() == Some("bad")), "{echo:?}");
    let fail = Fail::parse_response(&fault).unwrap_err();
    let FailError::Unhandled(e) = &fail else { panic!("{fail:?}") };
    assert_eq!((e.code.as_deref(), e.message.as_deref(), e.status), (Some("Fault"), Some("bad"), 400));
    assert_eq!(e.parse_error, None);

    let unhandled = HttpResponse::new(500, vec![], r#"{"__type":"Unhandled","message":"boom"}"#);
    assert!(matches!(Fail::parse_response(&unhandled), Err(FailError::UnhandledValue(_))));
    let EchoError::Unhandled(e) = Echo::parse_response(&unhandled).unwrap_err() else { panic!() };
    assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("Unhandled"), Some("boom")));

    // A declared error whose body is not its shape.
    let broken = HttpResponse::new(400, vec![], r#"{"__type":"Fault","Message":7}"#);
    let EchoError::Unhandled(e) = Echo::parse_response(&broken).unwrap_err() else { panic!() };
    assert_eq!((e.code.as_deref(), e.status), (Some("Fault"), 400));
    assert!(e.parse_error.is_some());
}
"##;

const UNHANDLED_ERROR_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_error_unhandled::json_edge::operations::Fail;
use edge_cases_error_unhandled::runtime::HttpResponse;

#[test]
fn the_modeled_error_and_the_unmodeled_one_differ() {
    let modeled = Fail::parse_response(&HttpResponse::new(500, vec![], r#"{"__type":"Unhandled","message":"boom"}"#));
    let error = modeled.unwrap_err();
    assert_eq!(error.code(), Some("Unhandled"));
    assert_eq!(error.message(), Some("boom"));
    assert_eq!(error.to_json().as_deref(), Some(r#"{"message":"boom"}"#), "a modeled error has members");
    let other = Fail::parse_response(&HttpResponse::new(500, vec![], r#"{"__type":"Other"}"#)).unwrap_err();
    assert_eq!(other.code(), Some("Other"));
    assert_eq!(other.to_json(), None, "an unmodeled error has none");
}
"##;

const ACCESSORS_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_accessors::json_edge::operations::Probe;
use edge_cases_accessors::json_edge::types::Accessors;

#[test]
fn three_members_three_values() -> std::result::Result<(), std::boxed::Box<dyn std::error::Error>> {
    let json = r#"{"accessors":{"foo":"1","setFoo":"2","getFoo":"3"}}"#;
    let input = Probe::input_from_json(json.as_bytes())?;
    assert_eq!(std::str::from_utf8(&Probe::request(&input)?.body)?, json);
    let accessors = Accessors::builder().foo("1").build()?;
    assert_eq!(accessors.foo.as_deref(), Some("1"));
    Ok(())
}
"##;

const PING_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_ping::json_edge::operations::Ping;
use edge_cases_ping::runtime::HttpResponse;

#[test]
fn empty_input_and_output() -> std::result::Result<(), std::boxed::Box<dyn std::error::Error>> {
    let request = Ping::request(&())?;
    assert_eq!(request.header("X-Amz-Target"), Some("JsonEdge.Ping"));
    assert_eq!(request.body, b"{}");
    Ping::parse_response(&HttpResponse::new(200, vec![], "{}"))?;
    Ok(())
}
"##;

const VALIDATE_BEHAVIOUR: &str = r##"//! Written by codegen/tests/edge_cases.rs.

use edge_cases_validate::json_edge::operations::Validate;
use edge_cases_validate::json_edge::types::ValidateInput;
use edge_cases_validate::runtime::HttpResponse;

#[test]
fn the_operation_works() -> std::result::Result<(), std::boxed::Box<dyn std::error::Error>> {
    let request = Validate::request(&ValidateInput::builder().name("n").build()?)?;
    assert_eq!(request.header("X-Amz-Target"), Some("JsonEdge.Validate"));
    assert_eq!(request.body, br#"{"name":"n"}"#);
    assert_eq!(ValidateInput::builder().build().unwrap_err().missing(), ["name"]);
    let output = Validate::parse_response(&HttpResponse::new(200, vec![], r#"{"valid":true}"#))?;
    assert_eq!(output.valid, Some(true));
    Ok(())
}
"##;
