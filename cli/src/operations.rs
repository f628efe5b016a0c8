//! `stone ted|pay|invoice|receipt|calendar|webhook`: money movements and
//! documents from a shell, with the same configuration and output as the
//! other API commands (JSON lines; errors as one JSON object, exit 1).
//! Every money movement takes `--idempotency-key` (generated otherwise)
//! and `--dry-run` previews without moving anything.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use stone_openbank::barcode::parse_iso_date;
use stone_openbank::client::{Error, ReceiptOf};
use stone_openbank::models::{
    InvoiceCustomer, InvoiceType, NewBoletoInvoice, NewExternalTransfer, NewPayment, OperationType,
};

use crate::api::{client, run, value, Connection};
use crate::output::Verdict;

fn date(field: &'static str, text: &str) -> Result<time::Date, Error> {
    parse_iso_date(text).map_err(|reason| Error::InvalidInput { field, reason })
}

fn optional_date(field: &'static str, text: Option<&str>) -> Result<Option<time::Date>, Error> {
    text.map(|t| date(field, t)).transpose()
}

#[derive(Args)]
pub struct TedArgs {
    #[command(flatten)]
    conn: Connection,
    #[arg(long)]
    account_id: String,
    #[arg(long)]
    amount_cents: i64,
    #[arg(long)]
    account_code: String,
    #[arg(long)]
    branch_code: Option<String>,
    /// ISPB (8 digits) or bank number (3 digits).
    #[arg(long)]
    institution_code: String,
    /// The holder's name.
    #[arg(long)]
    name: String,
    /// The holder's CPF or CNPJ.
    #[arg(long)]
    document: String,
    /// yyyy-mm-dd; a weekend or holiday moves to the next business day.
    #[arg(long)]
    scheduled_to: Option<String>,
    #[arg(long)]
    idempotency_key: Option<String>,
    /// Preview (fee, status) without sending.
    #[arg(long)]
    dry_run: bool,
}

pub fn ted(a: TedArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        let t = NewExternalTransfer {
            account_id: a.account_id,
            amount: a.amount_cents,
            account_code: a.account_code,
            branch_code: a.branch_code,
            institution_code: a.institution_code,
            account_type: None,
            name: a.name,
            document: a.document,
            scheduled_to: optional_date("scheduled_to", a.scheduled_to.as_deref())?,
        };
        let c = client(&a.conn)?;
        Ok(vec![if a.dry_run {
            value(&c.dry_run_external_transfer(&t).await?)
        } else {
            value(
                &c.create_external_transfer(&t, a.idempotency_key.as_deref())
                    .await?,
            )
        }])
    })
}

#[derive(Args)]
pub struct PayArgs {
    #[command(flatten)]
    conn: Connection,
    #[arg(long)]
    account_id: String,
    /// Barcode or typeable line, in any printed form (checked locally first).
    barcode: String,
    /// Only for documents that accept another amount (see --dry-run).
    #[arg(long)]
    amount_cents: Option<i64>,
    #[arg(long)]
    scheduled_to: Option<String>,
    #[arg(long)]
    idempotency_key: Option<String>,
    /// Enrich the barcode (issuer, value due, limits) without paying.
    #[arg(long)]
    dry_run: bool,
}

pub fn pay(a: PayArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        let p = NewPayment {
            account_id: a.account_id,
            barcode: a.barcode,
            amount: a.amount_cents,
            scheduled_to: optional_date("scheduled_to", a.scheduled_to.as_deref())?,
            effective_payer: None,
        };
        let c = client(&a.conn)?;
        Ok(vec![if a.dry_run {
            value(&c.dry_run_payment(&p).await?)
        } else {
            value(&c.create_payment(&p, a.idempotency_key.as_deref()).await?)
        }])
    })
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Deposit,
    Proposal,
    BillOfExchange,
}

