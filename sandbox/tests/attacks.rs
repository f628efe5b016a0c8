//! The attack suites as counted tables: client assertions and access tokens
//! at the sandbox, sealed webhooks at the SDK's verifier, and one tenant
//! reaching another's accounts. Each case is run, and what came back is
//! printed as a markdown row (`cargo test -p stone-sandbox --test attacks
//! -- --nocapture` shows the tables of docs/reliability.md), with the count
//! of refusals; the test then fails on any case not refused the expected
//! way. A control case per table shows the genuine article passes, so the
//! refusals are not a server that refuses everything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::{b64, Env, ASSERTION_TYPE, OTHER_KEY};
use reqwest::Method;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use stone_openbank::client::webhooks::open;
use stone_openbank::client::{Jwks, PrivateKey};
use stone_sandbox::domain::seed::{
    DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM, DEMO_PUBLIC_KEY_PEM,
};
use stone_sandbox::domain::webhooks::jose::{encrypt, Keys, SIGNING_KID};

const OTHER_PUBLIC_KEY: &str = include_str!("../seed/other-app.pub.pem");
/// The sandbox's (Stone's) signing key: registered by no application, so
/// at the token endpoint it is "a key nobody knows".
const STONE_SIGNING_KEY: &str = include_str!("../seed/stone-signing.pem");

// ---------------------------------------------------------------- tables

/// One case: its name, what came back, and the answers that count as the
/// expected refusal (more than one where the transport may answer either
/// way, e.g. a 431 or a closed connection).
struct Row {
    case: String,
    answer: String,
    expected: &'static [&'static str],
}

fn row(case: &str, answer: String, expected: &'static [&'static str]) -> Row {
    Row {
        case: case.to_owned(),
        answer,
        expected,
    }
}

/// Prints the table in one piece (tests run in parallel: line by line they
/// would interleave), with `controls` (genuine input; a replay, which is
/// detected rather than refused) first and not counted,
/// then fails on any case not refused as expected.
fn judge(table: &str, controls: &[(&str, String)], rows: &[Row]) {
    let mut out = format!("\n### {table}\n\n| case | answer |\n|---|---|\n");
    for (case, answer) in controls {
        out += &format!("| {case} | {answer} |\n");
    }
    for r in rows {
        let mark = if r.expected.contains(&r.answer.as_str()) {
            String::new()
        } else {
            format!(" **expected {}**", r.expected.join(" or "))
        };
        out += &format!("| {} | {}{mark} |\n", r.case, r.answer);
    }
    let refused = rows
        .iter()
        .filter(|r| !r.answer.starts_with("ACCEPTED"))
        .count();
    out += &format!("\n{table}: refused {refused} of {}\n", rows.len());
    println!("{out}");
    let wrong: Vec<String> = rows
        .iter()
        .filter(|r| !r.expected.contains(&r.answer.as_str()))
        .map(|r| format!("{}: {} (expected {:?})", r.case, r.answer, r.expected))
        .collect();
    assert!(wrong.is_empty(), "{table}:\n{}", wrong.join("\n"));
}

/// An HTTP answer as a table shows it: the status and the error's name
/// (`error` of an OAuth answer, the last segment of `type` otherwise: the
/// BCB API's types are URLs), or ACCEPTED for a 2xx.
async fn answer_of(sent: Result<reqwest::Response, reqwest::Error>) -> String {
    let res = match sent {
        Ok(res) => res,
        // The server hung up (e.g. a header past hyper's limit): refused.
        Err(_) => return "connection closed".to_owned(),
    };
    let status = res.status().as_u16();
    if (200..300).contains(&status) {
        return format!("ACCEPTED {status}");
    }
    let body: Value = res.json().await.unwrap_or(Value::Null);
    let name = body["error"]
        .as_str()
        .or_else(|| body["type"].as_str())
        .map_or("", |t| t.rsplit('/').next().unwrap_or(t));
    format!("{status} {name}").trim_end().to_owned()
}

// ------------------------------------------------------------- JOSE kit

