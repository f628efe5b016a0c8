//! Internal transfers: between Stone accounts, 24×7, instant, no fee
//! (SPEC §6.5 #21). The target is found by account code.

use crate::domain::clock::Now;
use crate::domain::operations::rules::Reasons;
use crate::domain::operations::Draft;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde_json::{Map, Value};

pub fn draft(store: &Store, now: &Now, body: &Value) -> Result<Draft, Refusal> {
    let mut reasons = Reasons::default();
    let amount = crate::domain::operations::rules::amount(body.get("amount"), &mut reasons);
    let account_id = crate::domain::operations::rules::required_text(
        body.get("account_id"),
        "account_id",
        &mut reasons,
    );
    let code = body
        .pointer("/target/account/account_code")
        .and_then(Value::as_str)
        .filter(|c| crate::domain::operations::rules::digits(c));
    if code.is_none() {
        reasons.add("target.account.account_code", "is required, digits only");
    }
    let description = crate::domain::operations::rules::optional_text(body.get("description"))
        .unwrap_or_default();
    if description.chars().count() > 200 {
        reasons.add("description", "must have at most 200 characters");
    }
    let scheduled = crate::domain::operations::rules::scheduled_to(
        body.get("scheduled_to"),
        now,
        false,
        &mut reasons,
    );
    let (Some(amount), Some(account_id), Some(code), true) =
        (amount, account_id, code, reasons.is_empty())
    else {
        return Err(reasons.into_error());
    };
    // Leading zeros are not part of an account code (SPEC §5.12).
    let code = code.trim_start_matches('0');
    let target = store
        .accounts
        .iter()
        .find(|a| a.account_code == code)
        .ok_or_else(|| Refusal::new(Class::Unprocessable, "target_account_not_found"))?;
    if target.id == account_id {
        return Err(Refusal::new(
            Class::Unprocessable,
            "cannot_transfer_to_source_account",
        ));
    }
    Ok(Draft {
        description: Some(description.into()),
        names: Some(target.as_names.clone()),
        account_id,
        amount,
        fee: 0,
        scheduled_to: scheduled.map(|(_, effective)| effective),
        target: Some(target.as_party.clone()),
        extra: Map::new(),
        target_account_id: Some(target.id.clone()),
        invoice_id: None,
    })
}
