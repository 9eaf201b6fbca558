//! `cargo xtask bench-compile [--rounds N] [--profile debug|release|both]`: compile time of
//! the crates generated from the full AppFabric and AppStream models against the AWS SDK crates
//! for the same services (`aws-sdk-appfabric`, `aws-sdk-appstream`).
//!
//! Method (the same for both sides), in `target/bench-compile/`:
//!
//! 1. `ours/`: `cargo xtask codegen --model models/<svc>.json --out ours/<svc>` for both
//!    models (every operation). `sdk/`: the newest published SDK crates, resolved and
//!    downloaded by cargo, then copied out of the registry into plain folders, so that both
//!    sides are path dependencies built the same way.
//! 2. Per side, a driver crate depends on its two service crates by path; each side has its own
//!    target folder. A first `cargo build -p A -p B` builds the dependencies (timed: from an
//!    empty target folder it is the cold build of the whole tree).
//! 3. Rounds, alternating which side goes first: touch both service crates' `src/lib.rs`, then
//!    `cargo build -p A -p B` with `CARGO_INCREMENTAL=0`: only the two service crates are
//!    recompiled, from scratch, with both cores. Wall time per round; the median is reported.
//!
//! With `--server-feature`, the other side is not the SDK but the same generated crates built
//! with their `server` feature: what the server half adds to a rebuild.
//!
//! With `--client-feature`, both sides are what a program that calls the two services builds:
//! the generated crates with their `client` feature (endpoints, SigV4, retries, hyper with
//! rustls) against the SDK crates together with `aws-config` (the SDKs' configuration and
//! credentials, which every SDK program loads). A third crate depends on nothing but the
//! crates the runtime's `client` feature brings (as `runtime/Cargo.toml` declares them) and is
//! built from an empty target folder per profile: the floor under any clean build of a client
//! made of those crates, so the best ratio to the SDK that a clean build can reach.
//!
//! The machine may be shared: before each round the command waits (`--wait`, 600 s by
//! default) until no other compiler runs, and a round during which one ran anyway is flagged
//! `busy` and left out of the median (unless every round of that side was busy).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const USAGE: &str =
    "bench-compile [--rounds N] [--profile debug|release|both] [--wait SECONDS] [--server-feature | --client-feature]";

const MODELS: [&str; 2] = ["appfabric", "appstream"];
const SDK_CRATES: [&str; 2] = ["aws-sdk-appfabric", "aws-sdk-appstream"];

struct Options {
    rounds: usize,
    profiles: Vec<Profile>,
    /// Seconds to wait, before each round, for other compilers on the machine to finish.
    wait: u64,
    /// Compare the generated crates with and without their `server` feature instead.
    server: bool,
    /// Compare calling programs: the generated crates with `client` against the SDK crates
    /// with `aws-config`.
    client: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// One side of the comparison: a driver crate and the two service crates it builds.
struct Side {
    label: &'static str,
    driver: PathBuf,
    target_dir: PathBuf,
    /// Package names, as `cargo build -p` takes them.
    packages: Vec<String>,
    /// The ones a round touches, and so expects recompiled (the service crates).
    touched: Vec<String>,
    /// Folders of the service crates (their `src/lib.rs` is touched per round).
    crate_dirs: Vec<PathBuf>,
}

#[derive(Default)]
struct Stats {
    /// Per round: wall time, and whether another compiler was running.
    rounds: Vec<(Duration, bool)>,
    /// The dependency build, and whether it started from an empty target folder.
    first_build: Option<(Duration, bool)>,
}

impl Stats {
    /// The rounds that count: the quiet ones, or all when none was quiet.
    fn counted(&self) -> Vec<f64> {
        let quiet: Vec<f64> =
            self.rounds.iter().filter(|(_, busy)| !busy).map(|(d, _)| d.as_secs_f64()).collect();
        if quiet.is_empty() {
            self.rounds.iter().map(|(d, _)| d.as_secs_f64()).collect()
        } else {
            quiet
        }
    }

    fn median(&self) -> f64 {
        let mut secs = self.counted();
        secs.sort_by(f64::total_cmp);
        match secs.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => secs[n / 2],
            n => (secs[n / 2 - 1] + secs[n / 2]) / 2.0,
        }
    }

