//! The server half's shared pieces (feature `server`): the request a server receives, the
//! errors a protocol answers before any operation runs, and the responses that carry them.
//! Generated crates route, read and answer with these; see their `server` modules.

use crate::json_write::{JsonWriter, KeyStyle};
use crate::{HttpResponse, ValidationErrors};

/// The largest request body a server should read by default (10 MiB). The transport enforces
/// it, before the body is read whole (a generated server gets a [`ServerRequest`] whose body
/// is already in memory); the example servers' `Endpoint::with_max_body` sets another.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// A received request: method, path and query as sent (percent-encoded), headers, body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ServerRequest {
    pub method: String,
    /// The path, percent-encoded as received, without the query.
    pub path: String,
    /// The query string as received (without `?`), possibly empty.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ServerRequest {
    /// A request for `path_and_query` (`/a/b?x=1`).
    pub fn new(method: &str, path_and_query: &str) -> Self {
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        ServerRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header with this name (case-insensitive), in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// From an `http` request whose body has been read. A header value that is not UTF-8 is
    /// refused: no operation binds one, and guessing its text could change its meaning.
    pub fn from_http(request: http::Request<Vec<u8>>) -> Result<Self, ServerError> {
        let (parts, body) = request.into_parts();
        let mut headers = Vec::with_capacity(parts.headers.len());
        for (name, value) in &parts.headers {
            let value = value.to_str().map_err(|_| {
                ServerError::Serialization(format!("the value of header `{name}` is not visible ASCII"))
            })?;
            headers.push((name.as_str().to_owned(), value.to_owned()));
        }
        Ok(ServerRequest {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            headers,
            body,
        })
    }
}

/// A response as an `http` response.
pub fn into_http(response: HttpResponse) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(response.body).unwrap_or_else(|_| {
        let mut fallback = http::Response::new(Vec::new());
        *fallback.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}

/// The JSON protocols a generated server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,
}

impl Protocol {
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => "application/json",
        }
    }
}

/// What a server answers before (or instead of) an operation: the request cannot be routed or
/// read, breaks the model's constraints, or the handler failed without a modeled error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerError {
    /// No operation of the service matches (awsJson: the `X-Amz-Target`).
    UnknownOperation(String),
    /// The path matches no operation.
    NotFound,
    /// The path matches, the method does not.
    MethodNotAllowed,
    /// The request's `Content-Type` is not the protocol's.
    UnsupportedMediaType(String),
    /// The request's `Accept` excludes what the protocol answers.
    NotAcceptable(String),
    /// The body or an HTTP part cannot be read into the input.
    Serialization(String),
    /// The input breaks the model's constraints: `smithy.framework#ValidationException`.
    Validation(ValidationErrors),
    /// The body is larger than the server accepts.
    PayloadTooLarge(usize),
    /// The request is not signed, or not by a known key, or the signature does not match
    /// (`code` names which, as AWS does: `MissingAuthenticationTokenException`,
    /// `UnrecognizedClientException`, `InvalidSignatureException`, ...).
    Forbidden { code: &'static str, message: String },
    /// The handler failed with an error the model does not describe.
    Internal(String),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::UnknownOperation(target) => write!(f, "unknown operation `{target}`"),
            ServerError::NotFound => f.write_str("no operation at this path"),
            ServerError::MethodNotAllowed => f.write_str("method not allowed"),
            ServerError::UnsupportedMediaType(found) => write!(f, "unsupported content type `{found}`"),
            ServerError::NotAcceptable(found) => write!(f, "cannot answer in `{found}`"),
            ServerError::Serialization(why) => write!(f, "cannot read the request: {why}"),
            ServerError::Validation(errors) => errors.fmt(f),
            ServerError::PayloadTooLarge(limit) => write!(f, "the body is larger than {limit} bytes"),
            ServerError::Forbidden { message, .. } => f.write_str(message),
            ServerError::Internal(why) => write!(f, "internal failure: {why}"),
        }
    }
}

impl std::error::Error for ServerError {}

impl From<ValidationErrors> for ServerError {
    fn from(errors: ValidationErrors) -> Self {
        ServerError::Validation(errors)
    }
}

impl From<crate::JsonError> for ServerError {
    fn from(error: crate::JsonError) -> Self {
        match error.absent_member {
            Some(pointer) => absent_member(&pointer),
            None => ServerError::Serialization(error.to_string()),
        }
    }
}

/// A required member the request leaves out, with no zero value to stand in for it (a
/// structure or union): answered at once, as its validation error.
pub fn absent_member(pointer: &str) -> ServerError {
    ServerError::Validation(crate::ValidationErrors(vec![crate::validation::not_null(pointer)]))
}

impl ServerError {
    pub fn status(&self) -> u16 {
        match self {
            ServerError::UnknownOperation(_) | ServerError::Serialization(_) | ServerError::Validation(_) => {
                400
            }
            ServerError::Forbidden { .. } => 403,
            ServerError::NotFound => 404,
            ServerError::MethodNotAllowed => 405,
            ServerError::NotAcceptable(_) => 406,
            ServerError::PayloadTooLarge(_) => 413,
            ServerError::UnsupportedMediaType(_) => 415,
            ServerError::Internal(_) => 500,
        }
    }

