//! Checking AWS Signature Version 4 on received requests: the `Authorization` header names the
//! key, the scope and the signed headers; the request is signed again with `aws-sigv4` and the
//! configured secret of that key, and the two signatures are compared in constant time.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use smithy_lite_runtime::server::{ServerError, ServerRequest};
use subtle::ConstantTimeEq;

/// How far a request's `X-Amz-Date` may be from the server's clock, as AWS allows.
const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The keys a server accepts: access key id → secret access key.
#[derive(Clone, Default)]
pub struct Keys(BTreeMap<String, String>);

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets never reach logs.
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl Keys {
    pub fn new() -> Self {
        Keys::default()
    }

    pub fn with(mut self, access_key_id: &str, secret_access_key: &str) -> Self {
        self.0.insert(access_key_id.to_owned(), secret_access_key.to_owned());
        self
    }

    /// Checks the request's signature; `service` is the signing name the scope must carry.
    pub fn verify(&self, request: &ServerRequest, service: &str, now: SystemTime) -> Result<(), ServerError> {
        let forbidden =
            |code: &'static str, message: &str| ServerError::Forbidden { code, message: message.to_owned() };
        let Some(authorization) = request.header("Authorization") else {
            return Err(forbidden("MissingAuthenticationTokenException", "Missing Authentication Token"));
        };
        let parsed = Authorization::parse(authorization).ok_or_else(|| {
            forbidden(
                "IncompleteSignatureException",
                "The Authorization header is not a complete SigV4 signature",
            )
        })?;
        let Some(secret) = self.0.get(parsed.access_key_id) else {
            return Err(forbidden(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            ));
        };
        if parsed.service != service {
            return Err(forbidden(
                "InvalidSignatureException",
                "Credential should be scoped to the correct service",
            ));
        }
        let date = request.header("X-Amz-Date").and_then(parse_amz_date).ok_or_else(|| {
            forbidden(
                "IncompleteSignatureException",
                "X-Amz-Date is missing or not in the basic ISO 8601 format",
            )
        })?;
        let skew = now.duration_since(date).or_else(|e| Ok::<_, ()>(e.duration())).unwrap_or_default();
        if skew > MAX_SKEW {
            return Err(forbidden(
                "InvalidSignatureException",
                "Signature expired: the request time is too far from the server's",
            ));
        }
        if !parsed.signed_headers.contains(&"host") {
            return Err(forbidden("InvalidSignatureException", "The host header must be signed"));
        }
        let mut headers = Vec::new();
        for name in &parsed.signed_headers {
            let values: Vec<&str> = request.headers_named(name).collect();
            if values.is_empty() {
                return Err(forbidden(
                    "IncompleteSignatureException",
                    &format!("The signed header `{name}` is missing"),
                ));
            }
            headers.push((*name, values.join(",")));
        }
        let token = request.header("X-Amz-Security-Token").map(str::to_owned);
        let identity = Credentials::new(parsed.access_key_id, secret, token, None, "example-server").into();
        let mut settings = SigningSettings::default();
        // Sign exactly what the client signed.
        settings.excluded_headers = None;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(parsed.region)
            .name(parsed.service)
            .time(date)
            .settings(settings)
            .build()
            .map_err(|e| ServerError::Internal(e.to_string()))?
            .into();
        let uri = if request.query.is_empty() {
            request.path.clone()
        } else {
            format!("{}?{}", request.path, request.query)
        };
        let signable = SignableRequest::new(
            &request.method,
            &uri,
            headers.iter().map(|(k, v)| (*k, v.as_str())),
            SignableBody::Bytes(&request.body),
        )
        .map_err(|e| forbidden("IncompleteSignatureException", &e.to_string()))?;
        let expected = sign(signable, &params).map_err(|e| ServerError::Internal(e.to_string()))?;
        let matches: bool = expected.signature().as_bytes().ct_eq(parsed.signature.as_bytes()).into();
        if matches {
            Ok(())
        } else {
            Err(forbidden(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided.",
            ))
        }
    }
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/appstream/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=hex`.
struct Authorization<'a> {
    access_key_id: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(header: &'a str) -> Option<Self> {
        let rest = header.strip_prefix("AWS4-HMAC-SHA256")?.trim_start();
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let (key, value) = part.trim().split_once('=')?;
            match key {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        let mut scope = credential?.split('/');
        let access_key_id = scope.next()?;
        let _date = scope.next()?;
        let region = scope.next()?;
        let service = scope.next()?;
        if scope.next()? != "aws4_request" || scope.next().is_some() {
            return None;
        }
        Some(Authorization {
            access_key_id,
            region,
            service,
            signed_headers: signed_headers?.split(';').collect(),
            signature: signature?,
        })
    }
}

/// `20240102T030405Z` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u64> { text.get(range)?.parse().ok() };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(days * 86_400 + hour * 3_600 + minute * 60 + second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_are_read() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(), 1_440_938_160);
        assert!(parse_amz_date("2015-08-30T12:36:00Z").is_none());
        assert!(parse_amz_date("20151330T123600Z").is_none());
    }

    #[test]
    fn authorization_headers_are_parsed() {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
        let parsed = Authorization::parse(header).unwrap();
        assert_eq!(
            (parsed.access_key_id, parsed.region, parsed.service),
            ("AKIDEXAMPLE", "us-east-1", "iam")
        );
        assert_eq!(parsed.signed_headers, ["content-type", "host", "x-amz-date"]);
        assert!(Authorization::parse("Bearer x").is_none());
    }

    /// The AWS SigV4 test suite's `get-vanilla` case: a signature made elsewhere verifies,
    /// and the same request with another secret does not.
    #[test]
    fn a_known_signature_verifies_and_a_wrong_secret_does_not() {
        let request = ServerRequest::new("GET", "/")
            .with_header("Host", "example.amazonaws.com")
            .with_header("X-Amz-Date", "20150830T123600Z")
            .with_header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            );
        let now = parse_amz_date("20150830T123700Z").unwrap();
        let keys = Keys::new().with("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        assert_eq!(keys.verify(&request, "service", now), Ok(()));
        let wrong = Keys::new().with("AKIDEXAMPLE", "not-the-secret");
        assert!(matches!(
            wrong.verify(&request, "service", now),
            Err(ServerError::Forbidden { code: "InvalidSignatureException", .. })
        ));
        let unknown = Keys::new().with("OTHER", "x");
        assert!(matches!(
            unknown.verify(&request, "service", now),
            Err(ServerError::Forbidden { code: "UnrecognizedClientException", .. })
        ));
        let unsigned = ServerRequest::new("GET", "/").with_header("Host", "example.amazonaws.com");
        assert!(matches!(
            keys.verify(&unsigned, "service", now),
            Err(ServerError::Forbidden { code: "MissingAuthenticationTokenException", .. })
        ));
    }
}
