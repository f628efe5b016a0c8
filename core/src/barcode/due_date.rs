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
        let mut cycles = (offset + CYCLE_DAYS / 2).div_euclid(CYCLE_DAYS).max(0);
        // Past the last representable date (a reference in year 9999) the
        // latest cycle that exists is the closest one: never lose the date.
        while cycles > 0 && Date::from_julian_day(first + (cycles * CYCLE_DAYS) as i32).is_err() {
            cycles -= 1;
        }
        julian = first + (cycles * CYCLE_DAYS) as i32;
    }
    Date::from_julian_day(julian).ok()
}

/// `YYYY-MM-DD`, written directly (the formatting machinery is slow on the
/// bindings' decode path, and years here always have four digits).
pub fn iso_date(date: Date) -> String {
    let mut out = String::with_capacity(10);
    let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
    for (n, width) in [(y.unsigned_abs(), 4), (u32::from(m), 2), (u32::from(d), 2)] {
        if !out.is_empty() {
            out.push('-');
        }
        let digits = n.to_string();
        for _ in digits.len()..width {
            out.push('0');
        }
        out.push_str(&digits);
    }
    out
}

/// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year):
/// week dates, ordinal dates, times and signs are refused, so a typo is an
/// error rather than some other day.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(format!("expected a date as YYYY-MM-DD, got {text:?}"));
    }
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    let month = time::Month::try_from(num(5..7) as u8)
        .map_err(|_| format!("{text:?}: month must be 01 to 12"))?;
    Date::from_calendar_date(num(0..4) as i32, month, num(8..10) as u8)
        .map_err(|_| format!("{text:?} is not a day of the calendar"))
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
        // A reference past the representable range keeps the latest cycle.
        assert!(due_date_from_factor(1000, date!(9999 - 12 - 31)).is_some());
    }

    #[test]
    fn iso_dates_round_trip() {
        for d in [
            date!(2026 - 11 - 26),
            date!(1997 - 10 - 08),
            date!(2049 - 01 - 05),
        ] {
            assert_eq!(iso_date(d), d.to_string());
            assert_eq!(parse_iso_date(&iso_date(d)), Ok(d));
        }
    }

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(parse_iso_date("2026-11-26"), Ok(date!(2026 - 11 - 26)));
        for bad in [
            "2026-W48-4",
            "2026-330",
            "20261126",
            "+002026-11-26",
            "2026-11-26T00:00",
            "2026-13-01",
            "2026-02-30",
            "26/11/2026",
            "",
        ] {
            assert!(parse_iso_date(bad).is_err(), "{bad}");
        }
    }
}
