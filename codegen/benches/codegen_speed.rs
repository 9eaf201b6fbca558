//! Codegen speed: wall time per pipeline stage for the two full official models (every
//! operation of AppFabric and AppStream) and for every model of the shared corpus, medians of
//! repeated runs, then how the cost grows with model size.
//!
//! ```sh
//! cargo bench -p codegen --bench codegen_speed                 # 7 runs per model
//! cargo bench -p codegen --bench codegen_speed -- --runs 11 --corpus ../shared/aws-models
//! cargo bench -p codegen --bench codegen_speed -- dynamodb     # only models whose file name contains it
//! ```
//!
//! Stages, as `cargo xtask codegen --model PATH --out DIR` runs them: `load` (read the file,
//! parse the JSON AST: `ast::load_file`), `resolve` (`resolve::resolve`), `select`
//! (`closure::select`, `cycles::boxed_members`), `names` (`names::Names::new`), `emit` (tokens:
//! `emit::service_files` and the crate files), `format` (`format::rust_source`: syn +
//! prettyplease), `write` (`output::write` into an empty folder under `target/bench-codegen/`).
//! One unmeasured run per model comes first (file cache, allocator).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{ast, closure, output, resolve, standalone, ServiceRequest};

const STAGES: [&str; 7] = ["load", "resolve", "select", "names", "emit", "format", "write"];

struct Args {
    runs: usize,
    corpus: PathBuf,
    filters: Vec<String>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn parse_args() -> Args {
    let mut args = Args {
        runs: 7,
        corpus: workspace_root().join("..").join("shared").join("aws-models"),
        filters: Vec::new(),
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                args.runs =
                    iter.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).expect("--runs N (N >= 1)")
            }
            "--corpus" => args.corpus = iter.next().expect("--corpus DIR").into(),
            // cargo bench passes `--bench`; criterion-style flags are not ours.
            flag if flag.starts_with("--") => {}
            filter => args.filters.push(filter.to_owned()),
        }
    }
    args
}

/// One model's measurements: per stage, the time of each run.
struct Measured {
    name: String,
    shapes: usize,
    operations: usize,
    selected: usize,
    files: usize,
    lines: usize,
    bytes: usize,
    runs: Vec<[Duration; 7]>,
}

impl Measured {
    fn stage_median(&self, stage: usize) -> f64 {
        median(self.runs.iter().map(|r| ms(r[stage])).collect())
    }

