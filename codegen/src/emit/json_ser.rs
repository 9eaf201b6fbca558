//! JSON serializers: one function per structure, union, list and map of the closure, writing
//! straight into the runtime's `JsonWriter` (both JSON protocols share them; `@jsonName` is
//! honoured only for restJson1).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_types::{optionality, Optionality};
use super::ServiceCtx;
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};
use crate::prelude;

pub fn ser_fn_name(ctx: &ServiceCtx, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("ser_{}", ctx.names.stem(id))
}

/// `ser.rs`: a serializer for every aggregate shape of the closure.
pub fn ser_file(ctx: &ServiceCtx) -> TokenStream {
    let wire = ctx.wire_ser_shapes();
    let responses = ctx.response_ser_shapes();
    let server = ctx.server_ser_shapes();
    let fns = ctx.ser_shapes().into_iter().filter_map(|id| {
        let id = &id;
        let shape = ctx.model.expect(id);
        let body = match &shape.kind {
            ShapeKind::Structure(_) => structure_body(ctx, shape),
            ShapeKind::Union(_) => union_body(ctx, shape),
            ShapeKind::List(member) => list_body(ctx, shape, member),
            ShapeKind::Map { value, .. } => map_body(ctx, shape, value),
            _ => return None,
        };
        let name = ser_fn_name(ctx, id);
        let ty = match &shape.kind {
            ShapeKind::List(_) => slice_type(ctx, shape),
            _ => super::rust_types::target_type(ctx, id),
        };
        // Outputs and errors for `output_to_json` and `to_json`; inputs whole beyond what
        // requests write only for the server's `OperationInput::to_json`.
        let gate = super::json_fn_gate(wire.contains(id), responses.contains(id), server.contains(id), true);
        let inline = super::debug_inline();
        Some(quote! {
            #gate
            #[allow(deprecated, clippy::ptr_arg)]
            #inline
            pub(crate) fn #name(w: &mut crate::runtime::json_write::JsonWriter, value: &#ty) {
                #body
            }
        })
    });
    quote!(#(#fns)*)
}

