//! The committed `generated` crate checked against facts read straight from the model JSON.
//!
//! Every expectation here is computed from `models/*.json` with `serde_json::Value` (and from
//! `models/codegen.toml` with `toml`), independently of the generator's own resolver, closure
//! and naming code: the operations' closure, the member lists, the Smithy 2.0 client nullability
//! rules and the enum values. The generated code is then read two ways: parsed with `syn` (every
//! shape, every field type) and exercised at run time through the `generated` crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::ToTokens;
use serde_json::Value;
use syn::ext::IdentExt;

// ---------------------------------------------------------------------------------------------
// Workspace and configuration
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace").to_path_buf()
}

/// One `[[service]]` of `models/codegen.toml`.
#[derive(Debug, Clone)]
struct ServiceConfig {
    model: String,
    shape: String,
    module: String,
    /// `None`: every operation of the service.
    operations: Option<Vec<String>>,
}

fn configured_services() -> Vec<ServiceConfig> {
    let path = workspace_root().join("models/codegen.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let services = table["service"].as_array().expect("`[[service]]` entries");
    services
        .iter()
        .map(|service| {
            let field = |name: &str| service[name].as_str().unwrap().to_owned();
            ServiceConfig {
                model: field("model"),
                shape: field("shape"),
                module: field("module"),
                operations: service.get("operations").map(|ops| {
                    ops.as_array().unwrap().iter().map(|op| op.as_str().unwrap().to_owned()).collect()
                }),
            }
        })
        .collect()
}

#[test]
fn the_configuration_lists_the_seed_services() {
    let services = configured_services();
    let summary: Vec<(String, String, Option<Vec<String>>)> =
        services.into_iter().map(|s| (s.shape, s.module, s.operations)).collect();
    let expected = [
        (
            "com.amazonaws.appfabric#FabricFrontEndService",
            "appfabric",
            ["StartUserAccessTasks", "BatchGetUserAccessTasks"],
        ),
        (
            "com.amazonaws.appstream#PhotonAdminProxyService",
            "appstream",
            ["BatchAssociateUserStack", "BatchDisassociateUserStack"],
        ),
    ];
    for (shape, module, operations) in expected {
        let entry =
            summary.iter().find(|(s, _, _)| s == shape).unwrap_or_else(|| panic!("{shape} not configured"));
        assert_eq!(entry.1, module, "{shape}");
        let configured: BTreeSet<&str> =
            entry.2.as_ref().expect("explicit operations").iter().map(String::as_str).collect();
        assert_eq!(configured, operations.into_iter().collect::<BTreeSet<_>>(), "{shape}");
    }
}

// ---------------------------------------------------------------------------------------------
// The model, read independently with serde_json
// ---------------------------------------------------------------------------------------------

struct JsonModel {
    file: PathBuf,
    shapes: serde_json::Map<String, Value>,
}

impl JsonModel {
    fn load(file_name: &str) -> Self {
        let file = workspace_root().join("models").join(file_name);
        let root: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let version = root["smithy"].as_str().unwrap();
        // The nullability rules below are the Smithy 2.0 ones.
        assert!(version.starts_with('2'), "{}: Smithy IDL {version}, expected 2.x", file.display());
        let shapes = root["shapes"].as_object().unwrap().clone();
        JsonModel { file, shapes }
    }

    fn shape(&self, id: &str) -> &Value {
        self.shapes.get(id).unwrap_or_else(|| panic!("{}: no shape `{id}`", self.file.display()))
    }

    /// The shape's type, prelude shapes included; a Smithy 1.0 string with `@enum` is an enum.
    fn kind(&self, id: &str) -> &str {
        if let Some(name) = id.strip_prefix("smithy.api#") {
            return prelude_kind(name);
        }
        let shape = self.shape(id);
        let kind = shape["type"].as_str().unwrap();
        match kind {
            "string" if has_trait(shape, "smithy.api#enum") => "enum",
            "set" => "list",
            other => other,
        }
    }

    /// Members in model order (structure, union, enum, intEnum). Mixins and `apply` are not
    /// modelled by this test; `check_no_mixins_or_apply` makes sure the models need neither.
    fn members(&self, id: &str) -> Vec<(&str, &Value)> {
        match self.shape(id).get("members") {
            Some(Value::Object(members)) => members.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        }
    }

    /// The enum's values in model order (`@enumValue`, which defaults to the member name).
    fn enum_values(&self, id: &str) -> Vec<String> {
        let shape = self.shape(id);
        if let Some(Value::Array(entries)) = shape.get("traits").and_then(|t| t.get("smithy.api#enum")) {
            return entries.iter().map(|e| e["value"].as_str().unwrap().to_owned()).collect();
        }
        self.members(id)
            .into_iter()
            .map(|(name, member)| match trait_value(member, "smithy.api#enumValue") {
                Some(Value::String(value)) => value.clone(),
                _ => name.to_owned(),
            })
            .collect()
    }

    /// Every operation bound to the service: its `operations` and, recursively, those of its
    /// resources.
    fn service_operations(&self, service: &str) -> BTreeSet<String> {
        let mut operations = BTreeSet::new();
        let mut resources: Vec<String> = targets(self.shape(service).get("resources"));
        operations.extend(targets(self.shape(service).get("operations")));
        let mut seen = BTreeSet::new();
        while let Some(resource) = resources.pop() {
            if !seen.insert(resource.clone()) {
                continue;
            }
            let shape = self.shape(&resource);
            for key in ["create", "put", "read", "update", "delete", "list"] {
                operations.extend(targets(shape.get(key)));
            }
            for key in ["operations", "collectionOperations"] {
                operations.extend(targets(shape.get(key)));
            }
            resources.extend(targets(shape.get("resources")));
        }
        operations
    }

    /// The shape ids the configured operations reach: input, output, errors, the service's
    /// errors, then list/map/structure/union members recursively; prelude shapes left out.
    fn closure(&self, service: &ServiceConfig) -> BTreeSet<String> {
        let bound = self.service_operations(&service.shape);
        let operations: Vec<String> = match &service.operations {
            None => bound.into_iter().collect(),
            Some(names) => names
                .iter()
                .map(|name| {
                    bound
                        .iter()
                        .find(|id| short_name(id) == name)
                        .unwrap_or_else(|| panic!("{}: no operation `{name}`", service.shape))
                        .clone()
                })
                .collect(),
        };
        let mut pending: Vec<String> = targets(self.shape(&service.shape).get("errors"));
        for operation in &operations {
            let shape = self.shape(operation);
            for key in ["input", "output", "errors"] {
                pending.extend(targets(shape.get(key)));
            }
        }
        let mut closure = BTreeSet::new();
        while let Some(id) = pending.pop() {
            if id.starts_with("smithy.api#") || !closure.insert(id.clone()) {
                continue;
            }
            let shape = self.shape(&id);
            for key in ["member", "key", "value"] {
                pending.extend(targets(shape.get(key)));
            }
            if matches!(self.kind(&id), "structure" | "union") {
                pending.extend(self.members(&id).into_iter().map(|(_, m)| target_of(m)));
            }
        }
        closure
    }

    fn closure_of_kind(&self, closure: &BTreeSet<String>, kinds: &[&str]) -> Vec<String> {
        closure.iter().filter(|id| kinds.contains(&self.kind(id))).cloned().collect()
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

fn has_trait(shape_or_member: &Value, id: &str) -> bool {
    trait_value(shape_or_member, id).is_some()
}

/// Smithy 2.0 client nullability: members of `@input` structures and `@clientOptional`
/// members are optional; otherwise `@required` and non-null `@default` members are not.
fn is_optional(structure: &Value, member: &Value) -> bool {
    if has_trait(structure, "smithy.api#input") || has_trait(member, "smithy.api#clientOptional") {
        return true;
    }
    if has_trait(member, "smithy.api#required") {
        return false;
    }
    !matches!(trait_value(member, "smithy.api#default"), Some(v) if !v.is_null())
}

/// The Rust type name of a shape, after the service's `rename`.
fn rust_name(model: &JsonModel, service: &ServiceConfig, id: &str) -> String {
    let renamed =
        model.shape(&service.shape).get("rename").and_then(|renames| renames.get(id)).and_then(Value::as_str);
    renamed.unwrap_or(short_name(id)).to_upper_camel_case()
}

/// The expected Rust type of a value of shape `id`, without spaces.
fn rust_type(model: &JsonModel, service: &ServiceConfig, id: &str) -> String {
    let named = || format!("crate::{}::types::{}", service.module, rust_name(model, service, id));
    match model.kind(id) {
        "string" => "::std::string::String".to_owned(),
        "boolean" => "bool".to_owned(),
        "byte" => "i8".to_owned(),
        "short" => "i16".to_owned(),
        "integer" => "i32".to_owned(),
        "long" => "i64".to_owned(),
        "float" => "f32".to_owned(),
        "double" => "f64".to_owned(),
        "blob" => "::aws_smithy_types::Blob".to_owned(),
        "timestamp" => "::aws_smithy_types::DateTime".to_owned(),
        "document" => "::aws_smithy_types::Document".to_owned(),
        "bigInteger" => "::aws_smithy_types::BigInteger".to_owned(),
        "bigDecimal" => "::aws_smithy_types::BigDecimal".to_owned(),
        "enum" | "intEnum" | "structure" | "union" => named(),
        "list" => {
            let shape = model.shape(id);
            let item = collection_item(model, service, shape, "member");
            format!("::std::vec::Vec<{item}>")
        }
        "map" => {
            let shape = model.shape(id);
            let key = rust_type(model, service, &target_of(&shape["key"]));
            let value = collection_item(model, service, shape, "value");
            format!("::std::collections::HashMap<{key},{value}>")
        }
        other => panic!("{id}: a `{other}` is not a member type"),
    }
}

fn collection_item(model: &JsonModel, service: &ServiceConfig, shape: &Value, key: &str) -> String {
    let item = rust_type(model, service, &target_of(&shape[key]));
    if has_trait(shape, "smithy.api#sparse") {
        format!("::std::option::Option<{item}>")
    } else {
        item
    }
}

fn expected_field_type(
    model: &JsonModel,
    service: &ServiceConfig,
    structure: &str,
    member: &Value,
) -> String {
    let ty = rust_type(model, service, &target_of(member));
    if is_optional(model.shape(structure), member) {
        format!("::std::option::Option<{ty}>")
    } else {
        ty
    }
}

// ---------------------------------------------------------------------------------------------
// The generated code, read with syn
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct GeneratedItems {
    /// Public struct name to its fields: (name, type without spaces, is `pub`).
    structs: BTreeMap<String, Vec<(String, String, bool)>>,
    /// Enum name to its variant names.
    enums: BTreeMap<String, Vec<String>>,
    /// Type name to the string literals of its inherent `const VALUES`.
    values: BTreeMap<String, Vec<String>>,
    /// Names of items that are not `pub`.
    private: BTreeSet<String>,
}

/// Tokens as text without spaces; a trailing comma in generic arguments (`Option<T,>`, which the
/// formatter leaves when it wraps a long type) is dropped, as it does not change the type.
fn no_spaces(tokens: impl ToTokens) -> String {
    let text: String = tokens.to_token_stream().to_string().chars().filter(|c| !c.is_whitespace()).collect();
    text.replace(",>", ">")
}

fn generated_file(module: &str, file: &str) -> (PathBuf, syn::File) {
    let path = workspace_root().join("generated/src").join(module).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, parsed)
}

fn read_generated(module: &str, file: &str) -> GeneratedItems {
    let (_, parsed) = generated_file(module, file);
    let mut items = GeneratedItems::default();
    for item in parsed.items {
        match item {
            syn::Item::Struct(s) => {
                let name = s.ident.to_string();
                if !matches!(s.vis, syn::Visibility::Public(_)) {
                    items.private.insert(name.clone());
                }
                let fields = s
                    .fields
                    .iter()
                    .map(|f| {
                        let field = f.ident.as_ref().map(|i| i.unraw().to_string()).unwrap_or_default();
                        (field, no_spaces(&f.ty), matches!(f.vis, syn::Visibility::Public(_)))
                    })
                    .collect();
                items.structs.insert(name, fields);
            }
            syn::Item::Enum(e) => {
                let name = e.ident.to_string();
                if !matches!(e.vis, syn::Visibility::Public(_)) {
                    items.private.insert(name.clone());
                }
                items.enums.insert(name, e.variants.iter().map(|v| v.ident.to_string()).collect());
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let owner = no_spaces(&imp.self_ty);
                for impl_item in imp.items {
                    if let syn::ImplItem::Const(c) = impl_item {
                        if c.ident == "VALUES" {
                            items.values.insert(owner.clone(), string_literals(&c.expr));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    items
}

/// The string literals of `&["a", "b"]`.
fn string_literals(expr: &syn::Expr) -> Vec<String> {
    let syn::Expr::Reference(reference) = expr else {
        panic!("VALUES is not a reference: {}", no_spaces(expr))
    };
    let syn::Expr::Array(array) = &*reference.expr else {
        panic!("VALUES is not an array: {}", no_spaces(expr))
    };
    array
        .elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => s.value(),
            other => panic!("VALUES holds a non-string: {}", no_spaces(other)),
        })
        .collect()
}

fn assert_no_failures(what: &str, failures: Vec<String>) {
    assert!(failures.is_empty(), "{what}: {} failure(s):\n  {}", failures.len(), failures.join("\n  "));
}

/// Runs `check` for every configured service with its model, closure and `types.rs`.
fn for_each_service(mut check: impl FnMut(&ServiceConfig, &JsonModel, &BTreeSet<String>, &GeneratedItems)) {
    for service in configured_services() {
        let model = JsonModel::load(&service.model);
        let closure = model.closure(&service);
        let types = read_generated(&service.module, "types.rs");
        check(&service, &model, &closure, &types);
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Closure, structures and enums
// ---------------------------------------------------------------------------------------------

#[test]
fn closure_shapes_need_neither_mixins_nor_apply() {
    for_each_service(|service, model, closure, _| {
        for id in closure {
            assert!(
                model.shape(id).get("mixins").is_none(),
                "{id} uses mixins; this test does not model them"
            );
        }
        for (id, shape) in &model.shapes {
            if shape["type"] == "apply" {
                let target = id.split('$').next().unwrap();
                assert!(!closure.contains(target), "{}: `apply` to {id} is not modelled", service.model);
            }
        }
    });
}

#[test]
fn the_closure_holds_the_seed_shapes() {
    // A fixed point: the seed operations reach these structures and enums.
    let expected: BTreeMap<&str, Vec<&str>> = BTreeMap::from([
        (
            "appfabric",
            vec![
                "AccessDeniedException",
                "BatchGetUserAccessTasksRequest",
                "BatchGetUserAccessTasksResponse",
                "InternalServerException",
                "ResourceNotFoundException",
                "ResultStatus",
                "StartUserAccessTasksRequest",
                "StartUserAccessTasksResponse",
                "TaskError",
                "ThrottlingException",
                "UserAccessResultItem",
                "UserAccessTaskItem",
                "ValidationException",
                "ValidationExceptionField",
                "ValidationExceptionReason",
            ],
        ),
        (
            "appstream",
            vec![
                "AuthenticationType",
                "BatchAssociateUserStackRequest",
                "BatchAssociateUserStackResult",
                "BatchDisassociateUserStackRequest",
                "BatchDisassociateUserStackResult",
                "InvalidParameterCombinationException",
                "OperationNotPermittedException",
                "UserStackAssociation",
                "UserStackAssociationError",
                "UserStackAssociationErrorCode",
            ],
        ),
    ]);
    for_each_service(|service, model, closure, _| {
        let Some(expected) = expected.get(service.module.as_str()) else { return };
        let named: BTreeSet<String> = model
            .closure_of_kind(closure, &["structure", "union", "enum", "intEnum"])
            .iter()
            .map(|id| short_name(id).to_owned())
            .collect();
        let expected: BTreeSet<String> = expected.iter().map(|name| name.to_string()).collect();
        assert_eq!(named, expected, "{}", service.module);
    });
}

#[test]
fn types_rs_emits_exactly_the_closure_shapes() {
    for_each_service(|service, model, closure, types| {
        let expected: BTreeSet<String> = model
            .closure_of_kind(closure, &["structure", "union", "enum", "intEnum"])
            .iter()
            .map(|id| rust_name(model, service, id))
            .collect();
        let emitted: BTreeSet<String> = types.structs.keys().chain(types.enums.keys()).cloned().collect();
        let missing: Vec<_> = expected.difference(&emitted).collect();
        let stray: Vec<_> = emitted.difference(&expected).collect();
        assert!(
            missing.is_empty() && stray.is_empty(),
            "generated/src/{}/types.rs: missing {missing:?}, not in the closure {stray:?}",
            service.module
        );
        assert!(types.private.is_empty(), "{}: items not `pub`: {:?}", service.module, types.private);
        for id in model.closure_of_kind(closure, &["structure"]) {
            assert!(types.structs.contains_key(&rust_name(model, service, &id)), "{id} is not a struct");
        }
    });
}

#[test]
fn builders_rs_has_one_builder_per_closure_structure() {
    for_each_service(|service, model, closure, _| {
        let builders = read_generated(&service.module, "builders.rs");
        let expected: BTreeSet<String> = model
            .closure_of_kind(closure, &["structure"])
            .iter()
            .map(|id| format!("{}Builder", rust_name(model, service, id)))
            .collect();
        let emitted: BTreeSet<String> = builders.structs.keys().cloned().collect();
        assert_eq!(emitted, expected, "generated/src/{}/builders.rs", service.module);
    });
}

#[test]
fn closure_structures_have_one_field_per_member_in_model_order() {
    let mut failures = Vec::new();
    for_each_service(|service, model, closure, types| {
        for id in model.closure_of_kind(closure, &["structure"]) {
            let name = rust_name(model, service, &id);
            let Some(fields) = types.structs.get(&name) else {
                failures.push(format!("{id}: no `pub struct {name}`"));
                continue;
            };
            let expected: Vec<String> = model.members(&id).iter().map(|(m, _)| m.to_snake_case()).collect();
            let actual: Vec<String> = fields.iter().map(|(f, _, _)| f.clone()).collect();
            if actual != expected {
                failures.push(format!("{id}: fields {actual:?}, model members give {expected:?}"));
            }
            for (field, _, public) in fields {
                if !public {
                    failures.push(format!("{id}: field `{field}` is not `pub`"));
                }
            }
        }
    });
    assert_no_failures("structure fields", failures);
}

#[test]
fn closure_structure_field_types_follow_client_nullability() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for_each_service(|service, model, closure, types| {
        for id in model.closure_of_kind(closure, &["structure"]) {
            let Some(fields) = types.structs.get(&rust_name(model, service, &id)) else { continue };
            for (member_name, member) in model.members(&id) {
                let field = member_name.to_snake_case();
                let expected = expected_field_type(model, service, &id, member);
                match fields.iter().find(|(f, _, _)| *f == field) {
                    None => failures.push(format!("{id}${member_name}: no field `{field}`")),
                    Some((_, actual, _)) if *actual != expected => {
                        failures.push(format!("{id}${member_name}: `{actual}`, expected `{expected}`"))
                    }
                    Some(_) => checked += 1,
                }
            }
        }
    });
    assert_no_failures("field types", failures);
    assert!(checked > 20, "only {checked} members checked");
}

#[test]
fn user_access_task_item_required_members_are_plain_strings() {
    // An output structure, not @input: its @required members are not optional.
    let model = JsonModel::load("appfabric.json");
    let id = "com.amazonaws.appfabric#UserAccessTaskItem";
    let shape = model.shape(id);
    assert!(!has_trait(shape, "smithy.api#input"));
    let types = read_generated("appfabric", "types.rs");
    let fields = &types.structs["UserAccessTaskItem"];
    for (member, field) in [("app", "app"), ("tenantId", "tenant_id")] {
        assert!(has_trait(&shape["members"][member], "smithy.api#required"), "{id}${member}");
        let (_, ty, _) = fields.iter().find(|(f, _, _)| f == field).unwrap();
        assert_eq!(ty, "::std::string::String", "{id}${member}");
    }
    let (_, task_id, _) = fields.iter().find(|(f, _, _)| f == "task_id").unwrap();
    assert_eq!(task_id, "::std::option::Option<::std::string::String>");
}

#[test]
fn closure_enums_have_the_model_values_and_an_unknown_variant() {
    let mut failures = Vec::new();
    for_each_service(|service, model, closure, types| {
        for id in model.closure_of_kind(closure, &["enum", "intEnum"]) {
            let name = rust_name(model, service, &id);
            match types.enums.get(&name) {
                None => failures.push(format!("{id}: no `pub enum {name}`")),
                Some(variants) => {
                    if !variants.iter().any(|v| v == "Unknown") {
                        failures.push(format!("{id}: no `Unknown` variant in {variants:?}"));
                    }
                    // One variant per value, plus `Unknown`.
                    let values = model.members(&id).len().max(model.enum_values(&id).len());
                    if variants.len() != values + 1 {
                        failures.push(format!("{id}: {} variants for {values} values", variants.len()));
                    }
                }
            }
            if model.kind(&id) == "enum" {
                let expected = model.enum_values(&id);
                match types.values.get(&name) {
                    None => failures.push(format!("{id}: no `{name}::VALUES`")),
                    Some(actual) if *actual != expected => {
                        failures.push(format!("{id}: VALUES {actual:?}, model {expected:?}"))
                    }
                    Some(_) => {}
                }
            }
        }
        for id in model.closure_of_kind(closure, &["union"]) {
            let name = rust_name(model, service, &id);
            match types.enums.get(&name) {
                Some(variants) if variants.iter().any(|v| v == "Unknown") => {}
                other => failures.push(format!("{id}: union enum {name} without `Unknown`: {other:?}")),
            }
        }
    });
    assert_no_failures("enums", failures);
}

/// (module, shape id, `VALUES` of the generated type), read at run time.
fn runtime_enum_values() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    use generated::appfabric::types as appfabric;
    use generated::appstream::types as appstream;
    vec![
        ("appfabric", "com.amazonaws.appfabric#ResultStatus", appfabric::ResultStatus::VALUES),
        (
            "appfabric",
            "com.amazonaws.appfabric#ValidationExceptionReason",
            appfabric::ValidationExceptionReason::VALUES,
        ),
        ("appstream", "com.amazonaws.appstream#AuthenticationType", appstream::AuthenticationType::VALUES),
        (
            "appstream",
            "com.amazonaws.appstream#UserStackAssociationErrorCode",
            appstream::UserStackAssociationErrorCode::VALUES,
        ),
    ]
}

#[test]
fn enum_values_at_run_time_are_the_model_values_in_model_order() {
    let services = configured_services();
    for (module, id, values) in runtime_enum_values() {
        let service = services.iter().find(|s| s.module == module).unwrap();
        let expected = JsonModel::load(&service.model).enum_values(id);
        assert_eq!(values, expected, "{id}");
    }
}

#[test]
fn run_time_enum_checks_cover_every_closure_enum() {
    let checked: BTreeSet<(String, String)> =
        runtime_enum_values().into_iter().map(|(m, id, _)| (m.to_owned(), id.to_owned())).collect();
    let mut closure_enums = BTreeSet::new();
    for_each_service(|service, model, closure, _| {
        for id in model.closure_of_kind(closure, &["enum"]) {
            closure_enums.insert((service.module.clone(), id));
        }
    });
    assert_eq!(checked, closure_enums);
}

// ---------------------------------------------------------------------------------------------
// 2. Behaviour through the generated crate
// ---------------------------------------------------------------------------------------------

#[test]
fn start_user_access_tasks_request_build_names_both_missing_required_members() {
    use generated::appfabric::types::StartUserAccessTasksRequest;
    let err = StartUserAccessTasksRequest::builder().build().unwrap_err();
    assert!(err.missing().contains(&"appBundleIdentifier"), "{:?}", err.missing());
    assert!(err.missing().contains(&"email"), "{:?}", err.missing());
    let message = err.to_string();
    assert!(message.contains("appBundleIdentifier") && message.contains("email"), "{message}");

    let only_email = StartUserAccessTasksRequest::builder().email("a@example.com").build().unwrap_err();
    assert_eq!(only_email.missing(), ["appBundleIdentifier"]);
}

#[test]
fn start_user_access_tasks_request_debug_redacts_the_sensitive_email() {
    use generated::appfabric::types::StartUserAccessTasksRequest;
    let bundle = "arn:aws:appfabric:us-east-1:123456789012:appbundle/abcd";
    let email = "someone.secret@example.com";
    let request =
        StartUserAccessTasksRequest::builder().app_bundle_identifier(bundle).email(email).build().unwrap();
    assert_eq!(request.app_bundle_identifier.as_deref(), Some(bundle));
    assert_eq!(request.email.as_deref(), Some(email));
    let debug = format!("{request:?}");
    assert!(!debug.contains(email), "the @sensitive email leaks: {debug}");
    assert!(!debug.contains("someone.secret"), "the @sensitive email leaks: {debug}");
    assert!(debug.contains(bundle), "{debug}");
    let pretty = format!("{request:#?}");
    assert!(!pretty.contains(email) && pretty.contains(bundle), "{pretty}");

    // The builder holds the same data before `build()`; its `Debug` names it and redacts too.
    let builder = StartUserAccessTasksRequest::builder().app_bundle_identifier(bundle).email(email);
    let debug = format!("{builder:?}");
    assert!(debug.starts_with("StartUserAccessTasksRequestBuilder"), "{debug}");
    assert!(!debug.contains(email) && debug.contains(bundle), "the @sensitive email leaks: {debug}");
    assert_eq!(builder.clone(), builder, "builders compare by their members");
    assert_ne!(builder.clone().email("other@example.com"), builder);
}

#[test]
fn user_stack_association_build_names_the_missing_members() {
    use generated::appstream::types::UserStackAssociation;
    let err = UserStackAssociation::builder().stack_name("stack").build().unwrap_err();
    assert_eq!(err.missing(), ["UserName", "AuthenticationType"]);
    let message = err.to_string();
    assert!(message.contains("UserName") && message.contains("AuthenticationType"), "{message}");
    assert!(!message.contains("StackName"), "{message}");
}

#[test]
fn authentication_type_round_trips_known_and_unknown_values() {
    use generated::appstream::types::AuthenticationType;
    let saml = AuthenticationType::from("SAML");
    assert_eq!(saml, AuthenticationType::Saml);
    assert_eq!(saml.as_str(), "SAML");
    for value in AuthenticationType::VALUES {
        let parsed = AuthenticationType::from(*value);
        assert!(!matches!(parsed, AuthenticationType::Unknown(_)), "{value}");
        assert_eq!(parsed.as_str(), *value);
    }
    let new = AuthenticationType::from("NEW_THING");
    assert_eq!(new, AuthenticationType::Unknown("NEW_THING".to_owned()));
    assert_eq!(new.as_str(), "NEW_THING");
    // Values are case-sensitive.
    assert_eq!(AuthenticationType::from("saml"), AuthenticationType::Unknown("saml".to_owned()));
}

#[test]
fn user_access_task_item_builds_with_plain_required_strings() {
    use generated::appfabric::types::UserAccessTaskItem;
    let item = UserAccessTaskItem::builder().app("Slack").tenant_id("tenant-1").build().unwrap();
    let app: &String = &item.app;
    let tenant: &String = &item.tenant_id;
    assert_eq!(app, "Slack");
    assert_eq!(tenant, "tenant-1");
    assert_eq!(item.task_id, None);

    let err = UserAccessTaskItem::builder().build().unwrap_err();
    assert_eq!(err.missing(), ["app", "tenantId"]);
}

// ---------------------------------------------------------------------------------------------
// 3. Broken models: errors naming the file and the shape, never a panic
// ---------------------------------------------------------------------------------------------

/// A model file in the temp folder, removed when dropped.
struct TempModel {
    path: PathBuf,
}

impl TempModel {
    fn new(name: &str, contents: &str) -> Self {
        let file = format!("model-facts-{}-{name}.json", std::process::id());
        let path = std::env::temp_dir().join(file);
        std::fs::write(&path, contents).unwrap();
        TempModel { path }
    }
}

impl Drop for TempModel {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn load(name: &str, contents: &str) -> (TempModel, Result<codegen::model::Model, codegen::Error>) {
    let file = TempModel::new(name, contents);
    let result = std::panic::catch_unwind(|| codegen::load_model(&file.path))
        .unwrap_or_else(|_| panic!("load_model panicked on the `{name}` model"));
    (file, result)
}

/// Loads a broken model and checks the error names the file and every one of `mentions`.
fn assert_load_error(name: &str, contents: &str, mentions: &[&str]) {
    let (file, result) = load(name, contents);
    let Err(err) = result else { panic!("the `{name}` model loaded") };
    let message = err.to_string();
    let path = file.path.display().to_string();
    assert!(message.contains(&path), "`{name}`: the error does not name {path}: {message}");
    for mention in mentions {
        assert!(message.contains(mention), "`{name}`: the error does not name `{mention}`: {message}");
    }
}

#[test]
fn a_member_targeting_a_missing_shape_names_file_and_shape() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "a.b#S": {"type": "structure", "members": {"x": {"target": "a.b#Missing"}}}
    }}"#;
    assert_load_error("missing-target", model, &["a.b#S", "a.b#Missing"]);
}

#[test]
fn an_unknown_shape_type_names_file_and_shape() {
    let model = r#"{"smithy": "2.0", "shapes": {"a.b#W": {"type": "widget"}}}"#;
    assert_load_error("unknown-type", model, &["a.b#W", "widget"]);
}

#[test]
fn invalid_json_names_the_file() {
    assert_load_error("invalid-json", r#"{"smithy": "2.0", "shapes": {"#, &[]);
}

#[test]
fn an_operation_whose_input_is_a_string_names_file_and_operation() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "a.b#Op": {"type": "operation", "input": {"target": "a.b#Text"}},
        "a.b#Text": {"type": "string"}
    }}"#;
    assert_load_error("string-input", model, &["a.b#Op"]);
}

#[test]
fn a_valid_tiny_model_with_an_operation_loads() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "a.b#Service": {"type": "service", "version": "1", "operations": [{"target": "a.b#Op"}]},
        "a.b#Op": {
            "type": "operation",
            "input": {"target": "a.b#OpInput"},
            "output": {"target": "a.b#OpOutput"},
            "errors": [{"target": "a.b#Oops"}]
        },
        "a.b#OpInput": {
            "type": "structure",
            "members": {"name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}},
            "traits": {"smithy.api#input": {}}
        },
        "a.b#OpOutput": {
            "type": "structure",
            "members": {"items": {"target": "a.b#Items"}},
            "traits": {"smithy.api#output": {}}
        },
        "a.b#Items": {"type": "list", "member": {"target": "a.b#Colour"}},
        "a.b#Colour": {"type": "enum", "members": {
            "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}
        }},
        "a.b#Oops": {
            "type": "structure",
            "members": {"message": {"target": "smithy.api#String"}},
            "traits": {"smithy.api#error": "client"}
        }
    }}"#;
    let (file, result) = load("valid", model);
    if let Err(err) = result {
        panic!("{}: a valid model failed to load: {err}", file.path.display());
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The committed models are the official ones
// ---------------------------------------------------------------------------------------------

#[test]
fn committed_models_are_byte_identical_to_the_shared_official_copies() {
    let shared = workspace_root().join("../shared/aws-models");
    if !shared.join("appfabric.json").exists() {
        eprintln!("skipped: {} is absent, cannot compare the committed models", shared.display());
        return;
    }
    for file in ["appfabric.json", "appstream.json"] {
        let committed = std::fs::read(workspace_root().join("models").join(file)).unwrap();
        let official = std::fs::read(shared.join(file)).unwrap();
        assert!(committed == official, "models/{file} differs from {}", shared.join(file).display());
    }
}
