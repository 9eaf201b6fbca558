//! `cargo xtask diff` on synthetic pairs: one small service model, and for each kind of event a
//! copy changed in exactly that way. Each case states what the Smithy specification (and
//! smithy-diff's evaluators) say the change is: the event id, the shape or member id, and the
//! severity; and that the reverse diff reports the same change the other way.

mod mirror;

use codegen::api::RustChange;
use codegen::diff::{self, Event, Options, Severity};
use codegen::model::Model;
use serde_json::{json, Value};

const NS: &str = "example.diff";

fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example.diff#Service": {
                "type": "service", "version": "2024-01-01",
                "operations": [{"target": "example.diff#GetThing"}],
                "resources": [{"target": "example.diff#Thing"}],
                "errors": [{"target": "example.diff#ServiceFault"}],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "aws.auth#sigv4": {"name": "svc"},
                    "smithy.api#documentation": "A service."
                }
            },
            "example.diff#Thing": {"type": "resource", "operations": [{"target": "example.diff#ListThings"}]},
            "example.diff#GetThing": {
                "type": "operation",
                "input": {"target": "example.diff#GetThingInput"},
                "output": {"target": "example.diff#GetThingOutput"},
                "errors": [{"target": "example.diff#NotFound"}],
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/things/{id}", "code": 200}}
            },
            "example.diff#ListThings": {
                "type": "operation",
                "input": {"target": "example.diff#ListThingsInput"},
                "output": {"target": "example.diff#ListThingsOutput"},
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/things", "code": 200}, "smithy.api#readonly": {}}
            },
            "example.diff#ListThingsInput": {"type": "structure", "members": {}, "traits": {"smithy.api#input": {}}},
            "example.diff#ListThingsOutput": {
                "type": "structure",
                "members": {"names": {"target": "example.diff#Names"}},
                "traits": {"smithy.api#output": {}}
            },
            "example.diff#GetThingInput": {
                "type": "structure",
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                    "filter": {"target": "example.diff#Filter", "traits": {"smithy.api#httpQuery": "filter"}},
                    "token": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Token"}},
                    "name": {"target": "example.diff#Name", "traits": {"smithy.api#jsonName": "Name"}},
                    "count": {"target": "example.diff#Count"},
                    "tags": {"target": "example.diff#Tags"},
                    "color": {"target": "example.diff#Color"},
                    "when": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}},
                    "secret": {"target": "smithy.api#String"},
                    "old": {"target": "smithy.api#String"},
                    "choice": {"target": "example.diff#Choice"},
                    "size": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example.diff#GetThingOutput": {
                "type": "structure",
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                    "label": {"target": "smithy.api#String"}
                },
                "traits": {"smithy.api#output": {}}
            },
            "example.diff#Filter": {"type": "string"},
            "example.diff#Name": {
                "type": "string",
                "traits": {"smithy.api#length": {"min": 1, "max": 64}, "smithy.api#pattern": "^[a-z]+$"}
            },
            "example.diff#Count": {"type": "integer", "traits": {"smithy.api#range": {"min": 0, "max": 100}}},
            "example.diff#Tags": {"type": "list", "member": {"target": "smithy.api#String"}},
            "example.diff#Names": {"type": "list", "member": {"target": "smithy.api#String"}},
            "example.diff#Color": {
                "type": "enum",
                "members": {
                    "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}},
                    "BLUE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "blue"}}
                }
            },
            "example.diff#Choice": {
                "type": "union",
                "members": {"a": {"target": "smithy.api#String"}, "b": {"target": "smithy.api#Integer"}}
            },
            "example.diff#NotFound": {
                "type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}
            },
            "example.diff#ServiceFault": {
                "type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "server"}
            },
            "example.diff#Gone": {
                "type": "structure",
                "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#httpError": 410}
            }
        }
    })
}

fn load(value: &Value) -> Model {
    let bytes = serde_json::to_vec(value).unwrap();
    codegen::resolve::resolve(codegen::ast::parse(&bytes).unwrap()).unwrap()
}

