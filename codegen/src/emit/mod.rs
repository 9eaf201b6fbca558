//! Stage 4, emit: token streams per concern. Each submodule writes one kind of item; this
//! module holds what they share (the service context) and assembles a service's files.

mod arbitrary;
mod builders;
mod client;
pub mod crate_files;
mod enums;
mod errors;
mod http_bindings;
mod json_de;
mod json_ser;
mod operations;
pub mod runtime;
mod rust_types;
mod server;
mod structures;
mod unions;
mod validate;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::closure::Selection;
use crate::error::Result;
use crate::model::{Model, ShapeId, ShapeKind};
use crate::names::{ident, Names};
use crate::protocol::Protocol;

pub(crate) use errors::{error_enum_ident, error_variant, operation_errors};
pub(crate) use http_bindings::{binding, Binding, BINDING_TRAITS};
pub use rust_types::Optionality;
pub(crate) use rust_types::{member_inner_type, member_type};
pub use validate::unenforced_patterns;

/// Everything the emitters need to know about the service being generated.
pub struct ServiceCtx<'a> {
    pub model: &'a Model,
    pub selection: &'a Selection,
    pub names: &'a Names,
    /// Rust module of the service inside the generated crate.
    pub module: String,
    pub boxed: BTreeSet<(ShapeId, String)>,
    /// The service's wire protocol; `None` generates types, builders and validators only.
    pub protocol: Option<Protocol>,
}

/// One generated Rust source file, relative to the crate's `src/`, before formatting.
pub struct RustFile {
    pub path: String,
    pub tokens: TokenStream,
}

