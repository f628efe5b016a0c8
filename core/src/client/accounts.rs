//! Accounts, balances and fees (SPEC §6.2, §6.12).

use super::validate::path_id;
use super::{Client, Error};
use crate::models::{Account, Balance, Fee, Page};

impl Client {
    /// The accounts this application may operate.
    pub async fn accounts(&self) -> Result<Vec<Account>, Error> {
        Ok(self.get::<Page<Account>>("/api/v1/accounts").await?.data)
    }

    pub async fn account(&self, account_id: &str) -> Result<Account, Error> {
        path_id("account_id", account_id)?;
        self.get(&format!("/api/v1/accounts/{account_id}")).await
    }

    /// Balances in centavos.
    pub async fn balance(&self, account_id: &str) -> Result<Balance, Error> {
        path_id("account_id", account_id)?;
        self.get(&format!("/api/v1/accounts/{account_id}/balance"))
            .await
    }

    pub async fn fees(&self, account_id: &str) -> Result<Vec<Fee>, Error> {
        path_id("account_id", account_id)?;
        Ok(self
            .get::<Page<Fee>>(&format!("/api/v1/accounts/{account_id}/fees"))
            .await?
            .data)
    }

    /// One fee (`internal_transfer`, `external_transfer`, `barcode_payment`,
    /// `barcode_payment_invoice`, …).
    pub async fn fee(&self, account_id: &str, fee_type: &str) -> Result<Fee, Error> {
        path_id("account_id", account_id)?;
        path_id("fee_type", fee_type)?;
        self.get(&format!("/api/v1/accounts/{account_id}/fees/{fee_type}"))
            .await
    }
}
