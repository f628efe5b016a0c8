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

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use stone_openbank::pix::due::{parse_reais as centavos, reais};
use stone_openbank::pix::txid;

use super::charges::DynamicCharge;
use super::due::bcb_error;
use super::inbound::InboundPix;
use crate::auth::caller;
use crate::domain::refusal::{Class, Refusal};
use crate::server::App;
use crate::store::Store;

pub(super) const READ: &[&str] = &["pix:payment_invoice", "pix:read", "pix:payment"];
pub(super) const WRITE: &[&str] = &["pix:payment_invoice", "pix:write"];

/// `CobOperacaoInvalida` (400), with what is wrong.
fn invalid_cob(detail: &str) -> Refusal {
    bcb_error(400, "CobOperacaoInvalida", "Cobrança inválida.", detail)
}

pub(super) fn invalid_query(detail: &str) -> Refusal {
    bcb_error(400, "PixConsultaInvalida", "Consulta Pix Inválida", detail)
}

pub(super) fn denied() -> Refusal {
    bcb_error(
        403,
        "AcessoNegado",
        "Acesso Negado",
        "the account in x-stone-account-id is not the caller's",
    )
}

pub(super) fn not_found(what: &str) -> Refusal {
    bcb_error(404, "NaoEncontrado", "Não Encontrado", what)
}

