//! Barcodes and digitable lines, as typed or pasted: the parser never
//! panics; its verdicts agree (`is_valid`, `validate`, `parse`); and what
//! it reads, the builders write back digit for digit (a differential
//! check of the reader against the writer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stone_openbank::barcode::{self, BankBoleto, Barcode, CollectionDocument};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = barcode::parse(input);
    assert_eq!(barcode::is_valid(input), parsed.is_ok());
    assert_eq!(barcode::validate(input).is_ok(), parsed.is_ok());
    match parsed {
        Ok(Barcode::Bank(b)) => {
            let again = BankBoleto::build(
                b.bank_code(),
                b.due_date(),
                b.amount_cents(),
                b.free_field(),
            )
            .expect("a decoded boleto builds again");
            assert_eq!(again.barcode(), b.barcode());
        }
        Ok(Barcode::Collection(c)) => {
            let value = c.amount_cents().or(c.reference_value()).unwrap_or(0);
            let again = CollectionDocument::build(
                c.segment(),
                c.value_type(),
                value,
                c.company_id(),
                c.free_field(),
            )
            .expect("a decoded document builds again");
            assert_eq!(again.barcode(), c.barcode());
            // The line it shows reads back as the same document.
            let line = barcode::parse(c.digitable_line()).expect("its own line parses");
            assert_eq!(line.barcode(), c.barcode());
        }
        Err(e) => {
            // The error's position points into the input.
            if let Some(p) = e.position() {
                assert!(p <= input.len(), "{e:?} at {p} in {} bytes", input.len());
            }
        }
    }
});
