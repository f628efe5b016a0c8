//! The endpoints of [`crate::domain::consent`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::consent::*;
use crate::domain::refusal::Refusal;
use crate::http::server::App;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::Json;
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn check(app: &App, client_id: &str, jwt: &str) -> Result<Map<String, Value>, Refusal> {
    // The application is copied out: the signature is checked without the
    // store's lock.
    let application = app.store.lock().applications.get(client_id).cloned();
    check_consent(application.as_ref(), client_id, jwt)
}

/// `GET /consentimento`: what the user would see.
pub async fn page(
    State(app): State<Arc<App>>,
    Query(link): Query<Link>,
) -> Result<Html<String>, Refusal> {
    let claims = check(&app, &link.client_id, &link.jwt)?;
    let name = app
        .store
        .lock()
        .applications
        .get(&link.client_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    Ok(Html(format!(
        "<!doctype html><meta charset=utf-8><title>Consentimento (sandbox)</title>\
         <h1>{} pede acesso às suas contas</h1><p>Sandbox do SDK stone-openbank: aprove com \
         <code>POST /admin/consents</code>. Retorno: <code>{}</code></p>",
        escape(&name),
        escape(
            claims
                .get("redirect_uri")
                .and_then(Value::as_str)
                .unwrap_or_default()
        )
    )))
}

/// `POST /admin/consents`: the user's decision; `{"redirect_to": ...}`.
pub async fn decide(
    State(app): State<Arc<App>>,
    Json(d): Json<Decision>,
) -> Result<Json<Value>, Refusal> {
    let claims = check(&app, &d.client_id, &d.jwt)?;
    let mut query: Vec<(String, String)> = claims
        .get("session_metadata")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let result = match d.decision.as_str() {
        "ignore" => "ignored",
        "approve" => {
            let account_id = d.account_id.ok_or_else(|| {
                Refusal::validation(&[("account_id", "the account the user shares")])
            })?;
            let now = Now::of(&app.clock);
            let mut store = app.store.lock();
            let granted = grant(&mut store, &now, &d.client_id, &account_id, &claims)?;
            query.push(("resource_id".into(), account_id.clone()));
            if granted {
                "approved"
            } else {
                "already_granted"
            }
        }
        _ => return Err(Refusal::validation(&[("decision", "approve or ignore")])),
    };
    query.push(("consent_result".into(), result.into()));
    let redirect = claims
        .get("redirect_uri")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
    let sep = if redirect.contains('?') { '&' } else { '?' };
    Ok(Json(
        json!({ "consent_result": result, "redirect_to": format!("{redirect}{sep}{encoded}") }),
    ))
}

/// `DELETE /admin/consents/{client_id}/{account_id}`: the owner revokes a
/// platform's access in Stone's app (Stone's docs describe no API for it;
/// the owner does it in the app). From then on the platform's calls on the
/// account are 403, as before consent; 404 when there was no consent.
pub async fn revoke(
    State(app): State<Arc<App>>,
    axum::extract::Path((client_id, account_id)): axum::extract::Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    revoke_access(&mut app.store.lock(), &client_id, &account_id)?;
    Ok(Json(
        json!({"revoked": {"client_id": client_id, "account_id": account_id}}),
    ))
}
