//! What the fuzz targets share beyond `fuzz-harness`: the Lambda crate `cargo xtask fuzz`
//! generates into `lambda/` (restJson1 with label, query, header and payload bindings), seen
//! by the harness's drivers.

fuzz_harness::served!(Lambda, lambda::lambda);