/// The JSON object at `path` (shape id, then keys), for editing.
fn at<'a>(model: &'a mut Value, path: &[&str]) -> &'a mut Value {
    let mut v = &mut model["shapes"];
    for key in path {
        v = &mut v[*key];
    }
    v
}

fn shape<'a>(model: &'a mut Value, name: &str) -> &'a mut Value {
    at(model, &[&format!("{NS}#{name}")])
}

fn member_traits<'a>(
    model: &'a mut Value,
    owner: &str,
    member: &str,
) -> &'a mut serde_json::Map<String, Value> {
    let m = &mut shape(model, owner)["members"][member];
    if m.get("traits").is_none() {
        m["traits"] = json!({});
    }
    m["traits"].as_object_mut().unwrap()
}

fn shape_traits<'a>(model: &'a mut Value, name: &str) -> &'a mut serde_json::Map<String, Value> {
    let s = shape(model, name);
    if s.get("traits").is_none() {
        s["traits"] = json!({});
    }
    s["traits"].as_object_mut().unwrap()
}

/// Diffs base → changed, checks the expected event, and that changed → base reports every
/// event again with the reverse id, on the same shape.
fn check(
    change: impl FnOnce(&mut Value),
    id: &str,
    on: &str,
    severity: Severity,
) -> (Vec<Event>, Vec<RustChange>) {
    let old = base();
    let mut new = base();
    change(&mut new);
    let (a, b) = (load(&old), load(&new));
    let forward = diff::diff(&a, &b, &Options::default()).unwrap();
    let shape_id = if on.contains('#') { on.to_owned() } else { format!("{NS}#{on}") };
    assert!(
        forward.events.iter().any(|e| e.id == id && e.shape == shape_id && e.severity == severity),
        "expected {id} on {shape_id} at {severity:?}; got:\n{:#?}",
        forward.events
    );
    let backward = diff::diff(&b, &a, &Options::default()).unwrap();
    mirror::assert_mirrors(&forward, &backward, &format!("{id} on {shape_id}"));
    (forward.events, forward.rust)
}

fn rust_change<'a>(rust: &'a [RustChange], path: &str) -> &'a RustChange {
    rust.iter().find(|c| c.path == path).unwrap_or_else(|| panic!("no Rust change at {path}: {rust:#?}"))
}

#[test]
fn a_model_against_itself_has_no_events() {
    let model = load(&base());
    let report = diff::diff(&model, &model, &Options::default()).unwrap();
    assert!(report.events.is_empty(), "{:#?}", report.events);
    assert!(report.rust.is_empty(), "{:#?}", report.rust);
}

#[test]
fn shapes_added_and_removed() {
    let (_, rust) =
        check(|m| *shape(m, "Extra") = json!({"type": "string"}), "AddedShape", "Extra", Severity::Note);
    assert!(rust.is_empty(), "an unreachable string adds no Rust item: {rust:#?}");
    let (_, rust) = check(
        |m| {
            shape(m, "GetThingOutput")["members"]["extra"] = json!({"target": "example.diff#Extra"});
            *shape(m, "Extra") = json!({"type": "structure", "members": {}});
        },
        "AddedShape",
        "Extra",
        Severity::Note,
    );
    assert!(!rust_change(&rust, "service::types::Extra").breaking);
    // The reverse: removing a shape, and with it a generated type.
    let old = base();
    let mut new = base();
    shape(&mut new, "ListThingsOutput")["members"] = json!({});
    new["shapes"].as_object_mut().unwrap().remove("example.diff#Names");
    let report = diff::diff(&load(&old), &load(&new), &Options::default()).unwrap();
    assert!(report
        .events
        .iter()
        .any(|e| e.id == "RemovedShape" && e.shape == "example.diff#Names" && e.severity == Severity::Error));
    assert!(rust_change(&report.rust, "service::types::ListThingsOutput::names").breaking);
}

