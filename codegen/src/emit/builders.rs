//! Builders: one per structure, with a setter, an `Option` setter and a getter per member,
//! and a `build()` that names every missing `@required` member at once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_types::{member_inner_type, optionality, Optionality};
use super::structures::debug;
use super::{member_doc, ServiceCtx};
use crate::docs::doc_attrs;
use crate::model::Shape;

/// `gate`: the `cfg` (or nothing) the builder is generated under.
pub fn builder(ctx: &ServiceCtx, shape: &Shape, gate: &TokenStream) -> TokenStream {
    let target = ctx.type_path(&shape.id);
    let name = format_ident!("{}Builder", ctx.names.type_name(&shape.id));
    let doc = format!(" A builder for [`{}`]({}).", ctx.names.type_name(&shape.id), doc_path(&target));
    let members = shape.members();

    let fields = members.iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let ty = member_inner_type(ctx, shape, m);
        quote!(pub(crate) #field: ::std::option::Option<#ty>,)
    });
    let methods = members.iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let bare = ctx.names.member(&shape.id, &m.name).trim_start_matches("r#").to_owned();
        let setter = field.clone();
        let set = format_ident!("set_{}", bare);
        let get = format_ident!("get_{}", bare);
        let ty = member_inner_type(ctx, shape, m);
        let doc = doc_attrs(member_doc(m));
        let required = if m.has_trait("smithy.api#required") {
            quote!(#[doc = ""] #[doc = " Required."])
        } else {
            quote!()
        };
        quote! {
            #doc
            #required
            pub fn #setter(mut self, input: impl ::std::convert::Into<#ty>) -> Self {
                self.#field = ::std::option::Option::Some(input.into());
                self
            }

            #doc
            #[inline]
            pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
                self.#field = input;
                self
            }

            #doc
            #[inline]
            pub fn #get(&self) -> &::std::option::Option<#ty> {
                &self.#field
            }
        }
    });

    let build = build_fn(ctx, shape, &target);
    let (debug_derive, debug) = debug(ctx, shape, quote!(#name));
    let debug = if debug.is_empty() { debug } else { quote!(#gate #debug) };
    quote! {
        #[doc = #doc]
        #gate
        #[derive(#debug_derive Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #gate
        #[allow(deprecated)]
        impl #name {
            #(#methods)*
            #build
        }

        #debug
    }
}

fn doc_path(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}

/// `build()`: checks every `@required` member (optional-typed ones too, so the client sends
/// what the model demands), then moves fields into the structure.
fn build_fn(ctx: &ServiceCtx, shape: &Shape, target: &TokenStream) -> TokenStream {
    let type_name = ctx.names.type_name(&shape.id);
    let members = shape.members();
    let mut checks = Vec::new();
    let mut required_fields = Vec::new();
    let mut inits = Vec::new();
    for m in &members {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let how = optionality(ctx, shape, m);
        let has_default = matches!(how, Optionality::Default(_));
        if m.has_trait("smithy.api#required") && !has_default {
            let smithy_name = &m.name;
            checks.push(quote! {
                if self.#field.is_none() {
                    missing.push(#smithy_name);
                }
            });
        }
        match how {
            Optionality::Optional => inits.push(quote!(#field: self.#field,)),
            Optionality::Default(suffix) => inits.push(quote!(#field: self.#field #suffix,)),
            Optionality::Required => {
                required_fields.push(field.clone());
                inits.push(quote!(#field,));
            }
        }
    }
    let error = quote!(crate::BuildError);
    let doc = format!(" Builds the [`{type_name}`]({}).", doc_path(target));
    let errors_doc = " Fails, naming every one, when `@required` members are missing.";
    let body = if checks.is_empty() {
        quote!(::std::result::Result::Ok(#target { #(#inits)* }))
    } else if required_fields.is_empty() {
        quote! {
            let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
            #(#checks)*
            if !missing.is_empty() {
                return ::std::result::Result::Err(#error::missing_members(#type_name, missing));
            }
            ::std::result::Result::Ok(#target { #(#inits)* })
        }
    } else {
        let patterns = required_fields.iter().map(|f| quote!(::std::option::Option::Some(#f)));
        let values = required_fields.iter().map(|f| quote!(self.#f));
        quote! {
            let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
            #(#checks)*
            match (#(#values,)*) {
                (#(#patterns,)*) if missing.is_empty() => ::std::result::Result::Ok(#target { #(#inits)* }),
                _ => ::std::result::Result::Err(#error::missing_members(#type_name, missing)),
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #errors_doc]
        // Compiled where it is called (see `operations.rs`), not with the crate.
        #[inline]
        pub fn build(self) -> ::std::result::Result<#target, #error> {
            #body
        }
    }
}
