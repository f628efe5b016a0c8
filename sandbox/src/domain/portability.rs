//! Salary portability (SPEC §6.11 #59–60): a request that an employer's
//! payroll bank forward the salary to this Stone account. `CREATED` while
//! the origin institution processes it (here: one hour of the sandbox's
//! clock), then `ENABLED`; `DISABLED` when the admin API plays the employer
//! switching payroll provider.

use crate::domain::clock::Now;
use crate::domain::clock::Ts;
use crate::domain::cursor::Page;
use crate::domain::store::Store;
use serde::{Deserialize, Serialize};

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
