//! The amount a Pix charge with a due date (cobrança com vencimento,
//! "cobv") asks on a payment date, from Stone's terms ([`PixDueTerms`]:
//! reduction, discount, fine, interest). The payer's bank computes this
//! before paying; the sandbox computes it to accept or refuse a payment and
//! to answer the BCB payload (`valor.final`); an ERP computes it to show
//! its customer what is due today.
//!
//! The rules, where the BCB manual and Stone's page leave room (written in
//! `docs/pix.md` too):
//! - the **reduction** (abatimento) always applies, first: the rest is the
//!   `base` every proportion is taken of;
//! - on or before the due date, a **discount**: by `date`, the step of the
//!   earliest listed date not yet passed; by `period`, its value times the
//!   days paid early. No fine, no interest;
//! - after the due date (moved to the next business day when
//!   `only_business_days` and it is not one), the **fine** once, and
//!   **interest** for each day late — business days when
//!   `only_business_days`, else calendar days; a month counts 30 days and
//!   a year 365, as the BCB's modalities do;
//! - after `payment_limit_period_days` (default 30) past the due date, the
//!   charge can no longer be paid;
//! - each term is rounded to the centavo, half up; a discount never takes
//!   more than the base.

use time::Date;

use crate::calendar;
use crate::models::{
    AdjustmentType, DiscountMode, InterestPeriod, PixAdjustment, PixDueAmounts, PixDueTerms,
    PixRate,
};

/// Stone's default of days a charge may be paid after its due date.
pub const DEFAULT_LIMIT_DAYS: u32 = 30;

/// Why there is no amount for that date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueError {
    /// A term cannot be computed: which, and why.
    #[error("invalid {field}: {reason}")]
    Terms {
        field: &'static str,
        reason: &'static str,
    },
    /// The date is past the last day it may be paid.
    #[error("past its last payment day, {last_day}")]
    Expired { last_day: Date },
}

fn invalid(field: &'static str, reason: &'static str) -> DueError {
    DueError::Terms { field, reason }
}

/// `base × rate × days / divisor`, rounded half up, exactly (i128).
fn proportion(
    base: i64,
    rate: PixRate,
    days: i64,
    divisor: i64,
    field: &'static str,
) -> Result<i64, DueError> {
    if rate.coefficient < 0 || !(-12..=0).contains(&rate.exponent) {
        return Err(invalid(
            field,
            "a proportion is a coefficient ≥ 0 and an exponent from -12 to 0",
        ));
    }
    let numerator = i128::from(base) * i128::from(rate.coefficient) * i128::from(days);
    let denominator = 10i128.pow(rate.exponent.unsigned_abs()) * i128::from(divisor);
    let rounded = (2 * numerator + denominator) / (2 * denominator);
    i64::try_from(rounded).map_err(|_| invalid(field, "is too large"))
}

/// The value of one term: its fixed centavos, or its proportion of `base`,
/// for `days` days over a period of `divisor` days.
fn value(
    kind: AdjustmentType,
    fixed: Option<i64>,
    rate: Option<PixRate>,
    base: i64,
    days: i64,
    divisor: i64,
    field: &'static str,
) -> Result<i64, DueError> {
    match (kind, fixed, rate) {
        (AdjustmentType::Fixed, Some(v), _) if v >= 0 => v
            .checked_mul(days)
            .map(|v| v / divisor)
            .ok_or_else(|| invalid(field, "is too large")),
        (AdjustmentType::Fixed, Some(_), _) => Err(invalid(field, "must not be negative")),
        (AdjustmentType::Fixed, None, _) => Err(invalid(field, "a fixed term needs fixed_value")),
        (AdjustmentType::Proportional, _, Some(r)) => proportion(base, r, days, divisor, field),
        (AdjustmentType::Proportional, _, None) => Err(invalid(
            field,
            "a proportional term needs proportional_value",
        )),
    }
}

fn adjustment(a: &PixAdjustment, base: i64, field: &'static str) -> Result<i64, DueError> {
    value(
        a.kind,
        a.fixed_value,
        a.proportional_value,
        base,
        1,
        1,
        field,
    )
}

/// Days from `from` (excluded) to `to` (included): business days, or
/// calendar days.
fn days_between(from: Date, to: Date, business: bool) -> i64 {
    if !business {
        return (to - from).whole_days();
    }
    let mut days = 0;
    let mut d = from;
    while d < to {
        d = d.next_day().unwrap_or(to);
        if calendar::is_business_day(d) {
            days += 1;
        }
    }
    days
}

