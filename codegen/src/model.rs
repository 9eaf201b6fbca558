//! Stage 2's product, the resolved model: every shape by absolute id, mixins flattened,
//! `apply` merged, Smithy 1.0 forms (`set`, `@enum` strings) normalised, all targets checked.

use std::collections::BTreeMap;

use serde_json::Value;

pub use crate::ast::SimpleType;
pub use crate::shape_id::ShapeId;

/// Absolute trait id (`smithy.api#required`) to its value.
pub type Traits = BTreeMap<String, Value>;

#[derive(Debug, Clone)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
}

#[derive(Debug, Clone)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

#[derive(Debug, Clone)]
pub enum ShapeKind {
    Simple(SimpleType),
    Enum(Vec<Member>),
    IntEnum(Vec<Member>),
    List(Member),
    Map { key: Member, value: Member },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Service(Service),
    Resource(Resource),
    Operation(Operation),
}

#[derive(Debug, Clone, Default)]
pub struct Service {
    pub version: Option<String>,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
    /// Shape id to the name it takes inside this service.
    pub rename: BTreeMap<ShapeId, String>,
}

#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// Lifecycle, instance and collection operations, in the spec's order.
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// `smithy.api#Unit` when the model gives none.
    pub input: ShapeId,
    pub output: ShapeId,
    pub errors: Vec<ShapeId>,
}

impl Model {
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The shape with this id; resolution guarantees every target exists.
    pub fn expect(&self, id: &ShapeId) -> &Shape {
        match self.shapes.get(id) {
            Some(shape) => shape,
            None => panic!("resolved model lost shape {id}: resolver bug"),
        }
    }
}

impl Shape {
    pub fn has_trait(&self, id: &str) -> bool {
        self.trait_value(id).is_some()
    }

    pub fn trait_value(&self, id: &str) -> Option<&Value> {
        trait_lookup(&self.traits, id)
    }

    /// Members of aggregate shapes (list/map members included), in model order.
    pub fn members(&self) -> Vec<&Member> {
        match &self.kind {
            ShapeKind::Enum(m) | ShapeKind::IntEnum(m) | ShapeKind::Structure(m) | ShapeKind::Union(m) => {
                m.iter().collect()
            }
            ShapeKind::List(m) => vec![m],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            ShapeKind::Simple(_) => "simple",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
            ShapeKind::Operation(_) => "operation",
        }
    }
}

impl Member {
    pub fn has_trait(&self, id: &str) -> bool {
        self.trait_value(id).is_some()
    }

    pub fn trait_value(&self, id: &str) -> Option<&Value> {
        trait_lookup(&self.traits, id)
    }
}

fn trait_lookup<'a>(traits: &'a Traits, id: &str) -> Option<&'a Value> {
    traits.get(id)
}
