//! Builders: one per structure, with a setter, an `Option` setter and a getter per member,
//! and a `build()` that names every missing `@required` member at once.

use proc_macro2::{Ident, TokenStream};
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
    // When every field of the structure is an `Option` (always so for `@input` structures,
    // and for most others in AWS models, which mark `@required` members `@clientOptional`),
    // the builder holds the structure itself: its field types are the builder's, and the
    // builder's `Clone`/`PartialEq` become the structure's instead of a second copy of every
    // derive, which is most of what a builder costs the compiler.
    let wraps_target = members.iter().all(|m| matches!(optionality(ctx, shape, m), Optionality::Optional));
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
        let slot = slot(wraps_target, &field);
        quote! {
            #doc
            #required
            pub fn #setter(mut self, input: impl ::std::convert::Into<#ty>) -> Self {
                #slot = ::std::option::Option::Some(input.into());
                self
            }

            #doc
            #[inline]
            pub fn #set(mut self, input: ::std::option::Option<#ty>) -> Self {
                #slot = input;
                self
            }

            #doc
            #[inline]
            pub fn #get(&self) -> &::std::option::Option<#ty> {
                &#slot
            }
        }
    });

    let build = build_fn(ctx, shape, &target, wraps_target);
    let definition = if wraps_target {
        wrapping_definition(ctx, shape, &name, &target, gate)
    } else {
        fields_definition(ctx, shape, &name, gate)
    };
    quote! {
        #[doc = #doc]
        #definition

        #gate
        #[allow(deprecated)]
        impl #name {
            #(#methods)*
            #build
        }
    }
}

/// A builder with a field per member, for structures that have non-`Option` members (it holds
/// each member as an `Option` until `build()`).
fn fields_definition(ctx: &ServiceCtx, shape: &Shape, name: &Ident, gate: &TokenStream) -> TokenStream {
    let fields = shape.members().into_iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let ty = member_inner_type(ctx, shape, m);
        quote!(pub(crate) #field: ::std::option::Option<#ty>,)
    });
    let (debug_derive, debug) = debug(ctx, shape, quote!(#name));
    let debug = if debug.is_empty() { debug } else { quote!(#gate #debug) };
    quote! {
        #gate
        #[derive(#debug_derive Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug
    }
}

/// A builder that holds its structure: `Default` starts with every member unset, `Debug`
/// shows the structure inside (so `@sensitive` members stay redacted by its `Debug`).
fn wrapping_definition(
    ctx: &ServiceCtx,
    shape: &Shape,
    name: &Ident,
    target: &TokenStream,
    gate: &TokenStream,
) -> TokenStream {
    let unset = shape.members().into_iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        quote!(#field: ::std::option::Option::None,)
    });
    let label = name.to_string();
    quote! {
        #gate
        #[derive(Clone, PartialEq)]
        pub struct #name(#target);

        #gate
        #[allow(deprecated)]
        impl ::std::default::Default for #name {
            #[inline]
            fn default() -> Self {
                Self(#target { #(#unset)* })
            }
        }

        #gate
        impl ::std::fmt::Debug for #name {
            // Compiled where it is used: otherwise the `&dyn Debug` of the structure makes
            // this crate compile the structure's derived `Debug` and drop glue, which release
            // builds otherwise leave to the crates that print it.
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(#label).field(&self.0).finish()
            }
        }
    }
}

/// Where a member's value lives in the builder.
fn slot(wraps_target: bool, field: &Ident) -> TokenStream {
    if wraps_target {
        quote!(self.0.#field)
    } else {
        quote!(self.#field)
    }
}

fn doc_path(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}

/// `build()`: checks every `@required` member (optional-typed ones too, so the client sends
/// what the model demands), then moves fields into the structure.
fn build_fn(ctx: &ServiceCtx, shape: &Shape, target: &TokenStream, wraps_target: bool) -> TokenStream {
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
            let slot = slot(wraps_target, &field);
            checks.push(quote! {
                if #slot.is_none() {
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
    let built = if wraps_target { quote!(self.0) } else { quote!(#target { #(#inits)* }) };
    let body = if checks.is_empty() {
        quote!(::std::result::Result::Ok(#built))
    } else if required_fields.is_empty() {
        quote! {
            let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
            #(#checks)*
            if !missing.is_empty() {
                return ::std::result::Result::Err(#error::missing_members(#type_name, missing));
            }
            ::std::result::Result::Ok(#built)
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
