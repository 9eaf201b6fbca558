//! Workspace tasks:
//!
//! - `cargo xtask codegen [--check]`: regenerate (or check) `generated/` from `models/`.
//! - `cargo xtask codegen --model PATH --out DIR [--service ID] [--operations A,B] [--runtime DIR]
//!   [--check]`: a standalone crate from any model file.
//! - `cargo xtask corpus DIR`: generate a crate for every model in DIR and check them together.
//! - `cargo xtask patterns FILE`: how every `@pattern` of a list is checked, and which are not.
//! - `cargo xtask endpoint-tests DIR`: every model's endpoint test cases through the resolver.
//! - `cargo xtask fuzz [--seconds N] [TARGET]`: the fuzz targets under libFuzzer (`fuzz/`).
//! - `cargo xtask diff OLD NEW`: what changed between two models, and in the generated Rust API.

mod bench_call;
mod bench_compile;
mod corpus;
mod diff;
mod endpoint_tests;
mod fuzz;
mod protocol_tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]
      regenerate generated/ from models/codegen.toml; --check changes nothing and fails naming
      every file that differs, is missing or is stray
  cargo xtask codegen --model PATH --out DIR [--service SHAPE_ID] [--operations A,B,...]
                      [--runtime RUNTIME_DIR] [--check]
      generate a standalone crate from any Smithy JSON AST model (the whole service by default);
      it carries a copy of the runtime crate in DIR/runtime, unless --runtime names an existing
      smithy-lite-runtime crate to share (e.g. this repository's runtime/)
  cargo xtask corpus DIR
      generate a crate for every *.json model in DIR, then clippy them together (-D warnings)
  cargo xtask patterns FILE
      decide every @pattern of FILE (a header line, then `<pattern as JSON string>\t<shape id>`
      per line, as ../shared/aws-models/patterns-all-aws.tsv): one `SKIP` line per pattern the
      generated code would not enforce, with why, then `patterns: N enforced, K not enforced, M in all`
  cargo xtask protocol-tests [SUITE]
      run the official Smithy protocol compliance suite (client side) against generated code;
      SUITE defaults to ../shared/protocol-tests/json-ast/aws-protocol-tests.json
  cargo xtask endpoint-tests DIR
      every case of every model's smithy.rules#endpointTests in DIR through the endpoint
      resolver generated clients use: `FAIL model case: why` lines, then `endpoint tests: N/M`
  cargo xtask diff OLD NEW [--service SHAPE_ID] [--operations A,B,...] [--format text|json]
                   [--fail-on error|danger|warning|note] [--docs]
      compare two Smithy JSON AST models after resolution: one event per change (id, severity,
      shape or member id), and what it does to the generated Rust API (breaks code that compiled
      against the old crate, or not); documentation changes only with --docs (always in JSON);
      exit status 1 when an event at or above --fail-on was found, 2 on bad input
  cargo xtask fuzz [--seconds N] [TARGET]
      build the fuzz targets (fuzz/, cargo-fuzz; nightly if installed, else RUSTC_BOOTSTRAP=1)
      and run each (or TARGET) for N seconds (default 60) on a scratch copy of its corpus:
      `fuzz TARGET: N executions in S s, cov C, ft F, corpus K, 0 crashes` per target; a
      crash, timeout or OOM is minimised into fuzz/regressions/TARGET/ and fails the run;
      --write-seeds rewrites the committed seed corpora and fuzz/json.dict
  cargo xtask bench-compile [--rounds N] [--profile debug|release|both]
      compile time of the crates generated from the full AppFabric and AppStream models against
      aws-sdk-appfabric + aws-sdk-appstream (rebuild of the service crates; see BENCHMARKS.md);
      --server-feature: with and without the server feature; --client-feature: the generated
      crates with `client` against the SDK crates with aws-config
  cargo xtask bench-call [--calls N]
      time per call of the generated client beside aws-sdk-appstream's, on loopback against
      the example AppStream server (release build; see BENCHMARKS.md)";

/// The `*.json` model files directly in `dir`, sorted.
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    Ok(models)
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The workspace's runtime crate, as seen from a generated crate at `crate_dir`: the crates
/// the tasks generate share it, so it is compiled once.
pub fn shared_runtime(crate_dir: &Path) -> Result<codegen::RuntimeLocation, String> {
    codegen::RuntimeLocation::relative(crate_dir, &workspace_root().join("runtime"))
        .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("corpus") => match &args[1..] {
            [dir] => corpus::run(Path::new(dir)),
            _ => Err(format!("corpus takes one folder\n{USAGE}")),
        },
        Some("patterns") => match &args[1..] {
            [file] => patterns(Path::new(file)),
            _ => Err(format!("patterns takes one file\n{USAGE}")),
        },
        Some("protocol-tests") => match &args[1..] {
            [] => protocol_tests::run(
                &workspace_root().join("../shared/protocol-tests/json-ast/aws-protocol-tests.json"),
            ),
            [suite] => protocol_tests::run(Path::new(suite)),
            _ => Err(format!("protocol-tests takes at most the suite's path\n{USAGE}")),
        },
        Some("diff") => return diff::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("bench-compile") => bench_compile::run(&args[1..]),
        Some("bench-call") => bench_call::run(&args[1..]),
        Some("endpoint-tests") => match &args[1..] {
            [dir] => endpoint_tests::run(Path::new(dir)),
            _ => Err(format!("endpoint-tests takes one folder\n{USAGE}")),
        },
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn patterns(file: &Path) -> Result<(), String> {
    let list = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let survey = codegen::patterns::survey(&list).map_err(|e| format!("{}: {e}", file.display()))?;
    for (pattern, shape, why) in &survey.not_enforced {
        println!("SKIP {pattern}: {why} (first used by {shape})");
    }
    println!(
        "{} as written (ECMA-262), {} respelled from ECMA-262's non-unicode syntax, {} translated from Java",
        survey.as_written, survey.respelled, survey.translated
    );
    println!("{}", survey.summary());
    Ok(())
}

#[derive(Default)]
struct CodegenArgs {
    check: bool,
    model: Option<PathBuf>,
    out: Option<PathBuf>,
    service: Option<String>,
    operations: Option<Vec<String>>,
    runtime: Option<PathBuf>,
}

fn parse_codegen_args(args: &[String]) -> Result<CodegenArgs, String> {
    let mut parsed = CodegenArgs::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value =
            |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--model" => parsed.model = Some(value("--model")?.into()),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--service" => parsed.service = Some(value("--service")?),
            "--runtime" => parsed.runtime = Some(value("--runtime")?.into()),
            "--operations" => {
                let list = value("--operations")?;
                parsed.operations =
                    Some(list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn codegen(args: &[String]) -> Result<(), String> {
    let args = parse_codegen_args(args)?;
    let started = std::time::Instant::now();
    let (out, changes) = match (&args.model, &args.out) {
        (None, None) => {
            if args.service.is_some() || args.operations.is_some() || args.runtime.is_some() {
                return Err("--service, --operations and --runtime go with --model and --out".to_owned());
            }
            let root = workspace_root();
            let changes = codegen::workspace::run(&root, args.check).map_err(|e| e.to_string())?;
            (PathBuf::from(codegen::workspace::OUT_DIR), changes)
        }
        (Some(model), Some(out)) => {
            let runtime = match &args.runtime {
                None => codegen::RuntimeLocation::Bundled,
                Some(dir) => {
                    if !dir.join("Cargo.toml").is_file() {
                        return Err(format!(
                            "--runtime {}: no Cargo.toml there (give the folder of a smithy-lite-runtime crate, e.g. this repository's runtime/)",
                            dir.display()
                        ));
                    }
                    let path = codegen::standalone::relative_path(out, dir).map_err(|e| e.to_string())?;
                    // Inside DIR it would be a stray file of the generated crate, and removed.
                    if !path.starts_with("..") {
                        return Err(format!(
                            "--runtime {} is inside --out {}: give a runtime crate outside it, or leave out --runtime (the crate then carries its own copy in {}/runtime)",
                            dir.display(),
                            out.display(),
                            out.display()
                        ));
                    }
                    codegen::RuntimeLocation::Path(path)
                }
            };
            let options = codegen::standalone::Options {
                service: args.service.clone(),
                operations: args.operations.clone(),
                runtime,
                ..Default::default()
            };
            let files = codegen::standalone::generate(model, &options).map_err(|e| e.to_string())?;
            let api = codegen::api::regeneration_changes(out, &files);
            let changes = if args.check {
                let changes = codegen::output::diff(out, &files, &["target"]).map_err(|e| e.to_string())?;
                if !changes.is_empty() {
                    let api = codegen::api::summary(&api).map(|s| format!("\n{s}")).unwrap_or_default();
                    let runtime_arg = args
                        .runtime
                        .as_ref()
                        .map(|dir| format!(" --runtime {}", dir.display()))
                        .unwrap_or_default();
                    return Err(format!(
                        "{} is out of date:\n{}{api}\nrun `cargo xtask codegen --model {} --out {}{runtime_arg}`",
                        out.display(),
                        changes.describe(out),
                        model.display(),
                        out.display()
                    ));
                }
                changes
            } else {
                let mut changes =
                    codegen::output::write(out, &files, &["target"]).map_err(|e| e.to_string())?;
                changes.api = api;
                changes
            };
            (out.clone(), changes)
        }
        _ => return Err(format!("--model and --out go together\n{USAGE}")),
    };
    let elapsed = started.elapsed().as_millis();
    if args.check || changes.is_empty() {
        println!("{} is up to date ({elapsed} ms)", out.display());
    } else {
        println!("updated {} ({elapsed} ms):\n{}", out.display(), changes.describe(&out));
        if let Some(summary) = codegen::api::summary(&changes.api) {
            println!("{summary}");
        }
    }
    Ok(())
}
