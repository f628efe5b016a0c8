//! Scheduling and approvals (SPEC §6.6, §6.7): the scheduling calendar,
//! operations waiting for the owner or for their day, and batch decisions.

use serde_json::{json, Value};

use super::validate::{invalid, path_id};
use super::{url, Client, Error, Pages};
use crate::models::{OperationType, PendingOperation, SchedulingCalendar};

/// Which operations list to walk or act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PendingStatus {
    /// Waiting for the owner's approval.
    PendingApproval,
    /// Approved, waiting for its day.
    Scheduled,
}

/// A batch decision: the operations named, or all pending but those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchScope {
    Only,
    AllExcept,
}

impl Client {
    /// Non-business days and the scheduling window of an operation type.
    pub async fn scheduling_calendar(
        &self,
        kind: OperationType,
    ) -> Result<SchedulingCalendar, Error> {
        if kind == OperationType::PixPayment {
            return Err(super::validate::invalid(
                "operation_type",
                "Pix runs every day: the calendar covers transfers and payments",
            ));
        }
        self.get(&format!(
            "/api/v1/schedulings/calendar?operation_type={}",
            kind.calendar_name()
        ))
        .await
    }

    /// Operations of the account waiting for approval or for their day.
    pub fn pending_operations(
        &self,
        account_id: &str,
        status: PendingStatus,
    ) -> Pages<PendingOperation> {
        let status = match status {
            PendingStatus::PendingApproval => "PENDING_APPROVAL",
            PendingStatus::Scheduled => "SCHEDULED",
        };
        Pages::new(
            self,
            "account_id",
            account_id,
            format!(
                "/api/v1/accounts/{}/operations?status={status}",
                url::encode(account_id)
            ),
        )
    }

    fn batch(ops: &[(OperationType, &str)], action: &str) -> Result<Value, Error> {
        if ops.len() > 1000 {
            return Err(invalid("operations", "at most 1000 per batch"));
        }
        let list: Vec<Value> = ops
            .iter()
            .map(|(kind, id)| {
                path_id("operation_id", id).map(|()| json!({"id": id, "type": kind.as_str()}))
            })
            .collect::<Result<_, _>>()?;
        Ok(json!({"action": action, "operations": list}))
    }

    /// One batch decision: `verb` is `approve` or `cancel`; answers the
    /// count Stone reports (`number_of_<noun>`).
    async fn batch_action(
        &self,
        account_id: &str,
        verb: &str,
        noun: &str,
        scope: BatchScope,
        ops: &[(OperationType, &str)],
        idempotency_key: Option<&str>,
    ) -> Result<u64, Error> {
        path_id("account_id", account_id)?;
        let action = match scope {
            BatchScope::Only => format!("{verb}_only"),
            BatchScope::AllExcept => format!("{verb}_all_except"),
        };
        let v: Value = self
            .keyed(
                &format!("/api/v1/accounts/{account_id}/operations/actions/{verb}"),
                &Self::batch(ops, &action)?,
                idempotency_key,
            )
            .await?;
        let field = format!("number_of_{noun}");
        v.get(&field)
            .and_then(Value::as_u64)
            .ok_or_else(|| Error::Decode(format!("no {field}")))
    }

    /// Approves a batch (≤ 1000) as the owner; answers how many were
    /// approved.
    pub async fn approve_operations(
        &self,
        account_id: &str,
        scope: BatchScope,
        ops: &[(OperationType, &str)],
        idempotency_key: Option<&str>,
    ) -> Result<u64, Error> {
        self.batch_action(
            account_id,
            "approve",
            "approvals",
            scope,
            ops,
            idempotency_key,
        )
        .await
    }

    /// Cancels a batch (≤ 1000) of pending or scheduled operations.
    pub async fn cancel_operations(
        &self,
        account_id: &str,
        scope: BatchScope,
        ops: &[(OperationType, &str)],
        idempotency_key: Option<&str>,
    ) -> Result<u64, Error> {
        self.batch_action(
            account_id,
            "cancel",
            "cancellations",
            scope,
            ops,
            idempotency_key,
        )
        .await
    }
}
