//! The runtime every generated crate carries (`src/runtime/`): JSON reader and writer, HTTP
//! values, validation helpers. Its source lives in `codegen/runtime/` as ordinary Rust and is
//! copied verbatim (comments included) under the generated-file header.

use crate::output::GeneratedFile;

const FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("http.rs", include_str!("../../runtime/http.rs")),
    ("json_read.rs", include_str!("../../runtime/json_read.rs")),
    ("json_write.rs", include_str!("../../runtime/json_write.rs")),
    ("validation.rs", include_str!("../../runtime/validation.rs")),
];

/// Runtime parts only some services need, each with its own dependency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// `@httpChecksumRequired`: Content-MD5 (the `md-5` crate).
    pub md5: bool,
    /// `@requestCompression`: gzip (the `flate2` crate).
    pub gzip: bool,
}

impl Features {
    /// The features the selected operations of a service use.
    pub fn of(ctx: &super::ServiceCtx) -> Features {
        let uses = |id: &str| ctx.selection.operations.iter().any(|op| ctx.model.expect(op).has_trait(id));
        Features { md5: uses("smithy.api#httpChecksumRequired"), gzip: uses("smithy.api#requestCompression") }
    }

    pub fn union(self, other: Features) -> Features {
        Features { md5: self.md5 || other.md5, gzip: self.gzip || other.gzip }
    }

    /// `[dependencies]` lines for these features.
    pub fn dependencies(self) -> String {
        let mut lines = String::new();
        if self.gzip {
            lines.push_str("flate2 = \"1\"\n");
        }
        if self.md5 {
            lines.push_str("md-5 = \"0.11\"\n");
        }
        lines
    }
}

pub fn files(header: &str, features: Features) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = FILES
        .iter()
        .map(|(name, source)| GeneratedFile {
            path: format!("src/runtime/{name}").into(),
            contents: format!("{header}{source}"),
        })
        .collect();
    let optional = [
        (features.md5, "checksum", include_str!("../../runtime/checksum.rs")),
        (features.gzip, "compression", include_str!("../../runtime/compression.rs")),
    ];
    for (wanted, name, source) in optional {
        if !wanted {
            continue;
        }
        if let Some(module) = files.iter_mut().find(|f| f.path.ends_with("mod.rs")) {
            module.contents.push_str(&format!("\npub mod {name};\n"));
        }
        files.push(GeneratedFile {
            path: format!("src/runtime/{name}.rs").into(),
            contents: format!("{header}{source}"),
        });
    }
    files
}
