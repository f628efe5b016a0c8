//! Stone's Pix resources (SPEC §6.13): keys (DICT entries), QR charges,
//! the BR Code lookup and received Pix. Statuses are Stone's strings (an
//! unknown one decodes as itself); amounts are centavos.

use serde::{Deserialize, Serialize};

use super::DateTime;

/// The account a key points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixKeyAccount {
    #[serde(default)]
    pub branch_code: Option<String>,
    #[serde(default)]
    pub account_code: Option<String>,
    #[serde(default)]
    pub account_type: Option<String>,
}

/// Who holds a key, or who is on either side of a Pix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixEntity {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub document_type: Option<String>,
}

/// A change in a key's life (`created`, `deleted`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixKeyEvent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub from_status: Option<String>,
    #[serde(default)]
    pub to_status: Option<String>,
}

/// A Pix key registered to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixKeyEntry {
    pub id: String,
    pub key: String,
    /// `cpf`, `cnpj`, `phone`, `email` or `random_key`.
    pub key_type: String,
    /// `active` (listed as `key_created`), `deleted`, claims' statuses.
    pub key_status: String,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub participant_ispb: Option<String>,
    #[serde(default)]
    pub beneficiary_account: Option<PixKeyAccount>,
    #[serde(default)]
    pub beneficiary_entity: Option<PixEntity>,
    /// Only in the detail (`get_pix_key`).
    #[serde(default)]
    pub events: Vec<PixKeyEvent>,
}

/// A key to register. `key` is ignored (send `""`) for a random key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewPixKey {
    /// `cpf`, `cnpj`, `phone`, `email` or `random_key`.
    pub key_type: String,
    #[serde(default)]
    pub key: String,
}

/// The answer of an asynchronous request (key registration, deletion):
/// its id; the outcome arrives by webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixRequest {
    pub id: String,
}

/// A name and a value shown to the payer of a charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixInfo {
    pub name: String,
    pub value: String,
}

/// Who is charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixCustomer {
    pub name: String,
    /// CPF or CNPJ.
    pub document: String,
}

/// A dynamic QR charge to create ("cobrança imediata").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewPixCharge {
    pub account_id: String,
    /// A key of the account's.
    pub key: String,
    /// Yours, unique per account: 26–35 letters and digits.
    pub transaction_id: String,
    /// Centavos; `None` lets the payer choose.
    #[serde(default)]
    pub amount: Option<i64>,
    /// Seconds until it expires (Stone's default: 86,400).
    #[serde(default)]
    pub expiration: Option<i64>,
    /// Shown to the payer (≤ 140 characters).
    #[serde(default)]
    pub request_for_payer: Option<String>,
    #[serde(default)]
    pub customer: Option<PixCustomer>,
    #[serde(default)]
    pub additional_data: Vec<PixInfo>,
}

/// A dynamic QR charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixCharge {
    pub id: String,
    pub account_id: String,
    pub key: String,
    #[serde(default)]
    pub key_type: Option<String>,
    pub transaction_id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    /// `ACTIVE`, `PAID`, `EXPIRED`, `CANCELLED`.
    pub status: String,
    /// Where the payer's bank fetches the charge (the URL in the BR Code).
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub expiration: Option<i64>,
    #[serde(default)]
    pub request_for_payer: Option<String>,
    #[serde(default)]
    pub customer: Option<PixCustomer>,
    #[serde(default)]
    pub additional_data: Vec<PixInfo>,
    /// The "copia e cola" to show or share.
    pub qr_code_content: String,
    /// `data:image/png;base64,...`.
    #[serde(default)]
    pub qr_code_image: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub paid_at: Option<DateTime>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime>,
    /// The received Pix that paid it.
    #[serde(default)]
    pub inbound_pix_payments: Vec<String>,
}

/// A static QR charge to create: the key, your txid, maybe an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewStaticPixCharge {
    pub account_id: String,
    pub key: String,
    /// 26–35 letters and digits.
    pub transaction_id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub additional_information: Option<String>,
}

/// A static QR charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaticPixCharge {
    pub id: String,
    pub account_id: String,
    pub key: String,
    #[serde(default)]
    pub key_type: Option<String>,
    pub transaction_id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub additional_information: Option<String>,
    pub qr_code_content: String,
    #[serde(default)]
    pub qr_code_image: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
}

