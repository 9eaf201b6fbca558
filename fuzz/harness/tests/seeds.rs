//! The committed seeds are what their names say (`cargo xtask fuzz --write-seeds` names them):
//! `ok-*` requests are accepted and `ok-*` responses read as an output by some operation;
//! `bad-*` ones are refused, or read as an error by every operation. A seed that silently
//! stopped reaching the code it was written for would leave the fuzzer starting from less.

use std::path::{Path, PathBuf};

use fuzz_harness::{input, AppFabric, AppStream, Served};

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        })
        .collect()
}

fn check_requests<S: Served>(target: &str) {
    let mut checked = 0;
    for (name, data) in seeds(target) {
        let parsed = S::parse_request(&input::request(&data));
        if name.starts_with("ok-") {
            assert!(parsed.is_ok(), "{target}/{name} is refused: {parsed:?}");
        } else {
            assert!(parsed.is_err(), "{target}/{name} is accepted: {parsed:?}");
        }
        checked += 1;
    }
    assert!(checked >= 3, "{target}: {checked} seeds");
}

#[test]
fn request_seeds_are_accepted_or_refused_as_named() {
    check_requests::<AppStream>("server_appstream");
    check_requests::<AppFabric>("server_appfabric");
}

#[test]
fn response_seeds_are_outputs_or_errors_as_named() {
    for (name, data) in seeds("parse_response") {
        let response = input::response(&data);
        let outputs: Vec<&str> = AppStream::OPERATIONS
            .iter()
            .filter(|op| matches!(AppStream::response_to_json(op, &response), Some(Ok(_))))
            .chain(
                AppFabric::OPERATIONS
                    .iter()
                    .filter(|op| matches!(AppFabric::response_to_json(op, &response), Some(Ok(_)))),
            )
            .copied()
            .collect();
        if name.starts_with("ok-") {
            assert!(!outputs.is_empty(), "parse_response/{name} is no operation's output");
        } else {
            assert!(outputs.is_empty(), "parse_response/{name} reads as an output of {outputs:?}");
        }
    }
}
