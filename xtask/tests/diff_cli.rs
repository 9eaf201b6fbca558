//! `cargo xtask diff` as a CI gate: its exit status (0, 1 at or above `--fail-on`, 2 on bad
//! input) and its JSON, on two small models written here.

use std::path::PathBuf;
use std::process::Command;

fn model(with_length: bool) -> String {
    let traits = if with_length { r#", "traits": {"smithy.api#length": {"max": 8}}"# } else { "" };
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex.gate#Service": {{"type": "service", "operations": [{{"target": "ex.gate#Put"}}],
                "traits": {{"aws.protocols#awsJson1_1": {{}}}}}},
            "ex.gate#Put": {{"type": "operation", "input": {{"target": "ex.gate#PutInput"}}}},
            "ex.gate#PutInput": {{"type": "structure", "members": {{"name": {{"target": "ex.gate#Name"}}}}}},
            "ex.gate#Name": {{"type": "string"{traits}}}
        }}}}"#
    )
}

fn files() -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&old, model(false)).unwrap();
    std::fs::write(&new, model(true)).unwrap();
    (old, new)
}

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).arg("diff").args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_exit_status_gates_on_the_worst_event() {
    let (old, new) = files();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    // A new length limit on what requests carry: DANGER.
    let (code, out, _) = xtask(&[old, new, "--fail-on", "danger"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("AddedLengthTrait") && out.contains("ex.gate#Name"), "{out}");
    assert_eq!(xtask(&[old, new, "--fail-on", "error"]).0, 0);
    assert_eq!(xtask(&[old, new]).0, 0, "without --fail-on, differences alone do not fail");
    // Relaxing it is a NOTE.
    assert_eq!(xtask(&[new, old, "--fail-on", "warning"]).0, 0);
    assert_eq!(xtask(&[new, old, "--fail-on", "note"]).0, 1);
}

#[test]
fn json_carries_every_event_and_bad_input_is_status_2() {
    let (old, new) = files();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let (code, out, _) = xtask(&[old, new, "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["events"][0]["id"], "AddedLengthTrait");
    assert_eq!(json["events"][0]["severity"], "DANGER");
    assert_eq!(json["summary"]["DANGER"], 1);
    let (code, _, err) = xtask(&[old, "/nonexistent/model.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/model.json"), "{err}");
    let (code, _, err) = xtask(&[old, new, "--fail-on", "sometimes"]);
    assert_eq!(code, 2);
    assert!(err.contains("--fail-on"), "{err}");
}
