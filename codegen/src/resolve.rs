//! Stage 2, resolve: AST shapes plus the prelude become one [`Model`] in which mixins are
//! flattened, `apply` traits merged, Smithy 1.0 forms normalised and every reference checked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::ast::{AstMember, AstModel, AstRef, AstShape, AstTraits};
use crate::error::{Error, Result};
use crate::model::{Member, Model, Operation, Resource, Service, Shape, ShapeId, ShapeKind, Traits};
use crate::prelude;
use crate::shape_id::parse_member_id;

/// A shape before mixins are applied: its own members and traits, and the mixins it names.
struct Raw {
    shape: Shape,
    mixins: Vec<ShapeId>,
}

pub fn resolve(ast: AstModel) -> Result<Model> {
    let mut raw: BTreeMap<ShapeId, Raw> = BTreeMap::new();
    for shape in prelude::shapes() {
        raw.insert(shape.id.clone(), Raw { shape, mixins: Vec::new() });
    }
    let mut applies = Vec::new();
    for (id, ast_shape) in ast.shapes {
        if id.is_prelude() {
            return Err(Error::shape(&id, "models may not define shapes in the prelude namespace"));
        }
        if let AstShape::Apply(apply) = ast_shape {
            applies.push((id, apply.traits));
            continue;
        }
        let converted = convert(&id, ast_shape).map_err(|message| Error::shape(&id, message))?;
        raw.insert(id, converted);
    }

    let mut shapes = BTreeMap::new();
    let ids: Vec<ShapeId> = raw.keys().cloned().collect();
    for id in &ids {
        flatten(id, &raw, &mut shapes, &mut Vec::new())?;
    }
    for (id, traits) in applies {
        apply(&mut shapes, &id, traits)?;
    }
    for shape in shapes.values_mut() {
        normalise_enum_trait(shape)?;
    }
    let model = Model { shapes };
    check_references(&model)?;
    Ok(model)
}

fn traits(ast: AstTraits) -> std::result::Result<Traits, String> {
    ast.into_iter()
        .map(|(id, value)| {
            parse_member_id(&id).map_err(|e| format!("trait {}", e.message))?;
            Ok((id, value))
        })
        .collect()
}

fn target(reference: &str, what: &str) -> std::result::Result<ShapeId, String> {
    ShapeId::parse(reference).map_err(|e| format!("{what}: {}", e.message))
}

fn refs(list: Vec<AstRef>, what: &str) -> std::result::Result<Vec<ShapeId>, String> {
    list.into_iter().map(|r| target(&r.target, what)).collect()
}

fn member(name: String, ast: AstMember) -> std::result::Result<Member, String> {
    let target = target(&ast.target, &format!("member `{name}`"))?;
    let traits = traits(ast.traits).map_err(|e| format!("member `{name}`: {e}"))?;
    Ok(Member { name, target, traits })
}

fn convert(id: &ShapeId, ast: AstShape) -> std::result::Result<Raw, String> {
    let (kind, ast_traits, mixins) = match ast {
        AstShape::Simple(simple, s) => (ShapeKind::Simple(simple), s.traits, s.mixins),
        AstShape::Enum(a) => {
            let members = aggregate_members(&a)?;
            (ShapeKind::Enum(members), a.traits, a.mixins)
        }
        AstShape::IntEnum(a) => {
            let members = aggregate_members(&a)?;
            (ShapeKind::IntEnum(members), a.traits, a.mixins)
        }
        AstShape::Structure(a) => {
            let members = aggregate_members(&a)?;
            (ShapeKind::Structure(members), a.traits, a.mixins)
        }
        AstShape::Union(a) => {
            let members = aggregate_members(&a)?;
            (ShapeKind::Union(members), a.traits, a.mixins)
        }
        AstShape::List(l) => (ShapeKind::List(member("member".into(), l.member)?), l.traits, l.mixins),
        AstShape::Set(l) => {
            let mut traits = l.traits;
            traits.insert("smithy.api#uniqueItems".into(), json!({}));
            (ShapeKind::List(member("member".into(), l.member)?), traits, l.mixins)
        }
        AstShape::Map(m) => {
            let key = member("key".into(), m.key)?;
            let value = member("value".into(), m.value)?;
            (ShapeKind::Map { key, value }, m.traits, m.mixins)
        }
        AstShape::Service(s) => {
            let rename = s
                .rename
                .into_iter()
                .map(|(from, to)| Ok((target(&from, "rename")?, to)))
                .collect::<std::result::Result<_, String>>()?;
            let service = Service {
                version: s.version,
                operations: refs(s.operations, "operation")?,
                resources: refs(s.resources, "resource")?,
                errors: refs(s.errors, "error")?,
                rename,
            };
            (ShapeKind::Service(service), s.traits, s.mixins)
        }
        AstShape::Resource(r) => {
            let mut operations = Vec::new();
            for single in [r.create, r.put, r.read, r.update, r.delete, r.list].into_iter().flatten() {
                operations.push(target(&single.target, "operation")?);
            }
            operations.extend(refs(r.operations, "operation")?);
            operations.extend(refs(r.collection_operations, "operation")?);
            let resource = Resource { operations, resources: refs(r.resources, "resource")? };
            (ShapeKind::Resource(resource), r.traits, r.mixins)
        }
        AstShape::Operation(o) => {
            let io = |r: Option<AstRef>, what| match r {
                Some(r) => target(&r.target, what),
                None => Ok(prelude::unit()),
            };
            let operation = Operation {
                input: io(o.input, "input")?,
                output: io(o.output, "output")?,
                errors: refs(o.errors, "error")?,
            };
            (ShapeKind::Operation(operation), o.traits, o.mixins)
        }
        AstShape::Apply(_) => return Err("`apply` is handled separately".into()),
    };
    let shape = Shape { id: id.clone(), kind, traits: traits(ast_traits)? };
    Ok(Raw { shape, mixins: refs(mixins, "mixin")? })
}