    fn range(&self) -> (f64, f64) {
        let secs = self.counted();
        (secs.iter().copied().fold(f64::INFINITY, f64::min), secs.iter().copied().fold(0.0, f64::max))
    }

    fn busy(&self) -> usize {
        self.rounds.iter().filter(|(_, busy)| *busy).count()
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        rounds: 3,
        profiles: vec![Profile::Debug, Profile::Release],
        wait: 600,
        server: false,
        client: false,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--rounds" => {
                options.rounds = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--rounds takes a number >= 1\nusage: cargo xtask {USAGE}"))?
            }
            "--wait" => {
                options.wait = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| format!("--wait takes seconds\nusage: cargo xtask {USAGE}"))?
            }
            "--profile" => {
                options.profiles = match iter.next().map(String::as_str) {
                    Some("debug") => vec![Profile::Debug],
                    Some("release") => vec![Profile::Release],
                    Some("both") => vec![Profile::Debug, Profile::Release],
                    _ => {
                        return Err(format!(
                            "--profile takes debug, release or both\nusage: cargo xtask {USAGE}"
                        ))
                    }
                }
            }
            "--server-feature" => options.server = true,
            "--client-feature" => options.client = true,
            other => return Err(format!("unknown argument `{other}`\nusage: cargo xtask {USAGE}")),
        }
    }
    if options.server && options.client {
        return Err(format!(
            "--server-feature and --client-feature are two runs\nusage: cargo xtask {USAGE}"
        ));
    }
    Ok(options)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let root = crate::workspace_root();
    let scratch = root.join("target").join("bench-compile");
    let ours = prepare_ours(&root, &scratch.join("ours"))?;
    let (ours, sdk) = if options.server {
        let server = with_feature(&ours, &scratch.join("ours"), "server", "generated+server")?;
        (ours, server)
    } else if options.client {
        let client = with_feature(&ours, &scratch.join("ours"), "client", "generated+client")?;
        (client, prepare_sdk(&scratch.join("sdk-client"), true)?)
    } else {
        (ours, prepare_sdk(&scratch.join("sdk"), false)?)
    };

    let floor = if options.client { Some(prepare_floor(&root, &scratch.join("floor"))?) } else { None };

    let mut results = Vec::new();
    let mut floors = Vec::new();
    for &profile in &options.profiles {
        if let Some(floor) = &floor {
            let _ = std::fs::remove_dir_all(&floor.target_dir);
            wait_for_quiet(Duration::from_secs(options.wait));
            let built = build(floor, profile)?;
            eprintln!(
                "{}: clean build {:.1} s ({} units){}",
                floor.label,
                built.elapsed.as_secs_f64(),
                built.compiled.len(),
                if built.busy { " (busy: another compiler ran meanwhile)" } else { "" }
            );
            floors.push((profile, built.elapsed, built.busy));
        }
        eprintln!("\n== {} builds: dependencies first", profile.name());
        let mut stats = [Stats::default(), Stats::default()];
        for (side, stats) in [&ours, &sdk].into_iter().zip(stats.iter_mut()) {
            let cold = !side.target_dir.join(profile.name()).exists();
            let first = build(side, profile)?;
            eprintln!(
                "{}: dependency build {:.1} s ({} units{})",
                side.label,
                first.elapsed.as_secs_f64(),
                first.compiled.len(),
                if cold { ", cold" } else { "" }
            );
            stats.first_build = Some((first.elapsed, cold && !first.busy));
            // A second build must find nothing to do, or the rounds would not measure only
            // the service crates.
            let again = build(side, profile)?;
            if !again.compiled.is_empty() {
                return Err(format!(
                    "{}: a no-op build still compiled {}",
                    side.label,
                    again.compiled.join(", ")
                ));
            }
        }
        for round in 0..options.rounds {
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let side = [&ours, &sdk][i];
                for dir in &side.crate_dirs {
                    touch(&dir.join("src").join("lib.rs"))?;
                }
                wait_for_quiet(Duration::from_secs(options.wait));
                let result = build(side, profile)?;
                let mut expected: Vec<String> = side.touched.clone();
                expected.sort();
                let mut got = result.compiled.clone();
                got.sort();
                if got != expected {
                    eprintln!("warning: expected to compile {expected:?}, cargo compiled {got:?}");
                }
                eprintln!(
                    "round {}/{} {:<7} {:<9}: {:.2} s{}",
                    round + 1,
                    options.rounds,
                    profile.name(),
                    side.label,
                    result.elapsed.as_secs_f64(),
                    if result.busy { " (busy: another compiler ran meanwhile)" } else { "" }
                );
                stats[i].rounds.push((result.elapsed, result.busy));
            }
        }
        results.push((profile, stats));
    }

    if options.server {
        report_server_feature(&results);
        Ok(())
    } else {
        report(&ours, &sdk, &results)?;
        report_floor(&floors, &results);
        Ok(())
    }
}

