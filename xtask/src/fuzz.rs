//! `cargo xtask fuzz [--seconds N] [TARGET]`: coverage-guided fuzzing with cargo-fuzz and
//! libFuzzer. Generates the Lambda crate the fuzz crate needs (`fuzz/lambda/`, not committed),
//! builds every target, runs each (or one) for N seconds on a scratch copy of its corpus, and
//! prints one line per target. A crash, timeout or out-of-memory input is minimised, copied to
//! `fuzz/regressions/<target>/` (which `cargo test` replays) and fails the run.
//!
//! `cargo xtask fuzz --write-seeds` rewrites the committed seed corpora and the dictionary
//! (`seeds.rs`).

mod seeds;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Every fuzz target, as `fuzz/Cargo.toml` names them.
pub const TARGETS: &[&str] =
    &["json_reader", "parse_response", "rest_bindings", "server_appstream", "server_appfabric", "validate"];

/// The Lambda operations `rest_bindings` fuzzes, and why each (`fuzz/lambda-operations.txt`,
/// which `codegen/tests/rest_bindings_replay.rs` reads too).
fn lambda_operations() -> Vec<String> {
    include_str!("../../fuzz/lambda-operations.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Limits of one libFuzzer run: no input may take longer (a hang) or hold more memory.
const TIMEOUT_SECONDS: u32 = 10;
const RSS_LIMIT_MB: u32 = 2048;
/// The longest input libFuzzer makes (beyond `MAX_DEPTH` nesting, well beyond any seed).
const MAX_LEN: u32 = 16384;

struct Args {
    seconds: u64,
    target: Option<String>,
    write_seeds: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args { seconds: 60, target: None, write_seeds: false };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = iter.next().ok_or("--seconds needs a value")?;
                parsed.seconds = value.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    format!("--seconds {value}: give a whole number of seconds, at least 1")
                })?;
            }
            "--write-seeds" => parsed.write_seeds = true,
            target if TARGETS.contains(&target) && parsed.target.is_none() => {
                parsed.target = Some(target.to_owned());
            }
            other => {
                return Err(format!("unknown argument `{other}` (targets: {})", TARGETS.join(", ")));
            }
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse_args(args)?;
    let root = crate::workspace_root();
    let fuzz = root.join("fuzz");
    if args.write_seeds {
        return seeds::write(&root);
    }
    let lambda_model = root.join("../shared/aws-models/lambda.json");
    generate_lambda(&lambda_model, &fuzz.join("lambda"))?;
    ensure_cargo_fuzz()?;
    let toolchain = Toolchain::pick();
    println!("fuzz: building with {}", toolchain.describe());
    let host = host_triple()?;
    let build = Build { toolchain, host, target_dir: root.join("target").join("fuzz") };
    let started = Instant::now();
    build.build(args.target.as_deref())?;
    println!("fuzz: built in {} s", started.elapsed().as_secs());

    let suite = root.join("../shared/protocol-tests/json-ast/aws-protocol-tests.json");
    let targets: Vec<&str> = match &args.target {
        Some(target) => vec![target.as_str()],
        None => TARGETS.to_vec(),
    };
    let mut failures = Vec::new();
    for target in targets {
        let corpus = build.scratch_corpus(&fuzz, target, &suite)?;
        let outcome = build.fuzz(&root, target, &corpus, args.seconds)?;
        match &outcome.failure {
            None => println!("{}, 0 crashes", outcome.summary(target)),
            Some(failure) => {
                let kept = build.keep(&fuzz, target, failure)?;
                println!("{}, 1 {}: {}", outcome.summary(target), failure.kind, kept.display());
                if let Some(message) = &failure.message {
                    println!("  {message}");
                }
                failures.push(format!("{target}: {} kept in {}", failure.kind, kept.display()));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzzing found {} failing input(s); `cargo test` replays them (`-p fuzz-harness`; rest_bindings: `-p codegen --test rest_bindings_replay`):\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}

/// The Lambda crate `rest_bindings` fuzzes, generated from the corpus model into `out` (a
/// member of the fuzz crate's workspace, sharing this repository's runtime).
fn generate_lambda(model: &Path, out: &Path) -> Result<(), String> {
    if !model.is_file() {
        return Err(format!(
            "{} is absent: the rest_bindings target is generated from it (the shared model corpus beside this repository)",
            model.display()
        ));
    }
    let options = codegen::standalone::Options {
        operations: Some(lambda_operations()),
        crate_name: Some("lambda".to_owned()),
        workspace_member: true,
        runtime: crate::shared_runtime(out)?,
        ..Default::default()
    };
    let files = codegen::standalone::generate(model, &options).map_err(|e| e.to_string())?;
    let changes = codegen::output::write(out, &files, &["target"]).map_err(|e| e.to_string())?;
    if !changes.is_empty() {
        println!(
            "fuzz: generated {} ({} files changed)",
            out.display(),
            changes.changed.len() + changes.missing.len()
        );
    }
    Ok(())
}

/// cargo-fuzz, installed from crates.io when it is not.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if installed {
        return Ok(());
    }
    println!("fuzz: cargo-fuzz is not installed; cargo install cargo-fuzz --locked");
    let status = Command::new("cargo")
        .args(["install", "cargo-fuzz", "--locked"])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("cargo install cargo-fuzz --locked failed".to_owned())
    }
}

