//! boto3 (from the package registry, in a virtual environment this test creates) calls the
//! example AppFabric server (restJson1) over loopback: StartUserAccessTasks answers 201 with
//! task ids that BatchGetUserAccessTasks then finds, an unknown app bundle is
//! ResourceNotFoundException (404), invalid input gets AppFabric's own ValidationException
//! (which boto3 parses, reason and field list), a wrong secret is refused, and refused requests
//! change nothing the service holds.

mod common;

use std::time::Duration;

use serde_json::Value;

const SCRIPT: &str = r#"
import json, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key_id, secret, bundle_arn, bundle_id = sys.argv[1:6]
config = Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False)

def client(secret=secret):
    c = boto3.client("appfabric", region_name="us-east-1", endpoint_url=endpoint,
                     aws_access_key_id=key_id, aws_secret_access_key=secret, config=config)
    bodies = []
    c.meta.events.register("after-call.appfabric.*", lambda http_response, **kw: bodies.append(http_response.content))
    return c, bodies

def out(step, value):
    print(json.dumps({"step": step, "value": value}), flush=True)

def call(step, c, bodies, operation, **params):
    try:
        response = getattr(c, operation)(**params)
        status = response.pop("ResponseMetadata")["HTTPStatusCode"]
        out(step, {"ok": response, "status": status})
        return response
    except ClientError as e:
        body = json.loads(bodies[-1]) if bodies and bodies[-1] else None
        parsed = {k: v for k, v in e.response.items() if k not in ("Error", "ResponseMetadata")}
        out(step, {"error": e.response["Error"]["Code"], "message": e.response["Error"].get("Message"),
                   "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "body": body, "parsed": parsed})

good, bodies = client()
started = call("start", good, bodies, "start_user_access_tasks", appBundleIdentifier=bundle_arn, email="jane@example.com")
ids = [t["taskId"] for t in started["userAccessTasksList"]]
call("get", good, bodies, "batch_get_user_access_tasks", appBundleIdentifier=bundle_id,
     taskIdList=ids + ["00000000-0000-0000-0000-000000000000"])
call("unknown-bundle", good, bodies, "start_user_access_tasks",
     appBundleIdentifier="arn:aws:appfabric:us-east-1:123456789012:appbundle/ffffffff-0000-0000-0000-000000000000",
     email="jane@example.com")
call("invalid", good, bodies, "start_user_access_tasks", appBundleIdentifier="not-an-arn", email="jane at example")
call("invalid-list", good, bodies, "batch_get_user_access_tasks", appBundleIdentifier=bundle_arn, taskIdList=[])
wrong, wrong_bodies = client(secret="not-the-secret")
call("wrong-secret", wrong, wrong_bodies, "start_user_access_tasks", appBundleIdentifier=bundle_arn, email="jane@example.com")
"#;

#[test]
fn boto3_calls_the_appfabric_example() {
    let Some(python) = common::python_with_boto3() else { return };
    let server = common::start_appfabric();
    let endpoint = format!("http://{}", server.address);
    let output = common::run_python(
        &python,
        SCRIPT,
        &[
            endpoint,
            common::KEY_ID.to_owned(),
            common::SECRET.to_owned(),
            common::APP_BUNDLE_ARN.to_owned(),
            common::APP_BUNDLE_ID.to_owned(),
        ],
        Duration::from_secs(120),
    );
    let steps: Vec<Value> = output.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let step = |name: &str| -> &Value {
        &steps.iter().find(|s| s["step"] == name).unwrap_or_else(|| panic!("no step {name}: {output}"))
            ["value"]
    };

    // StartUserAccessTasks: "If the action is successful, the service sends back an HTTP 201
    // response", one task per app authorization of the bundle, each with its id.
    let start = step("start");
    assert_eq!(start["status"], 201, "{start}");
    let tasks = start["ok"]["userAccessTasksList"].as_array().expect("userAccessTasksList");
    let mut apps: Vec<(&str, &str)> =
        tasks.iter().map(|t| (t["app"].as_str().unwrap(), t["tenantId"].as_str().unwrap())).collect();
    apps.sort();
    assert_eq!(apps, [("OKTA", "okta-1"), ("SLACK", "T01")]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["taskId"].as_str().unwrap()).collect();
    assert!(ids.iter().all(|id| id.len() == 36), "{ids:?}");

    // BatchGetUserAccessTasks (by the bundle's UUID) finds them: Slack knows Jane, Okta does
    // not; a task id the service never gave out is reported as not found.
    let get = step("get");
    assert_eq!(get["status"], 200, "{get}");
    let results = get["ok"]["userAccessResultsList"].as_array().expect("userAccessResultsList");
    assert_eq!(results.len(), 3, "{get}");
    let by_id =
        |id: &str| results.iter().find(|r| r["taskId"] == id).unwrap_or_else(|| panic!("{id}: {get}"));
    for (task, id) in tasks.iter().zip(&ids) {
        let result = by_id(id);
        assert_eq!(result["app"], task["app"]);
        assert_eq!(result["email"], "jane@example.com");
        match task["app"].as_str().unwrap() {
            "SLACK" => {
                assert_eq!(result["resultStatus"], "COMPLETED", "{result}");
                assert_eq!(result["userId"], "U0123");
                assert_eq!(result["userFullName"], "Jane Doe");
            }
            _ => {
                assert_eq!(result["resultStatus"], "FAILED", "{result}");
                assert!(result["taskError"]["errorCode"].is_string(), "{result}");
            }
        }
    }
    assert_eq!(by_id("00000000-0000-0000-0000-000000000000")["resultStatus"], "FAILED");

    // An unknown app bundle: ResourceNotFoundException, 404, with the resource named.
    let unknown = step("unknown-bundle");
    assert_eq!(
        (unknown["error"].as_str(), unknown["status"].as_u64()),
        (Some("ResourceNotFoundException"), Some(404)),
        "{unknown}"
    );
    assert_eq!(unknown["parsed"]["resourceType"], "AppBundle", "{unknown}");

    // Invalid input is answered as AppFabric's own ValidationException (its model has one):
    // reason `fieldValidationFailed` and a field list naming each field, which boto3 parses.
    let invalid = step("invalid");
    assert_eq!(
        (invalid["error"].as_str(), invalid["status"].as_u64()),
        (Some("ValidationException"), Some(400))
    );
    assert_eq!(invalid["parsed"]["reason"], "fieldValidationFailed", "{invalid}");
    let fields = invalid["parsed"]["fieldList"].as_array().expect("boto3 parsed the field list");
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["/appBundleIdentifier", "/email"], "{invalid}");
    assert!(fields
        .iter()
        .all(|f| f["message"].as_str().is_some_and(|m| m.contains("regular expression pattern"))));
    assert!(invalid["message"].as_str().unwrap().starts_with("2 validation errors detected. "), "{invalid}");
    let invalid_list = step("invalid-list");
    assert_eq!(invalid_list["parsed"]["fieldList"][0]["name"], "/taskIdList", "{invalid_list}");

    let wrong = step("wrong-secret");
    assert_eq!(
        (wrong["error"].as_str(), wrong["status"].as_u64()),
        (Some("InvalidSignatureException"), Some(403))
    );

    // Only the two tasks of the one successful start exist.
    let held = server.service.tasks();
    let mut held_ids: Vec<&str> = held.keys().map(String::as_str).collect();
    held_ids.sort();
    let mut started_ids = ids.clone();
    started_ids.sort();
    assert_eq!(held_ids, started_ids);
}
