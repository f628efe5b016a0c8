//! The uniffi component behind the Kotlin (`com.stoneopenbank`) and Swift
//! (`StoneOpenBank`) packages. Thin by design (ARCHITECTURE.md, rule 2):
//! records the foreign languages can own, argument range checks where their
//! integer types are wider than the core's, and one error mapping. Every rule
//! lives in the core crate.
//!
//! The records are declared here rather than derived on the core's types:
//! the core's decoded documents borrow from fixed arrays (zero allocation),
//! which uniffi cannot carry; these owned mirrors are filled from the core's
//! `*Record` conversions.

mod barcode;
mod client;
mod documents;
mod pix;

uniffi::setup_scaffolding!("stone_openbank");

/// Positions and counts as the signed integers Kotlin and Swift users
/// expect; they fit in i32 for any input a caller can hold.
fn to_i32(v: usize) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}
