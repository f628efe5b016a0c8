//! The sandbox's state: applications and their keys, issued tokens, seen
//! assertion ids, accounts. In memory behind one mutex: every critical
//! section is short and never awaits.

use crate::domain::contacts;
use crate::domain::idempotency;
use crate::domain::invoices;
use crate::domain::jwt;
use crate::domain::ledger;
use crate::domain::operations;
use crate::domain::payroll;
use crate::domain::pix;
use crate::domain::portability;
use crate::domain::refusal::Refusal;
use crate::domain::stored;
use crate::domain::webhooks;
use rsa::RsaPublicKey;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

/// How an application works with Stone (the two partnership models).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Conta de Liquidação: the company operates its own account.
    OwnAccount,
    /// OpenBank: a platform operates its users' accounts after consent.
    Openbank,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Application {
    pub client_id: String,
    pub name: String,
    /// Saved as PEM.
    #[serde(with = "jwt::pem")]
    pub public_key: RsaPublicKey,
    pub scopes: Vec<String>,
    pub model: Model,
    /// Where webhooks go (registered at onboarding; here by the admin API).
    pub webhook_url: Option<String>,
    /// Where the consent page sends the user back (OpenBank platforms);
    /// `None` accepts any.
    pub redirect_uri: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_at: i64,
}

/// An account as Stone shows it; its balances are kept beside it
/// (`crate::domain::stored`), and its shared views are rebuilt at load
/// ([`Account::share`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: String,
    pub account_code: String,
    pub branch_code: String,
    pub owner_document: String,
    pub owner_id: String,
    pub owner_name: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub balance: i64,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub blocked_balance: i64,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub scheduled_balance: i64,
    /// How statements and transfers show this account as counterparty:
    /// built once, shared by every entry (the ledger holds many).
    #[serde(skip)]
    pub as_party: std::sync::Arc<serde_json::Value>,
    /// `id`, shared by the account's statement entries.
    #[serde(skip)]
    pub shared_id: std::sync::Arc<str>,
    /// How internal transfers name this account as their target.
    #[serde(skip)]
    pub as_names: std::sync::Arc<operations::TargetNames>,
}

impl Account {
    /// A new account with its shared views (as counterparty, as a target's
    /// names) built once; balances zero, branch 1.
    pub fn new(
        id: String,
        account_code: String,
        owner_document: String,
        owner_name: String,
        created_at: String,
    ) -> Account {
        let mut account = Account {
            shared_id: std::sync::Arc::default(),
            id,
            account_code,
            branch_code: "1".into(),
            owner_document,
            owner_id: format!("user:{}", uuid::Uuid::new_v4()),
            owner_name,
            created_at,
            balance: 0,
            blocked_balance: 0,
            scheduled_balance: 0,
            as_party: std::sync::Arc::default(),
            as_names: std::sync::Arc::default(),
        };
        account.share();
        account
    }

    /// Builds the views every entry and transfer shares (as counterparty,
    /// as a target's names, the id) from the account's fields.
    pub fn share(&mut self) {
        self.as_party = std::sync::Arc::new(serde_json::json!({
            "account": {"account_code": self.account_code, "branch_code": "1",
                        "institution": "16501555", "institution_name": "Stone Instituição de Pagamento S.A."},
            "entity": {"name": self.owner_name, "document": self.owner_document,
                       "document_type": pix::document_type(&self.owner_document)},
        }));
        self.as_names = std::sync::Arc::new(operations::TargetNames {
            target_account_code: self.account_code.clone(),
            target_account_owner_name: self.owner_name.clone(),
        });
        self.shared_id = self.id.as_str().into();
    }
}

