//! Validators: `Validate` for every structure and union reachable from an operation input,
//! checking `@required`, `@length`, `@pattern`, `@range`, `@uniqueItems` and enum membership,
//! with JSON-pointer paths spelled with the model's member names.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::rust_types::{optionality, Optionality};
use super::ServiceCtx;
use crate::error::Result;
use crate::model::{Member, Shape, ShapeId, ShapeKind, SimpleType};
use crate::patterns::{self, Automaton, CompiledPattern};

struct Gen<'a, 'b> {
    ctx: &'a ServiceCtx<'b>,
    patterns: RefCell<BTreeMap<CompiledPattern, usize>>,
    needs: RefCell<BTreeMap<ShapeId, bool>>,
}

pub fn validate_file(ctx: &ServiceCtx) -> Result<TokenStream> {
    let gen = Gen { ctx, patterns: RefCell::new(BTreeMap::new()), needs: RefCell::new(BTreeMap::new()) };
    let mut items = Vec::new();
    for id in &ctx.input_shapes() {
        let shape = ctx.model.expect(id);
        match &shape.kind {
            ShapeKind::Structure(_) => items.push(gen.structure(shape)?),
            ShapeKind::Union(_) => items.push(gen.union(shape)?),
            ShapeKind::List(_) | ShapeKind::Map { .. } if gen.needs_elements(shape) => {
                items.push(gen.collection(shape)?)
            }
            _ => {}
        }
    }
    let statics = gen
        .patterns
        .borrow()
        .iter()
        .map(|(compiled, index)| {
            let name = format_ident!("PATTERN_{}", index);
            let cell = match compiled.automaton {
                Some(Automaton::Whole(_)) => quote!(PatternCell),
                Some(Automaton::Guarded(_)) => quote!(GuardedPatternCell),
                None => quote!(BacktrackingPatternCell),
            };
            quote!(static #name: crate::runtime::validation::#cell = ::std::sync::OnceLock::new();)
        })
        .collect::<Vec<_>>();
    let keys = unique_key_impls(ctx);
    Ok(quote! {
        #(#statics)*
        #(#items)*
        #(#keys)*
    })
}

/// `UniqueKey` for the structures, unions and enums that `@uniqueItems` lists of inputs hold
/// (directly or inside them): `unique_items` compares keys through a hash set, in linear time.
fn unique_key_impls(ctx: &ServiceCtx) -> Vec<TokenStream> {
    let mut stack: Vec<ShapeId> = ctx
        .input_shapes()
        .iter()
        .map(|id| ctx.model.expect(id))
        .filter(|shape| shape.has_trait("smithy.api#uniqueItems"))
        .filter_map(|shape| match &shape.kind {
            ShapeKind::List(member) => Some(member.target.clone()),
            _ => None,
        })
        .collect();
    let mut named = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = ctx.model.expect(&id);
        if matches!(
            shape.kind,
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_)
        ) {
            named.insert(id.clone());
        }
        if !matches!(shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)) {
            stack.extend(shape.members().into_iter().map(|m| m.target.clone()));
        }
    }
    let key = quote!(crate::runtime::validation::UniqueKey);
    named
        .iter()
        .map(|id| {
            let shape = ctx.model.expect(id);
            let ty = ctx.type_path(id);
            let body = match &shape.kind {
                ShapeKind::Structure(members) => {
                    let fields = members.iter().map(|m| ctx.names.member_ident(id, &m.name));
                    quote!(#(#key::unique_key(&self.#fields, key);)*)
                }
                ShapeKind::Union(members) => {
                    let arms = members.iter().enumerate().map(|(i, m)| {
                        let variant = ctx.names.member_ident(id, &m.name);
                        let tag = i as u32;
                        if m.target == crate::prelude::unit() {
                            quote!(Self::#variant => key.extend_from_slice(&#tag.to_le_bytes()),)
                        } else {
                            quote!(Self::#variant(value) => {
                                key.extend_from_slice(&#tag.to_le_bytes());
                                #key::unique_key(value, key);
                            })
                        }
                    });
                    quote! {
                        match self {
                            #(#arms)*
                            Self::Unknown(name) => {
                                key.extend_from_slice(&u32::MAX.to_le_bytes());
                                #key::unique_key(name, key);
                            }
                        }
                    }
                }
                ShapeKind::Enum(_) => quote!(#key::unique_key(self.as_str(), key);),
                _ => quote!(#key::unique_key(&self.as_i32(), key);),
            };
            quote! {
                impl #key for #ty {
                    fn unique_key(&self, key: &mut ::std::vec::Vec<u8>) {
                        #body
                    }
                }
            }
        })
        .collect()
}

/// The values a violation message lists when some are `@internal` (a server does not tell
/// its peers about those, as Smithy's server frameworks do not): `None` when it lists them all.
fn listed_values(members: &[Member], value: impl Fn(&Member) -> TokenStream) -> Option<TokenStream> {
    if !members.iter().any(|m| m.has_trait("smithy.api#internal")) {
        return None;
    }
    let listed = members.iter().filter(|m| !m.has_trait("smithy.api#internal")).map(value);
    Some(quote!(&[#(#listed),*]))
}

/// True for a `@pattern` value that validation checks (see [`patterns::decide`]).
fn enforced_pattern(value: Option<&Value>) -> bool {
    value.and_then(Value::as_str).is_some_and(|p| patterns::decide(p).compiled().is_some())
}

fn number(value: Option<&Value>) -> Option<(f64, String)> {
    let n = value?.as_f64()?;
    Some((n, value?.to_string()))
}

impl Gen<'_, '_> {
    /// True when values of the shape can violate something.
    fn needs(&self, id: &ShapeId) -> bool {
        if let Some(known) = self.needs.borrow().get(id) {
            return *known;
        }
        // Cycles: assume no until proven otherwise.
        self.needs.borrow_mut().insert(id.clone(), false);
        let shape = self.ctx.model.expect(id);
        let own = ["smithy.api#length", "smithy.api#range", "smithy.api#uniqueItems"]
            .iter()
            .any(|t| shape.has_trait(t))
            || enforced_pattern(shape.trait_value("smithy.api#pattern"))
            || matches!(shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_));
        let result = own
            || shape.members().into_iter().any(|m| {
                m.has_trait("smithy.api#required")
                    || ["smithy.api#length", "smithy.api#range"].iter().any(|t| m.has_trait(t))
                    || enforced_pattern(m.trait_value("smithy.api#pattern"))
                    || self.needs(&m.target)
            });
        self.needs.borrow_mut().insert(id.clone(), result);
        result
    }

    /// The static holding the compiled pattern, or `None` when the pattern is not enforced
    /// (the generator warns about it and the member's docs say so).
    fn pattern_static(&self, pattern: &str) -> Option<(proc_macro2::Ident, CompiledPattern)> {
        let compiled = patterns::decide(pattern).compiled()?.clone();
        let mut table = self.patterns.borrow_mut();
        let next = table.len();
        let index = *table.entry(compiled.clone()).or_insert(next);
        Some((format_ident!("PATTERN_{}", index), compiled))
    }

    /// Checks on the value `v` (a reference) of shape `target`, held by `member` when there is one;
    /// the path already points at the value.
    fn value_checks(&self, member: Option<&Member>, target: &ShapeId, v: TokenStream) -> Result<TokenStream> {
        let shape = self.ctx.model.expect(target);
        let constraint = |id: &str| member.and_then(|m| m.trait_value(id)).or_else(|| shape.trait_value(id));
        let mut checks = Vec::new();
        let length = constraint("smithy.api#length").map(|l| {
            let bound = |k| match l.get(k).and_then(Value::as_u64) {
                Some(n) => quote!(::std::option::Option::Some(#n)),
                None => quote!(::std::option::Option::None),
            };
            (bound("min"), bound("max"))
        });
        match &shape.kind {
            ShapeKind::Simple(SimpleType::String) => {
                if let Some((min, max)) = &length {
                    checks.push(
                        quote!(crate::runtime::validation::string_length(#v, #min, #max, path, errors);),
                    );
                }
                let pattern = constraint("smithy.api#pattern").and_then(Value::as_str);
                if let Some((pattern, (name, compiled))) =
                    pattern.and_then(|p| Some((p, self.pattern_static(p)?)))
                {
                    let (source, flags) = (&compiled.source, compiled.flags);
                    checks.push(match &compiled.automaton {
                        Some(Automaton::Whole(linear)) => quote!(crate::runtime::validation::pattern(#v, &#name, #linear, #pattern, path, errors);),
                        Some(Automaton::Guarded(parts)) => {
                            let parts = parts.iter().map(|(source, must_match)| quote!((#source, #must_match)));
                            quote!(crate::runtime::validation::pattern_guarded(#v, &#name, &[#(#parts),*], #pattern, path, errors);)
                        }
                        None => quote!(crate::runtime::validation::pattern_backtracking(#v, &#name, #source, #flags, #pattern, path, errors);),
                    });
                }
            }
            ShapeKind::Simple(SimpleType::Blob) => {
                if let Some((min, max)) = &length {
                    checks.push(
                        quote!(crate::runtime::validation::length(#v.as_ref().len(), #min, #max, "length", path, errors);),
                    );
                }
            }
            ShapeKind::Simple(
                SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long,
            ) => {
                if let Some(range) = constraint("smithy.api#range") {
                    let bound = |k, inward: fn(f64) -> f64| match range.get(k) {
                        Some(n @ Value::Number(_)) => {
                            let exact = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
                            // Saturating: a bound beyond i128 bounds nothing a long can hold.
                            let bound = exact.unwrap_or_else(|| inward(n.as_f64().unwrap_or(0.0)) as i128);
                            let text = n.to_string();
                            quote!(::std::option::Option::Some((#bound, #text)))
                        }
                        _ => quote!(::std::option::Option::None),
                    };
                    let (min, max) = (bound("min", f64::ceil), bound("max", f64::floor));
                    checks.push(quote!(crate::runtime::validation::range_integer(i128::from(*#v), #min, #max, path, errors);));
                }
            }
            ShapeKind::Simple(SimpleType::Float | SimpleType::Double) => {
                if let Some(range) = constraint("smithy.api#range") {
                    let bound = |k| match number(range.get(k)) {
                        Some((n, text)) => quote!(::std::option::Option::Some((#n, #text))),
                        None => quote!(::std::option::Option::None),
                    };
                    let (min, max) = (bound("min"), bound("max"));
                    let as_f64 = match &shape.kind {
                        ShapeKind::Simple(SimpleType::Double) => quote!(*#v),
                        _ => quote!(f64::from(*#v)),
                    };
                    checks
                        .push(quote!(crate::runtime::validation::range(#as_f64, #min, #max, path, errors);));
                }
            }
            ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
                if let Some(range) = constraint("smithy.api#range") {
                    // The model's own text: compared exactly, whatever its size.
                    let bound = |k| match range.get(k).filter(|v| v.is_number()) {
                        Some(n) => {
                            let text = n.to_string();
                            quote!(::std::option::Option::Some(#text))
                        }
                        None => quote!(::std::option::Option::None),
                    };
                    let (min, max) = (bound("min"), bound("max"));
                    checks.push(quote!(crate::runtime::validation::range_decimal(#v.as_ref(), #min, #max, path, errors);));
                }
            }
            ShapeKind::Enum(members) => {
                let ty = self.ctx.type_path(target);
                let listed = listed_values(members, |m| {
                    let value = super::enums::enum_value_str(m);
                    quote!(#value)
                })
                .unwrap_or_else(|| quote!(#ty::VALUES));
                checks.push(quote! {
                    if let #ty::Unknown(value) = #v {
                        crate::runtime::validation::enum_value(value, #listed, path, errors);
                    }
                });
            }
            ShapeKind::IntEnum(members) => {
                let ty = self.ctx.type_path(target);
                let listed = listed_values(members, |m| {
                    let value = super::enums::int_value(&m);
                    quote!(#value)
                })
                .unwrap_or_else(|| quote!(#ty::VALUES));
                checks.push(quote! {
                    if let #ty::Unknown(value) = #v {
                        crate::runtime::validation::int_enum_value(*value, #listed, path, errors);
                    }
                });
            }
            ShapeKind::List(_) | ShapeKind::Map { .. } => {
                if let Some((min, max)) = &length {
                    checks.push(quote!(crate::runtime::validation::length(#v.len(), #min, #max, "length", path, errors);));
                }
                if shape.has_trait("smithy.api#uniqueItems") {
                    checks.push(quote!(crate::runtime::validation::unique_items(#v, path, errors);));
                }
                if self.needs_elements(shape) {
                    let f = format_ident!("validate_{}", self.ctx.names.stem(target));
                    checks.push(quote!(#f(#v, path, errors);));
                }
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) if self.needs(target) => {
                checks.push(quote!(crate::runtime::Validate::validate_at(#v, path, errors);));
            }
            _ => {}
        }
        Ok(quote!(#(#checks)*))
    }

    fn needs_elements(&self, shape: &Shape) -> bool {
        match &shape.kind {
            ShapeKind::List(m) => self.needs(&m.target),
            ShapeKind::Map { key, value } => self.needs(&key.target) || self.needs(&value.target),
            _ => false,
        }
    }

    fn structure(&self, shape: &Shape) -> Result<TokenStream> {
        let ty = self.ctx.type_path(&shape.id);
        let mut body = Vec::new();
        for m in shape.members() {
            let field = self.ctx.names.member_ident(&shape.id, &m.name);
            let name = &m.name;
            let checks = self.value_checks(Some(m), &m.target, quote!(v))?;
            let required = m.has_trait("smithy.api#required");
            let optional = matches!(optionality(self.ctx, shape, m), Optionality::Optional);
            if checks.is_empty() && !(required && optional) {
                continue;
            }
            let visit = quote! {
                let len = path.push(#name);
                #checks
                path.truncate(len);
            };
            body.push(match (optional, required) {
                (true, true) if checks.is_empty() => quote! {
                    if self.#field.is_none() {
                        crate::runtime::validation::required(path, #name, errors);
                    }
                },
                (true, true) => quote! {
                    match &self.#field {
                        ::std::option::Option::Some(v) => { #visit }
                        ::std::option::Option::None => crate::runtime::validation::required(path, #name, errors),
                    }
                },
                (true, false) => quote! {
                    if let ::std::option::Option::Some(v) = &self.#field { #visit }
                },
                (false, _) => quote! {
                    { let v = &self.#field; #visit }
                },
            });
        }
        let (path, errors) =
            if body.is_empty() { (quote!(_path), quote!(_errors)) } else { (quote!(path), quote!(errors)) };
        let inline = super::debug_inline();
        Ok(quote! {
            #[allow(deprecated)]
            impl crate::runtime::Validate for #ty {
                #inline
                fn validate_at(&self, #path: &mut crate::runtime::validation::Path, #errors: &mut ::std::vec::Vec<crate::runtime::ValidationError>) {
                    #(#body)*
                }
            }
        })
    }

    fn union(&self, shape: &Shape) -> Result<TokenStream> {
        let ty = self.ctx.type_path(&shape.id);
        let mut arms = Vec::new();
        for m in shape.members() {
            if m.target == crate::prelude::unit() {
                continue;
            }
            let checks = self.value_checks(Some(m), &m.target, quote!(v))?;
            if checks.is_empty() {
                continue;
            }
            let variant = self.ctx.names.member_ident(&shape.id, &m.name);
            let name = &m.name;
            // Written as `PATTERN = self { ... }` so one arm can also be an `if let`.
            arms.push(quote! {
                #ty::#variant(v) = self {
                    let len = path.push(#name);
                    #checks
                    path.truncate(len);
                }
            });
        }
        let body = match arms.as_slice() {
            [] => quote!(let _ = (path, errors);),
            [only] => quote!(if let #only),
            _ => quote!(#(if let #arms)else*),
        };
        let inline = super::debug_inline();
        Ok(quote! {
            #[allow(deprecated)]
            impl crate::runtime::Validate for #ty {
                #inline
                fn validate_at(&self, path: &mut crate::runtime::validation::Path, errors: &mut ::std::vec::Vec<crate::runtime::ValidationError>) {
                    #body
                }
            }
        })
    }

    /// `validate_<list>` / `validate_<map>`: element checks, paths indexed or keyed.
    fn collection(&self, shape: &Shape) -> Result<TokenStream> {
        let f = format_ident!("validate_{}", self.ctx.names.stem(&shape.id));
        let sparse = shape.has_trait("smithy.api#sparse");
        let (param, body) = match &shape.kind {
            ShapeKind::List(m) => {
                let item = super::rust_types::target_type(self.ctx, &m.target);
                let item_ty = if sparse { quote!(::std::option::Option<#item>) } else { item };
                let checks = self.value_checks(Some(m), &m.target, quote!(item))?;
                let visit = if sparse {
                    quote!(if let ::std::option::Option::Some(item) = item { #checks })
                } else {
                    checks
                };
                let body = quote! {
                    for (i, item) in value.iter().enumerate() {
                        let len = path.push_index(i);
                        #visit
                        path.truncate(len);
                    }
                };
                (quote!(&[#item_ty]), body)
            }
            ShapeKind::Map { key, value } => {
                let ty = super::rust_types::target_type(self.ctx, &shape.id);
                let key_checks = self.value_checks(Some(key), &key.target, quote!(k))?;
                let value_checks = self.value_checks(Some(value), &value.target, quote!(v))?;
                let value_visit = if sparse {
                    quote!(if let ::std::option::Option::Some(v) = v { #value_checks })
                } else {
                    value_checks
                };
                // Sorted, so violations come out in the same order every time. A key that
                // breaks a constraint is reported at the map's path (a key has no path of its
                // own), as Smithy's server frameworks report it; a value at the key's.
                let body = if value_visit.is_empty() {
                    quote! {
                        for (k, _) in crate::runtime::sorted_entries(value) {
                            #key_checks
                        }
                    }
                } else {
                    quote! {
                        for (k, v) in crate::runtime::sorted_entries(value) {
                            #key_checks
                            let len = path.push(k.as_str());
                            #value_visit
                            path.truncate(len);
                        }
                    }
                };
                (quote!(&#ty), body)
            }
            _ => return Ok(quote!()),
        };
        let inline = super::debug_inline();
        Ok(quote! {
            #[allow(deprecated)]
            #inline
            fn #f(value: #param, path: &mut crate::runtime::validation::Path, errors: &mut ::std::vec::Vec<crate::runtime::ValidationError>) {
                #body
            }
        })
    }
}

/// Every `@pattern` of the service's inputs that validation does not enforce, in shape order.
pub fn unenforced_patterns(ctx: &ServiceCtx) -> Vec<patterns::NotEnforced> {
    let mut found = std::collections::BTreeSet::new();
    for id in ctx.input_shapes() {
        for member in ctx.model.expect(&id).members() {
            let own = member.trait_value("smithy.api#pattern").map(|p| (format!("{id}${}", member.name), p));
            let target = ctx.model.expect(&member.target);
            let inherited = target.trait_value("smithy.api#pattern").map(|p| (target.id.to_string(), p));
            for (shape, pattern) in own.into_iter().chain(inherited) {
                let Some(pattern) = pattern.as_str() else { continue };
                if let patterns::Decision::NotEnforced(why) = patterns::decide(pattern) {
                    found.insert(patterns::NotEnforced { shape, pattern: pattern.to_owned(), why });
                }
            }
        }
    }
    found.into_iter().collect()
}

/// Which engines the service's enforced patterns need: (linear, backtracking).
pub fn pattern_engines(ctx: &ServiceCtx) -> (bool, bool) {
    let (mut linear, mut backtracking) = (false, false);
    let mut note = |pattern: Option<&Value>| {
        if let Some(compiled) =
            pattern.and_then(Value::as_str).and_then(|p| patterns::decide(p).compiled().cloned())
        {
            match compiled.automaton {
                Some(_) => linear = true,
                None => backtracking = true,
            }
        }
    };
    for id in ctx.input_shapes() {
        let shape = ctx.model.expect(&id);
        note(shape.trait_value("smithy.api#pattern"));
        for member in shape.members() {
            note(member.trait_value("smithy.api#pattern"));
            note(ctx.model.expect(&member.target).trait_value("smithy.api#pattern"));
        }
    }
    (linear, backtracking)
}

/// The doc sentence for a member whose value (or, for a list or map, whose elements) has a
/// `@pattern` that validation does not enforce.
pub fn pattern_note(ctx: &ServiceCtx, member: &Member) -> Option<String> {
    let unenforced = |pattern: Option<&Value>| {
        let pattern = pattern?.as_str()?;
        match patterns::decide(pattern) {
            patterns::Decision::NotEnforced(why) => Some(patterns::doc_note(pattern, &why)),
            _ => None,
        }
    };
    let target = ctx.model.expect(&member.target);
    let elements = match &target.kind {
        ShapeKind::List(m) => vec![m],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => vec![],
    };
    unenforced(member.trait_value("smithy.api#pattern"))
        .or_else(|| unenforced(target.trait_value("smithy.api#pattern")))
        .or_else(|| {
            elements.into_iter().find_map(|m| {
                unenforced(m.trait_value("smithy.api#pattern"))
                    .or_else(|| unenforced(ctx.model.expect(&m.target).trait_value("smithy.api#pattern")))
            })
        })
}
