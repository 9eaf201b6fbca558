//! The workspace's configured generation: `models/codegen.toml` into the committed `generated/`.

use std::path::Path;

use crate::model::ShapeId;
use crate::{
    config, generate_crate, load_model, output, Changes, Error, GeneratedFile, Result, RuntimeLocation,
    ServiceRequest,
};

pub const CONFIG: &str = "models/codegen.toml";
pub const OUT_DIR: &str = "generated";
pub const CRATE_NAME: &str = "generated";
/// The runtime crate, from `generated/`: the workspace's own `runtime/`.
pub const RUNTIME_PATH: &str = "../runtime";
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
            extra_operations: &[],
            model,
            service: shape.clone(),
            operations: service.operations.as_deref(),
            module: service.module.clone(),
            source: format!("models/{}", service.model.display()),
        })
        .collect();
    generate_crate(CRATE_NAME, &requests, &sources, &RuntimeLocation::Path(RUNTIME_PATH.to_owned()))
        .map_err(|e| e.in_file(&config_path))
}

/// Writes `generated/`, or with `check` only reports how it differs. Under `check`, any
/// difference is an error naming each file and the command that fixes it.
pub fn run(root: &Path, check: bool) -> Result<Changes> {
    let files = generate(root)?;
    let out = root.join(OUT_DIR);
    let api = crate::api::regeneration_changes(&out, &files);
    if check {
        let changes = output::diff(&out, &files, IGNORED)?;
        if !changes.is_empty() {
            let api = crate::api::summary(&api).map(|s| format!("\n{s}")).unwrap_or_default();
            return Err(Error::new(format!(
                "the generated crate is out of date with the models:\n{}{api}\nrun `cargo xtask codegen` to regenerate it",
                changes.describe(Path::new(OUT_DIR))
            )));
        }
        Ok(changes)
    } else {
        let mut changes = output::write(&out, &files, IGNORED)?;
        changes.api = api;
        Ok(changes)
    }
}
