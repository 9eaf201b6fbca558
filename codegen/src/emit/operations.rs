//! One unit struct per operation: `request` (validate, then serialize for the service's
//! protocol), `request_unvalidated`, `parse_response`, and JSON entry points by member name
//! (`input_from_json`, `output_to_json`) with a by-name dispatcher for tools.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::errors::{error_enum_ident, operation_errors};
use super::http_bindings::{request_bindings, request_body, response_reader};
use super::ServiceCtx;
use crate::error::{Error, Result};
use crate::model::{Shape, ShapeId, ShapeKind};
use crate::prelude;
use crate::protocol::Protocol;

fn response_fn(ctx: &ServiceCtx, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("response_{}", ctx.names.stem(id))
}

pub fn operations_file(ctx: &ServiceCtx, protocol: Protocol) -> Result<TokenStream> {
    let mut items = Vec::new();
    let mut readers = BTreeSet::new();
    for op in &ctx.selection.operations {
        items.push(operation(ctx, protocol, op)?);
        let ShapeKind::Operation(o) = &ctx.model.expect(op).kind else { continue };
        if o.output != prelude::unit() && ctx.event_stream_member(&o.output).is_none() {
            readers.insert(o.output.clone());
        }
        readers.extend(operation_errors(ctx, op));
    }
    for id in &readers {
        let shape = ctx.model.expect(id);
        let name = response_fn(ctx, id);
        let ty = ctx.type_path(id);
        let body = response_reader(ctx, shape, protocol == Protocol::RestJson1);
        let inline = super::debug_inline();
        items.push(quote! {
            #[allow(deprecated)]
            #inline
            fn #name(response: &crate::runtime::HttpResponse) -> crate::runtime::json_read::Result<#ty> {
                #body
            }
        });
    }
    items.push(any_error(ctx));
    items.push(dispatcher(ctx));
    Ok(quote! {
        #(#items)*
    })
}

fn io_type(ctx: &ServiceCtx, id: &ShapeId) -> TokenStream {
    if *id == prelude::unit() {
        quote!(())
    } else {
        ctx.type_path(id)
    }
}