fn aggregate_members(a: &crate::ast::AstAggregate) -> std::result::Result<Vec<Member>, String> {
    a.members()?.into_iter().map(|(name, m)| member(name, m)).collect()
}

/// Copies mixin members and traits into the shape (depth first, cycles rejected).
fn flatten(
    id: &ShapeId,
    raw: &BTreeMap<ShapeId, Raw>,
    done: &mut BTreeMap<ShapeId, Shape>,
    visiting: &mut Vec<ShapeId>,
) -> Result<()> {
    if done.contains_key(id) {
        return Ok(());
    }
    if visiting.contains(id) {
        return Err(Error::shape(id, "mixin cycle"));
    }
    let Some(entry) = raw.get(id) else {
        return Err(Error::shape(id, "unknown shape"));
    };
    visiting.push(id.clone());
    let mut inherited_members: Vec<Member> = Vec::new();
    let mut inherited_traits = Traits::new();
    for mixin_id in &entry.mixins {
        if !raw.contains_key(mixin_id) {
            return Err(Error::shape(id, format!("mixin `{mixin_id}` is not defined")));
        }
        flatten(mixin_id, raw, done, visiting)?;
        let mixin = &done[mixin_id];
        let Some(mixin_trait) = mixin.trait_value("smithy.api#mixin") else {
            return Err(Error::shape(id, format!("`{mixin_id}` is used as a mixin but lacks @mixin")));
        };
        let local: BTreeSet<&str> = mixin_trait
            .get("localTraits")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (trait_id, value) in &mixin.traits {
            if trait_id != "smithy.api#mixin" && !local.contains(trait_id.as_str()) {
                inherited_traits.insert(trait_id.clone(), value.clone());
            }
        }
        for m in mixin.members() {
            merge_member(&mut inherited_members, m.clone());
        }
    }
    visiting.pop();

    let mut shape = entry.shape.clone();
    if !entry.mixins.is_empty() {
        inherited_traits.extend(std::mem::take(&mut shape.traits));
        shape.traits = inherited_traits;
        match &mut shape.kind {
            ShapeKind::Enum(own)
            | ShapeKind::IntEnum(own)
            | ShapeKind::Structure(own)
            | ShapeKind::Union(own) => {
                let mut members = inherited_members;
                for m in std::mem::take(own) {
                    merge_member(&mut members, m);
                }
                *own = members;
            }
            // Lists and maps redeclare their members; only traits are inherited.
            _ => {}
        }
    }
    done.insert(id.clone(), shape);
    Ok(())
}

/// Adds a member, or merges it over an inherited member of the same name (its traits win).
fn merge_member(members: &mut Vec<Member>, member: Member) {
    match members.iter_mut().find(|m| m.name == member.name) {
        Some(existing) => {
            existing.target = member.target;
            existing.traits.extend(member.traits);
        }
        None => members.push(member),
    }
}

