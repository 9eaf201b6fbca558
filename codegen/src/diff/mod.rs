//! Model diff: what changed between two resolved models, as events in the spirit of Smithy's
//! own `smithy-diff` (an id, a severity, the shape or member id, a sentence), and what the
//! change does to the generated Rust API ([`crate::api`]).
//!
//! Both models are compared after resolution, so a trait moved into a mixin, an `apply`, or a
//! Smithy 1.0 spelling that means the same is no change. The comparison is split by concern:
//! [`shapes`] compares what shapes are and contain (types, members, enum values, bindings of
//! operations, inputs, outputs and errors), [`traits`] what their traits say; [`report`]
//! writes the result for people (text) and tools (JSON).

mod report;
mod shapes;
mod traits;

use std::collections::BTreeSet;

use crate::api::RustChange;
use crate::closure;
use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};

pub use report::{json, text, TextOptions};

/// How much a change can hurt, least first (so that `>=` means "at least as bad").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational: nothing a client or server notices.
    Note,
    /// Worth a look: behaviour may change, nothing is known to break.
    Warning,
    /// May break existing clients on the wire, depending on what they send.
    Danger,
    /// Breaks existing clients on the wire.
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "NOTE",
            Severity::Warning => "WARNING",
            Severity::Danger => "DANGER",
            Severity::Error => "ERROR",
        }
    }

    /// `error`, `danger`, `warning` or `note`, in any case.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "danger" => Some(Severity::Danger),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One difference between the two models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What kind of change: `AddedShape`, `ChangedLengthTrait`, ... An `Added` event has a
    /// `Removed` twin for the change in the other direction; a `Changed` event is its own twin.
    pub id: &'static str,
    pub severity: Severity,
    /// The shape id, or for a member its member id (`ns#Shape$member`).
    pub shape: String,
    pub message: String,
}

impl Event {
    /// The id the same change has when the models are swapped.
    pub fn reverse_id(id: &str) -> String {
        if let Some(rest) = id.strip_prefix("Added") {
            format!("Removed{rest}")
        } else if let Some(rest) = id.strip_prefix("Removed") {
            format!("Added{rest}")
        } else {
            id.to_owned()
        }
    }

    /// Documentation-only changes, which the text report leaves out unless asked.
    pub fn is_documentation(&self) -> bool {
        self.id.ends_with("Documentation")
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Restrict the comparison to this service and what it reaches.
    pub service: Option<ShapeId>,
    /// Restrict it further to these operations (by name) and the shapes they reach.
    pub operations: Option<Vec<String>>,
    /// Module name of the service in the generated crate, for the Rust view's paths; by
    /// default the one `cargo xtask codegen --model` gives it.
    pub module: Option<String>,
}

/// The events, sorted (severity first, worst first), and the Rust API changes.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub events: Vec<Event>,
    /// The generated crate's public API, old against new; empty when the models have no
    /// service (there is no crate to speak of).
    pub rust: Vec<RustChange>,
    /// The service compared, when there is one.
    pub service: Option<ShapeId>,
}

impl Report {
    /// The worst severity found, if any event was.
    pub fn worst(&self) -> Option<Severity> {
        self.events.iter().map(|e| e.severity).max()
    }

    /// The Rust API changes that come from `shape` (a shape or member id).
    pub fn rust_changes_of<'a>(&'a self, shape: &'a str) -> impl Iterator<Item = &'a RustChange> + 'a {
        self.rust.iter().filter(move |c| c.origin == shape)
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Model, new: &Model, options: &Options) -> Result<Report> {
    let scope = Scope::new(old, new, options)?;
    let mut cx = Cx { old, new, scope: &scope, events: Vec::new() };
    // Mixins are compared where they are used: a trait moved into one is no change.
    let mixin = |shape: Option<&crate::model::Shape>| shape.is_none_or(|s| s.has_trait("smithy.api#mixin"));
    for id in &scope.shapes {
        if mixin(old.get(id)) && mixin(new.get(id)) {
            continue;
        }
        match (old.get(id), new.get(id)) {
            (Some(o), Some(n)) => shapes::compare(&mut cx, o, n),
            (Some(o), None) => shapes::removed(&mut cx, o),
            (None, Some(n)) => shapes::added(&mut cx, n),
            (None, None) => {}
        }
    }
    let mut events = cx.events;
    events.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| a.shape.cmp(&b.shape)).then_with(|| a.id.cmp(b.id))
    });
    events.dedup();
    let rust = match &scope.service {
        Some(service) => crate::api::compare_models(old, new, service, options)?,
        None => Vec::new(),
    };
    Ok(Report { events, rust, service: scope.service.clone() })
}

/// The shapes compared, and on which side of the wire each one travels.
struct Scope {
    shapes: BTreeSet<ShapeId>,
    service: Option<ShapeId>,
    /// With `--operations`: the operations a service's bindings are compared for.
    operations: Option<BTreeSet<String>>,
    /// Shapes reachable from an operation's input (what clients send).
    input_side: BTreeSet<ShapeId>,
    /// Shapes reachable from an operation's output or errors (what clients receive).
    output_side: BTreeSet<ShapeId>,
    /// No operation in either model: every shape counts as on both sides.
    sideless: bool,
}

