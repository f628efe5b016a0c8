//! The typed models decode Stone's real bodies (the fixtures distilled from
//! its docs, beside the clone in `shared/stone-api/fixtures`; override with
//! `STONE_FIXTURES`): every field the SDK types, and none of the quirks
//! (string limits, repeated keys, nulls) breaks a decode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::de::DeserializeOwned;
use serde_json::Value;
use stone_openbank::models::{
    Account, Balance, BoletoInvoice, Contact, ContactBankAccount, ExternalTransfer, Fee,
    Institution, InternalTransfer, Page, Payment, PaymentDryRun, Payroll, PendingOperation,
    SchedulingCalendar, StatementEntry,
};

fn fixture(name: &str) -> Value {
    let dir = std::env::var_os("STONE_FIXTURES").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/stone-api/fixtures"),
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    // Through a JSON tree, as the client does when a body repeats a key.
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn accounts_balance_statement() {
    let page: Page<Account> = decode("account.list.response.json");
    assert!(!page.data.is_empty());
    let _: Account = decode("account.get.response.json");
    let b: Balance = decode("balance.get.response.json");
    assert!(b.balance >= 0);
    let st: Page<StatementEntry> = decode("statement.list.response.json");
    assert!(st
        .data
        .iter()
        .all(|e| e.amount != 0 || e.balance_before == e.balance_after));
    let p: Page<Value> = decode("pagination.example.json");
    assert!(
        p.cursor.limit.is_some(),
        "a string limit is read as a number"
    );
}

#[test]
fn transfers_and_payments() {
    let t: InternalTransfer = decode("internal_transfer.get.response.json");
    assert!(t.amount > 0);
    let _: Page<InternalTransfer> = decode("internal_transfer.list.response.json");
    let e: ExternalTransfer = decode("external_transfer.get.response.json");
    assert!(e.amount > 0);
    let _: Page<ExternalTransfer> = decode("external_transfer.list.response.json");
    let p: Payment = decode("payment.get.response.json");
    assert!(p.barcode.is_some());
    let _: Page<Payment> = decode("payment.list.response.json");
    let d: PaymentDryRun = decode("dry_run_payment.create.response.json");
    assert_eq!(d.details.unwrap().status.as_deref(), Some("unpayable"));
}

#[test]
fn boletos_contacts_reference_data() {
    let b: BoletoInvoice = decode("barcode_payment_invoice.get.response.json");
    assert_eq!(b.barcode.as_deref().map(str::len), Some(44));
    let _: Page<BoletoInvoice> = decode("barcode_payment_invoice.list.response.json");
    let c: Contact = decode("contact.get.response.json");
    assert!(!c.name.is_empty());
    let _: Vec<Contact> = decode("contact.list.response.json");
    let _: ContactBankAccount = decode("contact_bank_account.create.response.json");
    let i: Institution = decode("institution.get.response.json");
    assert_eq!(i.ispb_code, "16501555");
    let _: Vec<Institution> = decode("institution.list.response.json");
    let f: Fee = decode("fee.get.response.json");
    assert_eq!(f.fee_type, "internal_transfer");
    let _: Page<Fee> = decode("fee.list.response.json");
    let p: Payroll = decode("payroll.get.response.json");
    assert_eq!(p.summary.number_of_salaries, 8);
    let cal: SchedulingCalendar = decode("scheduling_calendar.get.response.json");
    assert!(!cal.non_business_days.is_empty());
    let _: Page<PendingOperation> = decode("operation.list.response.json");
    // A pending operation's fee may be null (SPEC §6.7).
    let op: PendingOperation = decode("operation.get.response.json");
    assert_eq!(op.fee, None);
    let sp: stone_openbank::models::SalaryPortability =
        decode("salary_portability.create.response.json");
    assert_eq!(sp.status, "ENABLED");
    let _: Page<stone_openbank::models::SalaryPortability> =
        decode("salary_portability.list.response.json");
}

#[test]
fn pix_payments_and_refunds() {
    use stone_openbank::models::{PixPayment, PixRefund};
    let created: PixPayment = decode("pix_outbound_payment.create.response.json");
    assert_eq!(created.status, "CREATED");
    // Paid by key: no account yet, and a masked CPF.
    let target = created.target.unwrap();
    assert!(target.account.is_none());
    assert_eq!(
        target.entity.unwrap().document.as_deref(),
        Some("***369163**")
    );
    let got: PixPayment = decode("pix_outbound_payment.get.response.json");
    assert!(!got.id.is_empty());
    let _: PixPayment = decode("pix_payment.get.response.json");
    let webhook = fixture("webhook.pix_outbound_payment_created.json");
    let confirmed: PixPayment = serde_json::from_value(webhook["target_data"].clone()).unwrap();
    assert_eq!(
        (confirmed.status.as_str(), confirmed.amount),
        ("CONFIRMED", 1_000)
    );
    let refund: PixRefund = decode("pix_inbound_refund.create.response.json");
    assert_eq!((refund.status.as_str(), refund.amount), ("PENDING", 39_511));
    assert!(refund.return_id.unwrap().starts_with('D'));
}
