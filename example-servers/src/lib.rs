//! Services served from the generated crate's server half, for tests and local development:
//! an in-memory AppStream ([`appstream`], awsJson1_1) and an in-memory AppFabric
//! ([`appfabric`], restJson1) on hyper ([`http`]), checking SigV4 signatures ([`sigv4`]).
//! `cargo run --example appstream_server` and `cargo run --example appfabric_server` start them.

pub mod appfabric;
pub mod appstream;
pub mod http;
pub mod sigv4;

use std::sync::Arc;

/// The AppStream example as an endpoint: the service, answering in awsJson1_1, accepting
/// requests signed with `keys`.
pub fn appstream_endpoint(service: Arc<appstream::AppStream>, keys: Option<sigv4::Keys>) -> http::Endpoint {
    let handler: http::Handler = Arc::new(move |request| {
        let service = Arc::clone(&service);
        Box::pin(async move { generated::appstream::server::handle(&*service, &request).await })
    });
    http::Endpoint {
        handler,
        protocol: generated::appstream::server::PROTOCOL,
        keys,
        signing_name: appstream::SIGNING_NAME,
        max_body: smithy_lite_runtime::server::MAX_BODY,
    }
}

/// The AppFabric example as an endpoint: the service, answering in restJson1, accepting
/// requests signed with `keys`.
pub fn appfabric_endpoint(service: Arc<appfabric::AppFabric>, keys: Option<sigv4::Keys>) -> http::Endpoint {
    let handler: http::Handler = Arc::new(move |request| {
        let service = Arc::clone(&service);
        Box::pin(async move { generated::appfabric::server::handle(&*service, &request).await })
    });
    http::Endpoint {
        handler,
        protocol: generated::appfabric::server::PROTOCOL,
        keys,
        signing_name: appfabric::SIGNING_NAME,
        max_body: smithy_lite_runtime::server::MAX_BODY,
    }
}
