//! Stone's Pix (SPEC §6.13): keys, QR charges (dynamic and static), the
//! BR Code lookup, sending Pix (create → confirm) and received Pix. Bodies are checked here
//! with the core's own Pix rules (keys, txids) before anything is sent.

use serde_json::{json, Value};

use super::transport::{decode, Method};
use super::validate::{at_most, invalid, path_id, positive};
use super::{Client, Error};
use crate::models::{
    BrCodeLookup, DuePixCharge, InboundPix, NewDuePixCharge, NewPixCharge, NewPixKey,
    NewPixPayment, NewPixRefund, NewStaticPixCharge, PixActivity, PixCharge, PixClaim,
    PixClaimRequest, PixConfirmation, PixDueAmounts, PixKeyEntry, PixKeyUpdate, PixPayment,
    PixRefund, PixRequest, StaticPixCharge,
};
use crate::pix::{self, txid};

/// Stone's ISPB: the participant of the keys registered through this API.
const STONE_ISPB: &str = "16501555";

impl NewPixKey {
    fn body(&self) -> Result<Value, Error> {
        let key = match self.key_type.as_str() {
            "random_key" => String::new(),
            "cpf" | "cnpj" | "phone" | "email" => {
                let k = pix::PixKey::parse(&self.key).map_err(|e| invalid("key", e.to_string()))?;
                if k.key_type.as_str() != self.key_type {
                    return Err(invalid(
                        "key",
                        format!("is a {} key, not {}", k.key_type, self.key_type),
                    ));
                }
                k.value
            }
            _ => {
                return Err(invalid(
                    "key_type",
                    "must be cpf, cnpj, phone, email or random_key",
                ))
            }
        };
        Ok(json!({"key": key, "key_type": self.key_type, "participant_ispb": STONE_ISPB}))
    }
}

fn charge_txid(t: &str) -> Result<(), Error> {
    if txid::is_charge_txid(t) {
        Ok(())
    } else {
        Err(invalid(
            "transaction_id",
            "must be 26 to 35 letters and digits",
        ))
    }
}

fn optional_amount(amount: Option<i64>) -> Result<(), Error> {
    amount.map_or(Ok(()), |a| positive("amount", a))
}

impl NewPixCharge {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        charge_txid(&self.transaction_id)?;
        optional_amount(self.amount)?;
        if self
            .expiration
            .is_some_and(|e| !(1..=i64::from(i32::MAX)).contains(&e))
        {
            return Err(invalid("expiration", "must be 1 to 2,147,483,647 seconds"));
        }
        if let Some(r) = &self.request_for_payer {
            at_most("request_for_payer", r, 140)?;
        }
        if self.additional_data.len() > 50 {
            return Err(invalid("additional_data", "at most 50 items"));
        }
        serde_json::to_value(self).map_err(|e| Error::Decode(e.to_string()))
    }
}

impl NewStaticPixCharge {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        charge_txid(&self.transaction_id)?;
        optional_amount(self.amount)?;
        serde_json::to_value(self).map_err(|e| Error::Decode(e.to_string()))
    }
}

/// Stone's bounds of a Pix amount: 1 to 10^12 − 1 centavos.
fn pix_amount(amount: Option<i64>) -> Result<(), Error> {
    match amount {
        Some(a) if !(1..=pix::MAX_CENTS).contains(&a) => {
            Err(invalid("amount", "must be 1 to 999,999,999,999 centavos"))
        }
        _ => Ok(()),
    }
}

impl NewPixPayment {
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        pix_amount(self.amount)?;
        if let Some(d) = &self.description {
            at_most("description", d, 140)?;
        }
        let mut body = self.clone();
        match (&self.key, &self.target) {
            (Some(k), _) => {
                // Sent as the DICT holds it (`+55…`, digits, lowercase
                // domain): a key that cannot be one is refused here.
                body.key = Some(
                    pix::PixKey::parse(k)
                        .map_err(|e| invalid("key", e.to_string()))?
                        .value,
                );
            }
            (None, Some(_)) => {}
            (None, None) => return Err(invalid("key", "give a key or a target account")),
        }
        match &self.transaction_id {
            Some(_) if self.key.is_none() => {
                return Err(invalid("transaction_id", "goes with the charge's key"))
            }
            Some(t) if !txid::is_payment_txid(t) => {
                return Err(invalid(
                    "transaction_id",
                    "must be 1 to 35 letters and digits",
                ))
            }
            _ => {}
        }
        serde_json::to_value(body).map_err(|e| Error::Decode(e.to_string()))
    }
}

