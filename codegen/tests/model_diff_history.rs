//! The model diff on real model changes: every pair of published versions in
//! `../shared/aws-models/history/` (see its SOURCE.md), each checked against facts read from the
//! two JSON files directly, without the resolver: which shape ids were added and removed, and
//! every trait whose value differs on a shape or member present in both. Also: every corpus
//! model against itself has no event, and each pair diffed both ways reports the same changes
//! in opposite directions.
//!
//! When `../shared/aws-models` is absent, the tests print a note and pass.

mod mirror;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::diff::{self, Options};
use serde_json::Value;

fn models_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-models");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/aws-models not found");
        None
    }
}

/// (old, new) for every history file: `appstream-2024-11.json` against `appstream.json`,
/// `NAME-2025-04.json` against `NAME.json`.
fn pairs(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(dir.join("history")).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let Some((name, _date)) = stem.rsplit_once('-').and_then(|(rest, month)| {
            rest.rsplit_once('-').map(|(name, year)| (name.to_owned(), format!("{year}-{month}")))
        }) else {
            continue;
        };
        let current = dir.join(format!("{name}.json"));
        if current.is_file() {
            // The 2024-11 AppStream is older than the corpus copy; the 2025-04 files are newer.
            if stem.ends_with("2024-11") {
                pairs.push((path, current));
            } else {
                pairs.push((current, path));
            }
        }
    }
    pairs.sort();
    pairs
}

