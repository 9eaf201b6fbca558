//! Wire speed of the seed operations through the committed `generated` crate, each beside its
//! baseline in the same run: the same data through plain `#[derive(Serialize, Deserialize)]`
//! structs and `serde_json`, wrapped in the same `HttpRequest`.
//!
//! ```sh
//! cargo bench -p codegen --bench wire
//! ```
//!
//! Criterion prints each benchmark as it goes; a table of medians with the ratio to the
//! baseline follows at the end (what BENCHMARKS.md quotes). Before measuring, every pair is
//! checked to produce the same JSON (or the same parsed values), so both sides do the same work.
//!
//! | group | generated | baseline |
//! | --- | --- | --- |
//! | `ser_*` | `Op::request_unvalidated(&input)` | `serde_json::to_vec(&derive)` in the same `HttpRequest` |
//! | `validate_*` | `Validate::validate(&input)` | the same checks written by hand with the same regex engine (`regress`); serde has none |
//! | `request_*` | `Op::request(&input)`: validate + serialize | `serde_json::to_vec(&derive)` in the same `HttpRequest` (no checks) |
//! | `parse_*` | `Op::parse_response(&response)` | `serde_json::from_slice::<derive>(&response.body)` after the same status check |

use std::hint::black_box;
use std::path::PathBuf;
use std::time::SystemTime;

use criterion::{BenchmarkGroup, Criterion, Throughput};
use generated::appfabric::operations::{BatchGetUserAccessTasks, StartUserAccessTasks};
use generated::appfabric::types as af;
use generated::appstream::operations::BatchAssociateUserStack;
use generated::appstream::types as ast;
use generated::runtime::{HttpRequest, HttpResponse, Validate};
use serde::{Deserialize, Serialize};

const ASSOCIATIONS: usize = 25;
const RESULTS: usize = 50;
const APP_BUNDLE: &str =
    "arn:aws:appfabric:us-east-1:123456789012:appbundle/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

// ---------------------------------------------------------------------------------------------
// The baseline: plain derive structs, as one would write them by hand for serde_json
// ---------------------------------------------------------------------------------------------

