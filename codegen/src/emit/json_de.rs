//! JSON deserializers: one function per structure, union, list and map of the closure, pulling
//! from the runtime's `JsonReader`. Unknown keys are skipped, `null` means absent, dense
//! collections drop `null` entries, unknown enum values and union members are kept.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_types::{member_inner_type, optionality, Optionality};
use super::ServiceCtx;
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};
use crate::prelude;

pub fn de_fn_name(ctx: &ServiceCtx, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("de_{}", ctx.names.stem(id))
}

/// `de.rs`: a deserializer for every aggregate shape of the closure.
pub fn de_file(ctx: &ServiceCtx) -> TokenStream {
    let wire = ctx.wire_de_shapes();
    let inputs = ctx.input_shapes();
    let server = ctx.server_de_shapes();
    let fns = ctx.de_shapes().into_iter().filter_map(|id| {
        let id = &id;
        let shape = ctx.model.expect(id);
        let body = match &shape.kind {
            ShapeKind::Structure(_) => structure_body(ctx, shape),
            ShapeKind::Union(_) => union_body(ctx, shape),
            ShapeKind::List(member) => list_body(ctx, shape, member),
            ShapeKind::Map { value, .. } => map_body(ctx, shape, value),
            _ => return None,
        };
        let name = de_fn_name(ctx, id);
        let ty = super::rust_types::target_type(ctx, id);
        // Inputs for `input_from_json`; outputs and errors whole only for the server half's
        // by-name entry points.
        let gate = super::json_fn_gate(wire.contains(id), inputs.contains(id), server.contains(id), true);
        let inline = super::debug_inline();
        Some(quote! {
            #gate
            #[allow(deprecated)]
            #inline
            pub(crate) fn #name(r: &mut crate::runtime::json_read::JsonReader<'_>) -> crate::runtime::json_read::Result<#ty> {
                #body
            }
        })
    });
    quote!(#(#fns)*)
}

