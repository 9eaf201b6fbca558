//! Our client's SigV4 signer (`smithy_lite_runtime::client::sign::sign_request`, on `aws-sigv4`)
//! against an implementation nobody here wrote: botocore's `SigV4Auth` (Python, from the package
//! registry, in the virtual environment the boto3 tests create). At one fixed time and with fixed
//! credentials, with and without a session token, every case must get the same `Authorization`,
//! `X-Amz-Date` and `X-Amz-Security-Token` from both. The cases: the four seed operations as the
//! generated `request()` functions serialize them (awsJson1_1 AppStream, restJson1 AppFabric),
//! and hand-built restJson1-shaped requests: labels needing percent-encoding (space, `+`,
//! non-ASCII, an ARN), query strings out of order with repeated keys, an empty value and values
//! with `/`, `=`, space, `~` and non-ASCII, a trailing slash, header whitespace folding, a
//! repeated header, headers both sides leave unsigned (`User-Agent`, `X-Amzn-Trace-Id`), a PUT
//! with a non-ASCII JSON body, a DELETE without a body, and an endpoint with a port over http.
//!
//! Both sides get the same input headers (botocore without the `Host` our signer adds: it takes
//! the host from the URL, as our signer does). No case carries a header botocore leaves unsigned
//! and aws-sigv4 signs (botocore's list is longer: `Connection`, `Expect`, `TE`, ...), nor tabs
//! in header values (botocore folds every whitespace, the SigV4 rules and aws-sigv4 only spaces).
//! URLs are encoded as our client encodes them (`encode_label`, `encode_query`), which is the
//! canonical SigV4 form botocore expects (it signs the query string as it is in the URL).

mod common;

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use generated::appfabric::operations::{BatchGetUserAccessTasks, StartUserAccessTasks};
use generated::appfabric::types::{BatchGetUserAccessTasksRequest, StartUserAccessTasksRequest};
use generated::appstream::operations::{BatchAssociateUserStack, BatchDisassociateUserStack};
use generated::appstream::types::{
    AuthenticationType, BatchAssociateUserStackRequest, BatchDisassociateUserStackRequest,
    UserStackAssociation,
};
use serde_json::{json, Value};
use smithy_lite_runtime::client::sign::{sign_request, SigningScope};
use smithy_lite_runtime::client::transport::OutgoingRequest;
use smithy_lite_runtime::http::encode_label;
use smithy_lite_runtime::HttpRequest;

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "session-token-example";
/// 2024-01-02T03:04:05Z.
const TIME_ISO: &str = "2024-01-02T03:04:05Z";
const TIME_UNIX: u64 = 1_704_164_645;

const APPSTREAM: &str = "https://appstream2.us-east-1.amazonaws.com";
const APPFABRIC: &str = "https://appfabric.us-east-1.amazonaws.com";
const BUNDLE_ARN: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001";

/// Signs the request botocore gets, reads it back from the JSON file named by `argv[1]`, and
/// prints per case one JSON line: the three headers and what botocore signed.
const SCRIPT: &str = r#"
import datetime, json, sys, types
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

with open(sys.argv[1], encoding="utf-8") as f:
    spec = json.load(f)
fixed = datetime.datetime.strptime(spec["time"], "%Y-%m-%dT%H:%M:%SZ")

if hasattr(botocore.auth, "get_current_datetime"):
    # Current botocore: SigV4Auth.add_auth calls `get_current_datetime()` (from botocore.compat,
    # imported into botocore.auth): naive UTC unless remove_tzinfo=False.
    def frozen_now(remove_tzinfo=True):
        return fixed if remove_tzinfo else fixed.replace(tzinfo=datetime.timezone.utc)
    frozen = mock.patch.object(botocore.auth, "get_current_datetime", frozen_now)
