//! Endpoint resolution (feature `endpoints`): the Smithy rules language
//! (`smithy.rules#endpointRuleSet`) interpreted over the rule set the generator embeds as JSON,
//! with its standard library and the AWS functions (`aws.partition`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`). One interpreter for every service keeps generated crates
//! small; a rule set is parsed once, on first use.
//!
//! Evaluation follows the specification: rules in order; a rule applies when each of its
//! conditions gives a value that is set and not `false` (a condition with `assign` binds that
//! value for the rest of the rule); an endpoint rule gives the endpoint, an error rule the
//! error, a tree rule the result of its own rules (and an error when none of them applies).

mod partitions;
mod stdlib;

pub use stdlib::partitions_source;

use std::collections::BTreeMap;

use aws_smithy_types::{Document, Number};

/// A value of the rules language.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
    Record(BTreeMap<String, Value>),
}

/// What resolution gives: the URL, headers to add, and the endpoint's properties (such as
/// `authSchemes`).
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: String,
    pub headers: BTreeMap<String, Vec<String>>,
    pub properties: BTreeMap<String, Value>,
}

/// Why no endpoint: the rule set's own error message (an error rule, such as "Invalid
/// Configuration: FIPS and custom endpoint are not supported"), or a problem with the rule
/// set or the parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError(pub String);

impl std::fmt::Display for EndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EndpointError {}

/// A parsed rule set: its parameters (name → declaration) and rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    parameters: Vec<Parameter>,
    rules: Vec<Document>,
}

#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    required: bool,
    default: Option<Value>,
    /// `String`, `Boolean` or `stringArray` (as the rule set spells it, lowercased).
    kind: String,
    /// `AWS::Region`, `SDK::Endpoint`, ...: the value a client's configuration gives it.
    builtin: Option<String>,
}

impl RuleSet {
    /// Parses the JSON of an `endpointRuleSet` trait.
    pub fn parse(json: &str) -> Result<RuleSet, EndpointError> {
        let mut reader = crate::json_read::JsonReader::new(json.as_bytes());
        let document =
            reader.document().map_err(|e| EndpointError(format!("the rule set is not JSON: {e}")))?;
        let Document::Object(mut root) = document else {
            return Err(EndpointError("the rule set is not an object".into()));
        };
        let mut parameters = Vec::new();
        if let Some(Document::Object(declared)) = root.remove("parameters") {
            for (name, declaration) in declared {
                let Document::Object(fields) = declaration else {
                    return Err(EndpointError(format!("parameter `{name}` is not an object")));
                };
                parameters.push(Parameter {
                    required: matches!(fields.get("required"), Some(Document::Bool(true))),
                    default: fields.get("default").filter(|d| !matches!(d, Document::Null)).map(literal),
                    kind: match fields.get("type") {
                        Some(Document::String(kind)) => kind.to_ascii_lowercase(),
                        _ => "string".into(),
                    },
                    builtin: match fields.get("builtIn") {
                        Some(Document::String(builtin)) => Some(builtin.clone()),
                        _ => None,
                    },
                    name,
                });
            }
        }
        parameters.sort_by(|a, b| a.name.cmp(&b.name));
        let rules = match root.remove("rules") {
            Some(Document::Array(rules)) => rules,
            _ => return Err(EndpointError("the rule set has no `rules` list".into())),
        };
        Ok(RuleSet { parameters, rules })
    }

    /// The parameters that take built-in values (`AWS::Region`, `AWS::UseFIPS`,
    /// `SDK::Endpoint`, ...), by this rule set's names for them, from the values given.
    pub fn builtin_params(&self, builtins: &BTreeMap<&str, Value>) -> BTreeMap<String, Value> {
        self.parameters
            .iter()
            .filter_map(|p| {
                let value = builtins.get(p.builtin.as_deref()?)?;
                Some((p.name.clone(), value.clone()))
            })
            .collect()
    }

