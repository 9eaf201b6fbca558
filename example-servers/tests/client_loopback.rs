//! The generated client (feature `client`) end to end over loopback, against the example
//! AppStream server, which checks every signature: it signs and succeeds; it retries
//! throttling and a dropped connection within its budget (standard mode, 3 attempts), gives up
//! with a clear error when the budget is spent, and never retries a ValidationException or a
//! refused signature.

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use example_servers::appstream::AppStream;
use example_servers::sigv4::Keys;
use generated::appstream::client::Client;
use generated::appstream::types::{AuthenticationType, BatchAssociateUserStackRequest, UserStackAssociation};
use http_body_util::Full;
use hyper::body::Bytes;
use smithy_lite_runtime::client::retry::RetryConfig;
use smithy_lite_runtime::client::{Config, SdkError};

/// What the server does with the next request.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// 400 ThrottlingException.
    Throttle,
    /// Close the connection without an answer.
    Drop,
    /// 400 ValidationException.
    Invalid,
}

struct Server {
    address: std::net::SocketAddr,
    /// Requests that reached the server, answered or not.
    requests: Arc<AtomicU32>,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    service: Arc<AppStream>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// The AppStream example behind a fault injector: each request takes the next fault, if any;
/// the others are answered by the example (signature checked, then the service).
fn start(runtime: &tokio::runtime::Runtime) -> Server {
    let service = Arc::new(AppStream::new(["Example-Stack"], [("jane@example.com", "USERPOOL")]));
    let endpoint = example_servers::appstream_endpoint(
        Arc::clone(&service),
        Some(Keys::new().with(common::KEY_ID, common::SECRET)),
    );
    let requests = Arc::new(AtomicU32::new(0));
    let faults: Arc<Mutex<VecDeque<Fault>>> = Arc::default();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let (counter, script) = (Arc::clone(&requests), Arc::clone(&faults));
    runtime.spawn(async move {
        loop {
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted { Ok((s, _)) => s, Err(_) => continue },
                _ = &mut stopped => break,
            };
            let (endpoint, counter, script) = (endpoint.clone(), Arc::clone(&counter), Arc::clone(&script));
            let service = hyper::service::service_fn(move |request| {
                let (endpoint, counter, script) =
                    (endpoint.clone(), Arc::clone(&counter), Arc::clone(&script));
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let fault = script.lock().unwrap().pop_front();
                    let response = match fault {
                        Some(Fault::Drop) => return Err("dropped on purpose"),
                        Some(Fault::Throttle) => error_response("ThrottlingException", "Rate exceeded"),
                        Some(Fault::Invalid) => {
                            error_response("ValidationException", "1 validation error detected")
                        }
                        None => endpoint.answer(request).await,
                    };
                    let response =
                        smithy_lite_runtime::server::into_http(response).map(|b| Full::new(Bytes::from(b)));
                    Ok::<_, &str>(response)
                }
            });
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    Server { address, requests, faults, service, _stop: stop }
}

fn error_response(code: &str, message: &str) -> smithy_lite_runtime::HttpResponse {
    let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
    smithy_lite_runtime::server::error_response(
        smithy_lite_runtime::server::Protocol::AwsJson1_1,
        400,
        code,
        body,
    )
}

fn client(server: &Server, secret: &str) -> Client {
    let credentials = aws_credential_types::Credentials::new(common::KEY_ID, secret, None, None, "test");
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(format!("http://{}", server.address))
        .credentials_provider(credentials)
        .retry(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .attempt_timeout(Duration::from_secs(10))
        .build();
    Client::new(config)
}

fn associate() -> BatchAssociateUserStackRequest {
    let association = UserStackAssociation::builder()
        .stack_name("Example-Stack")
        .user_name("jane@example.com")
        .authentication_type(AuthenticationType::Userpool)
        .build()
        .unwrap();
    BatchAssociateUserStackRequest::builder().user_stack_associations(vec![association]).build().unwrap()
}

#[test]
fn the_client_signs_retries_within_its_budget_and_gives_up_clearly() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = start(&runtime);
    let good = client(&server, common::SECRET);
    let script = |faults: &[Fault]| {
        server.requests.store(0, Ordering::SeqCst);
        *server.faults.lock().unwrap() = faults.iter().copied().collect();
    };

    // Signed, verified by the server, answered.
    script(&[]);
    let output = runtime.block_on(good.batch_associate_user_stack(associate())).expect("the call succeeds");
    assert_eq!(output.errors, Some(vec![]));
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    assert_eq!(server.service.associations().len(), 1);

    // Throttled twice, then answered: three attempts, a success.
    script(&[Fault::Throttle, Fault::Throttle]);
    runtime.block_on(good.batch_associate_user_stack(associate())).expect("the third attempt succeeds");
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);

    // A connection dropped before the answer: retried.
    script(&[Fault::Drop]);
    runtime.block_on(good.batch_associate_user_stack(associate())).expect("the retry succeeds");
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);

    // Throttled every time: the budget of three attempts is spent, and the error says so.
    script(&[Fault::Throttle, Fault::Throttle, Fault::Throttle, Fault::Throttle]);
    let error = runtime.block_on(good.batch_associate_user_stack(associate())).unwrap_err();
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    match &error {
        SdkError::Service { error, status, attempts } => {
            assert_eq!((*status, *attempts), (400, 3));
            assert_eq!(
                smithy_lite_runtime::ServiceError::code(unhandled(error)),
                Some("ThrottlingException")
            );
        }
        other => panic!("expected the throttling error, got {other}"),
    }
    assert!(error.to_string().contains("after 3 attempt(s)"), "{error}");

    // A ValidationException is never retried.
    script(&[Fault::Invalid, Fault::Invalid]);
    let error = runtime.block_on(good.batch_associate_user_stack(associate())).unwrap_err();
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    assert!(matches!(error, SdkError::Service { status: 400, attempts: 1, .. }), "{error}");

    // A wrong secret: the server refuses the signature (403), and that is not retried either.
    script(&[]);
    let wrong = client(&server, "not-the-secret");
    let error = runtime.block_on(wrong.batch_associate_user_stack(associate())).unwrap_err();
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    match &error {
        SdkError::Service { error, status: 403, attempts: 1 } => {
            assert_eq!(
                smithy_lite_runtime::ServiceError::code(unhandled(error)),
                Some("InvalidSignatureException")
            );
        }
        other => panic!("expected a refused signature, got {other}"),
    }

    // Nothing refused was applied: only the successful calls' association is held.
    assert_eq!(server.service.associations().len(), 1);
}

fn unhandled(
    error: &generated::appstream::errors::BatchAssociateUserStackError,
) -> &smithy_lite_runtime::UnhandledError {
    match error {
        generated::appstream::errors::BatchAssociateUserStackError::Unhandled(e) => e,
        other => panic!("expected an error the model does not describe, got {other:?}"),
    }
}
