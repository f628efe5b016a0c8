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
const KEPT: &[(&str, &str, &str)] = &[
    (
        "statement.list.response.json",
        ".data[].details",
        "a payment's entry has its barcode and writable_line, not yet the payment's details object (it needs the payment's snapshot in the ledger entry)",
    ),
    (
        "application_webhooks.list.response.json",
        ".client_id",
        "the example is one sent webhook; the list answers every one in data[], each as {client_id, created_at, data}",
    ),
    (
        "application_webhooks.list.response.json",
        ".created_at",
        "as above: each item of data[] has it",
    ),
    (
        "bcb_pix_devolucao.get.response.json",
        ".endToEndId",
        "Stone's page for GET devolucao shows a received Pix (GET /pix/{e2eid}'s shape); the BCB standard, and Stone's PUT example, answer the devolução ({id, rtrId, valor, horario, status}): valor and horario cannot be both",
    ),
    ("bcb_pix_devolucao.get.response.json", ".txid", "as above"),
    ("bcb_pix_devolucao.get.response.json", ".infoPagador", "as above"),
    ("bcb_pix_devolucao.get.response.json", ".devolucoes", "as above"),
    (
        "pix_cobv_payload.get.response.json",
        ".recebedor.cpf",
        "the example's receiver is a person; the demo account is a company, named by cnpj (as bcb_cobv's example names one)",
    ),
];

/// Stone's salary-list example repeats the payroll list's (docs/sandbox.md):
/// the sandbox answers salaries (name, document, account_code, amount,
/// status, failure_reason). Its payroll keys are not asked of salaries.
const PAYROLL_KEYS: &[&str] = &[
    "account_id",
    "created_at",
    "created_by",
    "fee",
    "outside_operating_hours",
    "summary",
];

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
        if name == "payroll_salary.list.response.json" {
            out.retain(|p| !PAYROLL_KEYS.iter().any(|k| *p == format!(".data[].{k}")));
        }
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

