//! The public Rust API of a generated service module, as a flat list of items (types, fields,
//! variants, operations, error enums, client methods), each with what code that uses it relies
//! on and the shape or member it comes from. Two lists compared say, per item, whether code
//! that compiled against the old crate still compiles against the new one.
//!
//! The items come from the same decisions the emitters make ([`crate::names`] for names,
//! `emit::rust_types` for field types), not from reading generated code. Every generated
//! struct and enum is `#[non_exhaustive]`, and enums keep an `Unknown` variant: adding a field
//! or a variant breaks no one; removing or renaming an item, or changing a type, does.
//!
//! The list is also written into each generated crate (`public-api.txt`), so that
//! `cargo xtask codegen` can say what regeneration changed without the old models.

use std::collections::BTreeMap;
use std::fmt::Write;

use quote::ToTokens;

use crate::emit::ServiceCtx;
use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};
use crate::prelude;

/// The file in each generated crate that lists its public API.
pub const FILE: &str = "public-api.txt";

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What code that uses the item relies on: a field's type, a variant's payload, a
    /// function's signature, or the kind of a type.
    pub signature: String,
    /// The shape or member id it comes from (the operation for error enums and methods).
    pub origin: String,
}

/// A generated crate's public items by Rust path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustChange {
    pub path: String,
    /// Whether code that compiled against the old crate may fail to compile against the new:
    /// the item was removed or its type changed. Otherwise it was added.
    pub breaking: bool,
    /// For an added item its signature; else what was removed or how it changed.
    pub message: String,
    /// The shape or member id the item comes from.
    pub origin: String,
}

impl Surface {
    /// The items of one service module, as the emitters will write them.
    pub fn of_service(ctx: &ServiceCtx) -> Surface {
        let mut surface = Surface::default();
        let module = &ctx.module;
        for id in &ctx.selection.shapes {
            let shape = ctx.model.expect(id);
            let kind = match &shape.kind {
                ShapeKind::Structure(_) => "struct",
                ShapeKind::Union(_) => "enum (union)",
                ShapeKind::Enum(_) => "enum",
                ShapeKind::IntEnum(_) => "enum (intEnum)",
                _ => continue,
            };
            let type_path = format!("{module}::types::{}", ctx.names.type_name(id));
            surface.add(&type_path, kind, id.to_string());
            for member in shape.members() {
                let path = format!("{type_path}::{}", ctx.names.member(id, &member.name));
                let signature = match &shape.kind {
                    ShapeKind::Structure(_) => pretty(
                        &crate::emit::member_type(ctx, shape, member).to_token_stream().to_string(),
                        module,
                    ),
                    ShapeKind::Union(_) if member.target == prelude::unit() => "variant".to_owned(),
                    ShapeKind::Union(_) => {
                        let ty =
                            crate::emit::member_inner_type(ctx, shape, member).to_token_stream().to_string();
                        format!("variant({})", pretty(&ty, module))
                    }
                    _ => "variant".to_owned(),
                };
                surface.add(&path, &signature, crate::diff::member_id(id, &member.name));
            }
        }
        if ctx.protocol.is_none() {
            return surface;
        }
        let type_of = |id: &ShapeId| {
            if *id == prelude::unit() {
                "()".to_owned()
            } else {
                ctx.names.type_name(id).to_owned()
            }
        };
        for op in &ctx.selection.operations {
            let ShapeKind::Operation(o) = &ctx.model.expect(op).kind else { continue };
            let error = crate::emit::error_enum_ident(ctx, op).to_string();
            let (input, output) = (type_of(&o.input), type_of(&o.output));
            let origin = op.to_string();
            surface.add(
                &format!("{module}::operations::{}", ctx.names.operation(op)),
                &format!("fn request(&{input}); fn parse_response(..) -> Result<{output}, {error}>"),
                origin.clone(),
            );
            let error_path = format!("{module}::errors::{error}");
            surface.add(&error_path, "enum", origin.clone());
            for e in crate::emit::operation_errors(ctx, op) {
                let variant = crate::emit::error_variant(ctx, &e).to_string();
                surface.add(
                    &format!("{error_path}::{variant}"),
                    &format!("variant({})", ctx.names.type_name(&e)),
                    origin.clone(),
                );
            }
            if ctx.event_stream_member(&o.input).is_none() && ctx.event_stream_member(&o.output).is_none() {
                let method = crate::names::field_name(op.name());
                let argument = if o.input == prelude::unit() { String::new() } else { input };
                surface.add(
                    &format!("{module}::client::Client::{method}"),
                    &format!("async fn({argument}) -> Result<{output}, SdkError<{error}>>"),
                    origin,
                );
            }
        }
        surface
    }

