//! The sandbox's clock: real time plus an offset that tests and the admin
//! API move forward, to expire tokens or run scheduled operations without
//! waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub struct Clock {
    pub(crate) offset_secs: AtomicI64,
}

impl Clock {
    /// Seconds since the Unix epoch, as the sandbox sees them.
    pub fn now(&self) -> i64 {
        Self::real_now() + self.offset_secs.load(Ordering::SeqCst)
    }

    /// The machine's own time. Client assertions are judged by it: clients
    /// sign them with their real clock, and advancing the sandbox's time
    /// (to expire tokens) must not make every new assertion look expired.
    pub fn real_now() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }

    /// How far ahead of real time the clock is (kept by the SQLite file).
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Moves the clock forward (never back: tokens and jtis must not revive).
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs.max(0), Ordering::SeqCst);
    }
}

/// One reading of the clock, in the forms the rules need: Stone's
/// timestamps are UTC, its dates and windows are Brasília's.
#[derive(Debug, Clone)]
pub struct Now {
    pub unix: i64,
    /// `2026-11-26T14:00:00Z`.
    pub iso: String,
    /// The date in Brasília.
    pub today: time::Date,
    /// Minutes since midnight in Brasília (TED window, payment cut-off).
    pub minutes: u16,
}

impl Now {
    pub fn of(clock: &Clock) -> Now {
        Now::at(clock.now())
    }

    pub fn at(unix: i64) -> Now {
        let utc = time::OffsetDateTime::from_unix_timestamp(unix)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let local = utc.to_offset(stone_openbank::calendar::BRASILIA);
        Now {
            unix,
            iso: Ts(unix).iso(),
            today: local.date(),
            minutes: u16::from(local.hour()) * 60 + u16::from(local.minute()),
        }
    }
}

/// A UTC instant kept as seconds (8 bytes, no allocation: the ledger holds
/// many), written as Stone writes them: `2026-11-26T14:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ts(pub i64);

impl Ts {
    pub fn iso(self) -> String {
        time::OffsetDateTime::from_unix_timestamp(self.0)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default()
    }
}

impl serde::Serialize for Ts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// Read back from the same text (saved records, webhook logs).
impl<'de> serde::Deserialize<'de> for Ts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ts, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
            .map(|t| Ts(t.unix_timestamp()))
            .map_err(serde::de::Error::custom)
    }
}

impl Now {
    pub fn ts(&self) -> Ts {
        Ts(self.unix)
    }
}
