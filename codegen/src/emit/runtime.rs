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

pub fn files(header: &str) -> Vec<GeneratedFile> {
    FILES
        .iter()
        .map(|(name, source)| GeneratedFile {
            path: format!("src/runtime/{name}").into(),
            contents: format!("{header}{source}"),
        })
        .collect()
}
