//! The AWS SDKs' "standard" retry mode: which failures are retried, how long to wait before each
//! retry (exponential backoff with full jitter) and the retry quota (a token bucket shared by all
//! calls of one client, so that an outage does not multiply the load by the number of attempts).
//!
//! A call loop uses it like this: make an attempt; on failure, [`classify`] the response (or use
//! [`RetryKind::Timeout`] when there was none); stop if the attempts are used up or
//! [`TokenBucket::try_acquire`] refuses; otherwise sleep [`RetryConfig::backoff`] and try again.
//! On success, [`TokenBucket::release`] the tokens the call's retries took.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Retry settings: standard mode. Kept apart from the token bucket because settings are per
/// client configuration and copied freely, while the bucket is shared state.
#[derive(Debug, Clone)]
pub struct RetryConfig {
    /// Attempts in all, the first included: 1 means no retry.
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry; it doubles with every further retry.
    pub initial_backoff: Duration,
    /// The ceiling no backoff exceeds, however many retries came before.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    /// The SDKs' standard mode: 3 attempts, 1 s initial backoff, 20 s maximum backoff.
    fn default() -> RetryConfig {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// No retries: one attempt. For callers that retry on their own or must fail fast.
    pub fn disabled() -> RetryConfig {
        RetryConfig { max_attempts: 1, ..RetryConfig::default() }
    }

    /// The delay before retry number `retry` (1 for the first retry; 0 is taken as 1):
    /// exponential backoff with full jitter, `random(0..1) * min(initial_backoff * 2^(retry-1),
    /// max_backoff)`. Full jitter spreads the retries of many clients that failed together, so
    /// they do not hit the service again in lockstep. Never panics or overflows for large `retry`:
    /// a ceiling that would overflow is `max_backoff`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry);
        let nanos = ceiling.as_nanos();
        if nanos == 0 {
            return Duration::ZERO;
        }
        // Integer jitter over the nanoseconds: uniform in [0, ceiling), no float rounding that
        // could land above the ceiling.
        let jittered = fastrand::u128(0..nanos);
        let secs = u64::try_from(jittered / 1_000_000_000).unwrap_or(u64::MAX);
        // The remainder is below 10^9, so it fits a u32.
        let subsec = u32::try_from(jittered % 1_000_000_000).unwrap_or(0);
        Duration::new(secs, subsec)
    }

    /// `min(initial_backoff * 2^(retry-1), max_backoff)`, computed without overflow: a product
    /// too large for a `Duration` is above `max_backoff` anyway.
    fn ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1);
        let exponential = match 1u32.checked_shl(doublings) {
            Some(factor) => self.initial_backoff.saturating_mul(factor),
            // 2^32 or more: any nonzero initial backoff is past every Duration a config holds.
            None if self.initial_backoff.is_zero() => Duration::ZERO,
            None => Duration::MAX,
        };
        exponential.min(self.max_backoff)
    }
}

/// What went wrong with one attempt, as the retry strategy classifies it. The kind decides
/// whether to retry at all and what the retry costs from the [`TokenBucket`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// Throttling error codes or HTTP 429: retried, costs [`TokenBucket::RETRY_COST`] tokens.
    Throttling,
    /// Transient: HTTP 500, 502, 503, 504, transient error codes: retried, costs
    /// [`TokenBucket::RETRY_COST`].
    Transient,
    /// Connection failure or timeout (no response): retried, costs
    /// [`TokenBucket::TIMEOUT_COST`], more than the others because a timeout held resources
    /// longest and most often means the service is overloaded.
    Timeout,
    /// Anything else (a modeled client error such as ValidationException): never retried, since
    /// the same request would fail the same way.
    NotRetryable,
}

impl RetryKind {
    /// The tokens a retry after this kind of failure takes from the [`TokenBucket`]; `None` when
    /// it is not retried. Lets a caller add up what it acquired for [`TokenBucket::release`].
    pub fn cost(self) -> Option<u32> {
        match self {
            RetryKind::Throttling | RetryKind::Transient => Some(TokenBucket::RETRY_COST),
            RetryKind::Timeout => Some(TokenBucket::TIMEOUT_COST),
            RetryKind::NotRetryable => None,
        }
    }
}

