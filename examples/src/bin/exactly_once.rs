//! Exactly-once under faults, as a figure: N cash-outs (internal transfers,
//! and Pix by key in two keyed steps, created then confirmed) sent by the
//! Rust client through the sandbox's injected faults — the connection
//! dropped before the server runs the request or after it commits, 500 and
//! 503, 429, slow answers — 32 at a time, one in four sent twice at once
//! under the same key (a double click: the second meets 423 or the first
//! one's answer). Then it counts what the sandbox holds.
//!
//!   cargo run --release -p stone-examples --bin exactly-once [N]   (default 10,000)
//!
//! Prints one line of figures and fails unless: no key made two
//! operations, every cash-out the client reported done exists exactly
//! once, and the ledger is conserved (docs/reliability.md).

use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use stone_openbank::client::{Client, Credentials, Environment, PrivateKey, RetryPolicy};
use stone_openbank::models::{NewInternalTransfer, NewPixPayment, PixConfirmation};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use stone_sandbox::http::server::{start, Config};
use tokio::sync::Semaphore;

/// One cash-out under its key: `Ok(id)` when the client reports it done.
async fn cash_out(client: Client, account: String, i: usize) -> (String, Result<String, String>) {
    let key = format!("once-{i}");
    let result = if i % 2 == 0 {
        client
            .create_internal_transfer(
                &NewInternalTransfer {
                    account_id: account,
                    amount: 1,
                    target_account_code: "400002".into(),
                    description: Some(key.clone()),
                    scheduled_to: None,
                },
                Some(&key),
            )
            .await
            .map(|t| t.id)
    } else {
        let created = client
            .create_pix_payment(
                &NewPixPayment {
                    account_id: account,
                    amount: Some(1),
                    description: Some(key.clone()),
                    key: Some("gabriela.abreu@example.com".into()),
                    transaction_id: None,
                    scheduled_to: None,
                    target: None,
                },
                Some(&format!("{key}-create")),
            )
            .await;
        match created {
            Ok(pix) => client
                .confirm_pix_payment(
                    &pix.id,
                    &PixConfirmation {
                        amount: None,
                        description: Some(key.clone()),
                        add_target_to_contacts: false,
                    },
                    Some(&format!("{key}-confirm")),
                )
                .await
                .map(|()| pix.id),
            Err(e) => Err(e),
        }
    };
    (key, result.map_err(|e| e.to_string()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let n: usize = std::env::args().nth(1).map_or(Ok(10_000), |a| a.parse())?;
    let sbx = start(Config::default()).await?;
    let client = Client::builder(
        "stone-openbank exactly-once",
        Credentials::ClientKey {
            client_id: DEMO_CLIENT_ID.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM)?,
        },
    )
    .environment(Environment::local(&sbx.base_url()))
    .retry(RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(20),
    })
    .build()?;
    let account = client.accounts().await?.remove(0).id;
    let http = reqwest::Client::new();
    let faults = format!("{}/admin/faults", sbx.base_url());
    http.post(&faults)
        .json(
            &json!({"error_rate": 0.1, "rate_limit_rate": 0.05, "drop_before_rate": 0.1,
                      "drop_after_rate": 0.2, "latency_ms": 2, "seed": 20261201u64}),
        )
        .send()
        .await?;

    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(32));
    let mut tasks = Vec::new();
    for i in 0..n {
        // One in four is sent twice at once with the same key.
        let copies = if i % 4 == 0 { 2 } else { 1 };
        for _ in 0..copies {
            let (client, account, gate) = (client.clone(), account.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire_owned().await;
                cash_out(client, account, i).await
            }));
        }
    }
    let mut reported: HashMap<String, Vec<String>> = HashMap::new();
    let (mut sent, mut gave_up) = (0usize, 0usize);
    for task in tasks {
        let (key, result) = task.await?;
        sent += 1;
        match result {
            Ok(id) => reported.entry(key).or_default().push(id),
            Err(_) => gave_up += 1,
        }
    }
    let elapsed = started.elapsed();
    http.post(&faults).json(&json!({})).send().await?;

    let injected = sbx
        .app
        .faults
        .lock()
        .map_or_else(|p| p.into_inner().injected, |f| f.injected);
    let store = sbx.app.store.lock();
    let held = store.operations_described("once-");
    let duplicated = held.values().filter(|ids| ids.len() > 1).count();
    let mut lost = 0;
    for (key, ids) in &reported {
        // Every copy reported done names the one operation held.
        if held
            .get(key.as_str())
            .is_none_or(|h| h.len() != 1 || ids.iter().any(|id| *id != h[0]))
        {
            lost += 1;
        }
    }
    let balances: i64 = store.accounts.iter().map(|a| a.balance).sum();
    let conserved = balances + store.flows.sent_out + store.flows.fees == store.flows.received;
    println!(
        "exactly-once: {n} cash-outs ({sent} calls with the double clicks) in {:.1} s; \
         faults injected: {} 5xx/429, {} dropped before running, {} dropped after committing; \
         reported done {} keys, gave up {gave_up} calls; operations held {}; duplicated {duplicated}; \
         reported but not held once {lost}; ledger conserved {conserved}",
        elapsed.as_secs_f64(),
        injected.statuses,
        injected.dropped_before,
        injected.dropped_after,
        reported.len(),
        held.len(),
    );
    if duplicated > 0 || lost > 0 || !conserved {
        return Err("a cash-out was duplicated or lost".into());
    }
    Ok(())
}
