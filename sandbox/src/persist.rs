//! The optional SQLite file (`stone sandbox --db FILE`): the store survives
//! restarts. One table per record kind, one JSON row per record; the
//! ledger is appended incrementally, everything else rewritten in one
//! transaction. Written once a second when something changed, and at
//! shutdown, so a crash loses at most the last second; loaded at start
//! (instead of the seed) when the file has data. Webhook queues and logs
//! are not kept. Meant for development setups, not for load.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::StatusCode;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::Ts;
use crate::contacts::{BankAccount, Contact};
use crate::idempotency::{Entry as KeyEntry, Response};
use crate::invoices::{Invoice, Term};
use crate::ledger::{Entry, Flows};
use crate::operations::{Kind, Operation};
use crate::payroll::{Payroll, Salary};
use crate::server::App;
use crate::store::{Account, Application, Model, Store, Token};

type Fallible<T> = Result<T, String>;

/// Statuses, kinds and reasons are `&'static str` in the store; read back,
/// each distinct text is leaked once and shared.
fn intern(text: &str) -> &'static str {
    static TABLE: OnceLock<Mutex<std::collections::HashSet<&'static str>>> = OnceLock::new();
    let mut table = TABLE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(found) = table.get(text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    table.insert(leaked);
    leaked
}

fn date(text: &str) -> Fallible<time::Date> {
    stone_openbank::barcode::parse_iso_date(text)
}

fn iso(d: time::Date) -> String {
    stone_openbank::barcode::iso_date(d)
}