/// Match patterns for a member's key: its member name, and its `@jsonName` under restJson1.
/// An error's message is accepted as `message` or `Message`, as services send either.
pub fn key_patterns(ctx: &ServiceCtx, owner: &Shape, member: &Member) -> TokenStream {
    let name = &member.name;
    if owner.has_trait("smithy.api#error") && name.eq_ignore_ascii_case("message") {
        let mut keys = vec![name.clone()];
        for alternative in ["message", "Message"] {
            if !keys.iter().any(|k| k == alternative) {
                keys.push(alternative.to_owned());
            }
        }
        return quote!(#(#keys)|*);
    }
    let json_name = member.trait_value("smithy.api#jsonName").and_then(|v| v.as_str());
    match json_name {
        Some(json_name) if ctx.protocol.is_some_and(|p| p.uses_json_name()) && json_name != name => {
            quote!(#json_name | #name)
        }
        _ => quote!(#name),
    }
}

/// The local variable a member's value is read into before the structure is built.
pub fn local_ident(ctx: &ServiceCtx, shape: &Shape, member: &Member) -> proc_macro2::Ident {
    format_ident!("field_{}", ctx.names.member(&shape.id, &member.name).trim_start_matches("r#"))
}

/// Reads a JSON object into the structure; `members` are the ones found in the body (callers
/// bind the others from HTTP parts), and `extra` initialises the remaining fields.
pub fn object_reader<'a>(
    ctx: &ServiceCtx,
    shape: &Shape,
    members: impl Iterator<Item = &'a Member> + Clone,
) -> (TokenStream, Vec<(&'a Member, proc_macro2::Ident)>) {
    let decls = members.clone().map(|m| {
        let local = local_ident(ctx, shape, m);
        let ty = member_inner_type(ctx, shape, m);
        quote!(let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = members.clone().map(|m| {
        let local = local_ident(ctx, shape, m);
        let keys = key_patterns(ctx, shape, m);
        let read = reader(ctx, m, &m.target);
        if ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
            quote!(#keys => r.boxed_member(&mut #local, #read),)
        } else {
            quote!(#keys => r.member(&mut #local, #read),)
        }
    });
    let has_members = members.clone().next().is_some();
    let code = if has_members {
        quote! {
            #(#decls)*
            r.begin_object()?;
            while let ::std::option::Option::Some(key) = r.next_key()? {
                match key.as_ref() {
                    #(#arms)*
                    _ => r.skip(),
                }?;
            }
        }
    } else {
        quote! {
            r.begin_object()?;
            while r.next_key()?.is_some() {
                r.skip()?;
            }
        }
    };
    (code, members.map(|m| (m, local_ident(ctx, shape, m))).collect())
}

/// The field initialiser for a member read into `local`: optional members as they are,
/// defaults filled, required members corrected to a zero value (the spec's client error
/// correction) or, for structures and unions, reported missing.
/// What a reader that tells absent required members apart does with one: `note` records it
/// where a zero value can stand in, `fail` returns when none can (a structure or union).
pub struct Absent {
    pub note: TokenStream,
    pub fail: TokenStream,
}

pub fn field_init(
    ctx: &ServiceCtx,
    shape: &Shape,
    member: &Member,
    local: &proc_macro2::Ident,
    absent: Option<Absent>,
) -> TokenStream {
    let field = ctx.names.member_ident(&shape.id, &member.name);
    match optionality(ctx, shape, member) {
        Optionality::Optional => quote!(#field: #local,),
        Optionality::Default(suffix) => quote!(#field: #local #suffix,),
        Optionality::Required => match zero_value(ctx, &member.target) {
            Some(zero) => match absent {
                // A server notes the absence (a validation error); a client takes the zero value.
                Some(Absent { note, .. }) => quote!(#field: { if #local.is_none() { #note } #local #zero },),
                None => quote!(#field: #local #zero,),
            },
            None => {
                let name = &member.name;
                let fail = match absent {
                    Some(Absent { fail, .. }) => fail,
                    None => {
                        quote!(return ::std::result::Result::Err(crate::runtime::json_read::missing(#name)))
                    }
                };
                quote! {
                    #field: match #local {
                        ::std::option::Option::Some(v) => v,
                        ::std::option::Option::None => { #fail }
                    },
                }
            }
        },
    }
}

/// `.unwrap_or…` giving the zero value of a type, where one exists.
fn zero_value(ctx: &ServiceCtx, target: &ShapeId) -> Option<TokenStream> {
    let shape = ctx.model.expect(target);
    Some(match &shape.kind {
        ShapeKind::Simple(SimpleType::Timestamp) => {
            quote!(.unwrap_or_else(|| ::aws_smithy_types::DateTime::from_secs(0)))
        }
        ShapeKind::Simple(SimpleType::Document) => quote!(.unwrap_or(::aws_smithy_types::Document::Null)),
        ShapeKind::Simple(_) | ShapeKind::List(_) | ShapeKind::Map { .. } => quote!(.unwrap_or_default()),
        ShapeKind::Enum(_) => {
            let ty = ctx.type_path(target);
            quote!(.unwrap_or_else(|| #ty::Unknown(::std::string::String::new())))
        }
        ShapeKind::IntEnum(_) => {
            let ty = ctx.type_path(target);
            quote!(.unwrap_or(#ty::Unknown(0)))
        }
        _ => return None,
    })
}

fn structure_body(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let ty = ctx.type_path(&shape.id);
    let members = shape.members();
    let (read, locals) = object_reader(ctx, shape, members.iter().copied());
    let inits = locals.iter().map(|(m, local)| {
        let name = &m.name;
        let absent = Absent {
            note: quote!(r.absent(#name);),
            fail: quote!(return ::std::result::Result::Err(r.missing_required(#name))),
        };
        field_init(ctx, shape, m, local, Some(absent))
    });
    quote! {
        #read
        ::std::result::Result::Ok(#ty { #(#inits)* })
    }
}

fn union_body(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let ty = ctx.type_path(&shape.id);
    let arms = shape.members().into_iter().map(|m| {
        let variant = ctx.names.member_ident(&shape.id, &m.name);
        let keys = key_patterns(ctx, shape, m);
        if m.target == prelude::unit() {
            quote!(#keys => { r.skip()?; #ty::#variant })
        } else {
            let read = value(ctx, m, &m.target);
            let read = if ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
                quote!(::std::boxed::Box::new(#read))
            } else {
                read
            };
            quote!(#keys => #ty::#variant(#read),)
        }
    });
    quote! {
        let mut result = ::std::option::Option::None;
        r.begin_object()?;
        while let ::std::option::Option::Some(key) = r.next_key()? {
            if r.null()? {
                continue;
            }
            let variant = match key.as_ref() {
                #(#arms)*
                // awsJson documents may carry their type name; it is not a member.
                "__type" => {
                    r.skip()?;
                    continue;
                }
                other => {
                    let name = r.unknown_union_member(other)?;
                    r.skip()?;
                    #ty::Unknown(name)
                }
            };
            if result.replace(variant).is_some() {
                return r.error("a union must have exactly one member set");
            }
        }
        match result {
            ::std::option::Option::Some(v) => ::std::result::Result::Ok(v),
            ::std::option::Option::None => r.error("a union must have exactly one member set"),
        }
    }
}

fn list_body(ctx: &ServiceCtx, shape: &Shape, member: &Member) -> TokenStream {
    let read = reader(ctx, member, &member.target);
    if shape.has_trait("smithy.api#sparse") {
        quote!(r.sparse_list(#read))
    } else {
        quote!(r.list(#read))
    }
}

/// Maps: keys are strings or string enums, both `From<&str>`.
fn map_body(ctx: &ServiceCtx, shape: &Shape, value_member: &Member) -> TokenStream {
    let read = reader(ctx, value_member, &value_member.target);
    if shape.has_trait("smithy.api#sparse") {
        quote!(r.sparse_map(#read))
    } else {
        quote!(r.map(#read))
    }
}

/// An expression reading a value of shape `target` (with `?`).
pub fn value(ctx: &ServiceCtx, member: &Member, target: &ShapeId) -> TokenStream {
    let read = reader(ctx, member, target);
    quote!(#read(r)?)
}

/// The function reading a value of shape `target`: `fn(&mut JsonReader) -> Result<T>`, a
/// runtime reader for simple shapes and enums, the shape's `de_` function for aggregates.
pub fn reader(ctx: &ServiceCtx, member: &Member, target: &ShapeId) -> TokenStream {
    let reader = quote!(crate::runtime::json_read::JsonReader);
    let shape = ctx.model.expect(target);
    match &shape.kind {
        ShapeKind::Simple(simple) => match simple {
            SimpleType::String => quote!(#reader::owned_string),
            SimpleType::Boolean => quote!(#reader::bool),
            SimpleType::Byte => quote!(#reader::int::<i8>),
            SimpleType::Short => quote!(#reader::int::<i16>),
            SimpleType::Integer => quote!(#reader::int::<i32>),
            SimpleType::Long => quote!(#reader::i64),
            SimpleType::Float => quote!(#reader::f32),
            SimpleType::Double => quote!(#reader::f64),
            SimpleType::BigInteger => quote!(#reader::big_number::<::aws_smithy_types::BigInteger>),
            SimpleType::BigDecimal => quote!(#reader::big_number::<::aws_smithy_types::BigDecimal>),
            SimpleType::Blob => quote!(#reader::blob),
            SimpleType::Timestamp => match super::json_ser::json_timestamp_name(ctx, member, target) {
                "date-time" => quote!(#reader::date_time),
                "http-date" => quote!(#reader::http_date),
                _ => quote!(#reader::epoch_seconds),
            },
            SimpleType::Document => quote!(#reader::document),
        },
        ShapeKind::Enum(_) => {
            let ty = ctx.type_path(target);
            quote!(#reader::string_enum::<#ty>)
        }
        ShapeKind::IntEnum(_) => {
            let ty = ctx.type_path(target);
            quote!(#reader::int_enum::<#ty>)
        }
        _ => {
            let f = de_fn_name(ctx, target);
            let module = ctx.module_path();
            quote!(#module::de::#f)
        }
    }
}
