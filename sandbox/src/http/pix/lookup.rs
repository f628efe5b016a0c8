//! The endpoints of [`crate::domain::pix::lookup`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::charges;
use crate::domain::pix::lookup::*;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::{self, ChargeKind};

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
            let index = charges::at_location(&store, &url).ok_or_else(Refusal::not_found)?;
            Ok(Json(json!({
                "type": "dynamic",
                "dynamic": charges::payer_view(&store.pix_charges[index], &Now::of(&app.clock)),
            })))
        }
    }
}
