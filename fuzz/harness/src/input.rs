//! How a fuzz input becomes an HTTP message. The format is HTTP/1's, loosely, so that seeds
//! are readable and the dictionary's tokens land where they mean something:
//!
//! ```text
//! POST /useraccess/start?x=1        (a request: method, space, path and query)
//! Content-Type: application/json    (headers, `name: value` per line)
//!                                   (an empty line)
//! {"email": "jane@example.com"}     (the body: every byte after the empty line, as is)
//! ```
//!
//! A response's first line is its status code (`201`). Line ends may be `\n` or `\r\n`; the
//! head (first line and headers) is read as UTF-8 with invalid bytes replaced, the body is
//! not read at all. Any bytes are some message: nothing here refuses an input.

use smithy_lite_runtime::server::ServerRequest;
use smithy_lite_runtime::HttpResponse;

/// A message's first line, its headers and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub first_line: String,
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// Splits `data` at its first empty line: the head before, the body after (an input without
/// an empty line is all head).
pub fn message(data: &[u8]) -> Message<'_> {
    let (head, body) = match find_blank_line(data) {
        Some((head_end, body_start)) => (&data[..head_end], &data[body_start..]),
        None => (data, &data[data.len()..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line));
    let first_line = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            (name.trim().to_owned(), value.trim_start().to_owned())
        })
        .collect();
    Message { first_line, headers, body }
}

/// Where the head ends and the body starts: at the first `\n\n` or `\n\r\n`.
fn find_blank_line(data: &[u8]) -> Option<(usize, usize)> {
    let mut at = 0;
    while let Some(offset) = data.get(at..)?.iter().position(|&b| b == b'\n') {
        let newline = at + offset;
        match data.get(newline + 1..) {
            Some([b'\n', ..]) => return Some((newline, newline + 2)),
            Some([b'\r', b'\n', ..]) => return Some((newline, newline + 3)),
            _ => at = newline + 1,
        }
    }
    None
}

/// A request: the first line is `METHOD target` (a line without a space is a method alone,
/// for `/`).
pub fn request(data: &[u8]) -> ServerRequest {
    let message = message(data);
    let (method, target) = message.first_line.split_once(' ').unwrap_or((&message.first_line, "/"));
    let mut request = ServerRequest::new(method, target).with_body(message.body);
    request.headers = message.headers;
    request
}

/// A response: the first line is the status code (digits; anything else, or a number past
/// `u16`, is read as 200 so that the body is still read as an output).
pub fn response(data: &[u8]) -> HttpResponse {
    let message = message(data);
    let status = message.first_line.trim().parse::<u16>().unwrap_or(200);
    HttpResponse::new(status, message.headers, message.body)
}

/// True when `data` is a response (its first line starts with a digit), false for a request.
pub fn is_response(data: &[u8]) -> bool {
    data.first().is_some_and(u8::is_ascii_digit)
}

/// A request as this module's format writes it (the seed corpora, and minimised inputs'
/// descriptions).
pub fn write_request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {target}\n").into_bytes();
    write_rest(&mut out, headers, body);
    out
}

/// A response as this module's format writes it.
pub fn write_response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{status}\n").into_bytes();
    write_rest(&mut out, headers, body);
    out
}

fn write_rest(out: &mut Vec<u8>, headers: &[(&str, &str)], body: &[u8]) {
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\n").as_bytes());
    }
    out.push(b'\n');
    out.extend_from_slice(body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_back_as_written() {
        let data = write_request(
            "POST",
            "/useraccess/start?a=1",
            &[("Content-Type", "application/json"), ("X-Empty", "")],
            b"{\"a\":\n\n1}",
        );
        let request = request(&data);
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/useraccess/start");
        assert_eq!(request.query, "a=1");
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.header("x-empty"), Some(""));
        assert_eq!(request.body, b"{\"a\":\n\n1}");
        assert!(!is_response(&data));
    }

    #[test]
    fn responses_read_back_as_written() {
        let data = write_response(404, &[("X-Amzn-Errortype", "NotFound")], b"{}");
        let response = response(&data);
        assert_eq!(response.status, 404);
        assert_eq!(response.header("x-amzn-errortype"), Some("NotFound"));
        assert_eq!(response.body, b"{}");
        assert!(is_response(&data));
    }

    #[test]
    fn any_bytes_are_a_message() {
        assert_eq!(request(b"").method, "");
        assert_eq!(request(b"GET").path, "/");
        assert_eq!(response(b"99999\r\nA:b\r\n\r\nbody").status, 200);
        assert_eq!(response(b"204\r\nA:b\r\n\r\nbody").body, b"body");
        let odd = message(b"\xff\xfe X\nno colon\n\n");
        assert_eq!(odd.headers, vec![("no colon".to_owned(), String::new())]);
        assert_eq!(odd.body, b"");
    }
}
