//! The delivery task: drains the outbox, sends each event in its own task
//! (a slow receiver delays only its own events), retries failures with
//! exponential backoff, and logs every attempt. It also runs the clock's
//! effects (scheduled operations, boleto registration) once a second.

use crate::domain::clock::Now;
use crate::domain::webhooks::jose;
use crate::domain::webhooks::Attempt;
use crate::domain::webhooks::Event;
use crate::domain::webhooks::MAX_ATTEMPTS;
use crate::http::scheduler;
use crate::http::server::App;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Tunable per sandbox (`POST /admin/webhooks/settings`), so tests need not
/// wait Stone's real intervals.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// First retry delay; doubles per attempt, at most an hour.
    pub retry_base: Duration,
    /// How long a receiver may take to answer.
    pub timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            retry_base: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }
}

fn settings(app: &App) -> Settings {
    *app.webhook_settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Runs until the sandbox stops.
pub async fn run(app: Arc<App>) {
    let http = reqwest::Client::new();
    let mut ticks: u32 = 0;
    let mut saved_at = u64::MAX;
    while !app.stopping.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        ticks = ticks.wrapping_add(1);
        if ticks % 20 == 0 {
            scheduler::tick(&app);
            persist(&app, &mut saved_at, ticks);
        }
        let events: Vec<Event> = app.store.lock().outbox.drain(..).collect();
        for event in events {
            tokio::spawn(deliver(app.clone(), http.clone(), event));
        }
    }
}

async fn deliver(app: Arc<App>, http: reqwest::Client, event: Event) {
    for attempt in 1..=MAX_ATTEMPTS {
        if app.stopping.load(Ordering::SeqCst) {
            return;
        }
        let target = {
            let store = app.store.lock();
            store
                .applications
                .get(&event.client_id)
                .and_then(|a| a.webhook_url.clone().map(|u| (u, a.public_key.clone())))
        };
        let Some((url, key)) = target else {
            return;
        };
        let now = Now::of(&app.clock);
        let mut claims = event.payload.clone();
        claims["event_notified_at"] = json!(now.iso);
        claims["iat"] = json!(now.unix);
        claims["nbf"] = json!(now.unix);
        claims["exp"] = json!(now.unix + 24 * 3600);
        claims["jti"] = json!(uuid::Uuid::new_v4().to_string());
        let token = app.keys.sign(&claims);
        let settings = settings(&app);
        let outcome = match jose::encrypt(&key, token.as_bytes()) {
            Err(e) => Err(e),
            Ok(jwe) => http
                .post(&url)
                .timeout(settings.timeout)
                .header("user-agent", "stone-sandbox-webhooks")
                .header("x-stone-webhook-event-id", &event.event_id)
                .header("x-stone-webhook-event-type", &event.event_type)
                .json(&json!({"encrypted_body": jwe}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .map_err(|e| {
                    if e.is_timeout() {
                        "receiver timed out".to_owned()
                    } else {
                        "receiver unreachable".to_owned()
                    }
                }),
        };
        let delivered = matches!(outcome, Ok(200..=299));
        {
            let mut store = app.store.lock();
            store.webhook_attempts.push(Attempt {
                event_id: event.event_id.clone(),
                event_type: event.event_type.clone(),
                client_id: event.client_id.clone(),
                attempt,
                at: now.iso.clone(),
                status: outcome.as_ref().ok().copied(),
                error: outcome.as_ref().err().cloned(),
                delivered,
            });
            if delivered {
                store.webhooks_sent.push(event.clone());
            }
        }
        if delivered {
            return;
        }
        let backoff = settings
            .retry_base
            .saturating_mul(1 << (attempt - 1).min(12))
            .min(Duration::from_secs(3600));
        tokio::time::sleep(backoff).await;
    }
}

/// The log entry shape of `GET /api/v1/applications/application:{id}/webhooks`.
pub fn sent_view(event: &Event) -> Value {
    json!({
        "client_id": format!("application:{}", event.client_id),
        "created_at": event.created_at,
        "data": event.payload,
    })
}

/// Writes the SQLite file when requests changed the store, and every ten
/// seconds anyway (the clock changes state by itself).
fn persist(app: &App, saved_at: &mut u64, ticks: u32) {
    let Some(db) = &app.db else { return };
    let mutations = app.mutations.load(Ordering::SeqCst);
    if mutations != *saved_at || ticks % 200 == 0 {
        match db.save(app) {
            Ok(()) => *saved_at = mutations,
            Err(e) => eprintln!("{}", json!({"event": "persist_failed", "error": e})),
        }
    }
}
