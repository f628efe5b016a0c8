//! The endpoints of [`crate::domain::pix::charges`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::operations::lifecycle;
use crate::domain::pix::brcode_text;
use crate::domain::pix::charges::*;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::json_of;
use crate::http::idempotency;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::{Charge as BrCharge, PointOfInitiation};

fn create_dynamic_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, false, None)
}

/// A charge from a Stone-shaped body, for the BCB API (`cob`, `cobv`): at
/// a location made before (`loc`), or a new one.
pub fn create_for_bcb(
    app: &App,
    client_id: &str,
    body: &Value,
    with_due_date: bool,
    location: Option<String>,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, with_due_date, location)
}

fn create_due_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    create_charge(app, client_id, body, true, None)
}

/// `POST /api/v1/pix_payment_invoices_with_due_date` (200, as documented).
pub async fn create_due(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_due_inner)
}

/// A dynamic charge, immediate or (`with_due_date`) with a due date.
fn create_charge(
    app: &App,
    client_id: &str,
    body: &Value,
    with_due_date: bool,
    location: Option<String>,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let mut reasons = Vec::new();
    let expiration = match body.get("expiration") {
        None | Some(Value::Null) => DEFAULT_EXPIRATION,
        Some(v) => match v.as_i64() {
            Some(s) if (1..=MAX_EXPIRATION).contains(&s) => s,
            _ => {
                reasons.push(("expiration", "must be 1 to 2147483647 seconds"));
                0
            }
        },
    };
    let request_for_payer = body
        .get("request_for_payer")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if request_for_payer
        .as_ref()
        .is_some_and(|r| r.chars().count() > 140)
    {
        reasons.push(("request_for_payer", "at most 140 characters"));
    }
    let common = check_common(&store, client_id, body, &mut reasons)?;
    let due = if with_due_date {
        Some(crate::domain::pix::due::terms_of(
            body,
            &common.account,
            &now,
        )?)
    } else {
        None
    };
    let id = uuid::Uuid::new_v4().to_string();
    let location = location.unwrap_or_else(|| new_location(&id, due.is_some()));
    // A due-date charge may be paid until the end of its last day.
    let expires_unix = match &due {
        Some(d) => crate::domain::pix::due::last_moment(&d.terms),
        None => now.unix.saturating_add(expiration),
    };
    let (qr_code_content, qr_code_image) = qr_code(
        &common,
        BrCharge {
            url: Some(location.clone()),
            point_of_initiation: Some(PointOfInitiation::SingleUse),
            ..BrCharge::default()
        },
    )?;
    let creator = format!("application:{client_id}");
    let charge = DynamicCharge {
        id,
        account_id: common.account.id,
        participant_ispb: STONE_ISPB.into(),
        key: common.key,
        key_type: common.key_type,
        transaction_id: common.transaction_id,
        amount: common.amount,
        // With its document's type, as the lookup shows the payer.
        customer: body.get("customer").cloned().map(|mut c| {
            if let Some(doc) = c.get("document").and_then(Value::as_str) {
                let digits = doc.chars().filter(char::is_ascii_alphanumeric).count();
                c["document_type"] = json!(if digits == 14 { "cnpj" } else { "cpf" });
            }
            c
        }),
        additional_data: list(body, "additional_data"),
        metadata: list(body, "metadata"),
        location,
        request_for_payer,
        expiration: expires_unix.saturating_sub(now.unix),
        status: "ACTIVE".into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        created_at: now.iso.clone(),
        paid_at: None,
        cancelled_at: None,
        updated_at: now.iso.clone(),
        created_by: creator.clone(),
        last_updated_by: creator,
        qr_code_image,
        qr_code_content,
        inbound_pix_payments: Vec::new(),
        expires_unix,
        revision: 0,
        due,
    };
    let view = serde_json::to_value(&charge).unwrap_or(Value::Null);
    store.pix_charges.push(charge);
    let index = store.pix_charges.len() - 1;
    announce(&mut store, &now, index, "pix_invoice_payment_created");
    let status = if with_due_date {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, view))
}

/// `POST /api/v1/pix_payment_invoices`.
pub async fn create_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_dynamic_inner)
}

/// `GET /api/v1/pix_payment_invoices/{id}`.
pub async fn get_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let index = visible(&store, &token.client_id, &id)?;
    json_of(&store.pix_charges[index])
}

