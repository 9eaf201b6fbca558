//! What the model diff's tests hold every pair to, whichever way it is diffed.

use codegen::diff::{Event, Report};

/// diff(A, B) and diff(B, A) name the same changes in opposite directions: every event of one,
/// its id reversed (added for removed), on the same shape or member, is an event of the other.
pub fn assert_mirrors(forward: &Report, backward: &Report, what: &str) {
    let mut there: Vec<(String, String)> =
        forward.events.iter().map(|e| (Event::reverse_id(e.id), e.shape.clone())).collect();
    let mut back: Vec<(String, String)> =
        backward.events.iter().map(|e| (e.id.to_owned(), e.shape.clone())).collect();
    there.sort();
    back.sort();
    assert_eq!(there, back, "{what}: the reverse diff does not mirror the forward one");
}