#[test]
fn shape_types() {
    check(
        |m| *shape(m, "Filter") = json!({"type": "integer"}),
        "ChangedShapeType",
        "Filter",
        Severity::Error,
    );
    // A string that became an enum keeps its wire form (the Rust type changes, though).
    let (_, rust) = check(
        |m| {
            *shape(m, "Filter") = json!({"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}});
        },
        "ChangedShapeType",
        "Filter",
        Severity::Warning,
    );
    assert!(rust_change(&rust, "service::types::GetThingInput::filter").breaking);
}

#[test]
fn members_and_targets() {
    let (_, rust) = check(
        |m| shape(m, "GetThingOutput")["members"]["label"]["target"] = json!("smithy.api#Integer"),
        "ChangedMemberTarget",
        "GetThingOutput$label",
        Severity::Error,
    );
    let change = rust_change(&rust, "service::types::GetThingOutput::label");
    assert!(
        change.breaking
            && change.message.contains("Option<String>")
            && change.message.contains("Option<i32>")
    );
    let (_, rust) = check(
        |m| shape(m, "GetThingOutput")["members"]["extra"] = json!({"target": "smithy.api#String"}),
        "AddedMember",
        "GetThingOutput$extra",
        Severity::Note,
    );
    assert!(
        !rust_change(&rust, "service::types::GetThingOutput::extra").breaking,
        "structs are non_exhaustive"
    );
    // A required member without a default that existing requests lack.
    check(
        |m| {
            shape(m, "GetThingInput")["members"]["must"] =
                json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}})
        },
        "AddedMember",
        "GetThingInput$must",
        Severity::Error,
    );
    let (_, rust) = check(
        |m| {
            shape(m, "GetThingOutput")["members"].as_object_mut().unwrap().remove("label");
        },
        "RemovedMember",
        "GetThingOutput$label",
        Severity::Error,
    );
    assert!(rust_change(&rust, "service::types::GetThingOutput::label").breaking);
    check(
        |m| shape(m, "Choice")["members"]["c"] = json!({"target": "smithy.api#Boolean"}),
        "AddedMember",
        "Choice$c",
        Severity::Warning,
    );
    // A target of the same type: a rename, unless its constraints differ.
    check(
        |m| {
            shape(m, "GetThingInput")["members"]["filter"]["target"] = json!("example.diff#Sieve");
            *shape(m, "Sieve") = json!({"type": "string"});
        },
        "ChangedMemberTarget",
        "GetThingInput$filter",
        Severity::Warning,
    );
    check(
        |m| shape(m, "GetThingInput")["members"]["filter"]["target"] = json!("example.diff#Name"),
        "ChangedMemberTarget",
        "GetThingInput$filter",
        Severity::Danger,
    );
    check(
        |m| shape(m, "Tags")["member"]["target"] = json!("smithy.api#Integer"),
        "ChangedMemberTarget",
        "Tags$member",
        Severity::Error,
    );
}

#[test]
fn required_default_and_nullability() {
    check(
        |m| {
            member_traits(m, "GetThingInput", "secret").insert("smithy.api#required".into(), json!({}));
        },
        "AddedRequiredTrait",
        "GetThingInput$secret",
        Severity::Error,
    );
    let (events, rust) = check(
        |m| {
            member_traits(m, "GetThingOutput", "id").remove("smithy.api#required");
        },
        "RemovedRequiredTrait",
        "GetThingOutput$id",
        Severity::Warning,
    );
    assert!(events
        .iter()
        .any(|e| e.id == "ChangedNullability" && e.shape == "example.diff#GetThingOutput$id"));
    let change = rust_change(&rust, "service::types::GetThingOutput::id");
    assert!(change.breaking && change.message == "was String, now Option<String>", "{change:?}");
    check(
        |m| {
            member_traits(m, "GetThingInput", "size").remove("smithy.api#default");
        },
        "RemovedDefaultTrait",
        "GetThingInput$size",
        Severity::Error,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "size").insert("smithy.api#default".into(), json!(5));
        },
        "ChangedDefaultTrait",
        "GetThingInput$size",
        Severity::Error,
    );
    check(
        |m| {
            member_traits(m, "GetThingOutput", "label").insert("smithy.api#default".into(), json!(""));
        },
        "AddedDefaultTrait",
        "GetThingOutput$label",
        Severity::Danger,
    );
    check(
        |m| {
            member_traits(m, "GetThingOutput", "id").insert("smithy.api#clientOptional".into(), json!({}));
        },
        "ChangedNullability",
        "GetThingOutput$id",
        Severity::Warning,
    );
    check(
        |m| {
            shape_traits(m, "Names").insert("smithy.api#sparse".into(), json!({}));
        },
        "AddedSparseTrait",
        "Names",
        Severity::Warning,
    );
}

