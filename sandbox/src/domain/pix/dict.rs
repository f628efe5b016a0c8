//! The rest of the DICT: keys held at other institutions, a fixed table so
//! that a Pix can leave Stone, and a key registration can fail and be
//! claimed, deterministically (listed in `docs/sandbox.md`). A key
//! registered in the sandbox (`key_owner`) comes first; any other key is
//! not found.

use crate::domain::institutions;
use crate::domain::pix;
use serde_json::{json, Value};

/// A key held at another bank.
pub struct OutsideKey {
    pub key: &'static str,
    pub name: &'static str,
    pub document: &'static str,
    pub ispb: &'static str,
    pub account_code: &'static str,
    pub branch_code: &'static str,
}

pub(crate) const OUTSIDE: &[OutsideKey] = &[
    OutsideKey {
        key: "+5521988040465",
        name: "Arcilio Bernardi Cardoso",
        document: "00036916323",
        ispb: "00000000",
        account_code: "10022291",
        branch_code: "1234",
    },
    OutsideKey {
        key: "gabriela.abreu@example.com",
        name: "Gabriela Abreu",
        document: "12409265707",
        ispb: "90400888",
        account_code: "10022294",
        branch_code: "4208",
    },
    OutsideKey {
        key: "11444777000161",
        name: "Padaria Pao Quente Ltda",
        document: "11444777000161",
        ispb: "18236120",
        account_code: "998877",
        branch_code: "0001",
    },
    OutsideKey {
        key: "7d9f0335-8dcc-4054-9bf9-0dbd61d36906",
        name: "Loja Externa Ltda",
        document: "00038166000105",
        ispb: "60746948",
        account_code: "554433",
        branch_code: "0001",
    },
];

/// The holder of a key at another bank.
pub fn outside(key: &str) -> Option<&'static OutsideKey> {
    OUTSIDE.iter().find(|k| k.key == key)
}

/// The party view of a key's holder at another bank.
pub fn party(k: &OutsideKey) -> Value {
    let bank = institutions::find(k.ispb).map_or("", |i| i.name);
    json!({
        "account": {"account_code": k.account_code, "account_type": "CC", "branch_code": k.branch_code},
        "entity": {"document": k.document, "document_type": pix::document_type(k.document), "name": k.name},
        "institution": {"ispb": k.ispb, "name": bank},
    })
}
