//! Webhook verification (SPEC §9.3): the body `{"encrypted_body": JWE}` is
//! decrypted with the application's private key (RSA-OAEP-256 + A256GCM),
//! and the JWT inside is verified RS256 against Stone's published keys by
//! `kid`. Any other algorithm, an unknown key, a bad signature, an expired
//! or not-yet-valid token, or a malformed one is refused with a typed
//! reason. Pure-Rust crypto (`rsa`, `aes-gcm`, `sha2`).

use std::collections::HashMap;

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, Oaep, RsaPublicKey};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::Sha256;

use super::{now_secs, Client, Credentials, Error, PrivateKey};
use crate::models::{
    BoletoInvoice, DateTime, ExternalTransfer, InboundPix, InternalTransfer, Payment, PixCharge,
    PixKeyEntry, PixPayment, PixRefund, StatementEntry,
};

/// Seconds of clock difference tolerated on `exp` and `nbf`.
pub const LEEWAY_SECS: i64 = 60;

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("malformed webhook: {0}")]
    Malformed(&'static str),
    #[error("algorithm {0:?} is not accepted (JWE: RSA-OAEP-256 + A256GCM; JWS: RS256)")]
    Algorithm(String),
    /// Not encrypted to this application's key, or altered in transit.
    #[error("cannot decrypt the webhook: not for this key, or altered")]
    Decryption,
    #[error("signed by an unknown key {0:?}")]
    UnknownKey(String),
    #[error("bad signature")]
    Signature,
    #[error("expired token")]
    Expired,
    #[error("token not valid yet")]
    NotYetValid,
    #[error("Stone's keys (JWKS) are unusable: {0}")]
    Keys(String),
}

impl WebhookError {
    /// A stable name of the refusal, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::Malformed(_) => "malformed",
            WebhookError::Algorithm(_) => "algorithm",
            WebhookError::Decryption => "decryption",
            WebhookError::UnknownKey(_) => "unknown_key",
            WebhookError::Signature => "signature",
            WebhookError::Expired => "expired",
            WebhookError::NotYetValid => "not_yet_valid",
            WebhookError::Keys(_) => "keys",
        }
    }
}

/// Stone's public signing keys by `kid` (`use: sig` entries of the JWKS).
#[derive(Debug, Clone, Default)]
pub struct Jwks {
    keys: HashMap<String, RsaPublicKey>,
}

impl Jwks {
    /// From the JSON of `GET /api/v1/discovery/keys`.
    pub fn from_json(jwks: &Value) -> Result<Jwks, WebhookError> {
        let list = jwks
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| WebhookError::Keys("no keys array".into()))?;
        let mut keys = HashMap::new();
        for k in list {
            let text = |name: &str| k.get(name).and_then(Value::as_str);
            if text("kty") != Some("RSA") || text("use").is_some_and(|u| u != "sig") {
                continue;
            }
            let (Some(kid), Some(n), Some(e)) = (text("kid"), text("n"), text("e")) else {
                continue;
            };
            let part = |s: &str| {
                URL_SAFE_NO_PAD
                    .decode(s)
                    .map(|b| BigUint::from_bytes_be(&b))
                    .map_err(|_| WebhookError::Keys(format!("key {kid}: bad base64url")))
            };
            let key = RsaPublicKey::new(part(n)?, part(e)?)
                .map_err(|e| WebhookError::Keys(format!("key {kid}: {e}")))?;
            keys.insert(kid.to_owned(), key);
        }
        Ok(Jwks { keys })
    }

    pub fn contains(&self, kid: &str) -> bool {
        self.keys.contains_key(kid)
    }
}

fn b64(part: &str, what: &'static str) -> Result<Vec<u8>, WebhookError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| WebhookError::Malformed(what))
}

fn header(part: &str) -> Result<Map<String, Value>, WebhookError> {
    serde_json::from_slice(&b64(part, "header is not base64url")?)
        .map_err(|_| WebhookError::Malformed("header is not a JSON object"))
}

