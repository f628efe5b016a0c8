//! The statement (SPEC §7.4): every movement of an account, newest first.

use super::validate::path_id;
use super::{url, Client, Error, Pages, StatementPages};
use crate::models::StatementEntry;

impl Client {
    /// The account's statement, newest first, fetched one page at a time as
    /// it is walked: memory stays constant however long it is.
    pub fn statement(&self, account_id: &str) -> StatementPages {
        let path = format!("/api/v1/accounts/{}/statement", url::encode(account_id));
        Pages::new(self, "account_id", account_id, path)
    }

    /// One statement entry.
    pub async fn statement_entry(&self, entry_id: &str) -> Result<StatementEntry, Error> {
        path_id("entry_id", entry_id)?;
        self.get(&format!("/api/v1/statement/entries/{entry_id}"))
            .await
    }

    /// `/api/v1/{collection}?account_id=…`, walked page by page: the lists
    /// of transfers, payments, boletos and payrolls.
    pub(crate) fn by_account<T: serde::de::DeserializeOwned>(
        &self,
        collection: &str,
        account_id: &str,
    ) -> Pages<T> {
        Pages::new(
            self,
            "account_id",
            account_id,
            format!(
                "/api/v1/{collection}?account_id={}",
                url::encode(account_id)
            ),
        )
    }
}
