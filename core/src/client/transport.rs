//! Sending requests: the access token (fetched with a client assertion,
//! cached, renewed), the User-Agent, timeouts, retries with backoff on
//! reads and keyed writes, and Stone's error bodies. Every API area calls
//! through these few helpers; none builds a request itself.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::validate::{idempotency_key_or_new, path_id};
use super::{assertion, now_secs, sleep, Client, Credentials, Error, PrivateKey};

pub(crate) use super::http::Method;
use super::http::{Failure, Request};

/// An answer's bytes straight into its type. Some of Stone's bodies repeat
/// a key (SPEC §10): those go through a JSON tree, where the last one wins,
/// as in most JSON readers. One path for every answer (bytes, or a borrowed
/// tree): in wasm each extra way of decoding a model is code shipped.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        // A body that repeats a key (Stone's examples do) is read as a tree,
        // where the last one wins, and written back once. Decoding the
        // rewritten bytes keeps one decoder per model (from bytes): a
        // second, from a tree, would double every model's code in wasm.
        Err(e) => {
            let once = written_once(bytes, e)?;
            serde_json::from_slice(&once).map_err(decode_error)
        }
    }
}

/// The body with each key once, or the first error (not generic: one copy
/// in wasm, not one per model).
#[inline(never)]
fn written_once(bytes: &[u8], first: serde_json::Error) -> Result<Vec<u8>, Error> {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok())
        .ok_or_else(|| decode_error(first))
}

#[inline(never)]
fn decode_error(e: serde_json::Error) -> Error {
    Error::Decode(e.to_string())
}

/// A PDF is what was asked for: anything else is a decode error, not a
/// file the caller saves and cannot open.
pub(crate) fn check_pdf(bytes: bytes::Bytes) -> Result<Vec<u8>, Error> {
    if bytes.starts_with(b"%PDF-") {
        Ok(bytes.to_vec())
    } else {
        Err(Error::Decode("expected a PDF".into()))
    }
}

impl Client {
    pub(crate) fn transport(&self, failure: Failure) -> Error {
        match failure {
            Failure::Timeout => Error::Timeout(self.inner.timeout),
            Failure::Transport(text) => Error::Transport(text),
        }
    }

    /// One request, no retry: the parts every call shares.
    pub(crate) fn request<'a>(&'a self, method: Method, url: &'a str) -> Request<'a> {
        Request {
            method,
            url,
            user_agent: &self.inner.user_agent,
            bearer: None,
            idempotency_key: None,
            account_id: None,
            body: None,
            timeout: self.inner.timeout,
        }
    }

    /// Asks the auth server for a token with a fresh client assertion.
    async fn fetch_token(&self, client_id: &str, key: &PrivateKey) -> Result<(String, u64), Error> {
        let env = &self.inner.environment;
        let url = env.token_url();
        let mut attempt = 0;
        loop {
            attempt += 1;
            // A fresh assertion (new `jti`, new times) on every attempt: an
            // auth server refuses a reused `jti`, even after a lost answer.
            let assertion = assertion::build(client_id, key, &env.realm_url(), now_secs());
            let form = format!(
                "client_id={}&grant_type=client_credentials&client_assertion={}&client_assertion_type={}",
                super::url::encode(client_id),
                super::url::encode(&assertion),
                super::url::encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            );
            let mut request = self.request(Method::Post, &url);
            request.body = Some(("application/x-www-form-urlencoded", form.into_bytes()));
            let response = match self.inner.http.send(request).await {
                Ok(r) if r.status >= 500 && attempt < self.inner.retry.max_attempts => {
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
            let status = response.status;
            let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
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
    pub(crate) async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<bytes::Bytes, Error> {
        self.send_bytes_as(method, path, body, key, None).await
    }

    /// As [`Client::send_bytes`], naming the account in `x-stone-account-id`.
    pub(crate) async fn send_bytes_as(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
        account_id: Option<&str>,
    ) -> Result<bytes::Bytes, Error> {
        let url = format!("{}{path}", self.inner.environment.api_base());
        let retriable = method == Method::Get || key.is_some();
        // Serialized once: every retry sends the same bytes (Stone's
        // idempotency compares bodies byte for byte).
        let body = match body {
            Some(v) => Some(serde_json::to_vec(v).map_err(|e| Error::Decode(e.to_string()))?),
            None => None,
        };
        let policy = self.inner.retry;
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let token = self.token().await?;
            let mut request = self.request(method, &url);
            request.bearer = Some(&token);
            request.idempotency_key = key;
            request.account_id = account_id;
            request.body = body.clone().map(|b| ("application/json", b));
            // A connection that breaks, even while the answer arrives, is
            // retried like any transport failure: for a keyed cash-out the
            // operation may have committed, and the retry with the same key
            // gets its original answer instead of paying twice.
            let response = match self.inner.http.send(request).await {
                Ok(response) => response,
                Err(e) => {
                    if retriable && attempt < policy.max_attempts {
                        sleep(policy.delay(attempt)).await;
                        continue;
                    }
                    return Err(self.transport(e));
                }
            };
            let status = response.status;
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
            if (200..300).contains(&status) {
                return Ok(response.body);
            }
            let value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
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
            return Err(Error::api(status, response.request_id, value));
        }
    }

    /// A JSON call: the body of a 2xx answer as JSON (`null` when empty).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<Value, Error> {
        let bytes = self.send_bytes(method, path, body, key).await?;
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::Decode(e.to_string()))
    }

    /// Straight from the bytes to the type: no intermediate JSON tree.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        decode(&self.send_bytes(Method::Get, path, None, None).await?)
    }

    /// A keyed cash-out: the idempotency key is chosen once here and goes
    /// with every retry.
    pub(crate) async fn keyed<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
        key: Option<&str>,
    ) -> Result<T, Error> {
        let key = idempotency_key_or_new(key)?;
        decode(
            &self
                .send_bytes(Method::Post, path, Some(body), Some(&key))
                .await?,
        )
    }

    /// A bodiless action on one resource (`POST /api/v1/{collection}/{id}/{action}`:
    /// cancel, approve, reject), its id checked first: 2xx or an error.
    pub(crate) async fn act(
        &self,
        collection: &str,
        field: &'static str,
        id: &str,
        action: &str,
    ) -> Result<(), Error> {
        path_id(field, id)?;
        self.send(
            Method::Post,
            &format!("/api/v1/{collection}/{id}/{action}"),
            None,
            None,
        )
        .await
        .map(|_| ())
    }

    /// A dry-run: nothing is created, so no key and no retry of a write.
    pub(crate) async fn dry_run<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, Error> {
        decode(
            &self
                .send_bytes(Method::Post, path, Some(body), None)
                .await?,
        )
    }

    /// POSTs `fields` as JSON; the typed answer.
    pub(crate) async fn post_fields<T: serde::Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        fields: &T,
    ) -> Result<R, Error> {
        let body = serde_json::to_value(fields).map_err(|e| Error::Decode(e.to_string()))?;
        decode(
            &self
                .send_bytes(Method::Post, path, Some(&body), None)
                .await?,
        )
    }

    pub(crate) async fn delete(&self, path: &str) -> Result<(), Error> {
        self.send(Method::Delete, path, None, None)
            .await
            .map(|_| ())
    }

    /// A GET answering a PDF.
    pub(crate) async fn pdf(&self, path: &str) -> Result<Vec<u8>, Error> {
        check_pdf(self.send_bytes(Method::Get, path, None, None).await?)
    }
}
