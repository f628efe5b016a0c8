//! Contacts and their bank accounts (SPEC §6.10).

use super::validate::{invalid, path_id, tax_id};
use super::{Client, Error};
use crate::models::{BankAccountFields, Contact, ContactBankAccount, ContactFields};

impl Client {
    /// `/api/v1/accounts/{account}/contacts[/{contact}[/bank_accounts[/{bank}]]]`,
    /// every id checked.
    fn contacts_path(
        account_id: &str,
        contact_id: Option<&str>,
        bank: Option<Option<&str>>,
    ) -> Result<String, Error> {
        path_id("account_id", account_id)?;
        let mut path = format!("/api/v1/accounts/{account_id}/contacts");
        if let Some(contact_id) = contact_id {
            path_id("contact_id", contact_id)?;
            path.push('/');
            path.push_str(contact_id);
        }
        if let Some(bank) = bank {
            path.push_str("/bank_accounts");
            if let Some(bank_id) = bank {
                path_id("bank_account_id", bank_id)?;
                path.push('/');
                path.push_str(bank_id);
            }
        }
        Ok(path)
    }

    pub async fn create_contact(
        &self,
        account_id: &str,
        fields: &ContactFields,
    ) -> Result<Contact, Error> {
        let path = Self::contacts_path(account_id, None, None)?;
        if fields.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(invalid("name", "is required"));
        }
        if let Some(t) = &fields.tax_id {
            tax_id("tax_id", t)?;
        }
        self.post_fields(&path, fields).await
    }

    pub async fn contacts(&self, account_id: &str) -> Result<Vec<Contact>, Error> {
        self.get(&Self::contacts_path(account_id, None, None)?)
            .await
    }

    pub async fn contact(&self, account_id: &str, contact_id: &str) -> Result<Contact, Error> {
        self.get(&Self::contacts_path(account_id, Some(contact_id), None)?)
            .await
    }

    /// Changes the fields given (`None` leaves one as it is).
    pub async fn update_contact(
        &self,
        account_id: &str,
        contact_id: &str,
        fields: &ContactFields,
    ) -> Result<Contact, Error> {
        let path = Self::contacts_path(account_id, Some(contact_id), None)?;
        if let Some(t) = &fields.tax_id {
            tax_id("tax_id", t)?;
        }
        self.post_fields(&path, fields).await
    }

    pub async fn delete_contact(&self, account_id: &str, contact_id: &str) -> Result<(), Error> {
        self.delete(&Self::contacts_path(account_id, Some(contact_id), None)?)
            .await
    }

    pub async fn add_contact_bank_account(
        &self,
        account_id: &str,
        contact_id: &str,
        fields: &BankAccountFields,
    ) -> Result<ContactBankAccount, Error> {
        let path = Self::contacts_path(account_id, Some(contact_id), Some(None))?;
        self.post_fields(&path, fields).await
    }

    pub async fn update_contact_bank_account(
        &self,
        account_id: &str,
        contact_id: &str,
        bank_account_id: &str,
        fields: &BankAccountFields,
    ) -> Result<ContactBankAccount, Error> {
        let path = Self::contacts_path(account_id, Some(contact_id), Some(Some(bank_account_id)))?;
        self.post_fields(&path, fields).await
    }

    pub async fn delete_contact_bank_account(
        &self,
        account_id: &str,
        contact_id: &str,
        bank_account_id: &str,
    ) -> Result<(), Error> {
        self.delete(&Self::contacts_path(
            account_id,
            Some(contact_id),
            Some(Some(bank_account_id)),
        )?)
        .await
    }
}
