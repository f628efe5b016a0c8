//! The Banco Central's standard Pix API as Stone serves it (SPEC §6.14):
//! immediate charges (`cob`), received Pix by end-to-end id, and their
//! refunds (`devolucao`). The account goes in `x-stone-account-id`; the
//! models read the API's decimal strings of reais into centavos.
//!
//! Stone's own API (`pix.rs`) does the same things with richer models;
//! this one is for code written against the BCB's manual.

use serde_json::{json, Value};

use super::pages::Pages;
use super::transport::{decode, Method};
use super::validate::{at_most, invalid, one_of, path_id, positive};
use super::{Client, Error};
use crate::models::{
    BcbListFilter, BcbPix, Cob, CobRevision, Cobv, CobvLot, CobvLotRevision, Devolucao, NewCob,
    PixLocation,
};
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

impl CobRevision {
    fn removal() -> Self {
        CobRevision {
            solicitacao_pagador: None,
            remove: true,
        }
    }

    fn body(&self) -> Result<Value, Error> {
        let mut body = json!({});
        if let Some(s) = &self.solicitacao_pagador {
            at_most("solicitacao_pagador", s, 140)?;
            body["solicitacaoPagador"] = json!(s);
        }
        if self.remove {
            body["status"] = json!("REMOVIDA_PELO_USUARIO_RECEBEDOR");
        }
        if body.as_object().is_some_and(|o| o.is_empty()) {
            return Err(invalid(
                "revision",
                "changes nothing: give solicitacao_pagador or remove",
            ));
        }
        Ok(body)
    }
}

