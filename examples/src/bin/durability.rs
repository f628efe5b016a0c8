//! Crash durability of the sandbox's `--db`, as a figure: a sandbox process
//! keeping its store in a SQLite file takes cash-outs from 16 clients at
//! once and is killed with SIGKILL at a random moment, ROUNDS times. After
//! each restart the calls left without an answer are sent again under their
//! keys. At the end the file is read back and must hold every cash-out the
//! sandbox acknowledged, under the id it answered, exactly once, with the
//! ledger conserved, and a retry of every acknowledged key must answer the
//! same id (the idempotency records survived too). The ledger each restart
//! loads must be conserved.
//!
//!   cargo run --release -p stone-examples --bin durability [ROUNDS]   (default 20)
//!
//! (`durability serve FILE` is the sandbox process it starts and kills.)

use std::collections::HashMap;
use std::error::Error;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stone_openbank::client::{Client, Credentials, Environment, PrivateKey, RetryPolicy};
use stone_openbank::models::NewInternalTransfer;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use stone_sandbox::domain::store::Store;
use stone_sandbox::http::server::{start, Config};
use stone_sandbox::persist::Db;

const WORKERS: usize = 16;

/// What the clients saw: key → the id the sandbox answered (`None` while
/// the call has had no answer: in doubt until it is sent again).
type Seen = Arc<Mutex<HashMap<String, Option<String>>>>;

async fn serve(db: PathBuf) -> Result<(), Box<dyn Error>> {
    let sandbox = start(Config {
        db: Some(db),
        ..Config::default()
    })
    .await?;
    println!("{}", sandbox.base_url());
    std::future::pending::<()>().await;
    Ok(())
}

/// Starts the sandbox process on `db`; returns it and its base URL.
fn spawn(db: &Path) -> Result<(Child, String), Box<dyn Error>> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("serve")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    BufReader::new(stdout).read_line(&mut line)?;
    if line.trim().is_empty() {
        return Err("the sandbox process did not start".into());
    }
    Ok((child, line.trim().to_owned()))
}

fn client(base_url: &str) -> Result<Client, Box<dyn Error>> {
    Ok(Client::builder(
        "stone-openbank durability",
        Credentials::ClientKey {
            client_id: DEMO_CLIENT_ID.into(),
            key: PrivateKey::from_pem(DEMO_PRIVATE_KEY_PEM)?,
        },
    )
    .environment(Environment::local(base_url))
    // One quick attempt: a dead sandbox leaves the call in doubt, and the
    // next round sends it again under the same key.
    .retry(RetryPolicy {
        max_attempts: 1,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    })
    .timeout(Duration::from_secs(5))
    .build()?)
}

/// One keyed transfer of 1 centavo, its key in the description too (so the
/// file can be searched by it).
async fn transfer(client: &Client, account: &str, key: &str) -> Result<String, String> {
    client
        .create_internal_transfer(
            &NewInternalTransfer {
                account_id: account.to_owned(),
                amount: 1,
                target_account_code: "400002".into(),
                description: Some(key.to_owned()),
                scheduled_to: None,
            },
            Some(key),
        )
        .await
        .map(|t| t.id)
        .map_err(|e| e.to_string())
}

