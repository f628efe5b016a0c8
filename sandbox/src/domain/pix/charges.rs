//! QR charges: dynamic immediate ("cobrança imediata",
//! `/api/v1/pix_payment_invoices`: ACTIVE → PAID | EXPIRED | CANCELLED) and
//! static (`/api/v1/pix_payment_static_invoices`). Their BR Codes are built
//! by the core; a dynamic code carries the charge's location, which the
//! BR Code lookup and the admin payer resolve.

use crate::domain::clock::Now;
use crate::domain::operations::lifecycle;
use crate::domain::pix::brcode_text;
use crate::domain::pix::due;
use crate::domain::pix::qr_image;
use crate::domain::pix::STONE_ISPB;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Account;
use crate::domain::store::Store;
use crate::domain::stored;
use crate::domain::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stone_openbank::pix::txid;
use stone_openbank::pix::{Charge as BrCharge, PointOfInitiation};

pub(crate) const WRITE: &[&str] = &["pix:payment_invoice", "pix:write"];
/// Where the sandbox's dynamic charges live (Stone's homologation host).
pub const LOCATION_HOST: &str = "pix-h.stone.com.br/pix/v2/";
pub(crate) const CITY: &str = "SAO PAULO";
pub const DEFAULT_EXPIRATION: i64 = 86_400;
/// Seconds: the API's field is a 32-bit integer.
pub const MAX_EXPIRATION: i64 = i32::MAX as i64;
pub(crate) const MAX_AMOUNT: i64 = 999_999_999_999;

/// A dynamic charge's life: ACTIVE → PAID, EXPIRED (after its
/// `expiration`, or a due-date charge's last day) or CANCELLED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChargeStatus {
    Active,
    Paid,
    Expired,
    Cancelled,
}

