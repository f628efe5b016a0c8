//! Property tests of the barcode engine: builders and parsers round-trip,
//! arbitrary input never panics, and every single-digit change of a valid
//! input is refused unless the checksum provably cannot see it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use stone_openbank::barcode::{self, BankBoleto, Barcode, CollectionDocument};
use time::{Date, Duration};

fn digits(len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, len)
        .prop_map(|v| v.into_iter().map(|d| char::from(b'0' + d)).collect())
}

fn day(offset: i64) -> Date {
    // 2000-07-03 (factor 1000 of the first cycle) plus up to ~45 years.
    Date::from_calendar_date(2000, time::Month::July, 3).unwrap() + Duration::days(offset)
}

prop_compose! {
    fn bank()(bank in "[0-79][0-9]{2}", offset in 0i64..16_500, no_date in proptest::bool::weighted(0.05),
              amount in 0i64..=9_999_999_999, free in digits(25)) -> (BankBoleto, Option<Date>) {
        let due = (!no_date).then(|| day(offset));
        (BankBoleto::build(&bank, due, amount, &free).unwrap(), due)
    }
}

prop_compose! {
    fn collection()(segment in prop::sample::select(vec![1u8, 2, 3, 4, 5, 6, 7, 9]),
                    value_type in 6u8..=9, value in 0i64..=99_999_999_999,
                    company8 in digits(8), free25 in digits(25)) -> CollectionDocument {
        let (company, free) = if segment == 6 {
            (company8, free25[4..].to_owned())
        } else {
            (company8[..4].to_owned(), free25)
        };
        CollectionDocument::build(segment, value_type, value, &company, &free).unwrap()
    }
}

/// Raw modulo-11 remainder, weights 2..9 from the right: written here
/// independently of the engine, to reason about what the checksum can see.
fn remainder11(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d - b'0') * (2 + (i as u32 % 8)))
        .sum();
    (sum % 11) as u8
}

fn without(bytes: &[u8], index: usize) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v.remove(index);
    v
}

