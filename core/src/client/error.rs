//! The client's one public error type: what callers act on.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

/// One entry of Stone's `reason[]`: what is wrong, and where in the body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reason {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub path: Vec<String>,
}

/// An error answer of the Stone API, with what support needs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Stone API answered {status} {kind}{}", request_id.as_deref().map(|id| format!(" (x-request-id {id})")).unwrap_or_default())]
pub struct ApiError {
    pub status: u16,
    /// `srn:error:...`, or empty when the body had none.
    pub kind: String,
    /// Stone's `reason[]` (or `errors[]`), cumulative.
    pub reason: Vec<Reason>,
    pub request_id: Option<String>,
    /// The whole body, for fields this SDK does not name yet.
    pub body: Value,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before any request: the input cannot be right.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
    /// Stone answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The auth server refused the credentials (or a token was refused again
    /// right after renewal).
    #[error("authentication failed: {error}: {description}")]
    Authentication {
        status: Option<u16>,
        error: String,
        description: String,
    },
    /// The request could not be sent or its answer read.
    #[error("transport error: {0}")]
    Transport(String),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// An answer that is not what the API documents.
    #[error("could not decode the answer: {0}")]
    Decode(String),
    /// A webhook that failed decryption or verification: do not act on it.
    #[error("webhook refused: {0}")]
    Webhook(#[from] super::webhooks::WebhookError),
}

impl Error {
    /// Builds an `Api` error from a response's parts. Stone's bodies vary
    /// (SPEC §5.7): `reason` may be a list or a string, or be `errors`.
    pub(crate) fn api(status: u16, request_id: Option<String>, body: Value) -> Self {
        let kind = body
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let list = body.get("reason").or_else(|| body.get("errors"));
        let reason = match list {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| {
                    let error = item.get("error").and_then(Value::as_str)?.to_owned();
                    let path = match item.get("path") {
                        Some(Value::Array(p)) => p
                            .iter()
                            .filter_map(|s| s.as_str().map(str::to_owned))
                            .collect(),
                        Some(Value::String(p)) => vec![p.clone()],
                        _ => Vec::new(),
                    };
                    Some(Reason { error, path })
                })
                .collect(),
            Some(Value::String(text)) => vec![Reason {
                error: text.clone(),
                path: Vec::new(),
            }],
            _ => Vec::new(),
        };
        Error::Api(Box::new(ApiError {
            status,
            kind,
            reason,
            request_id,
            body,
        }))
    }
}
