//! The API client for JavaScript (feature `client`: the `stone-openbank/client`
//! entry, a module of its own so the validation entry stays small). Thin by
//! design: the client is built from the core's one `ClientConfig`, and every
//! operation goes through the core's dispatcher (`client::surface`) by name,
//! so this file never changes when an operation is added. `js/client.ts`
//! (with the generated `js/generated.ts`) gives it typed methods.
//!
//! Results cross as JSON text (or bytes for PDFs), errors as the core's
//! error JSON thrown as a string; `js/errors.ts` raises the typed classes.

use js_sys::{Promise, Uint8Array};
use stone_openbank::client::surface::{self, ClientConfig, Output};
use stone_openbank::client::Client;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

fn thrown(e: &stone_openbank::client::Error) -> JsValue {
    JsValue::from_str(&surface::error_json(e))
}

#[wasm_bindgen]
pub struct WasmClient {
    inner: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// Builds a client from the JSON of `ClientConfig`.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<WasmClient, JsValue> {
        let config = ClientConfig::from_json(config_json).map_err(|e| thrown(&e))?;
        let inner = config.build().map_err(|e| thrown(&e))?;
        Ok(WasmClient { inner })
    }

    /// Runs an operation: a Promise of its JSON text, or of a `Uint8Array`
    /// for files. The future owns a clone of the client (an `Arc`), so the
    /// JavaScript object may be dropped while a call is in flight.
    pub fn call(&self, op: String, args_json: String) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            match surface::call(&client, &op, &args_json).await {
                Ok(Output::Json(text)) => Ok(JsValue::from_str(&text)),
                Ok(Output::Bytes(bytes)) => Ok(Uint8Array::from(bytes.as_slice()).into()),
                Err(e) => Err(thrown(&e)),
            }
        })
    }

    /// One page of a list: a Promise of `{"data": [...], "after": ...}` as text.
    pub fn page(
        &self,
        op: String,
        args_json: String,
        after: Option<String>,
        limit: Option<u32>,
    ) -> Promise {
        let client = self.inner.clone();
        future_to_promise(async move {
            surface::page(&client, &op, &args_json, after, limit)
                .await
                .map(|text| JsValue::from_str(&text))
                .map_err(|e| thrown(&e))
        })
    }
}