else:
    # Older botocore: `datetime.datetime.utcnow()` through auth.py's own `import datetime`.
    class Frozen(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return fixed
    namespace = types.SimpleNamespace(**{**vars(datetime), "datetime": Frozen})
    frozen = mock.patch.object(botocore.auth, "datetime", namespace)

class Recording(botocore.auth.SigV4Auth):
    """SigV4Auth, keeping the canonical request and the string to sign it signed."""
    def canonical_request(self, request):
        self.last_canonical_request = super().canonical_request(request)
        return self.last_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.last_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.last_string_to_sign

with frozen:
    for case in spec["cases"]:
        request = AWSRequest(method=case["method"], url=case["url"], data=bytes(case["body"]))
        for name, value in case["headers"]:
            # HTTPHeaders is an email Message: assigning appends, so repeated headers stay repeated.
            request.headers[name] = value
        credentials = Credentials(spec["access_key"], spec["secret_key"], case["token"])
        signer = Recording(credentials, case["service"], case["region"])
        signer.add_auth(request)
        print(json.dumps({
            "name": case["name"],
            "authorization": request.headers.get("Authorization"),
            "date": request.headers.get("X-Amz-Date"),
            "token": request.headers.get("X-Amz-Security-Token"),
            "canonical_request": signer.last_canonical_request,
            "string_to_sign": signer.last_string_to_sign,
            "botocore": botocore.__version__,
        }), flush=True)
"#;

/// One request, signed by both sides.
struct Case {
    name: &'static str,
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    service: &'static str,
    region: &'static str,
    session: bool,
}

/// A generated operation's request at `endpoint`, as the client sends it.
fn generated(
    name: &'static str,
    endpoint: &str,
    request: HttpRequest,
    service: &'static str,
    session: bool,
) -> Case {
    assert!(request.host_prefix.is_none(), "{name}: the seed operations have no host prefix");
    Case {
        name,
        method: request.method,
        url: format!("{endpoint}{}", request.path_and_query()),
        headers: request.headers.clone(),
        body: request.body.clone(),
        service,
        region: "us-east-1",
        session,
    }
}

/// A hand-built restJson1-shaped request: `path` already label-encoded, `query` raw (encoded
/// here as the client encodes it), in this order.
#[allow(clippy::too_many_arguments)]
fn rest(
    name: &'static str,
    method: &'static str,
    endpoint: &str,
    path: String,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &str,
    (service, region): (&'static str, &'static str),
    session: bool,
) -> Case {
    let mut request = HttpRequest::new(method, path);
    request.query = query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    request.headers = headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    request.body = body.as_bytes().to_vec();
    Case {
        name,
        method,
        url: format!("{endpoint}{}", request.path_and_query()),
        headers: request.headers,
        body: request.body,
        service,
        region,
        session,
    }
}

fn cases() -> Vec<Case> {
    let association = |stack: &str, user: &str| {
        UserStackAssociation::builder()
            .stack_name(stack)
            .user_name(user)
            .authentication_type(AuthenticationType::Userpool)
            .build()
            .unwrap()
    };
    let associate = BatchAssociateUserStackRequest::builder()
        .user_stack_associations(vec![
            association("s", "u"),
            association("Example-Stack", "jane@example.com"),
        ])
        .build()
        .unwrap();
    let disassociate = BatchDisassociateUserStackRequest::builder()
        .user_stack_associations(vec![association("s", "u")])
        .build()
        .unwrap();
    let start = StartUserAccessTasksRequest::builder()
        .app_bundle_identifier(BUNDLE_ARN)
        .email("jane@example.com")
        .build();
    let get = BatchGetUserAccessTasksRequest::builder()
        .app_bundle_identifier(BUNDLE_ARN)
        .task_id_list(vec!["a1b2c3d4-5678-90ab-cdef-000000000002".to_owned()])
        .build();
    let lambda = ("lambda", "us-west-2");
    let lambda_url = "https://lambda.us-west-2.amazonaws.com";
    vec![
        // 1. The seed operations, serialized by the generated code.
        generated(
            "BatchAssociateUserStack",
            APPSTREAM,
            BatchAssociateUserStack::request(&associate).unwrap(),
            "appstream",
            false,
        ),
        generated(
            "BatchDisassociateUserStack",
            APPSTREAM,
            BatchDisassociateUserStack::request(&disassociate).unwrap(),
            "appstream",
            true,
        ),
        generated(
            "StartUserAccessTasks",
            APPFABRIC,
            StartUserAccessTasks::request(&start.unwrap()).unwrap(),
            "appfabric",
            true,
        ),
        generated(
            "BatchGetUserAccessTasks",
            APPFABRIC,
            BatchGetUserAccessTasks::request(&get.unwrap()).unwrap(),
            "appfabric",
            false,
        ),
        // 2. Hand-built, in the shape of corpus services.
        rest(
            "label with space, +, é and 中 (Lambda GetFunction)",
            "GET",
            lambda_url,
            format!("/2015-03-31/functions/{}", encode_label("my func+é中")),
            &[("Qualifier", "v 1")],
            &[],
            "",
            lambda,
            false,
        ),
        rest(
            "label with space and é, POST body (Lambda Invoke)",
            "POST",
            lambda_url,
            format!("/2015-03-31/functions/{}/invocations", encode_label("my funcé")),
            &[("Qualifier", "v 1")],
            &[("X-Amz-Invocation-Type", "RequestResponse"), ("Content-Type", "application/json")],
            r#"{"key":"value"}"#,
            lambda,
            true,
        ),
        rest(
            "ARN label, colons and slash encoded (AppFabric GetAppBundle)",
            "GET",
            APPFABRIC,
            format!("/appbundles/{}", encode_label(BUNDLE_ARN)),
            &[],
            &[],
            "",
            ("appfabric", "us-east-1"),
            true,
        ),
        rest(
            "query out of order, repeated keys, empty value, / = space ~ non-ASCII, trailing slash",
            "GET",
            lambda_url,
            "/2015-03-31/functions/".to_owned(),
            &[
                ("MaxItems", "50"),
                ("Marker", "a/b=c d~e+f"),
                ("FunctionVersion", "ALL"),
                ("tag", "b"),
                ("tag", "a"),
                ("tag", "a b"),
                ("empty", ""),
                ("a-b", "1"),
                ("a", "2"),
                ("ab", "3"),
                ("Zeta", "z"),
                ("MasterRegion", "éü中文"),
                ("~key/=", "~"),
            ],
            &[],
            "",
            lambda,
            true,
        ),
        rest(
            "header whitespace folding, repeated header, User-Agent and X-Amzn-Trace-Id",
            "POST",
            lambda_url,
            "/2015-03-31/functions/fn/invocations".to_owned(),
            &[],
            &[
                ("Content-Type", "application/json"),
                ("X-Amz-Client-Context", "   leading,   internal    and trailing   "),
                ("X-Amz-Meta-Tag", "one"),
                ("x-amz-meta-tag", "two  words"),
                ("User-Agent", "smithy-lite/0.1   test"),
                ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
            ],
            r#"{"a":1}"#,
            lambda,
            false,
        ),
        rest(
            "PUT with a non-ASCII JSON body (Lambda UpdateFunctionConfiguration)",
            "PUT",
            lambda_url,
            format!("/2015-03-31/functions/{}/configuration", encode_label("my-function")),
            &[],
            &[("Content-Type", "application/json"), ("Content-Length", "0")],
            r#"{"Description":"café ✓ 中文","Environment":{"Variables":{"GREETING":"héllo wörld"}}}"#,
            lambda,
            true,
        ),
        rest(
            "DELETE without a body (Lambda DeleteFunction)",
            "DELETE",
            lambda_url,
            format!("/2015-03-31/functions/{}", encode_label("my-function")),
            &[("Qualifier", "1")],
            &[],
            "",
            lambda,
            false,
        ),
        rest(
            "DELETE without a body, session credentials",
            "DELETE",
            APPFABRIC,
            format!("/appbundles/{}/appauthorizations/{}", encode_label(BUNDLE_ARN), encode_label("slack")),
            &[],
            &[],
            "",
            ("appfabric", "eu-west-1"),
            true,
        ),
        rest(
            "http endpoint with a port (the loopback example servers)",
            "POST",
            "http://127.0.0.1:8080",
            "/".to_owned(),
            &[],
            &[
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "PhotonAdminProxyService.BatchAssociateUserStack"),
            ],
            r#"{"UserStackAssociations":[]}"#,
            ("appstream", "us-east-1"),
            true,
        ),
    ]
    .into_iter()
    .map(fix_content_length)
    .collect()
}

