//! Stage 3, Rust names: the one place that decides every Rust identifier of a service.
//!
//! Types are UpperCamelCase, fields snake_case, variants UpperCamelCase. Keywords become raw
//! identifiers (`r#type`) or, where Rust forbids that (`self`, `Self`, `crate`, `super`), take a
//! suffix. Collisions are resolved in model order, so the result never depends on hash order.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::closure::Selection;
use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};

/// Rust keywords (all editions, reserved ones included).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "union",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The Rust names of one service's generated shapes and members.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<ShapeId, String>,
    members: BTreeMap<(ShapeId, String), String>,
    operations: BTreeMap<ShapeId, String>,
    /// snake_case stem for per-shape functions (`ser_<stem>`, `de_<stem>`), every closure shape.
    stems: BTreeMap<ShapeId, String>,
}

impl Names {
    pub fn new(model: &Model, selection: &Selection) -> Result<Names> {
        let service = match &model.expect(&selection.service).kind {
            ShapeKind::Service(s) => s,
            _ => return Err(Error::shape(&selection.service, "is not a service")),
        };
        let smithy_name = |id: &ShapeId| -> String {
            service.rename.get(id).cloned().unwrap_or_else(|| id.name().to_owned())
        };
        let mut names = Names::default();
        let mut taken: BTreeMap<String, ShapeId> = BTreeMap::new();
        let mut stems_taken: BTreeMap<String, ShapeId> = BTreeMap::new();
        for id in &selection.shapes {
            let stem = smithy_name(id).to_snake_case();
            if let Some(other) = stems_taken.insert(stem.clone(), id.clone()) {
                return Err(Error::shape(
                    id,
                    format!("its name differs only in case from `{other}`; add a `rename` to the service"),
                ));
            }
            names.stems.insert(id.clone(), stem);
        }
        for id in &selection.shapes {
            let shape = model.expect(id);
            let named = matches!(
                shape.kind,
                ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_)
            );
            if !named {
                continue;
            }
            let rust = type_name(&smithy_name(id));
            if let Some(other) = taken.insert(rust.clone(), id.clone()) {
                return Err(Error::shape(
                    id,
                    format!(
                        "its Rust name `{rust}` is also the name of `{other}`; add a `rename` to the service"
                    ),
                ));
            }
            names.types.insert(id.clone(), rust);
            match &shape.kind {
                ShapeKind::Structure(members) => {
                    // Builders have `build`, and `set_x`/`get_x` for each field `x`: a member
                    // spelled like one of those takes a suffix instead.
                    let bases: Vec<String> = members.iter().map(|m| field_name(&m.name)).collect();
                    let accessor = |n: &String| {
                        let bare = n.trim_start_matches("r#");
                        bare == "build"
                            || bases.iter().any(|b| {
                                let b = b.trim_start_matches("r#");
                                bare == format!("set_{b}") || bare == format!("get_{b}")
                            })
                    };
                    let fields = unique(bases.iter().cloned(), accessor);
                    for (m, f) in members.iter().zip(fields) {
                        names.members.insert((id.clone(), m.name.clone()), f);
                    }
                }
                ShapeKind::Union(members) | ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                    let variants = unique(members.iter().map(|m| variant_name(&m.name)), |n| n == "Unknown");
                    for (m, v) in members.iter().zip(variants) {
                        names.members.insert((id.clone(), m.name.clone()), v);
                    }
                }
                _ => {}
            }
        }
        for op in &selection.operations {
            names.operations.insert(op.clone(), type_name(&smithy_name(op)));
        }
        Ok(names)
    }

    /// The Rust type name of a generated structure, union or enum.
    pub fn type_name(&self, id: &ShapeId) -> &str {
        self.types.get(id).map(String::as_str).unwrap_or_else(|| panic!("no Rust name for {id}"))
    }

    pub fn type_ident(&self, id: &ShapeId) -> Ident {
        ident(self.type_name(id))
    }

    /// Field name (structures) or variant name (unions, enums) of a member.
    pub fn member(&self, shape: &ShapeId, member: &str) -> &str {
        self.members
            .get(&(shape.clone(), member.to_owned()))
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no Rust name for {shape}${member}"))
    }

    pub fn member_ident(&self, shape: &ShapeId, member: &str) -> Ident {
        ident(self.member(shape, member))
    }

    /// The snake_case stem of a closure shape's helper functions.
    pub fn stem(&self, id: &ShapeId) -> &str {
        self.stems.get(id).map(String::as_str).unwrap_or_else(|| panic!("no function stem for {id}"))
    }

    /// The UpperCamelCase name of an operation.
    pub fn operation(&self, id: &ShapeId) -> &str {
        self.operations.get(id).map(String::as_str).unwrap_or_else(|| panic!("no Rust name for {id}"))
    }
}

