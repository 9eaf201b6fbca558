//! restJson1 on the server side (feature `server`): routing a request by method, path and
//! query to an operation's `@http` pattern, and reading the parts HTTP bindings name (labels,
//! query parameters, headers) strictly, as a server must.

use std::borrow::Cow;

use crate::server::{ServerError, ServerRequest};

/// One segment of an `@http` URI pattern's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Literal(&'static str),
    /// `{name}`: one segment.
    Label,
    /// `{name+}`: one or more segments, `/` included.
    Greedy,
}

/// An operation's `@http` method and URI pattern, as the router matches them.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub segments: &'static [Segment],
    /// Query literals of the pattern: the key must be present, with this value when given.
    pub query: &'static [(&'static str, Option<&'static str>)],
}

/// The operation a request names: its index in `routes` and its labels' values (percent-
/// decoded, in pattern order). When several patterns match, the most specific wins: at the
/// first segment where they differ a literal beats a label, which beats a greedy label; then
/// the one with more query literals. A path that matches with another method is
/// `MethodNotAllowed`, one that matches nothing `NotFound`.
pub fn route(request: &ServerRequest, routes: &[Route]) -> Result<(usize, Vec<String>), ServerError> {
    let path = request.path.strip_prefix('/').ok_or(ServerError::NotFound)?;
    let segments: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('/').collect() };
    let query = query_pairs(&request.query)?;
    let mut best: Option<(usize, Vec<u8>, Vec<String>)> = None;
    let mut path_matched = false;
    for (index, route) in routes.iter().enumerate() {
        let Some(labels) = match_path(route.segments, &segments)? else { continue };
        if !route.query.iter().all(|(key, value)| {
            let mut values = query.iter().filter(|(k, _)| k == key).peekable();
            values.peek().is_some() && value.is_none_or(|wanted| values.all(|(_, v)| v == wanted))
        }) {
            continue;
        }
        path_matched = true;
        if !route.method.eq_ignore_ascii_case(&request.method) {
            continue;
        }
        let rank = rank(route);
        if best.as_ref().is_none_or(|(_, best_rank, _)| rank > *best_rank) {
            best = Some((index, rank, labels));
        }
    }
    match best {
        Some((index, _, labels)) => Ok((index, labels)),
        None if path_matched => Err(ServerError::MethodNotAllowed),
        None => Err(ServerError::NotFound),
    }
}

/// Specificity: per segment 2 for a literal, 1 for a label, 0 for a greedy label, then the
/// number of query literals. Compared lexicographically, longer patterns after equal prefixes.
fn rank(route: &Route) -> Vec<u8> {
    let mut rank: Vec<u8> = route
        .segments
        .iter()
        .map(|s| match s {
            Segment::Literal(_) => 2,
            Segment::Label => 1,
            Segment::Greedy => 0,
        })
        .collect();
    rank.push(u8::try_from(route.query.len()).unwrap_or(u8::MAX).saturating_add(3));
    rank
}

/// The labels' decoded values when `pattern` matches the request's path segments.
fn match_path(pattern: &[Segment], segments: &[&str]) -> Result<Option<Vec<String>>, ServerError> {
    let mut labels = Vec::new();
    let mut at = 0;
    for (i, segment) in pattern.iter().enumerate() {
        match segment {
            Segment::Literal(literal) => {
                let Some(text) = segments.get(at) else { return Ok(None) };
                if percent_decode(text)? != *literal {
                    return Ok(None);
                }
                at += 1;
            }
            Segment::Label => {
                let Some(text) = segments.get(at) else { return Ok(None) };
                labels.push(percent_decode(text)?.into_owned());
                at += 1;
            }
            Segment::Greedy => {
                // As many segments as leaves the rest of the pattern one each, at least one.
                let rest = pattern.len() - i - 1;
                let Some(end) = segments.len().checked_sub(rest).filter(|end| *end > at) else {
                    return Ok(None);
                };
                let joined = segments[at..end].join("/");
                labels.push(percent_decode(&joined)?.into_owned());
                at = end;
            }
        }
    }
    Ok((at == segments.len()).then_some(labels))
}