    /// The error's type, as `X-Amzn-Errortype` and awsJson's `__type` carry it.
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::UnknownOperation(_) | ServerError::NotFound | ServerError::MethodNotAllowed => {
                "UnknownOperationException"
            }
            ServerError::UnsupportedMediaType(_) => "UnsupportedMediaTypeException",
            ServerError::NotAcceptable(_) => "NotAcceptableException",
            ServerError::Serialization(_) => "SerializationException",
            ServerError::Validation(_) => "ValidationException",
            ServerError::PayloadTooLarge(_) => "RequestEntityTooLargeException",
            ServerError::Forbidden { code, .. } => code,
            ServerError::Internal(_) => "InternalFailure",
        }
    }

    /// The error response in the protocol: status, `X-Amzn-Errortype`, and a JSON body with
    /// the message (and for validation, `fieldList` as `smithy.framework#ValidationException`
    /// has it).
    pub fn response(&self, protocol: Protocol) -> HttpResponse {
        let mut w = JsonWriter::new(KeyStyle::Wire);
        w.begin_object();
        match self {
            ServerError::Validation(errors) => {
                w.string_member("message", &validation_message(errors));
                w.key("fieldList");
                w.begin_array();
                for error in &errors.0 {
                    w.begin_object();
                    w.string_member("message", &error.message);
                    w.string_member("path", &error.path);
                    w.end_object();
                }
                w.end_array();
            }
            // An internal failure's details stay in the server's logs, not the response.
            ServerError::Internal(_) => w.string_member("message", "Internal failure"),
            other => w.string_member("message", &other.to_string()),
        }
        w.end_object();
        let body = w.finish().unwrap_or_else(|_| "{}".to_owned());
        error_response(protocol, self.status(), self.code(), body)
    }
}

/// The message of a ValidationException: "N validation error(s) detected." and each one.
pub fn validation_message(errors: &crate::ValidationErrors) -> String {
    let count = errors.0.len();
    let plural = if count == 1 { "" } else { "s" };
    let details: Vec<&str> = errors.0.iter().map(|e| e.message.as_str()).collect();
    format!("{count} validation error{plural} detected. {}", details.join("; "))
}

/// A successful response: status, the protocol's `Content-Type`, the JSON body.
pub fn json_response(protocol: Protocol, status: u16, body: String) -> HttpResponse {
    let headers = vec![
        ("Content-Type".to_owned(), protocol.content_type().to_owned()),
        ("Content-Length".to_owned(), body.len().to_string()),
    ];
    HttpResponse::new(status, headers, body)
}

/// An error response: `X-Amzn-Errortype` names the error, and in awsJson the body's
/// `__type` does too (`body` is the error's members as a JSON object). `shape_id` is the
/// error's absolute shape id, which awsJson1_0 puts in `__type` (awsJson1_1 the name alone).
pub fn error_response(protocol: Protocol, status: u16, shape_id: &str, body: String) -> HttpResponse {
    let name = shape_id.rsplit('#').next().unwrap_or(shape_id);
    let body = match protocol {
        Protocol::RestJson1 => body,
        Protocol::AwsJson1_0 => with_type(&body, shape_id),
        Protocol::AwsJson1_1 => with_type(&body, name),
    };
    let mut response = json_response(protocol, status, body);
    response.headers.push(("X-Amzn-Errortype".to_owned(), name.to_owned()));
    response
}

/// The response of an operation without output: no body (a server that sends `{}` is read
/// the same way).
pub fn empty_response(protocol: Protocol) -> HttpResponse {
    let headers = vec![("Content-Type".to_owned(), protocol.content_type().to_owned())];
    with_content_length(HttpResponse::new(200, headers, Vec::new()))
}

/// Adds `Content-Length` (`0` for an empty body too), unless the response has one.
pub fn with_content_length(mut response: HttpResponse) -> HttpResponse {
    if response.header("Content-Length").is_none() {
        response.headers.push(("Content-Length".to_owned(), response.body.len().to_string()));
    }
    response
}

/// `{"__type":"Code", ...members}` from a JSON object of the members.
fn with_type(object: &str, code: &str) -> String {
    let mut w = JsonWriter::new(KeyStyle::Wire);
    w.begin_object();
    w.string_member("__type", code);
    w.end_object();
    let head = w.finish().unwrap_or_default();
    let head = head.trim_end_matches('}');
    match object.trim().strip_prefix('{') {
        Some(rest) if rest.trim_start().starts_with('}') => format!("{head}}}"),
        Some(rest) => format!("{head},{rest}"),
        None => format!("{head}}}"),
    }
}

