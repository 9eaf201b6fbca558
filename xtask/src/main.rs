//! Workspace tasks. `cargo xtask codegen [--check]` regenerates (or checks) `generated/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate generated/ from models/codegen.toml and the models it names
  codegen --check  change nothing; fail naming every file that differs, is missing or is stray";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn codegen(check: bool) -> ExitCode {
    let root = workspace_root();
    let started = std::time::Instant::now();
    match codegen::workspace::run(&root, check) {
        Ok(changes) => {
            let elapsed = started.elapsed().as_millis();
            if check {
                println!("generated/ is up to date ({elapsed} ms)");
            } else if changes.is_empty() {
                println!("generated/ already up to date ({elapsed} ms)");
            } else {
                println!("updated generated/ ({elapsed} ms):\n{}", changes.describe(Path::new("generated")));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
