//! Wire-level tests of the four seed operations through the committed `generated` crate:
//! AppFabric `StartUserAccessTasks` / `BatchGetUserAccessTasks` (restJson1) and AppStream
//! `BatchAssociateUserStack` / `BatchDisassociateUserStack` (awsJson1_1).
//!
//! Expectations come from independent sources only: the Smithy 2.0 protocol rules
//! (`shared/notes/SMITHY-RULES.md`), the AWS documentation of the seed operations
//! (`shared/seeds/`), and the official models `models/*.json` read here with `serde_json`
//! (HTTP bindings, `@httpError`, `@httpHeader`, `@length`, `@pattern`, enum values). Nothing is
//! taken from what the generator emits. JSON bodies are compared as parsed `serde_json::Value`s.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use generated::appfabric::errors::{BatchGetUserAccessTasksError, StartUserAccessTasksError};
use generated::appfabric::operations::{BatchGetUserAccessTasks, StartUserAccessTasks};
use generated::appfabric::types as af;
use generated::appstream::errors::{BatchAssociateUserStackError, BatchDisassociateUserStackError};
use generated::appstream::operations::{BatchAssociateUserStack, BatchDisassociateUserStack};
use generated::appstream::types as ast;
use generated::runtime::{HttpRequest, HttpResponse, RequestError, UnhandledError, ValidationError};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The models, read independently of the generator
// ---------------------------------------------------------------------------------------------

const AF: &str = "com.amazonaws.appfabric#";
const AS: &str = "com.amazonaws.appstream#";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace").to_path_buf()
}

fn load_model(file: &str) -> Value {
    let path = workspace_root().join("models").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn appfabric_model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| load_model("appfabric.json"))
}

fn appstream_model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| load_model("appstream.json"))
}

fn shape<'a>(model: &'a Value, id: &str) -> &'a Value {
    model["shapes"].get(id).unwrap_or_else(|| panic!("shape {id} not in the model"))
}

fn shape_trait<'a>(model: &'a Value, id: &str, name: &str) -> Option<&'a Value> {
    shape(model, id).get("traits").and_then(|t| t.get(name))
}

fn member<'a>(model: &'a Value, structure: &str, name: &str) -> &'a Value {
    shape(model, structure)["members"]
        .get(name)
        .unwrap_or_else(|| panic!("{structure}${name} not in the model"))
}

fn member_target(model: &Value, structure: &str, name: &str) -> String {
    member(model, structure, name)["target"].as_str().unwrap().to_owned()
}

fn member_trait<'a>(model: &'a Value, structure: &str, name: &str, trait_id: &str) -> Option<&'a Value> {
    member(model, structure, name).get("traits").and_then(|t| t.get(trait_id))
}

fn member_names(model: &Value, structure: &str) -> BTreeSet<String> {
    shape(model, structure)["members"].as_object().unwrap().keys().cloned().collect()
}

/// `@length` of a shape: (min, max).
fn length_bounds(model: &Value, id: &str) -> (Option<usize>, Option<usize>) {
    let length = shape_trait(model, id, "smithy.api#length").unwrap_or_else(|| panic!("{id} has no @length"));
    let bound = |k: &str| length.get(k).map(|v| v.as_u64().unwrap() as usize);
    (bound("min"), bound("max"))
}

fn pattern_of(model: &Value, id: &str) -> String {
    shape_trait(model, id, "smithy.api#pattern")
        .unwrap_or_else(|| panic!("{id} has no @pattern"))
        .as_str()
        .unwrap()
        .to_owned()
}

/// The wire values of an enum shape, in model order.
fn enum_values(model: &Value, id: &str) -> Vec<String> {
    let s = shape(model, id);
    assert_eq!(s["type"], "enum", "{id}");
    s["members"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, m)| {
            m.get("traits")
                .and_then(|t| t.get("smithy.api#enumValue"))
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_owned()
        })
        .collect()
}

fn http_error_status(model: &Value, id: &str) -> u16 {
    match shape_trait(model, id, "smithy.api#httpError") {
        Some(code) => code.as_u64().unwrap() as u16,
        None => match shape_trait(model, id, "smithy.api#error").and_then(Value::as_str) {
            Some("client") => 400,
            Some("server") => 500,
            other => panic!("{id} is not an error shape: {other:?}"),
        },
    }
}

/// The modeled errors of an operation, by shape name.
fn operation_errors(model: &Value, op: &str) -> Vec<String> {
    shape(model, op)["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["target"].as_str().unwrap().rsplit('#').next().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// An error shape of the service that the operation does not declare.
fn foreign_error(model: &Value, ns: &str, op: &str) -> String {
    let declared = operation_errors(model, &format!("{ns}{op}"));
    model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(id, s)| {
            id.starts_with(ns) && s.get("traits").is_some_and(|t| t.get("smithy.api#error").is_some())
        })
        .map(|(id, _)| id.rsplit('#').next().unwrap().to_owned())
        .find(|name| !declared.contains(name))
        .expect("the service has an error the operation does not declare")
}

/// The service shape of a model: (shape name, traits).
fn service(model: &Value) -> (String, &Value) {
    let (id, s) = model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, s)| s["type"] == "service")
        .expect("a service shape");
    (id.rsplit('#').next().unwrap().to_owned(), &s["traits"])
}

// ---------------------------------------------------------------------------------------------
// Validation messages (smithy.framework#ValidationException wording) and helpers
// ---------------------------------------------------------------------------------------------

fn violation(path: &str, text: &str) -> (String, String) {
    (path.to_owned(), format!("Value at '{path}' failed to satisfy constraint: {text}"))
}

/// A `@length` violation as `smithy.framework#ValidationException` words it (the protocol
/// suite's `RestJsonMalformedLength*` cases): the length found, and the bounds the model
/// gives ("between .. inclusive" when it gives both).
fn length_violation(path: &str, length: usize, min: Option<usize>, max: Option<usize>) -> (String, String) {
    let text = match (min, max) {
        (Some(min), Some(max)) => format!("Member must have length between {min} and {max}, inclusive"),
        (Some(min), None) => format!("Member must have length greater than or equal to {min}"),
        (None, Some(max)) => format!("Member must have length less than or equal to {max}"),
        (None, None) => unreachable!("a @length with no bound"),
    };
    (path.to_owned(), format!("Value with length {length} at '{path}' failed to satisfy constraint: {text}"))
}

fn pattern_text(pattern: &str) -> String {
    format!("Member must satisfy regular expression pattern: {pattern}")
}

const NOT_NULL: &str = "Member must not be null";

/// No violations.
const NONE: [(String, String); 0] = [];

fn enum_text(values: &[String]) -> String {
    format!("Member must satisfy enum value set: [{}]", values.join(", "))
}

/// The violations `request()` reported, as sorted (path, message) pairs; empty on success.
fn violations(result: Result<HttpRequest, RequestError>) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = match result {
        Ok(_) => Vec::new(),
        Err(RequestError::Validation(errors)) => {
            errors.0.into_iter().map(|ValidationError { path, message }| (path, message)).collect()
        }
        Err(other) => panic!("expected a validation error, got {other:?}"),
    };
    found.sort();
    found
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

fn messages_at(found: &[(String, String)], path: &str) -> Vec<String> {
    found.iter().filter(|(p, _)| p == path).map(|(_, m)| m.clone()).collect()
}

fn body_json(request: &HttpRequest) -> Value {
    serde_json::from_slice(&request.body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&request.body)))
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse::new(status, headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(), body)
}

fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => panic!("panicked on {what}"),
    }
}

fn uuid(i: usize) -> String {
    format!("{i:08x}-0000-4000-8000-{i:012x}")
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const APP_BUNDLE_ARN: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-0123456789ab";
const APP_BUNDLE_UUID: &str = "a1b2c3d4-5678-90ab-cdef-0123456789ab";

fn start_input(app: &str, email: &str) -> af::StartUserAccessTasksRequest {
    af::StartUserAccessTasksRequest::builder().app_bundle_identifier(app).email(email).build().unwrap()
}

fn batch_get_input(app: &str, ids: Vec<String>) -> af::BatchGetUserAccessTasksRequest {
    af::BatchGetUserAccessTasksRequest::builder()
        .app_bundle_identifier(app)
        .task_id_list(ids)
        .build()
        .unwrap()
}

fn association(stack: &str, user: &str, auth: &str) -> ast::UserStackAssociation {
    ast::UserStackAssociation::builder()
        .stack_name(stack)
        .user_name(user)
        .authentication_type(auth)
        .send_email_notification(true)
        .build()
        .unwrap()
}

fn associations(n: usize) -> Vec<ast::UserStackAssociation> {
    (0..n).map(|i| association(&format!("stack-{i}"), &format!("user{i}@example.com"), "SAML")).collect()
}

fn associations_json(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| {
                json!({
                    "StackName": format!("stack-{i}"),
                    "UserName": format!("user{i}@example.com"),
                    "AuthenticationType": "SAML",
                    "SendEmailNotification": true,
                })
            })
            .collect(),
    )
}

/// The two AppStream operations share input shape and error set; run every check on both.
#[derive(Debug, Clone, Copy)]
enum AppStreamOp {
    Associate,
    Disassociate,
}

const APPSTREAM_OPS: [AppStreamOp; 2] = [AppStreamOp::Associate, AppStreamOp::Disassociate];

/// An AppStream operation error reduced to a comparable form.
#[derive(Debug, Clone, PartialEq)]
enum AppStreamError {
    InvalidParameterCombination(Option<String>),
    OperationNotPermitted(Option<String>),
    Unhandled(UnhandledError),
}

/// The outcome of an AppStream `parse_response`, whichever operation.
/// The error side is (error, `code()`, `message()`), boxed to keep the `Result` small.
type AppStreamParsed = Result<
    Option<Vec<ast::UserStackAssociationError>>,
    Box<(AppStreamError, Option<String>, Option<String>)>,
>;

