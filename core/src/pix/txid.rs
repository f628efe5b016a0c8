//! Transaction ids (txid): which pattern applies where.
//!
//! - In a BR Code (`62.05`): `***` (none) or 1–25 letters and digits.
//! - Charges (`cob`, `cobv`, Stone's static and dynamic QR invoices):
//!   26–35 letters and digits, chosen by the receiver, unique per account.
//! - Paying a QR (the `transaction_id` of an outbound Pix): either of the
//!   two alphanumeric patterns, 1–35 characters.

fn alphanumeric(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A BR Code's txid: `***` or `[A-Za-z0-9]{1,25}`.
pub fn is_brcode_txid(s: &str) -> bool {
    s == "***" || alphanumeric(s, 1, 25)
}

/// A charge's txid (BCB API `cob`/`cobv`, Stone QR invoices): `[A-Za-z0-9]{26,35}`.
pub fn is_charge_txid(s: &str) -> bool {
    alphanumeric(s, 26, 35)
}

/// An outbound Pix's `transaction_id`: `[A-Za-z0-9]{1,25}` or `{26,35}`.
pub fn is_payment_txid(s: &str) -> bool {
    alphanumeric(s, 1, 35)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(is_brcode_txid("***"));
        assert!(is_brcode_txid("pedido123"));
        assert!(!is_brcode_txid("pedido 12"));
        assert!(!is_brcode_txid(&"a".repeat(26)));
        assert!(!is_brcode_txid(""));
        assert!(is_charge_txid(&"a".repeat(26)));
        assert!(!is_charge_txid(&"a".repeat(25)));
        assert!(!is_charge_txid(&"a".repeat(36)));
        assert!(is_payment_txid("x"));
        assert!(!is_payment_txid("***"));
    }
}
