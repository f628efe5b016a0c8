//! Verification of RS256 compact JWS tokens (the client assertions, and
//! later the consent JWTs). Only RS256 is accepted: a token naming any other
//! algorithm (`none`, `HS256` with the public key as secret, …) is refused
//! before its signature is looked at.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde_json::{Map, Value};
use sha2::Sha256;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwtError {
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    #[error("algorithm {0:?} is not accepted: only RS256")]
    Algorithm(String),
    #[error("bad signature")]
    Signature,
}

/// Parses a public key in PEM (SubjectPublicKeyInfo, as `openssl rsa -pubout`
/// writes it).
pub fn public_key(pem: &str) -> Result<RsaPublicKey, String> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .map_err(|e| format!("invalid RSA public key PEM: {e}"))
}

/// `RsaPublicKey` as PEM text in saved records.
pub mod pem {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::RsaPublicKey;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key: &RsaPublicKey, s: S) -> Result<S::Ok, S::Error> {
        let pem = key
            .to_public_key_pem(LineEnding::LF)
            .map_err(serde::ser::Error::custom)?;
        s.serialize_str(&pem)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RsaPublicKey, D::Error> {
        super::public_key(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

pub(crate) fn decode_json(part: &str) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed("not base64url"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Malformed("not a JSON object")),
    }
}

/// The claims of a token whose header says RS256 and whose signature the
/// key verifies. Claims are not judged here (expiry, audience…): the caller
/// knows the rules of its token.
pub fn verify_rs256(token: &str, key: &RsaPublicKey) -> Result<Map<String, Value>, JwtError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed("expected three dot-separated parts"));
    };
    let head = decode_json(header)?;
    match head.get("alg").and_then(Value::as_str) {
        Some("RS256") => {}
        other => return Err(JwtError::Algorithm(other.unwrap_or("").to_owned())),
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| JwtError::Malformed("signature not base64url"))?;
    let signature = Signature::try_from(signature.as_slice()).map_err(|_| JwtError::Signature)?;
    VerifyingKey::<Sha256>::new(key.clone())
        .verify(format!("{header}.{payload}").as_bytes(), &signature)
        .map_err(|_| JwtError::Signature)?;
    decode_json(payload)
}
