//! The client's operations, listed once for every language.
//!
//! [`for_each_operation!`] is the one list: each line names an operation,
//! its arguments (owned, serde-decodable types), what it returns and how it
//! calls the Rust [`Client`]. Nothing else in the project repeats it:
//!
//! - [`call`] and [`page`] (this module) expand it into a dispatcher keyed
//!   by the operation's name, with arguments and results as JSON text. The
//!   npm and pip packages export these two functions and nothing per
//!   operation: their typed methods are generated from [`describe`].
//! - `describe` (feature `schema`) expands it into a description of every
//!   operation with the JSON Schema of its arguments and result, which
//!   `stone-codegen` turns into the TypeScript client and types and the
//!   Python clients, models and stubs.
//! - A binding that wants native exports (uniffi's Kotlin and Swift) hands
//!   its own callback macro to `for_each_operation!`.
//!
//! Adding an operation: one method on `Client` (in its area's file) and one
//! line here. Why a declarative list rather than codegen from the Rust
//! source or per-binding methods: see `docs/bindings.md`.
//!
//! Kinds: `call` (async, a JSON result), `bytes` (async, a file such as a
//! PDF), `pages` (a list walked page by page: [`page`] fetches one page per
//! call and hands back the cursor), `local` (no request: computed here).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Client, Credentials, Environment, Error, PrivateKey, RetryPolicy};

/// Everything an operation of the list may name, for the expansion sites
/// (`use stone_openbank::client::surface::prelude::*;`).
pub mod prelude {
    pub use super::{BatchDecision, ConsentLinkRequest, OperationRef};
    pub use crate::client::{
        BatchScope, Client, ConsentRedirect, Error, Pages, PendingStatus, ReceiptOf, WebhookEvent,
    };
    pub use crate::models::*;
}

