//! The quickstart: the SDK end to end against the embedded sandbox (no
//! configuration), or against Stone with `STONE_CLIENT_ID`,
//! `STONE_PRIVATE_KEY_PATH`, `STONE_ENVIRONMENT` (`sandbox` or `production`)
//! and `STONE_TARGET_ACCOUNT_CODE` set. Run it with `./scripts/demo.sh`.
//!
//! Every step prints what it did; money is integer centavos throughout and
//! shown in reais only for reading.

use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stone_openbank::barcode::{self, BankBoleto};
use stone_openbank::client::{Client, Credentials, Environment, PrivateKey, ReceiptOf};
use stone_openbank::models::{
    AccountType, DatedRate, InvoiceCustomer, InvoiceStatus, InvoiceType, NewBoletoInvoice,
    NewExternalTransfer, NewInternalTransfer, NewPayment, OperationType,
};

/// Centavos to "R$ 1.234,56" for display; money stays an integer.
fn reais(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let units = (cents.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}R$ {grouped},{:02}", cents.abs() % 100)
}

fn step(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

/// Webhook bodies received, with their event-id header.
type Inbox = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A local HTTP endpoint standing for the application's webhook URL.
async fn webhook_receiver() -> Result<(Inbox, String), Box<dyn Error>> {
    use axum::extract::State;
    use axum::http::HeaderMap;
    let inbox: Inbox = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/stone-webhooks", listener.local_addr()?);
    let app = axum::Router::new()
        .route(
            "/stone-webhooks",
            axum::routing::post(
                |State(inbox): State<Inbox>, headers: HeaderMap, body: axum::body::Bytes| async move {
                    let id = headers
                        .get("x-stone-webhook-event-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    if let Ok(mut list) = inbox.lock() {
                        list.push((id, body.to_vec()));
                    }
                },
            ),
        )
        .with_state(inbox.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((inbox, url))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("stone-openbank quickstart — an independent SDK, not a Stone product");
    let out_dir = std::env::temp_dir().join("stone-openbank-quickstart");
    std::fs::create_dir_all(&out_dir)?;
    let (client, target_code, sandbox) = match std::env::var("STONE_CLIENT_ID") {
        Ok(client_id) => {
            let pem = std::fs::read_to_string(std::env::var("STONE_PRIVATE_KEY_PATH")?)?;
            let environment = match std::env::var("STONE_ENVIRONMENT").as_deref() {
                Ok("production") => Environment::Production,
                _ => Environment::Sandbox,
            };
            println!("Using Stone's {environment:?} environment as {client_id}.");
            let client = Client::builder(
                "stone-openbank-quickstart",
                Credentials::ClientKey {
                    client_id,
                    key: PrivateKey::from_pem(&pem)?,
                },
            )
            .environment(environment)
            .build()?;
            (client, std::env::var("STONE_TARGET_ACCOUNT_CODE")?, None)
        }
        Err(_) => {
            let sandbox = stone_sandbox::start(stone_sandbox::Config::default()).await?;
            println!(
                "No STONE_* variables: started the local sandbox at {}.",
                sandbox.base_url()
            );
            let client = Client::builder(
                "stone-openbank-quickstart",
                Credentials::ClientKey {
                    client_id: stone_sandbox::domain::seed::DEMO_CLIENT_ID.into(),
                    key: PrivateKey::from_pem(stone_sandbox::domain::seed::DEMO_PRIVATE_KEY_PEM)?,
                },
            )
            .environment(Environment::local(&sandbox.base_url()))
            .build()?;
            // The seeded user account of the other demo application.
            let target = sandbox.app.store.lock().accounts[1].account_code.clone();
            (client, target, Some(sandbox))
        }
    };

    step(
        1,
        "Authenticate and list the accounts this application operates",
    );
    let accounts = client.accounts().await?;
    for account in &accounts {
        println!(
            "   {} · agência {} conta {} · {}",
            account.owner_name, account.branch_code, account.account_code, account.id
        );
    }
    let account = accounts.first().ok_or("no account to operate")?;

    step(2, "Balance");
    let balance = client.balance(&account.id).await?;
    println!(
        "   available {} · blocked {} · scheduled {}",
        reais(balance.balance),
        reais(balance.blocked_balance),
        reais(balance.scheduled_balance)
    );

    step(3, "Receive webhooks");
    let inbox = match &sandbox {
        Some(sbx) => {
            let (inbox, url) = webhook_receiver().await?;
            // Stone takes the URL at onboarding; the sandbox's admin API plays that part.
            reqwest::Client::new()
                .put(format!(
                    "{}/admin/applications/{}/webhook",
                    sbx.base_url(),
                    stone_sandbox::domain::seed::DEMO_CLIENT_ID
                ))
                .json(&serde_json::json!({ "url": url }))
                .send()
                .await?
                .error_for_status()?;
            println!("   listening at {url}");
            Some(inbox)
        }
        None => {
            println!(
                "   (with Stone, webhooks go to the URL registered at onboarding: not shown here)"
            );
            None
        }
    };

    step(4, "Validate a boleto locally, then dry-run its payment");
    let due = barcode::today() + time::Duration::days(5);
    // A boleto of another bank (built here so that its due date is near).
    let boleto = BankBoleto::build("341", Some(due), 12_345, "1090000000000000000000123")?;
    let line = boleto.formatted_line();
    let doc = barcode::parse(&line)?;
    println!(
        "   {line}\n   → valid; barcode {}, amount {}, due {}",
        doc.barcode(),
        reais(doc.amount_cents().unwrap_or(0)),
        barcode::iso_date(due)
    );
    let mut typo = doc.digitable_line().to_owned();
    typo.replace_range(10..11, if &typo[10..11] == "0" { "1" } else { "0" });
    match barcode::parse(&typo) {
        Err(e) => println!("   one mistyped digit is caught before any request: {e}"),
        Ok(_) => println!("   (unexpected: the altered line was accepted)"),
    }
    let payment = NewPayment {
        account_id: account.id.clone(),
        barcode: line.clone(),
        ..Default::default()
    };
    let dry = client.dry_run_payment(&payment).await?;
    if let Some(d) = &dry.details {
        println!(
            "   dry-run: {} · {} · value {} (accepted {}–{}) · already being paid: {}",
            d.bank_name.as_deref().unwrap_or("?"),
            d.status.as_deref().unwrap_or("?"),
            reais(d.value.unwrap_or(0)),
            reais(d.min_value.unwrap_or(0)),
            reais(d.max_value.unwrap_or(0)),
            dry.payment_being_processed
        );
    }

    step(
        5,
        "Pay it (idempotency key generated and reused on retries)",
    );
    let paid = client.create_payment(&payment, None).await?;
    let paid = client.payment(&paid.id).await?;
    println!(
        "   payment {} of {}: {}",
        paid.id,
        reais(paid.amount),
        paid.status.as_str()
    );

    step(6, "Internal transfer to another Stone account");
    let transfer = client
        .create_internal_transfer(
            &NewInternalTransfer {
                account_id: account.id.clone(),
                amount: 1_500,
                target_account_code: target_code.clone(),
                description: Some("quickstart".into()),
                scheduled_to: None,
            },
            None,
        )
        .await?;
    let done = client.internal_transfer(&transfer.id).await?;
    println!(
        "   {} to account {}: accepted {}, now {}",
        reais(transfer.amount),
        target_code,
        transfer.status.as_str(),
        done.status.as_str()
    );

    step(7, "Schedule a TED for the next business day");
    let calendar = client
        .scheduling_calendar(OperationType::ExternalTransfer)
        .await?;
    let day = calendar
        .next_available_execution_date
        .ok_or("the calendar gave no execution date")?;
    let ted = client
        .create_external_transfer(
            &NewExternalTransfer {
                account_id: account.id.clone(),
                amount: 25_000,
                account_code: "12345".into(),
                branch_code: Some("1".into()),
                institution_code: "260".into(),
                account_type: Some(AccountType::Checking),
                name: "Fornecedor Exemplo Ltda".into(),
                document: "11.222.333/0001-81".into(),
                scheduled_to: Some(day),
            },
            None,
        )
        .await?;
    println!(
        "   {} (+ fee {}) to Nubank on {}: {}",
        reais(ted.amount),
        reais(ted.fee),
        barcode::iso_date(day),
        ted.status.as_str()
    );

    step(8, "Issue a boleto to a customer, and save its PDF");
    let issued = client
        .create_boleto(
            &NewBoletoInvoice {
                account_id: account.id.clone(),
                amount: 45_000,
                invoice_type: InvoiceType::BillOfExchange,
                expiration_date: due,
                limit_date: None,
                customer: Some(InvoiceCustomer {
                    document: "529.982.247-25".into(),
                    legal_name: "Maria da Silva".into(),
                    trade_name: None,
                }),
                discounts: vec![],
                fine: Some(DatedRate {
                    date: due + time::Duration::days(1),
                    basis_points: 200,
                }),
                interest: Some(DatedRate {
                    date: due + time::Duration::days(1),
                    basis_points: 100,
                }),
                description: Some("Quickstart".into()),
            },
            None,
        )
        .await?;
    println!(
        "   {} due {}: {}\n   {}",
        reais(issued.amount),
        barcode::iso_date(due),
        issued.status.as_str(),
        issued
            .writable_line
            .as_deref()
            .map(|l| barcode::parse(l)
                .map(|b| b.formatted_line())
                .unwrap_or_default())
            .unwrap_or_default()
    );
    // Registration takes Stone 3 s to 15 min; wait a little for it.
    let mut status = issued.status.clone();
    for _ in 0..20 {
        if status != InvoiceStatus::Created {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        status = client.boleto(&issued.id).await?.status;
    }
    println!("   now {}", status.as_str());
    let pdf = client.boleto_pdf(&issued.id).await?;
    let path = out_dir.join("boleto.pdf");
    std::fs::write(&path, &pdf)?;
    println!("   PDF ({} bytes) saved to {}", pdf.len(), path.display());

    step(9, "Walk the statement, page by page");
    let mut pages = client.statement(&account.id).page_size(5);
    let mut shown = 0;
    while let Some(page) = pages.next_page().await {
        for entry in page? {
            println!(
                "   {:>16}  {:<9} balance after {}",
                reais(entry.amount),
                entry.kind,
                reais(entry.balance_after.unwrap_or_default())
            );
            shown += 1;
        }
        if shown >= 10 {
            break;
        }
    }

    step(10, "Save the payment's receipt (comprovante) as PDF");
    let receipt = client.receipt_pdf(ReceiptOf::Payment, &paid.id).await?;
    let path = out_dir.join("comprovante.pdf");
    std::fs::write(&path, &receipt)?;
    println!("   {} bytes saved to {}", receipt.len(), path.display());

    step(
        11,
        "Verify the webhooks received (decrypt, check Stone's signature)",
    );
    if let Some(inbox) = &inbox {
        // Deliveries are asynchronous: give them a moment.
        for _ in 0..40 {
            if inbox.lock().map(|l| l.len()).unwrap_or(0) >= 8 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let received = inbox.lock().map(|l| l.clone()).unwrap_or_default();
        for (event_id, body) in &received {
            let event = client.verify_webhook(body, Some(event_id)).await?;
            println!(
                "   ✔ {:<40} about {} {}",
                event.event_type.as_str(),
                event.target_type.as_deref().unwrap_or("?"),
                event.target_id.as_deref().unwrap_or("?")
            );
        }
        let mut forged = received.first().map(|(_, b)| b.clone()).unwrap_or_default();
        if let Some(byte) = forged.iter_mut().rev().nth(10) {
            *byte = if *byte == b'A' { b'B' } else { b'A' };
        }
        match client.verify_webhook(&forged, None).await {
            Err(e) => println!("   ✘ a body altered in transit is refused: {e}"),
            Ok(_) => println!("   (unexpected: an altered webhook was accepted)"),
        }
    } else {
        println!("   (skipped: no local receiver)");
    }

    if let (Some(sandbox), Some(inbox)) = (&sandbox, &inbox) {
        step(12, "Pix: a QR charge, paid by a customer of another bank");
        pix_tour(&client, &account.id, sandbox, inbox).await?;
    }

    if let Some(sandbox) = sandbox {
        step(
            13,
            "The OpenBank model: a platform, a user's consent, the owner's approval (a transfer, a Pix)",
        );
        openbank_tour(&sandbox).await?;
        sandbox.shutdown().await?;
    }
    println!("\nDone.");
    Ok(())
}

/// Pix on the sandbox: a random key, a dynamic QR charge ("copia e cola"),
/// a customer of another bank paying it (the sandbox's admin API plays
/// that bank), and the webhook that says so, verified.
async fn pix_tour(
    client: &Client,
    account_id: &str,
    sandbox: &stone_sandbox::Sandbox,
    inbox: &Inbox,
) -> Result<(), Box<dyn Error>> {
    use stone_openbank::models::{NewPixCharge, NewPixKey};
    client
        .create_pix_key(
            account_id,
            &NewPixKey {
                key_type: "random_key".into(),
                key: String::new(),
            },
            None,
        )
        .await?;
    let key = client
        .pix_keys(account_id)
        .await?
        .into_iter()
        .find(|k| k.key_type == "random_key")
        .ok_or("the random key is not listed")?;
    println!("   random key {}", key.key);
    let charge = client
        .create_pix_charge(
            &NewPixCharge {
                account_id: account_id.into(),
                key: key.key,
                transaction_id: uuid_simple(),
                amount: Some(8_990),
                expiration: Some(3_600),
                request_for_payer: Some("Pedido 1234 da Padaria".into()),
                customer: None,
                additional_data: vec![],
            },
            None,
        )
        .await?;
    let code = stone_openbank::pix::parse(&charge.qr_code_content)?;
    println!(
        "   charge of {} {}: copia e cola {}…",
        reais(charge.amount.unwrap_or(0)),
        charge.status,
        &charge.qr_code_content[..48]
    );
    println!(
        "   the code reads back: {:?} code, {} for {}",
        code.kind,
        reais(code.amount_cents.unwrap_or(0)),
        code.merchant_name
    );
    let seen = inbox.lock().map(|l| l.len()).unwrap_or(0);
    let paid: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/admin/pix/inbound", sandbox.base_url()))
        .json(&serde_json::json!({"brcode": charge.qr_code_content,
            "payer": {"name": "Joana Cliente", "document": "98765432100"}}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!(
        "   paid by Joana Cliente: end-to-end id {}",
        paid["end_to_end_id"].as_str().unwrap_or("?")
    );
    println!(
        "   the charge is now {}",
        client.pix_charge(&charge.id).await?.status
    );
    for _ in 0..40 {
        let received = inbox
            .lock()
            .map(|l| l[seen.min(l.len())..].to_vec())
            .unwrap_or_default();
        for (event_id, body) in &received {
            let event = client.verify_webhook(body, Some(event_id)).await?;
            if let stone_openbank::client::WebhookTarget::InboundPix(pix) = &event.target {
                println!(
                    "   ✔ webhook {} verified: {} received",
                    event.event_type.as_str(),
                    reais(pix.amount)
                );
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("the Pix webhook did not arrive".into())
}

/// A fresh 32-hex-digit id (a txid must be 26 to 35 letters and digits).
fn uuid_simple() -> String {
    format!("{:032x}", rand_u128())
}

fn rand_u128() -> u128 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    nanos ^ (u128::from(std::process::id()) << 64)
}

/// The other partnership model, on the sandbox: an ERP platform asks a
/// Stone user for consent, then creates a cash-out that waits until the
/// owner approves it (Stone's app; here the sandbox's admin API plays the
/// user).
async fn openbank_tour(sandbox: &stone_sandbox::Sandbox) -> Result<(), Box<dyn Error>> {
    let platform = Client::builder(
        "stone-openbank-quickstart",
        Credentials::ClientKey {
            client_id: stone_sandbox::domain::seed::DEMO_OPENBANK_CLIENT_ID.into(),
            key: PrivateKey::from_pem(stone_sandbox::domain::seed::DEMO_PRIVATE_KEY_PEM)?,
        },
    )
    .environment(Environment::local(&sandbox.base_url()))
    .build()?;
    let admin = reqwest::Client::new();
    // A Stone user the platform cannot see yet.
    let user: serde_json::Value = admin
        .post(format!("{}/admin/accounts", sandbox.base_url()))
        .json(&serde_json::json!({"owner_name": "Padaria Pão Quente", "owner_document": "11222333000181", "balance": 300_000}))
        .send()
        .await?
        .json()
        .await?;
    let account_id = user["id"].as_str().ok_or("no account id")?;
    let metadata = [("erp_customer".to_owned(), "1234".to_owned())].into();
    let link = platform.consent_link("https://erp.example/stone/retorno", &metadata)?;
    println!(
        "   consent link for the user: {}…",
        &link[..link.len().min(72)]
    );
    let jwt = link.split("jwt=").nth(1).ok_or("no jwt in the link")?;
    let decision: serde_json::Value = admin
        .post(format!("{}/admin/consents", sandbox.base_url()))
        .json(&serde_json::json!({"client_id": stone_sandbox::domain::seed::DEMO_OPENBANK_CLIENT_ID, "jwt": jwt, "account_id": account_id, "decision": "approve"}))
        .send()
        .await?
        .json()
        .await?;
    let back = stone_openbank::client::parse_consent_redirect(
        decision["redirect_to"].as_str().unwrap_or_default(),
    )?;
    println!(
        "   the user approved; redirect carries {:?} and {:?}",
        back.result, back.session_metadata
    );
    let code = platform
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.id != account_id)
        .map(|a| a.account_code)
        .ok_or("no other account")?;
    let t = platform
        .create_internal_transfer(
            &NewInternalTransfer {
                account_id: account_id.to_owned(),
                amount: 12_000,
                target_account_code: code,
                description: Some("fornecedor".into()),
                scheduled_to: None,
            },
            None,
        )
        .await?;
    println!(
        "   the platform's transfer of {}: {} (waits for the owner)",
        reais(t.amount),
        t.status.as_str()
    );
    admin
        .post(format!(
            "{}/admin/internal_transfers/{}/approve",
            sandbox.base_url(),
            t.id
        ))
        .send()
        .await?
        .error_for_status()?;
    println!(
        "   approved by the owner in Stone's app: {}",
        platform.internal_transfer(&t.id).await?.status.as_str()
    );
    // A Pix to a key at another bank: created, confirmed by the platform,
    // sent once the owner approves it (here in a batch, as `pix_payment`).
    let pix = platform
        .create_pix_payment(
            &stone_openbank::models::NewPixPayment {
                account_id: account_id.to_owned(),
                amount: Some(4_500),
                description: Some("frete".into()),
                key: Some("gabriela.abreu@example.com".into()),
                transaction_id: None,
                scheduled_to: None,
                target: None,
            },
            None,
        )
        .await?;
    platform
        .confirm_pix_payment(&pix.id, &Default::default(), None)
        .await?;
    println!(
        "   the platform's Pix of {} to a key: {} (waits for the owner)",
        reais(pix.amount),
        platform.pix_payment(&pix.id).await?.status
    );
    admin
        .post(format!(
            "{}/admin/accounts/{account_id}/operations/actions/approve",
            sandbox.base_url()
        ))
        .json(&serde_json::json!({"action": "approve_only", "operations": [{"id": pix.id, "type": "pix_payment"}]}))
        .send()
        .await?
        .error_for_status()?;
    let sent = platform.pix_payment(&pix.id).await?;
    let payee = sent
        .target
        .and_then(|t| t.entity)
        .and_then(|e| e.name)
        .unwrap_or_default();
    println!("   approved by the owner: {}, to {payee}", sent.status);
    Ok(())
}
