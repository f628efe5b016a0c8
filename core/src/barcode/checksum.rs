//! The three check-digit algorithms of FEBRABAN's layouts, computed eight
//! digits at a time, straight from the ASCII input.
//!
//! Both algorithms weigh each digit by its distance from the right end of the
//! run it protects, periodically: modulo 10 with 2, 1, 2, 1… (period 2) and
//! modulo 11 with 2, 3, …, 9 (period 8). So if every digit is put in byte
//! lane `7 − distance mod 8` of a `u64`, all the digits of a lane share one
//! weight: the lanes can be added first (SWAR, eight digits per addition)
//! and weighted once. Digits are read with unaligned 8-byte loads from the
//! input and rotated into their lanes; nothing is staged in a buffer (a
//! staged copy would stall every load on the stores just before it).
//!
//! A run may be several ranges of the input in reading order: a typeable
//! line holds the barcode's digits permuted, and the general digit covers
//! them in barcode order. The per-digit textbook loops live in the tests, as
//! the reference these must agree with.

/// Eight lanes of 0x01, for per-lane constants.
const LANES: u64 = 0x0101_0101_0101_0101;
/// Byte lanes 1, 3, 5, 7 (7 holds the digit at distance 0) and 0, 2, 4, 6.
const ODD: u64 = 0xFF00_FF00_FF00_FF00;
const EVEN: u64 = 0x00FF_00FF_00FF_00FF;

/// A run: ranges of the digit string, in the order the algorithm reads them.
pub(crate) type Run = [(usize, usize)];

/// One 8-byte load of a run: where it starts, which of its bytes belong to
/// the run, and the rotation that puts each digit in its lane.
#[derive(Clone, Copy)]
pub(crate) struct Window {
    start: usize,
    mask: u64,
    rotate: u32,
}

/// A run compiled into its loads, at compile time, so that the hot path is
/// a fixed sequence of load, mask, rotate and add.
#[derive(Clone, Copy)]
pub(crate) struct Plan {
    windows: [Window; 8],
    len: usize,
}

impl Plan {
    /// Byte j of the window at `s` in range (a, b) is the digit at distance
    /// b − 1 − s − j + after from the run's end (`after` = digits of the run
    /// after this range): rotating by r bytes puts it in lane 7 − distance
    /// mod 8, with r = (s − b − after) mod 8.
    pub(crate) const fn new(run: &Run) -> Plan {
        let mut total = 0;
        let mut i = 0;
        while i < run.len() {
            total += run[i].1 - run[i].0;
            i += 1;
        }
        let empty = Window {
            start: 0,
            mask: 0,
            rotate: 0,
        };
        let mut plan = Plan {
            windows: [empty; 8],
            len: 0,
        };
        let mut after = total;
        let mut i = 0;
        while i < run.len() {
            let (a, b) = run[i];
            after -= b - a;
            let mut s = a;
            while s < b {
                plan.windows[plan.len] = Window {
                    start: s,
                    mask: low_lanes(b - s),
                    rotate: 8 * (((s % 8) + 16 - ((b + after) % 8)) % 8) as u32,
                };
                plan.len += 1;
                s += 8;
            }
            i += 1;
        }
        plan
    }
}

/// Bytes `s..s + 8` of `d` as a little-endian `u64`; past the end of `d`
/// the missing bytes read as 0. `d` always has at least 44 bytes here.
#[inline(always)]
pub(crate) fn load8(d: &[u8], s: usize) -> u64 {
    let le = |c: &[u8]| {
        let mut lane = [0u8; 8];
        for (x, y) in lane.iter_mut().zip(c) {
            *x = *y;
        }
        u64::from_le_bytes(lane)
    };
    match d.get(s..s + 8) {
        Some(chunk) => le(chunk),
        None => {
            // The tail: load the last 8 bytes and shift the wanted ones down.
            let n = d.len();
            let start = n.saturating_sub(8);
            let shift = 8 * (s + 8 - n.max(s)).min(7) as u32;
            le(d.get(start..).unwrap_or_default()) >> shift
        }
    }
}

/// The low `n` byte lanes (all of them from 8 on).
#[inline(always)]
pub(crate) const fn low_lanes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// Lane sums of the digits of a run (each ≤ 6 × 9 = 54, as a run has at
/// most 43 digits: no carry between lanes), and lane counts of its digits
/// ≥ 5 (for modulo 10).
#[inline(always)]
fn run_lanes(d: &[u8], plan: &Plan) -> (u64, u64) {
    let (mut acc, mut big) = (0u64, 0u64);
    for w in &plan.windows[..plan.len] {
        let v = load8(d, w.start).wrapping_sub(0x30 * LANES) & w.mask;
        acc += v.rotate_left(w.rotate);
        // (d + 3) has bit 3 set exactly when d ≥ 5, for d ≤ 9.
        big += (((v + 3 * LANES) >> 3) & LANES).rotate_left(w.rotate);
    }
    (acc, big)
}

/// The sum of the byte lanes of `x`, when it is below 256: multiplying by
/// 0x0101…01 adds every lane into the top byte.
#[inline(always)]
fn byte_total(x: u64) -> u32 {
    (x.wrapping_mul(LANES) >> 56) as u32
}

