//! The bodies of the fuzz targets: plain functions over the fuzzer's bytes, so that the
//! libFuzzer binaries in `fuzz/` are one-liners and `cargo test` replays every committed seed
//! (`fuzz/corpus/<target>/`) and every regression (`fuzz/regressions/<target>/`) through the
//! same code (`tests/replay.rs`). `cargo xtask fuzz` builds and runs them; see the README's
//! FUZZING section.
//!
//! Each function panics exactly when the code under test breaks a promise: a panic of its own,
//! a rejection that is not a proper error response, a value that does not survive the round
//! trip between the client and server halves (see [`served`]). HTTP messages are read from
//! the input as [`input`] describes.

pub mod input;
mod json;
pub mod served;
#[cfg(feature = "arbitrary")]
mod validate;

pub use json::json_reader;
pub use served::{read_response, serve, Served};
/// The runtime, for [`served!`]'s expansion in other crates.
pub use smithy_lite_runtime as runtime;
#[cfg(feature = "arbitrary")]
pub use validate::validate;

served!(AppStream, generated::appstream);
served!(AppFabric, generated::appfabric);

/// A fuzz target's body: any bytes in, a panic when the code under test breaks a promise.
pub type Body = fn(&[u8]);

/// Every target of this crate by name, with its body (what `tests/replay.rs` replays):
/// `validate` with the `arbitrary` feature (on by default). The fuzz crate also has
/// `rest_bindings`, [`rest_bindings`] over a generated crate of its own.
pub fn targets() -> Vec<(&'static str, Body)> {
    #[cfg_attr(not(feature = "arbitrary"), allow(unused_mut))]
    let mut targets: Vec<(&'static str, Body)> = vec![
        ("json_reader", json_reader),
        ("parse_response", parse_response),
        ("server_appstream", server_appstream),
        ("server_appfabric", server_appfabric),
    ];
    #[cfg(feature = "arbitrary")]
    targets.push(("validate", validate));
    targets
}

/// `parse_response` of every seed operation (AppStream's two, awsJson1_1; AppFabric's two,
/// restJson1) over one response: status line, headers and body from the input.
pub fn parse_response(data: &[u8]) {
    let response = input::response(data);
    read_response::<AppStream>(&response);
    read_response::<AppFabric>(&response);
}

/// The AppStream server (awsJson1_1: `X-Amz-Target`) over one request.
pub fn server_appstream(data: &[u8]) {
    serve::<AppStream>(&input::request(data));
}

/// The AppFabric server (restJson1: method, path and query routing) over one request.
pub fn server_appfabric(data: &[u8]) {
    serve::<AppFabric>(&input::request(data));
}

/// A restJson1 service's HTTP bindings from both sides: an input whose first line starts with
/// a digit is a response, read by every operation's `parse_response` (status code, header
/// and payload bindings); anything else is a request for the server half (labels, query,
/// headers, payload, body).
pub fn rest_bindings<S: Served>(data: &[u8]) {
    if input::is_response(data) {
        read_response::<S>(&input::response(data));
    } else {
        serve::<S>(&input::request(data));
    }
}
