//! The shared boleto/arrecadação vectors (`shared/testdata/boleto/`): every
//! language binding must give the same verdicts and fields as this core.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use serde_json::Value;
use stone_openbank::barcode::{self, BarcodeError};
use time::{format_description::well_known::Iso8601, Date};

fn vectors_dir() -> PathBuf {
    // CI lays `shared/` beside the clone; STONE_TESTDATA overrides it.
    std::env::var_os("STONE_TESTDATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
        PathBuf::from,
    )
}

fn load(name: &str) -> Value {
    let path = vectors_dir().join("boleto").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn date(s: &str) -> Date {
    Date::parse(s, &Iso8601::DATE).unwrap()
}

/// Runs every case of a file; returns how many were checked. Collects all
/// mismatches before failing, so one run shows every divergence.
fn run(name: &str) -> usize {
    let file = load(name);
    let default_ref = file
        .get("reference_date")
        .or_else(|| file.get("reference_date_default"))
        .and_then(Value::as_str)
        .unwrap();
    let cases = file["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let reference = date(
            case.get("reference_date")
                .and_then(Value::as_str)
                .unwrap_or(default_ref),
        );
        let result = barcode::parse_at(input, reference);
        let valid = case["valid"].as_bool().unwrap();
        if barcode::is_valid(input) != valid {
            failures.push(format!("{id}: is_valid disagrees ({input:?})"));
        }
        if barcode::validate(input).is_ok() != valid {
            failures.push(format!("{id}: validate disagrees ({input:?})"));
        }
        match (valid, result) {
            (true, Ok(doc)) => {
                let got = serde_json::to_value(doc).unwrap();
                if got != case["expected"] {
                    failures.push(format!(
                        "{id}: fields differ\n  got      {got}\n  expected {}",
                        case["expected"]
                    ));
                }
                // Every form of the same document decodes to the same value.
                for other in [doc.barcode().to_owned(), doc.formatted_line()] {
                    if barcode::parse_at(&other, reference) != Ok(doc) {
                        failures.push(format!("{id}: {other} does not round-trip"));
                    }
                }
            }
            (true, Err(e)) => failures.push(format!("{id}: refused valid input: {e}")),
            (false, Ok(_)) => failures.push(format!(
                "{id}: accepted invalid input {input:?} (expected {})",
                case["error"]
            )),
            (false, Err(e)) => {
                let class = case["error"].as_str().unwrap();
                if e.class() != class {
                    failures.push(format!(
                        "{id}: error class {} ({e}), expected {class}",
                        e.class()
                    ));
                }
                check_error_points_at_input(id, input, &e, &mut failures);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases of {name} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

/// Positions are character indexes into the input: the character there must
/// be the one the error names.
fn check_error_points_at_input(id: &str, input: &str, e: &BarcodeError, out: &mut Vec<String>) {
    let at = |p: usize| input.chars().nth(p);
    match *e {
        BarcodeError::InvalidCharacter { position, found } if at(position) != Some(found) => {
            out.push(format!("{id}: character position {position} wrong"))
        }
        BarcodeError::CheckDigit {
            position, found, ..
        } if at(position) != char::from_digit(u32::from(found), 10) => {
            out.push(format!("{id}: check digit position {position} wrong"))
        }
        BarcodeError::CheckDigit {
            found, expected, ..
        } if found == expected => out.push(format!("{id}: check digit found == expected")),
        _ => {}
    }
}

#[test]
fn edge_cases() {
    assert_eq!(run("edge-cases.json"), 72);
}

#[test]
fn generated() {
    assert_eq!(run("generated.json"), 3000);
}