    fn total_median(&self) -> f64 {
        median(self.runs.iter().map(|r| r.iter().map(|d| ms(*d)).sum()).collect())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// One run of the whole pipeline for `path`, as `cargo xtask codegen --model PATH --out DIR`.
fn run_once(path: &Path, out: &Path) -> ([Duration; 7], Measured) {
    let mut t = [Duration::ZERO; 7];
    let started = Instant::now();
    let ast = ast::load_file(path).expect("the model loads");
    t[0] = started.elapsed();
    let shapes = ast.shapes.len();
    let started = Instant::now();
    let model = resolve::resolve(ast).expect("the model resolves");
    t[1] = started.elapsed();
    let service = standalone::find_service(&model, None).expect("one service");
    let operations = closure::service_operations(&model, &service).expect("operations").len();
    let selected = closure::select(&model, &service, None).expect("selection").shapes.len();
    let module = standalone::module_name(&model, &service);
    let source = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let request = ServiceRequest {
        extra_operations: &[],
        model: &model,
        service,
        operations: None,
        module: module.clone(),
        source: source.clone(),
    };
    let (files, stages) = codegen::generate_crate_timed(
        &module.replace('_', "-"),
        &[request],
        &[source],
        &codegen::RuntimeLocation::Bundled,
    )
    .expect("generation");
    t[2] = stages.select;
    t[3] = stages.names;
    t[4] = stages.emit;
    t[5] = stages.format;
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    output::write(out, &files, &[]).expect("the crate is written");
    t[6] = started.elapsed();
    let rust = files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs"));
    let lines = rust.clone().map(|f| f.contents.lines().count()).sum();
    let bytes = files.iter().map(|f| f.contents.len()).sum();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let info =
        Measured { name, shapes, operations, selected, files: files.len(), lines, bytes, runs: Vec::new() };
    (t, info)
}

fn measure(path: &Path, runs: usize, scratch: &Path) -> Measured {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let out = scratch.join(&name);
    let (_, mut measured) = run_once(path, &out);
    for _ in 0..runs {
        let (t, _) = run_once(path, &out);
        measured.runs.push(t);
    }
    let _ = std::fs::remove_dir_all(&out);
    measured
}

fn header() {
    let stages: Vec<String> = STAGES.iter().map(|s| format!("{s} ms")).collect();
    println!(
        "| model | shapes | ops | generated shapes | lines out | {} | total ms | µs/shape |",
        stages.join(" | ")
    );
    println!("|{}", " --- |".repeat(5 + STAGES.len() + 2));
}

fn row(m: &Measured) {
    let stages: Vec<String> = (0..STAGES.len()).map(|s| format!("{:.1}", m.stage_median(s))).collect();
    let total = m.total_median();
    println!(
        "| {} | {} | {} | {} | {} | {} | **{:.1}** | {:.0} |",
        m.name,
        m.shapes,
        m.operations,
        m.selected,
        m.lines,
        stages.join(" | "),
        total,
        total * 1000.0 / m.shapes as f64
    );
}

/// Least squares `y = a + b x`, with R².
fn fit(points: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points.iter().fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let syy: f64 = points.iter().map(|(_, y)| (y - my) * (y - my)).sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    (a, b, if syy > 0.0 { sxy * sxy / (sxx * syy) } else { 1.0 })
}

fn main() {
    let args = parse_args();
    let wanted = |path: &Path| {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        args.filters.is_empty() || args.filters.iter().any(|f| name.contains(f.as_str()))
    };
    let exe = std::env::current_exe().unwrap_or_default();
    let target = exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| "target".into());
    let scratch = target.join("bench-codegen");
    println!("codegen speed: medians of {} runs per model (after one warm-up run)", args.runs);

    // The two full official models, every operation.
    let official: Vec<PathBuf> = ["appfabric.json", "appstream.json"]
        .iter()
        .map(|f| workspace_root().join("models").join(f))
        .filter(|p| wanted(p))
        .collect();
    if !official.is_empty() {
        println!("\nfull official models (models/*.json, all operations):\n");
        header();
        let mut sum = 0.0;
        for path in &official {
            let m = measure(path, args.runs, &scratch);
            row(&m);
            sum += m.total_median();
        }
        let verdict = if sum < 1000.0 { "under" } else { "NOT under" };
        println!("\nboth full models: {sum:.0} ms in all, {verdict} the 1 s goal");
    }

    // The shared corpus.
    let mut models: Vec<PathBuf> = match std::fs::read_dir(&args.corpus) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json") && wanted(p))
            .collect(),
        Err(e) => {
            println!("\n(no corpus at {}: {e})", args.corpus.display());
            return;
        }
    };
    if models.is_empty() {
        return;
    }
    let started = Instant::now();
    let mut measured: Vec<Measured> = Vec::new();
    for (i, path) in models.iter().enumerate() {
        eprintln!("[{}/{}] {}", i + 1, models.len(), path.file_name().unwrap_or_default().to_string_lossy());
        measured.push(measure(path, args.runs, &scratch));
    }
    eprintln!("corpus measured in {:.1} s", started.elapsed().as_secs_f64());
    models.clear();
    measured.sort_by_key(|m| m.shapes);
    println!("\ncorpus ({}, {} models), by size:\n", args.corpus.display(), measured.len());
    header();
    for m in &measured {
        row(m);
    }
    let stage_sums: Vec<f64> =
        (0..STAGES.len()).map(|s| measured.iter().map(|m| m.stage_median(s)).sum()).collect();
    let total: f64 = measured.iter().map(Measured::total_median).sum();
    let shapes: usize = measured.iter().map(|m| m.shapes).sum();
    let lines: usize = measured.iter().map(|m| m.lines).sum();
    println!(
        "| **all {}** | {shapes} | {} | {} | {lines} | {} | **{total:.0}** | {:.0} |",
        measured.len(),
        measured.iter().map(|m| m.operations).sum::<usize>(),
        measured.iter().map(|m| m.selected).sum::<usize>(),
        stage_sums.iter().map(|s| format!("{s:.0}")).collect::<Vec<_>>().join(" | "),
        total * 1000.0 / shapes as f64
    );
    println!("\nshare of the corpus total per stage:");
    for (stage, sum) in STAGES.iter().zip(&stage_sums) {
        println!("  {stage:<8} {:>5.1} %", sum * 100.0 / total);
    }
    println!(
        "\noutput: {} files, {:.1} MB, {lines} lines of Rust",
        measured.iter().map(|m| m.files).sum::<usize>(),
        measured.iter().map(|m| m.bytes).sum::<usize>() as f64 / 1e6
    );
    if measured.len() >= 3 {
        let by = |x: fn(&Measured) -> f64| -> Vec<(f64, f64)> {
            measured.iter().map(|m| (x(m), m.total_median())).collect()
        };
        let (a, b, r2) = fit(&by(|m| m.shapes as f64));
        println!("\nscaling (least squares over the corpus, total ms):");
        println!("  vs model shapes:      {a:.1} ms + {:.0} µs/shape, R² = {r2:.2}", b * 1000.0);
        let (a, b, r2) = fit(&by(|m| m.selected as f64));
        println!("  vs generated shapes:  {a:.1} ms + {:.0} µs/shape, R² = {r2:.2}", b * 1000.0);
        let (a, b, r2) = fit(&by(|m| m.lines as f64));
        println!("  vs lines out:         {a:.1} ms + {:.1} ms/1000 lines, R² = {r2:.2}", b * 1000.0);
        let bytes: usize = measured.iter().map(|m| m.bytes).sum();
        println!("  throughput:           {:.1} MB of generated text per second", bytes as f64 / 1e3 / total);
    }
}