/// The last day a charge may be paid.
pub fn last_day(terms: &PixDueTerms) -> Date {
    let limit = terms
        .payment_limit_period_days
        .unwrap_or(DEFAULT_LIMIT_DAYS);
    terms
        .expiration_date
        .checked_add(time::Duration::days(i64::from(limit)))
        .unwrap_or(Date::MAX)
}

/// What a charge of `original` centavos asks when paid on `paid_on`.
pub fn amounts(
    original: i64,
    terms: &PixDueTerms,
    paid_on: Date,
) -> Result<PixDueAmounts, DueError> {
    if !(1..=super::MAX_CENTS).contains(&original) {
        return Err(invalid("amount", "must be 1 to 999,999,999,999 centavos"));
    }
    if paid_on > last_day(terms) {
        return Err(DueError::Expired {
            last_day: last_day(terms),
        });
    }
    let reduction = match &terms.reduction {
        Some(r) => adjustment(r, original, "reduction")?.min(original),
        None => 0,
    };
    let base = original - reduction;
    let due = if terms.only_business_days {
        calendar::business_day_on_or_after(terms.expiration_date)
    } else {
        terms.expiration_date
    };
    let (mut discount, mut fine, mut interest) = (0, 0, 0);
    if paid_on <= due {
        if let Some(d) = &terms.discount {
            discount = match d.calculation_mode {
                DiscountMode::Date => {
                    if d.date_discounts.len() > 3 {
                        return Err(invalid("discount", "at most 3 date_discounts"));
                    }
                    let mut steps: Vec<_> = d.date_discounts.iter().collect();
                    steps.sort_by_key(|s| s.date);
                    match steps.into_iter().find(|s| s.date >= paid_on) {
                        Some(s) => value(
                            d.kind,
                            s.fixed_value,
                            s.proportional_value,
                            base,
                            1,
                            1,
                            "discount",
                        )?,
                        None => 0,
                    }
                }
                DiscountMode::Period => {
                    let step = d
                        .period_discount
                        .as_ref()
                        .ok_or_else(|| invalid("discount", "period mode needs period_discount"))?;
                    let early = days_between(paid_on, due, terms.only_business_days);
                    value(
                        d.kind,
                        step.fixed_value,
                        step.proportional_value,
                        base,
                        early,
                        1,
                        "discount",
                    )?
                }
            }
            .min(base);
        }
    } else {
        if let Some(f) = &terms.fine {
            fine = adjustment(f, base, "fine")?;
        }
        if let Some(i) = &terms.interest {
            let late = days_between(due, paid_on, terms.only_business_days);
            let divisor = match i.period {
                InterestPeriod::Day => 1,
                InterestPeriod::Month => 30,
                InterestPeriod::Year => 365,
            };
            interest = value(
                i.kind,
                i.fixed_value,
                i.proportional_value,
                base,
                late,
                divisor,
                "interest",
            )?;
        }
    }
    let final_amount = base
        .checked_sub(discount)
        .and_then(|v| v.checked_add(fine))
        .and_then(|v| v.checked_add(interest))
        .ok_or_else(|| invalid("amount", "is too large"))?;
    Ok(PixDueAmounts {
        original,
        reduction,
        discount,
        fine,
        interest,
        final_amount,
    })
}

