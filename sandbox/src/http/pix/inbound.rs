//! The endpoints of [`crate::domain::pix::inbound`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::charges;
use crate::domain::pix::inbound::*;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::{self, ChargeKind};

/// `POST /admin/pix/inbound`: `{"brcode"|"key", "amount"?, "description"?,
/// "payer"?: {"name", "document", "ispb"?}}` → the received Pix (201).
pub async fn pay(
    State(app): State<Arc<App>>,
    Json(req): Json<PayRequest>,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let (landing, amount) = match (&req.brcode, &req.key) {
        (Some(text), None) => {
            let code = pix::parse(text).map_err(|_| Refusal::new(Class::Invalid, "bad_request"))?;
            match code.kind {
                ChargeKind::Static => {
                    // A static charge is found by its own payload.
                    let static_charge = store
                        .pix_static_charges
                        .iter()
                        .position(|c| c.qr_code_content == code.payload);
                    let key = code.key.unwrap_or_default();
                    let landing = Landing {
                        account_id: key_account(&store, &key)?,
                        charge: None,
                        static_charge,
                        txid: Some(code.txid),
                    };
                    (landing, settle_amount(code.amount_cents, req.amount)?)
                }
                ChargeKind::Dynamic => {
                    let index = charges::at_location(&store, code.url.as_deref().unwrap_or(""))
                        .ok_or_else(Refusal::not_found)?;
                    let c = &store.pix_charges[index];
                    let amount = payable(c, &now, req.amount)?;
                    // A charge is paid to the account that issued it (its
                    // key may have moved since).
                    let landing = Landing {
                        account_id: c.account_id.clone(),
                        charge: Some(index),
                        static_charge: None,
                        txid: Some(c.transaction_id.clone()),
                    };
                    (landing, amount)
                }
            }
        }
        (None, Some(key)) => {
            let landing = Landing {
                account_id: key_account(&store, key)?,
                ..Landing::default()
            };
            (landing, settle_amount(None, req.amount)?)
        }
        _ => return Err(Refusal::validation(&[("brcode", "give a brcode or a key")])),
    };
    let payer = req.payer.unwrap_or(Payer {
        name: "Pagador Externo".into(),
        document: "12345678909".into(),
        ispb: default_ispb(),
    });
    let source = json!({
        "account": {"account_code": "123456", "account_type": "CC", "branch_code": "0001"},
        "entity": {"document": payer.document, "document_type": crate::domain::pix::document_type(&payer.document), "name": payer.name},
        "institution": {"ispb": payer.ispb, "name": "Banco Externo"},
    });
    let arrival = Arrival {
        amount,
        description: req.description,
        source,
        payer_ispb: &payer.ispb,
        end_to_end_id: None,
    };
    let index = receive(&mut store, &now, &landing, arrival)?;
    // The money comes from outside the sandbox.
    store.flows.received += amount;
    json_of(&store.pix_inbound[index]).map(|j| (StatusCode::CREATED, j))
}

/// `GET /api/v1/inbound_pix_payments/{id}/`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let p = store
        .pix_inbound
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(&token.client_id, &p.account_id)?;
    json_of(p)
}
