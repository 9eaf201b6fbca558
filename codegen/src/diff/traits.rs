//! What traits say: required and default (and so nullability), constraints tightened or
//! relaxed, HTTP bindings, wire names and formats, protocols and auth, `@sensitive`,
//! `@deprecated`, documentation, and any other trait added, removed or changed.

use std::collections::BTreeSet;

use serde_json::Value;

use super::shapes::spell;
use super::{member_id, Cx, Severity, Sides};
use crate::emit::{Binding, BINDING_TRAITS};
use crate::model::{Member, Shape, ShapeKind, Traits};

/// Protocol traits of the JSON protocols and their siblings (their definitions are not in
/// the service models; a trait defined in the model with `@protocolDefinition` counts too).
const PROTOCOLS: &[&str] = &[
    "aws.protocols#restJson1",
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "aws.protocols#restXml",
    "smithy.protocols#rpcv2Cbor",
];

/// Auth scheme traits, and the traits that choose among them.
const AUTH: &[&str] = &[
    "aws.auth#sigv4",
    "aws.auth#sigv4a",
    "aws.auth#unsignedPayload",
    "smithy.api#httpBasicAuth",
    "smithy.api#httpDigestAuth",
    "smithy.api#httpBearerAuth",
    "smithy.api#httpApiKeyAuth",
    "smithy.api#auth",
    "smithy.api#optionalAuth",
];

/// Traits that only document.
const DOCUMENTATION: &[&str] =
    &["smithy.api#documentation", "smithy.api#externalDocumentation", "smithy.api#examples"];

pub(super) fn compare_shape(cx: &mut Cx, old: &Shape, new: &Shape) {
    let sides = either(cx.sides(&old.id), cx.sides(&new.id));
    each_trait(cx, &old.id.to_string(), &old.traits, &new.traits, sides, None);
}

pub(super) fn compare_member(cx: &mut Cx, old_owner: &Shape, new_owner: &Shape, o: &Member, n: &Member) {
    let id = member_id(&old_owner.id, &o.name);
    let sides = either(cx.sides(&old_owner.id), cx.sides(&new_owner.id));
    let structures = matches!(old_owner.kind, ShapeKind::Structure(_))
        && matches!(new_owner.kind, ShapeKind::Structure(_));
    if structures {
        let (was, is) = (client_optional(old_owner, o), client_optional(new_owner, n));
        if was != is {
            let spell = |optional: bool| if optional { "optional" } else { "always set" };
            cx.push(
                "ChangedNullability",
                Severity::Warning,
                id.clone(),
                format!("was {} for clients, now {}", spell(was), spell(is)),
            );
        }
    }
    match (where_bound(o), where_bound(n)) {
        (a, b) if a == b => {}
        (None, Some(b)) => {
            cx.push("AddedHttpBinding", Severity::Error, id.clone(), format!("moved from the body to {b}"))
        }
        (Some(a), None) => {
            cx.push("RemovedHttpBinding", Severity::Error, id.clone(), format!("moved from {a} to the body"))
        }
        (Some(a), Some(b)) => {
            cx.push("ChangedHttpBinding", Severity::Error, id.clone(), format!("moved from {a} to {b}"))
        }
        (None, None) => {}
    }
    each_trait(cx, &id, &o.traits, &n.traits, sides, Some(n));
}

/// Smithy 2.0 nullability as clients see it: members of `@input` structures and
/// `@clientOptional` members are optional; otherwise `@required` or a non-null `@default`
/// make the member always set.
fn client_optional(owner: &Shape, member: &Member) -> bool {
    if owner.has_trait("smithy.api#input") || member.has_trait("smithy.api#clientOptional") {
        return true;
    }
    let default = member.trait_value("smithy.api#default").is_some_and(|v| !v.is_null());
    !(default || member.has_trait("smithy.api#required"))
}