/// What compiles the targets: libFuzzer's instrumentation needs nightly flags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Toolchain {
    /// rustup's nightly toolchain, installed.
    Nightly,
    /// The default toolchain, allowed nightly flags with `RUSTC_BOOTSTRAP=1`.
    StableBootstrap,
}

impl Toolchain {
    fn pick() -> Toolchain {
        let list = Command::new("rustup").args(["toolchain", "list"]).output();
        let has_nightly = list.is_ok_and(|out| {
            out.status.success()
                && String::from_utf8_lossy(&out.stdout).lines().any(|l| l.starts_with("nightly"))
        });
        if has_nightly {
            Toolchain::Nightly
        } else {
            Toolchain::StableBootstrap
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Toolchain::Nightly => "the nightly toolchain (cargo +nightly fuzz)",
            Toolchain::StableBootstrap => {
                "the default toolchain with RUSTC_BOOTSTRAP=1 (no nightly installed)"
            }
        }
    }

    /// `cargo fuzz SUBCOMMAND` on this toolchain.
    fn cargo_fuzz(self, subcommand: &str) -> Command {
        let mut command = Command::new("cargo");
        match self {
            Toolchain::Nightly => {
                command.arg("+nightly");
            }
            Toolchain::StableBootstrap => {
                command.env("RUSTC_BOOTSTRAP", "1");
            }
        }
        command.args(["fuzz", subcommand]);
        command
    }
}

fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc").arg("-vV").output().map_err(|e| format!("cannot run rustc -vV: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

struct Build {
    toolchain: Toolchain,
    host: String,
    target_dir: PathBuf,
}

/// A failing input libFuzzer wrote: `crash`, `timeout`, `oom` or `leak`.
struct Failure {
    kind: String,
    artifact: PathBuf,
    /// The panic message (or sanitizer report's first line), when the log has one.
    message: Option<String>,
}

/// What one target's run reported.
struct Outcome {
    executions: u64,
    seconds: f64,
    coverage: u64,
    features: u64,
    corpus: u64,
    failure: Option<Failure>,
}

impl Outcome {
    fn summary(&self, target: &str) -> String {
        format!(
            "fuzz {target}: {} executions in {:.0} s, cov {}, ft {}, corpus {}",
            self.executions, self.seconds, self.coverage, self.features, self.corpus
        )
    }
}

impl Build {
    /// The options every cargo-fuzz command takes, so that `tmin` reuses `build`'s binaries:
    /// optimised, with debug assertions (overflow checks too) and AddressSanitizer, into this
    /// target dir.
    fn options(&self, command: &mut Command) {
        command.arg("--fuzz-dir").arg("fuzz").arg("--target-dir").arg(&self.target_dir).args([
            "--debug-assertions",
            "--target",
            &self.host,
        ]);
    }

