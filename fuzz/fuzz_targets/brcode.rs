//! BR Codes ("copia e cola") as pasted: never a panic; the verdicts agree;
//! a fault's position points into the input; and what is read is written
//! again and reads back the same (the reader against the writer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stone_openbank::pix;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = pix::parse(input);
    assert_eq!(pix::is_valid(input), parsed.is_ok());
    assert_eq!(pix::validate(input).is_ok(), parsed.is_ok());
    match parsed {
        Ok(code) => {
            let again = code
                .to_charge()
                .encode()
                .expect("a decoded code encodes again");
            assert_eq!(pix::parse(&again).expect("its encoding parses"), code);
        }
        Err(e) => {
            if let Some(p) = e.position() {
                assert!(p <= input.len(), "{e:?} at {p} in {} bytes", input.len());
            }
        }
    }
});