/// The JWE of a webhook body: `{"encrypted_body": "..."}`, or the bare
/// compact JWE.
fn jwe_of(body: &[u8]) -> Result<String, WebhookError> {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return v
            .get("encrypted_body")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(WebhookError::Malformed("no encrypted_body"));
    }
    std::str::from_utf8(body)
        .map(|s| s.trim().to_owned())
        .map_err(|_| WebhookError::Malformed("body is not text"))
}

/// Decrypts the compact JWE with the application's key.
pub fn decrypt(jwe: &str, key: &PrivateKey) -> Result<String, WebhookError> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let [protected, wrapped, iv, ciphertext, tag] = parts[..] else {
        return Err(WebhookError::Malformed("a compact JWE has 5 parts"));
    };
    let h = header(protected)?;
    let alg = h.get("alg").and_then(Value::as_str).unwrap_or_default();
    let enc = h.get("enc").and_then(Value::as_str).unwrap_or_default();
    if alg != "RSA-OAEP-256" {
        return Err(WebhookError::Algorithm(alg.to_owned()));
    }
    if enc != "A256GCM" {
        return Err(WebhookError::Algorithm(enc.to_owned()));
    }
    let cek = key
        .0
        .decrypt(Oaep::new::<Sha256>(), &b64(wrapped, "encrypted key")?)
        .map_err(|_| WebhookError::Decryption)?;
    let iv = b64(iv, "iv")?;
    if iv.len() != 12 {
        return Err(WebhookError::Malformed("A256GCM needs a 96-bit iv"));
    }
    let mut sealed = b64(ciphertext, "ciphertext")?;
    sealed.extend(b64(tag, "tag")?);
    let cipher = Aes256Gcm::new_from_slice(&cek).map_err(|_| WebhookError::Decryption)?;
    let plain = cipher
        .decrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: &sealed,
                aad: protected.as_bytes(),
            },
        )
        .map_err(|_| WebhookError::Decryption)?;
    String::from_utf8(plain).map_err(|_| WebhookError::Malformed("payload is not text"))
}

/// The `kid` a JWS names (to refetch keys when it is unknown).
pub fn kid_of(jws: &str) -> Result<String, WebhookError> {
    let first = jws.split('.').next().unwrap_or_default();
    Ok(header(first)?
        .get("kid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// Verifies the RS256 JWS and its time claims; the claims.
pub fn verify(jws: &str, keys: &Jwks, now: i64) -> Result<Map<String, Value>, WebhookError> {
    let parts: Vec<&str> = jws.split('.').collect();
    let [h, p, s] = parts[..] else {
        return Err(WebhookError::Malformed("a compact JWS has 3 parts"));
    };
    let head = header(h)?;
    let alg = head.get("alg").and_then(Value::as_str).unwrap_or_default();
    // Checked before anything else: `none`, `HS256` keyed with the public
    // key and the like never get to the signature.
    if alg != "RS256" {
        return Err(WebhookError::Algorithm(alg.to_owned()));
    }
    let kid = head.get("kid").and_then(Value::as_str).unwrap_or_default();
    let key = keys
        .keys
        .get(kid)
        .ok_or_else(|| WebhookError::UnknownKey(kid.to_owned()))?;
    let signature = Signature::try_from(b64(s, "signature")?.as_slice())
        .map_err(|_| WebhookError::Signature)?;
    VerifyingKey::<Sha256>::new(key.clone())
        .verify(format!("{h}.{p}").as_bytes(), &signature)
        .map_err(|_| WebhookError::Signature)?;
    let claims: Map<String, Value> = serde_json::from_slice(&b64(p, "payload")?)
        .map_err(|_| WebhookError::Malformed("payload is not a JSON object"))?;
    if claims
        .get("exp")
        .and_then(Value::as_i64)
        .is_some_and(|exp| exp + LEEWAY_SECS < now)
    {
        return Err(WebhookError::Expired);
    }
    if claims
        .get("nbf")
        .and_then(Value::as_i64)
        .is_some_and(|nbf| nbf - LEEWAY_SECS > now)
    {
        return Err(WebhookError::NotYetValid);
    }
    Ok(claims)
}

/// Decrypts, verifies and types a webhook, given Stone's keys.
pub fn open(
    body: &[u8],
    key: &PrivateKey,
    keys: &Jwks,
    event_id: Option<&str>,
    now: i64,
) -> Result<WebhookEvent, WebhookError> {
    let jws = decrypt(&jwe_of(body)?, key)?;
    let claims = verify(&jws, keys, now)?;
    Ok(WebhookEvent::from_claims(claims, event_id))
}

macro_rules! event_types {
    ($($variant:ident = $name:literal $(| $alias:literal)*;)*) => {
        /// Every event type of SPEC §9.5; alternative spellings map to the
        /// same case; a type Stone adds later is `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum EventType {
            $($variant,)*
            Unknown(String),
        }

        impl EventType {
            /// Every known type (without `Unknown`).
            pub const KNOWN: &'static [EventType] = &[$(EventType::$variant),*];

            pub fn parse(text: &str) -> EventType {
                match text {
                    $($name $(| $alias)* => EventType::$variant,)*
                    other => EventType::Unknown(other.to_owned()),
                }
            }

            /// The current spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(EventType::$variant => $name,)*
                    EventType::Unknown(t) => t,
                }
            }
        }
    };
}

