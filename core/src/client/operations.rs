//! The API's operations beyond accounts and the statement: transfers
//! (internal and TED), barcode payments, scheduling and approvals, boleto
//! issuance, receipts, contacts and reference data. Each method checks its
//! input before any request (a typed `InvalidInput`), and every money
//! movement carries an idempotency key reused on each retry.

use reqwest::Method;
use serde_json::{json, Value};

use super::{decode, idempotency_key_or_new, path_id, url, Body, Client, Error, Pages};
use crate::barcode::iso_date;
use crate::documents::TaxId;
use crate::models::{
    BankAccountFields, BoletoInvoice, Contact, ContactBankAccount, ContactFields, ExternalTransfer,
    Fee, Institution, InternalTransfer, NewBoletoInvoice, NewExternalTransfer, NewInternalTransfer,
    NewPayment, OperationType, Payment, PaymentDryRun, PendingOperation, SchedulingCalendar,
};
use crate::models::{NewSalaryPortability, Payroll, Salary, SalaryPortability};

fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        field,
        reason: reason.into(),
    }
}

fn positive(field: &'static str, amount: i64) -> Result<(), Error> {
    if amount <= 0 {
        return Err(invalid(
            field,
            format!("must be a positive number of centavos, got {amount}"),
        ));
    }
    Ok(())
}

fn digits(
    field: &'static str,
    text: &str,
    lengths: std::ops::RangeInclusive<usize>,
) -> Result<(), Error> {
    if !lengths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            field,
            format!(
                "{text:?} must have {} to {} digits",
                lengths.start(),
                lengths.end()
            ),
        ));
    }
    Ok(())
}

fn tax_id(field: &'static str, text: &str) -> Result<TaxId, Error> {
    TaxId::parse(text).map_err(|e| invalid(field, e.to_string()))
}

/// Which operations list to walk or act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingStatus {
    /// Waiting for the owner's approval.
    PendingApproval,
    /// Approved, waiting for its day.
    Scheduled,
}

/// A batch decision: the operations named, or all pending but those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchScope {
    Only,
    AllExcept,
}

/// Resource kinds that have a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptOf {
    InternalTransfer,
    ExternalTransfer,
    Payment,
}

impl ReceiptOf {
    fn as_str(self) -> &'static str {
        match self {
            Self::InternalTransfer => "internal_transfer",
            Self::ExternalTransfer => "external_transfer",
            Self::Payment => "payment",
        }
    }
}

impl NewInternalTransfer {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        digits("target_account_code", &self.target_account_code, 1..=20)?;
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "target": {"account": {"account_code": self.target_account_code}},
        });
        if let Some(d) = &self.description {
            if d.chars().count() > 200 {
                return Err(invalid("description", "at most 200 characters"));
            }
            body["description"] = json!(d);
        }
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        Ok(body)
    }
}

impl NewExternalTransfer {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        digits(
            "account_code",
            self.account_code.trim_start_matches('0'),
            2..=20,
        )?;
        if let Some(branch) = &self.branch_code {
            digits("branch_code", branch, 1..=4)?;
        }
        if !matches!(self.institution_code.len(), 3 | 8) {
            return Err(invalid(
                "institution_code",
                "an ISPB (8 digits) or bank number (3 digits)",
            ));
        }
        digits("institution_code", &self.institution_code, 3..=8)?;
        if self.name.trim().is_empty() {
            return Err(invalid("name", "the account holder's name is required"));
        }
        let document = tax_id("document", &self.document)?;
        let document_type = match document {
            TaxId::Cpf(_) => "cpf",
            TaxId::Cnpj(_) => "cnpj",
        };
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "target": {
                "account": {
                    // Stone's pattern `^[1-9]\d{1,19}$`: no leading zeros.
                    "account_code": self.account_code.trim_start_matches('0'),
                    "branch_code": self.branch_code,
                    "institution_code": self.institution_code,
                    "account_type": self.account_type,
                },
                "entity": {"name": self.name, "document": document.as_str(), "document_type": document_type},
            },
        });
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        Ok(body)
    }
}