/// Where a member travels in an HTTP message (as the emitters bind it), spelled for
/// messages; `None` for the body.
fn where_bound(member: &Member) -> Option<String> {
    Some(match crate::emit::binding(member) {
        Binding::Label => "the URI label".to_owned(),
        Binding::Query(name) => format!("query parameter `{name}`"),
        Binding::QueryParams => "the query parameters map".to_owned(),
        Binding::Header(name) => format!("header `{name}`"),
        Binding::PrefixHeaders(prefix) => format!("headers prefixed `{prefix}`"),
        Binding::Payload => "the payload".to_owned(),
        Binding::ResponseCode => "the status code".to_owned(),
        Binding::Body => return None,
    })
}

fn either(a: Sides, b: Sides) -> Sides {
    Sides { input: a.input || b.input, output: a.output || b.output }
}

/// Every trait present on either side and not equal on both.
fn each_trait(cx: &mut Cx, shape: &str, old: &Traits, new: &Traits, sides: Sides, member: Option<&Member>) {
    let ids: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for trait_id in ids {
        let (o, n) = (old.get(trait_id), new.get(trait_id));
        if o == n || trait_id == "smithy.api#enumValue" || BINDING_TRAITS.contains(&trait_id.as_str()) {
            continue;
        }
        one_trait(cx, shape, trait_id, o, n, sides, member);
    }
}

