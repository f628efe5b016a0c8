//! The API client for Kotlin and Swift: one uniffi object running any
//! operation of the core's list by name (`client::surface`), its `async`
//! methods driven by uniffi's tokio integration (Kotlin `suspend`, Swift
//! `async throws`; never a `block_on`). The typed clients, models and
//! errors are generated from the same list (`stone-codegen kotlin|swift`)
//! plus a small hand-written idiomatic layer (`StoneClient.kt`,
//! `StoneClient.swift`), so this file never changes when an operation is
//! added.
//!
//! Cancelling the Kotlin coroutine or Swift task drops the Rust future:
//! the request stops where it is. A cash-out that reached Stone is kept
//! once, and the caller's retry with the same idempotency key gets its
//! original answer (tested in both languages).

use std::sync::Arc;

use stone_openbank::client::surface::{self, ClientConfig, Output};
use stone_openbank::client::Client;

/// The core's error as its one JSON shape (`surface::error_json`); the
/// hand-written layer maps it to `StoneException` / `StoneError`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CoreFailure {
    #[error("{json}")]
    Core { json: String },
}

fn failure(e: &stone_openbank::client::Error) -> CoreFailure {
    CoreFailure::Core {
        json: surface::error_json(e),
    }
}

/// An operation's result: JSON text, or a file's bytes.
#[derive(Debug, uniffi::Enum)]
pub enum CallOutput {
    Json { text: String },
    Bytes { bytes: Vec<u8> },
}

#[derive(uniffi::Object)]
pub struct NativeClient {
    inner: Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl NativeClient {
    /// Builds a client from the JSON of the core's `ClientConfig`.
    #[uniffi::constructor]
    pub fn new(config_json: String) -> Result<Arc<Self>, CoreFailure> {
        let config = ClientConfig::from_json(&config_json).map_err(|e| failure(&e))?;
        let inner = config.build().map_err(|e| failure(&e))?;
        Ok(Arc::new(NativeClient { inner }))
    }

    /// Runs an operation with its arguments as a JSON object.
    pub async fn call(&self, op: String, args_json: String) -> Result<CallOutput, CoreFailure> {
        match surface::call(&self.inner, &op, &args_json).await {
            Ok(Output::Json(text)) => Ok(CallOutput::Json { text }),
            Ok(Output::Bytes(bytes)) => Ok(CallOutput::Bytes { bytes }),
            Err(e) => Err(failure(&e)),
        }
    }

    /// One page of a list: `{"data": [...], "after": cursor or null}`.
    pub async fn page(
        &self,
        op: String,
        args_json: String,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Result<String, CoreFailure> {
        surface::page(&self.inner, &op, &args_json, after, limit)
            .await
            .map_err(|e| failure(&e))
    }
}
