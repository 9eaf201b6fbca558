//! The `rest_bindings` fuzz target's committed seeds and regressions, replayed in the ordinary
//! `cargo test` run (the other targets' are replayed by `fuzz/harness/tests/replay.rs`). Its
//! service is a Lambda crate generated from the corpus model (`fuzz/lambda-operations.txt`
//! names the operations), so the replay runs in a scratch workspace under `target/`: that
//! crate, generated the way `cargo xtask fuzz` generates `fuzz/lambda/`, and a test crate
//! driving `fuzz_harness::rest_bindings` over every file, as the libFuzzer binary does.

mod scratch;

use codegen::standalone::{generate, Options};
use codegen::{GeneratedFile, RuntimeLocation};
use scratch::{workspace_root, Scratch};

const CRATE: &str = "rest-bindings-replay";

const REPLAY: &str = r#"
//! Every seed and regression of `rest_bindings` through the target's body.

fuzz_harness::served!(Lambda, lambda::lambda);

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_replays_without_a_panic() {
    let fuzz = std::path::Path::new(env!("FUZZ_DIR"));
    let seeds = files(&fuzz.join("corpus/rest_bindings"));
    // Without seeds this test would prove nothing.
    assert!(seeds.len() >= 3, "fuzz/corpus/rest_bindings has {} seeds", seeds.len());
    let regressions = files(&fuzz.join("regressions/rest_bindings"));
    let mut failed = Vec::new();
    for file in seeds.iter().chain(&regressions) {
        let data = std::fs::read(file).unwrap();
        if std::panic::catch_unwind(|| fuzz_harness::rest_bindings::<Lambda>(&data)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    eprintln!("rest_bindings: {} seeds and {} regressions replayed", seeds.len(), regressions.len());
    assert!(failed.is_empty(), "panicked on:\n{}", failed.join("\n"));
}
"#;

fn operations() -> Vec<String> {
    include_str!("../../fuzz/lambda-operations.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn rest_bindings_seeds_and_regressions_replay() {
    let root = workspace_root();
    let model = root.join("../shared/aws-models/lambda.json");
    if !model.is_file() {
        eprintln!("skipped: {} is absent (the rest_bindings target's service)", model.display());
        return;
    }
    let dir = Scratch::dir_of(CRATE);
    let lambda_dir = dir.join("lambda");
    let options = Options {
        operations: Some(operations()),
        crate_name: Some("lambda".to_owned()),
        workspace_member: true,
        runtime: RuntimeLocation::relative(&lambda_dir, &root.join("runtime")).expect("relative path"),
        ..Default::default()
    };
    let mut files: Vec<GeneratedFile> = generate(&model, &options)
        .expect("the Lambda crate generates")
        .into_iter()
        .map(|f| GeneratedFile { path: std::path::Path::new("lambda").join(&f.path), contents: f.contents })
        .collect();
    let harness =
        codegen::standalone::relative_path(&dir, &root.join("fuzz/harness")).expect("relative path");
    let manifest = format!(
        "# Scratch workspace of codegen/tests/rest_bindings_replay.rs.\n\
         [package]\nname = \"{CRATE}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nfuzz-harness = {{ path = \"{harness}\", default-features = false }}\n\
         lambda = {{ path = \"lambda\", features = [\"server\", \"cli-json\"] }}\n\n\
         [workspace]\n"
    );
    files.push(GeneratedFile { path: "Cargo.toml".into(), contents: manifest });
    files.push(GeneratedFile { path: "src/lib.rs".into(), contents: String::new() });
    files.push(GeneratedFile {
        path: "tests/replay.rs".into(),
        contents: REPLAY
            .replace("env!(\"FUZZ_DIR\")", &format!("{:?}", root.join("fuzz").display().to_string())),
    });
    let scratch = Scratch::write(CRATE, &files);
    scratch.cargo(&["test", "--quiet", "--offline", "--test", "replay"]);
}