/// What a static BR Code asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaticBrCodeDetails {
    pub key: String,
    #[serde(default)]
    pub key_type: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub amount: Option<i64>,
}

/// What a dynamic BR Code's charge asks for, as its location answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DynamicBrCodeDetails {
    pub key: String,
    pub transaction_id: String,
    #[serde(default)]
    pub amount: Option<i64>,
    /// The charge's status (`ACTIVE`, ...).
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub expiration: Option<i64>,
    #[serde(default)]
    pub request_for_payer: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
}

/// The BR Code lookup: `kind` is `static` or `dynamic`, and the matching
/// field is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BrCodeLookup {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, rename = "static")]
    pub static_code: Option<StaticBrCodeDetails>,
    #[serde(default)]
    pub dynamic: Option<DynamicBrCodeDetails>,
}

/// Which charge a received Pix paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaidCharge {
    pub id: String,
    #[serde(default)]
    pub paid_at: Option<DateTime>,
}

/// One side of a Pix: account, holder, institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixParty {
    #[serde(default)]
    pub account: Option<PixKeyAccount>,
    #[serde(default)]
    pub entity: Option<PixEntity>,
    #[serde(default)]
    pub institution: Option<PixInstitution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixInstitution {
    #[serde(default)]
    pub ispb: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// A Pix received by the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboundPix {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    #[serde(default)]
    pub refunded_amount: i64,
    #[serde(default)]
    pub description: Option<String>,
    pub end_to_end_id: String,
    #[serde(default)]
    pub transaction_id: Option<String>,
    /// `PENDING`, `SETTLED`, `REJECTED`.
    pub status: String,
    #[serde(default)]
    pub fee: i64,
    /// The payer.
    #[serde(default)]
    pub source: Option<PixParty>,
    #[serde(default)]
    pub target: Option<PixParty>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub settled_at: Option<DateTime>,
    /// The dynamic charge it paid, if any.
    #[serde(default)]
    pub pix_payment_invoice: Option<PaidCharge>,
    /// The static charge it paid, if any.
    #[serde(default)]
    pub pix_payment_static_invoice: Option<PaidCharge>,
}

/// A Pix to send: to a `key`, to a charge (`key` + its `transaction_id`,
/// read from the BR Code), or to account data (`target`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewPixPayment {
    /// The paying account.
    pub account_id: String,
    /// Centavos; `None` defers it to the confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Shown to the payee (≤ 140 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The payee's key (as a BR Code or a person gives it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The charge's txid, with its `key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// A future date schedules it (`None`: now).
    #[serde(default, with = "super::date", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    /// The payee's account, when there is no key: `entity` (name,
    /// document), `account` (code, branch, type), `institution` (ISPB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<PixParty>,
}

/// What the confirmation may still set: the amount (required when the
/// creation had none) and the description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixConfirmation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Saves the payee among the account's contacts.
    #[serde(default)]
    pub add_target_to_contacts: bool,
}

/// A Pix sent by the account. `status`: `CREATED` (not confirmed),
/// `CONFIRMED` (waiting for the owner's approval when `approved_at` is
/// empty), `SCHEDULED`, `MONEY_RESERVED`, `SETTLED`, `FAILED`,
/// `REFUNDED`, `REJECTED`, `CANCELLED`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixPayment {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    #[serde(default)]
    pub fee: i64,
    pub status: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub end_to_end_id: Option<String>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub scheduled_to: Option<time::Date>,
    #[serde(default)]
    pub refunded_amount: i64,
    #[serde(default)]
    pub source: Option<PixParty>,
    /// Paid by key: no account and a masked CPF until it settles.
    #[serde(default)]
    pub target: Option<PixParty>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub confirmed_at: Option<DateTime>,
    #[serde(default)]
    pub approved_at: Option<DateTime>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub money_reserved_at: Option<DateTime>,
    #[serde(default)]
    pub settled_at: Option<DateTime>,
    #[serde(default)]
    pub failed_at: Option<DateTime>,
    #[serde(default)]
    pub failure_reason_code: Option<i64>,
    #[serde(default)]
    pub failure_reason_description: Option<String>,
}

/// A refund (devolução) of a received Pix to ask for: all of it or a part,
/// several parts up to the amount, within 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewPixRefund {
    pub inbound_pix_payment_id: String,
    /// Centavos.
    pub amount: i64,
    /// `beneficiary_request`, `fraud`, `institution_error` or
    /// `specific_service_offered_by_creditor_agent`.
    pub reason: String,
}

