//! Typed models of the Stone API's resources. Money is integer centavos,
//! date-times are typed (parsed leniently: Stone's payloads mix formats),
//! ids are strings, status enums keep an `Unknown` case so a status Stone
//! adds tomorrow never breaks deserialisation, and unknown fields are
//! ignored.

mod account;
mod contact;
pub(crate) mod date;
mod datetime;
mod external;
mod invoice;
mod page;
mod payment;
mod payroll;
mod reference;
mod statement;
mod transfer;

pub use account::{Account, Balance};
pub use contact::{BankAccountFields, Contact, ContactBankAccount, ContactFields};
pub use datetime::DateTime;
pub use external::{AccountType, ExternalTransfer, NewExternalTransfer, TedTargetView};
pub use invoice::{
    BoletoInvoice, DatedRate, InvoiceCustomer, InvoiceStatus, InvoiceType, NewBoletoInvoice,
};
pub use page::{Cursor, Page};
pub use payment::{EffectivePayer, NewPayment, Payment, PaymentDetails, PaymentDryRun};
pub use payroll::{NewSalaryPortability, Payroll, PayrollSummary, Salary, SalaryPortability};
pub use reference::{
    Fee, Institution, NonBusinessDay, OperationType, PendingOperation, SchedulingCalendar,
};
pub use statement::{Operation, StatementEntry};
pub use transfer::{InternalTransfer, NewInternalTransfer, TransferStatus};
