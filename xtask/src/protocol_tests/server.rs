//! The server side of the protocol suite: `httpRequestTests` a server must parse into the
//! case's `params`, and `httpResponseTests` it must write from them (cases for both sides and
//! for servers only). `httpMalformedRequestTests` are counted here, each expanded over its
//! `testParameters`.

use std::collections::BTreeMap;

use codegen::model::{Model, ShapeId, ShapeKind};
use serde_json::{json, Value};

use super::{applicable, params_equal, text, to_cli, Case, Direction, Side};

/// Cases the suite lists for both sides that only a client can pass, and why. They are counted
/// in the server rows and reported, not run.
const CLIENT_ONLY: &[(&str, &str)] = &[
    (
        "SDKAppliedContentEncoding_awsJson1_0",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "SDKAppliedContentEncoding_awsJson1_1",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_0",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_1",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "parses_the_request_id_from_the_response",
        "a request id header that a client reads; no params carry it for a server to write",
    ),
    (
        "AwsJson11IntEnums",
        "its response expects `X-Amz-Target`, a request header, which no server sends back",
    ),
];

/// Why a case is for clients only, when it is.
pub fn client_only(id: &str, direction: Direction) -> Option<&'static str> {
    // `AwsJson11IntEnums` is a request case too, which a server passes.
    if id == "AwsJson11IntEnums" && direction != Direction::ServerResponses {
        return None;
    }
    CLIENT_ONLY.iter().find(|(case, _)| *case == id).map(|(_, why)| *why)
}

/// The protocols whose generated crates have a server half.
pub fn has_server_half(protocol: &str) -> bool {
    matches!(protocol, "awsJson1_0" | "awsJson1_1")
}

/// The server cases of the given operations and their errors.
pub fn collect_cases(model: &Model, service: &ShapeId, operations: &[ShapeId], protocol: &str) -> Vec<Case> {
    let protocol_id = format!("aws.protocols#{protocol}");
    let mut cases = Vec::new();
    let mut seen_errors: BTreeMap<ShapeId, String> = BTreeMap::new();
    for op_id in operations {
        let op = model.expect(op_id);
        let ShapeKind::Operation(o) = &op.kind else { continue };
        for case in applicable(op.trait_value("smithy.test#httpRequestTests"), &protocol_id, Side::Server) {
            let params = to_cli(model, &o.input, case.get("params").unwrap_or(&json!({})));
            let request = json!({
                "method": case.get("method").cloned().unwrap_or(json!("POST")),
                "uri": request_target(&case),
                "headers": routing_headers(&case, protocol, service, op_id),
                "body": case.get("body").cloned().unwrap_or(json!("")),
            });
            let mut expected = case.clone();
            expected["params"] = params;
            cases.push(Case {
                id: text(&case, "id"),
                protocol: protocol.to_owned(),
                direction: Direction::ServerRequests,
                input: json!({ "kind": "server-request", "operation": op_id.name(), "request": request }),
                expected,
                error: None,
            });
        }
        for case in applicable(op.trait_value("smithy.test#httpResponseTests"), &protocol_id, Side::Server) {
            let params = to_cli(model, &o.output, case.get("params").unwrap_or(&json!({})));
            cases.push(response_case(&case, protocol, op_id.name(), params, None));
        }
        for error in &o.errors {
            seen_errors.entry(error.clone()).or_insert_with(|| op_id.name().to_owned());
        }
    }
    for (error, op_name) in &seen_errors {
        let shape = model.expect(error);
        for case in applicable(shape.trait_value("smithy.test#httpResponseTests"), &protocol_id, Side::Server)
        {
            let params = to_cli(model, error, case.get("params").unwrap_or(&json!({})));
            cases.push(response_case(&case, protocol, op_name, params, Some(error.name())));
        }
    }
    cases
}

/// The case's headers, with the awsJson routing headers a client sends added where the case
/// leaves them out: cases written for both sides list the headers a client must send that
/// the test is about, and some server cases omit `X-Amz-Target`, which names the operation
/// the case is attached to.
fn routing_headers(case: &Value, protocol: &str, service: &ShapeId, operation: &ShapeId) -> Value {
    let mut headers = case.get("headers").cloned().unwrap_or(json!({}));
    let Some(map) = headers.as_object_mut() else { return headers };
    let has =
        |map: &serde_json::Map<String, Value>, name: &str| map.keys().any(|k| k.eq_ignore_ascii_case(name));
    let content_type = match protocol {
        "awsJson1_0" => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    if !has(map, "Content-Type") {
        map.insert("Content-Type".into(), json!(content_type));
    }
    if !has(map, "X-Amz-Target") {
        map.insert("X-Amz-Target".into(), json!(format!("{}.{}", service.name(), operation.name())));
    }
    headers
}

/// The request's path and query as a server receives them.
fn request_target(case: &Value) -> String {
    let mut target = text(case, "uri");
    let query: Vec<String> = case
        .get("queryParams")
        .and_then(Value::as_array)
        .map(|q| q.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query.join("&"));
    }
    target
}

