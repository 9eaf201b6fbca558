//! `cargo xtask endpoint-tests DIR`: every case of every model's `smithy.rules#endpointTests`
//! in DIR, run through the endpoint resolver generated clients use (the runtime's rules
//! interpreter, over the rule set JSON the generator embeds): expected URLs, headers and
//! properties, and expected errors alike. One `FAIL model case: why` line per failure and a
//! summary `endpoint tests: N/M`, M being every case in the folder.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use smithy_lite_runtime::endpoint::{RuleSet, Value};

pub fn run(dir: &Path) -> Result<(), String> {
    let models = crate::model_files(dir)?;
    let (mut passed, mut total) = (0usize, 0usize);
    for path in &models {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let model = codegen::load_model(path).map_err(|e| e.to_string())?;
        for service in
            model.shapes.values().filter(|s| matches!(s.kind, codegen::model::ShapeKind::Service(_)))
        {
            let Some(tests) = service.trait_value("smithy.rules#endpointTests") else { continue };
            let cases = tests.get("testCases").and_then(Json::as_array).cloned().unwrap_or_default();
            total += cases.len();
            let rules = codegen::endpoint_rule_set(&model, &service.id)
                .ok_or_else(|| format!("{name}: endpoint tests without a rule set"))
                .and_then(|json| RuleSet::parse(&json).map_err(|e| format!("{name}: {e}")));
            let rules = match rules {
                Ok(rules) => rules,
                Err(why) => {
                    println!("FAIL {name} (all {} cases): {why}", cases.len());
                    continue;
                }
            };
            for (index, case) in cases.iter().enumerate() {
                let doc = case
                    .get("documentation")
                    .and_then(Json::as_str)
                    .map_or_else(|| format!("case {index}"), str::to_owned);
                match check(&rules, case) {
                    Ok(()) => passed += 1,
                    Err(why) => println!("FAIL {name} {doc}: {why}"),
                }
            }
        }
    }
    println!("endpoint tests: {passed}/{total}");
    if passed == total {
        Ok(())
    } else {
        Err(format!("{} endpoint test cases failed", total - passed))
    }
}

fn check(rules: &RuleSet, case: &Json) -> Result<(), String> {
    let mut params = BTreeMap::new();
    for (name, value) in case.get("params").and_then(Json::as_object).into_iter().flatten() {
        params.insert(name.clone(), value_of(value).ok_or_else(|| format!("parameter {name} is {value}"))?);
    }
    let expect = case.get("expect").ok_or("the case has no `expect`")?;
    let resolved = rules.resolve(&params);
    if let Some(message) = expect.get("error").and_then(Json::as_str) {
        return match resolved {
            Err(e) if e.0 == message => Ok(()),
            Err(e) => Err(format!("expected the error {message:?}, got the error {:?}", e.0)),
            Ok(endpoint) => Err(format!("expected the error {message:?}, got {}", endpoint.url)),
        };
    }
    let expected = expect.get("endpoint").ok_or("`expect` has neither `endpoint` nor `error`")?;
    let endpoint = resolved.map_err(|e| format!("expected an endpoint, got the error {:?}", e.0))?;
    let url = expected.get("url").and_then(Json::as_str).unwrap_or_default();
    if endpoint.url != url {
        return Err(format!("url: expected {url}, got {}", endpoint.url));
    }
    let headers: BTreeMap<String, Vec<String>> = expected
        .get("headers")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let values =
                v.as_array().into_iter().flatten().filter_map(Json::as_str).map(str::to_owned).collect();
            (k.clone(), values)
        })
        .collect();
    if endpoint.headers != headers {
        return Err(format!("headers: expected {headers:?}, got {:?}", endpoint.headers));
    }
    let properties = expected.get("properties").cloned().unwrap_or_else(|| Json::Object(Default::default()));
    let got = Json::Object(endpoint.properties.iter().map(|(k, v)| (k.clone(), json_of(v))).collect());
    if got != properties {
        return Err(format!("properties: expected {properties}, got {got}"));
    }
    Ok(())
}

fn value_of(json: &Json) -> Option<Value> {
    Some(match json {
        Json::String(s) => Value::String(s.clone()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64()?),
        Json::Array(items) => Value::Array(items.iter().map(value_of).collect::<Option<_>>()?),
        Json::Object(fields) => {
            Value::Record(fields.iter().map(|(k, v)| Some((k.clone(), value_of(v)?))).collect::<Option<_>>()?)
        }
        Json::Null => return None,
    })
}

fn json_of(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) => Json::from(*n),
        Value::Array(items) => Json::Array(items.iter().map(json_of).collect()),
        Value::Record(fields) => Json::Object(fields.iter().map(|(k, v)| (k.clone(), json_of(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    /// The project's own models (`models/`, copies of AppFabric and AppStream as AWS publishes
    /// them) pass every endpoint test case they carry.
    #[test]
    fn the_project_models_endpoint_tests_pass() {
        super::run(&crate::workspace_root().join("models")).unwrap();
    }
}
