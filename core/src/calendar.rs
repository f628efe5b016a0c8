//! Brazil's banking calendar: national holidays (fixed and Easter-based)
//! and weekends. Stone schedules TEDs, payroll and boleto dates by it
//! (SPEC §5.11, §6.6); the client uses it to say before sending whether a
//! date will move, the sandbox to move it.
//!
//! Only national holidays count: Stone's calendar endpoint lists those, and
//! state or city holidays do not stop the STR or CIP.

use time::{Date, Month, OffsetDateTime, UtcOffset, Weekday};

/// Brasília's offset. Brazil has had no daylight saving time since 2019.
pub const BRASILIA: UtcOffset = match UtcOffset::from_hms(-3, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// Easter Sunday of `year` (anonymous Gregorian algorithm); the movable
/// holidays are counted from it.
fn easter(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// The national holiday on `date`, by its Portuguese name, if any.
pub fn holiday(date: Date) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (Month::January, 1) => Some("Confraternização Universal"),
        (Month::April, 21) => Some("Tiradentes"),
        (Month::May, 1) => Some("Dia do Trabalho"),
        (Month::September, 7) => Some("Independência do Brasil"),
        (Month::October, 12) => Some("Nossa Senhora Aparecida"),
        (Month::November, 2) => Some("Finados"),
        (Month::November, 15) => Some("Proclamação da República"),
        // Law 14.759/2023 made it national from 2024.
        (Month::November, 20) if date.year() >= 2024 => {
            Some("Dia Nacional de Zumbi e da Consciência Negra")
        }
        (Month::December, 25) => Some("Natal"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter(date.year())?;
    let days = (date - easter).whole_days();
    match days {
        -48 | -47 => Some("Carnaval"),
        -2 => Some("Sexta-feira Santa"),
        60 => Some("Corpus Christi"),
        _ => None,
    }
}

pub fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

pub fn is_business_day(date: Date) -> bool {
    !is_weekend(date) && holiday(date).is_none()
}

/// `date` itself when it is a business day, else the next one.
pub fn business_day_on_or_after(date: Date) -> Date {
    let mut d = date;
    // At most a long weekend plus Carnival: the loop ends within days; the
    // bound only guards against the end of time.
    for _ in 0..30 {
        if is_business_day(d) {
            return d;
        }
        match d.next_day() {
            Some(next) => d = next,
            None => return d,
        }
    }
    d
}

/// The first business day strictly after `date`.
pub fn next_business_day(date: Date) -> Date {
    business_day_on_or_after(date.next_day().unwrap_or(date))
}

/// Non-business days from `start` to `end` inclusive, as the scheduling
/// calendar lists them.
pub fn non_business_days(start: Date, end: Date) -> Vec<NonBusinessDay> {
    let mut days = Vec::new();
    let mut d = start;
    while d <= end {
        let holiday = holiday(d);
        if holiday.is_some() || is_weekend(d) {
            days.push(NonBusinessDay {
                date: d,
                is_weekend: is_weekend(d),
                holiday,
            });
        }
        match d.next_day() {
            Some(next) => d = next,
            None => break,
        }
    }
    days
}

/// One day the banks do not settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonBusinessDay {
    pub date: Date,
    pub is_weekend: bool,
    /// The holiday's name, when it is one.
    pub holiday: Option<&'static str>,
}

/// A UTC instant seen in Brasília.
pub fn in_brasilia(unix_secs: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .ok()
        .map(|t| t.to_offset(BRASILIA))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use time::macros::date;

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), Some(date!(2024 - 03 - 31)));
        assert_eq!(easter(2026), Some(date!(2026 - 04 - 05)));
        assert_eq!(easter(2027), Some(date!(2027 - 03 - 28)));
    }

    #[test]
    fn holidays_of_2026() {
        assert_eq!(holiday(date!(2026 - 02 - 16)), Some("Carnaval"));
        assert_eq!(holiday(date!(2026 - 02 - 17)), Some("Carnaval"));
        assert_eq!(holiday(date!(2026 - 04 - 03)), Some("Sexta-feira Santa"));
        assert_eq!(holiday(date!(2026 - 06 - 04)), Some("Corpus Christi"));
        assert!(holiday(date!(2026 - 11 - 20)).is_some());
        assert!(holiday(date!(2023 - 11 - 20)).is_none());
        assert!(holiday(date!(2026 - 11 - 26)).is_none());
    }

    #[test]
    fn next_business_days() {
        // Friday 2026-11-13 → Monday 16 (Sunday 15 is a holiday anyway).
        assert_eq!(
            next_business_day(date!(2026 - 11 - 13)),
            date!(2026 - 11 - 16)
        );
        // Thursday 2026-11-19 → Monday 23 (Friday 20 is a holiday).
        assert_eq!(
            next_business_day(date!(2026 - 11 - 19)),
            date!(2026 - 11 - 23)
        );
        // Friday before Carnival → Ash Wednesday.
        assert_eq!(
            next_business_day(date!(2026 - 02 - 13)),
            date!(2026 - 02 - 18)
        );
        assert_eq!(
            business_day_on_or_after(date!(2026 - 11 - 26)),
            date!(2026 - 11 - 26)
        );
    }

    #[test]
    fn calendar_listing() {
        let days = non_business_days(date!(2026 - 11 - 14), date!(2026 - 11 - 22));
        let dates: Vec<_> = days.iter().map(|d| d.date).collect();
        assert_eq!(
            dates,
            vec![
                date!(2026 - 11 - 14),
                date!(2026 - 11 - 15),
                date!(2026 - 11 - 20),
                date!(2026 - 11 - 21),
                date!(2026 - 11 - 22)
            ]
        );
        assert!(days[1].is_weekend && days[1].holiday.is_some());
        assert!(!days[2].is_weekend);
    }
}
