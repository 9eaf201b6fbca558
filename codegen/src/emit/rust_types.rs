//! Smithy shapes to Rust types, member optionality (Smithy 2.0 nullability for clients) and
//! `@default` values.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::ServiceCtx;
use crate::model::{Member, Shape, ShapeKind, SimpleType};

/// How a structure member is held.
#[derive(Debug, Clone)]
pub enum Optionality {
    /// `Option<T>`: may be absent.
    Optional,
    /// `T`, and `build()` fails without it.
    Required,
    /// `T`, filled with the model's `@default` when not set.
    Default(TokenStream),
}

/// The Smithy 2.0 rules: members of `@input` structures and `@clientOptional` members are
/// always optional for clients (so services may relax constraints); otherwise `@required` or a
/// non-null `@default` make the member non-optional.
pub fn optionality(ctx: &ServiceCtx, owner: &Shape, member: &Member) -> Optionality {
    if owner.has_trait("smithy.api#input") || member.has_trait("smithy.api#clientOptional") {
        return Optionality::Optional;
    }
    let default = member.trait_value("smithy.api#default").filter(|v| !v.is_null());
    if let Some(value) = default {
        if let Some(tokens) = default_expr(ctx, member, value) {
            return Optionality::Default(tokens);
        }
    }
    if member.has_trait("smithy.api#required") {
        return Optionality::Required;
    }
    Optionality::Optional
}