/// The inverse of [`reais`]: a BCB decimal of reais (`\d{1,10}\.\d{2}`,
/// `"19.90"`) as centavos; anything else is `None`.
pub fn parse_reais(text: &str) -> Option<i64> {
    let (units, cents) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(units) && units.len() <= 10 && cents.len() == 2 && digits(cents)) {
        return None;
    }
    Some(units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

/// Centavos as the BCB APIs write money: a decimal string of reais
/// (`1990` → `"19.90"`).
pub fn reais(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{PixDateDiscount, PixDiscount, PixInterest};
    use time::macros::date;

    fn terms() -> PixDueTerms {
        PixDueTerms {
            expiration_date: date!(2026 - 03 - 10),
            payment_limit_period_days: Some(15),
            only_business_days: false,
            discount: None,
            fine: None,
            interest: None,
            reduction: None,
        }
    }

    fn rate(coefficient: i64, exponent: i32) -> Option<PixRate> {
        Some(PixRate {
            coefficient,
            exponent,
        })
    }

    fn fixed(v: i64) -> PixAdjustment {
        PixAdjustment {
            kind: AdjustmentType::Fixed,
            fixed_value: Some(v),
            proportional_value: None,
        }
    }

    #[test]
    fn late_payments_pay_a_fine_once_and_interest_per_day() {
        let t = PixDueTerms {
            fine: Some(PixAdjustment {
                kind: AdjustmentType::Proportional,
                fixed_value: None,
                proportional_value: rate(2, -2),
            }),
            interest: Some(PixInterest {
                kind: AdjustmentType::Proportional,
                period: InterestPeriod::Month,
                fixed_value: None,
                proportional_value: rate(1, -2),
            }),
            ..terms()
        };
        // On the due date: the amount.
        assert_eq!(
            amounts(10_000, &t, date!(2026 - 03 - 10))
                .unwrap()
                .final_amount,
            10_000
        );
        // 5 days late: 2 % fine (200) + 1 %/month × 5/30 of 100.00 (16.67 → 17).
        let a = amounts(10_000, &t, date!(2026 - 03 - 15)).unwrap();
        assert_eq!((a.fine, a.interest, a.final_amount), (200, 17, 10_217));
        // The last day, then nothing.
        assert!(amounts(10_000, &t, date!(2026 - 03 - 25)).is_ok());
        assert_eq!(
            amounts(10_000, &t, date!(2026 - 03 - 26)),
            Err(DueError::Expired {
                last_day: date!(2026 - 03 - 25)
            })
        );
    }

    #[test]
    fn discounts_by_date_and_by_day_early_reductions_always() {
        let t = PixDueTerms {
            reduction: Some(fixed(1_000)),
            discount: Some(PixDiscount {
                kind: AdjustmentType::Fixed,
                calculation_mode: DiscountMode::Date,
                period_discount: None,
                date_discounts: vec![
                    PixDateDiscount {
                        date: date!(2026 - 03 - 05),
                        fixed_value: Some(300),
                        proportional_value: None,
                    },
                    PixDateDiscount {
                        date: date!(2026 - 03 - 01),
                        fixed_value: Some(500),
                        proportional_value: None,
                    },
                ],
            }),
            ..terms()
        };
        let on = |d| amounts(10_000, &t, d).unwrap();
        assert_eq!(on(date!(2026 - 02 - 20)).final_amount, 9_000 - 500);
        assert_eq!(on(date!(2026 - 03 - 01)).final_amount, 9_000 - 500);
        assert_eq!(on(date!(2026 - 03 - 02)).final_amount, 9_000 - 300);
        assert_eq!(on(date!(2026 - 03 - 06)).final_amount, 9_000);
        let per_day = PixDueTerms {
            discount: Some(PixDiscount {
                kind: AdjustmentType::Proportional,
                calculation_mode: DiscountMode::Period,
                period_discount: Some(PixAdjustment {
                    kind: AdjustmentType::Proportional,
                    fixed_value: None,
                    proportional_value: rate(5, -3),
                }),
                date_discounts: vec![],
            }),
            ..terms()
        };
        // 4 days early × 0.5 % of 100.00.
        assert_eq!(
            amounts(10_000, &per_day, date!(2026 - 03 - 06))
                .unwrap()
                .discount,
            200
        );
    }

    #[test]
    fn business_days_move_the_due_date_and_count_the_days() {
        // 2026-03-07 is a Saturday: due on Monday the 9th.
        let t = PixDueTerms {
            expiration_date: date!(2026 - 03 - 07),
            only_business_days: true,
            fine: Some(fixed(100)),
            interest: Some(PixInterest {
                kind: AdjustmentType::Fixed,
                period: InterestPeriod::Day,
                fixed_value: Some(10),
                proportional_value: None,
            }),
            ..terms()
        };
        assert_eq!(
            amounts(10_000, &t, date!(2026 - 03 - 09))
                .unwrap()
                .final_amount,
            10_000
        );
        // Tuesday: one business day late.
        let a = amounts(10_000, &t, date!(2026 - 03 - 10)).unwrap();
        assert_eq!((a.fine, a.interest), (100, 10));
    }

    #[test]
    fn terms_that_cannot_be_computed_are_refused() {
        let t = PixDueTerms {
            fine: Some(PixAdjustment {
                kind: AdjustmentType::Proportional,
                fixed_value: Some(1),
                proportional_value: None,
            }),
            ..terms()
        };
        assert!(matches!(
            amounts(10_000, &t, date!(2026 - 03 - 11)),
            Err(DueError::Terms { field: "fine", .. })
        ));
        assert!(amounts(0, &terms(), date!(2026 - 03 - 01)).is_err());
        assert_eq!(reais(1_990), "19.90");
        assert_eq!(reais(5), "0.05");
    }
}
