//! The wire protocols the generator speaks, read from the service's protocol trait.

use crate::model::Shape;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
}

impl Protocol {
    /// The first supported protocol trait on the service, if any.
    pub fn of(service: &Shape) -> Option<Protocol> {
        if service.has_trait("aws.protocols#restJson1") {
            Some(Protocol::RestJson1)
        } else if service.has_trait("aws.protocols#awsJson1_1") {
            Some(Protocol::AwsJson1_1)
        } else if service.has_trait("aws.protocols#awsJson1_0") {
            Some(Protocol::AwsJson1_0)
        } else {
            None
        }
    }

    /// restJson1 honours `@jsonName`; the awsJson protocols ignore it.
    pub fn uses_json_name(self) -> bool {
        self == Protocol::RestJson1
    }

    pub fn name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
        }
    }
}