/// A hand-built `Content-Length` states the body's real length.
fn fix_content_length(mut case: Case) -> Case {
    let length = case.body.len().to_string();
    for (name, value) in &mut case.headers {
        if name.eq_ignore_ascii_case("content-length") {
            value.clone_from(&length);
        }
    }
    case
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[test]
fn our_sigv4_signatures_equal_botocores() {
    let Some(python) = common::python_with_boto3() else {
        eprintln!("skipped: no Python with botocore");
        return;
    };
    let cases = cases();
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(TIME_UNIX);

    // Ours.
    let mut ours = Vec::new();
    for case in &cases {
        let token = case.session.then(|| SESSION_TOKEN.to_owned());
        let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, token, None, "sigv4_botocore");
        let scope = SigningScope { name: case.service.to_owned(), region: case.region.to_owned() };
        let mut request = OutgoingRequest {
            method: case.method,
            url: case.url.clone(),
            headers: case.headers.clone(),
            body: case.body.clone(),
        };
        sign_request(&mut request, &credentials, &scope, time, false)
            .unwrap_or_else(|e| panic!("{}: our signer failed: {e}", case.name));
        ours.push(request.headers);
    }

    // botocore's, from the same input (no Host: both take it from the URL).
    let spec = json!({
        "time": TIME_ISO,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "cases": cases.iter().map(|case| json!({
            "name": case.name,
            "method": case.method,
            "url": case.url,
            "headers": case.headers,
            "body": case.body,
            "service": case.service,
            "region": case.region,
            "token": case.session.then_some(SESSION_TOKEN),
        })).collect::<Vec<_>>(),
    });
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("sigv4-botocore-cases-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();
    let stdout = common::run_python(&python, SCRIPT, &[path.display().to_string()], Duration::from_secs(120));
    let _ = std::fs::remove_file(&path);
    let theirs: Vec<Value> =
        stdout.lines().map(|line| serde_json::from_str(line).expect("a JSON line per case")).collect();
    assert_eq!(theirs.len(), cases.len(), "botocore answered for every case:\n{stdout}");

    let mut differences = Vec::new();
    for ((case, ours), theirs) in cases.iter().zip(&ours).zip(&theirs) {
        assert_eq!(theirs["name"], case.name, "botocore's answers are in case order");
        let pairs = [
            ("Authorization", header(ours, "authorization"), theirs["authorization"].as_str()),
            ("X-Amz-Date", header(ours, "x-amz-date"), theirs["date"].as_str()),
            ("X-Amz-Security-Token", header(ours, "x-amz-security-token"), theirs["token"].as_str()),
        ];
        let differing: Vec<String> = pairs
            .iter()
            .filter(|(_, ours, theirs)| ours != theirs)
            .map(|(name, ours, theirs)| format!("  {name}\n    ours:     {ours:?}\n    botocore: {theirs:?}"))
            .collect();
        if !differing.is_empty() {
            differences.push(format!(
                "case `{}` ({} {}):\n{}\n  our signed request's headers: {:?}\n  botocore's canonical \
                 request:\n{}\n  botocore's string to sign:\n{}",
                case.name,
                case.method,
                case.url,
                differing.join("\n"),
                ours,
                theirs["canonical_request"].as_str().unwrap_or_default(),
                theirs["string_to_sign"].as_str().unwrap_or_default(),
            ));
        }
    }
    let version = theirs[0]["botocore"].as_str().unwrap_or("?");
    let with_token = cases.iter().filter(|c| c.session).count();
    assert!(with_token > 0 && with_token < cases.len(), "cases with and without a session token");
    assert!(
        differences.is_empty(),
        "{} of {} cases signed differently from botocore {version}:\n\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n\n")
    );
    println!(
        "{} cases ({with_token} with a session token): our signatures equal botocore {version}'s",
        cases.len()
    );
}