/// The one list of the client's operations. `$callback` receives every
/// line as `kind name(arg: Type, ...) -> Result = |client, args| call;`.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            // Accounts, balance, fees.
            /// The accounts this application may operate.
            call accounts() -> Vec<Account> = |c, _a| c.accounts();
            /// One account.
            call account(account_id: String) -> Account = |c, a| c.account(&a.account_id);
            /// The account's balances, in centavos.
            call balance(account_id: String) -> Balance = |c, a| c.balance(&a.account_id);
            /// The fees of every operation type.
            call fees(account_id: String) -> Vec<Fee> = |c, a| c.fees(&a.account_id);
            /// One fee (`internal_transfer`, `external_transfer`, `barcode_payment`, ...).
            call fee(account_id: String, fee_type: String) -> Fee = |c, a| c.fee(&a.account_id, &a.fee_type);

            // Statement.
            /// The statement, newest first, page by page.
            pages statement(account_id: String) -> StatementEntry = |c, a| c.statement(&a.account_id);
            /// One statement entry.
            call statement_entry(entry_id: String) -> StatementEntry = |c, a| c.statement_entry(&a.entry_id);

            // Internal transfers.
            /// Transfers to another Stone account; the idempotency key (given or generated) goes with every retry.
            call create_internal_transfer(transfer: NewInternalTransfer, idempotency_key: Option<String>) -> InternalTransfer
                = |c, a| c.create_internal_transfer(&a.transfer, a.idempotency_key.as_deref());
            /// What an internal transfer would be (fee, status); nothing is created.
            call dry_run_internal_transfer(transfer: NewInternalTransfer) -> InternalTransfer
                = |c, a| c.dry_run_internal_transfer(&a.transfer);
            /// One internal transfer.
            call internal_transfer(transfer_id: String) -> InternalTransfer = |c, a| c.internal_transfer(&a.transfer_id);
            /// The account's internal transfers, page by page.
            pages internal_transfers(account_id: String) -> InternalTransfer = |c, a| c.internal_transfers(&a.account_id);
            /// Cancels a scheduled internal transfer that has not run.
            call cancel_internal_transfer(transfer_id: String) -> () = |c, a| c.cancel_internal_transfer(&a.transfer_id);
            /// Approves an internal transfer (the account's owner).
            call approve_internal_transfer(transfer_id: String) -> () = |c, a| c.approve_internal_transfer(&a.transfer_id);
            /// Rejects an internal transfer (the account's owner).
            call reject_internal_transfer(transfer_id: String) -> () = |c, a| c.reject_internal_transfer(&a.transfer_id);

            // TEDs.
            /// Sends (or schedules) a TED to another bank; delayed to the next business day outside the window.
            call create_external_transfer(transfer: NewExternalTransfer, idempotency_key: Option<String>) -> ExternalTransfer
                = |c, a| c.create_external_transfer(&a.transfer, a.idempotency_key.as_deref());
            /// What a TED would be; nothing is created.
            call dry_run_external_transfer(transfer: NewExternalTransfer) -> ExternalTransfer
                = |c, a| c.dry_run_external_transfer(&a.transfer);
            /// One TED.
            call external_transfer(transfer_id: String) -> ExternalTransfer = |c, a| c.external_transfer(&a.transfer_id);
            /// The account's TEDs, page by page.
            pages external_transfers(account_id: String) -> ExternalTransfer = |c, a| c.external_transfers(&a.account_id);
            /// Cancels a scheduled TED that has not run.
            call cancel_external_transfer(transfer_id: String) -> () = |c, a| c.cancel_external_transfer(&a.transfer_id);
            /// Approves a TED (the account's owner).
            call approve_external_transfer(transfer_id: String) -> () = |c, a| c.approve_external_transfer(&a.transfer_id);
            /// Rejects a TED (the account's owner).
            call reject_external_transfer(transfer_id: String) -> () = |c, a| c.reject_external_transfer(&a.transfer_id);

            // Barcode payments.
            /// Enriches a barcode without paying it: issuer, dates, the value due today and its limits.
            call dry_run_payment(payment: NewPayment) -> PaymentDryRun = |c, a| c.dry_run_payment(&a.payment);
            /// Pays (or schedules) a boleto or an arrecadação document, checked locally first.
            call create_payment(payment: NewPayment, idempotency_key: Option<String>) -> Payment
                = |c, a| c.create_payment(&a.payment, a.idempotency_key.as_deref());
            /// One payment.
            call payment(payment_id: String) -> Payment = |c, a| c.payment(&a.payment_id);
            /// The account's payments, page by page.
            pages payments(account_id: String) -> Payment = |c, a| c.payments(&a.account_id);
            /// Cancels a scheduled payment that has not run.
            call cancel_payment(payment_id: String) -> () = |c, a| c.cancel_payment(&a.payment_id);
            /// Approves a payment (the account's owner).
            call approve_payment(payment_id: String) -> () = |c, a| c.approve_payment(&a.payment_id);
            /// Rejects a payment (the account's owner).
            call reject_payment(payment_id: String) -> () = |c, a| c.reject_payment(&a.payment_id);

            // Scheduling and approvals.
            /// Non-business days and the scheduling window of an operation type.
            call scheduling_calendar(operation_type: OperationType) -> SchedulingCalendar
                = |c, a| c.scheduling_calendar(a.operation_type);
            /// Operations waiting for the owner's approval or for their day, page by page.
            pages pending_operations(account_id: String, status: PendingStatus) -> PendingOperation
                = |c, a| c.pending_operations(&a.account_id, a.status);
            /// Approves a batch (at most 1000) as the owner; answers how many were approved.
            call approve_operations(account_id: String, decision: BatchDecision, idempotency_key: Option<String>) -> u64
                = |c, a| async move {
                    let ops = a.decision.pairs();
                    c.approve_operations(&a.account_id, a.decision.scope, &ops, a.idempotency_key.as_deref()).await
                };
            /// Cancels a batch (at most 1000) of pending or scheduled operations; answers how many.
            call cancel_operations(account_id: String, decision: BatchDecision, idempotency_key: Option<String>) -> u64
                = |c, a| async move {
                    let ops = a.decision.pairs();
                    c.cancel_operations(&a.account_id, a.decision.scope, &ops, a.idempotency_key.as_deref()).await
                };

            // Boleto issuance.
            /// Issues a boleto (deposit, proposal or billing kind).
            call create_boleto(boleto: NewBoletoInvoice, idempotency_key: Option<String>) -> BoletoInvoice
                = |c, a| c.create_boleto(&a.boleto, a.idempotency_key.as_deref());
            /// One issued boleto.
            call boleto(invoice_id: String) -> BoletoInvoice = |c, a| c.boleto(&a.invoice_id);
            /// The account's issued boletos, page by page.
            pages boletos(account_id: String) -> BoletoInvoice = |c, a| c.boletos(&a.account_id);
            /// Requests an issued boleto's write-off (baixa).
            call cancel_boleto(invoice_id: String) -> () = |c, a| c.cancel_boleto(&a.invoice_id);
            /// The issued boleto's PDF.
            bytes boleto_pdf(invoice_id: String) -> Vec<u8> = |c, a| c.boleto_pdf(&a.invoice_id);

            // Pix.
            /// Registers a Pix key (`random_key` for a random one); the request's id, the key is listed once accepted.
            call create_pix_key(account_id: String, key: NewPixKey, idempotency_key: Option<String>) -> PixRequest
                = |c, a| c.create_pix_key(&a.account_id, &a.key, a.idempotency_key.as_deref());
            /// The account's Pix keys.
            call pix_keys(account_id: String) -> Vec<PixKeyEntry> = |c, a| c.pix_keys(&a.account_id);
            /// One Pix key, with its history.
            call pix_key(account_id: String, key_id: String) -> PixKeyEntry = |c, a| c.pix_key(&a.account_id, &a.key_id);
            /// Updates a Pix key's holder data (Beta): the name, or the branch and account type.
            call update_pix_key(account_id: String, key_id: String, update: PixKeyUpdate, idempotency_key: Option<String>) -> PixRequest
                = |c, a| c.update_pix_key(&a.account_id, &a.key_id, &a.update, a.idempotency_key.as_deref());
            /// Deletes a Pix key at the holder's request.
            call delete_pix_key(account_id: String, key_id: String) -> PixRequest
                = |c, a| c.delete_pix_key(&a.account_id, &a.key_id);
            /// Claims a key another institution holds (its failed registration's id): portability or ownership.
            call create_pix_claim(account_id: String, pix_entry_id: String, idempotency_key: Option<String>) -> PixClaimRequest
                = |c, a| c.create_pix_claim(&a.account_id, &a.pix_entry_id, a.idempotency_key.as_deref());
            /// The account's key claims.
            call pix_claims(account_id: String) -> Vec<PixClaim> = |c, a| c.pix_claims(&a.account_id);
            /// One key claim, with its history.
            call pix_claim(account_id: String, claim_id: String) -> PixClaim = |c, a| c.pix_claim(&a.account_id, &a.claim_id);
            /// Gives up a key claim still waiting for the donor.
            call cancel_pix_claim(account_id: String, claim_id: String) -> () = |c, a| c.cancel_pix_claim(&a.account_id, &a.claim_id);
            /// Gives a key of this account away to another institution's claim.
            call approve_pix_claim(account_id: String, claim_id: String) -> () = |c, a| c.approve_pix_claim(&a.account_id, &a.claim_id);
            /// Keeps a key another institution claims.
            call reject_pix_claim(account_id: String, claim_id: String) -> () = |c, a| c.reject_pix_claim(&a.account_id, &a.claim_id);
            /// Completes a confirmed key claim: the key becomes the account's.
            call complete_pix_claim(account_id: String, claim_id: String) -> () = |c, a| c.complete_pix_claim(&a.account_id, &a.claim_id);
            /// Creates a dynamic QR charge; its `qr_code_content` is the "copia e cola".
            call create_pix_charge(charge: NewPixCharge, idempotency_key: Option<String>) -> PixCharge
                = |c, a| c.create_pix_charge(&a.charge, a.idempotency_key.as_deref());
            /// One dynamic QR charge.
            call pix_charge(charge_id: String) -> PixCharge = |c, a| c.pix_charge(&a.charge_id);
            /// Cancels an unpaid dynamic QR charge.
            call cancel_pix_charge(account_id: String, charge_id: String) -> ()
                = |c, a| c.cancel_pix_charge(&a.account_id, &a.charge_id);
            /// Creates a QR charge with a due date (fine, interest, discount, reduction checked locally).
            call create_due_pix_charge(charge: NewDuePixCharge, idempotency_key: Option<String>) -> DuePixCharge
                = |c, a| c.create_due_pix_charge(&a.charge, a.idempotency_key.as_deref());
            /// Cancels an unpaid charge with a due date.
            call cancel_due_pix_charge(account_id: String, charge_id: String) -> ()
                = |c, a| c.cancel_due_pix_charge(&a.account_id, &a.charge_id);
            /// What a charge with a due date asks on a payment date (yyyy-mm-dd), in centavos.
            call due_pix_amounts(charge_id: String, payment_date: String) -> PixDueAmounts
                = |c, a| c.due_pix_amounts(&a.charge_id, &a.payment_date);
            /// Creates a static QR charge.
            call create_static_pix_charge(charge: NewStaticPixCharge, idempotency_key: Option<String>) -> StaticPixCharge
                = |c, a| c.create_static_pix_charge(&a.charge, a.idempotency_key.as_deref());
            /// One static QR charge.
            call static_pix_charge(charge_id: String) -> StaticPixCharge = |c, a| c.static_pix_charge(&a.charge_id);
            /// Changes the text a static QR charge shows the payer (its BR Code is made anew).
            call update_static_pix_charge(charge_id: String, additional_information: String, idempotency_key: Option<String>) -> StaticPixCharge
                = |c, a| c.update_static_pix_charge(&a.charge_id, &a.additional_information, a.idempotency_key.as_deref());
            /// What a BR Code asks for, before paying it (checked locally first).
            call lookup_brcode(brcode: String) -> BrCodeLookup = |c, a| c.lookup_brcode(&a.brcode);
            /// Creates a Pix to a key, a charge (key + txid) or account data; nothing moves until it is confirmed.
            call create_pix_payment(payment: NewPixPayment, idempotency_key: Option<String>) -> PixPayment
                = |c, a| c.create_pix_payment(&a.payment, a.idempotency_key.as_deref());
            /// Sends a created Pix (a platform's then waits for the owner's approval).
            call confirm_pix_payment(payment_id: String, confirmation: PixConfirmation, idempotency_key: Option<String>) -> ()
                = |c, a| c.confirm_pix_payment(&a.payment_id, &a.confirmation, a.idempotency_key.as_deref());
            /// One sent Pix.
            call pix_payment(payment_id: String) -> PixPayment = |c, a| c.pix_payment(&a.payment_id);
            /// Refunds a received Pix, all or a part (a platform's refund waits for the owner's approval).
            call refund_inbound_pix(refund: NewPixRefund, idempotency_key: Option<String>) -> PixRefund
                = |c, a| c.refund_inbound_pix(&a.refund, a.idempotency_key.as_deref());
            /// The infraction reports (MED) about the account's Pix, as the filter asks.
            call pix_infraction_reports(account_id: String, filter: PixInfractionFilter) -> Vec<PixInfractionReport>
                = |c, a| c.pix_infraction_reports(&a.account_id, &a.filter);
            /// Closes a pending report the account received: accepted or rejected, with the analysis.
            call close_pix_infraction_report(account_id: String, report_id: String, analysis_result: String, analysis_details: Option<String>) -> ()
                = |c, a| c.close_pix_infraction_report(&a.account_id, &a.report_id, &a.analysis_result, a.analysis_details.as_deref());
            /// The account's Pix, sent, received and refunded, newest first, page by page.
            pages pix_activity(account_id: String) -> PixActivity = |c, a| c.pix_activity(&a.account_id);
            /// A received Pix.
            call inbound_pix(inbound_pix_id: String) -> InboundPix = |c, a| c.inbound_pix(&a.inbound_pix_id);

            // The BCB's standard Pix API (money in centavos, the account in a header).
            /// Creates an immediate charge (cob) with your txid, or one Stone makes.
            call create_cob(account_id: String, txid: Option<String>, cob: NewCob) -> Cob
                = |c, a| c.create_cob(&a.account_id, a.txid.as_deref(), &a.cob);
            /// One cob, with the Pix that paid it.
            call cob(account_id: String, txid: String) -> Cob = |c, a| c.cob(&a.account_id, &a.txid);
            /// Removes an unpaid cob.
            call remove_cob(account_id: String, txid: String) -> Cob = |c, a| c.remove_cob(&a.account_id, &a.txid);
            /// Revises a cob: its text for the payer, or its removal.
            call revise_cob(account_id: String, txid: String, revision: CobRevision) -> Cob
                = |c, a| c.revise_cob(&a.account_id, &a.txid, &a.revision);
            /// The account's cob created in a period (and status), page by page.
            pages cobs(account_id: String, filter: BcbListFilter) -> Cob = |c, a| c.cobs(&a.account_id, &a.filter);
            /// The Pix the account received in a period (of a txid), page by page.
            pages received_pix_list(account_id: String, filter: BcbListFilter) -> BcbPix
                = |c, a| c.received_pix_list(&a.account_id, &a.filter);
            /// A received Pix by its end-to-end id, with its refunds.
            call received_pix(account_id: String, end_to_end_id: String) -> BcbPix
                = |c, a| c.received_pix(&a.account_id, &a.end_to_end_id);
            /// Refunds a received Pix under your refund id (the same id again is the same refund).
            call create_devolucao(account_id: String, end_to_end_id: String, id: String, amount: i64) -> Devolucao
                = |c, a| c.create_devolucao(&a.account_id, &a.end_to_end_id, &a.id, a.amount);
            /// Creates a charge with a due date (cobv) with your txid.
            call create_cobv(account_id: String, txid: String, cobv: NewCobv) -> Cobv
                = |c, a| c.create_cobv(&a.account_id, &a.txid, &a.cobv);
            /// One cobv, with the Pix that paid it.
            call cobv(account_id: String, txid: String) -> Cobv = |c, a| c.cobv(&a.account_id, &a.txid);
            /// Removes an unpaid cobv.
            call remove_cobv(account_id: String, txid: String) -> Cobv = |c, a| c.remove_cobv(&a.account_id, &a.txid);
            /// Revises a cobv: its text for the payer, or its removal.
            call revise_cobv(account_id: String, txid: String, revision: CobRevision) -> Cobv
                = |c, a| c.revise_cobv(&a.account_id, &a.txid, &a.revision);
            /// The account's cobv created in a period (and status), page by page.
            pages cobvs(account_id: String, filter: BcbListFilter) -> Cobv = |c, a| c.cobvs(&a.account_id, &a.filter);
            /// Makes a payload location for a later cob or cobv.
            call create_pix_location(account_id: String, tipo_cob: String) -> PixLocation
                = |c, a| c.create_pix_location(&a.account_id, &a.tipo_cob);
            /// The account's payload locations created in a period, page by page.
            pages pix_locations(account_id: String, filter: BcbListFilter) -> PixLocation
                = |c, a| c.pix_locations(&a.account_id, &a.filter);
            /// One payload location, with the txid it serves.
            call pix_location(account_id: String, location_id: i64) -> PixLocation
                = |c, a| c.pix_location(&a.account_id, a.location_id);
            /// Frees a payload location from its charge.
            call unlink_pix_location(account_id: String, location_id: i64) -> PixLocation
                = |c, a| c.unlink_pix_location(&a.account_id, a.location_id);
            /// Creates a batch of cobv (lotecobv), each created or refused on its own.
            call create_cobv_lot(account_id: String, lot_id: String, descricao: String, cobsv: Vec<NewCobvInLot>) -> ()
                = |c, a| c.create_cobv_lot(&a.account_id, &a.lot_id, &a.descricao, &a.cobsv);
            /// A batch of cobv and what became of each.
            call cobv_lot(account_id: String, lot_id: String) -> CobvLot = |c, a| c.cobv_lot(&a.account_id, &a.lot_id);
            /// Revises cobv of a batch, each as revise_cobv does; cobv_lot shows what became of each.
            call revise_cobv_lot(account_id: String, lot_id: String, revisions: Vec<CobvLotRevision>) -> ()
                = |c, a| c.revise_cobv_lot(&a.account_id, &a.lot_id, &a.revisions);
            /// The account's cobv batches created in a period, page by page.
            pages cobv_lots(account_id: String, filter: BcbListFilter) -> CobvLot = |c, a| c.cobv_lots(&a.account_id, &a.filter);
            /// One refund of a received Pix.
            call devolucao(account_id: String, end_to_end_id: String, id: String) -> Devolucao
                = |c, a| c.devolucao(&a.account_id, &a.end_to_end_id, &a.id);

            // Receipts.
            /// The receipt (comprovante) of a transfer or payment, as PDF.
            bytes receipt_pdf(of: ReceiptOf, resource_id: String) -> Vec<u8> = |c, a| c.receipt_pdf(a.of, &a.resource_id);

            // Contacts.
            /// Saves a contact.
            call create_contact(account_id: String, fields: ContactFields) -> Contact
                = |c, a| c.create_contact(&a.account_id, &a.fields);
            /// The account's contacts.
            call contacts(account_id: String) -> Vec<Contact> = |c, a| c.contacts(&a.account_id);
            /// One contact.
            call contact(account_id: String, contact_id: String) -> Contact = |c, a| c.contact(&a.account_id, &a.contact_id);
            /// Changes the fields given; absent fields stay as they are.
            call update_contact(account_id: String, contact_id: String, fields: ContactFields) -> Contact
                = |c, a| c.update_contact(&a.account_id, &a.contact_id, &a.fields);
            /// Deletes a contact.
            call delete_contact(account_id: String, contact_id: String) -> () = |c, a| c.delete_contact(&a.account_id, &a.contact_id);
            /// Adds a bank account (or Pix key) to a contact.
            call add_contact_bank_account(account_id: String, contact_id: String, fields: BankAccountFields) -> ContactBankAccount
                = |c, a| c.add_contact_bank_account(&a.account_id, &a.contact_id, &a.fields);
            /// Changes a contact's bank account.
            call update_contact_bank_account(account_id: String, contact_id: String, bank_account_id: String, fields: BankAccountFields) -> ContactBankAccount
                = |c, a| c.update_contact_bank_account(&a.account_id, &a.contact_id, &a.bank_account_id, &a.fields);
            /// Deletes a contact's bank account.
            call delete_contact_bank_account(account_id: String, contact_id: String, bank_account_id: String) -> ()
                = |c, a| c.delete_contact_bank_account(&a.account_id, &a.contact_id, &a.bank_account_id);

            // Payroll (Conta de Liquidação).
            /// Pays the salaries uploaded to Stone as `salaries_id`.
            call create_payroll(account_id: String, salaries_id: String, idempotency_key: Option<String>) -> Payroll
                = |c, a| c.create_payroll(&a.account_id, &a.salaries_id, a.idempotency_key.as_deref());
            /// One payroll.
            call payroll(payroll_id: String) -> Payroll = |c, a| c.payroll(&a.payroll_id);
            /// The account's payrolls, page by page.
            pages payrolls(account_id: String) -> Payroll = |c, a| c.payrolls(&a.account_id);
            /// The salaries of a payroll, page by page.
            pages payroll_salaries(payroll_id: String) -> Salary = |c, a| c.payroll_salaries(&a.payroll_id);
            /// Asks that the employer's payroll bank send the salary to this account.
            call create_salary_portability(portability: NewSalaryPortability, idempotency_key: Option<String>) -> SalaryPortability
                = |c, a| c.create_salary_portability(&a.portability, a.idempotency_key.as_deref());
            /// The account's salary portability requests, page by page.
            pages salary_portabilities(account_id: String) -> SalaryPortability = |c, a| c.salary_portabilities(&a.account_id);

            // Institutions.
            /// The institutions a TED can reach.
            call institutions() -> Vec<Institution> = |c, _a| c.institutions();
            /// One institution, by COMPE number or ISPB.
            call institution(code: String) -> Institution = |c, a| c.institution(&a.code);

            // Consent (OpenBank) and webhooks.
            /// The consent link for a user of an OpenBank platform (valid 2 hours).
            local consent_link(request: ConsentLinkRequest) -> String
                = |c, a| c.consent_link(&a.request.redirect_uri, &a.request.session_metadata);
            /// Reads the redirect Stone sends after the consent page (a URL or its query).
            local parse_consent_redirect(url: String) -> ConsentRedirect = |_c, a| $crate::client::parse_consent_redirect(&a.url);
            /// Decrypts and verifies a webhook body (and its x-stone-webhook-event-id header) into a typed event.
            call verify_webhook(body: String, event_id: Option<String>) -> WebhookEvent
                = |c, a| c.verify_webhook(a.body.as_bytes(), a.event_id.as_deref());
            /// A valid access token, for a backend that hands it to a browser. A secret: never log it.
            call access_token() -> String = |c, _a| c.access_token();
        }
    };
}

