//! Webhook bodies as they arrive from the network, opened with the demo
//! application's key against the sandbox's signing key (`jose`, the
//! sandbox's own sealing code, makes the valid ones):
//! - selector 0: the bytes as the body (JSON with a JWE, or a bare JWE);
//! - selector 1: the bytes as the event's claims, signed and sealed like a
//!   real delivery, so the typing of any event Stone might send is fuzzed;
//! - selector 2: the bytes as a JWS for the signature step alone.
//!
//! Hostile input is a `WebhookError` or an `Unknown` event, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stone_openbank::client::webhooks::{open, verify};
use stone_openbank::client::{Jwks, PrivateKey};
use stone_sandbox::domain::webhooks::jose;

struct Keys {
    app: PrivateKey,
    app_public: rsa::RsaPublicKey,
    stone: jose::Keys,
    jwks: Jwks,
}

const NOW: i64 = 1_700_000_000;

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        use rsa::pkcs8::DecodePrivateKey;
        let pem = stone_sandbox::domain::seed::DEMO_PRIVATE_KEY_PEM;
        let stone = jose::Keys::load().expect("the sandbox's signing key");
        Keys {
            app: PrivateKey::from_pem(pem).expect("the demo key"),
            app_public: rsa::RsaPrivateKey::from_pkcs8_pem(pem)
                .expect("the demo key")
                .to_public_key(),
            jwks: Jwks::from_json(&stone.jwks()).expect("the sandbox's JWKS"),
            stone,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let k = keys();
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    match selector % 3 {
        0 => {
            let _ = open(bytes, &k.app, &k.jwks, None, NOW);
        }
        1 => {
            let Ok(serde_json::Value::Object(mut claims)) = serde_json::from_slice(bytes) else {
                return;
            };
            // The time claims are the harness's: the event is current (a
            // future `nbf` or a past `exp` is rightly refused, as the first
            // campaign's one crash showed).
            claims.insert("iat".into(), NOW.into());
            claims.insert("nbf".into(), NOW.into());
            claims.insert("exp".into(), (NOW + 300).into());
            let jws = k.stone.sign(&serde_json::Value::Object(claims));
            let jwe = jose::encrypt(&k.app_public, jws.as_bytes()).expect("sealed");
            open(jwe.as_bytes(), &k.app, &k.jwks, None, NOW)
                .expect("a webhook sealed by the sandbox opens, whatever its event");
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(bytes) {
                let _ = verify(text, &k.jwks, NOW);
            }
        }
    }
});
