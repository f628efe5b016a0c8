//! End-to-end paths the other suites walk only halfway, each from the
//! client's first call to its final state, over HTTP as a client makes
//! them: paying arrecadação documents (a utility bill and a segment-5
//! tax), issuing a proposal boleto and paying it from another sandbox
//! account, a scheduled payment running on its day, a platform's scheduled
//! payment and TED expiring unapproved, and a TED's receipt. Every path
//! checks the HTTP statuses, the final status and its timestamps, the
//! balances and statement entries, the ledger's border flows and its
//! conservation, and the webhooks the path emits, read back from the
//! application's webhook log (`GET /api/v1/applications/application:{id}/webhooks`).
//! Time is the sandbox's clock, moved by the admin API: nothing waits for
//! real days.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use common::Env;
use serde_json::{json, Value};
use stone_openbank::barcode::{iso_date, BankBoleto, CollectionDocument};
use stone_openbank::calendar;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};
use time::Duration;

// ------------------------------------------------------------------ helpers

/// Fresh tokens (own account, platform): tokens live 900 s of the sandbox
/// clock, and the tests move it by days.
async fn fresh(env: &Env) -> (String, String) {
    (
        env.access_token(DEMO_CLIENT_ID).await,
        env.access_token(DEMO_OPENBANK_CLIENT_ID).await,
    )
}

/// The first account an application operates: (id, account code).
async fn first_account(env: &Env, token: &str) -> (String, String) {
    let (status, list) = env.read("/api/v1/accounts", token).await;
    assert_eq!(status, 200, "{list}");
    let a = &list["data"][0];
    (
        a["id"].as_str().unwrap().to_owned(),
        a["account_code"].as_str().unwrap().to_owned(),
    )
}

/// (balance, scheduled_balance).
async fn balance(env: &Env, token: &str, account: &str) -> (i64, i64) {
    let (status, b) = env
        .read(&format!("/api/v1/accounts/{account}/balance"), token)
        .await;
    assert_eq!(status, 200, "{b}");
    (
        b["balance"].as_i64().unwrap(),
        b["scheduled_balance"].as_i64().unwrap(),
    )
}