#[test]
fn enum_values() {
    let (_, rust) = check(
        |m| {
            shape(m, "Color")["members"]["GREEN"] =
                json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "green"}})
        },
        "AddedEnumValue",
        "Color$GREEN",
        Severity::Note,
    );
    assert!(!rust_change(&rust, "service::types::Color::Green").breaking, "enums are non_exhaustive");
    let (_, rust) = check(
        |m| {
            shape(m, "Color")["members"].as_object_mut().unwrap().remove("BLUE");
        },
        "RemovedEnumValue",
        "Color$BLUE",
        Severity::Error,
    );
    assert!(rust_change(&rust, "service::types::Color::Blue").breaking);
    let (_, rust) = check(
        |m| {
            member_traits(m, "Color", "RED").insert("smithy.api#enumValue".into(), json!("rouge"));
        },
        "ChangedEnumValue",
        "Color$RED",
        Severity::Error,
    );
    assert!(rust.is_empty(), "the variant keeps its name: {rust:#?}");
}

#[test]
fn constraints_tightened_and_relaxed() {
    check(
        |m| {
            shape_traits(m, "Name").insert("smithy.api#length".into(), json!({"min": 1, "max": 32}));
        },
        "ChangedLengthTrait",
        "Name",
        Severity::Danger,
    );
    let (events, _) = check(
        |m| {
            shape_traits(m, "Name").insert("smithy.api#length".into(), json!({"min": 0, "max": 128}));
        },
        "ChangedLengthTrait",
        "Name",
        Severity::Note,
    );
    assert!(events[0].message.contains("relaxed"), "{events:#?}");
    check(
        |m| {
            shape_traits(m, "Filter").insert("smithy.api#length".into(), json!({"max": 10}));
        },
        "AddedLengthTrait",
        "Filter",
        Severity::Danger,
    );
    check(
        |m| {
            shape_traits(m, "Count").insert("smithy.api#range".into(), json!({"min": 1, "max": 100}));
        },
        "ChangedRangeTrait",
        "Count",
        Severity::Danger,
    );
    check(
        |m| {
            shape_traits(m, "Count").remove("smithy.api#range");
        },
        "RemovedRangeTrait",
        "Count",
        Severity::Note,
    );
    check(
        |m| {
            shape_traits(m, "Name").insert("smithy.api#pattern".into(), json!("^[a-z0-9]+$"));
        },
        "ChangedPatternTrait",
        "Name",
        Severity::Danger,
    );
    check(
        |m| {
            shape_traits(m, "Name").remove("smithy.api#pattern");
        },
        "RemovedPatternTrait",
        "Name",
        Severity::Note,
    );
    check(
        |m| {
            shape_traits(m, "Tags").insert("smithy.api#uniqueItems".into(), json!({}));
        },
        "AddedUniqueItemsTrait",
        "Tags",
        Severity::Danger,
    );
    // Tightening what only responses carry hurts no client.
    check(
        |m| {
            member_traits(m, "GetThingOutput", "label").insert("smithy.api#length".into(), json!({"max": 3}));
        },
        "AddedLengthTrait",
        "GetThingOutput$label",
        Severity::Note,
    );
}

