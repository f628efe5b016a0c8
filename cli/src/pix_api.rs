//! `stone pix keys|charge|lookup|received|send|confirm|payment`: Stone's Pix API
//! from a shell, through the client (credentials and environment as for
//! every API command: see `api.rs`). JSON lines out.

use clap::Subcommand;
use serde_json::json;
use stone_openbank::models::{
    NewPixCharge, NewPixKey, NewPixPayment, NewStaticPixCharge, PixConfirmation,
};

use crate::api::{client, run, value, Connection};
use crate::output::Verdict;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// The account's keys, one per line.
    List {
        #[command(flatten)]
        conn: Connection,
        account_id: String,
    },
    /// Registers a key: `random_key`, or cpf|cnpj|phone|email with --key.
    Create {
        #[command(flatten)]
        conn: Connection,
        account_id: String,
        #[arg(long)]
        key_type: String,
        #[arg(long, default_value = "")]
        key: String,
    },
    /// Deletes a key at the holder's request.
    Delete {
        #[command(flatten)]
        conn: Connection,
        account_id: String,
        key_id: String,
    },
}

#[derive(Subcommand)]
pub enum ChargeCommand {
    /// A dynamic QR charge: prints it, with its "copia e cola".
    Create {
        #[command(flatten)]
        conn: Connection,
        #[arg(long)]
        account_id: String,
        /// A key of the account's.
        #[arg(long)]
        key: String,
        /// 26 to 35 letters and digits, unique per account.
        #[arg(long)]
        transaction_id: String,
        /// Centavos; omitted lets the payer choose.
        #[arg(long)]
        amount_cents: Option<i64>,
        /// Seconds until it expires.
        #[arg(long)]
        expiration: Option<i64>,
        /// Shown to the payer.
        #[arg(long)]
        message: Option<String>,
        /// Reuse to make a retried command safe.
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// A static QR charge.
    Static {
        #[command(flatten)]
        conn: Connection,
        #[arg(long)]
        account_id: String,
        #[arg(long)]
        key: String,
        #[arg(long)]
        transaction_id: String,
        #[arg(long)]
        amount_cents: Option<i64>,
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// One dynamic charge.
    Get {
        #[command(flatten)]
        conn: Connection,
        charge_id: String,
    },
    /// Cancels an unpaid dynamic charge.
    Cancel {
        #[command(flatten)]
        conn: Connection,
        account_id: String,
        charge_id: String,
    },
}

pub fn keys(cmd: KeysCommand) -> std::io::Result<Verdict> {
    run(|| async move {
        Ok(match cmd {
            KeysCommand::List { conn, account_id } => client(&conn)?
                .pix_keys(&account_id)
                .await?
                .iter()
                .map(value)
                .collect(),
            KeysCommand::Create {
                conn,
                account_id,
                key_type,
                key,
            } => vec![value(
                &client(&conn)?
                    .create_pix_key(&account_id, &NewPixKey { key_type, key }, None)
                    .await?,
            )],
            KeysCommand::Delete {
                conn,
                account_id,
                key_id,
            } => vec![value(
                &client(&conn)?.delete_pix_key(&account_id, &key_id).await?,
            )],
        })
    })
}

pub fn charge(cmd: ChargeCommand) -> std::io::Result<Verdict> {
    run(|| async move {
        Ok(match cmd {
            ChargeCommand::Create {
                conn,
                account_id,
                key,
                transaction_id,
                amount_cents,
                expiration,
                message,
                idempotency_key,
            } => {
                let charge = NewPixCharge {
                    account_id,
                    key,
                    transaction_id,
                    amount: amount_cents,
                    expiration,
                    request_for_payer: message,
                    customer: None,
                    additional_data: vec![],
                };
                vec![value(
                    &client(&conn)?
                        .create_pix_charge(&charge, idempotency_key.as_deref())
                        .await?,
                )]
            }
            ChargeCommand::Static {
                conn,
                account_id,
                key,
                transaction_id,
                amount_cents,
                idempotency_key,
            } => {
                let charge = NewStaticPixCharge {
                    account_id,
                    key,
                    transaction_id,
                    amount: amount_cents,
                    additional_information: None,
                };
                vec![value(
                    &client(&conn)?
                        .create_static_pix_charge(&charge, idempotency_key.as_deref())
                        .await?,
                )]
            }
            ChargeCommand::Get { conn, charge_id } => {
                vec![value(&client(&conn)?.pix_charge(&charge_id).await?)]
            }
            ChargeCommand::Cancel {
                conn,
                account_id,
                charge_id,
            } => {
                client(&conn)?
                    .cancel_pix_charge(&account_id, &charge_id)
                    .await?;
                vec![json!({"cancelled": charge_id})]
            }
        })
    })
}

pub fn lookup(conn: Connection, brcode: String) -> std::io::Result<Verdict> {
    run(|| async move { Ok(vec![value(&client(&conn)?.lookup_brcode(&brcode).await?)]) })
}

pub fn received(conn: Connection, id: String) -> std::io::Result<Verdict> {
    run(|| async move { Ok(vec![value(&client(&conn)?.inbound_pix(&id).await?)]) })
}

#[derive(clap::Args)]
pub struct SendArgs {
    #[command(flatten)]
    conn: Connection,
    /// The paying account.
    #[arg(long)]
    account_id: String,
    /// The payee's key.
    #[arg(long, conflicts_with = "brcode")]
    key: Option<String>,
    /// A "copia e cola" to pay: its key, txid and amount are read locally.
    #[arg(long)]
    brcode: Option<String>,
    /// Centavos (a code's own amount is used when it has one).
    #[arg(long)]
    amount_cents: Option<i64>,
    #[arg(long)]
    description: Option<String>,
    /// Sends it too (a platform's then waits for the owner's approval).
    #[arg(long)]
    confirm: bool,
    /// Reuse to make a retried command safe (the confirmation derives its
    /// own from it).
    #[arg(long)]
    idempotency_key: Option<String>,
}

pub fn send(args: SendArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        // A static code without a txid (`***`) is paid as its key.
        let (key, transaction_id, code_amount) = match &args.brcode {
            Some(text) => {
                let code = stone_openbank::pix::parse(text).map_err(|e| {
                    stone_openbank::client::Error::InvalidInput {
                        field: "brcode",
                        reason: e.to_string(),
                    }
                })?;
                let txid = (code.txid != "***").then_some(code.txid);
                (code.key, txid, code.amount_cents)
            }
            None => (args.key.clone(), None, None),
        };
        let payment = NewPixPayment {
            account_id: args.account_id,
            amount: code_amount.or(args.amount_cents),
            description: args.description,
            key,
            transaction_id,
            scheduled_to: None,
            target: None,
        };
        let client = client(&args.conn)?;
        let key = args.idempotency_key.as_deref();
        let created = client.create_pix_payment(&payment, key).await?;
        if !args.confirm {
            return Ok(vec![value(&created)]);
        }
        let confirm_key = key.map(|k| format!("{k}-confirm"));
        client
            .confirm_pix_payment(
                &created.id,
                &PixConfirmation::default(),
                confirm_key.as_deref(),
            )
            .await?;
        Ok(vec![value(&client.pix_payment(&created.id).await?)])
    })
}

pub fn confirm(
    conn: Connection,
    id: String,
    amount_cents: Option<i64>,
    idempotency_key: Option<String>,
) -> std::io::Result<Verdict> {
    run(|| async move {
        let client = client(&conn)?;
        let confirmation = PixConfirmation {
            amount: amount_cents,
            ..PixConfirmation::default()
        };
        client
            .confirm_pix_payment(&id, &confirmation, idempotency_key.as_deref())
            .await?;
        Ok(vec![value(&client.pix_payment(&id).await?)])
    })
}

pub fn payment(conn: Connection, id: String) -> std::io::Result<Verdict> {
    run(|| async move { Ok(vec![value(&client(&conn)?.pix_payment(&id).await?)]) })
}
