//! A client that calls AWS (feature `client`): configuration ([`Config`], from code or from
//! the environment as the SDKs read it), endpoint resolution from the model's rules
//! ([`crate::endpoint`]), SigV4 signing ([`sign`]), the standard retry mode ([`retry`]) and a
//! pluggable HTTP transport ([`transport`]). Generated `Client`s hold a [`ClientCore`] and call
//! [`ClientCore::call`] once per operation.

pub mod credentials;
pub mod retry;
pub mod sign;
pub mod transport;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use crate::endpoint::{Endpoint, EndpointError, RuleSet, Value};
use crate::{HttpRequest, HttpResponse, RequestError};
use retry::{RetryConfig, RetryKind, TokenBucket};
use transport::{OutgoingRequest, Transport, TransportError, TransportErrorKind};

/// Settings of a client: region, credentials, endpoint, retries, timeouts, transport.
#[derive(Clone)]
pub struct Config {
    pub region: Option<String>,
    pub credentials: Option<SharedCredentialsProvider>,
    /// Overrides the endpoint the rules would give (`SDK::Endpoint`; `AWS_ENDPOINT_URL`).
    pub endpoint_url: Option<String>,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    pub retry: RetryConfig,
    /// Each attempt must complete within this.
    pub attempt_timeout: Option<Duration>,
    /// The whole call, retries included, must complete within this.
    pub operation_timeout: Option<Duration>,
    pub connect_timeout: Duration,
    /// `None`: [`transport::HyperTransport`].
    pub transport: Option<Arc<dyn Transport>>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials.as_ref().map(|_| "** provider **"))
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            credentials: None,
            endpoint_url: None,
            use_fips: false,
            use_dual_stack: false,
            retry: RetryConfig::default(),
            attempt_timeout: None,
            operation_timeout: None,
            connect_timeout: Duration::from_secs(3),
            transport: None,
        }
    }
}

impl Config {
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder(Config::default())
    }

    /// What the SDKs read from the environment: `AWS_REGION` / `AWS_DEFAULT_REGION`,
    /// `AWS_PROFILE`, `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, the
    /// shared `~/.aws/config` and `~/.aws/credentials` files (static keys), `AWS_ENDPOINT_URL_<SERVICE>`
    /// (the service's SDK id, upper case, spaces as `_`) then `AWS_ENDPOINT_URL`,
    /// `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and `AWS_MAX_ATTEMPTS`.
    pub fn from_env(sdk_id: &str) -> Result<ConfigBuilder, String> {
        Config::from_environment(sdk_id, &credentials::Environment::from_process())
    }

    /// [`Config::from_env`] over a given environment.
    pub fn from_environment(sdk_id: &str, env: &credentials::Environment) -> Result<ConfigBuilder, String> {
        let var = |name: &str| env.vars.get(name).filter(|v| !v.is_empty()).cloned();
        let flag = |name: &str| var(name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let mut config = Config {
            region: credentials::region_from_environment(env),
            credentials: credentials::from_environment(env)?.map(SharedCredentialsProvider::new),
            use_fips: flag("AWS_USE_FIPS_ENDPOINT"),
            use_dual_stack: flag("AWS_USE_DUALSTACK_ENDPOINT"),
            ..Config::default()
        };
        let service_var =
            format!("AWS_ENDPOINT_URL_{}", sdk_id.to_ascii_uppercase().replace([' ', '-'], "_"));
        config.endpoint_url = var(&service_var).or_else(|| var("AWS_ENDPOINT_URL"));
        if let Some(attempts) = var("AWS_MAX_ATTEMPTS") {
            config.retry.max_attempts =
                attempts.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    format!("AWS_MAX_ATTEMPTS must be a whole number >= 1, not `{attempts}`")
                })?;
        }
        Ok(ConfigBuilder(config))
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder(Config);

impl ConfigBuilder {
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.0.region = Some(region.into());
        self
    }

    /// Any credentials provider, such as aws-config's default chain.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.0.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// No credentials: requests are sent unsigned (for services and local endpoints that
    /// need none).
    pub fn no_credentials(mut self) -> Self {
        self.0.credentials = None;
        self
    }

    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.0.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, on: bool) -> Self {
        self.0.use_fips = on;
        self
    }

    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.0.use_dual_stack = on;
        self
    }

    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.0.retry = retry;
        self
    }

    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.0.attempt_timeout = Some(timeout);
        self
    }

    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.0.operation_timeout = Some(timeout);
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.0.connect_timeout = timeout;
        self
    }

    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.0.transport = Some(Arc::new(transport));
        self
    }

    pub fn build(self) -> Config {
        self.0
    }
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input could not be made into a request (a constraint it breaks, a value the wire
    /// cannot carry).
    Construction(RequestError),
    /// No endpoint: the rules' own error (such as a missing region) or a broken rule set.
    Endpoint(EndpointError),
    /// No credentials, or the provider failed.
    Credentials(String),
    /// No response: the connection failed or timed out, on every attempt allowed.
    Transport { error: TransportError, attempts: u32 },
    /// The call took longer than the operation timeout.
    Timeout(Duration),
    /// The service answered with an error: the operation's error enum, and the response.
    Service { error: E, status: u16, attempts: u32 },
}

