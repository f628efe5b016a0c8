//! The endpoints of [`crate::domain::webhooks`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

pub mod delivery;
pub mod endpoints;