/// Σ digit × weight over `run`, weights 2..=9 repeating from the right:
/// lane k weighs 9 − k. Split into 16-bit lanes (even and odd bytes), one
/// multiplication by the weights laid out as 16-bit lanes convolves them
/// into the top lane (at most 4 × 54 × 9 = 1,944: no overflow into it).
#[inline(always)]
pub(crate) fn mod11_sum(d: &[u8], plan: &Plan) -> u32 {
    const EVEN_WEIGHTS: u64 = 3 | 5 << 16 | 7 << 32 | 9 << 48; // bytes 6, 4, 2, 0
    const ODD_WEIGHTS: u64 = 2 | 4 << 16 | 6 << 32 | 8 << 48; // bytes 7, 5, 3, 1
    let (acc, _) = run_lanes(d, plan);
    let even = acc & EVEN;
    let odd = (acc & ODD) >> 8;
    ((even.wrapping_mul(EVEN_WEIGHTS) >> 48) + (odd.wrapping_mul(ODD_WEIGHTS) >> 48)) as u32
}

/// Modulo 10 (FEBRABAN "módulo 10"): weights 2, 1… from the right, the two
/// digits of each product added, digit = (10 − sum mod 10) mod 10. Doubling
/// d ≥ 5 gives a two-digit product whose digit sum is 2d − 9, so the sum is
/// Σ w·d − 9 × #(doubled digits ≥ 5). Odd lanes are the doubled ones; every
/// partial total stays below 256 (4 lanes × 54).
#[inline(always)]
pub(crate) fn mod10(d: &[u8], plan: &Plan) -> u8 {
    let (acc, big) = run_lanes(d, plan);
    let sum = byte_total(acc & EVEN) + 2 * byte_total(acc & ODD) - 9 * byte_total(big & ODD);
    ((10 - sum % 10) % 10) as u8
}

/// Bank boleto general digit: 11 − remainder, where 10 and 11 become 1 (the
/// general digit of a boleto is never 0).
#[inline]
pub(crate) fn mod11_bank(sum: u32) -> u8 {
    match 11 - (sum % 11) as u8 {
        10 | 11 => 1,
        d => d,
    }
}

/// Arrecadação modulo 11 (value types 8 and 9): remainder 0 or 1 gives 0,
/// remainder 10 gives 1, otherwise 11 − remainder.
#[inline]
pub(crate) fn mod11_collection(sum: u32) -> u8 {
    match (sum % 11) as u8 {
        0 | 1 => 0,
        10 => 1,
        r => 11 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook definitions, digit by digit from the right.
    fn reference_mod10(digits: &[u8]) -> u8 {
        let sum: u32 = digits
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &d)| {
                let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
                p / 10 + p % 10
            })
            .sum();
        ((10 - sum % 10) % 10) as u8
    }

    fn reference_mod11_sum(digits: &[u8]) -> u32 {
        digits
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &d)| u32::from(d) * (2 + (i as u32 % 8)))
            .sum()
    }

    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn swar_agrees_with_the_textbook_on_random_runs() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let len = 44 + (xorshift(&mut seed) % 5) as usize;
            let ascii: Vec<u8> = (0..len)
                .map(|_| b'0' + (xorshift(&mut seed) % 10) as u8)
                .collect();
            // Up to four ranges, in any order, possibly touching the end.
            let mut run = Vec::new();
            for _ in 0..1 + xorshift(&mut seed) % 4 {
                let a = (xorshift(&mut seed) % len as u64) as usize;
                let b = a + (xorshift(&mut seed) % (len - a).min(12) as u64) as usize + 1;
                run.push((a, b));
            }
            let digits: Vec<u8> = run
                .iter()
                .flat_map(|&(a, b)| ascii[a..b].iter().map(|c| c - b'0'))
                .collect();
            if digits.len() > 43 {
                continue;
            }
            let plan = Plan::new(&run);
            assert_eq!(mod10(&ascii, &plan), reference_mod10(&digits), "{run:?}");
            assert_eq!(
                mod11_sum(&ascii, &plan),
                reference_mod11_sum(&digits),
                "{run:?}"
            );
        }
    }

    #[test]
    fn every_digit_at_every_position() {
        for pos in 0..44 {
            for d in 0..10u8 {
                let mut ascii = [b'0'; 44];
                ascii[pos] = b'0' + d;
                let values: Vec<u8> = ascii.iter().map(|c| c - b'0').collect();
                let run = Plan::new(&[(0, 4), (5, 44)]);
                let digits: Vec<u8> = [&values[..4], &values[5..]].concat();
                assert_eq!(mod10(&ascii, &run), reference_mod10(&digits));
                assert_eq!(mod11_sum(&ascii, &run), reference_mod11_sum(&digits));
            }
        }
    }

    #[test]
    fn mod10_known_field() {
        // Field 1 of "34191.09008": digits 341910900, digit 8.
        let line = b"34191090080001234567489012345677999990000012345";
        assert_eq!(mod10(line, &Plan::new(&[(0, 9)])), 8);
    }

    #[test]
    fn mod11_bank_never_zero() {
        for sum in 0..2000 {
            assert!((1..=9).contains(&mod11_bank(sum)));
        }
    }
}