/// `%XX` escapes decoded, as UTF-8 (anything else is a malformed request).
pub fn percent_decode(text: &str) -> Result<Cow<'_, str>, ServerError> {
    if !text.contains('%') {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or_else(|| {
                ServerError::Serialization(format!("`{text}` has a `%` that is not a percent-escape"))
            })?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| ServerError::Serialization(format!("`{text}` does not decode to UTF-8")))
}

/// A query string's `key=value` pairs, decoded (a key without `=` has the empty value).
pub fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ServerError> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((percent_decode(key)?.into_owned(), percent_decode(value)?.into_owned()))
        })
        .collect()
}

/// The values of query parameter `key`, in order.
pub fn query_values<'q>(pairs: &'q [(String, String)], key: &'q str) -> impl Iterator<Item = &'q str> + 'q {
    pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The one value of a query parameter bound to a scalar member: absent, or exactly one.
pub fn query_scalar<'q>(pairs: &'q [(String, String)], key: &str) -> Result<Option<&'q str>, ServerError> {
    let mut values = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(ServerError::Serialization(format!(
            "the query parameter `{key}` is given more than once"
        )));
    }
    Ok(first)
}

/// A value of a label, query parameter or header parsed as a number or boolean, strictly: no
/// surrounding space, no `+`, booleans only `true` or `false`.
pub fn parse_text<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, ServerError> {
    if text.starts_with('+') || text.trim() != text {
        return Err(ServerError::Serialization(format!("{what}: `{text}` is not a valid value")));
    }
    text.parse::<T>()
        .map_err(|_| ServerError::Serialization(format!("{what}: `{text}` is not a valid value")))
}

/// A float in text: a number, or `NaN`, `Infinity`, `-Infinity`.
pub fn parse_float(what: &str, text: &str) -> Result<f64, ServerError> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ if text.chars().all(|c| c.is_ascii_digit() || "-.eE+".contains(c)) && !text.is_empty() => {
            parse_text::<f64>(what, text)
        }
        _ => Err(ServerError::Serialization(format!("{what}: `{text}` is not a number"))),
    }
}

/// A timestamp in text in the given format.
pub fn parse_timestamp(
    what: &str,
    text: &str,
    format: aws_smithy_types::date_time::Format,
) -> Result<aws_smithy_types::DateTime, ServerError> {
    aws_smithy_types::DateTime::from_str(text, format)
        .map_err(|e| ServerError::Serialization(format!("{what}: `{text}` is not a timestamp: {e}")))
}

