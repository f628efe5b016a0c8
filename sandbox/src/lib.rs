//! A local emulator of the Stone Banking API: the default backend of the
//! SDK's examples and of every language's integration tests, so they run
//! without Stone credentials or the internet. An independent project, not a
//! Stone product. See `docs/sandbox.md` for what it covers and the choices
//! made where Stone's docs contradict each other.

pub mod domain;
pub mod http;
pub mod persist;

pub use http::server::{start, Config, Sandbox};
