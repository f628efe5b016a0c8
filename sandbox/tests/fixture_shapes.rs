//! The sandbox's answers against Stone's published examples
//! (`../shared/stone-api/fixtures`): every key of an example must be in the
//! sandbox's answer to the same call (nested objects key by key; a list's
//! items against the union of the answer's items), so client code written
//! against Stone's docs finds what it reads. Extra keys are fine (Stone's
//! parsers must be lenient, SPEC §9.4).
//!
//! One story walks the calls; each answer is checked against its fixture.
//! The fixtures not walked yet, and the differences kept on purpose (each
//! with its reason), are listed below: a difference not listed fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::Env;
use serde_json::{json, Map, Value};
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID, DEMO_PRIVATE_KEY_PEM};
use time::Duration;

/// Differences kept on purpose: (fixture, missing path, why).
const KEPT: &[(&str, &str, &str)] = &[(
    "statement.list.response.json",
    ".data[].details",
    "a payment's entry has its barcode and writable_line, not yet the payment's details object (it needs the payment's snapshot in the ledger entry)",
)];

fn fixtures_dir() -> PathBuf {
    std::env::var("STONE_TESTDATA").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/stone-api/fixtures"),
        |d| PathBuf::from(d).join("../stone-api/fixtures"),
    )
}

fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The union of a list's objects, key by key (nested objects merged too):
/// what "some item has it" looks like.
fn union(items: &[Value]) -> Value {
    let mut merged = Map::new();
    for item in items {
        if let Value::Object(fields) = item {
            for (k, v) in fields {
                let entry = merged.entry(k.clone()).or_insert(Value::Null);
                *entry = match (entry.take(), v) {
                    (Value::Null, v) => v.clone(),
                    (Value::Object(a), Value::Object(_)) => union(&[Value::Object(a), v.clone()]),
                    (kept, _) => kept,
                };
            }
        }
    }
    Value::Object(merged)
}

