//! Plain HTTP values: what a serializer produces and a deserializer consumes. No client, no
//! signing; hand these to any HTTP library.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// A serialized request. `uri` is the path only; the query is in `query`, already decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequest {
    pub method: &'static str,
    pub uri: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Prefix for the endpoint's host (`@endpoint` host prefix), labels already filled.
    pub host_prefix: Option<String>,
}

impl HttpRequest {
    pub fn new(method: &'static str, uri: String) -> Self {
        HttpRequest {
            method,
            uri,
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            host_prefix: None,
        }
    }

    /// An awsJson request: `POST /` with the protocol's `Content-Type`, the operation's
    /// `X-Amz-Target` and the body a `JsonWriter` finished (or why it could not).
    pub fn aws_json(
        content_type: &'static str,
        target: &'static str,
        body: Result<String, String>,
    ) -> Result<Self, super::RequestError> {
        let mut request = HttpRequest::new("POST", "/".to_owned());
        request.headers.push(("Content-Type".to_owned(), content_type.to_owned()));
        request.headers.push(("X-Amz-Target".to_owned(), target.to_owned()));
        request.body = body.map_err(super::RequestError::Serialize)?.into_bytes();
        Ok(request)
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Adds `Content-Length` for a request with a body; the last step of every serializer.
    pub fn with_content_length(mut self) -> Self {
        if !self.body.is_empty() && self.header("Content-Length").is_none() {
            self.headers.push(("Content-Length".to_owned(), self.body.len().to_string()));
        }
        self
    }

    /// Path and query, percent-encoded, ready for a request line.
    pub fn path_and_query(&self) -> String {
        let mut out = self.uri.clone();
        for (i, (key, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 && !self.uri.contains('?') { '?' } else { '&' });
            out.push_str(&encode_query(key));
            out.push('=');
            out.push_str(&encode_query(value));
        }
        out
    }
}

/// A received response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse { status, headers, body: body.into() }
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header with this name (case-insensitive), in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The headers whose names start with `prefix` (`@httpPrefixHeaders`, compared
/// case-insensitively; `prefix` in lower case), keyed by the rest of the name.
pub fn prefix_headers(
    headers: &[(String, String)],
    prefix: &str,
) -> std::collections::HashMap<String, String> {
    headers
        .iter()
        .filter(|(k, _)| {
            k.len() >= prefix.len() && k.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .filter_map(|(k, v)| Some((k.get(prefix.len()..)?.to_owned(), v.clone())))
        .collect()
}

/// RFC 3986 unreserved characters stay literal; everything else is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// An `{label}` value.
pub fn encode_label(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// A `{label+}` value: `/` separates segments and stays literal.
pub fn encode_greedy_label(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED_AND_SLASH).to_string()
}

pub fn encode_query(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// The error code from `X-Amzn-Errortype` or a body's `__type`/`code`: what follows `#` and
/// precedes `:` (`aws.protocoltests#FooError:http://...` is `FooError`).
pub fn sanitize_error_code(raw: &str) -> &str {
    let raw = raw.trim();
    let raw = raw.split(':').next().unwrap_or(raw);
    raw.rsplit('#').next().unwrap_or(raw)
}

/// Splits a list-valued header on commas, honouring double quotes (`"a,b", c`).
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push(c);
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            if !quoted {
                // Whitespace before an opening quote is not part of the item.
                current.clear();
            }
            quoted = !quoted;
        } else if c == ',' && !quoted {
            items.push(current.trim().to_owned());
            current.clear();
        } else {
            current.push(c);
        }
    }
    items.push(current.trim().to_owned());
    items
}

/// Quotes a list item for a header when it holds a comma or a double quote.
pub fn quote_header_item(item: &str) -> String {
    if item.contains(',') || item.contains('"') {
        format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        item.to_owned()
    }
}

/// An f32 as header or query text, shortest form (`1.1`, not its f64 widening).
pub fn float32_text(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        float_text(f64::from(value))
    }
}

/// A float as header or query text: `NaN`, `Infinity`, `-Infinity` for the special values.
pub fn float_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// A header value that did not parse as the member's type.
pub fn header_error(name: &str, text: &str, why: impl std::fmt::Display) -> crate::JsonError {
    crate::JsonError::new(0, format!("header `{name}` value `{text}`: {why}"))
}

/// Parses a header value into a number or boolean.
pub fn parse_header<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, crate::JsonError>
where
    T::Err: std::fmt::Display,
{
    text.trim().parse::<T>().map_err(|e| header_error(name, text, e))
}

/// Parses a header timestamp in the given format.
pub fn parse_header_timestamp(
    name: &str,
    text: &str,
    format: aws_smithy_types::date_time::Format,
) -> Result<aws_smithy_types::DateTime, crate::JsonError> {
    // RFC 3339 values may carry an offset; they name the same instant.
    let format = if format == aws_smithy_types::date_time::Format::DateTime {
        aws_smithy_types::date_time::Format::DateTimeWithOffset
    } else {
        format
    };
    aws_smithy_types::DateTime::from_str(text.trim(), format).map_err(|e| header_error(name, text, e))
}

/// Splits a header list of HTTP dates, whose items contain commas themselves
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT`).
pub fn split_http_dates(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value.split(',').collect();
    parts.chunks(2).map(|pair| pair.join(",").trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("aws.protocoltests.restjson#FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError"
        );
    }

    #[test]
    fn labels_keep_only_unreserved_characters() {
        assert_eq!(encode_label("a b/c%~"), "a%20b%2Fc%25~");
        assert_eq!(encode_greedy_label("a b/c"), "a%20b/c");
    }
}