    /// The endpoint for these parameters (by the rule set's names: `Region`, `UseFIPS`,
    /// `Endpoint`, ...). Parameters left out take their defaults.
    pub fn resolve(&self, params: &BTreeMap<String, Value>) -> Result<Endpoint, EndpointError> {
        let mut scope = Scope::default();
        for parameter in &self.parameters {
            let value = params.get(&parameter.name).cloned().or_else(|| parameter.default.clone());
            match (&value, parameter.kind.as_str()) {
                (None, _) if parameter.required => {
                    return Err(EndpointError(format!(
                        "a required parameter is missing: {}",
                        parameter.name
                    )));
                }
                (Some(Value::Bool(_)), "boolean")
                | (Some(Value::String(_)), "string")
                | (Some(Value::Array(_)), "stringarray")
                | (None, _) => {}
                (Some(other), kind) => {
                    return Err(EndpointError(format!(
                        "parameter {} must be a {kind}, not {other:?}",
                        parameter.name
                    )));
                }
            }
            if let Some(value) = value {
                scope.bind(&parameter.name, value);
            }
        }
        for name in params.keys() {
            if !self.parameters.iter().any(|p| &p.name == name) {
                return Err(EndpointError(format!("the rule set has no parameter {name}")));
            }
        }
        match evaluate_rules(&self.rules, &scope, 0)? {
            Some(Outcome::Endpoint(endpoint)) => Ok(endpoint),
            Some(Outcome::Error(message)) => Err(EndpointError(message)),
            None => Err(EndpointError("no endpoint rule applies to these parameters".into())),
        }
    }
}

/// Names bound so far: parameters, then what conditions assign.
#[derive(Debug, Clone, Default)]
struct Scope(Vec<(String, Value)>);

