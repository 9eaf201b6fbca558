//! How a signed request reaches the service: the [`Transport`] trait, so that users of
//! reqwest or their own HTTP stack can plug theirs in, and [`HyperTransport`], the default
//! (hyper 1 through hyper-util's pooled client, rustls with the webpki roots: no OpenSSL).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::HttpResponse;

/// A boxed future, as trait objects return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request ready to go: absolute URL, headers (signed), body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub kind: TransportErrorKind,
    pub message: String,
}

/// What kind of failure: a connection that could not be made or broke, or no answer in time
/// (both retried), or anything else (not retried).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    Connection,
    Timeout,
    Other,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}

/// Sends one request and reads its whole response.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, request: OutgoingRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// Responses larger than this are refused rather than held in memory.
pub const MAX_RESPONSE_BODY: usize = 256 * 1024 * 1024;

type HyperClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

/// The default transport: hyper 1 on tokio, pooled connections, HTTPS with rustls and the
/// webpki roots (plain HTTP too, for local endpoints).
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient,
}

impl std::fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HyperTransport")
    }
}

impl HyperTransport {
    /// A transport whose connections must be made within `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> HyperTransport {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map(|builder| builder.with_root_certificates(roots).with_no_client_auth());
        let connector = match tls {
            Ok(tls) => hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http()
                .enable_http1()
                .wrap_connector(http),
            // The ring provider supports the default versions; this branch is not taken.
            Err(_) => hyper_rustls::HttpsConnectorBuilder::new()
                .with_webpki_roots()
                .https_or_http()
                .enable_http1()
                .wrap_connector(http),
        };
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        HyperTransport { client }
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: OutgoingRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            use http_body_util::BodyExt;
            let other = |message: String| TransportError { kind: TransportErrorKind::Other, message };
            let mut builder = http::Request::builder().method(request.method).uri(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let http_request = builder
                .body(http_body_util::Full::new(bytes::Bytes::from(request.body)))
                .map_err(|e| other(format!("cannot build the request for {}: {e}", request.url)))?;
            let response = self.client.request(http_request).await.map_err(|e| {
                // A connection that could not be made, or that the server closed before
                // answering, is worth retrying.
                let closed = std::error::Error::source(&e)
                    .and_then(|source| source.downcast_ref::<hyper::Error>())
                    .is_some_and(|h| h.is_incomplete_message() || h.is_closed() || h.is_canceled());
                let kind = if e.is_connect() || closed {
                    TransportErrorKind::Connection
                } else {
                    TransportErrorKind::Other
                };
                TransportError { kind, message: format!("{}: {e}", request.url) }
            })?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let body = http_body_util::Limited::new(response.into_body(), MAX_RESPONSE_BODY)
                .collect()
                .await
                .map_err(|e| TransportError {
                    kind: TransportErrorKind::Connection,
                    message: format!("reading the response of {}: {e}", request.url),
                })?
                .to_bytes();
            Ok(HttpResponse::new(status, headers, body.to_vec()))
        })
    }
}
