//! The three check-digit algorithms of FEBRABAN's layouts. They work on digit
//! values (0–9) and run right to left, as the specifications define weights
//! from the rightmost digit.

/// Sum of the digits of `2 × d`, for the doubled positions of modulo 10.
const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/// Modulo 10 with weights 2, 1, 2, 1… from the right, the digits of each
/// product added: bank line fields and arrecadação with value type 6 or 7.
pub(crate) fn mod10(digits: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        sum += if i % 2 == 0 {
            DOUBLED[usize::from(d)]
        } else {
            u32::from(d)
        };
    }
    ((10 - sum % 10) % 10) as u8
}

/// Weighted sum with weights 2..=9 repeating from the right, over `head`
/// followed by `tail` (the general digits skip one position of the barcode,
/// so the covered digits are two slices).
fn mod11_sum(head: &[u8], tail: &[u8]) -> u32 {
    let mut sum = 0u32;
    let mut weight = 2u32;
    for &d in tail.iter().rev().chain(head.iter().rev()) {
        sum += u32::from(d) * weight;
        weight = if weight == 9 { 2 } else { weight + 1 };
    }
    sum
}

/// Raw remainder of the modulo 11 sum over `head` then `tail`.
fn mod11_remainder(head: &[u8], tail: &[u8]) -> u8 {
    (mod11_sum(head, tail) % 11) as u8
}

/// Bank boleto general digit: 11 − remainder, where 0, 10 and 11 become 1
/// (the general digit of a boleto is never 0).
pub(crate) fn mod11_bank(head: &[u8], tail: &[u8]) -> u8 {
    match 11 - mod11_remainder(head, tail) {
        0 | 10 | 11 => 1,
        d => d,
    }
}

/// Arrecadação modulo 11 (value type 8 or 9): remainder 0 or 1 gives 0,
/// remainder 10 gives 1, otherwise 11 − remainder.
pub(crate) fn mod11_collection(head: &[u8], tail: &[u8]) -> u8 {
    match mod11_remainder(head, tail) {
        0 | 1 => 0,
        10 => 1,
        r => 11 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod10_known_field() {
        // Field 1 of "34191.09008": digits 341910900, digit 8.
        assert_eq!(mod10(&[3, 4, 1, 9, 1, 0, 9, 0, 0]), 8);
    }

    #[test]
    fn mod11_bank_never_zero() {
        for n in 0..2000u32 {
            let digits: Vec<u8> = format!("{n:043}").bytes().map(|b| b - b'0').collect();
            let d = mod11_bank(&digits, &[]);
            assert!((1..=9).contains(&d));
        }
    }
}
