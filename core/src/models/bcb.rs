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

    use crate::pix::due::parse_reais as parse;

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

/// A modality code, which the BCB's examples write as `2` or `"2"`.
pub mod code {
    use super::*;

    struct Code;

    impl serde::de::Visitor<'_> for Code {
        type Value = u8;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a modality code")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u8, E> {
            u8::try_from(v).map_err(|_| E::custom("not a modality code"))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u8, E> {
            u8::try_from(v).map_err(|_| E::custom("not a modality code"))
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u8, E> {
            v.parse().map_err(|_| E::custom("not a modality code"))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        d.deserialize_any(Code)
    }

    pub fn serialize<S: serde::Serializer>(code: &u8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*code)
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

/// A term of a `cobv` (`multa`, `juros`, `abatimento`, or `desconto` by
/// day): the BCB's `modalidade` code and its `valorPerc`, a decimal with
/// two places written as an integer of hundredths — centavos when the
/// modality is an amount, hundredths of a percent when it is a percentage
/// (`"2.00"` % is `200`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvTerm {
    #[serde(with = "code")]
    #[cfg_attr(feature = "schema", schemars(with = "u8"))]
    pub modalidade: u8,
    #[serde(default, alias = "valorPerc", with = "centavos::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    pub valor_perc: Option<i64>,
}

/// A discount step until a date (`descontoDataFixa`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvDateDiscount {
    /// `yyyy-mm-dd`.
    pub data: String,
    /// Hundredths: centavos (modality 1) or of a percent (modality 2).
    #[serde(alias = "valorPerc", with = "centavos")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub valor_perc: i64,
}

/// A `cobv`'s discount: modalities 1–2 by date (`desconto_data_fixa`),
/// 3–6 per day early (`valor_perc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvDiscount {
    #[serde(with = "code")]
    #[cfg_attr(feature = "schema", schemars(with = "u8"))]
    pub modalidade: u8,
    #[serde(default, alias = "valorPerc", with = "centavos::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    pub valor_perc: Option<i64>,
    #[serde(default, alias = "descontoDataFixa")]
    pub desconto_data_fixa: Vec<CobvDateDiscount>,
}

/// A `cobv`'s amount and terms (`valor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvValor {
    /// Centavos.
    #[serde(with = "centavos")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub original: i64,
    #[serde(default)]
    pub multa: Option<CobvTerm>,
    #[serde(default)]
    pub juros: Option<CobvTerm>,
    #[serde(default)]
    pub abatimento: Option<CobvTerm>,
    #[serde(default)]
    pub desconto: Option<CobvDiscount>,
}

/// A charge with a due date to create in the BCB API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewCobv {
    pub chave: String,
    pub valor: CobvValor,
    /// The due date, `yyyy-mm-dd` (`calendario.dataDeVencimento`).
    pub data_de_vencimento: String,
    /// Days it may be paid after (`calendario.validadeAposVencimento`).
    #[serde(default)]
    pub validade_apos_vencimento: Option<u32>,
    pub devedor_nome: String,
    /// CPF or CNPJ.
    pub devedor_documento: String,
    #[serde(default)]
    pub solicitacao_pagador: Option<String>,
    /// A location made before (`create_pix_location`), else a new one.
    #[serde(default)]
    pub loc_id: Option<i64>,
}

/// A charge with a due date of the BCB API. `status` as a `cob`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cobv {
    pub txid: String,
    #[serde(default)]
    pub revisao: i64,
    pub status: String,
    pub chave: String,
    pub valor: CobvValor,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default, alias = "solicitacaoPagador")]
    pub solicitacao_pagador: Option<String>,
    #[serde(default)]
    pub qr_code_copia_cola: Option<String>,
    #[serde(default)]
    pub pix: Vec<BcbPix>,
}

/// A payload location of the BCB API (`loc`), made before its charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixLocation {
    pub id: i64,
    pub location: String,
    /// `cob` or `cobv`.
    #[serde(alias = "tipoCob")]
    pub tipo_cob: String,
    #[serde(default)]
    pub criacao: Option<String>,
    /// The charge it serves, if any.
    #[serde(default)]
    pub txid: Option<String>,
}

/// What became of one `cobv` of a batch: `CRIADA`, or `NEGADA` with the
/// `problema` (the BCB error).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvLotItem {
    pub txid: String,
    pub status: String,
    #[serde(default)]
    pub problema: Option<serde_json::Value>,
}

/// A batch of charges with a due date (`lotecobv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvLot {
    pub descricao: String,
    #[serde(default)]
    pub criacao: Option<String>,
    pub cobsv: Vec<CobvLotItem>,
}

/// One `cobv` of a batch to create: its txid and the charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewCobvInLot {
    pub txid: String,
    pub cobv: NewCobv,
}

/// A revision of a `cob` or `cobv`: a new text for the payer, or its
/// removal (`REMOVIDA_PELO_USUARIO_RECEBEDOR`); the amount and key of a
/// charge are not revised (make a new one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobRevision {
    /// Up to 140 characters.
    #[serde(default)]
    pub solicitacao_pagador: Option<String>,
    /// Removes the charge (only an `ATIVA` one).
    #[serde(default)]
    pub remove: bool,
}

/// One `cobv` of a batch to revise: its txid and the revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobvLotRevision {
    pub txid: String,
    pub revision: CobRevision,
}

/// The period, and filters, of a list of the BCB's API: what was created
/// from `inicio` to `fim` (RFC 3339 date-times, `2026-12-01T00:00:00Z`).
/// `status` filters the `cob` and `cobv` lists (`ATIVA`, `CONCLUIDA`,
/// `REMOVIDA_PELO_USUARIO_RECEBEDOR`, `REMOVIDA_PELO_PSP`); `txid` the
/// received Pix. A filter given to a list that has none is refused, not
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BcbListFilter {
    pub inicio: String,
    pub fim: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub txid: Option<String>,
}
