//! An in-memory Amazon AppStream 2.0 holding stacks, user-pool users and the associations
//! between them, implementing the two seed operations as AWS documents them:
//! `BatchAssociateUserStack` and `BatchDisassociateUserStack` answer per association, and
//! report the ones that cannot be made in `errors` (`STACK_NOT_FOUND`, `USER_NAME_NOT_FOUND`)
//! without failing the call.

use std::collections::BTreeSet;
use std::sync::Mutex;

use generated::appstream::errors::{BatchAssociateUserStackError, BatchDisassociateUserStackError};
use generated::appstream::server::Service;
use generated::appstream::types::{
    AuthenticationType, BatchAssociateUserStackRequest, BatchAssociateUserStackResult,
    BatchDisassociateUserStackRequest, BatchDisassociateUserStackResult, UserStackAssociation,
    UserStackAssociationError, UserStackAssociationErrorCode,
};

/// The signing name of AppStream, as its SigV4 scope carries it.
pub const SIGNING_NAME: &str = "appstream";

/// One association: stack, user name, authentication type.
pub type Association = (String, String, String);

#[derive(Debug, Default)]
struct State {
    stacks: BTreeSet<String>,
    /// User name and authentication type.
    users: BTreeSet<(String, String)>,
    associations: BTreeSet<Association>,
}

/// The service's state; clones of the handle share it.
#[derive(Debug, Default)]
pub struct AppStream {
    state: Mutex<State>,
}

impl AppStream {
    /// A service holding these stacks and these users (name and authentication type, as
    /// `USERPOOL`).
    pub fn new<'a>(
        stacks: impl IntoIterator<Item = &'a str>,
        users: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let state = State {
            stacks: stacks.into_iter().map(str::to_owned).collect(),
            users: users.into_iter().map(|(u, a)| (u.to_owned(), a.to_owned())).collect(),
            associations: BTreeSet::new(),
        };
        AppStream { state: Mutex::new(state) }
    }

    /// The associations held now, sorted.
    pub fn associations(&self) -> Vec<Association> {
        self.lock().associations.iter().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A handler that panicked cannot leave the sets half-changed: every change is one insert
        // or remove, so the state behind a poisoned lock is still whole.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies `change` to each association it can, and reports the others.
    fn each(
        &self,
        associations: Vec<UserStackAssociation>,
        change: impl Fn(&mut State, Association),
    ) -> Result<Vec<UserStackAssociationError>, generated::BuildError> {
        let mut state = self.lock();
        let mut errors = Vec::new();
        for association in associations {
            let stack = association.stack_name.clone().unwrap_or_default();
            let user = association.user_name.clone().unwrap_or_default();
            let auth =
                association.authentication_type.as_ref().map(AuthenticationType::as_str).unwrap_or_default();
            let failure = if !state.stacks.contains(&stack) {
                Some((UserStackAssociationErrorCode::StackNotFound, format!("Stack {stack} not found.")))
            } else if !state.users.contains(&(user.clone(), auth.to_owned())) {
                Some((UserStackAssociationErrorCode::UserNameNotFound, format!("User {user} not found.")))
            } else {
                None
            };
            match failure {
                Some((code, message)) => errors.push(
                    UserStackAssociationError::builder()
                        .user_stack_association(association)
                        .error_code(code)
                        .error_message(message)
                        .build()?,
                ),
                None => change(&mut state, (stack, user, auth.to_owned())),
            }
        }
        Ok(errors)
    }
}

impl Service for AppStream {
    async fn batch_associate_user_stack(
        &self,
        input: BatchAssociateUserStackRequest,
    ) -> Result<BatchAssociateUserStackResult, BatchAssociateUserStackError> {
        let errors = self.each(input.user_stack_associations.unwrap_or_default(), |state, association| {
            state.associations.insert(association);
        })?;
        Ok(BatchAssociateUserStackResult::builder().errors(errors).build()?)
    }

    async fn batch_disassociate_user_stack(
        &self,
        input: BatchDisassociateUserStackRequest,
    ) -> Result<BatchDisassociateUserStackResult, BatchDisassociateUserStackError> {
        let errors = self.each(input.user_stack_associations.unwrap_or_default(), |state, association| {
            state.associations.remove(&association);
        })?;
        Ok(BatchDisassociateUserStackResult::builder().errors(errors).build()?)
    }
}
