//! Charges with a due date (cobrança com vencimento, SPEC §6.13.5 #86–#88):
//! `POST /api/v1/pix_payment_invoices_with_due_date` (200, `ACTIVE`),
//! `DELETE .../{id}` (with `x-stone-account-id`), and the BCB payload the
//! payer's bank reads, `GET /api/v1/pix/{id}?dpp=<payment date>`, with the
//! amounts of that date.
//!
//! A due-date charge is a dynamic charge with terms (`DueTerms` in its
//! record): it shares the dynamic charge's store, life cycle, payment by the
//! admin payer or an outbound Pix, webhooks and persistence. What it owes
//! on a date is the core's `pix::due::amounts`, the same the SDK offers.

use crate::domain::clock::Now;
use crate::domain::pix::charges::DynamicCharge;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Account;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stone_openbank::models::PixDueTerms;
use stone_openbank::pix::due::{self, DueError};

/// What a due-date charge adds to a dynamic one: its terms, and the
/// beneficiary it shows (Stone's `beneficiary_entity` / `_address`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DueTerms {
    #[serde(flatten)]
    pub terms: PixDueTerms,
    pub beneficiary_entity: Value,
    pub beneficiary_address: Value,
}

/// Reads and checks a creation body's terms: they must be computable on
/// every day the charge may be paid (checked on the due date and the last
/// day), and the due date must not have passed.
pub fn terms_of(body: &Value, account: &Account, now: &Now) -> Result<DueTerms, Refusal> {
    let mut reasons: Vec<(&str, String)> = Vec::new();
    if body.get("amount").and_then(Value::as_i64).is_none() {
        reasons.push(("amount", "is required".into()));
    }
    let customer = body.get("customer");
    for field in ["name", "document"] {
        if customer
            .and_then(|c| c.get(field))
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            reasons.push((
                if field == "name" {
                    "customer.name"
                } else {
                    "customer.document"
                },
                "is required".into(),
            ));
        }
    }
    let mut terms = match serde_json::from_value::<PixDueTerms>(body.clone()) {
        Ok(t) => Some(t),
        Err(e) => {
            reasons.push(("expiration_date", format!("the terms are not Stone's: {e}")));
            None
        }
    };
    if let Some(t) = &mut terms {
        if t.expiration_date < now.today {
            reasons.push(("expiration_date", "must not have passed".into()));
        }
        t.payment_limit_period_days
            .get_or_insert(due::DEFAULT_LIMIT_DAYS);
        let amount = body.get("amount").and_then(Value::as_i64).unwrap_or(1);
        for day in [t.expiration_date, due::last_day(t)] {
            if let Err(DueError::Terms { field, reason }) = due::amounts(amount, t, day) {
                reasons.push((field, reason.into()));
                break;
            }
        }
    }
    // Terms that did not parse left a reason: one check refuses both.
    let (Some(terms), true) = (terms, reasons.is_empty()) else {
        let refs: Vec<(&str, &str)> = reasons.iter().map(|(f, r)| (*f, r.as_str())).collect();
        return Err(Refusal::validation(&refs));
    };
    Ok(DueTerms {
        terms,
        beneficiary_entity: json!({
            "document": account.owner_document,
            "document_type": crate::domain::pix::document_type(&account.owner_document),
            "legal_name": account.owner_name,
            "trade_name": null,
        }),
        beneficiary_address: json!({
            "city": "São Paulo", "country": "BRA", "state": "SP", "postal_code": "01310100",
            "street": "Avenida Paulista", "street_number": "1000", "neighborhood": "Bela Vista",
            "extra": null, "reference_point": null,
        }),
    })
}

/// The end of a charge's last payment day (Brasília), as unix seconds.
pub fn last_moment(terms: &PixDueTerms) -> i64 {
    due::last_day(terms)
        .next_day()
        .map(|d| {
            d.midnight()
                .assume_offset(stone_openbank::calendar::BRASILIA)
                .unix_timestamp()
        })
        .unwrap_or(i64::MAX)
}

/// What the charge owes when paid today.
pub fn due_today(c: &DynamicCharge, t: &DueTerms, now: &Now) -> Result<i64, Refusal> {
    let original = c.amount.unwrap_or(0);
    due::amounts(original, &t.terms, now.today)
        .map(|a| a.final_amount)
        .map_err(|_| Refusal::new(Class::Unprocessable, "invoice_expired"))
}