#[derive(Subcommand)]
pub enum InvoiceCommand {
    /// Issue a boleto.
    Issue {
        #[command(flatten)]
        conn: Connection,
        #[arg(long)]
        account_id: String,
        #[arg(long)]
        amount_cents: i64,
        #[arg(long, value_enum)]
        kind: Kind,
        /// yyyy-mm-dd.
        #[arg(long)]
        due: String,
        #[arg(long)]
        customer_document: Option<String>,
        #[arg(long)]
        customer_name: Option<String>,
        #[arg(long)]
        customer_trade_name: Option<String>,
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// One issued boleto.
    Get {
        #[command(flatten)]
        conn: Connection,
        id: String,
    },
    /// Save a boleto's PDF.
    Pdf {
        #[command(flatten)]
        conn: Connection,
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Request the write-off of a boleto.
    Cancel {
        #[command(flatten)]
        conn: Connection,
        id: String,
    },
}

fn save(out: &PathBuf, bytes: &[u8]) -> Result<serde_json::Value, Error> {
    std::fs::write(out, bytes).map_err(|e| Error::InvalidInput {
        field: "out",
        reason: format!("cannot write {}: {e}", out.display()),
    })?;
    Ok(json!({"saved": out.display().to_string(), "bytes": bytes.len()}))
}

pub fn invoice(cmd: InvoiceCommand) -> std::io::Result<Verdict> {
    run(|| async move {
        match cmd {
            InvoiceCommand::Issue {
                conn,
                account_id,
                amount_cents,
                kind,
                due,
                customer_document,
                customer_name,
                customer_trade_name,
                idempotency_key,
            } => {
                let customer = match (customer_document, customer_name) {
                    (Some(document), Some(legal_name)) => Some(InvoiceCustomer {
                        document,
                        legal_name,
                        trade_name: customer_trade_name,
                    }),
                    (None, None) => None,
                    _ => {
                        return Err(Error::InvalidInput {
                            field: "customer",
                            reason: "give both --customer-document and --customer-name".into(),
                        })
                    }
                };
                let b = NewBoletoInvoice {
                    account_id,
                    amount: amount_cents,
                    invoice_type: match kind {
                        Kind::Deposit => InvoiceType::Deposit,
                        Kind::Proposal => InvoiceType::Proposal,
                        Kind::BillOfExchange => InvoiceType::BillOfExchange,
                    },
                    expiration_date: date("due", &due)?,
                    limit_date: None,
                    customer,
                    discounts: vec![],
                    fine: None,
                    interest: None,
                    description: None,
                };
                Ok(vec![value(
                    &client(&conn)?
                        .create_boleto(&b, idempotency_key.as_deref())
                        .await?,
                )])
            }
            InvoiceCommand::Get { conn, id } => Ok(vec![value(&client(&conn)?.boleto(&id).await?)]),
            InvoiceCommand::Pdf { conn, id, out } => {
                Ok(vec![save(&out, &client(&conn)?.boleto_pdf(&id).await?)?])
            }
            InvoiceCommand::Cancel { conn, id } => {
                client(&conn)?.cancel_boleto(&id).await?;
                Ok(vec![json!({"cancellation_requested": id})])
            }
        }
    })
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReceiptKind {
    InternalTransfer,
    ExternalTransfer,
    Payment,
}

#[derive(Args)]
pub struct ReceiptArgs {
    #[command(flatten)]
    conn: Connection,
    #[arg(value_enum)]
    kind: ReceiptKind,
    id: String,
    #[arg(long)]
    out: PathBuf,
}

pub fn receipt(a: ReceiptArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        let of = match a.kind {
            ReceiptKind::InternalTransfer => ReceiptOf::InternalTransfer,
            ReceiptKind::ExternalTransfer => ReceiptOf::ExternalTransfer,
            ReceiptKind::Payment => ReceiptOf::Payment,
        };
        Ok(vec![save(
            &a.out,
            &client(&a.conn)?.receipt_pdf(of, &a.id).await?,
        )?])
    })
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CalendarKind {
    InternalTransfer,
    ExternalTransfer,
    Payment,
}

#[derive(Args)]
pub struct CalendarArgs {
    #[command(flatten)]
    conn: Connection,
    #[arg(value_enum)]
    operation_type: CalendarKind,
}

pub fn calendar(a: CalendarArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        let kind = match a.operation_type {
            CalendarKind::InternalTransfer => OperationType::InternalTransfer,
            CalendarKind::ExternalTransfer => OperationType::ExternalTransfer,
            CalendarKind::Payment => OperationType::BarcodePayment,
        };
        Ok(vec![value(
            &client(&a.conn)?.scheduling_calendar(kind).await?,
        )])
    })
}

#[derive(Args)]
pub struct WebhookArgs {
    #[command(flatten)]
    conn: Connection,
    /// The `x-stone-webhook-event-id` header, for de-duplication.
    #[arg(long)]
    event_id: Option<String>,
}

/// Reads a webhook body on stdin; prints the verified event or why not.
pub fn webhook(a: WebhookArgs) -> std::io::Result<Verdict> {
    let mut body = Vec::new();
    std::io::stdin().read_to_end(&mut body)?;
    run(|| async move {
        let event = client(&a.conn)?
            .verify_webhook(&body, a.event_id.as_deref())
            .await?;
        Ok(vec![json!({
            "event_id": event.event_id,
            "event_type": event.event_type.as_str(),
            "target_type": event.target_type,
            "target_id": event.target_id,
            "claims": event.claims,
        })])
    })
}
