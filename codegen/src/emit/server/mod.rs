//! The server half (`server.rs`, feature `server`): the request of any operation parsed into
//! its typed input (routed, read, validated), a trait with one async method per operation for
//! the user to implement, `handle` to answer a request with it, and per operation the output
//! and error responses.
//!
//! awsJson1_0 and awsJson1_1 route by `X-Amz-Target` and read the body; restJson1 (in
//! [`rest`]) routes by method and URI pattern and reads every HTTP binding.

mod modeled_validation;
mod rest;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::errors::{error_enum_ident, error_variant, operation_errors, service_errors};
use super::ServiceCtx;
use crate::model::{ShapeId, ShapeKind};
use crate::prelude;
use crate::protocol::Protocol;

/// `server.rs`, for the protocols the server half speaks ([`ServiceCtx::has_server`]).
pub fn server_file(ctx: &ServiceCtx, protocol: Protocol) -> crate::error::Result<TokenStream> {
    let protocol_tokens = match protocol {
        Protocol::AwsJson1_0 => quote!(crate::runtime::server::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(crate::runtime::server::Protocol::AwsJson1_1),
        Protocol::RestJson1 => quote!(crate::runtime::server::Protocol::RestJson1),
    };
    let rest_json = protocol == Protocol::RestJson1;
    let service_name = ctx.selection.service.name();
    let ops: Vec<Op> = ctx.selection.operations.iter().filter_map(|id| Op::new(ctx, id)).collect();
    let input_enum = input_enum(ctx, &ops);
    let parse = if rest_json { rest::parse_request(ctx, &ops)? } else { parse_request(ctx, &ops) };
    let service_trait = service_trait(ctx, &ops);
    let handle = handle(&ops);
    let rejection = modeled_validation::rejection_response(ctx, &service_errors(ctx));
    let responses = ops.iter().map(|op| responses(ctx, op, rest_json));
    let error_fns = service_errors(ctx).into_iter().map(|e| error_fn(ctx, &e, rest_json));
    let by_name = by_name(ctx, &ops);
    let service_const = (!rest_json).then(|| {
        quote! {
            /// The service's name, as `X-Amz-Target` prefixes it.
            const SERVICE: &str = #service_name;
        }
    });
    Ok(quote! {
        /// The protocol this service speaks.
        pub const PROTOCOL: crate::runtime::server::Protocol = #protocol_tokens;

        #service_const

        #input_enum
        #parse
        #service_trait
        #handle
        #rejection
        #(#responses)*
        #(#error_fns)*
        #by_name
    })
}

/// What the server half needs to know of one operation.
struct Op {
    id: ShapeId,
    /// The model's name (`BatchAssociateUserStack`).
    name: String,
    /// The marker type (`operations::BatchAssociateUserStack`) and the enum variant.
    ident: proc_macro2::Ident,
    /// The trait method (`batch_associate_user_stack`).
    method: proc_macro2::Ident,
    input: Option<ShapeId>,
    output: Option<ShapeId>,
    /// The input or output is an event stream, which this server does not read or write.
    event_stream: bool,
}

impl Op {
    fn new(ctx: &ServiceCtx, id: &ShapeId) -> Option<Op> {
        let ShapeKind::Operation(o) = &ctx.model.expect(id).kind else { return None };
        let some = |s: &ShapeId| (*s != prelude::unit()).then(|| s.clone());
        let method = crate::names::field_name(id.name());
        Some(Op {
            id: id.clone(),
            name: id.name().to_owned(),
            ident: format_ident!("{}", ctx.names.operation(id)),
            method: crate::names::ident(&method),
            input: some(&o.input),
            output: some(&o.output),
            event_stream: ctx.event_stream_member(&o.input).is_some()
                || ctx.event_stream_member(&o.output).is_some(),
        })
    }

    fn input_type(&self, ctx: &ServiceCtx) -> TokenStream {
        self.input.as_ref().map_or_else(|| quote!(()), |id| ctx.type_path(id))
    }

    fn output_type(&self, ctx: &ServiceCtx) -> TokenStream {
        self.output.as_ref().map_or_else(|| quote!(()), |id| ctx.type_path(id))
    }
}

fn input_enum(ctx: &ServiceCtx, ops: &[Op]) -> TokenStream {
    let variants = ops.iter().map(|op| {
        let (ident, ty) = (&op.ident, op.input_type(ctx));
        let doc = format!(" The input of `{}`.", op.name);
        quote!(#[doc = #doc] #ident(#ty),)
    });
    let names = ops.iter().map(|op| {
        let (ident, name) = (&op.ident, &op.name);
        quote!(Self::#ident(_) => #name,)
    });
    let module = ctx.module_path();
    let to_json = ops.iter().map(|op| {
        let ident = &op.ident;
        match &op.input {
            Some(id) => {
                let f = super::json_ser::ser_fn_name(ctx, id);
                quote!(Self::#ident(input) => #module::ser::#f(&mut w, input),)
            }
            None => quote!(Self::#ident(()) => { w.begin_object(); w.end_object(); }),
        }
    });
    let from_json = ops.iter().map(|op| {
        let (ident, name) = (&op.ident, &op.name);
        quote!(#name => #module::operations::#ident::input_from_json(params).map(Self::#ident),)
    });
    let cli_json = super::cfg_cli_json();
    quote! {
        /// A request's operation and its input, read and validated.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum OperationInput {
            #(#variants)*
        }

        impl OperationInput {
            /// The operation's name in the model.
            pub fn operation_name(&self) -> &'static str {
                match self {
                    #(#names)*
                }
            }

            /// The input as JSON keyed by the model's member names.
            #cli_json
            pub fn to_json(&self) -> ::std::result::Result<::std::string::String, ::std::string::String> {
                let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::MemberName);
                match self {
                    #(#to_json)*
                }
                w.finish()
            }

            /// The named operation's input from JSON keyed by the model's member names; `None`
            /// for an operation the service does not have.
            #cli_json
            pub fn from_json(operation: &str, params: &[u8]) -> ::std::option::Option<::std::result::Result<Self, crate::runtime::JsonError>> {
                ::std::option::Option::Some(match operation {
                    #(#from_json)*
                    _ => return ::std::option::Option::None,
                })
            }
        }
    }
}

fn parse_request(ctx: &ServiceCtx, ops: &[Op]) -> TokenStream {
    let module = ctx.module_path();
    let arms = ops.iter().map(|op| {
        let (ident, name) = (&op.ident, &op.name);
        if op.event_stream {
            let message = format!("`{name}` streams events, which this generated server does not read");
            return quote!(#name => ::std::result::Result::Err(crate::runtime::server::ServerError::Internal(#message.into())),);
        }
        match &op.input {
            Some(id) => {
                let f = super::json_de::de_fn_name(ctx, id);
                let defaults = fill_defaults(ctx, id);
                let binding = if defaults.is_empty() { quote!(let (input, absent)) } else { quote!(let (mut input, absent)) };
                quote! {
                    #name => {
                        #binding = crate::runtime::server::read_json_input(&request.body, #module::de::#f)?;
                        #defaults
                        if validate {
                            crate::runtime::server::validate_input(&input, absent)?;
                        }
                        ::std::result::Result::Ok(OperationInput::#ident(input))
                    }
                }
            }
            None => quote! {
                #name => {
                    crate::runtime::server::read_empty_body(&request.body)?;
                    ::std::result::Result::Ok(OperationInput::#ident(()))
                }
            },
        }
    });
    // With no operation that has an input, `validate` decides nothing.
    let validates = ops.iter().any(|op| !op.event_stream && op.input.is_some());
    let validate_used = if validates { quote!() } else { quote!(let _ = validate;) };
    let entry_points = parse_entry_points(quote! {
        /// Routes a request to its operation and reads its input, checked against the model's
        /// constraints. The error is what the protocol answers instead
        /// ([`ServerError::response`](crate::runtime::server::ServerError::response)).
    });
    quote! {
        #entry_points

        fn parse(request: &crate::runtime::server::ServerRequest, validate: bool) -> ::std::result::Result<OperationInput, crate::runtime::server::ServerError> {
            let operation = crate::runtime::server::aws_json_operation(request, PROTOCOL, SERVICE)?;
            #validate_used
            match operation {
                #(#arms)*
                other => ::std::result::Result::Err(crate::runtime::server::ServerError::UnknownOperation(other.to_owned())),
            }
        }
    }
}

/// `parse_request` (documented by `doc`) and `parse_request_unvalidated`, over the protocol's
/// `parse(request, validate)`.
fn parse_entry_points(doc: TokenStream) -> TokenStream {
    quote! {
        #doc
        pub fn parse_request(request: &crate::runtime::server::ServerRequest) -> ::std::result::Result<OperationInput, crate::runtime::server::ServerError> {
            parse(request, true)
        }

        /// [`parse_request`] without checking the input against the model's constraints
        /// (required members included; `@default`s are still filled): what the request
        /// holds, for tests and tools.
        pub fn parse_request_unvalidated(request: &crate::runtime::server::ServerRequest) -> ::std::result::Result<OperationInput, crate::runtime::server::ServerError> {
            parse(request, false)
        }
    }
}

/// A server fills the input's `@default`s that the request left out (an `@input` structure's
/// fields are all `Option`, as a client sees them, so reading does not).
fn fill_defaults(ctx: &ServiceCtx, input: &ShapeId) -> TokenStream {
    let shape = ctx.model.expect(input);
    let fills = shape.members().into_iter().filter_map(|m| {
        let value = m.trait_value("smithy.api#default").filter(|v| !v.is_null())?;
        // Members that are not `Option` got their default when read.
        let optional = matches!(super::rust_types::optionality(ctx, shape, m), super::Optionality::Optional);
        if !optional || ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
            return None;
        }
        let suffix = super::rust_types::default_expr(ctx, m, value)?;
        let field = ctx.names.member_ident(&shape.id, &m.name);
        Some(quote!(input.#field = ::std::option::Option::Some(input.#field.take() #suffix);))
    });
    quote!(#(#fills)*)
}

fn service_trait(ctx: &ServiceCtx, ops: &[Op]) -> TokenStream {
    let module = ctx.module_path();
    let methods = ops.iter().map(|op| {
        let (method, input, output) = (&op.method, op.input_type(ctx), op.output_type(ctx));
        let error = error_enum_ident(ctx, &op.id);
        let doc = crate::docs::doc_attrs(super::shape_doc(ctx.model.expect(&op.id)));
        let smithy = format!(" Smithy operation `{}`.", op.id);
        quote! {
            #doc
            #[doc = ""]
            #[doc = #smithy]
            fn #method(&self, input: #input) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #module::errors::#error>> + ::std::marker::Send;
        }
    });
    quote! {
        /// The service, for a server to implement: one method per operation, each given an
        /// input that has passed the model's constraints. A modeled error is answered with its
        /// status and type; `Unhandled` is answered as an internal failure (status 500).
        pub trait Service: ::std::marker::Send + ::std::marker::Sync {
            #(#methods)*
        }
    }
}

fn handle(ops: &[Op]) -> TokenStream {
    let arms = ops.iter().map(|op| {
        let (ident, method) = (&op.ident, &op.method);
        quote! {
            OperationInput::#ident(input) => match service.#method(input).await {
                ::std::result::Result::Ok(output) => super::operations::#ident::output_response(&output),
                ::std::result::Result::Err(error) => super::operations::#ident::error_response(&error),
            },
        }
    });
    quote! {
        /// Answers a request with the service: routed, read and validated by [`parse_request`],
        /// then the operation's output or error as the protocol writes it.
        pub async fn handle<S: Service>(service: &S, request: &crate::runtime::server::ServerRequest) -> crate::runtime::HttpResponse {
            let input = match parse_request(request) {
                ::std::result::Result::Ok(input) => input,
                ::std::result::Result::Err(error) => return rejection_response(error),
            };
            match input {
                #(#arms)*
            }
        }
    }
}

/// `output_response` and `error_response` on the operation's marker.
fn responses(ctx: &ServiceCtx, op: &Op, rest_json: bool) -> TokenStream {
    let module = ctx.module_path();
    let (ident, output) = (&op.ident, op.output_type(ctx));
    let error = error_enum_ident(ctx, &op.id);
    let write_output = match &op.output {
        _ if op.event_stream => {
            let message = format!("`{}` streams events, which this generated server does not write", op.name);
            quote! {
                let _ = output;
                crate::runtime::server::ServerError::Internal(#message.into()).response(PROTOCOL)
            }
        }
        Some(id) if rest_json => {
            let status = http_code(ctx, &op.id);
            let parts = rest::response_parts(ctx, ctx.model.expect(id));
            quote! {
                // Deprecated members are still written.
                #[allow(deprecated)]
                let write = || -> ::std::result::Result<crate::runtime::HttpResponse, crate::runtime::RequestError> {
                    // The bindings' code reads `input` (unless nothing of it is on the wire).
                    #[allow(unused_variables)]
                    let input = output;
                    let mut request = crate::runtime::HttpResponse::new(#status, ::std::vec::Vec::new(), ::std::vec::Vec::new());
                    #parts
                    ::std::result::Result::Ok(crate::runtime::server::with_content_length(request))
                };
                match write() {
                    ::std::result::Result::Ok(response) => response,
                    ::std::result::Result::Err(why) => crate::runtime::server::ServerError::Internal(why.to_string()).response(PROTOCOL),
                }
            }
        }
        None if rest_json => {
            let status = http_code(ctx, &op.id);
            quote! {
                let _ = output;
                crate::runtime::server::with_content_length(crate::runtime::HttpResponse::new(#status, ::std::vec::Vec::new(), ::std::vec::Vec::new()))
            }
        }
        Some(id) => {
            let f = super::json_ser::ser_fn_name(ctx, id);
            quote! {
                let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::Wire);
                #module::ser::#f(&mut w, output);
                match w.finish() {
                    ::std::result::Result::Ok(body) => crate::runtime::server::json_response(PROTOCOL, 200, body),
                    ::std::result::Result::Err(why) => crate::runtime::server::ServerError::Internal(why).response(PROTOCOL),
                }
            }
        }
        None => quote! {
            let _ = output;
            crate::runtime::server::empty_response(PROTOCOL)
        },
    };
    let arms = operation_errors(ctx, &op.id).into_iter().map(|e| {
        let variant = error_variant(ctx, &e);
        let f = error_fn_name(ctx, &e);
        quote!(#module::errors::#error::#variant(e) => #f(e),)
    });
    quote! {
        impl super::operations::#ident {
            /// The response for the operation's output.
            pub fn output_response(output: &#output) -> crate::runtime::HttpResponse {
                #write_output
            }

            /// The response for one of the operation's errors: a modeled error with its status
            /// and type, `Unhandled` as an internal failure.
            pub fn error_response(error: &#module::errors::#error) -> crate::runtime::HttpResponse {
                match error {
                    #(#arms)*
                    #module::errors::#error::Unhandled(e) => crate::runtime::server::ServerError::Internal(e.to_string()).response(PROTOCOL),
                }
            }
        }
    }
}

fn error_fn_name(ctx: &ServiceCtx, error: &ShapeId) -> proc_macro2::Ident {
    format_ident!("error_{}", ctx.names.stem(error))
}

/// The status of an error: `@httpError`, else 400 for the client's fault, 500 for the server's.
fn error_status(ctx: &ServiceCtx, error: &ShapeId) -> u16 {
    let shape = ctx.model.expect(error);
    let explicit = shape.trait_value("smithy.api#httpError").and_then(|v| v.as_u64());
    let fault = shape.trait_value("smithy.api#error").and_then(|v| v.as_str());
    explicit.and_then(|s| u16::try_from(s).ok()).unwrap_or(if fault == Some("server") { 500 } else { 400 })
}

/// The status of a successful response: `@http(code: ...)`, 200 by default.
fn http_code(ctx: &ServiceCtx, op: &ShapeId) -> u16 {
    ctx.model
        .expect(op)
        .trait_value("smithy.api#http")
        .and_then(|h| h.get("code"))
        .and_then(|c| c.as_u64())
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(200)
}

fn error_fn(ctx: &ServiceCtx, error: &ShapeId, rest_json: bool) -> TokenStream {
    let module = ctx.module_path();
    let name = error_fn_name(ctx, error);
    let ty = ctx.type_path(error);
    let ser = super::json_ser::ser_fn_name(ctx, error);
    let status = error_status(ctx, error);
    let code = error.to_string();
    if rest_json {
        let parts = rest::response_parts(ctx, ctx.model.expect(error));
        let error_type = error.name();
        return quote! {
            fn #name(error: &#ty) -> crate::runtime::HttpResponse {
                // Deprecated members are still written.
                #[allow(deprecated)]
                let write = || -> ::std::result::Result<crate::runtime::HttpResponse, crate::runtime::RequestError> {
                    #[allow(unused_variables)]
                    let input = error;
                    let mut request = crate::runtime::HttpResponse::new(#status, ::std::vec::Vec::new(), ::std::vec::Vec::new());
                    request.headers.push(("X-Amzn-Errortype".into(), #error_type.into()));
                    #parts
                    ::std::result::Result::Ok(crate::runtime::server::with_content_length(request))
                };
                match write() {
                    ::std::result::Result::Ok(response) => response,
                    ::std::result::Result::Err(why) => crate::runtime::server::ServerError::Internal(why.to_string()).response(PROTOCOL),
                }
            }
        };
    }
    quote! {
        fn #name(error: &#ty) -> crate::runtime::HttpResponse {
            let mut w = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::Wire);
            #module::ser::#ser(&mut w, error);
            match w.finish() {
                ::std::result::Result::Ok(body) => crate::runtime::server::error_response(PROTOCOL, #status, #code, body),
                ::std::result::Result::Err(why) => crate::runtime::server::ServerError::Internal(why).response(PROTOCOL),
            }
        }
    }
}

/// Responses from JSON keyed by member name, by operation and error name: for tools and the
/// protocol tests, under `cli-json`.
fn by_name(ctx: &ServiceCtx, ops: &[Op]) -> TokenStream {
    let module = ctx.module_path();
    let outputs = ops.iter().map(|op| {
        let (ident, name) = (&op.ident, &op.name);
        let read = match &op.output {
            Some(id) => {
                let f = super::json_de::de_fn_name(ctx, id);
                quote!(crate::runtime::server::read_json_body(params, #module::de::#f))
            }
            None => quote!(crate::runtime::server::read_empty_body(params)),
        };
        quote!(#name => #read.map(|output| super::operations::#ident::output_response(&output)),)
    });
    let errors: Vec<TokenStream> = ops.iter().flat_map(|op| {
        let (ident, name) = (&op.ident, &op.name);
        let error = error_enum_ident(ctx, &op.id);
        let module = module.clone();
        operation_errors(ctx, &op.id).into_iter().map(move |e| {
            let variant = error_variant(ctx, &e);
            let f = super::json_de::de_fn_name(ctx, &e);
            let error_name = e.name().to_owned();
            let error = error.clone();
            quote! {
                (#name, #error_name) => crate::runtime::server::read_json_body(params, #module::de::#f)
                    .map(|e| super::operations::#ident::error_response(&#module::errors::#error::#variant(e))),
            }
        })
    }).collect();
    // Without arms, a `match` would be all `_` (clippy and rustc both object).
    let output_body = if ops.is_empty() {
        quote!(let _ = (operation, params); ::std::option::Option::None)
    } else {
        quote! {
            ::std::option::Option::Some(match operation {
                #(#outputs)*
                _ => return ::std::option::Option::None,
            })
        }
    };
    let error_body = if errors.is_empty() {
        quote!(let _ = (operation, error, params); ::std::option::Option::None)
    } else {
        quote! {
            ::std::option::Option::Some(match (operation, error) {
                #(#errors)*
                _ => return ::std::option::Option::None,
            })
        }
    };
    let cli_json = super::cfg_cli_json();
    quote! {
        /// The named operation's output response, the output given as JSON keyed by member
        /// name; `None` for an operation the service does not have.
        #cli_json
        pub fn output_response_from_json(operation: &str, params: &[u8]) -> ::std::option::Option<::std::result::Result<crate::runtime::HttpResponse, crate::runtime::server::ServerError>> {
            #output_body
        }

        /// The response for the named error of the named operation, the error given as JSON
        /// keyed by member name; `None` when the operation has no such error.
        #cli_json
        pub fn error_response_from_json(operation: &str, error: &str, params: &[u8]) -> ::std::option::Option<::std::result::Result<crate::runtime::HttpResponse, crate::runtime::server::ServerError>> {
            #error_body
        }
    }
}