impl PixConfirmation {
    fn body(&self) -> Result<Value, Error> {
        pix_amount(self.amount)?;
        if let Some(d) = &self.description {
            at_most("description", d, 140)?;
        }
        serde_json::to_value(self).map_err(|e| Error::Decode(e.to_string()))
    }
}

/// The reasons Stone accepts for a refund (SPEC §6.13.4).
const REFUND_REASONS: &[&str] = &[
    "beneficiary_request",
    "fraud",
    "institution_error",
    "specific_service_offered_by_creditor_agent",
];

impl NewPixRefund {
    fn body(&self) -> Result<Value, Error> {
        path_id("inbound_pix_payment_id", &self.inbound_pix_payment_id)?;
        pix_amount(Some(self.amount))?;
        if !REFUND_REASONS.contains(&self.reason.as_str()) {
            return Err(invalid(
                "reason",
                "must be beneficiary_request, fraud, institution_error or specific_service_offered_by_creditor_agent",
            ));
        }
        serde_json::to_value(self).map_err(|e| Error::Decode(e.to_string()))
    }
}

impl NewDuePixCharge {
    /// Checked as the payer's bank will compute it: the terms must give an
    /// amount on every day the charge may be paid.
    fn body(&self) -> Result<Value, Error> {
        path_id("account_id", &self.account_id)?;
        charge_txid(&self.transaction_id)?;
        positive("amount", self.amount)?;
        if let Some(r) = &self.request_for_payer {
            at_most("request_for_payer", r, 140)?;
        }
        let terms = self.terms();
        for day in [self.expiration_date, pix::due::last_day(&terms)] {
            if let Err(pix::due::DueError::Terms { field, reason }) =
                pix::due::amounts(self.amount, &terms, day)
            {
                return Err(invalid(field, reason));
            }
        }
        serde_json::to_value(self).map_err(|e| Error::Decode(e.to_string()))
    }
}

/// A BCB money string (`"19.90"`) as centavos; absent is zero.
fn centavos(v: &Value, field: &'static str) -> Result<i64, Error> {
    let Some(text) = v.get(field).and_then(Value::as_str) else {
        return Ok(0);
    };
    pix::due::parse_reais(text)
        .ok_or_else(|| Error::Decode(format!("valor.{field} is not a decimal of reais: {text:?}")))
}

impl Client {
    /// The account's Pix, newest first, page by page: sent, received and
    /// refunded (Stone serves it to indirect participants).
    pub fn pix_activity(&self, account_id: &str) -> super::Pages<PixActivity> {
        super::Pages::new(
            self,
            "account_id",
            account_id,
            format!(
                "/api/v1/pix/{}/pix_payments",
                super::url::encode(account_id)
            ),
        )
    }

    /// Claims a key whose registration failed because another institution
    /// holds it (`pix_entry_id`: that registration's id): portability of
    /// the holder's own key, or ownership of a phone or e-mail key.
    pub async fn create_pix_claim(
        &self,
        account_id: &str,
        pix_entry_id: &str,
        idempotency_key: Option<&str>,
    ) -> Result<PixClaimRequest, Error> {
        path_id("account_id", account_id)?;
        path_id("pix_entry_id", pix_entry_id)?;
        let body = json!({"pix_entry_id": pix_entry_id, "participant_ispb": STONE_ISPB});
        self.keyed(
            &format!("/api/v1/pix/{account_id}/entry_claims"),
            &body,
            idempotency_key,
        )
        .await
    }

    /// The account's key claims.
    pub async fn pix_claims(&self, account_id: &str) -> Result<Vec<PixClaim>, Error> {
        path_id("account_id", account_id)?;
        let page: crate::models::Page<PixClaim> = self
            .get(&format!("/api/v1/pix/{account_id}/entry_claims"))
            .await?;
        Ok(page.data)
    }

    /// One claim, with its history.
    pub async fn pix_claim(&self, account_id: &str, claim_id: &str) -> Result<PixClaim, Error> {
        path_id("account_id", account_id)?;
        path_id("claim_id", claim_id)?;
        self.get(&format!("/api/v1/pix/{account_id}/entry_claims/{claim_id}"))
            .await
    }

