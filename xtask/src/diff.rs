//! `cargo xtask diff OLD NEW [--service ID] [--operations A,B] [--format text|json]
//! [--fail-on error|danger|warning|note] [--docs]`: what changed between two Smithy JSON AST
//! models, and what it does to the generated Rust API. Exit status 1 when an event at or above
//! `--fail-on` was found (so that it can gate a job that pulls new models), 2 on bad input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::diff::{Severity, TextOptions};

pub const USAGE: &str = "diff OLD NEW [--service SHAPE_ID] [--operations A,B,...] [--format text|json] [--fail-on error|danger|warning|note] [--docs]";

struct Args {
    old: PathBuf,
    new: PathBuf,
    options: codegen::diff::Options,
    json: bool,
    fail_on: Option<Severity>,
    documentation: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let usage = || format!("usage: cargo xtask {USAGE}");
    let mut files = Vec::new();
    let mut options = codegen::diff::Options::default();
    let (mut json, mut fail_on, mut documentation) = (false, None, false);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value =
            |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value\n{}", usage()));
        match arg.as_str() {
            "--service" => {
                let id = value("--service")?;
                options.service =
                    Some(codegen::model::ShapeId::parse(&id).map_err(|e| format!("--service: {e}"))?);
            }
            "--operations" => {
                let list = value("--operations")?;
                options.operations =
                    Some(list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect());
            }
            "--format" => match value("--format")?.as_str() {
                "text" => json = false,
                "json" => json = true,
                other => return Err(format!("--format takes text or json, not `{other}`\n{}", usage())),
            },
            "--fail-on" => {
                let level = value("--fail-on")?;
                fail_on = Some(Severity::parse(&level).ok_or_else(|| {
                    format!("--fail-on takes error, danger, warning or note, not `{level}`\n{}", usage())
                })?);
            }
            "--docs" => documentation = true,
            other if other.starts_with("--") => {
                return Err(format!("unknown argument `{other}`\n{}", usage()))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new]: [PathBuf; 2] =
        files.try_into().map_err(|_| format!("diff takes two model files, OLD and NEW\n{}", usage()))?;
    Ok(Args { old, new, options, json, fail_on, documentation })
}

pub fn run(args: &[String]) -> ExitCode {
    match compare(args) {
        Ok(tripped) => {
            if tripped {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Prints the report; whether an event reached `--fail-on`.
fn compare(args: &[String]) -> Result<bool, String> {
    let args = parse(args)?;
    let started = Instant::now();
    let old = codegen::load_model(&args.old).map_err(|e| e.to_string())?;
    let new = codegen::load_model(&args.new).map_err(|e| e.to_string())?;
    let loaded = started.elapsed();
    let report = codegen::diff::diff(&old, &new, &args.options).map_err(|e| e.to_string())?;
    let compared = started.elapsed() - loaded;
    let (old_name, new_name) = (name(&args.old), name(&args.new));
    if args.json {
        let json = codegen::diff::json(&report, &old_name, &new_name);
        println!("{}", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?);
    } else {
        let options = TextOptions { documentation: args.documentation };
        print!("{}", codegen::diff::text(&report, &old_name, &new_name, options));
    }
    eprintln!(
        "(models loaded and resolved in {:.0} ms, compared in {:.0} ms)",
        loaded.as_secs_f64() * 1000.0,
        compared.as_secs_f64() * 1000.0
    );
    Ok(match (args.fail_on, report.worst()) {
        (Some(gate), Some(worst)) => worst >= gate,
        _ => false,
    })
}

fn name(path: &Path) -> String {
    path.display().to_string()
}
