//! Round-trip properties over one generated service, for every operation: what the property
//! tests of `tests/properties.rs` share with the corpus crate they generate (which gets a copy
//! of this file). The including crate root names the generated crate's runtime as `runtime`.
//!
//! Values come from the generated `Arbitrary` impls, fed with bytes that proptest draws (and
//! shrinks, when a property fails): [`CASES`] byte strings of up to [`MAX_BYTES`] per
//! property, from a seed fixed per property (set `PROPERTY_SEED` for other bytes,
//! `PROPTEST_CASES` for another count).
//!
//! Equality: a value that contains NaN is not `==` to itself (derived `PartialEq` compares
//! floats with `==`), so `PartialEq` is asked only of values that are `==` to themselves,
//! and always the canonical JSON of both sides (member names as keys, map entries and document
//! keys sorted, NaN written as `"NaN"`, every float and timestamp exactly) must be the same:
//! NaN then equals NaN, and what `PartialEq` cannot tell apart (`-0.0` and `0.0`) the JSON can.

use std::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use crate::runtime::server::ServerRequest;
use crate::runtime::{HttpRequest, HttpResponse, RequestError};

/// Byte strings per property.
pub const CASES: u32 = 48;
/// The longest byte string drawn.
pub const MAX_BYTES: usize = 1536;

type Outcome = Result<(), TestCaseError>;

/// Runs `property` over drawn byte strings; panics with the (shrunk) failing case. (`dyn`:
/// proptest's runner is compiled once, not once per property.)
pub fn check(name: &str, property: &dyn Fn(&[u8]) -> Outcome) {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let seed: u64 = std::env::var("PROPERTY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    // FNV-1a of the name and the seed: each property its own bytes, the same every run.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes().chain(seed.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut key = [0u8; 32];
    for (i, chunk) in key.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&hash.rotate_left(i as u32 * 16).to_le_bytes());
    }
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    if let Err(failure) = runner.run(&vec(any::<u8>(), 0..MAX_BYTES), |data| property(&data)) {
        panic!("{name}: {failure}");
    }
}

/// A value drawn from `data` by its `Arbitrary` impl.
pub fn draw<T: for<'a> Arbitrary<'a>>(data: &[u8]) -> Result<T, TestCaseError> {
    T::arbitrary(&mut Unstructured::new(data)).map_err(|e| TestCaseError::fail(format!("cannot draw: {e}")))
}

fn fail(why: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(why.into())
}

/// The same value, NaN equal to NaN (see the module docs).
pub fn same<T: PartialEq + Debug>(
    sent: &T,
    received: &T,
    canonical: impl Fn(&T) -> Result<String, String>,
) -> Outcome {
    let json =
        |value: &T| canonical(value).map_err(|e| fail(format!("no canonical JSON for {value:?}: {e}")));
    let (sent_json, received_json) = (json(sent)?, json(received)?);
    #[allow(clippy::eq_op)]
    let comparable = sent == sent;
    if (comparable && sent != received) || sent_json != received_json {
        return Err(fail(format!(
            "sent     {sent:?}\nreceived {received:?}\nsent     {sent_json}\nreceived {received_json}"
        )));
    }
    Ok(())
}

/// The request a server receives for a serialized request.
pub fn received(request: &HttpRequest) -> ServerRequest {
    let mut received = ServerRequest::new(request.method, &request.path_and_query());
    for (name, value) in &request.headers {
        received = received.with_header(name, value);
    }
    received.with_body(request.body.clone())
}

/// Input → client request → server's reading of it, unvalidated → the same input.
pub fn input_round_trip<I: for<'a> Arbitrary<'a> + PartialEq + Debug, Parsed, ParseError: Debug>(
    name: &str,
    request: fn(&I) -> Result<HttpRequest, RequestError>,
    parse: fn(&ServerRequest) -> Result<Parsed, ParseError>,
    extract: impl Fn(Parsed) -> Option<I>,
    canonical: impl Fn(&I) -> Result<String, String>,
) {
    check(name, &|data| {
        let input: I = draw(data)?;
        let request =
            request(&input).map_err(|e: RequestError| fail(format!("cannot send {input:?}: {e}")))?;
        let parsed = parse(&received(&request))
            .map_err(|e| fail(format!("the server refused {request:?}: {e:?}\n(sent {input:?})")))?;
        let back = extract(parsed).ok_or_else(|| fail(format!("routed elsewhere: {request:?}")))?;
        same(&input, &back, &canonical)
    });
}