/// A driver that depends on the crates the runtime's `client` feature enables, declared as
/// `runtime/Cargo.toml` declares them, and on nothing of this project.
fn prepare_floor(root: &Path, dir: &Path) -> Result<Side, String> {
    let manifest_path = root.join("runtime").join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let dependencies = client_dependencies(&manifest)
        .ok_or_else(|| format!("{}: no `client` feature of `dep:` entries", manifest_path.display()))?;
    let driver = dir.join("driver");
    write_driver(&driver, "bench-compile-client-floor", &dependencies)?;
    Ok(Side {
        label: "client crates alone",
        driver,
        target_dir: dir.join("target"),
        packages: vec!["bench-compile-client-floor".to_owned()],
        touched: Vec::new(),
        crate_dirs: Vec::new(),
    })
}

/// The `[dependencies]` lines of the crates named `dep:NAME` in the `client` feature, without
/// `optional = true`.
fn client_dependencies(manifest: &str) -> Option<String> {
    let feature = manifest.split("\nclient = [").nth(1)?.split(']').next()?;
    let names: Vec<&str> =
        feature.split(',').filter_map(|entry| entry.trim().trim_matches('"').strip_prefix("dep:")).collect();
    let lines: Vec<String> = manifest
        .lines()
        .filter(|line| names.iter().any(|name| line.starts_with(&format!("{name} = "))))
        .map(|line| line.replace(", optional = true", ""))
        .collect();
    (!names.is_empty() && lines.len() == names.len()).then(|| lines.join("\n") + "\n")
}

fn report_floor(floors: &[(Profile, Duration, bool)], results: &[(Profile, [Stats; 2])]) {
    if floors.is_empty() {
        return;
    }
    println!("\nclean build of the client's crates alone (nothing of this project), against the SDK's:\n");
    println!("| profile | client crates alone | generated+client | aws-sdk + aws-config | aws-sdk / client crates alone |");
    println!("| --- | --- | --- | --- | --- |");
    for (profile, floor, busy) in floors {
        let Some((_, [o, s])) = results.iter().find(|(p, _)| p == profile) else { continue };
        let secs = |stats: &Stats| stats.first_build.map(|(d, _)| format!("{:.1} s", d.as_secs_f64()));
        let ratio = s.first_build.map(|(d, _)| format!("{:.1}x", d.as_secs_f64() / floor.as_secs_f64()));
        println!(
            "| {} | {:.1} s{} | {} | {} | **{}** |",
            profile.name(),
            floor.as_secs_f64(),
            if *busy { " (busy)" } else { "" },
            secs(o).unwrap_or_else(|| "-".into()),
            secs(s).unwrap_or_else(|| "-".into()),
            ratio.unwrap_or_else(|| "-".into())
        );
    }
}

/// The same service crates as `ours`, built with one of their features by a driver of its own.
fn with_feature(ours: &Side, dir: &Path, feature: &str, label: &'static str) -> Result<Side, String> {
    let dependencies: String = ours
        .packages
        .iter()
        .zip(&MODELS)
        .map(|(name, model)| format!("{name} = {{ path = \"../{model}\", features = [\"{feature}\"] }}\n"))
        .collect();
    let driver = dir.join(format!("driver-{feature}"));
    write_driver(&driver, &format!("bench-compile-ours-{feature}"), &dependencies)?;
    Ok(Side {
        label,
        driver,
        target_dir: dir.join(format!("target-{feature}")),
        packages: ours.packages.clone(),
        touched: ours.touched.clone(),
        crate_dirs: ours.crate_dirs.clone(),
    })
}