impl ServiceCtx<'_> {
    pub fn module_path(&self) -> TokenStream {
        let module = ident(&self.module);
        quote!(crate::#module)
    }

    /// Path of a generated type, valid from anywhere in the crate.
    pub fn type_path(&self, id: &ShapeId) -> TokenStream {
        let module = self.module_path();
        let name = self.names.type_ident(id);
        quote!(#module::types::#name)
    }

    /// Aggregate shapes reachable from `roots` (roots included): whose helper functions a
    /// set of entry points calls.
    fn reachable(&self, roots: impl IntoIterator<Item = ShapeId>) -> BTreeSet<ShapeId> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = roots.into_iter().collect();
        while let Some(id) = stack.pop() {
            let shape = self.model.expect(&id);
            let aggregate = matches!(
                shape.kind,
                ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map { .. }
            );
            if !aggregate || id == crate::prelude::unit() || !seen.insert(id.clone()) {
                continue;
            }
            stack.extend(shape.members().into_iter().map(|m| m.target.clone()));
        }
        seen
    }

    /// The member of an operation input or output that is an event stream (a `@streaming`
    /// union), which this generator does not put on or read from the wire.
    pub fn event_stream_member(&self, io: &ShapeId) -> Option<&str> {
        if *io == crate::prelude::unit() {
            return None;
        }
        self.model.expect(io).members().into_iter().find_map(|m| {
            let target = self.model.expect(&m.target);
            let stream =
                matches!(target.kind, ShapeKind::Union(_)) && target.has_trait("smithy.api#streaming");
            stream.then_some(m.name.as_str())
        })
    }

    /// Targets of the members that travel in a JSON body (all of them, unless restJson1 binds
    /// some to HTTP parts); event streams are not JSON and are left out.
    fn body_targets(&self, id: &ShapeId) -> Vec<ShapeId> {
        if self.event_stream_member(id).is_some() {
            return Vec::new();
        }
        let rest = self.protocol == Some(Protocol::RestJson1);
        self.model
            .expect(id)
            .members()
            .into_iter()
            .filter(|m| {
                !rest
                    || matches!(
                        http_bindings::binding(m),
                        http_bindings::Binding::Body | http_bindings::Binding::Payload
                    )
            })
            .map(|m| m.target.clone())
            .collect()
    }

    fn operation_shapes(&self) -> Vec<(ShapeId, ShapeId, Vec<ShapeId>)> {
        self.selection
            .operations
            .iter()
            .filter_map(|op| match &self.model.expect(op).kind {
                ShapeKind::Operation(o) => {
                    Some((o.input.clone(), o.output.clone(), errors::operation_errors(self, op)))
                }
                _ => None,
            })
            .collect()
    }

    /// Shapes with a `ser_` function: request bodies and (for `output_to_json` and the error
    /// enums' `to_json`, under the `cli-json` feature) outputs and errors.
    pub fn ser_shapes(&self) -> BTreeSet<ShapeId> {
        let mut shapes = self.response_ser_shapes();
        shapes.extend(self.wire_ser_shapes());
        if self.has_server() {
            // The server half's `OperationInput::to_json` writes inputs whole.
            shapes.extend(self.input_shapes());
        }
        shapes
    }

    /// The `de_` functions the server half reads requests with: inputs whole (awsJson), or
    /// what restJson1 bodies and payloads hold.
    pub fn server_de_shapes(&self) -> BTreeSet<ShapeId> {
        if !self.has_server() {
            return BTreeSet::new();
        }
        let inputs = self.operation_shapes().into_iter().map(|(input, _, _)| input);
        if self.protocol == Some(Protocol::RestJson1) {
            let roots: Vec<ShapeId> = inputs.flat_map(|i| self.body_targets(&i)).collect();
            self.reachable(roots)
        } else {
            self.reachable(inputs.filter(|i| self.event_stream_member(i).is_none()))
        }
    }

    /// The `ser_` functions the server half writes responses with: outputs and errors whole
    /// (awsJson), or what restJson1 bodies and payloads hold.
    pub fn server_ser_shapes(&self) -> BTreeSet<ShapeId> {
        if !self.has_server() {
            return BTreeSet::new();
        }
        if self.protocol == Some(Protocol::RestJson1) {
            self.response_body_shapes()
        } else {
            self.response_ser_shapes()
        }
    }

    /// The `ser_` functions of outputs and errors (and what they hold).
    pub fn response_ser_shapes(&self) -> BTreeSet<ShapeId> {
        let mut roots = Vec::new();
        for (_, output, errors) in self.operation_shapes() {
            roots.extend(errors);
            roots.push(output);
        }
        self.reachable(roots)
    }

    /// The `ser_` functions that requests use; the rest exist only under `cli-json`.
    pub fn wire_ser_shapes(&self) -> BTreeSet<ShapeId> {
        let mut roots = Vec::new();
        for (input, _, _) in self.operation_shapes() {
            if self.protocol == Some(Protocol::RestJson1) {
                roots.extend(self.body_targets(&input));
            } else if self.event_stream_member(&input).is_none() {
                roots.push(input);
            }
        }
        self.reachable(roots)
    }

    /// True when the service gets a server half (`server.rs`): every JSON protocol.
    pub fn has_server(&self) -> bool {
        self.protocol.is_some()
    }

    /// Shapes with a `de_` function: the bodies of outputs and errors and (under the
    /// `cli-json` and `server` features) inputs, and outputs and errors whole (a server reads
    /// inputs; tools and tests read any of them as JSON by member name).
    pub fn de_shapes(&self) -> BTreeSet<ShapeId> {
        let mut roots = Vec::new();
        for (input, output, errors) in self.operation_shapes() {
            roots.push(input);
            if self.has_server() {
                roots.push(output);
                roots.extend(errors);
            }
        }
        let mut shapes = self.reachable(roots);
        shapes.extend(self.wire_de_shapes());
        shapes
    }

    /// The `de_` functions that responses use; the rest exist only under `cli-json`.
    pub fn wire_de_shapes(&self) -> BTreeSet<ShapeId> {
        self.response_body_shapes()
    }

    /// What outputs' and errors' bodies and payloads can hold: what a client reads and a
    /// server writes.
    fn response_body_shapes(&self) -> BTreeSet<ShapeId> {
        let mut roots = Vec::new();
        for (_, output, errors) in self.operation_shapes() {
            roots.extend(self.body_targets(&output));
            for e in errors {
                roots.extend(self.body_targets(&e));
            }
        }
        self.reachable(roots)
    }

    /// Aggregate shapes a request can contain: the ones validated, and the ones whose
    /// builders are always generated (the others' are behind `output-builders`).
    pub fn input_shapes(&self) -> BTreeSet<ShapeId> {
        self.reachable(self.operation_shapes().into_iter().map(|(input, _, _)| input))
    }

    pub fn builder_path(&self, id: &ShapeId) -> TokenStream {
        let module = self.module_path();
        let name = quote::format_ident!("{}Builder", self.names.type_name(id));
        quote!(#module::builders::#name)
    }
}

/// The files of one service module: `mod.rs`, `types.rs`, `builders.rs`, `validate.rs` and,
/// for a JSON protocol, `ser.rs`, `de.rs`, `errors.rs`, `operations.rs`.
pub fn service_files(ctx: &ServiceCtx) -> Result<Vec<RustFile>> {
    let mut types = TokenStream::new();
    let mut builders = TokenStream::new();
    let inputs = ctx.input_shapes();
    for id in &ctx.selection.shapes {
        let shape = ctx.model.expect(id);
        match &shape.kind {
            ShapeKind::Structure(_) => {
                let gate = feature_gate("output-builders", inputs.contains(id));
                types.extend(structures::structure(ctx, shape, &gate));
                builders.extend(builders::builder(ctx, shape, &gate));
            }
            ShapeKind::Union(_) => types.extend(unions::union(ctx, shape)),
            ShapeKind::Enum(_) => types.extend(enums::string_enum(ctx, shape)),
            ShapeKind::IntEnum(_) => types.extend(enums::int_enum(ctx, shape)),
            _ => {}
        }
    }
    let service = ctx.model.expect(&ctx.selection.service);
    let service_doc = crate::docs::inner_doc_attrs(shape_doc(service));
    let title = service
        .trait_value("smithy.api#title")
        .and_then(|v| v.as_str())
        .unwrap_or(service.id.name())
        .to_owned();
    let title_doc = format!(" {title} (`{}`).", service.id);
    let operations: Vec<String> =
        ctx.selection.operations.iter().map(|op| format!(" - `{}`", op.name())).collect();
    let protocol_doc = match ctx.protocol {
        Some(p) => format!(" Protocol: `{}`.", p.name()),
        None => " No supported protocol: types, builders and validators only.".to_owned(),
    };
    let server = match ctx.protocol {
        Some(p) if ctx.has_server() => Some(server::server_file(ctx, p)?),
        _ => None,
    };
    let server_mod = server.is_some().then(|| {
        quote! {
            #[cfg(feature = "server")]
            pub mod server;
        }
    });
    let wire_mods = if ctx.protocol.is_some() {
        quote! {
            #[cfg(feature = "client")]
            pub mod client;
            pub(crate) mod de;
            pub mod errors;
            pub mod operations;
            pub(crate) mod ser;
            #server_mod
        }
    } else {
        quote!()
    };
    let mod_rs = quote! {
        #![doc = #title_doc]
        #![doc = ""]
        #service_doc
        #![doc = ""]
        #![doc = #protocol_doc]
        #![doc = ""]
        #![doc = " Operations generated:"]
        #(#![doc = #operations])*

        #[cfg(feature = "arbitrary")]
        mod arbitrary;
        pub mod builders;
        #wire_mods
        pub mod types;
        pub mod validate;
    };
    let file = |name: &str, tokens| RustFile { path: format!("{}/{name}.rs", ctx.module), tokens };
    let mut files = vec![
        file("mod", mod_rs),
        file("types", types),
        file("builders", builders),
        file("validate", validate::validate_file(ctx)?),
        file("arbitrary", arbitrary::arbitrary_file(ctx)),
    ];
    if let Some(protocol) = ctx.protocol {
        files.push(file("ser", json_ser::ser_file(ctx)));
        files.push(file("de", json_de::de_file(ctx)));
        files.push(file("errors", errors::errors_file(ctx)));
        files.push(file("operations", operations::operations_file(ctx, protocol)?));
        files.push(file("client", client::client_file(ctx)));
    }
    if let Some(server) = server {
        files.push(file("server", server));
    }
    Ok(files)
}

/// `#[cfg(feature = "...")]` for code only that feature needs; nothing when the code is
/// always needed. The generated crates' features are declared in `crate_files::cargo_toml`.
pub fn feature_gate(feature: &str, always: bool) -> TokenStream {
    if always {
        quote!()
    } else {
        quote!(#[cfg(feature = #feature)])
    }
}

/// `#[inline]` in debug builds only, for the wire functions (serializers, deserializers,
/// validators, response readers): a debug build then compiles each one in the crate whose
/// operation calls reach it, and only those, instead of all of them in the generated crate.
/// The frontend still checks them here, once. Release builds compile them here, once, as
/// `#[inline]` there would copy them into every codegen unit that calls them.
pub fn debug_inline() -> TokenStream {
    quote!(#[cfg_attr(debug_assertions, inline)])
}

/// The gate of a serializer or deserializer, from who calls it: requests and responses on the
/// wire (`wire`: always there), the `cli-json` entry points (`tools`), the server half
/// (`server`), or only the server half's by-name entry points (`both` features on).
pub fn json_fn_gate(wire: bool, tools: bool, server: bool, both: bool) -> TokenStream {
    match (wire, tools, server, both) {
        (true, ..) => quote!(),
        (false, true, true, _) => quote!(#[cfg(any(feature = "cli-json", feature = "server"))]),
        (false, true, false, _) => quote!(#[cfg(feature = "cli-json")]),
        (false, false, true, _) => quote!(#[cfg(feature = "server")]),
        (false, false, false, _) => quote!(#[cfg(all(feature = "cli-json", feature = "server"))]),
    }
}

/// The `cli-json` gate: JSON-by-member-name entry points for tools and tests.
pub fn cfg_cli_json() -> TokenStream {
    feature_gate("cli-json", false)
}

/// Appends literal text to a `String` variable: `push` for one character (as clippy prefers),
/// `push_str` otherwise, nothing for empty text.
pub fn push_text(target: TokenStream, text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => quote!(),
        (Some(c), None) => quote!(#target.push(#c);),
        _ => quote!(#target.push_str(#text);),
    }
}

pub fn shape_doc(shape: &crate::model::Shape) -> Option<&str> {
    shape.trait_value("smithy.api#documentation").and_then(|v| v.as_str())
}

pub fn member_doc(member: &crate::model::Member) -> Option<&str> {
    member.trait_value("smithy.api#documentation").and_then(|v| v.as_str())
}
