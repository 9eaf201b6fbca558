//! `cargo xtask protocol-tests`: the official Smithy protocol compliance suite, client and
//! server side.
//!
//! For each JSON-protocol test service of the suite, the generator writes a crate (into
//! `target/protocol-tests/`), and a small runner example feeds every applicable
//! `httpRequestTests` / `httpResponseTests` case through the generated code (the server half's
//! cases through its `server` module, see [`server`]). This module turns the cases into runner
//! input, compares what comes back with the case's expectations, and prints one row per
//! protocol, side and direction.

mod server;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use codegen::model::{Model, ShapeId, ShapeKind, SimpleType};
use serde_json::{json, Map, Value};

const PROTOCOLS: &[&str] = &["awsJson1_0", "awsJson1_1", "restJson1"];
/// The fixed token the suite expects for unset `@idempotencyToken` members.
const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// One applicable case.
struct Case {
    id: String,
    protocol: String,
    direction: Direction,
    /// The runner's input line.
    input: Value,
    /// The case as the suite gives it (expectations).
    expected: Value,
    /// For error cases: the error shape name the response must parse to.
    error: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Direction {
    Requests,
    Responses,
    ServerRequests,
    ServerResponses,
    /// `httpMalformedRequestTests`, one per parameter combination.
    Malformed,
}

/// Which side a case is for: `appliesTo` leaves out the other one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Client,
    Server,
}

