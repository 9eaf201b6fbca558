//! The restJson1 parts of the server half: the route table, reading an input from its labels,
//! query, headers, payload and body (strictly: a value that does not parse is a malformed
//! request), and writing outputs and errors with their HTTP bindings.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Op;
use crate::emit::http_bindings::{binding, header_part, request_body, Binding};
use crate::emit::ServiceCtx;
use crate::error::{Error, Result};
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};

/// `ROUTES` and `parse_request`, with one reader per operation.
pub fn parse_request(ctx: &ServiceCtx, ops: &[Op]) -> Result<TokenStream> {
    let mut routes = Vec::new();
    let mut arms = Vec::new();
    let mut readers = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let shape = ctx.model.expect(&op.id);
        let http = shape
            .trait_value("smithy.api#http")
            .ok_or_else(|| Error::shape(&op.id, "restJson1 operation without @http"))?;
        let method = http.get("method").and_then(|m| m.as_str()).unwrap_or("POST");
        let uri = http.get("uri").and_then(|m| m.as_str()).unwrap_or("/");
        let (segments, labels, query) = pattern(&op.id, uri)?;
        let query = query.iter().map(|(k, v)| match v {
            Some(v) => quote!((#k, ::std::option::Option::Some(#v))),
            None => quote!((#k, ::std::option::Option::None)),
        });
        routes.push(quote! {
            crate::runtime::rest::Route { method: #method, segments: &[#(#segments),*], query: &[#(#query),*] },
        });
        let (ident, name) = (&op.ident, &op.name);
        if op.event_stream {
            let message = format!("`{name}` streams events, which this generated server does not read");
            arms.push(quote!(#index => ::std::result::Result::Err(crate::runtime::server::ServerError::Internal(#message.into())),));
            continue;
        }
        match &op.input {
            Some(id) => {
                // Per operation: operations may share an input shape.
                let reader = format_ident!("read_{}", op.method.to_string().trim_start_matches("r#"));
                readers.push(input_reader(ctx, op, ctx.model.expect(id), &reader, &labels)?);
                let defaults = super::fill_defaults(ctx, id);
                let binding = if defaults.is_empty() {
                    quote!(let (input, absent))
                } else {
                    quote!(let (mut input, absent))
                };
                let input_shape = ctx.model.expect(id);
                let late_content_type =
                    if reads_no_body(input_shape) { content_type_check(ctx, input_shape) } else { quote!() };
                arms.push(quote! {
                    #index => {
                        #binding = #reader(request, &labels)?;
                        #defaults
                        if validate {
                            crate::runtime::server::validate_input(&input, absent)?;
                        }
                        #late_content_type
                        ::std::result::Result::Ok(OperationInput::#ident(input))
                    }
                });
            }
            None => {
                let accept = accept_check(ctx, op);
                arms.push(quote! {
                    #index => {
                        crate::runtime::rest::check_content_type(request, ::std::option::Option::None)?;
                        #accept
                        ::std::result::Result::Ok(OperationInput::#ident(()))
                    }
                });
            }
        }
    }
    let labels_used = if readers.is_empty() { quote!(let _ = &labels;) } else { quote!() };
    // With no operation that has an input, `validate` decides nothing.
    let validate_used = if readers.is_empty() { quote!(let _ = validate;) } else { quote!() };
    let entry_points = super::parse_entry_points(quote! {
        /// Routes a request to its operation by method, path and query, and reads its input
        /// from the HTTP bindings, checked against the model's constraints. The error is what
        /// the protocol answers instead
        /// ([`ServerError::response`](crate::runtime::server::ServerError::response)).
    });
    Ok(quote! {
        /// The operations' `@http` patterns, in the order of [`OperationInput`]'s variants.
        const ROUTES: &[crate::runtime::rest::Route] = &[#(#routes)*];

        #entry_points

        fn parse(request: &crate::runtime::server::ServerRequest, validate: bool) -> ::std::result::Result<OperationInput, crate::runtime::server::ServerError> {
            let (index, labels) = crate::runtime::rest::route(request, ROUTES)?;
            #labels_used
            #validate_used
            match index {
                #(#arms)*
                _ => ::std::result::Result::Err(crate::runtime::server::ServerError::NotFound),
            }
        }

        #(#readers)*
    })
}

/// A URI pattern's segments (as `Segment` tokens), its labels in order, and its query literals.
type Pattern = (Vec<TokenStream>, Vec<String>, Vec<(String, Option<String>)>);

fn pattern(op: &ShapeId, uri: &str) -> Result<Pattern> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut segments = Vec::new();
    let mut labels = Vec::new();
    for segment in path.trim_start_matches('/').split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(label) => match label.strip_suffix('+') {
                Some(name) => {
                    labels.push(name.to_owned());
                    segments.push(quote!(crate::runtime::rest::Segment::Greedy));
                }
                None => {
                    labels.push(label.to_owned());
                    segments.push(quote!(crate::runtime::rest::Segment::Label));
                }
            },
            None if segment.contains('{') => {
                return Err(Error::shape(op, format!("@http uri `{uri}`: a label must be a whole segment")))
            }
            None => segments.push(quote!(crate::runtime::rest::Segment::Literal(#segment))),
        }
    }
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (p.to_owned(), None),
        })
        .collect();
    Ok((segments, labels, query))
}

/// What a request's `Content-Type` must be, as the protocol tests have it: a payload's media
/// type, JSON for body members; no `Content-Type` at all for an input whose members are all
/// bound elsewhere; anything for an input without members and for a blob payload without a
/// modeled media type.
/// Whether the input reads nothing from the body: its `Content-Type` check then comes after
/// the parts it does read are checked (a stray `Content-Type` is the lesser fault, and the
/// suite's malformed-label, -query and -header cases send one).
fn reads_no_body(shape: &Shape) -> bool {
    let members = shape.members();
    !members.is_empty() && !members.iter().any(|m| matches!(binding(m), Binding::Body | Binding::Payload))
}

fn content_type_check(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let members = shape.members();
    let expect = |media_type: Option<&str>| match media_type {
        Some(m) => {
            quote!(crate::runtime::rest::check_content_type(request, ::std::option::Option::Some(#m))?;)
        }
        None => quote!(crate::runtime::rest::check_content_type(request, ::std::option::Option::None)?;),
    };
    if members.is_empty() {
        return quote!();
    }
    if let Some(payload) = members.iter().find(|m| binding(m) == Binding::Payload) {
        if is_blob_without_media_type(ctx, payload) {
            return quote!();
        }
        return expect(Some(payload_media_type(ctx, payload)));
    }
    if members.iter().any(|m| binding(m) == Binding::Body) {
        expect(Some("application/json"))
    } else {
        expect(None)
    }
}

fn is_blob_without_media_type(ctx: &ServiceCtx, payload: &Member) -> bool {
    let target = ctx.model.expect(&payload.target);
    matches!(target.kind, ShapeKind::Simple(SimpleType::Blob))
        && !payload.has_trait("smithy.api#mediaType")
        && !target.has_trait("smithy.api#mediaType")
}

fn payload_media_type<'a>(ctx: &'a ServiceCtx, payload: &'a Member) -> &'a str {
    let target = ctx.model.expect(&payload.target);
    let modeled = payload
        .trait_value("smithy.api#mediaType")
        .or_else(|| target.trait_value("smithy.api#mediaType"))
        .and_then(|v| v.as_str());
    match &target.kind {
        ShapeKind::Simple(SimpleType::Blob) => modeled.unwrap_or("application/octet-stream"),
        ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_) => modeled.unwrap_or("text/plain"),
        _ => "application/json",
    }
}

/// The check of a request's `Accept` against what the operation answers with: the output
/// payload's media type, else JSON; a blob payload without a modeled media type takes any.
fn accept_check(ctx: &ServiceCtx, op: &Op) -> TokenStream {
    let payload = op
        .output
        .as_ref()
        .and_then(|id| ctx.model.expect(id).members().into_iter().find(|m| binding(m) == Binding::Payload));
    match payload {
        Some(p) if is_blob_without_media_type(ctx, p) => quote!(),
        Some(p) => {
            let produced = payload_media_type(ctx, p);
            quote!(crate::runtime::rest::check_accept(request, #produced)?;)
        }
        None => quote!(crate::runtime::rest::check_accept(request, "application/json")?;),
    }
}

/// `fn read_x(request, labels) -> Result<Input, ServerError>`.
fn input_reader(
    ctx: &ServiceCtx,
    op: &Op,
    shape: &Shape,
    name: &proc_macro2::Ident,
    labels: &[String],
) -> Result<TokenStream> {
    let ty = ctx.type_path(&shape.id);
    let members = shape.members();
    let content_type = if reads_no_body(shape) { quote!() } else { content_type_check(ctx, shape) };
    let accept = accept_check(ctx, op);
    let mut code = vec![quote! {
        // Some inputs are read from the labels alone.
        let _ = request;
        #content_type #accept
        // JSON pointers of required members the request leaves out.
        #[allow(unused_mut)]
        let mut absent: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
    }];
    if members.iter().any(|m| matches!(binding(m), Binding::Query(_) | Binding::QueryParams)) {
        code.push(quote!(let query = crate::runtime::rest::query_pairs(&request.query)?;));
    }
    let body_members: Vec<&Member> =
        members.iter().copied().filter(|m| binding(m) == Binding::Body).collect();
    if !body_members.is_empty() {
        let (read, _) = crate::emit::json_de::object_reader(ctx, shape, body_members.iter().copied());
        code.push(quote! {
            let body = crate::runtime::json_read::object_body(&request.body);
            let mut reader = crate::runtime::json_read::JsonReader::for_request(body);
            let r = &mut reader;
            #read
            r.end()?;
            absent.extend(r.take_absent());
        });
    }
    for m in &members {
        let local = crate::emit::json_de::local_ident(ctx, shape, m);
        let inner = crate::emit::rust_types::member_inner_type(ctx, shape, m);
        let boxed = ctx.boxed.contains(&(shape.id.clone(), m.name.clone()));
        let wrap = |value: TokenStream| if boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
        let read = match binding(m) {
            Binding::Body | Binding::ResponseCode => continue,
            Binding::Label => {
                let Some(index) = labels.iter().position(|l| *l == m.name) else {
                    return Err(Error::shape(
                        &op.id,
                        format!("the label member `{}` is not in the URI", m.name),
                    ));
                };
                let what = format!("label `{}`", m.name);
                let get = if index == 0 { quote!(labels.first()) } else { quote!(labels.get(#index)) };
                let value = wrap(text_value(ctx, m, &m.target, &what, quote!(text), "date-time"));
                quote! {
                    let #local: ::std::option::Option<#inner> = match #get {
                        ::std::option::Option::Some(text) => { let text = text.as_str(); ::std::option::Option::Some(#value) }
                        ::std::option::Option::None => ::std::option::Option::None,
                    };
                }
            }
            Binding::Query(key) => {
                let what = format!("query parameter `{key}`");
                match list_item(ctx, &m.target) {
                    Some(item) => {
                        let value = text_value(ctx, item, &item.target, &what, quote!(text), "date-time");
                        quote! {
                            let mut items = ::std::vec::Vec::new();
                            for text in crate::runtime::rest::query_values(&query, #key) {
                                items.push(#value);
                            }
                            let #local: ::std::option::Option<#inner> = if items.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(items) };
                        }
                    }
                    None => {
                        let value = wrap(text_value(ctx, m, &m.target, &what, quote!(text), "date-time"));
                        quote! {
                            let #local: ::std::option::Option<#inner> = match crate::runtime::rest::query_scalar(&query, #key)? {
                                ::std::option::Option::Some(text) => ::std::option::Option::Some(#value),
                                ::std::option::Option::None => ::std::option::Option::None,
                            };
                        }
                    }
                }
            }
            Binding::QueryParams => {
                let ShapeKind::Map { value, .. } = &ctx.model.expect(&m.target).kind else { continue };
                let what = "query parameters".to_owned();
                let insert = match list_item(ctx, &value.target) {
                    Some(item) => {
                        let v = text_value(ctx, item, &item.target, &what, quote!(text), "date-time");
                        quote!(map.entry(::std::clone::Clone::clone(k)).or_insert_with(::std::vec::Vec::new).push({ let text = v.as_str(); #v });)
                    }
                    None => {
                        let v = text_value(ctx, value, &value.target, &what, quote!(text), "date-time");
                        // The first value of a repeated key wins for a map of scalars.
                        quote!(if !map.contains_key(k.as_str()) { let text = v.as_str(); let parsed = #v; map.insert(::std::clone::Clone::clone(k), parsed); })
                    }
                };
                quote! {
                    // Every parameter, those bound to members by `@httpQuery` too.
                    let mut map = ::std::collections::HashMap::new();
                    for (k, v) in &query {
                        #insert
                    }
                    let #local: ::std::option::Option<#inner> = if map.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(map) };
                }
            }
            Binding::Header(header) => {
                let what = format!("header `{header}`");
                let value = match list_item(ctx, &m.target) {
                    Some(item) => {
                        let is_http_date = matches!(
                            ctx.model.expect(&item.target).kind,
                            ShapeKind::Simple(SimpleType::Timestamp)
                        ) && crate::emit::http_bindings::timestamp_format_name(
                            ctx,
                            item,
                            &item.target,
                            "http-date",
                        ) == "http-date";
                        let split = if is_http_date {
                            quote!(crate::runtime::http::split_http_dates(&text))
                        } else {
                            quote!(crate::runtime::http::split_header_list(&text))
                        };
                        let each = text_value(ctx, item, &item.target, &what, quote!(text), "http-date");
                        quote! {{
                            let mut items = ::std::vec::Vec::new();
                            for item in #split {
                                let text = item.as_str();
                                items.push(#each);
                            }
                            items
                        }}
                    }
                    None => {
                        let value = text_value(ctx, m, &m.target, &what, quote!(text), "http-date");
                        wrap(quote!({ let text = text.trim(); #value }))
                    }
                };
                quote! {
                    let #local: ::std::option::Option<#inner> = match crate::runtime::rest::header_joined(request, #header) {
                        ::std::option::Option::Some(text) => ::std::option::Option::Some(#value),
                        ::std::option::Option::None => ::std::option::Option::None,
                    };
                }
            }
            Binding::PrefixHeaders(prefix) => {
                let lower = prefix.to_ascii_lowercase();
                quote! {
                    let map = crate::runtime::http::prefix_headers(&request.headers, #lower);
                    let #local: ::std::option::Option<#inner> = if map.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(map) };
                }
            }
            Binding::Payload => {
                let target = ctx.model.expect(&m.target);
                let value = match &target.kind {
                    ShapeKind::Simple(SimpleType::Blob) => {
                        quote!(::aws_smithy_types::Blob::new(request.body.clone()))
                    }
                    ShapeKind::Simple(SimpleType::String) => quote! {
                        ::std::string::String::from_utf8(request.body.clone())
                            .map_err(|_| crate::runtime::server::ServerError::Serialization("the payload is not UTF-8".into()))?
                    },
                    ShapeKind::Enum(_) => {
                        let ty = ctx.type_path(&m.target);
                        quote! {
                            #ty::from(::std::str::from_utf8(&request.body)
                                .map_err(|_| crate::runtime::server::ServerError::Serialization("the payload is not UTF-8".into()))?)
                        }
                    }
                    _ => {
                        let read = crate::emit::json_de::value(ctx, m, &m.target);
                        quote! {{
                            let mut reader = crate::runtime::json_read::JsonReader::for_request(&request.body);
                            let r = &mut reader;
                            let value = #read;
                            r.end()?;
                            absent.extend(r.take_absent());
                            value
                        }}
                    }
                };
                let value = wrap(value);
                quote! {
                    let #local: ::std::option::Option<#inner> = if request.body.is_empty() {
                        ::std::option::Option::None
                    } else {
                        ::std::option::Option::Some(#value)
                    };
                }
            }
        };
        code.push(read);
    }
    let inits = members.iter().map(|m| {
        let local = crate::emit::json_de::local_ident(ctx, shape, m);
        if binding(m) == Binding::ResponseCode {
            let field = ctx.names.member_ident(&shape.id, &m.name);
            return quote!(#field: ::std::default::Default::default(),);
        }
        let pointer = format!("/{}", m.name.replace('~', "~0").replace('/', "~1"));
        let absent = crate::emit::json_de::Absent {
            note: quote!(absent.push(::std::string::String::from(#pointer));),
            fail: quote!(return ::std::result::Result::Err(crate::runtime::server::absent_member(#pointer))),
        };
        crate::emit::json_de::field_init(ctx, shape, m, &local, Some(absent))
    });
    let uses_labels = members.iter().any(|m| binding(m) == Binding::Label);
    let labels_param = if uses_labels { quote!(labels) } else { quote!(_labels) };
    let inline = crate::emit::debug_inline();
    Ok(quote! {
        // One `match` shape for every binding, `?` or not.
        #[allow(deprecated, clippy::manual_map)]
        #inline
        fn #name(request: &crate::runtime::server::ServerRequest, #labels_param: &[::std::string::String]) -> ::std::result::Result<(#ty, ::std::vec::Vec<::std::string::String>), crate::runtime::server::ServerError> {
            #(#code)*
            let input = #ty { #(#inits)* };
            ::std::result::Result::Ok((input, absent))
        }
    })
}

fn list_item<'a>(ctx: &'a ServiceCtx, target: &ShapeId) -> Option<&'a Member> {
    match &ctx.model.expect(target).kind {
        ShapeKind::List(item) => Some(item),
        _ => None,
    }
}

/// A value of the scalar `target` from the text `text` (a `&str`) of a label, query parameter
/// or header, read strictly; `?` returns a `SerializationException` for text that does not
/// parse. `ts_default` is the location's timestamp format.
fn text_value(
    ctx: &ServiceCtx,
    member: &Member,
    target: &ShapeId,
    what: &str,
    text: TokenStream,
    ts_default: &str,
) -> TokenStream {
    let shape = ctx.model.expect(target);
    let parse = |ty: TokenStream| quote!(crate::runtime::rest::parse_text::<#ty>(#what, #text)?);
    match &shape.kind {
        ShapeKind::Simple(SimpleType::String) => {
            let media_type =
                shape.has_trait("smithy.api#mediaType") || member.has_trait("smithy.api#mediaType");
            if media_type && ts_default == "http-date" {
                quote!(crate::runtime::rest::base64_text(#what, #text)?)
            } else {
                quote!(::std::borrow::ToOwned::to_owned(#text))
            }
        }
        ShapeKind::Simple(SimpleType::Boolean) => parse(quote!(bool)),
        ShapeKind::Simple(SimpleType::Byte) => parse(quote!(i8)),
        ShapeKind::Simple(SimpleType::Short) => parse(quote!(i16)),
        ShapeKind::Simple(SimpleType::Integer) => parse(quote!(i32)),
        ShapeKind::Simple(SimpleType::Long) => parse(quote!(i64)),
        ShapeKind::Simple(SimpleType::Float) => {
            quote!(crate::runtime::rest::parse_float(#what, #text)? as f32)
        }
        ShapeKind::Simple(SimpleType::Double) => quote!(crate::runtime::rest::parse_float(#what, #text)?),
        ShapeKind::Simple(SimpleType::BigInteger) => parse(quote!(::aws_smithy_types::BigInteger)),
        ShapeKind::Simple(SimpleType::BigDecimal) => parse(quote!(::aws_smithy_types::BigDecimal)),
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = crate::emit::json_ser::format_tokens(
                crate::emit::http_bindings::timestamp_format_name(ctx, member, target, ts_default),
            );
            quote!(crate::runtime::rest::parse_timestamp(#what, #text, #format)?)
        }
        ShapeKind::Simple(SimpleType::Blob) => {
            quote!(::aws_smithy_types::Blob::new(crate::runtime::rest::base64_bytes(#what, #text)?))
        }
        ShapeKind::Enum(_) => {
            let ty = ctx.type_path(target);
            quote!(#ty::from(#text))
        }
        ShapeKind::IntEnum(_) => {
            let ty = ctx.type_path(target);
            quote!(#ty::from(crate::runtime::rest::parse_text::<i32>(#what, #text)?))
        }
        _ => quote!(::std::default::Default::default()),
    }
}

/// The statements of a response for `value` (an output or error structure, named `input` in
/// them, as the bindings' code reads it) into `request` (an `HttpResponse`): headers, response
/// code, payload or body. They may `?` a `RequestError`.
pub fn response_parts(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let members = shape.members();
    let mut code: Vec<TokenStream> = members.iter().filter_map(|m| header_part(ctx, shape, m)).collect();
    for m in &members {
        if binding(m) == Binding::ResponseCode {
            let field = ctx.names.member_ident(&shape.id, &m.name);
            let code_value = match crate::emit::rust_types::optionality(ctx, shape, m) {
                crate::emit::Optionality::Optional => quote!(input.#field),
                _ => quote!(::std::option::Option::Some(input.#field)),
            };
            code.push(quote! {
                if let ::std::option::Option::Some(status) = #code_value {
                    request.status = u16::try_from(status).map_err(|_| crate::runtime::RequestError::Serialize(::std::format!("status {status} is out of range")))?;
                }
            });
        }
    }
    let body: Vec<&Member> =
        members.iter().copied().filter(|m| matches!(binding(m), Binding::Body | Binding::Payload)).collect();
    if body.is_empty() {
        // Without payload and body members, the body is still a JSON object.
        code.push(quote! {
            request.body = b"{}".to_vec();
            request.headers.push(("Content-Type".into(), "application/json".into()));
        });
    } else {
        code.push(request_body(ctx, shape, &body));
    }
    quote!(#(#code)*)
}
