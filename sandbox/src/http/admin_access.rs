//! Who may call `/admin/...` (the endpoints that move the clock, inject
//! faults, approve operations and create applications) and the owner's app
//! `/app` (which approves operations too). On loopback, the
//! machine's own users, as any local development server. Bound beyond
//! loopback, nobody unless an admin token is configured, and then only a
//! caller presenting it (`Authorization: Bearer <token>`).

use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::server::App;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The rule, fixed at start.
#[derive(Debug, Clone)]
pub enum AdminAccess {
    /// Loopback without a token: open to local callers.
    Local,
    /// A token is configured: required, wherever the sandbox listens.
    /// Kept as its SHA-256 (compared without early exit, never printed).
    Token([u8; 32]),
    /// Bound beyond loopback without a token: refused to everyone.
    Closed,
}

impl AdminAccess {
    pub fn new(loopback: bool, token: Option<&str>) -> Self {
        match token.filter(|t| !t.is_empty()) {
            Some(token) => AdminAccess::Token(Sha256::digest(token.as_bytes()).into()),
            None if loopback => AdminAccess::Local,
            None => AdminAccess::Closed,
        }
    }

    fn admits(&self, request: &Request) -> Result<(), Refusal> {
        match self {
            AdminAccess::Local => Ok(()),
            AdminAccess::Closed => Err(Refusal::with_message(
                Class::Forbidden,
                "admin_disabled",
                "the sandbox listens beyond loopback without an admin token: /admin is closed",
            )),
            AdminAccess::Token(expected) => {
                let presented = request
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(|t| <[u8; 32]>::from(Sha256::digest(t.trim().as_bytes())));
                // Digests compared in full: the time taken says nothing.
                let same = presented.is_some_and(|p| {
                    p.iter()
                        .zip(expected)
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
                });
                if same {
                    Ok(())
                } else {
                    Err(Refusal::with_message(
                        Class::Unauthenticated,
                        "unauthorized",
                        "/admin needs the sandbox's admin token (Authorization: Bearer)",
                    ))
                }
            }
        }
    }
}

/// The middleware: applies the rule to `/admin/...` paths.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/admin/") || path == "/app" || path.starts_with("/app/") {
        if let Err(refused) = app.admin_access.admits(&request) {
            return refused.into_response();
        }
    }
    next.run(request).await
}
