//! `POST /api/v1/pix/outbound_pix_payments/brcodes`: what a BR Code asks
//! for, before paying it. Static codes are read by the core; dynamic ones
//! are fetched from their location (the sandbox's own charges).

use stone_openbank::pix::{self};

pub(crate) const SCOPES: &[&str] = &["pix:payment", "pix:read", "paymentaccount:read"];

/// The API's name of a key type (`random_key` for a UUID).
pub fn api_key_type(t: pix::KeyType) -> &'static str {
    match t {
        pix::KeyType::Evp => "random_key",
        other => other.as_str(),
    }
}
