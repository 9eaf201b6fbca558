//! Where a generated crate gets its runtime: the `smithy-lite-runtime` crate (JSON reader and
//! writer, HTTP values, validation helpers), whose source is this workspace's `runtime/`.
//!
//! The runtime is a crate of its own rather than a module copied into every generated crate,
//! so it is compiled once and not again each time a generated crate is rebuilt. Its
//! non-generic code, and the `regress` pattern compiler it instantiates, were the largest
//! single cost of such a rebuild (BENCHMARKS.md). A generated crate either points at an existing runtime crate (this
//! workspace's `generated/` does) or carries a copy of it in `runtime/`, so that its folder
//! builds on its own.

use crate::output::GeneratedFile;

/// The runtime crate's package name, as generated manifests depend on it.
pub const PACKAGE: &str = "smithy-lite-runtime";

/// The runtime crate's library name, as generated code (`lib.rs`) re-exports it.
pub const LIBRARY: &str = "smithy_lite_runtime";

/// The runtime crate's files, as a bundled copy writes them (relative to `runtime/`).
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../../runtime/Cargo.toml")),
    ("src/lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("src/arbitrary.rs", include_str!("../../../runtime/src/arbitrary.rs")),
    ("src/checksum.rs", include_str!("../../../runtime/src/checksum.rs")),
    ("src/client/mod.rs", include_str!("../../../runtime/src/client/mod.rs")),
    ("src/client/credentials.rs", include_str!("../../../runtime/src/client/credentials.rs")),
    ("src/client/retry.rs", include_str!("../../../runtime/src/client/retry.rs")),
    ("src/client/sign.rs", include_str!("../../../runtime/src/client/sign.rs")),
    ("src/client/tests.rs", include_str!("../../../runtime/src/client/tests.rs")),
    ("src/client/transport.rs", include_str!("../../../runtime/src/client/transport.rs")),
    ("src/compression.rs", include_str!("../../../runtime/src/compression.rs")),
    ("src/decimal.rs", include_str!("../../../runtime/src/decimal.rs")),
    ("src/endpoint/mod.rs", include_str!("../../../runtime/src/endpoint/mod.rs")),
    ("src/endpoint/stdlib.rs", include_str!("../../../runtime/src/endpoint/stdlib.rs")),
    ("src/endpoint/tests.rs", include_str!("../../../runtime/src/endpoint/tests.rs")),
    ("src/endpoint/partitions.rs", include_str!("../../../runtime/src/endpoint/partitions.rs")),
    ("src/http.rs", include_str!("../../../runtime/src/http.rs")),
    ("src/json_read.rs", include_str!("../../../runtime/src/json_read.rs")),
    ("src/json_write.rs", include_str!("../../../runtime/src/json_write.rs")),
    ("src/rest.rs", include_str!("../../../runtime/src/rest.rs")),
    ("src/server.rs", include_str!("../../../runtime/src/server.rs")),
    ("src/validation.rs", include_str!("../../../runtime/src/validation.rs")),
];

/// The folder, inside the generated crate, of a bundled runtime.
pub const BUNDLED_DIR: &str = "runtime";

/// Where the generated manifest points for the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeLocation {
    /// A copy of the runtime crate in the generated crate's `runtime/` folder: the generated
    /// folder builds on its own.
    #[default]
    Bundled,
    /// An existing runtime crate at this path, relative to the generated crate's folder and
    /// written with `/` (several generated crates can share one, and it is compiled once).
    Path(String),
}

impl RuntimeLocation {
    /// The runtime crate in the folder `runtime_dir`, for a generated crate in `crate_dir`.
    pub fn relative(
        crate_dir: &std::path::Path,
        runtime_dir: &std::path::Path,
    ) -> crate::Result<RuntimeLocation> {
        crate::standalone::relative_path(crate_dir, runtime_dir).map(RuntimeLocation::Path)
    }

    fn manifest_path(&self) -> &str {
        match self {
            RuntimeLocation::Bundled => BUNDLED_DIR,
            RuntimeLocation::Path(path) => path,
        }
    }
}

