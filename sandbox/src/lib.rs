//! A local emulator of the Stone Banking API: the default backend of the
//! SDK's examples and of every language's integration tests, so they run
//! without Stone credentials or the internet. An independent project, not a
//! Stone product. See `docs/sandbox.md` for what it covers and the choices
//! made where Stone's docs contradict each other.

pub mod accounts;
pub mod admin;
pub mod admin_access;
pub mod auth;
pub mod cash_in;
pub mod clock;
pub mod consent;
pub mod contacts;
pub mod cursor;
pub mod domain;
pub mod faults;
pub mod fees;
pub mod http;
pub mod idempotency;
pub mod institutions;
pub mod invoices;
pub mod jwt;
pub mod ledger;
pub mod listener;
pub mod operations;
pub mod owner_app;
pub mod payroll;
pub mod pdf;
pub mod persist;
pub mod pix;
pub mod portability;
pub mod receipts;
pub mod scheduler;
pub mod seed;
pub mod server;
pub mod statement;
pub mod store;
pub mod stored;
pub mod webhooks;

pub use server::{start, Config, Sandbox};