/// One operation of a batch decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationRef {
    #[serde(rename = "type")]
    pub operation_type: crate::models::OperationType,
    pub id: String,
}

/// A batch approval or cancellation: the operations named (`only`), or
/// every pending one but those (`all_except`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BatchDecision {
    pub scope: super::BatchScope,
    pub operations: Vec<OperationRef>,
}

impl BatchDecision {
    pub fn pairs(&self) -> Vec<(crate::models::OperationType, &str)> {
        self.operations
            .iter()
            .map(|o| (o.operation_type, o.id.as_str()))
            .collect()
    }
}

/// What a consent link needs: the redirect URI registered at onboarding
/// and the metadata that comes back with the user (at least one key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentLinkRequest {
    pub redirect_uri: String,
    pub session_metadata: std::collections::BTreeMap<String, String>,
}

/// How a binding builds its client: the one configuration every language
/// passes (as JSON), so the rules (which fields go together, defaults) live
/// here. Secrets are never printed: `Debug` redacts them.
#[derive(Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The application's name, sent as User-Agent (Stone requires it).
    pub user_agent: String,
    /// With `private_key`: the client makes and renews its own tokens.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The application's RSA private key, PEM (PKCS#8 or PKCS#1).
    #[serde(default)]
    pub private_key: Option<String>,
    /// Instead of a key: a token handed by a backend (browsers, apps).
    #[serde(default)]
    pub access_token: Option<String>,
    /// `sandbox` (default) or `production`.
    #[serde(default)]
    pub environment: Option<String>,
    /// One base URL for the API and the auth server (a local `stone sandbox`).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Timeout of each request, in milliseconds (default 30000).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Attempts in all for retriable requests (default 5).
    #[serde(default)]
    pub max_attempts: Option<u32>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("user_agent", &self.user_agent)
            .field("client_id", &self.client_id)
            .field(
                "private_key",
                &self.private_key.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// A serde message without the text values it quotes: `invalid type:
/// string "-----BEGIN PRIVATE KEY..."` would otherwise carry a key (or a
/// token, a document) passed in the wrong place into an error message,
/// and from there into logs. serde quotes values with `"` (names with
/// backticks), so everything from the first `"` to the last goes, escapes
/// included; the type, the expectation and the place stay. (This short
/// form keeps the client's wasm within its size budget.)
#[inline(never)]
fn redacted(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match (text.find('"'), text.rfind('"')) {
        (Some(first), Some(last)) if last > first => {
            format!("{}\u{2026}{}", &text[..first], &text[last + 1..])
        }
        _ => text,
    }
}

fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        field,
        reason: reason.into(),
    }
}

