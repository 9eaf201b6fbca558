//! Which shapes a service generates: the selected operations (resources' included), their
//! input, output and errors, the service-wide errors, and everything their members reach.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::model::{Model, ShapeId, ShapeKind};
use crate::prelude;

/// A service and the part of it being generated.
#[derive(Debug, Clone)]
pub struct Selection {
    pub service: ShapeId,
    /// Selected operations, in the order the service lists them.
    pub operations: Vec<ShapeId>,
    /// Service-level errors, which every operation can return.
    pub service_errors: Vec<ShapeId>,
    /// Every data shape reached (prelude and `Unit` excluded), sorted by id.
    pub shapes: BTreeSet<ShapeId>,
}

/// Every operation of the service: its own, then each resource's, recursively, deduplicated.
pub fn service_operations(model: &Model, service: &ShapeId) -> Result<Vec<ShapeId>> {
    let ShapeKind::Service(s) =
        &model.get(service).ok_or_else(|| Error::shape(service, "service not found in the model"))?.kind
    else {
        return Err(Error::shape(service, "is not a service"));
    };
    let mut operations = Vec::new();
    let mut push = |op: &ShapeId| {
        if !operations.contains(op) {
            operations.push(op.clone());
        }
    };
    s.operations.iter().for_each(&mut push);
    let mut stack: Vec<ShapeId> = s.resources.iter().rev().cloned().collect();
    let mut seen = BTreeSet::new();
    while let Some(resource) = stack.pop() {
        if !seen.insert(resource.clone()) {
            continue;
        }
        if let ShapeKind::Resource(r) = &model.expect(&resource).kind {
            r.operations.iter().for_each(&mut push);
            stack.extend(r.resources.iter().rev().cloned());
        }
    }
    Ok(operations)
}

/// Selects the named operations (all when `names` is `None`) and computes their closure.
pub fn select(model: &Model, service: &ShapeId, names: Option<&[String]>) -> Result<Selection> {
    select_with_extra(model, service, names, &[])
}

/// [`select`], plus operations the service does not bind (generated as if it did; the
/// protocol-test suite defines a few such operations next to its services).
pub fn select_with_extra(
    model: &Model,
    service: &ShapeId,
    names: Option<&[String]>,
    extra: &[ShapeId],
) -> Result<Selection> {
    let mut all = service_operations(model, service)?;
    for op in extra {
        match model.get(op).map(|s| &s.kind) {
            Some(ShapeKind::Operation(_)) if !all.contains(op) => all.push(op.clone()),
            Some(ShapeKind::Operation(_)) => {}
            _ => return Err(Error::shape(op, "is not an operation")),
        }
    }
    let operations = match names {
        None => all,
        Some(names) => {
            let mut chosen = Vec::new();
            for name in names {
                let Some(op) = all.iter().find(|op| op.name() == name) else {
                    return Err(Error::shape(service, format!("has no operation named `{name}`")));
                };
                chosen.push(op.clone());
            }
            // Keep the service's order so output does not depend on how the config lists them.
            all.into_iter().filter(|op| chosen.contains(op)).collect()
        }
    };
    let ShapeKind::Service(s) = &model.expect(service).kind else {
        return Err(Error::shape(service, "is not a service"));
    };
    let service_errors = s.errors.clone();

    let mut shapes = BTreeSet::new();
    let mut stack: Vec<ShapeId> = service_errors.clone();
    for op in &operations {
        let ShapeKind::Operation(o) = &model.expect(op).kind else { continue };
        stack.push(o.input.clone());
        stack.push(o.output.clone());
        stack.extend(o.errors.iter().cloned());
    }
    while let Some(id) = stack.pop() {
        if id.is_prelude() || id == prelude::unit() || !shapes.insert(id.clone()) {
            continue;
        }
        let shape = model.expect(&id);
        if matches!(shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)) {
            continue;
        }
        stack.extend(shape.members().into_iter().map(|m| m.target.clone()));
    }
    Ok(Selection { service: service.clone(), operations, service_errors, shapes })
}