pub fn run(suite: &Path) -> Result<(), String> {
    let model = codegen::load_model(suite).map_err(|e| e.to_string())?;
    let root = crate::workspace_root();
    let scratch = root.join("target").join("protocol-tests");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;

    let mut services = Vec::new();
    let mut not_counted = Vec::new();
    for shape in model.shapes.values() {
        let ShapeKind::Service(_) = shape.kind else { continue };
        let Some(protocol) = codegen::protocol::Protocol::of(shape) else { continue };
        // The suite's own test services; the SDK customization services (API Gateway, Glacier,
        // Machine Learning) test client customizations, not the protocol.
        if shape.id.namespace().starts_with("aws.protocoltests") {
            services.push((shape.id.clone(), protocol));
        } else {
            not_counted.push(shape.id.to_string());
        }
    }

    let mut cases_by_crate: Vec<(String, Vec<Case>)> = Vec::new();
    let mut members = Vec::new();
    for (service, protocol) in &services {
        let module = codegen::standalone::module_name(&model, service);
        let crate_name = format!("pt-{}", module.replace('_', "-"));
        let options = codegen::standalone::Options {
            service: Some(service.to_string()),
            crate_name: Some(crate_name.clone()),
            workspace_member: true,
            extra_operations: unbound_test_operations(&model, service, protocol.name()),
            runtime: crate::shared_runtime(&scratch.join(&module))?,
            ..Default::default()
        };
        let dir = scratch.join(&module);
        let mut files = codegen::standalone::generate(suite, &options).map_err(|e| e.to_string())?;
        for file in &mut files {
            if file.path == Path::new("Cargo.toml") {
                file.contents.push_str("\n[dev-dependencies]\nserde_json = \"1\"\n");
            }
        }
        codegen::output::write(&dir, &files, &[]).map_err(|e| e.to_string())?;
        let with_server = server::has_server_half(protocol.name());
        let server_runner = if with_server { server::RUNNER } else { server::NO_SERVER_RUNNER };
        let runner = format!("{RUNNER}{server_runner}")
            .replace("CRATE", &crate_name.replace('-', "_"))
            .replace("MODULE", &module)
            .replace("TOKEN", TOKEN);
        std::fs::create_dir_all(dir.join("examples")).map_err(|e| e.to_string())?;
        // One example name per crate: cargo's output files must not collide in the shared target.
        std::fs::write(dir.join(format!("examples/runner_{module}.rs")), runner)
            .map_err(|e| e.to_string())?;
        let mut operations =
            codegen::closure::service_operations(&model, service).map_err(|e| e.to_string())?;
        operations.extend(options.extra_operations.iter().cloned());
        let mut cases = collect_cases(&model, &operations, protocol.name())?;
        if with_server {
            cases.extend(server::collect_cases(&model, service, &operations, protocol.name()));
            cases.extend(server::malformed_cases(&model, &operations, protocol.name()));
        }
        eprintln!("generated {module} ({}): {} applicable cases", protocol.name(), cases.len());
        members.push(module.clone());
        cases_by_crate.push((crate_name, cases));
    }

    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let target_dir = root.join("target");
    eprintln!("building the runners ...");
    let status = Command::new(cargo())
        .args(["build", "--workspace", "--examples", "--all-features"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", &target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the generated protocol-test crates do not build".to_owned());
    }

    let mut tally: BTreeMap<(String, Direction), (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    // Every applicable case of the suite counts: one no test service reaches is a failure.
    let ran: std::collections::BTreeSet<(String, Direction)> = cases_by_crate
        .iter()
        .flat_map(|(_, cases)| cases.iter().map(|c| (c.id.clone(), c.direction)))
        .collect();
    let mut customizations = Vec::new();
    // Server cases of protocols without a server half yet: counted, reported, not run.
    let mut not_run: BTreeMap<(String, Direction), usize> = BTreeMap::new();
    for (id, protocol, direction, shape) in all_applicable(&model) {
        if !shape.namespace().starts_with("aws.protocoltests") {
            if matches!(direction, Direction::Requests | Direction::Responses) {
                customizations.push(format!("{id} ({protocol}, {shape})"));
            }
            continue;
        }
        let server_side = matches!(direction, Direction::ServerRequests | Direction::ServerResponses);
        if server_side && !server::has_server_half(&protocol) {
            *not_run.entry((protocol.clone(), direction)).or_default() += 1;
            continue;
        }
        if !ran.contains(&(id.clone(), direction)) {
            tally.entry((protocol.clone(), direction)).or_default().1 += 1;
            failures.push(format!(
                "{id} ({protocol}): on `{shape}`, which no operation of a test service reaches"
            ));
        }
    }
    // Server cases a server cannot pass: counted in their row, reported, not run.
    let mut not_for_servers: BTreeMap<(String, Direction), Vec<String>> = BTreeMap::new();
    for (_, cases) in &mut cases_by_crate {
        cases.retain(|case| match server::not_for_servers(&case.id, case.direction) {
            Some(why) if matches!(case.direction, Direction::ServerRequests | Direction::ServerResponses) => {
                not_for_servers
                    .entry((case.protocol.clone(), case.direction))
                    .or_default()
                    .push(format!("{}: {why}", case.id));
                false
            }
            _ => true,
        });
    }
    for (crate_name, cases) in &cases_by_crate {
        let results = run_cases(&scratch, crate_name, cases)?;
        for (case, result) in cases.iter().zip(results) {
            let entry = tally.entry((case.protocol.clone(), case.direction)).or_default();
            entry.1 += 1;
            match check(case, &result) {
                Ok(()) => entry.0 += 1,
                Err(reason) => {
                    failures.push(format!("{} ({}): {}", case.id, case.protocol, shortened(&reason)))
                }
            }
        }
    }

    for protocol in PROTOCOLS {
        let malformed = server::malformed_count(&model, protocol);
        let (_, ran) = tally.get(&(protocol.to_string(), Direction::Malformed)).copied().unwrap_or_default();
        if ran < malformed {
            failures.push(format!(
                "{protocol}: {} malformed-request cases on operations no test service reaches",
                malformed - ran
            ));
        }
    }
    if !failures.is_empty() {
        println!("known failures:");
        for f in &failures {
            println!("  {f}");
        }
    }
    println!(
        "not counted: {} cases of SDK customization services ({}), which test per-service client customizations, not the protocols:",
        customizations.len(),
        not_counted.join(", ")
    );
    for case in &customizations {
        println!("  {case}");
    }
    for (case, why) in server::corrections() {
        println!("corrected (the suite's text is wrong here): {case}: {why}");
    }
    for ((protocol, _), cases) in &not_for_servers {
        for case in cases {
            println!("not applicable to a server ({protocol}, not run on the server side): {case}");
        }
    }
    for protocol in PROTOCOLS {
        for (direction, label) in [
            (Direction::Requests, "client requests"),
            (Direction::Responses, "client responses"),
            (Direction::ServerRequests, "server requests"),
            (Direction::ServerResponses, "server responses"),
        ] {
            let key = (protocol.to_string(), direction);
            match not_run.get(&key) {
                Some(count) => println!(
                    "{protocol} {label}: not run (0/{count}): the {protocol} server half is not generated yet"
                ),
                None => {
                    let (passed, total) = tally.get(&key).copied().unwrap_or_default();
                    match not_for_servers.get(&key).map(Vec::len) {
                        Some(n) => println!(
                            "{protocol} {label}: {passed}/{} ({n} not applicable to a server, listed above)",
                            total + n
                        ),
                        None => println!("{protocol} {label}: {passed}/{total}"),
                    }
                }
            }
        }
        // Every expanded case of the suite counts, also one on an operation no service reaches.
        let malformed = server::malformed_count(&model, protocol);
        if malformed > 0 {
            let (passed, _) =
                tally.get(&(protocol.to_string(), Direction::Malformed)).copied().unwrap_or_default();
            println!("{protocol} malformed requests: {passed}/{malformed}");
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} protocol test cases failed", failures.len()))
    }
}

/// A failure's reason, cut to a readable length (some cases carry kilobytes of params).
fn shortened(reason: &str) -> String {
    match reason.char_indices().nth(400) {
        Some((end, _)) => format!("{} ...", &reason[..end]),
        None => reason.to_owned(),
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Far above the few seconds a runner takes for all its cases.
const RUNNER_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs one crate's runner over its cases; one result per case, in order.
fn run_cases(scratch: &Path, crate_name: &str, cases: &[Case]) -> Result<Vec<Value>, String> {
    let example = format!("runner_{}", crate_name.trim_start_matches("pt-").replace('-', "_"));
    let mut child = Command::new(cargo())
        .args(["run", "-q", "-p", crate_name, "--example", &example, "--all-features"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", crate::workspace_root().join("target"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the runner: {e}"))?;
    let mut input = String::new();
    for case in cases {
        input.push_str(&case.input.to_string());
        input.push('\n');
    }
    // Kept beside the runner so that one case can be replayed by hand.
    let _ = std::fs::write(scratch.join(format!("{example}.cases.jsonl")), &input);
    let mut stdin = child.stdin.take().ok_or("no runner stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    // A runner that hangs on a case must not hang the whole run: it is killed after a bound
    // far above what all cases take, and the cases it did not answer fail.
    let pid = child.id();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(RUNNER_TIME_LIMIT).is_err() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = done_tx.send(());
    let _ = watchdog.join();
    let _ = writer.join();
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| json!({ "failure": l })))
        .collect();
    let mut lines = lines;
    if lines.len() < cases.len() {
        // The case it stopped at failed; the ones after it were never tried, and fail too.
        let why = format!("the runner stopped here ({})", output.status);
        let stuck = cases.get(lines.len()).map_or("none", |case| case.id.as_str());
        eprintln!(
            "runner of {crate_name} answered {} of {} cases ({}); stopped at {stuck}",
            lines.len(),
            cases.len(),
            output.status
        );
        lines.resize(cases.len(), json!({ "failure": why }));
    }
    Ok(lines)
}

/// Every case of the JSON protocols anywhere in the suite, client and server side: id,
/// protocol, direction, shape.
fn all_applicable(model: &Model) -> Vec<(String, String, Direction, ShapeId)> {
    let mut all = Vec::new();
    for shape in model.shapes.values() {
        for (trait_id, direction, side) in [
            ("smithy.test#httpRequestTests", Direction::Requests, Side::Client),
            ("smithy.test#httpResponseTests", Direction::Responses, Side::Client),
            ("smithy.test#httpRequestTests", Direction::ServerRequests, Side::Server),
            ("smithy.test#httpResponseTests", Direction::ServerResponses, Side::Server),
        ] {
            for protocol in PROTOCOLS {
                for case in
                    applicable(shape.trait_value(trait_id), &format!("aws.protocols#{protocol}"), side)
                {
                    all.push((text(&case, "id"), protocol.to_string(), direction, shape.id.clone()));
                }
            }
        }
    }
    all
}

/// Operations in the service's namespace that carry cases for its protocol but that no service
/// binds: the suite tests them as if the service did.
fn unbound_test_operations(model: &Model, service: &ShapeId, protocol: &str) -> Vec<ShapeId> {
    let bound: std::collections::BTreeSet<ShapeId> = model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::Service(_)))
        .flat_map(|s| codegen::closure::service_operations(model, &s.id).unwrap_or_default())
        .collect();
    let protocol_id = format!("aws.protocols#{protocol}");
    let services: Vec<&ShapeId> =
        model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service(_))).map(|s| &s.id).collect();
    // Operations of a namespace without any service (`aws.protocoltests.misc`) join the first
    // test service of their protocol.
    let first_of_protocol = model
        .shapes
        .values()
        .filter(|s| s.id.namespace().starts_with("aws.protocoltests") && s.has_trait(&protocol_id))
        .map(|s| &s.id)
        .min();
    let home = |op: &ShapeId| {
        op.namespace() == service.namespace()
            || (!services.iter().any(|s| s.namespace() == op.namespace())
                && first_of_protocol == Some(service))
    };
    model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::Operation(_)))
        .filter(|s| home(&s.id) && !bound.contains(&s.id))
        .filter(|s| {
            let malformed = s
                .trait_value("smithy.test#httpMalformedRequestTests")
                .and_then(Value::as_array)
                .is_some_and(|cases| cases.iter().any(|c| c.get("protocol") == Some(&json!(protocol_id))));
            malformed
                || ["smithy.test#httpRequestTests", "smithy.test#httpResponseTests"].iter().any(|t| {
                    [Side::Client, Side::Server]
                        .iter()
                        .any(|side| !applicable(s.trait_value(t), &protocol_id, *side).is_empty())
                })
        })
        .map(|s| s.id.clone())
        .collect()
}

