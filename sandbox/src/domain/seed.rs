//! The demo seed: an application of each partnership model with a key pair
//! shipped in `seed/` (test material, published on purpose: it only ever
//! opens this local sandbox), and funded accounts, so the quickstart and the
//! tests need no setup.

use crate::domain::clock::Now;
use crate::domain::onboarding::{open_account, register, NewAccount, NewApplication};
use crate::domain::refusal::Refusal;
use crate::domain::store::Model;
use crate::domain::store::Store;

/// The demo application operating its own account (Conta de Liquidação).
pub const DEMO_CLIENT_ID: &str = "demo-conta-de-liquidacao";
/// The demo platform operating a user's account after consent (OpenBank).
pub const DEMO_OPENBANK_CLIENT_ID: &str = "demo-openbank-platform";
/// The demo applications' private key (PKCS#8 PEM).
pub const DEMO_PRIVATE_KEY_PEM: &str = include_str!("../../seed/demo-app.key.pem");
pub const DEMO_PUBLIC_KEY_PEM: &str = include_str!("../../seed/demo-app.pub.pem");

pub fn seed(store: &mut Store, now: &Now) -> Result<(), Refusal> {
    for (client_id, name, model) in [
        (DEMO_CLIENT_ID, "Demo Liquidação", Model::OwnAccount),
        (DEMO_OPENBANK_CLIENT_ID, "Demo ERP", Model::Openbank),
    ] {
        register(
            store,
            NewApplication {
                client_id: Some(client_id.to_owned()),
                name: name.to_owned(),
                public_key_pem: DEMO_PUBLIC_KEY_PEM.to_owned(),
                scopes: None,
                model,
                webhook_url: None,
                redirect_uri: None,
            },
        )?;
    }
    open_account(
        store,
        now,
        NewAccount {
            owner_name: "Demo Pagamentos Ltda".into(),
            owner_document: "11222333000181".into(),
            balance: 10_000_000,
            operators: vec![DEMO_CLIENT_ID.into()],
        },
    )?;
    open_account(
        store,
        now,
        NewAccount {
            owner_name: "Maria da Silva".into(),
            owner_document: "12345678909".into(),
            balance: 250_000,
            operators: vec![DEMO_OPENBANK_CLIENT_ID.into()],
        },
    )?;
    Ok(())
}
