//! The Banco Central's standard Pix API as Stone implements it (SPEC §6.14),
//! first part: immediate charges (`/api/v1/cob`), received Pix
//! (`/api/v1/pix`, `/api/v1/pix/{e2eid}`) and their refunds
//! (`/api/v1/pix/{e2eid}/devolucao/{id}`).
//!
//! It is another view of the same records, not a second bank: a `cob` is a
//! dynamic charge (`charges`), a received Pix is the same `InboundPix`, a
//! `devolucao` is a refund (`refunds`, with its approvals). Only the shapes
//! differ: Portuguese names, money as decimal strings of reais
//! (`"37.00"`), the account in `x-stone-account-id`, and errors as
//! `https://pix.bcb.gov.br/api/v2/error/<Name>`.

use crate::domain::clock;
use crate::domain::operations;
use crate::domain::pix::bcb_loc;
use crate::domain::pix::charges::DynamicCharge;
use crate::domain::pix::due::bcb_error;
use crate::domain::pix::inbound::InboundPix;
use crate::domain::refusal::Class;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use serde::Deserialize;
use serde_json::{json, Value};
use stone_openbank::pix::due::{parse_reais as centavos, reais};

pub(crate) const READ: &[&str] = &["pix:payment_invoice", "pix:read", "pix:payment"];
pub(crate) const WRITE: &[&str] = &["pix:payment_invoice", "pix:write"];

/// `CobOperacaoInvalida` (400), with what is wrong.
pub(crate) fn invalid_cob(detail: &str) -> Refusal {
    bcb_error(400, "CobOperacaoInvalida", "Cobrança inválida.", detail)
}

pub(crate) fn invalid_query(detail: &str) -> Refusal {
    bcb_error(400, "PixConsultaInvalida", "Consulta Pix Inválida", detail)
}

pub(crate) fn denied() -> Refusal {
    bcb_error(
        403,
        "AcessoNegado",
        "Acesso Negado",
        "the account in x-stone-account-id is not the caller's",
    )
}

pub(crate) fn not_found(what: &str) -> Refusal {
    bcb_error(404, "NaoEncontrado", "Não Encontrado", what)
}

/// A Stone-shaped refusal as the BCB API says it.
pub(crate) fn as_bcb(e: Refusal, invalid: fn(&str) -> Refusal) -> Refusal {
    if e.body["type"]
        .as_str()
        .is_some_and(|t| t.starts_with("https://"))
    {
        return e;
    }
    match e.class {
        Class::Forbidden | Class::Unauthenticated => denied(),
        Class::NotFound => not_found("not found"),
        _ => {
            let reasons: Vec<String> = e.body["reason"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .map(|x| {
                            format!(
                                "{}: {}",
                                x["path"].as_array().map_or(String::new(), |p| p
                                    .iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(".")),
                                x["error"].as_str().unwrap_or("")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let kind = e.body["type"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches("srn:error:");
            let detail = if reasons.is_empty() {
                kind.to_owned()
            } else {
                reasons.join("; ")
            };
            invalid(&detail)
        }
    }
}

pub(crate) fn status_of(c: &DynamicCharge) -> &'static str {
    c.status.bcb()
}

/// A received Pix as the BCB shows it, with its refunds.
pub(crate) fn pix_view(store: &Store, p: &InboundPix) -> Value {
    let devolucoes: Vec<Value> = store
        .operations
        .iter()
        .filter(|o| {
            o.kind == operations::Kind::PixRefund
                && o.extra
                    .get("inbound_pix_payment_id")
                    .and_then(Value::as_str)
                    == Some(&p.id)
        })
        .map(devolucao_view)
        .collect();
    json!({
        "endToEndId": p.end_to_end_id,
        "txid": p.transaction_id,
        "valor": reais(p.amount),
        "horario": p.settled_at.as_ref().unwrap_or(&p.created_at),
        "infoPagador": p.description,
        "devolucoes": devolucoes,
    })
}

pub(crate) fn devolucao_view(o: &operations::Operation) -> Value {
    use operations::Status;
    let status = match o.status {
        Status::Settled => "DEVOLVIDO",
        Status::Failed | Status::Rejected | Status::Reversed => "NAO_REALIZADO",
        _ => "EM_PROCESSAMENTO",
    };
    let mut horario = json!({"solicitacao": o.created_at});
    if let Some(at) = o.settled_at {
        horario["liquidacao"] = json!(at);
    }
    json!({
        "id": o.extra.get("bcb_id").cloned().unwrap_or_else(|| json!(o.id)),
        "rtrId": o.extra.get("return_id"),
        "valor": reais(o.amount),
        "horario": horario,
        "status": status,
        "motivo": o.failure_reason_description,
    })
}

/// A `cob` as the BCB shows it.
pub(crate) fn cob_view(store: &Store, c: &DynamicCharge) -> Value {
    let customer = c.customer.clone().unwrap_or(Value::Null);
    let document = customer
        .get("document")
        .and_then(Value::as_str)
        .unwrap_or("");
    let devedor = if document.is_empty() {
        Value::Null
    } else if document.len() == 11 {
        json!({"cpf": document, "nome": customer.get("name")})
    } else {
        json!({"cnpj": document, "nome": customer.get("name")})
    };
    let pix: Vec<Value> = store
        .pix_inbound
        .iter()
        .filter(|p| c.inbound_pix_payments.contains(&p.id))
        .map(|p| pix_view(store, p))
        .collect();
    json!({
        "calendario": {"criacao": c.created_at, "expiracao": c.expiration},
        "txid": c.transaction_id,
        "revisao": c.revision,
        "loc": bcb_loc::of(store, c, "cob"),
        "location": c.location,
        "status": status_of(c),
        "devedor": devedor,
        "valor": {"original": c.amount.map(reais), "modalidadeAlteracao": i32::from(c.amount.is_none())},
        "chave": c.key,
        "solicitacaoPagador": c.request_for_payer,
        "infoAdicionais": c.additional_data.iter()
            .map(|d| json!({"nome": d.get("name"), "valor": d.get("value")}))
            .collect::<Vec<_>>(),
        "pix": pix,
        "qr_code_copia_cola": c.qr_code_content,
        "qr_code": c.qr_code_image,
    })
}

/// The Stone body of a BCB `cob` body.
pub(crate) fn stone_body(account: &str, txid: &str, body: &Value) -> Result<Value, Refusal> {
    let amount = match body.pointer("/valor/original") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_str().and_then(centavos).ok_or_else(|| {
            invalid_cob("valor.original must be a decimal of reais as \\d{1,10}.\\d{2}")
        })?),
    };
    let devedor = body.get("devedor");
    let document = devedor
        .and_then(|d| d.get("cpf").or_else(|| d.get("cnpj")))
        .cloned();
    let customer =
        document.map(|doc| json!({"document": doc, "name": devedor.and_then(|d| d.get("nome"))}));
    Ok(json!({
        "account_id": account,
        "key": body.get("chave"),
        "transaction_id": txid,
        "amount": amount,
        "expiration": body.pointer("/calendario/expiracao"),
        "customer": customer,
        "request_for_payer": body.get("solicitacaoPagador"),
        "additional_data": body.get("infoAdicionais").and_then(Value::as_array).map(|a| a.iter()
            .map(|i| json!({"name": i.get("nome"), "value": i.get("valor")})).collect::<Vec<_>>()),
    }))
}

pub(crate) fn find_cob(store: &Store, account: &str, txid: &str) -> Result<usize, Refusal> {
    store
        .pix_charges
        .iter()
        .position(|c| c.account_id == account && c.transaction_id == txid && c.due.is_none())
        .ok_or_else(|| not_found("no cob with this txid"))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub(crate) inicio: Option<String>,
    pub(crate) fim: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) txid: Option<String>,
    #[serde(rename = "paginacao[paginaAtual]")]
    pub(crate) pagina: Option<usize>,
    #[serde(rename = "paginacao[itensPorPagina]")]
    pub(crate) itens: Option<usize>,
}

/// The period and page a BCB list asks for (`inicio` and `fim` required).
pub(crate) fn period(q: &ListQuery) -> Result<(String, String, usize, usize), Refusal> {
    let (Some(inicio), Some(fim)) = (&q.inicio, &q.fim) else {
        return Err(invalid_query("inicio and fim are required"));
    };
    let parse = |t: &str| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .map_err(|_| invalid_query("inicio and fim are RFC 3339 date-times"))
    };
    let (a, b) = (parse(inicio)?, parse(fim)?);
    if b < a {
        return Err(invalid_query("fim must not precede inicio"));
    }
    let iso = |t: time::OffsetDateTime| clock::Ts(t.unix_timestamp()).iso();
    let itens = q.itens.unwrap_or(100).clamp(1, 1000);
    Ok((iso(a), iso(b), q.pagina.unwrap_or(0), itens))
}

