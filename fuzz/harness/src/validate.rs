//! The `validate` target (feature `arbitrary`, on by default): typed inputs of the four seed
//! operations drawn by the generated crate's `Arbitrary` impls, through `.validate()`, and the
//! client's verdict held against the server's: the request the client writes for a valid input
//! is accepted and read back as the same input; for an invalid one, refused with the same
//! violations (as a set: the server reports required members it found absent first).

use arbitrary::{Arbitrary, Unstructured};
use generated::{appfabric, appstream};
use smithy_lite_runtime::server::ServerError;
use smithy_lite_runtime::{HttpRequest, RequestError, Validate, ValidationError};

use crate::served::server_request;
use crate::{AppFabric, AppStream, Served};

/// One input: the first byte picks the operation, the rest draws its input.
pub fn validate(data: &[u8]) {
    let mut u = Unstructured::new(data);
    match u.choose_index(4).unwrap_or(0) {
        0 => check::<AppStream, appstream::types::BatchAssociateUserStackRequest>(
            &mut u,
            "BatchAssociateUserStack",
            appstream::operations::BatchAssociateUserStack::request_unvalidated,
            |input| appstream::server::OperationInput::BatchAssociateUserStack(input.clone()).to_json(),
        ),
        1 => check::<AppStream, appstream::types::BatchDisassociateUserStackRequest>(
            &mut u,
            "BatchDisassociateUserStack",
            appstream::operations::BatchDisassociateUserStack::request_unvalidated,
            |input| appstream::server::OperationInput::BatchDisassociateUserStack(input.clone()).to_json(),
        ),
        2 => check::<AppFabric, appfabric::types::StartUserAccessTasksRequest>(
            &mut u,
            "StartUserAccessTasks",
            appfabric::operations::StartUserAccessTasks::request_unvalidated,
            |input| appfabric::server::OperationInput::StartUserAccessTasks(input.clone()).to_json(),
        ),
        _ => check::<AppFabric, appfabric::types::BatchGetUserAccessTasksRequest>(
            &mut u,
            "BatchGetUserAccessTasks",
            appfabric::operations::BatchGetUserAccessTasks::request_unvalidated,
            |input| appfabric::server::OperationInput::BatchGetUserAccessTasks(input.clone()).to_json(),
        ),
    }
}

fn check<'a, S: Served, T: Arbitrary<'a> + Validate + std::fmt::Debug>(
    u: &mut Unstructured<'a>,
    operation: &str,
    request: fn(&T) -> Result<HttpRequest, RequestError>,
    to_json: fn(&T) -> Result<String, String>,
) {
    let Ok(input) = T::arbitrary(u) else { return };
    let verdict = input.validate();
    let written = match request(&input) {
        Ok(written) => written,
        // What the wire cannot carry (an empty label) is the client's to refuse.
        Err(RequestError::Serialize(_)) => return,
        Err(other) => panic!("{operation}: request_unvalidated failed: {other}\ninput: {input:?}"),
    };
    let received = S::parse_request(&server_request(&written));
    match (verdict, received) {
        (Ok(()), Ok((parsed_operation, parsed))) => {
            let sent = to_json(&input);
            assert_eq!(
                (parsed_operation, &parsed),
                (operation, &sent),
                "{operation}: a valid input reads back differently\ninput: {input:?}"
            );
        }
        (Ok(()), Err(error)) => panic!("{operation}: the server refuses a valid input: {error}\ninput: {input:?}"),
        (Err(violations), Ok(_)) => {
            panic!("{operation}: the server accepts an input the client finds invalid: {violations}\ninput: {input:?}")
        }
        (Err(violations), Err(ServerError::Validation(found))) => {
            assert_eq!(
                sorted(violations.0),
                sorted(found.0),
                "{operation}: the client and the server find different violations\ninput: {input:?}"
            );
        }
        (Err(violations), Err(error)) => panic!(
            "{operation}: an invalid input ({violations}) is refused for another reason: {error}\ninput: {input:?}"
        ),
    }
}

fn sorted(mut errors: Vec<ValidationError>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = errors.drain(..).map(|e| (e.path, e.message)).collect();
    pairs.sort();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_are_some_input() {
        for data in [&[][..], &[0; 64], &[0xff; 64], b"BatchAssociateUserStack jane@example.com"] {
            validate(data);
        }
        let ramp: Vec<u8> = (0..=255).collect();
        for start in 0..4u8 {
            let mut data = vec![start];
            data.extend_from_slice(&ramp);
            validate(&data);
        }
    }
}
