//! Stone's Pix APIs (SPEC §6.13): keys (DICT entries), QR charges (static
//! and dynamic immediate), BR Code lookup, outbound Pix (by key, account
//! data or charge, with the owner's approval), received Pix, and an admin
//! payer that pays a charge or a key from outside Stone.
//! Pix runs 24×7: nothing here looks at business days or the TED window.
//!
//! The BR Codes are written and read by the core's `pix` module, and the
//! QR images drawn by it: the sandbox and the SDK agree by construction.

pub mod bcb;
pub mod bcb_cobv;
pub mod bcb_loc;
pub mod charges;
pub mod claims;
pub mod dict;
pub mod due;
pub mod inbound;
pub mod infractions;
pub mod keys;
pub mod lookup;
pub mod outbound;
pub mod refunds;

use crate::domain::operations::Kind;
use crate::domain::store::Account;
use crate::domain::store::Store;
use serde_json::{json, Value};

/// Stone's ISPB, the participant id of its accounts in the SPI.
pub const STONE_ISPB: &str = "16501555";

pub(crate) const READ: &[&str] = &[
    "pix:read",
    "pix:entry",
    "pix:payment",
    "pix:payment_invoice",
    "paymentaccount:read",
];

/// The party view of a Stone account in Pix objects (`source`/`target`).
pub(crate) fn party(account: &Account) -> Value {
    json!({
        "account": {"account_code": account.account_code, "account_type": "PG", "branch_code": "0001"},
        "entity": {"document": account.owner_document, "document_type": document_type(&account.owner_document), "name": account.owner_name},
        "institution": {"ispb": STONE_ISPB, "name": "Stone Instituição de Pagamento S.A."},
    })
}

/// `cpf` or `cnpj` for a document of digits (an account owner's, a key's).
pub(crate) fn document_type(document: &str) -> &'static str {
    if document.len() == 11 {
        "cpf"
    } else {
        "cnpj"
    }
}

/// A name as a BR Code carries it: printable ASCII (accents folded, as
/// banks print them), at most `max` characters.
pub(crate) fn brcode_text(text: &str, max: usize) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
            'é' | 'ê' | 'è' | 'ë' => 'e',
            'É' | 'Ê' | 'È' | 'Ë' => 'E',
            'í' | 'î' | 'ì' | 'ï' => 'i',
            'Í' | 'Î' | 'Ì' | 'Ï' => 'I',
            'ó' | 'ô' | 'õ' | 'ò' | 'ö' => 'o',
            'Ó' | 'Ô' | 'Õ' | 'Ò' | 'Ö' => 'O',
            'ú' | 'û' | 'ù' | 'ü' => 'u',
            'Ú' | 'Û' | 'Ù' | 'Ü' => 'U',
            'ç' => 'c',
            'Ç' => 'C',
            c if (' '..='~').contains(&c) => c,
            _ => ' ',
        })
        .collect();
    let trimmed: String = folded.trim().chars().take(max).collect();
    if trimmed.is_empty() {
        "-".into()
    } else {
        trimmed
    }
}

/// The PNG of a payload as the API returns it (`qr_code_image`).
pub(crate) fn qr_image(payload: &str) -> String {
    use base64::Engine;
    match stone_openbank::pix::qr::png(payload, 4) {
        Ok(png) => format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
        Err(_) => String::new(),
    }
}

/// The account holding an active key, if any.
pub fn key_owner<'s>(store: &'s Store, key: &str) -> Option<&'s keys::KeyEntry> {
    store
        .pix_keys
        .iter()
        .find(|k| k.key == key && k.key_status == crate::domain::pix::keys::KeyStatus::Active)
}

/// The webhook event of a change of a Pix cash-out (`suffix` as the
/// cash-out life cycle names it). Only these exist in Stone's list
/// (SPEC §9.5); the other changes (a Pix created but not confirmed,
/// approved, rejected, scheduled, cancelled) have none.
pub fn event(kind: Kind, suffix: &str) -> Option<&'static str> {
    Some(match (kind, suffix) {
        (Kind::Pix, "confirmed") => "pix_outbound_payment_created",
        (Kind::Pix, "money_reserved") => "pix_outbound_payment_money_reserved",
        (Kind::Pix, "settled") => "pix_outbound_payment_settled",
        (Kind::Pix, "failed" | "scheduled_failed") => "pix_outbound_payment_failed",
        (Kind::Pix, "refunded") => "pix_outbound_payment_refunded",
        (Kind::PixRefund, "") => "pix_inbound_payment_refund_created",
        (Kind::PixRefund, "money_reserved") => "pix_inbound_payment_refund_money_reserved",
        (Kind::PixRefund, "settled") => "pix_inbound_payment_refund_settled",
        (Kind::PixRefund, "failed") => "pix_inbound_payment_refund_failed",
        (Kind::PixRefund, "reversed") => "pix_inbound_payment_refund_reversed",
        _ => return None,
    })
}
