//! What shapes are and contain: added and removed shapes, changed types, members and their
//! targets, enum values, and what services, resources and operations bind.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{member_id, traits, Cx, Severity};

/// Traits that narrow a target's values, compared when a member changes target.
const CONSTRAINTS: [&str; 5] = [
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
    "smithy.api#uniqueItems",
    "smithy.api#sparse",
];
use crate::model::{Member, Shape, ShapeId, ShapeKind};

pub(super) fn added(cx: &mut Cx, shape: &Shape) {
    let kind = type_name(shape);
    cx.push("AddedShape", Severity::Note, shape.id.to_string(), format!("{kind} added"));
}

pub(super) fn removed(cx: &mut Cx, shape: &Shape) {
    let kind = type_name(shape);
    cx.push("RemovedShape", Severity::Error, shape.id.to_string(), format!("{kind} removed"));
}

pub(super) fn compare(cx: &mut Cx, old: &Shape, new: &Shape) {
    let id = old.id.to_string();
    let (old_type, new_type) = (type_name(old), type_name(new));
    if old_type != new_type {
        // A string that became an enum (or back) keeps its wire form.
        let string_like = |t: &str| t == "string" || t == "enum";
        let severity =
            if string_like(old_type) && string_like(new_type) { Severity::Warning } else { Severity::Error };
        cx.push("ChangedShapeType", severity, id, format!("was {old_type}, now {new_type}"));
        traits::compare_shape(cx, old, new);
        return;
    }
    traits::compare_shape(cx, old, new);
    match (&old.kind, &new.kind) {
        (ShapeKind::Structure(o), ShapeKind::Structure(n)) | (ShapeKind::Union(o), ShapeKind::Union(n)) => {
            members(cx, old, new, o, n)
        }
        (ShapeKind::Enum(o), ShapeKind::Enum(n)) | (ShapeKind::IntEnum(o), ShapeKind::IntEnum(n)) => {
            enum_values(cx, old, new, o, n)
        }
        (ShapeKind::List(o), ShapeKind::List(n)) => member(cx, old, new, o, n),
        (ShapeKind::Map { key: ok, value: ov }, ShapeKind::Map { key: nk, value: nv }) => {
            member(cx, old, new, ok, nk);
            member(cx, old, new, ov, nv);
        }
        (ShapeKind::Operation(o), ShapeKind::Operation(n)) => {
            let io = [
                ("ChangedOperationInput", "input", &o.input, &n.input),
                ("ChangedOperationOutput", "output", &o.output, &n.output),
            ];
            for (event, what, was, now) in io {
                if was != now {
                    cx.push(event, Severity::Error, id.clone(), format!("{what} was {was}, now {now}"));
                }
            }
            bound_list(cx, &id, &o.errors, &n.errors, &OPERATION_ERRORS);
        }
        (ShapeKind::Service(o), ShapeKind::Service(n)) => {
            let in_scope = |ops: &[ShapeId]| -> Vec<ShapeId> {
                ops.iter().filter(|op| cx.operation_in_scope(op)).cloned().collect()
            };
            let (old_ops, new_ops) = (in_scope(&o.operations), in_scope(&n.operations));
            bound_list(cx, &id, &old_ops, &new_ops, &OPERATIONS);
            bound_list(cx, &id, &o.resources, &n.resources, &RESOURCES);
            bound_list(cx, &id, &o.errors, &n.errors, &SERVICE_ERRORS);
            for shape in o.rename.keys().chain(n.rename.keys()) {
                let (before, after) = (o.rename.get(shape), n.rename.get(shape));
                if before != after {
                    let spell = |name: Option<&String>| match name {
                        Some(name) => format!("`{name}`"),
                        None => format!("its own name `{}`", shape.name()),
                    };
                    cx.push(
                        "ChangedServiceRename",
                        Severity::Warning,
                        id.clone(),
                        format!("{shape} was named {}, now {}", spell(before), spell(after)),
                    );
                }
            }
            if o.version != n.version {
                cx.push(
                    "ChangedServiceVersion",
                    Severity::Note,
                    id.clone(),
                    format!("version was {}, now {}", quoted(&o.version), quoted(&n.version)),
                );
            }
        }
        (ShapeKind::Resource(o), ShapeKind::Resource(n)) => {
            bound_list(cx, &id, &o.operations, &n.operations, &OPERATIONS);
            bound_list(cx, &id, &o.resources, &n.resources, &RESOURCES);
        }
        _ => {}
    }
}

/// Structure and union members: added, removed, and compared one by one.
fn members(cx: &mut Cx, old: &Shape, new: &Shape, o: &[Member], n: &[Member]) {
    let union = matches!(new.kind, ShapeKind::Union(_));
    for gone in o.iter().filter(|m| !n.iter().any(|x| x.name == m.name)) {
        cx.push(
            "RemovedMember",
            Severity::Error,
            member_id(&old.id, &gone.name),
            format!("member removed (it targeted {})", gone.target),
        );
    }
    for fresh in n.iter().filter(|m| !o.iter().any(|x| x.name == m.name)) {
        let sides = cx.sides(&new.id);
        let required = fresh.has_trait("smithy.api#required")
            && fresh.trait_value("smithy.api#default").is_none_or(Value::is_null);
        let (severity, why) = if union {
            (Severity::Warning, ": clients built before it do not know the new variant")
        } else if required && sides.input {
            (Severity::Error, ", required and without a default: requests of existing clients lack it")
        } else if required {
            (Severity::Note, ", required")
        } else {
            (Severity::Note, "")
        };
        cx.push(
            "AddedMember",
            severity,
            member_id(&new.id, &fresh.name),
            format!("member added, targeting {}{why}", fresh.target),
        );
    }
    for om in o {
        if let Some(nm) = n.iter().find(|x| x.name == om.name) {
            member(cx, old, new, om, nm);
        }
    }
}

