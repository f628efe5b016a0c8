//! The Banco Central's standard Pix API as Stone serves it (SPEC §6.14):
//! immediate charges (`cob`), received Pix and their refunds
//! (`devolucao`). Field names stay the BCB's Portuguese words, written in
//! the SDK's snake_case (`endToEndId` is `end_to_end_id`; both are read);
//! money is integer centavos like everywhere in the SDK — the API's
//! decimal strings of reais (`"37.00"`) are read into centavos and written
//! back from them.

use serde::{Deserialize, Deserializer, Serialize};

/// Centavos read from the BCB's `"37.00"` (or an integer), written as an
/// integer: the SDK's money everywhere else.
pub mod centavos {
    use super::*;

    pub fn parse(text: &str) -> Option<i64> {
        let (units, cents) = text.split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(units) && units.len() <= 10 && cents.len() == 2 && digits(cents)) {
            return None;
        }
        Some(units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
    }

    /// Reads `"37.00"` or `3700`; a small visitor rather than an untagged
    /// enum, whose buffering code would weigh on the wasm client.
    struct Cents;

    impl serde::de::Visitor<'_> for Cents {
        type Value = i64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a decimal of reais such as \"37.00\", or centavos")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<i64, E> {
            parse(v).ok_or_else(|| E::custom(format!("not a decimal of reais: {v:?}")))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom("too large"))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(Cents)
    }

    pub fn serialize<S: serde::Serializer>(cents: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*cents)
    }

    /// The same for an optional amount.
    pub mod option {
        use super::*;

        struct MaybeCents;

        impl<'de> serde::de::Visitor<'de> for MaybeCents {
            type Value = Option<i64>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a decimal of reais, centavos, or null")
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Option<i64>, E> {
                Ok(None)
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<i64>, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
                super::deserialize(d).map(Some)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
            d.deserialize_option(MaybeCents)
        }

        pub fn serialize<S: serde::Serializer>(
            cents: &Option<i64>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match cents {
                Some(c) => s.serialize_i64(*c),
                None => s.serialize_none(),
            }
        }
    }
}

/// An immediate charge to create in the BCB API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewCob {
    /// The receiving key (`chave`), one of the account's.
    pub chave: String,
    /// Centavos (`valor.original`).
    pub original: i64,
    /// Seconds until it expires (`calendario.expiracao`; default 86,400).
    #[serde(default)]
    pub expiracao: Option<i64>,
    /// The payer's name and CPF or CNPJ (`devedor`).
    #[serde(default)]
    pub devedor_nome: Option<String>,
    #[serde(default)]
    pub devedor_documento: Option<String>,
    /// Shown to the payer (`solicitacaoPagador`).
    #[serde(default)]
    pub solicitacao_pagador: Option<String>,
}

/// A `cob`'s amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobValor {
    /// Centavos.
    #[serde(default, with = "centavos::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    pub original: Option<i64>,
}

/// An immediate charge of the BCB API. `status`: `ATIVA`, `CONCLUIDA`,
/// `REMOVIDA_PELO_USUARIO_RECEBEDOR`, `REMOVIDA_PELO_PSP`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cob {
    pub txid: String,
    #[serde(default)]
    pub revisao: i64,
    pub status: String,
    pub chave: String,
    pub valor: CobValor,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default, alias = "solicitacaoPagador")]
    pub solicitacao_pagador: Option<String>,
    /// The "copia e cola".
    #[serde(default)]
    pub qr_code_copia_cola: Option<String>,
    /// The Pix that paid it.
    #[serde(default)]
    pub pix: Vec<BcbPix>,
}

/// A refund (devolução) of a received Pix. `status`: `EM_PROCESSAMENTO`,
/// `DEVOLVIDO`, `NAO_REALIZADO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Devolucao {
    pub id: String,
    /// The SPI's id of the return (`D…`).
    #[serde(default, alias = "rtrId")]
    pub rtr_id: Option<String>,
    /// Centavos.
    #[serde(with = "centavos")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub valor: i64,
    pub status: String,
}

/// A received Pix as the BCB API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BcbPix {
    #[serde(alias = "endToEndId")]
    pub end_to_end_id: String,
    #[serde(default)]
    pub txid: Option<String>,
    /// Centavos.
    #[serde(with = "centavos")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub valor: i64,
    #[serde(default)]
    pub horario: Option<String>,
    #[serde(default, alias = "infoPagador")]
    pub info_pagador: Option<String>,
    #[serde(default)]
    pub devolucoes: Vec<Devolucao>,
}
