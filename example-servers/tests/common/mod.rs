//! What the example servers' tests share: a server on 127.0.0.1 in a background runtime, and
//! a Python virtual environment with boto3 from the package registry.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use example_servers::appfabric::{AppAuthorization, AppFabric};
use example_servers::appstream::AppStream;
use example_servers::http::Endpoint;
use example_servers::sigv4::Keys;

pub const KEY_ID: &str = "AKIDTESTSERVER";
pub const SECRET: &str = "test-secret-access-key/for+the+example";

/// A running example server; dropping it stops the server and waits for it.
pub struct Running<S = AppStream> {
    pub address: SocketAddr,
    pub service: Arc<S>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl<S> Drop for Running<S> {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The AppStream example with stacks `Example-Stack` and `Other-Stack` and the user-pool user
/// `jane@example.com`, accepting requests signed with [`KEY_ID`] / [`SECRET`].
pub fn start_appstream() -> Running<AppStream> {
    let service =
        Arc::new(AppStream::new(["Example-Stack", "Other-Stack"], [("jane@example.com", "USERPOOL")]));
    let endpoint =
        example_servers::appstream_endpoint(Arc::clone(&service), Some(Keys::new().with(KEY_ID, SECRET)));
    start(service, endpoint)
}

/// The app bundle of [`start_appfabric`].
pub const APP_BUNDLE_ID: &str = "a1b2c3d4-5678-90ab-cdef-000000000001";
pub const APP_BUNDLE_ARN: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-000000000001";

/// The AppFabric example with one app bundle ([`APP_BUNDLE_ARN`]) authorizing two
/// applications: Slack (tenant `T01`, which knows `jane@example.com`) and Okta (tenant
/// `okta-1`, which does not); requests signed with [`KEY_ID`] / [`SECRET`].
pub fn start_appfabric() -> Running<AppFabric> {
    let slack = AppAuthorization {
        app: "SLACK".into(),
        tenant_id: "T01".into(),
        tenant_display_name: "Example Workspace".into(),
        users: [("jane@example.com".to_owned(), ("U0123".to_owned(), "Jane Doe".to_owned()))].into(),
    };
    let okta = AppAuthorization {
        app: "OKTA".into(),
        tenant_id: "okta-1".into(),
        tenant_display_name: "Example Okta".into(),
        users: Default::default(),
    };
    let service = Arc::new(AppFabric::new([(APP_BUNDLE_ARN.to_owned(), vec![slack, okta])]));
    let endpoint =
        example_servers::appfabric_endpoint(Arc::clone(&service), Some(Keys::new().with(KEY_ID, SECRET)));
    start(service, endpoint)
}

/// Serves `endpoint` on 127.0.0.1 (a free port) from a runtime of its own.
pub fn start<S>(service: Arc<S>, endpoint: Endpoint) -> Running<S> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, address) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            ready.send(listener.local_addr().unwrap()).unwrap();
            example_servers::http::serve(listener, endpoint, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
    });
    let address = address.recv_timeout(Duration::from_secs(30)).expect("the server starts");
    Running { address, service, stop: Some(stop), thread: Some(thread) }
}

/// The virtual environment's Python, with boto3 installed from the package registry (once per
/// target folder). `None`, with the reason printed, only outside CI when Python is missing.
pub fn python_with_boto3() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("boto3-venv");
    let python = venv.join("bin").join("python");
    let has_boto3 = |python: &PathBuf| {
        Command::new(python)
            .args(["-c", "import boto3"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if python.exists() && has_boto3(&python) {
        return Some(python);
    }
    let created = Command::new("python3").args(["-m", "venv"]).arg(&venv).status();
    match created {
        Ok(status) if status.success() => {}
        other => {
            assert!(std::env::var_os("CI").is_none(), "CI must have python3 with venv: {other:?}");
            eprintln!("skipped: cannot create a Python virtual environment ({other:?})");
            return None;
        }
    }
    let pip = venv.join("bin").join("pip");
    let installed = Command::new(&pip)
        .args(["install", "--quiet", "--disable-pip-version-check", "boto3>=1.34"])
        .status();
    assert!(installed.is_ok_and(|s| s.success()), "pip could not install boto3 into {}", venv.display());
    assert!(has_boto3(&python), "boto3 is not importable after installing it");
    Some(python)
}

/// Runs a Python script with arguments; its standard output, within `limit`.
pub fn run_python(python: &PathBuf, script: &str, args: &[String], limit: Duration) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("script-{}.py", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let mut child = Command::new(python)
        .arg(&path)
        .args(args)
        // Loopback only: no proxy may stand between boto3 and the server.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the boto3 script did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the boto3 script failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