/// The SDKs' throttling error codes: the service asks the client to slow down.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// The SDKs' transient error codes: the failure is the service's, likely gone on a retry.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// The SDKs' transient HTTP statuses.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Classifies a response by status code and error code (the error code as the protocol gave it,
/// e.g. from X-Amzn-Errortype or __type, already stripped of any namespace `aws.foo#` prefix and
/// `:` suffix; may be None). `None` for success (2xx), which is not retried and needs no kind.
///
/// A throttling code (or status 429) wins, then a transient code or status; any other non-2xx is
/// [`RetryKind::NotRetryable`]. The code comes first because services signal throttling with
/// 400 as often as with 429 or 503, and throttling should be counted as such.
pub fn classify(status: u16, error_code: Option<&str>) -> Option<RetryKind> {
    if (200..300).contains(&status) {
        return None;
    }
    let code = error_code.unwrap_or("");
    if THROTTLING_CODES.contains(&code) || status == 429 {
        Some(RetryKind::Throttling)
    } else if TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&status) {
        Some(RetryKind::Transient)
    } else {
        Some(RetryKind::NotRetryable)
    }
}

/// The retry quota: a token bucket shared by all calls of one client (share it with an `Arc`).
/// Each retry takes tokens and successes give them back, so while a service keeps failing the
/// client soon stops retrying instead of adding load; thread-safe through one atomic counter.
#[derive(Debug)]
pub struct TokenBucket {
    /// Tokens left.
    tokens: AtomicU32,
    /// The most the bucket holds; refunds never go above it.
    capacity: u32,
}

impl TokenBucket {
    /// The SDKs' initial (and maximum) quota.
    pub const INITIAL: u32 = 500;
    /// What a retry after a throttling or transient error takes.
    pub const RETRY_COST: u32 = 5;
    /// What a retry after a timeout or connection failure takes.
    pub const TIMEOUT_COST: u32 = 10;
    /// What a success without retry gives back (up to the capacity), so the quota recovers.
    pub const SUCCESS_REFUND: u32 = 1;

    /// A full bucket of [`TokenBucket::INITIAL`] tokens, as the SDKs start.
    pub fn new() -> TokenBucket {
        TokenBucket::with_capacity(TokenBucket::INITIAL)
    }

    /// A full bucket of `tokens` tokens, which is also its capacity: for a larger or smaller
    /// quota than the SDKs' (0 disables retries without touching [`RetryConfig`]).
    pub fn with_capacity(tokens: u32) -> TokenBucket {
        TokenBucket { tokens: AtomicU32::new(tokens), capacity: tokens }
    }

    /// Takes the cost of retrying after this kind of failure; false (nothing taken) when the
    /// quota is spent or the kind is not retryable. Atomic: concurrent calls never take more than
    /// the bucket holds.
    pub fn try_acquire(&self, kind: RetryKind) -> bool {
        let Some(cost) = kind.cost() else {
            return false;
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| tokens.checked_sub(cost))
            .is_ok()
    }

    /// A call succeeded: after retries, the tokens those retries took are returned (pass the
    /// total acquired for this call); after no retry (0), [`TokenBucket::SUCCESS_REFUND`]. Never
    /// above the capacity, so the bucket cannot grow past its quota.
    pub fn release(&self, acquired_for_this_call: u32) {
        let refund =
            if acquired_for_this_call == 0 { TokenBucket::SUCCESS_REFUND } else { acquired_for_this_call };
        let capacity = self.capacity;
        // The closure always returns Some, so the update cannot fail; the result is not needed.
        let _ = self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
            Some(tokens.saturating_add(refund).min(capacity))
        });
    }

    /// Tokens left: for metrics and tests; a snapshot that other threads may change at once.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

