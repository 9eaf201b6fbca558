//! The server side of the protocol suite: `httpRequestTests` a server must parse into the
//! case's `params`, and `httpResponseTests` it must write from them (cases for both sides and
//! for servers only). `httpMalformedRequestTests` are counted here, each expanded over its
//! `testParameters`.

use std::collections::BTreeMap;

use codegen::model::{Model, ShapeId, ShapeKind};
use serde_json::{json, Value};

use super::{applicable, params_equal, text, to_cli, Case, Direction, Side};

/// Cases a server cannot pass as the suite writes them, and why: ones it lists for both sides
/// that only a client can pass, and one whose params contradict its own request. They are
/// counted in the server rows and reported, not run.
const NOT_FOR_SERVERS: &[(&str, &str)] = &[
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
        "SDKAppliedContentEncoding_restJson1",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "SDKAppendedGzipAfterProvidedEncoding_restJson1",
        "the request as an SDK compresses it: the case gives no body, so a server has nothing to read",
    ),
    (
        "RestJsonHttpWithEmptyBlobPayload",
        "the `Content-Type` a client adds by default is bound to a member, which a server reads into the input the params leave empty",
    ),
    (
        "RestJsonZeroAndFalseQueryValues",
        "its params key the query map by member name (`queryInteger`), while its request sends `Integer` and `Boolean`, the keys a server reads",
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

/// Why a server cannot pass a case, when it cannot.
pub fn not_for_servers(id: &str, direction: Direction) -> Option<&'static str> {
    // `AwsJson11IntEnums` is a request case too, which a server passes.
    if id == "AwsJson11IntEnums" && direction != Direction::ServerResponses {
        return None;
    }
    NOT_FOR_SERVERS.iter().find(|(case, _)| *case == id).map(|(_, why)| *why)
}

