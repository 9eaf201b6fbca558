//! The call loop's parts that need no network: URLs at an endpoint, error codes, settings
//! from the environment. (Calls over loopback are tested in `example-servers/tests/`.)

use super::*;

#[test]
fn requests_go_to_the_endpoint_with_the_host_prefix_path_and_query() {
    let mut request = HttpRequest::new("GET", "/things/a%20b".to_owned());
    request.query.push(("k".into(), "v w".into()));
    request.host_prefix = Some("data-".into());
    let endpoint = Endpoint {
        url: "https://svc.us-east-1.amazonaws.com/".into(),
        headers: [("x-extra".to_owned(), vec!["1".to_owned()])].into(),
        properties: BTreeMap::new(),
    };
    let outgoing = outgoing(&request, &endpoint);
    assert_eq!(outgoing.url, "https://data-svc.us-east-1.amazonaws.com/things/a%20b?k=v%20w");
    assert!(outgoing.headers.contains(&("x-extra".to_owned(), "1".to_owned())));
}

#[test]
fn error_codes_come_from_the_header_or_the_body() {
    let header = HttpResponse::new(
        400,
        vec![("x-amzn-errortype".into(), "ValidationException:http://x".into())],
        "{}",
    );
    assert_eq!(response_error_code(&header).as_deref(), Some("ValidationException"));
    let body =
        HttpResponse::new(400, vec![], r#"{"__type":"com.amazonaws.x#ThrottlingException","message":"m"}"#);
    assert_eq!(response_error_code(&body).as_deref(), Some("ThrottlingException"));
    assert_eq!(response_error_code(&HttpResponse::new(500, vec![], "<html>")), None);
}

#[test]
fn settings_from_the_environment() {
    let env = credentials::Environment {
        vars: [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_ENDPOINT_URL", "http://general"),
            ("AWS_ENDPOINT_URL_APPSTREAM", "http://127.0.0.1:8080"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect(),
        home: None,
    };
    let config = Config::from_environment("AppStream", &env).unwrap().build();
    assert_eq!(config.region.as_deref(), Some("eu-west-1"));
    assert_eq!(config.endpoint_url.as_deref(), Some("http://127.0.0.1:8080"));
    assert!(config.use_fips && !config.use_dual_stack);
    assert_eq!(config.retry.max_attempts, 5);
    assert!(config.credentials.is_some());
    let other = Config::from_environment("AppFabric", &env).unwrap().build();
    assert_eq!(other.endpoint_url.as_deref(), Some("http://general"));
    let mut bad = env.clone();
    bad.vars.insert("AWS_MAX_ATTEMPTS".into(), "zero".into());
    assert!(Config::from_environment("AppStream", &bad).is_err());
}