    /// Gives up a claim still waiting for the donor.
    pub async fn cancel_pix_claim(&self, account_id: &str, claim_id: &str) -> Result<(), Error> {
        self.claim_action(account_id, claim_id, "cancel").await
    }

    /// Gives a key of this account away to a claim from another
    /// institution (the donor's answer; the key is then deleted here).
    pub async fn approve_pix_claim(&self, account_id: &str, claim_id: &str) -> Result<(), Error> {
        self.answer_claim(account_id, claim_id, "approve").await
    }

    /// Keeps a key another institution claims.
    pub async fn reject_pix_claim(&self, account_id: &str, claim_id: &str) -> Result<(), Error> {
        self.answer_claim(account_id, claim_id, "reject").await
    }

    async fn answer_claim(
        &self,
        account_id: &str,
        claim_id: &str,
        action: &str,
    ) -> Result<(), Error> {
        path_id("account_id", account_id)?;
        path_id("claim_id", claim_id)?;
        self.send(
            Method::Post,
            &format!("/api/v1/pix/{account_id}/entry_claims/{claim_id}/actions/{action}"),
            None,
            None,
        )
        .await
        .map(|_| ())
    }

    /// Completes a confirmed claim: the key becomes the account's.
    pub async fn complete_pix_claim(&self, account_id: &str, claim_id: &str) -> Result<(), Error> {
        self.claim_action(account_id, claim_id, "complete").await
    }

    async fn claim_action(
        &self,
        account_id: &str,
        claim_id: &str,
        action: &str,
    ) -> Result<(), Error> {
        path_id("account_id", account_id)?;
        path_id("claim_id", claim_id)?;
        let body = json!({"claim_id": claim_id, "reason": "user_requested",
            "direction": "outbound", "participant_ispb": STONE_ISPB});
        self.send(
            Method::Post,
            &format!("/api/v1/pix/{account_id}/entry_claims/{action}"),
            Some(&body),
            None,
        )
        .await
        .map(|_| ())
    }

    /// Creates a Pix charge with a due date, its terms (fine, interest,
    /// discount, reduction) checked locally first.
    pub async fn create_due_pix_charge(
        &self,
        charge: &NewDuePixCharge,
        idempotency_key: Option<&str>,
    ) -> Result<DuePixCharge, Error> {
        self.keyed(
            "/api/v1/pix_payment_invoices_with_due_date",
            &charge.body()?,
            idempotency_key,
        )
        .await
    }

    /// Cancels an unpaid charge with a due date.
    pub async fn cancel_due_pix_charge(&self, account_id: &str, id: &str) -> Result<(), Error> {
        self.cancel_charge("pix_payment_invoices_with_due_date", account_id, id)
            .await
    }

    /// What a charge with a due date asks when paid on `payment_date`
    /// (`yyyy-mm-dd`), as Stone computes it for the payer's bank — in
    /// centavos, converted from the BCB's decimal strings.
    pub async fn due_pix_amounts(
        &self,
        charge_id: &str,
        payment_date: &str,
    ) -> Result<PixDueAmounts, Error> {
        path_id("charge_id", charge_id)?;
        let date = crate::barcode::parse_iso_date(payment_date)
            .map_err(|_| invalid("payment_date", "must be a date as yyyy-mm-dd"))?;
        let dpp = crate::barcode::iso_date(date);
        let payload: Value = self
            .get(&format!("/api/v1/pix/{charge_id}?dpp={dpp}"))
            .await?;
        let v = payload.get("valor").cloned().unwrap_or(Value::Null);
        Ok(PixDueAmounts {
            original: centavos(&v, "original")?,
            reduction: centavos(&v, "abatimento")?,
            discount: centavos(&v, "desconto")?,
            fine: centavos(&v, "multa")?,
            interest: centavos(&v, "juros")?,
            final_amount: centavos(&v, "final")?,
        })
    }

    /// Refunds (devolve) a received Pix, all or a part: `PENDING`, then
    /// settled (an own account's at once; a platform's once the owner
    /// approves). Keyed: a retry is the same refund.
    pub async fn refund_inbound_pix(
        &self,
        refund: &NewPixRefund,
        idempotency_key: Option<&str>,
    ) -> Result<PixRefund, Error> {
        self.keyed(
            "/api/v1/refunds_for_inbound_pix_payments",
            &refund.body()?,
            idempotency_key,
        )
        .await
    }

