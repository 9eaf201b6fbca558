//! `arbitrary.rs` of a service module (feature `arbitrary`): `impl Arbitrary` for every
//! structure, union and enum, for property tests and fuzzing.
//!
//! The impls are made of the runtime's draws (`runtime/src/arbitrary.rs`), which favour edges
//! and keep to what the wire carries exactly, so that a value sent and read back is the value
//! drawn. What a draw needs to know about where a value travels is decided here, per member:
//!
//! - restJson1 binds members of inputs, outputs and errors to HTTP: header values are visible
//!   ASCII, labels are not empty, lists in headers and query strings and `@httpQueryParams`
//!   and `@httpPrefixHeaders` maps hold at least one item (an empty one is not sent at all),
//!   `@httpQueryParams` keys are none of the input's own query parameters, `@httpResponseCode`
//!   is a success status;
//! - timestamps keep to their member's format: `@timestampFormat` on the member or its target,
//!   else the location's default (epoch seconds in JSON, `http-date` in headers, `date-time` in
//!   labels and query strings);
//! - members that are never absent on the wire are always drawn: labels, the response code,
//!   a `Content-Type` header (a request or response always has one), `@idempotencyToken`
//!   members of inputs (a client fills them) and input members with a `@default` (a server
//!   fills them); strings and blobs that are a whole `@httpPayload` are not empty (an empty
//!   body is no payload);
//! - union draws never make `Unknown`, which cannot be sent; enum draws do.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::http_bindings::{binding, timestamp_format_name, Binding};
use super::json_ser::json_timestamp_name;
use super::rust_types::{optionality, Optionality};
use super::ServiceCtx;
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};
use crate::prelude;
use crate::protocol::Protocol;

/// The `arbitrary.rs` file: one impl per structure, union and enum of the service.
pub fn arbitrary_file(ctx: &ServiceCtx) -> TokenStream {
    let places = Places::of(ctx);
    let impls = ctx.selection.shapes.iter().filter_map(|id| {
        let shape = ctx.model.expect(id);
        let body = match &shape.kind {
            ShapeKind::Structure(_) => structure_body(ctx, &places, shape),
            ShapeKind::Union(_) => union_body(ctx, shape),
            ShapeKind::Enum(_) => quote! {
                crate::runtime::arbitrary::string_enum(u, Self::VALUES, crate::runtime::arbitrary::string)
            },
            ShapeKind::IntEnum(_) => quote!(crate::runtime::arbitrary::int_enum(u, Self::VALUES)),
            _ => return None,
        };
        let ty = ctx.type_path(id);
        Some(quote! {
            #[allow(deprecated)]
            impl<'a> ::arbitrary::Arbitrary<'a> for #ty {
                fn arbitrary(u: &mut ::arbitrary::Unstructured<'a>) -> ::arbitrary::Result<Self> {
                    #body
                }
            }
        })
    });
    quote!(#(#impls)*)
}

/// Where the service's structures travel.
struct Places {
    /// Inputs, outputs and errors, whose members restJson1 binds to HTTP.
    top_level: BTreeSet<ShapeId>,
    inputs: BTreeSet<ShapeId>,
    /// Per input, the query parameters an `@httpQueryParams` map cannot carry: its own
    /// `@httpQuery` members and its operations' query literals.
    reserved_query: BTreeMap<ShapeId, BTreeSet<String>>,
}

impl Places {
    fn of(ctx: &ServiceCtx) -> Places {
        let mut places =
            Places { top_level: BTreeSet::new(), inputs: BTreeSet::new(), reserved_query: BTreeMap::new() };
        for op in &ctx.selection.operations {
            let ShapeKind::Operation(o) = &ctx.model.expect(op).kind else { continue };
            let errors = super::errors::operation_errors(ctx, op);
            for id in [&o.input, &o.output].into_iter().chain(&errors) {
                if *id != prelude::unit() {
                    places.top_level.insert(id.clone());
                }
            }
            if o.input == prelude::unit() {
                continue;
            }
            places.inputs.insert(o.input.clone());
            let reserved = places.reserved_query.entry(o.input.clone()).or_default();
            for m in ctx.model.expect(&o.input).members() {
                if let Binding::Query(name) = binding(m) {
                    reserved.insert(name);
                }
            }
            let uri = ctx.model.expect(op).trait_value("smithy.api#http").and_then(|h| h.get("uri"));
            let query = uri.and_then(|u| u.as_str()).and_then(|u| u.split_once('?')).map(|(_, q)| q);
            for literal in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
                reserved.insert(literal.split_once('=').map_or(literal, |(k, _)| k).to_owned());
            }
        }
        places
    }
}

/// Where a value travels, which decides what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    Json,
    Header,
    Query,
    Label,
    /// `@httpPayload`: the whole body.
    Payload,
}

/// How to draw a value: a function of `u`, or an expression that uses `u`.
enum Draw {
    Function(TokenStream),
    Expression(TokenStream),
}

