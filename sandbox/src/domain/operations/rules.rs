//! Field rules shared by every cash-out request. Errors are cumulative, as
//! Stone's `reason[]` is: every bad field is reported at once.

use crate::domain::clock::Now;
use crate::domain::refusal;
use serde_json::Value;
use time::{Date, Duration};

/// The documented cap on an operation's amount.
pub const MAX_AMOUNT: i64 = 999_999_999_999_999_999;

/// Collected `reason[]` entries.
#[derive(Debug, Default)]
pub struct Reasons(pub Vec<(&'static str, &'static str)>);

impl Reasons {
    pub fn add(&mut self, path: &'static str, error: &'static str) {
        self.0.push((path, error));
    }

    pub fn into_error(self) -> refusal::Refusal {
        refusal::Refusal::validation(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Integer centavos, 1 to the cap.
pub fn amount(value: Option<&Value>, reasons: &mut Reasons) -> Option<i64> {
    match value.map(|v| (v, v.as_i64())) {
        Some((_, Some(a))) if (1..=MAX_AMOUNT).contains(&a) => Some(a),
        Some(_) => {
            reasons.add(
                "amount",
                "must be a whole number of centavos greater than 0",
            );
            None
        }
        None => {
            reasons.add("amount", "is required (integer centavos)");
            None
        }
    }
}

pub fn required_text(
    value: Option<&Value>,
    path: &'static str,
    reasons: &mut Reasons,
) -> Option<String> {
    match value.and_then(Value::as_str).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.to_owned()),
        None => {
            reasons.add(path, "is required");
            None
        }
    }
}

pub fn optional_text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

pub fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// How far ahead operations may be scheduled (the calendar's
/// `execution_limit_date`).
pub fn execution_limit(today: Date) -> Date {
    today + Duration::days(365)
}

/// A requested `scheduled_to`: `None` runs now (today or an earlier date
/// runs at once, as Stone does); a date past the limit is refused. With
/// `business_days`, a weekend or holiday moves to the next business day;
/// returns (requested, effective).
pub fn scheduled_to(
    value: Option<&Value>,
    now: &Now,
    business_days: bool,
    reasons: &mut Reasons,
) -> Option<(Date, Date)> {
    let text = value.and_then(Value::as_str)?;
    let Ok(date) = stone_openbank::barcode::parse_iso_date(text) else {
        reasons.add("scheduled_to", "must be a date as yyyy-mm-dd");
        return None;
    };
    if date <= now.today {
        return None;
    }
    if date > execution_limit(now.today) {
        reasons.add(
            "scheduled_to",
            "is after the scheduling calendar's execution_limit_date",
        );
        return None;
    }
    let effective = if business_days {
        stone_openbank::calendar::business_day_on_or_after(date)
    } else {
        date
    };
    Some((date, effective))
}
