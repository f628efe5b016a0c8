//! Stone's cursor pagination (SPEC §5.5): `limit`, `after`, `before`;
//! responses `{"cursor": {"after", "before", "limit"}, "data": [...]}`,
//! newest first. Cursors are opaque to clients; here they name a position in
//! an append-only sequence, so pages stay stable while new items arrive.

use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

pub const DEFAULT_LIMIT: usize = 25;
pub const MAX_LIMIT: usize = 1000;

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    pub limit: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

pub(crate) fn invalid_cursor() -> Refusal {
    let mut e = Refusal::new(Class::Invalid, "invalid_cursor");
    e.body["path"] = json!("limit");
    e
}

pub(crate) fn encode(seq: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("seq:{seq}"))
}

pub(crate) fn decode(cursor: &str) -> Result<usize, Refusal> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| invalid_cursor())?;
    std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| s.strip_prefix("seq:"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(invalid_cursor)
}

/// One page of the `items` that `keep` keeps; an item's position in the
/// append-only `items` is its sequence number.
pub fn page_where<T: serde::Serialize>(
    items: &[T],
    keep: impl Fn(&T) -> bool,
    query: &Page,
) -> Result<Value, Refusal> {
    let kept: Vec<(usize, &T)> = items.iter().enumerate().filter(|(_, x)| keep(x)).collect();
    page(&kept, query)
}

/// One page of `items`, given as (sequence number, item) in ascending
/// sequence (oldest first); the page lists them newest first.
pub fn page<T: Clone + serde::Serialize>(
    items: &[(usize, T)],
    query: &Page,
) -> Result<Value, Refusal> {
    let limit = match &query.limit {
        None => DEFAULT_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(Refusal::validation(&[(
                    "limit",
                    "must be a whole number from 1 to 1000",
                )]))
            }
        },
    };
    // Positions in the newest-first order.
    let newest_first: Vec<&(usize, T)> = items.iter().rev().collect();
    let (start, end) = match (&query.after, &query.before) {
        (Some(after), _) => {
            let seq = decode(after)?;
            let start = newest_first.iter().take_while(|(s, _)| *s >= seq).count();
            (start, (start + limit).min(newest_first.len()))
        }
        (None, Some(before)) => {
            let seq = decode(before)?;
            let end = newest_first.iter().take_while(|(s, _)| *s > seq).count();
            (end.saturating_sub(limit), end)
        }
        (None, None) => (0, limit.min(newest_first.len())),
    };
    let slice = &newest_first[start..end];
    let after = (end < newest_first.len())
        .then(|| slice.last().map(|(s, _)| encode(*s)))
        .flatten();
    let before = (start > 0)
        .then(|| slice.first().map(|(s, _)| encode(*s)))
        .flatten();
    let data: Vec<&T> = slice.iter().map(|(_, item)| item).collect();
    Ok(json!({
        "cursor": {"after": after, "before": before, "limit": limit},
        "data": data,
    }))
}
