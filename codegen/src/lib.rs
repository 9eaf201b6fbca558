//! A Smithy (JSON AST) to Rust code generator.
//!
//! The pipeline, one module per stage:
//! [`ast`] load → [`resolve`] resolved [`model`] → [`closure`] selection → [`names`] Rust
//! names → [`emit`] tokens per concern → [`format`] text → [`output`] write or check.

pub mod ast;
pub mod closure;
pub mod config;
pub mod cycles;
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

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use output::{Changes, GeneratedFile};

use emit::{RustFile, ServiceCtx};
use model::{Model, ShapeId};

/// Loads and resolves one model file.
pub fn load_model(path: &Path) -> Result<Model> {
    let ast = ast::load_file(path)?;
    resolve::resolve(ast).map_err(|e| e.in_file(path))
}

/// One service to put in a generated crate.
pub struct ServiceRequest<'a> {
    pub model: &'a Model,
    pub service: ShapeId,
    /// `None` for every operation of the service.
    pub operations: Option<&'a [String]>,
    pub module: String,
    /// How generated headers name the model file (e.g. `models/appfabric.json`).
    pub source: String,
}

/// Generates a whole crate (manifest included) for the given services.
pub fn generate_crate(
    crate_name: &str,
    services: &[ServiceRequest],
    crate_sources: &[String],
) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    let crate_header = format::header("//", crate_sources);
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: emit::crate_files::cargo_toml(&format::header("#", crate_sources), crate_name),
    });
    let mut modules = Vec::new();
    for request in services {
        let selection = closure::select(request.model, &request.service, request.operations)?;
        let names = names::Names::new(request.model, &selection)?;
        let ctx = ServiceCtx {
            model: request.model,
            selection: &selection,
            names: &names,
            module: request.module.clone(),
            boxed: cycles::boxed_members(request.model, &selection),
            protocol: protocol::Protocol::of(request.model.expect(&request.service)),
        };
        let header = format::header("//", std::slice::from_ref(&request.source));
        for file in emit::service_files(&ctx).map_err(|e| e.in_file(&request.source))? {
            files.push(rust_file(file, &header)?);
        }
        let service = request.model.expect(&request.service);
        let title = service
            .trait_value("smithy.api#title")
            .and_then(|t| t.as_str())
            .unwrap_or(request.service.name())
            .to_owned();
        modules.push((request.module.clone(), title));
    }
    files.push(rust_file(emit::crate_files::lib_rs(&modules), &crate_header)?);
    files.push(rust_file(emit::crate_files::build_error_rs(), &crate_header)?);
    files.extend(emit::runtime::files(&crate_header));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn rust_file(file: RustFile, header: &str) -> Result<GeneratedFile> {
    let path = PathBuf::from("src").join(&file.path);
    let contents = format::rust_source(&file.path, file.tokens, header)?;
    Ok(GeneratedFile { path, contents })
}

/// The workspace's configured generation: `models/codegen.toml` into `generated/`.
pub mod workspace {
    use super::*;

    pub const CONFIG: &str = "models/codegen.toml";
    pub const OUT_DIR: &str = "generated";
    pub const CRATE_NAME: &str = "generated";
    /// Folders under `generated/` that belong to cargo, not to the generator.
    pub const IGNORED: &[&str] = &["target"];

    pub fn generate(root: &Path) -> Result<Vec<GeneratedFile>> {
        let config_path = root.join(CONFIG);
        let config = config::Config::load(&config_path)?;
        let models_dir = config_path.parent().unwrap_or(root);
        let mut loaded = Vec::new();
        for service in &config.services {
            let path = models_dir.join(&service.model);
            let shape = ShapeId::parse(&service.shape).map_err(|e| e.in_file(&config_path))?;
            loaded.push((load_model(&path)?, shape, service));
        }
        let sources: Vec<String> = std::iter::once(CONFIG.to_owned())
            .chain(config.services.iter().map(|s| format!("models/{}", s.model.display())))
            .collect();
        let requests: Vec<ServiceRequest> = loaded
            .iter()
            .map(|(model, shape, service)| ServiceRequest {
                model,
                service: shape.clone(),
                operations: service.operations.as_deref(),
                module: service.module.clone(),
                source: format!("models/{}", service.model.display()),
            })
            .collect();
        generate_crate(CRATE_NAME, &requests, &sources).map_err(|e| e.in_file(&config_path))
    }

    /// Writes `generated/`, or with `check` only reports how it differs. Under `check`, any
    /// difference is an error naming each file and the command that fixes it.
    pub fn run(root: &Path, check: bool) -> Result<Changes> {
        let files = generate(root)?;
        let out = root.join(OUT_DIR);
        if check {
            let changes = output::diff(&out, &files, IGNORED)?;
            if !changes.is_empty() {
                return Err(Error::new(format!(
                    "the generated crate is out of date with the models:\n{}\nrun `cargo xtask codegen` to regenerate it",
                    changes.describe(Path::new(OUT_DIR))
                )));
            }
            Ok(changes)
        } else {
            output::write(&out, &files, IGNORED)
        }
    }
}
