//! An in-memory AWS AppFabric holding app bundles, their app authorizations (an application
//! and a tenant) and the users each application knows, implementing the two seed operations
//! as AWS documents them: `StartUserAccessTasks` starts one task per app authorization of the
//! bundle and answers 201 with their ids; `BatchGetUserAccessTasks` reports those tasks (the
//! user's access in that application); an unknown app bundle is `ResourceNotFoundException`
//! (404). The search itself is immediate here: a task is `COMPLETED` when the application
//! knows the email and `FAILED` with a task error when it does not.

use std::collections::BTreeMap;
use std::sync::Mutex;

use generated::appfabric::errors::{BatchGetUserAccessTasksError, StartUserAccessTasksError};
use generated::appfabric::server::Service;
use generated::appfabric::types::{
    BatchGetUserAccessTasksRequest, BatchGetUserAccessTasksResponse, ResourceNotFoundException, ResultStatus,
    StartUserAccessTasksRequest, StartUserAccessTasksResponse, TaskError, UserAccessResultItem,
    UserAccessTaskItem,
};

/// The signing name of AppFabric, as its SigV4 scope carries it.
pub const SIGNING_NAME: &str = "appfabric";

/// One app authorization of a bundle: the application, its tenant, and the users it knows
/// (email → user id and full name).
#[derive(Debug, Clone)]
pub struct AppAuthorization {
    pub app: String,
    pub tenant_id: String,
    pub tenant_display_name: String,
    pub users: BTreeMap<String, (String, String)>,
}

/// A started task, as `BatchGetUserAccessTasks` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub bundle: String,
    pub app: String,
    pub tenant_id: String,
    pub email: String,
}

#[derive(Debug, Default)]
struct State {
    /// App bundle ARN → its app authorizations.
    bundles: BTreeMap<String, Vec<AppAuthorization>>,
    /// Task id → task.
    tasks: BTreeMap<String, Task>,
}

/// The service's state.
#[derive(Debug, Default)]
pub struct AppFabric {
    state: Mutex<State>,
}

impl AppFabric {
    /// A service holding these app bundles (ARN and app authorizations).
    pub fn new(bundles: impl IntoIterator<Item = (String, Vec<AppAuthorization>)>) -> Self {
        AppFabric {
            state: Mutex::new(State { bundles: bundles.into_iter().collect(), tasks: BTreeMap::new() }),
        }
    }

    /// The tasks started so far, by id.
    pub fn tasks(&self) -> BTreeMap<String, Task> {
        self.lock().tasks.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every change is one insert, so the state behind a poisoned lock is still whole.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The bundle an identifier names: its ARN, or the UUID the ARN ends with.
fn find_bundle<'s>(state: &'s State, identifier: &str) -> Option<(&'s String, &'s Vec<AppAuthorization>)> {
    state.bundles.iter().find(|(arn, _)| {
        arn.as_str() == identifier || arn.rsplit_once("appbundle/").is_some_and(|(_, id)| id == identifier)
    })
}

fn not_found(identifier: &str) -> Result<ResourceNotFoundException, generated::BuildError> {
    ResourceNotFoundException::builder()
        .message(format!("App bundle {identifier} not found."))
        .resource_id(identifier)
        .resource_type("AppBundle")
        .build()
}

impl Service for AppFabric {
    async fn start_user_access_tasks(
        &self,
        input: StartUserAccessTasksRequest,
    ) -> Result<StartUserAccessTasksResponse, StartUserAccessTasksError> {
        let identifier = input.app_bundle_identifier.unwrap_or_default();
        let email = input.email.unwrap_or_default();
        let mut state = self.lock();
        let Some((bundle, authorizations)) = find_bundle(&state, &identifier) else {
            return Err(StartUserAccessTasksError::ResourceNotFoundException(not_found(&identifier)?));
        };
        let bundle = bundle.clone();
        let started: Vec<(String, Task)> = authorizations
            .iter()
            .map(|authorization| {
                let task = Task {
                    bundle: bundle.clone(),
                    app: authorization.app.clone(),
                    tenant_id: authorization.tenant_id.clone(),
                    email: email.clone(),
                };
                (uuid::Uuid::new_v4().to_string(), task)
            })
            .collect();
        let mut items = Vec::new();
        for (id, task) in started {
            items.push(
                UserAccessTaskItem::builder()
                    .app(task.app.clone())
                    .tenant_id(task.tenant_id.clone())
                    .task_id(id.clone())
                    .build()?,
            );
            state.tasks.insert(id, task);
        }
        Ok(StartUserAccessTasksResponse::builder().user_access_tasks_list(items).build()?)
    }

    async fn batch_get_user_access_tasks(
        &self,
        input: BatchGetUserAccessTasksRequest,
    ) -> Result<BatchGetUserAccessTasksResponse, BatchGetUserAccessTasksError> {
        let identifier = input.app_bundle_identifier.unwrap_or_default();
        let state = self.lock();
        let Some((bundle, authorizations)) = find_bundle(&state, &identifier) else {
            return Err(BatchGetUserAccessTasksError::ResourceNotFoundException(not_found(&identifier)?));
        };
        let mut results = Vec::new();
        for id in input.task_id_list.unwrap_or_default() {
            let item = UserAccessResultItem::builder().task_id(id.clone());
            let Some(task) = state.tasks.get(&id).filter(|task| &task.bundle == bundle) else {
                let error = TaskError::builder()
                    .error_code("ResourceNotFoundException")
                    .error_message(format!("Task {id} not found in this app bundle."))
                    .build()?;
                results.push(item.result_status(ResultStatus::Failed).task_error(error).build()?);
                continue;
            };
            let authorization =
                authorizations.iter().find(|a| a.app == task.app && a.tenant_id == task.tenant_id);
            let item = item
                .app(task.app.clone())
                .tenant_id(task.tenant_id.clone())
                .email(task.email.clone())
                .tenant_display_name(
                    authorization.map(|a| a.tenant_display_name.clone()).unwrap_or_default(),
                );
            let user = authorization.and_then(|a| a.users.get(&task.email));
            let item = match user {
                Some((user_id, full_name)) => {
                    let (first, last) = full_name.split_once(' ').unwrap_or((full_name.as_str(), ""));
                    item.result_status(ResultStatus::Completed)
                        .user_id(user_id.clone())
                        .user_full_name(full_name.clone())
                        .user_first_name(first)
                        .user_last_name(last)
                        .user_status("Active")
                }
                None => item.result_status(ResultStatus::Failed).task_error(
                    TaskError::builder()
                        .error_code("UserNotFound")
                        .error_message(format!("{} has no user {}.", task.app, task.email))
                        .build()?,
                ),
            };
            results.push(item.build()?);
        }
        Ok(BatchGetUserAccessTasksResponse::builder().user_access_results_list(results).build()?)
    }
}
