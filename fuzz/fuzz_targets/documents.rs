//! CPF and CNPJ (alphanumeric CNPJ included), as typed: never a panic; a
//! valid one reads back from both its normalised and formatted forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stone_openbank::documents::TaxId;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(id) = TaxId::parse(input) {
        assert_eq!(TaxId::parse(id.as_str()).unwrap().as_str(), id.as_str());
        assert_eq!(TaxId::parse(&id.formatted()).unwrap().as_str(), id.as_str());
    }
});