/// The paths of `example` missing from `answer`.
fn missing(example: &Value, answer: &Value, path: &str, out: &mut Vec<String>) {
    match (example, answer) {
        (Value::Object(want), Value::Object(have)) => {
            for (k, v) in want {
                let here = format!("{path}.{k}");
                match have.get(k) {
                    None => out.push(here),
                    Some(got) => missing(v, got, &here, out),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            if have.is_empty() && !want.is_empty() {
                out.push(format!(
                    "{path}[] (the answer's list is empty: nothing to compare)"
                ));
                return;
            }
            let have = union(have);
            for item in want {
                missing(item, &have, &format!("{path}[]"), out);
            }
        }
        // A value the answer has as null (or of another kind): its key is
        // there; what is inside cannot be compared.
        _ => {}
    }
}

#[derive(Default)]
struct Report {
    checked: BTreeMap<String, Vec<String>>,
}

impl Report {
    fn check(&mut self, name: &str, answer: &Value) {
        let mut out = Vec::new();
        missing(&fixture(name), answer, "", &mut out);
        out.retain(|p| !KEPT.iter().any(|(f, k, _)| *f == name && k == p));
        self.checked.insert(name.to_owned(), out);
    }
}

fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[tokio::test]
async fn answers_have_every_key_of_stones_examples() {
    let env = Env::new().await;
    let mut report = Report::default();
    // A business morning, so TEDs and payments run.
    let day = env.to_business_day_at(10 * 60).await;

    // Auth.
    let claims = env.claims(DEMO_CLIENT_ID);
    let assertion = common::sign(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &claims,
        DEMO_PRIVATE_KEY_PEM,
    );
    let (status, token_answer) = env
        .token_with(DEMO_CLIENT_ID, &assertion, Some("fixture-walk"))
        .await;
    assert_eq!(status, 200, "{token_answer}");
    report.check("auth.token.response.json", &token_answer);
    let own = token_answer["access_token"].as_str().unwrap().to_owned();
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;

    // Accounts, balance, fees, institutions.
    let (_, accounts) = env.read("/api/v1/accounts", &own).await;
    report.check("account.list.response.json", &accounts);
    let account = accounts["data"][0]["id"].as_str().unwrap().to_owned();
    let (_, one) = env.read(&format!("/api/v1/accounts/{account}"), &own).await;
    report.check("account.get.response.json", &one);
    let (_, balance) = env
        .read(&format!("/api/v1/accounts/{account}/balance"), &own)
        .await;
    report.check("balance.get.response.json", &balance);
    let (_, fees) = env
        .read(&format!("/api/v1/accounts/{account}/fees"), &own)
        .await;
    report.check("fee.list.response.json", &fees);
    let (_, fee) = env
        .read(
            &format!("/api/v1/accounts/{account}/fees/external_transfer"),
            &own,
        )
        .await;
    report.check("fee.get.response.json", &fee);
    let (_, institutions) = env.read("/api/v1/institutions", &own).await;
    report.check("institution.list.response.json", &institutions);
    let (_, institution) = env.read("/api/v1/institutions/341", &own).await;
    report.check("institution.get.response.json", &institution);
    let (_, calendar) = env
        .read(
            "/api/v1/schedulings/calendar?operation_type=external_transfer",
            &own,
        )
        .await;
    report.check("scheduling_calendar.get.response.json", &calendar);

    // Internal transfers.
    let (_, users) = env.read("/api/v1/accounts", &platform).await;
    let maria_code = users["data"][0]["account_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let internal = json!({"account_id": account, "amount": 1_000, "description": "aluguel",
                          "target": {"account": {"account_code": maria_code}}});
    let (_, dry) = env
        .post("/api/v1/dry_run/internal_transfers", &own, &internal)
        .await;
    report.check("dry_run_internal_transfer.create.response.json", &dry);
    let (status, made) = env
        .post("/api/v1/internal_transfers", &own, &internal)
        .await;
    assert!(status < 300, "{made}");
    report.check("internal_transfer.create.response.json", &made);
    let id = made["id"].as_str().unwrap();
    let (_, got) = env
        .read(&format!("/api/v1/internal_transfers/{id}"), &own)
        .await;
    report.check("internal_transfer.get.response.json", &got);
    let (_, list) = env
        .read(
            &format!("/api/v1/internal_transfers?account_id={account}"),
            &own,
        )
        .await;
    report.check("internal_transfer.list.response.json", &list);

    // TEDs.
    let ted = json!({
        "account_id": account, "amount": 2_000,
        "target": {
            "account": {"account_code": "0012345", "branch_code": "1234", "institution_code": "341", "account_type": "CC"},
            "entity": {"name": "Fornecedor Ltda", "document": "11.222.333/0001-81", "document_type": "cnpj"},
        },
    });
    let (_, dry) = env
        .post("/api/v1/dry_run/external_transfers", &own, &ted)
        .await;
    report.check("dry_run_external_transfer.create.response.json", &dry);
    let (status, made) = env.post("/api/v1/external_transfers", &own, &ted).await;
    assert!(status < 300, "{made}");
    report.check("external_transfer.create.response.json", &made);
    let id = made["id"].as_str().unwrap();
    let (_, got) = env
        .read(&format!("/api/v1/external_transfers/{id}"), &own)
        .await;
    report.check("external_transfer.get.response.json", &got);
    let (_, list) = env
        .read(
            &format!("/api/v1/external_transfers?account_id={account}"),
            &own,
        )
        .await;
    report.check("external_transfer.list.response.json", &list);

    // Boletos issued, then paid from the platform's user's account.
    let invoice = json!({
        "account_id": account, "amount": 5_000, "invoice_type": "bill_of_exchange",
        "expiration_date": iso_date(day + Duration::days(10)),
        "customer": {"document": "52998224725", "legal_name": "Maria da Silva", "trade_name": "Maria"},
        "discounts": [{"date": iso_date(day + Duration::days(5)), "value": "10.0"}],
        "fine": {"date": iso_date(day + Duration::days(11)), "value": "2.0"},
        "interest": {"date": iso_date(day + Duration::days(11)), "value": "1.0"},
        "description": "Mensalidade",
    });
    let (status, issued) = env
        .post("/api/v1/barcode_payment_invoices", &own, &invoice)
        .await;
    assert_eq!(status, 201, "{issued}");
    report.check("barcode_payment_invoice.create.response.201.json", &issued);
    report.check("barcode_payment_invoice.create.response.200.json", &issued);
    let invoice_id = issued["id"].as_str().unwrap().to_owned();
    env.admin("/admin/clock/advance", &json!({"seconds": 5}))
        .await;
    let (_, got) = env
        .read(
            &format!("/api/v1/barcode_payment_invoices/{invoice_id}"),
            &own,
        )
        .await;
    report.check("barcode_payment_invoice.get.response.json", &got);
    let (_, list) = env
        .read(
            &format!("/api/v1/barcode_payment_invoices?account_id={account}"),
            &own,
        )
        .await;
    report.check("barcode_payment_invoice.list.response.json", &list);
    let (_, limits) = env
        .read(
            &format!("/api/v1/barcode_payment_invoices/limits/{account}"),
            &own,
        )
        .await;
    report.check("barcode_payment_invoice.limits.response.json", &limits);

    let maria = users["data"][0]["id"].as_str().unwrap().to_owned();
    let pay = json!({"account_id": maria, "barcode": got["barcode"], "amount": 4_500});
    let (_, dry) = env.post("/api/v1/dry_run/payments", &platform, &pay).await;
    report.check("dry_run_payment.create.response.json", &dry);
    let (status, paid) = env.post("/api/v1/payments", &platform, &pay).await;
    assert!(status < 300, "{paid}");
    report.check("payment.create.response.json", &paid);
    let payment = paid["id"].as_str().unwrap().to_owned();
    let (_, got) = env
        .read(&format!("/api/v1/payments/{payment}"), &platform)
        .await;
    report.check("payment.get.response.json", &got);
    let (_, list) = env
        .read(&format!("/api/v1/payments?account_id={maria}"), &platform)
        .await;
    report.check("payment.list.response.json", &list);

    // The platform's payment waits for Maria: the pending operations.
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{maria}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    report.check("operation.list.response.json", &pending);
    let (_, one) = env
        .read(
            &format!("/api/v1/accounts/{maria}/operations/{payment}?type=barcode_payment"),
            &platform,
        )
        .await;
    report.check("operation.get.response.json", &one);
    // Maria approves it in Stone's app: the boleto is paid, the issuer's
    // statement has the payment.
    let (status, _) = env
        .admin(&format!("/admin/payments/{payment}/approve"), &json!({}))
        .await;
    assert!(status < 300);

    // Statement.
    let (_, statement) = env
        .read(&format!("/api/v1/accounts/{account}/statement"), &own)
        .await;
    report.check("statement.list.response.json", &statement);
    let entry = statement["data"][0]["id"].as_str().unwrap();
    let (_, got) = env
        .read(&format!("/api/v1/statement/entries/{entry}"), &own)
        .await;
    report.check("statement_entry.get.response.json", &got);

    // Contacts.
    let base = format!("/api/v1/accounts/{account}/contacts");
    let (status, contact) = env
        .post(&base, &own, &json!({"name": "Fornecedor", "tax_id": "11.222.333/0001-81", "email": "a@b.com", "mobile": "21 999999999"}))
        .await;
    assert_eq!(status, 200, "{contact}");
    report.check("contact.create.response.json", &contact);
    let cid = contact["id"].as_str().unwrap();
    let (_, bank) = env
        .post(
            &format!("{base}/{cid}/bank_accounts"),
            &own,
            &json!({"account_code": "12345", "branch_code": "1", "institution_code": "341", "account_type": "CC"}),
        )
        .await;
    report.check("contact_bank_account.create.response.json", &bank);
    let (_, got) = env.read(&format!("{base}/{cid}"), &own).await;
    report.check("contact.get.response.json", &got);
    let (_, list) = env.read(&base, &own).await;
    report.check("contact.list.response.json", &list);

    pix_walk(&env, &own, &account, &mut report).await;

    // The verdict: every example walked, its missing keys listed.
    let mut failures = Vec::new();
    for (name, gaps) in &report.checked {
        if !gaps.is_empty() {
            failures.push(format!("{name}: {}", gaps.join(", ")));
        }
    }
    println!(
        "fixture shapes: {} examples walked, {} with missing keys",
        report.checked.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "keys of Stone's examples missing from the sandbox's answers:\n{}",
        failures.join("\n")
    );
    // The walk leaves a store with most kinds of record: each must come
    // back whole from the `--db` file.
    env.assert_survives_restart();
}

/// Pix, as Stone's own API serves it: keys, charges, lookups, received and
/// sent Pix, refunds.
async fn pix_walk(env: &Env, own: &str, account: &str, report: &mut Report) {
    use reqwest::Method;
    let keyed = |path: String, key: &'static str, body: Value| async move {
        env.send(Method::POST, &path, own, Some(key), Some(&body))
            .await
    };
    let entries = format!("/api/v1/pix/{account}/entries");
    let (status, created) = env
        .post(
            &entries,
            own,
            &json!({"key": "", "key_type": "random_key", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{created}");
    report.check("pix_entry.create.response.json", &created);
    let (_, list) = env.read(&entries, own).await;
    report.check("pix_entry.list.response.json", &list);
    let entry = list["data"][0]["id"].as_str().unwrap().to_owned();
    let key = list["data"][0]["key"].as_str().unwrap().to_owned();
    let (_, got) = env.read(&format!("{entries}/{entry}"), own).await;
    report.check("pix_entry.get.response.json", &got);

    // Charges: dynamic (paid from outside), static.
    let txid = "pedido42abcdefghijklmnopqrstu";
    let (status, dynamic) = keyed(
        "/api/v1/pix_payment_invoices".into(),
        "fx-dyn",
        json!({"account_id": account, "key": key, "transaction_id": txid, "amount": 12_345,
               "expiration": 600, "request_for_payer": "Pedido 42",
               "customer": {"name": "Cliente", "document": "12345678909"},
               "additional_data": [{"name": "title", "value": "description"}]}),
    )
    .await;
    assert_eq!(status, 201, "{dynamic}");
    report.check("pix_dynamic_qrcode.create.response.json", &dynamic);
    let (status, fixed) = keyed(
        "/api/v1/pix_payment_static_invoices".into(),
        "fx-static",
        json!({"account_id": account, "key": key, "transaction_id": "doacao42abcdefghijklmnopqrs", "amount": 500, "additional_information": "Doação"}),
    )
    .await;
    assert_eq!(status, 201, "{fixed}");
    report.check("pix_static_qrcode.create.response.json", &fixed);
    let (_, got) = env
        .read(
            &format!(
                "/api/v1/pix_payment_static_invoices/{}",
                fixed["id"].as_str().unwrap()
            ),
            own,
        )
        .await;
    report.check("pix_static_qrcode.get.response.json", &got);
    for (code, name) in [
        (&dynamic, "pix_brcode.lookup.response.dynamic.json"),
        (&fixed, "pix_brcode.lookup.response.static.json"),
    ] {
        let (status, looked) = env
            .post(
                "/api/v1/pix/outbound_pix_payments/brcodes",
                own,
                &json!({"brcode": code["qr_code_content"]}),
            )
            .await;
        assert_eq!(status, 200, "{looked}");
        report.check(name, &looked);
    }
    let (status, received) = env
        .admin(
            "/admin/pix/inbound",
            &json!({"brcode": dynamic["qr_code_content"],
                    "payer": {"name": "Joana Pagadora", "document": "98765432100", "ispb": "00000000"}}),
        )
        .await;
    assert_eq!(status, 201, "{received}");
    let inbound = received["id"].as_str().unwrap().to_owned();
    let (_, got) = env
        .read(&format!("/api/v1/inbound_pix_payments/{inbound}"), own)
        .await;
    report.check(
        "pix_inbound_payment.get.response.dynamic_immediate.json",
        &got,
    );
    let (status, refund) = keyed(
        "/api/v1/refunds_for_inbound_pix_payments".into(),
        "fx-refund",
        json!({"reason": "beneficiary_request", "amount": 100, "inbound_pix_payment_id": inbound}),
    )
    .await;
    assert!(status < 300, "{refund}");
    report.check("pix_inbound_refund.create.response.json", &refund);

    // Sent: to a key at another bank, created then confirmed.
    let (status, sent) = keyed(
        "/api/v1/pix/outbound_pix_payments".into(),
        "fx-pix",
        json!({"account_id": account, "key": "gabriela.abreu@example.com", "amount": 1_500, "description": "Almoço"}),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    report.check("pix_outbound_payment.create.response.json", &sent);
    let id = sent["id"].as_str().unwrap().to_owned();
    let (status, _) = keyed(
        format!("/api/v1/pix/outbound_pix_payments/{id}/actions/confirm"),
        "fx-pix-confirm",
        json!({}),
    )
    .await;
    assert!(status < 300);
    let (_, got) = env
        .read(&format!("/api/v1/pix/outbound_pix_payments/{id}"), own)
        .await;
    report.check("pix_outbound_payment.get.response.json", &got);
    let (_, got) = env.read(&format!("/api/v1/pix/{id}"), own).await;
    report.check("pix_payment.get.response.json", &got);
    let (_, list) = env
        .read(&format!("/api/v1/pix/{account}/pix_payments"), own)
        .await;
    report.check("pix_payment.list.response.json", &list);
}
