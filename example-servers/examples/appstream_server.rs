//! An in-memory Amazon AppStream 2.0 on 127.0.0.1, generated from the model's server half:
//! `BatchAssociateUserStack` and `BatchDisassociateUserStack`, SigV4 checked.
//!
//! ```sh
//! cargo run --example appstream_server -- --port 8080 --stack Example-Stack --user jane@example.com
//! aws appstream batch-associate-user-stack --endpoint-url http://127.0.0.1:8080 \
//!     --user-stack-associations StackName=Example-Stack,UserName=jane@example.com,AuthenticationType=USERPOOL
//! ```
//!
//! Options: `--port N` (0, the default, picks a free port), `--access-key-id ID` and
//! `--secret-access-key SECRET` (the key requests must be signed with; by default the
//! documentation's example key `AKIDEXAMPLE`), `--stack NAME` and `--user NAME` (repeatable;
//! users are user-pool users). Ctrl-C stops it.

use std::sync::Arc;

use example_servers::appstream::AppStream;
use example_servers::sigv4::Keys;

const USAGE: &str = "usage: appstream_server [--port N] [--access-key-id ID] [--secret-access-key SECRET] [--stack NAME]... [--user NAME]...";

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut port = 0u16;
    let mut key_id = "AKIDEXAMPLE".to_owned();
    let mut secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned();
    let mut stacks = Vec::new();
    let mut users = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--access-key-id" => key_id = value()?,
            "--secret-access-key" => secret = value()?,
            "--stack" => stacks.push(value()?),
            "--user" => users.push(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if stacks.is_empty() {
        stacks.push("Example-Stack".to_owned());
    }
    if users.is_empty() {
        users.push("jane@example.com".to_owned());
    }
    let service = Arc::new(AppStream::new(
        stacks.iter().map(String::as_str),
        users.iter().map(|u| (u.as_str(), "USERPOOL")),
    ));
    let endpoint = example_servers::appstream_endpoint(service, Some(Keys::new().with(&key_id, &secret)));
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        println!(
            "AppStream listening on http://{address} (stacks: {}; users: {}; key {key_id})",
            stacks.join(", "),
            users.join(", ")
        );
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        example_servers::http::serve(listener, endpoint, stop).await.map_err(|e| e.to_string())?;
        println!("stopped");
        Ok(())
    })
}