event_types! {
    BarcodePaymentInvoiceCreated = "barcode_payment_invoice_created";
    BarcodePaymentInvoiceRegistered = "barcode_payment_invoice_registered";
    BarcodePaymentInvoicePaymentPromised = "barcode_payment_invoice_payment_promissed";
    InboundBarcodePaymentValidated = "inbound_barcode_payment_validated";
    BarcodePaymentInvoiceSettled = "barcode_payment_invoice_settled";
    BarcodePaymentInvoiceExpired = "barcode_payment_invoice_expired";
    BarcodePaymentInvoiceCancelled = "barcode_payment_invoice_cancelled";
    CashInBarcodePayment = "cash_in_barcode_payment";
    InboundBarcodePaymentRefunded = "inbound_barcode_payment_refunded";
    CashInPaymentRefund = "cash_in_payment_refund";
    CashOutPayment = "cash_out_payment";
    CashOutPaymentFailed = "cash_out_payment_failed";
    CashOutPaymentScheduled = "cash_out_payment_scheduled";
    CashOutPaymentScheduledFailed = "cash_out_payment_scheduled_failed";
    CashOutPaymentApproved = "cash_out_payment_approved";
    CashOutPaymentExecutionStarted = "cash_out_payment_execution_started";
    CashOutPaymentCancelled = "cash_out_payment_cancelled";
    CashOutPaymentRejected = "cash_out_payment_rejected";
    CashOutPaymentFinished = "cash_out_payment_finished";
    CashOutPaymentExpired = "cash_out_payment_expired";
    CashInInternalTransfer = "cash_in_internal_transfer";
    CashOutInternalTransfer = "cash_out_internal_transfer";
    CashOutInternalTransferFailed = "cash_out_internal_transfer_failed";
    CashOutInternalTransferScheduled = "cash_out_internal_transfer_scheduled";
    CashOutInternalTransferScheduledFailed = "cash_out_internal_transfer_scheduled_failed";
    CashOutInternalTransferApproved = "cash_out_internal_transfer_approved";
    CashOutInternalTransferCancelled = "cash_out_internal_transfer_cancelled";
    CashOutInternalTransferRejected = "cash_out_internal_transfer_rejected";
    CashOutInternalTransferFinished = "cash_out_internal_transfer_finished";
    CashOutInternalTransferExpired = "cash_out_internal_transfer_expired";
    CashInExternalTransfer = "cash_in_external_transfer";
    CashInExternalTransferRefund = "cash_in_external_transfer_refund";
    CashOutExternalTransfer = "cash_out_external_transfer";
    CashOutExternalTransferFailed = "cash_out_external_transfer_failed";
    CashOutExternalTransferScheduled = "cash_out_external_transfer_scheduled";
    CashOutExternalTransferScheduledFailed = "cash_out_external_transfer_scheduled_failed";
    CashOutExternalTransferApproved = "cash_out_external_transfer_approved";
    CashOutExternalTransferExecutionStarted = "cash_out_external_transfer_execution_started";
    CashOutExternalTransferCancelled = "cash_out_external_transfer_cancelled";
    CashOutExternalTransferRejected = "cash_out_external_transfer_rejected";
    CashOutExternalTransferFinished = "cash_out_external_transfer_finished";
    CashOutExternalTransferExpired = "cash_out_external_transfer_expired";
    PixEntriesKeyCreated = "pix_entries_status_key_created" | "pix_entries_key_created";
    PixEntriesDeleted = "pix_entries_status_deleted" | "pix_entries_deleted";
    PixEntriesFailed = "pix_entries_status_failed" | "pix_entries_failed";
    PixEntriesDeleteRequested = "pix_entries_delete_requested";
    PixEntriesDeletionFailed = "pix_entries_deletion_failed";
    PixEntriesClaimsWaitingResolution = "pix_entries_claims_waiting_resolution";
    PixEntriesClaimsConfirmed = "pix_entries_claims_confirmed";
    PixEntriesClaimsAutomaticallyConfirmedWaitingResolution = "pix_entries_claims_automatically_confirmed_waiting_resolution" | "pix_entries_claims_automatic_confirmed_waiting_resolution";
    PixEntriesClaimsAutomaticallyConfirmed = "pix_entries_claims_automatically_confirmed" | "pix_entries_claims_automatic_confirmed";
    PixEntriesClaimsCancelled = "pix_entries_claims_cancelled" | "pix_entries_claims_canceled";
    PixEntriesClaimsAutomaticallyCancelled = "pix_entries_claims_automatically_cancelled" | "pix_entries_claims_automatic_cancelled";
    PixPaymentInvoice = "pix_payment_invoice";
    PixPaymentInvoiceWithDueDate = "pix_payment_invoice_with_due_date";
    PixInvoicePaymentCreated = "pix_invoice_payment_created";
    PixInvoicePaymentCancelled = "pix_invoice_payment_cancelled";
    PixInvoicePaymentPaid = "pix_invoice_payment_paid";
    InboundPixPayment = "inbound_pix_payment";
    PixInboundPaymentReceived = "pix_inbound_payment_received";
    PixRefundPayment = "pix_refund_payment";
    PixInboundPaymentRefundCreated = "pix_inbound_payment_refund_created" | "pix_refund_payment_created";
    PixInboundPaymentRefundFailed = "pix_inbound_payment_refund_failed" | "pix_refund_payment_failed";
    PixInboundPaymentRefundMoneyReserved = "pix_inbound_payment_refund_money_reserved" | "pix_refund_payment_money_reserved";
    PixInboundPaymentRefundSettled = "pix_inbound_payment_refund_settled" | "pix_refund_payment_settled";
    PixInboundPaymentRefundReversed = "pix_inbound_payment_refund_reversed" | "pix_refund_payment_reversed";
    PixOutboundPaymentCreated = "pix_outbound_payment_created";
    PixOutboundPaymentMoneyReserved = "pix_outbound_payment_money_reserved";
    PixOutboundPaymentFailed = "pix_outbound_payment_failed";
    PixOutboundPaymentSettled = "pix_outbound_payment_settled";
    PixOutboundPaymentRefunded = "pix_outbound_payment_refunded";
    ConsentRequest = "consent_request" | "consent_requested";
    SignUpCreated = "sign_up_created";
    SignUpStatusUpdated = "sign_up_status_updated";
    SignUpResourceDetailsUpdated = "sign_up_resource_details_updated";
    OrderCreated = "order_created";
    OrderPaid = "order_paid";
    OrderClosed = "order_closed";
    CashInCardPayment = "cash_in_card_payment";
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for EventType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventType".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "x-known": EventType::KNOWN.iter().map(|e| e.as_str()).collect::<Vec<_>>()})
    }
}

