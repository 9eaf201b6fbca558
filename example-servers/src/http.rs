//! Serving a generated server half over HTTP/1.1 with hyper: bounded reads (body size, time to
//! send headers and body), the SigV4 check, then the generated `handle`; a graceful stop.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use smithy_lite_runtime::server::{into_http, Protocol, ServerError, ServerRequest};
use smithy_lite_runtime::HttpResponse;
use tokio::net::TcpListener;

use crate::sigv4::Keys;

/// How long a client may take to send a request's headers, and then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A generated service's `handle`, boxed so one serving loop takes any service.
pub type Handler =
    Arc<dyn Fn(ServerRequest) -> Pin<Box<dyn Future<Output = HttpResponse> + Send>> + Send + Sync>;

/// What the serving loop needs to answer requests for one service.
#[derive(Clone)]
pub struct Endpoint {
    pub handler: Handler,
    /// The protocol protocol errors (size, signature) are answered in.
    pub protocol: Protocol,
    /// The keys whose signatures are accepted; `None` accepts unsigned requests.
    pub keys: Option<Keys>,
    /// The SigV4 signing name the credential scope must carry.
    pub signing_name: &'static str,
    /// The largest body read (bytes); larger ones are answered 413 before they are read
    /// whole. [`MAX_BODY`](smithy_lite_runtime::server::MAX_BODY) unless set with
    /// [`Endpoint::with_max_body`].
    pub max_body: usize,
}

impl Endpoint {
    /// The same endpoint, reading bodies of at most `bytes`.
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Answers one request: read within bounds, check the signature, hand it to the service.
    pub async fn answer(&self, request: hyper::Request<Incoming>) -> HttpResponse {
        let declared = request.headers().get(hyper::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
        if declared.and_then(|v| v.parse::<usize>().ok()).is_some_and(|n| n > self.max_body) {
            return ServerError::PayloadTooLarge(self.max_body).response(self.protocol);
        }
        let (parts, body) = request.into_parts();
        let collected = tokio::time::timeout(READ_TIMEOUT, Limited::new(body, self.max_body).collect()).await;
        let body = match collected {
            Ok(Ok(body)) => body.to_bytes().to_vec(),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                return ServerError::PayloadTooLarge(self.max_body).response(self.protocol)
            }
            Ok(Err(e)) => {
                return ServerError::Serialization(format!("cannot read the body: {e}"))
                    .response(self.protocol)
            }
            Err(_) => {
                return ServerError::Serialization("the body did not arrive in time".into())
                    .response(self.protocol)
            }
        };
        let request = match ServerRequest::from_http(http::Request::from_parts(parts, body)) {
            Ok(request) => request,
            Err(e) => return e.response(self.protocol),
        };
        if let Some(keys) = &self.keys {
            if let Err(e) = keys.verify(&request, self.signing_name, SystemTime::now()) {
                return e.response(self.protocol);
            }
        }
        (self.handler)(request).await
    }
}

/// Serves `endpoint` on `listener` until `shutdown` completes, then lets the requests in
/// flight finish (for at most `READ_TIMEOUT`).
pub async fn serve(
    listener: TcpListener,
    endpoint: Endpoint,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer): (_, SocketAddr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A connection that failed before it was accepted concerns that client only.
                Err(_) => continue,
            },
            () = &mut shutdown => break,
        };
        let endpoint = endpoint.clone();
        let service = service_fn(move |request| {
            let endpoint = endpoint.clone();
            async move {
                let response =
                    into_http(endpoint.answer(request).await).map(|body| Full::new(Bytes::from(body)));
                Ok::<_, std::convert::Infallible>(response)
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(READ_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's own failure (a client that hung up) ends that connection only.
            let _ = connection.await;
        });
    }
    let _ = tokio::time::timeout(READ_TIMEOUT, graceful.shutdown()).await;
    Ok(())
}
