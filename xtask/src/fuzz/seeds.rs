//! The fuzz targets' starting points. `cargo xtask fuzz --write-seeds` writes the committed
//! ones: `fuzz/corpus/<target>/` (the requests and responses of the seed documents in
//! `../shared/seeds/`, written out with realistic values, each valid one beside a few that
//! break one rule; and the models' `smithy.api#examples`, where they have any) and
//! `fuzz/json.dict` (JSON and HTTP tokens, and every member name, enum value, error name,
//! bound header and query name and URI segment of the fuzzed operations). At run time
//! [`suite_seeds`] adds the protocol compliance suite's messages to the scratch corpus: that
//! suite is read from `../shared`, not copied into this repository.
//!
//! File names say what a seed is (but for the JSON reader's and `validate`'s): `ok-*` requests
//! are accepted and `ok-*` responses read as an output, `bad-*` ones are refused or read as an
//! error (`fuzz/harness`'s tests hold them to it).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// A request in the harness's format (`fuzz/harness/src/input.rs`).
fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    message(format!("{method} {target}"), headers, body)
}

/// A response in the harness's format.
fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    message(status.to_string(), headers, body)
}

fn message(first_line: String, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = first_line;
    out.push('\n');
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    out.push_str(body);
    out.into_bytes()
}

const AWS_JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");
const JSON: (&str, &str) = ("Content-Type", "application/json");
const ASSOCIATE: (&str, &str) = ("X-Amz-Target", "PhotonAdminProxyService.BatchAssociateUserStack");
const DISASSOCIATE: (&str, &str) = ("X-Amz-Target", "PhotonAdminProxyService.BatchDisassociateUserStack");
const BUNDLE_ARN: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001";
const FUNCTION_ARN: &str = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Amy-function";

