//! `@httpChecksumRequired`: the `Content-MD5` header of a request body.

use md5::{Digest, Md5};

pub fn add_content_md5(request: &mut super::HttpRequest) {
    let digest = Md5::digest(&request.body);
    request.headers.push(("Content-MD5".to_owned(), aws_smithy_types::base64::encode(digest.as_slice())));
}
