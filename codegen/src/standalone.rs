//! Generation from any model file into a crate of its own (`cargo xtask codegen --model PATH
//! --out DIR`): the whole service, or the closure of chosen operations.

use std::path::Path;

use heck::ToSnakeCase;

use crate::model::{Model, ShapeId, ShapeKind};
use crate::{
    generate_crate_full, load_model, Error, GeneratedFile, Generation, Result, RuntimeLocation,
    ServiceRequest,
};

/// What to generate from one model file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The service shape id; needed only when the model has several services.
    pub service: Option<String>,
    /// Operation names; `None` for all of them.
    pub operations: Option<Vec<String>>,
    /// The crate's name; by default the service's SDK id in snake_case.
    pub crate_name: Option<String>,
    /// Leave out the `[workspace]` table, for crates that join a workspace (the corpus check).
    pub workspace_member: bool,
    /// Operations the service does not bind, to generate as if it did.
    pub extra_operations: Vec<ShapeId>,
    /// Where the crate gets its runtime: a copy in its own `runtime/` folder (the default), or
    /// a runtime crate it shares with other generated crates.
    pub runtime: RuntimeLocation,
}

/// The model's service: the one asked for, or its only one.
pub fn find_service(model: &Model, wanted: Option<&str>) -> Result<ShapeId> {
    let services: Vec<&ShapeId> =
        model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service(_))).map(|s| &s.id).collect();
    match wanted {
        Some(wanted) => {
            let id = ShapeId::parse(wanted)?;
            if services.contains(&&id) {
                Ok(id)
            } else {
                Err(Error::shape(&id, "is not a service of this model"))
            }
        }
        None => match services.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::new("the model has no service")),
            many => {
                let list: Vec<String> = many.iter().map(|id| id.to_string()).collect();
                Err(Error::new(format!(
                    "the model has several services; pick one with --service: {}",
                    list.join(", ")
                )))
            }
        },
    }
}

/// The Rust module (and default crate name) of a service: its SDK id, else its shape name.
pub fn module_name(model: &Model, service: &ShapeId) -> String {
    let sdk_id = model
        .expect(service)
        .trait_value("aws.api#service")
        .and_then(|t| t.get("sdkId"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let name = sdk_id.unwrap_or_else(|| service.name().to_owned()).replace(' ', "");
    let mut module = name.to_snake_case();
    if crate::names::field_name(&module) != module || module.is_empty() {
        module.push_str("_service");
    }
    module
}

/// The files of a standalone crate for the model at `path`, printing a warning on standard
/// error for each `@pattern` the generated code does not enforce.
pub fn generate(path: &Path, options: &Options) -> Result<Vec<GeneratedFile>> {
    let generation = generate_full(path, options)?;
    generation.print_warnings();
    Ok(generation.files)
}

/// [`generate`], with the warnings returned instead of printed.
pub fn generate_full(path: &Path, options: &Options) -> Result<Generation> {
    let model = load_model(path)?;
    let service = find_service(&model, options.service.as_deref()).map_err(|e| e.in_file(path))?;
    let module = module_name(&model, &service);
    let crate_name = options.crate_name.clone().unwrap_or_else(|| module.replace('_', "-"));
    let source = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let request = ServiceRequest {
        extra_operations: &options.extra_operations,
        model: &model,
        service,
        operations: options.operations.as_deref(),
        module,
        source: source.clone(),
    };
    let mut generation = generate_crate_full(&crate_name, &[request], &[source], &options.runtime)
        .map_err(|e| e.in_file(path))?;
    // A crate of its own: not a member of whatever workspace its folder sits in.
    for file in generation.files.iter_mut().filter(|_| !options.workspace_member) {
        if file.path == Path::new("Cargo.toml") {
            file.contents.push_str("\n[workspace]\n");
        }
    }
    Ok(generation)
}

/// `to` as a path relative to the folder `from`, written with `/`, for a manifest's
/// `path = ...` (so that it stays right when both move together). Relative inputs are taken
/// from the current folder; `.` and `..` are resolved by name, without touching the disk.
pub fn relative_path(from: &Path, to: &Path) -> Result<String> {
    let absolute = |path: &Path| -> Result<Vec<std::ffi::OsString>> {
        let joined = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().map_err(|e| Error::new(format!("no current folder: {e}")))?.join(path)
        };
        let mut parts: Vec<std::ffi::OsString> = Vec::new();
        for component in joined.components() {
            match component {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                other => parts.push(other.as_os_str().to_owned()),
            }
        }
        Ok(parts)
    };
    let (from_parts, to_parts) = (absolute(from)?, absolute(to)?);
    if from_parts.first() != to_parts.first() {
        return Err(Error::new(format!("{} and {} have no common root", from.display(), to.display())));
    }
    let common = from_parts.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_parts.len() - common];
    for part in &to_parts[common..] {
        let part = part.to_str().ok_or_else(|| Error::new(format!("{} is not valid UTF-8", to.display())))?;
        parts.push(part.to_owned());
    }
    Ok(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b)).unwrap();
        assert_eq!(rel("/w/target/corpus/s3", "/w/runtime"), "../../../runtime");
        assert_eq!(rel("/w/out/a", "/w/out/a/runtime"), "runtime");
        assert_eq!(rel("/w/out/./a/../b", "/w/rt"), "../../rt");
        assert_eq!(rel("/w", "/w"), ".");
        assert_eq!(rel("out/a", "out/rt"), "../rt");
    }
}
