//! The bank: records, rules and life cycles, as plain functions of the
//! store. Nothing here knows HTTP (no axum, no `crate::http`): a rule is
//! unit-tested by calling it, and a refusal is a [`refusal::Refusal`] the
//! HTTP layer maps to a status. `sandbox/tests/layers.rs` keeps it so.

pub mod accounts;
pub mod auth;
pub mod cash_in;
pub mod clock;
pub mod consent;
pub mod contacts;
pub mod cursor;
pub mod fees;
pub mod idempotency;
pub mod institutions;
pub mod invoices;
pub mod jwt;
pub mod ledger;
pub mod onboarding;
pub mod operations;
pub mod payroll;
pub mod pdf;
pub mod pix;
pub mod portability;
pub mod receipts;
pub mod refusal;
pub mod seed;
pub mod statement;
pub mod store;
pub mod stored;
pub mod webhooks;