impl NewPayment {
    /// Checked with the barcode engine before anything is sent: a typing
    /// mistake never reaches Stone.
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        let code =
            crate::barcode::parse(&self.barcode).map_err(|e| invalid("barcode", e.to_string()))?;
        let mut body = json!({"account_id": self.account_id, "barcode": code.digitable_line()});
        if let Some(amount) = self.amount {
            positive("amount", amount)?;
            body["amount"] = json!(amount);
        }
        if let Some(day) = self.scheduled_to {
            body["scheduled_to"] = json!(iso_date(day));
        }
        if let Some(payer) = &self.effective_payer {
            let doc = tax_id("effective_payer.document", &payer.document)?;
            if payer.legal_name.trim().is_empty() || payer.legal_name.chars().count() > 80 {
                return Err(invalid("effective_payer.legal_name", "1 to 80 characters"));
            }
            let kind = match doc {
                TaxId::Cpf(_) => "CPF",
                TaxId::Cnpj(_) => "CNPJ",
            };
            body["effective_payer"] = json!({"legal_name": payer.legal_name, "document": doc.as_str(), "document_type": kind});
        }
        Ok(body)
    }
}

fn rate(r: &crate::models::DatedRate) -> Value {
    json!({"date": iso_date(r.date), "value": format!("{}.{:02}", r.basis_points / 100, r.basis_points % 100)})
}

impl NewBoletoInvoice {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        positive("amount", self.amount)?;
        let mut body = json!({
            "account_id": self.account_id,
            "amount": self.amount,
            "invoice_type": self.invoice_type,
            "expiration_date": iso_date(self.expiration_date),
        });
        if let Some(limit) = self.limit_date {
            if limit < self.expiration_date {
                return Err(invalid("limit_date", "may not precede expiration_date"));
            }
            body["limit_date"] = json!(iso_date(limit));
        }
        if let Some(c) = &self.customer {
            let doc = tax_id("customer.document", &c.document)?;
            if c.legal_name.trim().is_empty() {
                return Err(invalid("customer.legal_name", "is required"));
            }
            if matches!(doc, TaxId::Cnpj(_))
                && c.trade_name.as_deref().is_none_or(|t| t.trim().is_empty())
            {
                return Err(invalid(
                    "customer.trade_name",
                    "is required for a company (CNPJ)",
                ));
            }
            body["customer"] = json!({"document": doc.as_str(), "legal_name": c.legal_name, "trade_name": c.trade_name});
        }
        if !self.discounts.is_empty() {
            body["discounts"] = Value::Array(self.discounts.iter().map(rate).collect());
        }
        if let Some(f) = &self.fine {
            body["fine"] = rate(f);
        }
        if let Some(i) = &self.interest {
            body["interest"] = rate(i);
        }
        if let Some(d) = &self.description {
            body["description"] = json!(d);
        }
        Ok(body)
    }
}

