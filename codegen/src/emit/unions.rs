//! Unions: a Rust enum with one variant per member (unit members carry no data) and an
//! `Unknown` variant keeping the member name of a variant this model does not know.

use proc_macro2::TokenStream;
use quote::quote;

use super::structures::{is_sensitive, REDACTED};
use super::{member_doc, shape_doc, ServiceCtx};
use crate::docs::doc_attrs;
use crate::model::Shape;
use crate::prelude;

pub fn union(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let name = ctx.names.type_ident(&shape.id);
    let doc = doc_attrs(shape_doc(shape));
    let gap = if doc.is_empty() { quote!() } else { quote!(#[doc = ""]) };
    let smithy_id = format!(" Smithy shape `{}`.", shape.id);
    let members = shape.members();
    let whole = shape.has_trait("smithy.api#sensitive");

    let mut variants = Vec::new();
    let mut debug_arms = Vec::new();
    for m in &members {
        let variant = ctx.names.member_ident(&shape.id, &m.name);
        let label = ctx.names.member(&shape.id, &m.name).to_owned();
        let doc = doc_attrs(member_doc(m));
        let deprecated = super::structures::deprecated_attr(m.trait_value("smithy.api#deprecated"));
        if m.target == prelude::unit() {
            variants.push(quote!(#doc #deprecated #variant,));
            debug_arms.push(quote!(Self::#variant => f.write_str(#label),));
        } else {
            let ty = super::rust_types::member_inner_type(ctx, shape, m);
            variants.push(quote!(#doc #deprecated #variant(#ty),));
            if whole || is_sensitive(ctx, m) {
                debug_arms
                    .push(quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),));
            } else {
                debug_arms
                    .push(quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),));
            }
        }
    }
    quote! {
        #doc
        #gap
        #[doc = #smithy_id]
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A member this version of the model does not know; holds the member name received.
            Unknown(::std::string::String),
        }

        #[allow(deprecated)]
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::Unknown(name) => f.debug_tuple("Unknown").field(name).finish(),
                }
            }
        }
    }
}
