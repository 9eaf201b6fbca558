//! What a validation case expects of `request_from_json(operation, input, true)`: shared by
//! `tests/properties.rs` (seed services, in process) and the corpus crate it generates (which
//! gets a copy of this file). The including crate root names the runtime as `runtime`.

use crate::runtime::{HttpRequest, RequestError};

/// `Ok` when the request was made and no violation was expected, or when exactly the expected
/// violations (JSON pointers, in any order) were reported; why not otherwise.
pub fn expect(result: Option<Result<HttpRequest, RequestError>>, expected: &[String]) -> Result<(), String> {
    let mut expected = expected.to_vec();
    expected.sort();
    match result {
        None => Err("no such operation".to_owned()),
        Some(Ok(_)) if expected.is_empty() => Ok(()),
        Some(Ok(_)) => Err(format!("validated clean; expected violations at {expected:?}")),
        Some(Err(RequestError::Validation(errors))) => {
            let mut found: Vec<String> = errors.0.iter().map(|e| e.path.clone()).collect();
            found.sort();
            if found == expected {
                Ok(())
            } else {
                Err(format!("violations at {found:?}, expected at {expected:?}: {errors:?}"))
            }
        }
        Some(Err(other)) => Err(format!("no request: {other}; expected violations at {expected:?}")),
    }
}