    fn build(&self, target: Option<&str>) -> Result<(), String> {
        let mut command = self.toolchain.cargo_fuzz("build");
        self.options(&mut command);
        command.args(target).current_dir(crate::workspace_root());
        let status = command.status().map_err(|e| format!("cannot run cargo fuzz build: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err("cargo fuzz build failed".to_owned())
        }
    }

    fn binary(&self, target: &str) -> PathBuf {
        self.target_dir.join(&self.host).join("release").join(target)
    }

    /// `target/fuzz/corpus/<target>/`: the committed seeds and regressions, and the protocol
    /// suite's messages (read from ../shared, not committed), added to what earlier runs kept.
    fn scratch_corpus(&self, fuzz: &Path, target: &str, suite: &Path) -> Result<PathBuf, String> {
        let corpus = self.target_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        for dir in [fuzz.join("corpus").join(target), fuzz.join("regressions").join(target)] {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.filter_map(Result::ok).filter(|e| e.path().is_file()) {
                let to = corpus.join(entry.file_name());
                std::fs::copy(entry.path(), &to).map_err(|e| format!("{}: {e}", to.display()))?;
            }
        }
        if suite.is_file() {
            for (name, data) in seeds::suite_seeds(suite, target)? {
                let to = corpus.join(name);
                std::fs::write(&to, data).map_err(|e| format!("{}: {e}", to.display()))?;
            }
        }
        Ok(corpus)
    }

    fn fuzz(&self, root: &Path, target: &str, corpus: &Path, seconds: u64) -> Result<Outcome, String> {
        let artifacts = self.target_dir.join("artifacts").join(target);
        let logs = self.target_dir.join("logs");
        for dir in [&artifacts, &logs] {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let log_path = logs.join(format!("{target}.log"));
        let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let started = Instant::now();
        let status = Command::new(self.binary(target))
            .arg(corpus)
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-dict={}", root.join("fuzz").join("json.dict").display()))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-timeout={TIMEOUT_SECONDS}"))
            .arg(format!("-max_len={MAX_LEN}"))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .args(["-print_final_stats=1", "-print_recommended_dictionary=0"])
            .env("ASAN_OPTIONS", "detect_odr_violation=0")
            .stdout(Stdio::null())
            .stderr(log)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", self.binary(target).display()))?;
        let seconds = started.elapsed().as_secs_f64();
        let text = std::fs::read_to_string(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let mut outcome = parse_log(&text, seconds);
        if !status.success() {
            match failure(&text) {
                Some(failure) => outcome.failure = Some(failure),
                None => {
                    let tail: Vec<&str> = text.lines().rev().take(20).collect();
                    return Err(format!(
                        "{target}: libFuzzer failed ({status}) without a failing input; the log ends:\n{}",
                        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                    ));
                }
            }
        }
        Ok(outcome)
    }

    /// Minimises a crash with `cargo fuzz tmin` (a timeout or out-of-memory input is kept as
    /// it is: minimising it would take that long again per attempt) and copies it to
    /// `fuzz/regressions/<target>/`.
    fn keep(&self, fuzz: &Path, target: &str, failure: &Failure) -> Result<PathBuf, String> {
        let mut input = failure.artifact.clone();
        if failure.kind == "crash" {
            match self.minimise(target, &failure.artifact) {
                Ok(minimised) => input = minimised,
                Err(why) => println!("fuzz: {target}: not minimised ({why}); keeping the input as found"),
            }
        }
        let dir = fuzz.join("regressions").join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = failure.artifact.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let kept = dir.join(name);
        std::fs::copy(&input, &kept).map_err(|e| format!("{}: {e}", kept.display()))?;
        Ok(kept)
    }

    fn minimise(&self, target: &str, artifact: &Path) -> Result<PathBuf, String> {
        let mut command = self.toolchain.cargo_fuzz("tmin");
        self.options(&mut command);
        let out = command
            .args(["--runs", "255", target])
            .arg(artifact)
            .arg("--")
            .arg(format!("-timeout={TIMEOUT_SECONDS}"))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .current_dir(crate::workspace_root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run cargo fuzz tmin: {e}"))?;
        let text =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if let Some(minimised) = minimised_path(&text) {
            return Ok(minimised);
        }
        // libFuzzer found no smaller input that still fails: the input is minimal already.
        if text.contains("failed to minimize beyond") {
            return Ok(artifact.to_owned());
        }
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        Err(format!("cargo fuzz tmin named no minimised input: {}", tail.join(" / ")))
    }
}

/// The last status line (`#123 DONE cov: 1 ft: 2 corp: 3/4Kb ...`) and the final stats.
fn parse_log(text: &str, seconds: f64) -> Outcome {
    let mut outcome = Outcome { executions: 0, seconds, coverage: 0, features: 0, corpus: 0, failure: None };
    let field = |line: &str, name: &str| -> Option<u64> {
        let rest = line.split(name).nth(1)?.trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    for line in text.lines() {
        if line.starts_with('#') && line.contains(" cov: ") {
            outcome.executions = field(line, "#").unwrap_or(outcome.executions);
            outcome.coverage = field(line, " cov: ").unwrap_or(outcome.coverage);
            outcome.features = field(line, " ft: ").unwrap_or(outcome.features);
            outcome.corpus = field(line, " corp: ").unwrap_or(outcome.corpus);
        } else if let Some(executed) = field(line, "stat::number_of_executed_units:") {
            outcome.executions = executed;
        }
    }
    outcome
}

/// The input a failed run wrote (`Test unit written to PATH`), its kind and why it failed.
fn failure(text: &str) -> Option<Failure> {
    let artifact = text.lines().rev().find_map(|l| l.split("Test unit written to ").nth(1))?.trim();
    let artifact = PathBuf::from(artifact);
    let name = artifact.file_name()?.to_string_lossy().into_owned();
    let kind = name.split('-').next().unwrap_or("crash").to_owned();
    let message = text
        .lines()
        .position(|l| l.contains("panicked at"))
        .map(|at| {
            let lines: Vec<&str> = text.lines().skip(at).take(2).collect();
            let message = lines.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
            match message.char_indices().nth(400) {
                Some((cut, _)) => format!("{} ...", &message[..cut]),
                None => message,
            }
        })
        .or_else(|| text.lines().find(|l| l.starts_with("==") && l.contains("ERROR")).map(str::to_owned));
    Some(Failure { kind, artifact, message })
}

/// The file `cargo fuzz tmin` says it minimised to (`Minimized artifact:` and the path on a
/// later line).
fn minimised_path(text: &str) -> Option<PathBuf> {
    let mut lines = text.lines().skip_while(|l| !l.contains("Minimized artifact:"));
    lines.next()?;
    lines.map(str::trim).find(|l| !l.is_empty()).map(PathBuf::from).filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libfuzzer_logs_are_read() {
        let log = "INFO: Seed: 1\n\
            #2\tINITED cov: 10 ft: 11 corp: 3/30b exec/s: 0 rss: 40Mb\n\
            #153419\tDONE   cov: 1463 ft: 3635 corp: 902/18Kb lim: 611 exec/s: 25569 rss: 191Mb\n\
            Done 153419 runs in 6 second(s)\n\
            stat::number_of_executed_units: 153420\n";
        let outcome = parse_log(log, 6.2);
        assert_eq!(
            (outcome.executions, outcome.coverage, outcome.features, outcome.corpus),
            (153420, 1463, 3635, 902)
        );
        assert_eq!(outcome.summary("t"), "fuzz t: 153420 executions in 6 s, cov 1463, ft 3635, corpus 902");
        assert!(failure(log).is_none());
    }

    #[test]
    fn crashes_are_found_in_logs() {
        let log = "thread '<unnamed>' panicked at fuzz/harness/src/served.rs:10:5:\n\
            assertion failed\n\
            ==1== ERROR: libFuzzer: deadly signal\n\
            artifact_prefix='target/fuzz/artifacts/x/'; Test unit written to target/fuzz/artifacts/x/crash-abc\n";
        let failure = failure(log).expect("a failure");
        assert_eq!(failure.kind, "crash");
        assert_eq!(failure.artifact, PathBuf::from("target/fuzz/artifacts/x/crash-abc"));
        assert!(failure.message.is_some_and(|m| m.contains("assertion failed")));
        let timeout = "ALARM: working on the last Unit for 11 seconds\nTest unit written to a/timeout-123\n";
        assert_eq!(super::failure(timeout).map(|f| f.kind), Some("timeout".to_owned()));
    }

    #[test]
    fn arguments_are_checked() {
        let args = |list: &[&str]| parse_args(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let parsed = args(&["--seconds", "15", "json_reader"]).expect("valid");
        assert_eq!((parsed.seconds, parsed.target.as_deref()), (15, Some("json_reader")));
        assert!(args(&["--seconds", "0"]).is_err());
        assert!(args(&["nonsense"]).is_err());
        assert!(args(&["json_reader", "parse_response"]).is_err());
    }
}