fn operation(ctx: &ServiceCtx, protocol: Protocol, op_id: &ShapeId) -> Result<TokenStream> {
    let op = ctx.model.expect(op_id);
    let ShapeKind::Operation(o) = &op.kind else {
        return Err(Error::shape(op_id, "is not an operation"));
    };
    let name = format_ident!("{}", ctx.names.operation(op_id));
    let input_ty = io_type(ctx, &o.input);
    let output_ty = io_type(ctx, &o.output);
    let error_ty = error_enum_ident(ctx, op_id);
    let module = ctx.module_path();
    let input_shape = (o.input != prelude::unit()).then(|| ctx.model.expect(&o.input));
    let doc = crate::docs::doc_attrs(super::shape_doc(op));
    let smithy = format!(" Smithy operation `{op_id}`.");
    let op_name = op_id.name();

    let host_prefix = host_prefix(ctx, op, input_shape)?;
    let fill_tokens = idempotency_fill(ctx, input_shape);
    // Checksums cover the body as sent, so compression comes first.
    let mut finish = Vec::new();
    let gzip = op
        .trait_value("smithy.api#requestCompression")
        .and_then(|t| t.get("encodings"))
        .and_then(|e| e.as_array())
        .is_some_and(|e| e.iter().any(|v| v.as_str() == Some("gzip")));
    if gzip {
        finish.push(quote!(crate::runtime::compression::gzip(&mut request)?;));
    }
    if op.has_trait("smithy.api#httpChecksumRequired") {
        finish.push(quote!(crate::runtime::checksum::add_content_md5(&mut request);));
    }
    let serialize = match protocol {
        Protocol::RestJson1 => rest_json_request(ctx, op, input_shape, &host_prefix)?,
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let mutable = !finish.is_empty() || !host_prefix.code.is_empty();
            let request = aws_json_request(ctx, protocol, op_id, input_shape, mutable);
            let prefix = &host_prefix.code;
            quote!(#request #prefix)
        }
    };
    let validate = if input_shape.is_some() {
        quote!(crate::runtime::Validate::validate(input)?;)
    } else {
        quote!(let _ = input;)
    };

    let unhandled = quote!(#module::errors::#error_ty::Unhandled);
    let parse_output = if o.output == prelude::unit() {
        quote!(::std::result::Result::Ok(()))
    } else if let Some(member) = ctx.event_stream_member(&o.output) {
        // Event streams are a binary framing, not JSON: reading one as JSON would be wrong.
        let message =
            format!("the `{member}` member is an event stream, which this generated code does not read");
        quote!(::std::result::Result::Err(#unhandled(crate::runtime::UnhandledError::unreadable(
            response.status,
            crate::runtime::JsonError::new(0, #message),
        ))))
    } else {
        let f = response_fn(ctx, &o.output);
        quote! {
            match #f(response) {
                ::std::result::Result::Ok(output) => ::std::result::Result::Ok(output),
                ::std::result::Result::Err(e) => ::std::result::Result::Err(#unhandled(
                    crate::runtime::UnhandledError::unreadable(response.status, e),
                )),
            }
        }
    };
    let request_body = match input_shape.and_then(|s| ctx.event_stream_member(&s.id)) {
        Some(member) => {
            let message =
                format!("the `{member}` member is an event stream, which this generated code does not send");
            quote! {
                let _ = input;
                ::std::result::Result::Err(crate::runtime::RequestError::Unsupported(#message.into()))
            }
        }
        None => quote! {
            #fill_tokens
            #serialize
            #(#finish)*
            ::std::result::Result::Ok(request.with_content_length())
        },
    };
    // The service's error reader picks and reads the modeled error; here it is only moved
    // into this operation's enum. An error of the service that this operation does not
    // declare stays `Unhandled`, with its code and message.
    let errors = operation_errors(ctx, op_id);
    let all_errors = super::errors::service_errors(ctx);
    let read_error = if all_errors.is_empty() {
        quote!(#unhandled(crate::runtime::error_envelope(response).into_unhandled(response.status, ::std::option::Option::None)))
    } else {
        let arms = errors.iter().map(|e| {
            let variant = super::errors::error_variant(ctx, e);
            quote!(::std::result::Result::Ok(AnyError::#variant(e)) => #module::errors::#error_ty::#variant(e),)
        });
        let others = (errors.len() < all_errors.len()).then(
            || quote!(::std::result::Result::Ok(other) => #unhandled(other.into_unhandled(response.status)),),
        );
        quote! {
            match read_error(response) {
                #(#arms)*
                #others
                ::std::result::Result::Err(unhandled) => #unhandled(unhandled),
            }
        }
    };
    let input_from_json = match input_shape {
        Some(shape) => {
            let f = super::json_de::de_fn_name(ctx, &shape.id);
            quote! {
                let input = #module::de::#f(&mut reader)?;
                reader.end()?;
                ::std::result::Result::Ok(input)
            }
        }
        None => quote! {
            reader.skip()?;
            reader.end()?;
            ::std::result::Result::Ok(())
        },
    };
    let output_to_json = if o.output == prelude::unit() {
        quote!(let _ = output; w.begin_object(); w.end_object();)
    } else {
        let f = super::json_ser::ser_fn_name(ctx, &o.output);
        quote!(#module::ser::#f(&mut w, output);)
    };

    let cli_json = super::cfg_cli_json();
    // The marker derives nothing: no one outside the crate can hold a value of it, and each
    // derived impl costs the compiler about as much as a function (79 markers × 3 derives were
    // 2 % of the instructions to check app-stream).
    Ok(quote! {
        #doc
        #[doc = ""]
        #[doc = #smithy]
        #[doc = ""]
        #[doc = " A namespace for the operation's functions, not a value: it cannot be built outside"]
        #[doc = " this crate."]
        #[non_exhaustive]
        pub struct #name;

        #[allow(deprecated)]
        impl #name {
            /// The operation's name in the model.
            pub const NAME: &'static str = #op_name;

            // The entry points are `#[inline]`: each is compiled in the crate that calls it, not
            // in this one. A client calls a few of a service's operations, so a rebuild of
            // this crate does not compile them all (see BENCHMARKS.md). What they call (the
            // serializers, deserializers, validation) is compiled here, once.

            /// Checks the input against the model's constraints, then serializes the request.
            #[inline]
            pub fn request(input: &#input_ty) -> ::std::result::Result<crate::runtime::HttpRequest, crate::runtime::RequestError> {
                #validate
                Self::request_unvalidated(input)
            }

            /// Serializes the request without checking constraints (the service still will).
            #[inline]
            pub fn request_unvalidated(input: &#input_ty) -> ::std::result::Result<crate::runtime::HttpRequest, crate::runtime::RequestError> {
                #request_body
            }

            /// Reads a response: the output on success, the operation's error otherwise.
            #[inline]
            pub fn parse_response(response: &crate::runtime::HttpResponse) -> ::std::result::Result<#output_ty, #module::errors::#error_ty> {
                if (200..300).contains(&response.status) {
                    return #parse_output;
                }
                ::std::result::Result::Err(#read_error)
            }

            /// Reads the input from JSON keyed by the model's member names (as the AWS CLI's
            /// `--cli-input-json` takes it).
            #cli_json
            pub fn input_from_json(json: &[u8]) -> ::std::result::Result<#input_ty, crate::runtime::JsonError> {
                let mut reader = crate::runtime::json_read::JsonReader::new(json);
                #input_from_json
            }

            /// Writes the output as JSON keyed by the model's member names.
            #cli_json
            pub fn output_to_json(output: &#output_ty) -> ::std::result::Result<::std::string::String, ::std::string::String> {
                let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::MemberName);
                #output_to_json
                w.finish()
            }
        }
    })
}

/// Fills unset `@idempotencyToken` members with a fresh token, on a copy of the input.
fn idempotency_fill(ctx: &ServiceCtx, input: Option<&Shape>) -> TokenStream {
    let Some(shape) = input else { return quote!() };
    let fields: Vec<_> = shape
        .members()
        .into_iter()
        .filter(|m| m.has_trait("smithy.api#idempotencyToken"))
        .filter(|m| matches!(super::rust_types::optionality(ctx, shape, m), super::Optionality::Optional))
        .map(|m| ctx.names.member_ident(&shape.id, &m.name))
        .collect();
    if fields.is_empty() {
        return quote!();
    }
    quote! {
        let filled;
        let input = if #(input.#fields.is_none())||* {
            let mut copy = ::std::clone::Clone::clone(input);
            #(if copy.#fields.is_none() {
                copy.#fields = ::std::option::Option::Some(crate::runtime::idempotency_token());
            })*
            filled = copy;
            &filled
        } else {
            input
        };
    }
}

