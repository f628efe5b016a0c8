//! Why the bank says no: the domain's one error type. A refusal has a
//! class (what kind of no: the caller is unknown, may not, asked for
//! nothing that exists, sent something malformed, asked for what the rules
//! forbid, ...) and what Stone says about it (`srn:error:<name>`, the
//! reasons, the fields a client reads). The HTTP layer turns the class
//! into a status (`crate::http::error`, one table); nothing here knows
//! HTTP.

use serde_json::{json, Value};

/// What kind of no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The request is malformed or a field is invalid.
    Invalid,
    /// Nobody known is asking (no token, an expired one).
    Unauthenticated,
    /// The caller is known but may not do this.
    Forbidden,
    /// Nothing the caller can see has that id.
    NotFound,
    /// An idempotency key reused with another request.
    Conflict,
    /// The rules forbid it now (a wrong status, not enough money, ...).
    Unprocessable,
    /// The same idempotency key is still being worked on.
    Locked,
    /// An idempotency key longer than Stone accepts.
    KeyTooLong,
    /// The sandbox itself failed.
    Internal,
}

#[derive(Debug, Clone)]
pub struct Refusal {
    pub class: Class,
    /// What Stone's body says (`type`, `reason[]`, `message`, ...).
    pub body: Value,
}

impl Refusal {
    pub fn new(class: Class, kind: &str) -> Self {
        Refusal {
            class,
            body: json!({ "type": format!("srn:error:{kind}") }),
        }
    }

    /// With a `message` saying what to do about it.
    pub fn with_message(class: Class, kind: &str, message: &str) -> Self {
        Refusal {
            class,
            body: json!({ "type": format!("srn:error:{kind}"), "message": message }),
        }
    }

    /// `srn:error:unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::new(Class::Unauthenticated, "unauthenticated")
    }

    /// `srn:error:unauthorized` (Stone's name for forbidden).
    pub fn unauthorized() -> Self {
        Self::new(Class::Forbidden, "unauthorized")
    }

    pub fn not_found() -> Self {
        Self::new(Class::NotFound, "not_found")
    }

    /// `srn:error:validation` with `reason[]` (errors are cumulative).
    pub fn validation(reasons: &[(&str, &str)]) -> Self {
        let reason: Vec<Value> = reasons
            .iter()
            .map(|(path, error)| json!({ "error": error, "path": path.split('.').collect::<Vec<_>>() }))
            .collect();
        Refusal {
            class: Class::Invalid,
            body: json!({ "type": "srn:error:validation", "reason": reason }),
        }
    }

    /// A refusal in the BCB Pix API's problem shape (SPEC §5.7 #8), whose
    /// body carries its status number; an invalid request also lists its
    /// violation (`violacoes`, what is wrong).
    pub fn bcb(class: Class, status: u16, name: &str, title: &str, detail: &str) -> Self {
        let mut body = json!({
            "type": format!("https://pix.bcb.gov.br/api/v2/error/{name}"),
            "title": title,
            "status": status,
            "detail": detail,
        });
        if class == Class::Invalid {
            body["violacoes"] = json!([{ "razao": detail, "propriedade": Value::Null }]);
        }
        Refusal { class, body }
    }
}