    /// The surface of `service` in `model` (the chosen operations, or all), in module `module`.
    pub fn of_model(
        model: &Model,
        service: &ShapeId,
        operations: Option<&[String]>,
        module: &str,
    ) -> Result<Surface> {
        let selection = crate::closure::select(model, service, operations)?;
        let boxed = crate::cycles::boxed_members(model, &selection);
        let names = crate::names::Names::new(model, &selection)?;
        let ctx = ServiceCtx {
            model,
            selection: &selection,
            names: &names,
            module: module.to_owned(),
            boxed,
            protocol: crate::protocol::Protocol::of(model.expect(service)),
        };
        Ok(Surface::of_service(&ctx))
    }

    fn add(&mut self, path: &str, signature: &str, origin: String) {
        self.items.insert(path.to_owned(), Item { signature: signature.to_owned(), origin });
    }

    pub fn extend(&mut self, other: Surface) {
        self.items.extend(other.items);
    }

    /// The `public-api.txt` text: a header, then `path<TAB>signature<TAB>origin` per item.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::from(header);
        out.push_str(
            "# The public Rust API of this crate, one item per line: path, what code using it relies on,\n",
        );
        out.push_str(
            "# and the Smithy shape or member it comes from. `cargo xtask codegen` compares it with the\n",
        );
        out.push_str("# API it is about to write, and names what a regeneration breaks.\n");
        for (path, item) in &self.items {
            let _ = writeln!(out, "{path}\t{}\t{}", item.signature, item.origin);
        }
        out
    }

    /// Reads what [`Surface::to_text`] wrote; `#` lines are comments.
    pub fn parse(text: &str) -> Result<Surface> {
        let mut surface = Surface::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(path), Some(signature), Some(origin), None) => {
                    surface.add(path, signature, origin.to_owned());
                }
                _ => {
                    return Err(Error::new(format!(
                        "{FILE} line {}: expected `path<TAB>signature<TAB>origin`",
                        n + 1
                    )))
                }
            }
        }
        Ok(surface)
    }
}