/// An error in the BCB APIs' shape (SPEC §5.7 #8).
pub fn bcb_error(status: u16, name: &str, title: &str, detail: &str) -> Refusal {
    let class = match status {
        403 => Class::Forbidden,
        404 => Class::NotFound,
        422 => Class::Unprocessable,
        _ => Class::Invalid,
    };
    Refusal::bcb(class, status, name, title, detail)
}

/// The BCB payload of a due-date charge for a payment date (`dpp`,
/// default today): amounts as decimal strings of reais.
pub fn payload(
    c: &DynamicCharge,
    t: &DueTerms,
    dpp: Option<&str>,
    now: &Now,
) -> Result<Value, Refusal> {
    let invalid =
        |detail: &str| bcb_error(400, "PixConsultaInvalida", "Consulta Pix Inválida", detail);
    let day = match dpp {
        None => now.today,
        Some(text) => stone_openbank::barcode::parse_iso_date(text)
            .map_err(|_| invalid("dpp must be a date as yyyy-mm-dd"))?,
    };
    if day < now.today {
        return Err(invalid("dpp must not be in the past"));
    }
    let a =
        due::amounts(c.amount.unwrap_or(0), &t.terms, day).map_err(|e| invalid(&e.to_string()))?;
    let status = c.status.bcb();
    let customer = c.customer.clone().unwrap_or(Value::Null);
    let money = |cents: i64| (cents > 0).then(|| due::reais(cents));
    Ok(json!({
        "calendario": {
            "criacao": c.created_at,
            "apresentacao": now.iso,
            "dataDeVencimento": stone_openbank::barcode::iso_date(t.terms.expiration_date),
            "validadeAposVencimento": t.terms.payment_limit_period_days.unwrap_or(due::DEFAULT_LIMIT_DAYS),
        },
        "chave": c.key,
        "devedor": devedor(&customer),
        "recebedor": recebedor(&t.beneficiary_entity),
        "revisao": 0,
        "solicitacaoPagador": c.request_for_payer,
        "status": status,
        "txid": c.transaction_id,
        "infoAdicionais": c.additional_data.iter()
            .map(|d| json!({"nome": d.get("name"), "valor": d.get("value")}))
            .collect::<Vec<_>>(),
        "valor": {
            "original": due::reais(a.original),
            "abatimento": money(a.reduction),
            "desconto": money(a.discount),
            "multa": money(a.fine),
            "juros": money(a.interest),
            "final": due::reais(a.final_amount),
        },
    }))
}

/// The payer of a due-date charge as the BCB's views name it (`devedor`):
/// its name, `cpf` or `cnpj`, and the address the charge was given with.
pub fn devedor(customer: &Value) -> Value {
    let document = customer
        .get("document")
        .and_then(Value::as_str)
        .unwrap_or("");
    let field = if document.len() == 11 { "cpf" } else { "cnpj" };
    let mut v = json!({"nome": customer.get("name"), field: document});
    if let Some(Value::Object(address)) = customer.get("address") {
        for (bcb, ours) in [
            ("logradouro", "street"),
            ("cidade", "city"),
            ("uf", "state"),
            ("cep", "zip_code"),
        ] {
            if let Some(x) = address.get(ours) {
                v[bcb] = x.clone();
            }
        }
    }
    v
}

/// The account receiving a due-date charge (`recebedor`): its name, `cpf`
/// or `cnpj` by the holder's document, and an address (the sandbox keeps
/// none for accounts: a fixed one).
pub fn recebedor(beneficiary_entity: &Value) -> Value {
    let document = beneficiary_entity
        .get("document")
        .and_then(Value::as_str)
        .unwrap_or("");
    let field = if document.len() == 11 { "cpf" } else { "cnpj" };
    json!({
        "nome": beneficiary_entity.get("legal_name"),
        "nomeFantasia": beneficiary_entity.get("trade_name"),
        field: document,
        "logradouro": "Avenida Paulista, Número 1000, Bairro Bela Vista",
        "cidade": "São Paulo", "uf": "SP", "cep": "01310100",
    })
}
