//! restJson1 HTTP bindings: members placed in the URI, query, headers and payload, and read
//! back from response headers, status and payload. Everything else is the JSON body.

use proc_macro2::TokenStream;
use quote::quote;

use super::json_ser::format_tokens;
use super::rust_types::{optionality, Optionality};
use super::ServiceCtx;
use crate::error::{Error, Result};
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};

/// The traits [`binding`] reads: where in an HTTP message (restJson1) a member travels. The
/// model diff compares them as one binding, so that a header that became a query parameter is
/// one event.
pub const BINDING_TRAITS: &[&str] = &[
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpQueryParams",
    "smithy.api#httpHeader",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
];

/// Where a member of a top-level input or output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Label,
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    Payload,
    ResponseCode,
    Body,
}

pub fn binding(member: &Member) -> Binding {
    let text = |id: &str| member.trait_value(id).and_then(|v| v.as_str()).map(str::to_owned);
    if member.has_trait("smithy.api#httpLabel") {
        Binding::Label
    } else if let Some(name) = text("smithy.api#httpQuery") {
        Binding::Query(name)
    } else if member.has_trait("smithy.api#httpQueryParams") {
        Binding::QueryParams
    } else if let Some(name) = text("smithy.api#httpHeader") {
        Binding::Header(name)
    } else if let Some(prefix) = text("smithy.api#httpPrefixHeaders") {
        Binding::PrefixHeaders(prefix)
    } else if member.has_trait("smithy.api#httpPayload") {
        Binding::Payload
    } else if member.has_trait("smithy.api#httpResponseCode") {
        Binding::ResponseCode
    } else {
        Binding::Body
    }
}

/// Timestamp format outside the body: the member's or target's `@timestampFormat`, else the
/// location's default.
pub fn timestamp_format_name<'a>(
    ctx: &'a ServiceCtx,
    member: &'a Member,
    target: &ShapeId,
    default: &'a str,
) -> &'a str {
    member
        .trait_value("smithy.api#timestampFormat")
        .or_else(|| ctx.model.expect(target).trait_value("smithy.api#timestampFormat"))
        .and_then(|v| v.as_str())
        .unwrap_or(default)
}

fn timestamp_format(ctx: &ServiceCtx, member: &Member, target: &ShapeId, default: &str) -> TokenStream {
    format_tokens(timestamp_format_name(ctx, member, target, default))
}