/// Lists are taken as slices.
fn slice_type(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let ShapeKind::List(member) = &shape.kind else { return quote!() };
    let item = super::rust_types::target_type(ctx, &member.target);
    if shape.has_trait("smithy.api#sparse") {
        quote!([::std::option::Option<#item>])
    } else {
        quote!([#item])
    }
}

/// The key a member is written under: `@jsonName` (restJson1 only) unless member names are asked for.
pub fn member_key(ctx: &ServiceCtx, member: &Member) -> TokenStream {
    let name = &member.name;
    let json_name = member.trait_value("smithy.api#jsonName").and_then(|v| v.as_str());
    match json_name {
        Some(json_name) if ctx.protocol.is_some_and(|p| p.uses_json_name()) && json_name != name => quote! {
            match w.keys() {
                crate::runtime::json_write::KeyStyle::Wire => #json_name,
                crate::runtime::json_write::KeyStyle::MemberName => #name,
            }
        },
        _ => quote!(#name),
    }
}

/// Whether the member's key is its name and needs no JSON escaping (always so for Smithy member
/// names; a `@jsonName` the protocol uses might not be).
fn has_plain_key(ctx: &ServiceCtx, member: &Member) -> bool {
    let uses_json_name =
        member.has_trait("smithy.api#jsonName") && ctx.protocol.is_some_and(|p| p.uses_json_name());
    !uses_json_name && !member.name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// Statements writing a member's key: unescaped when the name needs no escaping (always, for
/// Smithy member names), through `key` for a `@jsonName` that might.
pub fn write_key(ctx: &ServiceCtx, member: &Member) -> TokenStream {
    let key = member_key(ctx, member);
    if has_plain_key(ctx, member) {
        let name = &member.name;
        quote!(w.plain_key(#name);)
    } else {
        quote!(w.key(#key);)
    }
}

/// The JSON writers that take a scalar directly, alone (`string`) or with its key in the same
/// call (`string_member`).
#[derive(Clone, Copy)]
enum Scalar {
    String,
    Bool,
    Integer,
}

impl Scalar {
    fn writers(self) -> (TokenStream, TokenStream) {
        match self {
            Scalar::String => (quote!(string), quote!(string_member)),
            Scalar::Bool => (quote!(bool), quote!(bool_member)),
            Scalar::Integer => (quote!(integer), quote!(integer_member)),
        }
    }
}

/// For a string, enum, boolean or integer shape: its writer and the expression of `v` (a
/// reference) that writer takes. `None` for the other shapes.
fn scalar(ctx: &ServiceCtx, target: &ShapeId, v: &TokenStream) -> Option<(Scalar, TokenStream)> {
    Some(match &ctx.model.expect(target).kind {
        ShapeKind::Simple(SimpleType::String) => (Scalar::String, quote!(#v)),
        ShapeKind::Enum(_) => (Scalar::String, quote!(#v.as_str())),
        ShapeKind::Simple(SimpleType::Boolean) => (Scalar::Bool, quote!(*#v)),
        ShapeKind::Simple(SimpleType::Byte | SimpleType::Short | SimpleType::Integer) => {
            (Scalar::Integer, quote!(i64::from(*#v)))
        }
        ShapeKind::Simple(SimpleType::Long) => (Scalar::Integer, quote!(*#v)),
        ShapeKind::IntEnum(_) => (Scalar::Integer, quote!(i64::from(#v.as_i32()))),
        _ => return None,
    })
}

/// Key and value in one runtime call (`string_member`, `bool_member`, `integer_member`) for
/// the commonest members: a plain key and a scalar value. `None` for the others, which write
/// the key and then the value.
fn scalar_member(ctx: &ServiceCtx, member: &Member, v: TokenStream) -> Option<TokenStream> {
    if !has_plain_key(ctx, member) {
        return None;
    }
    let (kind, value) = scalar(ctx, &member.target, &v)?;
    let (_, writer) = kind.writers();
    let name = &member.name;
    Some(quote!(w.#writer(#name, #value);))
}

/// Members of a structure written as a JSON object; `members` lets callers leave out
/// HTTP-bound members of top-level inputs and outputs.
pub fn object_body<'a>(
    ctx: &ServiceCtx,
    shape: &Shape,
    members: impl Iterator<Item = &'a Member>,
) -> TokenStream {
    let entries = members.map(|m| {
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let (key, write) = match scalar_member(ctx, m, quote!(v)) {
            Some(fused) => (quote!(), fused),
            None => (write_key(ctx, m), value(ctx, m, &m.target, quote!(v))),
        };
        match optionality(ctx, shape, m) {
            Optionality::Optional => quote! {
                if let ::std::option::Option::Some(v) = &value.#field {
                    #key
                    #write
                }
            },
            _ => quote! {
                {
                    let v = &value.#field;
                    #key
                    #write
                }
            },
        }
    });
    quote! {
        w.begin_object();
        #(#entries)*
        w.end_object();
    }
}

fn structure_body(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let body = object_body(ctx, shape, shape.members().into_iter());
    if shape.members().is_empty() {
        quote!(let _ = value; #body)
    } else {
        body
    }
}

fn union_body(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let ty = ctx.type_path(&shape.id);
    let arms = shape.members().into_iter().map(|m| {
        let variant = ctx.names.member_ident(&shape.id, &m.name);
        let key = write_key(ctx, m);
        if m.target == prelude::unit() {
            quote!(#ty::#variant => { #key w.begin_object(); w.end_object(); })
        } else {
            let write = value(ctx, m, &m.target, quote!(v));
            quote!(#ty::#variant(v) => { #key #write })
        }
    });
    quote! {
        w.begin_object();
        match value {
            #(#arms)*
            #ty::Unknown(name) => w.fail(::std::format!("cannot send the unknown union member `{name}`")),
        }
        w.end_object();
    }
}

fn list_body(ctx: &ServiceCtx, shape: &Shape, member: &Member) -> TokenStream {
    let write = value(ctx, member, &member.target, quote!(item));
    let each = if shape.has_trait("smithy.api#sparse") {
        quote! {
            match item {
                ::std::option::Option::Some(item) => { #write }
                ::std::option::Option::None => w.null(),
            }
        }
    } else {
        write
    };
    quote! {
        w.begin_array();
        for item in value {
            #each
        }
        w.end_array();
    }
}

fn map_body(ctx: &ServiceCtx, shape: &Shape, value_member: &Member) -> TokenStream {
    let write = value(ctx, value_member, &value_member.target, quote!(v));
    let each = if shape.has_trait("smithy.api#sparse") {
        quote! {
            match v {
                ::std::option::Option::Some(v) => { #write }
                ::std::option::Option::None => w.null(),
            }
        }
    } else {
        write
    };
    quote! {
        // Sorted, so the same map always gives the same bytes.
        w.begin_object();
        for (k, v) in crate::runtime::sorted_entries(value) {
            // String keys and enum keys both have `as_str`.
            w.key(k.as_str());
            #each
        }
        w.end_object();
    }
}

/// The timestamp format of a member in a JSON document: `@timestampFormat` on the member, else
/// on its target, else epoch seconds.
pub fn json_timestamp_format(ctx: &ServiceCtx, member: &Member, target: &ShapeId) -> TokenStream {
    format_tokens(json_timestamp_name(ctx, member, target))
}

/// The `@timestampFormat` of a member in a JSON body (the member's, else its target's), by
/// its Smithy name; epoch seconds when neither has one.
pub fn json_timestamp_name<'m>(ctx: &'m ServiceCtx, member: &'m Member, target: &ShapeId) -> &'m str {
    member
        .trait_value("smithy.api#timestampFormat")
        .or_else(|| ctx.model.expect(target).trait_value("smithy.api#timestampFormat"))
        .and_then(|v| v.as_str())
        .unwrap_or("epoch-seconds")
}

pub fn format_tokens(format: &str) -> TokenStream {
    match format {
        "date-time" => quote!(::aws_smithy_types::date_time::Format::DateTime),
        "http-date" => quote!(::aws_smithy_types::date_time::Format::HttpDate),
        _ => quote!(::aws_smithy_types::date_time::Format::EpochSeconds),
    }
}

/// Statements writing the value `v` (a reference) of shape `target`.
pub fn value(ctx: &ServiceCtx, member: &Member, target: &ShapeId, v: TokenStream) -> TokenStream {
    if let Some((kind, value)) = scalar(ctx, target, &v) {
        let (writer, _) = kind.writers();
        return quote!(w.#writer(#value););
    }
    match &ctx.model.expect(target).kind {
        ShapeKind::Simple(SimpleType::Float) => quote!(w.float32(*#v);),
        ShapeKind::Simple(SimpleType::Double) => quote!(w.float(*#v);),
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
            quote!(w.raw_number(#v.as_ref());)
        }
        ShapeKind::Simple(SimpleType::Blob) => quote!(w.blob(#v);),
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = json_timestamp_format(ctx, member, target);
            quote!(w.timestamp(#v, #format);)
        }
        ShapeKind::Simple(SimpleType::Document) => quote!(w.document(#v);),
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map { .. } => {
            let f = ser_fn_name(ctx, target);
            let module = ctx.module_path();
            quote!(#module::ser::#f(w, #v);)
        }
        _ => quote!(),
    }
}