/// Whether a path segment is an end-to-end id (`E` + 31 letters and
/// digits), which `GET /api/v1/pix/{x}` then means.
pub fn is_end_to_end_id(id: &str) -> bool {
    id.len() == 32 && id.starts_with('E') && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

pub(crate) fn find_devolucao(store: &Store, inbound: &str, id: &str) -> Option<usize> {
    store.operations.iter().position(|o| {
        o.kind == operations::Kind::PixRefund
            && o.extra
                .get("inbound_pix_payment_id")
                .and_then(Value::as_str)
                == Some(inbound)
            && o.extra.get("bcb_id").and_then(Value::as_str) == Some(id)
    })
}

/// Revises a `cob` a payer has not paid: `status:
/// REMOVIDA_PELO_USUARIO_RECEBEDOR` cancels it; `solicitacaoPagador` and
/// `infoAdicionais` change (the revision counts up). The charge's index.
pub fn revise_cob(
    store: &mut Store,
    now: &crate::domain::clock::Now,
    account: &str,
    txid: &str,
    value: &Value,
) -> Result<usize, Refusal> {
    let index = find_cob(store, account, txid)?;
    if store.pix_charges[index].status != crate::domain::pix::charges::ChargeStatus::Active {
        return Err(invalid_cob("only an ATIVA cob can be revised"));
    }
    if value.get("valor").is_some() || value.get("chave").is_some() {
        return Err(invalid_cob("valor and chave cannot be revised here"));
    }
    let c = &mut store.pix_charges[index];
    if let Some(text) = value.get("solicitacaoPagador").and_then(Value::as_str) {
        c.request_for_payer = Some(text.to_owned());
    }
    if let Some(list) = value.get("infoAdicionais").and_then(Value::as_array) {
        c.additional_data = list
            .iter()
            .map(|i| json!({"name": i.get("nome"), "value": i.get("valor")}))
            .collect();
    }
    c.revision += 1;
    c.updated_at = now.iso.clone();
    let cancelled = match value.get("status").and_then(Value::as_str) {
        Some("REMOVIDA_PELO_USUARIO_RECEBEDOR") => {
            c.status = crate::domain::pix::charges::ChargeStatus::Cancelled;
            c.cancelled_at = Some(now.iso.clone());
            true
        }
        Some(_) => {
            return Err(invalid_cob(
                "status may only be REMOVIDA_PELO_USUARIO_RECEBEDOR",
            ))
        }
        None => false,
    };
    if cancelled {
        crate::domain::pix::charges::announce(store, now, index, "pix_invoice_payment_cancelled");
    }
    Ok(index)
}
