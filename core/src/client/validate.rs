//! Input checks shared by every area: each refuses before any request with
//! a typed `InvalidInput` naming the field, so a mistake never reaches
//! Stone (and never costs a round trip).

use super::{Error, MAX_IDEMPOTENCY_KEY};
use crate::documents::TaxId;

pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        field,
        reason: reason.into(),
    }
}

/// Money going out: a positive number of centavos.
pub(crate) fn positive(field: &'static str, amount: i64) -> Result<(), Error> {
    if amount <= 0 {
        return Err(invalid(
            field,
            format!("must be a positive number of centavos, got {amount}"),
        ));
    }
    Ok(())
}

pub(crate) fn digits(
    field: &'static str,
    text: &str,
    lengths: std::ops::RangeInclusive<usize>,
) -> Result<(), Error> {
    if !lengths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            field,
            format!(
                "{text:?} must have {} to {} digits",
                lengths.start(),
                lengths.end()
            ),
        ));
    }
    Ok(())
}

pub(crate) fn tax_id(field: &'static str, text: &str) -> Result<TaxId, Error> {
    TaxId::parse(text).map_err(|e| invalid(field, e.to_string()))
}

/// An id going into a URL path: non-empty, and no character that would
/// change the path.
pub(crate) fn path_id(field: &'static str, id: &str) -> Result<(), Error> {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(invalid(field, format!("{id:?} is not an id")));
    }
    Ok(())
}

/// `value`, when given, must be one of `allowed` (Stone's vocabularies:
/// statuses, types, directions).
pub(crate) fn one_of(
    field: &'static str,
    value: Option<&str>,
    allowed: &[&str],
) -> Result<(), Error> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(invalid(
            field,
            format!("must be one of {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Free text Stone limits in length (descriptions).
pub(crate) fn at_most(field: &'static str, text: &str, chars: usize) -> Result<(), Error> {
    if text.chars().count() > chars {
        return Err(invalid(field, format!("at most {chars} characters")));
    }
    Ok(())
}

/// The caller's key, checked, or a new UUID: the same key goes with every
/// retry of the operation, so it is chosen once, before the first attempt.
pub(crate) fn idempotency_key_or_new(given: Option<&str>) -> Result<String, Error> {
    match given {
        Some(k) if k.is_empty() || k.len() > MAX_IDEMPOTENCY_KEY || !k.is_ascii() => Err(invalid(
            "idempotency_key",
            format!("must have 1 to {MAX_IDEMPOTENCY_KEY} ASCII characters"),
        )),
        Some(k) => Ok(k.to_owned()),
        None => Ok(super::new_uuid()),
    }
}