fn report_server_feature(results: &[(Profile, [Stats; 2])]) {
    println!(
        "
rebuild of the two service crates with and without the `server` feature, median of rounds:
"
    );
    println!(
        "| profile | default features (min-max) | with `server` (min-max) | server / default | rounds |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for (profile, [o, s]) in results {
        let ((omin, omax), (smin, smax)) = (o.range(), s.range());
        println!(
            "| {} | {:.2} s ({omin:.2}-{omax:.2}) | {:.2} s ({smin:.2}-{smax:.2}) | {:.2}x | {} |",
            profile.name(),
            o.median(),
            s.median(),
            s.median() / o.median(),
            o.rounds.len()
        );
    }
}

/// Generates both crates with `cargo xtask codegen --model PATH --out DIR` and writes the driver.
fn prepare_ours(root: &Path, dir: &Path) -> Result<Side, String> {
    let mut packages = Vec::new();
    let mut crate_dirs = Vec::new();
    let mut dependencies = String::new();
    for model in MODELS {
        let out = dir.join(model);
        let model_path = root.join("models").join(format!("{model}.json"));
        let runtime = root.join("runtime");
        eprintln!(
            "cargo xtask codegen --model {} --out {} --runtime {}",
            model_path.display(),
            out.display(),
            runtime.display()
        );
        crate::codegen(&[
            "--model".to_owned(),
            model_path.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
            "--runtime".to_owned(),
            runtime.display().to_string(),
        ])?;
        let name = package_name(&out.join("Cargo.toml"))?;
        dependencies.push_str(&format!("{name} = {{ path = \"../{model}\" }}\n"));
        packages.push(name);
        crate_dirs.push(out);
    }
    let driver = dir.join("driver");
    write_driver(&driver, "bench-compile-ours", &dependencies)?;
    Ok(Side {
        label: "generated",
        driver,
        target_dir: dir.join("target"),
        touched: packages.clone(),
        packages,
        crate_dirs,
    })
}

/// Resolves and downloads the newest SDK crates, then copies their sources into `dir`; with
/// `aws_config`, the program also depends on `aws-config` (from the registry, as programs do).
fn prepare_sdk(dir: &Path, aws_config: bool) -> Result<Side, String> {
    let fetch = dir.join("fetch");
    let mut registry_deps: String = SDK_CRATES.iter().map(|c| format!("{c} = \"1\"\n")).collect();
    if aws_config {
        registry_deps.push_str("aws-config = \"1\"\n");
    }
    write_driver(&fetch, "bench-compile-sdk-fetch", &registry_deps)?;
    cargo(&fetch, None, &["fetch"])?;
    let metadata = cargo(&fetch, None, &["metadata", "--format-version", "1"])?;
    let metadata: Value =
        serde_json::from_str(&metadata).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let packages = metadata.get("packages").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut dependencies = String::new();
    let mut crate_dirs = Vec::new();
    for name in SDK_CRATES {
        let package = packages
            .iter()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| format!("cargo metadata does not list {name}"))?;
        let version = package.get("version").and_then(Value::as_str).unwrap_or("?");
        let manifest = package.get("manifest_path").and_then(Value::as_str).unwrap_or_default();
        let source = Path::new(manifest).parent().ok_or_else(|| format!("no source folder for {name}"))?;
        let copy = dir.join(name);
        if !copy.join(".version").exists()
            || std::fs::read_to_string(copy.join(".version")).ok().as_deref() != Some(version)
        {
            let _ = std::fs::remove_dir_all(&copy);
            copy_dir(source, &copy)?;
            std::fs::write(copy.join(".version"), version).map_err(|e| e.to_string())?;
        }
        eprintln!("{name} {version}: sources copied from {}", source.display());
        dependencies.push_str(&format!("{name} = {{ path = \"../{name}\" }}\n"));
        crate_dirs.push(copy);
    }
    if aws_config {
        dependencies.push_str("aws-config = \"1\"\n");
    }
    let driver = dir.join("driver");
    write_driver(&driver, "bench-compile-sdk", &dependencies)?;
    // The same versions as resolved above: the copies keep their registry dependencies.
    std::fs::copy(fetch.join("Cargo.lock"), driver.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(Side {
        label: if aws_config { "aws-sdk+aws-config" } else { "aws-sdk" },
        driver,
        target_dir: dir.join("target"),
        packages: SDK_CRATES
            .iter()
            .map(|c| c.to_string())
            .chain(aws_config.then(|| "aws-config".to_owned()))
            .collect(),
        touched: SDK_CRATES.iter().map(|c| c.to_string()).collect(),
        crate_dirs,
    })
}

