//! One error enum per operation: its modeled errors (the service's included) and `Unhandled`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_types::{optionality, Optionality};
use super::{shape_doc, ServiceCtx};
use crate::model::{ShapeId, ShapeKind};

/// The errors an operation can return: its own, then the service's, without repeats.
pub fn operation_errors(ctx: &ServiceCtx, op: &ShapeId) -> Vec<ShapeId> {
    let mut errors = match &ctx.model.expect(op).kind {
        ShapeKind::Operation(o) => o.errors.clone(),
        _ => Vec::new(),
    };
    for e in &ctx.selection.service_errors {
        if !errors.contains(e) {
            errors.push(e.clone());
        }
    }
    errors
}

/// Every error any selected operation can return, sorted: the variants of the service's
/// `AnyError` (see `operations`), each with a `ServiceError` impl.
pub fn service_errors(ctx: &ServiceCtx) -> Vec<ShapeId> {
    let mut all = std::collections::BTreeSet::new();
    for op in &ctx.selection.operations {
        all.extend(operation_errors(ctx, op));
    }
    all.into_iter().collect()
}

/// The variant of an error in the error enums: its type name, unless that is `Unhandled`,
/// which the enums keep for errors the model does not describe.
pub fn error_variant(ctx: &ServiceCtx, error: &ShapeId) -> proc_macro2::Ident {
    match ctx.names.type_name(error) {
        "Unhandled" => format_ident!("UnhandledValue"),
        name => format_ident!("{}", name),
    }
}

pub fn error_enum_ident(ctx: &ServiceCtx, op: &ShapeId) -> proc_macro2::Ident {
    format_ident!("{}Error", ctx.names.operation(op))
}

/// The accessor for an error structure's message, if it has a string `message` member.
fn message_expr(ctx: &ServiceCtx, error: &ShapeId) -> TokenStream {
    let shape = ctx.model.expect(error);
    match super::structures::error_message_member(ctx, shape) {
        Some(m) => {
            let field = ctx.names.member_ident(error, &m.name);
            match optionality(ctx, shape, m) {
                Optionality::Optional => quote!(self.#field.as_deref()),
                _ => quote!(::std::option::Option::Some(self.#field.as_str())),
            }
        }
        None => quote!(::std::option::Option::None),
    }
}

pub fn errors_file(ctx: &ServiceCtx) -> TokenStream {
    let module = ctx.module_path();
    let cli_json = super::cfg_cli_json();
    // Each error structure says once what the enums would otherwise repeat per operation.
    let errors = service_errors(ctx);
    let impls = errors.iter().map(|e| {
        let ty = ctx.type_path(e);
        let code = e.name().to_owned();
        let message = message_expr(ctx, e);
        let ser = super::json_ser::ser_fn_name(ctx, e);
        quote! {
            impl crate::runtime::ServiceError for #ty {
                fn code(&self) -> ::std::option::Option<&str> {
                    ::std::option::Option::Some(#code)
                }
                fn message(&self) -> ::std::option::Option<&str> {
                    #message
                }
                #cli_json
                fn to_json(&self) -> ::std::option::Option<::std::string::String> {
                    let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::MemberName);
                    #module::ser::#ser(&mut w, self);
                    w.finish().ok()
                }
            }
        }
    });
    let enums = ctx.selection.operations.iter().map(|op| {
        let name = error_enum_ident(ctx, op);
        // A handler builds its output with `?`: a builder's failure is the server's own.
        let server_from = ctx.has_server().then(|| {
            quote! {
                #[cfg(feature = "server")]
                impl ::std::convert::From<crate::BuildError> for #name {
                    fn from(error: crate::BuildError) -> Self {
                        Self::Unhandled(crate::runtime::UnhandledError::internal(::std::string::ToString::to_string(&error)))
                    }
                }
            }
        });
        let errors = operation_errors(ctx, op);
        let doc = format!(" Errors of the `{}` operation.", ctx.names.operation(op));
        let variants: Vec<_> = errors.iter().map(|e| error_variant(ctx, e)).collect();
        let types: Vec<_> = errors.iter().map(|e| ctx.type_path(e)).collect();
        let docs = errors.iter().map(|e| crate::docs::doc_attrs(shape_doc(ctx.model.expect(e))));
        quote! {
            #[doc = #doc]
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum #name {
                #(#docs #variants(#types),)*
                /// An error the model does not describe, or a response that could not be read.
                Unhandled(crate::runtime::UnhandledError),
            }

            impl #name {
                // All `#[inline]`: compiled where used (see `operations.rs`).
                /// The error as the trait every error of the service implements.
                #[inline]
                pub fn as_service_error(&self) -> &dyn crate::runtime::ServiceError {
                    match self {
                        #(Self::#variants(e) => e,)*
                        Self::Unhandled(e) => e,
                    }
                }

                /// The error code: the modeled error's name, or the code the response carried.
                #[inline]
                pub fn code(&self) -> ::std::option::Option<&str> {
                    self.as_service_error().code()
                }

                /// A modeled error's members as JSON keyed by member name (`None` for `Unhandled`).
                #cli_json
                #[inline]
                pub fn to_json(&self) -> ::std::option::Option<::std::string::String> {
                    self.as_service_error().to_json()
                }

                /// The error message, when the response carried one.
                #[inline]
                pub fn message(&self) -> ::std::option::Option<&str> {
                    self.as_service_error().message()
                }
            }

            #server_from

            impl ::std::fmt::Display for #name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(self.as_service_error(), f)
                }
            }

            impl ::std::error::Error for #name {
                #[inline]
                fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                    ::std::option::Option::Some(self.as_service_error())
                }
            }
        }
    });
    quote!(#(#impls)* #(#enums)*)
}