#[test]
fn operations_bound_and_changed() {
    let (_, rust) = check(
        |m| {
            shape(m, "Service")["operations"]
                .as_array_mut()
                .unwrap()
                .push(json!({"target": "example.diff#Ping"}));
            *shape(m, "Ping") = json!({"type": "operation"});
        },
        "AddedOperationBinding",
        "Service",
        Severity::Note,
    );
    assert!(!rust_change(&rust, "service::client::Client::ping").breaking);
    let (_, rust) = check(
        |m| {
            shape(m, "Thing")["operations"] = json!([]);
        },
        "RemovedOperationBinding",
        "Thing",
        Severity::Error,
    );
    assert!(rust_change(&rust, "service::client::Client::list_things").breaking);
    check(
        |m| {
            shape(m, "Service")["resources"]
                .as_array_mut()
                .unwrap()
                .push(json!({"target": "example.diff#Other"}));
            *shape(m, "Other") = json!({"type": "resource"});
        },
        "AddedResourceBinding",
        "Service",
        Severity::Note,
    );
    check(
        |m| {
            shape(m, "GetThing")["input"] = json!({"target": "example.diff#ListThingsInput"});
        },
        "ChangedOperationInput",
        "GetThing",
        Severity::Error,
    );
    check(
        |m| {
            shape(m, "GetThing")["output"] = json!({"target": "example.diff#ListThingsOutput"});
        },
        "ChangedOperationOutput",
        "GetThing",
        Severity::Error,
    );
    let (_, rust) = check(
        |m| {
            shape(m, "GetThing")["errors"]
                .as_array_mut()
                .unwrap()
                .push(json!({"target": "example.diff#Gone"}))
        },
        "AddedOperationError",
        "GetThing",
        Severity::Warning,
    );
    assert!(!rust_change(&rust, "service::errors::GetThingError::Gone").breaking);
    check(
        |m| {
            shape(m, "Service")["errors"].as_array_mut().unwrap().push(json!({"target": "example.diff#Gone"}))
        },
        "AddedServiceError",
        "Service",
        Severity::Warning,
    );
    let (_, rust) = check(
        |m| shape(m, "GetThing")["errors"] = json!([]),
        "RemovedOperationError",
        "GetThing",
        Severity::Warning,
    );
    assert!(rust_change(&rust, "service::errors::GetThingError::NotFound").breaking);
}

#[test]
fn http_bindings() {
    let http = |method: &'static str, uri: &'static str, code: u16| {
        move |m: &mut Value| {
            shape_traits(m, "GetThing")
                .insert("smithy.api#http".into(), json!({"method": method, "uri": uri, "code": code}));
        }
    };
    check(http("PUT", "/things/{id}", 200), "ChangedHttpMethod", "GetThing", Severity::Error);
    check(http("POST", "/thing/{id}", 200), "ChangedHttpUri", "GetThing", Severity::Error);
    check(http("POST", "/things/{id}", 201), "ChangedHttpCode", "GetThing", Severity::Danger);
    check(
        |m| {
            member_traits(m, "GetThingInput", "token")
                .insert("smithy.api#httpHeader".into(), json!("X-Auth"));
        },
        "ChangedHttpBinding",
        "GetThingInput$token",
        Severity::Error,
    );
    check(
        |m| {
            let traits = member_traits(m, "GetThingInput", "filter");
            traits.remove("smithy.api#httpQuery");
            traits.insert("smithy.api#httpHeader".into(), json!("X-Filter"));
        },
        "ChangedHttpBinding",
        "GetThingInput$filter",
        Severity::Error,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "secret")
                .insert("smithy.api#httpHeader".into(), json!("X-Secret"));
        },
        "AddedHttpBinding",
        "GetThingInput$secret",
        Severity::Error,
    );
}

#[test]
fn wire_names_and_formats() {
    check(
        |m| {
            member_traits(m, "GetThingInput", "name").insert("smithy.api#jsonName".into(), json!("name"));
        },
        "ChangedJsonName",
        "GetThingInput$name",
        Severity::Error,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "name").remove("smithy.api#jsonName");
        },
        "RemovedJsonName",
        "GetThingInput$name",
        Severity::Error,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "when")
                .insert("smithy.api#timestampFormat".into(), json!("epoch-seconds"));
        },
        "ChangedTimestampFormat",
        "GetThingInput$when",
        Severity::Error,
    );
}

