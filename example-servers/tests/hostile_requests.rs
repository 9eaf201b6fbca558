//! Hostile requests over loopback to the example servers (AppStream, awsJson1_1; AppFabric,
//! restJson1): each gets a protocol error (a 4xx status), never a panic or a hang, and
//! afterwards the server still answers a good request. The requests are signed with the
//! server's key, so that they reach the parser.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use smithy_lite_runtime::client::sign::{sign_request, SigningScope};
use smithy_lite_runtime::client::transport::OutgoingRequest;

/// How one service's requests look: content type, signing name and the headers it routes by.
struct Api {
    content_type: &'static str,
    signing_name: &'static str,
    routing: &'static [(&'static str, &'static str)],
}

const APPSTREAM: Api = Api {
    content_type: "application/x-amz-json-1.1",
    signing_name: "appstream",
    routing: &[("x-amz-target", "PhotonAdminProxyService.BatchAssociateUserStack")],
};

const APPFABRIC: Api = Api { content_type: "application/json", signing_name: "appfabric", routing: &[] };

/// A raw HTTP/1.1 request, signed by the generated client's signer (checked against botocore
/// in `sigv4_botocore.rs`); `extra` headers are sent unsigned.
fn signed(
    api: &Api,
    address: SocketAddr,
    method: &'static str,
    path: &str,
    body: &[u8],
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut headers = vec![("content-type".to_owned(), api.content_type.to_owned())];
    headers.extend(api.routing.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    let mut request =
        OutgoingRequest { method, url: format!("http://{address}{path}"), headers, body: body.to_vec() };
    let credentials = Credentials::new(common::KEY_ID, common::SECRET, None, None, "test");
    let scope = SigningScope { name: api.signing_name.to_owned(), region: "us-east-1".to_owned() };
    sign_request(&mut request, &credentials, &scope, SystemTime::now(), false).unwrap();
    let mut raw = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
    for (name, value) in &request.headers {
        raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    for (name, value) in extra {
        raw.extend_from_slice(format!("{name}: ").as_bytes());
        raw.extend_from_slice(value);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()).as_bytes());
    raw.extend_from_slice(body);
    raw
}

/// Sends raw bytes and reads the status code and the answer (headers and body), within a
/// time limit.
fn exchange(address: SocketAddr, raw: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer (and close) before reading all of a body it refuses.
    let _ = stream.write_all(raw);
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    assert!(read.is_ok() || !answer.is_empty(), "no answer: {read:?}");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status =
        text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not HTTP: {text:?}"));
    // Headers and body: restJson1 names the error in `X-Amzn-Errortype` only.
    (status, text)
}

/// What is sent (a name, the body, the method, extra headers) and what must come back (status,
/// error type).
type Case<'a> = (&'a str, Vec<u8>, &'static str, &'a [(&'a str, &'a [u8])], u16, &'a str);

#[test]
fn hostile_requests_get_protocol_errors_and_the_server_keeps_serving() {
    let server = common::start_appstream();
    let address = server.address;
    let good = br#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL"}]}"#;
    let deep =
        format!(r#"{{"UserStackAssociations":[], "x": {}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    let mut invalid_utf8 = br#"{"UserStackAssociations":[{"StackName":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(br#"","UserName":"a","AuthenticationType":"USERPOOL"}]}"#);
    let huge = vec![b' '; 10 * 1024 * 1024 + 1];
    let latin1_header: [(&str, &[u8]); 1] = [("x-note", b"caf\xe9")];
    let cases: Vec<Case> = vec![
        ("truncated JSON", good[..40].to_vec(), "POST", &[], 400, "SerializationException"),
        (
            "a string where a list belongs",
            br#"{"UserStackAssociations":"x"}"#.to_vec(),
            "POST",
            &[],
            400,
            "SerializationException",
        ),
        (
            "a number where a boolean belongs",
            br#"{"UserStackAssociations":[{"SendEmailNotification":1}]}"#.to_vec(),
            "POST",
            &[],
            400,
            "SerializationException",
        ),
        (
            "a number out of any range",
            br#"{"UserStackAssociations":[{"StackName":1e999999}]}"#.to_vec(),
            "POST",
            &[],
            400,
            "SerializationException",
        ),
        ("10,000-deep nesting", deep.into_bytes(), "POST", &[], 400, "SerializationException"),
        ("invalid UTF-8 in a string", invalid_utf8, "POST", &[], 400, "SerializationException"),
        ("a 10 MB body", huge, "POST", &[], 413, "RequestEntityTooLargeException"),
        ("a body on a GET", good.to_vec(), "GET", &[], 405, "UnknownOperationException"),
        (
            "duplicate keys",
            br#"{"UserStackAssociations":[],"UserStackAssociations":[]}"#.to_vec(),
            "POST",
            &[],
            400,
            "SerializationException",
        ),
        (
            "a header with non-ASCII bytes",
            good.to_vec(),
            "POST",
            &latin1_header,
            400,
            "SerializationException",
        ),
    ];
    for (what, body, method, extra, status, code) in cases {
        let (got, answer) = exchange(address, &signed(&APPSTREAM, address, method, "/", &body, extra));
        assert_eq!(got, status, "{what}: {answer}");
        assert!(answer.contains(code), "{what}: expected {code} in {answer}");
    }
    // Still serving, and nothing the refused requests carried was applied.
    assert!(server.service.associations().is_empty());
    let (status, answer) = exchange(address, &signed(&APPSTREAM, address, "POST", "/", good, &[]));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(server.service.associations().len(), 1);
}

/// What is sent to the restJson1 service (a name, method, path, body, extra headers) and what
/// must come back (status, error type).
type RestCase<'a> = (&'a str, &'static str, String, Vec<u8>, &'a [(&'a str, &'a [u8])], u16, &'a str);

#[test]
fn hostile_requests_to_the_rest_json_service() {
    let server = common::start_appfabric();
    let address = server.address;
    let start = "/useraccess/start".to_owned();
    let good =
        format!(r#"{{"appBundleIdentifier":"{}","email":"jane@example.com"}}"#, common::APP_BUNDLE_ARN);
    let good = good.as_bytes();
    let deep = format!(r#"{{"email":"a@b.c","x":{}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    let mut invalid_utf8 = br#"{"appBundleIdentifier":"arn:"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe]);
    invalid_utf8.extend_from_slice(br#"","email":"jane@example.com"}"#);
    let huge = vec![b' '; 10 * 1024 * 1024 + 1];
    let latin1_header: [(&str, &[u8]); 1] = [("x-note", b"caf\xe9")];
    let long_path = format!("/useraccess/{}", "a".repeat(60_000));
    let cases: Vec<RestCase> = vec![
        ("truncated JSON", "POST", start.clone(), good[..30].to_vec(), &[], 400, "SerializationException"),
        (
            "a number where a string belongs",
            "POST",
            start.clone(),
            br#"{"email":5}"#.to_vec(),
            &[],
            400,
            "SerializationException",
        ),
        (
            "a number out of any range",
            "POST",
            start.clone(),
            br#"{"email":1e999999}"#.to_vec(),
            &[],
            400,
            "SerializationException",
        ),
        ("10,000-deep nesting", "POST", start.clone(), deep.into_bytes(), &[], 400, "SerializationException"),
        (
            "invalid UTF-8 in a string",
            "POST",
            start.clone(),
            invalid_utf8,
            &[],
            400,
            "SerializationException",
        ),
        ("a 10 MB body", "POST", start.clone(), huge, &[], 413, "RequestEntityTooLargeException"),
        ("a body on a GET", "GET", start.clone(), good.to_vec(), &[], 405, "UnknownOperationException"),
        (
            "duplicate keys",
            "POST",
            start.clone(),
            br#"{"email":"a@b.c","email":"a@b.c"}"#.to_vec(),
            &[],
            400,
            "SerializationException",
        ),
        (
            "a header with non-ASCII bytes",
            "POST",
            start.clone(),
            good.to_vec(),
            &latin1_header,
            400,
            "SerializationException",
        ),
        (
            "an unknown path",
            "POST",
            "/useraccess/nothing".to_owned(),
            good.to_vec(),
            &[],
            404,
            "UnknownOperationException",
        ),
        ("a 60 KB path", "POST", long_path, good.to_vec(), &[], 404, "UnknownOperationException"),
        (
            "a broken percent-escape",
            "POST",
            "/useraccess/%zz".to_owned(),
            good.to_vec(),
            &[],
            400,
            "SerializationException",
        ),
        (
            "an unknown member",
            "POST",
            start.clone(),
            br#"{"email":"a@b.c","appBundleIdentifier":"arn:x","extra":{"a":[1,2]}}"#.to_vec(),
            &[],
            404,
            "ResourceNotFoundException",
        ),
    ];
    for (what, method, path, body, extra, status, code) in cases {
        let (got, answer) = exchange(address, &signed(&APPFABRIC, address, method, &path, &body, extra));
        assert_eq!(got, status, "{what}: {answer}");
        assert!(answer.contains(code), "{what}: expected {code} in {answer}");
    }
    // Still serving, and nothing the refused requests carried was applied.
    assert!(server.service.tasks().is_empty());
    let (status, answer) = exchange(address, &signed(&APPFABRIC, address, "POST", &start, good, &[]));
    assert_eq!(status, 201, "{answer}");
    assert_eq!(server.service.tasks().len(), 2);
}

#[test]
fn a_configured_body_limit_is_answered_413_and_smaller_bodies_are_served() {
    let service = std::sync::Arc::new(example_servers::appstream::AppStream::new(
        ["Example-Stack"],
        [("jane@example.com", "USERPOOL")],
    ));
    let keys = example_servers::sigv4::Keys::new().with(common::KEY_ID, common::SECRET);
    let endpoint =
        example_servers::appstream_endpoint(std::sync::Arc::clone(&service), Some(keys)).with_max_body(512);
    let server = common::start(service, endpoint);
    let good = br#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL"}]}"#;
    let (status, text) =
        exchange(server.address, &signed(&APPSTREAM, server.address, "POST", "/", good, &[]));
    assert_eq!(status, 200, "{text}");
    // The same request padded past 512 bytes (whitespace keeps it valid JSON).
    let mut padded = good.to_vec();
    padded.extend(std::iter::repeat_n(b' ', 600));
    let (status, text) =
        exchange(server.address, &signed(&APPSTREAM, server.address, "POST", "/", &padded, &[]));
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("RequestEntityTooLargeException"), "{text}");
}
