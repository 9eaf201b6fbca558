//! A Smithy (JSON AST) to Rust code generator.
//!
//! The pipeline, one module per stage:
//! [`ast`] load → [`resolve`] resolved [`model`] → [`closure`] selection → [`names`] Rust
//! names → [`emit`] tokens per concern → [`format`] text → [`output`] write or check.

pub mod api;
pub mod ast;
pub mod closure;
pub mod config;
pub mod cycles;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
pub mod model;
pub mod names;
pub mod output;
pub mod patterns;
pub mod prelude;
pub mod protocol;
pub mod resolve;
pub mod shape_id;
pub mod standalone;
pub mod timestamps;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use emit::runtime::RuntimeLocation;
pub use error::{Error, Result};
pub use output::{Changes, GeneratedFile};

use emit::{RustFile, ServiceCtx};
use model::{Model, ShapeId};

/// Loads and resolves one model file.
pub fn load_model(path: &Path) -> Result<Model> {
    let ast = ast::load_file(path)?;
    resolve::resolve(ast).map_err(|e| e.in_file(path))
}

/// The service's `smithy.rules#endpointRuleSet` as the JSON a generated client embeds and the
/// runtime's rules interpreter reads; `None` when the service has none.
pub fn endpoint_rule_set(model: &Model, service: &model::ShapeId) -> Option<String> {
    let rules = model.get(service)?.trait_value("smithy.rules#endpointRuleSet")?;
    serde_json::to_string(rules).ok()
}

/// One service to put in a generated crate.
pub struct ServiceRequest<'a> {
    pub model: &'a Model,
    pub service: ShapeId,
    /// `None` for every operation of the service.
    pub operations: Option<&'a [String]>,
    /// Operations the service does not bind, generated as if it did.
    pub extra_operations: &'a [ShapeId],
    pub module: String,
    /// How generated headers name the model file (e.g. `models/appfabric.json`).
    pub source: String,
}

/// Generates a whole crate (manifest included) for the given services, printing a warning on
/// standard error for each `@pattern` the generated code does not enforce.
pub fn generate_crate(
    crate_name: &str,
    services: &[ServiceRequest],
    crate_sources: &[String],
    runtime: &RuntimeLocation,
) -> Result<Vec<GeneratedFile>> {
    let generation = generate_crate_full(crate_name, services, crate_sources, runtime)?;
    generation.print_warnings();
    Ok(generation.files)
}

/// A generated crate, with what the generator has to say about it.
#[derive(Debug)]
pub struct Generation {
    pub files: Vec<GeneratedFile>,
    pub timings: StageTimings,
    /// `@pattern`s of inputs that the generated validation does not check, and why.
    pub warnings: Vec<patterns::NotEnforced>,
}

impl Generation {
    pub fn print_warnings(&self) {
        for warning in &self.warnings {
            eprintln!("warning: {warning}");
        }
    }
}

/// Wall time [`generate_crate_timed`] spent in each stage after loading and resolving (which
/// [`ast::load_file`] and [`resolve::resolve`] do, and callers time themselves, as they do
/// [`output::write`]). Summed over the crate's services.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimings {
    /// [`closure::select`] and [`cycles::boxed_members`].
    pub select: Duration,
    /// [`names::Names::new`].
    pub names: Duration,
    /// Tokens: [`emit::service_files`] and the crate's own files.
    pub emit: Duration,
    /// Tokens to text: [`format::rust_source`].
    pub format: Duration,
}

impl StageTimings {
    pub fn total(&self) -> Duration {
        self.select + self.names + self.emit + self.format
    }
}

/// Runs `f`, adding the time it takes to `slot`.
fn timed<T>(slot: &mut Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    *slot += started.elapsed();
    value
}

/// [`generate_crate`], also reporting the time spent per stage (for the benchmarks).
pub fn generate_crate_timed(
    crate_name: &str,
    services: &[ServiceRequest],
    crate_sources: &[String],
    runtime: &RuntimeLocation,
) -> Result<(Vec<GeneratedFile>, StageTimings)> {
    generate_crate_full(crate_name, services, crate_sources, runtime).map(|g| (g.files, g.timings))
}

/// [`generate_crate`] with its timings and warnings, printing nothing.
pub fn generate_crate_full(
    crate_name: &str,
    services: &[ServiceRequest],
    crate_sources: &[String],
    runtime: &RuntimeLocation,
) -> Result<Generation> {
    let mut t = StageTimings::default();
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let crate_header = format::header("//", crate_sources);
    let mut features = emit::runtime::Features::default();
    let mut modules = Vec::new();
    let mut surface = api::Surface::default();
    for request in services {
        let (selection, boxed) = timed(&mut t.select, || {
            let selection = closure::select_with_extra(
                request.model,
                &request.service,
                request.operations,
                request.extra_operations,
            )?;
            let boxed = cycles::boxed_members(request.model, &selection);
            Ok::<_, Error>((selection, boxed))
        })?;
        let names = timed(&mut t.names, || names::Names::new(request.model, &selection))?;
        let ctx = ServiceCtx {
            model: request.model,
            selection: &selection,
            names: &names,
            module: request.module.clone(),
            boxed,
            protocol: protocol::Protocol::of(request.model.expect(&request.service)),
        };
        features = features.union(emit::runtime::Features::of(&ctx));
        let header = format::header("//", std::slice::from_ref(&request.source));
        let service_files =
            timed(&mut t.emit, || emit::service_files(&ctx)).map_err(|e| e.in_file(&request.source))?;
        for file in service_files {
            files.push(timed(&mut t.format, || rust_file(file, &header))?);
        }
        warnings.extend(emit::unenforced_patterns(&ctx));
        surface.extend(timed(&mut t.emit, || api::Surface::of_service(&ctx)));
        let service = request.model.expect(&request.service);
        let title = service
            .trait_value("smithy.api#title")
            .and_then(|t| t.as_str())
            .unwrap_or(request.service.name())
            .to_owned();
        modules.push((request.module.clone(), title));
    }
    let (lib_rs, build_error_rs) =
        timed(&mut t.emit, || (emit::crate_files::lib_rs(&modules), emit::crate_files::build_error_rs()));
    timed(&mut t.format, || {
        files.push(rust_file(lib_rs, &crate_header)?);
        files.push(rust_file(build_error_rs, &crate_header)?);
        Ok::<_, Error>(())
    })?;
    timed(&mut t.emit, || {
        // The manifest comes last: the runtime features it asks for depend on what the services use.
        let manifest_header = format::header("#", crate_sources);
        files.push(GeneratedFile { path: api::FILE.into(), contents: surface.to_text(&manifest_header) });
        files.extend(emit::runtime::files(runtime, &crate_header, &manifest_header));
        let dependency = emit::runtime::dependency(runtime, features);
        let contents = emit::crate_files::cargo_toml(&manifest_header, crate_name, &dependency);
        files.push(GeneratedFile { path: "Cargo.toml".into(), contents });
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generation { files, timings: t, warnings })
}

fn rust_file(file: RustFile, header: &str) -> Result<GeneratedFile> {
    let path = PathBuf::from("src").join(&file.path);
    let contents = format::rust_source(&file.path, file.tokens, header)?;
    Ok(GeneratedFile { path, contents })
}

/// The README's Rust examples run as doctests, so the usage it shows keeps compiling.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
