//! No quadratic behaviour on what a hostile peer sends: long strings, long arrays, many keys,
//! long query strings and `@uniqueItems` lists, through the generated server's request
//! readers, the client's response reader and the runtime. Each input is read at one size and
//! at ten times that size; the larger may take at most 20 times as long (linear work takes
//! about 10 times; quadratic work would take about 100).
//!
//! This is a ratio, not a speed target: each side is the fastest of several runs, and the
//! sizes are large enough that timer noise does not count.

use std::time::{Duration, Instant};

use generated::runtime::server::ServerRequest;
use generated::runtime::HttpResponse;

const LIMIT: f64 = 20.0;

fn timed(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

/// Times `run(input(n))` against `run(input(10 n))` and checks the ratio: the fastest of five
/// runs each, taken in turns so that both see the same machine (other tests, other programs).
fn linear<T>(what: &str, n: usize, input: impl Fn(usize) -> T, run: impl Fn(&T)) {
    let (small, large) = (input(n), input(10 * n));
    run(&small); // warm up
    let (mut one, mut ten) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        one = one.min(timed(|| run(&small)));
        ten = ten.min(timed(|| run(&large)));
    }
    let ratio = ten.as_secs_f64() / one.as_secs_f64().max(1e-9);
    eprintln!("{what}: {n} -> {:?}, {} -> {:?}: {ratio:.1}x", one, 10 * n, ten);
    assert!(ratio < LIMIT, "{what}: 10x the input took {ratio:.1}x the time ({one:?} against {ten:?})");
}

fn appstream_request(body: String) -> ServerRequest {
    ServerRequest::new("POST", "/")
        .with_header("content-type", "application/x-amz-json-1.1")
        .with_header("x-amz-target", "PhotonAdminProxyService.BatchAssociateUserStack")
        .with_body(body)
}

const ASSOCIATION: &str =
    r#"{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL"}"#;

fn long_arrays_in_a_request() {
    linear(
        "awsJson1_1 request, n associations",
        4_000,
        |n| appstream_request(format!(r#"{{"UserStackAssociations":[{}]}}"#, vec![ASSOCIATION; n].join(","))),
        |request| {
            // Too many for the model's @length: refused, but only after reading them all.
            let refused = generated::appstream::server::parse_request(request);
            assert!(format!("{refused:?}").contains("length"), "{refused:?}");
        },
    );
}

fn long_strings_with_escapes_in_a_request() {
    linear(
        "awsJson1_1 request, a string of n escapes",
        5_000,
        |n| {
            let name = r#"a\"\\\u00e9\ud83d\ude00"#.repeat(n);
            appstream_request(format!(
                r#"{{"UserStackAssociations":[{{"StackName":"S","UserName":"{name}","AuthenticationType":"USERPOOL"}}]}}"#
            ))
        },
        |request| {
            let _ = generated::appstream::server::parse_request(request);
        },
    );
}

fn many_keys_in_a_request() {
    linear(
        "awsJson1_1 request, n unknown keys",
        20_000,
        |n| {
            let keys: Vec<String> = (0..n).map(|i| format!(r#""k{i}":[1,{{"x":"y"}}]"#)).collect();
            appstream_request(format!(r#"{{{},"UserStackAssociations":[{ASSOCIATION}]}}"#, keys.join(",")))
        },
        |request| {
            let _ = generated::appstream::server::parse_request(request);
        },
    );
}

fn long_query_strings_and_bodies_in_a_rest_request() {
    linear(
        "restJson1 request, n query parameters and an n-escape string",
        10_000,
        |n| {
            let query: Vec<String> = (0..n).map(|i| format!("p{i}=%E2%82%AC{i}")).collect();
            let email = r"a\u00e9".repeat(n);
            ServerRequest::new("POST", &format!("/useraccess/start?{}", query.join("&")))
                .with_header("content-type", "application/json")
                .with_body(format!(
                    r#"{{"appBundleIdentifier":"arn:aws:appfabric:us-east-1:123456789012:appbundle/x","email":"{email}"}}"#
                ))
        },
        |request| {
            let _ = generated::appfabric::server::parse_request(request);
        },
    );
}

fn long_arrays_in_a_response() {
    linear(
        "restJson1 response, n results",
        5_000,
        |n| {
            let item = r#"{"app":"SLACK","tenantId":"T01","taskId":"t","resultStatus":"COMPLETED","email":"j@example.com","userId":"U1","userFullName":"Jane","userFirstName":"J","userLastName":"D","userStatus":"active"}"#;
            let body = format!(r#"{{"userAccessResultsList":[{}]}}"#, vec![item; n].join(","));
            HttpResponse::new(200, vec![("content-type".into(), "application/json".into())], body)
        },
        |response| {
            let parsed = generated::appfabric::operations::BatchGetUserAccessTasks::parse_response(response);
            assert!(parsed.is_ok(), "{parsed:?}");
        },
    );
}

fn unique_items_over_long_lists() {
    linear(
        "@uniqueItems, n distinct strings",
        20_000,
        |n| (0..n).map(|i| format!("item-{i}")).collect::<Vec<String>>(),
        |items| {
            let mut errors = Vec::new();
            generated::runtime::validation::unique_items(items, &Default::default(), &mut errors);
            assert!(errors.is_empty());
        },
    );
}

/// One test, the cases one after another: run side by side, they would time each other.
#[test]
fn reading_is_linear_in_what_a_peer_sends() {
    long_arrays_in_a_request();
    long_strings_with_escapes_in_a_request();
    many_keys_in_a_request();
    long_query_strings_and_bodies_in_a_rest_request();
    long_arrays_in_a_response();
    unique_items_over_long_lists();
}
