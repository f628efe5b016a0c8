//! Stone's API over HTTP: routes, the caller and idempotency key taken
//! from headers, Stone's JSON shapes, and refusals as statuses. It calls
//! into `crate::domain`; the domain never calls back.

pub mod accounts;
pub mod admin;
pub mod admin_access;
pub mod auth;
pub mod cash_in;
pub mod consent;
pub mod contacts;
pub mod error;
pub mod faults;
pub mod fees;
pub mod idempotency;
pub mod institutions;
pub mod invoices;
pub mod listener;
pub mod operations;
pub mod owner_app;
pub mod payroll;
pub mod pix;
pub mod portability;
pub mod receipts;
pub mod scheduler;
pub mod server;
pub mod webhooks;