/// The applicable client cases of the given operations and their errors.
fn collect_cases(model: &Model, operations: &[ShapeId], protocol: &str) -> Result<Vec<Case>, String> {
    let protocol_id = format!("aws.protocols#{protocol}");
    let mut cases = Vec::new();
    let mut seen_errors: BTreeMap<ShapeId, String> = BTreeMap::new();
    for op_id in operations {
        let op = model.expect(op_id);
        let ShapeKind::Operation(o) = &op.kind else { continue };
        for case in applicable(op.trait_value("smithy.test#httpRequestTests"), &protocol_id, Side::Client) {
            let params = to_cli(model, &o.input, case.get("params").unwrap_or(&json!({})));
            cases.push(Case {
                id: text(&case, "id"),
                protocol: protocol.to_owned(),
                direction: Direction::Requests,
                input: json!({ "kind": "request", "operation": op_id.name(), "params": params }),
                expected: case.clone(),
                error: None,
            });
        }
        for case in applicable(op.trait_value("smithy.test#httpResponseTests"), &protocol_id, Side::Client) {
            let mut expected = case.clone();
            expected["params"] = to_cli(model, &o.output, case.get("params").unwrap_or(&json!({})));
            cases.push(response_case(&case, protocol, op_id.name(), expected, None));
        }
        for error in &o.errors {
            seen_errors.entry(error.clone()).or_insert_with(|| op_id.name().to_owned());
        }
    }
    // Error cases run through the first operation that can return the error.
    for (error, op_name) in &seen_errors {
        let shape = model.expect(error);
        for case in applicable(shape.trait_value("smithy.test#httpResponseTests"), &protocol_id, Side::Client)
        {
            let mut expected = case.clone();
            expected["params"] = to_cli(model, error, case.get("params").unwrap_or(&json!({})));
            cases.push(response_case(&case, protocol, op_name, expected, Some(error.name().to_owned())));
        }
    }
    Ok(cases)
}

