//! Salary portability (SPEC §6.11 #59–60): a request that an employer's
//! payroll bank forward the salary to this Stone account. `CREATED` while
//! the origin institution processes it (here: one hour of the sandbox's
//! clock), then `ENABLED`; `DISABLED` when the admin API plays the employer
//! switching payroll provider.

use crate::domain::clock::Now;
use crate::domain::clock::Ts;
use crate::domain::cursor::Page;
use crate::domain::institutions;
use crate::domain::operations::rules::Reasons;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stone_openbank::documents::Cnpj;

pub(crate) const WRITE: &[&str] = &["salary:portability", "paymentaccount:payrolls:write"];
pub(crate) const READ: &[&str] = &["salary:portability", "paymentaccount:read", "expend:read"];
/// How long the origin institution takes, on the sandbox's clock.
pub const PROCESSING_SECS: i64 = 3600;

/// CREATED → ENABLED once the origin bank has processed it → DISABLED
/// when the employer changes payroll provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PortabilityStatus {
    Created,
    Enabled,
    Disabled,
}

impl PortabilityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PortabilityStatus::Created => "CREATED",
            PortabilityStatus::Enabled => "ENABLED",
            PortabilityStatus::Disabled => "DISABLED",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Portability {
    pub id: String,
    pub account_id: String,
    pub status: PortabilityStatus,
    pub employer_document: String,
    pub employer_name: Option<String>,
    pub payroll_institution_ispb: String,
    pub payroll_institution_number_code: String,
    pub payroll_institution_name: String,
    pub created_at: Ts,
    pub created_by: String,
    pub enabled_at: Option<Ts>,
    pub disabled_at: Option<Ts>,
}

/// CREATED → ENABLED once the origin institution has had its time.
pub fn tick(store: &mut Store, now: &Now) {
    for p in &mut store.portabilities {
        if p.status == PortabilityStatus::Created && now.unix >= p.created_at.0 + PROCESSING_SECS {
            p.status = PortabilityStatus::Enabled;
            p.enabled_at = Some(now.ts());
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub(crate) account_id: Option<String>,
    pub(crate) status: Option<String>,
    #[serde(flatten)]
    pub(crate) page: Page,
}

/// Requests a salary portability for an account the application operates:
/// the employer's CNPJ and the payroll bank are checked.
pub fn request(
    store: &mut crate::domain::store::Store,
    now: &crate::domain::clock::Now,
    client_id: &str,
    body: &Value,
) -> Result<serde_json::Value, Refusal> {
    let mut reasons = Reasons::default();
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let account_id = text("account_id");
    if account_id.is_none() {
        reasons.add("account_id", "can't be blank");
    }
    let employer = match text("employer_document").map(Cnpj::parse) {
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => {
            reasons.add("employer_document", "is not a valid CNPJ");
            None
        }
        None => {
            reasons.add("employer_document", "can't be blank");
            None
        }
    };
    let institution = match text("payroll_institution_code") {
        Some(code) => {
            let found = institutions::find(code);
            if found.is_none() {
                reasons.add("payroll_institution_code", "is not a known institution");
            }
            found
        }
        None => {
            reasons.add("payroll_institution_code", "can't be blank");
            None
        }
    };
    let (Some(account_id), Some(employer), Some(institution), true) =
        (account_id, employer, institution, reasons.is_empty())
    else {
        return Err(reasons.into_error());
    };
    store.accessible_account(client_id, account_id)?;
    let p = Portability {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account_id.to_owned(),
        status: PortabilityStatus::Created,
        employer_document: employer.as_str().to_owned(),
        employer_name: text("employer_name").map(str::to_owned),
        payroll_institution_ispb: institution.ispb_code.into(),
        payroll_institution_number_code: institution.number_code.into(),
        payroll_institution_name: institution.name.into(),
        created_at: now.ts(),
        created_by: format!("application:{client_id}"),
        enabled_at: None,
        disabled_at: None,
    };
    let view = serde_json::to_value(&p).unwrap_or(Value::Null);
    store.portabilities.push(p);
    Ok(view)
}

/// The employer moved its payroll elsewhere: the portability is disabled
/// (the request is lost, as Stone warns).
pub fn disable_portability(
    store: &mut Store,
    now: &Now,
    id: &str,
) -> Result<PortabilityStatus, Refusal> {
    let p = store
        .portabilities
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(Refusal::not_found)?;
    p.status = PortabilityStatus::Disabled;
    p.disabled_at = Some(now.ts());
    Ok(p.status)
}