impl Serialize for EventType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The resource an event is about, typed where the SDK models it; the raw
/// snapshot otherwise (and whenever it does not fit the model: events are
/// never lost to a decoding detail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum WebhookTarget {
    InternalTransfer(Box<InternalTransfer>),
    ExternalTransfer(Box<ExternalTransfer>),
    Payment(Box<Payment>),
    Boleto(Box<BoletoInvoice>),
    /// Money in (`cash_in_*`): the statement entry it made.
    StatementEntry(Box<StatementEntry>),
    /// A Pix key (`pix_entries_*`).
    PixKey(Box<PixKeyEntry>),
    /// A dynamic QR charge (`pix_invoice_payment_*`).
    PixCharge(Box<PixCharge>),
    /// A received Pix (`pix_inbound_payment_received`, `inbound_pix_payment`).
    InboundPix(Box<InboundPix>),
    /// A sent Pix (`pix_outbound_payment_*`).
    PixPayment(Box<PixPayment>),
    /// A refund of a received Pix (`pix_inbound_payment_refund_*`,
    /// `pix_refund_payment*`).
    PixRefund(Box<PixRefund>),
    Other(Value),
}

/// A verified webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookEvent {
    /// For de-duplication: the `x-stone-webhook-event-id` header when
    /// given, else the payload's `id`, else the token's `jti`.
    pub event_id: String,
    pub event_type: EventType,
    pub env: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub target: WebhookTarget,
    pub target_detail_uri: Option<String>,
    pub target_statement_uri: Option<String>,
    pub happened_at: Option<DateTime>,
    pub notified_at: Option<DateTime>,
    /// Every claim, as received.
    pub claims: Map<String, Value>,
}