impl ClientConfig {
    /// Reads the configuration from JSON text (a typed error, never a panic).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|e| invalid("config", redacted(&e)))
    }

    pub fn build(&self) -> Result<Client, Error> {
        let credentials = match (&self.client_id, &self.private_key, &self.access_token) {
            (Some(id), Some(pem), None) => {
                if id.trim().is_empty() {
                    return Err(invalid("client_id", "is empty"));
                }
                Credentials::ClientKey {
                    client_id: id.clone(),
                    key: PrivateKey::from_pem(pem)?,
                }
            }
            (None, None, Some(token)) => {
                if token.trim().is_empty() {
                    return Err(invalid("access_token", "is empty"));
                }
                Credentials::AccessToken(token.clone())
            }
            _ => {
                return Err(invalid(
                    "credentials",
                    "give client_id with private_key, or access_token alone",
                ))
            }
        };
        let environment = match (self.environment.as_deref(), &self.base_url) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "base_url",
                    "give environment or base_url, not both",
                ));
            }
            (None, Some(url)) => {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(invalid("base_url", "must start with http:// or https://"));
                }
                Environment::local(url.trim_end_matches('/'))
            }
            (None | Some("sandbox"), None) => Environment::Sandbox,
            (Some("production"), None) => Environment::Production,
            (Some(other), None) => {
                return Err(invalid(
                    "environment",
                    format!("{other:?}: sandbox or production"),
                ))
            }
        };
        let mut builder =
            Client::builder(self.user_agent.clone(), credentials).environment(environment);
        if self.user_agent.chars().any(char::is_control) {
            return Err(invalid(
                "user_agent",
                "no control characters (it is a header)",
            ));
        }
        if let Some(ms) = self.timeout_ms {
            // Up to a day: a timer of every platform takes it.
            if ms == 0 || ms > 86_400_000 {
                return Err(invalid("timeout_ms", "from 1 ms to a day"));
            }
            builder = builder.timeout(std::time::Duration::from_millis(ms));
        }
        if let Some(n) = self.max_attempts {
            if n == 0 {
                return Err(invalid("max_attempts", "at least 1"));
            }
            builder = builder.retry(RetryPolicy {
                max_attempts: n,
                ..RetryPolicy::default()
            });
        }
        builder.build()
    }
}

