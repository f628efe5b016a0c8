//! The Banco Central's standard Pix API as Stone serves it (SPEC §6.14):
//! immediate charges (`cob`), received Pix by end-to-end id, and their
//! refunds (`devolucao`). The account goes in `x-stone-account-id`; the
//! models read the API's decimal strings of reais into centavos.
//!
//! Stone's own API (`pix.rs`) does the same things with richer models;
//! this one is for code written against the BCB's manual.

use serde_json::{json, Value};

use super::transport::{decode, Method};
use super::validate::{at_most, invalid, path_id, positive};
use super::{Client, Error};
use crate::models::{BcbPix, Cob, Devolucao, NewCob};
use crate::pix::{due::reais, txid};

impl NewCob {
    fn body(&self) -> Result<Value, Error> {
        positive("original", self.original)?;
        if self.original > crate::pix::MAX_CENTS {
            return Err(invalid(
                "original",
                "must be at most 9,999,999,999.99 reais",
            ));
        }
        if self
            .expiracao
            .is_some_and(|e| !(1..=i64::from(i32::MAX)).contains(&e))
        {
            return Err(invalid("expiracao", "must be 1 to 2,147,483,647 seconds"));
        }
        if let Some(s) = &self.solicitacao_pagador {
            at_most("solicitacao_pagador", s, 140)?;
        }
        let mut body = json!({
            "chave": self.chave,
            "valor": {"original": reais(self.original)},
            "calendario": {"expiracao": self.expiracao.unwrap_or(86_400)},
        });
        match (&self.devedor_nome, &self.devedor_documento) {
            (Some(nome), Some(doc)) => {
                let id = crate::documents::TaxId::parse(doc)
                    .map_err(|e| invalid("devedor_documento", e.to_string()))?;
                let field = match id {
                    crate::documents::TaxId::Cpf(_) => "cpf",
                    crate::documents::TaxId::Cnpj(_) => "cnpj",
                };
                body["devedor"] = json!({"nome": nome, field: id.as_str()});
            }
            (None, None) => {}
            _ => {
                return Err(invalid(
                    "devedor_documento",
                    "the payer needs both a name and a CPF or CNPJ",
                ))
            }
        }
        if let Some(s) = &self.solicitacao_pagador {
            body["solicitacaoPagador"] = json!(s);
        }
        Ok(body)
    }
}

/// An end-to-end id: `E`, then 31 letters and digits.
fn end_to_end_id(e2e: &str) -> Result<(), Error> {
    if e2e.len() == 32 && e2e.starts_with('E') && e2e.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(invalid(
            "end_to_end_id",
            "must be E followed by 31 letters and digits",
        ))
    }
}

impl Client {
    async fn bcb(
        &self,
        method: Method,
        account_id: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<bytes::Bytes, Error> {
        path_id("account_id", account_id)?;
        self.send_bytes_as(method, path, body, None, Some(account_id))
            .await
    }

    /// Creates an immediate charge (`cob`) with your txid (26–35 letters
    /// and digits), or one Stone makes (`None`).
    pub async fn create_cob(
        &self,
        account_id: &str,
        txid: Option<&str>,
        cob: &NewCob,
    ) -> Result<Cob, Error> {
        let body = cob.body()?;
        let bytes = match txid {
            Some(t) => {
                if !txid::is_charge_txid(t) {
                    return Err(invalid("txid", "must be 26 to 35 letters and digits"));
                }
                self.bcb(
                    Method::Put,
                    account_id,
                    &format!("/api/v1/cob/{t}"),
                    Some(&body),
                )
                .await?
            }
            None => {
                self.bcb(Method::Post, account_id, "/api/v1/cob/", Some(&body))
                    .await?
            }
        };
        decode(&bytes)
    }

    /// One `cob`, with the Pix that paid it.
    pub async fn cob(&self, account_id: &str, txid: &str) -> Result<Cob, Error> {
        path_id("txid", txid)?;
        decode(
            &self
                .bcb(
                    Method::Get,
                    account_id,
                    &format!("/api/v1/cob/{txid}"),
                    None,
                )
                .await?,
        )
    }

    /// Removes an unpaid `cob` (`REMOVIDA_PELO_USUARIO_RECEBEDOR`).
    pub async fn remove_cob(&self, account_id: &str, txid: &str) -> Result<Cob, Error> {
        path_id("txid", txid)?;
        let body = json!({"status": "REMOVIDA_PELO_USUARIO_RECEBEDOR"});
        decode(
            &self
                .bcb(
                    Method::Patch,
                    account_id,
                    &format!("/api/v1/cob/{txid}"),
                    Some(&body),
                )
                .await?,
        )
    }

    /// A received Pix by its end-to-end id, with its refunds.
    pub async fn received_pix(
        &self,
        account_id: &str,
        end_to_end_id: &str,
    ) -> Result<BcbPix, Error> {
        self::end_to_end_id(end_to_end_id)?;
        decode(
            &self
                .bcb(
                    Method::Get,
                    account_id,
                    &format!("/api/v1/pix/{end_to_end_id}"),
                    None,
                )
                .await?,
        )
    }

    /// Refunds a received Pix (all or part, `amount` centavos) under your
    /// refund `id` (1–35 letters and digits): the same `id` again is the
    /// same refund, so a retry never refunds twice.
    pub async fn create_devolucao(
        &self,
        account_id: &str,
        end_to_end_id: &str,
        id: &str,
        amount: i64,
    ) -> Result<Devolucao, Error> {
        self::end_to_end_id(end_to_end_id)?;
        if id.is_empty() || id.len() > 35 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid("id", "must be 1 to 35 letters and digits"));
        }
        positive("amount", amount)?;
        let body = json!({"valor": reais(amount)});
        decode(
            &self
                .bcb(
                    Method::Put,
                    account_id,
                    &format!("/api/v1/pix/{end_to_end_id}/devolucao/{id}"),
                    Some(&body),
                )
                .await?,
        )
    }

    /// One refund of a received Pix.
    pub async fn devolucao(
        &self,
        account_id: &str,
        end_to_end_id: &str,
        id: &str,
    ) -> Result<Devolucao, Error> {
        self::end_to_end_id(end_to_end_id)?;
        path_id("id", id)?;
        decode(
            &self
                .bcb(
                    Method::Get,
                    account_id,
                    &format!("/api/v1/pix/{end_to_end_id}/devolucao/{id}"),
                    None,
                )
                .await?,
        )
    }
}
