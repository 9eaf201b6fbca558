//! The rules language's functions: the standard library (`isSet`, `not`, `booleanEquals`,
//! `stringEquals`, `getAttr`, `substring`, `parseURL`, `uriEncode`, `isValidHostLabel`) and
//! the AWS ones (`aws.partition`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aws_smithy_types::Document;

use super::{EndpointError, Value};

/// Calls `function` on evaluated arguments (`None`: unset).
pub(super) fn call(function: &str, args: Vec<Option<Value>>) -> Result<Option<Value>, EndpointError> {
    let arity = |n: usize| -> Result<(), EndpointError> {
        if args.len() == n {
            Ok(())
        } else {
            Err(EndpointError(format!("`{function}` takes {n} arguments, not {}", args.len())))
        }
    };
    let string = |i: usize| match args.get(i) {
        Some(Some(Value::String(s))) => Some(s.as_str()),
        _ => None,
    };
    let boolean = |i: usize| match args.get(i) {
        Some(Some(Value::Bool(b))) => Some(*b),
        _ => None,
    };
    Ok(match function {
        "isSet" => {
            arity(1)?;
            Some(Value::Bool(args[0].is_some()))
        }
        "not" => {
            arity(1)?;
            boolean(0).map(|b| Value::Bool(!b))
        }
        "booleanEquals" => {
            arity(2)?;
            Some(Value::Bool(matches!((boolean(0), boolean(1)), (Some(a), Some(b)) if a == b)))
        }
        "stringEquals" => {
            arity(2)?;
            Some(Value::Bool(matches!((string(0), string(1)), (Some(a), Some(b)) if a == b)))
        }
        "getAttr" => {
            arity(2)?;
            match (&args[0], string(1)) {
                (Some(value), Some(path)) => get_attr(value, path),
                _ => None,
            }
        }
        "substring" => {
            arity(4)?;
            let index = |i: usize| match args.get(i) {
                Some(Some(Value::Int(n))) => usize::try_from(*n).ok(),
                _ => None,
            };
            match (string(0), index(1), index(2), boolean(3)) {
                (Some(input), Some(start), Some(stop), Some(reverse)) => {
                    substring(input, start, stop, reverse).map(Value::String)
                }
                _ => None,
            }
        }
        "parseURL" => {
            arity(1)?;
            string(0).and_then(parse_url)
        }
        "uriEncode" => {
            arity(1)?;
            string(0).map(|s| Value::String(uri_encode(s)))
        }
        "isValidHostLabel" => {
            arity(2)?;
            match (string(0), boolean(1)) {
                (Some(label), Some(subdomains)) => Some(Value::Bool(is_valid_host_label(label, subdomains))),
                _ => Some(Value::Bool(false)),
            }
        }
        "aws.partition" => {
            arity(1)?;
            match string(0) {
                Some(region) => partition(region)?,
                None => None,
            }
        }
        "aws.parseArn" => {
            arity(1)?;
            string(0).and_then(parse_arn)
        }
        "aws.isVirtualHostableS3Bucket" => {
            arity(2)?;
            match (string(0), boolean(1)) {
                (Some(bucket), Some(subdomains)) => {
                    Some(Value::Bool(is_virtual_hostable_s3_bucket(bucket, subdomains)))
                }
                _ => Some(Value::Bool(false)),
            }
        }
        other => return Err(EndpointError(format!("unknown function `{other}`"))),
    })
}

/// `getAttr`: `name`, `name[2]`, `a.b[0]` into records and arrays; unset when absent.
pub(super) fn get_attr(value: &Value, path: &str) -> Option<Value> {
    let mut current = value.clone();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (part, None),
        };
        if !key.is_empty() {
            current = match current {
                Value::Record(mut fields) => fields.remove(key)?,
                _ => return None,
            };
        }
        if let Some(index) = index {
            current = match current {
                Value::Array(mut items) if index < items.len() => items.swap_remove(index),
                _ => return None,
            };
        }
    }
    Some(current)
}

