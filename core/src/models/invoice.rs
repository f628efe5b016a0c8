//! Issued boletos ("barcode payment invoices").

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::DateTime;

/// The three kinds Stone issues.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InvoiceType {
    /// Paid by the beneficiary into its own account.
    Deposit,
    /// A proposal the payer may accept by paying.
    Proposal,
    /// A billing boleto (boleto de cobrança): fines, interest, discounts.
    BillOfExchange,
    Unknown(String),
}

impl InvoiceType {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Deposit => "deposit",
            Self::Proposal => "proposal",
            Self::BillOfExchange => "bill_of_exchange",
            Self::Unknown(t) => t,
        }
    }
}

impl Serialize for InvoiceType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for InvoiceType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = String::deserialize(d)?;
        Ok(match t.as_str() {
            "deposit" => Self::Deposit,
            "proposal" => Self::Proposal,
            "bill_of_exchange" => Self::BillOfExchange,
            _ => Self::Unknown(t),
        })
    }
}

/// Where an issued boleto stands (SPEC §8.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    Created,
    Registered,
    Settled,
    Expired,
    CancellationRequested,
    Cancelled,
    Pending,
    Unknown(String),
}

impl InvoiceStatus {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "CREATED",
            Self::Registered => "REGISTERED",
            Self::Settled => "SETTLED",
            Self::Expired => "EXPIRED",
            Self::CancellationRequested => "CANCELLATION_REQUESTED",
            Self::Cancelled => "CANCELLED",
            Self::Pending => "PENDING",
            Self::Unknown(t) => t,
        }
    }
}

impl Serialize for InvoiceStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for InvoiceStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = String::deserialize(d)?;
        Ok(match t.as_str() {
            "CREATED" => Self::Created,
            "REGISTERED" => Self::Registered,
            "SETTLED" => Self::Settled,
            "EXPIRED" => Self::Expired,
            "CANCELLATION_REQUESTED" => Self::CancellationRequested,
            "CANCELLED" => Self::Cancelled,
            "PENDING" => Self::Pending,
            _ => Self::Unknown(t),
        })
    }
}

/// A boleto issued by the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BoletoInvoice {
    pub id: String,
    #[serde(default)]
    pub account_id: Option<String>,
    pub amount: i64,
    pub status: InvoiceStatus,
    pub invoice_type: InvoiceType,
    #[serde(default)]
    pub barcode: Option<String>,
    #[serde(default)]
    pub writable_line: Option<String>,
    #[serde(default)]
    pub our_number: Option<String>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub issuance_date: Option<time::Date>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub expiration_date: Option<time::Date>,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub limit_date: Option<time::Date>,
    #[serde(default)]
    pub fee: Option<i64>,
    #[serde(default)]
    pub beneficiary: Option<Value>,
    #[serde(default)]
    pub customer: Option<Value>,
    #[serde(default)]
    pub created_at: Option<DateTime>,
    #[serde(default)]
    pub registered_at: Option<DateTime>,
    #[serde(default)]
    pub settled_at: Option<DateTime>,
}

/// The registered payer of a proposal or billing boleto.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceCustomer {
    pub document: String,
    pub legal_name: String,
    /// Required for companies (CNPJ).
    #[serde(default)]
    pub trade_name: Option<String>,
}

/// A dated percentage (discount, fine, interest) in hundredths of a
/// percent: `250` is 2.50 %. Exact, no floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DatedRate {
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub date: time::Date,
    pub basis_points: u32,
}

/// What a boleto needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBoletoInvoice {
    pub account_id: String,
    pub amount: i64,
    pub invoice_type: InvoiceType,
    #[serde(with = "super::date::required")]
    #[cfg_attr(feature = "schema", schemars(with = "super::date::IsoDate"))]
    pub expiration_date: time::Date,
    #[serde(default, with = "super::date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<super::date::IsoDate>"))]
    pub limit_date: Option<time::Date>,
    #[serde(default)]
    pub customer: Option<InvoiceCustomer>,
    #[serde(default)]
    pub discounts: Vec<DatedRate>,
    #[serde(default)]
    pub fine: Option<DatedRate>,
    /// Monthly, applied per day late.
    #[serde(default)]
    pub interest: Option<DatedRate>,
    #[serde(default)]
    pub description: Option<String>,
}