impl Draw {
    /// An expression of type `Result<T>`.
    fn call(&self) -> TokenStream {
        match self {
            Draw::Function(f) => quote!(#f(u)),
            Draw::Expression(e) => e.clone(),
        }
    }

    /// Something callable with `u`.
    fn function(&self) -> TokenStream {
        match self {
            Draw::Function(f) => f.clone(),
            Draw::Expression(e) => quote!(|u: &mut ::arbitrary::Unstructured<'a>| #e),
        }
    }
}

fn runtime(name: &str) -> Draw {
    let name = quote::format_ident!("{name}");
    Draw::Function(quote!(crate::runtime::arbitrary::#name))
}

fn arbitrary_of(ty: TokenStream) -> Draw {
    Draw::Function(quote!(<#ty as ::arbitrary::Arbitrary<'a>>::arbitrary))
}

/// A value of `target` (the type of `member`) in `site`.
fn draw(ctx: &ServiceCtx, member: &Member, target: &ShapeId, site: Site) -> Draw {
    let shape = ctx.model.expect(target);
    match &shape.kind {
        ShapeKind::Simple(simple) => simple_draw(ctx, member, shape, *simple, site),
        ShapeKind::Enum(_) if matches!(site, Site::Header | Site::Label) => {
            let ty = ctx.type_path(target);
            let unknown = runtime(if site == Site::Header { "header_string" } else { "label_string" });
            let unknown = unknown.function();
            Draw::Expression(quote!(crate::runtime::arbitrary::string_enum(u, #ty::VALUES, #unknown)))
        }
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            arbitrary_of(ctx.type_path(target))
        }
        ShapeKind::List(item) => {
            let each = element(ctx, shape, item, site);
            let list = if matches!(site, Site::Header | Site::Query) { quote!(vec1) } else { quote!(vec) };
            Draw::Expression(quote!(crate::runtime::arbitrary::#list(u, #each)))
        }
        ShapeKind::Map { key, value } => {
            let key = draw(ctx, key, &key.target, Site::Json).function();
            let value = element(ctx, shape, value, site);
            Draw::Expression(quote!(crate::runtime::arbitrary::map(u, #key, #value)))
        }
        // Members never target services, resources or operations.
        ShapeKind::Service(_) | ShapeKind::Resource(_) | ShapeKind::Operation(_) => {
            Draw::Expression(quote!(::std::result::Result::Ok(::std::default::Default::default())))
        }
    }
}

/// A list item or map value: `Option` in `@sparse` collections.
fn element(ctx: &ServiceCtx, collection: &Shape, member: &Member, site: Site) -> TokenStream {
    let each = draw(ctx, member, &member.target, site).function();
    if collection.has_trait("smithy.api#sparse") {
        Draw::Expression(quote!(crate::runtime::arbitrary::option(u, #each))).function()
    } else {
        each
    }
}

fn simple_draw(ctx: &ServiceCtx, member: &Member, shape: &Shape, simple: SimpleType, site: Site) -> Draw {
    runtime(match simple {
        SimpleType::String => {
            // A `@mediaType` string in a header travels as base64: any text.
            let media_type =
                shape.has_trait("smithy.api#mediaType") || member.has_trait("smithy.api#mediaType");
            match site {
                Site::Header if !media_type => "header_string",
                Site::Label => "label_string",
                Site::Payload => "payload_string",
                _ => "string",
            }
        }
        SimpleType::Boolean => "boolean",
        SimpleType::Byte => "byte",
        SimpleType::Short => "short",
        SimpleType::Integer => "integer",
        SimpleType::Long => "long",
        SimpleType::Float => "float",
        SimpleType::Double => "double",
        SimpleType::BigInteger => "big_integer",
        SimpleType::BigDecimal => "big_decimal",
        SimpleType::Blob if site == Site::Payload => "payload_blob",
        SimpleType::Blob => "blob",
        SimpleType::Document => "document",
        SimpleType::Timestamp => {
            let format = match site {
                Site::Json | Site::Payload => json_timestamp_name(ctx, member, &shape.id),
                Site::Header => timestamp_format_name(ctx, member, &shape.id, "http-date"),
                Site::Query | Site::Label => timestamp_format_name(ctx, member, &shape.id, "date-time"),
            };
            match format {
                "date-time" => "date_time",
                "http-date" => "http_date",
                _ => "epoch_seconds",
            }
        }
    })
}

fn structure_body(ctx: &ServiceCtx, places: &Places, shape: &Shape) -> TokenStream {
    let rest = ctx.protocol == Some(Protocol::RestJson1) && places.top_level.contains(&shape.id);
    let input = places.inputs.contains(&shape.id);
    let members = shape.members();
    let fields = members.iter().map(|m| {
        let bound = if rest { binding(m) } else { Binding::Body };
        let site = match bound {
            Binding::Label => Site::Label,
            Binding::Query(_) => Site::Query,
            Binding::Header(_) => Site::Header,
            Binding::Payload => Site::Payload,
            _ => Site::Json,
        };
        let mut value = match &bound {
            Binding::ResponseCode => runtime("status_code"),
            Binding::PrefixHeaders(prefix) if !prefix.is_empty() => {
                bound_map(ctx, m, runtime("header_name_suffix").function(), Site::Header)
            }
            Binding::QueryParams => {
                let reserved = places.reserved_query.get(&shape.id).into_iter().flatten();
                let key = quote!(|u: &mut ::arbitrary::Unstructured<'a>| {
                    crate::runtime::arbitrary::query_key(u, &[#(#reserved),*])
                });
                bound_map(ctx, m, key, Site::Query)
            }
            _ => draw(ctx, m, &m.target, site),
        };
        if ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
            let call = value.call();
            value = Draw::Expression(quote!(#call.map(::std::boxed::Box::new)));
        }
        // A request or response always has a `Content-Type`, which the reader takes.
        let content_type =
            matches!(&bound, Binding::Header(name) if name.eq_ignore_ascii_case("content-type"));
        let always = matches!(bound, Binding::Label | Binding::ResponseCode)
            || content_type
            || (input
                && (m.has_trait("smithy.api#idempotencyToken")
                    || m.trait_value("smithy.api#default").is_some_and(|v| !v.is_null())));
        let field = ctx.names.member_ident(&shape.id, &m.name);
        let expr = match optionality(ctx, shape, m) {
            Optionality::Optional if always => {
                let call = value.call();
                quote!(::std::option::Option::Some(#call?))
            }
            Optionality::Optional => {
                let f = value.function();
                quote!(crate::runtime::arbitrary::option(u, #f)?)
            }
            _ => {
                let call = value.call();
                quote!(#call?)
            }
        };
        quote!(#field: #expr,)
    });
    let unused = if members.is_empty() { quote!(let _ = u;) } else { quote!() };
    quote! {
        #unused
        let _nesting = crate::runtime::arbitrary::Nesting::enter();
        ::std::result::Result::Ok(Self { #(#fields)* })
    }
}

/// An `@httpPrefixHeaders` or `@httpQueryParams` map: at least one entry, keys from `key`.
fn bound_map(ctx: &ServiceCtx, member: &Member, key: TokenStream, site: Site) -> Draw {
    let shape = ctx.model.expect(&member.target);
    let ShapeKind::Map { value, .. } = &shape.kind else { return draw(ctx, member, &member.target, site) };
    let value = element(ctx, shape, value, site);
    Draw::Expression(quote!(crate::runtime::arbitrary::map1(u, #key, #value)))
}

fn union_body(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let members = shape.members();
    let values: Vec<TokenStream> = members
        .iter()
        .map(|m| {
            let variant = ctx.names.member_ident(&shape.id, &m.name);
            if m.target == prelude::unit() {
                return quote!(Self::#variant);
            }
            let call = draw(ctx, m, &m.target, Site::Json).call();
            if ctx.boxed.contains(&(shape.id.clone(), m.name.clone())) {
                quote!(Self::#variant(::std::boxed::Box::new(#call?)))
            } else {
                quote!(Self::#variant(#call?))
            }
        })
        .collect();
    let choice = match values.as_slice() {
        [] => quote!(::std::result::Result::Err(::arbitrary::Error::IncorrectFormat)),
        [only] => quote!(::std::result::Result::Ok(#only)),
        [init @ .., last] => {
            let count = values.len();
            let shallow = members
                .iter()
                .enumerate()
                .filter(|(_, m)| ends(ctx, &m.target, &mut BTreeSet::new()))
                .map(|(i, _)| i);
            let indexes = 0..init.len();
            quote! {
                ::std::result::Result::Ok(match crate::runtime::arbitrary::variant(u, #count, &[#(#shallow),*])? {
                    #(#indexes => #init,)*
                    _ => #last,
                })
            }
        }
    };
    quote! {
        let _nesting = crate::runtime::arbitrary::Nesting::enter();
        #choice
    }
}

/// Whether a value of `target` can be drawn without nesting further: scalars, empty
/// collections, structures whose required members can, unions with a member that can.
fn ends(ctx: &ServiceCtx, target: &ShapeId, seen: &mut BTreeSet<ShapeId>) -> bool {
    if !seen.insert(target.clone()) {
        return false;
    }
    let shape = ctx.model.expect(target);
    let result = match &shape.kind {
        ShapeKind::Structure(members) => members.iter().all(|m| {
            matches!(optionality(ctx, shape, m), Optionality::Optional) || ends(ctx, &m.target, seen)
        }),
        ShapeKind::Union(members) => members.iter().any(|m| ends(ctx, &m.target, seen)),
        _ => true,
    };
    seen.remove(target);
    result
}
