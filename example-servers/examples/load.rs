//! Requests per second of an example server on loopback (BENCHMARKS.md):
//!
//! ```sh
//! cargo run --release -p example-servers --example load -- --requests 20000 --connections 4 [--service appstream|appfabric]
//! ```
//!
//! Starts the server in this process on 127.0.0.1, then sends a bounded number of signed
//! requests over keep-alive connections, one thread per connection, and prints throughput and
//! latency percentiles: AppStream (awsJson1_1) `BatchAssociateUserStack` with one association,
//! or AppFabric (restJson1) `BatchGetUserAccessTasks` of the two tasks one
//! `StartUserAccessTasks` started. Every request is checked: its signature verified, routed, its
//! input read and validated, the handler run, the output written; each answer must be 200.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use aws_credential_types::Credentials;
use example_servers::appfabric::{AppAuthorization, AppFabric};
use example_servers::appstream::AppStream;
use example_servers::sigv4::Keys;
use generated::appfabric::server::Service as _;
use smithy_lite_runtime::client::sign::{sign_request, SigningScope};
use smithy_lite_runtime::client::transport::OutgoingRequest;

const KEY_ID: &str = "AKIDLOAD";
const SECRET: &str = "load-test-secret";

fn main() -> Result<(), String> {
    let mut requests = 20_000usize;
    let mut connections = 4usize;
    let mut service_name = "appstream".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--service" {
            service_name = args.next().ok_or("--service takes appstream or appfabric")?;
            continue;
        }
        let mut number = || args.next().and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0);
        match arg.as_str() {
            "--requests" => requests = number().ok_or("--requests takes a number")?,
            "--connections" => connections = number().ok_or("--connections takes a number")?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let keys = Some(Keys::new().with(KEY_ID, SECRET));
    let (endpoint, call) = match service_name.as_str() {
        "appstream" => {
            let service = Arc::new(AppStream::new(["Example-Stack"], [("jane@example.com", "USERPOOL")]));
            let call = Call {
                path: "/",
                content_type: "application/x-amz-json-1.1",
                signing_name: "appstream",
                target: Some("PhotonAdminProxyService.BatchAssociateUserStack"),
                body: br#"{"UserStackAssociations":[{"StackName":"Example-Stack","UserName":"jane@example.com","AuthenticationType":"USERPOOL"}]}"#.to_vec(),
            };
            (example_servers::appstream_endpoint(service, keys), call)
        }
        "appfabric" => {
            let bundle =
                "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001";
            let app = |app: &str, tenant: &str| AppAuthorization {
                app: app.into(),
                tenant_id: tenant.into(),
                tenant_display_name: tenant.into(),
                users: [("jane@example.com".to_owned(), ("U0123".to_owned(), "Jane Doe".to_owned()))].into(),
            };
            let service = Arc::new(AppFabric::new([(
                bundle.to_owned(),
                vec![app("SLACK", "T01"), app("OKTA", "o-1")],
            )]));
            let start = generated::appfabric::types::StartUserAccessTasksRequest::builder()
                .app_bundle_identifier(bundle)
                .email("jane@example.com")
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(service.start_user_access_tasks(start)).map_err(|e| format!("{e:?}"))?;
            let ids: Vec<String> = service.tasks().into_keys().map(|id| format!("\"{id}\"")).collect();
            let call = Call {
                path: "/useraccess/batchget",
                content_type: "application/json",
                signing_name: "appfabric",
                target: None,
                body: format!(r#"{{"appBundleIdentifier":"{bundle}","taskIdList":[{}]}}"#, ids.join(","))
                    .into_bytes(),
            };
            (example_servers::appfabric_endpoint(service, keys), call)
        }
        other => return Err(format!("unknown service `{other}` (appstream or appfabric)")),
    };
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).map_err(|e| e.to_string())?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(example_servers::http::serve(listener, endpoint, async {
        let _ = stopped.await;
    }));

    let request = signed_request(address, &call)?;
    let per_connection = requests.div_ceil(connections);
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let request = request.clone();
            std::thread::spawn(move || run_connection(address, &request, per_connection))
        })
        .collect();
    let mut latencies = Vec::with_capacity(per_connection * connections);
    for worker in workers {
        latencies.extend(worker.join().map_err(|_| "a connection thread panicked")??);
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    let _ = runtime.block_on(server);

    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{} requests over {connections} keep-alive connections in {:.2} s: {:.0} requests/s; latency p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(0.50).as_secs_f64() * 1e6,
        percentile(0.99).as_secs_f64() * 1e6,
        latencies[latencies.len() - 1].as_secs_f64() * 1e6,
    );
    Ok(())
}

/// What the load sends: one operation's request.
struct Call {
    path: &'static str,
    content_type: &'static str,
    signing_name: &'static str,
    /// `X-Amz-Target`, for awsJson.
    target: Option<&'static str>,
    body: Vec<u8>,
}

/// One signed request (by the generated client's signer), replayed on every connection (its
/// date stays valid for 15 minutes).
fn signed_request(address: SocketAddr, call: &Call) -> Result<Vec<u8>, String> {
    let mut headers = vec![("content-type".to_owned(), call.content_type.to_owned())];
    headers.extend(call.target.map(|t| ("x-amz-target".to_owned(), t.to_owned())));
    let mut request = OutgoingRequest {
        method: "POST",
        url: format!("http://{address}{}", call.path),
        headers,
        body: call.body.clone(),
    };
    let credentials = Credentials::new(KEY_ID, SECRET, None, None, "load");
    let scope = SigningScope { name: call.signing_name.to_owned(), region: "us-east-1".to_owned() };
    sign_request(&mut request, &credentials, &scope, SystemTime::now(), false)?;
    let mut raw = format!("POST {} HTTP/1.1\r\n", call.path).into_bytes();
    for (name, value) in &request.headers {
        raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    raw.extend_from_slice(format!("content-length: {}\r\n\r\n", call.body.len()).as_bytes());
    raw.extend_from_slice(&call.body);
    Ok(raw)
}

/// Sends `count` requests one after another on one connection; the latency of each.
fn run_connection(address: SocketAddr, request: &[u8], count: usize) -> Result<Vec<Duration>, String> {
    let stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        let sent = Instant::now();
        writer.write_all(request).map_err(|e| e.to_string())?;
        let mut status_line = String::new();
        reader.read_line(&mut status_line).map_err(|e| e.to_string())?;
        if !status_line.starts_with("HTTP/1.1 200") {
            return Err(format!("unexpected answer: {status_line}"));
        }
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).map_err(|e| e.to_string())?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().map_err(|_| "bad content-length")?;
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).map_err(|e| e.to_string())?;
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}