    /// Creates a Pix to send (`CREATED`): nothing moves until
    /// [`confirm_pix_payment`](Self::confirm_pix_payment). The same key on
    /// a retry gives the same Pix.
    pub async fn create_pix_payment(
        &self,
        payment: &NewPixPayment,
        idempotency_key: Option<&str>,
    ) -> Result<PixPayment, Error> {
        self.keyed(
            "/api/v1/pix/outbound_pix_payments",
            &payment.body()?,
            idempotency_key,
        )
        .await
    }

    /// Sends a created Pix. An account's own application sends it at once;
    /// a platform's waits `CONFIRMED` for the owner's approval. Keyed like
    /// a cash-out: a retried confirmation never sends twice.
    pub async fn confirm_pix_payment(
        &self,
        id: &str,
        confirmation: &PixConfirmation,
        idempotency_key: Option<&str>,
    ) -> Result<(), Error> {
        path_id("id", id)?;
        let key = super::validate::idempotency_key_or_new(idempotency_key)?;
        self.send_bytes(
            Method::Post,
            &format!("/api/v1/pix/outbound_pix_payments/{id}/actions/confirm"),
            Some(&confirmation.body()?),
            Some(&key),
        )
        .await
        .map(|_| ())
    }

    /// One sent Pix.
    pub async fn pix_payment(&self, id: &str) -> Result<PixPayment, Error> {
        path_id("id", id)?;
        self.get(&format!("/api/v1/pix/outbound_pix_payments/{id}/"))
            .await
    }

    /// Registers a key (`random_key` for a random one): the request's id;
    /// the key is listed once Stone's DICT accepts it (a webhook says so).
    pub async fn create_pix_key(
        &self,
        account_id: &str,
        key: &NewPixKey,
        idempotency_key: Option<&str>,
    ) -> Result<PixRequest, Error> {
        path_id("account_id", account_id)?;
        // Keyed: given or generated, the same key goes with every retry, so
        // a retried registration never makes a second random key.
        self.keyed(
            &format!("/api/v1/pix/{account_id}/entries"),
            &key.body()?,
            idempotency_key,
        )
        .await
    }

    /// The account's keys.
    pub async fn pix_keys(&self, account_id: &str) -> Result<Vec<PixKeyEntry>, Error> {
        path_id("account_id", account_id)?;
        #[derive(serde::Deserialize)]
        struct List {
            data: Vec<PixKeyEntry>,
        }
        let list: List = self
            .get(&format!("/api/v1/pix/{account_id}/entries"))
            .await?;
        Ok(list.data)
    }

    /// One key, with its history (`events`).
    pub async fn pix_key(&self, account_id: &str, key_id: &str) -> Result<PixKeyEntry, Error> {
        path_id("account_id", account_id)?;
        path_id("key_id", key_id)?;
        self.get(&format!("/api/v1/pix/{account_id}/entries/{key_id}"))
            .await
    }

    /// Updates a key's holder data (Beta): the name, or the branch and
    /// account type; the document never changes.
    pub async fn update_pix_key(
        &self,
        account_id: &str,
        key_id: &str,
        update: &PixKeyUpdate,
        idempotency_key: Option<&str>,
    ) -> Result<PixRequest, Error> {
        path_id("account_id", account_id)?;
        path_id("key_id", key_id)?;
        if !matches!(update.reason.as_str(), "branch_transfer" | "user_requested") {
            return Err(invalid(
                "reason",
                "must be branch_transfer or user_requested",
            ));
        }
        if update
            .branch_code
            .as_deref()
            .is_some_and(|b| b.len() != 4 || !b.bytes().all(|c| c.is_ascii_digit()))
        {
            return Err(invalid("branch_code", "must have 4 digits"));
        }
        let mut entity = serde_json::Map::new();
        for (field, value) in [("name", &update.name), ("legal_name", &update.legal_name)] {
            if let Some(v) = value {
                entity.insert(field.into(), json!(v));
            }
        }
        let mut account = serde_json::Map::new();
        for (field, value) in [
            ("branch_code", &update.branch_code),
            ("account_type", &update.account_type),
        ] {
            if let Some(v) = value {
                account.insert(field.into(), json!(v));
            }
        }
        let body = json!({"reason": update.reason, "participant_ispb": STONE_ISPB,
            "beneficiary_entity": entity, "beneficiary_account": account});
        self.keyed(
            &format!("/api/v1/pix/{account_id}/entries/{key_id}"),
            &body,
            idempotency_key,
        )
        .await
    }

