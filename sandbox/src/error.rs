//! Error responses in Stone's shape: `{"type": "srn:error:<name>", ...}`
//! with the documented status, and `reason[]` for validation errors.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str) -> Self {
        ApiError {
            status,
            body: json!({ "type": format!("srn:error:{kind}") }),
        }
    }

    /// With a `message` saying what to do about it.
    pub fn with_message(status: StatusCode, kind: &str, message: &str) -> Self {
        ApiError {
            status,
            body: json!({ "type": format!("srn:error:{kind}"), "message": message }),
        }
    }

    /// 401 `srn:error:unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated")
    }

    /// 403 `srn:error:unauthorized`.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::FORBIDDEN, "unauthorized")
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found")
    }

    /// 400 `srn:error:validation` with `reason[]` (errors are cumulative).
    pub fn validation(reasons: &[(&str, &str)]) -> Self {
        let reason: Vec<Value> = reasons
            .iter()
            .map(|(path, error)| json!({ "error": error, "path": path.split('.').collect::<Vec<_>>() }))
            .collect();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "type": "srn:error:validation", "reason": reason }),
        }
    }
}

/// A record as the JSON body of a 200; serialising our own types cannot
/// fail, but if it did the client gets a 500, not a panic.
/// A request body that must be a JSON object, or Stone's validation error.
pub fn body_of(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| ApiError::validation(&[("body", "must be a JSON object")]))
}

pub fn json_of<T: serde::Serialize>(value: &T) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
