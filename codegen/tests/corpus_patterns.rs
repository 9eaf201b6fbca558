//! Every `@pattern` of the shared corpus (SMITHY-RULES.md: 281 distinct values) gets a runtime
//! decision at generation time that keeps its meaning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::model::ShapeId;
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-models");
    dir.is_dir().then_some(dir)
}

/// Distinct pattern values of every model, read straight from the JSON.
fn patterns(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let model: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for shape in model["shapes"].as_object().unwrap().values() {
            let mut trait_maps = vec![&shape["traits"]];
            if let Some(members) = shape["members"].as_object() {
                trait_maps.extend(members.values().map(|m| &m["traits"]));
            }
            for traits in trait_maps {
                if let Some(p) = traits.get("smithy.api#pattern").and_then(Value::as_str) {
                    found.insert(p.to_owned());
                }
            }
        }
    }
    found
}

/// Strings to probe matching with: ASCII, Latin-1, other scripts, symbols, controls.
fn probes() -> Vec<String> {
    let mut probes: Vec<String> = (0x20u8..0x7f).map(|b| (b as char).to_string()).collect();
    probes.extend(
        [
            "",
            "a",
            "abc",
            "a-b_c",
            "A1",
            "arn:aws:s3:::b",
            "x y",
            "é",
            "中文",
            "😀",
            "\t",
            "\n",
            "a,b",
            "1.2.3",
            "-_.",
        ]
        .map(str::to_owned),
    );
    let singles: Vec<String> = probes.clone();
    for a in singles.iter().take(40) {
        for b in singles.iter().skip(40).take(40) {
            probes.push(format!("{a}{b}"));
        }
    }
    probes
}

#[test]
fn every_corpus_pattern_compiles_and_keeps_its_meaning() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/aws-models not found");
        return;
    };
    let patterns = patterns(&dir);
    assert!(patterns.len() >= 250, "expected the corpus's ~281 patterns, found {}", patterns.len());
    let shape = ShapeId::new("corpus", "Pattern");
    let probes = probes();
    let mut translated = 0;
    for pattern in &patterns {
        let compiled = codegen::patterns::compile(&shape, pattern)
            .unwrap_or_else(|e| panic!("pattern {pattern:?} must compile: {e}"));
        let runtime = regress::Regex::with_flags(&compiled.source, compiled.flags).unwrap();
        if pattern.contains(r"\p{") {
            assert_eq!(compiled.flags, "u", "{pattern}: property classes need unicode mode");
        }
        if compiled.source == *pattern {
            continue;
        }
        translated += 1;
        // A rewritten pattern must match exactly what the original matched under the reading
        // that accepts it (non-unicode mode), on every probe. Java constructs (`\p{Print}`,
        // `\x{60}`, `\A`, `\z`) mean something else in that reading, so they are checked
        // against their Java definitions in the generator's unit tests instead.
        if [r"\p{", r"\P{", r"\x{", r"\A", r"\z", r"\Z"].iter().any(|java| pattern.contains(java)) {
            continue;
        }
        let Ok(original) = regress::Regex::with_flags(pattern, "") else { continue };
        for probe in &probes {
            assert_eq!(
                original.find(probe).is_some(),
                runtime.find(probe).is_some(),
                "pattern {pattern:?} rewritten as {:?} disagrees on {probe:?}",
                compiled.source
            );
        }
    }
    eprintln!("{} distinct corpus patterns, {translated} rewritten", patterns.len());
}
