//! Idempotency keys as the bank keeps them (SPEC §5.8), per application: a
//! new key may run its operation; the same key with the same body gets the
//! kept answer back; while the first request still runs, it is locked; the
//! same key with another body is a conflict; a key over 72 characters is
//! refused. How a key arrives (the `x-stone-idempotency-key` header) and
//! how an answer is replayed are the HTTP layer's (`crate::http::idempotency`).

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::domain::operations;
use crate::domain::refusal::{Class, Refusal};

pub const MAX_KEY_LEN: usize = 72;

/// Keys by (client id, key).
pub type Keys = HashMap<(String, String), Entry>;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Entry {
    InFlight {
        body: [u8; 32],
    },
    Done {
        body: [u8; 32],
        /// The status the first answer had.
        status: u16,
        response: Response,
    },
}

/// A response as kept for replays: a cash-out's as a pointer to its record
/// and the status it was accepted with (rebuilt by the HTTP layer from the
/// record), anything else as JSON text (a fraction of a `Value` tree's
/// memory; replays are rare).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Response {
    Json(Box<str>),
    Operation {
        index: usize,
        status: operations::Status,
        approved: bool,
    },
}

/// What identifies a request's body under its key.
pub fn digest(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

/// What a request under a key may do.
#[derive(Debug, PartialEq)]
pub enum Claim {
    /// The key is new: it is now held in flight, and the operation runs.
    Run,
    /// The key answered this body before: the kept answer.
    Replay(u16, Response),
}

impl PartialEq for Response {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Response::Json(a), Response::Json(b)) => a == b,
            (
                Response::Operation {
                    index: a,
                    status: s,
                    approved: p,
                },
                Response::Operation {
                    index: b,
                    status: t,
                    approved: q,
                },
            ) => a == b && s == t && p == q,
            _ => false,
        }
    }
}

/// Claims key `id` for a request whose body hashes to `body`.
pub fn claim(keys: &mut Keys, id: &(String, String), body: [u8; 32]) -> Result<Claim, Refusal> {
    if id.1.len() > MAX_KEY_LEN {
        return Err(Refusal::new(Class::KeyTooLong, "idempotency_key_too_long"));
    }
    match keys.get(id) {
        Some(Entry::Done {
            body: kept,
            status,
            response,
        }) if *kept == body => Ok(Claim::Replay(*status, response.clone())),
        Some(Entry::InFlight { body: kept }) if *kept == body => {
            Err(Refusal::new(Class::Locked, "request_in_progress"))
        }
        Some(_) => Err(Refusal::new(Class::Conflict, "idempotency_conflict")),
        None => {
            keys.insert(id.clone(), Entry::InFlight { body });
            Ok(Claim::Run)
        }
    }
}

/// Ends a claim: the answer is kept for replays, or, when the operation
/// was refused (it did nothing), the key is free again.
pub fn settle(
    keys: &mut Keys,
    id: (String, String),
    body: [u8; 32],
    kept: Option<(u16, Response)>,
) {
    match kept {
        Some((status, response)) => {
            keys.insert(
                id,
                Entry::Done {
                    body,
                    status,
                    response,
                },
            );
        }
        None => {
            keys.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(key: &str) -> (String, String) {
        ("app".to_owned(), key.to_owned())
    }

    #[test]
    fn a_key_runs_once_then_replays_its_answer() {
        let mut keys = Keys::new();
        let body = digest(b"{\"amount\":100}");
        assert_eq!(claim(&mut keys, &id("k"), body).unwrap(), Claim::Run);
        // A retry while the first still runs is locked, not run again.
        assert_eq!(
            claim(&mut keys, &id("k"), body).unwrap_err().class,
            Class::Locked
        );
        settle(
            &mut keys,
            id("k"),
            body,
            Some((202, Response::Json("{}".into()))),
        );
        assert_eq!(
            claim(&mut keys, &id("k"), body).unwrap(),
            Claim::Replay(202, Response::Json("{}".into()))
        );
    }

    #[test]
    fn another_body_under_the_same_key_is_a_conflict() {
        let mut keys = Keys::new();
        claim(&mut keys, &id("k"), digest(b"a")).unwrap();
        settle(
            &mut keys,
            id("k"),
            digest(b"a"),
            Some((201, Response::Json("{}".into()))),
        );
        assert_eq!(
            claim(&mut keys, &id("k"), digest(b"b")).unwrap_err().class,
            Class::Conflict
        );
    }

    #[test]
    fn a_refused_operation_frees_its_key() {
        let mut keys = Keys::new();
        claim(&mut keys, &id("k"), digest(b"a")).unwrap();
        settle(&mut keys, id("k"), digest(b"a"), None);
        assert_eq!(
            claim(&mut keys, &id("k"), digest(b"a")).unwrap(),
            Claim::Run
        );
    }

    #[test]
    fn a_key_longer_than_stone_accepts_is_refused() {
        let mut keys = Keys::new();
        let long = "k".repeat(MAX_KEY_LEN + 1);
        assert_eq!(
            claim(&mut keys, &id(&long), digest(b"a"))
                .unwrap_err()
                .class,
            Class::KeyTooLong
        );
        assert!(keys.is_empty());
    }
}