impl AppStreamOp {
    fn name(self) -> &'static str {
        match self {
            AppStreamOp::Associate => "BatchAssociateUserStack",
            AppStreamOp::Disassociate => "BatchDisassociateUserStack",
        }
    }

    fn request(self, list: Vec<ast::UserStackAssociation>) -> Result<HttpRequest, RequestError> {
        match self {
            AppStreamOp::Associate => BatchAssociateUserStack::request(
                &ast::BatchAssociateUserStackRequest::builder()
                    .user_stack_associations(list)
                    .build()
                    .unwrap(),
            ),
            AppStreamOp::Disassociate => BatchDisassociateUserStack::request(
                &ast::BatchDisassociateUserStackRequest::builder()
                    .user_stack_associations(list)
                    .build()
                    .unwrap(),
            ),
        }
    }

    fn request_unvalidated(self, list: Vec<ast::UserStackAssociation>) -> Result<HttpRequest, RequestError> {
        match self {
            AppStreamOp::Associate => BatchAssociateUserStack::request_unvalidated(
                &ast::BatchAssociateUserStackRequest::builder()
                    .user_stack_associations(list)
                    .build()
                    .unwrap(),
            ),
            AppStreamOp::Disassociate => BatchDisassociateUserStack::request_unvalidated(
                &ast::BatchDisassociateUserStackRequest::builder()
                    .user_stack_associations(list)
                    .build()
                    .unwrap(),
            ),
        }
    }

    /// `input_from_json` then `request()`.
    fn request_from_json(self, json: &[u8]) -> Result<HttpRequest, RequestError> {
        match self {
            AppStreamOp::Associate => {
                BatchAssociateUserStack::request(&BatchAssociateUserStack::input_from_json(json).unwrap())
            }
            AppStreamOp::Disassociate => BatchDisassociateUserStack::request(
                &BatchDisassociateUserStack::input_from_json(json).unwrap(),
            ),
        }
    }

    fn parse(self, response: &HttpResponse) -> AppStreamParsed {
        match self {
            AppStreamOp::Associate => match BatchAssociateUserStack::parse_response(response) {
                Ok(output) => Ok(output.errors),
                Err(e) => {
                    let (code, message) = (e.code().map(str::to_owned), e.message().map(str::to_owned));
                    let error = match e {
                        BatchAssociateUserStackError::InvalidParameterCombinationException(x) => {
                            AppStreamError::InvalidParameterCombination(x.message)
                        }
                        BatchAssociateUserStackError::OperationNotPermittedException(x) => {
                            AppStreamError::OperationNotPermitted(x.message)
                        }
                        BatchAssociateUserStackError::Unhandled(x) => AppStreamError::Unhandled(x),
                        other => panic!("unexpected error variant {other:?}"),
                    };
                    Err(Box::new((error, code, message)))
                }
            },
            AppStreamOp::Disassociate => match BatchDisassociateUserStack::parse_response(response) {
                Ok(output) => Ok(output.errors),
                Err(e) => {
                    let (code, message) = (e.code().map(str::to_owned), e.message().map(str::to_owned));
                    let error = match e {
                        BatchDisassociateUserStackError::InvalidParameterCombinationException(x) => {
                            AppStreamError::InvalidParameterCombination(x.message)
                        }
                        BatchDisassociateUserStackError::OperationNotPermittedException(x) => {
                            AppStreamError::OperationNotPermitted(x.message)
                        }
                        BatchDisassociateUserStackError::Unhandled(x) => AppStreamError::Unhandled(x),
                        other => panic!("unexpected error variant {other:?}"),
                    };
                    Err(Box::new((error, code, message)))
                }
            },
        }
    }

    /// The output as member-name JSON (`output_to_json`).
    fn output_json(self, response: &HttpResponse) -> Value {
        let text = match self {
            AppStreamOp::Associate => BatchAssociateUserStack::output_to_json(
                &BatchAssociateUserStack::parse_response(response).unwrap(),
            ),
            AppStreamOp::Disassociate => BatchDisassociateUserStack::output_to_json(
                &BatchDisassociateUserStack::parse_response(response).unwrap(),
            ),
        };
        serde_json::from_str(&text.unwrap()).unwrap()
    }
}

/// An AppFabric operation error reduced to a comparable form (both operations share the set).
#[derive(Debug, Clone, PartialEq)]
enum AppFabricError {
    AccessDenied(af::AccessDeniedException),
    InternalServer(af::InternalServerException),
    ResourceNotFound(af::ResourceNotFoundException),
    Throttling(af::ThrottlingException),
    Validation(af::ValidationException),
    Unhandled(UnhandledError),
}

/// (error, `code()`, `message()`).
type AppFabricParsed = (AppFabricError, Option<String>, Option<String>);

macro_rules! appfabric_error {
    ($e:expr, $ty:ident) => {{
        let e = $e;
        let (code, message) = (e.code().map(str::to_owned), e.message().map(str::to_owned));
        let error = match e {
            $ty::AccessDeniedException(x) => AppFabricError::AccessDenied(x),
            $ty::InternalServerException(x) => AppFabricError::InternalServer(x),
            $ty::ResourceNotFoundException(x) => AppFabricError::ResourceNotFound(x),
            $ty::ThrottlingException(x) => AppFabricError::Throttling(x),
            $ty::ValidationException(x) => AppFabricError::Validation(x),
            $ty::Unhandled(x) => AppFabricError::Unhandled(x),
            other => panic!("unexpected error variant {other:?}"),
        };
        (error, code, message)
    }};
}

/// Parses an error response with both AppFabric operations; they must agree.
fn appfabric_error(response: &HttpResponse) -> AppFabricParsed {
    let start = match StartUserAccessTasks::parse_response(response) {
        Ok(output) => panic!("StartUserAccessTasks: expected an error, got {output:?}"),
        Err(e) => appfabric_error!(e, StartUserAccessTasksError),
    };
    let batch = match BatchGetUserAccessTasks::parse_response(response) {
        Ok(output) => panic!("BatchGetUserAccessTasks: expected an error, got {output:?}"),
        Err(e) => appfabric_error!(e, BatchGetUserAccessTasksError),
    };
    assert_eq!(start, batch, "both operations read the same error response the same way");
    start
}

// ---------------------------------------------------------------------------------------------
// 1. The exact HTTP request for a fully populated input
// ---------------------------------------------------------------------------------------------

/// The restJson1 binding of an AppFabric operation, read from the model.
fn appfabric_http(op: &str) -> (String, String, u16) {
    let http = shape_trait(appfabric_model(), &format!("{AF}{op}"), "smithy.api#http")
        .unwrap_or_else(|| panic!("{op} has no @http"));
    (
        http["method"].as_str().unwrap().to_owned(),
        http["uri"].as_str().unwrap().to_owned(),
        http.get("code").map_or(200, |c| c.as_u64().unwrap() as u16),
    )
}

