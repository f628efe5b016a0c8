//! TEDs, barcode payments, scheduling, batch approval, boleto issuance and
//! the reference endpoints, over HTTP, for both partnership models. The
//! clock is moved to known Brasília times so the TED window and business
//! days are tested deterministically.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use serde_json::{json, Value};
use stone_openbank::barcode::{iso_date, BankBoleto, CollectionDocument};
use stone_openbank::calendar;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};
use time::Duration;

/// (own token, own account id, platform token, user account id, user account code)
async fn setup(env: &Env) -> (String, String, String, String, String) {
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let platform = env.access_token(DEMO_OPENBANK_CLIENT_ID).await;
    let (_, a) = env.read("/api/v1/accounts", &own).await;
    let (_, b) = env.read("/api/v1/accounts", &platform).await;
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    (
        own,
        s(&a["data"][0]["id"]),
        platform,
        s(&b["data"][0]["id"]),
        s(&b["data"][0]["account_code"]),
    )
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

async fn balance(env: &Env, token: &str, account: &str) -> Value {
    env.read(&format!("/api/v1/accounts/{account}/balance"), token)
        .await
        .1
}

/// Tokens live 900 s: moving the clock by days needs fresh ones.
async fn fresh(env: &Env) -> (String, String) {
    (
        env.access_token(DEMO_CLIENT_ID).await,
        env.access_token(DEMO_OPENBANK_CLIENT_ID).await,
    )
}

#[tokio::test]
async fn teds_follow_the_window_and_business_days() {
    let env = Env::new().await;
    let (_, own_account, ..) = setup(&env).await;
    let day = env.to_business_day_at(10 * 60).await;
    let (own, _) = fresh(&env).await;
    let before = balance(&env, &own, &own_account).await["balance"]
        .as_i64()
        .unwrap();

    // In the window: approved at once, executed, fee charged.
    let (status, t) = env
        .post(
            "/api/v1/external_transfers",
            &own,
            &ted(&own_account, 50_000),
        )
        .await;
    assert_eq!(status, 202, "{t}");
    assert_eq!(t["status"], "APPROVED");
    assert_eq!(t["fee"], 367);
    assert_eq!(
        t["target"]["account"]["account_code"], "12345",
        "leading zeros dropped"
    );
    assert_eq!(t["target"]["account"]["institution_ispb"], "60701190");
    assert_eq!(t["target"]["entity"]["document"], "11222333000181");
    let id = t["id"].as_str().unwrap();
    let (_, got) = env
        .read(&format!("/api/v1/external_transfers/{id}"), &own)
        .await;
    assert_eq!(got["status"], "FINISHED", "{got}");
    let after = balance(&env, &own, &own_account).await["balance"]
        .as_i64()
        .unwrap();
    assert_eq!(before - after, 50_367);
    env.assert_conserved().await;

    // Returned by the destination bank: the amount and the fee come back.
    let (status, _) = env
        .admin(
            &format!("/admin/external_transfers/{id}/refund"),
            &json!({"reason_code": 1}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, refunded) = env
        .read(&format!("/api/v1/external_transfers/{id}"), &own)
        .await;
    assert_eq!(
        (
            refunded["status"].as_str(),
            refunded["refund_reason_code"].as_i64()
        ),
        (Some("REFUNDED"), Some(1))
    );
    assert_eq!(
        balance(&env, &own, &own_account).await["balance"]
            .as_i64()
            .unwrap(),
        before
    );
    let (_, st) = env
        .read(
            &format!("/api/v1/accounts/{own_account}/statement?limit=1"),
            &own,
        )
        .await;
    assert_eq!(
        (
            st["data"][0]["type"].as_str(),
            st["data"][0]["amount"].as_i64()
        ),
        (Some("external_refund"), Some(50_367))
    );
    assert_eq!(
        env.admin(
            &format!("/admin/external_transfers/{id}/refund"),
            &json!({"reason_code": 1})
        )
        .await
        .0,
        422
    );
    env.assert_conserved().await;

    // After 17:23: delayed to the next business day, then run in its window.
    env.to_day_at(day, 18 * 60).await;
    let (own, _) = fresh(&env).await;
    let (_, late) = env
        .post(
            "/api/v1/external_transfers",
            &own,
            &ted(&own_account, 1_000),
        )
        .await;
    assert_eq!(late["status"], "DELAYED_TO_NEXT_BUSINESS_DAY", "{late}");
    assert_eq!(late["delayed_to_next_business_day"], true);
    let next = calendar::next_business_day(day);
    assert_eq!(late["scheduled_to_effective"], iso_date(next));
    let b = balance(&env, &own, &own_account).await;
    assert_eq!(b["scheduled_balance"], 1_367);
    let late_id = late["id"].as_str().unwrap();
    env.to_day_at(next, 6 * 60).await; // before the window opens
    let (own, _) = fresh(&env).await;
    let (_, waiting) = env
        .read(&format!("/api/v1/external_transfers/{late_id}"), &own)
        .await;
    assert_eq!(waiting["status"], "DELAYED_TO_NEXT_BUSINESS_DAY");
    env.to_day_at(next, 7 * 60).await;
    let (own, _) = fresh(&env).await;
    let (_, done) = env
        .read(&format!("/api/v1/external_transfers/{late_id}"), &own)
        .await;
    assert_eq!(done["status"], "FINISHED", "{done}");
    assert_eq!(
        balance(&env, &own, &own_account).await["scheduled_balance"],
        0
    );

    // A weekend scheduled_to moves to the business day after it.
    let mut saturday = next;
    while saturday.weekday() != time::Weekday::Saturday {
        saturday += Duration::days(1);
    }
    let mut body = ted(&own_account, 2_000);
    body["scheduled_to"] = json!(iso_date(saturday));
    let (_, s) = env.post("/api/v1/external_transfers", &own, &body).await;
    assert_eq!(s["status"], "SCHEDULED", "{s}");
    assert_eq!(s["scheduled_to_requested"], iso_date(saturday));
    assert_eq!(
        s["scheduled_to_effective"],
        iso_date(calendar::business_day_on_or_after(saturday))
    );

    // Refusals: a TED to Stone, and every bad field at once.
    let mut to_stone = ted(&own_account, 1_000);
    to_stone["target"]["account"]["institution_code"] = json!("197");
    let (status, e) = env
        .post("/api/v1/external_transfers", &own, &to_stone)
        .await;
    assert_eq!(
        (status, e["type"].as_str()),
        (422, Some("srn:error:external_transfer_to_stone_account"))
    );
    let bad = json!({"account_id": own_account, "amount": 0,
        "target": {"account": {"account_code": "x", "institution_code": "12"}, "entity": {"document": "123"}}});
    let (status, e) = env.post("/api/v1/external_transfers", &own, &bad).await;
    assert_eq!(status, 400);
    let paths: Vec<String> = e["reason"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    for p in [
        "amount",
        "target.account.account_code",
        "target.account.institution_code",
        "target.entity.name",
        "target.entity.document",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} missing in {paths:?}");
    }
    env.assert_conserved().await;
}

#[tokio::test]
async fn scheduled_operations_run_cancel_and_expire() {
    let env = Env::new().await;
    let (_, own_account, _, user_account, user_code) = setup(&env).await;
    let day = env.to_business_day_at(9 * 60).await;
    let (own, platform) = fresh(&env).await;
    let in3 = day + Duration::days(3);
    let body = |from: &str, amount: i64, when: time::Date| {
        json!({"account_id": from, "amount": amount, "scheduled_to": iso_date(when),
               "target": {"account": {"account_code": user_code}}})
    };
    // Own account: SCHEDULED, held in scheduled_balance, cancellable.
    let (_, a) = env
        .post(
            "/api/v1/internal_transfers",
            &own,
            &body(&own_account, 100, in3),
        )
        .await;
    assert_eq!(a["status"], "SCHEDULED", "{a}");
    let (_, b) = env
        .post(
            "/api/v1/internal_transfers",
            &own,
            &body(&own_account, 200, in3),
        )
        .await;
    assert_eq!(
        balance(&env, &own, &own_account).await["scheduled_balance"],
        300
    );
    let (_, list) = env
        .read(&format!("/api/v1/accounts/{own_account}/schedulings"), &own)
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2, "{list}");
    let (_, listed) = env
        .read(
            &format!("/api/v1/internal_transfers?account_id={own_account}&status=SCHEDULE"),
            &own,
        )
        .await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 2);
    let a_id = a["id"].as_str().unwrap();
    let (status, _) = env
        .post(
            &format!("/api/v1/internal_transfers/{a_id}/cancel"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let (status, e) = env
        .post(
            &format!("/api/v1/internal_transfers/{a_id}/cancel"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!((status, e["status"].as_str()), (422, Some("CANCELLED")));
    // Too far ahead.
    let (status, _) = env
        .post(
            "/api/v1/internal_transfers",
            &own,
            &body(&own_account, 1, day + Duration::days(400)),
        )
        .await;
    assert_eq!(status, 400);

    // Platform: a scheduled transfer waits for approval and expires unapproved.
    let (_, own_acc) = env
        .read(&format!("/api/v1/accounts/{own_account}"), &own)
        .await;
    let to_own = json!({"account_id": user_account, "amount": 50, "scheduled_to": iso_date(day + Duration::days(1)),
                        "target": {"account": {"account_code": own_acc["account_code"]}}});
    let (_, p) = env
        .post("/api/v1/internal_transfers", &platform, &to_own)
        .await;
    assert_eq!(p["status"], "CREATED", "{p}");

    env.to_day_at(in3, 8 * 60).await;
    let (own, platform) = fresh(&env).await;
    let b_id = b["id"].as_str().unwrap();
    let (_, b2) = env
        .read(&format!("/api/v1/internal_transfers/{b_id}"), &own)
        .await;
    assert_eq!(b2["status"], "FINISHED", "{b2}");
    let (_, a2) = env
        .read(&format!("/api/v1/internal_transfers/{a_id}"), &own)
        .await;
    assert_eq!(a2["status"], "CANCELLED");
    let p_id = p["id"].as_str().unwrap();
    let (_, p2) = env
        .read(&format!("/api/v1/internal_transfers/{p_id}"), &platform)
        .await;
    assert_eq!(p2["status"], "EXPIRED", "{p2}");
    assert!(p2["approval_expired_at"].is_string());
    assert_eq!(
        balance(&env, &own, &own_account).await["scheduled_balance"],
        0
    );
    env.assert_conserved().await;
}

#[tokio::test]
async fn batch_approval_and_pending_operations() {
    let env = Env::new().await;
    let (own, own_account, platform, user_account, _) = setup(&env).await;
    let (_, own_acc) = env
        .read(&format!("/api/v1/accounts/{own_account}"), &own)
        .await;
    let code = own_acc["account_code"].as_str().unwrap();
    let mut ids = Vec::new();
    for amount in [10, 20, 30] {
        let body = json!({"account_id": user_account, "amount": amount, "target": {"account": {"account_code": code}}});
        let (_, t) = env
            .post("/api/v1/internal_transfers", &platform, &body)
            .await;
        ids.push(t["id"].as_str().unwrap().to_owned());
    }
    let (_, pending) = env
        .read(
            &format!("/api/v1/accounts/{user_account}/operations?status=PENDING_APPROVAL"),
            &platform,
        )
        .await;
    let listed = pending["data"].as_array().unwrap();
    assert_eq!(listed.len(), 3, "{pending}");
    assert!(listed
        .iter()
        .all(|o| o["type"] == "internal_transfer" && o["status"] == "PENDING_APPROVAL"));
    let (_, one) = env
        .read(
            &format!(
                "/api/v1/accounts/{user_account}/operations/{}?type=internal_transfer",
                ids[0]
            ),
            &platform,
        )
        .await;
    assert_eq!(one["operations_details"]["id"], ids[0].as_str());
    let (status, _) = env
        .read(
            &format!("/api/v1/accounts/{user_account}/operations"),
            &platform,
        )
        .await;
    assert_eq!(status, 400, "status is required");

    let batch = json!({"action": "approve_all_except", "operations": [{"id": ids[2], "type": "internal_transfer"}]});
    // The platform may not approve; the owner (admin API) may.
    let (status, _) = env
        .post(
            &format!("/api/v1/accounts/{user_account}/operations/actions/approve"),
            &platform,
            &batch,
        )
        .await;
    assert_eq!(status, 403);
    let (status, r) = env
        .admin(
            &format!("/admin/accounts/{user_account}/operations/actions/approve"),
            &batch,
        )
        .await;
    assert_eq!((status, r["number_of_approvals"].as_i64()), (202, Some(2)));
    for (id, want) in ids.iter().zip(["FINISHED", "FINISHED", "CREATED"]) {
        let (_, t) = env
            .read(&format!("/api/v1/internal_transfers/{id}"), &platform)
            .await;
        assert_eq!(t["status"], want);
    }
    let cancel = json!({"action": "cancel_only", "operations": [{"id": ids[2], "type": "internal_transfer"}]});
    let (status, r) = env
        .post(
            &format!("/api/v1/accounts/{user_account}/operations/actions/cancel"),
            &platform,
            &cancel,
        )
        .await;
    assert_eq!(
        (status, r["number_of_cancellations"].as_i64()),
        (202, Some(1))
    );
    let too_many: Vec<Value> = (0..1001)
        .map(|i| json!({"id": format!("x{i}"), "type": "internal_transfer"}))
        .collect();
    let (status, _) = env
        .admin(
            &format!("/admin/accounts/{user_account}/operations/actions/approve"),
            &json!({"action": "approve_only", "operations": too_many}),
        )
        .await;
    assert_eq!(status, 400);

    env.assert_conserved().await;
}

#[tokio::test]
async fn boletos_are_issued_registered_paid_and_settled() {
    let env = Env::new().await;
    let (own, own_account, platform, user_account, _) = setup(&env).await;
    let day = env.to_business_day_at(10 * 60).await;
    let (own, platform) = {
        let _ = (own, platform);
        fresh(&env).await
    };
    let due = day + Duration::days(10);
    let invoice = json!({
        "account_id": own_account, "amount": 150_000, "invoice_type": "bill_of_exchange",
        "expiration_date": iso_date(due),
        "customer": {"document": "52998224725", "legal_name": "Maria da Silva"},
        "discounts": [{"date": iso_date(day + Duration::days(5)), "value": "10.0"}],
        "fine": {"date": iso_date(due + Duration::days(1)), "value": "2.0"},
        "interest": {"date": iso_date(due + Duration::days(1)), "value": "1.0"},
    });
    let (status, inv) = env
        .post("/api/v1/barcode_payment_invoices", &own, &invoice)
        .await;
    assert_eq!(status, 201, "{inv}");
    assert_eq!(inv["status"], "CREATED");
    let line = inv["writable_line"].as_str().unwrap().to_owned();
    let parsed = stone_openbank::barcode::parse(&line).unwrap();
    assert_eq!(parsed.amount_cents(), Some(150_000));
    assert_eq!(parsed.due_date(), Some(due));
    assert_eq!(&line[..3], "197");
    let id = inv["id"].as_str().unwrap().to_owned();

    // Not yet registered: unpayable.
    let dry = json!({"account_id": user_account, "barcode": line});
    let (_, d) = env.post("/api/v1/dry_run/payments", &platform, &dry).await;
    assert_eq!(d["details"]["status"], "unpayable", "{d}");

    env.admin("/admin/clock/advance", &json!({"seconds": 5}))
        .await;
    let (_, got) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &own)
        .await;
    assert_eq!(got["status"], "REGISTERED");

    // The PDF.
    let res = env
        .http
        .get(format!(
            "{}/api/v1/exports/barcode_payment_invoices/{id}",
            env.sandbox.base_url()
        ))
        .header("user-agent", "t")
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));

    // Dry-run within the discount window: 10% off, exact amount only.
    let (status, d) = env.post("/api/v1/dry_run/payments", &platform, &dry).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["details"]["status"], "payable");
    assert_eq!(d["details"]["value"], 135_000);
    assert_eq!(d["details"]["discount_value"], 15_000);
    assert_eq!(d["details"]["min_value"], d["details"]["max_value"]);
    assert_eq!(d["barcode_details"]["bank_code"], "197");
    assert_eq!(d["payment_being_processed?"], false);
    let mut wrong = dry.clone();
    wrong["amount"] = json!(1);
    let (status, e) = env.post("/api/v1/payments", &platform, &wrong).await;
    assert_eq!(
        (status, e["type"].as_str()),
        (422, Some("srn:error:invalid_amount"))
    );

    // The platform's payment waits for the owner; once approved, the money
    // moves from payer to issuer (less the issuance fee).
    let issuer_before = balance(&env, &own, &own_account).await["balance"]
        .as_i64()
        .unwrap();
    let (status, p) = env.post("/api/v1/payments", &platform, &dry).await;
    assert_eq!(
        (status, p["status"].as_str()),
        (202, Some("CREATED")),
        "{p}"
    );
    assert_eq!(p["amount"], 135_000);
    let (_, again) = env.post("/api/v1/dry_run/payments", &platform, &dry).await;
    assert_eq!(again["payment_being_processed?"], true);
    let (status, e) = env
        .post(
            &format!("/api/v1/barcode_payment_invoices/{id}/cancel"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!(
        status, 422,
        "no write-off while a payment is under way: {e}"
    );
    let pid = p["id"].as_str().unwrap();
    let (status, _) = env
        .admin(&format!("/admin/payments/{pid}/approve"), &json!({}))
        .await;
    assert_eq!(status, 204);
    let (_, paid) = env
        .read(&format!("/api/v1/payments/{pid}"), &platform)
        .await;
    assert_eq!(paid["status"], "FINISHED", "{paid}");
    let (_, settled) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{id}"), &own)
        .await;
    assert_eq!(settled["status"], "SETTLED");
    let issuer_after = balance(&env, &own, &own_account).await["balance"]
        .as_i64()
        .unwrap();
    assert_eq!(issuer_after - issuer_before, 135_000 - 200);
    let (_, d) = env.post("/api/v1/dry_run/payments", &platform, &dry).await;
    assert_eq!(d["details"]["unpayable_reason_code"], 68);
    let (_, list) = env
        .read(
            &format!("/api/v1/barcode_payment_invoices?account_id={own_account}&status=SETTLED"),
            &own,
        )
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);

    // A second boleto, written off.
    let deposit = json!({"account_id": own_account, "amount": 5_000, "invoice_type": "deposit", "expiration_date": iso_date(due)});
    let (_, dep) = env
        .post("/api/v1/barcode_payment_invoices", &own, &deposit)
        .await;
    assert_eq!(
        dep["customer"]["document"], dep["beneficiary"]["document"],
        "a deposit is paid by its beneficiary"
    );
    let dep_id = dep["id"].as_str().unwrap();
    let (status, _) = env
        .post(
            &format!("/api/v1/barcode_payment_invoices/{dep_id}/cancel"),
            &own,
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    env.admin("/admin/clock/advance", &json!({"seconds": 1}))
        .await;
    let (_, c) = env
        .read(&format!("/api/v1/barcode_payment_invoices/{dep_id}"), &own)
        .await;
    assert_eq!(c["status"], "CANCELLED");

    // Issuance refusals, cumulative.
    let bad = json!({"account_id": own_account, "amount": 100, "invoice_type": "proposal", "expiration_date": "2020-01-01", "fine": {"date": "2030-01-01", "value": "5"}});
    let (status, e) = env
        .post("/api/v1/barcode_payment_invoices", &own, &bad)
        .await;
    assert_eq!(status, 400);
    assert!(e["reason"].as_array().unwrap().len() >= 4, "{e}");
    env.assert_conserved().await;
}

#[tokio::test]
async fn outside_documents_are_paid_out_of_the_sandbox() {
    let env = Env::new().await;
    let (own, own_account, ..) = setup(&env).await;
    let due = stone_openbank::barcode::today() + Duration::days(3);
    let boleto = BankBoleto::build("341", Some(due), 12_345, "1090000000000000000000001").unwrap();
    let (status, d) = env
        .post(
            "/api/v1/dry_run/payments",
            &own,
            &json!({"account_id": own_account, "barcode": boleto.formatted_line()}),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["details"]["bank_name"], "ITAÚ UNIBANCO S.A.");
    assert_eq!(d["details"]["value"], 12_345);
    assert_eq!(d["barcode_details"]["expiration_date"], iso_date(due));
    let utility =
        CollectionDocument::build(3, 6, 8_990, "0057", "2026112600000000000000001").unwrap();
    let (_, u) = env
        .post(
            "/api/v1/dry_run/payments",
            &own,
            &json!({"account_id": own_account, "barcode": utility.digitable_line()}),
        )
        .await;
    assert_eq!(u["details"]["document_type"], "concessionaria", "{u}");
    assert_eq!(u["details"]["recipient_name"], "Energia elétrica e gás");

    let before = balance(&env, &own, &own_account).await["balance"]
        .as_i64()
        .unwrap();
    let (status, p) = env.post("/api/v1/payments", &own, &json!({"account_id": own_account, "barcode": boleto.barcode(),
        "effective_payer": {"legal_name": "Demo", "document": "11222333000181", "document_type": "CNPJ"}})).await;
    assert_eq!(status, 202, "{p}");
    let pid = p["id"].as_str().unwrap();
    let (_, got) = env.read(&format!("/api/v1/payments/{pid}"), &own).await;
    // Before the 23:50 cut-off it runs at once; after it, the next business day.
    assert!(
        matches!(got["status"].as_str(), Some("FINISHED" | "SCHEDULED")),
        "{got}"
    );
    if got["status"] == "FINISHED" {
        assert_eq!(
            before
                - balance(&env, &own, &own_account).await["balance"]
                    .as_i64()
                    .unwrap(),
            12_345
        );
        let (_, st) = env
            .read(
                &format!("/api/v1/accounts/{own_account}/statement?limit=1"),
                &own,
            )
            .await;
        assert_eq!(st["data"][0]["type"], "payment");
        assert_eq!(st["data"][0]["barcode"], boleto.barcode());
    }
    // A bad check digit is a validation error naming the barcode.
    let mut bad = boleto.digitable_line().to_owned();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });
    let (status, e) = env
        .post(
            "/api/v1/dry_run/payments",
            &own,
            &json!({"account_id": own_account, "barcode": bad}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(e["reason"][0]["path"][0], "barcode");
    let (_, list) = env
        .read(&format!("/api/v1/payments?account_id={own_account}"), &own)
        .await;
    assert_eq!(list["cursor"]["total_count"], 1);
    env.assert_conserved().await;
}

#[tokio::test]
async fn reference_data_contacts_and_receipts() {
    let env = Env::new().await;
    let (own, own_account, _, _, user_code) = setup(&env).await;
    // Calendar with ETag.
    let (status, cal) = env
        .read(
            "/api/v1/schedulings/calendar?operation_type=external_transfer",
            &own,
        )
        .await;
    assert_eq!(status, 200, "{cal}");
    let days = cal["non_business_days"].as_array().unwrap();
    assert!(days.len() > 100, "weekends and holidays of a year");
    assert!(days
        .iter()
        .any(|d| d["is_holiday"] == true && d["holiday_description"] == "Natal"));
    let res = env
        .http
        .get(format!(
            "{}/api/v1/schedulings/calendar?operation_type=payment",
            env.sandbox.base_url()
        ))
        .header("user-agent", "t")
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = env
        .http
        .get(format!(
            "{}/api/v1/schedulings/calendar?operation_type=payment",
            env.sandbox.base_url()
        ))
        .header("user-agent", "t")
        .header("if-none-match", &etag)
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 304);
    assert_eq!(env.read("/api/v1/schedulings/calendar", &own).await.0, 400);

    // Fees and institutions.
    let (_, fee) = env
        .read(
            &format!("/api/v1/accounts/{own_account}/fees/external_transfer"),
            &own,
        )
        .await;
    assert_eq!(fee["amount"], 367);
    let (_, fees) = env
        .read(&format!("/api/v1/accounts/{own_account}/fees"), &own)
        .await;
    assert!(fees["data"].as_array().unwrap().len() >= 4);
    let (_, inst) = env.read("/api/v1/institutions/197", &own).await;
    assert_eq!(inst["ispb_code"], "16501555");
    let (_, all) = env.read("/api/v1/institutions", &own).await;
    assert!(all.as_array().unwrap().len() > 5);

    // Contacts and their bank accounts.
    let base = format!("/api/v1/accounts/{own_account}/contacts");
    let (status, c) = env
        .post(
            &base,
            &own,
            &json!({"name": "Fornecedor", "tax_id": "11.222.333/0001-81", "email": "a@b.com"}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["tax_id"], "11222333000181");
    assert_eq!(c["bank_accounts"], json!([]));
    let cid = c["id"].as_str().unwrap();
    let (status, ba) = env.post(&format!("{base}/{cid}/bank_accounts"), &own, &json!({"account_code": "12345", "branch_code": "1", "institution_code": "341", "account_type": "CC"})).await;
    assert_eq!(status, 200, "{ba}");
    assert_eq!(ba["institution"]["number_code"], "341");
    let (_, found) = env.read(&format!("{base}?account_code=12345"), &own).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    let (_, none) = env.read(&format!("{base}?tax_id=00000000000"), &own).await;
    assert_eq!(none, json!([]));
    let (_, up) = env
        .post(
            &format!("{base}/{cid}"),
            &own,
            &json!({"mobile": "5511999998888"}),
        )
        .await;
    assert_eq!(
        (up["mobile"].as_str(), up["name"].as_str()),
        (Some("5511999998888"), Some("Fornecedor"))
    );
    let (status, _) = env.post(&base, &own, &json!({"tax_id": "123"})).await;
    assert_eq!(status, 400);
    let bid = ba["id"].as_str().unwrap();
    let (status, _) = env
        .send(
            reqwest::Method::DELETE,
            &format!("{base}/{cid}/bank_accounts/{bid}"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = env
        .send(
            reqwest::Method::DELETE,
            &format!("{base}/{cid}"),
            &own,
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(env.read(&format!("{base}/{cid}"), &own).await.0, 404);

    // Receipts: PDF for a finished transfer (JSON or form body), refused otherwise.
    let (_, t) = env.post("/api/v1/internal_transfers", &own, &json!({"account_id": own_account, "amount": 990, "target": {"account": {"account_code": user_code}}})).await;
    let tid = t["id"].as_str().unwrap();
    let res = env
        .http
        .post(format!("{}/api/v1/receipts", env.sandbox.base_url()))
        .header("user-agent", "t")
        .bearer_auth(&own)
        .form(&[("resource_type", "internal_transfer"), ("resource_id", tid)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (status, _) = env
        .post(
            "/api/v1/receipts",
            &own,
            &json!({"resource_type": "payment", "resource_id": tid}),
        )
        .await;
    assert_eq!(status, 404, "a transfer is not a payment");
    let res = env
        .http
        .post(format!("{}/api/v1/receipts", env.sandbox.base_url()))
        .header("user-agent", "t")
        .bearer_auth(&own)
        .json(&json!({"resource_type": "statement", "resource_id": own_account}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

/// A keyed POST retried through injected faults until it gets an answer.
async fn post_until_answered(
    env: &Env,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (u16, Value) {
    for _ in 0..100 {
        let sent = env
            .http
            .post(format!("{}{path}", env.sandbox.base_url()))
            .header("user-agent", "sdk-tests")
            .header("x-stone-idempotency-key", key)
            .bearer_auth(token)
            .json(body)
            .send()
            .await;
        let Ok(res) = sent else { continue };
        let status = res.status().as_u16();
        let Ok(bytes) = res.bytes().await else {
            continue;
        };
        if status >= 500 || status == 429 || status == 423 {
            continue;
        }
        return (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        );
    }
    panic!("no answer after 100 attempts");
}

#[tokio::test]
async fn thousands_of_random_operations_under_faults_conserve_money() {
    let env = std::sync::Arc::new(Env::new().await);
    env.to_business_day_at(11 * 60).await;
    for n in 0..4 {
        let body = json!({"owner_name": format!("Filial {n}"), "owner_document": "11222333000181",
                          "balance": 2_000_000, "operators": [DEMO_CLIENT_ID]});
        assert_eq!(env.admin("/admin/accounts", &body).await.0, 201);
    }
    let own = env.access_token(DEMO_CLIENT_ID).await;
    let (_, list) = env.read("/api/v1/accounts", &own).await;
    let accounts: Vec<(String, String)> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["account_code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(accounts.len(), 5);
    let due = stone_openbank::barcode::today() + Duration::days(10);
    let faults = json!({"error_rate": 0.05, "rate_limit_rate": 0.03, "drop_before_rate": 0.05, "drop_after_rate": 0.1, "seed": 7});
    assert_eq!(env.admin("/admin/faults", &faults).await.0, 200);

    const OPS: usize = 2_000;
    let mut tasks = Vec::new();
    for t in 0..16usize {
        let (env, own, accounts) = (env.clone(), own.clone(), accounts.clone());
        tasks.push(tokio::spawn(async move {
            let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ (t as u64 + 1);
            let mut accepted = 0;
            for i in (t..OPS).step_by(16) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let (from, _) = &accounts[(seed % 5) as usize];
                let (_, to_code) = &accounts[((seed >> 8) % 5) as usize];
                let amount = (seed >> 16) % 5_000 + 1;
                let (path, body) = match (seed >> 40) % 3 {
                    0 => ("/api/v1/internal_transfers", json!({"account_id": from, "amount": amount, "target": {"account": {"account_code": to_code}}})),
                    1 => ("/api/v1/external_transfers", ted(from, amount as i64)),
                    _ => {
                        let b = BankBoleto::build("237", Some(due), amount as i64, &format!("{i:025}")).unwrap();
                        ("/api/v1/payments", json!({"account_id": from, "barcode": b.barcode()}))
                    }
                };
                let (status, answer) = post_until_answered(&env, path, &own, &format!("op-{i}"), &body).await;
                // Internal transfers to the same account are refused (422): nothing happened.
                assert!(status == 202 || status == 422, "{status} {answer}");
                accepted += usize::from(status == 202);
            }
            accepted
        }));
    }
    let mut accepted = 0;
    for task in tasks {
        accepted += task.await.unwrap();
    }
    assert_eq!(env.admin("/admin/faults", &json!({})).await.0, 200);
    assert!(accepted > 1_500, "{accepted}");
    let store_ops = env.sandbox.app.store.lock().operations.len();
    assert_eq!(
        store_ops, accepted,
        "one operation per accepted key, none duplicated by retries"
    );
    env.assert_conserved().await;

    // Pagination over thousands of entries: every entry once, newest first.
    let mut seen = std::collections::HashSet::new();
    for (id, _) in &accounts {
        let mut after: Option<String> = None;
        let mut previous = String::from("~");
        loop {
            let path = match &after {
                Some(c) => format!("/api/v1/accounts/{id}/statement?limit=100&after={c}"),
                None => format!("/api/v1/accounts/{id}/statement?limit=100"),
            };
            let (status, page) = env.read(&path, &own).await;
            assert_eq!(status, 200, "{page}");
            for e in page["data"].as_array().unwrap() {
                assert!(
                    seen.insert(e["id"].as_str().unwrap().to_owned()),
                    "an entry twice"
                );
                let at = e["created_at"].as_str().unwrap().to_owned();
                assert!(at <= previous, "newest first");
                previous = at;
            }
            match page["cursor"]["after"].as_str() {
                Some(c) => after = Some(c.to_owned()),
                None => break,
            }
        }
    }
    let total = env.sandbox.app.store.lock().entries.len();
    assert!(total > 2_000, "{total}");
    assert_eq!(seen.len(), total, "every entry of the ledger walked once");
}

#[tokio::test]
async fn a_scheduled_operation_that_cannot_be_covered_fails_on_its_day() {
    let env = Env::new().await;
    let day = env.to_business_day_at(9 * 60).await;
    let body = json!({"owner_name": "Filial pequena", "owner_document": "11222333000181", "balance": 1_000, "operators": [DEMO_CLIENT_ID]});
    let (_, small) = env.admin("/admin/accounts", &body).await;
    let small_id = small["id"].as_str().unwrap();
    let (own, platform) = fresh(&env).await;
    let (_, users) = env.read("/api/v1/accounts", &platform).await;
    let to = users["data"][0]["account_code"].as_str().unwrap();
    let tomorrow = iso_date(day + Duration::days(1));
    let transfer = |amount: i64| json!({"account_id": small_id, "amount": amount, "scheduled_to": tomorrow, "target": {"account": {"account_code": to}}});
    let (_, a) = env
        .post("/api/v1/internal_transfers", &own, &transfer(900))
        .await;
    let (_, b) = env
        .post("/api/v1/internal_transfers", &own, &transfer(900))
        .await;
    assert_eq!(
        (a["status"].as_str(), b["status"].as_str()),
        (Some("SCHEDULED"), Some("SCHEDULED"))
    );
    env.to_day_at(day + Duration::days(1), 8 * 60).await;
    let (own, _) = fresh(&env).await;
    let (_, a) = env
        .read(
            &format!("/api/v1/internal_transfers/{}", a["id"].as_str().unwrap()),
            &own,
        )
        .await;
    let (_, b) = env
        .read(
            &format!("/api/v1/internal_transfers/{}", b["id"].as_str().unwrap()),
            &own,
        )
        .await;
    assert_eq!(a["status"], "FINISHED");
    assert_eq!(
        (b["status"].as_str(), b["failure_reason_code"].as_i64()),
        (Some("FAILED"), Some(1)),
        "{b}"
    );
    let (_, bal) = env
        .read(&format!("/api/v1/accounts/{small_id}/balance"), &own)
        .await;
    assert_eq!(
        (bal["balance"].as_i64(), bal["scheduled_balance"].as_i64()),
        (Some(100), Some(0))
    );
    env.assert_conserved().await;
}