/// Every single-digit change of `input` (digits only, separators kept) is
/// refused, or accepted only where the mod-11 remainders of the original and
/// the changed document both fall in the set the digit rule maps to the same
/// check digit (bank: 0, 1, 10 → 1; arrecadação: 0, 1 → 0). A mod-10 check
/// has no such collapse, so there nothing may slip through — except a change
/// of the value type itself, which swaps the algorithm being checked.
fn assert_single_digit_changes_caught(
    original: &Barcode,
    input: &str,
) -> Result<(), TestCaseError> {
    let orig_bc = original.barcode().as_bytes().to_vec();
    for (i, c) in input.char_indices() {
        if !c.is_ascii_digit() {
            continue;
        }
        for d in b'0'..=b'9' {
            if d == c as u8 {
                continue;
            }
            let mut changed = input.as_bytes().to_vec();
            changed[i] = d;
            let changed = String::from_utf8(changed).unwrap();
            let Ok(doc) = barcode::parse(&changed) else {
                continue;
            };
            let bc = doc.barcode().as_bytes();
            prop_assert_ne!(
                bc,
                &orig_bc[..],
                "accepted change must decode to new digits"
            );
            if doc.kind() != original.kind() {
                // A first digit changed to or from 8 switches the layout: the
                // input is read as another kind of document, with another
                // checksum, which may pass by chance.
                prop_assert!(bc[0] == b'8' || orig_bc[0] == b'8');
                continue;
            }
            match original {
                Barcode::Bank(_) => {
                    let (a, b) = (
                        remainder11(&without(&orig_bc, 4)),
                        remainder11(&without(bc, 4)),
                    );
                    prop_assert!(
                        [0, 1, 10].contains(&a) && [0, 1, 10].contains(&b),
                        "{changed} accepted; remainders {a} -> {b} do not collapse"
                    );
                }
                Barcode::Collection(c) => {
                    if bc[2] != orig_bc[2] && (bc[2] >= b'8') != (orig_bc[2] >= b'8') {
                        continue; // value type changed the algorithm itself
                    }
                    prop_assert!(c.value_type() >= 8, "{changed} accepted under mod 10");
                    let (a, b) = (
                        remainder11(&without(&orig_bc, 3)),
                        remainder11(&without(bc, 3)),
                    );
                    prop_assert!(
                        [0, 1].contains(&a) && [0, 1].contains(&b),
                        "{changed} accepted; remainders {a} -> {b} do not collapse"
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn bank_build_parse_round_trip((boleto, due) in bank()) {
        let reference = due.unwrap_or_else(|| day(9000));
        for input in [boleto.barcode().to_owned(), boleto.digitable_line().to_owned(), boleto.formatted_line()] {
            let parsed = barcode::parse_at(&input, reference).unwrap();
            prop_assert_eq!(parsed, Barcode::Bank(boleto));
            prop_assert_eq!(parsed.due_date(), due);
        }
        prop_assert_eq!(boleto.digitable_line().len(), 47);
    }

    #[test]
    fn collection_build_parse_round_trip(doc in collection()) {
        for input in [doc.barcode().to_owned(), doc.digitable_line().to_owned(), doc.formatted_line()] {
            prop_assert_eq!(barcode::parse(&input).unwrap(), Barcode::Collection(doc));
        }
        prop_assert_eq!(
            barcode::to_barcode(doc.digitable_line()).unwrap(),
            doc.barcode()
        );
        prop_assert_eq!(
            barcode::to_digitable_line(doc.barcode()).unwrap(),
            doc.digitable_line()
        );
    }

    #[test]
    fn bank_single_digit_changes((boleto, _) in bank()) {
        let doc = Barcode::Bank(boleto);
        assert_single_digit_changes_caught(&doc, boleto.barcode())?;
        assert_single_digit_changes_caught(&doc, boleto.digitable_line())?;
    }

    #[test]
    fn collection_single_digit_changes(c in collection()) {
        let doc = Barcode::Collection(c);
        assert_single_digit_changes_caught(&doc, c.barcode())?;
        assert_single_digit_changes_caught(&doc, c.digitable_line())?;
    }

    #[test]
    fn arbitrary_input_never_panics(input in "\\PC{0,60}") {
        match barcode::parse(&input) {
            Ok(doc) => prop_assert!(barcode::is_valid(doc.barcode())),
            Err(e) => {
                prop_assert!(!barcode::is_valid(&input));
                if let Some(p) = e.position() {
                    prop_assert!(p < input.chars().count());
                }
            }
        }
    }

    #[test]
    fn digit_soup_never_panics(input in "[0-9 .\\-]{0,60}") {
        let verdict = barcode::is_valid(&input);
        prop_assert_eq!(verdict, barcode::parse(&input).is_ok());
        prop_assert_eq!(verdict, barcode::validate(&input).is_ok());
    }
}

#[test]
fn batch_agrees_with_single_calls() {
    let inputs = [
        "34191.09008 00012.345674 89012.345677 9 99990000012345",
        "34191.09008 00012.345674 89012.345677 9 99990000012346",
        "838600000050096000190009000801782309000343062712",
        "",
    ];
    assert_eq!(
        barcode::validate_batch(&inputs),
        vec![true, false, true, false]
    );
    assert_eq!(
        barcode::validate_lines(&inputs.join("\n")),
        vec![true, false, true, false]
    );
    // Carriage returns are whitespace: Windows line endings work.
    assert_eq!(
        barcode::validate_lines(&inputs.join("\r\n")),
        vec![true, false, true, false]
    );
}

#[test]
fn collapse_cases_exist_and_are_accepted() {
    // The mod-11 rule maps remainders 0, 1 and 10 to 1 for bank boletos, so
    // some single-digit changes are invisible to it by construction: show
    // that the engine accepts such a pair (it must, the checksum agrees) and
    // that the property above is not vacuous.
    let boleto = BankBoleto::build("341", None, 100, "0000000000000000000000000").unwrap();
    let bc = boleto.barcode().as_bytes().to_vec();
    let mut found = false;
    'outer: for i in 9..19 {
        for d in b'0'..=b'9' {
            let mut m = bc.clone();
            m[i] = d;
            if m != bc && barcode::is_valid(std::str::from_utf8(&m).unwrap()) {
                found = true;
                break 'outer;
            }
        }
    }
    let r = remainder11(&without(&bc, 4));
    assert_eq!(found, [0, 1, 10].contains(&r), "remainder {r}");
}