impl Client {
    async fn keyed<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
        key: Option<&str>,
    ) -> Result<T, Error> {
        let key = idempotency_key_or_new(key)?;
        decode(
            self.send(Method::POST, path, Some(body), Some(&key))
                .await?,
        )
    }

    /// A bodiless action on one resource (`POST /api/v1/{collection}/{id}/{action}`:
    /// cancel, approve, reject), its id checked first: 2xx or an error.
    async fn act(
        &self,
        collection: &str,
        field: &'static str,
        id: &str,
        action: &str,
    ) -> Result<(), Error> {
        path_id(field, id)?;
        self.send(
            Method::POST,
            &format!("/api/v1/{collection}/{id}/{action}"),
            None,
            None,
        )
        .await
        .map(|_| ())
    }

    async fn dry_run<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, Error> {
        decode(self.send(Method::POST, path, Some(body), None).await?)
    }

    fn by_account<T: serde::de::DeserializeOwned>(
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

    // Internal transfers.

    /// What an internal transfer would be (fee, status), nothing created.
    pub async fn dry_run_internal_transfer(
        &self,
        t: &NewInternalTransfer,
    ) -> Result<InternalTransfer, Error> {
        self.dry_run("/api/v1/dry_run/internal_transfers", &t.body()?)
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

    // External transfers (TED).

    /// Sends a TED (or schedules it). Outside the TED window Stone delays
    /// it to the next business day. The key is reused on every retry.
    pub async fn create_external_transfer(
        &self,
        t: &NewExternalTransfer,
        idempotency_key: Option<&str>,
    ) -> Result<ExternalTransfer, Error> {
        self.keyed("/api/v1/external_transfers", &t.body()?, idempotency_key)
            .await
    }

    pub async fn dry_run_external_transfer(
        &self,
        t: &NewExternalTransfer,
    ) -> Result<ExternalTransfer, Error> {
        self.dry_run("/api/v1/dry_run/external_transfers", &t.body()?)
            .await
    }

    pub async fn external_transfer(&self, id: &str) -> Result<ExternalTransfer, Error> {
        path_id("transfer_id", id)?;
        self.get(&format!("/api/v1/external_transfers/{id}")).await
    }

    pub fn external_transfers(&self, account_id: &str) -> Pages<ExternalTransfer> {
        self.by_account("external_transfers", account_id)
    }

    pub async fn cancel_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "cancel")
            .await
    }

    pub async fn approve_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "approve")
            .await
    }

    pub async fn reject_external_transfer(&self, id: &str) -> Result<(), Error> {
        self.act("external_transfers", "transfer_id", id, "reject")
            .await
    }

    // Barcode payments.

    /// Enriches a barcode without paying it: issuer, due date, the amount
    /// due today and its limits, and whether a payment is already under
    /// way (`payment_being_processed`).
    pub async fn dry_run_payment(&self, p: &NewPayment) -> Result<PaymentDryRun, Error> {
        self.dry_run("/api/v1/dry_run/payments", &p.body()?).await
    }

    /// Pays a boleto or an arrecadação document (or schedules it).
    pub async fn create_payment(
        &self,
        p: &NewPayment,
        idempotency_key: Option<&str>,
    ) -> Result<Payment, Error> {
        self.keyed("/api/v1/payments", &p.body()?, idempotency_key)
            .await
    }

    pub async fn payment(&self, id: &str) -> Result<Payment, Error> {
        path_id("payment_id", id)?;
        self.get(&format!("/api/v1/payments/{id}")).await
    }

    pub fn payments(&self, account_id: &str) -> Pages<Payment> {
        self.by_account("payments", account_id)
    }

    pub async fn cancel_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "cancel").await
    }

    pub async fn approve_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "approve").await
    }

    pub async fn reject_payment(&self, id: &str) -> Result<(), Error> {
        self.act("payments", "payment_id", id, "reject").await
    }

    // Scheduling and approvals.

    /// Non-business days and the scheduling window of an operation type.
    pub async fn scheduling_calendar(
        &self,
        kind: OperationType,
    ) -> Result<SchedulingCalendar, Error> {
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

    // Boleto issuance.

    pub async fn create_boleto(
        &self,
        b: &NewBoletoInvoice,
        idempotency_key: Option<&str>,
    ) -> Result<BoletoInvoice, Error> {
        self.keyed(
            "/api/v1/barcode_payment_invoices",
            &b.body()?,
            idempotency_key,
        )
        .await
    }

    pub async fn boleto(&self, id: &str) -> Result<BoletoInvoice, Error> {
        path_id("invoice_id", id)?;
        self.get(&format!("/api/v1/barcode_payment_invoices/{id}"))
            .await
    }

    pub fn boletos(&self, account_id: &str) -> Pages<BoletoInvoice> {
        self.by_account("barcode_payment_invoices", account_id)
    }

    /// Requests the write-off ("baixa"): CANCELLATION_REQUESTED, then
    /// CANCELLED.
    pub async fn cancel_boleto(&self, id: &str) -> Result<(), Error> {
        self.act("barcode_payment_invoices", "invoice_id", id, "cancel")
            .await
    }

    /// The boleto's PDF, bytes.
    pub async fn boleto_pdf(&self, id: &str) -> Result<Vec<u8>, Error> {
        path_id("invoice_id", id)?;
        let pdf = self
            .send_bytes(
                Method::GET,
                &format!("/api/v1/exports/barcode_payment_invoices/{id}"),
                None,
                None,
            )
            .await?;
        check_pdf(pdf)
    }

    // Receipts.

    /// The receipt (comprovante) PDF of a transfer or payment.
    pub async fn receipt_pdf(&self, of: ReceiptOf, id: &str) -> Result<Vec<u8>, Error> {
        path_id("resource_id", id)?;
        let body = Body::Json(json!({"resource_type": of.as_str(), "resource_id": id}));
        check_pdf(
            self.send_bytes(Method::POST, "/api/v1/receipts", Some(&body), None)
                .await?,
        )
    }

    // Contacts.

    /// POSTs `fields` as JSON; the typed answer.
    async fn post_fields<T: serde::Serialize, R: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        fields: &T,
    ) -> Result<R, Error> {
        let body = serde_json::to_value(fields).map_err(|e| Error::Decode(e.to_string()))?;
        decode(self.send(Method::POST, path, Some(&body), None).await?)
    }

    async fn delete(&self, path: &str) -> Result<(), Error> {
        self.send(Method::DELETE, path, None, None)
            .await
            .map(|_| ())
    }

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

    // Payroll (Conta de Liquidação).

    /// Pays the salaries uploaded to Stone as `salaries_id` (Stone's
    /// spreadsheet upload answers it).
    pub async fn create_payroll(
        &self,
        account_id: &str,
        salaries_id: &str,
        idempotency_key: Option<&str>,
    ) -> Result<Payroll, Error> {
        path_id("account_id", account_id)?;
        path_id("salaries_id", salaries_id)?;
        self.keyed(
            "/api/v1/payrolls",
            &json!({"account_id": account_id, "salaries_id": salaries_id}),
            idempotency_key,
        )
        .await
    }

    pub async fn payroll(&self, id: &str) -> Result<Payroll, Error> {
        path_id("payroll_id", id)?;
        self.get(&format!("/api/v1/payrolls/{id}")).await
    }

    pub fn payrolls(&self, account_id: &str) -> Pages<Payroll> {
        self.by_account("payrolls", account_id)
    }

    pub fn payroll_salaries(&self, payroll_id: &str) -> Pages<Salary> {
        Pages::new(
            self,
            "payroll_id",
            payroll_id,
            format!("/api/v1/payrolls/{}/salaries", url::encode(payroll_id)),
        )
    }

    /// Asks that the employer's payroll bank send the salary here.
    pub async fn create_salary_portability(
        &self,
        p: &NewSalaryPortability,
        idempotency_key: Option<&str>,
    ) -> Result<SalaryPortability, Error> {
        path_id("account_id", &p.account_id)?;
        let employer = crate::documents::Cnpj::parse(&p.employer_document)
            .map_err(|e| invalid("employer_document", e.to_string()))?;
        digits(
            "payroll_institution_code",
            &p.payroll_institution_code,
            3..=8,
        )?;
        let body = json!({
            "account_id": p.account_id,
            "employer_document": employer.as_str(),
            "employer_name": p.employer_name,
            "payroll_institution_code": p.payroll_institution_code,
        });
        self.keyed("/api/v1/salary_portabilities", &body, idempotency_key)
            .await
    }

    pub fn salary_portabilities(&self, account_id: &str) -> Pages<SalaryPortability> {
        self.by_account("salary_portabilities", account_id)
    }

    // Reference data.

    pub async fn institutions(&self) -> Result<Vec<Institution>, Error> {
        self.get("/api/v1/institutions").await
    }

    /// By COMPE number (`"341"`) or ISPB.
    pub async fn institution(&self, code: &str) -> Result<Institution, Error> {
        digits("code", code, 3..=8)?;
        self.get(&format!("/api/v1/institutions/{code}")).await
    }

    pub async fn fees(&self, account_id: &str) -> Result<Vec<Fee>, Error> {
        path_id("account_id", account_id)?;
        Ok(self
            .get::<crate::models::Page<Fee>>(&format!("/api/v1/accounts/{account_id}/fees"))
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

/// A PDF is what was asked for: anything else is a decode error, not a
/// file the caller saves and cannot open.
fn check_pdf(bytes: bytes::Bytes) -> Result<Vec<u8>, Error> {
    if bytes.starts_with(b"%PDF-") {
        Ok(bytes.to_vec())
    } else {
        Err(Error::Decode("expected a PDF".into()))
    }
}
