//! `cargo xtask corpus DIR`: every model in DIR becomes a crate in one scratch workspace, and
//! one `cargo clippy -D warnings` run checks them all (one target dir, so shared dependencies
//! build once). One line per model, then `corpus: N/M ok`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

/// Outcome per model: `None` while fine, else the first error.
type Outcomes = BTreeMap<String, Option<String>>;

pub fn run(dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let models = crate::model_files(dir)?;
    if models.is_empty() {
        return Err(format!("no *.json models in {}", dir.display()));
    }
    let root = crate::workspace_root();
    let scratch = root.join("target").join("corpus");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;

    let mut outcomes = Outcomes::new();
    let mut members = Vec::new();
    for (i, model) in models.iter().enumerate() {
        let name = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let crate_name = format!("corpus-{}", name.replace(['_', '.'], "-"));
        let options = codegen::standalone::Options {
            crate_name: Some(crate_name),
            workspace_member: true,
            runtime: crate::shared_runtime(&scratch.join(&name))?,
            ..Default::default()
        };
        let generated_at = Instant::now();
        let result = codegen::standalone::generate(model, &options)
            .and_then(|files| codegen::output::write(&scratch.join(&name), &files, &[]).map(|_| files.len()));
        match result {
            Ok(count) => {
                eprintln!(
                    "[{}/{}] generated {name}: {count} files in {} ms",
                    i + 1,
                    models.len(),
                    generated_at.elapsed().as_millis()
                );
                members.push(name.clone());
                outcomes.insert(name, None);
            }
            Err(e) => {
                eprintln!("[{}/{}] generation failed for {name}", i + 1, models.len());
                outcomes.insert(name, Some(format!("generation: {e}")));
            }
        }
    }

    if !members.is_empty() {
        let manifest = format!(
            "# Scratch workspace of `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
        );
        std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        // The main lock file pins the same dependency versions, so nothing new is resolved.
        let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
        // Both ways the crates can be built: everything (`--all-features`, tests included),
        // then the default features alone, where nothing the features use may be left unused.
        for features in [Features::All, Features::Default] {
            eprintln!(
                "checking {} crates with cargo clippy -D warnings, {} ...",
                members.len(),
                features.label()
            );
            clippy(&scratch, &root.join("target"), features, &mut outcomes)?;
        }
    }

    let ok = outcomes.values().filter(|o| o.is_none()).count();
    for (name, outcome) in &outcomes {
        match outcome {
            None => println!("ok {name}"),
            Some(error) => println!("FAIL {name}: {error}"),
        }
    }
    eprintln!("corpus took {:.1} s", started.elapsed().as_secs_f64());
    println!("corpus: {ok}/{} ok", outcomes.len());
    if ok == outcomes.len() {
        Ok(())
    } else {
        Err(format!("{} of {} models failed", outcomes.len() - ok, outcomes.len()))
    }
}

#[derive(Clone, Copy)]
enum Features {
    /// `--all-features --all-targets`.
    All,
    /// The library with its default features.
    Default,
}

impl Features {
    fn label(self) -> &'static str {
        match self {
            Features::All => "all features",
            Features::Default => "default features",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Features::All => &["--all-features", "--all-targets"],
            Features::Default => &["--lib"],
        }
    }
}

/// Runs clippy over the scratch workspace; cargo's progress goes to stderr as it happens, and
/// the first error of each crate is recorded against its model.
fn clippy(
    scratch: &Path,
    target_dir: &Path,
    features: Features,
    outcomes: &mut Outcomes,
) -> Result<(), String> {
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--workspace", "--keep-going", "--message-format=json"])
        .args(features.args())
        .args(["--", "-D", "warnings"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    let stdout = child.stdout.take().ok_or("no cargo output")?;
    // Crates cargo reported as checked; any other is not counted as ok.
    let mut checked = std::collections::BTreeSet::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(message) = serde_json::from_str::<Value>(&line) else { continue };
        if message.get("reason").and_then(Value::as_str) == Some("compiler-artifact") {
            let path = message.pointer("/target/src_path").and_then(Value::as_str).unwrap_or("");
            if let Some(model) = model_of(scratch, path) {
                checked.insert(model);
            }
            continue;
        }
        if message.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let level = message.pointer("/message/level").and_then(Value::as_str).unwrap_or("");
        if level != "error" {
            continue;
        }
        let path = message.pointer("/target/src_path").and_then(Value::as_str).unwrap_or("");
        let Ok(relative) = Path::new(path).strip_prefix(scratch) else { continue };
        let Some(model) = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned())
        else {
            continue;
        };
        let text = message
            .pointer("/message/rendered")
            .and_then(Value::as_str)
            .map(|r| r.lines().take(3).collect::<Vec<_>>().join(" | "))
            .unwrap_or_default();
        if let Some(slot @ None) = outcomes.get_mut(&model) {
            *slot = Some(format!("({}) {text}", features.label()));
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    for (model, outcome) in outcomes.iter_mut() {
        if outcome.is_none() && !checked.contains(model) {
            *outcome = Some(format!(
                "not checked ({}): cargo clippy exited with {status} before reaching it",
                features.label()
            ));
        }
    }
    Ok(())
}

/// The model folder a source path of the scratch workspace belongs to.
fn model_of(scratch: &Path, path: &str) -> Option<String> {
    let relative = Path::new(path).strip_prefix(scratch).ok()?;
    relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned())
}
