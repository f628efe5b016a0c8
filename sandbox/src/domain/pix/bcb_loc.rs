//! Locations of the BCB API (`/api/v1/loc`, SPEC §6.14 #101–#104): a
//! payload URL made before its charge (`tipoCob` `cob` or `cobv`), which a
//! `cob`/`cobv` then takes by `loc.id`, and which can be unlinked from its
//! txid to serve another charge.

use crate::domain::clock::Now;
use crate::domain::pix::bcb;
use crate::domain::pix::charges::DynamicCharge;
use crate::domain::pix::due::bcb_error;
use crate::domain::refusal::Refusal;
use crate::domain::store::Store;
use crate::domain::stored;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Location {
    pub id: u64,
    #[serde(skip_serializing_if = "stored::hidden")]
    pub account_id: String,
    pub location: String,
    #[serde(rename = "tipoCob")]
    pub tipo_cob: String,
    pub criacao: String,
    pub txid: Option<String>,
}

pub(crate) fn invalid(detail: &str) -> Refusal {
    bcb_error(
        400,
        "PayloadLocationOperacaoInvalida",
        "Location inválida.",
        detail,
    )
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

pub(crate) fn find(store: &Store, account: &str, id: u64) -> Result<usize, Refusal> {
    store
        .pix_locations
        .iter()
        .position(|l| l.id == id && l.account_id == account)
        .ok_or_else(|| bcb::not_found("no location with this id"))
}

/// A new location of `account` for a charge of `tipo` (`cob`, `cobv`),
/// serving none yet.
pub fn reserve<'s>(store: &'s mut Store, now: &Now, account: String, tipo: String) -> &'s Location {
    let id = store.pix_locations.len() as u64 + 1;
    let location = crate::domain::pix::charges::new_location(
        &uuid::Uuid::new_v4().to_string(),
        tipo == "cobv",
    );
    store.pix_locations.push(Location {
        id,
        account_id: account,
        location,
        tipo_cob: tipo,
        criacao: now.iso.clone(),
        txid: None,
    });
    &store.pix_locations[store.pix_locations.len() - 1]
}

/// The location serves no charge any more.
pub fn unlink_charge(store: &mut Store, index: usize) {
    store.pix_locations[index].txid = None;
}
