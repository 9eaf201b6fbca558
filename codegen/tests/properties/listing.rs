//! The operations of a generated service module and their modeled errors, read from its
//! sources with `syn` (not from the generator): what the round-trip tests must cover.

use std::path::Path;

use quote::ToTokens;

/// One operation: its marker type, its error enum, the enum's modeled variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: String,
    pub error: String,
    pub variants: Vec<String>,
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every operation of the module in `dir` (`src/<module>`): each `impl Op` of `operations.rs`
/// with a `parse_response` (its error enum is the `Err` type), with the variants of that enum
/// in `errors.rs` but `Unhandled`.
pub fn operations(dir: &Path) -> Vec<Operation> {
    let errors = parse(&dir.join("errors.rs"));
    let variants = |name: &str| -> Vec<String> {
        errors
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == name => Some(e),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no enum {name} in {}/errors.rs", dir.display()))
            .variants
            .iter()
            .map(|v| v.ident.to_string())
            .filter(|v| v != "Unhandled")
            .collect()
    };
    let mut found = Vec::new();
    for item in parse(&dir.join("operations.rs")).items {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
        for inner in &block.items {
            let syn::ImplItem::Fn(f) = inner else { continue };
            if f.sig.ident != "parse_response" {
                continue;
            }
            let syn::ReturnType::Type(_, result) = &f.sig.output else { continue };
            let error = error_type(result).unwrap_or_else(|| panic!("{}", result.to_token_stream()));
            let name = self_ty.path.segments.last().expect("a type name").ident.to_string();
            found.push(Operation { name, variants: variants(&error), error });
        }
    }
    found
}

/// `E` of `Result<O, path::E>`.
fn error_type(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else { return None };
    let syn::GenericArgument::Type(syn::Type::Path(error)) = args.args.iter().nth(1)? else { return None };
    Some(error.path.segments.last()?.ident.to_string())
}

/// The `round_trips!` invocation for the module; `skips` gives, per operation name, why its
/// input and why its output cannot round trip, when they cannot.
pub fn invocation(
    crate_name: &str,
    module: &str,
    operations: &[Operation],
    skips: &std::collections::BTreeMap<String, (Option<String>, Option<String>)>,
) -> String {
    let mut text = format!(
        "mod {module} {{\n    use {crate_name}::{module} as service;\n\n    crate::round_trips! {{\n"
    );
    for op in operations {
        let mut skipped = String::new();
        if let Some((input, output)) = skips.get(&op.name) {
            for (direction, why) in [("input", input), ("output", output)] {
                if let Some(why) = why {
                    skipped.push_str(&format!(" {direction}: {why:?}"));
                }
            }
        }
        text.push_str(&format!(
            "        {} => {} [{}]{skipped};\n",
            op.name,
            op.error,
            op.variants.join(", ")
        ));
    }
    text.push_str("    }\n}\n");
    text
}
