//! A page of a list. Stone's: `{"cursor": {"after", "before", "limit"},
//! "data"}`. The BCB's standard Pix API: `{"parametros": {"paginacao":
//! {...}}, "cobs" | "loc" | "lotes" | "pix"}`. One model reads both (one
//! decoder per item type, not two: the npm client's size counts them).

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cursor {
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub before: Option<String>,
    /// A number, or a numeric string as some of Stone's examples send.
    #[serde(default, deserialize_with = "lenient_limit")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    #[serde(default)]
    pub cursor: Cursor,
    #[serde(alias = "cobs", alias = "loc", alias = "lotes", alias = "pix")]
    pub data: Vec<T>,
    /// A BCB list's page numbers (`None` on Stone's lists).
    #[serde(default)]
    pub parametros: Option<Parametros>,
}

/// The BCB's `parametros` of a list page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Parametros {
    pub paginacao: Paginacao,
}

/// The BCB's numbered pages: this one (from 0) and how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Paginacao {
    #[serde(rename = "paginaAtual")]
    pub pagina_atual: u64,
    #[serde(rename = "quantidadeDePaginas")]
    pub quantidade_de_paginas: u64,
}

fn lenient_limit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}
