//! The endpoints of [`crate::domain::auth`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::auth::*;
use crate::domain::clock;
use crate::domain::jwt;
use crate::domain::refusal::Refusal;
use crate::domain::store::Token;
use crate::http::server::App;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde_json::json;
use std::sync::Arc;

/// An OAuth error as Keycloak (Stone's auth server) writes it.
fn oauth_error(status: StatusCode, error: &str, description: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description.into() })),
    )
        .into_response()
}

/// The application's name: any non-empty UTF-8 text (`Integração ERP
/// Açaí`), as Stone takes it; only an absent or blank one is refused.
/// (`to_str` would refuse every byte beyond ASCII.)
fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("user-agent")
        .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `POST /auth/realms/stone_bank/protocol/openid-connect/token`.
pub async fn token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(req): Form<TokenRequest>,
) -> Response {
    if user_agent(&headers).is_none() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "User-Agent (the application's name) is mandatory",
        );
    }
    if req.grant_type.as_deref() != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    if req.client_assertion_type.as_deref() != Some(ASSERTION_TYPE) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("client_assertion_type must be {ASSERTION_TYPE}"),
        );
    }
    let (Some(client_id), Some(assertion)) = (req.client_id, req.client_assertion) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id and client_assertion are required",
        );
    };
    let Some(application) = app.store.lock().applications.get(&client_id).cloned() else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client_id",
        );
    };
    let claims = match jwt::verify_rs256(&assertion, &application.public_key) {
        Ok(claims) => claims,
        Err(e) => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", e.to_string()),
    };
    // Assertions by the real clock (see Clock::real_now), tokens by the
    // sandbox's.
    let real_now = clock::Clock::real_now();
    let addressed = app
        .exposed
        .then(|| headers.get("host").and_then(|h| h.to_str().ok()))
        .flatten()
        .map(|host| format!("http://{host}/auth/realms/stone_bank"));
    let (jti, exp) = match check_claims(
        &app.realm_url,
        &client_id,
        &claims,
        real_now,
        addressed.as_deref(),
    ) {
        Ok(ok) => ok,
        Err(e) => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", e),
    };
    let now = app.clock.now();
    let mut store = app.store.lock();
    if !spend_assertion(&mut store, jti, exp, real_now) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "jti already used: assertions cannot be replayed",
        );
    }
    // A JWT as Stone's (RS256 by the key of `/api/v1/discovery/keys`, its
    // `kid` in the header), so a client can read its lifetime from `exp`;
    // the store still decides whether it is valid (expiry by the sandbox's
    // clock, as `exp` is written).
    let session_state = uuid::Uuid::new_v4().to_string();
    let scope = application.scopes.join(" ");
    let access_token = app.keys.sign(&json!({
        "jti": uuid::Uuid::new_v4(),
        "exp": now + TOKEN_LIFETIME,
        "nbf": 0,
        "iat": now,
        "iss": app.realm_url,
        "sub": format!("service-account-{client_id}"),
        "typ": "Bearer",
        "azp": client_id,
        "clientId": client_id,
        "realm": "stone_bank",
        "session_state": session_state,
        "acr": "1",
        "scope": scope,
    }));
    // Stone returns a refresh token but documents no refresh flow (SPEC
    // §2.3): a client re-runs the client-credentials grant, as here.
    let refresh_token = app.keys.sign(&json!({
        "jti": uuid::Uuid::new_v4(),
        "exp": now + TOKEN_LIFETIME,
        "nbf": 0,
        "iat": now,
        "iss": app.realm_url,
        "typ": "Refresh",
        "azp": client_id,
        "session_state": session_state,
    }));
    keep_token(
        &mut store,
        access_token.clone(),
        Token {
            client_id,
            scopes: application.scopes.clone(),
            expires_at: now + TOKEN_LIFETIME,
        },
        now,
    );
    Json(json!({
        "access_token": access_token,
        "expires_in": TOKEN_LIFETIME,
        "refresh_expires_in": 0,
        "refresh_token": refresh_token,
        "token_type": "bearer",
        "not-before-policy": 0,
        "session_state": session_state,
        "scope": scope,
    }))
    .into_response()
}

/// The caller of an API request: its token checked, not expired, with one of
/// the `scopes` (any of them suffices, as Stone documents alternatives;
/// none named: any valid token).
pub fn caller(app: &App, headers: &HeaderMap, scopes: &[&str]) -> Result<Token, Refusal> {
    if user_agent(headers).is_none() {
        return Err(Refusal::validation(&[(
            "User-Agent",
            "is mandatory: the application's name",
        )]));
    }
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(Refusal::unauthenticated)?;
    let found = app
        .store
        .lock()
        .tokens
        .get(token)
        .cloned()
        .filter(|t| t.expires_at > app.clock.now())
        .ok_or_else(Refusal::unauthenticated)?;
    // No scope named: any valid token will do (reference data).
    let allowed = scopes.is_empty()
        || scopes
            .iter()
            .any(|needed| found.scopes.iter().any(|g| covers(g, needed)));
    if !allowed {
        return Err(Refusal::unauthorized());
    }
    Ok(found)
}
