//! Payroll and salary portability (Conta de Liquidação; SPEC §6.11).

use serde_json::json;

use super::validate::{digits, invalid, path_id};
use super::{url, Client, Error, Pages};
use crate::models::{NewSalaryPortability, Payroll, Salary, SalaryPortability};

impl Client {
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
}
