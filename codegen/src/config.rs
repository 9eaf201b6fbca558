//! `models/codegen.toml`: which services, and which of their operations, to generate.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(rename = "service")]
    pub services: Vec<ServiceConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// Model file, relative to the config file's folder.
    pub model: PathBuf,
    /// Absolute shape id of the service.
    pub shape: String,
    /// Rust module the service's code goes into.
    pub module: String,
    /// Operation names (as in the model, before renames); absent means every operation.
    pub operations: Option<Vec<String>>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(format!("cannot read config: {e}")).in_file(path))?;
        let config: Config =
            toml::from_str(&text).map_err(|e| Error::new(format!("invalid config: {e}")).in_file(path))?;
        let mut modules: Vec<&str> = config.services.iter().map(|s| s.module.as_str()).collect();
        modules.sort_unstable();
        if let Some(w) = modules.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::new(format!("module `{}` is configured twice", w[0])).in_file(path));
        }
        for service in &config.services {
            let valid = service.module.starts_with(|c: char| c.is_ascii_lowercase())
                && service.module.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(Error::new(format!(
                    "module `{}` must be a lower_snake_case Rust identifier",
                    service.module
                ))
                .in_file(path));
            }
        }
        Ok(config)
    }
}