/// The events of one trait that differs. `o` and `n` are never both `None` nor equal.
fn one_trait(
    cx: &mut Cx,
    shape: &str,
    trait_id: &str,
    o: Option<&Value>,
    n: Option<&Value>,
    sides: Sides,
    member: Option<&Member>,
) {
    let short = trait_id.strip_prefix("smithy.api#").unwrap_or(trait_id);
    let protocol =
        PROTOCOLS.contains(&trait_id) || defined_with(cx, trait_id, "smithy.api#protocolDefinition");
    let auth = AUTH.contains(&trait_id) || defined_with(cx, trait_id, "smithy.api#authDefinition");
    // Added / removed / changed, with the event ids and severities of each.
    let mut three = |ids: [&'static str; 3], severities: [Severity; 3], detail: String| {
        let (i, verb) = match (o, n) {
            (None, Some(_)) => (0, "added"),
            (Some(_), None) => (1, "removed"),
            _ => (2, "changed"),
        };
        cx.push(ids[i], severities[i], shape, format!("@{short} {verb}{detail}"));
    };
    let values = || match (o, n) {
        (None, Some(n)) => format!(": {}", spell(n)),
        (Some(o), None) => format!(" (was {})", spell(o)),
        (Some(o), Some(n)) => format!(": was {}, now {}", spell(o), spell(n)),
        (None, None) => String::new(),
    };
    let tighter = if sides.input { Severity::Danger } else { Severity::Note };
    use Severity::{Danger, Error, Note, Warning};
    match trait_id {
        id if DOCUMENTATION.contains(&id) => {
            let ids = ["AddedDocumentation", "RemovedDocumentation", "ChangedDocumentation"];
            three(ids, [Note; 3], String::new())
        }
        "smithy.api#required" => {
            let has_default =
                member.and_then(|m| m.trait_value("smithy.api#default")).is_some_and(|v| !v.is_null());
            let added = if sides.input && !has_default {
                (Error, ": requests of existing clients may lack it")
            } else {
                (Note, "")
            };
            let removed =
                if sides.output { (Warning, ": responses may now leave it out") } else { (Note, "") };
            let (severity, why) = if n.is_some() { added } else { removed };
            let ids = ["AddedRequiredTrait", "RemovedRequiredTrait", "ChangedRequiredTrait"];
            three(ids, [severity; 3], why.to_owned())
        }
        "smithy.api#default" => {
            // Adding a default is a compatible change only when marked `@addedDefault`;
            // removing or changing one changes what an absent member means.
            let marked = member.is_some_and(|m| m.has_trait("smithy.api#addedDefault"));
            let ids = ["AddedDefaultTrait", "RemovedDefaultTrait", "ChangedDefaultTrait"];
            three(ids, [if marked { Warning } else { Danger }, Error, Error], values())
        }
        "smithy.api#length" | "smithy.api#range" => {
            let (tightened, relaxed) = bounds_change(o, n);
            let severity = if tightened { tighter } else { Note };
            let how = match (tightened, relaxed) {
                (true, true) => " (tightened and relaxed)",
                (true, false) => " (tightened)",
                (false, true) => " (relaxed)",
                (false, false) => "",
            };
            let ids = if trait_id.ends_with("length") {
                ["AddedLengthTrait", "RemovedLengthTrait", "ChangedLengthTrait"]
            } else {
                ["AddedRangeTrait", "RemovedRangeTrait", "ChangedRangeTrait"]
            };
            three(ids, [severity; 3], format!("{}{how}", values()))
        }
        "smithy.api#pattern" => {
            let ids = ["AddedPatternTrait", "RemovedPatternTrait", "ChangedPatternTrait"];
            three(ids, [tighter, Note, tighter], values())
        }
        "smithy.api#uniqueItems" => {
            let ids = ["AddedUniqueItemsTrait", "RemovedUniqueItemsTrait", "ChangedUniqueItemsTrait"];
            three(ids, [tighter, Note, tighter], String::new())
        }
        "smithy.api#http" => http(cx, shape, o, n),
        "smithy.api#jsonName" => {
            let ids = ["AddedJsonName", "RemovedJsonName", "ChangedJsonName"];
            three(ids, [Error; 3], format!("{}: the member's JSON key changed", values()))
        }
        "smithy.api#timestampFormat" => {
            let ids = ["AddedTimestampFormat", "RemovedTimestampFormat", "ChangedTimestampFormat"];
            three(ids, [Error; 3], format!("{}: timestamps are written differently", values()))
        }
        "smithy.api#sensitive" => {
            let ids = ["AddedSensitiveTrait", "RemovedSensitiveTrait", "ChangedSensitiveTrait"];
            three(ids, [Warning; 3], String::new())
        }
        "smithy.api#deprecated" => {
            let ids = ["AddedDeprecatedTrait", "RemovedDeprecatedTrait", "ChangedDeprecatedTrait"];
            three(ids, [Warning, Note, Note], values())
        }
        "smithy.api#sparse" => {
            // Without it, nulls in the collection are refused; with it, the Rust item type
            // becomes `Option<T>`.
            let ids = ["AddedSparseTrait", "RemovedSparseTrait", "ChangedSparseTrait"];
            three(ids, [Warning, Danger, Warning], String::new())
        }
        _ if protocol => {
            let ids = ["AddedProtocolTrait", "RemovedProtocolTrait", "ChangedProtocolTrait"];
            three(ids, [Note, Error, Warning], values())
        }
        id if auth => {
            let relaxing = id == "smithy.api#optionalAuth";
            let severities = if relaxing { [Note, Danger, Note] } else { [Note, Error, Danger] };
            let ids = ["AddedAuthTrait", "RemovedAuthTrait", "ChangedAuthTrait"];
            three(ids, severities, values())
        }
        other => {
            let severity = match other {
                "smithy.api#error"
                | "smithy.api#streaming"
                | "smithy.api#hostLabel"
                | "smithy.api#endpoint"
                | "smithy.api#eventPayload"
                | "smithy.api#eventHeader"
                | "smithy.api#requestCompression" => Error,
                "smithy.api#requiresLength" | "smithy.api#httpChecksumRequired" | "smithy.api#mediaType" => {
                    Danger
                }
                "smithy.api#idempotencyToken"
                | "smithy.api#httpError"
                | "smithy.api#clientOptional"
                | "smithy.api#input"
                | "smithy.api#output"
                | "smithy.api#idempotent"
                | "smithy.api#readonly"
                | "aws.api#service" => Warning,
                _ => Note,
            };
            let shown = match (o, n) {
                (Some(a), Some(b)) if spell(a).len() + spell(b).len() > 160 => String::new(),
                _ if o.or(n).is_some_and(|v| spell(v).len() > 160) => String::new(),
                _ => values(),
            };
            cx.push(
                match (o, n) {
                    (None, _) => "AddedTrait",
                    (_, None) => "RemovedTrait",
                    _ => "ChangedTrait",
                },
                severity,
                shape,
                format!("@{trait_id} {}{shown}", verb(o, n)),
            );
        }
    }
}