fn apply(shapes: &mut BTreeMap<ShapeId, Shape>, id: &ShapeId, ast_traits: AstTraits) -> Result<()> {
    let new_traits = traits(ast_traits).map_err(|m| Error::shape(id, m))?;
    let Some(shape) = shapes.get_mut(id) else {
        return Err(Error::shape(id, "`apply` targets a shape that is not defined"));
    };
    shape.traits.extend(new_traits);
    Ok(())
}

/// Smithy 1.0 `@enum` on a string shape becomes an enum shape with the same values.
fn normalise_enum_trait(shape: &mut Shape) -> Result<()> {
    if !matches!(shape.kind, ShapeKind::Simple(crate::model::SimpleType::String)) {
        return Ok(());
    }
    let Some(definitions) = shape.traits.remove("smithy.api#enum") else {
        return Ok(());
    };
    let Value::Array(definitions) = definitions else {
        return Err(Error::shape(&shape.id, "@enum must be a list of enum definitions"));
    };
    let mut members = Vec::new();
    for definition in definitions {
        let Some(value) = definition.get("value").and_then(Value::as_str) else {
            return Err(Error::shape(&shape.id, "@enum definition without a string `value`"));
        };
        let mut name = match definition.get("name").and_then(Value::as_str) {
            Some(name) => name.to_owned(),
            None => name_from_value(value),
        };
        // Values differing only in punctuation (`a b`, `a-b`) would share a synthetic name.
        let base = name.clone();
        let mut n = 1;
        while members.iter().any(|m: &Member| m.name.eq_ignore_ascii_case(&name)) {
            n += 1;
            name = format!("{base}_{n}");
        }
        let mut traits = Traits::new();
        traits.insert("smithy.api#enumValue".into(), json!(value));
        if let Some(doc) = definition.get("documentation") {
            traits.insert("smithy.api#documentation".into(), doc.clone());
        }
        if definition.get("deprecated").and_then(Value::as_bool) == Some(true) {
            traits.insert("smithy.api#deprecated".into(), json!({}));
        }
        // As Smithy converts them: tags kept, and the `internal` tag is the `@internal` trait.
        if let Some(tags) = definition.get("tags").filter(|t| t.as_array().is_some_and(|a| !a.is_empty())) {
            if tags.as_array().is_some_and(|a| a.iter().any(|t| t == "internal")) {
                traits.insert("smithy.api#internal".into(), json!({}));
            }
            traits.insert("smithy.api#tags".into(), tags.clone());
        }
        members.push(Member { name, target: ShapeId::new(prelude::NAMESPACE, "Unit"), traits });
    }
    shape.kind = ShapeKind::Enum(members);
    Ok(())
}

/// A member name for an unnamed 1.0 enum value: identifier characters kept, others `_`.
fn name_from_value(value: &str) -> String {
    let mut name: String = value.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, '_');
    }
    name
}