/// The result of [`call`]: JSON text, or a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Json(String),
    Bytes(Vec<u8>),
}

/// Decodes an operation's arguments; a wrong or missing one is the caller's
/// input error, named by the argument.
#[doc(hidden)]
pub fn args<T: DeserializeOwned>(op: &'static str, json: &str) -> Result<T, Error> {
    let text = if json.trim().is_empty() { "{}" } else { json };
    // From bytes, as answers are decoded: one deserializer in the wasm build.
    serde_json::from_slice(text.as_bytes()).map_err(|e| bad_arguments(op, e))
}

// The error paths of `args` and `to_json` are not generic: one copy in
// wasm rather than one per operation (the npm client's size pays per copy).
#[inline(never)]
fn bad_arguments(op: &'static str, e: serde_json::Error) -> Error {
    Error::InvalidInput {
        field: op,
        reason: format!("arguments: {}", redacted(&e)),
    }
}

#[inline(never)]
fn unwritable(e: serde_json::Error) -> Error {
    Error::Decode(e.to_string())
}

#[doc(hidden)]
pub fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(unwritable)
}

fn unknown_operation(op: &str, kind: &str) -> Error {
    Error::InvalidInput {
        field: "operation",
        reason: format!("{op:?} is not an operation of kind {kind}"),
    }
}