#[derive(Serialize, Deserialize)]
struct AppRow {
    client_id: String,
    name: String,
    public_key_pem: String,
    scopes: Vec<String>,
    model: Model,
    webhook_url: Option<String>,
    redirect_uri: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct AccountRow {
    id: String,
    account_code: String,
    branch_code: String,
    owner_document: String,
    owner_id: String,
    owner_name: String,
    created_at: String,
    balance: i64,
    blocked_balance: i64,
    scheduled_balance: i64,
}

#[derive(Serialize, Deserialize)]
struct EntryRow {
    id: uuid::Uuid,
    account_id: String,
    kind: String,
    operation: String,
    amount: i64,
    operation_amount: i64,
    fee_amount: i64,
    balance_before: i64,
    balance_after: i64,
    operation_id: uuid::Uuid,
    description: String,
    counter_party: Value,
    created_at: i64,
    scheduled_to: Option<String>,
    status: String,
    barcode: Option<String>,
    writable_line: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct OperationRow {
    id: String,
    kind: String,
    account_id: String,
    amount: i64,
    fee: i64,
    status: String,
    scheduled_to: Option<String>,
    times: [Option<i64>; 9],
    created_by: String,
    approved_by: Option<String>,
    rejected_by: Option<String>,
    cancelled_by: Option<String>,
    failure_reason_code: Option<i64>,
    failure_reason_description: Option<String>,
    target: Option<Value>,
    description: Option<String>,
    extra: Map<String, Value>,
    target_account_id: Option<String>,
    invoice_id: Option<String>,
    effective_date: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct InvoiceRow {
    /// The API view (every public field).
    view: Value,
    status: String,
    created_unix: i64,
    expiration: String,
    limit: String,
    terms: Vec<(String, String, i64)>,
}

#[derive(Serialize, Deserialize)]
struct ContactRow {
    account_id: String,
    id: String,
    name: String,
    tax_id: Option<String>,
    email: Option<String>,
    mobile: Option<String>,
    bank_accounts: Vec<BankRow>,
}

/// (id, account_code, account_type, branch_code, institution_code, pix_key)
type BankRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

#[derive(Serialize, Deserialize)]
struct PayrollRow {
    view: Value,
    salaries: Vec<SalaryRow>,
}

#[derive(Serialize, Deserialize)]
struct SalaryRow {
    id: String,
    name: String,
    document: String,
    account_code: String,
    amount: i64,
    status: String,
    failure_reason: Option<String>,
    finished_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct KeyRow {
    client_id: String,
    key: String,
    body: String,
    status: u16,
    json: Option<String>,
    operation: Option<(usize, String, bool)>,
}

#[derive(Serialize, Deserialize)]
struct TokenRow {
    token: String,
    client_id: String,
    scopes: Vec<String>,
    expires_at: i64,
}

#[derive(Serialize, Deserialize)]
struct Meta {
    flows: (i64, i64, i64),
    our_number: u64,
    clock_offset: i64,
    access: Vec<(String, String)>,
    salary_uploads: Vec<(String, Value)>,
}

/// Everything but the ledger, as rows (taken under the store lock).
struct Snapshot {
    tables: Vec<(&'static str, Vec<String>)>,
    new_entries: Vec<String>,
    entries_total: usize,
    meta: String,
}

/// A table's rows, hashed in order (to tell whether it changed since the
/// last write).
fn fingerprint(rows: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    rows.hash(&mut hasher);
    hasher.finish()
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn opt_ts(t: Option<Ts>) -> Option<i64> {
    t.map(|t| t.0)
}

fn snapshot(store: &Store, clock_offset: i64, persisted_entries: usize) -> Snapshot {
    let apps = store
        .applications
        .values()
        .map(|a| {
            json(&AppRow {
                client_id: a.client_id.clone(),
                name: a.name.clone(),
                public_key_pem: a
                    .public_key
                    .to_public_key_pem(LineEnding::LF)
                    .unwrap_or_default(),
                scopes: a.scopes.clone(),
                model: a.model,
                webhook_url: a.webhook_url.clone(),
                redirect_uri: a.redirect_uri.clone(),
            })
        })
        .collect();
    let accounts = store
        .accounts
        .iter()
        .map(|a| {
            json(&AccountRow {
                id: a.id.clone(),
                account_code: a.account_code.clone(),
                branch_code: a.branch_code.clone(),
                owner_document: a.owner_document.clone(),
                owner_id: a.owner_id.clone(),
                owner_name: a.owner_name.clone(),
                created_at: a.created_at.clone(),
                balance: a.balance,
                blocked_balance: a.blocked_balance,
                scheduled_balance: a.scheduled_balance,
            })
        })
        .collect();
    let new_entries = store.entries[persisted_entries.min(store.entries.len())..]
        .iter()
        .map(|e| {
            json(&EntryRow {
                id: e.id,
                account_id: e.account_id.to_string(),
                kind: e.kind.into(),
                operation: e.operation.into(),
                amount: e.amount,
                operation_amount: e.operation_amount,
                fee_amount: e.fee_amount,
                balance_before: e.balance_before,
                balance_after: e.balance_after,
                operation_id: e.operation_id,
                description: e.description.to_string(),
                counter_party: (*e.counter_party).clone(),
                created_at: e.created_at.0,
                scheduled_to: e.scheduled_to.as_deref().map(str::to_owned),
                status: e.status.into(),
                barcode: e.barcode.as_deref().map(str::to_owned),
                writable_line: e.writable_line.as_deref().map(str::to_owned),
            })
        })
        .collect();
    let operations = store
        .operations
        .iter()
        .map(|o| {
            json(&OperationRow {
                id: o.id.clone(),
                kind: o.kind.operation_type().into(),
                account_id: o.account_id.clone(),
                amount: o.amount,
                fee: o.fee,
                status: o.status.into(),
                scheduled_to: o.scheduled_to.clone(),
                times: [
                    Some(o.created_at.0),
                    opt_ts(o.approved_at),
                    opt_ts(o.rejected_at),
                    opt_ts(o.approval_expired_at),
                    opt_ts(o.cancelled_at),
                    opt_ts(o.failed_at),
                    opt_ts(o.finished_at),
                    opt_ts(o.settled_at),
                    None,
                ],
                created_by: o.created_by.to_string(),
                approved_by: o.approved_by.as_deref().map(str::to_owned),
                rejected_by: o.rejected_by.as_deref().map(str::to_owned),
                cancelled_by: o.cancelled_by.as_deref().map(str::to_owned),
                failure_reason_code: o.failure_reason_code,
                failure_reason_description: o.failure_reason_description.map(str::to_owned),
                target: o.target.as_deref().cloned(),
                description: o.description.as_deref().map(str::to_owned),
                extra: o.extra.clone(),
                target_account_id: o.target_account_id.clone(),
                invoice_id: o.invoice_id.clone(),
                effective_date: o.effective_date.map(iso),
            })
        })
        .collect();
    let term = |name: &str, t: &Term| (name.to_owned(), iso(t.date), t.bp);
    let invoices = store
        .invoices
        .iter()
        .map(|i| {
            let mut terms: Vec<_> = i.discounts.iter().map(|t| term("discount", t)).collect();
            terms.extend(i.fine.iter().map(|t| term("fine", t)));
            terms.extend(i.interest.iter().map(|t| term("interest", t)));
            json(&InvoiceRow {
                view: serde_json::to_value(i).unwrap_or(Value::Null),
                status: i.status.into(),
                created_unix: i.created_unix,
                expiration: iso(i.expiration),
                limit: iso(i.limit),
                terms,
            })
        })
        .collect();
    let contacts = store
        .contacts
        .iter()
        .map(|c| {
            json(&ContactRow {
                account_id: c.account_id.clone(),
                id: c.id.clone(),
                name: c.name.clone(),
                tax_id: c.tax_id.clone(),
                email: c.email.clone(),
                mobile: c.mobile.clone(),
                bank_accounts: c
                    .bank_accounts
                    .iter()
                    .map(|b| {
                        (
                            b.id.clone(),
                            b.account_code.clone(),
                            b.account_type.clone(),
                            b.branch_code.clone(),
                            b.institution_code.clone(),
                            b.pix_key.clone(),
                        )
                    })
                    .collect(),
            })
        })
        .collect();
    let payrolls = store
        .payrolls
        .iter()
        .map(|p| {
            json(&PayrollRow {
                view: serde_json::to_value(p).unwrap_or(Value::Null),
                salaries: p
                    .salaries
                    .iter()
                    .map(|s| SalaryRow {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        document: s.document.clone(),
                        account_code: s.account_code.clone(),
                        amount: s.amount,
                        status: s.status.into(),
                        failure_reason: s.failure_reason.map(str::to_owned),
                        finished_at: s.finished_at.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    let portabilities = store
        .portabilities
        .iter()
        .map(|p| json(&serde_json::to_value(p).unwrap_or(Value::Null)))
        .collect();
    let keys = store
        .idempotency
        .iter()
        .filter_map(|((client_id, key), entry)| match entry {
            KeyEntry::InFlight { .. } => None,
            KeyEntry::Done {
                body,
                status,
                response,
            } => Some(json(&KeyRow {
                client_id: client_id.clone(),
                key: key.clone(),
                body: body.iter().map(|b| format!("{b:02x}")).collect(),
                status: status.as_u16(),
                json: match response {
                    Response::Json(text) => Some(text.to_string()),
                    Response::Operation { .. } => None,
                },
                operation: match response {
                    Response::Operation {
                        index,
                        status,
                        approved,
                    } => Some((*index, (*status).to_owned(), *approved)),
                    Response::Json(_) => None,
                },
            })),
        })
        .collect();
    let tokens = store
        .tokens
        .iter()
        .map(|(token, t)| {
            json(&TokenRow {
                token: token.clone(),
                client_id: t.client_id.clone(),
                scopes: t.scopes.clone(),
                expires_at: t.expires_at,
            })
        })
        .collect();
    let mut access: Vec<(String, String)> = store
        .access
        .iter()
        .flat_map(|(c, ids)| ids.iter().map(move |a| (c.clone(), a.clone())))
        .collect();
    access.sort();
    let meta = json(&Meta {
        flows: (store.flows.sent_out, store.flows.received, store.flows.fees),
        our_number: store.our_number,
        clock_offset,
        access,
        salary_uploads: store
            .salary_uploads
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or(Value::Null)))
            .collect(),
    });
    Snapshot {
        tables: vec![
            ("applications", apps),
            ("accounts", accounts),
            ("operations", operations),
            ("invoices", invoices),
            ("pix_keys", store.pix_keys.iter().map(json).collect()),
            (
                "pix_charges",
                store
                    .pix_charges
                    .iter()
                    .map(|c| json(&(c, c.expires_unix)))
                    .collect(),
            ),
            (
                "pix_static_charges",
                store.pix_static_charges.iter().map(json).collect(),
            ),
            ("pix_inbound", store.pix_inbound.iter().map(json).collect()),
            (
                "pix_locations",
                store
                    .pix_locations
                    .iter()
                    .map(|l| json(&(l, &l.account_id)))
                    .collect(),
            ),
            (
                "pix_lots",
                store
                    .pix_lots
                    .iter()
                    .map(|l| json(&(l, &l.account_id)))
                    .collect(),
            ),
            (
                "pix_infractions",
                store.pix_infractions.iter().map(json).collect(),
            ),
            (
                "pix_claims",
                store
                    .pix_claims
                    .iter()
                    .map(|c| json(&(c, c.resolution_ends, c.completion_ends)))
                    .collect(),
            ),
            ("contacts", contacts),
            ("payrolls", payrolls),
            ("portabilities", portabilities),
            ("idempotency", keys),
            ("tokens", tokens),
        ],
        new_entries,
        entries_total: store.entries.len(),
        meta,
    }
}

const TABLES: &[&str] = &[
    "applications",
    "accounts",
    "operations",
    "invoices",
    "pix_keys",
    "pix_charges",
    "pix_static_charges",
    "pix_inbound",
    "pix_claims",
    "pix_locations",
    "pix_lots",
    "pix_infractions",
    "contacts",
    "payrolls",
    "portabilities",
    "idempotency",
    "tokens",
    "entries",
];

/// The open file, and how much of the ledger it already holds.
#[derive(Debug)]
pub struct Db {
    path: PathBuf,
    conn: Mutex<Connection>,
    persisted_entries: Mutex<usize>,
    /// A hash of each table as last written (and of the meta row): a save
    /// rewrites only the tables that changed, and skips the file when none
    /// did (a replayed key, a refused request).
    written: Mutex<HashMap<&'static str, u64>>,
    /// The count of mutating requests the file holds (see [`Db::save_through`]).
    durable: tokio::sync::Mutex<u64>,
}

fn sql(e: rusqlite::Error) -> String {
    format!("sqlite: {e}")
}

impl Db {
    pub fn open(path: &Path) -> Fallible<Db> {
        let conn = Connection::open(path).map_err(sql)?;
        for table in TABLES {
            conn.execute(
                &format!("CREATE TABLE IF NOT EXISTS {table} (seq INTEGER PRIMARY KEY, row TEXT NOT NULL)"),
                [],
            )
            .map_err(sql)?;
        }
        conn.execute("CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), row TEXT NOT NULL)", [])
            .map_err(sql)?;
        let persisted: i64 = conn
            .query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0))
            .map_err(sql)?;
        Ok(Db {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            persisted_entries: Mutex::new(usize::try_from(persisted).unwrap_or(0)),
            durable: tokio::sync::Mutex::new(0),
            written: Mutex::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn rows(&self, table: &str) -> Fallible<Vec<String>> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut stmt = conn
            .prepare(&format!("SELECT row FROM {table} ORDER BY seq"))
            .map_err(sql)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        Ok(rows)
    }

    /// Returns once the file holds mutating request number `change` (the
    /// request middleware calls it before answering, so a 2xx is never lost
    /// to a crash). Group commit: requests that finish while a write runs
    /// are covered by the next one, one write for all of them.
    pub async fn save_through(&self, app: &Arc<App>, change: u64) -> Fallible<()> {
        let mut durable = self.durable.lock().await;
        if *durable >= change {
            return Ok(());
        }
        // Read before the snapshot: every change counted so far is in it.
        let target = app.mutations.load(std::sync::atomic::Ordering::SeqCst);
        let app = app.clone();
        tokio::task::spawn_blocking(move || match &app.db {
            Some(db) => db.save(&app),
            None => Ok(()),
        })
        .await
        .map_err(|e| format!("persist task: {e}"))??;
        *durable = target;
        Ok(())
    }

    /// Writes the store (under its lock only while it is read).
    pub fn save(&self, app: &App) -> Fallible<()> {
        // The file's lock is taken before the snapshot, so two writers
        // cannot commit their snapshots out of order (an older one last).
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let snap = {
            let _quiet = app.commits.write().unwrap_or_else(|p| p.into_inner());
            let store = app.store.lock();
            let done = *self
                .persisted_entries
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            snapshot(&store, app.clock.offset(), done)
        };
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        let hashes: Vec<(&'static str, u64)> = snap
            .tables
            .iter()
            .map(|(table, rows)| (*table, fingerprint(rows)))
            .chain([("meta", fingerprint(std::slice::from_ref(&snap.meta)))])
            .collect();
        let changed = |table: &str, hash: u64| written.get(table) != Some(&hash);
        if snap.new_entries.is_empty() && hashes.iter().all(|(t, h)| !changed(t, *h)) {
            return Ok(());
        }
        let tx = conn.transaction().map_err(sql)?;
        for ((table, rows), (_, hash)) in snap.tables.iter().zip(&hashes) {
            if !changed(table, *hash) {
                continue;
            }
            tx.execute(&format!("DELETE FROM {table}"), [])
                .map_err(sql)?;
            let mut stmt = tx
                .prepare(&format!("INSERT INTO {table} (row) VALUES (?1)"))
                .map_err(sql)?;
            for row in rows {
                stmt.execute(params![row]).map_err(sql)?;
            }
        }
        {
            let mut stmt = tx
                .prepare("INSERT INTO entries (row) VALUES (?1)")
                .map_err(sql)?;
            for row in &snap.new_entries {
                stmt.execute(params![row]).map_err(sql)?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (id, row) VALUES (1, ?1)",
            params![snap.meta],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        written.extend(hashes);
        *self
            .persisted_entries
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = snap.entries_total;
        Ok(())
    }

    /// Whether the file holds a sandbox (then it is loaded, not seeded).
    pub fn has_data(&self) -> Fallible<bool> {
        Ok(!self.rows("applications")?.is_empty())
    }

    /// Fills an empty store from the file; returns the clock offset saved.
    pub fn load(&self, store: &mut Store) -> Fallible<i64> {
        fn parse<T: serde::de::DeserializeOwned>(row: &str) -> Fallible<T> {
            serde_json::from_str(row).map_err(|e| format!("bad row: {e}"))
        }
        for row in self.rows("applications")? {
            let a: AppRow = parse(&row)?;
            let public_key = crate::jwt::public_key(&a.public_key_pem)?;
            store.applications.insert(
                a.client_id.clone(),
                Application {
                    client_id: a.client_id,
                    name: a.name,
                    public_key,
                    scopes: a.scopes,
                    model: a.model,
                    webhook_url: a.webhook_url,
                    redirect_uri: a.redirect_uri,
                },
            );
        }
        for row in self.rows("accounts")? {
            let a: AccountRow = parse(&row)?;
            let mut account = Account::new(
                a.id,
                a.account_code,
                a.owner_document,
                a.owner_name,
                a.created_at,
            );
            account.branch_code = a.branch_code;
            account.owner_id = a.owner_id;
            account.balance = a.balance;
            account.blocked_balance = a.blocked_balance;
            account.scheduled_balance = a.scheduled_balance;
            store.accounts.push(account);
        }
        let shared: HashMap<String, Arc<str>> = store
            .accounts
            .iter()
            .map(|a| (a.id.clone(), a.shared_id.clone()))
            .collect();
        for row in self.rows("entries")? {
            let e: EntryRow = parse(&row)?;
            store.entries.push(Entry {
                id: e.id,
                account_id: shared
                    .get(&e.account_id)
                    .cloned()
                    .unwrap_or_else(|| e.account_id.as_str().into()),
                kind: intern(&e.kind),
                operation: intern(&e.operation),
                amount: e.amount,
                operation_amount: e.operation_amount,
                fee_amount: e.fee_amount,
                balance_before: e.balance_before,
                balance_after: e.balance_after,
                operation_id: e.operation_id,
                description: e.description.into(),
                counter_party: Arc::new(e.counter_party),
                created_at: Ts(e.created_at),
                scheduled_at: None,
                scheduled_to: e.scheduled_to.map(Into::into),
                status: intern(&e.status),
                barcode: e.barcode.map(Into::into),
                writable_line: e.writable_line.map(Into::into),
            });
        }
        for row in self.rows("operations")? {
            let o: OperationRow = parse(&row)?;
            let kind = Kind::from_operation_type(&o.kind).ok_or("unknown operation kind")?;
            let t = |i: usize| o.times[i].map(Ts);
            let names = o
                .target_account_id
                .as_ref()
                .and_then(|id| store.account(id))
                .filter(|_| kind == Kind::Internal)
                .map(|a| a.as_names.clone());
            let op = Operation {
                id: o.id,
                kind,
                account_id: o.account_id,
                amount: o.amount,
                fee: o.fee,
                status: intern(&o.status),
                scheduled_to: o.scheduled_to,
                created_at: t(0).unwrap_or(Ts(0)),
                created_by: o.created_by.into(),
                approved_at: t(1),
                approved_by: o.approved_by.map(Into::into),
                rejected_at: t(2),
                rejected_by: o.rejected_by.map(Into::into),
                approval_expired_at: t(3),
                cancelled_at: t(4),
                cancelled_by: o.cancelled_by.map(Into::into),
                failed_at: t(5),
                failure_reason_code: o.failure_reason_code,
                failure_reason_description: o.failure_reason_description.as_deref().map(intern),
                finished_at: t(6),
                settled_at: t(7),
                target: o.target.map(Arc::new),
                description: o.description.map(Into::into),
                names,
                extra: o.extra,
                target_account_id: o.target_account_id,
                invoice_id: o.invoice_id,
                effective_date: o.effective_date.as_deref().map(date).transpose()?,
            };
            store
                .operation_index
                .insert(op.id.clone(), store.operations.len());
            store.operations.push(op);
        }
        for row in self.rows("invoices")? {
            let r: InvoiceRow = parse(&row)?;
            store.invoices.push(invoice_from(r)?);
        }
        // Pix records are stored as their own JSON (they own every field).
        for row in self.rows("pix_keys")? {
            store.pix_keys.push(parse(&row)?);
        }
        for row in self.rows("pix_charges")? {
            let (mut c, expires): (crate::pix::charges::DynamicCharge, i64) = parse(&row)?;
            c.expires_unix = expires;
            store.pix_charges.push(c);
        }
        for row in self.rows("pix_static_charges")? {
            store.pix_static_charges.push(parse(&row)?);
        }
        for row in self.rows("pix_inbound")? {
            store.pix_inbound.push(parse(&row)?);
        }
        for row in self.rows("pix_locations")? {
            let (mut l, account): (crate::pix::bcb_loc::Location, String) = parse(&row)?;
            l.account_id = account;
            store.pix_locations.push(l);
        }
        for row in self.rows("pix_infractions")? {
            store.pix_infractions.push(parse(&row)?);
        }
        for row in self.rows("pix_lots")? {
            let (mut l, account): (crate::pix::bcb_cobv::Lot, String) = parse(&row)?;
            l.account_id = account;
            store.pix_lots.push(l);
        }
        for row in self.rows("pix_claims")? {
            let (mut c, resolution, completion): (crate::pix::claims::Claim, i64, i64) =
                parse(&row)?;
            c.resolution_ends = resolution;
            c.completion_ends = completion;
            store.pix_claims.push(c);
        }
        for row in self.rows("contacts")? {
            let c: ContactRow = parse(&row)?;
            store.contacts.push(Contact {
                id: c.id,
                name: c.name,
                tax_id: c.tax_id,
                email: c.email,
                mobile: c.mobile,
                bank_accounts: c
                    .bank_accounts
                    .into_iter()
                    .map(
                        |(
                            id,
                            account_code,
                            account_type,
                            branch_code,
                            institution_code,
                            pix_key,
                        )| BankAccount {
                            institution: institution_code
                                .as_deref()
                                .and_then(crate::institutions::find)
                                .copied(),
                            id,
                            account_code,
                            account_type,
                            branch_code,
                            institution_code,
                            pix_key,
                        },
                    )
                    .collect(),
                account_id: c.account_id,
            });
        }
        for row in self.rows("payrolls")? {
            let r: PayrollRow = parse(&row)?;
            store.payrolls.push(payroll_from(r)?);
        }
        for row in self.rows("portabilities")? {
            let v: Value = parse(&row)?;
            let code = text(&v, "payroll_institution_ispb");
            let institution = crate::institutions::find(&code).ok_or("unknown institution")?;
            let ts = |k: &str| v.get(k).and_then(Value::as_str).and_then(parse_ts);
            store.portabilities.push(crate::portability::Portability {
                id: text(&v, "id"),
                account_id: text(&v, "account_id"),
                status: intern(&text(&v, "status")),
                employer_document: text(&v, "employer_document"),
                employer_name: opt_text(&v, "employer_name"),
                payroll_institution_ispb: institution.ispb_code,
                payroll_institution_number_code: institution.number_code,
                payroll_institution_name: institution.name,
                created_at: ts("created_at").unwrap_or(Ts(0)),
                created_by: text(&v, "created_by"),
                enabled_at: ts("enabled_at"),
                disabled_at: ts("disabled_at"),
            });
        }
        for row in self.rows("idempotency")? {
            let k: KeyRow = parse(&row)?;
            let mut body = [0u8; 32];
            for (i, b) in body.iter_mut().enumerate() {
                *b = k
                    .body
                    .get(2 * i..2 * i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or("bad body digest")?;
            }
            let response = match (k.json, k.operation) {
                (Some(text), _) => Response::Json(text.into_boxed_str()),
                (None, Some((index, status, approved))) => Response::Operation {
                    index,
                    status: intern(&status),
                    approved,
                },
                (None, None) => return Err("idempotency row without a response".into()),
            };
            let status = StatusCode::from_u16(k.status).map_err(|e| e.to_string())?;
            store.idempotency.insert(
                (k.client_id, k.key),
                KeyEntry::Done {
                    body,
                    status,
                    response,
                },
            );
        }
        for row in self.rows("tokens")? {
            let t: TokenRow = parse(&row)?;
            store.tokens.insert(
                t.token,
                Token {
                    client_id: t.client_id,
                    scopes: t.scopes,
                    expires_at: t.expires_at,
                },
            );
        }
        let meta: Meta = {
            let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
            let row: String = conn
                .query_row("SELECT row FROM meta WHERE id = 1", [], |r| r.get(0))
                .map_err(sql)?;
            parse(&row)?
        };
        store.flows = Flows {
            sent_out: meta.flows.0,
            received: meta.flows.1,
            fees: meta.flows.2,
        };
        store.our_number = meta.our_number;
        for (client, account) in meta.access {
            store.access.entry(client).or_default().insert(account);
        }
        for (id, lines) in meta.salary_uploads {
            store.salary_uploads.insert(
                id,
                serde_json::from_value(lines).map_err(|e| e.to_string())?,
            );
        }
        Ok(meta.clock_offset)
    }
}

/// An RFC 3339 timestamp back to seconds.
fn parse_ts(text: &str) -> Option<Ts> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| Ts(t.unix_timestamp()))
}

fn text(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn opt_text(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

fn invoice_from(r: InvoiceRow) -> Fallible<Invoice> {
    let v = &r.view;
    let known = [
        "id",
        "account_id",
        "amount",
        "status",
        "barcode",
        "writable_line",
        "our_number",
        "invoice_type",
        "issuance_date",
        "expiration_date",
        "limit_date",
        "fee",
        "created_at",
        "created_by",
        "registered_at",
        "settled_at",
        "paid_at",
        "expired_at",
        "cancelled_at",
    ];
    let extra: Map<String, Value> = v
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !known.contains(&k.as_str()))
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut discounts = Vec::new();
    let (mut fine, mut interest) = (None, None);
    for (name, d, bp) in r.terms {
        let term = Term {
            date: date(&d)?,
            bp,
        };
        match name.as_str() {
            "fine" => fine = Some(term),
            "interest" => interest = Some(term),
            _ => discounts.push(term),
        }
    }
    Ok(Invoice {
        id: text(v, "id"),
        account_id: text(v, "account_id"),
        amount: v.get("amount").and_then(Value::as_i64).unwrap_or(0),
        status: intern(&r.status),
        barcode: text(v, "barcode"),
        writable_line: text(v, "writable_line"),
        our_number: text(v, "our_number"),
        invoice_type: text(v, "invoice_type"),
        issuance_date: text(v, "issuance_date"),
        expiration_date: text(v, "expiration_date"),
        limit_date: text(v, "limit_date"),
        fee: v.get("fee").and_then(Value::as_i64).unwrap_or(0),
        created_at: text(v, "created_at"),
        created_by: text(v, "created_by"),
        registered_at: opt_text(v, "registered_at"),
        settled_at: opt_text(v, "settled_at"),
        paid_at: opt_text(v, "paid_at"),
        expired_at: opt_text(v, "expired_at"),
        cancelled_at: opt_text(v, "cancelled_at"),
        extra,
        created_unix: r.created_unix,
        expiration: date(&r.expiration)?,
        limit: date(&r.limit)?,
        discounts,
        fine,
        interest,
    })
}

fn payroll_from(r: PayrollRow) -> Fallible<Payroll> {
    let v = &r.view;
    let id = text(v, "id");
    Ok(Payroll {
        account_id: text(v, "account_id"),
        amount: v.get("amount").and_then(Value::as_i64).unwrap_or(0),
        fee: v.get("fee").and_then(Value::as_i64).unwrap_or(0),
        status: intern(&text(v, "status")),
        outside_operating_hours: v
            .get("outside_operating_hours")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        created_at: text(v, "created_at"),
        created_by: text(v, "created_by"),
        finished_at: opt_text(v, "finished_at"),
        summary: v.get("summary").cloned().unwrap_or(Value::Null),
        salaries: r
            .salaries
            .into_iter()
            .map(|s| Salary {
                id: s.id,
                payroll_id: id.clone(),
                name: s.name,
                document: s.document,
                account_code: s.account_code,
                amount: s.amount,
                status: intern(&s.status),
                failure_reason: s.failure_reason.as_deref().map(intern),
                finished_at: s.finished_at,
            })
            .collect(),
        id,
    })
}
