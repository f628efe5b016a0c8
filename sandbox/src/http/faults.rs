//! Fault injection for tests of clients: added latency, 500/503 and 429
//! answers, and connections dropped before or after the operation commits
//! (the case that makes a naive retry pay twice). Set with
//! `POST /admin/faults`; applies to `/api/...` calls only.

use crate::http::error;
use crate::http::server::App;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// Probabilities in `0.0..=1.0`, drawn in this order for each call.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub rate_limit_rate: f64,
    #[serde(default)]
    pub drop_before_rate: f64,
    #[serde(default)]
    pub drop_after_rate: f64,
    /// Seed of the draws, for reproducible runs.
    #[serde(default)]
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct FaultState {
    pub faults: Faults,
    rng: u64,
    /// What was injected since start: answers of 500/503/429, connections
    /// dropped before the request ran, and after it committed.
    pub injected: Injected,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Injected {
    pub statuses: u64,
    pub dropped_before: u64,
    pub dropped_after: u64,
}

enum Outcome {
    Pass,
    Status(StatusCode),
    DropBefore,
    DropAfter,
}

impl FaultState {
    fn next(&mut self) -> f64 {
        // xorshift64*: reproducible from the seed, good enough for faults.
        let mut x = if self.rng == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            self.rng
        };
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn draw(&mut self) -> Outcome {
        let outcome = self.choose();
        match outcome {
            Outcome::Status(_) => self.injected.statuses += 1,
            Outcome::DropBefore => self.injected.dropped_before += 1,
            Outcome::DropAfter => self.injected.dropped_after += 1,
            Outcome::Pass => {}
        }
        outcome
    }

    fn choose(&mut self) -> Outcome {
        let f = self.faults.clone();
        if self.next() < f.error_rate {
            let status = if self.next() < 0.5 {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            return Outcome::Status(status);
        }
        if self.next() < f.rate_limit_rate {
            return Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        }
        if self.next() < f.drop_before_rate {
            return Outcome::DropBefore;
        }
        if self.next() < f.drop_after_rate {
            return Outcome::DropAfter;
        }
        Outcome::Pass
    }
}

/// A response whose body fails after the headers: the client sees the
/// connection break mid-answer, as when a network drops it.
fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by fault injection",
        ))
    });
    (StatusCode::OK, Body::from_stream(stream)).into_response()
}

pub async fn inject(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (latency, outcome) = {
        let mut state = app.faults.lock().unwrap_or_else(|p| p.into_inner());
        (state.faults.latency_ms, state.draw())
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match outcome {
        Outcome::Pass => next.run(req).await,
        Outcome::Status(status) => {
            let kind = if status == StatusCode::TOO_MANY_REQUESTS {
                "too_many_requests"
            } else {
                "internal"
            };
            error::plain(status, kind)
        }
        Outcome::DropBefore => dropped(),
        Outcome::DropAfter => {
            // The operation runs and commits; its answer is lost.
            let _ = next.run(req).await;
            dropped()
        }
    }
}

/// `POST /admin/faults`: replaces the fault settings (`{}` turns them off).
pub async fn configure(State(app): State<Arc<App>>, Json(faults): Json<Faults>) -> Json<Value> {
    let mut state = app.faults.lock().unwrap_or_else(|p| p.into_inner());
    state.rng = faults.seed;
    state.faults = faults;
    Json(json!({"ok": true}))
}
