//! Received Pix: `GET /api/v1/inbound_pix_payments/{id}/`, and the admin
//! payer (`POST /admin/pix/inbound`) that pays a BR Code or a key from a
//! bank outside the sandbox: the money enters the world of the sandbox
//! (`flows.received`), the charge is PAID, webhooks go out.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stone_openbank::pix::{self, ChargeKind};

use super::party;
use crate::auth::caller;
use crate::clock::Now;
use crate::error::{json_of, ApiError};
use crate::ledger::{self, Posting};
use crate::server::App;
use crate::store::Store;
use crate::webhooks;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InboundPix {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub change_amount: i64,
    pub refunded_amount: i64,
    pub description: Option<String>,
    pub end_to_end_id: String,
    pub transaction_id: Option<String>,
    pub purpose: String,
    pub status: String,
    pub fee: i64,
    pub source: Value,
    pub target: Value,
    pub created_at: String,
    pub created_by: String,
    pub settled_at: Option<String>,
    pub failed_at: Option<String>,
    pub pix_payment_invoice: Option<Value>,
    pub pix_payment_invoice_with_due_date: Option<Value>,
    pub pix_payment_static_invoice: Option<Value>,
}

/// A payer outside Stone, as the admin request names it.
#[derive(Debug, Deserialize)]
pub struct Payer {
    name: String,
    document: String,
    #[serde(default = "default_ispb")]
    ispb: String,
}

fn default_ispb() -> String {
    "00000000".into()
}

#[derive(Debug, Deserialize)]
pub struct PayRequest {
    /// A "copia e cola" to pay, or
    brcode: Option<String>,
    /// a key to send to.
    key: Option<String>,
    amount: Option<i64>,
    description: Option<String>,
    payer: Option<Payer>,
}

fn refuse(kind: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, kind)
}

/// An end-to-end id as the SPI writes them: `E`, the payer's ISPB, the
/// minute, 11 characters.
fn end_to_end_id(ispb: &str, now: &Now) -> String {
    let minute: String = now
        .iso
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    let tail: String = uuid::Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .take(11)
        .collect();
    format!("E{ispb:0>8.8}{minute}{tail}")
}

