//! The BR Code checksum: CRC16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no
//! reflection, no final xor), which the `crc` crate names CRC_16_IBM_3740.

use ::crc::{Crc, CRC_16_IBM_3740};

const CCITT_FALSE: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);

/// The CRC of `data` as 4 uppercase hex digits.
pub(crate) fn crc16(data: &[u8]) -> [u8; 4] {
    let value = CCITT_FALSE.checksum(data);
    let hex = b"0123456789ABCDEF";
    [
        hex[usize::from(value >> 12)],
        hex[usize::from((value >> 8) & 0xF)],
        hex[usize::from((value >> 4) & 0xF)],
        hex[usize::from(value & 0xF)],
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn check_value_of_the_catalogue() {
        // The catalogue's check value for "123456789".
        assert_eq!(&super::crc16(b"123456789"), b"29B1");
    }
}
