//! Fees (SPEC §6.3 #16–17). The sandbox charges fixed fees so that fee
//! arithmetic (statement `amount` = operation + fee, balances, receipts) is
//! exercised: a TED costs R$ 3,67, an issued boleto R$ 2,00 when it is paid;
//! internal transfers and barcode payments are free, as at Stone.

use serde_json::{json, Value};

pub const INTERNAL_TRANSFER: i64 = 0;
pub const EXTERNAL_TRANSFER: i64 = 367;
pub const BARCODE_PAYMENT: i64 = 0;
/// Charged to the issuer when one of its boletos is paid.
pub const BARCODE_PAYMENT_INVOICE: i64 = 200;

pub(crate) const READ: &[&str] = &["paymentaccount:read", "expend:read"];

pub(crate) fn all() -> Vec<Value> {
    vec![
        json!({"fee_type": "internal_transfer", "amount": INTERNAL_TRANSFER}),
        json!({
            "fee_type": "external_transfer",
            "amount": EXTERNAL_TRANSFER,
            "original_fee": EXTERNAL_TRANSFER,
            "billing_exemption_participant": false,
            "max_free_transfers": 0,
            "remaining_free_transfers": 0,
        }),
        json!({"fee_type": "barcode_payment", "amount": BARCODE_PAYMENT}),
        json!({
            "fee_type": "barcode_payment_invoice",
            "amount": BARCODE_PAYMENT_INVOICE,
            "original_fee": BARCODE_PAYMENT_INVOICE,
            "billing_exemption_participant": false,
            "max_free": 0,
            "remaining_free": 0,
        }),
        json!({"fee_type": "outbound_stone_prepaid_card_payment", "amount": 0}),
        json!({"fee_type": "outbound_stone_prepaid_card_withdrawal", "amount": 650}),
    ]
}
