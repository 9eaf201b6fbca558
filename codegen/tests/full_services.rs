//! Whole services generated with `codegen::standalone::generate` from the official AppFabric and
//! AppStream models in `../shared/aws-models/` (relative to the workspace root), checked against
//! facts read straight from the model JSON with `serde_json`.
//!
//! Every expectation is computed here, independently of the generator's resolver, closure and
//! naming code: the operations bound to the service (resources included, recursively), the
//! members of every input and output, the errors of every operation, and the `@length`,
//! `@pattern` and `@range` constraints that apply to values reachable from operation inputs.
//! The generated sources are read with `syn`. One test (`full_crates_compile`) writes both crates
//! into a scratch workspace under `target/` and runs `cargo check` on it.
//!
//! When `../shared/aws-models` is absent, the tests that need it print a note and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use codegen::standalone::{generate, Options};
use codegen::{GeneratedFile, RuntimeLocation};
use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use serde_json::Value;
use syn::ext::IdentExt;
use syn::parse::Parser;

// ---------------------------------------------------------------------------------------------
// Where things are
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace").to_path_buf()
}

/// `../shared/aws-models`, or `None` (with the note on stderr) when it is absent.
fn models_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/aws-models");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/aws-models not found");
        None
    }
}

macro_rules! models_or_skip {
    () => {
        match models_dir() {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// A service under test: its model file, its service shape and its operation count.
struct Service {
    /// Index into [`GENERATED`].
    slot: usize,
    file: &'static str,
    shape: &'static str,
    /// The number of operations, as stated by the brief and by `INDEX.tsv`.
    operations: usize,
}

const APPFABRIC: Service = Service {
    slot: 0,
    file: "appfabric.json",
    shape: "com.amazonaws.appfabric#FabricFrontEndService",
    operations: 26,
};

const APPSTREAM: Service = Service {
    slot: 1,
    file: "appstream.json",
    shape: "com.amazonaws.appstream#PhotonAdminProxyService",
    operations: 79,
};

/// The whole-service generation of each service, made once per test run.
static GENERATED: [OnceLock<Vec<GeneratedFile>>; 2] = [OnceLock::new(), OnceLock::new()];

fn generate_full(dir: &Path, service: &Service, options: &Options) -> Vec<GeneratedFile> {
    let path = dir.join(service.file);
    generate(&path, options).unwrap_or_else(|e| panic!("generating {}: {e}", path.display()))
}

fn full(dir: &Path, service: &Service) -> &'static [GeneratedFile] {
    GENERATED[service.slot].get_or_init(|| generate_full(dir, service, &Options::default()))
}

/// The operation count `INDEX.tsv` gives for a model file.
fn index_operations(dir: &Path, file: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("INDEX.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = header.iter().position(|h| *h == "operations").expect("an `operations` column");
    let row = lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .find(|row| row[0] == file)
        .unwrap_or_else(|| panic!("INDEX.tsv has no row for {file}"));
    row[column].parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The model, read independently with serde_json
// ---------------------------------------------------------------------------------------------

struct JsonModel {
    file: PathBuf,
    shapes: serde_json::Map<String, Value>,
}

impl JsonModel {
    fn load(dir: &Path, file: &str) -> JsonModel {
        let file = dir.join(file);
        let root: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let shapes = root["shapes"].as_object().unwrap().clone();
        // This walk reads members as written; the official models are flat (no mixins, no apply).
        for (id, shape) in &shapes {
            assert!(shape.get("mixins").is_none(), "{}: {id} uses mixins", file.display());
            assert_ne!(shape["type"], "apply", "{}: {id} is an `apply`", file.display());
        }
        JsonModel { file, shapes }
    }

    fn shape(&self, id: &str) -> &Value {
        self.shapes.get(id).unwrap_or_else(|| panic!("{}: no shape `{id}`", self.file.display()))
    }

    /// The model's only service shape.
    fn service(&self) -> &str {
        let services: Vec<&String> =
            self.shapes.iter().filter(|(_, s)| s["type"] == "service").map(|(id, _)| id).collect();
        assert_eq!(services.len(), 1, "{}: services {services:?}", self.file.display());
        services[0]
    }

    /// The shape's type; prelude shapes by name, a Smithy 1.0 `@enum` string as `enum`.
    fn kind(&self, id: &str) -> &str {
        if let Some(name) = id.strip_prefix("smithy.api#") {
            return prelude_kind(name);
        }
        let shape = self.shape(id);
        match shape["type"].as_str().unwrap() {
            "string" if trait_value(shape, "smithy.api#enum").is_some() => "enum",
            "set" => "list",
            other => other,
        }
    }

    /// Members of a structure or union, in model order.
    fn members(&self, id: &str) -> Vec<(&str, &Value)> {
        if id.starts_with("smithy.api#") {
            return Vec::new();
        }
        match self.shape(id).get("members") {
            Some(Value::Object(members)) => members.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        }
    }

    /// Every place a value can sit inside a shape: structure and union members, a list's
    /// `member`, a map's `key` and `value`.
    fn positions(&self, id: &str) -> Vec<(String, &Value)> {
        if id.starts_with("smithy.api#") {
            return Vec::new();
        }
        let shape = self.shape(id);
        match self.kind(id) {
            "structure" | "union" => self.members(id).into_iter().map(|(n, m)| (n.to_owned(), m)).collect(),
            "list" => vec![("member".to_owned(), &shape["member"])],
            "map" => vec![("key".to_owned(), &shape["key"]), ("value".to_owned(), &shape["value"])],
            _ => Vec::new(),
        }
    }

    /// The operations of a service: its `operations` and, recursively, its resources'
    /// (`create`, `put`, `read`, `update`, `delete`, `list`, `operations`,
    /// `collectionOperations`, nested `resources`).
    fn service_operations(&self, service: &str) -> BTreeSet<String> {
        let mut operations: BTreeSet<String> =
            targets(self.shape(service).get("operations")).into_iter().collect();
        let mut resources = targets(self.shape(service).get("resources"));
        let mut seen = BTreeSet::new();
        while let Some(resource) = resources.pop() {
            if !seen.insert(resource.clone()) {
                continue;
            }
            let shape = self.shape(&resource);
            for key in
                ["create", "put", "read", "update", "delete", "list", "operations", "collectionOperations"]
            {
                operations.extend(targets(shape.get(key)));
            }
            resources.extend(targets(shape.get("resources")));
        }
        operations
    }

    /// An operation's input or output shape id (`smithy.api#Unit` when absent).
    fn io(&self, operation: &str, key: &str) -> String {
        targets(self.shape(operation).get(key)).pop().unwrap_or_else(|| "smithy.api#Unit".to_owned())
    }

    /// The errors of an operation: its own, then the service's, without repeats.
    fn operation_errors(&self, service: &str, operation: &str) -> Vec<String> {
        let mut errors = targets(self.shape(operation).get("errors"));
        for error in targets(self.shape(service).get("errors")) {
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
        errors
    }

    /// Non-prelude shapes reachable from `roots` through members.
    fn reachable(&self, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut pending: Vec<String> = roots.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(id) = pending.pop() {
            if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
                continue;
            }
            pending.extend(self.positions(&id).into_iter().map(|(_, m)| target_of(m)));
        }
        seen
    }

    /// A constraint trait as it applies to a value at `member`: the member's own, else its
    /// target's (member traits override target traits of the same id).
    fn effective<'a>(&'a self, member: &'a Value, id: &str) -> Option<&'a Value> {
        let target = target_of(member);
        trait_value(member, id).or_else(|| {
            if target.starts_with("smithy.api#") {
                None
            } else {
                trait_value(self.shape(&target), id)
            }
        })
    }
}

fn prelude_kind(name: &str) -> &'static str {
    match name.strip_prefix("Primitive").unwrap_or(name) {
        "String" => "string",
        "Blob" => "blob",
        "Boolean" => "boolean",
        "Byte" => "byte",
        "Short" => "short",
        "Integer" => "integer",
        "Long" => "long",
        "Float" => "float",
        "Double" => "double",
        "BigInteger" => "bigInteger",
        "BigDecimal" => "bigDecimal",
        "Timestamp" => "timestamp",
        "Document" => "document",
        "Unit" => "structure",
        other => panic!("unknown prelude shape `smithy.api#{other}`"),
    }
}

/// `{"target": ...}` or a list of them, as shape ids.
fn targets(value: Option<&Value>) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(target_of).collect(),
        Some(single) => vec![target_of(single)],
    }
}

fn target_of(reference: &Value) -> String {
    reference["target"].as_str().unwrap_or_else(|| panic!("not a shape reference: {reference}")).to_owned()
}

fn short_name(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, name)| name)
}