/// xorshift64: the kill moments, reproducible from the round.
fn draw(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("serve") {
        return serve(args.next().ok_or("serve FILE")?.into()).await;
    }
    let rounds: usize = first.map_or(Ok(20), |a| a.parse())?;
    let dir = std::env::temp_dir().join(format!("stone-durability-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("sandbox.db");
    let seen: Seen = Arc::default();
    let mut rng = 0x2026_1201_u64;
    let (mut resent, mut killed_in_flight, mut restarts_conserved) = (0usize, 0usize, 0usize);
    let started = Instant::now();

    for round in 0..=rounds {
        let (mut child, base_url) = spawn(&db)?;
        // Money is conserved in what each restart loaded.
        let ledger: serde_json::Value = reqwest::get(format!("{base_url}/admin/ledger"))
            .await?
            .json()
            .await?;
        if ledger["conserved"] != true {
            return Err(
                format!("round {round}: the ledger loaded is not conserved: {ledger}").into(),
            );
        }
        restarts_conserved += 1;
        let client = client(&base_url)?;
        let account = client.accounts().await?.remove(0).id;
        // The calls the last kill left without an answer, again, same key.
        let doubtful: Vec<String> = {
            let seen = seen.lock().map_err(|_| "poisoned")?;
            seen.iter()
                .filter(|(_, id)| id.is_none())
                .map(|(k, _)| k.clone())
                .collect()
        };
        for key in doubtful {
            let id = transfer(&client, &account, &key).await?;
            resent += 1;
            seen.lock().map_err(|_| "poisoned")?.insert(key, Some(id));
        }
        if round == rounds {
            // The last process: every acknowledged key answers its id again.
            let acknowledged: Vec<(String, String)> = seen
                .lock()
                .map_err(|_| "poisoned")?
                .iter()
                .filter_map(|(k, id)| id.clone().map(|id| (k.clone(), id)))
                .collect();
            for (key, id) in &acknowledged {
                let again = transfer(&client, &account, key).await?;
                if &again != id {
                    return Err(format!("{key}: answered {id}, then {again} after restart").into());
                }
            }
            child.kill()?;
            child.wait()?;
            break;
        }
        let mut workers = Vec::new();
        for w in 0..WORKERS {
            let (client, account, seen) = (client.clone(), account.clone(), seen.clone());
            workers.push(tokio::spawn(async move {
                for i in 0.. {
                    let key = format!("dur-{round}-{w}-{i}");
                    seen.lock().ok()?.insert(key.clone(), None);
                    match transfer(&client, &account, &key).await {
                        Ok(id) => {
                            seen.lock().ok()?.insert(key, Some(id));
                        }
                        // The process is gone: this key stays in doubt.
                        Err(_) => return Some(()),
                    }
                }
                Some(())
            }));
        }
        tokio::time::sleep(Duration::from_millis(100 + draw(&mut rng) % 900)).await;
        child.kill()?; // SIGKILL: no shutdown, no last write
        child.wait()?;
        for worker in workers {
            worker.await?;
        }
        killed_in_flight += seen
            .lock()
            .map_err(|_| "poisoned")?
            .values()
            .filter(|id| id.is_none())
            .count();
    }
    let elapsed = started.elapsed();

    // What the file holds, read as the sandbox reads it at start.
    let mut store = Store::default();
    Db::open(&db)?.load(&mut store)?;
    let held = store.operations_described("dur-");
    let seen = seen.lock().map_err(|_| "poisoned")?;
    let duplicated = held.values().filter(|ids| ids.len() > 1).count();
    let lost = seen
        .iter()
        .filter(|(key, id)| match (id, held.get(key.as_str())) {
            (Some(id), Some(ids)) => ids.len() != 1 || ids[0] != *id,
            _ => true,
        })
        .count();
    let balances: i64 = store.accounts.iter().map(|a| a.balance).sum();
    let conserved = balances + store.flows.sent_out + store.flows.fees == store.flows.received;
    println!(
        "durability: {rounds} kills (SIGKILL) under {WORKERS} clients in {:.1} s; \
         cash-outs acknowledged {}; calls in doubt at a kill {killed_in_flight}, sent again {resent}; \
         held in the file {}; duplicated {duplicated}; acknowledged but not held {lost}; \
         ledger conserved after each of {restarts_conserved} restarts and at the end {conserved}",
        elapsed.as_secs_f64(),
        seen.len(),
        held.len(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    if duplicated > 0 || lost > 0 || !conserved {
        return Err("an acknowledged cash-out was lost or duplicated".into());
    }
    Ok(())
}
