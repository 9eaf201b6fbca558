//! The interpreter on small rule sets written for these tests from the rules language's
//! specification (the corpus models' own `endpointTests` run in `cargo xtask endpoint-tests`).

use super::*;

const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
    "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "required": false}
  },
  "rules": [
    {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "rules": [
      {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
       "error": "Invalid Configuration: FIPS and custom endpoint are not supported"},
      {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "Endpoint"}, "properties": {}, "headers": {}}}
    ]},
    {"type": "tree", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}
      ], "rules": [
      {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
       "endpoint": {"url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}",
                    "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}"}]},
                    "headers": {"x-a": ["{{literal}}"]}}},
      {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://svc.{Region}.{PartitionResult#dnsSuffix}"}}
    ]},
    {"type": "error", "conditions": [], "error": "Invalid Configuration: Missing Region"}
  ]
}"#;

fn params(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

#[test]
fn rules_resolve_in_order_with_scopes_templates_and_defaults() {
    let rules = RuleSet::parse(RULES).unwrap();
    let plain = rules.resolve(&params(&[("Region", string("eu-west-1"))])).unwrap();
    assert_eq!(plain.url, "https://svc.eu-west-1.amazonaws.com");
    let fips =
        rules.resolve(&params(&[("Region", string("cn-north-1")), ("UseFIPS", Value::Bool(true))])).unwrap();
    assert_eq!(fips.url, "https://svc-fips.cn-north-1.amazonaws.com.cn");
    assert_eq!(fips.headers["x-a"], ["{literal}"]);
    let scheme = &fips.properties["authSchemes"];
    assert_eq!(stdlib::get_attr(scheme, "[0].signingRegion"), Some(string("cn-north-1")));
    let custom = rules.resolve(&params(&[("Endpoint", string("http://localhost:8080"))])).unwrap();
    assert_eq!(custom.url, "http://localhost:8080");
    assert_eq!(
        rules.resolve(&params(&[("Endpoint", string("http://x")), ("UseFIPS", Value::Bool(true))])),
        Err(EndpointError("Invalid Configuration: FIPS and custom endpoint are not supported".into()))
    );
    assert_eq!(
        rules.resolve(&params(&[])),
        Err(EndpointError("Invalid Configuration: Missing Region".into()))
    );
}

#[test]
fn bad_rule_sets_and_parameters_are_errors_not_panics() {
    assert!(RuleSet::parse("{").is_err());
    assert!(RuleSet::parse(r#"{"parameters": {}}"#).is_err());
    let rules = RuleSet::parse(RULES).unwrap();
    assert!(rules.resolve(&params(&[("Region", Value::Bool(true))])).is_err());
    assert!(rules.resolve(&params(&[("Nope", string("x"))])).is_err());
    let unknown = RuleSet::parse(r#"{"parameters": {}, "rules": [{"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "x"}}]}"#).unwrap();
    assert!(unknown.resolve(&BTreeMap::new()).is_err());
}