    /// Deletes a key at the holder's request.
    pub async fn delete_pix_key(&self, account_id: &str, id: &str) -> Result<PixRequest, Error> {
        path_id("account_id", account_id)?;
        path_id("id", id)?;
        let body = json!({"reason": "user_requested", "participant_ispb": STONE_ISPB});
        decode(
            &self
                .send_bytes(
                    Method::Delete,
                    &format!("/api/v1/pix/{account_id}/entries/{id}"),
                    Some(&body),
                    None,
                )
                .await?,
        )
    }

    /// Creates a dynamic QR charge; its `qr_code_content` is the "copia e
    /// cola" (the same key on a retry gives the same charge).
    pub async fn create_pix_charge(
        &self,
        charge: &NewPixCharge,
        idempotency_key: Option<&str>,
    ) -> Result<PixCharge, Error> {
        self.keyed(
            "/api/v1/pix_payment_invoices",
            &charge.body()?,
            idempotency_key,
        )
        .await
    }

    pub async fn pix_charge(&self, id: &str) -> Result<PixCharge, Error> {
        path_id("id", id)?;
        self.get(&format!("/api/v1/pix_payment_invoices/{id}"))
            .await
    }

    /// Cancels an unpaid dynamic charge.
    pub async fn cancel_pix_charge(&self, account_id: &str, id: &str) -> Result<(), Error> {
        self.cancel_charge("pix_payment_invoices", account_id, id)
            .await
    }

    /// `DELETE /api/v1/{collection}/{id}`, the account in
    /// `x-stone-account-id`, as Stone cancels its QR charges.
    async fn cancel_charge(
        &self,
        collection: &str,
        account_id: &str,
        id: &str,
    ) -> Result<(), Error> {
        path_id("account_id", account_id)?;
        path_id("id", id)?;
        self.send_bytes_as(
            Method::Delete,
            &format!("/api/v1/{collection}/{id}"),
            None,
            None,
            Some(account_id),
        )
        .await
        .map(|_| ())
    }

    /// Creates a static QR charge (a key, your txid, maybe an amount).
    pub async fn create_static_pix_charge(
        &self,
        charge: &NewStaticPixCharge,
        idempotency_key: Option<&str>,
    ) -> Result<StaticPixCharge, Error> {
        self.keyed(
            "/api/v1/pix_payment_static_invoices",
            &charge.body()?,
            idempotency_key,
        )
        .await
    }

    pub async fn static_pix_charge(&self, id: &str) -> Result<StaticPixCharge, Error> {
        path_id("id", id)?;
        self.get(&format!("/api/v1/pix_payment_static_invoices/{id}"))
            .await
    }

    /// Changes the text a static QR charge shows the payer; Stone makes
    /// its BR Code (and image) anew. Keyed: a retry changes it once.
    pub async fn update_static_pix_charge(
        &self,
        id: &str,
        additional_information: &str,
        idempotency_key: Option<&str>,
    ) -> Result<StaticPixCharge, Error> {
        path_id("id", id)?;
        if additional_information.trim().is_empty() {
            return Err(invalid("additional_information", "must not be empty"));
        }
        let key = super::validate::idempotency_key_or_new(idempotency_key)?;
        let body = json!({"additional_information": additional_information});
        decode(
            &self
                .send_bytes(
                    Method::Patch,
                    &format!("/api/v1/pix_payment_static_invoices/{id}"),
                    Some(&body),
                    Some(&key),
                )
                .await?,
        )
    }

    /// What a BR Code asks for, before paying it. The code is checked here
    /// first (structure, CRC, fields): a typo never reaches the API.
    pub async fn lookup_brcode(&self, brcode: &str) -> Result<BrCodeLookup, Error> {
        pix::validate(brcode).map_err(|e| invalid("brcode", e.to_string()))?;
        self.post_fields(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            &json!({"brcode": brcode.trim()}),
        )
        .await
    }

    /// A received Pix.
    pub async fn inbound_pix(&self, id: &str) -> Result<InboundPix, Error> {
        path_id("id", id)?;
        self.get(&format!("/api/v1/inbound_pix_payments/{id}/"))
            .await
    }
}