/// A refund of a received Pix. `status`: `PENDING` (waiting for the
/// owner's approval when `approved_at` is empty), `MONEY_RESERVED`,
/// `SETTLED`, `FAILED`, `REVERSED`, `REJECTED`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixRefund {
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub status: String,
    #[serde(default)]
    pub reason: Option<String>,
    /// The SPI's id of the devolução (`D…`).
    #[serde(default)]
    pub return_id: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub source_ispb: Option<String>,
    #[serde(default)]
    pub target_ispb: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub approved_at: Option<DateTime>,
    #[serde(default)]
    pub money_reserved_at: Option<DateTime>,
    #[serde(default)]
    pub settled_at: Option<DateTime>,
    #[serde(default)]
    pub failed_at: Option<DateTime>,
    #[serde(default)]
    pub failure_reason_code: Option<i64>,
    #[serde(default)]
    pub failure_reason_description: Option<String>,
    #[serde(default)]
    pub reversed_at: Option<DateTime>,
    #[serde(default)]
    pub reversal_reason: Option<String>,
}

/// A proportion as Stone writes one: `coefficient × 10^exponent`, 1 being
/// 100 % (2 % is `{coefficient: 2, exponent: -2}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixRate {
    pub coefficient: i64,
    pub exponent: i32,
}

/// Whether a term is an amount of centavos or a proportion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentType {
    Fixed,
    Proportional,
}

/// A fine, a reduction (abatimento), or one step of a discount: `fixed_value`
/// centavos or a `proportional_value` of the amount, as `type` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixAdjustment {
    #[serde(rename = "type")]
    pub kind: AdjustmentType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proportional_value: Option<PixRate>,
}

/// The period an interest rate or amount is given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InterestPeriod {
    Day,
    Month,
    Year,
}

/// Interest (juros) for each day paid late: `fixed_value` centavos or a
/// `proportional_value` of the amount per `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixInterest {
    #[serde(rename = "type")]
    pub kind: AdjustmentType,
    pub period: InterestPeriod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proportional_value: Option<PixRate>,
}

/// How a discount is counted: until fixed dates, or per day paid early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiscountMode {
    Date,
    Period,
}

/// A discount until a date (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixDateDiscount {
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub date: time::Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proportional_value: Option<PixRate>,
}

/// A discount for paying early: until fixed dates (`date_discounts`, at
/// most 3), or per day before the due date (`period_discount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixDiscount {
    #[serde(rename = "type")]
    pub kind: AdjustmentType,
    pub calculation_mode: DiscountMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_discount: Option<PixAdjustment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub date_discounts: Vec<PixDateDiscount>,
}

/// The terms of a charge with a due date (cobrança com vencimento), as
/// Stone writes them beside the charge's `amount`: what
/// [`crate::pix::due::amounts`] computes the amount of a payment date from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixDueTerms {
    /// The due date.
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub expiration_date: time::Date,
    /// Days after the due date it may still be paid (Stone's default: 30).
    #[serde(default)]
    pub payment_limit_period_days: Option<u32>,
    /// Days count as business days, and a due date on a non-business day
    /// moves to the next one.
    #[serde(default)]
    pub only_business_days: bool,
    #[serde(default)]
    pub discount: Option<PixDiscount>,
    #[serde(default)]
    pub fine: Option<PixAdjustment>,
    #[serde(default)]
    pub interest: Option<PixInterest>,
    #[serde(default)]
    pub reduction: Option<PixAdjustment>,
}

/// What a charge with a due date asks on one payment date, in centavos:
/// `final_amount = original − reduction − discount + fine + interest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixDueAmounts {
    pub original: i64,
    pub reduction: i64,
    pub discount: i64,
    pub fine: i64,
    pub interest: i64,
    pub final_amount: i64,
}

/// A Pix charge with a due date to create (cobrança com vencimento).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewDuePixCharge {
    pub account_id: String,
    /// A key of the account's.
    pub key: String,
    /// Yours, unique per account: 26–35 letters and digits.
    pub transaction_id: String,
    /// Centavos, before the terms.
    pub amount: i64,
    /// The due date.
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub expiration_date: time::Date,
    pub customer: PixCustomer,
    /// Days after the due date it may still be paid (Stone's default: 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_limit_period_days: Option<u32>,
    /// Days count as business days; a due date on a non-business day moves
    /// to the next one.
    #[serde(default)]
    pub only_business_days: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<PixDiscount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<PixAdjustment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<PixInterest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction: Option<PixAdjustment>,
    /// Shown to the payer (≤ 140 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_for_payer: Option<String>,
    #[serde(default)]
    pub additional_data: Vec<PixInfo>,
}

