//! A service that models its own `ValidationException` (AppFabric, and many AWS services:
//! `message`, a `reason` enum with `fieldValidationFailed`, a `fieldList` of `name` and
//! `message`) has its constraint violations answered as that error, which its clients know how
//! to read, rather than as `smithy.framework#ValidationException`.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust_types::{optionality, Optionality};
use super::super::ServiceCtx;
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};

/// `rejection_response`: how `handle` answers a request `parse_request` refused.
pub fn rejection_response(ctx: &ServiceCtx, errors: &[ShapeId]) -> TokenStream {
    let modeled = errors.iter().find_map(|id| {
        let shape = ctx.model.expect(id);
        (shape.id.name() == "ValidationException").then(|| construct(ctx, shape)).flatten()
    });
    let doc_and_body = match modeled {
        Some((id, construct)) => {
            let error_fn = super::error_fn_name(ctx, &id);
            let doc = format!(
                " A request [`parse_request`] refused: constraint violations as the service's own \
                 `{id}` (each violation's JSON pointer as a field's name), anything else as the \
                 protocol answers it."
            );
            quote! {
                #[doc = #doc]
                pub fn rejection_response(error: crate::runtime::server::ServerError) -> crate::runtime::HttpResponse {
                    match error {
                        crate::runtime::server::ServerError::Validation(errors) => {
                            #[allow(unused_variables)]
                            let message = crate::runtime::server::validation_message(&errors);
                            #error_fn(&#construct)
                        }
                        other => other.response(PROTOCOL),
                    }
                }
            }
        }
        None => quote! {
            /// A request [`parse_request`] refused, as the protocol answers it (constraint
            /// violations as `smithy.framework#ValidationException`).
            pub fn rejection_response(error: crate::runtime::server::ServerError) -> crate::runtime::HttpResponse {
                error.response(PROTOCOL)
            }
        },
    };
    doc_and_body
}

/// The expression building the modeled error from `message` and `errors`, when every member
/// it requires is one this knows how to fill.
fn construct(ctx: &ServiceCtx, shape: &Shape) -> Option<(ShapeId, TokenStream)> {
    let ShapeKind::Structure(_) = shape.kind else { return None };
    let ty = ctx.type_path(&shape.id);
    let mut fields = Vec::new();
    for member in shape.members() {
        let field = ctx.names.member_ident(&shape.id, &member.name);
        let value = match member.name.to_ascii_lowercase().as_str() {
            "message" if is_string(ctx, &member.target) => quote!(::std::clone::Clone::clone(&message)),
            "reason" => reason(ctx, &member.target)?,
            "fieldlist" => field_list(ctx, &member.target)?,
            _ => match optionality(ctx, shape, member) {
                Optionality::Optional => {
                    fields.push(quote!(#field: ::std::option::Option::None,));
                    continue;
                }
                _ => return None,
            },
        };
        fields.push(wrapped(ctx, shape, member, &field, value));
    }
    Some((shape.id.clone(), quote!(#ty { #(#fields)* })))
}

fn wrapped(
    ctx: &ServiceCtx,
    shape: &Shape,
    member: &Member,
    field: &proc_macro2::Ident,
    value: TokenStream,
) -> TokenStream {
    match optionality(ctx, shape, member) {
        Optionality::Optional => quote!(#field: ::std::option::Option::Some(#value),),
        _ => quote!(#field: #value,),
    }
}

fn is_string(ctx: &ServiceCtx, target: &ShapeId) -> bool {
    matches!(ctx.model.expect(target).kind, ShapeKind::Simple(SimpleType::String))
}

/// The reason enum's "field validation failed" value, however the model spells it.
fn reason(ctx: &ServiceCtx, target: &ShapeId) -> Option<TokenStream> {
    let shape = ctx.model.expect(target);
    let ShapeKind::Enum(members) = &shape.kind else { return None };
    let wanted = |text: &str| {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .eq_ignore_ascii_case("fieldvalidationfailed")
    };
    let member = members.iter().find(|m| wanted(&super::super::enums::enum_value_str(m)))?;
    let ty = ctx.type_path(target);
    let variant = ctx.names.member_ident(target, &member.name);
    Some(quote!(#ty::#variant))
}

/// The list of field structures, each with the violation's pointer and message.
fn field_list(ctx: &ServiceCtx, target: &ShapeId) -> Option<TokenStream> {
    let ShapeKind::List(item) = &ctx.model.expect(target).kind else { return None };
    let field_shape = ctx.model.expect(&item.target);
    let ShapeKind::Structure(_) = field_shape.kind else { return None };
    let ty = ctx.type_path(&field_shape.id);
    let mut fields = Vec::new();
    for member in field_shape.members() {
        let field = ctx.names.member_ident(&field_shape.id, &member.name);
        let value = match member.name.to_ascii_lowercase().as_str() {
            "name" | "path" if is_string(ctx, &member.target) => quote!(::std::clone::Clone::clone(&e.path)),
            "message" if is_string(ctx, &member.target) => quote!(::std::clone::Clone::clone(&e.message)),
            _ => match optionality(ctx, field_shape, member) {
                Optionality::Optional => {
                    fields.push(quote!(#field: ::std::option::Option::None,));
                    continue;
                }
                _ => return None,
            },
        };
        fields.push(wrapped(ctx, field_shape, member, &field, value));
    }
    Some(quote!(errors.0.iter().map(|e| #ty { #(#fields)* }).collect::<::std::vec::Vec<_>>()))
}
