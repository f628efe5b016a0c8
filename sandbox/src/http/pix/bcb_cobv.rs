//! The endpoints of [`crate::domain::pix::bcb_cobv`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::bcb::period;
use crate::domain::pix::bcb::ListQuery;
use crate::domain::pix::bcb::READ;
use crate::domain::pix::bcb::WRITE;
use crate::domain::pix::bcb_cobv::*;
use crate::domain::refusal::Refusal;
use crate::http::pix::bcb::account_of;
use crate::http::pix::bcb::listed;
use crate::http::server::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use stone_openbank::pix::txid;
/// `PUT /api/v1/cobv/{txid}` → 201.
pub async fn put(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    if !txid::is_charge_txid(&txid) {
        return Err(invalid_cobv("txid must match ^[a-zA-Z0-9]{26,35}$"));
    }
    let view = crate::http::pix::bcb::create_any(&app, &headers, &txid, &body, true)?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/v1/cobv/{txid}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let store = app.store.lock();
    let index = find(&store, &account, &txid)?;
    Ok(Json(view(&store, &store.pix_charges[index])))
}

/// `PATCH /api/v1/cobv/{txid}` → 200.
pub async fn patch(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(txid): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| invalid_cobv("the body must be JSON"))?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let index = revise(&mut store, &now, &account, &txid, &value)?;
    Ok(Json(view(&store, &store.pix_charges[index])))
}

/// `GET /api/v1/cobv?inicio&fim[&status]`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    crate::http::pix::bcb::list_charges(&app, &headers, &q, true)
}

/// `PUT /api/v1/lotecobv/{id}` `{descricao, cobsv[]}` → 202: each `cobv`
/// is created as by `PUT /cobv/{txid}`, `CRIADA`, or `NEGADA` with the
/// `problema` that creation answered.
pub async fn put_lot(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| lot_invalid("the body must be JSON"))?;
    let (Some(descricao), Some(items)) = (
        value.get("descricao").and_then(Value::as_str),
        value.get("cobsv").and_then(Value::as_array),
    ) else {
        return Err(lot_invalid("descricao and cobsv are required"));
    };
    if app
        .store
        .lock()
        .pix_lots
        .iter()
        .any(|l| l.id == id && l.account_id == account)
    {
        return Err(lot_invalid("a lote with this id exists; PATCH revises it"));
    }
    let now = Now::of(&app.clock);
    let mut results = Vec::new();
    for item in items {
        let txid = item
            .get("txid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let outcome = if txid::is_charge_txid(&txid) {
            let bytes = Bytes::from(serde_json::to_vec(item).unwrap_or_default());
            crate::http::pix::bcb::create_any(&app, &headers, &txid, &bytes, true).map(|_| ())
        } else {
            Err(invalid_cobv("txid must match ^[a-zA-Z0-9]{26,35}$"))
        };
        results.push(match outcome {
            Ok(()) => json!({"txid": txid, "status": "CRIADA", "criacao": now.iso}),
            Err(e) => json!({"txid": txid, "status": "NEGADA", "problema": e.body}),
        });
    }
    app.store.lock().pix_lots.push(Lot {
        id,
        account_id: account,
        descricao: descricao.to_owned(),
        criacao: now.iso.clone(),
        cobsv: results,
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"message": "lote recebido"})),
    ))
}

/// `GET /api/v1/lotecobv/{id}`.
pub async fn get_lot(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let store = app.store.lock();
    let lot = store
        .pix_lots
        .iter()
        .find(|l| l.id == id && l.account_id == account)
        .ok_or_else(|| crate::domain::pix::bcb::not_found("no lote with this id"))?;
    Ok(Json(serde_json::to_value(lot).unwrap_or(Value::Null)))
}

/// `PATCH /api/v1/lotecobv/{id}` `{cobsv: [{txid, ...revision}]}` → 202:
/// each named `cobv` of the batch is revised as by `PATCH /cobv/{txid}`.
pub async fn patch_lot(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| lot_invalid("the body must be JSON"))?;
    let items = value
        .get("cobsv")
        .and_then(Value::as_array)
        .ok_or_else(|| lot_invalid("cobsv is required"))?;
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let lot = store
        .pix_lots
        .iter()
        .position(|l| l.id == id && l.account_id == account)
        .ok_or_else(|| crate::domain::pix::bcb::not_found("no lote with this id"))?;
    for item in items {
        let txid = item
            .get("txid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let in_lot = store.pix_lots[lot]
            .cobsv
            .iter()
            .any(|c| c["txid"] == txid.as_str());
        let result = if in_lot {
            revise(&mut store, &now, &account, &txid, item).map(|_| ())
        } else {
            Err(lot_invalid("the txid is not in this lote"))
        };
        if let Err(e) = result {
            if let Some(c) = store.pix_lots[lot]
                .cobsv
                .iter_mut()
                .find(|c| c["txid"] == txid.as_str())
            {
                c["problema"] = e.body;
            }
        }
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"message": "revisão recebida"})),
    ))
}

/// `GET /api/v1/lotecobv?inicio&fim`.
pub async fn list_lots(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let (inicio, fim, pagina, itens) = period(&q)?;
    let store = app.store.lock();
    let all: Vec<&Lot> = store
        .pix_lots
        .iter()
        .filter(|l| l.account_id == account && l.criacao >= inicio && l.criacao <= fim)
        .collect();
    Ok(listed(&q, all, pagina, itens, "lotes"))
}
