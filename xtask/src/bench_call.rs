//! `cargo xtask bench-call [--calls N]`: the client's time per call beside the AWS SDK's, on
//! loopback (BENCHMARKS.md). A scratch program in `target/bench-call/` (release build) starts
//! the example AppStream server in-process on 127.0.0.1 (it checks every signature), then
//! makes N sequential `BatchAssociateUserStack` calls with the generated client (feature
//! `client`) and N with `aws-sdk-appstream` (configured with `aws-config`'s types: region,
//! static credentials, endpoint URL), alternating in rounds, and prints the median, p90 and
//! mean time per call of each. Both sign, send over a pooled keep-alive connection, and read
//! the same answer; the server's share is the same for both.
//!
//! `aws-sdk-appstream` is pinned at 1.119.0, the last release that speaks awsJson1_1 as the
//! model this project generates from does: from 1.120.0 the SDK speaks Smithy RPC v2 CBOR to
//! AppStream (`POST /service/PhotonAdminProxyService/operation/...`), which the example server,
//! generated from the awsJson1_1 model, does not serve.

use std::path::Path;
use std::process::Command;

const USAGE: &str = "bench-call [--calls N]";

const PROGRAM: &str = r#"
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEY_ID: &str = "AKIDBENCH";
const SECRET: &str = "bench-secret";

fn main() {
    let calls: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(5000);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let service = Arc::new(example_servers::appstream::AppStream::new(["Example-Stack"], [("jane@example.com", "USERPOOL")]));
    let keys = example_servers::sigv4::Keys::new().with(KEY_ID, SECRET);
    let endpoint = example_servers::appstream_endpoint(service, Some(keys));
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(example_servers::http::serve(listener, endpoint, std::future::pending()));

    let ours = {
        let credentials = aws_credential_types::Credentials::new(KEY_ID, SECRET, None, None, "bench");
        let config = smithy_lite_runtime::client::Config::builder()
            .region("us-east-1")
            .endpoint_url(&url)
            .credentials_provider(credentials)
            .build();
        generated::appstream::client::Client::new(config)
    };
    let sdk = {
        let config = aws_sdk_appstream::Config::builder()
            .behavior_version(aws_sdk_appstream::config::BehaviorVersion::latest())
            .region(aws_sdk_appstream::config::Region::new("us-east-1"))
            .endpoint_url(&url)
            .credentials_provider(aws_sdk_appstream::config::Credentials::new(KEY_ID, SECRET, None, None, "bench"))
            .build();
        aws_sdk_appstream::Client::from_conf(config)
    };
    let ours_call = || async {
        use generated::appstream::types::*;
        let association = UserStackAssociation::builder()
            .stack_name("Example-Stack")
            .user_name("jane@example.com")
            .authentication_type(AuthenticationType::Userpool)
            .build()
            .unwrap();
        let input = BatchAssociateUserStackRequest::builder().user_stack_associations(vec![association]).build().unwrap();
        ours.batch_associate_user_stack(input).await.unwrap();
    };
    let sdk_call = || async {
        use aws_sdk_appstream::types::*;
        let association = UserStackAssociation::builder()
            .stack_name("Example-Stack")
            .user_name("jane@example.com")
            .authentication_type(AuthenticationType::Userpool)
            .build();
        sdk.batch_associate_user_stack().user_stack_associations(association).send().await.unwrap();
    };
    // Warm-up: connections, first-use initialisation, caches.
    runtime.block_on(async {
        for _ in 0..200 {
            ours_call().await;
            sdk_call().await;
        }
    });
    let (mut ours_times, mut sdk_times) = (Vec::with_capacity(calls), Vec::with_capacity(calls));
    let rounds = 10;
    for round in 0..rounds {
        let per_round = calls / rounds;
        let mut timed = |which: usize| {
            runtime.block_on(async {
                for _ in 0..per_round {
                    let started = Instant::now();
                    if which == 0 { ours_call().await } else { sdk_call().await }
                    let elapsed = started.elapsed();
                    if which == 0 { ours_times.push(elapsed) } else { sdk_times.push(elapsed) }
                }
            })
        };
        if round % 2 == 0 { timed(0); timed(1); } else { timed(1); timed(0); }
    }
    for (label, times) in [("generated client", &mut ours_times), ("aws-sdk-appstream", &mut sdk_times)] {
        times.sort();
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{label}: {} calls, median {:.1} µs, p90 {:.1} µs, mean {:.1} µs",
            times.len(),
            at(0.5).as_secs_f64() * 1e6,
            at(0.9).as_secs_f64() * 1e6,
            mean.as_secs_f64() * 1e6
        );
    }
}
"#;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut calls = 5000usize;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--calls" => {
                calls = iter
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n >= 10)
                    .ok_or_else(|| format!("--calls takes a number >= 10\nusage: cargo xtask {USAGE}"))?
            }
            other => return Err(format!("unknown argument `{other}`\nusage: cargo xtask {USAGE}")),
        }
    }
    let root = crate::workspace_root();
    let dir = root.join("target").join("bench-call");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let path = |p: &Path| p.display().to_string().replace('\\', "/");
    let manifest = format!(
        "# Scratch program of `cargo xtask bench-call`.\n[package]\nname = \"bench-call\"\nversion = \"0.0.0\"\n\
         edition = \"2021\"\npublish = false\n\n[dependencies]\n\
         generated = {{ path = \"{}\", features = [\"client\"] }}\n\
         smithy-lite-runtime = {{ path = \"{}\", features = [\"client\"] }}\n\
         example-servers = {{ path = \"{}\" }}\n\
         aws-credential-types = \"1\"\n\
         aws-sdk-appstream = \"=1.119.0\"\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"net\", \"time\"] }}\n\n\
         [profile.release]\ndebug = false\n\n[workspace]\n",
        path(&root.join("generated")),
        path(&root.join("runtime")),
        path(&root.join("example-servers")),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src").join("main.rs"), PROGRAM).map_err(|e| e.to_string())?;
    eprintln!("building {} (release) ...", dir.display());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["run", "--release", "-q", "--", &calls.to_string()])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the bench-call program failed ({status})"))
    }
}
