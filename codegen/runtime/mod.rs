//! What every generated service shares: JSON reading and writing, HTTP values, validation,
//! and the error types of the wire layer.

pub mod http;
pub mod json_read;
pub mod json_write;
pub mod validation;

pub use http::{HttpRequest, HttpResponse};
pub use json_read::JsonError;
pub use validation::{Validate, ValidationError, ValidationErrors};

/// Why a request could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The input breaks the model's constraints (checked before sending; see `request_unvalidated`).
    Validation(ValidationErrors),
    /// The input cannot be put on the wire (e.g. an empty URI label, an unrepresentable timestamp).
    Serialize(String),
    /// Input given as JSON (`request_from_json`) could not be read into the input type.
    Input(String),
    /// The operation needs something this generated code does not do (event streams).
    Unsupported(String),
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Validation(e) => write!(f, "invalid input: {e}"),
            RequestError::Serialize(e) => write!(f, "cannot serialize request: {e}"),
            RequestError::Input(e) => write!(f, "cannot read input: {e}"),
            RequestError::Unsupported(e) => write!(f, "not supported: {e}"),
        }
    }
}

impl std::error::Error for RequestError {}

impl From<ValidationErrors> for RequestError {
    fn from(e: ValidationErrors) -> Self {
        RequestError::Validation(e)
    }
}

/// An error response no modeled error matches, or a response that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnhandledError {
    /// The error code (sanitized), when the response carried one.
    pub code: Option<String>,
    pub message: Option<String>,
    pub status: u16,
    /// Set when the response body could not be parsed.
    pub parse_error: Option<String>,
}

impl std::fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unhandled error (HTTP {})", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(parse_error) = &self.parse_error {
            write!(f, " ({parse_error})")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnhandledError {}

impl UnhandledError {
    /// A response whose body could not be read (a success, or a modeled error's).
    pub fn unreadable(status: u16, error: JsonError) -> Self {
        UnhandledError { code: None, message: None, status, parse_error: Some(error.to_string()) }
    }
}

impl UnhandledError {
    /// A modeled error of the service that the operation does not declare: its code and
    /// message are kept.
    pub fn undeclared(error: &dyn ServiceError, status: u16) -> Self {
        UnhandledError {
            code: error.code().map(str::to_owned),
            message: error.message().map(str::to_owned),
            status,
            parse_error: None,
        }
    }
}

/// What every error an operation returns can say about itself: each modeled error structure
/// of the service implements it, and so does `UnhandledError`. The per-operation error enums
/// delegate to it, which keeps their code small.
pub trait ServiceError: std::error::Error + 'static {
    /// The error code: the modeled error's shape name, or the code the response carried.
    fn code(&self) -> Option<&str>;
    /// The error message, when the error has one.
    fn message(&self) -> Option<&str>;
    /// A modeled error's members as JSON keyed by member name (`None` for `UnhandledError`).
    #[cfg(feature = "cli-json")]
    fn to_json(&self) -> Option<String>;
}

impl ServiceError for UnhandledError {
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    #[cfg(feature = "cli-json")]
    fn to_json(&self) -> Option<String> {
        None
    }
}

/// An operation error reduced to its code and message (what `response_to_json` reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSummary {
    pub code: Option<String>,
    pub message: Option<String>,
    /// A modeled error's members as member-name JSON.
    pub fields: Option<String>,
}

/// The parts of an error response used to pick the modeled error.
#[derive(Debug, Clone, Default)]
pub struct ErrorEnvelope {
    pub code: Option<String>,
    pub message: Option<String>,
}

impl ErrorEnvelope {
    /// The response as an error no modeled error matched, or (with `parse_error`) one whose
    /// modeled error could not be read.
    pub fn into_unhandled(self, status: u16, parse_error: Option<JsonError>) -> UnhandledError {
        UnhandledError {
            code: self.code,
            message: self.message,
            status,
            parse_error: parse_error.map(|e| e.to_string()),
        }
    }
}

/// Reads the error code (`X-Amzn-Errortype`, else the body's `__type` or `code`) and message
/// (`message`, `Message` or `errorMessage`) of an error response.
pub fn error_envelope(response: &HttpResponse) -> ErrorEnvelope {
    let mut envelope = ErrorEnvelope::default();
    let mut body_code = None;
    let mut reader = json_read::JsonReader::new(&response.body);
    if reader.begin_object().is_ok() {
        while let Ok(Some(key)) = reader.next_key() {
            let wanted = matches!(key.as_ref(), "__type" | "code" | "message" | "Message" | "errorMessage");
            if wanted && !reader.null().unwrap_or(true) {
                match reader.string() {
                    Ok(value) if key == "__type" || key == "code" => {
                        body_code.get_or_insert(value.into_owned());
                    }
                    Ok(value) => {
                        envelope.message.get_or_insert(value.into_owned());
                    }
                    Err(_) => break,
                }
            } else if reader.skip().is_err() {
                break;
            }
        }
    }
    let header = response.header("x-amzn-errortype").filter(|h| !h.trim().is_empty());
    let code = header.map(str::to_owned).or(body_code);
    envelope.code = code.map(|c| http::sanitize_error_code(&c).to_owned()).filter(|c| !c.is_empty());
    envelope
}

/// A map's entries in key order, so that the same map always gives the same bytes (and
/// violations the same order). The sort itself is not generic: it is compiled once.
pub fn sorted_entries<K: AsRef<str>, V>(map: &std::collections::HashMap<K, V>) -> Vec<(&K, &V)> {
    let entries: Vec<(&K, &V)> = map.iter().collect();
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
    key_order(&keys).into_iter().map(|i| entries[i]).collect()
}

fn key_order(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[a].cmp(keys[b]));
    order
}

static TOKEN_SOURCE: std::sync::RwLock<Option<fn() -> String>> = std::sync::RwLock::new(None);

/// Replaces how unset `@idempotencyToken` members are filled (tests use a fixed token);
/// `None` restores random UUID v4 tokens.
pub fn set_idempotency_token_source(source: Option<fn() -> String>) {
    if let Ok(mut slot) = TOKEN_SOURCE.write() {
        *slot = source;
    }
}

/// A fresh idempotency token (a UUID v4 string) for `@idempotencyToken` members left unset.
pub fn idempotency_token() -> String {
    if let Some(source) = TOKEN_SOURCE.read().ok().and_then(|slot| *slot) {
        return source();
    }
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded from the OS once per process; mixing in a counter and the clock
    // gives distinct tokens without a random-number dependency.
    let state = std::collections::hash_map::RandomState::new();
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_usize(i);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        hasher.write_u128(nanos);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}