/// The field's type without `Option`: the target's type, boxed where recursion needs it.
pub fn member_inner_type(ctx: &ServiceCtx, owner: &Shape, member: &Member) -> TokenStream {
    let ty = target_type(ctx, &member.target);
    if ctx.boxed.contains(&(owner.id.clone(), member.name.clone())) {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// The field's full type, `Option` included when the member is optional.
pub fn member_type(ctx: &ServiceCtx, owner: &Shape, member: &Member) -> TokenStream {
    let inner = member_inner_type(ctx, owner, member);
    match optionality(ctx, owner, member) {
        Optionality::Optional => quote!(::std::option::Option<#inner>),
        _ => inner,
    }
}

/// The Rust type for values of a shape.
pub fn target_type(ctx: &ServiceCtx, id: &crate::model::ShapeId) -> TokenStream {
    let shape = ctx.model.expect(id);
    match &shape.kind {
        ShapeKind::Simple(simple) => simple_type(*simple),
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            ctx.type_path(id)
        }
        ShapeKind::List(member) => {
            let item = element_type(ctx, shape, member);
            quote!(::std::vec::Vec<#item>)
        }
        ShapeKind::Map { key, value } => {
            let key = target_type(ctx, &key.target);
            let value = element_type(ctx, shape, value);
            quote!(::std::collections::HashMap<#key, #value>)
        }
        // Resolution guarantees members never target these.
        ShapeKind::Service(_) | ShapeKind::Resource(_) | ShapeKind::Operation(_) => quote!(()),
    }
}

/// List items and map values: `Option` only in `@sparse` collections.
fn element_type(ctx: &ServiceCtx, collection: &Shape, member: &Member) -> TokenStream {
    let ty = target_type(ctx, &member.target);
    if collection.has_trait("smithy.api#sparse") {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}

pub fn simple_type(simple: SimpleType) -> TokenStream {
    match simple {
        SimpleType::Blob => quote!(::aws_smithy_types::Blob),
        SimpleType::Boolean => quote!(bool),
        SimpleType::String => quote!(::std::string::String),
        SimpleType::Byte => quote!(i8),
        SimpleType::Short => quote!(i16),
        SimpleType::Integer => quote!(i32),
        SimpleType::Long => quote!(i64),
        SimpleType::Float => quote!(f32),
        SimpleType::Double => quote!(f64),
        SimpleType::BigInteger => quote!(::aws_smithy_types::BigInteger),
        SimpleType::BigDecimal => quote!(::aws_smithy_types::BigDecimal),
        SimpleType::Timestamp => quote!(::aws_smithy_types::DateTime),
        SimpleType::Document => quote!(::aws_smithy_types::Document),
    }
}

/// An expression of the member's type for its `@default` value, applied to an
/// `Option<T>` named by the caller as `.unwrap_or…(…)` suffix tokens.
pub fn default_expr(ctx: &ServiceCtx, member: &Member, value: &Value) -> Option<TokenStream> {
    let target = ctx.model.expect(&member.target);
    let zero_like = match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty() && !matches!(target.kind, ShapeKind::Enum(_)),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => false,
    };
    let type_default =
        matches!(target.kind, ShapeKind::Simple(_) | ShapeKind::List(_) | ShapeKind::Map { .. })
            && !matches!(target.kind, ShapeKind::Simple(SimpleType::Timestamp | SimpleType::Document));
    if zero_like && type_default {
        return Some(quote!(.unwrap_or_default()));
    }
    let expr = match (&target.kind, value) {
        (ShapeKind::Simple(SimpleType::Boolean), Value::Bool(b)) => return Some(quote!(.unwrap_or(#b))),
        (ShapeKind::Simple(simple), Value::Number(n)) if is_number(*simple) => {
            let lit = number_literal(*simple, n)?;
            return Some(quote!(.unwrap_or(#lit)));
        }
        (ShapeKind::Simple(SimpleType::String), Value::String(s)) => quote!(::std::string::String::from(#s)),
        (ShapeKind::Enum(_), Value::String(s)) => {
            let ty = ctx.type_path(&member.target);
            quote!(#ty::from(#s))
        }
        (ShapeKind::IntEnum(_), Value::Number(n)) => {
            let ty = ctx.type_path(&member.target);
            let n = i32::try_from(n.as_i64()?).ok()?;
            quote!(#ty::from(#n))
        }
        (ShapeKind::Simple(SimpleType::Timestamp), Value::Number(n)) => {
            let secs = n.as_f64()?;
            quote!(::aws_smithy_types::DateTime::from_secs_f64(#secs))
        }
        (ShapeKind::Simple(SimpleType::Timestamp), Value::String(text)) => {
            // A date-time default, fixed at generation time as epoch seconds.
            let secs = crate::timestamps::parse_date_time(text)?;
            quote!(::aws_smithy_types::DateTime::from_secs_f64(#secs))
        }
        (ShapeKind::Simple(SimpleType::Blob), Value::String(s)) => {
            let bytes = proc_macro2::Literal::byte_string(s.as_bytes());
            quote!(::aws_smithy_types::Blob::new(#bytes.to_vec()))
        }
        (ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal), Value::Number(n)) => {
            let text = n.to_string();
            quote!(#text.parse().unwrap_or_default())
        }
        // Scalars build no heap data, so they need no closure (clippy asks for `unwrap_or`).
        (
            ShapeKind::Simple(SimpleType::Document),
            value @ (Value::Bool(_) | Value::Number(_) | Value::Null),
        ) => {
            let expr = document_expr(value);
            return Some(quote!(.unwrap_or(#expr)));
        }
        (ShapeKind::Simple(SimpleType::Document), value) => document_expr(value),
        _ => return None,
    };
    Some(quote!(.unwrap_or_else(|| #expr)))
}

fn is_number(simple: SimpleType) -> bool {
    matches!(
        simple,
        SimpleType::Byte
            | SimpleType::Short
            | SimpleType::Integer
            | SimpleType::Long
            | SimpleType::Float
            | SimpleType::Double
    )
}

fn number_literal(simple: SimpleType, n: &serde_json::Number) -> Option<proc_macro2::Literal> {
    use proc_macro2::Literal;
    Some(match simple {
        SimpleType::Byte => Literal::i8_suffixed(i8::try_from(n.as_i64()?).ok()?),
        SimpleType::Short => Literal::i16_suffixed(i16::try_from(n.as_i64()?).ok()?),
        SimpleType::Integer => Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?),
        SimpleType::Long => Literal::i64_suffixed(n.as_i64()?),
        SimpleType::Float => Literal::f32_suffixed(n.as_f64()? as f32),
        SimpleType::Double => Literal::f64_suffixed(n.as_f64()?),
        _ => return None,
    })
}

fn document_expr(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(::aws_smithy_types::Document::Null),
        Value::Bool(b) => quote!(::aws_smithy_types::Document::Bool(#b)),
        Value::String(s) => quote!(::aws_smithy_types::Document::String(::std::string::String::from(#s))),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => {
                quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::PosInt(#u)))
            }
            (_, Some(i), _) => {
                quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::NegInt(#i)))
            }
            (_, _, f) => {
                let f = f.unwrap_or(0.0);
                quote!(::aws_smithy_types::Document::Number(::aws_smithy_types::Number::Float(#f)))
            }
        },
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote!(::aws_smithy_types::Document::Array(::std::vec![#(#items),*]))
        }
        Value::Object(entries) => {
            let keys = entries.keys();
            let values = entries.values().map(document_expr);
            quote!(::aws_smithy_types::Document::Object(
                [#((::std::string::String::from(#keys), #values)),*].into_iter().collect()
            ))
        }
    }
}
