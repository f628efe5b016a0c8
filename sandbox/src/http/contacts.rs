//! The endpoints of [`crate::domain::contacts`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::contacts::*;
use crate::domain::operations::rules::Reasons;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::error::body_of;
use crate::http::error::json_of;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
/// `POST /api/v1/accounts/{id}/contacts`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut reasons = Reasons::default();
    let (name, tax_id, email, mobile) = fields(&body, true, &mut reasons);
    let (Some(name), true) = (name, reasons.is_empty()) else {
        return Err(reasons.into_error());
    };
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let contact = Contact {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        tax_id: tax_id.flatten(),
        email: email.flatten(),
        mobile: mobile.flatten(),
        bank_accounts: Vec::new(),
        account_id,
    };
    let view = json_of(&contact);
    store.contacts.push(contact);
    view
}

/// `GET /api/v1/accounts/{id}/contacts`: a bare array.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(account_id): Path<String>,
    Query(f): Query<Filters>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let has = |c: &Contact, pick: fn(&BankAccount) -> Option<&String>, want: &Option<String>| {
        want.as_ref()
            .is_none_or(|w| c.bank_accounts.iter().any(|b| pick(b) == Some(w)))
    };
    let found: Vec<&Contact> = store
        .contacts
        .iter()
        .filter(|c| c.account_id == account_id)
        .filter(|c| {
            f.tax_id
                .as_ref()
                .is_none_or(|t| c.tax_id.as_ref() == Some(t))
        })
        .filter(|c| has(c, |b| b.account_code.as_ref(), &f.account_code))
        .filter(|c| has(c, |b| b.institution_code.as_ref(), &f.institution_code))
        .filter(|c| has(c, |b| b.pix_key.as_ref(), &f.pix_key))
        .collect();
    json_of(&found)
}

/// `GET /api/v1/accounts/{id}/contacts/{contact_id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    json_of(contact_mut(&mut store, &account_id, &contact_id)?)
}

/// `POST /api/v1/accounts/{id}/contacts/{contact_id}`: update.
pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let body = body_of(&body)?;
    let mut reasons = Reasons::default();
    let (name, tax_id, email, mobile) = fields(&body, false, &mut reasons);
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let c = contact_mut(&mut store, &account_id, &contact_id)?;
    if let Some(n) = name {
        c.name = n;
    }
    if let Some(t) = tax_id {
        c.tax_id = t;
    }
    if let Some(e) = email {
        c.email = e;
    }
    if let Some(m) = mobile {
        c.mobile = m;
    }
    json_of(c)
}

/// `DELETE /api/v1/accounts/{id}/contacts/{contact_id}`.
pub async fn delete(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let before = store.contacts.len();
    store
        .contacts
        .retain(|c| !(c.id == contact_id && c.account_id == account_id));
    if store.contacts.len() == before {
        return Err(Refusal::not_found());
    }
    Ok(Json(json!({})))
}

/// `POST .../contacts/{contact_id}/bank_accounts`.
pub async fn add_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let bank = bank_account(&body_of(&body)?, uuid::Uuid::new_v4().to_string())?;
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let c = contact_mut(&mut store, &account_id, &contact_id)?;
    let view = json_of(&bank);
    c.bank_accounts.push(bank);
    view
}

/// `POST .../bank_accounts/{bank_account_id}`: update.
pub async fn update_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id, bank_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let bank = bank_account(&body_of(&body)?, bank_id.clone())?;
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let c = contact_mut(&mut store, &account_id, &contact_id)?;
    let slot = c
        .bank_accounts
        .iter_mut()
        .find(|b| b.id == bank_id)
        .ok_or_else(Refusal::not_found)?;
    *slot = bank;
    json_of(slot)
}

/// `DELETE .../bank_accounts/{bank_account_id}`.
pub async fn delete_bank_account(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((account_id, contact_id, bank_id)): Path<(String, String, String)>,
) -> Result<Json<Value>, Refusal> {
    let token = caller(&app, &headers, WRITE)?;
    let mut store = app.store.lock();
    store.accessible_account(&token.client_id, &account_id)?;
    let c = contact_mut(&mut store, &account_id, &contact_id)?;
    let before = c.bank_accounts.len();
    c.bank_accounts.retain(|b| b.id != bank_id);
    if c.bank_accounts.len() == before {
        return Err(Refusal::not_found());
    }
    Ok(Json(json!({})))
}