impl BcbListFilter {
    /// `path` with the period and filters; `status` and `txid` say
    /// whether the list takes those filters.
    fn query(&self, path: &str, status: bool, txid: bool) -> Result<String, Error> {
        use time::format_description::well_known::Rfc3339;
        let at = |field: &'static str, text: &str| {
            time::OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
                invalid(
                    field,
                    "must be an RFC 3339 date-time (2026-12-01T00:00:00Z)",
                )
            })
        };
        if at("fim", &self.fim)? < at("inicio", &self.inicio)? {
            return Err(invalid("fim", "must not precede inicio"));
        }
        let mut q = format!(
            "{path}?inicio={}&fim={}",
            super::url::encode(&self.inicio),
            super::url::encode(&self.fim)
        );
        if let Some(s) = &self.status {
            if !status {
                return Err(invalid("status", "this list has no status filter"));
            }
            one_of(
                "status",
                Some(s),
                &[
                    "ATIVA",
                    "CONCLUIDA",
                    "REMOVIDA_PELO_USUARIO_RECEBEDOR",
                    "REMOVIDA_PELO_PSP",
                ],
            )?;
            q.push_str("&status=");
            q.push_str(s);
        }
        if let Some(t) = &self.txid {
            if !txid {
                return Err(invalid("txid", "this list has no txid filter"));
            }
            path_id("txid", t)?;
            q.push_str("&txid=");
            q.push_str(t);
        }
        Ok(q)
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
        decode(&self.charge("cob", account_id, txid).await?)
    }

    /// `GET /api/v1/{cob|cobv}/{txid}`.
    async fn charge(
        &self,
        kind: &str,
        account_id: &str,
        txid: &str,
    ) -> Result<bytes::Bytes, Error> {
        path_id("txid", txid)?;
        self.bcb(
            Method::Get,
            account_id,
            &format!("/api/v1/{kind}/{txid}"),
            None,
        )
        .await
    }

    /// Removes an unpaid `cob` (`REMOVIDA_PELO_USUARIO_RECEBEDOR`).
    pub async fn remove_cob(&self, account_id: &str, txid: &str) -> Result<Cob, Error> {
        self.revise_cob(account_id, txid, &CobRevision::removal())
            .await
    }

    /// Revises a `cob` (its text for the payer, or its removal).
    pub async fn revise_cob(
        &self,
        account_id: &str,
        txid: &str,
        revision: &CobRevision,
    ) -> Result<Cob, Error> {
        decode(&self.revise("cob", account_id, txid, revision).await?)
    }

    /// `PATCH /api/v1/{cob|cobv}/{txid}`.
    async fn revise(
        &self,
        kind: &str,
        account_id: &str,
        txid: &str,
        revision: &CobRevision,
    ) -> Result<bytes::Bytes, Error> {
        path_id("txid", txid)?;
        let body = revision.body()?;
        self.bcb(
            Method::Patch,
            account_id,
            &format!("/api/v1/{kind}/{txid}"),
            Some(&body),
        )
        .await
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

/// A two-place decimal written as hundredths (`200` → `"2.00"`).
fn hundredths(n: i64) -> String {
    reais(n)
}

fn term(
    t: &crate::models::CobvTerm,
    name: &'static str,
    codes: std::ops::RangeInclusive<u8>,
) -> Result<Value, Error> {
    if !codes.contains(&t.modalidade) {
        return Err(invalid(
            name,
            "its modalidade is not one of the BCB's codes",
        ));
    }
    let value = t
        .valor_perc
        .ok_or_else(|| invalid(name, "needs valor_perc"))?;
    if value < 0 {
        return Err(invalid(name, "valor_perc must not be negative"));
    }
    Ok(json!({"modalidade": t.modalidade, "valorPerc": hundredths(value)}))
}

impl crate::models::NewCobv {
    fn body(&self) -> Result<Value, Error> {
        positive("original", self.valor.original)?;
        crate::barcode::parse_iso_date(&self.data_de_vencimento)
            .map_err(|_| invalid("data_de_vencimento", "must be a date as yyyy-mm-dd"))?;
        let id = crate::documents::TaxId::parse(&self.devedor_documento)
            .map_err(|e| invalid("devedor_documento", e.to_string()))?;
        let field = match id {
            crate::documents::TaxId::Cpf(_) => "cpf",
            crate::documents::TaxId::Cnpj(_) => "cnpj",
        };
        let mut calendario = json!({"dataDeVencimento": self.data_de_vencimento});
        if let Some(days) = self.validade_apos_vencimento {
            calendario["validadeAposVencimento"] = json!(days);
        }
        let mut valor = json!({"original": reais(self.valor.original)});
        if let Some(t) = &self.valor.multa {
            valor["multa"] = term(t, "multa", 1..=2)?;
        }
        if let Some(t) = &self.valor.juros {
            valor["juros"] = term(t, "juros", 1..=8)?;
        }
        if let Some(t) = &self.valor.abatimento {
            valor["abatimento"] = term(t, "abatimento", 1..=2)?;
        }
        if let Some(d) = &self.valor.desconto {
            valor["desconto"] = match d.modalidade {
                1 | 2 => {
                    if d.desconto_data_fixa.is_empty() || d.desconto_data_fixa.len() > 3 {
                        return Err(invalid(
                            "desconto",
                            "modalidade 1 and 2 need 1 to 3 desconto_data_fixa",
                        ));
                    }
                    let mut steps = Vec::new();
                    for step in &d.desconto_data_fixa {
                        crate::barcode::parse_iso_date(&step.data).map_err(|_| {
                            invalid("desconto", "each data is a date as yyyy-mm-dd")
                        })?;
                        steps.push(
                            json!({"data": step.data, "valorPerc": hundredths(step.valor_perc)}),
                        );
                    }
                    json!({"modalidade": d.modalidade, "descontoDataFixa": steps})
                }
                3..=6 => term(
                    &crate::models::CobvTerm {
                        modalidade: d.modalidade,
                        valor_perc: d.valor_perc,
                    },
                    "desconto",
                    3..=6,
                )?,
                _ => {
                    return Err(invalid(
                        "desconto",
                        "its modalidade is not one of the BCB's codes",
                    ))
                }
            };
        }
        let mut body = json!({
            "calendario": calendario,
            "devedor": {"nome": self.devedor_nome, field: id.as_str()},
            "valor": valor,
            "chave": self.chave,
        });
        if let Some(s) = &self.solicitacao_pagador {
            at_most("solicitacao_pagador", s, 140)?;
            body["solicitacaoPagador"] = json!(s);
        }
        if let Some(loc) = self.loc_id {
            body["loc"] = json!({"id": loc});
        }
        Ok(body)
    }
}

fn lot_id(id: &str) -> Result<(), Error> {
    if id.is_empty() || id.len() > 35 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid("lot_id", "must be 1 to 35 letters and digits"));
    }
    Ok(())
}

impl Client {
    /// Creates a charge with a due date (`cobv`) with your txid.
    pub async fn create_cobv(
        &self,
        account_id: &str,
        txid: &str,
        cobv: &crate::models::NewCobv,
    ) -> Result<Cobv, Error> {
        if !txid::is_charge_txid(txid) {
            return Err(invalid("txid", "must be 26 to 35 letters and digits"));
        }
        let body = cobv.body()?;
        decode(
            &self
                .bcb(
                    Method::Put,
                    account_id,
                    &format!("/api/v1/cobv/{txid}"),
                    Some(&body),
                )
                .await?,
        )
    }

    /// One `cobv`, with the Pix that paid it.
    pub async fn cobv(&self, account_id: &str, txid: &str) -> Result<Cobv, Error> {
        decode(&self.charge("cobv", account_id, txid).await?)
    }

    /// Removes an unpaid `cobv`.
    pub async fn remove_cobv(&self, account_id: &str, txid: &str) -> Result<Cobv, Error> {
        self.revise_cobv(account_id, txid, &CobRevision::removal())
            .await
    }

    /// Revises a `cobv` (its text for the payer, or its removal).
    pub async fn revise_cobv(
        &self,
        account_id: &str,
        txid: &str,
        revision: &CobRevision,
    ) -> Result<Cobv, Error> {
        decode(&self.revise("cobv", account_id, txid, revision).await?)
    }