/// A Pix charge with a due date. `status`: `ACTIVE`, `PAID`, `EXPIRED`,
/// `CANCELLED`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DuePixCharge {
    pub id: String,
    pub account_id: String,
    pub key: String,
    pub transaction_id: String,
    /// Centavos, before the terms.
    pub amount: i64,
    pub status: String,
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub expiration_date: time::Date,
    #[serde(default)]
    pub payment_limit_period_days: Option<u32>,
    #[serde(default)]
    pub only_business_days: bool,
    #[serde(default)]
    pub discount: Option<PixDiscount>,
    #[serde(default)]
    pub fine: Option<PixAdjustment>,
    #[serde(default)]
    pub interest: Option<PixInterest>,
    #[serde(default)]
    pub reduction: Option<PixAdjustment>,
    #[serde(default)]
    pub customer: Option<PixCustomer>,
    #[serde(default)]
    pub request_for_payer: Option<String>,
    /// The URL its BR Code carries.
    #[serde(default)]
    pub location: Option<String>,
    /// The "copia e cola".
    pub qr_code_content: String,
    /// A PNG data URL.
    #[serde(default)]
    pub qr_code_image: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub paid_at: Option<DateTime>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime>,
    /// The received Pix that paid it.
    #[serde(default)]
    pub inbound_pix_payments: Vec<String>,
}

/// The terms of a charge, however it is held: to compute what it asks on
/// a date with [`crate::pix::due::amounts`].
macro_rules! due_terms {
    ($t:ty) => {
        impl $t {
            pub fn terms(&self) -> PixDueTerms {
                PixDueTerms {
                    expiration_date: self.expiration_date,
                    payment_limit_period_days: self.payment_limit_period_days,
                    only_business_days: self.only_business_days,
                    discount: self.discount.clone(),
                    fine: self.fine.clone(),
                    interest: self.interest.clone(),
                    reduction: self.reduction.clone(),
                }
            }

            /// What it asks when paid on `date`, in centavos.
            pub fn amounts_on(
                &self,
                date: time::Date,
            ) -> Result<PixDueAmounts, crate::pix::due::DueError> {
                crate::pix::due::amounts(self.amount, &self.terms(), date)
            }
        }
    };
}
due_terms!(NewDuePixCharge);
due_terms!(DuePixCharge);

/// The answer of a claim's creation: its id and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixClaimRequest {
    pub id: String,
    /// `portability` (the same holder, from another institution) or
    /// `ownership` (someone else's phone or e-mail key).
    pub claim_type: String,
}

/// A claim of a key held at another institution. `status`: `open`,
/// `waiting_resolution`, `confirmed`, `completed`, `cancelled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixClaim {
    pub id: String,
    pub claim_type: String,
    pub account_id: String,
    pub status: String,
    pub key: String,
    pub key_type: String,
    /// `outbound` (this account claims) or `inbound`.
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub donor_participant_ispb: Option<String>,
    #[serde(default)]
    pub claimer_participant_ispb: Option<String>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub updated_at: Option<DateTime>,
    /// Until when the donor may answer.
    #[serde(default)]
    pub resolution_period_ends_at: Option<DateTime>,
    /// Until when a confirmed claim may be completed.
    #[serde(default)]
    pub completion_period_ends_at: Option<DateTime>,
    /// Only in the detail.
    #[serde(default)]
    pub events: Vec<PixKeyEvent>,
}

/// One line of the unified list of an account's Pix: a sent Pix
/// (`outbound_pix_payment`), a received one (`inbound_pix_payment`) or a
/// refund (`refund_for_inbound_pix_payment`, `refund_for_outbound_pix_payment`).
/// The fields all kinds share; the kind's own are in its detail call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixActivity {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub account_id: String,
    pub amount: i64,
    pub status: String,
    #[serde(default)]
    pub end_to_end_id: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub refunded_amount: Option<i64>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
}

/// New holder data for a key (Beta): the name, or the account's branch and
/// type; `reason` is `branch_transfer` or `user_requested`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PixKeyUpdate {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    /// 4 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_code: Option<String>,
    /// `CC`, `CS`, `PP` or `PG`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
}