/// A Rust identifier token; `r#` prefixes become raw identifiers.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Word splitting as the AWS SDKs do it where heck differs: a plural acronym keeps its `s`
/// (`ARNs` is one word, `arns`, not `ar_ns`), and `IPv4`, `SigV4`, `MiB`, `GiB`, `KiB` are
/// single words. The result is re-cased so heck splits it that way.
fn sdk_words(smithy: &str) -> String {
    const WHOLE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib"];
    let chars: Vec<char> = smithy.chars().collect();
    let mut out = String::with_capacity(smithy.len());
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !chars[i - 1].is_ascii_uppercase() || chars[i].is_ascii_uppercase();
        let rest: String = chars[i..].iter().collect::<String>().to_ascii_lowercase();
        if let Some(word) =
            WHOLE_WORDS.iter().find(|w| at_boundary && chars[i].is_ascii_uppercase() && rest.starts_with(*w))
        {
            let next = chars.get(i + word.len());
            if next.is_none_or(|c| !c.is_ascii_lowercase()) {
                let mut titled = word.to_string();
                titled[..1].make_ascii_uppercase();
                out.push_str(&titled);
                i += word.len();
                continue;
            }
        }
        // An uppercase run of two or more followed by a plural `s` that ends the word.
        let run = chars[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let after = chars.get(i + run + 1);
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && after.is_none_or(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_');
        if plural {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            out.push('s');
            i += run + 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

pub fn type_name(smithy: &str) -> String {
    let mut name = sdk_words(smithy).to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Shape");
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

pub fn field_name(smithy: &str) -> String {
    let mut name = sdk_words(smithy).to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "field_");
    }
    escape_keyword(name)
}

pub fn variant_name(smithy: &str) -> String {
    let mut name = sdk_words(smithy).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Makes names unique in order: a later duplicate (or a reserved name) gets `Value`/`_value`
/// and then a number, so `fooBar` and `FooBar` become `foo_bar` and `foo_bar_value`.
fn unique(names: impl Iterator<Item = String>, reserved: impl Fn(&String) -> bool) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for name in names {
        let bare = name.trim_start_matches("r#").to_owned();
        let camel = bare.starts_with(|c: char| c.is_ascii_uppercase());
        let suffix = if camel { "Value" } else { "_value" };
        let mut candidate = name.clone();
        let mut n = 1;
        while reserved(&candidate) || seen.contains(candidate.trim_start_matches("r#")) {
            n += 1;
            candidate = if n == 2 { format!("{bare}{suffix}") } else { format!("{bare}{suffix}{n}") };
        }
        seen.insert(candidate.trim_start_matches("r#").to_owned());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_impossible_raw_identifiers() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(variant_name("Self"), "SelfValue");
        // Every escaped name must be a valid identifier token.
        for word in KEYWORDS {
            let _ = ident(&field_name(word));
            let _ = ident(&variant_name(word));
        }
    }

    #[test]
    fn case_conversion_follows_the_models() {
        assert_eq!(field_name("taskIdList"), "task_id_list");
        assert_eq!(field_name("UserStackAssociations"), "user_stack_associations");
        assert_eq!(variant_name("IN_PROGRESS"), "InProgress");
        assert_eq!(type_name("UUID"), "Uuid");
    }

    #[test]
    fn acronyms_split_as_the_aws_sdks_do() {
        for (smithy, field) in [
            ("ARNs", "arns"),
            ("IDs", "ids"),
            ("ListARNsForX", "list_arns_for_x"),
            ("resourceARNs", "resource_arns"),
            ("IPv4Address", "ipv4_address"),
            ("ipv6Cidr", "ipv6_cidr"),
            ("MaxSizeInMiB", "max_size_in_mib"),
            ("UUIDList", "uuid_list"),
            ("S3Key", "s3_key"),
            ("DBInstanceIdentifier", "db_instance_identifier"),
            ("taskIdList", "task_id_list"),
            ("Status", "status"),
            ("CIDRs", "cidrs"),
            ("TPS", "tps"),
        ] {
            assert_eq!(field_name(smithy), field, "{smithy}");
        }
        assert_eq!(type_name("ARNs"), "Arns");
        assert_eq!(type_name("IPv4Address"), "Ipv4Address");
    }

    #[test]
    fn collisions_resolve_in_order() {
        let names = unique(["fooBar", "FooBar", "foo_bar"].iter().map(|n| field_name(n)), |_| false);
        assert_eq!(names, ["foo_bar", "foo_bar_value", "foo_bar_value3"]);
        let variants = unique(["Unknown", "A"].iter().map(|n| variant_name(n)), |n| n == "Unknown");
        assert_eq!(variants, ["UnknownValue", "A"]);
    }
}