/// The newest `limit` statement entries, newest first.
async fn statement(env: &Env, token: &str, account: &str, limit: usize) -> Vec<Value> {
    let (status, page) = env
        .read(
            &format!("/api/v1/accounts/{account}/statement?limit={limit}"),
            token,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["data"].as_array().unwrap().clone()
}

/// The id of the newest statement entry (null when there is none yet).
async fn newest_entry(env: &Env, token: &str, account: &str) -> Value {
    statement(env, token, account, 1)
        .await
        .first()
        .map_or(Value::Null, |e| e["id"].clone())
}

/// `GET /admin/ledger`: balances and border flows.
async fn ledger(env: &Env) -> Value {
    env.http
        .get(format!("{}/admin/ledger", env.sandbox.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn flow(ledger: &Value, name: &str) -> i64 {
    ledger["flows"][name].as_i64().unwrap()
}

/// An RFC 3339 timestamp of the API as Unix seconds; panics on null.
fn unix(v: &Value) -> i64 {
    let text = v.as_str().unwrap_or_else(|| panic!("a timestamp, got {v}"));
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp()
}

/// `minutes` after midnight (Brasília) of `day`, as Unix seconds.
fn brasilia(day: time::Date, minutes: i64) -> i64 {
    day.midnight()
        .assume_offset(calendar::BRASILIA)
        .unix_timestamp()
        + minutes * 60
}

/// Asserts a timestamp lies in `[from, from + 5 min]`: it is the sandbox
/// clock's (the tests move it by hours and days), read a moment of real
/// time after the instant the test moved it to (slack for a loaded machine).
fn assert_at(v: &Value, from: i64, what: &str) {
    let t = unix(v);
    assert!(
        (from..=from + 300).contains(&t),
        "{what}: {v} not within 5 minutes after {}",
        stone_sandbox::domain::clock::Ts(from).iso()
    );
}

fn ted(account: &str, amount: i64) -> Value {
    json!({
        "account_id": account, "amount": amount,
        "target": {
            "account": {"account_code": "0012345", "branch_code": "1234", "institution_code": "341", "account_type": "CC"},
            "entity": {"name": "Fornecedor Ltda", "document": "11.222.333/0001-81", "document_type": "cnpj"},
        },
    })
}

/// `POST /api/v1/receipts` with a JSON body: (status, content type, bytes).
async fn receipt(env: &Env, token: &str, kind: &str, id: &str) -> (u16, String, Vec<u8>) {
    let res = env
        .http
        .post(format!("{}/api/v1/receipts", env.sandbox.base_url()))
        .header("user-agent", "sdk-tests")
        .bearer_auth(token)
        .json(&json!({"resource_type": kind, "resource_id": id}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, res.bytes().await.unwrap().to_vec())
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

// ----------------------------------------------------------------- webhooks

/// A receiver answering 200 to every delivery, registered as the webhook
/// URL of `clients` (the sandbox logs an event once it is delivered).
async fn listen(env: &Env, clients: &[&str]) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let app = Router::new().route("/hooks", post(|| async { StatusCode::OK }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    for client_id in clients {
        let res = env
            .http
            .put(format!(
                "{}/admin/applications/{client_id}/webhook",
                env.sandbox.base_url()
            ))
            .json(&json!({ "url": url }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 204);
    }
}

/// What one application has been sent, read from its webhook log as the
/// application itself would, step by step.
struct Hooks {
    client_id: &'static str,
    seen: usize,
}

impl Hooks {
    fn of(client_id: &'static str) -> Hooks {
        Hooks { client_id, seen: 0 }
    }

    /// The application's log, oldest first.
    async fn log(&self, env: &Env, token: &str) -> Vec<Value> {
        let (status, body) = env
            .read(
                &format!(
                    "/api/v1/applications/application:{}/webhooks",
                    self.client_id
                ),
                token,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let mut log = body["data"].as_array().unwrap().clone();
        log.reverse();
        log
    }

    /// Waits for the events of one state change and checks them: exactly
    /// `want`, as (event type, target id, the target's status in the
    /// event's snapshot), nothing more. Steps are checked in order (each
    /// waits for the previous one's events); within one step the events
    /// are compared as a set, since delivery order is not guaranteed
    /// (docs/sandbox.md, and neither is Stone's) and the events of one
    /// change share their timestamp.
    async fn expect(&mut self, env: &Env, want: &[(&str, &str, &str)]) {
        // Deliveries are asynchronous: poll the log for up to 10 s.
        let token = env.access_token(self.client_id).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut log = self.log(env, &token).await;
        while log.len() < self.seen + want.len() && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            log = self.log(env, &token).await;
        }
        let new: Vec<(String, String, String)> = log[self.seen.min(log.len())..]
            .iter()
            .map(|e| {
                assert_eq!(e["client_id"], format!("application:{}", self.client_id));
                let d = &e["data"];
                let id = d["target_id"].as_str().unwrap_or_default();
                assert!(
                    d["target_detail_uri"]
                        .as_str()
                        .is_some_and(|u| u.ends_with(id)),
                    "{d}"
                );
                (
                    d["event_type"].as_str().unwrap_or_default().to_owned(),
                    id.to_owned(),
                    d["target_data"]["status"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
            .collect();
        let mut got = new.clone();
        got.sort();
        let mut expected: Vec<(String, String, String)> = want
            .iter()
            .map(|(t, id, s)| ((*t).to_owned(), (*id).to_owned(), (*s).to_owned()))
            .collect();
        expected.sort();
        assert_eq!(got, expected, "{} was sent {new:?}", self.client_id);
        self.seen += want.len();
    }

    /// Nothing else arrives: every event of the path was expected.
    async fn done(&self, env: &Env) {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let token = env.access_token(self.client_id).await;
        let log = self.log(env, &token).await;
        let extra: Vec<&Value> = log[self.seen.min(log.len())..]
            .iter()
            .map(|e| &e["data"]["event_type"])
            .collect();
        assert_eq!(log.len(), self.seen, "unexpected events: {extra:?}");
    }
}

/// The four events of an own account's cash-out, approved at creation and
/// run at once, ending `FINISHED` or `FAILED` (`last`).
fn ran_at_once<'a>(
    prefix: &str,
    id: &'a str,
    last: &'static str,
) -> Vec<(String, &'a str, &'static str)> {
    vec![
        (prefix.to_owned(), id, "CREATED"),
        (format!("{prefix}_approved"), id, "APPROVED"),
        (format!("{prefix}_execution_started"), id, "APPROVED"),
        (format!("{prefix}_{}", last.to_ascii_lowercase()), id, last),
    ]
}

/// `ran_at_once`'s events as `Hooks::expect` takes them.
fn refs<'a>(events: &'a [(String, &'a str, &'static str)]) -> Vec<(&'a str, &'a str, &'a str)> {
    events
        .iter()
        .map(|(t, id, s)| (t.as_str(), *id, *s))
        .collect()
}

// -------------------------------------------------------------- arrecadação

#[tokio::test]
async fn utility_and_tax_bills_are_paid_out_of_the_sandbox() {
    let env = Env::new().await;
    let day = env.to_business_day_at(10 * 60).await;
    listen(&env, &[DEMO_CLIENT_ID]).await;
    let mut hooks = Hooks::of(DEMO_CLIENT_ID);
    let (own, _) = fresh(&env).await;
    let (account, _) = first_account(&env, &own).await;
    let (before, _) = balance(&env, &own, &account).await;
    let ledger_before = ledger(&env).await;

    // A power bill (segment 3, value type 6: modulo-10 digits) and a tax
    // (segment 5, "órgãos governamentais", value type 8: modulo 11).
    let utility =
        CollectionDocument::build(3, 6, 8_990, "0057", "2026112600000000000000001").unwrap();
    let tax = CollectionDocument::build(5, 8, 15_237, "0010", "0000000000202612345678901").unwrap();
    for (doc, segment) in [(&utility, 3), (&tax, 5)] {
        assert_eq!(doc.digitable_line().len(), 48);
        assert!(doc.barcode().starts_with(&format!("8{segment}")));
        assert_eq!(doc.segment(), segment);
    }
    // The utility bill paid by its typeable line, the tax by its barcode.
    let docs = [
        (
            utility.digitable_line().to_owned(),
            &utility,
            8_990_i64,
            "Energia elétrica e gás",
        ),
        (
            tax.barcode().to_owned(),
            &tax,
            15_237,
            "Órgão governamental",
        ),
    ];
    let mut ids = Vec::new();
    for (input, doc, amount, payee) in &docs {
        let body = json!({"account_id": account, "barcode": input});
        let (status, d) = env.post("/api/v1/dry_run/payments", &own, &body).await;
        assert_eq!(status, 200, "{d}");
        let details = &d["details"];
        assert_eq!(details["status"], "payable", "{d}");
        assert_eq!(details["document_type"], "concessionaria");
        assert_eq!(details["recipient_name"], *payee);
        assert_eq!(details["barcode"], doc.barcode());
        assert_eq!(details["writable_line"], doc.digitable_line());
        assert!(details["bank_code"].is_null(), "no bank in arrecadação");
        for field in ["face_value", "value", "min_value", "max_value"] {
            assert_eq!(details[field], *amount, "{field}");
        }
        assert_eq!(d["payment_being_processed?"], false);
        assert_eq!(
            (d["status"].as_str(), d["fee"].as_i64()),
            (Some("APPROVED"), Some(0))
        );

        let (status, p) = env.post("/api/v1/payments", &own, &body).await;
        assert_eq!(status, 202, "{p}");
        assert_eq!(
            p["status"], "APPROVED",
            "accepted: read it back for its outcome"
        );
        assert_eq!(
            (p["amount"].as_i64(), p["fee"].as_i64()),
            (Some(*amount), Some(0))
        );
        assert_eq!(p["barcode"], doc.barcode());
        assert!(p["finished_at"].is_null());
        let id = p["id"].as_str().unwrap().to_owned();
        let (status, got) = env.read(&format!("/api/v1/payments/{id}"), &own).await;
        assert_eq!(status, 200);
        assert_eq!(got["status"], "FINISHED", "{got}");
        let created = unix(&got["created_at"]);
        assert_at(&got["approved_at"], created, "approved_at");
        assert_at(&got["finished_at"], created, "finished_at");
        assert_at(&got["created_at"], brasilia(day, 10 * 60), "created_at");
        for never in [
            "failed_at",
            "rejected_at",
            "cancelled_at",
            "approval_expired_at",
        ] {
            assert!(got[never].is_null(), "{never}: {got}");
        }
        assert_eq!(got["details"]["document_type"], "concessionaria");
        let events = ran_at_once("cash_out_payment", &id, "FINISHED");
        hooks.expect(&env, &refs(&events)).await;
        ids.push(id);
    }

    // The money left the sandbox: the account debited, the border's
    // sent_out grown by the same, one statement entry per payment.
    let (after, scheduled) = balance(&env, &own, &account).await;
    assert_eq!((before - after, scheduled), (8_990 + 15_237, 0));
    let entries = statement(&env, &own, &account, 2).await;
    assert_eq!(entries.len(), 2, "one entry per payment");
    for (entry, ((_, doc, amount, _), id)) in entries.iter().rev().zip(docs.iter().zip(&ids)) {
        assert_eq!(entry["type"], "payment", "{entry}");
        assert_eq!(entry["operation"], "debit");
        assert_eq!(entry["amount"], -amount);
        assert_eq!(
            (
                entry["operation_amount"].as_i64(),
                entry["fee_amount"].as_i64()
            ),
            (Some(*amount), Some(0))
        );
        assert_eq!(entry["operation_id"], id.as_str());
        assert_eq!(entry["barcode"], doc.barcode());
        assert_eq!(entry["writable_line"], doc.digitable_line());
    }
    assert_eq!(entries[0]["balance_after"], after);
    let ledger_after = ledger(&env).await;
    assert_eq!(
        flow(&ledger_after, "sent_out") - flow(&ledger_before, "sent_out"),
        8_990 + 15_237
    );
    assert_eq!(flow(&ledger_after, "fees"), flow(&ledger_before, "fees"));
    assert_eq!(
        flow(&ledger_after, "received"),
        flow(&ledger_before, "received")
    );
    env.assert_conserved().await;

    // The same tax again within two hours: flagged by the dry-run, accepted,
    // then failed with code 68 and no money moved.
    let body = json!({"account_id": account, "barcode": tax.barcode()});
    let (_, d) = env.post("/api/v1/dry_run/payments", &own, &body).await;
    assert_eq!(d["payment_being_processed?"], true, "{d}");
    let (status, p) = env.post("/api/v1/payments", &own, &body).await;
    assert_eq!(status, 202, "{p}");
    let again = p["id"].as_str().unwrap().to_owned();
    let (_, got) = env.read(&format!("/api/v1/payments/{again}"), &own).await;
    assert_eq!(
        (got["status"].as_str(), got["failure_reason_code"].as_i64()),
        (Some("FAILED"), Some(68)),
        "{got}"
    );
    assert!(got["failed_at"].is_string() && got["finished_at"].is_null());
    hooks
        .expect(
            &env,
            &refs(&ran_at_once("cash_out_payment", &again, "FAILED")),
        )
        .await;
    assert_eq!(balance(&env, &own, &account).await.0, after);
    assert_eq!(
        flow(&ledger(&env).await, "sent_out"),
        flow(&ledger_after, "sent_out")
    );
    let (_, list) = env
        .read(&format!("/api/v1/payments?account_id={account}"), &own)
        .await;
    assert_eq!(list["cursor"]["total_count"], 3);
    hooks.done(&env).await;
    env.assert_conserved().await;
}

// ----------------------------------------------------------- proposal boleto

#[tokio::test]
async fn a_proposal_boleto_is_issued_registered_paid_and_settled() {
    let env = Env::new().await;
    let day = env.to_business_day_at(10 * 60).await;
    listen(&env, &[DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID]).await;
    let mut issuer_hooks = Hooks::of(DEMO_CLIENT_ID);
    let mut payer_hooks = Hooks::of(DEMO_OPENBANK_CLIENT_ID);
    let (own, platform) = fresh(&env).await;
    let (issuer, _) = first_account(&env, &own).await;
    let (payer, _) = first_account(&env, &platform).await;

    // Issued: CREATED, a bank-197 barcode for its amount and due date.
    let due = day + Duration::days(7);
    let body = json!({
        "account_id": issuer, "amount": 25_000, "invoice_type": "proposal",
        "expiration_date": iso_date(due), "description": "Proposta 42",
        "customer": {"document": "123.456.789-09", "legal_name": "Maria da Silva"},
    });
    let (status, inv) = env
        .post("/api/v1/barcode_payment_invoices", &own, &body)
        .await;
    assert_eq!(status, 201, "{inv}");
    assert_eq!(inv["status"], "CREATED");
    assert_eq!(inv["invoice_type"], "proposal");
    assert_eq!(inv["amount"], 25_000);
    assert_eq!(inv["issuance_date"], iso_date(day));
    assert_eq!(inv["expiration_date"], iso_date(due));
    assert_eq!(
        inv["limit_date"],
        iso_date(due),
        "a proposal's limit is its due date"
    );
    assert_eq!(inv["fee"], 200);
    assert_eq!(inv["customer"]["document"], "12345678909");
    assert_eq!(inv["beneficiary"]["legal_name"], "Demo Pagamentos Ltda");
    assert!(inv["registered_at"].is_null() && inv["settled_at"].is_null());
    let line = inv["writable_line"].as_str().unwrap().to_owned();
    let parsed = stone_openbank::barcode::parse(&line).unwrap();
    assert_eq!(
        (parsed.amount_cents(), parsed.due_date()),
        (Some(25_000), Some(due))
    );
    assert_eq!(&line[..3], "197");
    let id = inv["id"].as_str().unwrap().to_owned();
    issuer_hooks
        .expect(&env, &[("barcode_payment_invoice_created", &id, "CREATED")])
        .await;

    // Registered once the clock passes 3 s.
    let (status, _) = env
        .admin("/admin/clock/advance", &json!({"seconds": 5}))
        .await;
    assert_eq!(status, 200);
    let (_, got) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &own)
        .await;
    assert_eq!(got["status"], "REGISTERED", "{got}");
    assert_at(
        &got["registered_at"],
        unix(&got["created_at"]) + 3,
        "registered_at",
    );
    issuer_hooks
        .expect(
            &env,
            &[("barcode_payment_invoice_registered", &id, "REGISTERED")],
        )
        .await;

    // Another sandbox account (a platform's user) looks it up and pays it.
    let pay = json!({"account_id": payer, "barcode": line});
    let (status, d) = env.post("/api/v1/dry_run/payments", &platform, &pay).await;
    assert_eq!(status, 200, "{d}");
    let details = &d["details"];
    assert_eq!(details["status"], "payable", "{d}");
    assert_eq!(details["document_type"], "boleto");
    assert_eq!(details["document_payment_type"], 32, "32: proposal boleto");
    assert_eq!(details["bank_code"], "197");
    assert_eq!(details["recipient_name"], "Demo Pagamentos Ltda");
    assert_eq!(details["recipient_cpf_cnpj"], "11222333000181");
    assert_eq!(details["payer_cpf_cnpj"], "12345678909");
    assert_eq!(details["payment_limit_date"], iso_date(due));
    for field in ["face_value", "value", "min_value", "max_value"] {
        assert_eq!(details[field], 25_000, "{field}");
    }
    assert_eq!(d["payment_being_processed?"], false);

    let (payer_before, _) = balance(&env, &platform, &payer).await;
    let (issuer_before, _) = balance(&env, &own, &issuer).await;
    let ledger_before = ledger(&env).await;
    let (status, p) = env.post("/api/v1/payments", &platform, &pay).await;
    assert_eq!(status, 202, "{p}");
    assert_eq!(
        p["status"], "CREATED",
        "a platform's payment waits for the owner"
    );
    assert_eq!(
        (p["amount"].as_i64(), p["fee"].as_i64()),
        (Some(25_000), Some(0))
    );
    assert!(p["approved_at"].is_null());
    let pid = p["id"].as_str().unwrap().to_owned();
    payer_hooks
        .expect(&env, &[("cash_out_payment", &pid, "CREATED")])
        .await;
    // Nothing moved before the owner's approval.
    assert_eq!(balance(&env, &platform, &payer).await.0, payer_before);
    let (_, still) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &own)
        .await;
    assert_eq!(still["status"], "REGISTERED");
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{payer}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    assert_eq!(pending["data"][0]["id"], pid.as_str(), "{pending}");
    assert_eq!(pending["data"][0]["type"], "barcode_payment");

    let (status, _) = env
        .admin(&format!("/admin/payments/{pid}/approve"), &json!({}))
        .await;
    assert_eq!(status, 204);
    let (_, paid) = env
        .read(&format!("/api/v1/payments/{pid}"), &platform)
        .await;
    assert_eq!(paid["status"], "FINISHED", "{paid}");
    let approved = unix(&paid["approved_at"]);
    assert!(approved >= unix(&paid["created_at"]));
    assert_at(&paid["finished_at"], approved, "finished_at");
    assert!(paid["approved_by"].is_string());
    let (_, settled) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &own)
        .await;
    assert_eq!(settled["status"], "SETTLED", "{settled}");
    assert_at(&settled["settled_at"], approved, "settled_at");
    assert_at(&settled["paid_at"], approved, "paid_at");
    assert_eq!(settled["payer"]["account_id"], payer.as_str());

    // The payer paid the amount; the issuer got it less the R$ 2,00 fee;
    // nothing left the sandbox, the fee was collected.
    let (payer_after, _) = balance(&env, &platform, &payer).await;
    let (issuer_after, _) = balance(&env, &own, &issuer).await;
    assert_eq!(payer_before - payer_after, 25_000);
    assert_eq!(issuer_after - issuer_before, 25_000 - 200);
    let out = &statement(&env, &platform, &payer, 1).await[0];
    assert_eq!(
        (
            out["type"].as_str(),
            out["operation"].as_str(),
            out["amount"].as_i64()
        ),
        (Some("payment"), Some("debit"), Some(-25_000)),
        "{out}"
    );
    assert_eq!(out["operation_id"], pid.as_str());
    assert_eq!(out["barcode"], settled["barcode"]);
    let inn = &statement(&env, &own, &issuer, 1).await[0];
    assert_eq!(
        (
            inn["type"].as_str(),
            inn["operation"].as_str(),
            inn["amount"].as_i64()
        ),
        (Some("payment"), Some("credit"), Some(24_800)),
        "{inn}"
    );
    assert_eq!(
        (inn["operation_amount"].as_i64(), inn["fee_amount"].as_i64()),
        (Some(25_000), Some(200))
    );
    assert_eq!(inn["balance_after"], issuer_after);
    let ledger_after = ledger(&env).await;
    assert_eq!(
        flow(&ledger_after, "sent_out"),
        flow(&ledger_before, "sent_out")
    );
    assert_eq!(
        flow(&ledger_after, "fees") - flow(&ledger_before, "fees"),
        200
    );
    env.assert_conserved().await;

    // The payer's application hears its payment run; the issuer's, the
    // boleto paid.
    payer_hooks
        .expect(
            &env,
            &[
                ("cash_out_payment_approved", &pid, "APPROVED"),
                ("cash_out_payment_execution_started", &pid, "APPROVED"),
                ("cash_out_payment_finished", &pid, "FINISHED"),
            ],
        )
        .await;
    issuer_hooks
        .expect(
            &env,
            &[
                ("inbound_barcode_payment_validated", &id, "SETTLED"),
                ("barcode_payment_invoice_settled", &id, "SETTLED"),
                ("cash_in_barcode_payment", &id, "SETTLED"),
            ],
        )
        .await;

    // Paid once: a second payment is refused by the dry-run's reason 68.
    let (_, d) = env.post("/api/v1/dry_run/payments", &platform, &pay).await;
    assert_eq!(
        (
            d["details"]["status"].as_str(),
            d["details"]["unpayable_reason_code"].as_i64()
        ),
        (Some("unpayable"), Some(68)),
        "{d}"
    );
    issuer_hooks.done(&env).await;
    payer_hooks.done(&env).await;
    env.assert_conserved().await;
}

// -------------------------------------------------------- scheduled payment

#[tokio::test]
async fn a_scheduled_payment_runs_on_its_day() {
    let env = Env::new().await;
    let day = env.to_business_day_at(10 * 60).await;
    listen(&env, &[DEMO_CLIENT_ID]).await;
    let mut hooks = Hooks::of(DEMO_CLIENT_ID);
    let (own, _) = fresh(&env).await;
    let (account, _) = first_account(&env, &own).await;
    let run_day = calendar::next_business_day(day);
    let boleto = BankBoleto::build(
        "341",
        Some(day + Duration::days(10)),
        12_345,
        "1090000000000000000000042",
    )
    .unwrap();
    let body = json!({"account_id": account, "barcode": boleto.digitable_line(), "scheduled_to": iso_date(run_day)});
    let (before, held_before) = balance(&env, &own, &account).await;
    assert_eq!(held_before, 0);
    let last_entry = newest_entry(&env, &own, &account).await;
    let ledger_before = ledger(&env).await;

    let (status, d) = env.post("/api/v1/dry_run/payments", &own, &body).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (d["status"].as_str(), d["scheduled_to"].as_str()),
        (Some("SCHEDULED"), Some(iso_date(run_day).as_str()))
    );
    let (status, p) = env.post("/api/v1/payments", &own, &body).await;
    assert_eq!(status, 202, "{p}");
    assert_eq!(p["status"], "SCHEDULED");
    assert_eq!(p["scheduled_to"], iso_date(run_day));
    assert_eq!(p["amount"], 12_345);
    let id = p["id"].as_str().unwrap().to_owned();
    hooks
        .expect(
            &env,
            &[
                ("cash_out_payment", &id, "CREATED"),
                ("cash_out_payment_approved", &id, "APPROVED"),
                ("cash_out_payment_scheduled", &id, "SCHEDULED"),
            ],
        )
        .await;

    // Held in scheduled_balance, not debited; listed as scheduled.
    assert_eq!(balance(&env, &own, &account).await, (before, 12_345));
    assert_eq!(newest_entry(&env, &own, &account).await, last_entry);
    let (_, schedulings) = env
        .read(&format!("/api/v1/accounts/{account}/schedulings"), &own)
        .await;
    let list = schedulings["data"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{schedulings}");
    assert_eq!(list[0]["operation_id"], id.as_str());
    assert_eq!(list[0]["amount"], -12_345);
    assert_eq!(list[0]["type"], "payment");
    assert_eq!(list[0]["scheduled_to"], iso_date(run_day));
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{account}/operations?status=SCHEDULED"),
            &own,
        )
        .await;
    assert_eq!(pending["data"][0]["id"], id.as_str(), "{pending}");
    assert_eq!(pending["data"][0]["type"], "barcode_payment");

    // Late on the day before: still waiting.
    env.to_day_at(day, 23 * 60).await;
    let (own, _) = fresh(&env).await;
    let (_, waiting) = env.read(&format!("/api/v1/payments/{id}"), &own).await;
    assert_eq!(waiting["status"], "SCHEDULED", "{waiting}");
    assert!(waiting["finished_at"].is_null());

    // Its day: it runs.
    env.to_day_at(run_day, 8 * 60).await;
    let (own, _) = fresh(&env).await;
    let (_, done) = env.read(&format!("/api/v1/payments/{id}"), &own).await;
    assert_eq!(done["status"], "FINISHED", "{done}");
    assert_at(
        &done["finished_at"],
        brasilia(run_day, 8 * 60),
        "finished_at",
    );
    assert_at(&done["approved_at"], brasilia(day, 10 * 60), "approved_at");
    assert!(done["failed_at"].is_null() && done["cancelled_at"].is_null());
    let (after, held) = balance(&env, &own, &account).await;
    assert_eq!((before - after, held), (12_345, 0));
    let entry = &statement(&env, &own, &account, 1).await[0];
    assert_eq!(
        (
            entry["type"].as_str(),
            entry["operation"].as_str(),
            entry["amount"].as_i64()
        ),
        (Some("payment"), Some("debit"), Some(-12_345)),
        "{entry}"
    );
    assert_eq!(entry["operation_id"], id.as_str());
    assert_eq!(entry["scheduled_to"], iso_date(run_day));
    assert_eq!(entry["barcode"], boleto.barcode());
    assert_eq!(entry["balance_after"], after);
    let ledger_after = ledger(&env).await;
    assert_eq!(
        flow(&ledger_after, "sent_out") - flow(&ledger_before, "sent_out"),
        12_345
    );
    let (_, schedulings) = env
        .read(&format!("/api/v1/accounts/{account}/schedulings"), &own)
        .await;
    assert_eq!(schedulings["data"], json!([]));
    hooks
        .expect(
            &env,
            &[
                ("cash_out_payment_execution_started", &id, "SCHEDULED"),
                ("cash_out_payment_finished", &id, "FINISHED"),
            ],
        )
        .await;
    hooks.done(&env).await;
    env.assert_conserved().await;
}

// ------------------------------------------------------- expiry unapproved

#[tokio::test]
async fn a_platforms_unapproved_scheduled_payment_and_ted_expire() {
    let env = Env::new().await;
    let day = env.to_business_day_at(10 * 60).await;
    listen(&env, &[DEMO_OPENBANK_CLIENT_ID]).await;
    let mut hooks = Hooks::of(DEMO_OPENBANK_CLIENT_ID);
    let (_, platform) = fresh(&env).await;
    let (account, _) = first_account(&env, &platform).await;
    let run_day = calendar::next_business_day(day);
    let (before, _) = balance(&env, &platform, &account).await;
    let last_entry = newest_entry(&env, &platform, &account).await;
    let ledger_before = ledger(&env).await;

    // The platform schedules a TED and a payment on its user's account.
    let mut t = ted(&account, 10_000);
    t["scheduled_to"] = json!(iso_date(run_day));
    let (status, t) = env.post("/api/v1/external_transfers", &platform, &t).await;
    assert_eq!(status, 202, "{t}");
    assert_eq!(t["status"], "CREATED", "{t}");
    assert_eq!(t["scheduled_to_requested"], iso_date(run_day));
    assert_eq!(t["scheduled_to_effective"], iso_date(run_day));
    assert!(t["approved_at"].is_null());
    let ted_id = t["id"].as_str().unwrap().to_owned();
    hooks
        .expect(&env, &[("cash_out_external_transfer", &ted_id, "CREATED")])
        .await;
    let boleto = BankBoleto::build(
        "237",
        Some(run_day + Duration::days(10)),
        7_700,
        "0000000000000000000000777",
    )
    .unwrap();
    let pay = json!({"account_id": account, "barcode": boleto.barcode(), "scheduled_to": iso_date(run_day)});
    let (status, p) = env.post("/api/v1/payments", &platform, &pay).await;
    assert_eq!(status, 202, "{p}");
    assert_eq!(p["status"], "CREATED", "{p}");
    assert_eq!(p["scheduled_to"], iso_date(run_day));
    let pay_id = p["id"].as_str().unwrap().to_owned();
    hooks
        .expect(&env, &[("cash_out_payment", &pay_id, "CREATED")])
        .await;
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{account}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    let mut listed: Vec<(String, String)> = pending["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            assert_eq!(o["scheduled_to"], iso_date(run_day), "{o}");
            (
                o["type"].as_str().unwrap().to_owned(),
                o["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        vec![
            ("barcode_payment".to_owned(), pay_id.clone()),
            ("external_transfer".to_owned(), ted_id.clone()),
        ]
    );
    // Not approved, so not held either.
    assert_eq!(balance(&env, &platform, &account).await, (before, 0));

    // Their day comes, within the TED window: still waiting for the owner.
    env.to_day_at(run_day, 12 * 60).await;
    let (_, platform) = fresh(&env).await;
    for path in [
        format!("/api/v1/external_transfers/{ted_id}"),
        format!("/api/v1/payments/{pay_id}"),
    ] {
        let (_, op) = env.read(&path, &platform).await;
        assert_eq!(op["status"], "CREATED", "{op}");
    }

    // The day passes unapproved: both expire at the turn of the day.
    let next = run_day + Duration::days(1);
    env.to_day_at(next, 5).await;
    let (_, platform) = fresh(&env).await;
    for path in [
        format!("/api/v1/external_transfers/{ted_id}"),
        format!("/api/v1/payments/{pay_id}"),
    ] {
        let (status, op) = env.read(&path, &platform).await;
        assert_eq!(status, 200);
        assert_eq!(op["status"], "EXPIRED", "{op}");
        assert_at(
            &op["approval_expired_at"],
            brasilia(next, 5),
            "approval_expired_at",
        );
        for never in [
            "approved_at",
            "rejected_at",
            "cancelled_at",
            "failed_at",
            "finished_at",
        ] {
            assert!(op[never].is_null(), "{never}: {op}");
        }
    }
    hooks
        .expect(
            &env,
            &[
                ("cash_out_external_transfer_expired", &ted_id, "EXPIRED"),
                ("cash_out_payment_expired", &pay_id, "EXPIRED"),
            ],
        )
        .await;

    // No money moved, nothing is pending, and the owner can no longer
    // approve, nor the platform cancel.
    assert_eq!(balance(&env, &platform, &account).await, (before, 0));
    assert_eq!(newest_entry(&env, &platform, &account).await, last_entry);
    let ledger_after = ledger(&env).await;
    assert_eq!(ledger_after["flows"], ledger_before["flows"]);
    assert_eq!(ledger_after["balances"], ledger_before["balances"]);
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{account}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    assert_eq!(pending["data"], json!([]));
    for (kind, id) in [("external_transfers", &ted_id), ("payments", &pay_id)] {
        let (status, e) = env
            .admin(&format!("/admin/{kind}/{id}/approve"), &json!({}))
            .await;
        assert_eq!(
            (status, e["type"].as_str(), e["status"].as_str()),
            (
                422,
                Some("srn:error:invalid_operation_status"),
                Some("EXPIRED")
            ),
            "{e}"
        );
        let (status, _) = env
            .post(
                &format!("/api/v1/{kind}/{id}/cancel"),
                &platform,
                &json!({}),
            )
            .await;
        assert_eq!(status, 422);
    }
    hooks.done(&env).await;
    env.assert_conserved().await;
}

// ------------------------------------------------------------ TED receipt

#[tokio::test]
async fn a_finished_ted_has_a_receipt_and_an_unfinished_one_none() {
    let env = Env::new().await;
    env.to_business_day_at(10 * 60).await;
    listen(&env, &[DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID]).await;
    let mut own_hooks = Hooks::of(DEMO_CLIENT_ID);
    let mut platform_hooks = Hooks::of(DEMO_OPENBANK_CLIENT_ID);
    let (own, platform) = fresh(&env).await;
    let (account, _) = first_account(&env, &own).await;
    let (user_account, _) = first_account(&env, &platform).await;
    let (before, _) = balance(&env, &own, &account).await;
    let ledger_before = ledger(&env).await;

    // A TED inside the window: approved, run, R$ 3,67 fee.
    let (status, t) = env
        .post("/api/v1/external_transfers", &own, &ted(&account, 50_000))
        .await;
    assert_eq!(status, 202, "{t}");
    assert_eq!(t["status"], "APPROVED");
    let id = t["id"].as_str().unwrap().to_owned();
    let (_, done) = env
        .read(&format!("/api/v1/external_transfers/{id}"), &own)
        .await;
    assert_eq!(done["status"], "FINISHED", "{done}");
    assert_eq!(
        (done["amount"].as_i64(), done["fee"].as_i64()),
        (Some(50_000), Some(367))
    );
    let created = unix(&done["created_at"]);
    assert_at(&done["approved_at"], created, "approved_at");
    assert_at(&done["finished_at"], created, "finished_at");
    assert!(done["failed_at"].is_null());
    own_hooks
        .expect(
            &env,
            &refs(&ran_at_once("cash_out_external_transfer", &id, "FINISHED")),
        )
        .await;
    let (after, _) = balance(&env, &own, &account).await;
    assert_eq!(before - after, 50_367);
    let entry = &statement(&env, &own, &account, 1).await[0];
    assert_eq!(
        (
            entry["type"].as_str(),
            entry["operation"].as_str(),
            entry["amount"].as_i64()
        ),
        (Some("external"), Some("debit"), Some(-50_367)),
        "{entry}"
    );
    assert_eq!(
        (
            entry["operation_amount"].as_i64(),
            entry["fee_amount"].as_i64()
        ),
        (Some(50_000), Some(367))
    );
    assert_eq!(entry["operation_id"], id.as_str());
    let ledger_after = ledger(&env).await;
    assert_eq!(
        flow(&ledger_after, "sent_out") - flow(&ledger_before, "sent_out"),
        50_000
    );
    assert_eq!(
        flow(&ledger_after, "fees") - flow(&ledger_before, "fees"),
        367
    );
    env.assert_conserved().await;

    // Its receipt: a PDF naming the TED.
    let (status, content_type, pdf) = receipt(&env, &own, "external_transfer", &id).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(content_type, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(contains(&pdf, "%%EOF"));
    for text in [
        "Comprovante de TED",
        id.as_str(),
        "FINISHED",
        "R$ 500,00",
        "R$ 3,67",
        "Fornecedor Ltda",
        "Demo Pagamentos Ltda",
    ] {
        assert!(contains(&pdf, text), "{text} not in the receipt");
    }
    // Not another application's, and not under another kind.
    assert_eq!(
        receipt(&env, &platform, "external_transfer", &id).await.0,
        403
    );
    assert_eq!(receipt(&env, &own, "payment", &id).await.0, 404);

    // A TED not in a successful state has none: waiting for approval,
    // rejected, failed.
    let unreceipted = |status: u16, body: &[u8], want: &str| {
        let e: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(
            (status, e["type"].as_str(), e["status"].as_str()),
            (422, Some("srn:error:invalid_operation_status"), Some(want)),
            "{e}"
        );
    };
    let (status, pending) = env
        .post(
            "/api/v1/external_transfers",
            &platform,
            &ted(&user_account, 1_000),
        )
        .await;
    assert_eq!((status, pending["status"].as_str()), (202, Some("CREATED")));
    let pending_id = pending["id"].as_str().unwrap().to_owned();
    platform_hooks
        .expect(
            &env,
            &[("cash_out_external_transfer", &pending_id, "CREATED")],
        )
        .await;
    let (status, _, body) = receipt(&env, &platform, "external_transfer", &pending_id).await;
    unreceipted(status, &body, "CREATED");
    let (status, _) = env
        .admin(
            &format!("/admin/external_transfers/{pending_id}/reject"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, rejected) = env
        .read(
            &format!("/api/v1/external_transfers/{pending_id}"),
            &platform,
        )
        .await;
    assert_eq!(rejected["status"], "REJECTED");
    assert!(rejected["rejected_at"].is_string() && rejected["finished_at"].is_null());
    platform_hooks
        .expect(
            &env,
            &[(
                "cash_out_external_transfer_rejected",
                &pending_id,
                "REJECTED",
            )],
        )
        .await;
    let (status, _, body) = receipt(&env, &platform, "external_transfer", &pending_id).await;
    unreceipted(status, &body, "REJECTED");

    let small = json!({"owner_name": "Filial pequena", "owner_document": "11222333000181",
                       "balance": 1_000, "operators": [DEMO_CLIENT_ID]});
    let (status, small) = env.admin("/admin/accounts", &small).await;
    assert_eq!(status, 201, "{small}");
    let small_id = small["id"].as_str().unwrap().to_owned();
    let (status, f) = env
        .post("/api/v1/external_transfers", &own, &ted(&small_id, 5_000))
        .await;
    assert_eq!(status, 202, "{f}");
    let failed_id = f["id"].as_str().unwrap().to_owned();
    let (_, failed) = env
        .read(&format!("/api/v1/external_transfers/{failed_id}"), &own)
        .await;
    assert_eq!(
        (
            failed["status"].as_str(),
            failed["failure_reason_code"].as_i64()
        ),
        (Some("FAILED"), Some(1)),
        "{failed}"
    );
    own_hooks
        .expect(
            &env,
            &refs(&ran_at_once(
                "cash_out_external_transfer",
                &failed_id,
                "FAILED",
            )),
        )
        .await;
    let (status, _, body) = receipt(&env, &own, "external_transfer", &failed_id).await;
    unreceipted(status, &body, "FAILED");

    // None of them moved money.
    assert_eq!(balance(&env, &own, &small_id).await, (1_000, 0));
    assert_eq!(balance(&env, &own, &account).await.0, after);
    let ledger_end = ledger(&env).await;
    assert_eq!(
        flow(&ledger_end, "sent_out"),
        flow(&ledger_after, "sent_out")
    );
    assert_eq!(flow(&ledger_end, "fees"), flow(&ledger_after, "fees"));
    own_hooks.done(&env).await;
    platform_hooks.done(&env).await;
    env.assert_conserved().await;
}