/// Output → server response → client's reading of it → the same output.
pub fn output_round_trip<O: for<'a> Arbitrary<'a> + PartialEq + Debug, E: Debug>(
    name: &str,
    respond: fn(&O) -> HttpResponse,
    parse: fn(&HttpResponse) -> Result<O, E>,
    canonical: impl Fn(&O) -> Result<String, String>,
) {
    check(name, &|data| {
        let output: O = draw(data)?;
        let response = respond(&output);
        if !(200..300).contains(&response.status) {
            let body = String::from_utf8_lossy(&response.body);
            return Err(fail(format!("the server could not answer {output:?}: {} {body}", response.status)));
        }
        match parse(&response) {
            Ok(back) => same(&output, &back, &canonical),
            Err(e) => Err(fail(format!("the client refused {response:?}: {e:?}\n(sent {output:?})"))),
        }
    });
}

/// One modeled error → server error response → client's reading of it → the same variant
/// holding the same value.
pub fn error_round_trip<V: for<'a> Arbitrary<'a> + PartialEq + Debug + Clone, O: Debug, E: Debug>(
    name: &str,
    wrap: fn(V) -> E,
    unwrap: fn(E) -> Result<V, E>,
    respond: fn(&E) -> HttpResponse,
    parse: fn(&HttpResponse) -> Result<O, E>,
    canonical: impl Fn(&V) -> Result<String, String>,
) {
    check(name, &|data| {
        let error: V = draw(data)?;
        let response = respond(&wrap(error.clone()));
        match parse(&response).map(|o| format!("{o:?}")).map_err(unwrap) {
            Err(Ok(back)) => same(&error, &back, &canonical),
            Err(Err(other)) => Err(fail(format!("read as {other:?} from {response:?}\n(sent {error:?})"))),
            Ok(output) => Err(fail(format!("read as the output {output} from {response:?}"))),
        }
    });
}

/// Three tests per operation (`input`, `output`, `errors`) in a module named after it, and
/// `LISTING`: the operations, their error enums and variants, as given.
///
/// Call it in a module where `service` names the generated service module:
/// `round_trips! { Operation => OperationError [ErrorVariant, ...]; ... }`; after the variants,
/// `input: "why"` or `output: "why"` leaves that direction unchecked, saying why.
#[macro_export]
macro_rules! round_trips {
    ($($op:ident => $error:ident [$($variant:ident),* $(,)?] $(input: $skip_input:literal)? $(output: $skip_output:literal)?;)*) => {
        /// What the invocation lists: operation, error enum, error variants.
        #[allow(dead_code)]
        pub const LISTING: &[(&str, &str, &[&str])] =
            &[$((stringify!($op), stringify!($error), &[$(stringify!($variant)),*])),*];

        $(
            #[allow(non_snake_case)]
            mod $op {
                use super::service;
                use $crate::harness;

                #[test]
                fn input() {
                    let skipped: &[&str] = &[$($skip_input)?];
                    if let Some(why) = skipped.first() {
                        return eprintln!("{}: input not checked: {why}", module_path!());
                    }
                    harness::input_round_trip(
                        concat!(module_path!(), "::input"),
                        service::operations::$op::request_unvalidated,
                        service::server::parse_request_unvalidated,
                        |parsed| match parsed {
                            service::server::OperationInput::$op(input) => Some(input),
                            #[allow(unreachable_patterns)]
                            _ => None,
                        },
                        |input| service::server::OperationInput::$op(input.clone()).to_json(),
                    );
                }

                #[test]
                fn output() {
                    let skipped: &[&str] = &[$($skip_output)?];
                    if let Some(why) = skipped.first() {
                        return eprintln!("{}: output not checked: {why}", module_path!());
                    }
                    harness::output_round_trip(
                        concat!(module_path!(), "::output"),
                        service::operations::$op::output_response,
                        service::operations::$op::parse_response,
                        service::operations::$op::output_to_json,
                    );
                }

                #[test]
                fn errors() {
                    $(
                        harness::error_round_trip(
                            concat!(module_path!(), "::", stringify!($variant)),
                            service::errors::$error::$variant,
                            |e| match e {
                                service::errors::$error::$variant(v) => Ok(v),
                                #[allow(unreachable_patterns)]
                                other => Err(other),
                            },
                            service::operations::$op::error_response,
                            service::operations::$op::parse_response,
                            |e| $crate::runtime::ServiceError::to_json(e).ok_or_else(|| "no to_json".to_owned()),
                        );
                    )*
                }
            }
        )*
    };
}
