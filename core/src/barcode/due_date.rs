//! The due-date factor of bank boletos: days since 1997-10-07, four digits.
//!
//! Factor 9999 fell on 2025-02-21 and on 2025-02-22 the factor restarted at
//! 1000, so every factor from 1000 names dates 9,000 days apart. Which one a
//! boleto means is decided by the date it is read on: the candidate closest to
//! a reference date (today, unless the caller says otherwise).

use time::{macros::date, Date, OffsetDateTime, UtcOffset};

use super::BarcodeError;

/// Factor 0 of the first cycle (factor 1 = 1997-10-08).
const BASE: Date = date!(1997 - 10 - 07);
/// Length of a cycle after the first: factors 1000..=9999.
const CYCLE_DAYS: i64 = 9000;

/// The due date named by `factor`, read relative to `reference`; `None` for
/// factor 0 (a boleto without a due date).
pub fn due_date_from_factor(factor: u16, reference: Date) -> Option<Date> {
    if factor == 0 {
        return None;
    }
    let first = BASE.to_julian_day() + i32::from(factor);
    let mut julian = first;
    // Factors below 1000 were used only in 1997–2000: the count restarts at
    // 1000, so they belong to the first cycle alone.
    if factor >= 1000 {
        let offset = i64::from(reference.to_julian_day()) - i64::from(first);
        // Nearest cycle: round half up, so a reference exactly between two
        // candidates picks the later (a boleto is read before it is due).
        let cycles = (offset + CYCLE_DAYS / 2).div_euclid(CYCLE_DAYS).max(0);
        julian = first + (cycles * CYCLE_DAYS) as i32;
    }
    Date::from_julian_day(julian).ok()
}

/// The factor printed on a boleto due on `date`.
pub fn factor_from_due_date(date: Date) -> Result<u16, BarcodeError> {
    let days = i64::from(date.to_julian_day() - BASE.to_julian_day());
    if days < 1 {
        return Err(BarcodeError::InvalidField {
            field: "due_date",
            reason: format!("{date} is before 1997-10-08, the first date a factor can express"),
        });
    }
    let factor = if days < 1000 {
        days
    } else {
        (days - 1000) % CYCLE_DAYS + 1000
    };
    Ok(factor as u16)
}

/// Today in Brasília time (UTC−3, no daylight saving since 2019): a boleto
/// read at 22:00 in São Paulo is read on that day, not on the UTC tomorrow.
pub fn today() -> Date {
    let brasilia = UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(brasilia).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_boundaries() {
        let r = date!(2026 - 11 - 26);
        assert_eq!(due_date_from_factor(9999, r), Some(date!(2025 - 02 - 21)));
        assert_eq!(due_date_from_factor(1000, r), Some(date!(2025 - 02 - 22)));
        assert_eq!(
            due_date_from_factor(1000, date!(2000 - 07 - 01)),
            Some(date!(2000 - 07 - 03))
        );
        assert_eq!(due_date_from_factor(0, r), None);
        assert_eq!(factor_from_due_date(date!(2025 - 02 - 22)).ok(), Some(1000));
        assert_eq!(factor_from_due_date(date!(2025 - 02 - 21)).ok(), Some(9999));
        assert_eq!(factor_from_due_date(date!(2000 - 07 - 03)).ok(), Some(1000));
    }
}
