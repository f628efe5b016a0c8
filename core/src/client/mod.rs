//! The Stone API client: authentication (client assertion, cached token,
//! renewal), requests with retries and idempotency keys, typed results.
//!
//! ```no_run
//! # async fn demo() -> Result<(), stone_openbank::client::Error> {
//! use stone_openbank::client::{Client, Credentials, Environment, PrivateKey};
//! let client = Client::builder(
//!     "MyERP",
//!     Credentials::ClientKey {
//!         client_id: "my-client-id".into(),
//!         key: PrivateKey::from_pem(&std::fs::read_to_string("key.pem").unwrap_or_default())?,
//!     },
//! )
//! .environment(Environment::Sandbox)
//! .build()?;
//! for account in client.accounts().await? {
//!     println!("{} {}", account.account_code, client.balance(&account.id).await?.balance);
//! }
//! # Ok(()) }
//! ```
//!
//! One file per API area (`accounts`, `statement`, `internal_transfers`,
//! `external_transfers`, `payments`, `approvals`, `boletos`, `receipts`,
//! `contacts`, `payroll`, `institutions`, `consent`, `webhooks`), each with
//! its body builders; `transport` sends, `pages` walks lists, `validate`
//! holds the input checks, and `surface` lists every operation once for the
//! language bindings.

mod accounts;
mod approvals;
mod assertion;
mod bcb;
mod boletos;
mod consent;
mod contacts;
mod credentials;
mod environment;
mod error;
mod external_transfers;
mod http;
mod institutions;
mod internal_transfers;
mod pages;
mod payments;
mod payroll;
mod pix;
mod pix_infractions;
mod receipts;
mod statement;
pub mod surface;
mod token;
mod transport;
mod url;
mod validate;
pub mod webhooks;

use std::time::Duration;

use web_time::{SystemTime, UNIX_EPOCH};

use rand::Rng;

pub use approvals::{BatchScope, PendingStatus};
pub use consent::{
    consent_jwt, consent_link, parse_consent_redirect, ConsentRedirect, ConsentResult,
    CONSENT_AUDIENCE,
};
pub use credentials::{Credentials, PrivateKey};
pub use environment::Environment;
pub use error::{ApiError, Error, Reason};
pub use pages::{Pages, StatementPages};
pub use receipts::ReceiptOf;
pub use webhooks::{EventType, Jwks, WebhookError, WebhookEvent, WebhookTarget};

use token::TokenCache;

/// Stone's limit on `x-stone-idempotency-key`.
pub const MAX_IDEMPOTENCY_KEY: usize = 72;

/// How failed requests are retried: exponential backoff with full jitter.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    fn delay(&self, attempt: u32) -> Duration {
        let cap = self
            .base_delay
            .saturating_mul(1 << attempt.min(16))
            .min(self.max_delay);
        let millis = cap.as_millis().max(1) as u64;
        Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
    }
}

pub struct ClientBuilder {
    user_agent: String,
    credentials: Credentials,
    environment: Environment,
    timeout: Duration,
    retry: RetryPolicy,
}

impl ClientBuilder {
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The timeout of every request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        if self.user_agent.trim().is_empty() {
            return Err(Error::InvalidInput {
                field: "user_agent",
                reason: "Stone requires the application's name as User-Agent".into(),
            });
        }
        // The timeout is set on each request: that works on both targets.
        let http = http::Http::new().map_err(Error::Transport)?;
        Ok(Client {
            inner: std::sync::Arc::new(Inner {
                http,
                #[cfg(not(target_arch = "wasm32"))]
                user_agent: self.user_agent,
                #[cfg(target_arch = "wasm32")]
                user_agent: url::ascii_header(&self.user_agent),
                credentials: self.credentials,
                environment: self.environment,
                timeout: self.timeout,
                retry: self.retry,
                tokens: TokenCache::default(),
                jwks: tokio::sync::RwLock::new(None),
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    http: http::Http,
    user_agent: String,
    credentials: Credentials,
    environment: Environment,
    timeout: Duration,
    retry: RetryPolicy,
    tokens: TokenCache,
    /// Stone's webhook signing keys, fetched on first use.
    jwks: tokio::sync::RwLock<Option<std::sync::Arc<webhooks::Jwks>>>,
}

/// A Stone API client. Cheap to clone; clones share the token cache.
#[derive(Debug, Clone)]
pub struct Client {
    inner: std::sync::Arc<Inner>,
}

/// A random (v4) UUID, from `rand`.
fn new_uuid() -> String {
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string()
}

/// Waits between retries: tokio's timer natively, the browser's in wasm.
async fn sleep(d: Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(d).await;
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::sleep(d).await;
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Client {
    /// `user_agent` is the application's name: Stone requires it on every call.
    pub fn builder(user_agent: impl Into<String>, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            user_agent: user_agent.into(),
            credentials,
            environment: Environment::Sandbox,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}
