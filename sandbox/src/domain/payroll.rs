//! Payroll (SPEC §6.11), for an application operating its own account
//! (Conta de Liquidação). Stone takes the salaries as an `.xlsx` upload
//! outside the documented API; here `POST /admin/payroll/salaries` stands for
//! it and answers the `salaries_id`. A payroll pays each salary into the
//! employee's Stone account (found by account code, owner's CPF checked):
//! one `payroll` debit for the employer, one `salary` credit per employee;
//! salaries that cannot be paid fail alone. On a non-business day the
//! payroll waits for the next one (`outside_operating_hours`).
//! Salary portability is not emulated.

use crate::domain::clock::Now;
use crate::domain::cursor::Page;
use crate::domain::ledger::EntryType;
use crate::domain::ledger::Posting;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Model;
use crate::domain::store::Store;
use crate::domain::stored;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::documents::Cpf;

pub(crate) const CREATE: &[&str] = &["paymentaccount:payrolls:write", "expend:payrolls"];
pub(crate) const READ: &[&str] = &[
    "paymentaccount:payrolls:read",
    "paymentaccount:read",
    "expend:read",
];

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SalaryLine {
    pub name: String,
    pub cpf: String,
    pub account_code: String,
    /// Centavos.
    pub amount: i64,
}

/// Where a payroll or one of its salaries is, in Stone's words: a payroll
/// is CREATED (SCHEDULED when it waits for a business day) and FINISHED
/// once each salary is; a salary is SCHEDULED, then FINISHED or FAILED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayrollStatus {
    Created,
    Scheduled,
    Finished,
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Salary {
    pub id: String,
    pub payroll_id: String,
    pub name: String,
    pub document: String,
    pub account_code: String,
    pub amount: i64,
    pub status: PayrollStatus,
    pub failure_reason: Option<std::borrow::Cow<'static, str>>,
    pub finished_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payroll {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub fee: i64,
    pub status: PayrollStatus,
    pub outside_operating_hours: bool,
    pub created_at: String,
    pub created_by: String,
    pub finished_at: Option<String>,
    pub summary: Value,
    /// Listed on their own (`/payrolls/{id}/salaries`).
    #[serde(skip_serializing_if = "stored::hidden")]
    pub salaries: Vec<Salary>,
}

pub(crate) fn summarise(p: &mut Payroll) {
    let count = |s: PayrollStatus| p.salaries.iter().filter(|x| x.status == s).count();
    p.summary = json!({
        "number_of_salaries": p.salaries.len(),
        "number_of_finished_salaries": count(PayrollStatus::Finished),
        "number_of_failed_salaries": count(PayrollStatus::Failed),
        "number_of_refunded_salaries": 0,
        "number_of_scheduled_salaries": count(PayrollStatus::Scheduled),
    });
}

/// Pays the payroll's scheduled salaries now.
pub(crate) fn execute(store: &mut Store, now: &Now, index: usize) {
    let payroll = store.payrolls[index].clone();
    let employer_party = store
        .account(&payroll.account_id)
        .map_or_else(|| Arc::new(Value::Null), |a| a.as_party.clone());
    let mut outcomes = Vec::new();
    for salary in &payroll.salaries {
        let target = store
            .accounts
            .iter()
            .find(|a| a.account_code == salary.account_code)
            .map(|a| (a.id.clone(), a.owner_document.clone(), a.as_party.clone()));
        let outcome = match target {
            None => Err("account not found"),
            Some((_, owner, _)) if owner != salary.document => Err("CPF does not own the account"),
            Some((to, _, party)) => {
                let debit = Posting {
                    kind: EntryType::Payroll,
                    account_id: &payroll.account_id,
                    amount: salary.amount,
                    fee: 0,
                    operation_id: &payroll.id,
                    description: &salary.name,
                    counter_party: party,
                    at: now.ts(),
                    barcode: None,
                    scheduled_to: None,
                };
                crate::domain::ledger::debit(store, &debit)
                    .map_err(|_| "insufficient balance")
                    .and_then(|()| {
                        let credit = Posting {
                            kind: EntryType::Salary,
                            account_id: &to,
                            counter_party: employer_party.clone(),
                            ..debit
                        };
                        crate::domain::ledger::credit(store, &credit)
                            .map_err(|_| "account not found")
                    })
            }
        };
        outcomes.push(outcome);
    }
    let p = &mut store.payrolls[index];
    for (salary, outcome) in p.salaries.iter_mut().zip(outcomes) {
        match outcome {
            Ok(()) => {
                salary.status = PayrollStatus::Finished;
                salary.finished_at = Some(now.iso.clone());
            }
            Err(reason) => {
                salary.status = PayrollStatus::Failed;
                salary.failure_reason = Some(reason.into());
            }
        }
    }
    p.status = PayrollStatus::Finished;
    p.finished_at = Some(now.iso.clone());
    summarise(p);
}

/// Scheduled payrolls run on the first business day.
pub fn tick(store: &mut Store, now: &Now) {
    if !stone_openbank::calendar::is_business_day(now.today) {
        return;
    }
    for index in 0..store.payrolls.len() {
        if store.payrolls[index].status == PayrollStatus::Scheduled {
            execute(store, now, index);
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Upload {
    pub(crate) salaries: Vec<SalaryLine>,
}

pub(crate) fn visible<'s>(
    store: &'s Store,
    client_id: &str,
    id: &str,
) -> Result<&'s Payroll, Refusal> {
    let p = store
        .payrolls
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(Refusal::not_found)?;
    store.check_access(client_id, &p.account_id)?;
    Ok(p)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub(crate) account_id: Option<String>,
    #[serde(flatten)]
    pub(crate) page: Page,
}

/// Creates a payroll from an uploaded salary list: own-account applications
/// only; on a non-business day it waits (`outside_operating_hours`).
pub fn submit(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let account_id = body.get("account_id").and_then(Value::as_str);
    let salaries_id = body.get("salaries_id").and_then(Value::as_str);
    let (Some(account_id), Some(salaries_id)) = (account_id, salaries_id) else {
        return Err(Refusal::validation(&[
            ("account_id", "is required"),
            ("salaries_id", "is required"),
        ]));
    };
    store.accessible_account(client_id, account_id)?;
    if store.applications.get(client_id).map(|a| a.model) != Some(Model::OwnAccount) {
        // Payroll belongs to the Conta de Liquidação model.
        return Err(Refusal::unauthorized());
    }
    let lines = store
        .salary_uploads
        .remove(salaries_id)
        .ok_or_else(|| Refusal::new(Class::Unprocessable, "salaries_not_found"))?;
    let id = uuid::Uuid::new_v4().to_string();
    let outside = !stone_openbank::calendar::is_business_day(now.today);
    let salaries: Vec<Salary> = lines
        .into_iter()
        .map(|l| Salary {
            id: uuid::Uuid::new_v4().to_string(),
            payroll_id: id.clone(),
            name: l.name,
            document: Cpf::parse(&l.cpf)
                .map(|c| c.as_str().to_owned())
                .unwrap_or(l.cpf),
            account_code: l.account_code.trim_start_matches('0').to_owned(),
            amount: l.amount,
            status: PayrollStatus::Scheduled,
            failure_reason: None,
            finished_at: None,
        })
        .collect();
    let total = salaries
        .iter()
        .try_fold(0i64, |sum, s| sum.checked_add(s.amount))
        .ok_or_else(|| Refusal::new(Class::Unprocessable, "amount_too_large"))?;
    let mut payroll = Payroll {
        id,
        account_id: account_id.to_owned(),
        amount: total,
        fee: 0,
        status: if outside {
            PayrollStatus::Scheduled
        } else {
            PayrollStatus::Created
        },
        outside_operating_hours: outside,
        created_at: now.iso.clone(),
        created_by: format!("application:{client_id}"),
        finished_at: None,
        summary: Value::Null,
        salaries,
    };
    summarise(&mut payroll);
    let response = serde_json::to_value(&payroll).unwrap_or(Value::Null);
    store.payrolls.push(payroll);
    if !outside {
        let index = store.payrolls.len() - 1;
        execute(store, now, index);
    }
    Ok(response)
}