fn verb(o: Option<&Value>, n: Option<&Value>) -> &'static str {
    match (o, n) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "changed",
    }
}

/// `@http`: method, URI and code each their own event.
fn http(cx: &mut Cx, shape: &str, o: Option<&Value>, n: Option<&Value>) {
    let (Some(o), Some(n)) = (o, n) else {
        let (id, verb) =
            if n.is_some() { ("AddedHttpTrait", "added") } else { ("RemovedHttpTrait", "removed") };
        let value = spell(o.or(n).unwrap_or(&Value::Null));
        cx.push(id, Severity::Error, shape, format!("@http {verb}: {value}"));
        return;
    };
    let field = |v: &Value, name: &str| v.get(name).map(spell).unwrap_or_else(|| "unset".to_owned());
    for (name, id, severity) in [
        ("method", "ChangedHttpMethod", Severity::Error),
        ("uri", "ChangedHttpUri", Severity::Error),
        ("code", "ChangedHttpCode", Severity::Danger),
    ] {
        let (was, now) = (field(o, name), field(n, name));
        if was != now {
            cx.push(id, severity, shape, format!("@http {name} was {was}, now {now}"));
        }
    }
}

/// Whether the model defines `trait_id` as a trait carrying `marker`.
fn defined_with(cx: &Cx, trait_id: &str, marker: &str) -> bool {
    let Ok(id) = crate::model::ShapeId::parse(trait_id) else { return false };
    [cx.old, cx.new].iter().any(|m| m.get(&id).is_some_and(|s| s.has_trait(marker)))
}

/// Whether `new`'s constraint traits may refuse a value `old`'s accept: a bound tightened, a
/// pattern added or changed, `@uniqueItems` added or `@sparse` removed.
pub(super) fn tighter(old: &Traits, new: &Traits) -> bool {
    let bounds = |id: &str| bounds_change(old.get(id), new.get(id)).0;
    let pattern = new.get("smithy.api#pattern").is_some_and(|n| old.get("smithy.api#pattern") != Some(n));
    bounds("smithy.api#length")
        || bounds("smithy.api#range")
        || pattern
        || (new.contains_key("smithy.api#uniqueItems") && !old.contains_key("smithy.api#uniqueItems"))
        || (old.contains_key("smithy.api#sparse") && !new.contains_key("smithy.api#sparse"))
}

/// Whether bounds (`min`, `max`) became tighter, looser, or both. An absent trait bounds nothing.
fn bounds_change(o: Option<&Value>, n: Option<&Value>) -> (bool, bool) {
    let bound = |v: Option<&Value>, key: &str| v.and_then(|v| v.get(key)).and_then(Value::as_f64);
    let (mut tightened, mut relaxed) = (false, false);
    // Lower bound: higher is tighter.
    match (bound(o, "min"), bound(n, "min")) {
        (None, Some(_)) => tightened = true,
        (Some(_), None) => relaxed = true,
        (Some(a), Some(b)) if b > a => tightened = true,
        (Some(a), Some(b)) if b < a => relaxed = true,
        _ => {}
    }
    match (bound(o, "max"), bound(n, "max")) {
        (None, Some(_)) => tightened = true,
        (Some(_), None) => relaxed = true,
        (Some(a), Some(b)) if b < a => tightened = true,
        (Some(a), Some(b)) if b > a => relaxed = true,
        _ => {}
    }
    (tightened, relaxed)
}
