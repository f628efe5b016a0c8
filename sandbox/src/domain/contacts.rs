//! Contacts, saved payees, and their bank accounts or Pix keys (SPEC §6.10).

use crate::domain::institutions;
use crate::domain::operations::rules::Reasons;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::stored;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stone_openbank::documents::TaxId;

pub(crate) const READ: &[&str] = &["paymentaccount:contact:read", "paymentaccount:read"];
pub(crate) const WRITE: &[&str] = &["paymentaccount:contact:write"];
pub(crate) const ACCOUNT_TYPES: &[&str] = &["CC", "CD", "CG", "CI", "PG", "PP"];

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
pub(crate) fn contact_institution<S: serde::Serializer>(
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
pub(crate) fn institution_back<'de, D: serde::Deserializer<'de>>(
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
    #[serde(skip_serializing_if = "stored::hidden")]
    pub account_id: String,
}

/// The contact's fields from a body: every field optional on update,
/// `name` required on create.
/// A field of an update: absent (`None`), cleared (`Some(None)`) or set.
pub(crate) type Change = Option<Option<String>>;

pub(crate) fn fields(
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
        if !crate::domain::operations::rules::digits(&digits) || !(10..=13).contains(&digits.len())
        {
            reasons.add("mobile", "must be a phone number: 10 to 13 digits");
        }
    }
    (name.map(str::to_owned), tax_id, email, mobile)
}

pub(crate) fn bank_account(body: &Value, id: String) -> Result<BankAccount, Refusal> {
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
        if !code
            .as_deref()
            .is_some_and(crate::domain::operations::rules::digits)
        {
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
        .is_some_and(|b| !crate::domain::operations::rules::digits(b) || b.len() > 4)
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

pub(crate) fn contact_mut<'s>(
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

#[derive(Debug, Deserialize)]
pub struct Filters {
    pub(crate) tax_id: Option<String>,
    pub(crate) account_code: Option<String>,
    pub(crate) institution_code: Option<String>,
    pub(crate) pix_key: Option<String>,
}

/// Adds a contact to an account `client_id` operates, from a request's
/// fields (`name` required).
pub fn create(
    store: &mut Store,
    client_id: &str,
    account_id: &str,
    body: &Value,
) -> Result<Contact, Refusal> {
    let mut reasons = Reasons::default();
    let (name, tax_id, email, mobile) = fields(body, true, &mut reasons);
    let (Some(name), true) = (name, reasons.is_empty()) else {
        return Err(reasons.into_error());
    };
    store.accessible_account(client_id, account_id)?;
    let contact = Contact {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        tax_id: tax_id.flatten(),
        email: email.flatten(),
        mobile: mobile.flatten(),
        bank_accounts: Vec::new(),
        account_id: account_id.to_owned(),
    };
    store.contacts.push(contact.clone());
    Ok(contact)
}

/// The account's contacts that match every filter given.
pub fn matching<'s>(
    store: &'s Store,
    client_id: &str,
    account_id: &str,
    f: &Filters,
) -> Result<Vec<&'s Contact>, Refusal> {
    store.accessible_account(client_id, account_id)?;
    let has = |c: &Contact, pick: fn(&BankAccount) -> Option<&String>, want: &Option<String>| {
        want.as_ref()
            .is_none_or(|w| c.bank_accounts.iter().any(|b| pick(b) == Some(w)))
    };
    Ok(store
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
        .collect())
}

/// One contact of an account `client_id` operates.
pub fn visible_mut<'s>(
    store: &'s mut Store,
    client_id: &str,
    account_id: &str,
    contact_id: &str,
) -> Result<&'s mut Contact, Refusal> {
    store.accessible_account(client_id, account_id)?;
    contact_mut(store, account_id, contact_id)
}

/// Changes the fields a request gives (an empty one clears it).
pub fn update<'s>(
    store: &'s mut Store,
    client_id: &str,
    account_id: &str,
    contact_id: &str,
    body: &Value,
) -> Result<&'s Contact, Refusal> {
    let mut reasons = Reasons::default();
    let (name, tax_id, email, mobile) = fields(body, false, &mut reasons);
    if !reasons.is_empty() {
        return Err(reasons.into_error());
    }
    let c = visible_mut(store, client_id, account_id, contact_id)?;
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
    Ok(c)
}

/// Removes a contact (404 when the account has none with that id).
pub fn delete(
    store: &mut Store,
    client_id: &str,
    account_id: &str,
    contact_id: &str,
) -> Result<(), Refusal> {
    store.accessible_account(client_id, account_id)?;
    let before = store.contacts.len();
    store
        .contacts
        .retain(|c| !(c.id == contact_id && c.account_id == account_id));
    if store.contacts.len() == before {
        return Err(Refusal::not_found());
    }
    Ok(())
}

/// Adds a bank account to a contact, or replaces the one with `bank_id`.
pub fn put_bank_account<'s>(
    store: &'s mut Store,
    client_id: &str,
    (account_id, contact_id): (&str, &str),
    bank_id: Option<&str>,
    body: &Value,
) -> Result<&'s BankAccount, Refusal> {
    let id = bank_id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let bank = bank_account(body, id)?;
    let c = visible_mut(store, client_id, account_id, contact_id)?;
    let index = match bank_id {
        None => {
            c.bank_accounts.push(bank);
            c.bank_accounts.len() - 1
        }
        Some(id) => {
            let index = c
                .bank_accounts
                .iter()
                .position(|b| b.id == id)
                .ok_or_else(Refusal::not_found)?;
            c.bank_accounts[index] = bank;
            index
        }
    };
    Ok(&c.bank_accounts[index])
}

/// Removes a contact's bank account.
pub fn delete_bank_account(
    store: &mut Store,
    client_id: &str,
    (account_id, contact_id): (&str, &str),
    bank_id: &str,
) -> Result<(), Refusal> {
    let c = visible_mut(store, client_id, account_id, contact_id)?;
    let before = c.bank_accounts.len();
    c.bank_accounts.retain(|b| b.id != bank_id);
    if c.bank_accounts.len() == before {
        return Err(Refusal::not_found());
    }
    Ok(())
}