/// `substring`: of ASCII input only; `reverse` counts from the end.
fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse { (input.len() - stop, input.len() - start) } else { (start, stop) };
    Some(input[from..to].to_owned())
}

/// `uriEncode`: everything but RFC 3986's unreserved characters percent-encoded.
fn uri_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `parseURL`: `scheme://authority/path` (no query string), with the path normalized to end
/// in `/` and whether the host is an IP address.
fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") || url.contains('?') || url.contains('#') {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return None;
    }
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        authority.rsplit_once(':').map_or(authority, |(host, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                host
            } else {
                authority
            }
        })
    };
    let is_ip = authority.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let normalized = if path.ends_with('/') { path.to_owned() } else { format!("{path}/") };
    let mut record = BTreeMap::new();
    record.insert("scheme".to_owned(), Value::String(scheme.to_owned()));
    record.insert("authority".to_owned(), Value::String(authority.to_owned()));
    record.insert("path".to_owned(), Value::String(path.to_owned()));
    record.insert("normalizedPath".to_owned(), Value::String(normalized));
    record.insert("isIp".to_owned(), Value::Bool(is_ip));
    Some(Value::Record(record))
}

/// `isValidHostLabel`: 1 to 63 letters, digits and hyphens, not starting with a hyphen; with
/// `subdomains`, several such labels joined by dots.
fn is_valid_host_label(label: &str, subdomains: bool) -> bool {
    if subdomains {
        return label.split('.').all(|part| is_valid_host_label(part, false));
    }
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name that can be a host label (3 to 63 lowercase
/// letters, digits and hyphens, beginning and ending with a letter or digit; with
/// `subdomains`, dotted labels of that kind), and not an IP address.
fn is_virtual_hostable_s3_bucket(bucket: &str, subdomains: bool) -> bool {
    let lowercase_label = |label: &str| {
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let labels_ok = if subdomains { bucket.split('.').all(lowercase_label) } else { lowercase_label(bucket) };
    (3..=63).contains(&bucket.len()) && labels_ok && bucket.parse::<std::net::Ipv4Addr>().is_err()
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split on
/// `:` and `/` into `resourceId`.
fn parse_arn(arn: &str) -> Option<Value> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, region, account, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(|s| Value::String(s.to_owned())).collect();
    let mut record = BTreeMap::new();
    record.insert("partition".to_owned(), Value::String(partition.to_owned()));
    record.insert("service".to_owned(), Value::String(service.to_owned()));
    record.insert("region".to_owned(), Value::String(region.to_owned()));
    record.insert("accountId".to_owned(), Value::String(account.to_owned()));
    record.insert("resourceId".to_owned(), Value::Array(resource_id));
    Some(Value::Record(record))
}

/// The partitions data the AWS SDKs use (see [`super::partitions`]).
pub fn partitions_source() -> &'static str {
    super::partitions::PARTITIONS_JSON
}

struct Partition {
    id: String,
    region_regex: Option<regex::Regex>,
    /// Region name → its overrides of the partition's outputs.
    regions: BTreeMap<String, BTreeMap<String, Value>>,
    outputs: BTreeMap<String, Value>,
}

fn partitions() -> Result<&'static [Partition], EndpointError> {
    static PARTITIONS: OnceLock<Result<Vec<Partition>, EndpointError>> = OnceLock::new();
    PARTITIONS.get_or_init(|| load_partitions(partitions_source())).as_deref().map_err(Clone::clone)
}

fn load_partitions(json: &str) -> Result<Vec<Partition>, EndpointError> {
    let bad = |why: &str| EndpointError(format!("the partitions data is malformed: {why}"));
    let mut reader = crate::json_read::JsonReader::new(json.as_bytes());
    let Ok(Document::Object(mut root)) = reader.document() else { return Err(bad("not a JSON object")) };
    let Some(Document::Array(list)) = root.remove("partitions") else { return Err(bad("no `partitions`")) };
    let mut partitions = Vec::new();
    for entry in list {
        let Document::Object(mut fields) = entry else { return Err(bad("a partition is not an object")) };
        let Some(Document::String(id)) = fields.remove("id") else {
            return Err(bad("a partition without `id`"));
        };
        let region_regex = match fields.remove("regionRegex") {
            Some(Document::String(pattern)) => {
                Some(regex::Regex::new(&pattern).map_err(|e| bad(&format!("regionRegex of {id}: {e}")))?)
            }
            _ => None,
        };
        let record = |document: Document| match super::literal(&document) {
            Value::Record(fields) => fields,
            _ => BTreeMap::new(),
        };
        let outputs = fields.remove("outputs").map(record).unwrap_or_default();
        let mut regions = BTreeMap::new();
        if let Some(Document::Object(declared)) = fields.remove("regions") {
            for (name, overrides) in declared {
                let mut overrides = record(overrides);
                overrides.remove("description");
                regions.insert(name, overrides);
            }
        }
        partitions.push(Partition { id, region_regex, regions, outputs });
    }
    Ok(partitions)
}

/// `aws.partition`: the partition a region is in (listed, else matching a partition's region
/// pattern, else `aws`), as a record of its outputs with the region's overrides.
fn partition(region: &str) -> Result<Option<Value>, EndpointError> {
    let partitions = partitions()?;
    let listed = partitions.iter().find_map(|p| p.regions.get(region).map(|o| (p, Some(o))));
    let matched = || {
        partitions
            .iter()
            .find(|p| p.region_regex.as_ref().is_some_and(|r| r.is_match(region)))
            .map(|p| (p, None))
    };
    let fallback = || partitions.iter().find(|p| p.id == "aws").map(|p| (p, None));
    let Some((partition, overrides)) = listed.or_else(matched).or_else(fallback) else {
        return Ok(None);
    };
    let mut outputs = partition.outputs.clone();
    if let Some(overrides) = overrides {
        outputs.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    outputs.entry("name".to_owned()).or_insert_with(|| Value::String(partition.id.clone()));
    Ok(Some(Value::Record(outputs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Option<Value> {
        Some(Value::String(text.to_owned()))
    }

    #[test]
    fn standard_library_functions() {
        assert_eq!(substring("abcdef", 0, 3, false), Some("abc".into()));
        assert_eq!(substring("abcdef", 0, 3, true), Some("def".into()));
        assert_eq!(substring("abc", 1, 4, false), None);
        assert_eq!(substring("ab©", 0, 1, false), None);
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        let url = parse_url("https://example.com:8443/a/b").unwrap();
        assert_eq!(get_attr(&url, "authority"), s("example.com:8443"));
        assert_eq!(get_attr(&url, "normalizedPath"), s("/a/b/"));
        assert_eq!(get_attr(&url, "isIp"), Some(Value::Bool(false)));
        assert_eq!(parse_url("https://example.com/?q=1"), None);
        assert_eq!(get_attr(&parse_url("http://127.0.0.1").unwrap(), "isIp"), Some(Value::Bool(true)));
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/ap").unwrap();
        assert_eq!(get_attr(&arn, "resourceId[1]"), s("ap"));
        assert_eq!(parse_arn("arn:aws:s3:::"), None);
    }

    #[test]
    fn partitions_by_region() {
        let name = |region: &str| get_attr(&partition(region).unwrap().unwrap(), "name");
        assert_eq!(name("us-east-1"), s("aws"));
        assert_eq!(name("cn-north-1"), s("aws-cn"));
        assert_eq!(name("us-gov-west-9"), s("aws-us-gov"));
        assert_eq!(name("mars-east-1"), s("aws"));
        let cn = partition("cn-north-1").unwrap().unwrap();
        assert_eq!(get_attr(&cn, "dnsSuffix"), s("amazonaws.com.cn"));
    }
}