/// A header's values, joined with `, ` when it is sent more than once (as HTTP allows for list
/// headers).
pub fn header_joined(request: &ServerRequest, name: &str) -> Option<String> {
    let values: Vec<&str> = request.headers_named(name).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Base64 text (a blob, or a `@mediaType` string in a header) decoded.
pub fn base64_bytes(what: &str, text: &str) -> Result<Vec<u8>, ServerError> {
    aws_smithy_types::base64::decode(text.trim())
        .map_err(|_| ServerError::Serialization(format!("{what}: `{text}` is not base64")))
}

/// Base64 text decoded to UTF-8 text.
pub fn base64_text(what: &str, text: &str) -> Result<String, ServerError> {
    String::from_utf8(base64_bytes(what, text)?)
        .map_err(|_| ServerError::Serialization(format!("{what}: `{text}` does not decode to UTF-8")))
}

/// The request's `Content-Type` against what the operation's input takes: `expected` (a
/// payload's media type, or JSON for body members), or no body at all (`None`). A request
/// without `Content-Type` is read as what the operation takes.
pub fn check_content_type(request: &ServerRequest, expected: Option<&str>) -> Result<(), ServerError> {
    let given = request.header("Content-Type");
    let media_type = given.map(|g| g.split(';').next().unwrap_or_default().trim());
    match (expected, media_type) {
        (_, None) => Ok(()),
        (Some(expected), Some(given)) if given.eq_ignore_ascii_case(expected) => Ok(()),
        // A JSON payload or body of a `+json` type the model names is still JSON.
        _ => Err(ServerError::UnsupportedMediaType(given.unwrap_or_default().to_owned())),
    }
}

/// The request's `Accept`, when it has one, must allow what the operation answers with.
pub fn check_accept(request: &ServerRequest, produced: &str) -> Result<(), ServerError> {
    let Some(accept) = request.header("Accept") else { return Ok(()) };
    let (kind, _) = produced.split_once('/').unwrap_or((produced, ""));
    let allowed =
        accept.split(',').map(|range| range.split(';').next().unwrap_or_default().trim()).any(|range| {
            range == "*/*"
                || range.eq_ignore_ascii_case(produced)
                || range.strip_suffix("/*").is_some_and(|k| k.eq_ignore_ascii_case(kind))
        });
    if allowed {
        Ok(())
    } else {
        Err(ServerError::NotAcceptable(accept.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[Route] = &[
        Route { method: "GET", segments: &[Segment::Literal("things"), Segment::Label], query: &[] },
        Route { method: "GET", segments: &[Segment::Literal("things"), Segment::Literal("all")], query: &[] },
        Route { method: "PUT", segments: &[Segment::Literal("things"), Segment::Label], query: &[] },
        Route {
            method: "GET",
            segments: &[Segment::Literal("files"), Segment::Greedy, Segment::Literal("meta")],
            query: &[],
        },
        Route { method: "POST", segments: &[Segment::Literal("q")], query: &[("mode", Some("x"))] },
        Route { method: "POST", segments: &[Segment::Literal("q")], query: &[] },
        Route { method: "GET", segments: &[], query: &[] },
    ];

    fn routed(method: &str, target: &str) -> Result<(usize, Vec<String>), ServerError> {
        route(&ServerRequest::new(method, target), ROUTES)
    }

    #[test]
    fn literals_beat_labels_and_labels_are_decoded() {
        assert_eq!(routed("GET", "/things/all"), Ok((1, vec![])));
        assert_eq!(routed("GET", "/things/a%20b"), Ok((0, vec!["a b".into()])));
        assert_eq!(routed("PUT", "/things/x"), Ok((2, vec!["x".into()])));
        assert_eq!(routed("GET", "/"), Ok((6, vec![])));
    }

    #[test]
    fn greedy_labels_take_every_segment_the_rest_leaves() {
        assert_eq!(routed("GET", "/files/a/b/c/meta"), Ok((3, vec!["a/b/c".into()])));
        assert_eq!(routed("GET", "/files/meta"), Err(ServerError::NotFound));
    }

    #[test]
    fn query_literals_and_misses() {
        assert_eq!(routed("POST", "/q?mode=x"), Ok((4, vec![])));
        assert_eq!(routed("POST", "/q?mode=y"), Ok((5, vec![])));
        assert_eq!(routed("DELETE", "/things/x"), Err(ServerError::MethodNotAllowed));
        assert_eq!(routed("GET", "/things/x/"), Err(ServerError::NotFound));
        assert_eq!(routed("GET", "/nothing"), Err(ServerError::NotFound));
        assert!(matches!(routed("GET", "/things/%zz"), Err(ServerError::Serialization(_))));
    }

    #[test]
    fn text_values_are_read_strictly() {
        assert_eq!(parse_text::<i32>("x", "12"), Ok(12));
        assert!(parse_text::<i32>("x", "+12").is_err());
        assert!(parse_text::<i32>("x", " 12").is_err());
        assert!(parse_text::<bool>("x", "True").is_err());
        assert!(parse_float("x", "NaN").unwrap().is_nan());
        assert!(parse_float("x", "nan").is_err());
        let pairs = query_pairs("a=1&a=2&b=%20").unwrap();
        assert_eq!(query_values(&pairs, "a").collect::<Vec<_>>(), ["1", "2"]);
        assert!(query_scalar(&pairs, "a").is_err());
        assert_eq!(query_scalar(&pairs, "b"), Ok(Some(" ")));
    }
}