/// The rest of Stone's examples the sandbox serves: the BCB standard Pix
/// API, due-date and static charges, key updates and claims, infraction
/// reports, payroll, salary portability, schedulings, batch decisions,
/// contact updates, boleto write-off, the webhook list.
#[tokio::test]
async fn more_answers_have_every_key_of_stones_examples() {
    use reqwest::Method;
    let env = Env::new().await;
    let mut report = Report::default();
    let day = env.to_business_day_at(10 * 60).await;
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let (_, accounts) = env.read("/api/v1/accounts", &own).await;
    let account = accounts["data"][0]["id"].as_str().unwrap().to_owned();
    let entries = format!("/api/v1/pix/{account}/entries");
    let (status, _) = env
        .post(
            &entries,
            &own,
            &json!({"key": "", "key_type": "random_key", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202);
    let (_, keys) = env.read(&entries, &own).await;
    let key = keys["data"][0]["key"].as_str().unwrap().to_owned();
    let key_id = keys["data"][0]["id"].as_str().unwrap().to_owned();
    let now = stone_sandbox::domain::clock::Now::of(&env.sandbox.app.clock);
    let later = |n: i64| iso_date(day + Duration::days(n));
    let period = format!(
        "inicio=2020-01-01T00:00:00Z&fim={}",
        iso_date(day + Duration::days(400)) + "T00:00:00Z"
    );
    let _ = now;

    // The BCB API: cob.
    let txid = "fxcob42abcdefghijklmnopqrstuvw";
    let cob = json!({"calendario": {"expiracao": 3600}, "devedor": {"cnpj": "11444777000161", "nome": "Empresa SA"},
        "valor": {"original": "37.00"}, "chave": key, "solicitacaoPagador": "Serviço realizado.",
        "infoAdicionais": [{"nome": "Campo 1", "valor": "Informação"}]});
    let (status, put) = env
        .bcb(
            Method::PUT,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &account,
            Some(&cob),
        )
        .await;
    assert_eq!(status, 201, "{put}");
    report.check("bcb_cob.put.response.json", &put);
    let (_, got) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_cob.get.response.json", &got);
    let (status, patched) = env
        .bcb(
            Method::PATCH,
            &format!("/api/v1/cob/{txid}"),
            &own,
            &account,
            Some(&json!({"solicitacaoPagador": "Cobrança dos serviços prestados."})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    report.check("bcb_cob.patch.response.json", &patched);
    let (status, posted) = env
        .bcb(Method::POST, "/api/v1/cob/", &own, &account, Some(&cob))
        .await;
    assert_eq!(status, 201, "{posted}");
    report.check("bcb_cob.create.response.json", &posted);
    let (_, list) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cob/?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_cob.list.response.json", &list);
    // Paid from another bank: the received Pix in the BCB's view, and a
    // devolução of it.
    let code = put["pixCopiaECola"]
        .as_str()
        .or(put["qr_code_copia_cola"].as_str())
        .unwrap()
        .to_owned();
    let (status, received) = env
        .admin("/admin/pix/inbound", &json!({"brcode": code, "payer": {"name": "Joana", "document": "98765432100", "ispb": "60701190"}}))
        .await;
    assert_eq!(status, 201, "{received}");
    let e2e = received["end_to_end_id"].as_str().unwrap().to_owned();
    let dev = format!("/api/v1/pix/{e2e}/devolucao/dev1");
    let (status, put_dev) = env
        .bcb(
            Method::PUT,
            &dev,
            &own,
            &account,
            Some(&json!({"valor": "7.00"})),
        )
        .await;
    assert_eq!(status, 201, "{put_dev}");
    report.check("bcb_pix_devolucao.put.response.json", &put_dev);
    let (_, got_dev) = env.bcb(Method::GET, &dev, &own, &account, None).await;
    report.check("bcb_pix_devolucao.get.response.json", &got_dev);
    let (_, pix) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/pix/{e2e}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_pix.get.response.json", &pix);
    report.check("pix_received.get_by_e2eid.response.json", &pix);
    let (_, pixes) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/pix?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_pix.list.response.json", &pixes);

    // The BCB API: loc, cobv, lotecobv.
    let (status, loc) = env
        .bcb(
            Method::POST,
            "/api/v1/loc",
            &own,
            &account,
            Some(&json!({"tipoCob": "cobv"})),
        )
        .await;
    assert_eq!(status, 201, "{loc}");
    report.check("bcb_loc.create.response.json", &loc);
    let cobv = |loc_id: Value| {
        json!({
        "calendario": {"dataDeVencimento": later(10), "validadeAposVencimento": 30},
        "loc": {"id": loc_id},
        "devedor": {"cpf": "12345678909", "nome": "Francisco da Silva", "cidade": "Recife", "uf": "PE",
                    "logradouro": "Alameda Souza, 80", "cep": "70011750"},
        "valor": {"original": "123.45",
            "multa": {"modalidade": "2", "valorPerc": "15.00"},
            "juros": {"modalidade": "2", "valorPerc": "2.00"},
            "desconto": {"modalidade": "1", "descontoDataFixa": [{"data": later(5), "valorPerc": "30.00"}]}},
        "chave": key, "solicitacaoPagador": "Cobrança dos serviços prestados."})
    };
    let cobv_txid = "fxcobv42abcdefghijklmnopqrstuv";
    let (status, put) = env
        .bcb(
            Method::PUT,
            &format!("/api/v1/cobv/{cobv_txid}"),
            &own,
            &account,
            Some(&cobv(loc["id"].clone())),
        )
        .await;
    assert_eq!(status, 201, "{put}");
    report.check("bcb_cobv.put.response.json", &put);
    let (_, got) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cobv/{cobv_txid}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_cobv.get.response.json", &got);
    let (status, patched) = env
        .bcb(
            Method::PATCH,
            &format!("/api/v1/cobv/{cobv_txid}"),
            &own,
            &account,
            Some(&json!({"solicitacaoPagador": "Outra mensagem."})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    report.check("bcb_cobv.patch.response.json", &patched);
    let (_, list) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/cobv?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_cobv.list.response.json", &list);
    let (_, got) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/loc/{}", loc["id"]),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_loc.get.response.json", &got);
    let (_, list) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/loc?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_loc.list.response.json", &list);
    let (status, unlinked) = env
        .bcb(
            Method::DELETE,
            &format!("/api/v1/loc/{}/txid", loc["id"]),
            &own,
            &account,
            None,
        )
        .await;
    assert_eq!(status, 200, "{unlinked}");
    report.check("bcb_loc.unlink_txid.response.json", &unlinked);
    let mut first = cobv(Value::Null);
    first["txid"] = json!("fxlote42abcdefghijklmnopqrstuv");
    first.as_object_mut().unwrap().remove("loc");
    // One refused, so the batch shows a `problema`.
    let mut refused = first.clone();
    refused["txid"] = json!("fxlote43abcdefghijklmnopqrstuv");
    refused["valor"]["juros"]["modalidade"] = json!("9");
    let (status, lot) = env
        .bcb(
            Method::PUT,
            "/api/v1/lotecobv/42",
            &own,
            &account,
            Some(&json!({"descricao": "Alunos do turno vespertino", "cobsv": [first, refused]})),
        )
        .await;
    assert_eq!(status, 202, "{lot}");
    report.check("bcb_lotecobv.put.response.json", &lot);
    let (_, got) = env
        .bcb(Method::GET, "/api/v1/lotecobv/42", &own, &account, None)
        .await;
    report.check("bcb_lotecobv.get.response.json", &got);
    let (_, list) = env
        .bcb(
            Method::GET,
            &format!("/api/v1/lotecobv?{period}"),
            &own,
            &account,
            None,
        )
        .await;
    report.check("bcb_lotecobv.list.response.json", &list);
    let mut revised = cobv(Value::Null);
    revised["txid"] = json!("fxlote42abcdefghijklmnopqrstuv");
    revised.as_object_mut().unwrap().remove("loc");
    revised["solicitacaoPagador"] = json!("Informar matrícula");
    let (status, patched) = env
        .bcb(
            Method::PATCH,
            "/api/v1/lotecobv/42",
            &own,
            &account,
            Some(&json!({"cobsv": [revised]})),
        )
        .await;
    assert_eq!(status, 202, "{patched}");
    report.check("bcb_lotecobv.patch.response.json", &patched);

    // Stone's own due-date charge, its payload of the day, paid.
    let (status, due) = env
        .send(Method::POST, "/api/v1/pix_payment_invoices_with_due_date", &own, Some("fx-due"),
            Some(&json!({"account_id": account, "key": key, "transaction_id": "fxdue42abcdefghijklmnopqrstuvw",
                "amount": 10_000, "expiration_date": later(5),
                "customer": {"name": "Francisco da Silva", "document": "12345678909"},
                "additional_data": [{"name": "Pedido", "value": "42"}],
                "metadata": [{"name": "erp", "value": "7"}]})))
        .await;
    assert_eq!(status, 200, "{due}");
    report.check("pix_due_date_qrcode.create.response.json", &due);
    let (_, payload) = env
        .read(
            &format!(
                "/api/v1/pix/{}?dpp={}",
                due["id"].as_str().unwrap(),
                later(0)
            ),
            &own,
        )
        .await;
    report.check("pix_cobv_payload.get.response.json", &payload);
    let (status, paid) = env
        .admin("/admin/pix/inbound", &json!({"brcode": due["qr_code_content"], "payer": {"name": "Joana", "document": "98765432100", "ispb": "60701190"}}))
        .await;
    assert_eq!(status, 201, "{paid}");
    let (_, got) = env
        .read(
            &format!(
                "/api/v1/inbound_pix_payments/{}",
                paid["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    report.check(
        "pix_inbound_payment.get.response.dynamic_due_date.json",
        &got,
    );

    // A static charge: its text changed, then paid.
    let (status, fixed) = env
        .send(Method::POST, "/api/v1/pix_payment_static_invoices", &own, Some("fx-static2"),
            Some(&json!({"account_id": account, "key": key, "transaction_id": "fxstatic42abcdefghijklmnopq", "amount": 500, "additional_information": "Doação"})))
        .await;
    assert_eq!(status, 201, "{fixed}");
    let (status, updated) = env
        .send(
            Method::PATCH,
            &format!(
                "/api/v1/pix_payment_static_invoices/{}",
                fixed["id"].as_str().unwrap()
            ),
            &own,
            Some("fx-static2-text"),
            Some(&json!({"additional_information": "Doação de Natal"})),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    report.check("pix_static_qrcode.update.response.json", &updated);
    let (status, paid) = env
        .admin("/admin/pix/inbound", &json!({"brcode": updated["qr_code_content"], "payer": {"name": "Joana", "document": "98765432100", "ispb": "60701190"}}))
        .await;
    assert_eq!(status, 201, "{paid}");
    let (_, got) = env
        .read(
            &format!(
                "/api/v1/inbound_pix_payments/{}",
                paid["id"].as_str().unwrap()
            ),
            &own,
        )
        .await;
    report.check("pix_inbound_payment.get.response.static.json", &got);

    // Infraction reports about a received Pix.
    let (status, filed) = env
        .admin("/admin/pix/infraction_reports", &json!({"end_to_end_id": paid["end_to_end_id"], "type": "fraud", "report_details": "Foi uma fraude"}))
        .await;
    assert_eq!(status, 201, "{filed}");
    let (_, list) = env
        .read(&format!("/api/v1/pix/{account}/infractions_reports"), &own)
        .await;
    report.check("pix_infraction_report.list.response.json", &list);

    // Keys: the holder's name updated, a claim each way, a key deleted.
    let (status, updated) = env
        .post(
            &format!("{entries}/{key_id}"),
            &own,
            &json!({"reason": "user_requested", "beneficiary_entity": {"name": "Demo Pagamentos"}}),
        )
        .await;
    assert_eq!(status, 202, "{updated}");
    report.check("pix_entry.update.response.json", &updated);
    let (status, taken) = env
        .post(
            &entries,
            &own,
            &json!({"key": "+5521988040465", "key_type": "phone", "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{taken}");
    let claims = format!("/api/v1/pix/{account}/entry_claims");
    let (status, claim) = env
        .post(
            &claims,
            &own,
            &json!({"pix_entry_id": taken["id"], "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{claim}");
    report.check("pix_entry_claim.create.response.json", &claim);
    let claim_id = claim["id"].as_str().unwrap().to_owned();
    let (_, got) = env.read(&format!("{claims}/{claim_id}"), &own).await;
    report.check("pix_entry_claim.get.response.json", &got);
    let (_, list) = env.read(&claims, &own).await;
    report.check("pix_entry_claim.list.response.json", &list);
    let (status, _) = env
        .admin(
            &format!("/admin/pix/entry_claims/{claim_id}/confirm"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let (status, completed) = env
        .post(
            &format!("{claims}/complete"),
            &own,
            &json!({"claim_id": claim_id}),
        )
        .await;
    assert_eq!(status, 202, "{completed}");
    report.check("pix_entry_claim.complete.response.json", &completed);
    let (status, other) = env
        .post(&entries, &own, &json!({"key": "gabriela.abreu@example.com", "key_type": "email", "participant_ispb": "16501555"}))
        .await;
    assert_eq!(status, 202, "{other}");
    let (status, claim) = env
        .post(
            &claims,
            &own,
            &json!({"pix_entry_id": other["id"], "participant_ispb": "16501555"}),
        )
        .await;
    assert_eq!(status, 202, "{claim}");
    let (status, cancelled) = env
        .post(
            &format!("{claims}/cancel"),
            &own,
            &json!({"claim_id": claim["id"], "reason": "user_requested"}),
        )
        .await;
    assert_eq!(status, 202, "{cancelled}");
    report.check("pix_entry_claim.cancel.response.json", &cancelled);
    let (status, _) = env
        .post(&entries, &own, &json!({"key": "financeiro@demo.com.br", "key_type": "email", "participant_ispb": "16501555"}))
        .await;
    assert_eq!(status, 202);
    let (status, inbound) = env
        .admin(
            "/admin/pix/entry_claims",
            &json!({"key": "financeiro@demo.com.br"}),
        )
        .await;
    assert_eq!(status, 201, "{inbound}");
    let (status, decided) = env
        .post(
            &format!(
                "{claims}/{}/actions/reject",
                inbound["id"].as_str().unwrap()
            ),
            &own,
            &json!({"reason": "user_requested"}),
        )
        .await;
    assert!(status < 300, "{decided}");
    report.check("pix_entry_claim.approve_reject.response.json", &decided);
    let (status, deleted) = env
        .send(
            Method::DELETE,
            &format!("{entries}/{key_id}"),
            &own,
            None,
            Some(&json!({"reason": "user_requested"})),
        )
        .await;
    assert_eq!(status, 202, "{deleted}");
    report.check("pix_entry.delete.response.json", &deleted);

    // Payroll and salary portability.
    let (_, employees) = env
        .read(
            "/api/v1/accounts",
            &env.access_token(DEMO_OPENBANK_CLIENT_ID).await,
        )
        .await;
    let (status, upload) = env
        .admin("/admin/payroll/salaries", &json!({"salaries": [
            {"name": "Maria da Silva", "cpf": "12345678909", "account_code": employees["data"][0]["account_code"], "amount": 150_000}]}))
        .await;
    assert!(status < 300, "{upload}");
    let (status, payroll) = env
        .post(
            "/api/v1/payrolls",
            &own,
            &json!({"account_id": account, "salaries_id": upload["salaries_id"]}),
        )
        .await;
    assert!(status < 300, "{payroll}");
    report.check("payroll.create.response.json", &payroll);
    let payroll_id = payroll["id"].as_str().unwrap();
    let (_, got) = env
        .read(&format!("/api/v1/payrolls/{payroll_id}"), &own)
        .await;
    report.check("payroll.get.response.json", &got);
    let (_, list) = env
        .read(&format!("/api/v1/payrolls?account_id={account}"), &own)
        .await;
    report.check("payroll.list.response.json", &list);
    let (_, salaries) = env
        .read(&format!("/api/v1/payrolls/{payroll_id}/salaries"), &own)
        .await;
    report.check("payroll_salary.list.response.json", &salaries);
    let (status, portability) = env
        .post("/api/v1/salary_portabilities", &own, &json!({"account_id": account,
            "employer_document": "11444777000161", "employer_name": "Padaria Pao Quente Ltda", "payroll_institution_code": "341"}))
        .await;
    assert!(status < 300, "{portability}");
    report.check("salary_portability.create.response.json", &portability);
    let (_, list) = env
        .read(
            &format!("/api/v1/salary_portabilities?account_id={account}"),
            &own,
        )
        .await;
    report.check("salary_portability.list.response.json", &list);

    // Schedulings of each kind, then batch decisions.
    let maria_code = employees["data"][0]["account_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let next_week = iso_date(stone_openbank::calendar::business_day_on_or_after(
        day + Duration::days(7),
    ));
    let (status, _) = env
        .post(
            "/api/v1/internal_transfers",
            &own,
            &json!({"account_id": account, "amount": 1_000,
            "target": {"account": {"account_code": maria_code}}, "scheduled_to": next_week}),
        )
        .await;
    assert!(status < 300);
    let (status, _) = env
        .post("/api/v1/external_transfers", &own, &json!({"account_id": account, "amount": 2_000, "scheduled_to": next_week,
            "target": {"account": {"account_code": "0012345", "branch_code": "1234", "institution_code": "341", "account_type": "CC"},
                       "entity": {"name": "Fornecedor Ltda", "document": "11222333000181", "document_type": "cnpj"}}}))
        .await;
    assert!(status < 300);
    let line = stone_openbank::barcode::CollectionDocument::build(
        3,
        6,
        10_000,
        "0057",
        "2026112600000000000000002",
    )
    .unwrap()
    .digitable_line()
    .to_owned();
    let (status, made) = env
        .post(
            "/api/v1/payments",
            &own,
            &json!({"account_id": account, "barcode": line, "scheduled_to": next_week}),
        )
        .await;
    assert!(status < 300, "{made}");
    let (_, scheduled) = env
        .read(&format!("/api/v1/accounts/{account}/schedulings"), &own)
        .await;
    for (kind, name) in [
        (
            "internal",
            "scheduling.list.response.internal_transfer.json",
        ),
        (
            "external",
            "scheduling.list.response.external_transfer.json",
        ),
        ("payment", "scheduling.list.response.payment.json"),
    ] {
        let only: Vec<Value> = scheduled["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == kind)
            .cloned()
            .collect();
        report.check(name, &json!({"cursor": scheduled["cursor"], "data": only}));
    }
    let (status, cancelled) = env
        .post(
            &format!("/api/v1/accounts/{account}/operations/actions/cancel"),
            &own,
            &json!({"action": "cancel_all_except", "operations": []}),
        )
        .await;
    assert_eq!(status, 202, "{cancelled}");
    report.check("operation.batch_cancel.response.json", &cancelled);
    let (status, approved) = env
        .post(
            &format!("/api/v1/accounts/{account}/operations/actions/approve"),
            &own,
            &json!({"action": "approve_all_except", "operations": []}),
        )
        .await;
    assert_eq!(status, 202, "{approved}");
    report.check("operation.batch_approve.response.json", &approved);

    // Contacts updated, a boleto written off, the webhook list.
    let base = format!("/api/v1/accounts/{account}/contacts");
    let (_, contact) = env
        .post(
            &base,
            &own,
            &json!({"name": "Fornecedor", "tax_id": "11222333000181"}),
        )
        .await;
    let cid = contact["id"].as_str().unwrap();
    let (_, updated) = env
        .post(
            &format!("{base}/{cid}"),
            &own,
            &json!({"email": "contas@fornecedor.com.br"}),
        )
        .await;
    report.check("contact.update.response.json", &updated);
    let (_, bank) = env
        .post(&format!("{base}/{cid}/bank_accounts"), &own,
            &json!({"account_code": "12345", "branch_code": "0001", "institution_code": "341", "account_type": "CC"}))
        .await;
    let (_, bank) = env
        .post(&format!("{base}/{cid}/bank_accounts/{}", bank["id"].as_str().unwrap()), &own,
            &json!({"account_code": "54321", "branch_code": "0001", "institution_code": "341", "account_type": "CC"}))
        .await;
    report.check("contact_bank_account.update.response.json", &bank);
    let (status, boleto) = env
        .post("/api/v1/barcode_payment_invoices", &own,
            &json!({"account_id": account, "amount": 15_000, "invoice_type": "deposit", "expiration_date": later(3)}))
        .await;
    assert!(status < 300, "{boleto}");
    let (status, written_off) = env
        .post(
            &format!(
                "/api/v1/barcode_payment_invoices/{}/cancel",
                boleto["id"].as_str().unwrap()
            ),
            &own,
            &json!({}),
        )
        .await;
    assert!(status < 300, "{written_off}");
    report.check("barcode_payment_invoice.cancel.response.json", &written_off);
    let (_, hooks) = env
        .read(
            &format!("/api/v1/applications/application:{DEMO_CLIENT_ID}/webhooks"),
            &own,
        )
        .await;
    report.check("application_webhooks.list.response.json", &hooks);

    let mut failures = Vec::new();
    for (name, gaps) in &report.checked {
        if !gaps.is_empty() {
            failures.push(format!("{name}: {}", gaps.join(", ")));
        }
    }
    println!(
        "more fixture shapes: {} examples walked, {} with missing keys",
        report.checked.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "keys of Stone's examples missing from the sandbox's answers:\n{}",
        failures.join("\n")
    );
    env.assert_conserved().await;
}
