//! `enum` and `intEnum` shapes: a Rust enum with the known values plus `Unknown`, so values
//! added to the service later still parse.

use proc_macro2::TokenStream;
use quote::quote;

use super::{member_doc, shape_doc, ServiceCtx};
use crate::docs::doc_attrs;
use crate::model::{Member, Shape};

pub fn enum_value_str(member: &Member) -> String {
    match member.trait_value("smithy.api#enumValue").and_then(|v| v.as_str()) {
        Some(value) => value.to_owned(),
        // Without @enumValue the value is the member name (Smithy 2.0).
        None => member.name.clone(),
    }
}

fn header(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let doc = doc_attrs(shape_doc(shape));
    let smithy_id = format!(" Smithy shape `{}`.", shape.id);
    let gap = if doc.is_empty() { quote!() } else { quote!(#[doc = ""]) };
    let _ = ctx;
    quote!(#doc #gap #[doc = #smithy_id])
}

pub fn string_enum(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let name = ctx.names.type_ident(&shape.id);
    let header = header(ctx, shape);
    let members = shape.members();
    let variants: Vec<_> = members.iter().map(|m| ctx.names.member_ident(&shape.id, &m.name)).collect();
    let values: Vec<String> = members.iter().map(|m| enum_value_str(m)).collect();
    let docs = members.iter().map(|m| {
        let doc = doc_attrs(member_doc(m));
        let value = format!(" `{}`", enum_value_str(m));
        let gap = if doc.is_empty() { quote!() } else { quote!(#[doc = ""]) };
        let deprecated = super::structures::deprecated_attr(m.trait_value("smithy.api#deprecated"));
        quote!(#doc #gap #[doc = #value] #deprecated)
    });
    quote! {
        #header
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #variants,)*
            /// A value this version of the model does not know; kept as received.
            Unknown(::std::string::String),
        }

        #[allow(deprecated)]
        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

pub fn int_enum(ctx: &ServiceCtx, shape: &Shape) -> TokenStream {
    let name = ctx.names.type_ident(&shape.id);
    let header = header(ctx, shape);
    let members = shape.members();
    let variants: Vec<_> = members.iter().map(|m| ctx.names.member_ident(&shape.id, &m.name)).collect();
    let values: Vec<i32> = members.iter().map(int_value).collect();
    let docs = members.iter().map(|m| {
        let doc = doc_attrs(member_doc(m));
        let deprecated = super::structures::deprecated_attr(m.trait_value("smithy.api#deprecated"));
        quote!(#doc #deprecated)
    });
    quote! {
        #header
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#docs #variants,)*
            /// A value this version of the model does not know; kept as received.
            Unknown(i32),
        }

        #[allow(deprecated)]
        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [i32] = &[#(#values),*];

            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(other),
                }
            }
        }
    }
}

/// The `@enumValue` of an intEnum member; resolution has checked it is an `i32`.
pub fn int_value(member: &&Member) -> i32 {
    member
        .trait_value("smithy.api#enumValue")
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok())
        .unwrap_or_default()
}
