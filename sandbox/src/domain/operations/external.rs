//! External transfers (TED) to other STR participants (SPEC §6.5 #25):
//! business days 06:30–17:23, otherwise delayed to the next business day
//! (`lifecycle`); a weekend or holiday `scheduled_to` moves to the next
//! business day. Money leaves the sandbox (`Flows::sent_out`).

use crate::domain::clock::Now;
use crate::domain::fees;
use crate::domain::institutions;
use crate::domain::operations::rules::Reasons;
use crate::domain::operations::Draft;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use stone_openbank::documents::TaxId;

pub(crate) const ACCOUNT_TYPES: &[&str] = &["CC", "CD", "CG", "CI", "PG", "PP"];

/// Stone's documented normalisation of `account_type` and branch
/// (SPEC §6.5): payment accounts have no branch.
pub(crate) fn normalise(
    account_type: Option<&str>,
    code: &str,
    branch: Option<&str>,
) -> (String, Option<String>) {
    match account_type {
        Some("PG") => ("PG".into(), None),
        Some("CC") | None if code.len() > 13 || branch.is_none() => ("PG".into(), None),
        None => ("CC".into(), branch.map(str::to_owned)),
        Some(other) => (other.to_owned(), branch.map(str::to_owned)),
    }
}

pub fn draft(now: &Now, body: &Value) -> Result<Draft, Refusal> {
    let mut reasons = Reasons::default();
    let amount = crate::domain::operations::rules::amount(body.get("amount"), &mut reasons);
    let account_id = crate::domain::operations::rules::required_text(
        body.get("account_id"),
        "account_id",
        &mut reasons,
    );
    let text = |pointer: &str| body.pointer(pointer).and_then(Value::as_str);
    // Leading zeros are dropped on storage (SPEC §5.12).
    let code = text("/target/account/account_code")
        .map(|c| c.trim_start_matches('0'))
        .filter(|c| crate::domain::operations::rules::digits(c) && (2..=20).contains(&c.len()));
    if code.is_none() {
        reasons.add(
            "target.account.account_code",
            "is required: 2 to 20 digits, not starting with 0",
        );
    }
    let branch = text("/target/account/branch_code").filter(|b| !b.is_empty());
    if branch.is_some_and(|b| !crate::domain::operations::rules::digits(b) || b.len() > 4) {
        reasons.add("target.account.branch_code", "must have 1 to 4 digits");
    }
    let account_type = text("/target/account/account_type");
    if account_type.is_some_and(|t| !ACCOUNT_TYPES.contains(&t)) {
        reasons.add(
            "target.account.account_type",
            "must be one of CC, CD, CG, CI, PG, PP",
        );
    }
    let institution_code = text("/target/account/institution_code");
    let institution = match institution_code {
        Some(c)
            if crate::domain::operations::rules::digits(c) && (c.len() == 3 || c.len() == 8) =>
        {
            let found = institutions::find(c);
            if found.is_none() {
                reasons.add(
                    "target.account.institution_code",
                    "is not a known STR participant",
                );
            }
            found
        }
        _ => {
            reasons.add(
                "target.account.institution_code",
                "is required: an ISPB (8 digits) or bank number (3 digits)",
            );
            None
        }
    };
    let name = text("/target/entity/name").filter(|n| !n.trim().is_empty());
    if name.is_none() {
        reasons.add("target.entity.name", "is required");
    }
    let document = match text("/target/entity/document").map(TaxId::parse) {
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            reasons.add("target.entity.document", "is not a valid CPF or CNPJ");
            None
        }
        None => {
            reasons.add("target.entity.document", "is required");
            None
        }
    };
    let scheduled = crate::domain::operations::rules::scheduled_to(
        body.get("scheduled_to"),
        now,
        true,
        &mut reasons,
    );
    let (
        Some(amount),
        Some(account_id),
        Some(code),
        Some(institution),
        Some(name),
        Some(document),
        true,
    ) = (
        amount,
        account_id,
        code,
        institution,
        name,
        document,
        reasons.is_empty(),
    )
    else {
        return Err(reasons.into_error());
    };
    if institution.ispb_code == institutions::STONE_ISPB {
        // A TED may not go to another Stone account: that is an internal
        // transfer.
        return Err(Refusal::new(
            Class::Unprocessable,
            "external_transfer_to_stone_account",
        ));
    }
    let (account_type, branch) = normalise(account_type, code, branch);
    let document_type = match document {
        TaxId::Cpf(_) => "cpf",
        TaxId::Cnpj(_) => "cnpj",
    };
    let target = json!({
        "account": {
            "account_code": code,
            "branch_code": branch,
            "account_type": account_type,
            "institution_code": institution_code,
            // The statement entry's counterparty reads the ISPB here
            // (`statement_entry.get.response.json`).
            "institution": institution.ispb_code,
            "institution_ispb": institution.ispb_code,
            "institution_name": institution.name,
            "institution_number_code": institution.number_code,
        },
        "entity": {
            "name": name,
            "document": document.as_str(),
            "document_type": document_type,
            // Legacy duplicate of `document` (SPEC §7.1).
            "cpf": document.as_str(),
        },
    });
    let mut extra = Map::new();
    extra.insert("delayed_to_next_business_day".into(), json!(false));
    extra.insert(
        "scheduled_to_requested".into(),
        json!(scheduled.map(|(requested, _)| stone_openbank::barcode::iso_date(requested))),
    );
    extra.insert(
        "scheduled_to_effective".into(),
        json!(scheduled.map(|(_, effective)| stone_openbank::barcode::iso_date(effective))),
    );
    for field in [
        "refund_reason_code",
        "refund_reason_description",
        "refunded_at",
    ] {
        extra.insert(field.into(), Value::Null);
    }
    Ok(Draft {
        description: None,
        names: None,
        account_id,
        amount,
        fee: fees::EXTERNAL_TRANSFER,
        scheduled_to: scheduled.map(|(_, effective)| effective),
        target: Some(Arc::new(target)),
        extra,
        target_account_id: None,
        invoice_id: None,
    })
}