/// Every committed seed: target, file name, contents.
fn committed() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut seeds: Vec<(&'static str, String, Vec<u8>)> = Vec::new();
    let mut add =
        |target: &'static str, name: &str, data: Vec<u8>| seeds.push((target, name.to_owned(), data));

    // The JSON reader: every kind of value, escapes, numbers at the edges, the depth limit.
    let json = |s: &str| s.as_bytes().to_vec();
    add(
        "json_reader",
        "object",
        json(
            r#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL","SendEmailNotification":true}]}"#,
        ),
    );
    add("json_reader", "escapes", json(r#"["a\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "\u0000", "plain"]"#));
    add("json_reader", "numbers", json("[0, -0, 1.5e10, -2.5E-3, 9223372036854775807, -9223372036854775808, 18446744073709551616, 1e400, 0.1]"));
    add("json_reader", "literals", json(r#" [true, false, null, {}, [], "", {"a": null}] "#));
    add(
        "json_reader",
        "timestamps",
        json(
            r#"{"epoch": 1515531081.123, "date": "2019-12-16T23:48:18Z", "offset": "2019-12-16T23:48:18+01:00", "http": "Mon, 16 Dec 2019 23:48:18 GMT"}"#,
        ),
    );
    add(
        "json_reader",
        "special-floats",
        json(r#"["NaN", "Infinity", "-Infinity", 1.7976931348623157e308, -4.9e-324]"#),
    );
    add(
        "json_reader",
        "blob-document",
        json(
            r#"{"blob": "aGVsbG8gd29ybGQ=", "document": {"k": [1, "x", null, {"nested": true}]}, "map": {"a": 1, "b": 2}}"#,
        ),
    );
    add("json_reader", "too-deep", format!("{}{}", "[".repeat(130), "]".repeat(130)).into_bytes());
    add("json_reader", "duplicate-key", json(r#"{"a": 1, "a": 2}"#));
    add(
        "json_reader",
        "truncated",
        json(r#"{"userAccessResultsList": [{"app": "SLACK", "taskError": {"errorCode": "#),
    );

    // AppStream (awsJson1_1), from the seed documents' BatchAssociateUserStack and
    // BatchDisassociateUserStack request and response syntax.
    let associations = r#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL","SendEmailNotification":true},{"StackName":"Other-Stack","UserName":"saml-user@example.com","AuthenticationType":"SAML"}]}"#;
    add("server_appstream", "ok-associate", request("POST", "/", &[AWS_JSON, ASSOCIATE], associations));
    add(
        "server_appstream",
        "ok-disassociate",
        request(
            "POST",
            "/",
            &[AWS_JSON, DISASSOCIATE],
            r#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"api-user","AuthenticationType":"API"}]}"#,
        ),
    );
    add(
        "server_appstream",
        "bad-empty-list",
        request("POST", "/", &[AWS_JSON, ASSOCIATE], r#"{"UserStackAssociations":[]}"#),
    );
    add(
        "server_appstream",
        "bad-missing-member",
        request(
            "POST",
            "/",
            &[AWS_JSON, ASSOCIATE],
            r#"{"UserStackAssociations":[{"StackName":"Example-Stack","AuthenticationType":"USERPOOL"}]}"#,
        ),
    );
    add(
        "server_appstream",
        "bad-null-in-list",
        request("POST", "/", &[AWS_JSON, DISASSOCIATE], r#"{"UserStackAssociations":[null]}"#),
    );
    add(
        "server_appstream",
        "bad-unknown-operation",
        request("POST", "/", &[AWS_JSON, ("X-Amz-Target", "PhotonAdminProxyService.DeleteStack")], "{}"),
    );
    add("server_appstream", "bad-content-type", request("POST", "/", &[JSON, ASSOCIATE], associations));
    add(
        "server_appstream",
        "bad-malformed",
        request("POST", "/", &[AWS_JSON, ASSOCIATE], r#"{"UserStackAssociations":[{"StackName":"s",}]}"#),
    );

    // AppFabric (restJson1), from the seed documents' StartUserAccessTasks and
    // BatchGetUserAccessTasks.
    let start = format!(r#"{{"appBundleIdentifier":"{BUNDLE_ARN}","email":"jane@example.com"}}"#);
    add("server_appfabric", "ok-start", request("POST", "/useraccess/start", &[JSON], &start));
    add(
        "server_appfabric",
        "ok-batchget",
        request(
            "POST",
            "/useraccess/batchget",
            &[JSON, ("Accept", "application/json")],
            r#"{"appBundleIdentifier":"a1b2c3d4-5678-90ab-cdef-000000000001","taskIdList":["a1b2c3d4-5678-90ab-cdef-000000000002","a1b2c3d4-5678-90ab-cdef-000000000003"]}"#,
        ),
    );
    add(
        "server_appfabric",
        "bad-email",
        request("POST", "/useraccess/start", &[JSON], &start.replace("jane@example.com", "not an email")),
    );
    add("server_appfabric", "bad-missing", request("POST", "/useraccess/batchget", &[JSON], "{}"));
    add("server_appfabric", "bad-method", request("GET", "/useraccess/start", &[], ""));
    add(
        "server_appfabric",
        "bad-accept",
        request("POST", "/useraccess/start", &[JSON, ("Accept", "text/html")], &start),
    );
    add("server_appfabric", "bad-path", request("POST", "/useraccess/start/%zz?x=%20", &[JSON], &start));
    add(
        "server_appfabric",
        "bad-duplicate-key",
        request("POST", "/useraccess/start", &[JSON], &start.replace('}', r#","email":"x@example.com"}"#)),
    );

    // Responses for the four seed operations: outputs and every kind of error.
    let aws_json = [AWS_JSON];
    add(
        "parse_response",
        "ok-associate",
        response(
            200,
            &aws_json,
            r#"{"errors":[{"UserStackAssociation":{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL","SendEmailNotification":false},"ErrorCode":"STACK_NOT_FOUND","ErrorMessage":"The stack was not found."}]}"#,
        ),
    );
    add("parse_response", "ok-empty", response(200, &aws_json, ""));
    add(
        "parse_response",
        "bad-appstream-error",
        response(
            400,
            &aws_json,
            r#"{"__type":"com.amazonaws.appstream#OperationNotPermittedException","Message":"Not permitted."}"#,
        ),
    );
    add(
        "parse_response",
        "bad-appstream-header",
        response(
            400,
            &[
                AWS_JSON,
                (
                    "X-Amzn-Errortype",
                    "InvalidParameterCombinationException:http://internal.amazon.com/coral/",
                ),
            ],
            r#"{"message":"Bad combination."}"#,
        ),
    );
    add(
        "parse_response",
        "ok-batchget",
        response(
            200,
            &[JSON],
            r#"{"userAccessResultsList":[{"app":"SLACK","tenantId":"T0123","tenantDisplayName":"Example","taskId":"a1b2c3d4-5678-90ab-cdef-000000000002","resultStatus":"COMPLETED","email":"jane@example.com","userId":"U1","userFullName":"Jane Doe","userFirstName":"Jane","userLastName":"Doe","userStatus":"active","taskError":{"errorCode":"None","errorMessage":""}}]}"#,
        ),
    );
    add(
        "parse_response",
        "ok-start",
        response(
            201,
            &[JSON],
            r#"{"userAccessTasksList":[{"app":"OKTA","tenantId":"example.okta.com","taskId":"a1b2c3d4-5678-90ab-cdef-000000000004","error":{"errorCode":"E1","errorMessage":"m"}}]}"#,
        ),
    );
    add(
        "parse_response",
        "bad-validation",
        response(
            400,
            &[JSON, ("X-Amzn-Errortype", "ValidationException")],
            r#"{"message":"1 validation error detected.","reason":"fieldValidationFailed","fieldList":[{"name":"/email","message":"Member must satisfy regular expression pattern"}]}"#,
        ),
    );
    add(
        "parse_response",
        "bad-throttling",
        response(
            429,
            &[JSON, ("X-Amzn-Errortype", "ThrottlingException"), ("Retry-After", "30")],
            r#"{"message":"Rate exceeded.","serviceCode":"appfabric","quotaCode":"Q1"}"#,
        ),
    );
    add(
        "parse_response",
        "bad-internal",
        response(
            500,
            &[JSON, ("X-Amzn-Errortype", "InternalServerException"), ("Retry-After", "5")],
            r#"{"message":"Internal failure."}"#,
        ),
    );
    add(
        "parse_response",
        "bad-not-found",
        response(
            404,
            &[JSON],
            r#"{"__type":"ResourceNotFoundException","message":"No such bundle.","resourceId":"b1","resourceType":"appbundle"}"#,
        ),
    );

    // Lambda (restJson1): requests for the server half, responses for the client's readers.
    let function = "/2015-03-31/functions/my-function";
    add(
        "rest_bindings",
        "ok-invoke",
        request(
            "POST",
            &format!("{function}/invocations?Qualifier=1"),
            &[
                ("Content-Type", "application/octet-stream"),
                ("X-Amz-Invocation-Type", "RequestResponse"),
                ("X-Amz-Log-Type", "Tail"),
                ("X-Amz-Client-Context", "eyJjdXN0b20iOnt9fQ=="),
            ],
            r#"{"key":"value"}"#,
        ),
    );
    add(
        "rest_bindings",
        "ok-invoke-async",
        request("POST", "/2014-11-13/functions/my-function/invoke-async", &[], r#"{"key":"value"}"#),
    );
    add(
        "rest_bindings",
        "ok-untag",
        request(
            "DELETE",
            &format!("/2017-03-31/tags/{FUNCTION_ARN}?tagKeys=Department&tagKeys=Project"),
            &[],
            "",
        ),
    );
    add(
        "rest_bindings",
        "ok-tag",
        request(
            "POST",
            &format!("/2017-03-31/tags/{FUNCTION_ARN}"),
            &[JSON],
            r#"{"Tags":{"Department":"Marketing","Project":"Example"}}"#,
        ),
    );
    add(
        "rest_bindings",
        "ok-list-aliases",
        request("GET", &format!("{function}/aliases?FunctionVersion=1&Marker=abc&MaxItems=10"), &[], ""),
    );
    add(
        "rest_bindings",
        "ok-list-layers",
        request(
            "GET",
            "/2018-10-31/layers?CompatibleRuntime=python3.12&CompatibleArchitecture=arm64&MaxItems=5",
            &[],
            "",
        ),
    );
    add(
        "rest_bindings",
        "ok-layer-by-arn",
        request(
            "GET",
            "/2018-10-31/layers?find=LayerVersion&Arn=arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3",
            &[],
            "",
        ),
    );
    add(
        "rest_bindings",
        "ok-delete-layer-version",
        request("DELETE", "/2018-10-31/layers/my-layer/versions/3", &[], ""),
    );
    add(
        "rest_bindings",
        "ok-list-provisioned",
        request(
            "GET",
            "/2019-09-30/functions/my-function/provisioned-concurrency?List=ALL&MaxItems=5",
            &[],
            "",
        ),
    );
    add(
        "rest_bindings",
        "ok-put-provisioned",
        request(
            "PUT",
            "/2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=BLUE",
            &[JSON],
            r#"{"ProvisionedConcurrentExecutions":100}"#,
        ),
    );
    add(
        "rest_bindings",
        "ok-remove-permission",
        request("DELETE", &format!("{function}/policy/sid-1?Qualifier=PROD&RevisionId=1e9b8b4b"), &[], ""),
    );
    add(
        "rest_bindings",
        "ok-function-concurrency",
        request(
            "PUT",
            "/2017-10-31/functions/my-function/concurrency",
            &[JSON],
            r#"{"ReservedConcurrentExecutions":100}"#,
        ),
    );
    add(
        "rest_bindings",
        "bad-layer-version",
        request("GET", "/2018-10-31/layers/my-layer/versions/three", &[], ""),
    );
    add(
        "rest_bindings",
        "bad-missing-query",
        request("GET", "/2019-09-30/functions/my-function/provisioned-concurrency", &[], ""),
    );
    add(
        "rest_bindings",
        "bad-header-enum",
        request("POST", &format!("{function}/invocations"), &[("X-Amz-Invocation-Type", "Sometimes")], ""),
    );
    add(
        "rest_bindings",
        "ok-response-invoke",
        response(
            200,
            &[
                ("X-Amz-Function-Error", "Unhandled"),
                ("X-Amz-Log-Result", "U1RBUlQgUmVxdWVzdElk"),
                ("X-Amz-Executed-Version", "$LATEST"),
                ("Content-Type", "application/json"),
            ],
            r#"{"errorMessage":"boom"}"#,
        ),
    );
    add("rest_bindings", "ok-response-async", response(202, &[], ""));
    add(
        "rest_bindings",
        "ok-response-layer",
        response(
            200,
            &[JSON],
            r#"{"Content":{"Location":"https://example.com/layer.zip","CodeSha256":"abc=","CodeSize":169,"SigningProfileVersionArn":"arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/v"},"LayerArn":"arn:aws:lambda:us-east-1:123456789012:layer:my-layer","LayerVersionArn":"arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3","Description":"d","CreatedDate":"2018-11-14T23:03:52.894+0000","Version":3,"CompatibleRuntimes":["python3.12","nodejs20.x"],"LicenseInfo":"MIT","CompatibleArchitectures":["arm64"]}"#,
        ),
    );
    add(
        "rest_bindings",
        "bad-response-throttled",
        response(
            429,
            &[JSON, ("X-Amzn-Errortype", "TooManyRequestsException"), ("Retry-After", "10")],
            r#"{"Type":"User","message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}"#,
        ),
    );
    add(
        "rest_bindings",
        "bad-response-not-found",
        response(
            404,
            &[JSON],
            r#"{"__type":"ResourceNotFoundException","Type":"User","Message":"Function not found"}"#,
        ),
    );

    // Typed inputs drawn by `Arbitrary` (the first byte picks the operation): no bytes, the
    // extremes, every byte value, and text.
    let ramp: Vec<u8> = (0..=255).collect();
    add("validate", "zeros", vec![0; 64]);
    add("validate", "ones", vec![0xff; 256]);
    for operation in 0..4u8 {
        add("validate", &format!("ramp-{operation}"), [&[operation][..], &ramp].concat());
    }
    add(
        "validate",
        "text",
        b"\x02arn:aws:appfabric:us-east-1:123456789012:appbundle/x jane@example.com".to_vec(),
    );
    seeds
}

/// The models whose operations are fuzzed: path (from the repository root) and operations.
fn fuzzed_models(lambda: &[String]) -> Vec<(&'static str, Vec<&str>)> {
    vec![
        ("models/appstream.json", vec!["BatchAssociateUserStack", "BatchDisassociateUserStack"]),
        ("models/appfabric.json", vec!["StartUserAccessTasks", "BatchGetUserAccessTasks"]),
        ("../shared/aws-models/lambda.json", lambda.iter().map(String::as_str).collect()),
    ]
}

pub fn write(root: &Path) -> Result<(), String> {
    let mut models = Vec::new();
    let lambda = super::lambda_operations();
    for (path, operations) in fuzzed_models(&lambda) {
        let file = root.join(path);
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let model: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        models.push((model, operations));
    }
    let mut seeds = committed();
    for (model, operations) in &models {
        seeds.extend(example_seeds(model, operations));
    }
    for (target, name, data) in &seeds {
        let dir = root.join("fuzz").join("corpus").join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(dir.join(name), data).map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    }
    let mut tokens = fixed_tokens();
    for (model, operations) in &models {
        model_tokens(model, operations, &mut tokens);
    }
    let mut dict = String::from(
        "# libFuzzer dictionary of every fuzz target: JSON and HTTP tokens, and the fuzzed operations'\n\
         # member names, enum values, error names, bound header and query names and URI segments.\n\
         # @generated by `cargo xtask fuzz --write-seeds` from the models; do not edit by hand.\n",
    );
    for token in &tokens {
        dict.push_str(&dict_entry(token));
        dict.push('\n');
    }
    let path = root.join("fuzz").join("json.dict");
    std::fs::write(&path, dict).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "wrote {} seeds under fuzz/corpus and {} dictionary entries in fuzz/json.dict",
        seeds.len(),
        tokens.len()
    );
    Ok(())
}

/// The `smithy.api#examples` of the fuzzed operations: their inputs' and outputs' JSON as
/// seeds of the JSON reader.
fn example_seeds(model: &Value, operations: &[&str]) -> Vec<(&'static str, String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for (id, shape) in shapes(model) {
        let name = id.rsplit('#').next().unwrap_or(id);
        if !operations.contains(&name) {
            continue;
        }
        let examples = shape.pointer("/traits/smithy.api#examples").and_then(Value::as_array);
        for (i, example) in examples.into_iter().flatten().enumerate() {
            for part in ["input", "output"] {
                if let Some(value) = example.get(part) {
                    seeds.push((
                        "json_reader",
                        format!("example-{name}-{i}-{part}"),
                        value.to_string().into_bytes(),
                    ));
                }
            }
        }
    }
    seeds
}

fn shapes(model: &Value) -> impl Iterator<Item = (&String, &Value)> {
    model.get("shapes").and_then(Value::as_object).into_iter().flatten()
}

fn fixed_tokens() -> BTreeSet<String> {
    let fixed = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\\\"",
        "\\\\",
        "\\/",
        "\\u",
        "\\ud83d\\ude00",
        "\\ud800",
        "\\u0000",
        "true",
        "false",
        "null",
        "-0",
        "1e308",
        "1e-308",
        "E+",
        ".5",
        "9223372036854775808",
        "\"NaN\"",
        "\"Infinity\"",
        "\"-Infinity\"",
        "\"2019-12-16T23:48:18Z\"",
        "\"Mon, 16 Dec 2019 23:48:18 GMT\"",
        "\n\n",
        "\r\n",
        "GET ",
        "POST ",
        "PUT ",
        "DELETE ",
        "HEAD ",
        "PATCH ",
        "/",
        "?",
        "&",
        "=",
        "%",
        "%2F",
        "%20",
        "%C3%A9",
        "%zz",
        "Content-Type: ",
        "application/json",
        "application/x-amz-json-1.1",
        "application/octet-stream",
        "Accept: ",
        "*/*",
        "X-Amz-Target: ",
        "X-Amzn-Errortype: ",
        "__type",
        "message",
        "Message",
        "code",
        "Retry-After: ",
        "Content-Length: ",
        "200",
        "201",
        "204",
        "400",
        "404",
        "500",
    ];
    fixed.iter().map(|s| (*s).to_owned()).collect()
}

/// Walks the operations' closure: member names (and `jsonName`s), enum values, error names,
/// bound header and query names, URI literal segments, the service's `X-Amz-Target` prefix.
fn model_tokens(model: &Value, operations: &[&str], tokens: &mut BTreeSet<String>) {
    let all: std::collections::BTreeMap<&String, &Value> = shapes(model).collect();
    for (id, shape) in &all {
        if shape.get("type").and_then(Value::as_str) == Some("service") {
            let name = id.rsplit('#').next().unwrap_or(id);
            tokens.insert(format!("{name}."));
        }
    }
    let mut pending: Vec<String> = all
        .keys()
        .filter(|id| operations.contains(&id.rsplit('#').next().unwrap_or(id)))
        .map(|id| (*id).clone())
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = all.get(&id) else { continue };
        let name = id.rsplit('#').next().unwrap_or(&id);
        let traits = shape.get("traits");
        if let Some(uri) = traits.and_then(|t| t.pointer("/smithy.api#http/uri")).and_then(Value::as_str) {
            let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
            for segment in path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')) {
                tokens.insert(format!("/{segment}"));
            }
            if !query.is_empty() {
                tokens.insert(query.to_owned());
            }
        }
        if traits.and_then(|t| t.get("smithy.api#error")).is_some() {
            tokens.insert(name.to_owned());
        }
        for key in ["input", "output"] {
            if let Some(target) = shape.pointer(&format!("/{key}/target")).and_then(Value::as_str) {
                pending.push(target.to_owned());
            }
        }
        for error in shape.get("errors").and_then(Value::as_array).into_iter().flatten() {
            if let Some(target) = error.get("target").and_then(Value::as_str) {
                pending.push(target.to_owned());
            }
        }
        let is_enum = matches!(shape.get("type").and_then(Value::as_str), Some("enum" | "intEnum"));
        for (member_name, member) in shape.get("members").and_then(Value::as_object).into_iter().flatten() {
            let traits = member.get("traits");
            if is_enum {
                match traits.and_then(|t| t.get("smithy.api#enumValue")) {
                    Some(Value::String(value)) => tokens.insert(format!("\"{value}\"")),
                    Some(value) => tokens.insert(value.to_string()),
                    None => tokens.insert(format!("\"{member_name}\"")),
                };
                continue;
            }
            tokens.insert(format!("\"{member_name}\""));
            let text = |name: &str| traits.and_then(|t| t.get(name)).and_then(Value::as_str);
            if let Some(json_name) = text("smithy.api#jsonName") {
                tokens.insert(format!("\"{json_name}\""));
            }
            if let Some(header) = text("smithy.api#httpHeader") {
                tokens.insert(format!("{header}: "));
            }
            if let Some(prefix) = text("smithy.api#httpPrefixHeaders") {
                tokens.insert(prefix.to_owned());
            }
            if let Some(query) = text("smithy.api#httpQuery") {
                tokens.insert(format!("{query}="));
            }
            if let Some(target) = member.get("target").and_then(Value::as_str) {
                pending.push(target.to_owned());
            }
        }
        for part in ["member", "key", "value"] {
            if let Some(target) = shape.pointer(&format!("/{part}/target")).and_then(Value::as_str) {
                pending.push(target.to_owned());
            }
        }
        for value in
            traits.and_then(|t| t.get("smithy.api#enum")).and_then(Value::as_array).into_iter().flatten()
        {
            if let Some(value) = value.get("value").and_then(Value::as_str) {
                tokens.insert(format!("\"{value}\""));
            }
        }
    }
}

/// One libFuzzer dictionary line: the token quoted, `\` and `"` escaped, other bytes outside
/// printable ASCII as `\xNN`.
fn dict_entry(token: &str) -> String {
    let mut out = String::from("\"");
    for byte in token.bytes() {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(char::from(byte)),
            other => out.push_str(&format!("\\x{other:02X}")),
        }
    }
    out.push('"');
    out
}

/// The protocol compliance suite's messages for a target: JSON bodies for the JSON reader,
/// awsJson1_1 requests (aimed at AppStream's operations) for `server_appstream`, restJson1
/// requests (the malformed-request cases too) for `server_appfabric` and `rest_bindings`,
/// and awsJson and restJson1 responses for the response readers.
pub fn suite_seeds(suite: &Path, target: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let text = std::fs::read_to_string(suite).map_err(|e| format!("{}: {e}", suite.display()))?;
    let model: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", suite.display()))?;
    let json_protocols = ["aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1", "aws.protocols#restJson1"];
    let mut seeds = Vec::new();
    for (_, shape) in shapes(&model) {
        for kind in ["httpRequestTests", "httpResponseTests", "httpMalformedRequestTests"] {
            let cases = shape.pointer(&format!("/traits/smithy.test#{kind}")).and_then(Value::as_array);
            for case in cases.into_iter().flatten() {
                let protocol = case.get("protocol").and_then(Value::as_str).unwrap_or_default();
                if !json_protocols.contains(&protocol) {
                    continue;
                }
                let id = case.get("id").and_then(Value::as_str).unwrap_or("case");
                let name =
                    format!("suite-{}", id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"));
                let message =
                    if kind == "httpMalformedRequestTests" { case.get("request") } else { Some(case) };
                let Some(message) = message else { continue };
                let body = message.get("body").and_then(Value::as_str).unwrap_or_default();
                let rest = protocol == "aws.protocols#restJson1";
                let data = match (target, kind) {
                    ("json_reader", _) if !body.trim().is_empty() => Some(body.as_bytes().to_vec()),
                    ("parse_response", "httpResponseTests") => Some(suite_response(message, body)),
                    ("rest_bindings", "httpResponseTests") if rest => Some(suite_response(message, body)),
                    (
                        "rest_bindings" | "server_appfabric",
                        "httpRequestTests" | "httpMalformedRequestTests",
                    ) if rest => Some(suite_request(message, body, None)),
                    ("server_appstream", "httpRequestTests") if protocol == "aws.protocols#awsJson1_1" => {
                        Some(suite_request(message, body, Some(ASSOCIATE)))
                    }
                    _ => None,
                };
                if let Some(data) = data {
                    seeds.push((name, data));
                }
            }
        }
    }
    Ok(seeds)
}

fn headers_of(message: &Value) -> Vec<(&str, &str)> {
    let headers = message.get("headers").and_then(Value::as_object).into_iter().flatten();
    headers.filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))).collect()
}

fn suite_response(message: &Value, body: &str) -> Vec<u8> {
    let code = message.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok()).unwrap_or(200);
    response(code, &headers_of(message), body)
}

/// A request case; `target`, when given, replaces its `X-Amz-Target` (awsJson cases name the
/// suite's own service).
fn suite_request(message: &Value, body: &str, target: Option<(&str, &str)>) -> Vec<u8> {
    let method = message.get("method").and_then(Value::as_str).unwrap_or("POST");
    let uri = message.get("uri").and_then(Value::as_str).unwrap_or("/");
    let query: Vec<&str> = message
        .get("queryParams")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let path = if query.is_empty() { uri.to_owned() } else { format!("{uri}?{}", query.join("&")) };
    let mut headers = headers_of(message);
    if let Some(replacement) = target {
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(replacement.0));
        headers.push(replacement);
    }
    request(method, &path, &headers, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_written_in_the_harness_format() {
        assert_eq!(request("GET", "/a?b=c", &[("X", "1")], "{}"), b"GET /a?b=c\nX: 1\n\n{}");
        assert_eq!(response(201, &[("X", "1")], "{}"), b"201\nX: 1\n\n{}");
        assert_eq!(response(204, &[], ""), b"204\n\n");
    }

    #[test]
    fn dictionary_entries_are_escaped() {
        assert_eq!(dict_entry("a\"b\\c\n"), "\"a\\\"b\\\\c\\x0A\"");
    }

    #[test]
    fn seed_names_say_what_they_are() {
        let seeds = committed();
        for (target, name, _) in &seeds {
            assert!(super::super::TARGETS.contains(target), "{target}");
            let kind_named = name.starts_with("ok-") || name.starts_with("bad-");
            assert!(["json_reader", "validate"].contains(target) || kind_named, "{target}/{name}");
        }
        let names: BTreeSet<(&str, &str)> = seeds.iter().map(|(t, n, _)| (*t, n.as_str())).collect();
        assert_eq!(names.len(), seeds.len(), "two seeds share a name");
    }
}