/// What changed from `old` to `new`. An item whose parent (a type, an error enum) was added or
/// removed is not listed again.
pub fn compare(old: &Surface, new: &Surface) -> Vec<RustChange> {
    let mut changes = Vec::new();
    let under = |path: &str, parents: &[&String]| {
        parents.iter().any(|p| {
            path.len() > p.len() && path.starts_with(p.as_str()) && path[p.len()..].starts_with("::")
        })
    };
    // Items only one side has: removed ones break, added ones do not.
    for (from, to, breaking) in [(old, new, true), (new, old, false)] {
        let only: Vec<&String> = from.items.keys().filter(|p| !to.items.contains_key(*p)).collect();
        for path in only.iter().filter(|p| !under(p, &only)) {
            let item = &from.items[*path];
            changes.push(RustChange {
                path: (*path).clone(),
                breaking,
                message: if breaking {
                    format!("removed (was {})", item.signature)
                } else {
                    item.signature.clone()
                },
                origin: item.origin.clone(),
            });
        }
    }
    for (path, before) in &old.items {
        let Some(after) = new.items.get(path) else { continue };
        if before.signature != after.signature {
            changes.push(RustChange {
                path: path.clone(),
                breaking: true,
                message: format!("was {}, now {}", before.signature, after.signature),
                origin: after.origin.clone(),
            });
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

/// The Rust API changes between the crates generated for `service` from `old` and from `new`.
pub fn compare_models(
    old: &Model,
    new: &Model,
    service: &ShapeId,
    options: &crate::diff::Options,
) -> Result<Vec<RustChange>> {
    let side = |model: &Model| -> Result<Surface> {
        if model.get(service).is_none() {
            return Ok(Surface::default());
        }
        let module = options.module.clone().unwrap_or_else(|| crate::standalone::module_name(model, service));
        // Operations of the list that this model has (the other may have more).
        let operations: Option<Vec<String>> = match &options.operations {
            None => None,
            Some(wanted) => {
                let all = crate::closure::service_operations(model, service)?;
                Some(
                    wanted.iter().filter(|w| all.iter().any(|op| op.name() == w.as_str())).cloned().collect(),
                )
            }
        };
        Surface::of_model(model, service, operations.as_deref(), &module)
    };
    Ok(compare(&side(old)?, &side(new)?))
}

/// What regenerating into `out` changes in the crate's public API: the listing on disk
/// against the one among `files`. Empty when either is missing or unreadable (a crate
/// generated before the listing existed, or one edited by hand: nothing to compare with).
pub fn regeneration_changes(out: &std::path::Path, files: &[crate::GeneratedFile]) -> Vec<RustChange> {
    let Some(new) = files.iter().find(|f| f.path == std::path::Path::new(FILE)) else { return Vec::new() };
    let Ok(old) = std::fs::read_to_string(out.join(FILE)) else { return Vec::new() };
    match (Surface::parse(&old), Surface::parse(&new.contents)) {
        (Ok(old), Ok(new)) => compare(&old, &new),
        _ => Vec::new(),
    }
}

/// A few lines for people: counts, then every change that breaks code; `None` when nothing
/// changed.
pub fn summary(changes: &[RustChange]) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let added = changes.iter().filter(|c| !c.breaking).count();
    let breaking: Vec<&RustChange> = changes.iter().filter(|c| c.breaking).collect();
    let mut text = if breaking.is_empty() {
        format!("generated API: {added} item(s) added, nothing removed or changed")
    } else {
        format!(
            "generated API: {added} item(s) added, {} removed or changed, which breaks code that compiled against the previous crate:",
            breaking.len()
        )
    };
    for change in breaking {
        let _ = write!(text, "\n  BREAKS {}: {} (from {})", change.path, change.message, change.origin);
    }
    Some(text)
}

/// A type as tokens, written as a person would: no spaces around `::` and `<>`, and without
/// the paths every generated file spells out (`::std::option::`, `crate::<module>::types::`).
fn pretty(tokens: &str, module: &str) -> String {
    let compact: String = tokens.split_whitespace().collect::<Vec<_>>().join("");
    let own_types = format!("crate::{module}::types::");
    let mut text = compact.replace(&own_types, "");
    for prefix in [
        "::std::option::",
        "::std::vec::",
        "::std::string::",
        "::std::boxed::",
        "::std::collections::",
        "::aws_smithy_types::",
        "crate::runtime::",
    ] {
        text = text.replace(prefix, "");
    }
    text.replace(',', ", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(items: &[(&str, &str)]) -> Surface {
        let mut s = Surface::default();
        for (path, signature) in items {
            s.add(path, signature, "ns#Origin".to_owned());
        }
        s
    }

    #[test]
    fn removals_and_type_changes_break_additions_do_not() {
        let old = surface(&[
            ("m::types::A", "struct"),
            ("m::types::A::x", "Option<String>"),
            ("m::types::A::y", "i32"),
            ("m::types::Gone", "struct"),
            ("m::types::Gone::f", "i32"),
        ]);
        let new = surface(&[
            ("m::types::A", "struct"),
            ("m::types::A::x", "String"),
            ("m::types::A::z", "bool"),
            ("m::types::New", "struct"),
            ("m::types::New::g", "i32"),
        ]);
        let changes = compare(&old, &new);
        let summary: Vec<(&str, bool)> = changes.iter().map(|c| (c.path.as_str(), c.breaking)).collect();
        assert_eq!(
            summary,
            vec![
                ("m::types::A::x", true),
                ("m::types::A::y", true),
                ("m::types::A::z", false),
                ("m::types::Gone", true),
                ("m::types::New", false),
            ]
        );
    }

    #[test]
    fn the_text_form_reads_back() {
        let s = surface(&[("m::types::A", "struct"), ("m::types::A::x", "Option<Vec<B>>")]);
        let text = s.to_text("# header\n");
        assert_eq!(Surface::parse(&text).unwrap(), s);
        assert!(Surface::parse("a\tb\n").is_err());
    }

    #[test]
    fn types_are_spelled_without_the_crate_paths() {
        let tokens = ":: std :: option :: Option < :: std :: collections :: HashMap < :: std :: string :: String , crate :: m :: types :: B > >";
        assert_eq!(pretty(tokens, "m"), "Option<HashMap<String, B>>");
    }
}