impl ChargeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeStatus::Active => "ACTIVE",
            ChargeStatus::Paid => "PAID",
            ChargeStatus::Expired => "EXPIRED",
            ChargeStatus::Cancelled => "CANCELLED",
        }
    }

    /// As the BCB's API words it (`cob`, `cobv`, the due-date payload).
    pub fn bcb(self) -> &'static str {
        match self {
            ChargeStatus::Active => "ATIVA",
            ChargeStatus::Paid => "CONCLUIDA",
            ChargeStatus::Cancelled => "REMOVIDA_PELO_USUARIO_RECEBEDOR",
            ChargeStatus::Expired => "REMOVIDA_PELO_PSP",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DynamicCharge {
    pub id: String,
    pub account_id: String,
    pub participant_ispb: String,
    pub key: String,
    pub key_type: String,
    pub transaction_id: String,
    pub amount: Option<i64>,
    pub customer: Option<Value>,
    pub additional_data: Vec<Value>,
    pub metadata: Vec<Value>,
    pub location: String,
    pub request_for_payer: Option<String>,
    pub expiration: i64,
    pub status: ChargeStatus,
    pub request_id: String,
    pub created_at: String,
    pub paid_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub updated_at: String,
    pub created_by: String,
    pub last_updated_by: String,
    pub qr_code_content: String,
    pub qr_code_image: String,
    pub inbound_pix_payments: Vec<String>,
    /// Revisions made through the BCB API (`revisao`).
    #[serde(default)]
    pub revision: u32,
    /// A charge with a due date: its terms (flattened, as Stone shows them).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub due: Option<due::DueTerms>,
    /// When it expires (not in Stone's view).
    #[serde(skip_serializing_if = "stored::hidden")]
    pub expires_unix: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaticCharge {
    pub id: String,
    pub account_id: String,
    pub participant_ispb: String,
    pub key: String,
    pub key_type: String,
    pub transaction_id: String,
    pub amount: Option<i64>,
    pub additional_information: Option<String>,
    pub request_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub last_updated_by: String,
    pub qr_code_content: String,
    pub qr_code_image: String,
}

pub fn announce(store: &mut Store, now: &Now, index: usize, event: &str) {
    let c = &store.pix_charges[index];
    let kind = c.kind();
    let (account, uri) = (c.account_id.clone(), format!("/api/v1/{kind}s/{}", c.id));
    webhooks::emit(store, now, event, kind, &account, &uri, |s| {
        serde_json::to_value(&s.pix_charges[index]).unwrap_or(Value::Null)
    });
}

/// Charges past their expiration become EXPIRED.
pub fn tick(store: &mut Store, now: &Now) {
    for index in 0..store.pix_charges.len() {
        let c = &mut store.pix_charges[index];
        if c.status == ChargeStatus::Active && now.unix >= c.expires_unix {
            c.status = ChargeStatus::Expired;
            c.updated_at = now.iso.clone();
        }
    }
}

/// What both kinds of charge ask for, checked.
pub(crate) struct Common {
    pub(crate) account: Account,
    pub(crate) key: String,
    pub(crate) key_type: String,
    pub(crate) transaction_id: String,
    pub(crate) amount: Option<i64>,
}

/// The checks both kinds share: the caller operates the account, the key
/// is the account's, the txid and amount have their forms (with the
/// kind's own `reasons`, refused together) and the txid is free.
pub(crate) fn check_common(
    store: &Store,
    client_id: &str,
    body: &Value,
    reasons: &mut Vec<(&'static str, &'static str)>,
) -> Result<Common, Refusal> {
    let Some(account_id) = body.get("account_id").and_then(Value::as_str) else {
        return Err(Refusal::validation(&[("account_id", "is required")]));
    };
    let account = store.accessible_account(client_id, account_id)?.clone();
    let key = body.get("key").and_then(Value::as_str).unwrap_or("");
    if key.is_empty() {
        reasons.push(("key", "is required"));
    }
    let transaction_id = body
        .get("transaction_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !txid::is_charge_txid(transaction_id) {
        reasons.push(("transaction_id", "must match ^[a-zA-Z0-9]{26,35}$"));
    }
    match body.get("amount") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_i64().is_some_and(|a| (1..=MAX_AMOUNT).contains(&a)) => {}
        Some(_) => reasons.push((
            "amount",
            "must be an integer of centavos, 1 to 999999999999",
        )),
    }
    if !reasons.is_empty() {
        return Err(Refusal::validation(reasons));
    }
    let key_type = match crate::domain::pix::key_owner(store, key) {
        Some(k) if k.account_id == account.id => k.key_type.clone(),
        _ => return Err(Refusal::new(Class::Unprocessable, "invalid_key")),
    };
    taken(store, &account.id, transaction_id)?;
    Ok(Common {
        key: key.to_owned(),
        key_type,
        transaction_id: transaction_id.to_owned(),
        amount: body.get("amount").and_then(Value::as_i64),
        account,
    })
}

/// A charge's BR Code and its PNG: `fields` (the key or the location,
/// and what differs by kind) completed with the account's name, the city
/// and the txid, which Stone writes cut to the 25 characters a BR Code
/// holds.
pub(crate) fn qr_code(c: &Common, fields: BrCharge) -> Result<(String, String), Refusal> {
    let payload = BrCharge {
        amount_cents: c.amount,
        merchant_name: brcode_text(&c.account.owner_name, 25),
        merchant_city: CITY.into(),
        txid: Some(c.transaction_id.chars().take(25).collect()),
        ..fields
    }
    .encode()
    .map_err(|e| unwritable(&e))?;
    let image = qr_image(&payload);
    Ok((payload, image))
}

/// Where a charge's payload lives: `…/pix/v2/<id>`, or `…/cobv/<id>`.
pub fn new_location(id: &str, due: bool) -> String {
    let id = id.replace('-', "");
    if due {
        format!("{LOCATION_HOST}cobv/{id}")
    } else {
        format!("{LOCATION_HOST}{id}")
    }
}

impl DynamicCharge {
    /// The resource it is (`pix_payment_invoice`, or
    /// `pix_payment_invoice_with_due_date`): its webhooks' `target_type`,
    /// its collection in the API and its field in a received Pix.
    pub fn kind(&self) -> &'static str {
        if self.due.is_some() {
            "pix_payment_invoice_with_due_date"
        } else {
            "pix_payment_invoice"
        }
    }
}