#[test]
fn protocols_and_auth() {
    check(
        |m| {
            shape_traits(m, "Service").remove("aws.protocols#restJson1");
        },
        "RemovedProtocolTrait",
        "Service",
        Severity::Error,
    );
    check(
        |m| {
            shape_traits(m, "Service").insert("aws.protocols#awsJson1_1".into(), json!({}));
        },
        "AddedProtocolTrait",
        "Service",
        Severity::Note,
    );
    check(
        |m| {
            shape_traits(m, "Service").remove("aws.auth#sigv4");
        },
        "RemovedAuthTrait",
        "Service",
        Severity::Error,
    );
    check(
        |m| {
            shape_traits(m, "Service").insert("aws.auth#sigv4".into(), json!({"name": "other"}));
        },
        "ChangedAuthTrait",
        "Service",
        Severity::Danger,
    );
    check(
        |m| {
            shape_traits(m, "GetThing").insert("smithy.api#optionalAuth".into(), json!({}));
        },
        "AddedAuthTrait",
        "GetThing",
        Severity::Note,
    );
}

#[test]
fn sensitive_deprecated_documentation_and_other_traits() {
    check(
        |m| {
            member_traits(m, "GetThingInput", "secret").insert("smithy.api#sensitive".into(), json!({}));
        },
        "AddedSensitiveTrait",
        "GetThingInput$secret",
        Severity::Warning,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "old")
                .insert("smithy.api#deprecated".into(), json!({"since": "2025"}));
        },
        "AddedDeprecatedTrait",
        "GetThingInput$old",
        Severity::Warning,
    );
    check(
        |m| {
            shape_traits(m, "Service").insert("smithy.api#documentation".into(), json!("Another service."));
        },
        "ChangedDocumentation",
        "Service",
        Severity::Note,
    );
    check(
        |m| {
            member_traits(m, "GetThingInput", "token")
                .insert("smithy.api#idempotencyToken".into(), json!({}));
        },
        "AddedTrait",
        "GetThingInput$token",
        Severity::Warning,
    );
    check(
        |m| {
            shape_traits(m, "ListThings").remove("smithy.api#readonly");
        },
        "RemovedTrait",
        "ListThings",
        Severity::Warning,
    );
    check(
        |m| shape(m, "Service")["rename"] = json!({"example.diff#Filter": "Sieve"}),
        "ChangedServiceRename",
        "Service",
        Severity::Warning,
    );
}

#[test]
fn the_text_report_hides_documentation_unless_asked() {
    let mut new = base();
    shape_traits(&mut new, "Service").insert("smithy.api#documentation".into(), json!("Another."));
    shape_traits(&mut new, "Tags").insert("smithy.api#uniqueItems".into(), json!({}));
    let report = diff::diff(&load(&base()), &load(&new), &Options::default()).unwrap();
    let text = diff::text(&report, "a.json", "b.json", diff::TextOptions::default());
    assert!(text.contains("AddedUniqueItemsTrait") && !text.contains("ChangedDocumentation"), "{text}");
    assert!(text.contains("and 1 documentation NOTEs, which --docs shows"), "{text}");
    let all = diff::text(&report, "a.json", "b.json", diff::TextOptions { documentation: true });
    assert!(all.contains("ChangedDocumentation"), "{all}");
    let json = diff::json(&report, "a.json", "b.json");
    assert_eq!(json["events"].as_array().unwrap().len(), 2);
    assert_eq!(report.worst(), Some(Severity::Danger));
}

#[test]
fn moving_a_trait_into_a_mixin_is_no_change() {
    let mut old = base();
    *shape(&mut old, "Common") = json!({
        "type": "structure",
        "members": {"label": {"target": "smithy.api#String"}},
        "traits": {"smithy.api#mixin": {}}
    });
    member_traits(&mut old, "GetThingOutput", "label")
        .insert("smithy.api#documentation".into(), json!("A label."));
    let mut new = old.clone();
    shape(&mut new, "Common")["members"]["label"]["traits"] = json!({"smithy.api#documentation": "A label."});
    shape(&mut new, "GetThingOutput")["mixins"] = json!([{"target": "example.diff#Common"}]);
    shape(&mut new, "GetThingOutput")["members"].as_object_mut().unwrap().remove("label");
    let report = diff::diff(&load(&old), &load(&new), &Options::default()).unwrap();
    // Member order may move (mixin members come first); nothing else may differ.
    assert!(report.events.is_empty(), "{:#?}", report.events);
    assert!(report.rust.is_empty(), "{:#?}", report.rust);
}

