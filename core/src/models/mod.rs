//! Typed models of the Stone API's resources. Money is integer centavos,
//! date-times are typed (parsed leniently: Stone's payloads mix formats),
//! ids are strings, status enums keep an `Unknown` case so a status Stone
//! adds tomorrow never breaks deserialisation, and unknown fields are
//! ignored.

mod account;
mod datetime;
mod page;
mod statement;
mod transfer;

pub use account::{Account, Balance};
pub use datetime::DateTime;
pub use page::{Cursor, Page};
pub use statement::{Operation, StatementEntry};
pub use transfer::{InternalTransfer, NewInternalTransfer, TransferStatus};
