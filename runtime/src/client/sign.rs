//! SigV4 signing with the AWS SDKs' own crate (`aws-sigv4`): the request's `Host`,
//! `X-Amz-Date`, the session token when the credentials carry one, and `Authorization`.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

use super::transport::OutgoingRequest;

/// The SigV4 scope: the service's signing name and the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningScope {
    pub name: String,
    pub region: String,
}

/// Signs `request` in place at `time`. `unsigned_payload` (the model's
/// `aws.auth#unsignedPayload`) signs `UNSIGNED-PAYLOAD` instead of the body's hash, and says so
/// in `X-Amz-Content-Sha256`.
pub fn sign_request(
    request: &mut OutgoingRequest,
    credentials: &Credentials,
    scope: &SigningScope,
    time: SystemTime,
    unsigned_payload: bool,
) -> Result<(), String> {
    if !request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        let authority = authority(&request.url).ok_or_else(|| format!("no host in `{}`", request.url))?;
        request.headers.push(("Host".to_owned(), authority.to_owned()));
    }
    let identity = credentials.clone().into();
    let mut settings = SigningSettings::default();
    if unsigned_payload {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| format!("signing parameters: {e}"))?
        .into();
    let body =
        if unsigned_payload { SignableBody::UnsignedPayload } else { SignableBody::Bytes(&request.body) };
    let headers = request.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let signable = SignableRequest::new(request.method, request.url.as_str(), headers, body)
        .map_err(|e| format!("cannot sign the request for {}: {e}", request.url))?;
    let (instructions, _signature) =
        sign(signable, &params).map_err(|e| format!("signing failed: {e}"))?.into_parts();
    let added: Vec<(String, String)> =
        instructions.headers().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    for (name, value) in added {
        request.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(&name));
        request.headers.push((name, value));
    }
    Ok(())
}

/// `host[:port]` of an absolute URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_with_host_date_token_and_authorization() {
        let mut request = OutgoingRequest {
            method: "POST",
            url: "https://appstream2.us-east-1.amazonaws.com/".to_owned(),
            headers: vec![("Content-Type".to_owned(), "application/x-amz-json-1.1".to_owned())],
            body: b"{}".to_vec(),
        };
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test");
        let scope = SigningScope { name: "appstream".into(), region: "us-east-1".into() };
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        sign_request(&mut request, &credentials, &scope, time, false).unwrap();
        let header = |name: &str| {
            request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        };
        assert_eq!(header("host"), Some("appstream2.us-east-1.amazonaws.com"));
        assert_eq!(header("x-amz-date"), Some("20231114T221320Z"));
        assert_eq!(header("x-amz-security-token"), Some("token"));
        let authorization = header("authorization").unwrap();
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/appstream/aws4_request, SignedHeaders="
            ),
            "{authorization}"
        );
        assert!(header("x-amz-content-sha256").is_none());
    }

    #[test]
    fn unsigned_payload_says_so() {
        let mut request = OutgoingRequest {
            method: "PUT",
            url: "http://127.0.0.1:8080/vaults/v/archives".to_owned(),
            headers: Vec::new(),
            body: b"bytes".to_vec(),
        };
        let credentials = Credentials::new("AKID", "secret", None, None, "test");
        let scope = SigningScope { name: "glacier".into(), region: "us-west-2".into() };
        sign_request(&mut request, &credentials, &scope, SystemTime::now(), true).unwrap();
        assert!(request.headers.iter().any(|(k, v)| k == "x-amz-content-sha256" && v == "UNSIGNED-PAYLOAD"));
        assert!(request.headers.iter().any(|(k, v)| k == "Host" && v == "127.0.0.1:8080"));
    }
}
