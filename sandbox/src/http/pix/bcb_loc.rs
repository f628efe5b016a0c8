//! The endpoints of [`crate::domain::pix::bcb_loc`]: reading the request
//! (the caller, its scopes, the body's fields), the idempotency key, and
//! Stone's JSON answers. The records, life cycles and rules they apply are
//! in the domain module.

use crate::domain::clock::Now;
use crate::domain::pix::bcb::period;
use crate::domain::pix::bcb::ListQuery;
use crate::domain::pix::bcb::READ;
use crate::domain::pix::bcb::WRITE;
use crate::domain::pix::bcb_loc::*;
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

/// The location a charge at `loc.id` takes: the account's, of its kind,
/// serving no other charge. An error says why not.
pub fn free(app: &App, account: &str, id: &Value, tipo: &str) -> Result<String, String> {
    let id = id.as_u64().ok_or("loc.id must be a location's number")?;
    let store = app.store.lock();
    let l = store
        .pix_locations
        .iter()
        .find(|l| l.id == id && l.account_id == account)
        .ok_or("loc.id is not a location of this account")?;
    if l.tipo_cob != tipo {
        return Err(format!("loc.id is a location of a {}", l.tipo_cob));
    }
    if l.txid.is_some() {
        return Err("loc.id already serves a charge".into());
    }
    Ok(l.location.clone())
}

/// `POST /api/v1/loc` `{tipoCob}` → 201.
pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| invalid("the body must be JSON"))?;
    let tipo = match value.get("tipoCob").and_then(Value::as_str) {
        Some(t @ ("cob" | "cobv")) => t.to_owned(),
        _ => return Err(invalid("tipoCob must be cob or cobv")),
    };
    let now = Now::of(&app.clock);
    let mut store = app.store.lock();
    let l = reserve(&mut store, &now, account, tipo);
    let view =
        json!({"id": l.id, "location": l.location, "tipoCob": l.tipo_cob, "criacao": l.criacao});
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/v1/loc/{id}`.
pub async fn get(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<u64>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let store = app.store.lock();
    let index = find(&store, &account, id)?;
    Ok(Json(
        serde_json::to_value(&store.pix_locations[index]).unwrap_or(Value::Null),
    ))
}

/// `DELETE /api/v1/loc/{id}/txid`: the location serves no charge any more
/// (200 with it).
pub async fn unlink(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<u64>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, WRITE)?;
    let mut store = app.store.lock();
    let index = find(&store, &account, id)?;
    unlink_charge(&mut store, index);
    Ok(Json(
        serde_json::to_value(&store.pix_locations[index]).unwrap_or(Value::Null),
    ))
}

/// `GET /api/v1/loc?inicio&fim`.
pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, Refusal> {
    let (_, account) = account_of(&app, &headers, READ)?;
    let (inicio, fim, pagina, itens) = period(&q)?;
    let store = app.store.lock();
    let all: Vec<&Location> = store
        .pix_locations
        .iter()
        .filter(|l| l.account_id == account && l.criacao >= inicio && l.criacao <= fim)
        .collect();
    Ok(listed(&q, all, pagina, itens, "loc"))
}
