//! The endpoints of [`crate::domain::pix::bcb`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock;
use crate::domain::pix::bcb::*;
use crate::domain::pix::bcb_cobv;
use crate::domain::refusal::Refusal;
use crate::http::auth::caller;
use crate::http::pix::charges;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::due::parse_reais as centavos;
use stone_openbank::pix::txid;

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
        bcb_cobv::invalid_cobv
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
        bcb_cobv::stone_body(&account, txid, &value)?
    } else {
        stone_body(&account, txid, &value)?
    };
    let tipo = if due { "cobv" } else { "cob" };
    let location = match value.pointer("/loc/id") {
        None | Some(Value::Null) => None,
        Some(id) => Some(
            crate::http::pix::bcb_loc::free(app, &account, id, tipo).map_err(|d| invalid(&d))?,
        ),
    };
    let (_, created) = charges::create_for_bcb(app, &client_id, &stone, due, location.clone())
        .map_err(|e| as_bcb(e, invalid))?;
    let mut store = app.store.lock();
    if let Some(url) = &location {
        crate::domain::pix::bcb_loc::link(&mut store, &account, url, txid);
    }
    let c = store
        .pix_charges
        .iter()
        .find(|c| Some(c.id.as_str()) == created["id"].as_str())
        .ok_or_else(|| not_found("cob"))?;
    Ok(if due {
        bcb_cobv::view(&store, c)
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
    let now = clock::Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = revise_cob(&mut store, &now, &account, &txid, &value)?;
    Ok(Json(cob_view(&store, &store.pix_charges[index])))
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
                bcb_cobv::view(&store, c)
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

/// `PUT /api/v1/pix/{e2eid}/devolucao/{id}` `{valor}` → 201: a refund
/// (the same as `refunds_for_inbound_pix_payments`, with its limits and
/// approvals); the same `id` again answers the same refund.
pub async fn put_devolucao(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((e2e, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (client_id, account) = account_of(&app, &headers, crate::domain::pix::refunds::SCOPES)?;
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
    let (_, created) = crate::http::pix::refunds::create_for(&app, &client_id, &stone, Some(&id))
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
