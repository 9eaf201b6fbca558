//! Every committed seed (`fuzz/corpus/<target>/`) and every regression a fuzzing run kept
//! (`fuzz/regressions/<target>/`, written by `cargo xtask fuzz` on a crash) through its
//! target's body: a panic fails the test, naming the file. (`rest_bindings` needs a generated
//! Lambda crate: `codegen/tests/rest_bindings_replay.rs` replays its files.)

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files of `dir` (none when it does not exist), sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

/// Runs `body` over every file; the names of those it panicked on.
fn replay(files: &[PathBuf], body: fn(&[u8])) -> Vec<String> {
    let mut failed = Vec::new();
    for file in files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    failed
}

#[test]
fn every_seed_and_regression_replays_without_a_panic() {
    let mut failed = Vec::new();
    for (target, body) in fuzz_harness::targets() {
        let seeds = files(&fuzz_dir().join("corpus").join(target));
        // A target without seeds would be fuzzed from nothing, and this test would prove nothing.
        assert!(seeds.len() >= 3, "fuzz/corpus/{target} has {} seeds", seeds.len());
        failed.extend(replay(&seeds, body));
        failed.extend(replay(&files(&fuzz_dir().join("regressions").join(target)), body));
    }
    assert!(failed.is_empty(), "panicked on:\n{}", failed.join("\n"));
}

#[test]
fn every_corpus_folder_is_a_target() {
    let known = ["rest_bindings", "validate"];
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(folder)) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                fuzz_harness::targets().iter().any(|(t, _)| *t == name) || known.contains(&name.as_str()),
                "fuzz/{folder}/{name} is no target's"
            );
        }
    }
}

#[test]
fn a_panicking_body_is_reported() {
    let dir = std::env::temp_dir().join(format!("fuzz-harness-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a"), b"ok").unwrap();
    std::fs::write(dir.join("b"), b"boom").unwrap();
    let failed = replay(&files(&dir), |data| assert_ne!(data, b"boom"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].ends_with("b"));
}