/// `POST /admin/pix/inbound`: `{"brcode"|"key", "amount"?, "description"?,
/// "payer"?: {"name", "document", "ispb"?}}` → the received Pix (201).
pub async fn pay(
    State(app): State<Arc<App>>,
    Json(req): Json<PayRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    // A static charge is found by its own payload.
    let mut static_payload = None;
    let (key, charge, txid, code_amount) = match (&req.brcode, &req.key) {
        (Some(text), None) => {
            let code = pix::parse(text)
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "bad_request"))?;
            match code.kind {
                ChargeKind::Static => {
                    static_payload = Some(code.payload.clone());
                    (
                        code.key.unwrap_or_default(),
                        None,
                        Some(code.txid),
                        code.amount_cents,
                    )
                }
                ChargeKind::Dynamic => {
                    let index =
                        super::charges::at_location(&store, code.url.as_deref().unwrap_or(""))
                            .ok_or_else(ApiError::not_found)?;
                    let c = &store.pix_charges[index];
                    if super::charges::expired(c, &now) {
                        return Err(refuse("invoice_expired"));
                    }
                    match c.status.as_str() {
                        "ACTIVE" => {}
                        "PAID" => return Err(refuse("invoice_paid")),
                        _ => return Err(refuse("invoice_expired")),
                    }
                    (
                        c.key.clone(),
                        Some(index),
                        Some(c.transaction_id.clone()),
                        c.amount,
                    )
                }
            }
        }
        (None, Some(key)) => (key.clone(), None, None, None),
        _ => {
            return Err(ApiError::validation(&[(
                "brcode",
                "give a brcode or a key",
            )]))
        }
    };
    let amount = match (code_amount, req.amount) {
        (Some(a), Some(b)) if a != b => return Err(refuse("invoice_amount_differs")),
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => return Err(ApiError::validation(&[("amount", "is required")])),
    };
    if !(1..=stone_openbank::pix::MAX_CENTS).contains(&amount) {
        return Err(ApiError::validation(&[(
            "amount",
            "must be 1 to 999999999999 centavos",
        )]));
    }
    // A charge is paid to the account that issued it (its key may have
    // moved since); a key, to whoever holds it now.
    let account_id = match charge {
        Some(index) => store.pix_charges[index].account_id.clone(),
        None => super::key_owner(&store, &key)
            .map(|k| k.account_id.clone())
            .ok_or_else(|| refuse("key_not_found"))?,
    };
    let account = store
        .account(&account_id)
        .ok_or_else(ApiError::not_found)?
        .clone();
    let payer = req.payer.unwrap_or(Payer {
        name: "Pagador Externo".into(),
        document: "12345678909".into(),
        ispb: default_ispb(),
    });
    let source = json!({
        "account": {"account_code": "123456", "account_type": "CC", "branch_code": "0001"},
        "entity": {"document": payer.document, "document_type": super::document_type(&payer.document), "name": payer.name},
        "institution": {"ispb": payer.ispb, "name": "Banco Externo"},
    });
    let id = uuid::Uuid::new_v4().to_string();
    let posting = Posting {
        kind: "pix_payment",
        account_id: &account_id,
        amount,
        fee: 0,
        operation_id: &id,
        description: req.description.as_deref().unwrap_or("Pix recebido"),
        counter_party: Arc::new(source.clone()),
        at: now.ts(),
        barcode: None,
        scheduled_to: None,
    };
    ledger::credit(&mut store, &posting).map_err(|_| ApiError::not_found())?;
    store.flows.received += amount;
    let invoice_view = charge.map(|index| {
        let c = &mut store.pix_charges[index];
        c.status = "PAID".into();
        c.paid_at = Some(now.iso.clone());
        c.updated_at = now.iso.clone();
        c.inbound_pix_payments.push(id.clone());
        json!({"id": c.id, "additional_data": c.additional_data, "paid_at": c.paid_at})
    });
    let static_view = store
        .pix_static_charges
        .iter()
        .find(|c| static_payload.as_deref() == Some(c.qr_code_content.as_str()))
        .map(|c| json!({"id": c.id, "additional_information": c.additional_information}));
    let inbound = InboundPix {
        id: id.clone(),
        account_id: account_id.clone(),
        amount,
        change_amount: 0,
        refunded_amount: 0,
        description: req.description,
        end_to_end_id: end_to_end_id(&payer.ispb, &now),
        transaction_id: txid.filter(|t| t != "***"),
        purpose: "payment".into(),
        status: "SETTLED".into(),
        fee: 0,
        source,
        target: party(&account),
        created_at: now.iso.clone(),
        created_by: "application:spi".into(),
        settled_at: Some(now.iso.clone()),
        failed_at: None,
        pix_payment_invoice: invoice_view,
        pix_payment_invoice_with_due_date: None,
        pix_payment_static_invoice: static_view,
    };
    let view = serde_json::to_value(&inbound).unwrap_or(Value::Null);
    store.pix_inbound.push(inbound);
    let index = store.pix_inbound.len() - 1;
    if let Some(c) = charge {
        super::charges::announce(&mut store, &now, c, "pix_invoice_payment_paid");
    }
    announce(&mut store, &now, index, "pix_inbound_payment_received");
    Ok((StatusCode::CREATED, Json(view)))
}

fn announce(store: &mut Store, now: &Now, index: usize, event: &str) {
    let p = &store.pix_inbound[index];
    let (account, uri) = (
        p.account_id.clone(),
        format!("/api/v1/inbound_pix_payments/{}", p.id),
    );
    webhooks::emit(
        store,
        now,
        event,
        "inbound_pix_payment",
        &account,
        &uri,
        |s| serde_json::to_value(&s.pix_inbound[index]).unwrap_or(Value::Null),
    );
}

/// `GET /api/v1/inbound_pix_payments/{id}/`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let token = caller(&app, &headers, super::READ)?;
    let store = app.store.lock();
    let p = store
        .pix_inbound
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(ApiError::not_found)?;
    store.check_access(&token.client_id, &p.account_id)?;
    json_of(p)
}
