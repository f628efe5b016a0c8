//! Load benchmark of the sandbox and the client, on loopback only:
//! authenticated reads/s and transfers/s with keep-alive, the client's
//! overhead per request over a raw HTTP call, statement walking, and the
//! sandbox's memory with 100,000 statement entries. The sandbox runs in a
//! child process (this program, `serve`), so its memory is its own and the
//! load generator's is measured apart.
//!
//!   cargo run --release -p stone-examples --bin sandbox-load [scale]
//!
//! scale 1 is the full run (figures in BENCHMARKS.md); the test command runs
//! a small scale as a smoke test.
//!
//!   sandbox-load fill <base_url> <entries>
//!
//! fills a running `stone sandbox` (its two seeded accounts) to `entries`
//! statement entries and walks them with the Rust client, printing one JSON
//! line: the other languages' benchmarks compare their walk with it.
//!
//!   sandbox-load balance <base_url> <rounds> [repeats]
//!
//! times `client.balance` of the Rust client against a running sandbox
//! (best of `repeats` rounds, default 5, of `rounds` sequential calls): one
//! JSON line, the reference of the Kotlin and Swift per-call benchmarks,
//! which ask for one round per run so that both sides are a best of 5.
//!
//!   sandbox-load faults <base_url> <json>
//!
//! sets a running sandbox's fault injection (`POST /admin/faults`, e.g.
//! `{"latency_ms": 1}`), for the per-call benchmarks' run with latency.

use std::error::Error;
use std::io::{BufRead, Read};
use std::time::Instant;

use serde_json::{json, Value};
use stone_openbank::client::{Client, Credentials, Environment, PrivateKey};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};

fn rss_mb() -> f64 {
    rss_of("self")
}

/// VmRSS of a process (`self` or a pid), in MB.
fn rss_of(pid: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Runs `total` calls of `call` with `concurrency` tasks; returns calls/s.
async fn rate<F, Fut>(total: usize, concurrency: usize, call: F) -> f64
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let started = Instant::now();
    let per_task = total / concurrency;
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for i in 0..per_task {
                ok += usize::from(call(t * per_task + i).await);
            }
            ok
        }));
    }
    let mut ok = 0;
    for task in tasks {
        ok += task.await.unwrap_or(0);
    }
    assert_eq!(ok, per_task * concurrency, "every call must succeed");
    (per_task * concurrency) as f64 / started.elapsed().as_secs_f64()
}

/// A client of the seeded application `client_id` on the sandbox at `base`.
fn client_for(base: &str, client_id: &str) -> Result<Client, stone_openbank::client::Error> {
    Client::builder(
        "sandbox-load",
        Credentials::ClientKey {
            client_id: client_id.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM)?,
        },
    )
    .environment(Environment::local(base))
    .build()
}

