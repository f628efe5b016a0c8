//! Typed models of the Stone API's resources. Money is integer centavos,
//! date-times are typed (parsed leniently: Stone's payloads mix formats),
//! ids are strings, status enums keep an `Unknown` case so a status Stone
//! adds tomorrow never breaks deserialisation, and unknown fields are
//! ignored.

mod account;
mod bcb;
mod contact;
pub(crate) mod date;
mod datetime;
mod external;
mod invoice;
mod page;
mod payment;
mod payroll;
mod pix;
mod pix_infraction;
mod reference;
mod statement;
mod transfer;

pub use account::{Account, Balance};
pub use bcb::{
    BcbListFilter, BcbPix, Cob, CobRevision, CobValor, Cobv, CobvDateDiscount, CobvDiscount,
    CobvLot, CobvLotItem, CobvLotRevision, CobvTerm, CobvValor, Devolucao, NewCob, NewCobv,
    NewCobvInLot, PixLocation,
};
pub use contact::{BankAccountFields, Contact, ContactBankAccount, ContactFields};
pub use datetime::DateTime;
pub use external::{AccountType, ExternalTransfer, NewExternalTransfer, TedTargetView};
pub use invoice::{
    BoletoInvoice, DatedRate, InvoiceCustomer, InvoiceStatus, InvoiceType, NewBoletoInvoice,
};
pub use page::{Cursor, Page, Paginacao, Parametros};
pub use payment::{EffectivePayer, NewPayment, Payment, PaymentDetails, PaymentDryRun};
pub use payroll::{NewSalaryPortability, Payroll, PayrollSummary, Salary, SalaryPortability};
pub use pix::{
    AdjustmentType, BrCodeLookup, DiscountMode, DuePixCharge, DynamicBrCodeDetails, InboundPix,
    InterestPeriod, NewDuePixCharge, NewPixCharge, NewPixKey, NewPixPayment, NewPixRefund,
    NewStaticPixCharge, PaidCharge, PixActivity, PixAdjustment, PixCharge, PixClaim,
    PixClaimRequest, PixConfirmation, PixCustomer, PixDateDiscount, PixDiscount, PixDueAmounts,
    PixDueTerms, PixEntity, PixInfo, PixInstitution, PixInterest, PixKeyAccount, PixKeyEntry,
    PixKeyEvent, PixKeyUpdate, PixParty, PixPayment, PixRate, PixRefund, PixRequest,
    StaticBrCodeDetails, StaticPixCharge,
};
pub use pix_infraction::{PixInfractionFilter, PixInfractionReport};
pub use reference::{
    Fee, Institution, NonBusinessDay, OperationType, PendingOperation, SchedulingCalendar,
};
pub use statement::{Operation, StatementEntry};
pub use transfer::{InternalTransfer, NewInternalTransfer, TransferStatus};

/// The schema of a status Stone may extend: a string whose known values
/// are listed (`x-known`), so TypeScript gets their union plus any string
/// and Python a `str`. `$known` are the variants without data; their text
/// is the type's own `as_str`, not a second list.
#[cfg(feature = "schema")]
macro_rules! open_string_schema {
    ($ty:ident: $($known:ident),* $(,)?) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let known: Vec<String> = [$($ty::$known),*].iter().map(|v| v.as_str().to_owned()).collect();
                schemars::json_schema!({"type": "string", "x-known": known})
            }
        }
    };
}

#[cfg(feature = "schema")]
open_string_schema!(TransferStatus: Created, Approved, Scheduled, Finished, Failed, Rejected, Expired, Cancelled, DelayedToNextBusinessDay, MoneyReserved, Refunded);
#[cfg(feature = "schema")]
open_string_schema!(Operation: Credit, Debit);
#[cfg(feature = "schema")]
open_string_schema!(InvoiceType: Deposit, Proposal, BillOfExchange);
#[cfg(feature = "schema")]
open_string_schema!(InvoiceStatus: Created, Registered, Settled, Expired, CancellationRequested, Cancelled, Pending);
