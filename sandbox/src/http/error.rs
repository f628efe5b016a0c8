//! Refusals as HTTP answers: the one table from a refusal's class to its
//! status (Stone's statuses, SPEC §5.7), and the JSON bodies in and out.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::domain::refusal::{Class, Refusal};

/// The status Stone answers each class of refusal with.
pub fn status_of(class: Class) -> StatusCode {
    match class {
        Class::Invalid => StatusCode::BAD_REQUEST,
        Class::Unauthenticated => StatusCode::UNAUTHORIZED,
        Class::Forbidden => StatusCode::FORBIDDEN,
        Class::NotFound => StatusCode::NOT_FOUND,
        Class::Conflict => StatusCode::CONFLICT,
        Class::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
        Class::Locked => StatusCode::LOCKED,
        Class::KeyTooLong => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        Class::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (status_of(self.class), Json(self.body)).into_response()
    }
}

/// An error of the HTTP machinery itself (a body too large, a method a
/// route does not have), in Stone's shape: no refusal class applies.
pub fn plain(status: StatusCode, kind: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "type": format!("srn:error:{kind}") })),
    )
        .into_response()
}

/// A request body that must be a JSON object, or Stone's validation error.
pub fn body_of(body: &[u8]) -> Result<Value, Refusal> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| Refusal::validation(&[("body", "must be a JSON object")]))
}

/// A record as the JSON body of a 200; serialising our own types cannot
/// fail, but if it did the client gets a 500, not a panic.
pub fn json_of<T: serde::Serialize>(value: &T) -> Result<Json<Value>, Refusal> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|_| Refusal::new(Class::Internal, "internal"))
}