/// `DELETE /api/v1/pix_payment_invoices/{id}` with `x-stone-account-id`:
/// 204; a paid charge cannot be cancelled (422 `already_paid`).
pub async fn cancel_dynamic(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let Some(account_id) = headers
        .get("x-stone-account-id")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(Refusal::validation(&[(
            "x-stone-account-id",
            "is required",
        )]));
    };
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = visible(&store, &token.client_id, &id)?;
    if store.pix_charges[index].account_id != account_id {
        return Err(Refusal::not_found());
    }
    if expired(&store.pix_charges[index], &now) {
        return Err(lifecycle::wrong_status("EXPIRED"));
    }
    match store.pix_charges[index].status.as_str() {
        "ACTIVE" => {}
        "PAID" => return Err(Refusal::new(Class::Unprocessable, "already_paid")),
        other => return Err(lifecycle::wrong_status(other)),
    }
    let c = &mut store.pix_charges[index];
    c.status = "CANCELLED".into();
    c.cancelled_at = Some(now.iso.clone());
    c.updated_at = now.iso.clone();
    announce(&mut store, &now, index, "pix_invoice_payment_cancelled");
    Ok(StatusCode::NO_CONTENT)
}

fn create_static_inner(
    app: &App,
    client_id: &str,
    body: &Value,
) -> Result<(StatusCode, Value), Refusal> {
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let mut reasons = Vec::new();
    let additional_information = body
        .get("additional_information")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let common = check_common(&store, client_id, body, &mut reasons)?;
    let (qr_code_content, qr_code_image) = qr_code(
        &common,
        BrCharge {
            key: Some(common.key.clone()),
            description: additional_information
                .as_deref()
                .map(|d| brcode_text(d, 40)),
            ..BrCharge::default()
        },
    )?;
    let creator = format!("application:{client_id}");
    let charge = StaticCharge {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: common.account.id,
        participant_ispb: STONE_ISPB.into(),
        key: common.key,
        key_type: common.key_type,
        transaction_id: common.transaction_id,
        amount: common.amount,
        additional_information,
        request_id: uuid::Uuid::new_v4().to_string(),
        created_at: now.iso.clone(),
        updated_at: now.iso.clone(),
        created_by: creator.clone(),
        last_updated_by: creator,
        qr_code_image,
        qr_code_content,
    };
    let view = serde_json::to_value(&charge).unwrap_or(Value::Null);
    store.pix_static_charges.push(charge);
    Ok((StatusCode::CREATED, view))
}

/// `POST /api/v1/pix_payment_static_invoices`.
pub async fn create_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    crate::http::pix::keyed_create(&app, &headers, &body, WRITE, create_static_inner)
}

/// `GET /api/v1/pix_payment_static_invoices/{id}`.
pub async fn get_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, crate::domain::pix::READ)?;
    let store = app.store.lock();
    let c = store
        .pix_static_charges
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(&token.client_id, &c.account_id)?;
    json_of(c)
}

/// `PATCH /api/v1/pix_payment_static_invoices/{id}` `{additional_information}`
/// (SPEC #83, idempotency key required): the text shown to the payer
/// changes, and with it the BR Code and its image, made as at creation.
pub async fn update_static(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    crate::http::pix::require_idempotency_key(&headers)?;
    let value = crate::http::error::body_of(&body)?;
    let (_, answer) = idempotency::run(&app, &token.client_id, &headers, &body, || {
        let now = Now::of(&app.clock);
        let mut store = app.store.lock();
        let index = store
            .pix_static_charges
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(Refusal::not_found)?;
        let c = &store.pix_static_charges[index];
        let account = store
            .accessible_account(&token.client_id, &c.account_id)?
            .clone();
        let text = match value.get("additional_information") {
            Some(Value::String(t)) if !t.trim().is_empty() => t.clone(),
            _ => {
                return Err(Refusal::validation(&[(
                    "additional_information",
                    "is required (text)",
                )]))
            }
        };
        let common = Common {
            account,
            key: c.key.clone(),
            key_type: c.key_type.clone(),
            transaction_id: c.transaction_id.clone(),
            amount: c.amount,
        };
        let (qr_code_content, qr_code_image) = qr_code(
            &common,
            BrCharge {
                key: Some(common.key.clone()),
                description: Some(brcode_text(&text, 40)),
                ..BrCharge::default()
            },
        )?;
        let c = &mut store.pix_static_charges[index];
        c.additional_information = Some(text);
        c.qr_code_content = qr_code_content;
        c.qr_code_image = qr_code_image;
        c.updated_at = now.iso.clone();
        c.last_updated_by = format!("application:{}", token.client_id);
        Ok((
            StatusCode::OK,
            serde_json::to_value(&*c).unwrap_or(Value::Null),
        ))
    })?;
    Ok(Json(answer))
}
