//! Contacts, saved payees, and their bank accounts or Pix keys (SPEC §6.10).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stone_openbank::documents::TaxId;

use crate::auth::caller;
use crate::domain::refusal::Refusal;
use crate::http::error::{body_of, json_of};
use crate::institutions;
use crate::operations::rules::{self, Reasons};
use crate::server::App;
use crate::store::Store;

const READ: &[&str] = &["paymentaccount:contact:read", "paymentaccount:read"];
const WRITE: &[&str] = &["paymentaccount:contact:write"];
const ACCOUNT_TYPES: &[&str] = &["CC", "CD", "CG", "CI", "PG", "PP"];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BankAccount {
    pub id: String,
    pub account_code: Option<String>,
    pub account_type: Option<String>,
    pub branch_code: Option<String>,
    pub institution_code: Option<String>,
    #[serde(
        serialize_with = "contact_institution",
        deserialize_with = "institution_back"
    )]
    pub institution: Option<institutions::Institution>,
    pub pix_key: Option<String>,
}

/// A contact's bank as `contact.get.response.json` shows it (`compe`,
/// `ispb`, `name`, the SPI/STR flags), beside the institution list's own
/// names (`number_code`, `ispb_code`, `short_name`) that earlier answers
/// had: both, so no reader loses a key.
fn contact_institution<S: serde::Serializer>(
    institution: &Option<institutions::Institution>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match institution {
        None => serializer.serialize_none(),
        Some(i) => serde_json::json!({
            "compe": i.number_code, "ispb": i.ispb_code, "name": i.name,
            "spi_participant": true, "str_participant": true,
            "number_code": i.number_code, "ispb_code": i.ispb_code, "short_name": i.short_name,
        })
        .serialize(serializer),
    }
}

/// A saved contact's bank, read back from the object it is shown as.
fn institution_back<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<institutions::Institution>, D::Error> {
    let shown = Option::<Value>::deserialize(deserializer)?;
    Ok(shown
        .as_ref()
        .and_then(|v| v.get("ispb"))
        .and_then(Value::as_str)
        .and_then(institutions::find)
        .copied())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub tax_id: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub bank_accounts: Vec<BankAccount>,
    #[serde(skip_serializing_if = "crate::stored::hidden")]
    pub account_id: String,
}

/// The contact's fields from a body: every field optional on update,
/// `name` required on create.
/// A field of an update: absent (`None`), cleared (`Some(None)`) or set.
type Change = Option<Option<String>>;

fn fields(
    body: &Value,
    creating: bool,
    reasons: &mut Reasons,
) -> (Option<String>, Change, Change, Change) {
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if creating && name.is_none() {
        reasons.add("name", "is required");
    }
    let opt = |k: &str| body.get(k).map(|v| v.as_str().map(str::to_owned));
    let tax_id = match opt("tax_id") {
        Some(Some(t)) => match TaxId::parse(&t) {
            Ok(id) => Some(Some(id.as_str().to_owned())),
            Err(_) => {
                reasons.add("tax_id", "is not a valid CPF or CNPJ");
                None
            }
        },
        other => other,
    };
    let email = opt("email");
    if let Some(Some(e)) = &email {
        if !e.contains('@') {
            reasons.add("email", "is not an e-mail address");
        }
    }
    let mobile = opt("mobile");
    if let Some(Some(m)) = &mobile {
        // As people write it: Stone's own example is `21 999999999`; spaces,
        // dashes, parentheses and a leading `+` are the writing, not the
        // number (kept as given).
        let digits: String = m
            .trim_start_matches('+')
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        if !rules::digits(&digits) || !(10..=13).contains(&digits.len()) {
            reasons.add("mobile", "must be a phone number: 10 to 13 digits");
        }
    }
    (name.map(str::to_owned), tax_id, email, mobile)
}

fn bank_account(body: &Value, id: String) -> Result<BankAccount, Refusal> {
    let mut reasons = Reasons::default();
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let pix_key = text("pix_key");
    let code = text("account_code").map(|c| c.trim_start_matches('0').to_owned());
    let institution_code = text("institution_code");
    let branch = text("branch_code");
    let account_type = text("account_type");
    if pix_key.is_none() {
        if !code.as_deref().is_some_and(rules::digits) {
            reasons.add(
                "account_code",
                "is required (digits) unless pix_key is given",
            );
        }
        if institution_code
            .as_deref()
            .and_then(institutions::find)
            .is_none()
        {
            reasons.add(
                "institution_code",
                "is required: a known ISPB or bank number",
            );
        }
    }
    if branch
        .as_deref()
        .is_some_and(|b| !rules::digits(b) || b.len() > 4)
    {
        reasons.add("branch_code", "must have 1 to 4 digits");
    }
    if account_type
        .as_deref()
        .is_some_and(|t| !ACCOUNT_TYPES.contains(&t))
    {
        reasons.add("account_type", "must be one of CC, CD, CG, CI, PG, PP");
    }
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    let institution = institution_code
        .as_deref()
        .and_then(institutions::find)
        .copied();
    Ok(BankAccount {
        id,
        account_code: code,
        account_type,
        branch_code: branch,
        institution_code,
        institution,
        pix_key,
    })
}

fn contact_mut<'s>(
    store: &'s mut Store,
    account_id: &str,
    contact_id: &str,
) -> Result<&'s mut Contact, Refusal> {
    store
        .contacts
        .iter_mut()
        .find(|c| c.id == contact_id && c.account_id == account_id)
        .ok_or_else(Refusal::not_found)
}

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

#[derive(Debug, Deserialize)]
pub struct Filters {
    tax_id: Option<String>,
    account_code: Option<String>,
    institution_code: Option<String>,
    pix_key: Option<String>,
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
