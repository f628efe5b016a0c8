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

mod assertion;
mod consent;
mod credentials;
mod environment;
mod error;
mod operations;
mod token;
mod url;
pub mod webhooks;

use std::time::Duration;

use web_time::{SystemTime, UNIX_EPOCH};

use rand::Rng;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub use consent::{
    consent_jwt, consent_link, parse_consent_redirect, ConsentRedirect, ConsentResult,
    CONSENT_AUDIENCE,
};
pub use credentials::{Credentials, PrivateKey};
pub use environment::Environment;
pub use error::{ApiError, Error, Reason};
pub use operations::{BatchScope, PendingStatus, ReceiptOf};
pub use webhooks::{EventType, Jwks, WebhookError, WebhookEvent, WebhookTarget};

use crate::models::{
    Account, Balance, InternalTransfer, NewInternalTransfer, Page, StatementEntry,
};
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
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| Error::Transport(e.to_string()))?;
        Ok(Client {
            inner: std::sync::Arc::new(Inner {
                http,
                user_agent: self.user_agent,
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
    http: reqwest::Client,
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

/// An id going into a URL path: non-empty, and no character that would
/// change the path.
/// A request body: JSON, or form fields (the receipts endpoint as Postman
/// calls it).
#[derive(Debug, Clone)]
enum Body {
    Json(Value),
    #[allow(dead_code)]
    Form(Vec<(String, String)>),
}

fn decode<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::Decode(e.to_string()))
}

/// The caller's key, checked, or a new UUID: the same key goes with every
/// retry of the operation, so it is chosen once, before the first attempt.
fn idempotency_key_or_new(given: Option<&str>) -> Result<String, Error> {
    match given {
        Some(k) if k.is_empty() || k.len() > MAX_IDEMPOTENCY_KEY || !k.is_ascii() => {
            Err(Error::InvalidInput {
                field: "idempotency_key",
                reason: format!("must have 1 to {MAX_IDEMPOTENCY_KEY} ASCII characters"),
            })
        }
        Some(k) => Ok(k.to_owned()),
        None => Ok(new_uuid()),
    }
}

fn path_id(field: &'static str, id: &str) -> Result<(), Error> {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::InvalidInput {
            field,
            reason: format!("{id:?} is not an id"),
        });
    }
    Ok(())
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

    fn transport(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout(self.inner.timeout)
        } else {
            Error::Transport(e.to_string())
        }
    }

    /// Asks the auth server for a token with a fresh client assertion.
    async fn fetch_token(&self, client_id: &str, key: &PrivateKey) -> Result<(String, u64), Error> {
        let env = &self.inner.environment;
        let assertion = assertion::build(client_id, key, &env.realm_url(), now_secs());
        let form = [
            ("client_id", client_id),
            ("grant_type", "client_credentials"),
            ("client_assertion", assertion.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
        ];
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self
                .inner
                .http
                .post(env.token_url())
                .timeout(self.inner.timeout)
                .header(reqwest::header::USER_AGENT, &self.inner.user_agent)
                .form(&form)
                .send()
                .await;
            let response = match sent {
                Ok(r)
                    if r.status().is_server_error() && attempt < self.inner.retry.max_attempts =>
                {
                    sleep(self.inner.retry.delay(attempt)).await;
                    continue;
                }
                Ok(r) => r,
                Err(_) if attempt < self.inner.retry.max_attempts => {
                    sleep(self.inner.retry.delay(attempt)).await;
                    continue;
                }
                Err(e) => return Err(self.transport(e)),
            };
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            if !(200..300).contains(&status) {
                let text = |k: &str| {
                    body.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                return Err(Error::Authentication {
                    status: Some(status),
                    error: text("error"),
                    description: text("error_description"),
                });
            }
            let token = body
                .get("access_token")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::Decode("token response without access_token".into()))?;
            let expires_in = body
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(900);
            return Ok((token.to_owned(), expires_in));
        }
    }

    /// A valid access token (cached, renewed when near expiry): for a
    /// backend that hands it to its browser front end, which then builds
    /// its client with `Credentials::AccessToken`. A secret: never log it.
    pub async fn access_token(&self) -> Result<String, Error> {
        self.token().await
    }

    async fn token(&self) -> Result<String, Error> {
        match &self.inner.credentials {
            Credentials::AccessToken(token) => Ok(token.clone()),
            Credentials::ClientKey { client_id, key } => {
                self.inner
                    .tokens
                    .get(|| self.fetch_token(client_id, key))
                    .await
            }
        }
    }

    /// Sends a request. Reads, and writes carrying an idempotency key, are
    /// retried on connection failures, 5xx, 429 and 423 (with the same key,
    /// so a cash-out can never run twice); a 401 renews the token once.
    /// One API call with the retry and renewal rules; the raw body of a
    /// 2xx answer (JSON or a PDF).
    async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        body: Option<&Body>,
        key: Option<&str>,
    ) -> Result<bytes::Bytes, Error> {
        let url = format!("{}{path}", self.inner.environment.api_base());
        let retriable = method == Method::GET || key.is_some();
        let policy = self.inner.retry;
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let token = self.token().await?;
            let mut request = self
                .inner
                .http
                .request(method.clone(), &url)
                .timeout(self.inner.timeout)
                .header(reqwest::header::USER_AGENT, &self.inner.user_agent)
                .bearer_auth(&token);
            if let Some(key) = key {
                request = request.header("x-stone-idempotency-key", key);
            }
            match body {
                Some(Body::Json(v)) => request = request.json(v),
                Some(Body::Form(pairs)) => request = request.form(pairs),
                None => {}
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(e) => {
                    if retriable && attempt < policy.max_attempts {
                        sleep(policy.delay(attempt)).await;
                        continue;
                    }
                    return Err(self.transport(e));
                }
            };
            let status = response.status().as_u16();
            // Kept for errors only; a success does not pay for it.
            let request_id = (!(200..300).contains(&status))
                .then(|| {
                    response
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                })
                .flatten();
            if status == 401
                && !renewed
                && matches!(self.inner.credentials, Credentials::ClientKey { .. })
            {
                self.inner.tokens.invalidate(&token).await;
                renewed = true;
                attempt -= 1;
                continue;
            }
            if retriable
                && (status >= 500 || status == 429 || status == 423)
                && attempt < policy.max_attempts
            {
                sleep(policy.delay(attempt)).await;
                continue;
            }
            // A connection that breaks while the answer arrives is a
            // transport failure like any other: for a keyed cash-out the
            // operation may have committed, and the retry with the same key
            // gets its original answer instead of paying twice.
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(e) => {
                    if retriable && attempt < policy.max_attempts {
                        sleep(policy.delay(attempt)).await;
                        continue;
                    }
                    return Err(self.transport(e));
                }
            };
            if (200..300).contains(&status) {
                return Ok(bytes);
            }
            let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            if status == 401 {
                let description = if renewed {
                    "the API refused a freshly renewed token"
                } else {
                    "the API refused the access token given (expired or revoked): get a new one"
                };
                return Err(Error::Authentication {
                    status: Some(401),
                    error: "unauthenticated".into(),
                    description: description.into(),
                });
            }
            return Err(Error::api(status, request_id, value));
        }
    }

    /// A JSON call: the body of a 2xx answer as JSON (`null` when empty).
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<Value, Error> {
        let body = body.map(|v| Body::Json(v.clone()));
        let bytes = self.send_bytes(method, path, body.as_ref(), key).await?;
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::Decode(e.to_string()))
    }

    /// Straight from the bytes to the type: no intermediate JSON tree.
    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let bytes = self.send_bytes(Method::GET, path, None, None).await?;
        serde_json::from_slice(&bytes).or_else(|e| {
            // Some of Stone's bodies repeat a key (SPEC §10): through a
            // JSON tree, the last one wins, as in most JSON readers.
            serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| serde_json::from_value(v).ok())
                .ok_or_else(|| Error::Decode(e.to_string()))
        })
    }

    /// The accounts this application may operate.
    pub async fn accounts(&self) -> Result<Vec<Account>, Error> {
        Ok(self.get::<Page<Account>>("/api/v1/accounts").await?.data)
    }

    pub async fn account(&self, account_id: &str) -> Result<Account, Error> {
        path_id("account_id", account_id)?;
        self.get(&format!("/api/v1/accounts/{account_id}")).await
    }

    /// Balances in centavos.
    pub async fn balance(&self, account_id: &str) -> Result<Balance, Error> {
        path_id("account_id", account_id)?;
        self.get(&format!("/api/v1/accounts/{account_id}/balance"))
            .await
    }

    /// Creates an internal transfer. Every cash-out carries an idempotency
    /// key: `idempotency_key`, or a fresh UUID; the same key goes with every
    /// retry, so the transfer happens at most once. Pass your own key (≤ 72
    /// characters) to make retries across process restarts safe too.
    pub async fn create_internal_transfer(
        &self,
        transfer: &NewInternalTransfer,
        idempotency_key: Option<&str>,
    ) -> Result<InternalTransfer, Error> {
        path_id("account_id", &transfer.account_id)?;
        if transfer.amount <= 0 {
            return Err(Error::InvalidInput {
                field: "amount",
                reason: format!(
                    "must be a positive number of centavos, got {}",
                    transfer.amount
                ),
            });
        }
        if transfer.target_account_code.is_empty()
            || !transfer
                .target_account_code
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            return Err(Error::InvalidInput {
                field: "target_account_code",
                reason: "digits only".into(),
            });
        }
        let key = idempotency_key_or_new(idempotency_key)?;
        let mut body = json!({
            "account_id": transfer.account_id,
            "amount": transfer.amount,
            "target": {"account": {"account_code": transfer.target_account_code}},
        });
        if let Some(description) = &transfer.description {
            body["description"] = json!(description);
        }
        if let Some(day) = transfer.scheduled_to {
            body["scheduled_to"] = json!(crate::barcode::iso_date(day));
        }
        let value = self
            .send(
                Method::POST,
                "/api/v1/internal_transfers",
                Some(&body),
                Some(&key),
            )
            .await?;
        serde_json::from_value(value).map_err(|e| Error::Decode(e.to_string()))
    }

    /// The account's statement, newest first, fetched one page at a time as
    /// it is walked: memory stays constant however long it is.
    pub fn statement(&self, account_id: &str) -> StatementPages {
        let path = format!("/api/v1/accounts/{}/statement", url::encode(account_id));
        Pages::new(self, "account_id", account_id, path)
    }

    /// The consent link for a user of an OpenBank platform (valid 2 hours):
    /// present it inside the application; Stone redirects the user to
    /// `redirect_uri` (read it with [`parse_consent_redirect`]).
    pub fn consent_link(
        &self,
        redirect_uri: &str,
        session_metadata: &std::collections::BTreeMap<String, String>,
    ) -> Result<String, Error> {
        let Credentials::ClientKey { client_id, key } = &self.inner.credentials else {
            return Err(Error::InvalidInput {
                field: "credentials",
                reason: "a consent JWT is signed with the application's key".into(),
            });
        };
        let jwt = consent_jwt(
            client_id,
            key,
            redirect_uri,
            session_metadata,
            now_secs(),
            consent::MAX_LIFETIME_SECS,
        )?;
        Ok(consent_link(&self.inner.environment, client_id, &jwt))
    }

    async fn fetch_jwks(&self) -> Result<std::sync::Arc<webhooks::Jwks>, Error> {
        let url = format!(
            "{}/api/v1/discovery/keys",
            self.inner.environment.api_base()
        );
        let response = self
            .inner
            .http
            .get(url)
            .timeout(self.inner.timeout)
            .header(reqwest::header::USER_AGENT, &self.inner.user_agent)
            .send()
            .await
            .map_err(|e| self.transport(e))?;
        if !response.status().is_success() {
            return Err(Error::Decode(format!(
                "discovery keys answered {}",
                response.status()
            )));
        }
        let json: Value = response.json().await.map_err(|e| self.transport(e))?;
        let keys = std::sync::Arc::new(webhooks::Jwks::from_json(&json)?);
        *self.inner.jwks.write().await = Some(keys.clone());
        Ok(keys)
    }

    /// Decrypts and verifies a webhook's raw body (and its
    /// `x-stone-webhook-event-id` header, for de-duplication) into a typed
    /// event. Stone's keys are fetched once and cached; a token signed by a
    /// key not in the cache refetches them once (key rotation).
    pub async fn verify_webhook(
        &self,
        body: &[u8],
        event_id: Option<&str>,
    ) -> Result<webhooks::WebhookEvent, Error> {
        let Credentials::ClientKey { key, .. } = &self.inner.credentials else {
            return Err(Error::InvalidInput {
                field: "credentials",
                reason: "webhooks are encrypted to the application's key: build the client with it"
                    .into(),
            });
        };
        let cached = self.inner.jwks.read().await.clone();
        let keys = match cached {
            Some(k) => k,
            None => self.fetch_jwks().await?,
        };
        match webhooks::open(body, key, &keys, event_id, now_secs()) {
            Err(webhooks::WebhookError::UnknownKey(kid)) => {
                let fresh = self.fetch_jwks().await?;
                if !fresh.contains(&kid) {
                    return Err(webhooks::WebhookError::UnknownKey(kid).into());
                }
                Ok(webhooks::open(body, key, &fresh, event_id, now_secs())?)
            }
            other => Ok(other?),
        }
    }

    /// One statement entry.
    pub async fn statement_entry(&self, entry_id: &str) -> Result<StatementEntry, Error> {
        path_id("entry_id", entry_id)?;
        self.get(&format!("/api/v1/statement/entries/{entry_id}"))
            .await
    }

    pub async fn internal_transfer(&self, transfer_id: &str) -> Result<InternalTransfer, Error> {
        path_id("transfer_id", transfer_id)?;
        self.get(&format!("/api/v1/internal_transfers/{transfer_id}"))
            .await
    }
}