/// The operation an awsJson request names: `POST /`, the protocol's `Content-Type`, and
/// `X-Amz-Target: <service>.<operation>`. Returns the operation's name.
pub fn aws_json_operation<'r>(
    request: &'r ServerRequest,
    protocol: Protocol,
    service: &str,
) -> Result<&'r str, ServerError> {
    if request.path != "/" {
        return Err(ServerError::NotFound);
    }
    if !request.method.eq_ignore_ascii_case("POST") {
        return Err(ServerError::MethodNotAllowed);
    }
    let content_type = request.header("Content-Type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case(protocol.content_type()) {
        return Err(ServerError::UnsupportedMediaType(content_type.to_owned()));
    }
    let target = request.header("X-Amz-Target").unwrap_or_default();
    match target.split_once('.') {
        Some((prefix, operation)) if prefix == service => Ok(operation),
        _ => Err(ServerError::UnknownOperation(target.to_owned())),
    }
}

/// Reads a JSON body with a generated deserializer; an empty body is an empty object (awsJson
/// allows no payload for operations without input members).
pub fn read_json_body<T>(
    body: &[u8],
    read: fn(&mut crate::json_read::JsonReader<'_>) -> crate::json_read::Result<T>,
) -> Result<T, ServerError> {
    let mut reader = crate::json_read::JsonReader::new(crate::json_read::object_body(body));
    let value = read(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// [`read_json_body`] for an operation's input: with the JSON pointers of the required
/// members the body leaves out (for [`validate_input`]).
pub fn read_json_input<T>(
    body: &[u8],
    read: fn(&mut crate::json_read::JsonReader<'_>) -> crate::json_read::Result<T>,
) -> Result<(T, Vec<String>), ServerError> {
    let mut reader = crate::json_read::JsonReader::for_request(crate::json_read::object_body(body));
    let value = read(&mut reader)?;
    reader.end()?;
    Ok((value, reader.take_absent()))
}

/// An input's constraints, with the required members the request left out (JSON pointers):
/// every violation, or none. A member that is absent is reported as that alone, not also for
/// the zero value that stands in for it.
pub fn validate_input(input: &dyn crate::Validate, absent: Vec<String>) -> Result<(), ServerError> {
    let mut errors: Vec<crate::ValidationError> =
        absent.iter().map(|pointer| crate::validation::not_null(pointer)).collect();
    let mut found = Vec::new();
    input.validate_at(&mut crate::validation::Path::default(), &mut found);
    let under_absent = |path: &str| {
        absent
            .iter()
            .any(|a| path == a || path.strip_prefix(a.as_str()).is_some_and(|rest| rest.starts_with('/')))
    };
    errors.extend(found.into_iter().filter(|e| !under_absent(&e.path)));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServerError::Validation(crate::ValidationErrors(errors)))
    }
}

/// A body that must be empty or an empty object (operations without input).
pub fn read_empty_body(body: &[u8]) -> Result<(), ServerError> {
    read_json_body(body, |r| {
        r.begin_object()?;
        while r.next_key()?.is_some() {
            r.skip()?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn error_bodies_carry_the_type_in_aws_json() {
        assert_eq!(with_type("{}", "Foo"), r#"{"__type":"Foo"}"#);
        assert_eq!(with_type(r#"{"a":1}"#, "Foo"), r#"{"__type":"Foo","a":1}"#);
        let response = error_response(Protocol::RestJson1, 400, "Foo", "{}".into());
        assert_eq!(response.body, b"{}");
        assert_eq!(response.header("X-Amzn-Errortype"), Some("Foo"));
    }

    #[test]
    fn validation_errors_answer_as_the_framework_exception() {
        let errors = ValidationErrors(vec![ValidationError {
            path: "/string".into(),
            message: "Value at '/string' failed to satisfy constraint: Member must not be null".into(),
        }]);
        let response = ServerError::Validation(errors).response(Protocol::RestJson1);
        assert_eq!(response.status, 400);
        assert_eq!(response.header("X-Amzn-Errortype"), Some("ValidationException"));
        assert_eq!(
            String::from_utf8(response.body).unwrap(),
            r#"{"message":"1 validation error detected. Value at '/string' failed to satisfy constraint: Member must not be null","fieldList":[{"message":"Value at '/string' failed to satisfy constraint: Member must not be null","path":"/string"}]}"#
        );
    }

    #[test]
    fn aws_json_requests_are_routed_by_target() {
        let request = ServerRequest::new("POST", "/")
            .with_header("content-type", "application/x-amz-json-1.1")
            .with_header("x-amz-target", "Svc.Op");
        assert_eq!(aws_json_operation(&request, Protocol::AwsJson1_1, "Svc"), Ok("Op"));
        assert_eq!(
            aws_json_operation(&request, Protocol::AwsJson1_0, "Svc"),
            Err(ServerError::UnsupportedMediaType("application/x-amz-json-1.1".into()))
        );
        assert!(matches!(
            aws_json_operation(&request, Protocol::AwsJson1_1, "Other"),
            Err(ServerError::UnknownOperation(_))
        ));
        let get = ServerRequest { method: "GET".into(), ..request.clone() };
        assert_eq!(aws_json_operation(&get, Protocol::AwsJson1_1, "Svc"), Err(ServerError::MethodNotAllowed));
    }
}