fn rest_json_request(
    ctx: &ServiceCtx,
    op: &Shape,
    input: Option<&Shape>,
    host_prefix: &HostPrefix,
) -> Result<TokenStream> {
    let bound = request_bindings(ctx, op, input)?;
    let body = match input {
        Some(shape) => request_body(ctx, shape, &bound.body),
        None => quote!(),
    };
    let (uri, method, parts) = (bound.uri, bound.method, bound.parts);
    let mutable = !parts.is_empty() || !body.is_empty() || !host_prefix.code.is_empty();
    // A host prefix without labels makes the request mutable but reads nothing from the input.
    let reads_input = !parts.is_empty() || !body.is_empty() || bound.has_labels || host_prefix.reads_input;
    let unused = if reads_input { quote!() } else { quote!(let _ = input;) };
    let binding = if mutable { quote!(let mut request) } else { quote!(let request) };
    let prefix = &host_prefix.code;
    let uri_binding = if uri.is_empty() { quote!(let uri) } else { quote!(let mut uri) };
    Ok(quote! {
        #uri_binding = ::std::string::String::new();
        #uri
        #binding = crate::runtime::HttpRequest::new(#method, uri);
        #(#parts)*
        #body
        #prefix
        #unused
    })
}

fn aws_json_request(
    ctx: &ServiceCtx,
    protocol: Protocol,
    op: &ShapeId,
    input: Option<&Shape>,
    mutable: bool,
) -> TokenStream {
    let content_type = match protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    let target = format!("{}.{}", ctx.selection.service.name(), op.name());
    let (write, body) = match input {
        Some(shape) => {
            let f = super::json_ser::ser_fn_name(ctx, &shape.id);
            let module = ctx.module_path();
            let write = quote! {
                let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::Wire);
                #module::ser::#f(&mut w, input);
            };
            (write, quote!(w.finish()))
        }
        None => (quote!(let _ = input;), quote!(::std::result::Result::Ok("{}".into()))),
    };
    let binding = if mutable { quote!(let mut request) } else { quote!(let request) };
    quote! {
        #write
        #binding = crate::runtime::HttpRequest::aws_json(#content_type, #target, #body)?;
    }
}

