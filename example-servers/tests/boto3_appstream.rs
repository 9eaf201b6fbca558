//! A real client nobody here wrote, boto3 (from the package registry, in a virtual environment
//! this test creates), calls the example AppStream server over loopback: the seed operations
//! succeed with what AWS documents, invalid input gets a ValidationException with its field
//! list, a wrong secret and an unsigned request are refused, and refused requests change
//! nothing the service holds.

mod common;

use std::time::Duration;

use serde_json::Value;

const SCRIPT: &str = r#"
import json, sys
import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key_id, secret = sys.argv[1], sys.argv[2], sys.argv[3]
config = Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False)

def client(secret=secret, signed=True):
    extra = {} if signed else {"config": config.merge(Config(signature_version=UNSIGNED))}
    c = boto3.client("appstream", region_name="us-east-1", endpoint_url=endpoint,
                     aws_access_key_id=key_id, aws_secret_access_key=secret,
                     **({"config": config} if signed else extra))
    bodies = []
    c.meta.events.register("after-call.appstream.*", lambda http_response, **kw: bodies.append(http_response.content))
    return c, bodies

def out(step, value):
    print(json.dumps({"step": step, "value": value}), flush=True)

def call(step, c, bodies, operation, associations):
    try:
        response = getattr(c, operation)(UserStackAssociations=associations)
        response.pop("ResponseMetadata", None)
        out(step, {"ok": response})
    except ClientError as e:
        body = json.loads(bodies[-1]) if bodies and bodies[-1] else None
        out(step, {"error": e.response["Error"]["Code"], "message": e.response["Error"].get("Message"),
                   "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "body": body})

def assoc(stack, user):
    return {"StackName": stack, "UserName": user, "AuthenticationType": "USERPOOL"}

good, bodies = client()
call("associate", good, bodies, "batch_associate_user_stack",
     [assoc("Example-Stack", "jane@example.com"), assoc("Missing-Stack", "jane@example.com"),
      assoc("Other-Stack", "nobody@example.com")])
call("associate-other", good, bodies, "batch_associate_user_stack", [assoc("Other-Stack", "jane@example.com")])
call("disassociate", good, bodies, "batch_disassociate_user_stack", [assoc("Other-Stack", "jane@example.com")])
call("invalid", good, bodies, "batch_associate_user_stack", [])
call("invalid-member", good, bodies, "batch_associate_user_stack",
     [{"StackName": "", "UserName": "jane@example.com", "AuthenticationType": "USERPOOL"}])
wrong, wrong_bodies = client(secret="not-the-secret")
call("wrong-secret", wrong, wrong_bodies, "batch_disassociate_user_stack", [assoc("Example-Stack", "jane@example.com")])
unsigned, unsigned_bodies = client(signed=False)
call("unsigned", unsigned, unsigned_bodies, "batch_disassociate_user_stack", [assoc("Example-Stack", "jane@example.com")])
"#;

#[test]
fn boto3_calls_the_appstream_example() {
    let Some(python) = common::python_with_boto3() else { return };
    let server = common::start_appstream();
    let endpoint = format!("http://{}", server.address);
    let output = common::run_python(
        &python,
        SCRIPT,
        &[endpoint, common::KEY_ID.to_owned(), common::SECRET.to_owned()],
        Duration::from_secs(120),
    );
    let steps: Vec<Value> = output.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let step = |name: &str| -> &Value {
        &steps.iter().find(|s| s["step"] == name).unwrap_or_else(|| panic!("no step {name}: {output}"))
            ["value"]
    };

    // As AWS documents BatchAssociateUserStack: associations that cannot be made are reported
    // in `errors`, with the association, an error code and a message; the call succeeds.
    let errors = step("associate")["ok"]["errors"].as_array().expect("errors");
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e["UserStackAssociation"]["StackName"].as_str().unwrap(), e["ErrorCode"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("Missing-Stack", "STACK_NOT_FOUND"), ("Other-Stack", "USER_NAME_NOT_FOUND")]);
    assert!(errors.iter().all(|e| e["ErrorMessage"].as_str().is_some_and(|m| !m.is_empty())));
    assert_eq!(step("associate-other")["ok"]["errors"], serde_json::json!([]));
    assert_eq!(step("disassociate")["ok"]["errors"], serde_json::json!([]));

    // Constraints the model sets (`@length(min: 1)` on the list and on the stack name) are
    // enforced by the server: boto3 raises ValidationException, and the body carries the
    // field list of `smithy.framework#ValidationException`.
    for (name, path) in
        [("invalid", "/UserStackAssociations"), ("invalid-member", "/UserStackAssociations/0/StackName")]
    {
        let invalid = step(name);
        assert_eq!(invalid["error"], "ValidationException", "{name}: {invalid}");
        assert_eq!(invalid["status"], 400);
        let fields = invalid["body"]["fieldList"].as_array().expect("fieldList");
        assert_eq!(fields.len(), 1, "{invalid}");
        assert_eq!(fields[0]["path"], path);
        let message = fields[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!(
                "Value with length 0 at '{path}' failed to satisfy constraint: Member must have length"
            )),
            "{message}"
        );
        assert!(
            invalid["message"].as_str().unwrap().starts_with("1 validation error detected. "),
            "{invalid}"
        );
    }

    // Refused: a wrong secret and an unsigned request get the protocol's 403 errors.
    let wrong = step("wrong-secret");
    assert_eq!(
        (wrong["error"].as_str(), wrong["status"].as_u64()),
        (Some("InvalidSignatureException"), Some(403))
    );
    let unsigned = step("unsigned");
    assert_eq!(
        (unsigned["error"].as_str(), unsigned["status"].as_u64()),
        (Some("MissingAuthenticationTokenException"), Some(403))
    );

    // Nothing the refused requests asked for happened: only the one association made stays.
    assert_eq!(
        server.service.associations(),
        [("Example-Stack".to_owned(), "jane@example.com".to_owned(), "USERPOOL".to_owned())]
    );
}