impl Scope {
    fn bind(&mut self, name: &str, value: Value) {
        self.0.push((name.to_owned(), value));
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

enum Outcome {
    Endpoint(Endpoint),
    Error(String),
}

/// Rule sets nest trees; a hostile one cannot exhaust the stack.
const MAX_TREE_DEPTH: usize = 64;

fn evaluate_rules(rules: &[Document], scope: &Scope, depth: usize) -> Result<Option<Outcome>, EndpointError> {
    if depth > MAX_TREE_DEPTH {
        return Err(EndpointError("the rule set nests too deep".into()));
    }
    for rule in rules {
        let Document::Object(rule) = rule else {
            return Err(EndpointError("a rule is not an object".into()));
        };
        let mut scope = scope.clone();
        if !conditions_hold(rule.get("conditions"), &mut scope)? {
            continue;
        }
        let kind = match rule.get("type") {
            Some(Document::String(kind)) => kind.as_str(),
            _ => return Err(EndpointError("a rule has no `type`".into())),
        };
        return match kind {
            "endpoint" => {
                let Some(Document::Object(endpoint)) = rule.get("endpoint") else {
                    return Err(EndpointError("an endpoint rule has no `endpoint`".into()));
                };
                endpoint_of(endpoint, &scope).map(|e| Some(Outcome::Endpoint(e)))
            }
            "error" => {
                let message =
                    rule.get("error").ok_or_else(|| EndpointError("an error rule has no `error`".into()))?;
                match expression(message, &scope)? {
                    Some(Value::String(message)) => Ok(Some(Outcome::Error(message))),
                    other => Err(EndpointError(format!("an error rule's message is {other:?}"))),
                }
            }
            "tree" => {
                let Some(Document::Array(rules)) = rule.get("rules") else {
                    return Err(EndpointError("a tree rule has no `rules`".into()));
                };
                match evaluate_rules(rules, &scope, depth + 1)? {
                    Some(outcome) => Ok(Some(outcome)),
                    // A tree whose conditions held is where resolution ends.
                    None => {
                        Err(EndpointError("no rule of a matching tree applies to these parameters".into()))
                    }
                }
            }
            other => Err(EndpointError(format!("unknown rule type `{other}`"))),
        };
    }
    Ok(None)
}

fn conditions_hold(conditions: Option<&Document>, scope: &mut Scope) -> Result<bool, EndpointError> {
    let Some(Document::Array(conditions)) = conditions else { return Ok(true) };
    for condition in conditions {
        let value = expression(condition, scope)?;
        let holds = !matches!(value, None | Some(Value::Bool(false)));
        if !holds {
            return Ok(false);
        }
        if let (Document::Object(fields), Some(value)) = (condition, value) {
            if let Some(Document::String(name)) = fields.get("assign") {
                scope.bind(name, value);
            }
        }
    }
    Ok(true)
}

fn endpoint_of(
    endpoint: &std::collections::HashMap<String, Document>,
    scope: &Scope,
) -> Result<Endpoint, EndpointError> {
    let url = match endpoint.get("url").map(|u| expression(u, scope)).transpose()?.flatten() {
        Some(Value::String(url)) => url,
        other => return Err(EndpointError(format!("an endpoint's url is {other:?}"))),
    };
    let mut headers = BTreeMap::new();
    if let Some(Document::Object(declared)) = endpoint.get("headers") {
        for (name, values) in declared {
            let Document::Array(values) = values else {
                return Err(EndpointError(format!("header `{name}` is not a list")));
            };
            let mut texts = Vec::new();
            for value in values {
                match expression(value, scope)? {
                    Some(Value::String(text)) => texts.push(text),
                    other => return Err(EndpointError(format!("header `{name}` has the value {other:?}"))),
                }
            }
            headers.insert(name.clone(), texts);
        }
    }
    let mut properties = BTreeMap::new();
    if let Some(Document::Object(declared)) = endpoint.get("properties") {
        for (name, value) in declared {
            if let Some(value) = property(value, scope)? {
                properties.insert(name.clone(), value);
            }
        }
    }
    Ok(Endpoint { url, headers, properties })
}

/// A property value: objects and lists as they are, with their strings' templates filled in.
fn property(document: &Document, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    Ok(match document {
        Document::Object(fields) if !fields.contains_key("fn") && !fields.contains_key("ref") => {
            let mut record = BTreeMap::new();
            for (name, value) in fields {
                if let Some(value) = property(value, scope)? {
                    record.insert(name.clone(), value);
                }
            }
            Some(Value::Record(record))
        }
        Document::Array(items) => {
            let mut values = Vec::new();
            for item in items {
                values.extend(property(item, scope)?);
            }
            Some(Value::Array(values))
        }
        other => expression(other, scope)?,
    })
}

/// An expression: a template string, a literal, a `ref`, or a function call. `None` is the
/// language's unset value.
fn expression(document: &Document, scope: &Scope) -> Result<Option<Value>, EndpointError> {
    Ok(match document {
        Document::String(template) => Some(Value::String(fill_template(template, scope)?)),
        Document::Bool(b) => Some(Value::Bool(*b)),
        Document::Number(_) => Some(literal(document)),
        Document::Array(items) => {
            let mut values = Vec::new();
            for item in items {
                values.extend(expression(item, scope)?);
            }
            Some(Value::Array(values))
        }
        Document::Object(fields) => {
            if let Some(Document::String(name)) = fields.get("ref") {
                return Ok(scope.get(name).cloned());
            }
            let Some(Document::String(function)) = fields.get("fn") else {
                return Err(EndpointError("an expression object is neither `ref` nor `fn`".into()));
            };
            let argv = match fields.get("argv") {
                Some(Document::Array(argv)) => argv.as_slice(),
                _ => &[],
            };
            let mut args = Vec::with_capacity(argv.len());
            for arg in argv {
                args.push(expression(arg, scope)?);
            }
            stdlib::call(function, args)?
        }
        Document::Null => None,
    })
}

/// `{Name}` and `{Name#path}` filled in from the scope; `{{` and `}}` stand for braces.
fn fill_template(template: &str, scope: &Scope) -> Result<String, EndpointError> {
    if !template.contains(['{', '}']) {
        return Ok(template.to_owned());
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(inner) = tail.strip_prefix('{') {
            let end =
                inner.find('}').ok_or_else(|| EndpointError(format!("unclosed `{{` in `{template}`")))?;
            let reference = &inner[..end];
            let (name, path) = reference.split_once('#').map_or((reference, None), |(n, p)| (n, Some(p)));
            let value = scope.get(name).cloned();
            let value = match path {
                Some(path) => value.and_then(|v| stdlib::get_attr(&v, path)),
                None => value,
            };
            match value {
                Some(Value::String(text)) => out.push_str(&text),
                other => {
                    return Err(EndpointError(format!("`{{{reference}}}` in `{template}` is {other:?}")))
                }
            }
            rest = &inner[end + 1..];
        } else {
            // A lone `}` stands for itself.
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A JSON value as a rules value (defaults, numbers).
fn literal(document: &Document) -> Value {
    match document {
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(n)) => Value::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
        Document::Number(Number::NegInt(n)) => Value::Int(*n),
        Document::Number(Number::Float(f)) => Value::Int(*f as i64),
        Document::Array(items) => Value::Array(items.iter().map(literal).collect()),
        Document::Object(fields) => {
            Value::Record(fields.iter().map(|(k, v)| (k.clone(), literal(v))).collect())
        }
        Document::Null => Value::Array(Vec::new()),
    }
}

#[cfg(test)]
mod tests;