/// `Option<&T>` of an input member, whichever way the field holds it.
fn field_ref(ctx: &ServiceCtx, shape: &Shape, member: &Member) -> TokenStream {
    let field = ctx.names.member_ident(&shape.id, &member.name);
    match optionality(ctx, shape, member) {
        Optionality::Optional => quote!(input.#field.as_ref()),
        _ => quote!(::std::option::Option::Some(&input.#field)),
    }
}

/// An expression of type `String` for the scalar `v` (a reference) in a label, query or header.
fn text(
    ctx: &ServiceCtx,
    member: &Member,
    target: &ShapeId,
    v: TokenStream,
    ts_default: &str,
) -> TokenStream {
    let shape = ctx.model.expect(target);
    match &shape.kind {
        ShapeKind::Simple(SimpleType::String) => {
            if ts_default == "http-date"
                && (shape.has_trait("smithy.api#mediaType") || member.has_trait("smithy.api#mediaType"))
            {
                quote!(::aws_smithy_types::base64::encode(#v.as_bytes()))
            } else {
                quote!(::std::clone::Clone::clone(#v))
            }
        }
        ShapeKind::Simple(SimpleType::Float) => quote!(crate::runtime::http::float32_text(*#v)),
        ShapeKind::Simple(SimpleType::Double) => quote!(crate::runtime::http::float_text(*#v)),
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = timestamp_format(ctx, member, target, ts_default);
            quote!(#v.fmt(#format).map_err(|e| crate::runtime::RequestError::Serialize(e.to_string()))?)
        }
        ShapeKind::Simple(SimpleType::Blob) => quote!(::aws_smithy_types::base64::encode(#v.as_ref())),
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
            quote!(::std::string::ToString::to_string(#v.as_ref() as &str))
        }
        ShapeKind::Enum(_) => quote!(::std::string::ToString::to_string(#v.as_str())),
        ShapeKind::IntEnum(_) => quote!(#v.as_i32().to_string()),
        _ => quote!(#v.to_string()),
    }
}

fn list_item_target<'a>(ctx: &'a ServiceCtx, target: &ShapeId) -> Option<&'a Member> {
    match &ctx.model.expect(target).kind {
        ShapeKind::List(m) => Some(m),
        _ => None,
    }
}

/// The pieces of a URI pattern: literal path text, `{label}` and `{label+}`.
enum Segment {
    Literal(String),
    Label(String, bool),
}

/// Literal `?key=value` pairs of a URI pattern.
type QueryLiterals = Vec<(String, String)>;

fn parse_uri(op: &ShapeId, uri: &str) -> Result<(Vec<Segment>, QueryLiterals)> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        segments.push(Segment::Literal(rest[..open].to_owned()));
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::shape(op, format!("@http uri `{uri}` has an unclosed label")));
        };
        let label = &rest[open + 1..open + close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        segments.push(Segment::Label(name.to_owned(), greedy));
        rest = &rest[open + close + 1..];
    }
    segments.push(Segment::Literal(rest.to_owned()));
    let literals = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .collect();
    Ok((segments, literals))
}

/// What the `@http` bindings of an input make of a request.
pub struct RequestParts<'a> {
    /// Statements appending the path to `uri`.
    pub uri: TokenStream,
    pub method: String,
    /// Statements adding query parameters and headers to `request`.
    pub parts: Vec<TokenStream>,
    /// Members left for the body (the payload member among them, if any).
    pub body: Vec<&'a Member>,
    /// Whether the URI has labels (which read the input).
    pub has_labels: bool,
}

/// The URI, query and header statements for `input` of shape `shape`, for an operation with
/// `@http`, and the members left for the body.
pub fn request_bindings<'a>(
    ctx: &ServiceCtx,
    op: &Shape,
    shape: Option<&'a Shape>,
) -> Result<RequestParts<'a>> {
    let http = op
        .trait_value("smithy.api#http")
        .ok_or_else(|| Error::shape(&op.id, "restJson1 operation without @http"))?;
    let method = http.get("method").and_then(|m| m.as_str()).unwrap_or("POST").to_owned();
    let uri = http.get("uri").and_then(|m| m.as_str()).unwrap_or("/").to_owned();
    let (segments, literal_query) = parse_uri(&op.id, &uri)?;
    let members: Vec<&Member> = shape.map(|s| s.members()).unwrap_or_default();
    let find = |name: &str| members.iter().copied().find(|m| m.name == name);

    let mut uri_code = Vec::new();
    let has_labels = segments.iter().any(|s| matches!(s, Segment::Label(..)));
    for segment in &segments {
        match segment {
            Segment::Literal(text) => uri_code.push(super::push_text(quote!(uri), text)),
            Segment::Label(name, greedy) => {
                let (Some(shape), Some(m)) = (shape, find(name)) else {
                    return Err(Error::shape(&op.id, format!("URI label `{name}` has no input member")));
                };
                let value = text(ctx, m, &m.target, quote!(v), "date-time");
                let encode = if *greedy { quote!(encode_greedy_label) } else { quote!(encode_label) };
                let message = format!("the URI label `{name}` must be set and not empty");
                let get = field_ref(ctx, shape, m);
                uri_code.push(quote! {
                    {
                        let text = match #get {
                            ::std::option::Option::Some(v) => #value,
                            ::std::option::Option::None => ::std::string::String::new(),
                        };
                        if text.is_empty() {
                            return ::std::result::Result::Err(crate::runtime::RequestError::Serialize(#message.into()));
                        }
                        uri.push_str(&crate::runtime::http::#encode(&text));
                    }
                });
            }
        }
    }

    let mut parts = Vec::new();
    for (k, v) in &literal_query {
        parts.push(quote!(request.query.push((#k.into(), #v.into()));));
    }
    let explicit_query: Vec<String> = members
        .iter()
        .filter_map(|m| match binding(m) {
            Binding::Query(name) => Some(name),
            _ => None,
        })
        .collect();
    let mut body = Vec::new();
    let Some(shape) = shape else {
        return Ok(RequestParts { uri: quote!(#(#uri_code)*), method, parts, body, has_labels });
    };
    for m in &members {
        let get = field_ref(ctx, shape, m);
        match binding(m) {
            Binding::Label | Binding::ResponseCode => {}
            Binding::Body | Binding::Payload => body.push(*m),
            Binding::Query(name) => {
                let code = match list_item_target(ctx, &m.target) {
                    Some(item) => {
                        let t = text(ctx, item, &item.target, quote!(item), "date-time");
                        quote!(for item in v { request.query.push((#name.into(), #t)); })
                    }
                    None => {
                        let t = text(ctx, m, &m.target, quote!(v), "date-time");
                        quote!(request.query.push((#name.into(), #t));)
                    }
                };
                parts.push(quote!(if let ::std::option::Option::Some(v) = #get { #code }));
            }
            Binding::QueryParams => {
                let ShapeKind::Map { value, .. } = &ctx.model.expect(&m.target).kind else { continue };
                let add = match list_item_target(ctx, &value.target) {
                    Some(item) => {
                        let t = text(ctx, item, &item.target, quote!(item), "date-time");
                        quote!(for item in values { request.query.push((::std::clone::Clone::clone(k), #t)); })
                    }
                    None => {
                        let t = text(ctx, value, &value.target, quote!(values), "date-time");
                        quote!(request.query.push((::std::clone::Clone::clone(k), #t));)
                    }
                };
                parts.push(quote! {
                    if let ::std::option::Option::Some(v) = #get {
                        for (k, values) in crate::runtime::sorted_entries(v) {
                            // Keys bound by @httpQuery win over the map.
                            if [#(#explicit_query),*].contains(&k.as_str()) {
                                continue;
                            }
                            #add
                        }
                    }
                });
            }
            Binding::Header(_) | Binding::PrefixHeaders(_) => parts.extend(header_part(ctx, shape, m)),
        }
    }
    Ok(RequestParts { uri: quote!(#(#uri_code)*), method, parts, body, has_labels })
}

/// The statement adding a member bound to a header (or to prefixed headers) to `request`'s
/// headers, reading the member from `input`; `None` for members bound elsewhere. Requests and
/// (on the server side) responses and errors share it.
pub fn header_part(ctx: &ServiceCtx, shape: &Shape, m: &Member) -> Option<TokenStream> {
    let get = field_ref(ctx, shape, m);
    Some(match binding(m) {
        Binding::Header(name) => {
            let code = match list_item_target(ctx, &m.target) {
                Some(item) => {
                    let t = text(ctx, item, &item.target, quote!(item), "http-date");
                    let quoted = match ctx.model.expect(&item.target).kind {
                        ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_) => {
                            quote!(crate::runtime::http::quote_header_item(&#t))
                        }
                        _ => t,
                    };
                    // An empty list sends no header at all.
                    quote! {
                        if !v.is_empty() {
                            let mut items = ::std::vec::Vec::new();
                            for item in v {
                                items.push(#quoted);
                            }
                            request.headers.push((#name.into(), items.join(", ")));
                        }
                    }
                }
                None => {
                    let t = text(ctx, m, &m.target, quote!(v), "http-date");
                    if matches!(ctx.model.expect(&m.target).kind, ShapeKind::Simple(SimpleType::String)) {
                        // An empty string sends no header at all.
                        quote!(if !v.is_empty() { request.headers.push((#name.into(), #t)); })
                    } else {
                        quote!(request.headers.push((#name.into(), #t));)
                    }
                }
            };
            quote!(if let ::std::option::Option::Some(v) = #get { #code })
        }
        Binding::PrefixHeaders(prefix) => {
            quote! {
                if let ::std::option::Option::Some(v) = #get {
                    for (k, value) in crate::runtime::sorted_entries(v) {
                        request.headers.push((::std::format!("{}{}", #prefix, k), ::std::clone::Clone::clone(value)));
                    }
                }
            }
        }
        _ => return None,
    })
}

/// Statements setting `request.body` (and its content type) for restJson1.
pub fn request_body(ctx: &ServiceCtx, shape: &Shape, body: &[&Member]) -> TokenStream {
    if let Some(payload) = body.iter().find(|m| binding(m) == Binding::Payload) {
        let target = ctx.model.expect(&payload.target);
        let media_type = payload
            .trait_value("smithy.api#mediaType")
            .or_else(|| target.trait_value("smithy.api#mediaType"))
            .and_then(|v| v.as_str());
        let get = field_ref(ctx, shape, payload);
        let (write, content_type) = match &target.kind {
            ShapeKind::Simple(SimpleType::Blob) => (
                quote!(request.body = v.as_ref().to_vec();),
                media_type.unwrap_or("application/octet-stream"),
            ),
            ShapeKind::Simple(SimpleType::String) => {
                (quote!(request.body = v.as_bytes().to_vec();), media_type.unwrap_or("text/plain"))
            }
            ShapeKind::Enum(_) => {
                (quote!(request.body = v.as_str().as_bytes().to_vec();), media_type.unwrap_or("text/plain"))
            }
            _ => {
                let write = super::json_ser::value(ctx, payload, &payload.target, quote!(v));
                (
                    quote! {
                        let mut writer = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::Wire);
                        let w = &mut writer;
                        #write
                        request.body = writer.finish().map_err(crate::runtime::RequestError::Serialize)?.into_bytes();
                    },
                    "application/json",
                )
            }
        };
        let content_type_header = quote! {
            // A member bound to Content-Type wins over the payload's default.
            if request.header("Content-Type").is_none() {
                request.headers.push(("Content-Type".into(), #content_type.into()));
            }
        };
        let set = quote! {
            #write
            #content_type_header
        };
        let is_blob = matches!(target.kind, ShapeKind::Simple(SimpleType::Blob));
        return if is_blob {
            // A blob payload always declares its media type, even when empty.
            quote! {
                if let ::std::option::Option::Some(v) = #get { #write }
                #content_type_header
            }
        } else if matches!(target.kind, ShapeKind::Structure(_)) {
            // A structure payload that is not set is sent as an empty object.
            quote! {
                match #get {
                    ::std::option::Option::Some(v) => { #set }
                    ::std::option::Option::None => {
                        request.body = b"{}".to_vec();
                        request.headers.push(("Content-Type".into(), #content_type.into()));
                    }
                }
            }
        } else {
            quote!(if let ::std::option::Option::Some(v) = #get { #set })
        };
    }
    if body.is_empty() {
        return quote!();
    }
    let write = super::json_ser::object_body(ctx, shape, body.iter().copied());
    quote! {
        let mut writer = crate::runtime::json_write::JsonWriter::new(crate::runtime::json_write::KeyStyle::Wire);
        let w = &mut writer;
        let value = input;
        #write
        request.body = writer.finish().map_err(crate::runtime::RequestError::Serialize)?.into_bytes();
        request.headers.push(("Content-Type".into(), "application/json".into()));
    }
}

/// A value of the scalar (or list of scalars) `target` read from header text `text`.
fn header_value(
    ctx: &ServiceCtx,
    member: &Member,
    target: &ShapeId,
    name: &str,
    text: TokenStream,
) -> TokenStream {
    let shape = ctx.model.expect(target);
    match &shape.kind {
        ShapeKind::Simple(SimpleType::String) => {
            if shape.has_trait("smithy.api#mediaType") || member.has_trait("smithy.api#mediaType") {
                quote! {
                    ::aws_smithy_types::base64::decode(#text.trim())
                        .ok()
                        .and_then(|bytes| ::std::string::String::from_utf8(bytes).ok())
                        .ok_or_else(|| crate::runtime::http::header_error(#name, #text, "not base64 UTF-8"))?
                }
            } else {
                quote!(::std::borrow::ToOwned::to_owned(#text))
            }
        }
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = timestamp_format(ctx, member, target, "http-date");
            quote!(crate::runtime::http::parse_header_timestamp(#name, #text, #format)?)
        }
        ShapeKind::Simple(SimpleType::Blob) => quote! {
            ::aws_smithy_types::Blob::new(::aws_smithy_types::base64::decode(#text.trim())
                .map_err(|e| crate::runtime::http::header_error(#name, #text, e))?)
        },
        ShapeKind::Simple(SimpleType::Float) => {
            quote!(crate::runtime::http::parse_header::<f32>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Double) => {
            quote!(crate::runtime::http::parse_header::<f64>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Boolean) => {
            quote!(crate::runtime::http::parse_header::<bool>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Byte) => {
            quote!(crate::runtime::http::parse_header::<i8>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Short) => {
            quote!(crate::runtime::http::parse_header::<i16>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Integer) => {
            quote!(crate::runtime::http::parse_header::<i32>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::Long) => {
            quote!(crate::runtime::http::parse_header::<i64>(#name, #text)?)
        }
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
            quote!(crate::runtime::http::parse_header(#name, #text)?)
        }
        ShapeKind::Enum(_) => {
            let ty = ctx.type_path(target);
            quote!(#ty::from(#text.trim()))
        }
        ShapeKind::IntEnum(_) => {
            let ty = ctx.type_path(target);
            quote!(#ty::from(crate::runtime::http::parse_header::<i32>(#name, #text)?))
        }
        ShapeKind::List(item) => {
            let is_http_date =
                matches!(ctx.model.expect(&item.target).kind, ShapeKind::Simple(SimpleType::Timestamp))
                    && timestamp_format_name(ctx, item, &item.target, "http-date") == "http-date";
            let split = if is_http_date {
                quote!(crate::runtime::http::split_http_dates(#text))
            } else {
                quote!(crate::runtime::http::split_header_list(#text))
            };
            let each = header_value(ctx, item, &item.target, name, quote!(item.as_str()));
            quote! {{
                let mut items = ::std::vec::Vec::new();
                for item in #split {
                    items.push(#each);
                }
                items
            }}
        }
        _ => quote!(::std::default::Default::default()),
    }
}

/// The body of `fn(response: &HttpResponse) -> Result<T, JsonError>` reading an output or error
/// structure: HTTP-bound members from headers and status (restJson1 only), the rest from JSON.
pub fn response_reader(ctx: &ServiceCtx, shape: &Shape, http_bindings: bool) -> TokenStream {
    let ty = ctx.type_path(&shape.id);
    let members = shape.members();
    let bound = |m: &Member| if http_bindings { binding(m) } else { Binding::Body };
    let body_members: Vec<&Member> = members.iter().copied().filter(|m| bound(m) == Binding::Body).collect();
    let mut code = Vec::new();
    let mut direct = Vec::new();
    if !body_members.is_empty() {
        let (read, _) = super::json_de::object_reader(ctx, shape, body_members.iter().copied());
        code.push(quote! {
            let body = crate::runtime::json_read::object_body(&response.body);
            let mut reader = crate::runtime::json_read::JsonReader::new(body);
            let r = &mut reader;
            #read
            r.end()?;
        });
    }
    for m in &members {
        let local = super::json_de::local_ident(ctx, shape, m);
        let inner = super::rust_types::member_inner_type(ctx, shape, m);
        let read = match bound(m) {
            Binding::Body => continue,
            Binding::Header(name) => {
                let value = header_value(ctx, m, &m.target, &name, quote!(text));
                quote! {
                    let #local: ::std::option::Option<#inner> = match response.header(#name) {
                        ::std::option::Option::Some(text) => ::std::option::Option::Some(#value),
                        ::std::option::Option::None => ::std::option::Option::None,
                    };
                }
            }
            Binding::PrefixHeaders(prefix) => {
                let lower = prefix.to_ascii_lowercase();
                quote! {
                    let #local: ::std::option::Option<#inner> =
                        ::std::option::Option::Some(crate::runtime::http::prefix_headers(&response.headers, #lower));
                }
            }
            Binding::ResponseCode => {
                // Always present: initialised directly rather than through an Option.
                direct.push(m.name.clone());
                quote!(let #local = i32::from(response.status);)
            }
            Binding::Payload => {
                let target = ctx.model.expect(&m.target);
                let value = match &target.kind {
                    ShapeKind::Simple(SimpleType::Blob) => {
                        quote!(::aws_smithy_types::Blob::new(response.body.clone()))
                    }
                    ShapeKind::Simple(SimpleType::String) => quote! {
                        ::std::string::String::from_utf8(response.body.clone())
                            .map_err(|_| crate::runtime::JsonError::new(0, "payload is not UTF-8"))?
                    },
                    ShapeKind::Enum(_) => {
                        let ty = ctx.type_path(&m.target);
                        quote!(#ty::from(::std::string::String::from_utf8_lossy(&response.body).as_ref()))
                    }
                    _ => {
                        let read = super::json_de::value(ctx, m, &m.target);
                        quote! {{
                            let mut reader = crate::runtime::json_read::JsonReader::new(&response.body);
                            let r = &mut reader;
                            let value = #read;
                            r.end()?;
                            value
                        }}
                    }
                };
                let value = if ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
                    quote!(::std::boxed::Box::new(#value))
                } else {
                    value
                };
                quote! {
                    let #local: ::std::option::Option<#inner> = if response.body.is_empty() {
                        ::std::option::Option::None
                    } else {
                        ::std::option::Option::Some(#value)
                    };
                }
            }
            Binding::Label | Binding::Query(_) | Binding::QueryParams => quote! {
                let #local: ::std::option::Option<#inner> = ::std::option::Option::None;
            },
        };
        code.push(read);
    }
    // Field order follows the model, whichever part of the response a member came from.
    let inits = members.iter().map(|m| {
        let local = super::json_de::local_ident(ctx, shape, m);
        if direct.contains(&m.name) {
            let field = ctx.names.member_ident(&shape.id, &m.name);
            return match optionality(ctx, shape, m) {
                Optionality::Optional => quote!(#field: ::std::option::Option::Some(#local),),
                _ => quote!(#field: #local,),
            };
        }
        super::json_de::field_init(ctx, shape, m, &local, None)
    });
    // Labels and query strings bound on an output are not in a response: a structure holding
    // only those (or nothing) reads nothing from it.
    let reads_response = members
        .iter()
        .any(|m| !matches!(bound(m), Binding::Label | Binding::Query(_) | Binding::QueryParams));
    let unused = if reads_response { quote!() } else { quote!(let _ = response;) };
    quote! {
        #unused
        #(#code)*
        ::std::result::Result::Ok(#ty { #(#inits)* })
    }
}