/// Every member, operation, service and resource reference must name a defined shape of the
/// right kind.
fn check_references(model: &Model) -> Result<()> {
    let exists = |from: &ShapeId, what: &str, to: &ShapeId| -> Result<()> {
        if model.get(to).is_none() {
            return Err(Error::shape(from, format!("{what} targets `{to}`, which is not defined")));
        }
        Ok(())
    };
    let kind_is = |from: &ShapeId, what: &str, to: &ShapeId, ok: fn(&ShapeKind) -> bool| -> Result<()> {
        exists(from, what, to)?;
        if !ok(&model.expect(to).kind) {
            let found = model.expect(to).type_name();
            return Err(Error::shape(from, format!("{what} `{to}` is a {found}, which is not allowed here")));
        }
        Ok(())
    };
    let data = |k: &ShapeKind| {
        !matches!(k, ShapeKind::Service(_) | ShapeKind::Resource(_) | ShapeKind::Operation(_))
    };
    let structure = |k: &ShapeKind| matches!(k, ShapeKind::Structure(_));
    let operation = |k: &ShapeKind| matches!(k, ShapeKind::Operation(_));
    let resource = |k: &ShapeKind| matches!(k, ShapeKind::Resource(_));
    for shape in model.shapes.values() {
        let id = &shape.id;
        match &shape.kind {
            ShapeKind::Enum(members) => {
                let mut values = BTreeSet::new();
                for m in members {
                    let value = match m.trait_value("smithy.api#enumValue") {
                        None => m.name.clone(),
                        Some(Value::String(v)) => v.clone(),
                        Some(_) => {
                            return Err(Error::shape(
                                id,
                                format!("member `{}`: @enumValue must be a string", m.name),
                            ))
                        }
                    };
                    if !values.insert(value.clone()) {
                        return Err(Error::shape(id, format!("enum value `{value}` appears twice")));
                    }
                }
            }
            ShapeKind::IntEnum(members) => {
                let mut values = BTreeSet::new();
                for m in members {
                    let value = m.trait_value("smithy.api#enumValue").and_then(Value::as_i64);
                    let Some(value) = value.and_then(|v| i32::try_from(v).ok()) else {
                        return Err(Error::shape(
                            id,
                            format!("member `{}`: intEnum members need an integer @enumValue", m.name),
                        ));
                    };
                    if !values.insert(value) {
                        return Err(Error::shape(id, format!("intEnum value {value} appears twice")));
                    }
                }
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map { .. } => {
                for m in shape.members() {
                    kind_is(id, &format!("member `{}`", m.name), &m.target, data)?;
                }
            }
            ShapeKind::Operation(op) => {
                kind_is(id, "input", &op.input, structure)?;
                kind_is(id, "output", &op.output, structure)?;
                for e in &op.errors {
                    kind_is(id, "error", e, structure)?;
                }
            }
            ShapeKind::Service(s) => {
                for o in &s.operations {
                    kind_is(id, "operation", o, operation)?;
                }
                for r in &s.resources {
                    kind_is(id, "resource", r, resource)?;
                }
                for e in &s.errors {
                    kind_is(id, "error", e, structure)?;
                }
            }
            ShapeKind::Resource(r) => {
                for o in &r.operations {
                    kind_is(id, "operation", o, operation)?;
                }
                for child in &r.resources {
                    kind_is(id, "resource", child, resource)?;
                }
            }
            ShapeKind::Simple(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::parse;

    fn resolve_text(text: &str) -> Result<Model> {
        resolve(parse(text.as_bytes())?)
    }

    #[test]
    fn missing_target_names_shape_and_target() {
        let err = resolve_text(
            r#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{
                "x":{"target":"a.b#Nope"}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.shape.as_deref(), Some("a.b#S"));
        assert!(err.message.contains("member `x` targets `a.b#Nope`"), "{err}");
    }

    #[test]
    fn mixins_copy_members_and_traits() {
        let model = resolve_text(
            r#"{"smithy":"2.0","shapes":{
              "a.b#M":{"type":"structure","members":{"m":{"target":"smithy.api#String"}},
                       "traits":{"smithy.api#mixin":{},"smithy.api#sensitive":{}}},
              "a.b#S":{"type":"structure","mixins":[{"target":"a.b#M"}],
                       "members":{"own":{"target":"smithy.api#Integer"}}}}}"#,
        )
        .unwrap();
        let s = model.expect(&ShapeId::new("a.b", "S"));
        let names: Vec<_> = s.members().iter().map(|m| m.name.clone()).collect();
        assert_eq!(names, ["m", "own"]);
        assert!(s.has_trait("smithy.api#sensitive"));
        assert!(!s.has_trait("smithy.api#mixin"));
    }

    #[test]
    fn enum_trait_becomes_enum_shape() {
        let model = resolve_text(
            r#"{"smithy":"2.0","shapes":{"a.b#E":{"type":"string","traits":{"smithy.api#enum":[
                {"value":"t2.micro"},{"value":"x","name":"X"}]}}}}"#,
        )
        .unwrap();
        let ShapeKind::Enum(members) = &model.expect(&ShapeId::new("a.b", "E")).kind else {
            panic!("not converted")
        };
        assert_eq!(members[0].trait_value("smithy.api#enumValue"), Some(&json!("t2.micro")));
        assert_eq!(members[1].name, "X");
    }

    #[test]
    fn operation_input_must_be_a_structure() {
        let err = resolve_text(
            r#"{"smithy":"2.0","shapes":{"a.b#Op":{"type":"operation","input":{"target":"smithy.api#String"}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.shape.as_deref(), Some("a.b#Op"));
        assert!(err.message.contains("input"), "{err}");
    }

    #[test]
    fn mixin_cycles_are_errors() {
        let err = resolve_text(
            r#"{"smithy":"2.0","shapes":{
              "a.b#A":{"type":"structure","mixins":[{"target":"a.b#B"}],"traits":{"smithy.api#mixin":{}}},
              "a.b#B":{"type":"structure","mixins":[{"target":"a.b#A"}],"traits":{"smithy.api#mixin":{}}}}}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("mixin cycle"), "{err}");
    }
}
