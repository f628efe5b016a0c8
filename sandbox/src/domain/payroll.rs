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
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

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
    #[serde(skip_serializing_if = "crate::domain::stored::hidden")]
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
