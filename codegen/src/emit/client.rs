//! `client.rs` of a service (feature `client`): a `Client` with one async method per
//! operation, named as aws-sdk-rust names them, that builds the request with the operation's
//! serializer, resolves the endpoint from the model's rule set (embedded as JSON), signs,
//! sends with retries (the runtime's `client::ClientCore`) and reads the response with the
//! operation's `parse_response`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::ServiceCtx;
use crate::model::{ShapeId, ShapeKind, SimpleType};
use crate::prelude;

pub fn client_file(ctx: &ServiceCtx) -> TokenStream {
    let module = ctx.module_path();
    let service = ctx.model.expect(&ctx.selection.service);
    let rules = crate::endpoint_rule_set(ctx.model, &service.id);
    let rules_json = match &rules {
        Some(json) => quote!(::std::option::Option::Some(#json)),
        None => quote!(::std::option::Option::None),
    };
    let signing_name =
        match service.trait_value("aws.auth#sigv4").and_then(|s| s.get("name")).and_then(Value::as_str) {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        };
    let sdk_id = service
        .trait_value("aws.api#service")
        .and_then(|s| s.get("sdkId"))
        .and_then(Value::as_str)
        .unwrap_or(service.id.name())
        .to_owned();
    let title = service.trait_value("smithy.api#title").and_then(Value::as_str).unwrap_or(service.id.name());
    let client_doc = format!(
        " A client of {title}: one async method per operation, each signing, sending (with retries) \
         and reading one call. `Client::from_env()` reads what the AWS SDKs read (`AWS_REGION`, \
         credentials, `AWS_ENDPOINT_URL_{}`, ...).",
        sdk_id.to_ascii_uppercase().replace([' ', '-'], "_")
    );
    let methods = ctx.selection.operations.iter().filter_map(|op| method(ctx, &module, op));
    quote! {
        use crate::runtime::client::{ClientCore, Config, ConfigBuilder, OperationSpec, SdkError, ServiceSpec};

        static RULES: ::std::sync::OnceLock<::std::result::Result<crate::runtime::endpoint::RuleSet, crate::runtime::endpoint::EndpointError>> = ::std::sync::OnceLock::new();

        /// What the client knows of the service: its endpoint rules and SigV4 signing name.
        static SERVICE: ServiceSpec = ServiceSpec { rules_json: #rules_json, rules: &RULES, signing_name: #signing_name };

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            core: ::std::sync::Arc<ClientCore>,
        }

        impl Client {
            pub fn new(config: Config) -> Self {
                Client { core: ::std::sync::Arc::new(ClientCore::new(config, &SERVICE)) }
            }

            /// A client configured from the environment, as the SDKs configure theirs.
            pub fn from_env() -> ::std::result::Result<Self, ::std::string::String> {
                Ok(Self::new(Self::config_from_env()?.build()))
            }

            /// The environment's settings, to change some before building the client.
            pub fn config_from_env() -> ::std::result::Result<ConfigBuilder, ::std::string::String> {
                Config::from_env(#sdk_id)
            }

            pub fn config(&self) -> &Config {
                self.core.config()
            }

            #(#methods)*
        }
    }
}

fn method(ctx: &ServiceCtx, module: &TokenStream, id: &ShapeId) -> Option<TokenStream> {
    let shape = ctx.model.expect(id);
    let ShapeKind::Operation(op) = &shape.kind else { return None };
    // Event streams are not sent by this client.
    if ctx.event_stream_member(&op.input).is_some() || ctx.event_stream_member(&op.output).is_some() {
        return None;
    }
    let name = id.name();
    let method = crate::names::ident(&crate::names::field_name(name));
    let marker = format_ident!("{}", ctx.names.operation(id));
    let error = super::errors::error_enum_ident(ctx, id);
    let (input_ty, request) = if op.input == prelude::unit() {
        (quote!(()), quote!(#module::operations::#marker::request(&())))
    } else {
        (ctx.type_path(&op.input), quote!(#module::operations::#marker::request(&input)))
    };
    let output_ty = if op.output == prelude::unit() { quote!(()) } else { ctx.type_path(&op.output) };
    let service = ctx.model.expect(&ctx.selection.service);
    let auth = if shape.has_trait("smithy.api#optionalAuth") {
        quote!(crate::runtime::client::Auth::Optional)
    } else if shape.trait_value("smithy.api#auth").and_then(Value::as_array).is_some_and(Vec::is_empty)
        || !service.has_trait("aws.auth#sigv4")
    {
        quote!(crate::runtime::client::Auth::None)
    } else {
        quote!(crate::runtime::client::Auth::SigV4)
    };
    let unsigned = shape.has_trait("aws.auth#unsignedPayload");
    let params = endpoint_params(ctx, shape, &op.input);
    let doc = format!(" Calls `{name}`.");
    let input_param = if op.input == prelude::unit() { quote!() } else { quote!(input: #input_ty) };
    Some(quote! {
        #[doc = #doc]
        // One shape for every operation, whatever parameters it sets.
        #[allow(clippy::vec_init_then_push)]
        pub async fn #method(&self, #input_param) -> ::std::result::Result<#output_ty, SdkError<#module::errors::#error>> {
            #[allow(unused_mut)]
            let mut endpoint_params = ::std::vec::Vec::new();
            #params
            let operation = OperationSpec { name: #name, auth: #auth, unsigned_payload: #unsigned, endpoint_params };
            self.core.call(operation, #request, #module::operations::#marker::parse_response).await
        }
    })
}

/// `staticContextParams` of the operation and `contextParams` of its input's members.
fn endpoint_params(ctx: &ServiceCtx, operation: &crate::model::Shape, input: &ShapeId) -> TokenStream {
    let mut code = Vec::new();
    if let Some(Value::Object(params)) = operation.trait_value("smithy.rules#staticContextParams") {
        for (name, param) in params {
            let value = match param.get("value") {
                Some(Value::String(s)) => quote!(crate::runtime::endpoint::Value::String(#s.to_owned())),
                Some(Value::Bool(b)) => quote!(crate::runtime::endpoint::Value::Bool(#b)),
                Some(Value::Array(items)) => {
                    let items = items.iter().filter_map(Value::as_str);
                    quote!(crate::runtime::endpoint::Value::Array(
                        ::std::vec![#(crate::runtime::endpoint::Value::String(#items.to_owned())),*]
                    ))
                }
                _ => continue,
            };
            code.push(quote!(endpoint_params.push((#name, #value));));
        }
    }
    if *input == prelude::unit() {
        return quote!(#(#code)*);
    }
    let input_shape = ctx.model.expect(input);
    for member in input_shape.members() {
        let Some(name) = member
            .trait_value("smithy.rules#contextParam")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let field = ctx.names.member_ident(&input_shape.id, &member.name);
        let optional = matches!(
            super::rust_types::optionality(ctx, input_shape, member),
            super::rust_types::Optionality::Optional
        );
        let value = match &ctx.model.expect(&member.target).kind {
            ShapeKind::Simple(SimpleType::String) => {
                quote!(crate::runtime::endpoint::Value::String(::std::clone::Clone::clone(v)))
            }
            ShapeKind::Enum(_) => quote!(crate::runtime::endpoint::Value::String(v.as_str().to_owned())),
            ShapeKind::Simple(SimpleType::Boolean) => quote!(crate::runtime::endpoint::Value::Bool(*v)),
            _ => continue,
        };
        code.push(if optional {
            quote!(if let ::std::option::Option::Some(v) = &input.#field { endpoint_params.push((#name, #value)); })
        } else {
            quote!({ let v = &input.#field; endpoint_params.push((#name, #value)); })
        });
    }
    quote!(#(#code)*)
}