fn b64_bytes(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The signing input `header.payload` of JSON parts.
fn input(header: &Value, claims: &Value) -> String {
    format!("{}.{}", b64(header), b64(claims))
}

/// A compact JWS: RS256 by `pem` over an already encoded input.
fn rs256(input: &str, pem: &str) -> String {
    let key = SigningKey::<Sha256>::new(RsaPrivateKey::from_pkcs8_pem(pem).unwrap());
    format!(
        "{input}.{}",
        b64_bytes(&key.sign(input.as_bytes()).to_vec())
    )
}

/// HMAC-SHA256 (RFC 2104) by hand over `sha2`: the classic forgery keys
/// it with the victim's public key, hoping the verifier takes the `alg`
/// the token names and the key it holds as an HMAC secret.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|k| k ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// A compact JWS: HS256 keyed with `secret`.
fn hs256(input: &str, secret: &[u8]) -> String {
    format!(
        "{input}.{}",
        b64_bytes(&hmac_sha256(secret, input.as_bytes()))
    )
}

/// The PEM of the RSA key in a JWKS (its first entry), as an attacker
/// would rebuild it from what the server publishes.
fn published_pem(jwks: &Value) -> String {
    let part = |name: &str| {
        BigUint::from_bytes_be(
            &URL_SAFE_NO_PAD
                .decode(jwks["keys"][0][name].as_str().unwrap())
                .unwrap(),
        )
    };
    RsaPublicKey::new(part("n"), part("e"))
        .unwrap()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

/// `text` with the first character of dot-separated part `index` changed.
fn flip(text: &str, index: usize) -> String {
    let mut parts: Vec<String> = text.split('.').map(str::to_owned).collect();
    let to = if parts[index].starts_with('A') {
        "B"
    } else {
        "A"
    };
    parts[index].replace_range(0..1, to);
    parts.join(".")
}

/// `text` with dot-separated part `index` replaced.
fn replace_part(text: &str, index: usize, with: &str) -> String {
    let mut parts: Vec<&str> = text.split('.').collect();
    parts[index] = with;
    parts.join(".")
}

#[test]
fn the_hand_made_hmac_is_hmac() {
    // RFC 4231, test case 2.
    let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    assert_eq!(
        mac.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

// ------------------------------------------ 1. assertions and access tokens

async fn post_assertion(env: &Env, client_id: &str, assertion: &str) -> String {
    let sent = env
        .http
        .post(format!(
            "{}/auth/realms/stone_bank/protocol/openid-connect/token",
            env.sandbox.base_url()
        ))
        .header("user-agent", "sdk-tests")
        .form(&[
            ("client_id", client_id),
            ("grant_type", "client_credentials"),
            ("client_assertion", assertion),
            ("client_assertion_type", ASSERTION_TYPE),
        ])
        .send()
        .await;
    answer_of(sent).await
}

async fn get_accounts(env: &Env, token: &str) -> String {
    let sent = env
        .http
        .get(format!("{}/api/v1/accounts", env.sandbox.base_url()))
        .header("user-agent", "sdk-tests")
        .bearer_auth(token)
        .send()
        .await;
    answer_of(sent).await
}

const INVALID_CLIENT: &[&str] = &["401 invalid_client"];
const UNAUTHENTICATED: &[&str] = &["401 srn:error:unauthenticated"];

#[tokio::test]
async fn client_assertions_and_access_tokens() {
    let env = Env::new().await;
    // Another application, with its own key, so "signed by another
    // application's key" is that and not merely an unknown key.
    let (status, body) = env
        .admin(
            "/admin/applications",
            &json!({"client_id": "other-app", "name": "Other", "model": "own_account",
                    "public_key_pem": OTHER_PUBLIC_KEY}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let now = stone_sandbox::domain::clock::Clock::real_now();
    let rs = json!({"alg": "RS256", "typ": "JWT"});
    let claims = || env.claims(DEMO_CLIENT_ID);
    let signed = |claims: &Value| rs256(&input(&rs, claims), DEMO_PRIVATE_KEY_PEM);
    let altered = |f: &dyn Fn(&mut Value)| {
        let mut c = claims();
        f(&mut c);
        signed(&c)
    };
    let control = signed(&claims());
    let controls = vec![(
        "control: genuine assertion",
        post_assertion(&env, DEMO_CLIENT_ID, &control).await,
    )];

    // Sent once for real, so the case below is a replay.
    let replayed = signed(&claims());
    assert_eq!(
        post_assertion(&env, DEMO_CLIENT_ID, &replayed).await,
        "ACCEPTED 200"
    );
    // Padding inside the claims: the size is the attack, not the JSON.
    let padded = |size: usize| {
        let mut c = claims();
        c["pad"] = json!("x".repeat(size));
        rs256(&input(&rs, &c), OTHER_KEY)
    };

    let assertions: Vec<(&str, &str, String, &'static [&'static str])> = vec![
        (
            "assertion: alg none (unsigned)",
            DEMO_CLIENT_ID,
            format!(
                "{}.",
                input(&json!({"alg": "none", "typ": "JWT"}), &claims())
            ),
            INVALID_CLIENT,
        ),
        (
            "assertion: HS256 keyed with the application's public key PEM",
            DEMO_CLIENT_ID,
            hs256(
                &input(&json!({"alg": "HS256", "typ": "JWT"}), &claims()),
                DEMO_PUBLIC_KEY_PEM.as_bytes(),
            ),
            INVALID_CLIENT,
        ),
        (
            "assertion: RS256 signature under a header claiming HS256",
            DEMO_CLIENT_ID,
            rs256(
                &input(&json!({"alg": "HS256", "typ": "JWT"}), &claims()),
                DEMO_PRIVATE_KEY_PEM,
            ),
            INVALID_CLIENT,
        ),
        (
            "assertion: wrong aud (Stone's production realm)",
            DEMO_CLIENT_ID,
            altered(&|c| {
                c["aud"] = json!("https://accounts.openbank.stone.com.br/auth/realms/stone_bank")
            }),
            INVALID_CLIENT,
        ),
        (
            "assertion: wrong realm",
            DEMO_CLIENT_ID,
            altered(&|c| c["realm"] = json!("master")),
            INVALID_CLIENT,
        ),
        (
            "assertion: expired",
            DEMO_CLIENT_ID,
            altered(&|c| {
                c["iat"] = json!(now - 600);
                c["nbf"] = json!(now - 600);
                c["exp"] = json!(now - 1);
            }),
            INVALID_CLIENT,
        ),
        (
            "assertion: not yet valid (nbf now + 10 min)",
            DEMO_CLIENT_ID,
            altered(&|c| c["nbf"] = json!(now + 600)),
            INVALID_CLIENT,
        ),
        (
            "assertion: issued in the future (iat now + 10 min)",
            DEMO_CLIENT_ID,
            altered(&|c| c["iat"] = json!(now + 600)),
            INVALID_CLIENT,
        ),
        (
            "assertion: lifetime over the 2 h limit",
            DEMO_CLIENT_ID,
            // Relative to the assertion's own iat: a second may pass while
            // the cases are built.
            altered(&|c| c["exp"] = json!(c["iat"].as_i64().unwrap() + 7201)),
            INVALID_CLIENT,
        ),
        (
            "assertion: no exp",
            DEMO_CLIENT_ID,
            altered(&|c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
            INVALID_CLIENT,
        ),
        (
            "assertion: no jti",
            DEMO_CLIENT_ID,
            altered(&|c| {
                c.as_object_mut().unwrap().remove("jti");
            }),
            INVALID_CLIENT,
        ),
        (
            "assertion: replayed jti",
            DEMO_CLIENT_ID,
            replayed,
            INVALID_CLIENT,
        ),
        (
            "assertion: wrong sub",
            DEMO_CLIENT_ID,
            altered(&|c| c["sub"] = json!("other-app")),
            INVALID_CLIENT,
        ),
        (
            "assertion: wrong iss",
            DEMO_CLIENT_ID,
            altered(&|c| c["iss"] = json!("other-app")),
            INVALID_CLIENT,
        ),
        (
            "assertion: wrong clientId",
            DEMO_CLIENT_ID,
            altered(&|c| c["clientId"] = json!("other-app")),
            INVALID_CLIENT,
        ),
        (
            // The two demo applications share one key: only the claims
            // stop one from passing as the other.
            "assertion: another application's genuine assertion, sent under its client_id",
            DEMO_OPENBANK_CLIENT_ID,
            signed(&claims()),
            INVALID_CLIENT,
        ),
        (
            "assertion: signed by another application's key",
            DEMO_CLIENT_ID,
            rs256(&input(&rs, &claims()), OTHER_KEY),
            INVALID_CLIENT,
        ),
        (
            "assertion: signed by a key no application registered (unknown kid)",
            DEMO_CLIENT_ID,
            rs256(
                &input(
                    &json!({"alg": "RS256", "typ": "JWT", "kid": "unknown-kid"}),
                    &claims(),
                ),
                STONE_SIGNING_KEY,
            ),
            INVALID_CLIENT,
        ),
        (
            "assertion: unknown client_id",
            "no-such-client",
            signed(&claims()),
            INVALID_CLIENT,
        ),
        (
            "assertion: 1 MB, forged",
            DEMO_CLIENT_ID,
            padded(1 << 20),
            INVALID_CLIENT,
        ),
        (
            "assertion: 3 MB (over the body limit)",
            DEMO_CLIENT_ID,
            padded(3 << 20),
            &["413 srn:error:payload_too_large", "connection closed"],
        ),
        (
            "assertion: malformed base64 (header)",
            DEMO_CLIENT_ID,
            replace_part(&signed(&claims()), 0, "eyJ!!!"),
            INVALID_CLIENT,
        ),
        (
            // Signed for real, so the JSON parser is what is exercised.
            "assertion: malformed JSON payload, validly signed",
            DEMO_CLIENT_ID,
            rs256(
                &format!("{}.{}", b64(&rs), b64_bytes(b"{\"sub\": \"demo\",")),
                DEMO_PRIVATE_KEY_PEM,
            ),
            INVALID_CLIENT,
        ),
        (
            "assertion: two parts only",
            DEMO_CLIENT_ID,
            input(&rs, &claims()),
            INVALID_CLIENT,
        ),
        (
            "assertion: not a JWT",
            DEMO_CLIENT_ID,
            "not-a-jwt".to_owned(),
            INVALID_CLIENT,
        ),
    ];
    let mut rows = Vec::new();
    for (case, client_id, assertion, expected) in assertions {
        rows.push(row(
            case,
            post_assertion(&env, client_id, &assertion).await,
            expected,
        ));
    }

    // Access tokens. A genuine one, let expire by the sandbox's clock
    // (assertions go by the real clock, so the tokens below are fresh).
    let stale = env.access_token(DEMO_CLIENT_ID).await;
    assert_eq!(get_accounts(&env, &stale).await, "ACCEPTED 200");
    env.sandbox
        .app
        .clock
        .advance(stone_sandbox::domain::auth::TOKEN_LIFETIME + 1);
    let genuine = env.access_token(DEMO_CLIENT_ID).await;
    let [header, payload, _] = genuine.split('.').collect::<Vec<_>>()[..] else {
        panic!("a token is a JWS")
    };
    let (header_json, payload_json) = (decode(header), decode(payload));
    // The key the sandbox publishes, as an attacker fetches it.
    let jwks: Value = env
        .http
        .get(format!("{}/api/v1/discovery/keys", env.sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let with_claims = |f: &dyn Fn(&mut Value)| {
        let mut c = payload_json.clone();
        f(&mut c);
        c
    };
    let keep_signature = |c: &Value| {
        let signature = genuine.rsplit('.').next().unwrap();
        format!("{header}.{}.{signature}", b64(c))
    };
    let refresh = {
        let (status, body) = env.token_for_claims(&claims()).await;
        assert_eq!(status, 200);
        body["refresh_token"].as_str().unwrap().to_owned()
    };
    // The sandbox's signing key ships in the repository (it signs nothing
    // of value): a token it signs but the sandbox never issued must fail,
    // so what decides is the issued-token lookup, not the signature.
    let minted = Keys::load().unwrap().sign(&with_claims(&|c| {
        c["jti"] = json!(uuid::Uuid::new_v4().to_string());
        c["scope"] = json!("*");
    }));
    let tokens: Vec<(&str, String, &'static [&'static str])> = vec![
        (
            "token: alg none (signature dropped)",
            format!(
                "{}.{}.",
                b64(&json!({"alg": "none", "typ": "JWT"})),
                b64(&payload_json)
            ),
            UNAUTHENTICATED,
        ),
        (
            "token: re-signed by another key under the sandbox's kid",
            rs256(&input(&header_json, &payload_json), OTHER_KEY),
            UNAUTHENTICATED,
        ),
        (
            "token: HS256 keyed with the sandbox's published public key",
            hs256(
                &input(
                    &json!({"alg": "HS256", "typ": "JWT", "kid": SIGNING_KID}),
                    &payload_json,
                ),
                published_pem(&jwks).as_bytes(),
            ),
            UNAUTHENTICATED,
        ),
        (
            "token: scope widened, signature kept",
            keep_signature(&with_claims(&|c| {
                c["scope"] = json!("paymentaccount:read pix:payment *")
            })),
            UNAUTHENTICATED,
        ),
        (
            "token: azp/clientId/sub changed to the platform, signature kept",
            keep_signature(&with_claims(&|c| {
                c["azp"] = json!(DEMO_OPENBANK_CLIENT_ID);
                c["clientId"] = json!(DEMO_OPENBANK_CLIENT_ID);
                c["sub"] = json!(format!("service-account-{DEMO_OPENBANK_CLIENT_ID}"));
            })),
            UNAUTHENTICATED,
        ),
        (
            "token: exp pushed a day later, signature kept",
            keep_signature(&with_claims(&|c| {
                c["exp"] = json!(c["exp"].as_i64().unwrap() + 86_400)
            })),
            UNAUTHENTICATED,
        ),
        (
            "token: validly signed by the sandbox's key, never issued",
            minted,
            UNAUTHENTICATED,
        ),
        (
            "token: the refresh token used as an access token",
            refresh,
            UNAUTHENTICATED,
        ),
        (
            "token: expired (sandbox clock + 901 s)",
            stale,
            UNAUTHENTICATED,
        ),
        (
            "token: random text",
            uuid::Uuid::new_v4().to_string(),
            UNAUTHENTICATED,
        ),
        (
            "token: 64 KB",
            format!("{genuine}{}", "A".repeat(64 << 10)),
            UNAUTHENTICATED,
        ),
        (
            // Past hyper's header buffer (~400 KB): a 431, or the
            // connection closed while the header is still being written.
            "token: 1 MB",
            "A".repeat(1 << 20),
            &["431", "connection closed"],
        ),
    ];
    let controls = [
        controls,
        vec![("control: genuine token", get_accounts(&env, &genuine).await)],
    ]
    .concat();
    for (case, token, expected) in tokens {
        rows.push(row(case, get_accounts(&env, &token).await, expected));
    }
    assert!(
        controls.iter().all(|(_, a)| a == "ACCEPTED 200"),
        "{controls:?}"
    );
    judge("Client assertions and access tokens", &controls, &rows);
    env.sandbox.shutdown().await.unwrap();
}

// ------------------------------------------------------------- 2. webhooks

/// The answer of the SDK's verifier to a webhook body.
fn verdict(body: &[u8], key: &PrivateKey, jwks: &Jwks, now: i64) -> String {
    match open(body, key, jwks, None, now) {
        Ok(_) => "ACCEPTED (opens)".to_owned(),
        Err(e) => format!("refused: {}", e.code()),
    }
}

#[tokio::test]
async fn sealed_webhooks() {
    let now = stone_sandbox::domain::clock::Clock::real_now();
    let key = PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM).unwrap();
    let stone = Keys::load().unwrap();
    let jwks = Jwks::from_json(&stone.jwks()).unwrap();
    let app_key = stone_sandbox::domain::jwt::public_key(DEMO_PUBLIC_KEY_PEM).unwrap();
    let other_app_key = stone_sandbox::domain::jwt::public_key(OTHER_PUBLIC_KEY).unwrap();

    // The event as the sandbox delivers one (webhooks/delivery.rs): the
    // envelope, its time claims and a jti, signed by Stone's key, then
    // sealed to the application's public key.
    let event_id = uuid::Uuid::new_v4().to_string();
    let claims = json!({
        "env": "sandbox", "id": event_id, "event_type": "cash_out_internal_transfer_finished",
        "target_type": "internal_transfer", "target_id": "t-1",
        "target_data": {"id": "t-1", "amount": 777, "status": "FINISHED"},
        "iat": now, "nbf": now, "exp": now + 24 * 3600,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    let seal = |jws: &str| encrypt(&app_key, jws.as_bytes()).unwrap();
    let body = |jwe: &str| json!({ "encrypted_body": jwe }).to_string().into_bytes();
    let jws = stone.sign(&claims);
    let jwe = seal(&jws);
    let genuine = body(&jwe);

    let stone_header = json!({"alg": "RS256", "typ": "JWT", "kid": SIGNING_KID});
    let with_claims = |f: &dyn Fn(&mut Value)| {
        let mut c = claims.clone();
        f(&mut c);
        c
    };
    let protected = |h: Value| b64(&h);
    // The application's key is public: anyone can seal a forged JWS to it,
    // so every inner-JWS forgery below is sealed properly and reaches the
    // signature check; only the JWS protects the content.
    let cases: Vec<(&str, Vec<u8>, &'static [&'static str])> = vec![
        (
            "JWE: ciphertext tampered",
            body(&flip(&jwe, 3)),
            &["refused: decryption"],
        ),
        (
            "JWE: tag tampered",
            body(&flip(&jwe, 4)),
            &["refused: decryption"],
        ),
        (
            "JWE: IV tampered",
            body(&flip(&jwe, 2)),
            &["refused: decryption"],
        ),
        (
            "JWE: wrapped key tampered",
            body(&flip(&jwe, 1)),
            &["refused: decryption"],
        ),
        (
            // Still valid JSON with the right algorithms: only the AAD
            // (the header is authenticated by A256GCM) catches it.
            "JWE: protected header altered (same alg and enc, one field added)",
            body(&replace_part(
                &jwe,
                0,
                &protected(
                    json!({"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT", "zip": "x"}),
                ),
            )),
            &["refused: decryption"],
        ),
        (
            "JWE: alg RSA1_5 instead of RSA-OAEP-256",
            body(&replace_part(
                &jwe,
                0,
                &protected(json!({"alg": "RSA1_5", "enc": "A256GCM", "cty": "JWT"})),
            )),
            &["refused: algorithm"],
        ),
        (
            "JWE: alg dir (no key wrapping)",
            body(&replace_part(
                &jwe,
                0,
                &protected(json!({"alg": "dir", "enc": "A256GCM"})),
            )),
            &["refused: algorithm"],
        ),
        (
            "JWE: enc A128CBC-HS256 instead of A256GCM",
            body(&replace_part(
                &jwe,
                0,
                &protected(json!({"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "cty": "JWT"})),
            )),
            &["refused: algorithm"],
        ),
        (
            "JWE: sealed to another application's key",
            body(&encrypt(&other_app_key, jws.as_bytes()).unwrap()),
            &["refused: decryption"],
        ),
        (
            "JWS: re-signed by another key under Stone's kid",
            body(&seal(&rs256(&input(&stone_header, &claims), OTHER_KEY))),
            &["refused: signature"],
        ),
        (
            "JWS: claims altered (amount), signature kept",
            body(&seal(&replace_part(
                &jws,
                1,
                &b64(&with_claims(&|c| {
                    c["target_data"]["amount"] = json!(777_000)
                })),
            ))),
            &["refused: signature"],
        ),
        (
            "JWS: signature dropped",
            body(&seal(&format!("{}.", input(&stone_header, &claims)))),
            &["refused: signature"],
        ),
        (
            "JWS: alg none",
            body(&seal(&format!(
                "{}.",
                input(&json!({"alg": "none", "kid": SIGNING_KID}), &claims)
            ))),
            &["refused: algorithm"],
        ),
        (
            "JWS: HS256 keyed with Stone's public key PEM",
            body(&seal(&hs256(
                &input(
                    &json!({"alg": "HS256", "typ": "JWT", "kid": SIGNING_KID}),
                    &claims,
                ),
                published_pem(&stone.jwks()).as_bytes(),
            ))),
            &["refused: algorithm"],
        ),
        (
            "JWS: unknown kid",
            body(&seal(&rs256(
                &input(
                    &json!({"alg": "RS256", "typ": "JWT", "kid": "someone-else"}),
                    &claims,
                ),
                OTHER_KEY,
            ))),
            &["refused: unknown_key"],
        ),
        (
            "JWS: no kid",
            body(&seal(&rs256(
                &input(&json!({"alg": "RS256", "typ": "JWT"}), &claims),
                STONE_SIGNING_KEY,
            ))),
            &["refused: unknown_key"],
        ),
        (
            "JWS: expired (exp an hour ago)",
            body(&seal(
                &stone.sign(&with_claims(&|c| c["exp"] = json!(now - 3600))),
            )),
            &["refused: expired"],
        ),
        (
            "JWS: not yet valid (nbf in an hour)",
            body(&seal(
                &stone.sign(&with_claims(&|c| c["nbf"] = json!(now + 3600))),
            )),
            &["refused: not_yet_valid"],
        ),
        (
            "truncated body (half of it)",
            genuine[..genuine.len() / 2].to_vec(),
            &["refused: malformed"],
        ),
        (
            "JWE: ciphertext truncated",
            body(&{
                let parts: Vec<&str> = jwe.split('.').collect();
                // Whole base64 quanta, so it still decodes.
                let cut = &parts[3][..(parts[3].len() / 2) & !3];
                replace_part(&jwe, 3, cut)
            }),
            &["refused: decryption"],
        ),
        (
            "not a JWE: the signed JWS, unencrypted",
            body(&jws),
            &["refused: malformed"],
        ),
        (
            "not a JWE: JSON without encrypted_body",
            json!({"event_type": "cash_in_internal_transfer"})
                .to_string()
                .into_bytes(),
            &["refused: malformed"],
        ),
        ("empty body", Vec::new(), &["refused: malformed"]),
    ];
    let mut controls = vec![(
        "control: genuine webhook",
        verdict(&genuine, &key, &jwks, now),
    )];
    assert_eq!(controls[0].1, "ACCEPTED (opens)", "the genuine webhook");

    // A replay is DETECTED, not refused: Stone redelivers an event under
    // the same id (fresh jti, new JWE) when the receiver did not answer
    // 2xx, so the verifier must open it; the receiver drops it by
    // `event_id`. Both a byte-for-byte replay and a redelivery give the id.
    let first = open(&genuine, &key, &jwks, None, now).unwrap();
    let again = open(&genuine, &key, &jwks, None, now).unwrap();
    let redelivered = body(&seal(&stone.sign(&with_claims(&|c| {
        c["jti"] = json!(uuid::Uuid::new_v4().to_string())
    }))));
    let redelivered = open(&redelivered, &key, &jwks, Some(&event_id), now).unwrap();
    assert_eq!(first.event_id, event_id);
    assert_eq!(again.event_id, first.event_id);
    assert_eq!(redelivered.event_id, first.event_id);
    controls.push((
        "detected: replayed event (same body twice; a redelivery)",
        "opens, with the same event_id each time: detected (de-duplication), not refused"
            .to_owned(),
    ));

    let rows: Vec<Row> = cases
        .into_iter()
        .map(|(case, body, expected)| row(case, verdict(&body, &key, &jwks, now), expected))
        .collect();
    judge("Webhooks (the SDK's verifier)", &controls, &rows);
}

// -------------------------------------------------------- 3. authorization

/// A call as `token`, with an optional body and `x-stone-account-id`.
async fn call(
    env: &Env,
    method: Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
    account_header: Option<&str>,
) -> String {
    let mut req = env
        .http
        .request(method, format!("{}{path}", env.sandbox.base_url()))
        .header("user-agent", "sdk-tests")
        .header("x-stone-idempotency-key", uuid::Uuid::new_v4().to_string())
        .bearer_auth(token);
    if let Some(body) = body {
        req = req.json(body);
    }
    if let Some(account) = account_header {
        req = req.header("x-stone-account-id", account);
    }
    answer_of(req.send().await).await
}

/// A random Pix key of `account`, to pay to.
async fn random_key(env: &Env, token: &str, account: &str) -> String {
    let (status, body) = env
        .post(
            &format!("/api/v1/pix/{account}/entries"),
            token,
            &json!({"key": "", "key_type": "random_key", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let (_, list) = env
        .read(&format!("/api/v1/pix/{account}/entries"), token)
        .await;
    list["data"][0]["key"].as_str().unwrap().to_owned()
}

/// An application (own-account model) with only `scopes`, operating a new
/// funded account: its token and account id.
async fn narrow_application(env: &Env, client_id: &str, scopes: &[&str]) -> (String, String) {
    let (status, body) = env
        .admin(
            "/admin/applications",
            &json!({"client_id": client_id, "name": client_id, "model": "own_account",
                    "public_key_pem": DEMO_PUBLIC_KEY_PEM, "scopes": scopes}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, account) = env
        .admin(
            "/admin/accounts",
            &json!({"owner_name": client_id, "owner_document": "11444777000161",
                    "balance": 100_000, "operators": [client_id]}),
        )
        .await;
    assert_eq!(status, 201, "{account}");
    (
        env.access_token(client_id).await,
        account["id"].as_str().unwrap().to_owned(),
    )
}

fn transfer(from: &str, to_code: &str) -> Value {
    json!({"account_id": from, "amount": 100, "target": {"account": {"account_code": to_code}}})
}

const UNAUTHORIZED: &[&str] = &["403 srn:error:unauthorized"];

#[tokio::test]
async fn one_tenant_reaching_another() {
    let env = Env::new().await;
    // The company operating its own account, and the platform operating
    // Maria's account with her consent (the seed grants it).
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, mine) = env.read("/api/v1/accounts", &own).await;
    let (_, users) = env.read("/api/v1/accounts", &platform).await;
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    let (company, company_code) = (
        s(&mine["data"][0]["id"]),
        s(&mine["data"][0]["account_code"]),
    );
    let (maria, maria_code) = (
        s(&users["data"][0]["id"]),
        s(&users["data"][0]["account_code"]),
    );
    let company_key = random_key(&env, &own, &company).await;
    let (read_only, read_only_account) =
        narrow_application(&env, "read-only", &["paymentaccount:read"]).await;
    let (profile_only, _) = narrow_application(&env, "profile-only", &["profile"]).await;
    // A transfer of the company's, to read as someone else.
    let (status, t) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &own,
            None,
            Some(&transfer(&company, &maria_code)),
        )
        .await;
    assert!(status < 300, "{t}");
    let company_transfer = s(&t["id"]);
    // The platform's own cash-out from Maria's account: it waits for her.
    let (status, pending) = env
        .send(
            Method::POST,
            "/api/v1/internal_transfers",
            &platform,
            None,
            Some(&transfer(&maria, &company_code)),
        )
        .await;
    assert_eq!(status, 202, "{pending}");
    let pending = s(&pending["id"]);

    let controls = vec![
        (
            "control: the company reads its balance",
            call(
                &env,
                Method::GET,
                &format!("/api/v1/accounts/{company}/balance"),
                &own,
                None,
                None,
            )
            .await,
        ),
        (
            "control: the platform reads its consented user's balance",
            call(
                &env,
                Method::GET,
                &format!("/api/v1/accounts/{maria}/balance"),
                &platform,
                None,
                None,
            )
            .await,
        ),
        (
            "control: the read-only application reads its account",
            call(
                &env,
                Method::GET,
                &format!("/api/v1/accounts/{read_only_account}"),
                &read_only,
                None,
                None,
            )
            .await,
        ),
    ];
    assert!(
        controls.iter().all(|(_, a)| a == "ACCEPTED 200"),
        "{controls:?}"
    );

    let since = "2020-01-01T00:00:00Z";
    let until = "2099-01-01T00:00:00Z";
    type Case<'a> = (
        &'a str,
        Method,
        String,
        &'a str,
        Option<Value>,
        Option<&'a str>,
        &'static [&'static str],
    );
    let cases: Vec<Case> = vec![
        (
            "app reads another's account",
            Method::GET,
            format!("/api/v1/accounts/{maria}"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app reads another's balance",
            Method::GET,
            format!("/api/v1/accounts/{maria}/balance"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app reads another's statement",
            Method::GET,
            format!("/api/v1/accounts/{maria}/statement"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app reads another's contacts",
            Method::GET,
            format!("/api/v1/accounts/{maria}/contacts"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app cash-out (internal transfer) from another's account",
            Method::POST,
            "/api/v1/internal_transfers".to_owned(),
            &own,
            Some(transfer(&maria, &company_code)),
            None,
            UNAUTHORIZED,
        ),
        (
            "app Pix from another's account to its own key",
            Method::POST,
            "/api/v1/pix/outbound_pix_payments".to_owned(),
            &own,
            Some(json!({"account_id": maria, "key": company_key, "amount": 100})),
            None,
            UNAUTHORIZED,
        ),
        (
            "app lists another's Pix keys",
            Method::GET,
            format!("/api/v1/pix/{maria}/entries"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app BCB Pix API with x-stone-account-id of another's account",
            Method::GET,
            format!("/api/v1/pix?inicio={since}&fim={until}"),
            &own,
            None,
            Some(&maria),
            &["403 AcessoNegado"],
        ),
        (
            "app reads another application's webhook log",
            Method::GET,
            format!("/api/v1/applications/application:{DEMO_OPENBANK_CLIENT_ID}/webhooks"),
            &own,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "app reads another's transfer by id",
            Method::GET,
            format!("/api/v1/internal_transfers/{company_transfer}"),
            // It holds paymentaccount:read: the tenancy refuses, not a scope.
            &read_only,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "platform reads an account without the owner's consent",
            Method::GET,
            format!("/api/v1/accounts/{company}/balance"),
            &platform,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "platform cash-out from an account without the owner's consent",
            Method::POST,
            "/api/v1/internal_transfers".to_owned(),
            &platform,
            Some(transfer(&company, &maria_code)),
            None,
            UNAUTHORIZED,
        ),
        (
            "platform approves its user's cash-out (only the owner may)",
            Method::POST,
            format!("/api/v1/internal_transfers/{pending}/approve"),
            &platform,
            None,
            None,
            UNAUTHORIZED,
        ),
        (
            "missing scope: read-only app makes an internal transfer",
            Method::POST,
            "/api/v1/internal_transfers".to_owned(),
            &read_only,
            Some(transfer(&read_only_account, &company_code)),
            None,
            UNAUTHORIZED,
        ),
        (
            "missing scope: read-only app pays a Pix",
            Method::POST,
            "/api/v1/pix/outbound_pix_payments".to_owned(),
            &read_only,
            Some(json!({"account_id": read_only_account, "key": company_key, "amount": 100})),
            None,
            UNAUTHORIZED,
        ),
        (
            "missing scope: profile-only app lists accounts",
            Method::GET,
            "/api/v1/accounts".to_owned(),
            &profile_only,
            None,
            None,
            UNAUTHORIZED,
        ),
    ];
    let mut rows = Vec::new();
    for (case, method, path, token, body, header, expected) in cases {
        let answer = call(&env, method, &path, token, body.as_ref(), header).await;
        rows.push(row(case, answer, expected));
    }
    // The owner revokes the platform's access in Stone's app: from then on
    // the platform is a stranger to her account, token or not.
    let res = env
        .http
        .delete(format!(
            "{}/admin/consents/{DEMO_OPENBANK_CLIENT_ID}/{maria}",
            env.sandbox.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let revoked = [
        (
            "platform reads a balance after the owner revoked consent",
            Method::GET,
            format!("/api/v1/accounts/{maria}/balance"),
            None,
        ),
        (
            "platform reads the statement after the owner revoked consent",
            Method::GET,
            format!("/api/v1/accounts/{maria}/statement"),
            None,
        ),
        (
            "platform cash-out after the owner revoked consent",
            Method::POST,
            "/api/v1/internal_transfers".to_owned(),
            Some(transfer(&maria, &company_code)),
        ),
    ];
    for (case, method, path, body) in revoked {
        let answer = call(&env, method, &path, &platform, body.as_ref(), None).await;
        rows.push(row(case, answer, UNAUTHORIZED));
    }
    judge("Authorization", &controls, &rows);
    // Nothing above moved money that was not the caller's to move.
    env.assert_conserved().await;
    env.sandbox.shutdown().await.unwrap();
}
