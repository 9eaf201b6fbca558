//! Breaking recursive types: a structure or union member that can reach its own shape again
//! without passing through a list or map (which already allocate) is boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::closure::Selection;
use crate::model::{Model, ShapeId, ShapeKind};

/// The `(shape, member)` pairs whose Rust type must be `Box<T>`.
pub fn boxed_members(model: &Model, selection: &Selection) -> BTreeSet<(ShapeId, String)> {
    let direct_edges = |id: &ShapeId| -> Vec<(String, ShapeId)> {
        match &model.expect(id).kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members
                .iter()
                .filter(|m| {
                    matches!(model.expect(&m.target).kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let nodes: Vec<&ShapeId> = selection.shapes.iter().collect();
    let component = strongly_connected(&nodes, |id| direct_edges(id).into_iter().map(|(_, t)| t).collect());
    let mut boxed = BTreeSet::new();
    for id in &nodes {
        for (member, target) in direct_edges(id) {
            if component.contains_key(*id) && component.get(*id) == component.get(&target) {
                boxed.insert(((*id).clone(), member));
            }
        }
    }
    boxed
}

/// Tarjan's algorithm; returns the component number of every node in a cycle (self loops
/// included). Nodes outside any cycle are absent.
fn strongly_connected(
    nodes: &[&ShapeId],
    edges: impl Fn(&ShapeId) -> Vec<ShapeId>,
) -> BTreeMap<ShapeId, usize> {
    struct State {
        index: BTreeMap<ShapeId, usize>,
        low: BTreeMap<ShapeId, usize>,
        stack: Vec<ShapeId>,
        on_stack: BTreeSet<ShapeId>,
        next: usize,
        components: BTreeMap<ShapeId, usize>,
        count: usize,
    }
    fn visit(v: &ShapeId, s: &mut State, edges: &dyn Fn(&ShapeId) -> Vec<ShapeId>) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        s.on_stack.insert(v.clone());
        let targets = edges(v);
        for w in &targets {
            if !s.index.contains_key(w) {
                visit(w, s, edges);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v.clone(), low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v.clone(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut members = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = &w == v;
                members.push(w);
                if done {
                    break;
                }
            }
            let cyclic = members.len() > 1 || targets.contains(v);
            if cyclic {
                for w in members {
                    s.components.insert(w, s.count);
                }
                s.count += 1;
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        components: BTreeMap::new(),
        count: 0,
    };
    for node in nodes {
        if !state.index.contains_key(*node) {
            visit(node, &mut state, &edges);
        }
    }
    state.components
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_self_loops_and_cycles_only() {
        let id = |n: &str| ShapeId::new("a", n);
        let (a, b, c, d) = (id("A"), id("B"), id("C"), id("D"));
        let graph: BTreeMap<ShapeId, Vec<ShapeId>> = [
            (a.clone(), vec![b.clone()]),
            (b.clone(), vec![a.clone(), c.clone()]),
            (c.clone(), vec![]),
            (d.clone(), vec![d.clone()]),
        ]
        .into_iter()
        .collect();
        let nodes: Vec<&ShapeId> = graph.keys().collect();
        let comps = strongly_connected(&nodes, |v| graph[v].clone());
        assert_eq!(comps.get(&a), comps.get(&b));
        assert!(comps.contains_key(&a) && comps.contains_key(&d));
        assert!(!comps.contains_key(&c));
        assert_ne!(comps.get(&a), comps.get(&d));
    }
}
