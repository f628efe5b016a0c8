//! The sandbox's HTTP surface under hostile requests: any method, a route
//! of Stone's API (ids real or not), fuzzed headers (authorization, the
//! idempotency key, the user agent, the account id) and body. The router is
//! called in process. Never a panic, never a 500: a bad request is a 4xx
//! in Stone's error shape.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request};
use libfuzzer_sys::fuzz_target;
use stone_openbank::client::{Client, Credentials, Environment, PrivateKey};
use stone_sandbox::http::server::{router, start, Config, Sandbox};
use tower::ServiceExt;

struct World {
    runtime: tokio::runtime::Runtime,
    sandbox: Sandbox,
    token: String,
    account: String,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let (sandbox, token, account) = runtime.block_on(async {
            let sandbox = start(Config {
                port: 0,
                seed: true,
                log_requests: false,
                db: None,
                ..Config::default()
            })
            .await
            .unwrap();
            let client = Client::builder(
                "stone-openbank-fuzz",
                Credentials::ClientKey {
                    client_id: stone_sandbox::domain::seed::DEMO_CLIENT_ID.into(),
                    key: PrivateKey::from_pem(stone_sandbox::domain::seed::DEMO_PRIVATE_KEY_PEM)
                        .unwrap(),
                },
            )
            .environment(Environment::local(&sandbox.base_url()))
            .build()
            .unwrap();
            let token = client.access_token().await.unwrap();
            let account = client.accounts().await.unwrap().remove(0).id;
            (sandbox, token, account)
        });
        World {
            runtime,
            sandbox,
            token,
            account,
        }
    })
}

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Routes of Stone's API and the BCB's; `{a}` is a real account id, `{x}`
/// a fuzzed segment.
const PATHS: &[&str] = &[
    "/api/v1/accounts",
    "/api/v1/accounts/{a}",
    "/api/v1/accounts/{a}/balance",
    "/api/v1/accounts/{a}/statement",
    "/api/v1/accounts/{a}/fees",
    "/api/v1/internal_transfers",
    "/api/v1/internal_transfers/{x}",
    "/api/v1/external_transfers",
    "/api/v1/external_transfers/{x}",
    "/api/v1/barcode_payments",
    "/api/v1/barcode_payments/validate",
    "/api/v1/barcode_payment_invoices",
    "/api/v1/contacts",
    "/api/v1/payrolls",
    "/api/v1/pix/{a}/entries",
    "/api/v1/pix/{a}/entry_claims",
    "/api/v1/pix/{a}/pix_payments",
    "/api/v1/pix/outbound_pix_payments",
    "/api/v1/pix/outbound_pix_payments/{x}",
    "/api/v1/pix/outbound_pix_payments/brcodes",
    "/api/v1/pix_payment_invoices",
    "/api/v1/pix_payment_invoices_with_due_date",
    "/api/v1/pix_payment_static_invoices",
    "/api/v1/pix_payment_static_invoices/{x}",
    "/api/v1/refunds_for_inbound_pix_payments",
    "/api/v1/cob/",
    "/api/v1/cob/{x}",
    "/api/v1/cobv/{x}",
    "/api/v1/loc",
    "/api/v1/lotecobv/{x}",
    "/api/v1/pix",
    "/api/v1/pix/{x}/devolucao/{x}",
    "/api/v1/pending_operations/{a}",
    "/api/v1/{x}",
    "/auth/realms/stone_bank/protocol/openid-connect/token",
];

fuzz_target!(|data: &[u8]| {
    let w = world();
    if data.len() < 4 {
        return;
    }
    let method = METHODS[usize::from(data[0]) % METHODS.len()].clone();
    let path = PATHS[usize::from(data[1]) % PATHS.len()];
    let flags = data[2];
    // The rest: a fuzzed segment, then headers' values, then the body,
    // split at the first two 0xff bytes.
    let mut parts = data[3..].splitn(3, |b| *b == 0xff);
    let segment = parts.next().unwrap_or_default();
    let header = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default().to_vec();
    let segment: String = String::from_utf8_lossy(segment)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.~".contains(*c))
        .collect();
    let segment = if segment.is_empty() {
        "x".to_owned()
    } else {
        segment
    };
    let uri = path.replace("{a}", &w.account).replace("{x}", &segment);
    let mut request = Request::builder().method(method).uri(uri);
    let header_text = String::from_utf8_lossy(header).into_owned();
    if flags & 1 != 0 {
        request = request.header("authorization", format!("Bearer {}", w.token));
    } else if flags & 2 != 0 {
        request = request.header("authorization", format!("Bearer {header_text}"));
    }
    if flags & 4 != 0 {
        request = request.header("x-stone-idempotency-key", header_text.as_str());
    }
    if flags & 8 != 0 {
        request = request.header("user-agent", header_text.as_str());
    } else {
        request = request.header("user-agent", "stone-openbank-fuzz");
    }
    if flags & 16 != 0 {
        request = request.header("x-stone-account-id", w.account.as_str());
    }
    if flags & 32 != 0 {
        request = request.header("content-type", "application/json");
    }
    // Header values the http crate refuses never reach a server.
    let Ok(request) = request.body(Body::from(body)) else {
        return;
    };
    let service = router(w.sandbox.app.clone(), false);
    let response = w.runtime.block_on(service.oneshot(request)).unwrap();
    assert_ne!(
        response.status().as_u16(),
        500,
        "a hostile request broke a handler"
    );
});