impl<E: std::fmt::Debug> std::fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SdkError::Construction(e) => write!(f, "cannot make the request: {e}"),
            SdkError::Endpoint(e) => write!(f, "no endpoint: {e}"),
            SdkError::Credentials(e) => write!(f, "no credentials: {e}"),
            SdkError::Transport { error, attempts } => {
                write!(f, "no response after {attempts} attempt(s): {error}")
            }
            SdkError::Timeout(limit) => write!(f, "the call took longer than {limit:?}"),
            SdkError::Service { error, status, attempts } => {
                write!(f, "the service answered {status} after {attempts} attempt(s): {error:?}")
            }
        }
    }
}

impl<E: std::fmt::Debug> std::error::Error for SdkError<E> {}

impl<E> SdkError<E> {
    /// The operation's error, when the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// What a generated client knows of its service.
#[derive(Debug)]
pub struct ServiceSpec {
    /// The `endpointRuleSet` JSON; `None` when the model has none (the endpoint must then be
    /// configured).
    pub rules_json: Option<&'static str>,
    /// Where the parsed rule set is kept (a `static` of the generated crate).
    pub rules: &'static OnceLock<Result<RuleSet, EndpointError>>,
    /// `aws.auth#sigv4` `name`, when the service signs.
    pub signing_name: Option<&'static str>,
}

/// How one operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    SigV4,
    /// `@optionalAuth`: signed when credentials are configured.
    Optional,
    /// `smithy.api#noAuth` or `@auth([])`.
    None,
}

/// What a generated client knows of one operation.
#[derive(Debug, Clone)]
pub struct OperationSpec {
    pub name: &'static str,
    pub auth: Auth,
    pub unsigned_payload: bool,
    /// Endpoint parameters the operation sets (`staticContextParams`, `contextParams`).
    pub endpoint_params: Vec<(&'static str, Value)>,
}

/// The state a client shares across calls: its configuration, transport and retry quota.
pub struct ClientCore {
    config: Config,
    service: &'static ServiceSpec,
    transport: Arc<dyn Transport>,
    bucket: TokenBucket,
}

impl std::fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore").field("config", &self.config).finish_non_exhaustive()
    }
}