/// The child: a seeded sandbox on a free port until stdin closes.
async fn serve() -> Result<(), Box<dyn Error>> {
    let sandbox = stone_sandbox::start(stone_sandbox::Config::default()).await?;
    println!("{}", sandbox.base_url());
    tokio::task::spawn_blocking(|| {
        let mut rest = String::new();
        let _ = std::io::stdin().read_to_string(&mut rest);
    })
    .await?;
    sandbox.shutdown().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    if std::env::args().nth(1).as_deref() == Some("serve") {
        return serve().await;
    }
    if std::env::args().nth(1).as_deref() == Some("balance") {
        let base = std::env::args()
            .nth(2)
            .ok_or("balance <base_url> <rounds>")?;
        let rounds: u32 = std::env::args()
            .nth(3)
            .and_then(|s| s.parse().ok())
            .ok_or("balance <base_url> <rounds> [repeats]")?;
        let repeats: u32 = match std::env::args().nth(4) {
            Some(s) => s.parse().map_err(|_| "repeats: a whole number")?,
            None => 5,
        };
        return time_balance(&base, rounds, repeats).await;
    }
    if std::env::args().nth(1).as_deref() == Some("faults") {
        let (Some(base), Some(settings)) = (std::env::args().nth(2), std::env::args().nth(3))
        else {
            return Err("faults <base_url> <json>".into());
        };
        let settings: Value = serde_json::from_str(&settings)?;
        reqwest::Client::new()
            .post(format!("{base}/admin/faults"))
            .json(&settings)
            .send()
            .await?
            .error_for_status()?;
        return Ok(());
    }
    if std::env::args().nth(1).as_deref() == Some("fill") {
        let base = std::env::args().nth(2).ok_or("fill <base_url> <entries>")?;
        let want: usize = std::env::args()
            .nth(3)
            .and_then(|s| s.parse().ok())
            .ok_or("fill <base_url> <entries>")?;
        return fill_and_walk(&base, want).await;
    }
    let scale: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let n = |full: usize| ((full as f64 * scale) as usize).max(64);
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .arg("serve")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let child_pid = child.id().to_string();
    let mut base = String::new();
    std::io::BufReader::new(child.stdout.take().ok_or("no child stdout")?).read_line(&mut base)?;
    let base = base.trim().to_owned();
    let client = client_for(&base, DEMO_CLIENT_ID)?;
    let platform = client_for(&base, stone_sandbox::domain::seed::DEMO_OPENBANK_CLIENT_ID)?;
    let account = client.accounts().await?.remove(0);
    let user_account = platform.accounts().await?.remove(0);
    let token = client.access_token().await?;
    let http = reqwest::Client::new();
    println!("sandbox load benchmark (scale {scale}), 2 cores, loopback, keep-alive");

    // Authenticated reads.
    let url = format!("{base}/api/v1/accounts/{}/balance", account.id);
    let (h, u, t) = (http.clone(), url.clone(), token.clone());
    let reads = rate(n(100_000), 32, move |_| {
        let (h, u, t) = (h.clone(), u.clone(), t.clone());
        async move {
            h.get(&u)
                .header("user-agent", "load")
                .bearer_auth(&t)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    println!("authenticated reads (GET balance, 32 connections): {reads:.0} requests/s (target >= 5,000)");

    // Transfers (own account: approved and executed in the request).
    let target = user_account.account_code.clone();
    let body = json!({"account_id": account.id, "amount": 1, "target": {"account": {"account_code": target}}});
    let (h, t) = (http.clone(), token.clone());
    let turl = format!("{base}/api/v1/internal_transfers");
    let transfers = rate(n(50_000), 32, move |i| {
        let (h, u, t, b) = (h.clone(), turl.clone(), t.clone(), body.clone());
        async move {
            h.post(&u)
                .header("user-agent", "load")
                .bearer_auth(&t)
                .header("x-stone-idempotency-key", format!("load-{i}"))
                .json(&b)
                .send()
                .await
                .is_ok_and(|r| r.status().as_u16() == 202)
        }
    })
    .await;
    println!("internal transfers (POST, keyed, 32 connections): {transfers:.0} transfers/s (target >= 1,000)");

    // Client overhead, one request at a time (latency, not throughput):
    // raw and client rounds interleaved, best round of each, so machine
    // noise does not land on one side only.
    let rounds = n(1_000);
    let (mut raw, mut ours) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..5 {
        let started = Instant::now();
        for _ in 0..rounds {
            let r = http
                .get(&url)
                .header("user-agent", "load")
                .bearer_auth(&token)
                .send()
                .await?;
            let _: Value = r.json().await?;
        }
        raw = raw.min(started.elapsed() / rounds as u32);
        let started = Instant::now();
        for _ in 0..rounds {
            client.balance(&account.id).await?;
        }
        ours = ours.min(started.elapsed() / rounds as u32);
    }
    let overhead = (ours.as_secs_f64() / raw.as_secs_f64() - 1.0) * 100.0;
    println!("client overhead: raw HTTP {raw:?}, client.balance {ours:?} per request (best of 5 rounds of {rounds}): {overhead:+.1}% (target < 10%)");

    // Fill the ledger to 100,000 entries (each transfer writes two).
    fill(
        &http,
        &base,
        &token,
        &client,
        &account.id,
        &target,
        n(100_000),
    )
    .await?;
    let transfers_kept = transfers_done(&client, &account.id).await?;
    println!(
        "memory of the sandbox process with {} statement entries, {transfers_kept} transfers and as many idempotency records: {:.0} MB RSS (target < 100 MB)",
        2 * transfers_kept,
        rss_of(&child_pid)
    );

    // Walk both statements (every entry of the ledger) through the client.
    let before = rss_mb();
    let (walked, took) = walk(&[(&client, &account.id), (&platform, &user_account.id)]).await?;
    println!(
        "statement walk: {walked} entries in {took:?} ({:.0} entries/s), client memory {before:.0} → {:.0} MB (pages are dropped as walked)",
        walked as f64 / took.as_secs_f64(),
        rss_mb()
    );
    drop(child.stdin.take());
    child.wait()?;
    Ok(())
}

/// Internal transfers the account has made so far.
async fn transfers_done(client: &Client, account_id: &str) -> Result<usize, Box<dyn Error>> {
    let mut n = 0;
    let mut pages = client.internal_transfers(account_id).page_size(1000);
    while let Some(page) = pages.next_page().await {
        n += page?.len();
    }
    Ok(n)
}

/// Internal transfers of 1 centavo from the account to `target` until the
/// ledger has `want` entries (each transfer writes two), 32 at a time.
async fn fill(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    client: &Client,
    account_id: &str,
    target: &str,
    want: usize,
) -> Result<(), Box<dyn Error>> {
    let have = 2 * transfers_done(client, account_id).await?;
    if have < want {
        let body = json!({"account_id": account_id, "amount": 1, "target": {"account": {"account_code": target}}});
        let (h, t, u) = (
            http.clone(),
            token.to_owned(),
            format!("{base}/api/v1/internal_transfers"),
        );
        rate((want - have) / 2 + 32, 32, move |i| {
            let (h, u, t, b) = (h.clone(), u.clone(), t.clone(), body.clone());
            async move {
                h.post(&u)
                    .header("user-agent", "load")
                    .bearer_auth(&t)
                    .header("x-stone-idempotency-key", format!("fill-{i}"))
                    .json(&b)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().as_u16() == 202)
            }
        })
        .await;
    }
    Ok(())
}

/// Walks the statements named, 1,000 entries a page: entries, time taken.
async fn walk(
    statements: &[(&Client, &String)],
) -> Result<(usize, std::time::Duration), Box<dyn Error>> {
    let started = Instant::now();
    let mut walked = 0usize;
    for (c, id) in statements {
        let mut pages = c.statement(id).page_size(1000);
        while let Some(page) = pages.next_page().await {
            walked += page?.len();
        }
    }
    Ok((walked, started.elapsed()))
}

/// `fill`: a running sandbox filled, then walked by the Rust client.
async fn fill_and_walk(base: &str, want: usize) -> Result<(), Box<dyn Error>> {
    let client = client_for(base, DEMO_CLIENT_ID)?;
    let platform = client_for(base, stone_sandbox::domain::seed::DEMO_OPENBANK_CLIENT_ID)?;
    let account = client.accounts().await?.remove(0);
    let user_account = platform.accounts().await?.remove(0);
    let token = client.access_token().await?;
    let http = reqwest::Client::new();
    fill(
        &http,
        base,
        &token,
        &client,
        &account.id,
        &user_account.account_code,
        want,
    )
    .await?;
    // Best of three walks: the first also warms the sandbox's pages.
    let mut best = (0, std::time::Duration::MAX);
    for _ in 0..3 {
        let (walked, took) = walk(&[(&client, &account.id), (&platform, &user_account.id)]).await?;
        if took < best.1 {
            best = (walked, took);
        }
    }
    println!(
        "{}",
        json!({
            "entries": best.0,
            "rust_seconds": best.1.as_secs_f64(),
            "rust_entries_per_s": best.0 as f64 / best.1.as_secs_f64(),
        })
    );
    Ok(())
}

/// `balance`: the Rust client's per-call time against a running sandbox.
async fn time_balance(base: &str, rounds: u32, repeats: u32) -> Result<(), Box<dyn Error>> {
    let client = client_for(base, DEMO_CLIENT_ID)?;
    let account = client.accounts().await?.remove(0);
    for _ in 0..200 {
        client.balance(&account.id).await?;
    }
    let mut best = std::time::Duration::MAX;
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        for _ in 0..rounds {
            client.balance(&account.id).await?;
        }
        best = best.min(started.elapsed() / rounds.max(1));
    }
    println!("{}", json!({ "rust_us": best.as_secs_f64() * 1e6 }));
    Ok(())
}
