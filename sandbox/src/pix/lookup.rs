//! `POST /api/v1/pix/outbound_pix_payments/brcodes`: what a BR Code asks
//! for, before paying it. Static codes are read by the core; dynamic ones
//! are fetched from their location (the sandbox's own charges).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use stone_openbank::pix::{self, ChargeKind};

use crate::auth::caller;
use crate::clock::Now;
use crate::domain::refusal::{Class, Refusal};
use crate::server::App;

const SCOPES: &[&str] = &["pix:payment", "pix:read", "paymentaccount:read"];

/// The API's name of a key type (`random_key` for a UUID).
pub fn api_key_type(t: pix::KeyType) -> &'static str {
    match t {
        pix::KeyType::Evp => "random_key",
        other => other.as_str(),
    }
}

pub async fn lookup(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    caller(&app, &headers, SCOPES)?;
    let Some(text) = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("brcode").and_then(Value::as_str).map(str::to_owned))
    else {
        return Err(Refusal::validation(&[("brcode", "is required")]));
    };
    let code = pix::parse(&text).map_err(|_| Refusal::new(Class::Invalid, "bad_request"))?;
    match code.kind {
        ChargeKind::Static => Ok(Json(json!({
            "type": "static",
            "static": {
                "key": code.key,
                "key_type": code.key_type.map(api_key_type),
                // `***` (none), as a received Pix says it: null.
                "transaction_id": (code.txid != "***").then_some(code.txid),
                "amount": code.amount_cents,
            }
        }))),
        ChargeKind::Dynamic => {
            let store = app.store.lock();
            let url = code.url.unwrap_or_default();
            let index = super::charges::at_location(&store, &url).ok_or_else(Refusal::not_found)?;
            Ok(Json(json!({
                "type": "dynamic",
                "dynamic": super::charges::payer_view(&store.pix_charges[index], &Now::of(&app.clock)),
            })))
        }
    }
}
