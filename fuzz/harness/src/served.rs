//! One generated service module seen through its by-name functions (feature `cli-json`), so
//! that the same drivers fuzz every service: [`serve`] for the server half, [`read_response`]
//! for the client's response readers. [`served!`](crate::served) implements [`Served`] for a
//! module of any generated crate (the fuzz crate does it for its generated Lambda crate).
//!
//! Beyond "no panic", each driver checks what the generated code promises:
//! - a refused request is answered as a proper error response ([`check_rejection`]);
//! - an accepted request's input passes its constraints again on the client side, and the
//!   request the client writes for it is read back by the server as the same input;
//! - an output the client reads is written by the server as a response the client reads back
//!   as the same output.
//!
//! The round trips start from the message without its empty-valued headers: a writer never
//! sends a header for an empty string or list (the protocol suite's
//! `RestJsonNullAndEmptyHeaders`), while a reader keeps a header that is sent empty as an
//! empty value (as smithy-rs does), so that difference is the protocol's, not a bug.

use smithy_lite_runtime::json_read::JsonReader;
use smithy_lite_runtime::server::{Protocol, ServerError, ServerRequest};
use smithy_lite_runtime::{ErrorSummary, HttpRequest, HttpResponse, RequestError};

/// A generated service module, by its by-name functions.
pub trait Served {
    /// The module's name, for messages.
    const NAME: &'static str;
    const PROTOCOL: Protocol;
    /// Every operation the module has.
    const OPERATIONS: &'static [&'static str];
    /// `server::parse_request`: the operation's name and its input as member-name JSON.
    fn parse_request(request: &ServerRequest) -> Result<(&'static str, Result<String, String>), ServerError>;
    /// `server::rejection_response`.
    fn rejection_response(error: ServerError) -> HttpResponse;
    /// `operations::request_from_json`, validating.
    fn request_from_json(operation: &str, params: &[u8]) -> Option<Result<HttpRequest, RequestError>>;
    /// `operations::response_to_json`: `parse_response`, the output as member-name JSON.
    fn response_to_json(operation: &str, response: &HttpResponse) -> Option<Result<String, ErrorSummary>>;
    /// `server::output_response_from_json`.
    fn output_response_from_json(operation: &str, output: &[u8])
        -> Option<Result<HttpResponse, ServerError>>;
}

/// Implements [`Served`] for a generated service module: `served!(Name, crate_name::module)`
/// defines the unit struct `Name`. The crate needs its `server` and `cli-json` features.
#[macro_export]
macro_rules! served {
    ($name:ident, $module:path) => {
        /// A generated service module, for the fuzz harness's drivers.
        pub struct $name;

        impl $crate::Served for $name {
            const NAME: &'static str = stringify!($module);
            const PROTOCOL: $crate::runtime::server::Protocol = {
                use $module as service;
                service::server::PROTOCOL
            };
            const OPERATIONS: &'static [&'static str] = {
                use $module as service;
                service::operations::OPERATION_NAMES
            };

            fn parse_request(
                request: &$crate::runtime::server::ServerRequest,
            ) -> ::std::result::Result<
                (&'static str, ::std::result::Result<String, String>),
                $crate::runtime::server::ServerError,
            > {
                use $module as service;
                service::server::parse_request(request).map(|input| (input.operation_name(), input.to_json()))
            }

            fn rejection_response(
                error: $crate::runtime::server::ServerError,
            ) -> $crate::runtime::HttpResponse {
                use $module as service;
                service::server::rejection_response(error)
            }

            fn request_from_json(
                operation: &str,
                params: &[u8],
            ) -> Option<::std::result::Result<$crate::runtime::HttpRequest, $crate::runtime::RequestError>>
            {
                use $module as service;
                service::operations::request_from_json(operation, params, true)
            }

            fn response_to_json(
                operation: &str,
                response: &$crate::runtime::HttpResponse,
            ) -> Option<::std::result::Result<String, $crate::runtime::ErrorSummary>> {
                use $module as service;
                service::operations::response_to_json(operation, response)
            }

            fn output_response_from_json(
                operation: &str,
                output: &[u8],
            ) -> Option<
                ::std::result::Result<$crate::runtime::HttpResponse, $crate::runtime::server::ServerError>,
            > {
                use $module as service;
                service::server::output_response_from_json(operation, output)
            }
        }
    };
}

