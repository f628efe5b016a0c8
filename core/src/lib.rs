//! # stone-openbank
//!
//! The core of an **independent** SDK for the Stone Banking API ("Conta
//! Stone", Stone's OpenBank). This crate is not made, endorsed or supported by
//! Stone Instituição de Pagamento S.A.
//!
//! It holds what is true in every language the SDK ships to (Rust, JavaScript
//! through WebAssembly, Python, Kotlin and Swift):
//!
//! - [`barcode`]: parse, validate, convert, format and build Brazilian payment
//!   barcodes — bank boletos (44-digit barcode, 47-digit typeable line) and
//!   arrecadação documents (utilities, taxes; 48-digit line);
//! - [`calendar`]: Brazil's banking calendar (national holidays, business days);
//! - [`documents`]: CPF and CNPJ, including the alphanumeric CNPJ issued from
//!   July 2026;
//! - [`pix`]: Pix BR Codes ("copia e cola": parse, validate, build, QR
//!   images), Pix keys and transaction ids;
//! - [`models`] and, with the default `client` feature, [`client`]: the
//!   Stone API's resources and the client that calls it.
//!
//! Money is always an integer number of centavos.

pub mod barcode;
pub mod calendar;
#[cfg(feature = "client")]
pub mod client;
pub mod documents;
pub mod models;
pub mod pix;