/// A Stone-shaped refusal as the BCB API says it.
pub(super) fn as_bcb(e: Refusal, invalid: fn(&str) -> Refusal) -> Refusal {
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

/// The account the call is about (`x-stone-account-id`), which the caller
/// must operate.
pub(super) fn account_of(
    app: &App,
    headers: &HeaderMap,
    scopes: &[&str],
) -> Result<(String, String), Refusal> {
    let token = caller(app, headers, scopes)?;
    let account = headers
        .get("x-stone-account-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| invalid_cob("x-stone-account-id must be filled with a valid value"))?
        .to_owned();
    if !app.store.lock().may_access(&token.client_id, &account) {
        return Err(denied());
    }
    Ok((token.client_id, account))
}

pub(super) fn status_of(c: &DynamicCharge) -> &'static str {
    match c.status.as_str() {
        "ACTIVE" => "ATIVA",
        "PAID" => "CONCLUIDA",
        "CANCELLED" => "REMOVIDA_PELO_USUARIO_RECEBEDOR",
        _ => "REMOVIDA_PELO_PSP",
    }
}

/// A received Pix as the BCB shows it, with its refunds.
pub(super) fn pix_view(store: &Store, p: &InboundPix) -> Value {
    let devolucoes: Vec<Value> = store
        .operations
        .iter()
        .filter(|o| {
            o.kind == crate::operations::Kind::PixRefund
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

fn devolucao_view(o: &crate::operations::Operation) -> Value {
    use crate::operations::Status;
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
fn cob_view(store: &Store, c: &DynamicCharge) -> Value {
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
        "loc": super::bcb_loc::of(store, c, "cob"),
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
fn stone_body(account: &str, txid: &str, body: &Value) -> Result<Value, Refusal> {
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

/// Creates a `cob` (or, `due`, a `cobv`) at txid: the body made Stone's,
/// the charge created by `charges`, at the `loc` given or a new location.
pub fn create_any(
    app: &App,
    headers: &HeaderMap,
    txid: &str,
    body: &Bytes,
    due: bool,
) -> Result<Value, Refusal> {
    let invalid = if due {
        super::bcb_cobv::invalid_cobv
    } else {
        invalid_cob
    };
    let (client_id, account) = account_of(app, headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(body).map_err(|_| invalid("the body must be JSON"))?;
    if value.get("chave").and_then(Value::as_str).is_none() {
        return Err(invalid("chave is required"));
    }
    let stone = if due {
        super::bcb_cobv::stone_body(&account, txid, &value)?
    } else {
        stone_body(&account, txid, &value)?
    };
    let tipo = if due { "cobv" } else { "cob" };
    let location = match value.pointer("/loc/id") {
        None | Some(Value::Null) => None,
        Some(id) => Some(super::bcb_loc::free(app, &account, id, tipo).map_err(|d| invalid(&d))?),
    };
    let (_, created) =
        super::charges::create_for_bcb(app, &client_id, &stone, due, location.clone())
            .map_err(|e| as_bcb(e, invalid))?;
    let mut store = app.store.lock();
    if let Some(url) = &location {
        super::bcb_loc::link(&mut store, &account, url, txid);
    }
    let c = store
        .pix_charges
        .iter()
        .find(|c| Some(c.id.as_str()) == created["id"].as_str())
        .ok_or_else(|| not_found("cob"))?;
    Ok(if due {
        super::bcb_cobv::view(&store, c)
    } else {
        cob_view(&store, c)
    })
}

fn create(app: &App, headers: &HeaderMap, txid: &str, body: &Bytes) -> Result<Value, Refusal> {
    create_any(app, headers, txid, body, false)
}

/// `PUT /api/v1/cob/{txid}` → 201.
pub async fn put_cob(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    if !txid::is_charge_txid(&txid) {
        return Err(invalid_cob("txid must match ^[a-zA-Z0-9]{26,35}$"));
    }
    Ok((
        StatusCode::CREATED,
        Json(create(&app, &headers, &txid, &body)?),
    ))
}

/// `POST /api/v1/cob/` → 201 with a txid made here.
pub async fn post_cob(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let txid = uuid::Uuid::new_v4().simple().to_string();
    Ok((
        StatusCode::CREATED,
        Json(create(&app, &headers, &txid, &body)?),
    ))
}

fn find_cob(store: &Store, account: &str, txid: &str) -> Result<usize, Refusal> {
    store
        .pix_charges
        .iter()
        .position(|c| c.account_id == account && c.transaction_id == txid && c.due.is_none())
        .ok_or_else(|| not_found("no cob with this txid"))
}

/// `GET /api/v1/cob/{txid}`.
pub async fn get_cob(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let store = app.store.lock();
    let index = find_cob(&store, &account, &txid)?;
    Ok(Json(cob_view(&store, &store.pix_charges[index])))
}

/// `PATCH /api/v1/cob/{txid}`: revises what a payer has not seen settle —
/// `status: REMOVIDA_PELO_USUARIO_RECEBEDOR` cancels it; `solicitacaoPagador`
/// and `infoAdicionais` change (the revision counts up).
pub async fn patch_cob(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| invalid_cob("the body must be JSON"))?;
    let now = crate::clock::Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = find_cob(&store, &account, &txid)?;
    if store.pix_charges[index].status != "ACTIVE" {
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
            c.status = "CANCELLED".into();
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
        super::charges::announce(&mut store, &now, index, "pix_invoice_payment_cancelled");
    }
    Ok(Json(cob_view(&store, &store.pix_charges[index])))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub(super) inicio: Option<String>,
    pub(super) fim: Option<String>,
    pub(super) status: Option<String>,
    txid: Option<String>,
    #[serde(rename = "paginacao[paginaAtual]")]
    pagina: Option<usize>,
    #[serde(rename = "paginacao[itensPorPagina]")]
    itens: Option<usize>,
}

/// The period and page a BCB list asks for (`inicio` and `fim` required).
pub(super) fn period(q: &ListQuery) -> Result<(String, String, usize, usize), Refusal> {
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
    let iso = |t: time::OffsetDateTime| crate::clock::Ts(t.unix_timestamp()).iso();
    let itens = q.itens.unwrap_or(100).clamp(1, 1000);
    Ok((iso(a), iso(b), q.pagina.unwrap_or(0), itens))
}

/// One page of a BCB list: `{parametros: {inicio, fim, paginacao}, <name>: [...]}`.
pub(super) fn listed<T: serde::Serialize>(
    q: &ListQuery,
    items: Vec<T>,
    pagina: usize,
    itens: usize,
    name: &str,
) -> Json<Value> {
    let total = items.len();
    let pages = total.div_ceil(itens);
    let chosen: Vec<T> = items.into_iter().skip(pagina * itens).take(itens).collect();
    let paginacao = json!({"paginaAtual": pagina, "itensPorPagina": itens,
        "quantidadeDePaginas": pages, "quantidadeTotalDeItens": total});
    let mut answer =
        json!({"parametros": {"inicio": q.inicio, "fim": q.fim, "paginacao": paginacao}});
    answer[name] = serde_json::to_value(chosen).unwrap_or(Value::Null);
    Json(answer)
}

/// `GET /api/v1/cob/?inicio&fim[&status][&paginacao...]`.
pub async fn list_cobs(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    list_charges(&app, &headers, &q, false)
}

/// The account's `cob` (or, `due`, `cobv`) created in the period, in the
/// status asked for, one page of them.
pub(super) fn list_charges(
    app: &App,
    headers: &HeaderMap,
    q: &ListQuery,
    due: bool,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(app, headers, READ)?;
    let (inicio, fim, pagina, itens) = period(q)?;
    let store = app.store.lock();
    let all: Vec<Value> = store
        .pix_charges
        .iter()
        .filter(|c| c.account_id == account && c.due.is_some() == due)
        .filter(|c| c.created_at >= inicio && c.created_at <= fim)
        .filter(|c| q.status.as_deref().is_none_or(|s| s == status_of(c)))
        .map(|c| {
            if due {
                super::bcb_cobv::view(&store, c)
            } else {
                cob_view(&store, c)
            }
        })
        .collect();
    Ok(listed(q, all, pagina, itens, "cobs"))
}

/// `GET /api/v1/pix?inicio&fim[&txid]`: the account's received Pix.
pub async fn list_pix(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let (inicio, fim, pagina, itens) = period(&q)?;
    let store = app.store.lock();
    let all: Vec<Value> = store
        .pix_inbound
        .iter()
        .filter(|p| p.account_id == account && p.created_at >= inicio && p.created_at <= fim)
        .filter(|p| q.txid.is_none() || p.transaction_id == q.txid)
        .map(|p| pix_view(&store, p))
        .collect();
    let mut answer = listed(&q, all, pagina, itens, "pix");
    answer["parametros"]["account_id"] = json!(account);
    Ok(answer)
}

/// Whether a path segment is an end-to-end id (`E` + 31 letters and
/// digits), which `GET /api/v1/pix/{x}` then means.
pub fn is_end_to_end_id(id: &str) -> bool {
    id.len() == 32 && id.starts_with('E') && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `GET /api/v1/pix/{e2eid}` (routed through `outbound::get_any`).
pub fn get_pix(app: &App, headers: &HeaderMap, e2e: &str) -> Result<Value, Refusal> {
    let (_, account) = account_of(app, headers, READ)?;
    let store = app.store.lock();
    let p = store
        .pix_inbound
        .iter()
        .find(|p| p.end_to_end_id == e2e && p.account_id == account)
        .ok_or_else(|| not_found("no Pix received with this endToEndId"))?;
    Ok(pix_view(&store, p))
}

fn find_devolucao(store: &Store, inbound: &str, id: &str) -> Option<usize> {
    store.operations.iter().position(|o| {
        o.kind == crate::operations::Kind::PixRefund
            && o.extra
                .get("inbound_pix_payment_id")
                .and_then(Value::as_str)
                == Some(inbound)
            && o.extra.get("bcb_id").and_then(Value::as_str) == Some(id)
    })
}

/// `PUT /api/v1/pix/{e2eid}/devolucao/{id}` `{valor}` → 201: a refund
/// (the same as `refunds_for_inbound_pix_payments`, with its limits and
/// approvals); the same `id` again answers the same refund.
pub async fn put_devolucao(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((e2e, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (client_id, account) = account_of(&app, &headers, super::refunds::SCOPES)?;
    if id.is_empty() || id.len() > 35 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid_query("id must match [a-zA-Z0-9]{1,35}"));
    }
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| invalid_query("the body must be JSON"))?;
    let amount = value
        .get("valor")
        .and_then(Value::as_str)
        .and_then(centavos)
        .ok_or_else(|| invalid_query("valor must be a decimal of reais as \\d{1,10}.\\d{2}"))?;
    let inbound = {
        let store = app.store.lock();
        let p = store
            .pix_inbound
            .iter()
            .find(|p| p.end_to_end_id == e2e && p.account_id == account)
            .ok_or_else(|| not_found("no Pix received with this endToEndId"))?;
        if let Some(index) = find_devolucao(&store, &p.id, &id) {
            return Ok((
                StatusCode::CREATED,
                Json(devolucao_view(&store.operations[index])),
            ));
        }
        p.id.clone()
    };
    let stone = json!({"reason": "beneficiary_request", "amount": amount, "inbound_pix_payment_id": inbound});
    let (_, created) = super::refunds::create_for(&app, &client_id, &stone, Some(&id))
        .map_err(|e| as_bcb(e, invalid_query))?;
    let store = app.store.lock();
    let index = store
        .operation_index
        .get(created["id"].as_str().unwrap_or(""))
        .copied()
        .ok_or_else(|| not_found("devolucao"))?;
    Ok((
        StatusCode::CREATED,
        Json(devolucao_view(&store.operations[index])),
    ))
}

/// `GET /api/v1/pix/{e2eid}/devolucao/{id}`.
pub async fn get_devolucao(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((e2e, id)): Path<(String, String)>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let store = app.store.lock();
    let p = store
        .pix_inbound
        .iter()
        .find(|p| p.end_to_end_id == e2e && p.account_id == account)
        .ok_or_else(|| not_found("no Pix received with this endToEndId"))?;
    let index =
        find_devolucao(&store, &p.id, &id).ok_or_else(|| not_found("no devolucao with this id"))?;
    Ok(Json(devolucao_view(&store.operations[index])))
}