/// The server half over one request: routed, read and validated, or refused with a proper
/// error response; an accepted input survives the client's validation and a round trip
/// through the client's serializer.
pub fn serve<S: Served>(request: &ServerRequest) {
    let Some(accepted) = parse::<S>(request) else { return };
    let mut trimmed = request.clone();
    trimmed.headers = without_empty_values(&request.headers);
    let (operation, input) = if trimmed == *request {
        accepted
    } else {
        let Some(accepted) = parse::<S>(&trimmed) else { return };
        accepted
    };
    let input =
        input.unwrap_or_else(|e| panic!("{}: an accepted {operation} input cannot be written: {e}", S::NAME));
    let written = match S::request_from_json(operation, input.as_bytes()) {
        Some(Ok(written)) => written,
        Some(Err(error)) => panic!(
            "{}: the server accepted a {operation} input that the client refuses: {error}\ninput: {input}",
            S::NAME
        ),
        None => panic!("{}: the server routed to {operation}, which the client does not have", S::NAME),
    };
    let again = server_request(&written);
    match S::parse_request(&again) {
        Ok((operation_again, Ok(input_again))) => {
            assert_eq!(
                (operation_again, &input_again),
                (operation, &input),
                "{}: the client's request for an accepted input reads back differently\nrequest: {again:?}",
                S::NAME
            );
        }
        Ok((_, Err(error))) => panic!("{}: an input read back cannot be written: {error}", S::NAME),
        Err(error) => panic!(
            "{}: the server refuses the client's request for an input it accepted: {error}\ninput: {input}\nrequest: {again:?}",
            S::NAME
        ),
    }
}

/// The request's operation and input (member-name JSON), or `None` having checked the
/// response that refuses it.
fn parse<S: Served>(request: &ServerRequest) -> Option<(&'static str, Result<String, String>)> {
    match S::parse_request(request) {
        Ok(accepted) => Some(accepted),
        Err(error) => {
            let status = error.status();
            let why = error.to_string();
            check_rejection(S::PROTOCOL, status, &S::rejection_response(error), &why);
            None
        }
    }
}

/// The headers whose values are not empty (or blank: readers trim them).
pub fn without_empty_values(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers.iter().filter(|(_, value)| !value.trim().is_empty()).cloned().collect()
}

/// A request as a server receives it: what the client wrote, with its query encoded.
pub fn server_request(request: &HttpRequest) -> ServerRequest {
    let mut received =
        ServerRequest::new(request.method, &request.path_and_query()).with_body(request.body.clone());
    received.headers = request.headers.clone();
    received
}

/// Every operation's response reader over one response; an output that was read is written
/// by the server's response writer and read back the same.
pub fn read_response<S: Served>(response: &HttpResponse) {
    let trimmed = HttpResponse { headers: without_empty_values(&response.headers), ..response.clone() };
    for &operation in S::OPERATIONS {
        let mut output = S::response_to_json(operation, response);
        if trimmed != *response {
            output = S::response_to_json(operation, &trimmed);
        }
        let output = match output {
            Some(Ok(output)) => output,
            // An error (modeled or not) or an unreadable response: it was reported, not
            // panicked on, which is the point.
            Some(Err(_)) => continue,
            None => panic!("{}: the operation list names {operation}, which has no reader", S::NAME),
        };
        let written = match S::output_response_from_json(operation, output.as_bytes()) {
            Some(Ok(written)) => written,
            Some(Err(error)) => panic!(
                "{}: the client read a {operation} output that the server cannot write: {error}\noutput: {output}",
                S::NAME
            ),
            None => panic!("{}: {operation} has no response writer", S::NAME),
        };
        match S::response_to_json(operation, &written) {
            Some(Ok(again)) => assert_eq!(
                again, output,
                "{}: a {operation} output written by the server reads back differently\nresponse: {written:?}",
                S::NAME
            ),
            other => panic!(
                "{}: the client cannot read the server's {operation} response: {other:?}\noutput: {output}\nresponse: {written:?}",
                S::NAME
            ),
        }
    }
}