fn raw(path: &Path) -> BTreeMap<String, Value> {
    let value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    value["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, s)| s["type"] != "apply")
        .filter(|(_, s)| s["traits"].get("smithy.api#mixin").is_none())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn load(path: &Path) -> codegen::model::Model {
    codegen::load_model(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_history_pair_reports_the_shapes_added_and_removed_and_every_changed_trait() {
    let Some(dir) = models_dir() else { return };
    let pairs = pairs(&dir);
    assert_eq!(pairs.len(), 13, "13 pairs in history/: {pairs:?}");
    for (old_path, new_path) in pairs {
        let name = new_path.file_name().unwrap().to_string_lossy().into_owned();
        let (old, new) = (load(&old_path), load(&new_path));
        let report = diff::diff(&old, &new, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (raw_old, raw_new) = (raw(&old_path), raw(&new_path));

        let ids = |id: &str| -> BTreeSet<String> {
            report.events.iter().filter(|e| e.id == id).map(|e| e.shape.clone()).collect()
        };
        let added: BTreeSet<String> = raw_new.keys().filter(|k| !raw_old.contains_key(*k)).cloned().collect();
        let removed: BTreeSet<String> =
            raw_old.keys().filter(|k| !raw_new.contains_key(*k)).cloned().collect();
        assert_eq!(ids("AddedShape"), added, "{name}: shapes added");
        assert_eq!(ids("RemovedShape"), removed, "{name}: shapes removed");

        // Every differing trait of a shape or member in both (of the same type) has an event
        // on that shape or member.
        let with_event: BTreeSet<&str> = report.events.iter().map(|e| e.shape.as_str()).collect();
        let mut checked = 0;
        for (id, before) in &raw_old {
            let Some(after) = raw_new.get(id) else { continue };
            if before["type"] != after["type"] {
                continue;
            }
            let mut sites = vec![(id.clone(), &before["traits"], &after["traits"])];
            let members = |shape: &Value| -> BTreeMap<String, Value> {
                let mut all = BTreeMap::new();
                if let Some(members) = shape["members"].as_object() {
                    all.extend(members.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                for single in ["member", "key", "value"] {
                    if shape.get(single).is_some() {
                        all.insert(single.to_owned(), shape[single].clone());
                    }
                }
                all
            };
            let (old_members, new_members) = (members(before), members(after));
            for (member, o) in &old_members {
                if let Some(n) = new_members.get(member) {
                    sites.push((format!("{id}${member}"), &o["traits"], &n["traits"]));
                }
            }
            // `sites` borrows from the maps above; collect owned facts first.
            let facts: Vec<(String, String)> = sites
                .iter()
                .flat_map(|(site, o, n)| {
                    let keys: BTreeSet<&String> = o
                        .as_object()
                        .into_iter()
                        .flat_map(|m| m.keys())
                        .chain(n.as_object().into_iter().flat_map(|m| m.keys()))
                        .collect();
                    keys.into_iter()
                        .filter(|k| o.get(k.as_str()) != n.get(k.as_str()))
                        .map(|k| (site.clone(), k.clone()))
                        .collect::<Vec<_>>()
                })
                .collect();
            for (site, trait_id) in facts {
                checked += 1;
                // Smithy 1.0's `@enum` becomes the values of an enum shape: its events name
                // the values (members).
                let on_a_value = trait_id == "smithy.api#enum"
                    && with_event
                        .iter()
                        .any(|e| e.strip_prefix(site.as_str()).is_some_and(|r| r.starts_with('$')));
                assert!(
                    with_event.contains(site.as_str()) || on_a_value,
                    "{name}: {trait_id} differs on {site}, and no event names it"
                );
            }
        }
        eprintln!(
            "{name}: {} events, {} shapes added, {} removed, {checked} trait changes found as events",
            report.events.len(),
            added.len(),
            removed.len()
        );
    }
}

#[test]
fn every_history_pair_diffed_both_ways_reports_the_same_changes() {
    let Some(dir) = models_dir() else { return };
    for (old_path, new_path) in pairs(&dir) {
        let (old, new) = (load(&old_path), load(&new_path));
        let forward = diff::diff(&old, &new, &Options::default()).unwrap();
        let backward = diff::diff(&new, &old, &Options::default()).unwrap();
        mirror::assert_mirrors(&forward, &backward, &new_path.display().to_string());
        // Rust: what one way adds, the other removes.
        let added = |r: &diff::Report| -> BTreeSet<String> {
            r.rust.iter().filter(|c| !c.breaking).map(|c| c.path.clone()).collect()
        };
        let removed = |r: &diff::Report| -> BTreeSet<String> {
            r.rust.iter().filter(|c| c.message.starts_with("removed")).map(|c| c.path.clone()).collect()
        };
        assert!(!added(&forward).is_empty() || forward.rust.is_empty());
        assert_eq!(added(&forward), removed(&backward), "{}", new_path.display());
        assert_eq!(removed(&forward), added(&backward), "{}", new_path.display());
    }
}

#[test]
fn every_corpus_model_against_itself_has_no_event() {
    let Some(dir) = models_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("history")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 41, "28 corpus models and 13 history files: {}", files.len());
    for path in files {
        let model = load(&path);
        let report = diff::diff(&model, &model, &Options::default()).unwrap();
        assert!(
            report.events.is_empty() && report.rust.is_empty(),
            "{}: {:?}",
            path.display(),
            report.events
        );
    }
}

#[test]
fn the_appstream_pair_names_the_new_operations_and_their_rust_methods() {
    let Some(dir) = models_dir() else { return };
    let old_path = dir.join("history/appstream-2024-11.json");
    let new_path = dir.join("appstream.json");
    let (raw_old, raw_new) = (raw(&old_path), raw(&new_path));
    let service = "com.amazonaws.appstream#PhotonAdminProxyService";
    let operations = |raw: &BTreeMap<String, Value>| -> BTreeSet<String> {
        raw[service]["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["target"].as_str().unwrap().to_owned())
            .collect()
    };
    let new_ops: Vec<String> = operations(&raw_new).difference(&operations(&raw_old)).cloned().collect();
    assert!(!new_ops.is_empty(), "the newer AppStream binds more operations");
    let report = diff::diff(&load(&old_path), &load(&new_path), &Options::default()).unwrap();
    for op in &new_ops {
        assert!(
            report.events.iter().any(|e| e.id == "AddedOperationBinding"
                && e.shape == service
                && e.message.contains(op.as_str())),
            "{op} bound"
        );
        let method = heck::ToSnakeCase::to_snake_case(op.rsplit('#').next().unwrap());
        let path = format!("app_stream::client::Client::{method}");
        assert!(
            report.rust.iter().any(|c| c.path == path && !c.breaking),
            "{path} added: {:#?}",
            report.rust
        );
    }
}
