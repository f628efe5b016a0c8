//! The webhook endpoints: Stone's public keys, the application's log of
//! sent webhooks, and the admin side (URL registration, attempts, retry
//! settings).

use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::server::App;
use crate::http::webhooks::delivery::Settings;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// `GET /api/v1/discovery/keys`: no authentication, as documented.
pub async fn keys(State(app): State<Arc<App>>) -> Json<Value> {
    Json(app.keys.jwks())
}

/// `GET /api/v1/applications/application:{client_id}/webhooks`: what was
/// delivered to the calling application, newest first.
pub async fn sent(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(application): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, &[])?;
    let client_id = application
        .strip_prefix("application:")
        .unwrap_or(&application);
    if client_id != token.client_id {
        return Err(Refusal::unauthorized());
    }
    let store = app.store.lock();
    let data: Vec<Value> = store
        .webhooks_sent
        .iter()
        .rev()
        .filter(|e| e.client_id == client_id)
        .map(crate::http::webhooks::delivery::sent_view)
        .collect();
    Ok(Json(
        json!({"cursor": {"after": null, "before": null, "limit": data.len()}, "data": data}),
    ))
}

/// `GET /admin/webhooks`: every attempt, oldest first.
pub async fn attempts(State(app): State<Arc<App>>) -> Json<Value> {
    let store = app.store.lock();
    Json(json!({"attempts": store.webhook_attempts, "pending": store.outbox.len()}))
}

#[derive(Debug, Deserialize)]
pub struct Registration {
    /// `null` stops deliveries.
    url: Option<String>,
}

/// `PUT /admin/applications/{client_id}/webhook`.
pub async fn register(
    State(app): State<Arc<App>>,
    Path(client_id): Path<String>,
    Json(req): Json<Registration>,
) -> Result<StatusCode, Refusal> {
    if let Some(url) = &req.url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Refusal::validation(&[("url", "must be an http(s) URL")]));
        }
    }
    let mut store = app.store.lock();
    let application = store
        .applications
        .get_mut(&client_id)
        .ok_or_else(Refusal::not_found)?;
    application.webhook_url = req.url;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct SettingsRequest {
    retry_base_ms: Option<u64>,
    timeout_ms: Option<u64>,
}

/// `POST /admin/webhooks/settings`.
pub async fn configure(
    State(app): State<Arc<App>>,
    Json(req): Json<SettingsRequest>,
) -> Json<Value> {
    let mut s = app
        .webhook_settings
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let d = Settings::default();
    *s = Settings {
        retry_base: req
            .retry_base_ms
            .map_or(d.retry_base, Duration::from_millis),
        timeout: req.timeout_ms.map_or(d.timeout, Duration::from_millis),
    };
    Json(json!({"retry_base_ms": s.retry_base.as_millis(), "timeout_ms": s.timeout.as_millis()}))
}