#[test]
fn operations_restrict_the_comparison() {
    let mut new = base();
    shape_traits(&mut new, "Names").insert("smithy.api#sparse".into(), json!({}));
    shape_traits(&mut new, "Name").insert("smithy.api#length".into(), json!({"max": 8}));
    let options = Options { operations: Some(vec!["GetThing".into()]), ..Default::default() };
    let report = diff::diff(&load(&base()), &load(&new), &options).unwrap();
    let shapes: Vec<&str> = report.events.iter().map(|e| e.shape.as_str()).collect();
    assert_eq!(shapes, vec!["example.diff#Name"], "only what GetThing reaches: {:#?}", report.events);
    let missing = Options { operations: Some(vec!["Nope".into()]), ..Default::default() };
    let error = diff::diff(&load(&base()), &load(&new), &missing).unwrap_err().to_string();
    assert!(error.contains("Nope"), "{error}");
}

#[test]
fn regenerating_a_crate_names_what_breaks_from_its_api_listing() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("regeneration");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (old_path, new_path, out) = (dir.join("old.json"), dir.join("new.json"), dir.join("crate"));
    let mut new = base();
    shape(&mut new, "GetThingOutput")["members"].as_object_mut().unwrap().remove("label");
    shape(&mut new, "Color")["members"]["GREEN"] = json!({"target": "smithy.api#Unit"});
    std::fs::write(&old_path, serde_json::to_vec(&base()).unwrap()).unwrap();
    std::fs::write(&new_path, serde_json::to_vec(&new).unwrap()).unwrap();
    let options = codegen::standalone::Options::default();
    let files = codegen::standalone::generate_full(&old_path, &options).unwrap().files;
    codegen::output::write(&out, &files, &["target"]).unwrap();
    let listing = std::fs::read_to_string(out.join(codegen::api::FILE)).unwrap();
    assert!(listing.starts_with("# @generated by `cargo xtask codegen`"), "{listing}");
    assert!(listing.contains(
        "service::types::GetThingOutput::label\tOption<String>\texample.diff#GetThingOutput$label"
    ));

    let files = codegen::standalone::generate_full(&new_path, &options).unwrap().files;
    let changes = codegen::api::regeneration_changes(&out, &files);
    let summary: Vec<(&str, bool)> = changes.iter().map(|c| (c.path.as_str(), c.breaking)).collect();
    assert_eq!(
        summary,
        vec![("service::types::Color::Green", false), ("service::types::GetThingOutput::label", true)]
    );
    let text = codegen::api::summary(&changes).unwrap();
    assert!(text.contains("1 item(s) added, 1 removed or changed"), "{text}");
    assert!(
        text.contains("BREAKS service::types::GetThingOutput::label: removed (was Option<String>)"),
        "{text}"
    );
}

#[test]
fn a_service_restricts_the_comparison_to_what_it_reaches() {
    let mut new = base();
    shape_traits(&mut new, "Gone").insert("smithy.api#sensitive".into(), json!({}));
    shape_traits(&mut new, "Count").insert("smithy.api#range".into(), json!({"max": 10}));
    let whole = diff::diff(&load(&base()), &load(&new), &Options::default()).unwrap();
    let shapes: Vec<&str> = whole.events.iter().map(|e| e.shape.as_str()).collect();
    assert_eq!(shapes, vec!["example.diff#Count", "example.diff#Gone"], "{:#?}", whole.events);
    let service = codegen::model::ShapeId::parse("example.diff#Service").unwrap();
    let options = Options { service: Some(service), ..Default::default() };
    let scoped = diff::diff(&load(&base()), &load(&new), &options).unwrap();
    let shapes: Vec<&str> = scoped.events.iter().map(|e| e.shape.as_str()).collect();
    assert_eq!(shapes, vec!["example.diff#Count"], "Gone is bound by no operation: {:#?}", scoped.events);
    let unknown = Options {
        service: Some(codegen::model::ShapeId::parse("example.diff#Nope").unwrap()),
        ..Default::default()
    };
    assert!(diff::diff(&load(&base()), &load(&new), &unknown).is_err());
}
