//! The endpoints of [`crate::domain::receipts`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::operations::lifecycle;
use crate::domain::operations::Kind;
use crate::domain::operations::Status;
use crate::domain::pdf::money;
use crate::domain::receipts::*;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

fn parse(headers: &HeaderMap, body: &Bytes) -> Result<ReceiptRequest, Refusal> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let parsed = if form {
        serde_urlencoded::from_bytes(body).ok()
    } else {
        serde_json::from_slice(body).ok()
    };
    parsed.ok_or_else(|| Refusal::validation(&[("body", "needs resource_type and resource_id")]))
}

/// `POST /api/v1/receipts`: `application/pdf`.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let token = caller(&app, &headers, READ)?;
    let req = parse(&headers, &body)?;
    let (Some(kind), Some(id)) = (req.resource_type, req.resource_id) else {
        return Err(Refusal::validation(&[(
            "resource_type",
            "and resource_id are required",
        )]));
    };
    let store = app.store.lock();
    let (title, fields) = if kind == "statement" {
        let account = store.accessible_account(&token.client_id, &id)?;
        let from = req.start_datetime.unwrap_or_default();
        let to = req.end_datetime.unwrap_or_else(|| "9999".into());
        let mut fields = vec![
            (
                "Conta".to_owned(),
                format!("{} ({})", account.account_code, account.owner_name),
            ),
            ("Período".to_owned(), format!("{from} a {to}")),
        ];
        fields.extend(
            store
                .entries
                .iter()
                .filter(|e| *e.account_id == *id)
                .map(|e| (e.created_at.iso(), e))
                .filter(|(at, _)| at.as_str() >= from.as_str() && at.as_str() <= to.as_str())
                .map(|(at, e)| (at, format!("{} {}", e.kind.as_str(), money(e.amount)))),
        );
        ("Extrato (sandbox)", fields)
    } else {
        let Some(k) = Kind::ALL.into_iter().find(|k| k.resource_type() == kind) else {
            return Err(Refusal::validation(&[(
                "resource_type",
                "must be external_transfer, internal_transfer, payment, outbound_pix_payment or statement",
            )]));
        };
        let op = store
            .operation_index
            .get(&id)
            .map(|&i| &store.operations[i])
            .filter(|op| op.kind == k)
            .ok_or_else(Refusal::not_found)?;
        store.check_access(&token.client_id, &op.account_id)?;
        // Only successful states have a receipt.
        if !matches!(
            op.status,
            Status::Approved
                | Status::Scheduled
                | Status::DelayedToNextBusinessDay
                | Status::Finished
                | Status::Settled
        ) {
            return Err(lifecycle::wrong_status(op.status));
        }
        let owner = store
            .account(&op.account_id)
            .map(|a| a.owner_name.clone())
            .unwrap_or_default();
        let title = match k {
            Kind::Internal => "Comprovante de transferência (sandbox)",
            Kind::External => "Comprovante de TED (sandbox)",
            Kind::Payment => "Comprovante de pagamento (sandbox)",
            Kind::Pix => "Comprovante de Pix (sandbox)",
            Kind::PixRefund => "Comprovante de devolução de Pix (sandbox)",
        };
        (title, operation_fields(op, &owner))
    };
    drop(store);
    let bytes = crate::domain::pdf::receipt(title, &fields);
    Ok(([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response())
}
