//! The client assertion (SPEC §2.2): an RS256 JWT the application signs to
//! ask for a token. We send the documented claim names (`clientId`) and a
//! short lifetime (5 minutes: the guide's limit is 15), with every claim the
//! current guide lists, and a fresh UUID as `jti`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::json;
use sha2::Sha256;

use super::credentials::PrivateKey;

pub const LIFETIME_SECS: i64 = 300;

pub fn build(client_id: &str, key: &PrivateKey, realm_url: &str, now: i64) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let claims = json!({
        "exp": now + LIFETIME_SECS,
        "nbf": now,
        "iat": now,
        "aud": realm_url,
        "realm": "stone_bank",
        "sub": client_id,
        "iss": client_id,
        "clientId": client_id,
        "jti": super::new_uuid(),
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = SigningKey::<Sha256>::new((*key.0).clone()).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}