pub(crate) fn list(body: &Value, name: &str) -> Vec<Value> {
    body.get(name)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A charge whose fields a BR Code cannot carry: 400 naming the field.
pub(crate) fn unwritable(e: &stone_openbank::pix::PixError) -> Refusal {
    let field = match e {
        stone_openbank::pix::PixError::Field { field, .. } => *field,
        _ => "body",
    };
    Refusal::validation(&[(field, &e.to_string())])
}

/// A charge's txid is unique per account, across both kinds, on the 25
/// characters its BR Code carries (the payer's bank sees no more).
pub(crate) fn taken(store: &Store, account_id: &str, txid: &str) -> Result<(), Refusal> {
    let head: String = txid.chars().take(25).collect();
    let same = |a: &str, t: &str| a == account_id && t.chars().take(25).eq(head.chars());
    if store
        .pix_charges
        .iter()
        .any(|c| same(&c.account_id, &c.transaction_id))
        || store
            .pix_static_charges
            .iter()
            .any(|c| same(&c.account_id, &c.transaction_id))
    {
        return Err(Refusal::new(Class::Unprocessable, "unprocessable_entity"));
    }
    Ok(())
}

/// A dynamic charge past its expiration, whether or not the clock's tick
/// has marked it yet.
pub fn expired(c: &DynamicCharge, now: &Now) -> bool {
    c.status == ChargeStatus::Expired
        || (c.status == ChargeStatus::Active && now.unix >= c.expires_unix)
}

pub(crate) fn visible(store: &Store, client_id: &str, id: &str) -> Result<usize, Refusal> {
    let index = store
        .pix_charges
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(client_id, &store.pix_charges[index].account_id)?;
    Ok(index)
}

/// The dynamic charge at a BR Code's location.
pub fn at_location(store: &Store, url: &str) -> Option<usize> {
    store.pix_charges.iter().position(|c| c.location == url)
}

/// The answer of a charge's payload for the payer's bank, as the BR Code
/// lookup shows it (a due-date charge: with today's amount).
pub fn payer_view(c: &DynamicCharge, now: &Now) -> Value {
    let amount = match &c.due {
        Some(t) => due::due_today(c, t, now).ok(),
        None => c.amount,
    };
    json!({
        "created_at": c.created_at,
        "requested_at": c.created_at,
        "expiration": c.expiration,
        "key": c.key,
        "customer": c.customer,
        "additional_data": c.additional_data.iter().map(|d| json!({"key": d.get("name"), "value": d.get("value")})).collect::<Vec<_>>(),
        "revision": 0,
        "request_for_payer": c.request_for_payer,
        "status": c.status,
        "transaction_id": c.transaction_id,
        "amount": amount,
    })
}

/// Opens a dynamic charge, immediate or (`with_due_date`) with a due date,
/// at `location` or a new one: the record as the API answers it.
pub fn open_charge(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
    with_due_date: bool,
    location: Option<String>,
) -> Result<serde_json::Value, Refusal> {
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
    let common = check_common(store, client_id, body, &mut reasons)?;
    let due = if with_due_date {
        Some(crate::domain::pix::due::terms_of(
            body,
            &common.account,
            now,
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
        status: ChargeStatus::Active,
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
    announce(store, now, index, "pix_invoice_payment_created");
    Ok(view)
}

/// Opens a static charge (a reusable BR Code of a key, with or without an
/// amount): the record as the API answers it.
pub fn open_static(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let mut reasons = Vec::new();
    let additional_information = body
        .get("additional_information")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let common = check_common(store, client_id, body, &mut reasons)?;
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
    Ok(view)
}

/// Cancels an active dynamic charge of `account_id` (a paid one: 422
/// `already_paid`; an expired one: its status).
pub fn cancel_charge(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    account_id: &str,
    id: &str,
) -> Result<(), Refusal> {
    let index = visible(store, client_id, id)?;
    if store.pix_charges[index].account_id != account_id {
        return Err(Refusal::not_found());
    }
    if expired(&store.pix_charges[index], now) {
        return Err(lifecycle::wrong_status("EXPIRED"));
    }
    match store.pix_charges[index].status {
        ChargeStatus::Active => {}
        ChargeStatus::Paid => return Err(Refusal::new(Class::Unprocessable, "already_paid")),
        other => return Err(lifecycle::wrong_status(other.as_str())),
    }
    let c = &mut store.pix_charges[index];
    c.status = ChargeStatus::Cancelled;
    c.cancelled_at = Some(now.iso.clone());
    c.updated_at = now.iso.clone();
    announce(store, now, index, "pix_invoice_payment_cancelled");
    Ok(())
}

/// Changes the text a static charge shows its payer (`additional_information`),
/// and with it the BR Code and its image, made as at creation.
pub fn retext_static(
    store: &mut Store,
    now: &Now,
    client_id: &str,
    id: &str,
    body: &Value,
) -> Result<Value, Refusal> {
    let index = store
        .pix_static_charges
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(Refusal::not_found)?;
    let c = &store.pix_static_charges[index];
    let account = store.accessible_account(client_id, &c.account_id)?.clone();
    let text = match body.get("additional_information") {
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
    c.last_updated_by = format!("application:{client_id}");
    Ok(serde_json::to_value(&*c).unwrap_or(Value::Null))
}