fn trait_value<'a>(shape_or_member: &'a Value, id: &str) -> Option<&'a Value> {
    shape_or_member.get("traits").and_then(|traits| traits.get(id))
}

/// The Rust type name of a shape (these services have no `rename`).
fn type_name(id: &str) -> String {
    short_name(id).to_upper_camel_case()
}

// ---------------------------------------------------------------------------------------------
// The generated code, read with syn
// ---------------------------------------------------------------------------------------------

/// `src/<module>/<name>` of a generated service crate (there is exactly one service module).
fn service_file<'a>(files: &'a [GeneratedFile], name: &str) -> (&'a Path, &'a str) {
    let found: Vec<&GeneratedFile> = files
        .iter()
        .filter(|f| {
            let parts: Vec<String> = f.path.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            parts.len() == 3 && parts[0] == "src" && parts[1] != "runtime" && parts[2] == name
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one src/<module>/{name}, found {:?}", found.iter().map(|f| &f.path));
    (&found[0].path, &found[0].contents)
}

fn parse(files: &[GeneratedFile], name: &str) -> syn::File {
    let (path, text) = service_file(files, name);
    syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Names of the `pub struct X;` items of `operations.rs`.
fn operation_structs(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if is_pub(&s.vis) && matches!(s.fields, syn::Fields::Unit) => {
                Some(s.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

/// The entries of `const OPERATION_NAMES: &[&str] = &[...]`.
fn operation_names_const(file: &syn::File) -> Vec<String> {
    let consts: Vec<&syn::ItemConst> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Const(c) if c.ident == "OPERATION_NAMES" => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(consts.len(), 1, "one `OPERATION_NAMES` const in operations.rs");
    let syn::Expr::Reference(reference) = &*consts[0].expr else {
        panic!("OPERATION_NAMES is not `&[...]`: {}", consts[0].expr.to_token_stream())
    };
    let syn::Expr::Array(array) = &*reference.expr else {
        panic!("OPERATION_NAMES is not `&[...]`: {}", consts[0].expr.to_token_stream())
    };
    array.elems.iter().map(|e| string_literal(e).expect("OPERATION_NAMES holds string literals")).collect()
}

fn string_literal(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    }
}

/// Public structs with named fields (field names with any `r#` removed) and public enums
/// (variant names).
#[derive(Default)]
struct Items {
    structs: BTreeMap<String, Vec<String>>,
    enums: BTreeMap<String, Vec<String>>,
}

fn items(file: &syn::File) -> Items {
    let mut items = Items::default();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let fields = s.fields.iter().filter_map(|f| f.ident.as_ref()).map(|i| i.unraw().to_string());
                items.structs.insert(s.ident.to_string(), fields.collect());
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                items
                    .enums
                    .insert(e.ident.to_string(), e.variants.iter().map(|v| v.ident.to_string()).collect());
            }
            _ => {}
        }
    }
    items
}

/// The Rust field name of a model member: heck's snake_case; keywords may come back raw
/// (`r#type`, compared without the `r#`) or, where a raw identifier is impossible, with `_`.
fn field_matches(actual: &str, member: &str) -> bool {
    let expected = member.to_snake_case();
    actual == expected
        || (["self", "super", "crate"].contains(&expected.as_str()) && actual == format!("{expected}_"))
}

/// Every call `validation::<function>(...)` anywhere in the file, as its argument lists.
fn validation_calls(file: &syn::File, function: &str) -> Vec<Vec<syn::Expr>> {
    fn walk(stream: TokenStream, function: &str, out: &mut Vec<Vec<syn::Expr>>) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                let is_call = group.delimiter() == Delimiter::Parenthesis
                    && i >= 4
                    && matches!(&tokens[i - 4], TokenTree::Ident(id) if id == "validation")
                    && matches!(&tokens[i - 3], TokenTree::Punct(p) if p.as_char() == ':')
                    && matches!(&tokens[i - 2], TokenTree::Punct(p) if p.as_char() == ':')
                    && matches!(&tokens[i - 1], TokenTree::Ident(id) if id == function);
                if is_call {
                    let args = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated
                        .parse2(group.stream())
                        .unwrap_or_else(|e| panic!("validation::{function}({}): {e}", group.stream()));
                    out.push(args.into_iter().collect());
                }
                walk(group.stream(), function, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(file.to_token_stream(), function, &mut out);
    out
}

/// `Option::Some(x)` / `Option::None` (any path to them) as `Some(&x)` / `None`.
fn option_arg(expr: &syn::Expr) -> Option<&syn::Expr> {
    match expr {
        syn::Expr::Call(call) => {
            let syn::Expr::Path(path) = &*call.func else {
                panic!("not an Option: {}", expr.to_token_stream())
            };
            assert_eq!(path.path.segments.last().unwrap().ident, "Some", "{}", expr.to_token_stream());
            assert_eq!(call.args.len(), 1);
            Some(&call.args[0])
        }
        syn::Expr::Path(path) if path.path.segments.last().unwrap().ident == "None" => None,
        other => panic!("not an Option: {}", other.to_token_stream()),
    }
}

/// A length bound argument: `Some(7u64)` or `None`.
fn length_bound(expr: &syn::Expr) -> Option<u64> {
    option_arg(expr).map(|inner| match inner {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(n), .. }) => n.base10_parse().unwrap(),
        other => panic!("not an integer bound: {}", other.to_token_stream()),
    })
}

/// A range bound argument: `Some((1f64, "1"))` or `None`, as the number its text spells.
fn range_bound(expr: &syn::Expr) -> Option<String> {
    option_arg(expr).map(|inner| {
        let syn::Expr::Tuple(tuple) = inner else {
            panic!("not a (number, text) bound: {}", inner.to_token_stream())
        };
        let text = string_literal(&tuple.elems[1]).expect("the bound's text");
        format!("{}", text.parse::<f64>().unwrap())
    })
}

fn json_u64(value: &Value, key: &str) -> Option<u64> {
    value.get(key).map(|v| v.as_u64().unwrap_or_else(|| panic!("@length {key} is not a u64: {v}")))
}

fn json_number(value: &Value, key: &str) -> Option<String> {
    value.get(key).map(|v| format!("{}", v.as_f64().unwrap_or_else(|| panic!("@range {key}: {v}"))))
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

fn check_operations(service: &Service) {
    let dir = models_or_skip!();
    let model = JsonModel::load(&dir, service.file);
    let shape = model.service();
    assert_eq!(shape, service.shape);
    // The model's names (OPERATION_NAMES) and the Rust type names (`CreateStreamingURL` is
    // `CreateStreamingUrl`).
    let bound = model.service_operations(shape);
    let names_expected: BTreeSet<String> = bound.iter().map(|id| short_name(id).to_owned()).collect();
    let expected: BTreeSet<String> = bound.iter().map(|id| type_name(id)).collect();
    assert_eq!(bound.len(), service.operations, "{}: operations bound to {shape}", service.file);
    assert_eq!(bound.len(), index_operations(&dir, service.file), "{}: INDEX.tsv", service.file);
    assert_eq!(expected.len(), bound.len(), "{}: two operations with one Rust name", service.file);

    let files = full(&dir, service);
    let operations = parse(files, "operations.rs");
    let structs = operation_structs(&operations);
    assert_eq!(structs.len(), expected.len(), "{}: `pub struct <Op>;` items: {structs:?}", service.file);
    let generated: BTreeSet<String> = structs.into_iter().collect();
    assert_eq!(generated, expected, "{}: operation structs", service.file);

    let names = operation_names_const(&operations);
    assert_eq!(names.len(), expected.len(), "{}: OPERATION_NAMES entries: {names:?}", service.file);
    assert_eq!(
        names.into_iter().collect::<BTreeSet<_>>(),
        names_expected,
        "{}: OPERATION_NAMES",
        service.file
    );
}

#[test]
fn appfabric_has_every_operation() {
    check_operations(&APPFABRIC);
}

#[test]
fn appstream_has_every_operation() {
    check_operations(&APPSTREAM);
}

// ---------------------------------------------------------------------------------------------
// Inputs, outputs and errors
// ---------------------------------------------------------------------------------------------

fn check_inputs_outputs_and_errors(service: &Service) {
    let dir = models_or_skip!();
    let model = JsonModel::load(&dir, service.file);
    let shape = model.service();
    let files = full(&dir, service);
    let types = items(&parse(files, "types.rs"));
    let errors = items(&parse(files, "errors.rs"));

    let mut problems = Vec::new();
    let mut structures = BTreeSet::new();
    for operation in model.service_operations(shape) {
        for key in ["input", "output"] {
            let id = model.io(&operation, key);
            if id != "smithy.api#Unit" {
                structures.insert(id);
            }
        }
        let name = format!("{}Error", type_name(&operation));
        let mut expected: Vec<String> =
            model.operation_errors(shape, &operation).iter().map(|e| type_name(e)).collect();
        expected.push("Unhandled".to_owned());
        match errors.enums.get(&name) {
            None => problems.push(format!("errors.rs: no `pub enum {name}`")),
            Some(variants) if sorted(variants.clone()) != sorted(expected.clone()) => {
                problems.push(format!("errors.rs: {name} has {variants:?}, the model gives {expected:?}"))
            }
            Some(_) => {}
        }
    }
    for id in &structures {
        assert_eq!(model.kind(id), "structure", "{id}: operation input/output");
        let name = type_name(id);
        let members = model.members(id);
        let Some(fields) = types.structs.get(&name) else {
            problems.push(format!("types.rs: no `pub struct {name}` for {id}"));
            continue;
        };
        let one_to_one = fields.len() == members.len()
            && fields.iter().zip(&members).all(|(field, (member, _))| field_matches(field, member));
        if !one_to_one {
            let members: Vec<&str> = members.iter().map(|(m, _)| *m).collect();
            problems.push(format!("types.rs: {name} has fields {fields:?}, the model members {members:?}"));
        }
    }
    eprintln!("{}: {} input/output structures checked", service.file, structures.len());
    assert!(problems.is_empty(), "{}:\n{}", service.file, problems.join("\n"));
}

#[test]
fn appfabric_inputs_outputs_and_errors() {
    check_inputs_outputs_and_errors(&APPFABRIC);
}

#[test]
fn appstream_inputs_outputs_and_errors() {
    check_inputs_outputs_and_errors(&APPSTREAM);
}

// ---------------------------------------------------------------------------------------------
// Constraints
// ---------------------------------------------------------------------------------------------
//
// The relation checked (exact, per use site). The generator checks constraints where a value
// sits, not per shape: for every *position* inside a shape reachable from an operation input (a
// structure or union member, a list's `member`, a map's `key` and `value`) whose effective
// constraint trait (the member's own, else its target shape's) is present, validate.rs holds
// exactly one call:
//
// - `@length` on a string target -> `validation::string_length(v, min, max, ..)`;
// - `@length` on a list, map or blob target -> `validation::length(len, min, max, "length", ..)`;
// - `@pattern` on a string target -> `validation::pattern(v, &PATTERN_n, source, flags, ..)`;
// - `@range` on a byte/short/integer/long/float/double target -> `validation::range(..)`.
//
// So the multiset of (min, max) pairs of the `string_length`, `length` and `range` calls equals
// the multiset computed from the model's positions, and likewise the pattern sources. This
// implies that every constrained shape reachable from an input is checked at least once with
// its own bounds. Patterns: one that regress compiles in unicode mode must appear verbatim; one
// it rejects must appear translated (a different source that compiles, equal to the model's once
// backslashes are removed: the only Java habit in these two models is a needless escape).
// A constraint on any other target kind (e.g. `@range` on a bigDecimal) would be expected too,
// under the same call, and fail the test as unenforced.
//
// The raw trait occurrences (shape-level and member-level, over reachable shapes) are printed
// for the record; the per-position count is the one asserted, as a shape used in three places
// is checked in three places.

#[derive(Default, Debug)]
struct Expected {
    string_length: Vec<(Option<u64>, Option<u64>)>,
    length: Vec<(Option<u64>, Option<u64>)>,
    range: Vec<(Option<String>, Option<String>)>,
    patterns: Vec<String>,
    unenforceable: Vec<String>,
}

fn expected_constraints(model: &JsonModel, roots: Vec<String>) -> Expected {
    let closure = model.reachable(roots);
    let mut expected = Expected::default();
    let (mut shape_level, mut member_level) = (BTreeMap::new(), BTreeMap::new());
    for id in &closure {
        for t in ["length", "pattern", "range"] {
            if trait_value(model.shape(id), &format!("smithy.api#{t}")).is_some() {
                *shape_level.entry(t).or_insert(0) += 1;
            }
        }
        for (name, member) in model.positions(id) {
            let target = target_of(member);
            let kind = model.kind(&target);
            for t in ["length", "pattern", "range"] {
                if trait_value(member, &format!("smithy.api#{t}")).is_some() {
                    *member_level.entry(t).or_insert(0) += 1;
                }
            }
            let site = format!("{id}${name} -> {target} ({kind})");
            if let Some(length) = model.effective(member, "smithy.api#length") {
                let bounds = (json_u64(length, "min"), json_u64(length, "max"));
                match kind {
                    "string" => expected.string_length.push(bounds),
                    "list" | "map" | "blob" => expected.length.push(bounds),
                    _ => expected.unenforceable.push(format!("@length at {site}")),
                }
            }
            if let Some(pattern) = model.effective(member, "smithy.api#pattern") {
                match kind {
                    "string" => expected.patterns.push(pattern.as_str().unwrap().to_owned()),
                    _ => expected.unenforceable.push(format!("@pattern at {site}")),
                }
            }
            if let Some(range) = model.effective(member, "smithy.api#range") {
                match kind {
                    "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger"
                    | "bigDecimal" => {
                        expected.range.push((json_number(range, "min"), json_number(range, "max")))
                    }
                    _ => expected.unenforceable.push(format!("@range at {site}")),
                }
            }
        }
    }
    eprintln!(
        "{}: {} shapes reachable from inputs; trait occurrences shape-level {shape_level:?}, member-level \
         {member_level:?}; use sites: {} string_length, {} length, {} pattern, {} range",
        model.file.display(),
        closure.len(),
        expected.string_length.len(),
        expected.length.len(),
        expected.patterns.len(),
        expected.range.len()
    );
    expected
}

fn check_constraints(files: &[GeneratedFile], model: &JsonModel, roots: Vec<String>) {
    let expected = expected_constraints(model, roots);
    let file = parse(files, "validate.rs");
    let what = model.file.display();
    let unenforceable = &expected.unenforceable;
    assert!(
        unenforceable.is_empty(),
        "{what}: constraints on kinds the checks do not cover: {unenforceable:?}"
    );

    let bounds = |function: &str| -> Vec<(Option<u64>, Option<u64>)> {
        let calls = validation_calls(&file, function);
        sorted(calls.iter().map(|args| (length_bound(&args[1]), length_bound(&args[2]))).collect())
    };
    assert_eq!(
        bounds("string_length"),
        sorted(expected.string_length),
        "{what}: validation::string_length calls"
    );
    assert_eq!(bounds("length"), sorted(expected.length), "{what}: validation::length calls");

    // `range` (float, double) and `range_integer` take `(number, text)` bounds, `range_decimal`
    // (bigInteger, bigDecimal) the text alone.
    let mut ranges: Vec<(Option<String>, Option<String>)> = ["range", "range_integer"]
        .iter()
        .flat_map(|function| validation_calls(&file, function))
        .map(|args| (range_bound(&args[1]), range_bound(&args[2])))
        .collect();
    let text_bound = |expr: &syn::Expr| {
        option_arg(expr).map(|inner| {
            let text = string_literal(inner).expect("the bound's text");
            format!("{}", text.parse::<f64>().unwrap())
        })
    };
    ranges.extend(
        validation_calls(&file, "range_decimal")
            .iter()
            .map(|args| (text_bound(&args[1]), text_bound(&args[2]))),
    );
    assert_eq!(sorted(ranges), sorted(expected.range), "{what}: validation::range calls");

    // (source, flags, the model's pattern) of every `validation::pattern_backtracking` call
    // (ECMA-262 source for regress), and (source, the model's pattern) of every
    // `validation::pattern` call (the `regex` crate's automata, linear in the input).
    let backtracking: Vec<(String, String, String)> = validation_calls(&file, "pattern_backtracking")
        .iter()
        .map(|args| {
            let source = string_literal(&args[2]).expect("the pattern source is a literal");
            let flags = string_literal(&args[3]).expect("the pattern flags are a literal");
            let model_pattern = string_literal(&args[4]).expect("the model's pattern is a literal");
            (source, flags, model_pattern)
        })
        .collect();
    let linear: Vec<(String, String)> = validation_calls(&file, "pattern")
        .iter()
        .map(|args| {
            let source = string_literal(&args[2]).expect("the pattern source is a literal");
            let model_pattern = string_literal(&args[3]).expect("the model's pattern is a literal");
            (source, model_pattern)
        })
        .collect();
    // `validation::pattern_guarded`: automata for the rest of the pattern and each edge
    // lookaround, compiled together.
    let guarded: Vec<(Vec<String>, String)> = validation_calls(&file, "pattern_guarded")
        .iter()
        .map(|args| {
            let parts = match &args[2] {
                syn::Expr::Reference(r) => match &*r.expr {
                    syn::Expr::Array(array) => array
                        .elems
                        .iter()
                        .map(|part| match part {
                            syn::Expr::Tuple(t) => string_literal(&t.elems[0]).expect("a part's source"),
                            other => panic!("not a (source, must_match) part: {}", other.to_token_stream()),
                        })
                        .collect(),
                    other => panic!("not an array of parts: {}", other.to_token_stream()),
                },
                other => panic!("not a reference to parts: {}", other.to_token_stream()),
            };
            (parts, string_literal(&args[3]).expect("the model's pattern is a literal"))
        })
        .collect();
    for (parts, model_pattern) in &guarded {
        assert!(
            parts.len() >= 2 && regex::RegexSet::new(parts).is_ok(),
            "{what}: the guarded automata {parts:?} of {model_pattern:?} do not compile"
        );
    }
    for (source, flags, _) in &backtracking {
        assert!(
            regress::Regex::with_flags(source, flags.as_str()).is_ok(),
            "{what}: generated pattern {source:?} does not compile with flags {flags:?}"
        );
        if source.contains("\\p{") {
            assert!(
                flags.contains('u'),
                "{what}: {source:?} needs unicode mode for \\p{{..}}, has {flags:?}"
            );
        }
    }
    for (source, model_pattern) in &linear {
        assert!(
            regex::Regex::new(source).is_ok(),
            "{what}: the automaton spelling {source:?} of {model_pattern:?} does not compile"
        );
    }
    // Every use site of a pattern checks it, quoting the model's text in its message; a pattern
    // left to backtracking that is ECMA-262 as written runs as written, any other as a
    // translation (tests/pattern_meaning.rs checks what translations and automaton spellings
    // match).
    let mut translated = 0;
    for (source, _, model_pattern) in &backtracking {
        if regress::Regex::with_flags(model_pattern, "u").is_ok() {
            assert_eq!(source, model_pattern, "{what}: an ECMA-262 pattern runs as written");
        } else {
            assert_ne!(source, model_pattern, "{what}: {model_pattern:?} must be translated");
            translated += 1;
        }
    }
    let calls: Vec<(String, String, String)> = backtracking
        .into_iter()
        .chain(linear.into_iter().map(|(source, model)| (source, String::new(), model)))
        .chain(guarded.into_iter().map(|(parts, model)| (parts.join(" "), String::new(), model)))
        .collect();
    let checked: Vec<String> = calls.into_iter().map(|(_, _, p)| p).collect();
    assert_eq!(sorted(checked), sorted(expected.patterns.clone()), "{what}: validation::pattern calls");
    let distinct: BTreeSet<&String> = expected.patterns.iter().collect();
    eprintln!(
        "{what}: {} distinct patterns, {translated} use sites with a translated pattern",
        distinct.len()
    );
}

fn check_full_constraints(service: &Service) {
    let dir = models_or_skip!();
    let model = JsonModel::load(&dir, service.file);
    let shape = model.service();
    let inputs: Vec<String> =
        model.service_operations(shape).iter().map(|op| model.io(op, "input")).collect();
    check_constraints(full(&dir, service), &model, inputs);
}

#[test]
fn appfabric_constraints_are_checked_where_they_apply() {
    check_full_constraints(&APPFABRIC);
}

#[test]
fn appstream_constraints_are_checked_where_they_apply() {
    check_full_constraints(&APPSTREAM);
}

// ---------------------------------------------------------------------------------------------
// Determinism and the operations option
// ---------------------------------------------------------------------------------------------

#[test]
fn generation_is_deterministic() {
    let dir = models_or_skip!();
    for service in [&APPFABRIC, &APPSTREAM] {
        let first = full(&dir, service);
        let second = generate_full(&dir, service, &Options::default());
        let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(first), paths(&second), "{}: file list", service.file);
        for (a, b) in first.iter().zip(&second) {
            assert!(
                a.contents == b.contents,
                "{}: {} differs between two runs",
                service.file,
                a.path.display()
            );
        }
    }
}

#[test]
fn the_operations_option_restricts_to_the_closure() {
    let dir = models_or_skip!();
    let model = JsonModel::load(&dir, APPSTREAM.file);
    let shape = model.service();
    let operation = format!("{}#BatchAssociateUserStack", shape.split_once('#').unwrap().0);
    assert!(model.service_operations(shape).contains(&operation));

    let options =
        Options { operations: Some(vec!["BatchAssociateUserStack".to_owned()]), ..Default::default() };
    let files = generate_full(&dir, &APPSTREAM, &options);
    let operations = parse(&files, "operations.rs");
    assert_eq!(operation_structs(&operations), ["BatchAssociateUserStack"]);
    assert_eq!(operation_names_const(&operations), ["BatchAssociateUserStack"]);
    let (_, types_text) = service_file(&files, "types.rs");
    assert!(!types_text.contains("CreateFleetRequest"), "types.rs mentions CreateFleetRequest");

    // The named types are exactly the closure's structures, unions and enums.
    let mut roots = vec![model.io(&operation, "input"), model.io(&operation, "output")];
    roots.extend(model.operation_errors(shape, &operation));
    let closure = model.reachable(roots);
    let expected: BTreeSet<String> = closure
        .iter()
        .filter(|id| matches!(model.kind(id), "structure" | "union" | "enum" | "intEnum"))
        .map(|id| type_name(id))
        .collect();
    let types = items(&parse(&files, "types.rs"));
    let generated: BTreeSet<String> = types.structs.keys().chain(types.enums.keys()).cloned().collect();
    assert_eq!(generated, expected, "types.rs of the BatchAssociateUserStack closure");

    // The constraint relation holds for the subset too.
    check_constraints(&files, &model, vec![model.io(&operation, "input")]);
}

// ---------------------------------------------------------------------------------------------
// Several services
// ---------------------------------------------------------------------------------------------

/// Needs no shared model: the model is written here.
#[test]
fn several_services_need_a_choice() {
    let dir = workspace_root().join("target/full-services-test-models");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("two-services-{}.json", std::process::id()));
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "example.one#First": {"type": "service", "version": "1", "operations": [{"target": "example.one#Ping"}],
                                  "traits": {"aws.protocols#awsJson1_0": {}}},
            "example.one#Ping": {"type": "operation", "input": {"target": "smithy.api#Unit"},
                                 "output": {"target": "smithy.api#Unit"}},
            "example.two#Second": {"type": "service", "version": "2"}
        }
    });
    std::fs::write(&path, serde_json::to_string_pretty(&model).unwrap()).unwrap();
    let result = generate(&path, &Options::default());
    let picked =
        generate(&path, &Options { service: Some("example.one#First".into()), ..Default::default() });
    let _ = std::fs::remove_file(&path);
    let error = result.expect_err("two services and no `service` option").to_string();
    for id in ["example.one#First", "example.two#Second"] {
        assert!(error.contains(id), "the error should name {id}: {error}");
    }
    let files = picked.unwrap_or_else(|e| panic!("picking example.one#First: {e}"));
    assert_eq!(operation_structs(&parse(&files, "operations.rs")), ["Ping"]);
}