impl WebhookEvent {
    fn from_claims(claims: Map<String, Value>, event_id: Option<&str>) -> WebhookEvent {
        let text = |k: &str| claims.get(k).and_then(Value::as_str).map(str::to_owned);
        let event_type = EventType::parse(&text("event_type").unwrap_or_default());
        let data = claims.get("target_data").cloned().unwrap_or(Value::Null);
        let name = event_type.as_str();
        let typed = |v: Value| -> WebhookTarget {
            // Decoded from the snapshot's bytes, like every answer of the
            // API (`transport::decode`): one decoder per model, not a
            // second one from a tree, which would double each model's code
            // in wasm. The snapshot stays raw when it does not decode.
            fn into<T: serde::de::DeserializeOwned>(
                v: &Value,
                wrap: fn(Box<T>) -> WebhookTarget,
            ) -> Option<WebhookTarget> {
                super::transport::decode::<T>(&serde_json::to_vec(v).ok()?)
                    .ok()
                    .map(|t| wrap(Box::new(t)))
            }
            let typed = if name.starts_with("cash_out_internal_transfer") {
                into(&v, WebhookTarget::InternalTransfer)
            } else if name.starts_with("cash_out_external_transfer") {
                into(&v, WebhookTarget::ExternalTransfer)
            } else if name.starts_with("cash_out_payment") {
                into(&v, WebhookTarget::Payment)
            } else if name.starts_with("barcode_payment_invoice") {
                into(&v, WebhookTarget::Boleto)
            } else if name.starts_with("pix_entries_") && !name.contains("claims") {
                into(&v, WebhookTarget::PixKey)
            } else if name.starts_with("pix_invoice_payment_") {
                into(&v, WebhookTarget::PixCharge)
            } else if name == "pix_inbound_payment_received" || name == "inbound_pix_payment" {
                into(&v, WebhookTarget::InboundPix)
            } else if name.starts_with("pix_outbound_payment_") {
                into(&v, WebhookTarget::PixPayment)
            } else if name.starts_with("pix_inbound_payment_refund_")
                || name.starts_with("pix_refund_payment")
            {
                into(&v, WebhookTarget::PixRefund)
            } else if name.starts_with("cash_in_") {
                // A statement entry, even for a boleto paid to this account.
                into(&v, WebhookTarget::StatementEntry)
            } else {
                None
            };
            typed.unwrap_or(WebhookTarget::Other(v))
        };
        WebhookEvent {
            event_id: event_id
                .map(str::to_owned)
                .or_else(|| text("id"))
                .or_else(|| text("jti"))
                .unwrap_or_default(),
            env: text("env"),
            target_type: text("target_type"),
            target_id: text("target_id"),
            target_detail_uri: text("target_detail_uri"),
            target_statement_uri: text("target_statement_uri"),
            happened_at: text("event_happened_at").and_then(|t| DateTime::parse(&t)),
            notified_at: text("event_notified_at").and_then(|t| DateTime::parse(&t)),
            target: typed(data),
            event_type,
            claims,
        }
    }
}