impl ClientCore {
    pub fn new(config: Config, service: &'static ServiceSpec) -> ClientCore {
        let transport = config
            .transport
            .clone()
            .unwrap_or_else(|| Arc::new(transport::HyperTransport::new(config.connect_timeout)));
        ClientCore { config, service, transport, bucket: TokenBucket::new() }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The endpoint for an operation: the rules over the configuration's built-ins and the
    /// operation's parameters.
    pub fn resolve_endpoint(&self, operation: &OperationSpec) -> Result<Endpoint, EndpointError> {
        let Some(json) = self.service.rules_json else {
            return match &self.config.endpoint_url {
                Some(url) => {
                    Ok(Endpoint { url: url.clone(), headers: BTreeMap::new(), properties: BTreeMap::new() })
                }
                None => {
                    Err(EndpointError("the model has no endpoint rules: configure an endpoint_url".into()))
                }
            };
        };
        let rules = self.service.rules.get_or_init(|| RuleSet::parse(json));
        let rules = rules.as_ref().map_err(Clone::clone)?;
        let mut builtins = BTreeMap::new();
        if let Some(region) = &self.config.region {
            builtins.insert("AWS::Region", Value::String(region.clone()));
        }
        builtins.insert("AWS::UseFIPS", Value::Bool(self.config.use_fips));
        builtins.insert("AWS::UseDualStack", Value::Bool(self.config.use_dual_stack));
        if let Some(url) = &self.config.endpoint_url {
            builtins.insert("SDK::Endpoint", Value::String(url.clone()));
        }
        let mut params = rules.builtin_params(&builtins);
        for (name, value) in &operation.endpoint_params {
            params.insert((*name).to_owned(), value.clone());
        }
        rules.resolve(&params)
    }

    /// One call: endpoint, credentials, then attempts (signed each time) until a response
    /// that is not retried, or the retry budget is spent.
    pub async fn call<O, E>(
        &self,
        operation: OperationSpec,
        request: Result<HttpRequest, RequestError>,
        parse: impl Fn(&HttpResponse) -> Result<O, E>,
    ) -> Result<O, SdkError<E>> {
        let attempts = self.attempts(operation, request, parse);
        match self.config.operation_timeout {
            Some(limit) => match tokio::time::timeout(limit, attempts).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::Timeout(limit)),
            },
            None => attempts.await,
        }
    }

    async fn attempts<O, E>(
        &self,
        operation: OperationSpec,
        request: Result<HttpRequest, RequestError>,
        parse: impl Fn(&HttpResponse) -> Result<O, E>,
    ) -> Result<O, SdkError<E>> {
        let request = request.map_err(SdkError::Construction)?;
        let endpoint = self.resolve_endpoint(&operation).map_err(SdkError::Endpoint)?;
        let outgoing = outgoing(&request, &endpoint);
        let scope = self.signing_scope(&endpoint);
        let credentials = match (operation.auth, &self.config.credentials, &scope) {
            (Auth::None, _, _) | (_, _, None) => None,
            (Auth::Optional, None, _) => None,
            (Auth::SigV4, None, Some(_)) => {
                return Err(SdkError::Credentials(
                    "the operation is signed and the client has no credentials provider".into(),
                ))
            }
            (_, Some(provider), Some(_)) => Some(
                provider
                    .provide_credentials()
                    .await
                    .map_err(|e| SdkError::Credentials(format!("the credentials provider failed: {e}")))?,
            ),
        };
        let max_attempts = self.config.retry.max_attempts.max(1);
        let mut acquired = 0u32;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut signed = outgoing.clone();
            if let (Some(credentials), Some(scope)) = (&credentials, &scope) {
                sign::sign_request(
                    &mut signed,
                    credentials,
                    scope,
                    SystemTime::now(),
                    operation.unsigned_payload,
                )
                .map_err(SdkError::Credentials)?;
            }
            let sent = self.transport.send(signed);
            let result = match self.config.attempt_timeout {
                Some(limit) => tokio::time::timeout(limit, sent).await.unwrap_or_else(|_| {
                    Err(TransportError {
                        kind: TransportErrorKind::Timeout,
                        message: format!("no response within {limit:?}"),
                    })
                }),
                None => sent.await,
            };
            let kind = match &result {
                Ok(response) => retry::classify(response.status, response_error_code(response).as_deref()),
                Err(error) if error.kind == TransportErrorKind::Other => Some(RetryKind::NotRetryable),
                Err(_) => Some(RetryKind::Timeout),
            };
            // The quota refuses what is not retryable, and takes the cost of what is.
            let retry = attempt < max_attempts && kind.is_some_and(|k| self.bucket.try_acquire(k));
            if retry {
                acquired += kind.and_then(RetryKind::cost).unwrap_or(0);
                tokio::time::sleep(self.config.retry.backoff(attempt)).await;
                continue;
            }
            return match result {
                Ok(response) if (200..300).contains(&response.status) => {
                    self.bucket.release(acquired);
                    parse(&response).map_err(|error| SdkError::Service {
                        error,
                        status: response.status,
                        attempts: attempt,
                    })
                }
                Ok(response) => match parse(&response) {
                    Err(error) => {
                        Err(SdkError::Service { error, status: response.status, attempts: attempt })
                    }
                    // A parser that accepts an error status: take what it read.
                    Ok(output) => Ok(output),
                },
                Err(error) => Err(SdkError::Transport { error, attempts: attempt }),
            };
        }
    }

    /// From the endpoint's `authSchemes` (`sigv4`: `signingName`, `signingRegion`), else the
    /// service's `aws.auth#sigv4` name and the configured region; `None` when neither says.
    fn signing_scope(&self, endpoint: &Endpoint) -> Option<sign::SigningScope> {
        let scheme = match endpoint.properties.get("authSchemes") {
            Some(Value::Array(schemes)) => schemes.iter().find_map(|s| match s {
                Value::Record(fields) if matches!(fields.get("name"), Some(Value::String(n)) if n == "sigv4") => {
                    Some(fields)
                }
                _ => None,
            }),
            _ => None,
        };
        let field = |name: &str| match scheme.and_then(|s| s.get(name)) {
            Some(Value::String(value)) => Some(value.clone()),
            _ => None,
        };
        let name = field("signingName").or_else(|| self.service.signing_name.map(str::to_owned))?;
        let region = field("signingRegion").or_else(|| self.config.region.clone())?;
        Some(sign::SigningScope { name, region })
    }
}

/// The request at the endpoint: its URL (the endpoint's, with the operation's host prefix and
/// path and query appended) and headers (the endpoint's added).
fn outgoing(request: &HttpRequest, endpoint: &Endpoint) -> OutgoingRequest {
    let base = endpoint.url.trim_end_matches('/');
    let base = match (&request.host_prefix, base.split_once("://")) {
        (Some(prefix), Some((scheme, rest))) => format!("{scheme}://{prefix}{rest}"),
        _ => base.to_owned(),
    };
    let url = format!("{base}{}", request.path_and_query());
    let mut headers = request.headers.clone();
    for (name, values) in &endpoint.headers {
        for value in values {
            headers.push((name.clone(), value.clone()));
        }
    }
    OutgoingRequest { method: request.method, url, headers, body: request.body.clone() }
}

/// The error code of an error response, as the protocols carry it: `X-Amzn-Errortype`, else
/// the body's `__type` or `code`.
pub fn response_error_code(response: &HttpResponse) -> Option<String> {
    if let Some(header) = response.header("X-Amzn-Errortype") {
        return Some(crate::http::sanitize_error_code(header).to_owned());
    }
    let mut reader = crate::json_read::JsonReader::new(&response.body);
    let Ok(aws_smithy_types::Document::Object(fields)) = reader.document() else { return None };
    ["__type", "code", "Code"].iter().find_map(|key| match fields.get(*key) {
        Some(aws_smithy_types::Document::String(code)) => {
            Some(crate::http::sanitize_error_code(code).to_owned())
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests;
