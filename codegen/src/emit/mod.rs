//! Stage 4, emit: token streams per concern. Each submodule writes one kind of item; this
//! module holds what they share (the service context) and assembles a service's files.

mod builders;
pub mod crate_files;
mod enums;
mod rust_types;
mod structures;
mod unions;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::closure::Selection;
use crate::model::{Model, ShapeId, ShapeKind};
use crate::names::{ident, Names};

pub use rust_types::Optionality;

/// Everything the emitters need to know about the service being generated.
pub struct ServiceCtx<'a> {
    pub model: &'a Model,
    pub selection: &'a Selection,
    pub names: &'a Names,
    /// Rust module of the service inside the generated crate.
    pub module: String,
    pub boxed: BTreeSet<(ShapeId, String)>,
}

/// One generated Rust source file, relative to the crate's `src/`, before formatting.
pub struct RustFile {
    pub path: String,
    pub tokens: TokenStream,
}

impl ServiceCtx<'_> {
    fn module_path(&self) -> TokenStream {
        let module = ident(&self.module);
        quote!(crate::#module)
    }

    /// Path of a generated type, valid from anywhere in the crate.
    pub fn type_path(&self, id: &ShapeId) -> TokenStream {
        let module = self.module_path();
        let name = self.names.type_ident(id);
        quote!(#module::types::#name)
    }

    pub fn builder_path(&self, id: &ShapeId) -> TokenStream {
        let module = self.module_path();
        let name = quote::format_ident!("{}Builder", self.names.type_name(id));
        quote!(#module::builders::#name)
    }
}

/// The files of one service module: `mod.rs`, `types.rs`, `builders.rs`.
pub fn service_files(ctx: &ServiceCtx) -> Vec<RustFile> {
    let mut types = TokenStream::new();
    let mut builders = TokenStream::new();
    for id in &ctx.selection.shapes {
        let shape = ctx.model.expect(id);
        match &shape.kind {
            ShapeKind::Structure(_) => {
                types.extend(structures::structure(ctx, shape));
                builders.extend(builders::builder(ctx, shape));
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
    let mod_rs = quote! {
        #![doc = #title_doc]
        #![doc = ""]
        #service_doc
        #![doc = ""]
        #![doc = " Operations generated:"]
        #(#![doc = #operations])*

        pub mod builders;
        pub mod types;
    };
    vec![
        RustFile { path: format!("{}/mod.rs", ctx.module), tokens: mod_rs },
        RustFile { path: format!("{}/types.rs", ctx.module), tokens: types },
        RustFile { path: format!("{}/builders.rs", ctx.module), tokens: builders },
    ]
}

pub fn shape_doc(shape: &crate::model::Shape) -> Option<&str> {
    shape.trait_value("smithy.api#documentation").and_then(|v| v.as_str())
}

pub fn member_doc(member: &crate::model::Member) -> Option<&str> {
    member.trait_value("smithy.api#documentation").and_then(|v| v.as_str())
}