/// Every input member of an AppFabric operation is in the body: no @httpLabel/@httpQuery/
/// @httpHeader/@httpPayload bindings, no @jsonName.
fn appfabric_body_members(op: &str) -> BTreeSet<String> {
    let model = appfabric_model();
    let input = shape(model, &format!("{AF}{op}"))["input"]["target"].as_str().unwrap().to_owned();
    let names = member_names(model, &input);
    for name in &names {
        for t in [
            "smithy.api#httpLabel",
            "smithy.api#httpQuery",
            "smithy.api#httpQueryParams",
            "smithy.api#httpHeader",
            "smithy.api#httpPrefixHeaders",
            "smithy.api#httpPayload",
            "smithy.api#jsonName",
        ] {
            assert!(member_trait(model, &input, name, t).is_none(), "{input}${name} has {t}");
        }
    }
    names
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn start_user_access_tasks_request_is_exact() {
    let (method, uri, _) = appfabric_http("StartUserAccessTasks");
    assert_eq!(
        (method.as_str(), uri.as_str()),
        ("POST", "/useraccess/start"),
        "model @http agrees with the docs"
    );

    let request =
        StartUserAccessTasks::request(&start_input(APP_BUNDLE_ARN, "jane.doe@example.com")).unwrap();
    assert_eq!(request.method, method);
    assert_eq!(request.uri, uri);
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_eq!(request.host_prefix, None);
    assert_eq!(header(&request, "Content-Type"), Some("application/json"));
    assert_eq!(header(&request, "X-Amz-Target"), None, "restJson1 has no target header");
    let body = body_json(&request);
    assert_eq!(body, json!({"appBundleIdentifier": APP_BUNDLE_ARN, "email": "jane.doe@example.com"}));
    assert_eq!(keys(&body), appfabric_body_members("StartUserAccessTasks"));

    // A non-ASCII (but pattern-valid: U+2019 is in the local-part class) email survives JSON escaping.
    let email = "o\u{2019}neil+tag@sub.example.co.uk";
    let request = StartUserAccessTasks::request(&start_input(APP_BUNDLE_UUID, email)).unwrap();
    assert_eq!(body_json(&request), json!({"appBundleIdentifier": APP_BUNDLE_UUID, "email": email}));
}

#[test]
fn batch_get_user_access_tasks_request_is_exact() {
    let (method, uri, _) = appfabric_http("BatchGetUserAccessTasks");
    assert_eq!(
        (method.as_str(), uri.as_str()),
        ("POST", "/useraccess/batchget"),
        "model @http agrees with the docs"
    );
    let (_, max) = length_bounds(appfabric_model(), &format!("{AF}TaskIdList"));
    let ids: Vec<String> = (0..max.unwrap()).map(uuid).collect();

    let request = BatchGetUserAccessTasks::request(&batch_get_input(APP_BUNDLE_UUID, ids.clone())).unwrap();
    assert_eq!(request.method, method);
    assert_eq!(request.uri, uri);
    assert!(request.query.is_empty(), "{:?}", request.query);
    assert_eq!(request.host_prefix, None);
    assert_eq!(header(&request, "Content-Type"), Some("application/json"));
    let body = body_json(&request);
    assert_eq!(body, json!({"appBundleIdentifier": APP_BUNDLE_UUID, "taskIdList": ids}));
    assert_eq!(keys(&body), appfabric_body_members("BatchGetUserAccessTasks"));
}

#[test]
fn appstream_requests_are_exact() {
    let model = appstream_model();
    let (service_name, service_traits) = service(model);
    assert!(service_traits.get("aws.protocols#awsJson1_1").is_some(), "AppStream speaks awsJson1_1");
    let input_members = member_names(model, &format!("{AS}BatchAssociateUserStackRequest"));
    let association_members = member_names(model, &format!("{AS}UserStackAssociation"));
    let (_, max) = length_bounds(model, &format!("{AS}UserStackAssociationList"));
    let max = max.unwrap();

    for op in APPSTREAM_OPS {
        let request = op.request(associations(max)).unwrap();
        assert_eq!(request.method, "POST", "{op:?}");
        assert_eq!(request.uri, "/", "{op:?}");
        assert!(request.query.is_empty(), "{op:?}");
        assert_eq!(request.host_prefix, None);
        assert_eq!(header(&request, "Content-Type"), Some("application/x-amz-json-1.1"), "{op:?}");
        let target = format!("{service_name}.{}", op.name());
        assert_eq!(target, format!("PhotonAdminProxyService.{}", op.name()));
        assert_eq!(header(&request, "X-Amz-Target"), Some(target.as_str()), "{op:?}");
        let body = body_json(&request);
        assert_eq!(body, json!({"UserStackAssociations": associations_json(max)}), "{op:?}");
        assert_eq!(keys(&body), input_members);
        assert_eq!(keys(&body["UserStackAssociations"][0]), association_members);

        // Every AuthenticationType value of the model, and strings that need JSON escaping
        // (the user name is pattern-valid: '"' and '\' are punctuation).
        let values = enum_values(model, &format!("{AS}AuthenticationType"));
        let user = "a\"b\\c/é中😀";
        let stack = "line\nbreak\ttab\u{1}ctl";
        let list: Vec<_> = values.iter().map(|v| association(stack, user, v)).collect();
        let body = body_json(&op.request(list).unwrap());
        let expected: Vec<Value> = values
            .iter()
            .map(|v| {
                json!({"StackName": stack, "UserName": user, "AuthenticationType": v, "SendEmailNotification": true})
            })
            .collect();
        assert_eq!(body, json!({ "UserStackAssociations": expected }), "{op:?}");

        // An unset optional member is left out, not written as null.
        let bare = ast::UserStackAssociation::builder()
            .stack_name("s")
            .user_name("u")
            .authentication_type("API")
            .build()
            .unwrap();
        let body = body_json(&op.request(vec![bare]).unwrap());
        assert_eq!(
            body,
            json!({"UserStackAssociations": [{"StackName": "s", "UserName": "u", "AuthenticationType": "API"}]})
        );
        // `false` is a value like any other: it is sent.
        let quiet = ast::UserStackAssociation::builder()
            .stack_name("s")
            .user_name("u")
            .authentication_type("AWS_AD")
            .send_email_notification(false)
            .build()
            .unwrap();
        let body = body_json(&op.request(vec![quiet]).unwrap());
        assert_eq!(body["UserStackAssociations"][0]["SendEmailNotification"], json!(false));
    }
}

#[test]
fn sensitive_input_members_are_redacted_in_debug() {
    // `Email` and `Username` carry @sensitive in the models.
    assert!(shape_trait(appfabric_model(), &format!("{AF}Email"), "smithy.api#sensitive").is_some());
    assert!(shape_trait(appstream_model(), &format!("{AS}Username"), "smithy.api#sensitive").is_some());
    let secret_email = "secret.person@example.com";
    let text = format!("{:?}", start_input(APP_BUNDLE_UUID, secret_email));
    assert!(!text.contains(secret_email), "{text}");
    assert!(text.contains(APP_BUNDLE_UUID), "{text}");
    let text = format!("{:?}", association("visible-stack", "secret-user", "SAML"));
    assert!(!text.contains("secret-user"), "{text}");
    assert!(text.contains("visible-stack"), "{text}");
}

#[test]
fn request_unvalidated_serializes_what_request_rejects() {
    let (_, max) = length_bounds(appstream_model(), &format!("{AS}UserStackAssociationList"));
    let over = max.unwrap() + 1;
    for op in APPSTREAM_OPS {
        assert!(op.request(associations(over)).is_err());
        let request = op.request_unvalidated(associations(over)).unwrap();
        assert_eq!(body_json(&request), json!({"UserStackAssociations": associations_json(over)}));
    }
    let request = StartUserAccessTasks::request_unvalidated(&start_input("", "not an email")).unwrap();
    assert_eq!(body_json(&request), json!({"appBundleIdentifier": "", "email": "not an email"}));
}

// ---------------------------------------------------------------------------------------------
// 2. Success responses
// ---------------------------------------------------------------------------------------------

#[test]
fn start_user_access_tasks_success_response() {
    let (_, _, code) = appfabric_http("StartUserAccessTasks");
    assert_eq!(code, 201, "the docs: the service sends back an HTTP 201 response");
    let task = uuid(7);
    let body = json!({
        "userAccessTasksList": [
            {
                "app": "Slack",
                "tenantId": "T0123",
                "taskId": task,
                "error": {"errorCode": "E42", "errorMessage": "tenant unreachable", "errorDetail": "x"},
                "futureMember": {"nested": [1, 2.5e300, {"deep": null}], "flag": true}
            },
            null,
            {"app": "Okta", "tenantId": "okta-1"}
        ],
        "nextToken": "ignored"
    });
    let resp = response(code, &[("Content-Type", "application/json")], body.to_string());
    let output = StartUserAccessTasks::parse_response(&resp).unwrap();
    let items = output.user_access_tasks_list.as_ref().unwrap();
    assert_eq!(items.len(), 2, "null entries of a dense list are skipped");
    assert_eq!(items[0].app, "Slack");
    assert_eq!(items[0].tenant_id, "T0123");
    assert_eq!(items[0].task_id.as_deref(), Some(task.as_str()));
    let error = items[0].error.as_ref().unwrap();
    assert_eq!(error.error_code.as_deref(), Some("E42"));
    assert_eq!(error.error_message.as_deref(), Some("tenant unreachable"));
    assert_eq!((items[1].app.as_str(), items[1].tenant_id.as_str()), ("Okta", "okta-1"));
    assert_eq!(items[1].task_id, None);
    assert_eq!(items[1].error, None);

    // Round trip through member-name JSON: the known members, nothing else.
    let text = StartUserAccessTasks::output_to_json(&output).unwrap();
    let round: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        round,
        json!({"userAccessTasksList": [
            {"app": "Slack", "tenantId": "T0123", "taskId": task,
             "error": {"errorCode": "E42", "errorMessage": "tenant unreachable"}},
            {"app": "Okta", "tenantId": "okta-1"}
        ]})
    );

    // An empty body and an empty object are an output with nothing set.
    for body in ["", "{}", "  \n"] {
        let output = StartUserAccessTasks::parse_response(&response(code, &[], body)).unwrap();
        assert_eq!(output.user_access_tasks_list, None, "{body:?}");
    }
}

#[test]
fn batch_get_user_access_tasks_success_response() {
    let (_, _, code) = appfabric_http("BatchGetUserAccessTasks");
    assert_eq!(code, 200);
    let statuses = enum_values(appfabric_model(), &format!("{AF}ResultStatus"));
    assert_eq!(statuses, ["IN_PROGRESS", "COMPLETED", "FAILED", "EXPIRED"], "the docs list these values");
    let full = json!({
        "app": "Slack",
        "tenantId": "T0123",
        "tenantDisplayName": "Example Corp",
        "taskId": uuid(1),
        "resultStatus": "COMPLETED",
        "email": "jane.doe@example.com",
        "userId": "U999",
        "userFullName": "Jane Doe",
        "userFirstName": "Jane",
        "userLastName": "Doe",
        "userStatus": "ACTIVE",
        "taskError": {"errorCode": "None", "errorMessage": ""}
    });
    let mut with_unknown = full.clone();
    with_unknown["someNewField"] = json!([{"a": [1, 2, 3]}, "x", null, false, -0.0]);
    let body = json!({
        "userAccessResultsList": [
            with_unknown,
            {"taskId": uuid(2), "resultStatus": "PAUSED", "taskError": {"errorCode": "E1", "errorMessage": "boom"}},
            {"taskId": uuid(3), "resultStatus": "FAILED", "app": null}
        ],
        "unmodeled": {"x": 1}
    });
    let output = BatchGetUserAccessTasks::parse_response(&response(code, &[], body.to_string())).unwrap();
    let items = output.user_access_results_list.as_ref().unwrap();
    assert_eq!(items.len(), 3);
    let first = &items[0];
    assert_eq!(first.app.as_deref(), Some("Slack"));
    assert_eq!(first.tenant_id.as_deref(), Some("T0123"));
    assert_eq!(first.tenant_display_name.as_deref(), Some("Example Corp"));
    assert_eq!(first.task_id.as_deref(), Some(uuid(1).as_str()));
    assert_eq!(first.result_status, Some(af::ResultStatus::Completed));
    assert_eq!(first.email.as_deref(), Some("jane.doe@example.com"));
    assert_eq!(first.user_id.as_deref(), Some("U999"));
    assert_eq!(first.user_full_name.as_deref(), Some("Jane Doe"));
    assert_eq!(first.user_first_name.as_deref(), Some("Jane"));
    assert_eq!(first.user_last_name.as_deref(), Some("Doe"));
    assert_eq!(first.user_status.as_deref(), Some("ACTIVE"));
    let task_error = first.task_error.as_ref().unwrap();
    assert_eq!(task_error.error_code.as_deref(), Some("None"));
    assert_eq!(task_error.error_message.as_deref(), Some(""));

    // An enum value the model does not know is kept, not rejected.
    assert_eq!(items[1].result_status, Some(af::ResultStatus::Unknown("PAUSED".to_owned())));
    assert_eq!(items[1].result_status.as_ref().unwrap().as_str(), "PAUSED");
    assert_eq!(items[1].task_error.as_ref().unwrap().error_message.as_deref(), Some("boom"));
    assert_eq!(items[2].result_status, Some(af::ResultStatus::Failed));
    assert_eq!(items[2].app, None, "null is absent");

    let text = BatchGetUserAccessTasks::output_to_json(&output).unwrap();
    let round: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        round,
        json!({"userAccessResultsList": [
            full,
            {"taskId": uuid(2), "resultStatus": "PAUSED", "taskError": {"errorCode": "E1", "errorMessage": "boom"}},
            {"taskId": uuid(3), "resultStatus": "FAILED"}
        ]})
    );
}

