//! The quickstart: the SDK end to end against the embedded sandbox (no
//! configuration), or against Stone with `STONE_CLIENT_ID`,
//! `STONE_PRIVATE_KEY_PATH`, `STONE_ENVIRONMENT` (`sandbox` or `production`)
//! and `STONE_TARGET_ACCOUNT_CODE` set. Run it with `./scripts/demo.sh`.

use std::error::Error;

use stone_openbank::barcode;
use stone_openbank::client::{Client, Credentials, Environment, PrivateKey};
use stone_openbank::models::NewInternalTransfer;

/// Centavos to "1.234,56" for display; money stays an integer.
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("stone-openbank quickstart — an independent SDK, not a Stone product");
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
                    client_id: stone_sandbox::seed::DEMO_CLIENT_ID.into(),
                    key: PrivateKey::from_pem(stone_sandbox::seed::DEMO_PRIVATE_KEY_PEM)?,
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

    step(3, "Validate a boleto locally before anything is sent");
    let line = "34191.09008 00012.345674 89012.345677 9 99990000012345";
    let doc = barcode::parse(line)?;
    println!(
        "   {line}\n   → barcode {}, amount {}",
        doc.barcode(),
        reais(doc.amount_cents().unwrap_or(0))
    );
    match barcode::parse("34191.09008 00012.345674 89012.345677 9 99990000012346") {
        Err(e) => println!("   an altered amount is caught: {e}"),
        Ok(_) => println!("   (unexpected: the altered line was accepted)"),
    }

    step(
        4,
        "Internal transfer (idempotency key generated and reused on retries)",
    );
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
    println!(
        "   {} to account {} accepted: {:?}",
        reais(transfer.amount),
        target_code,
        transfer.status
    );
    let done = client.internal_transfer(&transfer.id).await?;
    println!("   now {:?}", done.status);

    step(5, "Walk the statement, page by page");
    let mut pages = client.statement(&account.id).page_size(10);
    let mut shown = 0;
    while let Some(page) = pages.next_page().await {
        for entry in page? {
            println!(
                "   {:>14}  {:<10} balance after {}",
                reais(entry.amount),
                entry.kind,
                reais(entry.balance_after)
            );
            shown += 1;
        }
        if shown >= 10 {
            break;
        }
    }

    println!("\nStill to come in this quickstart (issue 5): payment dry-run and payment, scheduled TED, boleto issuance, receipt PDF, webhook verification.");
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await?;
    }
    Ok(())
}