/// A lazy walk over cursor pages (statement, transfers, payments, boletos…),
/// newest first.
#[derive(Debug)]
pub struct Pages<T> {
    client: Client,
    /// Path with any fixed query (`?account_id=...`).
    path: String,
    after: Option<String>,
    limit: u32,
    done: bool,
    invalid: Option<Error>,
    _item: std::marker::PhantomData<fn() -> T>,
}

/// The statement's pages.
pub type StatementPages = Pages<StatementEntry>;

impl<T: DeserializeOwned> Pages<T> {
    fn new(client: &Client, field: &'static str, id: &str, path: String) -> Self {
        Pages {
            client: client.clone(),
            path,
            after: None,
            limit: 100,
            done: false,
            invalid: path_id(field, id).err(),
            _item: std::marker::PhantomData,
        }
    }

    /// Items per request (1 to 1000; default 100).
    pub fn page_size(mut self, limit: u32) -> Self {
        self.limit = limit.clamp(1, 1000);
        self
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error>> {
        if self.done {
            return None;
        }
        if let Some(e) = self.invalid.take() {
            self.done = true;
            return Some(Err(e));
        }
        let sep = if self.path.contains('?') { '&' } else { '?' };
        let mut path = format!("{}{sep}limit={}", self.path, self.limit);
        if let Some(after) = &self.after {
            // Cursors are opaque: encode them as a query value.
            path.push_str("&after=");
            path.push_str(&url::encode(after));
        }
        match self.client.get::<Page<T>>(&path).await {
            Ok(page) => {
                self.after = page.cursor.after;
                self.done = self.after.is_none();
                Some(Ok(page.data))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Every remaining item (for short lists; walk long ones page by page).
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?);
        }
        Ok(all)
    }
}
