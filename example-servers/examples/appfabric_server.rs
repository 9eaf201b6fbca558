//! An in-memory AWS AppFabric on 127.0.0.1, generated from the model's server half (restJson1):
//! `StartUserAccessTasks` and `BatchGetUserAccessTasks`, SigV4 checked.
//!
//! ```sh
//! cargo run --example appfabric_server -- --port 8081
//! aws appfabric start-user-access-tasks --endpoint-url http://127.0.0.1:8081 \
//!     --app-bundle-identifier arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001 \
//!     --email jane@example.com
//! ```
//!
//! Options: `--port N` (0, the default, picks a free port), `--access-key-id ID` and
//! `--secret-access-key SECRET` (by default the documentation's example key `AKIDEXAMPLE`),
//! `--app APP:TENANT` (repeatable: the app authorizations of the one app bundle; by default
//! `SLACK:T01` and `OKTA:okta-1`) and `--user APP:EMAIL:USER_ID:FULL NAME` (repeatable: a user
//! that application knows; by default Jane Doe in Slack). Ctrl-C stops it.

use std::collections::BTreeMap;
use std::sync::Arc;

use example_servers::appfabric::{AppAuthorization, AppFabric};
use example_servers::sigv4::Keys;

const USAGE: &str = "usage: appfabric_server [--port N] [--access-key-id ID] [--secret-access-key SECRET] [--app APP:TENANT]... [--user APP:EMAIL:USER_ID:FULL NAME]...";

const BUNDLE: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001";

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
    let mut apps: Vec<(String, String)> = Vec::new();
    let mut users: Vec<(String, String, String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--access-key-id" => key_id = value()?,
            "--secret-access-key" => secret = value()?,
            "--app" => {
                let text = value()?;
                let (app, tenant) = text.split_once(':').ok_or("--app takes APP:TENANT")?;
                apps.push((app.to_owned(), tenant.to_owned()));
            }
            "--user" => {
                let text = value()?;
                let parts: Vec<&str> = text.splitn(4, ':').collect();
                let [app, email, id, name] = parts[..] else {
                    return Err("--user takes APP:EMAIL:USER_ID:FULL NAME".into());
                };
                users.push((app.to_owned(), email.to_owned(), id.to_owned(), name.to_owned()));
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if apps.is_empty() {
        apps = vec![("SLACK".into(), "T01".into()), ("OKTA".into(), "okta-1".into())];
    }
    if users.is_empty() {
        users.push(("SLACK".into(), "jane@example.com".into(), "U0123".into(), "Jane Doe".into()));
    }
    let authorizations: Vec<AppAuthorization> = apps
        .iter()
        .map(|(app, tenant)| AppAuthorization {
            app: app.clone(),
            tenant_id: tenant.clone(),
            tenant_display_name: format!("{app} {tenant}"),
            users: users
                .iter()
                .filter(|(user_app, ..)| user_app == app)
                .map(|(_, email, id, name)| (email.clone(), (id.clone(), name.clone())))
                .collect::<BTreeMap<_, _>>(),
        })
        .collect();
    let service = Arc::new(AppFabric::new([(BUNDLE.to_owned(), authorizations)]));
    let endpoint = example_servers::appfabric_endpoint(service, Some(Keys::new().with(&key_id, &secret)));
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let names: Vec<String> = apps.iter().map(|(a, t)| format!("{a}:{t}")).collect();
        println!(
            "AppFabric listening on http://{address} (app bundle {BUNDLE}: {}; key {key_id})",
            names.join(", ")
        );
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        example_servers::http::serve(listener, endpoint, stop).await.map_err(|e| e.to_string())?;
        println!("stopped");
        Ok(())
    })
}
