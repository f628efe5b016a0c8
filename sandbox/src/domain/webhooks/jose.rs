//! Stone's webhook cryptography (SPEC §9.3): the event is a JWT signed RS256
//! by the sandbox's key (published with its `kid` at
//! `/api/v1/discovery/keys`), then encrypted as a compact JWE
//! (RSA-OAEP-256 key wrapping, A256GCM content) to the application's key.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::rand_core::{OsRng, RngCore};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::Sha256;

/// The sandbox's signing key: fixed, so a client may pin it in tests; it
/// signs nothing of value.
pub(crate) const SIGNING_PEM: &str = include_str!("../../../seed/stone-signing.pem");
pub const SIGNING_KID: &str = "sandbox-sig-2026";
pub const ENCRYPTION_KID: &str = "sandbox-enc-2026";

#[derive(Debug)]
pub struct Keys {
    pub(crate) signing: RsaPrivateKey,
}

impl Keys {
    pub fn load() -> Result<Keys, String> {
        RsaPrivateKey::from_pkcs8_pem(SIGNING_PEM)
            .map(|signing| Keys { signing })
            .map_err(|e| format!("sandbox signing key: {e}"))
    }

    /// The public JWKS: the signing key (`use: sig`) and, as Stone
    /// publishes one for encrypted requests, the same modulus as `enc`.
    pub fn jwks(&self) -> Value {
        let public = self.signing.to_public_key();
        let n = URL_SAFE_NO_PAD.encode(public.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(public.e().to_bytes_be());
        json!({"keys": [
            {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": SIGNING_KID, "n": n, "e": e},
            {"kty": "RSA", "use": "enc", "alg": "RSA-OAEP-256", "kid": ENCRYPTION_KID, "n": n, "e": e},
        ]})
    }

    /// A compact JWS (RS256) of `claims`.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": SIGNING_KID});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let key = SigningKey::<Sha256>::new(self.signing.clone());
        let signature = key.sign(input.as_bytes()).to_bytes();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }
}

/// A compact JWE of `plaintext` to `recipient`: RSA-OAEP-256 wraps a fresh
/// 256-bit key, AES-256-GCM encrypts with the protected header as AAD.
pub fn encrypt(recipient: &RsaPublicKey, plaintext: &[u8]) -> Result<String, String> {
    let header = json!({"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT"});
    let protected = URL_SAFE_NO_PAD.encode(header.to_string());
    let mut cek = [0u8; 32];
    OsRng.fill_bytes(&mut cek);
    let mut iv = [0u8; 12];
    OsRng.fill_bytes(&mut iv);
    let wrapped = recipient
        .encrypt(&mut OsRng, Oaep::new::<Sha256>(), &cek)
        .map_err(|e| format!("key wrapping: {e}"))?;
    let cipher = Aes256Gcm::new_from_slice(&cek).map_err(|e| e.to_string())?;
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: plaintext,
                aad: protected.as_bytes(),
            },
        )
        .map_err(|e| format!("content encryption: {e}"))?;
    // AES-GCM appends the 16-byte tag.
    let (ciphertext, tag) = sealed.split_at(sealed.len().saturating_sub(16));
    Ok(format!(
        "{protected}.{}.{}.{}.{}",
        URL_SAFE_NO_PAD.encode(wrapped),
        URL_SAFE_NO_PAD.encode(iv),
        URL_SAFE_NO_PAD.encode(ciphertext),
        URL_SAFE_NO_PAD.encode(tag)
    ))
}
