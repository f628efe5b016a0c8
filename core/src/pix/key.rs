//! Pix keys: the five types of the DICT (the BCB's key directory).
//!
//! [`PixKey::parse`] takes what a person typed or pasted and normalises it
//! to the form the DICT stores, or says why it cannot:
//! - surrounding whitespace is dropped;
//! - with an `@`: an e-mail, at most 77 characters of printable ASCII (the
//!   DICT's e-mail pattern has no other), one `@`, a dot in the domain, no
//!   spaces; lowercased (the DICT stores e-mails that way);
//! - starting with `+`: a phone, `+55`, a 2-digit area code (11–99, no 0)
//!   and 8 or 9 digits; spaces, `-`, `(` and `)` are dropped;
//! - 36 characters in the 8-4-4-4-12 hex layout: a random key (EVP),
//!   lowercased;
//! - otherwise, ignoring `.`, `-`, `/` and spaces: 11 characters are a CPF
//!   and 14 a CNPJ (alphanumeric included), check digits verified. A phone
//!   written without `+55` is refused with that advice, never guessed (an
//!   11-digit phone and a CPF look alike).

use std::fmt;

use super::PixError;
use crate::documents::{Cnpj, Cpf};

/// The type of a Pix key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyType {
    Cpf,
    Cnpj,
    Phone,
    Email,
    /// A random key ("chave aleatória"), a UUID.
    Evp,
}

impl KeyType {
    /// The lowercase name used in the API and the vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Cpf => "cpf",
            KeyType::Cnpj => "cnpj",
            KeyType::Phone => "phone",
            KeyType::Email => "email",
            KeyType::Evp => "evp",
        }
    }

    /// The type of a key as written in a BR Code, by its shape alone (the
    /// payer's bank resolves the key; a code is not refused for a CPF's
    /// check digits): 11 digits a CPF, 14 characters of a CNPJ, `+` and up
    /// to 15 digits a phone, a lowercase UUID a random key, anything with an
    /// `@` an e-mail. `None` for anything else.
    pub fn of_brcode_key(key: &str) -> Option<KeyType> {
        let b = key.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) {
            Some(KeyType::Cpf)
        } else if b.len() == 14 && is_cnpj_shape(b) {
            Some(KeyType::Cnpj)
        } else if let [b'+', rest @ ..] = b {
            (!rest.is_empty() && rest.len() <= 15 && rest.iter().all(u8::is_ascii_digit))
                .then_some(KeyType::Phone)
        } else if is_uuid(b, false) {
            Some(KeyType::Evp)
        } else if b.contains(&b'@') {
            Some(KeyType::Email)
        } else {
            None
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// 12 digits or capital letters, then 2 digits.
fn is_cnpj_shape(b: &[u8]) -> bool {
    b[..12]
        .iter()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && b[12..].iter().all(u8::is_ascii_digit)
}

/// 8-4-4-4-12 hex digits; `any_case` accepts capitals.
fn is_uuid(b: &[u8], any_case: bool) -> bool {
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => {
                c.is_ascii_digit()
                    || (b'a'..=b'f').contains(&c)
                    || (any_case && (b'A'..=b'F').contains(&c))
            }
        })
}

/// A valid Pix key in the DICT's form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PixKey {
    pub key_type: KeyType,
    /// The normalised key: what to send to the API.
    pub value: String,
}

impl PixKey {
    /// Classifies, validates and normalises a key (rules in the module docs).
    pub fn parse(input: &str) -> Result<PixKey, PixError> {
        let text = input.trim();
        let fail = |key_type: Option<KeyType>, reason: String| PixError::Key { key_type, reason };
        if text.is_empty() {
            return Err(fail(None, "the key is empty".into()));
        }
        let key = |key_type, value: String| Ok(PixKey { key_type, value });
        if text.contains('@') {
            return email(text).map(|v| PixKey {
                key_type: KeyType::Email,
                value: v,
            });
        }
        if let Some(rest) = text.strip_prefix('+') {
            return phone(rest).map(|v| PixKey {
                key_type: KeyType::Phone,
                value: v,
            });
        }
        if is_uuid(text.as_bytes(), true) {
            return key(KeyType::Evp, text.to_ascii_lowercase());
        }
        let significant = text
            .chars()
            .filter(|c| !matches!(c, '.' | '-' | '/') && !c.is_whitespace())
            .count();
        if text.contains(['(', ')']) {
            return Err(fail(
                Some(KeyType::Phone),
                "a phone key is written +55, the area code and the number".into(),
            ));
        }
        match significant {
            11 => Cpf::parse(text)
                .map(|c| PixKey {
                    key_type: KeyType::Cpf,
                    value: c.as_str().to_owned(),
                })
                .map_err(|e| {
                    fail(
                        Some(KeyType::Cpf),
                        format!("{e} (a phone key starts with +55)"),
                    )
                }),
            14 => Cnpj::parse(text)
                .map(|c| PixKey {
                    key_type: KeyType::Cnpj,
                    value: c.as_str().to_owned(),
                })
                .map_err(|e| fail(Some(KeyType::Cnpj), e.to_string())),
            _ => Err(fail(
                None,
                "not a CPF (11 digits), CNPJ (14), phone (+55...), e-mail or random key (UUID)"
                    .into(),
            )),
        }
    }

    /// Whether `input` is a valid key (see [`PixKey::parse`]).
    pub fn is_valid(input: &str) -> bool {
        PixKey::parse(input).is_ok()
    }
}

impl fmt::Display for PixKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

fn email(text: &str) -> Result<String, PixError> {
    let fail = |reason: &str| PixError::Key {
        key_type: Some(KeyType::Email),
        reason: reason.into(),
    };
    if text.len() > 77 {
        return Err(fail("an e-mail key has at most 77 characters"));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(fail(
            "an e-mail key is printable ASCII without spaces (no accents)",
        ));
    }
    let (local, domain) = text.split_once('@').ok_or_else(|| fail("no @"))?;
    if local.is_empty() || domain.contains('@') {
        return Err(fail("an e-mail has one @ after a name"));
    }
    if !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(fail("the e-mail's domain must be like example.com.br"));
    }
    Ok(text.to_ascii_lowercase())
}

fn phone(rest: &str) -> Result<String, PixError> {
    let fail = |reason: String| PixError::Key {
        key_type: Some(KeyType::Phone),
        reason,
    };
    let mut digits = String::with_capacity(16);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' => {}
            other => return Err(fail(format!("unexpected {other:?} in a phone key"))),
        }
    }
    let Some(national) = digits.strip_prefix("55") else {
        return Err(fail("a phone key is a Brazilian number: +55".into()));
    };
    let b = national.as_bytes();
    if !(10..=11).contains(&b.len()) {
        return Err(fail(format!(
            "+55, a 2-digit area code and 8 or 9 digits; found {} digits after +55",
            b.len()
        )));
    }
    if b[0] == b'0' || b[1] == b'0' {
        return Err(fail("area codes are 11 to 99 without a 0".into()));
    }
    Ok(format!("+{digits}"))
}