/// A refused request's response: the status the error has (a 4xx: nothing a peer sends makes
/// the server fail), the error type in `X-Amzn-Errortype`, the protocol's `Content-Type`, a
/// right `Content-Length`, and a JSON object body with a `message` (in awsJson also `__type`).
pub fn check_rejection(protocol: Protocol, status: u16, response: &HttpResponse, why: &str) {
    assert!((400..500).contains(&status), "a refused request is a server failure ({status}): {why}");
    assert_eq!(response.status, status, "the rejection's status differs from its error's: {why}");
    let code = response.header("X-Amzn-Errortype").unwrap_or_default();
    assert!(
        !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        "a rejection's X-Amzn-Errortype is `{code}`: {why}"
    );
    assert_eq!(response.header("Content-Type"), Some(protocol.content_type()), "rejection: {why}");
    let length = response.body.len().to_string();
    assert_eq!(response.header("Content-Length"), Some(length.as_str()), "rejection: {why}");
    let keys = object_keys(&response.body)
        .unwrap_or_else(|e| panic!("a rejection's body is not a JSON object ({e}): {why}"));
    assert!(keys.iter().any(|k| k == "message"), "a rejection's body has no message: {why}");
    if protocol != Protocol::RestJson1 {
        assert!(keys.iter().any(|k| k == "__type"), "an awsJson rejection's body has no __type: {why}");
    }
}

/// The keys of a JSON object (the whole document), or why it is not one.
pub fn object_keys(body: &[u8]) -> Result<Vec<String>, smithy_lite_runtime::JsonError> {
    let mut reader = JsonReader::new(body);
    let mut keys = Vec::new();
    reader.begin_object()?;
    while let Some(key) = reader.next_key()? {
        keys.push(key.into_owned());
        reader.skip()?;
    }
    reader.end()?;
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AppFabric, AppStream};

    #[test]
    #[should_panic(expected = "has no message")]
    fn a_rejection_without_message_is_caught() {
        let response =
            smithy_lite_runtime::server::error_response(Protocol::RestJson1, 404, "NotFound", "{}".into());
        check_rejection(Protocol::RestJson1, 404, &response, "test");
    }

    #[test]
    #[should_panic(expected = "server failure")]
    fn a_refusal_as_500_is_caught() {
        let error = ServerError::Internal("boom".into());
        check_rejection(Protocol::RestJson1, 500, &error.response(Protocol::RestJson1), "test");
    }

    #[test]
    fn real_rejections_pass() {
        for request in [
            ServerRequest::new("GET", "/nowhere"),
            ServerRequest::new("POST", "/useraccess/start").with_body("{"),
            ServerRequest::new("POST", "/useraccess/start").with_body("{}"),
        ] {
            let error = <AppFabric as Served>::parse_request(&request).expect_err("refused");
            check_rejection(
                Protocol::RestJson1,
                error.status(),
                &AppFabric::rejection_response(error),
                "test",
            );
        }
        let request =
            ServerRequest::new("POST", "/").with_header("Content-Type", "application/x-amz-json-1.1");
        let error = <AppStream as Served>::parse_request(&request).expect_err("refused");
        check_rejection(Protocol::AwsJson1_1, error.status(), &AppStream::rejection_response(error), "test");
    }

    #[test]
    fn accepted_requests_round_trip() {
        let request = ServerRequest::new("POST", "/useraccess/start")
            .with_header("Content-Type", "application/json")
            .with_body(r#"{"appBundleIdentifier": "arn:aws:appfabric:us-east-1:123456789012:appbundle/x", "email": "jane@example.com"}"#);
        assert!(AppFabric::parse_request(&request).is_ok());
        serve::<AppFabric>(&request);
    }

    #[test]
    fn outputs_round_trip() {
        let response = HttpResponse::new(
            200,
            vec![],
            r#"{"errors": [{"ErrorCode": "INTERNAL_ERROR", "ErrorMessage": "x"}]}"#,
        );
        assert!(matches!(AppStream::response_to_json("BatchAssociateUserStack", &response), Some(Ok(_))));
        read_response::<AppStream>(&response);
    }
}
