//! Stone's API over HTTP: routes, the caller and idempotency key taken
//! from headers, Stone's JSON shapes, and refusals as statuses. It calls
//! into `crate::domain`; the domain never calls back.

pub mod error;