impl Default for TokenBucket {
    /// The same as [`TokenBucket::new`]: a full bucket of the SDKs' quota.
    fn default() -> TokenBucket {
        TokenBucket::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_throttling_code_is_throttling() {
        for code in THROTTLING_CODES {
            assert_eq!(classify(400, Some(code)), Some(RetryKind::Throttling), "{code}");
            // The code wins over a transient status.
            assert_eq!(classify(503, Some(code)), Some(RetryKind::Throttling), "{code}");
        }
        let listed = [
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "TransactionInProgressException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "LimitExceededException",
            "RequestThrottled",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
        ];
        for code in listed {
            assert_eq!(classify(400, Some(code)), Some(RetryKind::Throttling), "{code}");
        }
    }

    #[test]
    fn status_429_is_throttling() {
        assert_eq!(classify(429, None), Some(RetryKind::Throttling));
        assert_eq!(classify(429, Some("SomethingElse")), Some(RetryKind::Throttling));
    }

    #[test]
    fn each_transient_code_is_transient() {
        for code in ["RequestTimeout", "RequestTimeoutException", "InternalError"] {
            assert_eq!(classify(400, Some(code)), Some(RetryKind::Transient), "{code}");
            assert_eq!(classify(500, Some(code)), Some(RetryKind::Transient), "{code}");
        }
    }

    #[test]
    fn each_transient_status_is_transient() {
        for status in [500, 502, 503, 504] {
            assert_eq!(classify(status, None), Some(RetryKind::Transient), "{status}");
            assert_eq!(classify(status, Some("UnknownError")), Some(RetryKind::Transient), "{status}");
        }
    }

    #[test]
    fn other_errors_are_not_retryable() {
        assert_eq!(classify(400, Some("ValidationException")), Some(RetryKind::NotRetryable));
        assert_eq!(classify(400, None), Some(RetryKind::NotRetryable));
        assert_eq!(classify(404, Some("ResourceNotFoundException")), Some(RetryKind::NotRetryable));
        assert_eq!(classify(501, None), Some(RetryKind::NotRetryable));
        assert_eq!(classify(403, Some("AccessDeniedException")), Some(RetryKind::NotRetryable));
        // Codes match exactly: no case folding, no prefixes.
        assert_eq!(classify(400, Some("throttling")), Some(RetryKind::NotRetryable));
    }

    #[test]
    fn success_is_not_classified() {
        for status in [200, 201, 204, 299] {
            assert_eq!(classify(status, None), None, "{status}");
            assert_eq!(classify(status, Some("ThrottlingException")), None, "{status}");
        }
    }

    #[test]
    fn default_and_disabled_config() {
        let config = RetryConfig::default();
        assert_eq!(config.max_attempts, 3);
        assert_eq!(config.initial_backoff, Duration::from_secs(1));
        assert_eq!(config.max_backoff, Duration::from_secs(20));
        assert_eq!(RetryConfig::disabled().max_attempts, 1);
    }

    #[test]
    fn backoff_stays_under_its_exponential_ceiling() {
        let config = RetryConfig::default();
        // min(1 s * 2^(n-1), 20 s): 1, 2, 4, 8, 16, then 20 from the sixth retry on.
        let ceilings = [1, 2, 4, 8, 16, 20, 20];
        for (index, secs) in ceilings.iter().enumerate() {
            let retry = index as u32 + 1;
            let ceiling = Duration::from_secs(*secs);
            assert_eq!(config.ceiling(retry), ceiling, "retry {retry}");
            for _ in 0..200 {
                let backoff = config.backoff(retry);
                assert!(backoff <= ceiling, "retry {retry}: {backoff:?} > {ceiling:?}");
            }
        }
    }

    #[test]
    fn backoff_never_exceeds_max_for_any_retry() {
        let config = RetryConfig::default();
        for retry in (0..=100).chain([u32::MAX - 1, u32::MAX]) {
            for _ in 0..20 {
                assert!(config.backoff(retry) <= config.max_backoff, "retry {retry}");
            }
        }
        assert_eq!(config.ceiling(u32::MAX), config.max_backoff);
    }

    #[test]
    fn backoff_survives_extreme_settings() {
        let huge = RetryConfig {
            max_attempts: u32::MAX,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
        };
        for retry in [0, 1, 2, 64, u32::MAX] {
            assert!(huge.backoff(retry) <= Duration::MAX);
        }
        let zero = RetryConfig { initial_backoff: Duration::ZERO, ..RetryConfig::default() };
        assert_eq!(zero.backoff(1), Duration::ZERO);
        assert_eq!(zero.backoff(u32::MAX), Duration::ZERO);
        let no_max = RetryConfig { max_backoff: Duration::ZERO, ..RetryConfig::default() };
        assert_eq!(no_max.backoff(3), Duration::ZERO);
    }

    #[test]
    fn backoff_is_jittered() {
        let config = RetryConfig::default();
        let samples: Vec<Duration> = (0..100).map(|_| config.backoff(3)).collect();
        let distinct: HashSet<Duration> = samples.iter().copied().collect();
        assert!(distinct.len() > 50, "only {} distinct delays", distinct.len());
        // Full jitter: both halves of [0, 4 s) are hit.
        assert!(samples.iter().any(|d| *d < Duration::from_secs(2)));
        assert!(samples.iter().any(|d| *d >= Duration::from_secs(2)));
    }

    #[test]
    fn costs_per_kind() {
        assert_eq!(RetryKind::Throttling.cost(), Some(TokenBucket::RETRY_COST));
        assert_eq!(RetryKind::Transient.cost(), Some(TokenBucket::RETRY_COST));
        assert_eq!(RetryKind::Timeout.cost(), Some(TokenBucket::TIMEOUT_COST));
        assert_eq!(RetryKind::NotRetryable.cost(), None);
    }

    #[test]
    fn full_bucket_allows_exactly_100_throttling_retries() {
        let bucket = TokenBucket::new();
        assert_eq!(bucket.available(), 500);
        for n in 0..100 {
            assert!(bucket.try_acquire(RetryKind::Throttling), "retry {n}");
        }
        assert_eq!(bucket.available(), 0);
        assert!(!bucket.try_acquire(RetryKind::Throttling));
        assert!(!bucket.try_acquire(RetryKind::Transient));
        assert!(!bucket.try_acquire(RetryKind::Timeout));
        assert_eq!(bucket.available(), 0);
    }

    #[test]
    fn timeout_costs_ten() {
        let bucket = TokenBucket::new();
        assert!(bucket.try_acquire(RetryKind::Timeout));
        assert_eq!(bucket.available(), 490);
        // Refused without taking anything when less than the cost is left.
        let low = TokenBucket::with_capacity(9);
        assert!(!low.try_acquire(RetryKind::Timeout));
        assert_eq!(low.available(), 9);
        assert!(low.try_acquire(RetryKind::Transient));
        assert_eq!(low.available(), 4);
    }

    #[test]
    fn not_retryable_takes_nothing() {
        let bucket = TokenBucket::new();
        assert!(!bucket.try_acquire(RetryKind::NotRetryable));
        assert_eq!(bucket.available(), 500);
    }

    #[test]
    fn release_after_retries_returns_what_was_taken() {
        let bucket = TokenBucket::default();
        assert!(bucket.try_acquire(RetryKind::Throttling));
        assert!(bucket.try_acquire(RetryKind::Timeout));
        assert_eq!(bucket.available(), 485);
        bucket.release(TokenBucket::RETRY_COST + TokenBucket::TIMEOUT_COST);
        assert_eq!(bucket.available(), 500);
    }

    #[test]
    fn success_refund_is_capped_at_capacity() {
        let bucket = TokenBucket::new();
        bucket.release(0);
        assert_eq!(bucket.available(), 500);
        assert!(bucket.try_acquire(RetryKind::Throttling));
        bucket.release(0);
        assert_eq!(bucket.available(), 496);
        bucket.release(1000);
        assert_eq!(bucket.available(), 500);
        let small = TokenBucket::with_capacity(7);
        small.release(u32::MAX);
        assert_eq!(small.available(), 7);
    }

    #[test]
    fn concurrent_acquires_never_overspend() {
        let bucket = TokenBucket::new();
        let threads = 8;
        let granted: u32 = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        (0..100).filter(|_| bucket.try_acquire(RetryKind::Throttling)).count() as u32
                    })
                })
                .collect();
            handles.into_iter().map(|handle| handle.join().unwrap()).sum()
        });
        assert_eq!(granted, 100);
        assert_eq!(bucket.available(), 0);

        // Mixed acquires and releases from many threads keep the bucket within [0, capacity].
        let bucket = TokenBucket::with_capacity(50);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    for _ in 0..1000 {
                        if bucket.try_acquire(RetryKind::Timeout) {
                            bucket.release(TokenBucket::TIMEOUT_COST);
                        }
                        assert!(bucket.available() <= 50);
                    }
                });
            }
        });
        assert_eq!(bucket.available(), 50);
    }
}