fn write_driver(dir: &Path, name: &str, dependencies: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest = format!(
        "# Scratch crate of `cargo xtask bench-compile`.\n[package]\nname = \"{name}\"\nversion = \"0.0.0\"\n\
         edition = \"2021\"\npublish = false\n\n[dependencies]\n{dependencies}\n[workspace]\n"
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(&dir.join("src").join("lib.rs"), "")
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn package_name(manifest: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    text.lines()
        .find_map(|line| line.strip_prefix("name = \"").and_then(|rest| rest.strip_suffix('"')))
        .map(str::to_owned)
        .ok_or_else(|| format!("no package name in {}", manifest.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
            // Registry sources are read-only; the copies are touched per round.
            let mut permissions = std::fs::metadata(&target).map_err(|e| e.to_string())?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(&target, permissions).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs cargo in `dir`; its stdout, or an error with its stderr.
fn cargo(dir: &Path, target_dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new(cargo_bin());
    command.args(args).current_dir(dir);
    if let Some(target_dir) = target_dir {
        command.env("CARGO_TARGET_DIR", target_dir);
    }
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo {} failed in {}:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// One build: its wall time, the units cargo compiled, and whether a compiler that this
/// command did not start ran meanwhile (checked every 200 ms).
struct Build {
    elapsed: Duration,
    compiled: Vec<String>,
    busy: bool,
}

/// `cargo build [--release] -p A -p B` of one side.
fn build(side: &Side, profile: Profile) -> Result<Build, String> {
    let mut args = vec!["build".to_owned()];
    if profile == Profile::Release {
        args.push("--release".to_owned());
    }
    for package in &side.packages {
        args.push("-p".to_owned());
        args.push(package.clone());
    }
    let mut busy = foreign_compilers();
    let started = Instant::now();
    let mut child = Command::new(cargo_bin())
        .args(&args)
        .current_dir(&side.driver)
        .env("CARGO_TARGET_DIR", &side.target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    // The clock stops when `wait` returns; a second thread watches for other compilers
    // meanwhile (polling in this thread would round each time up to the polling interval,
    // 200 ms, which is 7 % of a 3 s build). cargo's stderr is small (one line per unit): it
    // fits the pipe and is read at the end.
    let done = AtomicBool::new(false);
    let (status, elapsed, seen_busy) = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let mut seen = false;
            while !done.load(Ordering::Relaxed) {
                seen = seen || foreign_compilers();
                std::thread::sleep(Duration::from_millis(200));
            }
            seen
        });
        let status = child.wait();
        let elapsed = started.elapsed();
        done.store(true, Ordering::Relaxed);
        (status, elapsed, watcher.join().unwrap_or(true))
    });
    let status = status.map_err(|e| e.to_string())?;
    busy = busy || seen_busy;
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        std::io::Read::read_to_string(&mut pipe, &mut stderr).map_err(|e| e.to_string())?;
    }
    if !status.success() {
        return Err(format!("{}: cargo {} failed:\n{stderr}", side.label, args.join(" ")));
    }
    let compiled = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .map(|rest| rest.split(' ').next().unwrap_or(rest).to_owned())
        .collect();
    Ok(Build { elapsed, compiled, busy })
}

/// Whether a compiler is running that this command did not start (it would skew a round).
fn foreign_compilers() -> bool {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else { return false };
    entries.filter_map(Result::ok).any(|entry| {
        let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if !matches!(comm.trim(), "rustc" | "clippy-driver" | "rustdoc") {
            return false;
        }
        let Some(mut pid) = entry.file_name().to_str().and_then(|p| p.parse::<u32>().ok()) else {
            return false;
        };
        // Ours when an ancestor is this process.
        for _ in 0..64 {
            if pid == me {
                return false;
            }
            match parent(pid) {
                Some(p) if p > 1 => pid = p,
                _ => return true,
            }
        }
        true
    })
}

fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid ...`; comm may contain spaces, so split after the last ')'.
    stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
}

/// Waits (up to `limit`) until no foreign compiler runs, so rounds start on a quiet machine.
fn wait_for_quiet(limit: Duration) {
    let started = Instant::now();
    let mut said = false;
    while foreign_compilers() && started.elapsed() < limit {
        if !said {
            eprintln!("(waiting up to {} s for other compilers on this machine to finish)", limit.as_secs());
            said = true;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Lines of Rust under `dir/src`, and the number of files.
fn rust_lines(dir: &Path) -> (usize, usize) {
    let mut stack = vec![dir.join("src")];
    let (mut lines, mut files) = (0, 0);
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                lines += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
                files += 1;
            }
        }
    }
    (lines, files)
}

/// Crates in the side's build graph for this machine (`cargo tree -e normal,build`), the
/// driver excluded.
fn tree_size(side: &Side) -> Result<usize, String> {
    let tree = cargo(
        &side.driver,
        Some(&side.target_dir),
        &["tree", "-e", "normal,build", "--prefix", "none", "--format", "{p}"],
    )?;
    let mut crates: Vec<&str> = tree
        .lines()
        .map(|l| l.trim_end_matches(" (*)").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('[') && !l.starts_with("bench-compile"))
        .collect();
    crates.sort_unstable();
    crates.dedup();
    Ok(crates.len())
}

fn report(ours: &Side, sdk: &Side, results: &[(Profile, [Stats; 2])]) -> Result<(), String> {
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.to_owned()))
        .and_then(|l| l.split(':').nth(1).map(|m| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    println!("\ncompile time: generated crates vs aws-sdk crates ({machine}, {cores} cores, {rustc})\n");
    println!("rebuild of the two service crates (dependencies built), wall time, median of rounds:\n");
    println!("| profile | generated (min-max) | aws-sdk (min-max) | aws-sdk / generated | rounds |");
    println!("| --- | --- | --- | --- | --- |");
    for (profile, [o, s]) in results {
        let ((omin, omax), (smin, smax)) = (o.range(), s.range());
        let busy = o.busy() + s.busy();
        println!(
            "| {} | {:.2} s ({omin:.2}-{omax:.2}) | {:.2} s ({smin:.2}-{smax:.2}) | **{:.1}x** | {}{} |",
            profile.name(),
            o.median(),
            s.median(),
            s.median() / o.median(),
            o.rounds.len(),
            if busy > 0 { format!(", {busy} busy left out") } else { String::new() }
        );
    }
    let cold: Vec<String> = results
        .iter()
        .filter_map(|(profile, [o, s])| match (o.first_build, s.first_build) {
            (Some((od, true)), Some((sd, true))) => Some(format!(
                "| {} | {:.1} s | {:.1} s | {:.1}x |",
                profile.name(),
                od.as_secs_f64(),
                sd.as_secs_f64(),
                sd.as_secs_f64() / od.as_secs_f64()
            )),
            _ => None,
        })
        .collect();
    if !cold.is_empty() {
        println!("\ncold build of the whole tree (empty target folder):\n");
        println!("| profile | generated | aws-sdk | aws-sdk / generated |");
        println!("| --- | --- | --- | --- |");
        cold.iter().for_each(|line| println!("{line}"));
    }
    println!("\nsize:\n");
    println!("| | generated | aws-sdk |");
    println!("| --- | --- | --- |");
    let sizes =
        |side: &Side| -> Vec<(usize, usize)> { side.crate_dirs.iter().map(|d| rust_lines(d)).collect() };
    let (o_sizes, s_sizes) = (sizes(ours), sizes(sdk));
    for (i, model) in MODELS.iter().enumerate() {
        println!(
            "| {model}: lines of Rust (files) | {} ({}) | {} ({}) |",
            o_sizes[i].0, o_sizes[i].1, s_sizes[i].0, s_sizes[i].1
        );
    }
    println!(
        "| crates in the dependency tree, service crates included | {} | {} |",
        tree_size(ours)?,
        tree_size(sdk)?
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_floor_depends_on_every_crate_of_the_client_feature() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let dependencies = super::client_dependencies(manifest).expect("client feature's dependencies");
        assert!(dependencies.contains("aws-sigv4 = {"), "{dependencies}");
        assert!(dependencies.contains("hyper-rustls = {"), "{dependencies}");
        assert!(!dependencies.contains("optional"), "{dependencies}");
        assert!(!dependencies.contains("regex"), "{dependencies}");
    }
}
