//! One HTTP exchange: the only code that touches the network. Natively it
//! is reqwest (rustls); in WebAssembly it is one call to the runtime's own
//! `fetch` through a few lines of JavaScript, so a request crosses the
//! boundary once each way (reqwest's wasm backend builds `Headers` and
//! `Request` objects call by call and aborts a finished request's
//! controller, which in Node costs a `DOMException` per call; measured in
//! BENCHMARKS.md). Both honour a timeout on every request.

use std::time::Duration;

/// The methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What one request sends. Secrets (the bearer token) go only into the
/// request; nothing here is logged.
pub(crate) struct Request<'a> {
    pub method: Method,
    pub url: &'a str,
    pub user_agent: &'a str,
    pub bearer: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    /// `x-stone-account-id`, for the few calls that name the account in a
    /// header (cancelling a Pix charge).
    pub account_id: Option<&'a str>,
    /// Content type and bytes.
    pub body: Option<(&'static str, Vec<u8>)>,
    pub timeout: Duration,
}

/// What came back: the status, `x-request-id` (for errors) and the body.
pub(crate) struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: bytes::Bytes,
}

/// Why no answer came: retriable, for reads and keyed writes.
pub(crate) enum Failure {
    Timeout,
    Transport(String),
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Http;
#[cfg(target_arch = "wasm32")]
pub(crate) use web::Http;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Failure, Method, Request, Response};

    #[derive(Debug, Clone)]
    pub(crate) struct Http(reqwest::Client);

    fn failure(e: &reqwest::Error) -> Failure {
        if e.is_timeout() {
            return Failure::Timeout;
        }
        // reqwest's own text is generic ("builder error"): the causes say
        // what happened (reqwest's errors carry at most the URL, which
        // holds no secret here).
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        Failure::Transport(text)
    }

    impl Http {
        pub(crate) fn new() -> Result<Self, String> {
            reqwest::Client::builder()
                .build()
                .map(Http)
                .map_err(|e| e.to_string())
        }

        pub(crate) async fn send(&self, r: Request<'_>) -> Result<Response, Failure> {
            let method = match r.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
                Method::Patch => reqwest::Method::PATCH,
                Method::Delete => reqwest::Method::DELETE,
            };
            // The application's name as its UTF-8 bytes (Stone takes any).
            let ua = reqwest::header::HeaderValue::from_bytes(r.user_agent.as_bytes())
                .map_err(|e| Failure::Transport(format!("User-Agent: {e}")))?;
            let mut request = self
                .0
                .request(method, r.url)
                .timeout(r.timeout)
                .header(reqwest::header::USER_AGENT, ua);
            if let Some(token) = r.bearer {
                request = request.bearer_auth(token);
            }
            if let Some(key) = r.idempotency_key {
                request = request.header("x-stone-idempotency-key", key);
            }
            if let Some(account) = r.account_id {
                request = request.header("x-stone-account-id", account);
            }
            if let Some((content_type, body)) = r.body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body);
            }
            let response = request.send().await.map_err(|e| failure(&e))?;
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
            // A connection that breaks while the answer arrives is a
            // transport failure like any other.
            let body = response.bytes().await.map_err(|e| failure(&e))?;
            Ok(Response {
                status,
                request_id,
                body,
            })
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use js_sys::{Array, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{Failure, Request, Response};

    #[wasm_bindgen(inline_js = r#"
export async function stoneFetch(method, url, userAgent, bearer, key, account, contentType, body, timeoutMs) {
  const headers = { "user-agent": userAgent };
  if (bearer !== undefined) headers.authorization = "Bearer " + bearer;
  if (key !== undefined) headers["x-stone-idempotency-key"] = key;
  if (account !== undefined) headers["x-stone-account-id"] = account;
  if (contentType !== undefined) headers["content-type"] = contentType;
  // AbortSignal.timeout: no controller to make or abort per request.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { method, headers, body, signal });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return [res.status, res.ok ? undefined : res.headers.get("x-request-id") ?? undefined, bytes];
  } catch (e) {
    throw signal.aborted ? "timeout" : "transport: " + (e && e.cause && e.cause.message ? e.message + ": " + e.cause.message : String(e && e.message || e));
  }
}
"#)]
    extern "C" {
        #[wasm_bindgen(js_name = stoneFetch)]
        #[allow(clippy::too_many_arguments)]
        fn stone_fetch(
            method: &str,
            url: &str,
            user_agent: &str,
            bearer: Option<String>,
            key: Option<String>,
            account: Option<String>,
            content_type: Option<String>,
            body: Option<Vec<u8>>,
            timeout_ms: f64,
        ) -> js_sys::Promise;
    }

    #[derive(Debug, Clone)]
    pub(crate) struct Http;

    impl Http {
        pub(crate) fn new() -> Result<Self, String> {
            Ok(Http)
        }

        pub(crate) async fn send(&self, r: Request<'_>) -> Result<Response, Failure> {
            let (content_type, body) = match r.body {
                Some((t, b)) => (Some(t.to_owned()), Some(b)),
                None => (None, None),
            };
            let promise = stone_fetch(
                r.method.as_str(),
                r.url,
                r.user_agent,
                r.bearer.map(str::to_owned),
                r.idempotency_key.map(str::to_owned),
                r.account_id.map(str::to_owned),
                content_type,
                body,
                r.timeout.as_millis() as f64,
            );
            let out = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(|e| match e.as_string() {
                    Some(t) if t == "timeout" => Failure::Timeout,
                    Some(t) => Failure::Transport(t.trim_start_matches("transport: ").to_owned()),
                    None => Failure::Transport("fetch failed".into()),
                })?;
            let parts: Array = out.unchecked_into();
            let bytes: Uint8Array = parts.get(2).unchecked_into();
            Ok(Response {
                status: parts.get(0).as_f64().unwrap_or(0.0) as u16,
                request_id: parts.get(1).as_string(),
                body: bytes::Bytes::from(bytes.to_vec()),
            })
        }
    }
}
