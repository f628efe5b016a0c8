//! Shared by the sandbox's HTTP test suites: a sandbox on a free port, a
//! client, assertions signed like a real application signs them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use stone_sandbox::{start, Config, Sandbox};

pub const OTHER_KEY: &str = include_str!("../../seed/other-app.key.pem");
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

pub fn sign(header: &Value, claims: &Value, pem: &str) -> String {
    let key = SigningKey::<Sha256>::new(RsaPrivateKey::from_pkcs8_pem(pem).unwrap());
    let input = format!("{}.{}", b64(header), b64(claims));
    let sig = key.sign(input.as_bytes()).to_vec();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

pub struct Env {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

impl Env {
    pub async fn new() -> Env {
        Env {
            sandbox: start(Config::default()).await.unwrap(),
            http: reqwest::Client::new(),
        }
    }

    pub fn now(&self) -> i64 {
        self.sandbox.app.clock.now()
    }

    /// Valid claims for `client_id`; tests alter one thing at a time.
    pub fn claims(&self, client_id: &str) -> Value {
        // Assertions are judged by the real clock, as real clients sign them.
        let now = stone_sandbox::domain::clock::Clock::real_now();
        json!({
            "exp": now + 600, "nbf": now, "iat": now,
            "aud": self.sandbox.app.realm_url, "realm": "stone_bank",
            "sub": client_id, "iss": client_id, "clientId": client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
        })
    }

    pub async fn token_with(
        &self,
        client_id: &str,
        assertion: &str,
        user_agent: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .post(format!(
                "{}/auth/realms/stone_bank/protocol/openid-connect/token",
                self.sandbox.base_url()
            ))
            .form(&[
                ("client_id", client_id),
                ("grant_type", "client_credentials"),
                ("client_assertion", assertion),
                ("client_assertion_type", ASSERTION_TYPE),
            ]);
        if let Some(ua) = user_agent {
            req = req.header("user-agent", ua);
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }

    pub async fn token_for_claims(&self, claims: &Value) -> (u16, Value) {
        let assertion = sign(
            &json!({"alg": "RS256", "typ": "JWT"}),
            claims,
            DEMO_PRIVATE_KEY_PEM,
        );
        self.token_with(DEMO_CLIENT_ID, &assertion, Some("sdk-tests"))
            .await
    }

    pub async fn access_token(&self, client_id: &str) -> String {
        let assertion = sign(
            &json!({"alg": "RS256", "typ": "JWT"}),
            &self.claims(client_id),
            DEMO_PRIVATE_KEY_PEM,
        );
        let (status, body) = self
            .token_with(client_id, &assertion, Some("sdk-tests"))
            .await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Option<String>, Value) {
        let mut req = self
            .http
            .get(format!("{}{path}", self.sandbox.base_url()))
            .header("user-agent", "sdk-tests");
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        let request_id = res
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned());
        (
            res.status().as_u16(),
            request_id,
            res.json().await.unwrap_or(Value::Null),
        )
    }
}

impl Env {
    /// A JSON request with a bearer token and optional idempotency key.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        key: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.sandbox.base_url()))
            .header("user-agent", "sdk-tests")
            .bearer_auth(token);
        if let Some(key) = key {
            req = req.header("x-stone-idempotency-key", key);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// An admin call (no token: the admin API plays Stone and the owners).
    pub async fn admin(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.sandbox.base_url()))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

impl Env {
    /// Moves the sandbox's clock to `minutes` after midnight (Brasília) of
    /// the first business day after today, so time-dependent rules (the
    /// TED window) are tested at a known time whatever the real one is.
    pub async fn to_business_day_at(&self, minutes: i64) -> time::Date {
        let now = stone_sandbox::domain::clock::Now::of(&self.sandbox.app.clock);
        let day = stone_openbank::calendar::next_business_day(now.today);
        self.to_day_at(day, minutes).await;
        day
    }

    /// Moves the clock forward to `minutes` after midnight (Brasília) of `day`.
    pub async fn to_day_at(&self, day: time::Date, minutes: i64) {
        let midnight = day
            .midnight()
            .assume_offset(stone_openbank::calendar::BRASILIA)
            .unix_timestamp();
        let seconds = midnight + minutes * 60 - self.now();
        assert!(seconds >= 0, "the clock only moves forward");
        let (status, _) = self
            .admin("/admin/clock/advance", &json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, 200);
    }

    /// The ledger's balance sheet: money must be conserved.
    pub async fn assert_conserved(&self) {
        let res = self
            .http
            .get(format!("{}/admin/ledger", self.sandbox.base_url()))
            .send()
            .await
            .unwrap();
        let ledger: Value = res.json().await.unwrap();
        assert_eq!(ledger["conserved"], true, "{ledger}");
        // Every suite that checks the books also checks that `--db` would
        // give them back, record by record.
        self.assert_survives_restart();
    }

    /// Saves the store to a new file and loads it into an empty store:
    /// every table, the ledger and the meta row must come back as they
    /// were (each record's saved form, which holds every field).
    pub fn assert_survives_restart(&self) {
        use stone_sandbox::persist::{tables, Db, Form};
        let path =
            std::env::temp_dir().join(format!("stone-round-trip-{}.db", uuid::Uuid::new_v4()));
        let app = &self.sandbox.app;
        let db = Db::open(&path).unwrap();
        db.save(app).unwrap();
        let mut back = stone_sandbox::domain::store::Store::default();
        db.load(&mut back).unwrap();
        drop(db);
        let _ = std::fs::remove_file(&path);
        for form in [Form::Saved, Form::Shown] {
            let before = tables(&app.store.lock(), app.clock.offset(), form);
            let after = tables(&back, app.clock.offset(), form);
            for ((name, was), (_, is)) in before.iter().zip(&after) {
                assert_eq!(
                    was.len(),
                    is.len(),
                    "table {name}: record count after a restart"
                );
                for (w, i) in was.iter().zip(is) {
                    assert_eq!(w, i, "table {name}: a record changed across a restart");
                }
            }
        }
    }

    /// A call of the BCB standard Pix API on an account (it names the
    /// account in `x-stone-account-id`), answering (status, body).
    pub async fn bcb(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        account: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.sandbox.base_url()))
            .header("user-agent", "sdk-tests")
            .bearer_auth(token)
            .header("x-stone-account-id", account);
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A GET with a token, answering (status, body).
    pub async fn read(&self, path: &str, token: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, token, None, None)
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> (u16, Value) {
        self.send(
            reqwest::Method::POST,
            path,
            token,
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(body),
        )
        .await
    }
}
