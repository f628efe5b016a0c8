//! Internal transfers, between Stone accounts (SPEC §6.3). The create and
//! its dry-run send the one body `NewInternalTransfer::body` builds, so
//! both refuse the same input.

use serde_json::{json, Value};

use super::validate::{at_most, digits, path_id, positive};
use super::{Client, Error, Pages};
use crate::barcode::iso_date;
use crate::models::{InternalTransfer, NewInternalTransfer};

impl NewInternalTransfer {
    pub(crate) fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        digits("target_account_code", &self.target_account_code, 1..=20)?;
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "target": {"account": {"account_code": self.target_account_code}},
        });
        if let Some(d) = &self.description {
            at_most("description", d, 200)?;
            body["description"] = json!(d);
        }
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        Ok(body)
    }
}

impl Client {
    /// Creates an internal transfer. Every cash-out carries an idempotency
    /// key: `idempotency_key`, or a fresh UUID; the same key goes with every
    /// retry, so the transfer happens at most once. Pass your own key (≤ 72
    /// characters) to make retries across process restarts safe too.
    pub async fn create_internal_transfer(
        &self,
        transfer: &NewInternalTransfer,
        idempotency_key: Option<&str>,
    ) -> Result<InternalTransfer, Error> {
        self.keyed(
            "/api/v1/internal_transfers",
            &transfer.body()?,
            idempotency_key,
        )
        .await
    }

    /// What an internal transfer would be (fee, status), nothing created.
    pub async fn dry_run_internal_transfer(
        &self,
        t: &NewInternalTransfer,
    ) -> Result<InternalTransfer, Error> {
        self.dry_run("/api/v1/dry_run/internal_transfers", &t.body()?)
            .await
    }

    pub async fn internal_transfer(&self, transfer_id: &str) -> Result<InternalTransfer, Error> {
        path_id("transfer_id", transfer_id)?;
        self.get(&format!("/api/v1/internal_transfers/{transfer_id}"))
            .await
    }

    pub fn internal_transfers(&self, account_id: &str) -> Pages<InternalTransfer> {
        self.by_account("internal_transfers", account_id)
    }

    /// Cancels a scheduled transfer that has not run.
    pub async fn cancel_internal_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("internal_transfers", "transfer_id", id, "cancel")
            .await
    }

    /// The owner's approval (an application operating its own account).
    pub async fn approve_internal_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("internal_transfers", "transfer_id", id, "approve")
            .await
    }

    pub async fn reject_internal_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("internal_transfers", "transfer_id", id, "reject")
            .await
    }
}