/// The protocols whose generated crates have a server half.
pub fn has_server_half(protocol: &str) -> bool {
    matches!(protocol, "awsJson1_0" | "awsJson1_1" | "restJson1")
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
    if protocol == "restJson1" {
        return headers;
    }
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

/// The `httpMalformedRequestTests` of the given operations, each expanded over its
/// `testParameters` (one case per combination, named `id[i]`).
pub fn malformed_cases(model: &Model, operations: &[ShapeId], protocol: &str) -> Vec<Case> {
    let protocol_id = format!("aws.protocols#{protocol}");
    let mut cases = Vec::new();
    for op_id in operations {
        let op = model.expect(op_id);
        let Some(Value::Array(tests)) = op.trait_value("smithy.test#httpMalformedRequestTests") else {
            continue;
        };
        for test in
            tests.iter().filter(|t| t.get("protocol").and_then(Value::as_str) == Some(protocol_id.as_str()))
        {
            let parameters = test.get("testParameters").and_then(Value::as_object);
            let count = parameters
                .map(|p| p.values().filter_map(Value::as_array).map(Vec::len).max().unwrap_or(1))
                .unwrap_or(1);
            for i in 0..count {
                let values: Vec<(String, String)> = parameters
                    .into_iter()
                    .flatten()
                    .filter_map(|(name, list)| Some((name.clone(), list.get(i)?.as_str()?.to_owned())))
                    .collect();
                // Smithy formats a case only when it has parameters (`$$` is then `$`).
                let mut expanded =
                    if parameters.is_some() { substitute(test, &values) } else { test.clone() };
                correct(&mut expanded);
                let request = &expanded["request"];
                let mut uri = text(request, "uri");
                let query = strings_of(request.get("queryParams"));
                if !query.is_empty() {
                    uri.push('?');
                    uri.push_str(&query.join("&"));
                }
                let id = if parameters.is_some() {
                    format!("{}[{i}]", text(test, "id"))
                } else {
                    text(test, "id")
                };
                cases.push(Case {
                    id,
                    protocol: protocol.to_owned(),
                    direction: Direction::Malformed,
                    input: json!({
                        "kind": "server-malformed",
                        "operation": op_id.name(),
                        "request": {
                            "method": request.get("method").cloned().unwrap_or(json!("POST")),
                            "uri": uri,
                            "headers": request.get("headers").cloned().unwrap_or(json!({})),
                            "body": request.get("body").cloned().unwrap_or(json!("")),
                        },
                    }),
                    expected: expanded["response"].clone(),
                    error: None,
                });
            }
        }
    }
    cases
}

fn strings_of(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Where this suite's own text is wrong, the correction, and why.
const CORRECTIONS: &[(&str, &str)] = &[(
    "RestJsonMalformedPatternReDOSString",
    "its expected message quotes the value, which no other pattern case's message does (a \
     server should not echo hostile input back), and, as the case has no parameters, keeps the \
     `$$` that only formatting turns into `$`: checked against the message every other pattern \
     case expects",
)];

/// Applies [`CORRECTIONS`] to an expanded case.
fn correct(case: &mut Value) {
    let id = text(case, "id");
    if !CORRECTIONS.iter().any(|(case_id, _)| *case_id == id) {
        return;
    }
    if let Some(Value::String(contents)) = case.pointer_mut("/response/body/assertion/contents") {
        let value = "000000000000000000000000000000000000000000000000000000000000000000000000000000000000!";
        *contents = contents.replace(&format!("Value {value} at"), "Value at").replace("$$", "$");
    }
}

/// The corrections made to the suite, for the report.
pub fn corrections() -> &'static [(&'static str, &'static str)] {
    CORRECTIONS
}

/// The case formatted as Smithy formats a parameterized case (`SimpleCodeWriter`): `$name:S`
/// the value as a string literal, `$name:L` the value as it is, `$$` one `$`.
fn substitute(value: &Value, values: &[(String, String)]) -> Value {
    match value {
        Value::String(text) => {
            let mut out = String::with_capacity(text.len());
            let mut rest = text.as_str();
            while let Some(at) = rest.find('$') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                if let Some(after) = rest.strip_prefix("$$") {
                    out.push('$');
                    rest = after;
                    continue;
                }
                let named = values.iter().find_map(|(name, v)| {
                    if let Some(after) = rest.strip_prefix(&format!("${name}:S")) {
                        Some((Value::String(v.clone()).to_string(), after))
                    } else {
                        rest.strip_prefix(&format!("${name}:L")).map(|after| (v.clone(), after))
                    }
                });
                match named {
                    Some((replacement, after)) => {
                        out.push_str(&replacement);
                        rest = after;
                    }
                    None => {
                        out.push('$');
                        rest = &rest[1..];
                    }
                }
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, values)).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), substitute(v, values))).collect())
        }
        other => other.clone(),
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
            if params_equal(&without_empty(expected), &parsed["params"]) {
                Ok(())
            } else {
                Err(format!("input: expected {expected}, got {}", parsed["params"]))
            }
        }
        Direction::Malformed => {
            if let Some(parsed) = result.get("parsed") {
                return Err(format!("the server accepted the request as {parsed}"));
            }
            let response = result.get("response").ok_or("no response written")?;
            let code = case.expected.get("code").and_then(Value::as_u64).unwrap_or(400);
            if response["status"].as_u64() != Some(code) {
                return Err(format!(
                    "status: expected {code}, got {} ({})",
                    response["status"], response["body"]
                ));
            }
            let mut expected =
                json!({ "headers": case.expected.get("headers").cloned().unwrap_or(json!({})) });
            if let Some(contents) = case.expected.pointer("/body/assertion/contents") {
                expected["body"] = contents.clone();
                expected["bodyMediaType"] = json!("application/json");
            }
            super::check_headers_and_body(&expected, response)
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

/// The params without empty lists and maps: a request carries none (an empty list of query
/// values or headers is no value at all), so a server reads them as absent.
fn without_empty(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .filter(|(_, v)| !matches!(v, Value::Object(o) if o.is_empty()))
                .map(|(k, v)| (k.clone(), without_empty(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty).collect()),
        other => other.clone(),
    }
}

/// The runner's server half, for crates that have one: appended to the runner.
pub const RUNNER: &str = r#"
fn server_run(case: &Value) -> Value {
    use CRATE::MODULE::server;
    let operation = case["operation"].as_str().unwrap_or_default();
    let params = serde_json::to_vec(&case["params"]).unwrap_or_default();
    let response = match case["kind"].as_str().unwrap_or_default() {
        "server-request" | "server-malformed" => {
            let r = &case["request"];
            let mut request = CRATE::runtime::server::ServerRequest::new(
                r["method"].as_str().unwrap_or_default(),
                r["uri"].as_str().unwrap_or_default(),
            );
            for (name, value) in r["headers"].as_object().into_iter().flatten() {
                request = request.with_header(name, value.as_str().unwrap_or_default());
            }
            request = request.with_body(r["body"].as_str().unwrap_or_default().as_bytes().to_vec());
            let parsed = server::parse_request(&request);
            if case["kind"] == "server-malformed" {
                return match parsed {
                    Ok(input) => json!({ "parsed": input.operation_name() }),
                    Err(e) => {
                        let r = server::rejection_response(e);
                        json!({ "response": {
                            "status": r.status,
                            "headers": r.headers.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
                            "body": String::from_utf8_lossy(&r.body),
                        }})
                    }
                };
            }
            return match parsed {
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
