//! The auth server (token endpoint) and the bearer check of every API call.
//!
//! Leniency matches what Stone accepts in practice (see docs/sandbox.md):
//! the client-id claim may be `clientId` (current guide) or `client_id`
//! (Stone's own Go SDK), and assertions may live up to 2 hours (the guide
//! says 15 minutes; Stone's samples send 1–2 hours and work). Longer ones
//! are refused.

use serde::Deserialize;

use crate::domain::store::{Store, Token};
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

/// The checks of §2.2 on a verified assertion's claims.
pub fn check_claims(
    realm_url: &str,
    client_id: &str,
    claims: &Map<String, Value>,
    now: i64,
    addressed: Option<&str>,
) -> Result<(String, i64), String> {
    // On a sandbox bound beyond loopback, the realm as the client addressed
    // it (`Host`) counts too: others reach it by names other than its own.
    let aud_ok =
        |aud: &str| aud == realm_url || aud == STONE_SANDBOX_REALM || Some(aud) == addressed;
    match claims.get("aud") {
        Some(Value::String(aud)) if aud_ok(aud) => {}
        Some(Value::Array(auds)) if auds.iter().filter_map(Value::as_str).any(aud_ok) => {}
        _ => return Err(format!("aud must be {realm_url}")),
    }
    if str_claim(claims, "realm") != Some("stone_bank") {
        return Err("realm must be stone_bank".into());
    }
    if str_claim(claims, "sub") != Some(client_id) {
        return Err("sub must be the client id".into());
    }
    if let Some(iss) = claims.get("iss") {
        if iss.as_str() != Some(client_id) {
            return Err("iss must be the client id".into());
        }
    }
    let named = str_claim(claims, "clientId").or_else(|| str_claim(claims, "client_id"));
    if named != Some(client_id) {
        return Err("clientId (or client_id) must be the client id".into());
    }
    let (exp, nbf, iat) = (
        int_claim(claims, "exp")?,
        int_claim(claims, "nbf")?,
        int_claim(claims, "iat")?,
    );
    if exp <= now {
        return Err("assertion expired".into());
    }
    if nbf > now + LEEWAY {
        return Err("assertion not valid yet (nbf)".into());
    }
    if iat > now + LEEWAY {
        return Err("iat is in the future".into());
    }
    if exp - iat.min(now) > MAX_ASSERTION_LIFETIME {
        return Err(format!(
            "assertion lifetime over {MAX_ASSERTION_LIFETIME} s"
        ));
    }
    let jti = str_claim(claims, "jti")
        .filter(|j| !j.is_empty())
        .ok_or("claim jti missing")?;
    Ok((jti.to_owned(), exp))
}

/// Spends an assertion's id: false when it was used before (assertions
/// cannot be replayed). Ids are forgotten once their assertion expired.
pub fn spend_assertion(store: &mut Store, jti: String, exp: i64, real_now: i64) -> bool {
    store.seen_jti.retain(|_, until| *until > real_now);
    store.seen_jti.insert(jti, exp).is_none()
}

/// Keeps an issued access token (and forgets the expired ones).
pub fn keep_token(store: &mut Store, access_token: String, token: Token, now: i64) {
    store.tokens.retain(|_, t| t.expires_at > now);
    store.tokens.insert(access_token, token);
}

#[cfg(test)]
mod tests {
    use super::*;

    const REALM: &str = "http://127.0.0.1:1/auth/realms/stone_bank";

    fn claims(now: i64) -> Map<String, Value> {
        serde_json::json!({
            "aud": REALM, "realm": "stone_bank", "sub": "app", "clientId": "app",
            "exp": now + 600, "nbf": now, "iat": now, "jti": "j1",
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn an_assertion_as_stone_asks_passes_and_its_id_is_spent_once() {
        let now = 1_780_000_000;
        assert_eq!(
            check_claims(REALM, "app", &claims(now), now, None),
            Ok(("j1".into(), now + 600))
        );
        let mut store = Store::default();
        assert!(spend_assertion(&mut store, "j1".into(), now + 600, now));
        assert!(
            !spend_assertion(&mut store, "j1".into(), now + 600, now),
            "a replay"
        );
        // Forgotten once its assertion expired (it is refused as expired then).
        assert!(spend_assertion(
            &mut store,
            "j1".into(),
            now + 1200,
            now + 601
        ));
    }

    #[test]
    fn each_claim_rule_refuses_with_its_reason() {
        let now = 1_780_000_000;
        let refused = |change: &dyn Fn(&mut Map<String, Value>)| {
            let mut c = claims(now);
            change(&mut c);
            check_claims(REALM, "app", &c, now, None).unwrap_err()
        };
        assert!(refused(&|c| {
            c.insert("aud".into(), "elsewhere".into());
        })
        .starts_with("aud"));
        assert!(refused(&|c| {
            c.insert("sub".into(), "other".into());
        })
        .starts_with("sub"));
        assert!(refused(&|c| {
            c.insert("exp".into(), (now - 1).into());
        })
        .contains("expired"));
        assert!(refused(&|c| {
            c.insert("exp".into(), (now + 3 * 3600).into());
        })
        .contains("lifetime"));
        assert!(refused(&|c| {
            c.remove("jti");
        })
        .contains("jti"));
    }
}