#[derive(Debug, Default)]
pub struct Store {
    pub applications: HashMap<String, Application>,
    pub tokens: HashMap<String, Token>,
    /// Assertion ids already used, with their expiry (forgotten after it:
    /// an expired assertion is refused anyway).
    pub seen_jti: HashMap<String, i64>,
    /// Accounts in creation order.
    pub accounts: Vec<Account>,
    /// Which accounts each application may operate (its own, or consented).
    pub access: HashMap<String, HashSet<String>>,
    /// The append-only ledger (statement entries of every account).
    pub entries: Vec<ledger::Entry>,
    /// Cash-outs of every kind, in creation order, and their index by id.
    pub operations: Vec<operations::Operation>,
    pub operation_index: HashMap<String, usize>,
    /// Issued boletos.
    pub invoices: Vec<invoices::Invoice>,
    pub pix_keys: Vec<pix::keys::KeyEntry>,
    pub pix_charges: Vec<pix::charges::DynamicCharge>,
    pub pix_static_charges: Vec<pix::charges::StaticCharge>,
    pub pix_inbound: Vec<pix::inbound::InboundPix>,
    pub pix_claims: Vec<pix::claims::Claim>,
    pub pix_locations: Vec<pix::bcb_loc::Location>,
    pub pix_lots: Vec<pix::bcb_cobv::Lot>,
    /// Infraction reports (MED) about the accounts' Pix.
    pub pix_infractions: Vec<stone_openbank::models::PixInfractionReport>,
    pub our_number: u64,
    pub contacts: Vec<contacts::Contact>,
    pub payrolls: Vec<payroll::Payroll>,
    pub portabilities: Vec<portability::Portability>,
    /// Uploaded salary lists by `salaries_id`, until a payroll uses them.
    pub salary_uploads: HashMap<String, Vec<payroll::SalaryLine>>,
    pub idempotency: idempotency::Keys,
    /// Money across the sandbox's border, and fees.
    pub flows: ledger::Flows,
    /// Webhook events waiting for the delivery task, delivered events (the
    /// API's log) and every attempt (the admin log).
    pub outbox: std::collections::VecDeque<webhooks::Event>,
    pub webhooks_sent: Vec<webhooks::Event>,
    pub webhook_attempts: Vec<webhooks::Attempt>,
}

#[derive(Debug, Default)]
pub struct Shared(Mutex<Store>);

impl Shared {
    /// The store; a poisoned lock (a panic elsewhere) still yields the data,
    /// which every handler leaves consistent before it could panic.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store {
    /// The ids of the operations whose description starts with `prefix`,
    /// by description: how the exactly-once runs of every language count
    /// what the sandbox holds (each cash-out's key is its description).
    pub fn operations_described(
        &self,
        prefix: &str,
    ) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut held = std::collections::BTreeMap::<String, Vec<String>>::new();
        for op in &self.operations {
            if let Some(description) = op.description.as_deref() {
                if description.starts_with(prefix) {
                    held.entry(description.to_owned())
                        .or_default()
                        .push(op.id.clone());
                }
            }
        }
        held
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// 403, as Stone answers, when `client_id` may not operate the account.
    pub fn check_access(&self, client_id: &str, account_id: &str) -> Result<(), Refusal> {
        if self.may_access(client_id, account_id) {
            Ok(())
        } else {
            Err(Refusal::unauthorized())
        }
    }

    /// The account `client_id` may operate: 404 when there is none, 403 when
    /// it is someone else's.
    pub fn accessible_account(
        &self,
        client_id: &str,
        account_id: &str,
    ) -> Result<&Account, Refusal> {
        let account = self.account(account_id).ok_or_else(Refusal::not_found)?;
        self.check_access(client_id, account_id)?;
        Ok(account)
    }

    /// The account a list names in `account_id`: required (400), and one
    /// `client_id` may operate (404/403).
    pub fn listed_account(
        &self,
        client_id: &str,
        account_id: Option<String>,
    ) -> Result<String, Refusal> {
        let id = account_id.ok_or_else(|| Refusal::validation(&[("account_id", "is required")]))?;
        self.accessible_account(client_id, &id)?;
        Ok(id)
    }

    /// A statement entry by id, or 404.
    pub fn entry(&self, id: &str) -> Result<&ledger::Entry, Refusal> {
        let id = uuid::Uuid::parse_str(id).map_err(|_| Refusal::not_found())?;
        self.entries
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(Refusal::not_found)
    }

    pub fn may_access(&self, client_id: &str, account_id: &str) -> bool {
        self.access
            .get(client_id)
            .is_some_and(|ids| ids.contains(account_id))
    }
}
