//! The access-token cache: one token reused for its whole life (Stone asks
//! not to request one per call), renewed a minute before it expires;
//! concurrent callers share one renewal (they wait on the same lock, then
//! read the fresh token).

use std::time::Duration;

use web_time::Instant;

use tokio::sync::Mutex;

/// Renew this long before the token's announced expiry.
pub const RENEW_MARGIN: Duration = Duration::from_secs(60);

struct Cached {
    token: String,
    renew_at: Instant,
}

#[derive(Default)]
pub struct TokenCache {
    inner: Mutex<Option<Cached>>,
}

/// An access token is a secret: it never appears in `Debug` output.
impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCache(<redacted>)")
    }
}

impl TokenCache {
    /// The cached token, or the one `fetch` obtains (`(token, expires_in)`)
    /// while holding the lock.
    pub async fn get<F, Fut, E>(&self, fetch: F) -> Result<String, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(String, u64), E>>,
    {
        let mut guard = self.inner.lock().await;
        if let Some(cached) = guard.as_ref() {
            if Instant::now() < cached.renew_at {
                return Ok(cached.token.clone());
            }
        }
        let (token, expires_in) = fetch().await?;
        // An answer's `expires_in` is outside input: capped (a day), so a
        // huge value can neither overflow the clock nor pin a token forever.
        let lifetime = Duration::from_secs(expires_in.min(86_400)).saturating_sub(RENEW_MARGIN);
        *guard = Some(Cached {
            token: token.clone(),
            renew_at: Instant::now() + lifetime,
        });
        Ok(token)
    }

    /// Forgets `token` if it is still the cached one (the server refused it:
    /// revoked, or expired early). A token already replaced stays replaced.
    pub async fn invalidate(&self, token: &str) {
        let mut guard = self.inner.lock().await;
        if guard.as_ref().is_some_and(|c| c.token == token) {
            *guard = None;
        }
    }
}
