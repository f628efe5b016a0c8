//! Receipts, "comprovantes" (SPEC §6.9 #45): a PDF for an internal
//! transfer, a TED or a payment in a successful state, or for a statement
//! period. Postman sends the fields form-encoded, the reference as JSON:
//! both are accepted.

use crate::domain::operations::Operation;
use crate::domain::pdf::money;
use serde::Deserialize;
use serde_json::Value;

pub(crate) const READ: &[&str] = &["paymentaccount:read", "expend:read"];

#[derive(Debug, Deserialize)]
pub(crate) struct ReceiptRequest {
    pub(crate) resource_type: Option<String>,
    pub(crate) resource_id: Option<String>,
    pub(crate) start_datetime: Option<String>,
    pub(crate) end_datetime: Option<String>,
}

pub(crate) fn operation_fields(op: &Operation, owner: &str) -> Vec<(String, String)> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let mut f = vec![
        ("Status".to_owned(), op.status.to_string()),
        ("Valor".to_owned(), money(op.amount)),
        ("Tarifa".to_owned(), money(op.fee)),
        (
            "Data".to_owned(),
            op.finished_at.unwrap_or(op.created_at).iso(),
        ),
        (
            "Agendado para".to_owned(),
            op.scheduled_to.clone().unwrap_or_else(|| "-".into()),
        ),
        ("De".to_owned(), owner.to_owned()),
        ("Identificador".to_owned(), op.id.clone()),
    ];
    if let Some(t) = &op.target {
        f.push(("Para".into(), text(t.pointer("/entity/name"))));
        f.push(("Documento".into(), text(t.pointer("/entity/document"))));
        f.push(("Conta".into(), text(t.pointer("/account/account_code"))));
        f.push((
            "Instituição".into(),
            text(t.pointer("/account/institution_name")),
        ));
    }
    if let Some(line) = op.extra.get("writable_line") {
        f.push(("Linha digitável".into(), text(Some(line))));
        f.push((
            "Beneficiário".into(),
            text(
                op.extra
                    .get("details")
                    .and_then(|d| d.get("recipient_name")),
            ),
        ));
    }
    f
}
