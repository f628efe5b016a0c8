//! The optional SQLite file (`stone sandbox --db FILE`): the store survives
//! restarts. One table per record kind, one JSON row per record, each row
//! the record's own derived serialization (`crate::stored`): nothing here
//! names a record's fields. The ledger is appended incrementally; a table
//! that changed is rewritten in the same transaction. Every mutating request
//! is on file before it is answered ([`Db::save_through`]). Webhook queues
//! and logs are not kept. Meant for development setups, not for load.

use crate::domain::ledger::Flows;
use crate::domain::payroll::SalaryLine;
use crate::domain::store::Store;
use crate::http::server::App;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
type Fallible<T> = Result<T, String>;

/// What belongs to no record: the money across the border, counters, the
/// clock, who may operate which account, uploads waiting for a payroll.
#[derive(Serialize, Deserialize)]
struct Meta {
    flows: Flows,
    our_number: u64,
    clock_offset: i64,
    access: Vec<(String, String)>,
    salary_uploads: Vec<(String, Vec<SalaryLine>)>,
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

/// How a snapshot writes its records: as the file keeps them, or as the
/// API shows them (the tests compare both across a restart: between them
/// they hold every field).
#[derive(Clone, Copy)]
pub enum Form {
    Saved,
    Shown,
}

fn rows<'a, T: Serialize + 'a>(
    records: impl IntoIterator<Item = &'a T>,
    form: Form,
) -> Vec<String> {
    records
        .into_iter()
        .map(|r| match form {
            Form::Saved => crate::domain::stored::row(r),
            Form::Shown => serde_json::to_string(r).unwrap_or_default(),
        })
        .collect()
}

fn snapshot(store: &Store, clock_offset: i64, persisted_entries: usize, form: Form) -> Snapshot {
    // Maps are saved sorted, so an unchanged one hashes the same.
    let mut applications: Vec<_> = store.applications.values().collect();
    applications.sort_by(|a, b| a.client_id.cmp(&b.client_id));
    let mut tokens: Vec<_> = store.tokens.iter().collect();
    tokens.sort_by(|a, b| a.0.cmp(b.0));
    // A key still in flight has no answer to keep: its request is not
    // answered yet, and its client retries it.
    let mut keys: Vec<_> = store
        .idempotency
        .iter()
        .filter(|(_, e)| matches!(e, crate::domain::idempotency::Entry::Done { .. }))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let mut access: Vec<(String, String)> = store
        .access
        .iter()
        .flat_map(|(c, ids)| ids.iter().map(move |a| (c.clone(), a.clone())))
        .collect();
    access.sort();
    let mut salary_uploads: Vec<_> = store
        .salary_uploads
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    salary_uploads.sort_by(|a, b| a.0.cmp(&b.0));
    let meta = crate::domain::stored::row(&Meta {
        flows: store.flows,
        our_number: store.our_number,
        clock_offset,
        access,
        salary_uploads,
    });
    Snapshot {
        tables: vec![
            ("applications", rows(applications, form)),
            ("accounts", rows(&store.accounts, form)),
            ("operations", rows(&store.operations, form)),
            ("invoices", rows(&store.invoices, form)),
            ("pix_keys", rows(&store.pix_keys, form)),
            ("pix_charges", rows(&store.pix_charges, form)),
            ("pix_static_charges", rows(&store.pix_static_charges, form)),
            ("pix_inbound", rows(&store.pix_inbound, form)),
            ("pix_claims", rows(&store.pix_claims, form)),
            ("pix_locations", rows(&store.pix_locations, form)),
            ("pix_lots", rows(&store.pix_lots, form)),
            ("pix_infractions", rows(&store.pix_infractions, form)),
            ("contacts", rows(&store.contacts, form)),
            ("payrolls", rows(&store.payrolls, form)),
            ("portabilities", rows(&store.portabilities, form)),
            ("idempotency", rows(&keys, form)),
            ("tokens", rows(&tokens, form)),
        ],
        new_entries: rows(
            &store.entries[persisted_entries.min(store.entries.len())..],
            form,
        ),
        entries_total: store.entries.len(),
        meta,
    }
}

/// Every record of the store as the file keeps it, table by table, the
/// ledger and the meta row included: what a restart must give back
/// (the sandbox's tests compare both sides of a save and a load).
pub fn tables(store: &Store, clock_offset: i64, form: Form) -> Vec<(&'static str, Vec<String>)> {
    let mut snap = snapshot(store, clock_offset, 0, form);
    snap.tables.push(("entries", snap.new_entries));
    snap.tables.push(("meta", vec![snap.meta]));
    snap.tables
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
            snapshot(&store, app.clock.offset(), done, Form::Saved)
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

    /// A table's records, in the order they were saved.
    fn records<T: serde::de::DeserializeOwned>(&self, table: &str) -> Fallible<Vec<T>> {
        self.rows(table)?
            .iter()
            .map(|row| crate::domain::stored::parse(row).map_err(|e| format!("{table}: {e}")))
            .collect()
    }

    /// Fills an empty store from the file; returns the clock offset saved.
    pub fn load(&self, store: &mut Store) -> Fallible<i64> {
        for a in self.records::<crate::domain::store::Application>("applications")? {
            store.applications.insert(a.client_id.clone(), a);
        }
        store.accounts = self.records("accounts")?;
        for a in &mut store.accounts {
            a.share();
        }
        // Entries share their account's id (the ledger is the largest
        // structure; one allocation per account, not per entry).
        let shared: HashMap<&str, Arc<str>> = store
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), a.shared_id.clone()))
            .collect();
        let mut entries: Vec<crate::domain::ledger::Entry> = self.records("entries")?;
        for e in &mut entries {
            if let Some(id) = shared.get(&*e.account_id) {
                e.account_id = id.clone();
            }
        }
        store.entries = entries;
        store.operations = self.records("operations")?;
        for (index, op) in store.operations.iter_mut().enumerate() {
            store.operation_index.insert(op.id.clone(), index);
            // An internal transfer names its target as the account does.
            if op.kind == crate::domain::operations::Kind::Internal {
                op.names = op
                    .target_account_id
                    .as_deref()
                    .and_then(|id| store.accounts.iter().find(|a| a.id == id))
                    .map(|a| a.as_names.clone());
            }
        }
        store.invoices = self.records("invoices")?;
        store.pix_keys = self.records("pix_keys")?;
        store.pix_charges = self.records("pix_charges")?;
        store.pix_static_charges = self.records("pix_static_charges")?;
        store.pix_inbound = self.records("pix_inbound")?;
        store.pix_claims = self.records("pix_claims")?;
        store.pix_locations = self.records("pix_locations")?;
        store.pix_lots = self.records("pix_lots")?;
        store.pix_infractions = self.records("pix_infractions")?;
        store.contacts = self.records("contacts")?;
        store.payrolls = self.records("payrolls")?;
        store.portabilities = self.records("portabilities")?;
        store.idempotency = self
            .records::<((String, String), crate::domain::idempotency::Entry)>("idempotency")?
            .into_iter()
            .collect();
        store.tokens = self
            .records::<(String, crate::domain::store::Token)>("tokens")?
            .into_iter()
            .collect();
        let meta: Meta = {
            let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
            let row: String = conn
                .query_row("SELECT row FROM meta WHERE id = 1", [], |r| r.get(0))
                .map_err(sql)?;
            crate::domain::stored::parse(&row)?
        };
        store.flows = meta.flows;
        store.our_number = meta.our_number;
        for (client, account) in meta.access {
            store.access.entry(client).or_default().insert(account);
        }
        store.salary_uploads = meta.salary_uploads.into_iter().collect();
        Ok(meta.clock_offset)
    }
}