fn response_case(case: &Value, protocol: &str, operation: &str, params: Value, error: Option<&str>) -> Case {
    let input = match error {
        None => json!({ "kind": "server-response", "operation": operation, "params": params }),
        Some(error) => {
            json!({ "kind": "server-error", "operation": operation, "error": error, "params": params })
        }
    };
    Case {
        id: text(case, "id"),
        protocol: protocol.to_owned(),
        direction: Direction::ServerResponses,
        input,
        expected: case.clone(),
        error: error.map(str::to_owned),
    }
}

/// Every case of `httpMalformedRequestTests` for the protocol, expanded over `testParameters`.
pub fn malformed_count(model: &Model, protocol: &str) -> usize {
    let protocol_id = format!("aws.protocols#{protocol}");
    model
        .shapes
        .values()
        .filter_map(|s| s.trait_value("smithy.test#httpMalformedRequestTests").and_then(Value::as_array))
        .flatten()
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(protocol_id.as_str()))
        .map(|c| match c.get("testParameters").and_then(Value::as_object) {
            Some(parameters) => {
                parameters.values().filter_map(Value::as_array).map(Vec::len).max().unwrap_or(1)
            }
            None => 1,
        })
        .sum()
}

/// Compares what the runner's server half did with the case's expectations.
pub fn check(case: &Case, result: &Value) -> Result<(), String> {
    match case.direction {
        Direction::ServerRequests => {
            if let Some(error) = result.get("server_error") {
                return Err(format!("the server refused the request: {error}"));
            }
            let parsed = result.get("parsed").ok_or("no input parsed")?;
            let operation = parsed["operation"].as_str().unwrap_or_default();
            let wanted = case.input["operation"].as_str().unwrap_or_default();
            if operation != wanted {
                return Err(format!("routed to {operation}, expected {wanted}"));
            }
            let expected = &case.expected["params"];
            if params_equal(expected, &parsed["params"]) {
                Ok(())
            } else {
                Err(format!("input: expected {expected}, got {}", parsed["params"]))
            }
        }
        _ => {
            let response = result.get("response").ok_or("no response written")?;
            let code = case.expected.get("code").and_then(Value::as_u64).unwrap_or(200);
            if response["status"].as_u64() != Some(code) {
                return Err(format!("status: expected {code}, got {}", response["status"]));
            }
            super::check_headers_and_body(&case.expected, response)
        }
    }
}

/// The runner's server half, for crates that have one: appended to the runner.
pub const RUNNER: &str = r#"
fn server_run(case: &Value) -> Value {
    use CRATE::MODULE::server;
    let operation = case["operation"].as_str().unwrap_or_default();
    let params = serde_json::to_vec(&case["params"]).unwrap_or_default();
    let response = match case["kind"].as_str().unwrap_or_default() {
        "server-request" => {
            let r = &case["request"];
            let mut request = CRATE::runtime::server::ServerRequest::new(
                r["method"].as_str().unwrap_or_default(),
                r["uri"].as_str().unwrap_or_default(),
            );
            for (name, value) in r["headers"].as_object().into_iter().flatten() {
                request = request.with_header(name, value.as_str().unwrap_or_default());
            }
            request = request.with_body(r["body"].as_str().unwrap_or_default().as_bytes().to_vec());
            return match server::parse_request(&request) {
                Ok(input) => match input.to_json() {
                    Ok(json) => json!({ "parsed": {
                        "operation": input.operation_name(),
                        "params": serde_json::from_str::<Value>(&json).unwrap_or(Value::Null),
                    }}),
                    Err(e) => json!({ "failure": e }),
                },
                Err(e) => json!({ "server_error": { "status": e.status(), "code": e.code(), "message": e.to_string() } }),
            };
        }
        "server-response" => server::output_response_from_json(operation, &params),
        _ => server::error_response_from_json(operation, case["error"].as_str().unwrap_or_default(), &params),
    };
    match response {
        Some(Ok(r)) => json!({ "response": {
            "status": r.status,
            "headers": r.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "body": String::from_utf8_lossy(&r.body),
        }}),
        Some(Err(e)) => json!({ "failure": e.to_string() }),
        None => json!({ "failure": format!("no operation or error for {case}") }),
    }
}
"#;

/// The runner of a crate without a server half.
pub const NO_SERVER_RUNNER: &str = r#"
fn server_run(_case: &Value) -> Value {
    json!({ "failure": "this crate has no server half" })
}
"#;
