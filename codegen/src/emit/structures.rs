//! Structures: a struct per shape, a `Debug` that redacts `@sensitive` data, and
//! `Display`/`Error` for `@error` shapes.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_types::member_type;
use super::{member_doc, shape_doc, ServiceCtx};
use crate::docs::doc_attrs;
use crate::model::{Member, Shape, ShapeKind};

pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `builder_gate` is the `cfg` (or nothing) the structure's builder is generated under.
pub fn structure(ctx: &ServiceCtx, shape: &Shape, builder_gate: &TokenStream) -> TokenStream {
    let name = ctx.names.type_ident(&shape.id);
    let doc = doc_attrs(shape_doc(shape));
    let members = shape.members();
    let fields = members.iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let ty = member_type(ctx, shape, m);
        let mut doc = doc_attrs(member_doc(m));
        if let Some(note) = super::validate::pattern_note(ctx, m) {
            let gap = if doc.is_empty() { quote!() } else { quote!(#[doc = ""]) };
            doc.extend(quote!(#gap #[doc = #note]));
        }
        let deprecated = deprecated_attr(m.trait_value("smithy.api#deprecated"));
        quote!(#doc #deprecated pub #field: #ty,)
    });
    let builder = ctx.builder_path(&shape.id);
    let builder_doc = format!(" A builder for [`{name}`].");
    let (debug_derive, debug) = debug(ctx, shape, quote!(#name));
    let error_impls = if shape.has_trait("smithy.api#error") { error_impls(ctx, shape) } else { quote!() };
    let smithy_id = format!(" Smithy shape `{}`.", shape.id);
    let doc_gap = if doc.is_empty() { quote!() } else { quote!(#[doc = ""]) };
    quote! {
        #doc
        #doc_gap
        #[doc = #smithy_id]
        #[derive(#debug_derive Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #builder_gate
        impl #name {
            #[doc = #builder_doc]
            #[inline]
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
        }

        #debug
        #error_impls
    }
}

pub fn deprecated_attr(value: Option<&serde_json::Value>) -> TokenStream {
    let Some(value) = value else { return quote!() };
    let message = value.get("message").and_then(|m| m.as_str());
    let since = value.get("since").and_then(|m| m.as_str());
    let note = match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_owned(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => return quote!(#[deprecated]),
    };
    quote!(#[deprecated(note = #note)])
}

/// True when the member's value must not appear in `Debug` output: the member, its target, or
/// (through lists and maps) the target's elements are `@sensitive`.
pub fn is_sensitive(ctx: &ServiceCtx, member: &Member) -> bool {
    if member.has_trait("smithy.api#sensitive") {
        return true;
    }
    let mut seen = Vec::new();
    let mut stack = vec![&member.target];
    while let Some(id) = stack.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let target = ctx.model.expect(id);
        if target.has_trait("smithy.api#sensitive") {
            return true;
        }
        match &target.kind {
            ShapeKind::List(m) => stack.push(&m.target),
            ShapeKind::Map { key, value } => {
                stack.push(&key.target);
                stack.push(&value.target);
            }
            _ => {}
        }
    }
    false
}

/// `Debug` for a structure or its builder: `(derive, impl)`. Without sensitive data it is
/// derived (the derive's helpers compile to far less code than a `debug_struct` chain);
/// otherwise written out, with sensitive members redacted.
pub fn debug(ctx: &ServiceCtx, shape: &Shape, type_name: TokenStream) -> (TokenStream, TokenStream) {
    let sensitive =
        shape.has_trait("smithy.api#sensitive") || shape.members().iter().any(|m| is_sensitive(ctx, m));
    if sensitive {
        (quote!(), debug_impl(ctx, shape, type_name))
    } else {
        (quote!(::std::fmt::Debug,), quote!())
    }
}

/// `Debug` written out; sensitive members print as redacted.
fn debug_impl(ctx: &ServiceCtx, shape: &Shape, type_name: TokenStream) -> TokenStream {
    let label = type_name.to_string().replace(' ', "");
    let whole = shape.has_trait("smithy.api#sensitive");
    let fields = shape.members().into_iter().map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let shown = ctx.names.member(&shape.id, &m.name).trim_start_matches("r#").to_owned();
        if whole || is_sensitive(ctx, m) {
            quote!(.field(#shown, &#REDACTED))
        } else {
            quote!(.field(#shown, &self.#field))
        }
    });
    quote! {
        #[allow(deprecated)]
        impl ::std::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)#(#fields)*.finish()
            }
        }
    }
}

/// An error structure's message: a string member named `message` (any case), unless it is
/// sensitive, in which case errors show their code only.
pub fn error_message_member<'a>(ctx: &ServiceCtx, shape: &'a Shape) -> Option<&'a Member> {
    shape.members().into_iter().find(|m| {
        m.name.eq_ignore_ascii_case("message")
            && matches!(ctx.model.expect(&m.target).kind, ShapeKind::Simple(crate::model::SimpleType::String))
            && !is_sensitive(ctx, m)
    })
}

/// `Display` (code and message) and `std::error::Error` for an `@error` structure.
fn error_impls(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let name = ctx.names.type_ident(&shape.id);
    let code = shape.id.name();
    let with_message = format!("{code}: {{}}");
    let body = match error_message_member(ctx, shape) {
        Some(m) => {
            let field = ctx.names.member_ident(&shape.id, &m.name);
            let optional =
                matches!(super::rust_types::optionality(ctx, shape, m), super::Optionality::Optional);
            if optional {
                quote! {
                    match &self.#field {
                        ::std::option::Option::Some(message) => ::std::write!(f, #with_message, message),
                        ::std::option::Option::None => f.write_str(#code),
                    }
                }
            } else {
                quote!(::std::write!(f, #with_message, self.#field))
            }
        }
        _ => quote!(f.write_str(#code)),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }

        impl ::std::error::Error for #name {}
    }
}