// ---------------------------------------------------------------------------------------------
// The generated crates compile
// ---------------------------------------------------------------------------------------------

#[test]
fn full_crates_compile() {
    let dir = models_or_skip!();
    let root = workspace_root();
    let scratch = root.join("target/full-services-test");
    let started = Instant::now();
    let mut members = Vec::new();
    for (service, name) in [(&APPFABRIC, "appfabric"), (&APPSTREAM, "appstream")] {
        let crate_dir = scratch.join(name);
        let options = Options {
            crate_name: Some(format!("full-{name}")),
            workspace_member: true,
            runtime: RuntimeLocation::relative(&crate_dir, &root.join("runtime")).unwrap(),
            ..Default::default()
        };
        let files = generate_full(&dir, service, &options);
        if crate_dir.exists() {
            std::fs::remove_dir_all(&crate_dir).unwrap();
        }
        for file in &files {
            let path = crate_dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        members.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "# Scratch workspace of codegen/tests/full_services.rs.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock pins the same dependency versions, so nothing new is resolved.
    let lock = root.join("Cargo.lock");
    let offline = lock.exists();
    if offline {
        std::fs::copy(&lock, scratch.join("Cargo.lock")).unwrap();
    }
    let generated_in = started.elapsed();

    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["check", "--quiet", "--workspace", "--all-features"]);
    if offline {
        command.arg("--offline");
    }
    let output = command
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("cargo runs");
    eprintln!(
        "generated both crates in {:.1} s, cargo check took {:.1} s",
        generated_in.as_secs_f64(),
        (started.elapsed() - generated_in).as_secs_f64()
    );
    assert!(
        output.status.success(),
        "cargo check in {} failed ({}):\n{}{}",
        scratch.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
