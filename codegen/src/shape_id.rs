//! Smithy shape ids: `namespace#Name` and member ids `namespace#Name$member`.

use std::fmt;

use crate::error::{Error, Result};

/// An absolute shape id naming a top-level shape (never a member).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
}

impl ShapeId {
    pub fn new(namespace: &str, name: &str) -> Self {
        ShapeId { namespace: namespace.to_owned(), name: name.to_owned() }
    }

    /// Parses `ns#Name`; a `$member` suffix is rejected (use [`parse_member_id`]).
    pub fn parse(text: &str) -> Result<Self> {
        let (shape, member) = parse_member_id(text)?;
        match member {
            None => Ok(shape),
            Some(_) => Err(Error::new(format!("`{text}` is a member id where a shape id is expected"))),
        }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_prelude(&self) -> bool {
        self.namespace == "smithy.api"
    }
}

/// Splits `ns#Name$member` into its shape id and optional member name.
pub fn parse_member_id(text: &str) -> Result<(ShapeId, Option<String>)> {
    let bad = |why: &str| Error::new(format!("invalid shape id `{text}`: {why}"));
    let (namespace, rest) = text.split_once('#').ok_or_else(|| bad("missing `#`"))?;
    let (name, member) = match rest.split_once('$') {
        Some((name, member)) => (name, Some(member)),
        None => (rest, None),
    };
    if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
        return Err(bad("invalid namespace"));
    }
    if !is_identifier(name) {
        return Err(bad("invalid shape name"));
    }
    if let Some(member) = member {
        if !is_identifier(member) {
            return Err(bad("invalid member name"));
        }
    }
    Ok((ShapeId::new(namespace, name), member.map(str::to_owned)))
}

/// Smithy identifier: `[A-Za-z_][A-Za-z0-9_]*` (a lone `_` and leading `__` aside, which we accept).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shape_and_member_ids() {
        let id = ShapeId::parse("com.amazonaws.appfabric#Email").unwrap();
        assert_eq!((id.namespace(), id.name()), ("com.amazonaws.appfabric", "Email"));
        let (shape, member) = parse_member_id("a.b#C$d").unwrap();
        assert_eq!(shape.to_string(), "a.b#C");
        assert_eq!(member.as_deref(), Some("d"));
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in ["NoHash", "#Name", "ns#", "ns#1abc", "ns#A$", "n s#A", "a.b#C$d"] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
