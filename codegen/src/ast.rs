//! Stage 1, load: a Smithy JSON AST file into typed Rust values.
//!
//! Only the structure of the document is checked here; whether targets exist, mixins apply and
//! so on is the resolver's job. Every error names the file and the shape id.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::shape_id::ShapeId;

/// Trait id (as written in the model) to trait value.
pub type AstTraits = BTreeMap<String, Value>;

#[derive(Debug, Clone)]
pub struct AstModel {
    pub version: String,
    pub shapes: Vec<(ShapeId, AstShape)>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstRef {
    pub target: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstMember {
    pub target: String,
    #[serde(default)]
    pub traits: AstTraits,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstSimple {
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

/// Structure, union, enum and intEnum: members in model order.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstAggregate {
    #[serde(default)]
    pub members: serde_json::Map<String, Value>,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstList {
    pub member: AstMember,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstMap {
    pub key: AstMember,
    pub value: AstMember,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstService {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<AstRef>,
    #[serde(default)]
    pub resources: Vec<AstRef>,
    #[serde(default)]
    pub errors: Vec<AstRef>,
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AstResource {
    #[serde(default)]
    pub identifiers: BTreeMap<String, AstRef>,
    #[serde(default)]
    pub properties: BTreeMap<String, AstRef>,
    pub create: Option<AstRef>,
    pub put: Option<AstRef>,
    pub read: Option<AstRef>,
    pub update: Option<AstRef>,
    pub delete: Option<AstRef>,
    pub list: Option<AstRef>,
    #[serde(default)]
    pub operations: Vec<AstRef>,
    #[serde(default)]
    pub collection_operations: Vec<AstRef>,
    #[serde(default)]
    pub resources: Vec<AstRef>,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstOperation {
    pub input: Option<AstRef>,
    pub output: Option<AstRef>,
    #[serde(default)]
    pub errors: Vec<AstRef>,
    #[serde(default)]
    pub traits: AstTraits,
    #[serde(default)]
    pub mixins: Vec<AstRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AstApply {
    #[serde(default)]
    pub traits: AstTraits,
}

/// A shape as the JSON AST spells it, by its `type`.
#[derive(Debug, Clone)]
pub enum AstShape {
    Simple(SimpleType, AstSimple),
    Enum(AstAggregate),
    IntEnum(AstAggregate),
    List(AstList),
    /// Smithy 1.0 `set`: a list with `@uniqueItems`.
    Set(AstList),
    Map(AstMap),
    Structure(AstAggregate),
    Union(AstAggregate),
    Service(AstService),
    Resource(AstResource),
    Operation(AstOperation),
    Apply(AstApply),
}

/// The shape types without members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

impl SimpleType {
    const ALL: [(SimpleType, &'static str); 13] = [
        (SimpleType::Blob, "blob"),
        (SimpleType::Boolean, "boolean"),
        (SimpleType::String, "string"),
        (SimpleType::Byte, "byte"),
        (SimpleType::Short, "short"),
        (SimpleType::Integer, "integer"),
        (SimpleType::Long, "long"),
        (SimpleType::Float, "float"),
        (SimpleType::Double, "double"),
        (SimpleType::BigInteger, "bigInteger"),
        (SimpleType::BigDecimal, "bigDecimal"),
        (SimpleType::Timestamp, "timestamp"),
        (SimpleType::Document, "document"),
    ];

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    /// The type's name in the model (`bigInteger`, `timestamp`, ...).
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(t, _)| *t == self).map(|(_, n)| *n).unwrap_or("?")
    }
}

/// Reads and parses one model file.
pub fn load_file(path: &Path) -> Result<AstModel> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::new(format!("cannot read model: {e}")).in_file(path))?;
    parse(&bytes).map_err(|e| e.in_file(path))
}

/// Parses the bytes of a JSON AST document.
pub fn parse(bytes: &[u8]) -> Result<AstModel> {
    let root: Value =
        serde_json::from_slice(bytes).map_err(|e| Error::new(format!("not valid JSON: {e}")))?;
    let Value::Object(mut root) = root else {
        return Err(Error::new("a Smithy JSON AST must be a JSON object"));
    };
    let version = match root.remove("smithy") {
        Some(Value::String(v)) => v,
        Some(_) => return Err(Error::new("`smithy` must be a version string")),
        None => return Err(Error::new("missing the `smithy` version property")),
    };
    if !(version == "2" || version.starts_with("2.") || version == "1" || version.starts_with("1.")) {
        return Err(Error::new(format!("unsupported Smithy IDL version `{version}`")));
    }
    let shapes = match root.remove("shapes") {
        Some(Value::Object(shapes)) => shapes,
        Some(_) => return Err(Error::new("`shapes` must be a JSON object")),
        None => serde_json::Map::new(),
    };
    let mut parsed = Vec::with_capacity(shapes.len());
    for (id, body) in shapes {
        let shape_id = ShapeId::parse(&id).map_err(|e| Error::shape(&id, e.message))?;
        let shape = parse_shape(body).map_err(|message| Error::shape(&id, message))?;
        parsed.push((shape_id, shape));
    }
    Ok(AstModel { version, shapes: parsed })
}

fn parse_shape(body: Value) -> std::result::Result<AstShape, String> {
    let kind = match body.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        Some(_) => return Err("`type` must be a string".into()),
        None => return Err("missing `type`".into()),
    };
    let mut body = body;
    if let Value::Object(map) = &mut body {
        map.remove("type");
    }
    fn typed<T: serde::de::DeserializeOwned>(body: Value) -> std::result::Result<T, String> {
        serde_json::from_value(body).map_err(|e| e.to_string())
    }
    if let Some(simple) = SimpleType::from_name(&kind) {
        return Ok(AstShape::Simple(simple, typed(body)?));
    }
    Ok(match kind.as_str() {
        "enum" => AstShape::Enum(typed(body)?),
        "intEnum" => AstShape::IntEnum(typed(body)?),
        "list" => AstShape::List(typed(body)?),
        "set" => AstShape::Set(typed(body)?),
        "map" => AstShape::Map(typed(body)?),
        "structure" => AstShape::Structure(typed(body)?),
        "union" => AstShape::Union(typed(body)?),
        "service" => AstShape::Service(typed(body)?),
        "resource" => AstShape::Resource(typed(body)?),
        "operation" => AstShape::Operation(typed(body)?),
        "apply" => AstShape::Apply(typed(body)?),
        other => return Err(format!("unknown shape type `{other}`")),
    })
}

impl AstAggregate {
    /// The members in model order, each parsed; errors name the member.
    pub fn members(&self) -> std::result::Result<Vec<(String, AstMember)>, String> {
        self.members
            .iter()
            .map(|(name, body)| {
                let member: AstMember =
                    serde_json::from_value(body.clone()).map_err(|e| format!("member `{name}`: {e}"))?;
                Ok((name.clone(), member))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unknown_type_with_shape_id() {
        let err = parse(br#"{"smithy":"2.0","shapes":{"a.b#C":{"type":"widget"}}}"#).unwrap_err();
        assert_eq!(err.shape.as_deref(), Some("a.b#C"));
        assert!(err.message.contains("unknown shape type `widget`"), "{err}");
    }

    #[test]
    fn reports_bad_json() {
        let err = parse(b"{\"smithy\": ").unwrap_err();
        assert!(err.message.contains("not valid JSON"), "{err}");
    }

    #[test]
    fn reports_missing_list_member() {
        let err = parse(br#"{"smithy":"2.0","shapes":{"a.b#L":{"type":"list"}}}"#).unwrap_err();
        assert_eq!(err.shape.as_deref(), Some("a.b#L"));
        assert!(err.message.contains("member"), "{err}");
    }

    #[test]
    fn keeps_member_order() {
        let model = parse(
            br#"{"smithy":"2.0","shapes":{"a.b#S":{"type":"structure","members":{
                "z":{"target":"smithy.api#String"},"a":{"target":"smithy.api#String"}}}}}"#,
        )
        .unwrap();
        let AstShape::Structure(s) = &model.shapes[0].1 else { panic!("not a structure") };
        let names: Vec<_> = s.members().unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["z", "a"]);
    }
}