    /// Makes a payload location for a later `cob` or `cobv` (`tipo_cob`).
    pub async fn create_pix_location(
        &self,
        account_id: &str,
        tipo_cob: &str,
    ) -> Result<PixLocation, Error> {
        if !matches!(tipo_cob, "cob" | "cobv") {
            return Err(invalid("tipo_cob", "must be cob or cobv"));
        }
        let body = json!({"tipoCob": tipo_cob});
        decode(
            &self
                .bcb(Method::Post, account_id, "/api/v1/loc", Some(&body))
                .await?,
        )
    }

    /// One location, with the txid it serves.
    pub async fn pix_location(&self, account_id: &str, id: i64) -> Result<PixLocation, Error> {
        decode(
            &self
                .bcb(Method::Get, account_id, &format!("/api/v1/loc/{id}"), None)
                .await?,
        )
    }

    /// Frees a location from its charge.
    pub async fn unlink_pix_location(
        &self,
        account_id: &str,
        id: i64,
    ) -> Result<PixLocation, Error> {
        decode(
            &self
                .bcb(
                    Method::Delete,
                    account_id,
                    &format!("/api/v1/loc/{id}/txid"),
                    None,
                )
                .await?,
        )
    }

    /// Creates a batch of `cobv` (`lotecobv`); each is checked locally
    /// first, then created or refused on its own (see `cobv_lot`).
    pub async fn create_cobv_lot(
        &self,
        account_id: &str,
        lot_id: &str,
        descricao: &str,
        cobsv: &[crate::models::NewCobvInLot],
    ) -> Result<(), Error> {
        self::lot_id(lot_id)?;
        let mut items = Vec::with_capacity(cobsv.len());
        for c in cobsv {
            if !txid::is_charge_txid(&c.txid) {
                return Err(invalid("txid", "must be 26 to 35 letters and digits"));
            }
            let mut body = c.cobv.body()?;
            body["txid"] = json!(c.txid);
            items.push(body);
        }
        let body = json!({"descricao": descricao, "cobsv": items});
        self.bcb(
            Method::Put,
            account_id,
            &format!("/api/v1/lotecobv/{lot_id}"),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// A batch and what became of each of its `cobv`.
    pub async fn cobv_lot(&self, account_id: &str, lot_id: &str) -> Result<CobvLot, Error> {
        self::lot_id(lot_id)?;
        decode(
            &self
                .bcb(
                    Method::Get,
                    account_id,
                    &format!("/api/v1/lotecobv/{lot_id}"),
                    None,
                )
                .await?,
        )
    }

    /// Revises `cobv` of a batch, each as by `revise_cobv`; what became of
    /// each shows in `cobv_lot` (a refused one with its `problema`).
    pub async fn revise_cobv_lot(
        &self,
        account_id: &str,
        lot_id: &str,
        revisions: &[CobvLotRevision],
    ) -> Result<(), Error> {
        self::lot_id(lot_id)?;
        let mut items = Vec::with_capacity(revisions.len());
        for r in revisions {
            path_id("txid", &r.txid)?;
            let mut body = r.revision.body()?;
            body["txid"] = json!(r.txid);
            items.push(body);
        }
        self.bcb(
            Method::Patch,
            account_id,
            &format!("/api/v1/lotecobv/{lot_id}"),
            Some(&json!({"cobsv": items})),
        )
        .await
        .map(|_| ())
    }

    /// The account's `cob` created in a period (and status), page by page.
    pub fn cobs(&self, account_id: &str, filter: &BcbListFilter) -> Pages<Cob> {
        Pages::numbered(self, account_id, filter.query("/api/v1/cob/", true, false))
    }

    /// The account's `cobv` created in a period (and status), page by page.
    pub fn cobvs(&self, account_id: &str, filter: &BcbListFilter) -> Pages<Cobv> {
        Pages::numbered(self, account_id, filter.query("/api/v1/cobv", true, false))
    }

    /// The account's payload locations created in a period, page by page.
    pub fn pix_locations(&self, account_id: &str, filter: &BcbListFilter) -> Pages<PixLocation> {
        Pages::numbered(self, account_id, filter.query("/api/v1/loc", false, false))
    }

    /// The account's `cobv` batches created in a period, page by page.
    pub fn cobv_lots(&self, account_id: &str, filter: &BcbListFilter) -> Pages<CobvLot> {
        Pages::numbered(
            self,
            account_id,
            filter.query("/api/v1/lotecobv", false, false),
        )
    }

    /// The Pix the account received in a period (of a `txid`), page by page.
    pub fn received_pix_list(&self, account_id: &str, filter: &BcbListFilter) -> Pages<BcbPix> {
        Pages::numbered(self, account_id, filter.query("/api/v1/pix", false, true))
    }
}