/// The statements setting a request's host prefix (none without `@endpoint`), and whether
/// they read the input (only when the prefix has labels).
struct HostPrefix {
    code: TokenStream,
    reads_input: bool,
}

/// `@endpoint(hostPrefix: "{label}.data.")`: the prefix with `@hostLabel` members filled in.
fn host_prefix(ctx: &ServiceCtx, op: &Shape, input: Option<&Shape>) -> Result<HostPrefix> {
    let Some(prefix) =
        op.trait_value("smithy.api#endpoint").and_then(|e| e.get("hostPrefix")).and_then(|p| p.as_str())
    else {
        return Ok(HostPrefix { code: quote!(), reads_input: false });
    };
    let mut pieces = Vec::new();
    let mut rest = prefix;
    let mut reads_input = false;
    while let Some(open) = rest.find('{') {
        reads_input = true;
        pieces.push(super::push_text(quote!(prefix), &rest[..open]));
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| Error::shape(&op.id, "@endpoint hostPrefix has an unclosed label"))?;
        let label = &rest[open + 1..open + close];
        let (Some(shape), Some(m)) =
            (input, input.and_then(|s| s.members().into_iter().find(|m| m.name == label)))
        else {
            return Err(Error::shape(&op.id, format!("hostPrefix label `{label}` has no input member")));
        };
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let message = format!("the host label `{label}` must be set and not empty");
        let get = match super::rust_types::optionality(ctx, shape, m) {
            super::Optionality::Optional => quote!(input.#field.as_deref().unwrap_or_default()),
            _ => quote!(input.#field.as_str()),
        };
        pieces.push(quote! {
            let label: &str = #get;
            if label.is_empty() {
                return ::std::result::Result::Err(crate::runtime::RequestError::Serialize(#message.into()));
            }
            prefix.push_str(label);
        });
        rest = &rest[open + close + 1..];
    }
    pieces.push(super::push_text(quote!(prefix), rest));
    let code = quote! {
        let mut prefix = ::std::string::String::new();
        #(#pieces)*
        request.host_prefix = ::std::option::Option::Some(prefix);
    };
    Ok(HostPrefix { code, reads_input })
}

/// `AnyError` and `read_error`: an error response is matched against the service's error codes
/// once, here, rather than in every operation's `parse_response`.
fn any_error(ctx: &ServiceCtx) -> TokenStream {
    let errors = super::errors::service_errors(ctx);
    if errors.is_empty() {
        return quote!();
    }
    let variants: Vec<_> = errors.iter().map(|e| super::errors::error_variant(ctx, e)).collect();
    let types = errors.iter().map(|e| ctx.type_path(e));
    let codes = errors.iter().map(|e| e.name().to_owned());
    let readers = errors.iter().map(|e| response_fn(ctx, e));
    // Needed only where an operation declares fewer errors than the service has.
    let undeclared = ctx.selection.operations.iter().any(|op| operation_errors(ctx, op).len() < errors.len());
    let inline = super::debug_inline();
    let into_unhandled = undeclared.then(|| {
        // One variant is a plain `let` (clippy: no `match` for an infallible pattern).
        let error = match variants.as_slice() {
            [only] => quote!(let AnyError::#only(error) = &self;),
            _ => quote! {
                let error: &dyn crate::runtime::ServiceError = match &self {
                    #(AnyError::#variants(e) => e,)*
                };
            },
        };
        quote! {
            impl AnyError {
                /// An error the operation does not declare: kept as its code and message.
                #inline
                fn into_unhandled(self, status: u16) -> crate::runtime::UnhandledError {
                    #error
                    crate::runtime::UnhandledError::undeclared(error, status)
                }
            }
        }
    });
    quote! {
        /// A modeled error of the service, read from an error response.
        #[allow(clippy::enum_variant_names)]
        enum AnyError {
            #(#variants(#types),)*
        }

        #into_unhandled

        /// The modeled error an error response's code names, or `Unhandled` (also when the
        /// modeled error cannot be read).
        #inline
        fn read_error(response: &crate::runtime::HttpResponse) -> ::std::result::Result<AnyError, crate::runtime::UnhandledError> {
            let envelope = crate::runtime::error_envelope(response);
            let read = match envelope.code.as_deref() {
                #(::std::option::Option::Some(#codes) => match #readers(response) {
                    ::std::result::Result::Ok(e) => AnyError::#variants(e),
                    ::std::result::Result::Err(e) => {
                        return ::std::result::Result::Err(envelope.into_unhandled(response.status, ::std::option::Option::Some(e)))
                    }
                },)*
                _ => return ::std::result::Result::Err(envelope.into_unhandled(response.status, ::std::option::Option::None)),
            };
            ::std::result::Result::Ok(read)
        }
    }
}

/// By-name entry points for tools that pick the operation at run time.
fn dispatcher(ctx: &ServiceCtx) -> TokenStream {
    let names: Vec<String> = ctx.selection.operations.iter().map(|op| op.name().to_owned()).collect();
    let idents: Vec<_> =
        ctx.selection.operations.iter().map(|op| format_ident!("{}", ctx.names.operation(op))).collect();
    let cli_json = super::cfg_cli_json();
    quote! {
        /// Every operation this module can call, by model name.
        pub const OPERATION_NAMES: &[&str] = &[#(#names),*];

        /// Reads `params` (member-name JSON) into the named operation's input and serializes the
        /// request; `None` when the module has no such operation.
        #cli_json
        pub fn request_from_json(
            operation: &str,
            params: &[u8],
            validate: bool,
        ) -> ::std::option::Option<::std::result::Result<crate::runtime::HttpRequest, crate::runtime::RequestError>> {
            let request = match operation {
                #(#names => #idents::input_from_json(params)
                    .map_err(|e| crate::runtime::RequestError::Input(e.to_string()))
                    .and_then(|input| if validate { #idents::request(&input) } else { #idents::request_unvalidated(&input) }),)*
                _ => return ::std::option::Option::None,
            };
            ::std::option::Option::Some(request)
        }

        /// Parses a response of the named operation: the output as member-name JSON, or the
        /// error's code and message; `None` when the module has no such operation.
        #cli_json
        pub fn response_to_json(
            operation: &str,
            response: &crate::runtime::HttpResponse,
        ) -> ::std::option::Option<::std::result::Result<::std::string::String, crate::runtime::ErrorSummary>> {
            let summary = |code: ::std::option::Option<&str>, message: ::std::option::Option<&str>, fields| crate::runtime::ErrorSummary {
                code: code.map(::std::borrow::ToOwned::to_owned),
                message: message.map(::std::borrow::ToOwned::to_owned),
                fields,
            };
            let result = match operation {
                #(#names => match #idents::parse_response(response) {
                    ::std::result::Result::Ok(output) => #idents::output_to_json(&output)
                        .map_err(|e| summary(::std::option::Option::None, ::std::option::Option::Some(&e), ::std::option::Option::None)),
                    ::std::result::Result::Err(e) => {
                        // Without a message from the service, the error's own description.
                        let text = e.message().map_or_else(|| e.to_string(), ::std::borrow::ToOwned::to_owned);
                        ::std::result::Result::Err(summary(e.code(), ::std::option::Option::Some(&text), e.to_json()))
                    }
                },)*
                _ => return ::std::option::Option::None,
            };
            ::std::option::Option::Some(result)
        }
    }
}