impl Client {
    async fn fetch_jwks(&self) -> Result<std::sync::Arc<Jwks>, Error> {
        let url = format!(
            "{}/api/v1/discovery/keys",
            self.inner.environment.api_base()
        );
        let response = self
            .inner
            .http
            .send(self.request(super::transport::Method::Get, &url))
            .await
            .map_err(|e| self.transport(e))?;
        if !(200..300).contains(&response.status) {
            return Err(Error::Decode(format!(
                "discovery keys answered {}",
                response.status
            )));
        }
        let json: Value =
            serde_json::from_slice(&response.body).map_err(|e| Error::Decode(e.to_string()))?;
        let keys = std::sync::Arc::new(Jwks::from_json(&json)?);
        *self.inner.jwks.write().await = Some(keys.clone());
        Ok(keys)
    }

    /// Decrypts and verifies a webhook's raw body (and its
    /// `x-stone-webhook-event-id` header, for de-duplication) into a typed
    /// event. Stone's keys are fetched once and cached; a token signed by a
    /// key not in the cache refetches them once (key rotation).
    pub async fn verify_webhook(
        &self,
        body: &[u8],
        event_id: Option<&str>,
    ) -> Result<WebhookEvent, Error> {
        let Credentials::ClientKey { key, .. } = &self.inner.credentials else {
            return Err(Error::InvalidInput {
                field: "credentials",
                reason: "webhooks are encrypted to the application's key: build the client with it"
                    .into(),
            });
        };
        let cached = self.inner.jwks.read().await.clone();
        let keys = match cached {
            Some(k) => k,
            None => self.fetch_jwks().await?,
        };
        match open(body, key, &keys, event_id, now_secs()) {
            Err(WebhookError::UnknownKey(kid)) => {
                let fresh = self.fetch_jwks().await?;
                if !fresh.contains(&kid) {
                    return Err(WebhookError::UnknownKey(kid).into());
                }
                Ok(open(body, key, &fresh, event_id, now_secs())?)
            }
            other => Ok(other?),
        }
    }
}

#[cfg(test)]
mod fixture_tests {
    use super::*;

    /// The claims of a webhook fixture of `../shared/stone-api/fixtures`.
    fn claims(name: &str) -> Map<String, Value> {
        let dir = std::env::var("STONE_TESTDATA")
            .map(|d| std::path::PathBuf::from(d).join("../stone-api/fixtures"))
            .unwrap_or_else(|_| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../shared/stone-api/fixtures")
            });
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn cash_in_events_are_about_a_statement_entry() {
        for name in [
            "webhook.cash_in_barcode_payment.json",
            "webhook.cash_in_internal_transfer.json",
        ] {
            let event = WebhookEvent::from_claims(claims(name), None);
            assert!(
                matches!(event.target, WebhookTarget::StatementEntry(_)),
                "{name}: {:?}",
                event.target
            );
        }
        let e = WebhookEvent::from_claims(claims("webhook.cash_in_internal_transfer.json"), None);
        let WebhookTarget::StatementEntry(entry) = e.target else {
            unreachable!()
        };
        assert_eq!(entry.balance_after, None);
    }

    #[test]
    fn outgoing_events_are_typed_by_their_resource() {
        let e = WebhookEvent::from_claims(claims("webhook.cash_out_payment_finished.json"), None);
        assert!(
            matches!(e.target, WebhookTarget::Payment(_)),
            "{:?}",
            e.target
        );
        let e =
            WebhookEvent::from_claims(claims("webhook.barcode_payment_invoice_settled.json"), None);
        assert!(
            matches!(e.target, WebhookTarget::Boleto(_)),
            "{:?}",
            e.target
        );
        // Flat events without target_data stay raw, never lost.
        let e = WebhookEvent::from_claims(
            claims("webhook.inbound_barcode_payment_validated.json"),
            None,
        );
        assert_eq!(e.event_type, EventType::InboundBarcodePaymentValidated);
    }
}