#[test]
fn appstream_success_responses() {
    let model = appstream_model();
    let codes = enum_values(model, &format!("{AS}UserStackAssociationErrorCode"));
    assert_eq!(codes, ["STACK_NOT_FOUND", "USER_NAME_NOT_FOUND", "DIRECTORY_NOT_FOUND", "INTERNAL_ERROR"]);
    let known = json!({
        "UserStackAssociation": {
            "StackName": "stack-1", "UserName": "jane@example.com",
            "AuthenticationType": "SAML", "SendEmailNotification": true
        },
        "ErrorCode": "STACK_NOT_FOUND",
        "ErrorMessage": "The stack was not found."
    });
    let body = json!({
        "errors": [
            known,
            {
                "UserStackAssociation": {
                    "StackName": "stack-2", "UserName": "bob", "AuthenticationType": "OIDC",
                    "SendEmailNotification": false, "Extra": [1, {"x": "y"}]
                },
                "ErrorCode": "QUOTA_EXCEEDED",
                "ErrorMessage": "new code",
                "RequestId": "abc"
            },
            null
        ],
        "NextToken": null,
        "Unmodeled": {"a": [true]}
    });
    for op in APPSTREAM_OPS {
        let resp = response(200, &[("Content-Type", "application/x-amz-json-1.1")], body.to_string());
        let errors = op.parse(&resp).unwrap().unwrap();
        assert_eq!(errors.len(), 2, "{op:?}: null entries of a dense list are skipped");
        let a = errors[0].user_stack_association.as_ref().unwrap();
        assert_eq!(a.stack_name.as_deref(), Some("stack-1"));
        assert_eq!(a.user_name.as_deref(), Some("jane@example.com"));
        assert_eq!(a.authentication_type, Some(ast::AuthenticationType::Saml));
        assert_eq!(a.send_email_notification, Some(true));
        assert_eq!(errors[0].error_code, Some(ast::UserStackAssociationErrorCode::StackNotFound));
        assert_eq!(errors[0].error_message.as_deref(), Some("The stack was not found."));

        let b = errors[1].user_stack_association.as_ref().unwrap();
        assert_eq!(b.authentication_type, Some(ast::AuthenticationType::Unknown("OIDC".to_owned())));
        assert_eq!(b.send_email_notification, Some(false));
        assert_eq!(
            errors[1].error_code,
            Some(ast::UserStackAssociationErrorCode::Unknown("QUOTA_EXCEEDED".to_owned()))
        );

        assert_eq!(
            op.output_json(&resp),
            json!({"errors": [
                known,
                {
                    "UserStackAssociation": {
                        "StackName": "stack-2", "UserName": "bob", "AuthenticationType": "OIDC",
                        "SendEmailNotification": false
                    },
                    "ErrorCode": "QUOTA_EXCEEDED",
                    "ErrorMessage": "new code"
                }
            ]}),
            "{op:?}"
        );

        for empty in ["", "{}", "{\"errors\": null}", "{\"errors\": []}"] {
            let errors = op.parse(&response(200, &[], empty)).unwrap();
            assert!(errors.unwrap_or_default().is_empty(), "{op:?} {empty:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Modeled and unmodeled errors
// ---------------------------------------------------------------------------------------------

#[test]
fn appfabric_operations_declare_the_documented_errors() {
    let documented = [
        ("AccessDeniedException", 403),
        ("InternalServerException", 500),
        ("ResourceNotFoundException", 404),
        ("ThrottlingException", 429),
        ("ValidationException", 400),
    ];
    for op in ["StartUserAccessTasks", "BatchGetUserAccessTasks"] {
        let mut errors = operation_errors(appfabric_model(), &format!("{AF}{op}"));
        errors.sort();
        let names: Vec<&str> = documented.iter().map(|(n, _)| *n).collect();
        assert_eq!(errors, names, "{op}");
    }
    for (name, status) in documented {
        assert_eq!(http_error_status(appfabric_model(), &format!("{AF}{name}")), status, "{name}");
    }
}

/// The `Retry-After` header name bound to `retryAfterSeconds`, read from the model.
fn retry_after_header(error: &str) -> String {
    member_trait(appfabric_model(), &format!("{AF}{error}"), "retryAfterSeconds", "smithy.api#httpHeader")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{error}$retryAfterSeconds has no @httpHeader"))
        .to_owned()
}

#[test]
fn appfabric_modeled_errors_by_header() {
    let model = appfabric_model();
    let status = |name: &str| http_error_status(model, &format!("{AF}{name}"));

    let (error, code, message) = appfabric_error(&response(
        status("AccessDeniedException"),
        &[("X-Amzn-Errortype", "AccessDeniedException")],
        r#"{"message":"You are not authorized."}"#,
    ));
    let AppFabricError::AccessDenied(e) = error else { panic!("{error:?}") };
    assert_eq!(e.message, "You are not authorized.");
    assert_eq!(code.as_deref(), Some("AccessDeniedException"));
    assert_eq!(message.as_deref(), Some("You are not authorized."));

    let retry = retry_after_header("InternalServerException");
    let (error, code, _) = appfabric_error(&response(
        status("InternalServerException"),
        &[("X-Amzn-Errortype", "InternalServerException"), (retry.as_str(), "12")],
        r#"{"message":"Internal failure."}"#,
    ));
    let AppFabricError::InternalServer(e) = error else { panic!("{error:?}") };
    assert_eq!(e.message, "Internal failure.");
    assert_eq!(e.retry_after_seconds, Some(12));
    assert_eq!(code.as_deref(), Some("InternalServerException"));

    let (error, code, message) = appfabric_error(&response(
        status("ResourceNotFoundException"),
        &[("X-Amzn-Errortype", "ResourceNotFoundException")],
        r#"{"message":"Not found.","resourceId":"arn:aws:appfabric:us-east-1:1:appbundle/x","resourceType":"AppBundle","extra":[1]}"#,
    ));
    let AppFabricError::ResourceNotFound(e) = error else { panic!("{error:?}") };
    assert_eq!(e.message, "Not found.");
    assert_eq!(e.resource_id, "arn:aws:appfabric:us-east-1:1:appbundle/x");
    assert_eq!(e.resource_type, "AppBundle");
    assert_eq!(
        (code.as_deref(), message.as_deref()),
        (Some("ResourceNotFoundException"), Some("Not found."))
    );

    let retry = retry_after_header("ThrottlingException");
    assert_eq!(retry, "Retry-After");
    for header_name in [retry.clone(), retry.to_ascii_lowercase()] {
        let (error, code, _) = appfabric_error(&response(
            status("ThrottlingException"),
            &[("X-Amzn-Errortype", "ThrottlingException"), (header_name.as_str(), " 30 ")],
            r#"{"message":"Rate exceeded.","serviceCode":"appfabric","quotaCode":"L-1234"}"#,
        ));
        let AppFabricError::Throttling(e) = error else { panic!("{error:?}") };
        assert_eq!(e.message, "Rate exceeded.");
        assert_eq!(e.service_code.as_deref(), Some("appfabric"));
        assert_eq!(e.quota_code.as_deref(), Some("L-1234"));
        assert_eq!(e.retry_after_seconds, Some(30), "header {header_name:?} (names are case-insensitive)");
        assert_eq!(code.as_deref(), Some("ThrottlingException"));
    }
    // Without the header the member is absent.
    let (error, _, _) = appfabric_error(&response(
        429,
        &[("X-Amzn-Errortype", "ThrottlingException")],
        r#"{"message":"Rate exceeded."}"#,
    ));
    let AppFabricError::Throttling(e) = error else { panic!("{error:?}") };
    assert_eq!((e.service_code, e.quota_code, e.retry_after_seconds), (None, None, None));

    let reasons = enum_values(model, &format!("{AF}ValidationExceptionReason"));
    assert!(reasons.contains(&"fieldValidationFailed".to_owned()));
    let (error, code, message) = appfabric_error(&response(
        status("ValidationException"),
        &[("X-Amzn-Errortype", "ValidationException")],
        r#"{"message":"Invalid input.","reason":"fieldValidationFailed",
            "fieldList":[{"name":"email","message":"bad email"},null,{"name":"taskIdList","message":"too many"}]}"#,
    ));
    let AppFabricError::Validation(e) = error else { panic!("{error:?}") };
    assert_eq!(e.message, "Invalid input.");
    assert_eq!(e.reason, af::ValidationExceptionReason::FieldValidationFailed);
    let fields: Vec<(&str, &str)> =
        e.field_list.as_ref().unwrap().iter().map(|f| (f.name.as_str(), f.message.as_str())).collect();
    assert_eq!(fields, [("email", "bad email"), ("taskIdList", "too many")]);
    assert_eq!((code.as_deref(), message.as_deref()), (Some("ValidationException"), Some("Invalid input.")));

    let (error, _, _) = appfabric_error(&response(
        400,
        &[("X-Amzn-Errortype", "ValidationException")],
        r#"{"message":"m","reason":"somethingNew"}"#,
    ));
    let AppFabricError::Validation(e) = error else { panic!("{error:?}") };
    assert_eq!(e.reason, af::ValidationExceptionReason::Unknown("somethingNew".to_owned()));
    assert_eq!(e.field_list, None);
}

#[test]
fn appfabric_error_code_forms() {
    let body = r#"{"message":"Not found.","resourceId":"r-1","resourceType":"AppBundle"}"#;
    let not_found = |(error, code, _): AppFabricParsed, case: &str| {
        let AppFabricError::ResourceNotFound(e) = error else { panic!("{case}: {error:?}") };
        assert_eq!((e.message.as_str(), e.resource_id.as_str()), ("Not found.", "r-1"), "{case}");
        assert_eq!(code.as_deref(), Some("ResourceNotFoundException"), "{case}");
    };
    // Header forms: plain, namespaced, with the `:http://...` suffix, lower-case header name.
    for value in [
        "ResourceNotFoundException",
        "com.amazonaws.appfabric#ResourceNotFoundException",
        "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        "aws.protocols#ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
    ] {
        for name in ["X-Amzn-Errortype", "x-amzn-errortype"] {
            not_found(appfabric_error(&response(404, &[(name, value)], body)), &format!("{name}: {value}"));
        }
    }
    // Body forms: `code` and `__type`, plain or namespaced.
    for (key, value) in [
        ("code", "ResourceNotFoundException"),
        ("__type", "ResourceNotFoundException"),
        ("__type", "com.amazonaws.appfabric#ResourceNotFoundException"),
        ("__type", "aws.protocols#ResourceNotFoundException:http://internal.amazon.com/"),
    ] {
        let mut json: Value = serde_json::from_str(body).unwrap();
        json[key] = json!(value);
        not_found(appfabric_error(&response(404, &[], json.to_string())), &format!("{key}: {value}"));
    }
    // The header wins over the body.
    let (error, _, _) = appfabric_error(&response(
        429,
        &[("X-Amzn-Errortype", "ThrottlingException")],
        r#"{"__type":"AccessDeniedException","code":"AccessDeniedException","message":"slow down"}"#,
    ));
    assert!(matches!(&error, AppFabricError::Throttling(e) if e.message == "slow down"), "{error:?}");
}

#[test]
fn appfabric_unmodeled_errors_are_unhandled() {
    // An error of the service that these operations do not declare, an invented one, and one
    // given only in the body: each is `Unhandled`, keeping code, message and status.
    let foreign = foreign_error(appfabric_model(), AF, "StartUserAccessTasks");
    assert_eq!(foreign_error(appfabric_model(), AF, "BatchGetUserAccessTasks"), foreign);
    for (status, headers, body, want_code, want_message) in [
        (
            409,
            vec![("X-Amzn-Errortype", foreign.as_str())],
            r#"{"message":"conflict"}"#,
            foreign.as_str(),
            "conflict",
        ),
        (
            418,
            vec![("X-Amzn-Errortype", "aws.protocols#TeapotException:http://internal.amazon.com/")],
            r#"{"message":"short and stout"}"#,
            "TeapotException",
            "short and stout",
        ),
        (
            503,
            vec![],
            r#"{"__type":"ServiceUnavailable","Message":"try later"}"#,
            "ServiceUnavailable",
            "try later",
        ),
    ] {
        let (error, code, message) = appfabric_error(&response(status, &headers, body));
        let AppFabricError::Unhandled(e) = error else { panic!("{want_code}: {error:?}") };
        assert_eq!(e.code.as_deref(), Some(want_code));
        assert_eq!(e.message.as_deref(), Some(want_message));
        assert_eq!(e.status, status);
        assert_eq!(e.parse_error, None);
        assert_eq!((code.as_deref(), message.as_deref()), (Some(want_code), Some(want_message)));
    }
    // No code at all.
    let (error, code, _) = appfabric_error(&response(502, &[], ""));
    let AppFabricError::Unhandled(e) = error else { panic!("{error:?}") };
    assert_eq!((e.code, e.status), (None, 502));
    assert_eq!(code, None);
    // A modeled code whose body cannot be read: still an error, code and status kept.
    let (error, code, _) = appfabric_error(&response(
        404,
        &[("X-Amzn-Errortype", "ResourceNotFoundException")],
        r#"{"message":"x","resourceId":42}"#,
    ));
    let AppFabricError::Unhandled(e) = error else { panic!("{error:?}") };
    assert_eq!((e.code.as_deref(), e.status), (Some("ResourceNotFoundException"), 404));
    assert!(e.parse_error.is_some());
    assert_eq!(code.as_deref(), Some("ResourceNotFoundException"));
}

#[test]
fn appstream_modeled_and_unmodeled_errors() {
    let model = appstream_model();
    for op in APPSTREAM_OPS {
        let mut declared = operation_errors(model, &format!("{AS}{}", op.name()));
        declared.sort();
        assert_eq!(
            declared,
            ["InvalidParameterCombinationException", "OperationNotPermittedException"],
            "{op:?}"
        );
        // The member is `Message` in the model; services also send `message`.
        assert!(member_names(model, &format!("{AS}OperationNotPermittedException")).contains("Message"));
        for name in &declared {
            let status = http_error_status(model, &format!("{AS}{name}"));
            assert_eq!(status, 400);
            for (code_form, key) in [
                (name.clone(), "message"),
                (format!("com.amazonaws.appstream#{name}"), "Message"),
                (format!("{name}:http://internal.amazon.com/coral/com.amazon.coral.service/"), "message"),
            ] {
                let body = json!({ "__type": code_form, key: format!("{name} happened") }).to_string();
                let (error, code, message) = *op.parse(&response(status, &[], body)).unwrap_err();
                let text = Some(format!("{name} happened"));
                let expected = match name.as_str() {
                    "InvalidParameterCombinationException" => {
                        AppStreamError::InvalidParameterCombination(text.clone())
                    }
                    _ => AppStreamError::OperationNotPermitted(text.clone()),
                };
                assert_eq!(error, expected, "{op:?} {code_form} {key}");
                assert_eq!(code.as_deref(), Some(name.as_str()));
                assert_eq!(message, text);
            }
            // The header identifies the error too; the message may be absent.
            let (error, _, _) =
                *op.parse(&response(status, &[("X-Amzn-Errortype", name)], "{}")).unwrap_err();
            assert!(
                matches!(
                    error,
                    AppStreamError::InvalidParameterCombination(None)
                        | AppStreamError::OperationNotPermitted(None)
                ),
                "{op:?} {name}: {error:?}"
            );
        }
        // Unmodeled: an error of the service the operation does not declare, and an invented one.
        let foreign = foreign_error(model, AS, op.name());
        for (status, code_form, want) in [
            (400, format!("com.amazonaws.appstream#{foreign}"), foreign.clone()),
            (500, "InternalFailure".to_owned(), "InternalFailure".to_owned()),
        ] {
            let body = json!({"__type": code_form, "message": "boom"}).to_string();
            let (error, code, message) = *op.parse(&response(status, &[], body)).unwrap_err();
            let AppStreamError::Unhandled(e) = error else { panic!("{op:?} {want}: {error:?}") };
            assert_eq!(e.code.as_deref(), Some(want.as_str()));
            assert_eq!(e.message.as_deref(), Some("boom"));
            assert_eq!(e.status, status);
            assert_eq!((code.as_deref(), message.as_deref()), (Some(want.as_str()), Some("boom")));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Hostile bytes
// ---------------------------------------------------------------------------------------------

/// Bodies that are not a valid output of any seed operation. Every one must be an `Err` with a
/// success status, and nothing may panic with any status.
fn hostile_bodies(list_key: &str, string_member: &str, bool_path: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let deep = 100_000;
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("unclosed object".into(), b"{".to_vec()),
        ("unclosed list".into(), format!("{{\"{list_key}\":[").into_bytes()),
        ("unterminated string".into(), format!("{{\"{list_key}\":[{{\"{string_member}\":\"abc").into_bytes()),
        ("trailing garbage".into(), b"{} x".to_vec()),
        ("two values".into(), b"{}{}".to_vec()),
        ("trailing comma".into(), format!("{{\"{list_key}\":[],}}").into_bytes()),
        ("array top level".into(), b"[]".to_vec()),
        ("string top level".into(), b"\"x\"".to_vec()),
        ("number top level".into(), b"42".to_vec()),
        ("bare word".into(), b"nul".to_vec()),
        ("list is an object".into(), format!("{{\"{list_key}\":{{}}}}").into_bytes()),
        ("list is a string".into(), format!("{{\"{list_key}\":\"[]\"}}").into_bytes()),
        ("item is a number".into(), format!("{{\"{list_key}\":[1]}}").into_bytes()),
        ("member is a number".into(), format!("{{\"{list_key}\":[{{\"{string_member}\":1}}]}}").into_bytes()),
        (
            "member is an array".into(),
            format!("{{\"{list_key}\":[{{\"{string_member}\":[]}}]}}").into_bytes(),
        ),
        (
            "huge number for a string".into(),
            format!("{{\"{list_key}\":[{{\"{string_member}\":123456789012345678901234567890e99999}}]}}")
                .into_bytes(),
        ),
        ("huge number for a list".into(), format!("{{\"{list_key}\":1e999999999}}").into_bytes()),
        ("deep arrays".into(), "[".repeat(deep).into_bytes()),
        ("deep arrays in the list".into(), format!("{{\"{list_key}\":{}", "[".repeat(deep)).into_bytes()),
        ("deep unknown member, unclosed".into(), format!("{{\"x\":{}", "[".repeat(deep)).into_bytes()),
        ("deep objects".into(), "{\"a\":".repeat(deep).into_bytes()),
        (
            "raw control character".into(),
            format!("{{\"{list_key}\":[{{\"{string_member}\":\"a\u{1}b\"}}]}}").into_bytes(),
        ),
        ("bad escape".into(), format!("{{\"{list_key}\":[{{\"{string_member}\":\"\\q\"}}]}}").into_bytes()),
        ("truncated escape".into(), format!("{{\"{list_key}\":[{{\"{string_member}\":\"\\u12").into_bytes()),
        ("NUL byte".into(), b"{\0}".to_vec()),
    ];
    for (what, bad) in [
        ("invalid UTF-8", &b"\xff\xfe"[..]),
        ("overlong UTF-8", &b"\xc0\xaf"[..]),
        ("UTF-8 surrogate", &b"\xed\xa0\x80"[..]),
        ("truncated UTF-8", &b"\xe4\xb8"[..]),
    ] {
        let mut body = format!("{{\"{list_key}\":[{{\"{string_member}\":\"a").into_bytes();
        body.extend_from_slice(bad);
        body.extend_from_slice(b"b\"}]}");
        cases.push((format!("{what} in a member"), body));
        let mut body = b"{\"".to_vec();
        body.extend_from_slice(bad);
        body.extend_from_slice(b"\":1}");
        cases.push((format!("{what} in a key"), body));
    }
    if let Some(path) = bool_path {
        for value in ["\"true\"", "1", "99999999999999999999999999", "tru", "nulll"] {
            cases.push((format!("boolean member is {value}"), path.replace("$", value).into_bytes()));
        }
    }
    cases
}

/// Bodies that must not panic, whatever the outcome (valid JSON past reasonable limits, lone
/// surrogate escapes).
fn odd_bodies(list_key: &str, string_member: &str) -> Vec<(String, Vec<u8>)> {
    let deep = 100_000;
    vec![
        (
            "deep unknown member, closed".into(),
            format!("{{\"x\":{}{}}}", "[".repeat(deep), "]".repeat(deep)).into_bytes(),
        ),
        ("huge unknown number".into(), format!("{{\"x\":{}}}", "9".repeat(100_000)).into_bytes()),
        ("huge unknown exponent".into(), b"{\"x\":1e99999999999999999999}".to_vec()),
        (
            "lone surrogate escape".into(),
            format!("{{\"{list_key}\":[{{\"{string_member}\":\"\\ud800\"}}]}}").into_bytes(),
        ),
        (
            "reversed surrogates".into(),
            format!("{{\"{list_key}\":[{{\"{string_member}\":\"\\udc00\\ud800\"}}]}}").into_bytes(),
        ),
    ]
}

fn truncations(valid: &str) -> Vec<(String, Vec<u8>)> {
    (1..valid.len())
        .filter(|&n| valid.is_char_boundary(n) && !valid[..n].trim().is_empty())
        .map(|n| (format!("truncated to {n} bytes"), valid.as_bytes()[..n].to_vec()))
        .collect()
}

fn check_hostile<T: std::fmt::Debug, E>(
    op: &str,
    success: u16,
    cases: &[(String, Vec<u8>)],
    must_fail: bool,
    parse: impl Fn(&HttpResponse) -> Result<T, E>,
) {
    for (what, body) in cases {
        for status in [success, 400, 500] {
            let resp = response(status, &[], body.clone());
            let result = no_panic(&format!("{op} {what} (HTTP {status})"), || parse(&resp));
            if must_fail && status == success {
                if let Ok(output) = result {
                    panic!("{op}: {what}: expected an error, got {output:?}");
                }
            }
        }
    }
}

#[test]
fn appfabric_hostile_bodies_are_errors_not_panics() {
    let start_valid = json!({"userAccessTasksList": [{"app": "a", "tenantId": "t", "taskId": uuid(1),
        "error": {"errorCode": "c", "errorMessage": "m"}}]})
    .to_string();
    let mut cases = hostile_bodies("userAccessTasksList", "app", None);
    cases.extend(truncations(&start_valid));
    check_hostile("StartUserAccessTasks", 201, &cases, true, StartUserAccessTasks::parse_response);
    check_hostile(
        "StartUserAccessTasks",
        201,
        &odd_bodies("userAccessTasksList", "app"),
        false,
        StartUserAccessTasks::parse_response,
    );
    assert!(StartUserAccessTasks::parse_response(&response(201, &[], start_valid)).is_ok());

    let batch_valid = json!({"userAccessResultsList": [{"app": "é中", "resultStatus": "COMPLETED",
        "taskError": {"errorCode": "c", "errorMessage": "m"}}]})
    .to_string();
    let mut cases = hostile_bodies("userAccessResultsList", "app", None);
    cases.extend(truncations(&batch_valid));
    check_hostile("BatchGetUserAccessTasks", 200, &cases, true, BatchGetUserAccessTasks::parse_response);
    check_hostile(
        "BatchGetUserAccessTasks",
        200,
        &odd_bodies("userAccessResultsList", "app"),
        false,
        BatchGetUserAccessTasks::parse_response,
    );
    assert!(BatchGetUserAccessTasks::parse_response(&response(200, &[], batch_valid)).is_ok());

    // Hostile headers on modeled errors: never a panic, always an error.
    for retry in ["99999999999999999999999", "-1e5", "Wed, 21 Oct 2015 07:28:00 GMT", "", "\u{0}", "é"] {
        for error in ["ThrottlingException", "InternalServerException"] {
            let resp =
                response(429, &[("X-Amzn-Errortype", error), ("Retry-After", retry)], "{\"message\":\"m\"}");
            no_panic(&format!("{error} Retry-After {retry:?}"), || appfabric_error(&resp));
        }
    }
    for code in ["", "#", ":", "#:", "a#b#c:d:e", "\u{0}", "é#ü"] {
        let resp = response(400, &[("X-Amzn-Errortype", code)], "{}");
        no_panic(&format!("X-Amzn-Errortype {code:?}"), || appfabric_error(&resp));
    }
}

#[test]
fn non_json_whitespace_body_is_not_an_empty_body() {
    // RFC 8259 whitespace is space, tab, LF and CR only; a form feed is neither an empty body nor
    // JSON. (A vertical tab is already rejected.)
    for body in [&b"\x0c"[..], b" \x0c\n", b"\x0b"] {
        let result =
            no_panic("form feed", || StartUserAccessTasks::parse_response(&response(201, &[], body)));
        assert!(result.is_err(), "{body:?} parsed as {result:?}");
        for op in APPSTREAM_OPS {
            assert!(op.parse(&response(200, &[], body)).is_err(), "{op:?} {body:?}");
        }
    }
}

#[test]
fn appstream_hostile_bodies_are_errors_not_panics() {
    let valid = json!({"errors": [{"UserStackAssociation": {"StackName": "s", "UserName": "é中",
        "AuthenticationType": "SAML", "SendEmailNotification": true}, "ErrorCode": "INTERNAL_ERROR",
        "ErrorMessage": "m"}]})
    .to_string();
    for op in APPSTREAM_OPS {
        let mut cases = hostile_bodies(
            "errors",
            "ErrorMessage",
            Some(r#"{"errors":[{"UserStackAssociation":{"SendEmailNotification":$}}]}"#),
        );
        cases.extend(truncations(&valid));
        check_hostile(op.name(), 200, &cases, true, |r| op.parse(r));
        check_hostile(op.name(), 200, &odd_bodies("errors", "ErrorMessage"), false, |r| op.parse(r));
        assert!(op.parse(&response(200, &[], valid.clone())).is_ok());
        for body in [
            &b"{\"__type\":\"\xff\"}"[..],
            b"{\"__type\":42}",
            b"{\"__type\":",
            b"{\"Message\":[[[[",
            b"\xff",
        ] {
            no_panic("error envelope", || op.parse(&response(400, &[], body)).unwrap_err());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Constraints
// ---------------------------------------------------------------------------------------------

/// `request()` of either AppFabric operation with one identifier (the other members valid).
fn identifier_violations(app: &str) -> [Vec<(String, String)>; 2] {
    [
        violations(StartUserAccessTasks::request(&start_input(app, "jane@example.com"))),
        violations(BatchGetUserAccessTasks::request(&batch_get_input(app, vec![uuid(1)]))),
    ]
}

#[test]
fn appfabric_identifier_length_and_pattern() {
    let model = appfabric_model();
    for (op, input) in [
        ("StartUserAccessTasksRequest", "appBundleIdentifier"),
        ("BatchGetUserAccessTasksRequest", "appBundleIdentifier"),
    ] {
        assert_eq!(member_target(model, &format!("{AF}{op}"), input), format!("{AF}Identifier"));
    }
    let id = format!("{AF}Identifier");
    let (min, max) = length_bounds(model, &id);
    let (min, max) = (min.unwrap(), max.unwrap());
    assert_eq!((min, max), (1, 1011), "the docs: minimum length of 1, maximum length of 1011");
    let pattern = pattern_of(model, &id);
    let path = "/appBundleIdentifier";

    // At the maximum (pattern-valid `arn:...`), in ASCII and in two-byte characters.
    for filler in ["a", "é"] {
        let at_max = format!("arn:{}", filler.repeat(max - 4));
        assert_eq!(at_max.chars().count(), max);
        for found in identifier_violations(&at_max) {
            assert_eq!(found, NONE, "{filler:?} x {max}");
        }
        let past = format!("arn:{}", filler.repeat(max - 3));
        for found in identifier_violations(&past) {
            assert_eq!(
                found,
                [length_violation(path, max + 1, Some(min), Some(max))],
                "{filler:?} x {}",
                max + 1
            );
        }
    }
    // Below the minimum: the length and the pattern both fail.
    for found in identifier_violations("") {
        assert_eq!(
            found,
            sorted(vec![
                length_violation(path, 0, Some(min), Some(max)),
                violation(path, &pattern_text(&pattern))
            ])
        );
    }
    // At the minimum the length holds (no one-character identifier matches the pattern).
    for found in identifier_violations("a") {
        assert_eq!(found, [violation(path, &pattern_text(&pattern))]);
    }
    // The pattern: `^arn:.+$|^<lower-case UUID>$`, an ECMA-262 search.
    for ok in [
        APP_BUNDLE_ARN,
        APP_BUNDLE_UUID,
        "arn:x",
        "arn:é中😀",
        "arn:arn:",
        "00000000-0000-0000-0000-000000000000",
    ] {
        for found in identifier_violations(ok) {
            assert_eq!(found, NONE, "{ok:?} matches {pattern}");
        }
    }
    for bad in [
        "A1B2C3D4-5678-90AB-CDEF-0123456789AB",
        "arn:",
        "ARN:aws:x",
        "xarn:aws",
        " arn:aws",
        "arn:a\nb",
        "arn:a\n",
        // ECMA-262 `.` matches no line terminator: LF, CR, U+2028, U+2029.
        "arn:a\rb",
        "arn:a\u{2028}b",
        "arn:\u{2029}",
        "a1b2c3d4-5678-90ab-cdef-0123456789ab-extra",
        "xa1b2c3d4-5678-90ab-cdef-0123456789ab",
        "a1b2c3d4567890abcdef0123456789ab",
        "g1b2c3d4-5678-90ab-cdef-0123456789ab",
    ] {
        for found in identifier_violations(bad) {
            assert_eq!(found, [violation(path, &pattern_text(&pattern))], "{bad:?} does not match {pattern}");
        }
    }
}

fn email_violations(email: &str) -> Vec<(String, String)> {
    violations(StartUserAccessTasks::request(&start_input(APP_BUNDLE_UUID, email)))
}

#[test]
fn appfabric_email_length_and_pattern() {
    let model = appfabric_model();
    let structure = format!("{AF}StartUserAccessTasksRequest");
    let id = member_target(model, &structure, "email");
    assert_eq!(id, format!("{AF}Email"));
    let (min, max) = length_bounds(model, &id);
    let max = max.unwrap();
    assert_eq!((min, max), (None, 320), "the model sets only a maximum (the docs: 0..320)");
    let pattern = pattern_of(model, &id);
    let path = "/email";
    let domain = "@example.com";

    // Pattern-valid ASCII at the limit and just past it.
    let at_max = format!("{}{domain}", "a".repeat(max - domain.len()));
    assert_eq!(at_max.chars().count(), max);
    assert_eq!(email_violations(&at_max), NONE);
    let past = format!("{}{domain}", "a".repeat(max + 1 - domain.len()));
    assert_eq!(email_violations(&past), [length_violation(path, max + 1, None, Some(max))]);

    // Code points, not bytes: 321 'é' break the length (and the ASCII-only pattern); 320 'é'
    // (640 bytes) break only the pattern.
    let length_message = length_violation(path, max + 1, None, Some(max)).1;
    assert_eq!(
        length_message,
        "Value with length 321 at '/email' failed to satisfy constraint: Member must have length less than or equal to 320"
    );
    let found = email_violations(&"é".repeat(max + 1));
    assert!(messages_at(&found, path).contains(&length_message), "{found:?}");
    let found = email_violations(&"é".repeat(max));
    assert!(
        !messages_at(&found, path).contains(&length_message),
        "320 code points are within the limit: {found:?}"
    );
    let found = email_violations(&format!("{}{domain}", "é".repeat(max - domain.len())));
    assert_eq!(found, [violation(path, &pattern_text(&pattern))]);
    // Astral characters count once each (not as two UTF-16 units).
    let found = email_violations(&"😀".repeat(max));
    assert!(!messages_at(&found, path).contains(&length_message), "{found:?}");

    // No minimum: the empty string breaks only the pattern.
    assert_eq!(email_violations(""), [violation(path, &pattern_text(&pattern))]);

    for ok in [
        "a@b",
        "jane.doe@example.com",
        "first.last+tag@sub.example.co.uk",
        "o\u{2019}neil@example.com",
        "x!#$%&*/=?^_`{|}~-@a-b.c",
        "1@2.3",
    ] {
        assert_eq!(email_violations(ok), NONE, "{ok:?} matches {pattern}");
    }
    for bad in [
        "plainaddress",
        "@example.com",
        "user@",
        "o'neil@example.com",
        "user@exa mple.com",
        "user@example..com",
        "user@example.com.",
        "user@@example.com",
        "us er@example.com",
        "用户@example.com",
        "user@exämple.com",
        "user@example.com\n",
        "\nuser@example.com",
    ] {
        assert_eq!(email_violations(bad), [violation(path, &pattern_text(&pattern))], "{bad:?}");
    }
}

fn task_id_violations(ids: Vec<String>) -> Vec<(String, String)> {
    violations(BatchGetUserAccessTasks::request(&batch_get_input(APP_BUNDLE_ARN, ids)))
}

#[test]
fn appfabric_task_id_list_length_and_item_pattern() {
    let model = appfabric_model();
    let list = member_target(model, &format!("{AF}BatchGetUserAccessTasksRequest"), "taskIdList");
    assert_eq!(list, format!("{AF}TaskIdList"));
    let (min, max) = length_bounds(model, &list);
    let (min, max) = (min.unwrap(), max.unwrap());
    assert_eq!((min, max), (1, 50), "the docs: minimum 1 item, maximum 50 items");
    let item = shape(model, &list)["member"]["target"].as_str().unwrap().to_owned();
    let pattern = pattern_of(model, &item);

    assert_eq!(task_id_violations((0..max).map(uuid).collect()), NONE);
    assert_eq!(task_id_violations((0..min).map(uuid).collect()), NONE);
    assert_eq!(
        task_id_violations((0..=max).map(uuid).collect()),
        [length_violation("/taskIdList", max + 1, Some(min), Some(max))]
    );
    assert_eq!(task_id_violations(Vec::new()), [length_violation("/taskIdList", 0, Some(min), Some(max))]);

    let mut ids: Vec<String> = (0..max).map(uuid).collect();
    ids[1] = "not-a-uuid".to_owned();
    ids[max - 1] = uuid(3).to_ascii_uppercase().replace('0', "A");
    assert_eq!(
        task_id_violations(ids),
        sorted(vec![
            violation("/taskIdList/1", &pattern_text(&pattern)),
            violation(&format!("/taskIdList/{}", max - 1), &pattern_text(&pattern)),
        ])
    );
    for bad in [
        "",
        " 00000001-0000-4000-8000-000000000001",
        "00000001-0000-4000-8000-000000000001\n",
        "00000001-0000-4000-8000-0000000000011",
        "{00000001-0000-4000-8000-000000000001}",
    ] {
        assert_eq!(
            task_id_violations(vec![uuid(1), bad.to_owned()]),
            [violation("/taskIdList/1", &pattern_text(&pattern))],
            "{bad:?}"
        );
    }
    // Too many items and bad items are all reported.
    let mut ids: Vec<String> = (0..=max).map(uuid).collect();
    ids[0] = "x".to_owned();
    assert_eq!(
        task_id_violations(ids),
        sorted(vec![
            length_violation("/taskIdList", max + 1, Some(1), Some(max)),
            violation("/taskIdList/0", &pattern_text(&pattern))
        ])
    );
}

#[test]
fn appfabric_all_violations_are_collected() {
    let id_pattern = pattern_of(appfabric_model(), &format!("{AF}Identifier"));
    let uuid_pattern = pattern_of(appfabric_model(), &format!("{AF}UUID"));
    let email_pattern = pattern_of(appfabric_model(), &format!("{AF}Email"));
    let found = violations(BatchGetUserAccessTasks::request(&batch_get_input(
        "nope",
        vec![uuid(0), "x".to_owned(), "y".to_owned()],
    )));
    assert_eq!(
        found,
        sorted(vec![
            violation("/appBundleIdentifier", &pattern_text(&id_pattern)),
            violation("/taskIdList/1", &pattern_text(&uuid_pattern)),
            violation("/taskIdList/2", &pattern_text(&uuid_pattern)),
        ])
    );
    let found = violations(StartUserAccessTasks::request(&start_input("", "bad")));
    assert_eq!(
        found,
        sorted(vec![
            length_violation("/appBundleIdentifier", 0, Some(1), Some(1011)),
            violation("/appBundleIdentifier", &pattern_text(&id_pattern)),
            violation("/email", &pattern_text(&email_pattern)),
        ])
    );
}

#[test]
fn appfabric_required_members() {
    let model = appfabric_model();
    for (op, members) in [
        ("StartUserAccessTasksRequest", ["appBundleIdentifier", "email"]),
        ("BatchGetUserAccessTasksRequest", ["appBundleIdentifier", "taskIdList"]),
    ] {
        for m in members {
            assert!(
                member_trait(model, &format!("{AF}{op}"), m, "smithy.api#required").is_some(),
                "{op}${m}"
            );
        }
    }
    let start = |json: &str| {
        violations(StartUserAccessTasks::request(
            &StartUserAccessTasks::input_from_json(json.as_bytes()).unwrap(),
        ))
    };
    let batch = |json: &str| {
        violations(BatchGetUserAccessTasks::request(
            &BatchGetUserAccessTasks::input_from_json(json.as_bytes()).unwrap(),
        ))
    };
    assert_eq!(
        start("{}"),
        sorted(vec![violation("/appBundleIdentifier", NOT_NULL), violation("/email", NOT_NULL)])
    );
    assert_eq!(
        start(&format!(r#"{{"appBundleIdentifier":"{APP_BUNDLE_UUID}","email":null}}"#)),
        [violation("/email", NOT_NULL)]
    );
    assert_eq!(start(r#"{"email":"a@b"}"#), [violation("/appBundleIdentifier", NOT_NULL)]);
    assert_eq!(
        batch("{}"),
        sorted(vec![violation("/appBundleIdentifier", NOT_NULL), violation("/taskIdList", NOT_NULL)])
    );
    assert_eq!(
        batch(&format!(r#"{{"appBundleIdentifier":"{APP_BUNDLE_UUID}"}}"#)),
        [violation("/taskIdList", NOT_NULL)]
    );
    // The builders refuse to build without the required members.
    assert!(af::StartUserAccessTasksRequest::builder().email("a@b").build().is_err());
    assert!(af::BatchGetUserAccessTasksRequest::builder().set_task_id_list(None).build().is_err());
}

fn appstream_violations(op: AppStreamOp, list: Vec<ast::UserStackAssociation>) -> Vec<(String, String)> {
    violations(op.request(list))
}

#[test]
fn appstream_list_length() {
    let model = appstream_model();
    let list = member_target(model, &format!("{AS}BatchAssociateUserStackRequest"), "UserStackAssociations");
    assert_eq!(
        list,
        member_target(model, &format!("{AS}BatchDisassociateUserStackRequest"), "UserStackAssociations")
    );
    let (min, max) = length_bounds(model, &list);
    let (min, max) = (min.unwrap(), max.unwrap());
    assert_eq!((min, max), (1, 25));
    let path = "/UserStackAssociations";
    for op in APPSTREAM_OPS {
        assert_eq!(appstream_violations(op, associations(max)), NONE, "{op:?}");
        assert_eq!(appstream_violations(op, associations(min)), NONE, "{op:?}");
        assert_eq!(
            appstream_violations(op, associations(max + 1)),
            [length_violation(path, max + 1, Some(min), Some(max))],
            "{op:?}"
        );
        assert_eq!(
            appstream_violations(op, Vec::new()),
            [length_violation(path, 0, Some(min), Some(max))],
            "{op:?}"
        );
    }
}

#[test]
fn appstream_stack_name_length() {
    let model = appstream_model();
    let id = member_target(model, &format!("{AS}UserStackAssociation"), "StackName");
    assert_eq!(id, format!("{AS}String"));
    let (min, max) = length_bounds(model, &id);
    assert_eq!((min, max), (Some(1), None));
    assert!(shape_trait(model, &id, "smithy.api#pattern").is_none());
    for op in APPSTREAM_OPS {
        let with_stack = |index: usize, stack: &str| {
            let mut list = associations(5);
            list[index] = association(stack, "jane", "API");
            appstream_violations(op, list)
        };
        assert_eq!(
            with_stack(2, ""),
            [length_violation("/UserStackAssociations/2/StackName", 0, Some(1), None)],
            "{op:?}"
        );
        assert_eq!(with_stack(2, "s"), NONE, "{op:?}");
        assert_eq!(with_stack(4, "é"), NONE, "{op:?}");
        assert_eq!(with_stack(0, &"s".repeat(10_000)), NONE, "{op:?}: no maximum");
        assert_eq!(with_stack(1, " \n\t"), NONE, "{op:?}: no pattern");
    }
}

#[test]
fn appstream_username_length_and_pattern() {
    let model = appstream_model();
    let id = member_target(model, &format!("{AS}UserStackAssociation"), "UserName");
    assert_eq!(id, format!("{AS}Username"));
    let (min, max) = length_bounds(model, &id);
    let (min, max) = (min.unwrap(), max.unwrap());
    assert_eq!((min, max), (1, 128));
    let pattern = pattern_of(model, &id);
    assert_eq!(pattern, r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$");
    let pattern_violation = pattern_text(&pattern);

    for op in APPSTREAM_OPS {
        let at = |index: usize, user: &str| {
            let mut list = associations(6);
            list[index] = association("stack", user, "USERPOOL");
            appstream_violations(op, list)
        };
        let path = "/UserStackAssociations/3/UserName";
        // Length in code points: ASCII, two-byte, three-byte, astral (two UTF-16 units) and
        // base+combining-mark pairs.
        for filler in ["a", "é", "中", "😀", "e\u{301}"] {
            let per = filler.chars().count();
            let at_max = filler.repeat(max / per);
            assert_eq!(at_max.chars().count(), max);
            assert_eq!(at(3, &at_max), NONE, "{op:?} {filler:?} at {max}");
            let past = format!("{at_max}a");
            assert_eq!(
                at(3, &past),
                [length_violation(path, max + 1, Some(min), Some(max))],
                "{op:?} {filler:?} past {max}"
            );
        }
        assert_eq!(
            at(3, ""),
            sorted(vec![
                length_violation(path, 0, Some(min), Some(max)),
                violation(path, &pattern_violation)
            ]),
            "{op:?}"
        );
        assert_eq!(at(3, "j"), NONE, "{op:?}: one character is enough");

        // Letters, marks, symbols, numbers and punctuation of any script.
        for ok in [
            "jane@example.com",
            "é",
            "中文用户",
            "Ærøskøbing",
            "e\u{301}",
            "€$+<>^`|~",
            "😀",
            "١٢٣",
            "Ⅻ",
            "_-!\"#%&'()*,./:;?@[\\]{}",
            "Ωμέγα",
            "𝒜𝒷",
        ] {
            assert_eq!(at(3, ok), NONE, "{op:?}: {ok:?} matches {pattern}");
        }
        // Separators and controls are none of those.
        for bad in [
            "jane doe",
            " ",
            "jane\tdoe",
            "jane\n",
            "\u{a0}",
            "a\u{2028}b",
            "\u{0}",
            "a\u{200b}b",
            "\u{e000}",
        ] {
            assert_eq!(at(3, bad), [violation(path, &pattern_violation)], "{op:?}: {bad:?}");
        }
    }
}

#[test]
fn appstream_authentication_type_membership() {
    let model = appstream_model();
    let id = member_target(model, &format!("{AS}UserStackAssociation"), "AuthenticationType");
    let values = enum_values(model, &id);
    assert_eq!(values, ["API", "SAML", "USERPOOL", "AWS_AD"], "the docs list these values");
    for op in APPSTREAM_OPS {
        for value in &values {
            assert_eq!(appstream_violations(op, vec![association("s", "u", value)]), NONE, "{op:?} {value}");
        }
        for bad in ["OIDC", "saml", "", " SAML", "AWS-AD"] {
            let mut list = associations(3);
            list[1] = association("s", "u", bad);
            assert_eq!(
                appstream_violations(op, list),
                [violation("/UserStackAssociations/1/AuthenticationType", &enum_text(&values))],
                "{op:?} {bad:?}"
            );
        }
    }
}

#[test]
fn appstream_required_members() {
    let model = appstream_model();
    let assoc = format!("{AS}UserStackAssociation");
    let required: Vec<String> = member_names(model, &assoc)
        .into_iter()
        .filter(|m| member_trait(model, &assoc, m, "smithy.api#required").is_some())
        .collect();
    assert_eq!(required, ["AuthenticationType", "StackName", "UserName"]);
    for op in APPSTREAM_OPS {
        assert_eq!(
            violations(op.request_from_json(b"{}")),
            [violation("/UserStackAssociations", NOT_NULL)],
            "{op:?}"
        );
        assert_eq!(
            violations(op.request_from_json(br#"{"UserStackAssociations":null}"#)),
            [violation("/UserStackAssociations", NOT_NULL)],
            "{op:?}"
        );
        let found = violations(op.request_from_json(
            br#"{"UserStackAssociations":[
                {"StackName":"s","UserName":"u","AuthenticationType":"API"},
                {},
                {"StackName":"s","SendEmailNotification":false},
                {"StackName":"s","UserName":"u","AuthenticationType":null}
            ]}"#,
        ));
        assert_eq!(
            found,
            sorted(vec![
                violation("/UserStackAssociations/1/StackName", NOT_NULL),
                violation("/UserStackAssociations/1/UserName", NOT_NULL),
                violation("/UserStackAssociations/1/AuthenticationType", NOT_NULL),
                violation("/UserStackAssociations/2/UserName", NOT_NULL),
                violation("/UserStackAssociations/2/AuthenticationType", NOT_NULL),
                violation("/UserStackAssociations/3/AuthenticationType", NOT_NULL),
            ]),
            "{op:?}"
        );
    }
    // The builders refuse to build without the required members.
    assert!(ast::UserStackAssociation::builder().stack_name("s").user_name("u").build().is_err());
    assert!(ast::BatchAssociateUserStackRequest::builder()
        .set_user_stack_associations(None)
        .build()
        .is_err());
}

#[test]
fn appstream_all_violations_are_collected() {
    let model = appstream_model();
    let username_pattern = pattern_of(model, &format!("{AS}Username"));
    let values = enum_values(model, &format!("{AS}AuthenticationType"));
    for op in APPSTREAM_OPS {
        let mut list = associations(10);
        list[0] = association("", "user0", "SAML");
        list[3] = association("stack-3", "john doe", "SAML");
        list[7] = association("stack-7", "user7", "OIDC");
        assert_eq!(
            appstream_violations(op, list),
            sorted(vec![
                length_violation("/UserStackAssociations/0/StackName", 0, Some(1), None),
                violation("/UserStackAssociations/3/UserName", &pattern_text(&username_pattern)),
                violation("/UserStackAssociations/7/AuthenticationType", &enum_text(&values)),
            ]),
            "{op:?}"
        );
        // A too-long list with a bad item: both reported.
        let mut list = associations(26);
        list[25] = association("s", "a b", "API");
        assert_eq!(
            appstream_violations(op, list),
            sorted(vec![
                length_violation("/UserStackAssociations", 26, Some(1), Some(25)),
                violation("/UserStackAssociations/25/UserName", &pattern_text(&username_pattern)),
            ]),
            "{op:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Member-name JSON input (as `--cli-input-json`) gives the same request as the builders
// ---------------------------------------------------------------------------------------------

#[test]
fn appfabric_input_from_json_matches_builders() {
    let email = "o\u{2019}neil@example.com";
    let built = start_input(APP_BUNDLE_ARN, email);
    let json = json!({"appBundleIdentifier": APP_BUNDLE_ARN, "email": email}).to_string();
    let read = StartUserAccessTasks::input_from_json(json.as_bytes()).unwrap();
    assert!(read == built, "input_from_json gives the builder's input");
    let request = StartUserAccessTasks::request(&read).unwrap();
    assert_eq!(request, StartUserAccessTasks::request(&built).unwrap());
    // The wire body uses the member names, so it reads back as the same input.
    let again = StartUserAccessTasks::input_from_json(&request.body).unwrap();
    assert!(again == built);

    let ids: Vec<String> = (0..50).map(uuid).collect();
    let built = batch_get_input(APP_BUNDLE_UUID, ids.clone());
    let json = json!({"appBundleIdentifier": APP_BUNDLE_UUID, "taskIdList": ids}).to_string();
    let read = BatchGetUserAccessTasks::input_from_json(json.as_bytes()).unwrap();
    assert!(read == built);
    let request = BatchGetUserAccessTasks::request(&read).unwrap();
    assert_eq!(request, BatchGetUserAccessTasks::request(&built).unwrap());
    assert!(BatchGetUserAccessTasks::input_from_json(&request.body).unwrap() == built);

    // Malformed input JSON is an error, not a panic.
    for bad in [&b"{"[..], b"[]", b"{\"email\":1}", b"{} {}", b"\xff", b"{\"appBundleIdentifier\":[]}"] {
        assert!(
            no_panic("input_from_json", || StartUserAccessTasks::input_from_json(bad)).is_err(),
            "{bad:?}"
        );
    }
    for bad in [&b"{"[..], b"[]", b"{\"taskIdList\":1}", b"{\"taskIdList\":[1]}", b"{} {}", b"\xff"] {
        assert!(
            no_panic("input_from_json", || BatchGetUserAccessTasks::input_from_json(bad)).is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn appstream_input_from_json_matches_builders() {
    let json = json!({"UserStackAssociations": associations_json(25)}).to_string();
    for op in APPSTREAM_OPS {
        let from_json = op.request_from_json(json.as_bytes()).unwrap();
        let built = op.request(associations(25)).unwrap();
        assert_eq!(from_json, built, "{op:?}");
        assert_eq!(body_json(&from_json), json!({"UserStackAssociations": associations_json(25)}));
        // The wire body reads back as the same input.
        assert_eq!(op.request_from_json(&built.body).unwrap(), built, "{op:?}");
    }
    let read = BatchAssociateUserStack::input_from_json(json.as_bytes()).unwrap();
    let built = ast::BatchAssociateUserStackRequest::builder()
        .user_stack_associations(associations(25))
        .build()
        .unwrap();
    assert!(read == built);
    let read = BatchDisassociateUserStack::input_from_json(json.as_bytes()).unwrap();
    let built = ast::BatchDisassociateUserStackRequest::builder()
        .user_stack_associations(associations(25))
        .build()
        .unwrap();
    assert!(read == built);
}
