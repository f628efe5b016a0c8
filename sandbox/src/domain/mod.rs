//! The bank: records, rules and life cycles, as plain functions of the
//! store. Nothing here knows HTTP (no axum, no `crate::http`): a rule is
//! unit-tested by calling it, and a refusal is a [`refusal::Refusal`] the
//! HTTP layer maps to a status. `scripts/layers.sh` keeps it so.

pub mod refusal;
