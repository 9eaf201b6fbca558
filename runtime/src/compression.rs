//! `@requestCompression`: gzip request bodies at or above the size where it pays off.

use std::io::Write;

/// Bodies smaller than this are sent as they are (the Smithy default threshold).
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

/// Compresses the body with gzip and appends `gzip` to `Content-Encoding`.
pub fn gzip(request: &mut super::HttpRequest) -> Result<(), super::RequestError> {
    if request.body.len() < MIN_COMPRESSION_SIZE {
        return Ok(());
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(&request.body)
        .and_then(|_| encoder.finish())
        .map(|compressed| request.body = compressed)
        .map_err(|e| super::RequestError::Serialize(format!("cannot compress the body: {e}")))?;
    match request.headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case("Content-Encoding")) {
        Some((_, value)) => value.push_str(", gzip"),
        None => request.headers.push(("Content-Encoding".to_owned(), "gzip".to_owned())),
    }
    Ok(())
}