/// Runtime parts only some services need, each a feature of the runtime crate with its own
/// dependency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// `@httpChecksumRequired`: Content-MD5 (feature `checksum`, the `md-5` crate).
    pub checksum: bool,
    /// `@requestCompression`: gzip (feature `compression`, the `flate2` crate).
    pub compression: bool,
    /// `@pattern` an automaton runs (feature `linear-patterns`, the `regex` crate).
    pub linear_patterns: bool,
    /// `@pattern` with lookarounds or backreferences (feature `backtracking-patterns`, the
    /// `regress` crate).
    pub backtracking_patterns: bool,
}

impl Features {
    /// The features the selected operations of a service use.
    pub fn of(ctx: &super::ServiceCtx) -> Features {
        let uses = |id: &str| ctx.selection.operations.iter().any(|op| ctx.model.expect(op).has_trait(id));
        let (linear_patterns, backtracking_patterns) = super::validate::pattern_engines(ctx);
        Features {
            checksum: uses("smithy.api#httpChecksumRequired"),
            compression: uses("smithy.api#requestCompression"),
            linear_patterns,
            backtracking_patterns,
        }
    }

    pub fn union(self, other: Features) -> Features {
        Features {
            checksum: self.checksum || other.checksum,
            compression: self.compression || other.compression,
            linear_patterns: self.linear_patterns || other.linear_patterns,
            backtracking_patterns: self.backtracking_patterns || other.backtracking_patterns,
        }
    }

    fn names(self) -> Vec<&'static str> {
        [
            (self.checksum, "checksum"),
            (self.compression, "compression"),
            (self.linear_patterns, "linear-patterns"),
            (self.backtracking_patterns, "backtracking-patterns"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// The manifest's `[dependencies]` line for the runtime crate.
pub fn dependency(location: &RuntimeLocation, features: Features) -> String {
    let path = toml_string(location.manifest_path());
    let names = features.names();
    if names.is_empty() {
        format!("{PACKAGE} = {{ path = {path} }}\n")
    } else {
        let list: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
        format!("{PACKAGE} = {{ path = {path}, features = [{}] }}\n", list.join(", "))
    }
}

/// The files of a bundled runtime (none when the crate points at an existing one), each under
/// the generated-file header for its kind (`rust_header` for `.rs`, `toml_header` for TOML).
pub fn files(location: &RuntimeLocation, rust_header: &str, toml_header: &str) -> Vec<GeneratedFile> {
    if *location != RuntimeLocation::Bundled {
        return Vec::new();
    }
    FILES
        .iter()
        .map(|(name, source)| {
            let header = if name.ends_with(".rs") { rust_header } else { toml_header };
            GeneratedFile {
                path: format!("{BUNDLED_DIR}/{name}").into(),
                contents: format!("{header}{source}"),
            }
        })
        .collect()
}

/// A TOML basic string (paths may hold `"` or `\`).
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_copy_holds_every_source_file_of_the_runtime_crate() {
        fn walk(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("runtime/src exists") {
                let entry = entry.expect("readable entry");
                let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
                if entry.path().is_dir() {
                    walk(&entry.path(), &name, out);
                } else {
                    out.push(name);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk = Vec::new();
        walk(&dir, "src", &mut on_disk);
        on_disk.sort();
        let mut bundled: Vec<String> =
            FILES.iter().map(|(name, _)| (*name).to_owned()).filter(|n| n.starts_with("src/")).collect();
        bundled.sort();
        assert_eq!(bundled, on_disk, "emit/runtime.rs FILES must list every file of runtime/src");
    }

    #[test]
    fn the_dependency_line_is_valid_toml_with_the_features_asked_for() {
        let line = dependency(
            &RuntimeLocation::Path("../a \"b\"\\c".into()),
            Features {
                checksum: true,
                compression: true,
                linear_patterns: false,
                backtracking_patterns: true,
            },
        );
        let table: toml::Table = toml::from_str(&line).expect("valid TOML");
        let dep = &table[PACKAGE];
        assert_eq!(dep["path"].as_str(), Some("../a \"b\"\\c"));
        let features: Vec<&str> =
            dep["features"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        assert_eq!(features, ["checksum", "compression", "backtracking-patterns"]);
        let bundled: toml::Table =
            toml::from_str(&dependency(&RuntimeLocation::Bundled, Features::default())).expect("valid TOML");
        let dep = bundled[PACKAGE].as_table().expect("a dependency table");
        assert_eq!(dep.get("path").and_then(|p| p.as_str()), Some(BUNDLED_DIR));
        assert!(dep.get("features").is_none(), "no features asked for: {dep:?}");
    }
}
