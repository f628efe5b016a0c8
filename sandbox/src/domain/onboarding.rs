//! Onboarding, what Stone and the account owner do by hand before any API
//! call: an application registered with its public key, scopes and
//! partnership model; an account opened, funded from outside, and shared
//! with the applications that may operate it. Played by the admin API and
//! the seed.

use serde::Deserialize;

use crate::domain::clock::Now;
use crate::domain::jwt;
use crate::domain::refusal::{Class, Refusal};
use crate::domain::store::{Account, Application, Model, Store};

/// Scopes a new sandbox application is born with (as Stone's old docs list
/// for sandbox applications), unless the registration names others.
pub const DEFAULT_SCOPES: &[&str] = &[
    "paymentaccount:read",
    "paymentaccount:fees:read",
    "paymentaccount:contact:read",
    "paymentaccount:contact:write",
    "paymentaccount:transfers:internal",
    "paymentaccount:transfers:external",
    "paymentaccount:payments",
    "paymentaccount:boletoissuance",
    "paymentaccount:payrolls:read",
    "paymentaccount:payrolls:write",
    "salary:portability",
    "expend:read",
    "pix:entry",
    "pix:payment",
    "pix:payment_invoice",
    "stone_subject_id",
];

#[derive(Debug, Deserialize)]
pub struct NewApplication {
    pub client_id: Option<String>,
    pub name: String,
    pub public_key_pem: String,
    pub scopes: Option<Vec<String>>,
    pub model: Model,
    /// Where its webhooks go (Stone: given at onboarding).
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// The consent redirect registered at onboarding (OpenBank).
    #[serde(default)]
    pub redirect_uri: Option<String>,
}

/// Stone's onboarding of an application: its key, scopes and model.
pub fn register(store: &mut Store, req: NewApplication) -> Result<String, Refusal> {
    let public_key = jwt::public_key(&req.public_key_pem).map_err(|_| {
        Refusal::validation(&[("public_key_pem", "is not an RSA public key in PEM")])
    })?;
    let client_id = req
        .client_id
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let scopes = req
        .scopes
        .unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect());
    if store.applications.contains_key(&client_id) {
        return Err(Refusal::new(Class::Conflict, "conflict"));
    }
    store.applications.insert(
        client_id.clone(),
        Application {
            client_id: client_id.clone(),
            name: req.name,
            public_key,
            scopes,
            model: req.model,
            webhook_url: req.webhook_url,
            redirect_uri: req.redirect_uri,
        },
    );
    Ok(client_id)
}

#[derive(Debug, Deserialize)]
pub struct NewAccount {
    pub owner_name: String,
    pub owner_document: String,
    /// Initial balance in centavos: money that enters from the outside world.
    #[serde(default)]
    pub balance: i64,
    /// Applications that may operate the account (its own app, or apps the
    /// owner consented to).
    #[serde(default)]
    pub operators: Vec<String>,
}

/// Opens an account (funded from outside the sandbox) that the named
/// applications may operate.
pub fn open_account(store: &mut Store, now: &Now, req: NewAccount) -> Result<Account, Refusal> {
    if req.balance < 0 {
        return Err(Refusal::validation(&[(
            "balance",
            "must be zero or more centavos",
        )]));
    }
    if req
        .operators
        .iter()
        .any(|c| !store.applications.contains_key(c))
    {
        return Err(Refusal::validation(&[(
            "operators",
            "names an unknown client_id",
        )]));
    }
    let number = store.accounts.len() + 1;
    let mut account = Account::new(
        uuid::Uuid::new_v4().to_string(),
        format!("{:06}", 400_000 + number),
        req.owner_document,
        req.owner_name,
        now.iso.clone(),
    );
    account.balance = req.balance;
    for client_id in &req.operators {
        store
            .access
            .entry(client_id.clone())
            .or_default()
            .insert(account.id.clone());
    }
    // Opening funds come from outside the sandbox.
    store.flows.received += account.balance;
    store.accounts.push(account.clone());
    Ok(account)
}
