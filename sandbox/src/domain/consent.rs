//! The consent flow of the OpenBank model (SPEC §3): the page a consent
//! link opens (`GET /consentimento?client_id=&jwt=`) checks the consent JWT;
//! `POST /admin/consents` plays the logged-in user who approves (granting
//! the platform access to one account) or ignores it, and answers where
//! Stone would redirect the browser. An approval is also a
//! `consent_request` webhook.

use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use serde::Deserialize;
use serde_json::json;

/// Stone's fixed audience of consent JWTs.
pub const AUDIENCE: &str = "accounts-hubid@openbank.stone.com.br";
/// A consent JWT (and its link) lives at most two hours.
pub const MAX_LIFETIME_SECS: i64 = 2 * 3600;

pub(crate) fn refused(reason: &str) -> Refusal {
    let mut e = Refusal::new(Class::Invalid, "invalid_consent");
    e.body["reason"] = json!(reason);
    e
}

#[derive(Debug, Deserialize)]
pub struct Link {
    pub(crate) client_id: String,
    pub(crate) jwt: String,
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    pub(crate) client_id: String,
    pub(crate) jwt: String,
    /// The account the user shares (approve only).
    pub(crate) account_id: Option<String>,
    /// `approve` or `ignore`.
    pub(crate) decision: String,
}
