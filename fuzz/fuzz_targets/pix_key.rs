//! Pix keys as typed: never a panic; a key's normal form is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stone_openbank::pix::PixKey;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(key) = PixKey::parse(input) {
        let again = PixKey::parse(&key.value).expect("a normalised key parses");
        assert_eq!(again, key);
    }
});