mod baseline {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum AuthenticationType {
        Api,
        Saml,
        Userpool,
        AwsAd,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct UserStackAssociation {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub stack_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub authentication_type: Option<AuthenticationType>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub send_email_notification: Option<bool>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct BatchAssociateUserStackRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_stack_associations: Option<Vec<UserStackAssociation>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct StartUserAccessTasksRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub app_bundle_identifier: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum ResultStatus {
        InProgress,
        Completed,
        Failed,
        Expired,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct TaskError {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub error_code: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub error_message: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserAccessResultItem {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub app: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tenant_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tenant_display_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub task_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub result_status: Option<ResultStatus>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub email: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_full_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_first_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_last_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_status: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub task_error: Option<TaskError>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct BatchGetUserAccessTasksResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_access_results_list: Option<Vec<UserAccessResultItem>>,
    }

    /// The same envelope the generated awsJson1_1 serializer builds, around a serde_json body.
    pub fn aws_json_request(target: &str, body: Vec<u8>) -> HttpRequest {
        let mut request = HttpRequest::new("POST", String::from("/"));
        request.headers.push(("Content-Type".into(), "application/x-amz-json-1.1".into()));
        request.headers.push(("X-Amz-Target".into(), target.into()));
        request.headers.push(("Content-Length".into(), body.len().to_string()));
        request.body = body;
        request
    }

    /// The same envelope the generated restJson1 serializer builds, around a serde_json body.
    pub fn rest_json_request(uri: &str, body: Vec<u8>) -> HttpRequest {
        let mut request = HttpRequest::new("POST", uri.to_owned());
        request.headers.push(("Content-Type".into(), "application/json".into()));
        request.headers.push(("Content-Length".into(), body.len().to_string()));
        request.body = body;
        request
    }

    /// The model's constraints on `BatchAssociateUserStackRequest`, by hand, with `regress` as
    /// the generated validators use it: list length 1..=25; per association `StackName` length
    /// >= 1, `UserName` length 1..=128 and pattern, `AuthenticationType` required.
    pub struct AssociateChecks {
        user_name: regress::Regex,
    }

    impl AssociateChecks {
        pub fn new() -> Self {
            let user_name = regress::Regex::with_flags(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$", "u")
                .expect("the model's UserName pattern compiles");
            AssociateChecks { user_name }
        }

        pub fn check(&self, input: &BatchAssociateUserStackRequest) -> Result<(), Vec<String>> {
            let mut errors = Vec::new();
            match &input.user_stack_associations {
                None => errors.push("/UserStackAssociations: required".to_owned()),
                Some(list) => {
                    if !(1..=25).contains(&list.len()) {
                        errors.push("/UserStackAssociations: length".to_owned());
                    }
                    for (i, item) in list.iter().enumerate() {
                        match &item.stack_name {
                            Some(v) if v.chars().count() >= 1 => {}
                            _ => errors.push(format!("/UserStackAssociations/{i}/StackName")),
                        }
                        match &item.user_name {
                            Some(v)
                                if (1..=128).contains(&v.chars().count())
                                    && self.user_name.find(v).is_some() => {}
                            _ => errors.push(format!("/UserStackAssociations/{i}/UserName")),
                        }
                        if item.authentication_type.is_none() {
                            errors.push(format!("/UserStackAssociations/{i}/AuthenticationType"));
                        }
                    }
                }
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            }
        }
    }

    /// The model's constraints on `StartUserAccessTasksRequest`, by hand: both members
    /// required, `appBundleIdentifier` length 1..=1011 and pattern, `email` length <= 320 and
    /// pattern.
    pub struct StartChecks {
        app_bundle: regress::Regex,
        email: regress::Regex,
    }

    impl StartChecks {
        pub fn new() -> Self {
            let app_bundle = regress::Regex::with_flags(
                "^arn:.+$|^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$",
                "u",
            )
            .expect("the model's app bundle pattern compiles");
            let email = regress::Regex::with_flags(
                "^[a-zA-Z0-9.!#$%&’*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*$",
                "u",
            )
            .expect("the model's email pattern compiles");
            StartChecks { app_bundle, email }
        }

        pub fn check(&self, input: &StartUserAccessTasksRequest) -> Result<(), Vec<String>> {
            let mut errors = Vec::new();
            match &input.app_bundle_identifier {
                Some(v) if (1..=1011).contains(&v.chars().count()) && self.app_bundle.find(v).is_some() => {}
                _ => errors.push("/appBundleIdentifier".to_owned()),
            }
            match &input.email {
                Some(v) if v.chars().count() <= 320 && self.email.find(v).is_some() => {}
                _ => errors.push("/email".to_owned()),
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The data: one set of values, built as both the generated types and the baseline's
// ---------------------------------------------------------------------------------------------

struct Association {
    stack: String,
    user: String,
    auth: usize,
    notify: bool,
}

fn associations() -> Vec<Association> {
    (0..ASSOCIATIONS)
        .map(|i| Association {
            stack: format!("analytics-stack-{:02}", i % 4),
            user: format!("user.{i:03}@example.com"),
            auth: i % 4,
            notify: i % 2 == 0,
        })
        .collect()
}

fn generated_associate() -> ast::BatchAssociateUserStackRequest {
    let auth = [
        ast::AuthenticationType::Api,
        ast::AuthenticationType::Saml,
        ast::AuthenticationType::Userpool,
        ast::AuthenticationType::AwsAd,
    ];
    let list: Vec<_> = associations()
        .into_iter()
        .map(|a| {
            ast::UserStackAssociation::builder()
                .stack_name(a.stack)
                .user_name(a.user)
                .authentication_type(auth[a.auth].clone())
                .send_email_notification(a.notify)
                .build()
                .expect("every required member is set")
        })
        .collect();
    ast::BatchAssociateUserStackRequest::builder()
        .user_stack_associations(list)
        .build()
        .expect("complete input")
}

fn baseline_associate() -> baseline::BatchAssociateUserStackRequest {
    use baseline::AuthenticationType as A;
    let auth = [A::Api, A::Saml, A::Userpool, A::AwsAd];
    let list = associations()
        .into_iter()
        .map(|a| baseline::UserStackAssociation {
            stack_name: Some(a.stack),
            user_name: Some(a.user),
            authentication_type: Some(auth[a.auth].clone()),
            send_email_notification: Some(a.notify),
        })
        .collect();
    baseline::BatchAssociateUserStackRequest { user_stack_associations: Some(list) }
}

const EMAIL: &str = "jane.doe+appfabric@example.com";

fn generated_start() -> af::StartUserAccessTasksRequest {
    af::StartUserAccessTasksRequest::builder()
        .app_bundle_identifier(APP_BUNDLE)
        .email(EMAIL)
        .build()
        .expect("complete input")
}

fn baseline_start() -> baseline::StartUserAccessTasksRequest {
    baseline::StartUserAccessTasksRequest {
        app_bundle_identifier: Some(APP_BUNDLE.to_owned()),
        email: Some(EMAIL.to_owned()),
    }
}

/// A `BatchGetUserAccessTasks` response with [`RESULTS`] results, every member set; every
/// fifth failed with a `taskError`. Serialized once by serde_json, then parsed by both sides.
fn baseline_results() -> baseline::BatchGetUserAccessTasksResponse {
    use baseline::ResultStatus as S;
    let statuses = [S::Completed, S::InProgress, S::Completed, S::Expired, S::Failed];
    let list = (0..RESULTS)
        .map(|i| baseline::UserAccessResultItem {
            app: Some(["Slack", "Okta", "Zoom", "Jira", "Salesforce"][i % 5].to_owned()),
            tenant_id: Some(format!("T{:08X}", 0x5eed_0000 + i)),
            tenant_display_name: Some(format!("Example Corp — workspace {i}")),
            task_id: Some(format!("{:08x}-1234-4abc-8def-{:012x}", 0xa1b2_c3d4_u32 + i as u32, i * 7919)),
            result_status: Some(statuses[i % 5].clone()),
            email: Some(format!("user.{i:03}@example.com")),
            user_id: Some(format!("U{:010}", 1_000_000 + i * 37)),
            user_full_name: Some(format!("Jane \"JD\" Doe {i}")),
            user_first_name: Some("Jane".to_owned()),
            user_last_name: Some(format!("Doe {i}")),
            user_status: Some(if i % 3 == 0 { "Inactive" } else { "Active" }.to_owned()),
            task_error: (i % 5 == 4).then(|| baseline::TaskError {
                error_code: Some("AppAuthorizationExpired".to_owned()),
                error_message: Some(
                    "The app authorization expired; reconnect the app.\nRetry later.".to_owned(),
                ),
            }),
        })
        .collect();
    baseline::BatchGetUserAccessTasksResponse { user_access_results_list: Some(list) }
}

// ---------------------------------------------------------------------------------------------
// Both sides must do the same work
// ---------------------------------------------------------------------------------------------

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("a JSON body")
}

fn check_same_request(generated: &HttpRequest, baseline: &HttpRequest) {
    assert_eq!(generated.method, baseline.method);
    assert_eq!(generated.uri, baseline.uri);
    let sorted = |headers: &[(String, String)]| {
        let mut headers = headers.to_vec();
        headers.sort();
        headers
    };
    assert_eq!(sorted(&generated.headers), sorted(&baseline.headers), "both sides set the same headers");
    assert_eq!(json(&generated.body), json(&baseline.body), "both sides write the same JSON");
}

fn check_same_results(
    generated: &af::BatchGetUserAccessTasksResponse,
    baseline: &baseline::BatchGetUserAccessTasksResponse,
) {
    let (Some(ours), Some(theirs)) =
        (&generated.user_access_results_list, &baseline.user_access_results_list)
    else {
        panic!("both sides read the results list");
    };
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(theirs) {
        assert_eq!(a.app, b.app);
        assert_eq!(a.tenant_display_name, b.tenant_display_name);
        assert_eq!(a.task_id, b.task_id);
        assert_eq!(
            a.result_status.as_ref().map(|s| s.as_str().to_owned()),
            b.result_status.as_ref().map(|s| {
                serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            })
        );
        assert_eq!(a.user_full_name, b.user_full_name);
        assert_eq!(a.user_status, b.user_status);
        assert_eq!(
            a.task_error.as_ref().map(|e| (e.error_code.clone(), e.error_message.clone())),
            b.task_error.as_ref().map(|e| (e.error_code.clone(), e.error_message.clone()))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The benchmarks
// ---------------------------------------------------------------------------------------------

/// One row of the closing table: a criterion group, what it measures, and its two sides.
struct Row {
    group: &'static str,
    what: &'static str,
    generated: &'static str,
    baseline: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        group: "ser_batch_associate_25",
        what: "serialize BatchAssociateUserStack, 25 associations",
        generated: "request_unvalidated",
        baseline: "serde_json::to_vec",
    },
    Row {
        group: "ser_start_user_access_tasks",
        what: "serialize StartUserAccessTasks",
        generated: "request_unvalidated",
        baseline: "serde_json::to_vec",
    },
    Row {
        group: "validate_batch_associate_25",
        what: "validate BatchAssociateUserStack, 25 associations",
        generated: "Validate::validate",
        baseline: "hand-written, regress",
    },
    Row {
        group: "validate_start_user_access_tasks",
        what: "validate StartUserAccessTasks",
        generated: "Validate::validate",
        baseline: "hand-written, regress",
    },
    Row {
        group: "request_batch_associate_25",
        what: "validate + serialize BatchAssociateUserStack, 25",
        generated: "request",
        baseline: "serde_json::to_vec (no checks)",
    },
    Row {
        group: "request_start_user_access_tasks",
        what: "validate + serialize StartUserAccessTasks",
        generated: "request",
        baseline: "serde_json::to_vec (no checks)",
    },
    Row {
        group: "parse_batch_get_50",
        what: "parse BatchGetUserAccessTasks response, 50 results",
        generated: "parse_response",
        baseline: "serde_json::from_slice",
    },
];

const GENERATED: &str = "generated";
const BASELINE: &str = "serde_derive";

fn pair<M: criterion::measurement::Measurement>(
    group: &mut BenchmarkGroup<'_, M>,
    mut generated: impl FnMut(),
    mut baseline: impl FnMut(),
) {
    group.bench_function(GENERATED, |b| b.iter(&mut generated));
    group.bench_function(BASELINE, |b| b.iter(&mut baseline));
}

fn benches(c: &mut Criterion) {
    let associate = generated_associate();
    let associate_serde = baseline_associate();
    let associate_checks = baseline::AssociateChecks::new();
    let associate_target = "PhotonAdminProxyService.BatchAssociateUserStack";
    let associate_baseline = |input: &baseline::BatchAssociateUserStackRequest| {
        baseline::aws_json_request(associate_target, serde_json::to_vec(input).expect("serializable"))
    };
    let start = generated_start();
    let start_serde = baseline_start();
    let start_checks = baseline::StartChecks::new();
    let start_baseline = |input: &baseline::StartUserAccessTasksRequest| {
        baseline::rest_json_request("/useraccess/start", serde_json::to_vec(input).expect("serializable"))
    };
    let results_serde = baseline_results();
    let response = HttpResponse::new(200, vec![], serde_json::to_vec(&results_serde).expect("serializable"));
    let parse_baseline = |response: &HttpResponse| {
        assert!((200..300).contains(&response.status));
        serde_json::from_slice::<baseline::BatchGetUserAccessTasksResponse>(&response.body)
    };

    // Same work on both sides, and valid inputs (so validation walks everything).
    let associate_request = BatchAssociateUserStack::request(&associate).expect("valid input");
    check_same_request(&associate_request, &associate_baseline(&associate_serde));
    let start_request = StartUserAccessTasks::request(&start).expect("valid input");
    check_same_request(&start_request, &start_baseline(&start_serde));
    assert!(associate_checks.check(&associate_serde).is_ok());
    assert!(start_checks.check(&start_serde).is_ok());
    let parsed = BatchGetUserAccessTasks::parse_response(&response).expect("a valid response");
    check_same_results(&parsed, &parse_baseline(&response).expect("a valid response"));
    assert_eq!(results_serde, parse_baseline(&response).expect("a valid response"));

    let mut g = c.benchmark_group("ser_batch_associate_25");
    g.throughput(Throughput::Bytes(associate_request.body.len() as u64));
    pair(
        &mut g,
        || {
            black_box(BatchAssociateUserStack::request_unvalidated(black_box(&associate)).ok());
        },
        || {
            black_box(associate_baseline(black_box(&associate_serde)));
        },
    );
    g.finish();

    let mut g = c.benchmark_group("ser_start_user_access_tasks");
    g.throughput(Throughput::Bytes(start_request.body.len() as u64));
    pair(
        &mut g,
        || {
            black_box(StartUserAccessTasks::request_unvalidated(black_box(&start)).ok());
        },
        || {
            black_box(start_baseline(black_box(&start_serde)));
        },
    );
    g.finish();

    let mut g = c.benchmark_group("validate_batch_associate_25");
    pair(
        &mut g,
        || {
            black_box(Validate::validate(black_box(&associate)).is_ok());
        },
        || {
            black_box(associate_checks.check(black_box(&associate_serde)).is_ok());
        },
    );
    g.finish();

    let mut g = c.benchmark_group("validate_start_user_access_tasks");
    pair(
        &mut g,
        || {
            black_box(Validate::validate(black_box(&start)).is_ok());
        },
        || {
            black_box(start_checks.check(black_box(&start_serde)).is_ok());
        },
    );
    g.finish();

    let mut g = c.benchmark_group("request_batch_associate_25");
    g.throughput(Throughput::Bytes(associate_request.body.len() as u64));
    pair(
        &mut g,
        || {
            black_box(BatchAssociateUserStack::request(black_box(&associate)).ok());
        },
        || {
            black_box(associate_baseline(black_box(&associate_serde)));
        },
    );
    g.finish();

    let mut g = c.benchmark_group("request_start_user_access_tasks");
    g.throughput(Throughput::Bytes(start_request.body.len() as u64));
    pair(
        &mut g,
        || {
            black_box(StartUserAccessTasks::request(black_box(&start)).ok());
        },
        || {
            black_box(start_baseline(black_box(&start_serde)));
        },
    );
    g.finish();

    let mut g = c.benchmark_group("parse_batch_get_50");
    g.throughput(Throughput::Bytes(response.body.len() as u64));
    pair(
        &mut g,
        || {
            black_box(BatchGetUserAccessTasks::parse_response(black_box(&response)).ok());
        },
        || {
            black_box(parse_baseline(black_box(&response)).ok());
        },
    );
    g.finish();

    println!(
        "\nbody sizes: BatchAssociateUserStack {} B, StartUserAccessTasks {} B, BatchGetUserAccessTasks response {} B",
        associate_request.body.len(),
        start_request.body.len(),
        response.body.len()
    );
}

// ---------------------------------------------------------------------------------------------
// The closing table, from criterion's own estimates of this run
// ---------------------------------------------------------------------------------------------

/// Criterion's folder: `target/criterion` beside the bench executable's `target/<profile>/deps`.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let exe = std::env::current_exe().unwrap_or_default();
    exe.ancestors().nth(3).map(|target| target.join("criterion")).unwrap_or_else(|| "target/criterion".into())
}

/// The median (ns) and its 95% interval from `estimates.json`, if written since `since`.
fn median(dir: &std::path::Path, group: &str, side: &str, since: SystemTime) -> Option<(f64, f64, f64)> {
    let path = dir.join(group).join(side).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if modified < since {
        return None;
    }
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let m = estimates.get("median")?;
    let point = m.get("point_estimate")?.as_f64()?;
    let low = m.pointer("/confidence_interval/lower_bound")?.as_f64()?;
    let high = m.pointer("/confidence_interval/upper_bound")?.as_f64()?;
    Some((point, low, high))
}

fn show(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

fn summary(since: SystemTime) {
    let dir = criterion_dir();
    println!("\nwire speed, medians of this run (criterion, {}):\n", dir.display());
    println!("| benchmark | generated | baseline | generated / baseline |");
    println!("| --- | --- | --- | --- |");
    let mut shown = 0;
    for row in ROWS {
        let (Some(ours), Some(theirs)) =
            (median(&dir, row.group, GENERATED, since), median(&dir, row.group, BASELINE, since))
        else {
            continue;
        };
        shown += 1;
        println!(
            "| {} | {} ({}) | {} ({}) | {:.2}x |",
            row.what,
            show(ours.0),
            row.generated,
            show(theirs.0),
            row.baseline,
            ours.0 / theirs.0
        );
    }
    if shown == 0 {
        println!("(no estimates written by this run: filtered out, or `--test` mode)");
    } else {
        println!("\nratio < 1: the generated code is faster than the serde derive baseline.");
    }
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default().output_directory(&criterion_dir()).configure_from_args();
    benches(&mut c);
    c.final_summary();
    summary(since);
}