/// One module per operation holding its arguments' type, decoded from the
/// caller's JSON object (unknown arguments refused: a typo is an error, not
/// a silently ignored field). Both dispatchers below use it.
macro_rules! argument_types {
    ($( $(#[doc = $doc:literal])* $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = |$c:ident, $a:ident| $call:expr ; )*) => {
        mod arguments {
            $(
                #[allow(non_snake_case, dead_code)]
                pub(super) mod $name {
                    #[allow(unused_imports)]
                    use super::super::prelude::*;

                    #[derive(serde::Deserialize)]
                    #[serde(deny_unknown_fields)]
                    pub(in super::super) struct Args {
                        $( pub $arg: $ty, )*
                    }
                }
            )*
        }
    };
}

crate::for_each_operation!(argument_types);

/// The dispatchers: `call` runs the `call`, `bytes` and `local` kinds,
/// `page` fetches one page of the `pages` kind.
macro_rules! dispatchers {
    ($( $(#[doc = $doc:literal])* $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = |$c:ident, $a:ident| $call:expr ; )*) => {
        /// Runs the operation `op` with its arguments as a JSON object.
        pub async fn call(client: &Client, op: &str, args_json: &str) -> Result<Output, Error> {
            match op {
                $( stringify!($name) if !dispatchers!(@is_pages $kind) => {
                    #[allow(unused_variables)]
                    let $a: arguments::$name::Args = args(stringify!($name), args_json)?;
                    #[allow(unused_variables)]
                    let $c = client;
                    dispatchers!(@call $kind, $call)
                } )*
                other => Err(unknown_operation(other, "call")),
            }
        }

        /// One page of the list `op` (arguments as a JSON object), from the
        /// cursor `after` (`None`: the first page), `limit` items (1–1000,
        /// default 100): `{"data": [...], "after": cursor or null}`.
        pub async fn page(
            client: &Client,
            op: &str,
            args_json: &str,
            after: Option<String>,
            limit: Option<u32>,
        ) -> Result<String, Error> {
            match op {
                $( stringify!($name) if dispatchers!(@is_pages $kind) => {
                    #[allow(unused_variables)]
                    let $a: arguments::$name::Args = args(stringify!($name), args_json)?;
                    #[allow(unused_variables)]
                    let $c = client;
                    dispatchers!(@page $kind, $call, after, limit)
                } )*
                other => Err(unknown_operation(other, "pages")),
            }
        }
    };
    (@is_pages pages) => { true };
    (@is_pages $other:ident) => { false };
    (@call call, $call:expr) => { to_json(&$call.await?).map(Output::Json) };
    (@call bytes, $call:expr) => { $call.await.map(Output::Bytes) };
    (@call local, $call:expr) => { to_json(&$call?).map(Output::Json) };
    // Never taken (the arms' guards tell the kinds apart): an error, not a panic.
    (@call pages, $call:expr) => { Err(unknown_operation("a list", "call")) };
    (@page pages, $call:expr, $after:ident, $limit:ident) => { one_page($call, $after, $limit).await };
    (@page $other:ident, $call:expr, $after:ident, $limit:ident) => { Err(unknown_operation(stringify!($other), "pages")) };
}

/// One page of a list, and the cursor of the next (`null` after the last).
#[derive(Debug, Serialize)]
struct PageOut<T> {
    data: Vec<T>,
    after: Option<String>,
}

async fn one_page<T: DeserializeOwned + Serialize>(
    pages: super::Pages<T>,
    after: Option<String>,
    limit: Option<u32>,
) -> Result<String, Error> {
    let mut pages = pages.after(after);
    if let Some(limit) = limit {
        pages = pages.page_size(limit);
    }
    let data = match pages.next_page().await {
        Some(page) => page?,
        None => Vec::new(),
    };
    let after = if pages.is_done() {
        None
    } else {
        pages.cursor().map(str::to_owned)
    };
    to_json(&PageOut { data, after })
}

crate::for_each_operation!(dispatchers);

/// The error as JSON, the one shape every binding maps to its language's
/// classes: `kind` (`invalid_input`, `api`, `authentication`, `timeout`,
/// `transport`, `decode`, `webhook`), `message`, and the kind's fields.
/// Never a secret: no error of the client carries one.
pub fn error_json(error: &Error) -> String {
    let message = error.to_string();
    let value = match error {
        Error::InvalidInput { field, reason } => serde_json::json!({
            "kind": "invalid_input", "message": message, "field": field, "reason": reason,
        }),
        Error::Api(api) => serde_json::json!({
            "kind": "api", "message": message, "status": api.status, "type": api.kind,
            "reason": api.reason.iter().map(|r| serde_json::json!({"error": r.error, "path": r.path})).collect::<Vec<_>>(),
            "request_id": api.request_id, "body": api.body,
        }),
        Error::Authentication {
            status,
            error,
            description,
        } => serde_json::json!({
            "kind": "authentication", "message": message, "status": status,
            "error": error, "description": description,
        }),
        Error::Timeout(d) => serde_json::json!({
            "kind": "timeout", "message": message, "timeout_ms": d.as_millis() as u64,
        }),
        Error::Transport(_) => serde_json::json!({"kind": "transport", "message": message}),
        Error::Decode(_) => serde_json::json!({"kind": "decode", "message": message}),
        Error::Webhook(w) => serde_json::json!({
            "kind": "webhook", "message": message, "reason": w.code(),
        }),
    };
    value.to_string()
}

/// Every operation's name, kind, arguments and doc, without schemas (for
/// `stone api --list`, which is built without the `schema` feature).
pub fn catalogue() -> Vec<serde_json::Value> {
    let mut operations = Vec::new();
    macro_rules! catalogue_all {
        ($( $(#[doc = $doc:literal])* $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = |$c:ident, $a:ident| $call:expr ; )*) => {
            $(
                let doc: Vec<&str> = vec![$($doc),*];
                operations.push(serde_json::json!({
                    "operation": stringify!($name),
                    "kind": stringify!($kind),
                    "arguments": [$( stringify!($arg) ),*],
                    // The Rust type of each argument, as written: how a
                    // shell's text becomes its JSON (`stone <operation>`).
                    "types": [$( stringify!($ty).replace(' ', "") ),*],
                    "doc": doc.iter().map(|d| d.trim()).collect::<Vec<_>>().join(" "),
                }));
            )*
        };
    }
    crate::for_each_operation!(catalogue_all);
    operations
}

/// Every operation with the JSON Schema of its arguments and result, and
/// the definitions they refer to: the input of `stone-codegen`.
#[cfg(feature = "schema")]
pub fn describe() -> serde_json::Value {
    let mut generator = schemars::SchemaGenerator::default();
    let mut operations: Vec<serde_json::Value> = Vec::new();
    macro_rules! describe_all {
        ($( $(#[doc = $doc:literal])* $kind:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = |$c:ident, $a:ident| $call:expr ; )*) => {
            use prelude::*;
            $(
                let doc: Vec<&str> = vec![$($doc),*];
                operations.push(serde_json::json!({
                    "name": stringify!($name),
                    "kind": stringify!($kind),
                    "doc": doc.iter().map(|d| d.trim()).collect::<Vec<_>>().join(" "),
                    "params": [$( {
                        "name": stringify!($arg),
                        "schema": generator.subschema_for::<$ty>(),
                    } ),*],
                    "returns": generator.subschema_for::<$ret>(),
                }));
            )*
        };
    }
    crate::for_each_operation!(describe_all);
    let config = generator.subschema_for::<ClientConfig>();
    let definitions = generator.take_definitions(true);
    serde_json::json!({
        "operations": operations,
        "config": config,
        "definitions": definitions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_in_the_wrong_place_is_not_echoed_by_the_error() {
        // A token pasted into a number's place, and a key with a quote and
        // an escape in it.
        let text = r#"{"user_agent": "erp", "timeout_ms": "eyJhbGciOi.s3cr3t\"x\\y", "max_attempts": "-----BEGIN PRIVATE KEY-----"}"#;
        let Err(Error::InvalidInput { field, reason }) = ClientConfig::from_json(text) else {
            panic!("a timeout must be a number");
        };
        assert_eq!(field, "config");
        assert!(
            !reason.contains("s3cr3t") && !reason.contains("eyJ"),
            "{reason}"
        );
        assert!(reason.contains("invalid type: string \u{2026}"), "{reason}");
        assert!(
            reason.contains("expected"),
            "the type asked stays: {reason}"
        );
        let other = ClientConfig::from_json(r#"{"user_agent": 7}"#);
        let Err(Error::InvalidInput { reason, .. }) = other else {
            panic!("a user agent must be text");
        };
        assert!(
            reason.contains("integer `7`"),
            "non-text values stay: {reason}"
        );
    }
}
