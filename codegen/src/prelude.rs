//! The Smithy prelude (`smithy.api`): shapes every model may target without defining them.

use serde_json::{json, Value};

use crate::model::{Shape, ShapeId, ShapeKind, SimpleType, Traits};

pub const NAMESPACE: &str = "smithy.api";

/// `smithy.api#Unit`: "no value", used as empty input/output and for unit union members.
pub fn unit() -> ShapeId {
    ShapeId::new(NAMESPACE, "Unit")
}

pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("String", SimpleType::String, None),
        ("Blob", SimpleType::Blob, None),
        ("BigInteger", SimpleType::BigInteger, None),
        ("BigDecimal", SimpleType::BigDecimal, None),
        ("Timestamp", SimpleType::Timestamp, None),
        ("Document", SimpleType::Document, None),
        ("Boolean", SimpleType::Boolean, None),
        ("Byte", SimpleType::Byte, None),
        ("Short", SimpleType::Short, None),
        ("Integer", SimpleType::Integer, None),
        ("Long", SimpleType::Long, None),
        ("Float", SimpleType::Float, None),
        ("Double", SimpleType::Double, None),
        ("PrimitiveBoolean", SimpleType::Boolean, Some(json!(false))),
        ("PrimitiveByte", SimpleType::Byte, Some(json!(0))),
        ("PrimitiveShort", SimpleType::Short, Some(json!(0))),
        ("PrimitiveInteger", SimpleType::Integer, Some(json!(0))),
        ("PrimitiveLong", SimpleType::Long, Some(json!(0))),
        ("PrimitiveFloat", SimpleType::Float, Some(json!(0))),
        ("PrimitiveDouble", SimpleType::Double, Some(json!(0))),
    ];
    let mut shapes: Vec<Shape> = simple
        .into_iter()
        .map(|(name, simple, default): (&str, SimpleType, Option<Value>)| {
            let mut traits = Traits::new();
            if let Some(default) = default {
                traits.insert("smithy.api#default".into(), default);
            }
            Shape { id: ShapeId::new(NAMESPACE, name), kind: ShapeKind::Simple(simple), traits }
        })
        .collect();
    let mut unit_traits = Traits::new();
    unit_traits.insert("smithy.api#unitType".into(), json!({}));
    shapes.push(Shape { id: unit(), kind: ShapeKind::Structure(Vec::new()), traits: unit_traits });
    shapes
}
