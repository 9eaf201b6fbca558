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
pub mod standalone;
pub mod workspace;

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

/// The README's Rust examples run as doctests, so the usage it shows keeps compiling.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
