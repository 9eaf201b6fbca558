//! Generated crates in scratch folders, built and tested there: what the tests that compile
//! generated code share. Each test binary uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::standalone::{generate, Options};
use codegen::{GeneratedFile, RuntimeLocation};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace").to_path_buf()
}

pub fn model_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models").join(file)
}

/// A crate that shares the workspace's runtime crate (compiled once for all the tests); its
/// folder is `Scratch::dir_of(crate_name)`.
pub fn generate_crate(model: &str, operations: Option<&[&str]>, crate_name: &str) -> Vec<GeneratedFile> {
    let runtime = RuntimeLocation::relative(&Scratch::dir_of(crate_name), &workspace_root().join("runtime"))
        .expect("relative path to runtime/");
    let options = Options {
        crate_name: Some(crate_name.to_owned()),
        operations: operations.map(|ops| ops.iter().map(|op| (*op).to_owned()).collect()),
        runtime,
        ..Default::default()
    };
    generate(&model_path(model), &options).unwrap_or_else(|e| panic!("generating from {model}: {e}"))
}

/// A generated crate written to `target/edge-cases-test/<name>` (a crate of its own: the
/// generated manifest carries a `[workspace]` table). Every test uses its own folder and crate
/// name, so cargo never mixes up their builds in the shared target directory.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn dir_of(name: &str) -> PathBuf {
        workspace_root().join("target/edge-cases-test").join(name)
    }

    pub fn write(name: &str, files: &[GeneratedFile]) -> Scratch {
        let root = workspace_root();
        let dir = Scratch::dir_of(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        for file in files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        // The workspace's lock pins the versions the generated crate needs: no resolution.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("the workspace has a Cargo.lock");
        Scratch { dir }
    }

    pub fn cargo(&self, args: &[&str]) {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", workspace_root().join("target"))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "`cargo {}` in {} failed ({}):\n{}{}",
            args.join(" "),
            self.dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Clippy on the crate and its tests, then the behaviour test. (The behaviour test is written
    /// first so that it is in place for whoever fixes a failure.)
    pub fn check_and_run(&self, behaviour: &str) {
        self.add_test("behaviour", behaviour);
        self.clippy();
        self.run_test("behaviour");
    }

    /// The crate (and its tests) must compile without a single clippy warning.
    pub fn clippy(&self) {
        self.cargo(&[
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--offline",
            "--",
            "-D",
            "warnings",
        ]);
        self.cargo(&["clippy", "--quiet", "--lib", "--offline", "--", "-D", "warnings"]);
    }

    /// Adds `tests/<name>.rs` to the crate.
    pub fn add_test(&self, name: &str, source: &str) {
        let path = self.dir.join("tests").join(format!("{name}.rs"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, source).unwrap();
    }

    pub fn run_test(&self, name: &str) {
        self.cargo(&["test", "--quiet", "--all-features", "--offline", "--test", name]);
    }
}

/// Generates the operations into a scratch crate with `behaviour` as `tests/behaviour.rs`, checks
/// it all with clippy and runs the behaviour test.
pub fn build_and_run(model: &str, operations: Option<&[&str]>, name: &str, behaviour: &str) {
    let files = generate_crate(model, operations, name);
    Scratch::write(name, &files).check_and_run(behaviour);
}