impl Scope {
    fn new(old: &Model, new: &Model, options: &Options) -> Result<Scope> {
        let service = match &options.service {
            Some(id) => {
                if old.get(id).is_none() && new.get(id).is_none() {
                    return Err(Error::shape(id, "is a service of neither model"));
                }
                Some(id.clone())
            }
            None => only_service(old, new)?,
        };
        if options.operations.is_some() && service.is_none() {
            return Err(Error::new("--operations needs a service; the models have none"));
        }
        let mut shapes = BTreeSet::new();
        let mut operations_of_sides = Vec::new();
        match &service {
            Some(service) if options.service.is_some() || options.operations.is_some() => {
                let wanted = options.operations.as_ref();
                let mut found = BTreeSet::new();
                for model in [old, new] {
                    if model.get(service).is_none() {
                        continue;
                    }
                    let all = closure::service_operations(model, service)?;
                    let chosen: Vec<String> = all
                        .iter()
                        .map(|op| op.name().to_owned())
                        .filter(|name| wanted.is_none_or(|w| w.contains(name)))
                        .collect();
                    found.extend(chosen.iter().cloned());
                    let selection = closure::select(model, service, Some(&chosen))?;
                    shapes.extend(selection.shapes);
                    shapes.extend(selection.operations.iter().cloned());
                    operations_of_sides.extend(selection.operations.iter().map(|op| (model, op.clone())));
                    shapes.insert(service.clone());
                    if wanted.is_none() {
                        shapes.extend(resources(model, service));
                    }
                }
                if let Some(wanted) = wanted {
                    if let Some(missing) = wanted.iter().find(|name| !found.contains(*name)) {
                        return Err(Error::shape(
                            service,
                            format!("has no operation named `{missing}` in either model"),
                        ));
                    }
                }
            }
            _ => {
                for model in [old, new] {
                    shapes.extend(model.shapes.keys().filter(|id| !id.is_prelude()).cloned());
                    operations_of_sides.extend(
                        model
                            .shapes
                            .values()
                            .filter(|s| matches!(s.kind, ShapeKind::Operation(_)))
                            .map(|s| (model, s.id.clone())),
                    );
                }
            }
        }
        let (mut input_side, mut output_side) = (BTreeSet::new(), BTreeSet::new());
        for (model, op) in &operations_of_sides {
            let Some(ShapeKind::Operation(o)) = model.get(op).map(|s| &s.kind) else { continue };
            reach(model, [o.input.clone()], &mut input_side);
            reach(model, std::iter::once(o.output.clone()).chain(o.errors.iter().cloned()), &mut output_side);
        }
        let sideless = operations_of_sides.is_empty();
        Ok(Scope {
            shapes,
            service,
            operations: options.operations.as_ref().map(|ops| ops.iter().cloned().collect()),
            input_side,
            output_side,
            sideless,
        })
    }
}

/// The service both models have, when there is exactly one (by id) across them.
fn only_service(old: &Model, new: &Model) -> Result<Option<ShapeId>> {
    let services: BTreeSet<&ShapeId> = [old, new]
        .iter()
        .flat_map(|m| m.shapes.values())
        .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
        .map(|s| &s.id)
        .collect();
    match services.len() {
        0 => Ok(None),
        1 => Ok(services.into_iter().next().cloned()),
        _ => {
            let list: Vec<String> = services.iter().map(|id| id.to_string()).collect();
            Err(Error::new(format!(
                "the models have several services; pick one with --service: {}",
                list.join(", ")
            )))
        }
    }
}

/// The resources a service binds, recursively.
fn resources(model: &Model, service: &ShapeId) -> BTreeSet<ShapeId> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<ShapeId> = match model.get(service).map(|s| &s.kind) {
        Some(ShapeKind::Service(s)) => s.resources.clone(),
        _ => Vec::new(),
    };
    while let Some(id) = stack.pop() {
        if !found.insert(id.clone()) {
            continue;
        }
        if let Some(ShapeKind::Resource(r)) = model.get(&id).map(|s| &s.kind) {
            stack.extend(r.resources.iter().cloned());
            found.extend(r.operations.iter().cloned());
        }
    }
    found
}

/// Adds to `seen` every shape reachable from `roots` through members (the roots included).
fn reach(model: &Model, roots: impl IntoIterator<Item = ShapeId>, seen: &mut BTreeSet<ShapeId>) {
    let mut stack: Vec<ShapeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(shape) = model.get(&id) {
            stack.extend(shape.members().into_iter().map(|m| m.target.clone()));
        }
    }
}

/// Which side of the wire a shape travels on, for severities that depend on it: a tighter
/// constraint hurts what clients send, a member no longer required hurts what they receive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sides {
    pub input: bool,
    pub output: bool,
}

/// The comparison in progress.
pub(crate) struct Cx<'a> {
    pub old: &'a Model,
    pub new: &'a Model,
    scope: &'a Scope,
    events: Vec<Event>,
}

impl Cx<'_> {
    pub fn push(
        &mut self,
        id: &'static str,
        severity: Severity,
        shape: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.events.push(Event { id, severity, shape: shape.into(), message: message.into() });
    }

    /// Where `id` travels, in either model.
    pub fn sides(&self, id: &ShapeId) -> Sides {
        if self.scope.sideless {
            return Sides { input: true, output: true };
        }
        Sides { input: self.scope.input_side.contains(id), output: self.scope.output_side.contains(id) }
    }

    /// Whether a service's binding of this operation is compared (all, without `--operations`).
    pub fn operation_in_scope(&self, op: &ShapeId) -> bool {
        self.scope.operations.as_ref().is_none_or(|names| names.contains(op.name()))
    }
}

/// A member's id, as Smithy writes it.
pub(crate) fn member_id(owner: &ShapeId, member: &str) -> String {
    format!("{owner}${member}")
}