/// One member present in both: its target, and its traits.
fn member(cx: &mut Cx, old: &Shape, new: &Shape, o: &Member, n: &Member) {
    let id = member_id(&old.id, &o.name);
    if o.target != n.target {
        let (ot, nt) = (cx.old.get(&o.target), cx.new.get(&n.target));
        let same_type = match (ot, nt) {
            (Some(a), Some(b)) => type_name(a) == type_name(b) && !a.id.is_prelude() && !b.id.is_prelude(),
            _ => false,
        };
        // A target of the same type may still constrain values differently.
        let constraints: Vec<&str> = match (ot, nt) {
            (Some(a), Some(b)) if same_type => CONSTRAINTS
                .iter()
                .filter(|t| a.trait_value(t) != b.trait_value(t))
                .map(|t| t.trim_start_matches("smithy.api#"))
                .collect(),
            _ => Vec::new(),
        };
        let input = cx.sides(&new.id).input || cx.sides(&old.id).input;
        let (severity, why) = if !same_type {
            (Severity::Error, String::new())
        } else if constraints.is_empty() {
            (Severity::Warning, ", a shape of the same type and constraints".to_owned())
        } else {
            let tighter = match (ot, nt) {
                (Some(a), Some(b)) => traits::tighter(&a.traits, &b.traits),
                _ => true,
            };
            let severity = if tighter && input { Severity::Danger } else { Severity::Warning };
            let how = if tighter { "differ" } else { "are looser" };
            (severity, format!(", a shape of the same type whose @{} {how}", constraints.join(", @")))
        };
        cx.push(
            "ChangedMemberTarget",
            severity,
            id.clone(),
            format!("target was {}, now {}{why}", o.target, n.target),
        );
    }
    traits::compare_member(cx, old, new, o, n);
}

/// Enum and intEnum values, by member name.
fn enum_values(cx: &mut Cx, old: &Shape, new: &Shape, o: &[Member], n: &[Member]) {
    let values = |members: &[Member]| -> BTreeMap<String, String> {
        members
            .iter()
            .map(|m| {
                let value = m
                    .trait_value("smithy.api#enumValue")
                    .map(spell)
                    .unwrap_or_else(|| format!("\"{}\"", m.name));
                (m.name.clone(), value)
            })
            .collect()
    };
    let (ov, nv) = (values(o), values(n));
    let input = cx.sides(&new.id).input || cx.sides(&old.id).input;
    for (name, value) in &ov {
        match nv.get(name) {
            None => cx.push(
                "RemovedEnumValue",
                if input { Severity::Error } else { Severity::Warning },
                member_id(&old.id, name),
                format!("value {value} removed"),
            ),
            Some(now) if now != value => cx.push(
                "ChangedEnumValue",
                Severity::Error,
                member_id(&old.id, name),
                format!("value was {value}, now {now}"),
            ),
            Some(_) => {}
        }
    }
    for (name, value) in nv.iter().filter(|(name, _)| !ov.contains_key(*name)) {
        cx.push("AddedEnumValue", Severity::Note, member_id(&new.id, name), format!("value {value} added"));
    }
    for om in o {
        if let Some(nm) = n.iter().find(|x| x.name == om.name) {
            traits::compare_member(cx, old, new, om, nm);
        }
    }
}

/// What a list of shape ids binds: its events' ids, its noun, and how bad an addition and a
/// removal are.
struct Bound {
    added: &'static str,
    removed: &'static str,
    noun: &'static str,
    on_add: Severity,
    on_remove: Severity,
}

const OPERATIONS: Bound = Bound {
    added: "AddedOperationBinding",
    removed: "RemovedOperationBinding",
    noun: "operation",
    on_add: Severity::Note,
    on_remove: Severity::Error,
};
const RESOURCES: Bound = Bound {
    added: "AddedResourceBinding",
    removed: "RemovedResourceBinding",
    noun: "resource",
    on_add: Severity::Note,
    on_remove: Severity::Error,
};
const OPERATION_ERRORS: Bound = Bound {
    added: "AddedOperationError",
    removed: "RemovedOperationError",
    noun: "error",
    on_add: Severity::Warning,
    on_remove: Severity::Warning,
};
const SERVICE_ERRORS: Bound = Bound {
    added: "AddedServiceError",
    removed: "RemovedServiceError",
    noun: "error",
    on_add: Severity::Warning,
    on_remove: Severity::Warning,
};

/// A list of bound shape ids: what was added and removed.
fn bound_list(cx: &mut Cx, owner: &str, old: &[ShapeId], new: &[ShapeId], bound: &Bound) {
    for id in new.iter().filter(|id| !old.contains(id)) {
        cx.push(bound.added, bound.on_add, owner, format!("{} {id} added", bound.noun));
    }
    for id in old.iter().filter(|id| !new.contains(id)) {
        cx.push(bound.removed, bound.on_remove, owner, format!("{} {id} removed", bound.noun));
    }
}

/// The shape's type as Smithy names it (`string`, `structure`, `intEnum`, ...).
pub(super) fn type_name(shape: &Shape) -> &'static str {
    match &shape.kind {
        ShapeKind::Simple(simple) => simple.name(),
        _ => shape.type_name(),
    }
}

/// A trait value as compact JSON, for messages.
pub(super) fn spell(value: &Value) -> String {
    value.to_string()
}

fn quoted(text: &Option<String>) -> String {
    text.as_ref().map(|t| format!("\"{t}\"")).unwrap_or_else(|| "unset".to_owned())
}
