//! The consent flow of the OpenBank model (SPEC §3): the page a consent
//! link opens (`GET /consentimento?client_id=&jwt=`) checks the consent JWT;
//! `POST /admin/consents` plays the logged-in user who approves (granting
//! the platform access to one account) or ignores it, and answers where
//! Stone would redirect the browser. An approval is also a
//! `consent_request` webhook.

use crate::domain::clock::{Clock, Now};
use crate::domain::jwt;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::store::{Application, Model};
use crate::domain::webhooks;
use serde::Deserialize;
use serde_json::json;
use serde_json::{Map, Value};

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

/// The checked claims of a consent JWT of `client_id`.
pub fn check_consent(
    application: Option<&Application>,
    client_id: &str,
    jwt: &str,
) -> Result<Map<String, Value>, Refusal> {
    let a = application.ok_or_else(|| refused("unknown client_id"))?;
    let (key, redirect, model) = (&a.public_key, &a.redirect_uri, a.model);
    if model != Model::Openbank {
        return Err(refused("only OpenBank platforms ask for consent"));
    }
    let claims = jwt::verify_rs256(jwt, key).map_err(|e| refused(&e.to_string()))?;
    let text = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or_default();
    let int = |k: &str| claims.get(k).and_then(Value::as_i64);
    if text("type") != "consent" {
        return Err(refused("type must be \"consent\""));
    }
    if text("client_id") != client_id || text("iss") != client_id {
        return Err(refused(
            "client_id and iss must be the application's ClientID",
        ));
    }
    if text("aud") != AUDIENCE {
        return Err(refused("aud must be accounts-hubid@openbank.stone.com.br"));
    }
    let now = Clock::real_now();
    match (int("iat"), int("nbf"), int("exp")) {
        (Some(iat), Some(nbf), Some(exp)) => {
            if exp <= now {
                return Err(refused("the consent link expired"));
            }
            // Judged against the real clock too: an `iat` set in the
            // future cannot stretch the link's life.
            let too_long = |a: i64, b: i64| a.checked_sub(b).is_none_or(|d| d > MAX_LIFETIME_SECS);
            if iat > now + 60 || too_long(exp, iat) || too_long(exp, now) {
                return Err(refused("a consent JWT lives at most 2 hours"));
            }
            if nbf > now + 60 {
                return Err(refused("not valid yet (nbf)"));
            }
        }
        _ => return Err(refused("iat, nbf and exp are required")),
    }
    if text("jti").is_empty() {
        return Err(refused("jti is required"));
    }
    let uri = text("redirect_uri");
    if uri.is_empty() || redirect.as_deref().is_some_and(|r| r != uri) {
        return Err(refused(
            "redirect_uri must be the one registered at onboarding",
        ));
    }
    match claims.get("session_metadata") {
        Some(Value::Object(m)) if !m.is_empty() => {}
        _ => return Err(refused("session_metadata must be a non-empty object")),
    }
    Ok(claims)
}

/// The owner shares an account with a platform whose consent JWT said
/// `claims`: the platform may operate it from now on, and is told by a
/// `consent_request` webhook (to it alone, with the session's metadata at
/// the top level, SPEC §3.6). False when it already could.
pub fn grant(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    account_id: &str,
    claims: &Map<String, Value>,
) -> Result<bool, Refusal> {
    let account = store
        .account(account_id)
        .cloned()
        .ok_or_else(Refusal::not_found)?;
    let granted = store
        .access
        .entry(client_id.to_owned())
        .or_default()
        .insert(account_id.to_owned());
    if granted {
        let view = json!({
            "id": account.id, "account_code": account.account_code, "branch_code": account.branch_code,
            "owner_document": account.owner_document, "owner_id": account.owner_id,
            "created_at": account.created_at, "closed_at": Value::Null,
        });
        let metadata = claims
            .get("session_metadata")
            .cloned()
            .unwrap_or(Value::Null);
        webhooks::emit_to(
            store,
            now,
            client_id,
            "consent_request",
            "paymentaccount",
            "",
            view,
            Some(("session_metadata", metadata)),
        );
    }
    Ok(granted)
}

/// The owner takes a platform's access back (404 when it had none): its
/// calls on the account are refused from then on, as before consent.
pub fn revoke_access(store: &mut Store, client_id: &str, account_id: &str) -> Result<(), Refusal> {
    let revoked = store
        .access
        .get_mut(client_id)
        .is_some_and(|ids| ids.remove(account_id));
    if revoked {
        Ok(())
    } else {
        Err(Refusal::not_found())
    }
}