fn response_case(
    case: &Value,
    protocol: &str,
    operation: &str,
    expected: Value,
    error: Option<String>,
) -> Case {
    let input = json!({
        "kind": "response",
        "operation": operation,
        "status": case.get("code").cloned().unwrap_or(json!(200)),
        "headers": case.get("headers").cloned().unwrap_or(json!({})),
        "body": case.get("body").cloned().unwrap_or(json!("")),
    });
    Case {
        id: text(case, "id"),
        protocol: protocol.to_owned(),
        direction: Direction::Responses,
        input,
        expected,
        error,
    }
}

/// The cases of a protocol for one side: `appliesTo` names the side a case is only for.
fn applicable(cases: Option<&Value>, protocol_id: &str, side: Side) -> Vec<Value> {
    let Some(Value::Array(cases)) = cases else { return Vec::new() };
    let other = match side {
        Side::Client => "server",
        Side::Server => "client",
    };
    cases
        .iter()
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(protocol_id))
        .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some(other))
        .cloned()
        .collect()
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// Smithy node values (what the suite's `params` are) to the member-name JSON the generated
/// `input_from_json` / `output_to_json` use: the same, except blobs, which nodes give as text
/// and the JSON form carries as base64.
fn to_cli(model: &Model, target: &ShapeId, value: &Value) -> Value {
    let Some(shape) = model.get(target) else { return value.clone() };
    match (&shape.kind, value) {
        (ShapeKind::Simple(SimpleType::Blob), Value::String(s)) => {
            Value::String(aws_smithy_types::base64::encode(s.as_bytes()))
        }
        (ShapeKind::Structure(members) | ShapeKind::Union(members), Value::Object(map)) => {
            let converted: Map<String, Value> = map
                .iter()
                .map(|(k, v)| {
                    let target = members.iter().find(|m| &m.name == k).map(|m| &m.target);
                    (k.clone(), target.map_or_else(|| v.clone(), |t| to_cli(model, t, v)))
                })
                .collect();
            Value::Object(converted)
        }
        (ShapeKind::List(member), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| if v.is_null() { Value::Null } else { to_cli(model, &member.target, v) })
                .collect(),
        ),
        (ShapeKind::Map { value: member, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    (k.clone(), if v.is_null() { Value::Null } else { to_cli(model, &member.target, v) })
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Compares a runner result with the case's expectations.
fn check(case: &Case, result: &Value) -> Result<(), String> {
    if let Some(failure) = result.get("failure") {
        return Err(format!("runner: {}", failure.as_str().unwrap_or_default()));
    }
    match case.direction {
        Direction::ServerRequests | Direction::ServerResponses | Direction::Malformed => {
            server::check(case, result)
        }
        Direction::Requests => {
            let request = result.get("request").ok_or("no request produced")?;
            check_request(&case.expected, request)
        }
        Direction::Responses => match (&case.error, result.get("output"), result.get("error")) {
            (None, Some(output), _) => params_match(&case.expected["params"], output, "output"),
            (None, None, Some(error)) => Err(format!("expected output, got error {error}")),
            (Some(name), _, Some(error)) => {
                let code = error.get("code").and_then(Value::as_str).unwrap_or_default();
                if code != name {
                    return Err(format!("expected error {name}, got {code}"));
                }
                let fields = error.get("fields").cloned().unwrap_or(Value::Null);
                params_match(&case.expected["params"], &fields, "error")
            }
            (Some(name), Some(output), _) => Err(format!("expected error {name}, got output {output}")),
            _ => Err("runner gave neither output nor error".to_owned()),
        },
    }
}

fn check_request(expected: &Value, actual: &Value) -> Result<(), String> {
    let want = |key| expected.get(key).and_then(Value::as_str);
    if let Some(method) = want("method") {
        let got = actual["method"].as_str().unwrap_or_default();
        if !method.eq_ignore_ascii_case(got) {
            return Err(format!("method: expected {method}, got {got}"));
        }
    }
    if let Some(uri) = want("uri") {
        // The generated request holds the operation's path; an HTTP stack puts it under the
        // endpoint's own path (`host` may carry one, e.g. `example.com/custom`).
        let base = want("host").and_then(|h| h.split_once('/')).map_or("", |(_, p)| p.trim_end_matches('/'));
        let path = actual["uri"].as_str().unwrap_or_default();
        let got = if base.is_empty() { path.to_owned() } else { format!("/{base}{path}") };
        if uri != got {
            return Err(format!("uri: expected {uri}, got {got}"));
        }
    }
    let query = string_pairs(&actual["query"]);
    let mut remaining = query.clone();
    for param in strings(expected.get("queryParams")) {
        let (k, v) = param.split_once('=').unwrap_or((&param, ""));
        let wanted = (percent_decode(k), percent_decode(v));
        match remaining.iter().position(|p| *p == wanted) {
            Some(i) => {
                remaining.remove(i);
            }
            None => return Err(format!("query: expected {param}, got {query:?}")),
        }
    }
    for key in strings(expected.get("forbidQueryParams")) {
        if query.iter().any(|(k, _)| *k == key) {
            return Err(format!("query: {key} is forbidden, got {query:?}"));
        }
    }
    for key in strings(expected.get("requireQueryParams")) {
        if !query.iter().any(|(k, _)| *k == key) {
            return Err(format!("query: {key} is required, got {query:?}"));
        }
    }
    if let Some(resolved) = want("resolvedHost") {
        let host = want("host").unwrap_or_default().split('/').next().unwrap_or_default();
        let got = format!("{}{host}", actual["host_prefix"].as_str().unwrap_or_default());
        if got != resolved {
            return Err(format!("host: expected {resolved}, got {got}"));
        }
    }
    check_headers_and_body(expected, actual)
}

/// A runner's `[[name, value], ...]` list (query parameters, headers) as pairs.
fn string_pairs(value: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    value.as_array().into_iter().flatten().map(|p| (text(&p[0]), text(&p[1]))).collect()
}

/// The headers (`headers`, `forbidHeaders`, `requireHeaders`) and body of a request or
/// response against a case's expectations.
fn check_headers_and_body(expected: &Value, actual: &Value) -> Result<(), String> {
    let want = |key| expected.get(key).and_then(Value::as_str);
    let headers = string_pairs(&actual["headers"]);
    let header = |name: &str| -> Option<String> {
        let values: Vec<&str> =
            headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    if let Some(Value::Object(wanted)) = expected.get("headers") {
        for (name, value) in wanted {
            let value = value.as_str().unwrap_or_default();
            match header(name) {
                Some(got) if got == value => {}
                got => return Err(format!("header {name}: expected {value:?}, got {got:?}")),
            }
        }
    }
    for name in strings(expected.get("forbidHeaders")) {
        if let Some(got) = header(&name) {
            return Err(format!("header {name} is forbidden, got {got:?}"));
        }
    }
    for name in strings(expected.get("requireHeaders")) {
        if header(&name).is_none() {
            return Err(format!("header {name} is required"));
        }
    }
    if let Some(body) = want("body") {
        let got = actual["body"].as_str().unwrap_or_default();
        let json_media = want("bodyMediaType").is_some_and(|m| m.contains("json"));
        if body.is_empty() || !json_media {
            if body != got {
                return Err(format!("body: expected {body:?}, got {got:?}"));
            }
        } else {
            let expected: Value =
                serde_json::from_str(body).map_err(|e| format!("case body is not JSON: {e}"))?;
            let got: Value =
                serde_json::from_str(got).map_err(|_| format!("body: expected JSON {body}, got {got:?}"))?;
            if !json_equal(&expected, &got) {
                return Err(format!("body: expected {expected}, got {got}"));
            }
        }
    }
    Ok(())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// JSON equality with numbers compared by value (1 == 1.0).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// The parsed value matches the case's params: every param equal (numbers by value, NaN equal
/// to NaN), and any extra member the parser filled in holds only a zero value (the spec's error
/// correction for missing required members) .
fn params_match(expected: &Value, actual: &Value, what: &str) -> Result<(), String> {
    if params_equal(expected, actual) {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected}, got {actual}"))
    }
}

fn params_equal(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| params_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.iter().all(|(k, v)| match y.get(k) {
                Some(w) => params_equal(v, w),
                None => v.is_null(),
            }) && y.iter().all(|(k, w)| x.contains_key(k) || is_zero(w))
        }
        _ => expected == actual,
    }
}

fn is_zero(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// The runner written into each generated test crate (`examples/runner.rs`).
const RUNNER: &str = r#"//! Protocol-test runner written by `cargo xtask protocol-tests`: one JSON case per stdin line,
//! one JSON result per stdout line.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

use CRATE::MODULE::operations;
use CRATE::runtime::HttpResponse;

fn main() {
    CRATE::runtime::set_idempotency_token_source(Some(|| "TOKEN".to_owned()));
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let result = match serde_json::from_str::<Value>(&line) {
            Ok(case) => run(&case),
            Err(e) => json!({ "failure": e.to_string() }),
        };
        let _ = writeln!(stdout, "{result}");
    }
}

fn run(case: &Value) -> Value {
    let operation = case["operation"].as_str().unwrap_or_default();
    if case["kind"].as_str().is_some_and(|k| k.starts_with("server")) {
        return server_run(case);
    }
    if case["kind"] == "request" {
        let params = serde_json::to_vec(&case["params"]).unwrap_or_default();
        return match operations::request_from_json(operation, &params, false) {
            Some(Ok(r)) => json!({ "request": {
                "method": r.method,
                "uri": r.uri,
                "query": r.query.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                "headers": r.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                "body": String::from_utf8_lossy(&r.body),
                "host_prefix": r.host_prefix,
            }}),
            Some(Err(e)) => json!({ "failure": e.to_string() }),
            None => json!({ "failure": format!("no operation {operation}") }),
        };
    }
    let headers = case["headers"]
        .as_object()
        .map(|h| h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    let status = case["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(200);
    let body = case["body"].as_str().unwrap_or_default().as_bytes().to_vec();
    let response = HttpResponse::new(status, headers, body);
    match operations::response_to_json(operation, &response) {
        Some(Ok(output)) => json!({ "output": serde_json::from_str::<Value>(&output).unwrap_or(Value::Null) }),
        Some(Err(e)) => json!({ "error": {
            "code": e.code,
            "message": e.message,
            "fields": e.fields.and_then(|f| serde_json::from_str::<Value>(&f).ok()),
        }}),
        None => json!({ "failure": format!("no operation {operation}") }),
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_compare_numbers_by_value_and_allow_zero_fill() {
        assert!(params_equal(&json!({"a": 1, "b": "NaN"}), &json!({"a": 1.0, "b": "NaN", "c": []})));
        assert!(!params_equal(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!params_equal(&json!({"a": 1}), &json!({"a": 1, "c": "x"})));
    }

    fn actual_request() -> Value {
        json!({
            "method": "POST",
            "uri": "/path/a%20b",
            "query": [["k", "v w"], ["list", "1"], ["list", "2"]],
            "headers": [["Content-Type", "application/json"], ["X-List", "a, b"]],
            "body": "{\"a\":1,\"b\":[true]}",
            "host_prefix": "foo.",
        })
    }

    #[test]
    fn a_matching_request_passes() {
        let expected = json!({
            "method": "POST", "uri": "/path/a%20b", "host": "example.com", "resolvedHost": "foo.example.com",
            "queryParams": ["k=v%20w", "list=1", "list=2"], "requireQueryParams": ["k"], "forbidQueryParams": ["z"],
            "headers": {"content-type": "application/json", "X-List": "a, b"}, "forbidHeaders": ["X-Nope"],
            "body": "{\"b\": [true], \"a\": 1.0}", "bodyMediaType": "application/json",
        });
        assert_eq!(check_request(&expected, &actual_request()), Ok(()));
    }

    #[test]
    fn each_mismatch_fails() {
        let base = json!({"method": "POST", "uri": "/path/a%20b"});
        let mismatches = [
            json!({"method": "GET"}),
            json!({"uri": "/path/other"}),
            json!({"queryParams": ["k=other"]}),
            json!({"queryParams": ["list=1", "list=1"]}),
            json!({"forbidQueryParams": ["k"]}),
            json!({"requireQueryParams": ["missing"]}),
            json!({"headers": {"X-List": "a,b"}}),
            json!({"forbidHeaders": ["content-type"]}),
            json!({"requireHeaders": ["Content-Length"]}),
            json!({"body": "{\"a\":2,\"b\":[true]}", "bodyMediaType": "application/json"}),
            json!({"body": ""}),
            json!({"host": "example.com", "resolvedHost": "bar.example.com"}),
        ];
        for mismatch in mismatches {
            let mut expected = base.clone();
            for (k, v) in mismatch.as_object().unwrap() {
                expected[k] = v.clone();
            }
            assert!(check_request(&expected, &actual_request()).is_err(), "should fail: {mismatch}");
        }
    }

    #[test]
    fn query_params_are_compared_decoded() {
        assert_eq!(percent_decode("a%20b%3A"), "a b:");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
