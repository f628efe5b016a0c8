//! The auth server (token endpoint) and the bearer check of every API call.
//!
//! Leniency matches what Stone accepts in practice (see docs/sandbox.md):
//! the client-id claim may be `clientId` (current guide) or `client_id`
//! (Stone's own Go SDK), and assertions may live up to 2 hours (the guide
//! says 15 minutes; Stone's samples send 1–2 hours and work). Longer ones
//! are refused.

use serde::Deserialize;
use serde_json::{Map, Value};

/// Access tokens live 15 minutes, as Stone's.
pub const TOKEN_LIFETIME: i64 = 900;
/// The longest assertion lifetime accepted (exp − iat).
pub const MAX_ASSERTION_LIFETIME: i64 = 2 * 3600;
/// Clock skew tolerated on `nbf` and `iat`.
pub(crate) const LEEWAY: i64 = 60;
pub(crate) const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Stone's own sandbox realm: clients configured for Stone's sandbox but
/// pointed here send it as `aud`.
pub(crate) const STONE_SANDBOX_REALM: &str =
    "https://sandbox-accounts.openbank.stone.com.br/auth/realms/stone_bank";

#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    pub(crate) grant_type: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) client_assertion: Option<String>,
    pub(crate) client_assertion_type: Option<String>,
}

pub(crate) fn int_claim(claims: &Map<String, Value>, name: &str) -> Result<i64, String> {
    claims
        .get(name)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("claim {name} missing or not an integer"))
}

pub(crate) fn str_claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

/// Whether `granted` covers `needed`: exact, or a `prefix:*` wildcard.
pub(crate) fn covers(granted: &str, needed: &str) -> bool {
    granted == needed
        || granted
            .strip_suffix('*')
            .is_some_and(|prefix| needed.starts_with(prefix))
}
