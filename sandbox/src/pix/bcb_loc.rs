//! Locations of the BCB API (`/api/v1/loc`, SPEC §6.14 #101–#104): a
//! payload URL made before its charge (`tipoCob` `cob` or `cobv`), which a
//! `cob`/`cobv` then takes by `loc.id`, and which can be unlinked from its
//! txid to serve another charge.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::bcb::{account_of, listed, period, ListQuery, READ, WRITE};
use super::charges::DynamicCharge;
use super::due::bcb_error;
use crate::clock::Now;
use crate::domain::refusal::Refusal;
use crate::server::App;
use crate::store::Store;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Location {
    pub id: u64,
    #[serde(skip_serializing_if = "crate::stored::hidden")]
    pub account_id: String,
    pub location: String,
    #[serde(rename = "tipoCob")]
    pub tipo_cob: String,
    pub criacao: String,
    pub txid: Option<String>,
}

fn invalid(detail: &str) -> Refusal {
    bcb_error(
        400,
        "PayloadLocationOperacaoInvalida",
        "Location inválida.",
        detail,
    )
}

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

/// Records that `txid` now lives at `url`.
pub fn link(store: &mut Store, account: &str, url: &str, txid: &str) {
    if let Some(l) = store
        .pix_locations
        .iter_mut()
        .find(|l| l.account_id == account && l.location == url)
    {
        l.txid = Some(txid.to_owned());
    }
}

/// A charge's `loc` as the BCB shows it: its location record, or one
/// numbered after the charge when it made its own.
pub fn of(store: &Store, c: &DynamicCharge, tipo: &str) -> Value {
    match store
        .pix_locations
        .iter()
        .find(|l| l.account_id == c.account_id && l.location == c.location)
    {
        Some(l) => json!({"id": l.id, "location": l.location, "tipoCob": l.tipo_cob}),
        None => json!({"id": c.id, "location": c.location, "tipoCob": tipo}),
    }
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
    let id = store.pix_locations.len() as u64 + 1;
    let location = super::charges::new_location(&uuid::Uuid::new_v4().to_string(), tipo == "cobv");
    let l = Location {
        id,
        account_id: account,
        location,
        tipo_cob: tipo,
        criacao: now.iso.clone(),
        txid: None,
    };
    let view =
        json!({"id": l.id, "location": l.location, "tipoCob": l.tipo_cob, "criacao": l.criacao});
    store.pix_locations.push(l);
    Ok((StatusCode::CREATED, Json(view)))
}

fn find(store: &Store, account: &str, id: u64) -> Result<usize, Refusal> {
    store
        .pix_locations
        .iter()
        .position(|l| l.id == id && l.account_id == account)
        .ok_or_else(|| super::bcb::not_found("no location with this id"))
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
    store.pix_locations[index].txid = None;
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
