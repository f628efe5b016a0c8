#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Integration tests for `stone_openbank::documents` (CPF, CNPJ, TaxId).
//!
//! Expected check digits are never taken from the implementation: a few are
//! worked out by hand in comments, and the properties use the small reference
//! implementation below, written independently (weights from a formula, not
//! from tables).

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::sample::Index;
use stone_openbank::documents::{is_valid_cnpj, is_valid_cpf, Cnpj, Cpf, DocumentError, TaxId};

// ---------------------------------------------------------------------------
// Independent reference
// ---------------------------------------------------------------------------

/// Value of a document character: ASCII code minus 48 ('0' → 0, 'A' → 17).
fn value(c: u8) -> u32 {
    u32::from(c) - 48
}

/// CPF weights run from `len + 1` down to 2.
fn cpf_remainder(chars: &[u8]) -> u32 {
    let n = chars.len() as u32;
    let sum: u32 = (0..n).map(|k| value(chars[k as usize]) * (n + 1 - k)).sum();
    sum % 11
}

/// CNPJ weights, read from the right, cycle 2, 3, …, 9, 2, 3, …
fn cnpj_remainder(chars: &[u8]) -> u32 {
    let n = chars.len();
    let sum: u32 = (0..n)
        .map(|k| value(chars[k]) * (2 + ((n - 1 - k) % 8) as u32))
        .sum();
    sum % 11
}

fn digit_for(remainder: u32) -> u8 {
    if remainder < 2 {
        b'0'
    } else {
        b'0' + (11 - remainder) as u8
    }
}

fn reference_cpf(base: &str) -> String {
    let mut doc = base.as_bytes().to_vec();
    doc.push(digit_for(cpf_remainder(&doc)));
    doc.push(digit_for(cpf_remainder(&doc)));
    String::from_utf8(doc).unwrap()
}

fn reference_cnpj(base: &str) -> String {
    let mut doc = base.as_bytes().to_vec();
    doc.push(digit_for(cnpj_remainder(&doc)));
    doc.push(digit_for(cnpj_remainder(&doc)));
    String::from_utf8(doc).unwrap()
}

fn all_same(s: &str) -> bool {
    s.bytes().all(|b| Some(b) == s.bytes().next())
}

/// A check digit cannot see a change that leaves its remainder unchanged, nor
/// one that moves it between 0 and 1: both remainders give check digit 0.
fn blind_to(before: u32, after: u32) -> bool {
    before == after || (before < 2 && after < 2)
}

fn char_error(position: usize, found: char) -> DocumentError {
    DocumentError::InvalidCharacter { position, found }
}

fn length_error(expected: usize, found: usize) -> DocumentError {
    DocumentError::InvalidLength { expected, found }
}

fn check_error(index: u8, position: usize, found: char, expected: char) -> DocumentError {
    DocumentError::CheckDigit {
        index,
        position,
        found,
        expected,
    }
}

// ---------------------------------------------------------------------------
// CPF
// ---------------------------------------------------------------------------

#[test]
fn cpf_known_valid() {
    for (input, bare) in [
        ("123.456.789-09", "12345678909"),
        ("12345678909", "12345678909"),
        ("111.444.777-35", "11144477735"),
        ("529.982.247-25", "52998224725"),
        ("000.000.001-91", "00000000191"),
    ] {
        let cpf = Cpf::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(cpf.as_str(), bare);
        assert!(is_valid_cpf(input));
    }
}

#[test]
fn cpf_check_digits_by_hand() {
    // 1*10 + 2*9 + 3*8 + 4*7 + 5*6 + 6*5 + 7*4 + 8*3 + 9*2 = 210; 210 % 11 = 1 → 0
    // 1*11 + 2*10 + 3*9 + 4*8 + 5*7 + 6*6 + 7*5 + 8*4 + 9*3 + 0*2 = 255;
    // 255 % 11 = 2 → 11 - 2 = 9
    assert_eq!(Cpf::from_base("123456789").unwrap().as_str(), "12345678909");
    // 1*2 = 2; 2 % 11 = 2 → 9.  1*3 + 9*2 = 21; 21 % 11 = 10 → 1
    assert_eq!(Cpf::from_base("000000001").unwrap().as_str(), "00000000191");
    // 1*10+1*9+1*8+4*7+4*6+4*5+7*4+7*3+7*2 = 162; 162 % 11 = 8 → 3
    // 1*11+1*10+1*9+4*8+4*7+4*6+7*5+7*4+7*3+3*2 = 204; 204 % 11 = 6 → 5
    assert_eq!(
        Cpf::from_base("111.444.777").unwrap().as_str(),
        "11144477735"
    );
}

#[test]
fn cpf_formatting() {
    let cpf = Cpf::parse("00000000191").unwrap();
    assert_eq!(cpf.formatted(), "000.000.001-91");
    assert_eq!(cpf.to_string(), "000.000.001-91");
    assert_eq!(format!("[{cpf:>16}]"), "[  000.000.001-91]");
    assert!(format!("{cpf:?}").contains("Cpf"));
}

#[test]
fn cpf_check_digit_errors() {
    // First check digit wrong: '1' where 0 is due, at char 12 of the input.
    assert_eq!(
        Cpf::parse("123.456.789-19"),
        Err(check_error(1, 12, '1', '0'))
    );
    // First right, second wrong.
    assert_eq!(
        Cpf::parse("123.456.789-00"),
        Err(check_error(2, 13, '0', '9'))
    );
    // Bare input: positions follow the input, not the formatted form.
    assert_eq!(Cpf::parse("12345678900"), Err(check_error(2, 10, '0', '9')));
    // Both wrong: the first is reported.
    assert_eq!(
        Cpf::parse("123.456.789-18"),
        Err(check_error(1, 12, '1', '0'))
    );
    // Position counts chars, not bytes, and includes leading whitespace.
    assert_eq!(
        Cpf::parse("\u{3000}\u{a0}123.456.789-19"),
        Err(check_error(1, 14, '1', '0'))
    );
    assert!(!is_valid_cpf("123.456.789-19"));
}

#[test]
fn cpf_length_errors() {
    assert_eq!(Cpf::parse("1234567890"), Err(length_error(11, 10)));
    assert_eq!(Cpf::parse("123.456.789-091"), Err(length_error(11, 12)));
    assert_eq!(Cpf::parse(""), Err(length_error(11, 0)));
    assert_eq!(Cpf::parse(" ..-/ \n"), Err(length_error(11, 0)));
    // Too short and all the same: length comes before repetition.
    assert_eq!(Cpf::parse("1111111111"), Err(length_error(11, 10)));
}

#[test]
fn cpf_character_errors() {
    assert_eq!(Cpf::parse("123.456.789-0a"), Err(char_error(13, 'a')));
    // Uppercase letters are no better in a CPF.
    assert_eq!(Cpf::parse("123.456.789-0A"), Err(char_error(13, 'A')));
    assert_eq!(Cpf::parse("123,456,789-09"), Err(char_error(3, ',')));
    assert_eq!(Cpf::parse("+12345678909"), Err(char_error(0, '+')));
    assert_eq!(Cpf::parse("123_456_789_09"), Err(char_error(3, '_')));
    // Non-ASCII digits are refused, not converted.
    assert_eq!(Cpf::parse("１23.456.789-09"), Err(char_error(0, '１')));
    // The first bad character in input order wins.
    assert_eq!(Cpf::parse("1x2y"), Err(char_error(1, 'x')));
    // Character errors come before the length check, even past 11 digits.
    assert_eq!(Cpf::parse("12"), Err(length_error(11, 2)));
    assert_eq!(Cpf::parse("1é"), Err(char_error(1, 'é')));
    assert_eq!(Cpf::parse("123456789091234x"), Err(char_error(15, 'x')));
    // Positions count chars: 'é' is char 4 but byte 6.
    assert_eq!(Cpf::parse("\u{3000}123é"), Err(char_error(4, 'é')));
}

#[test]
fn cpf_repeated_digits() {
    for d in '0'..='9' {
        let bare = d.to_string().repeat(11);
        let formatted = format!("{0}{0}{0}.{0}{0}{0}.{0}{0}{0}-{0}{0}", d);
        assert_eq!(
            Cpf::parse(&bare),
            Err(DocumentError::RepeatedDigits),
            "{bare}"
        );
        assert_eq!(Cpf::parse(&formatted), Err(DocumentError::RepeatedDigits));
        // They do pass the checksum, which is why they need their own rule.
        assert_eq!(reference_cpf(&bare[..9]), bare);
    }
    assert_eq!(
        Cpf::from_base("000000000"),
        Err(DocumentError::RepeatedDigits)
    );
    assert_eq!(
        Cpf::from_base("999999999"),
        Err(DocumentError::RepeatedDigits)
    );
}

#[test]
fn cpf_separators_and_whitespace() {
    for input in [
        " 123.456.789-09 ",
        "123 456 789 09",
        "\t123456789\n09\r\n",
        "123\u{a0}456\u{2003}789\u{3000}09",
        "1-2-3/4.5.6 7 8 9 0 9",
        "123.456.789/09",
        "...123456789--09//",
    ] {
        assert_eq!(
            Cpf::parse(input).map(|c| c.as_str().to_owned()),
            Ok("12345678909".to_owned()),
            "{input:?}"
        );
    }
}

#[test]
fn cpf_from_base_errors() {
    assert_eq!(Cpf::from_base("12345678"), Err(length_error(9, 8)));
    assert_eq!(Cpf::from_base("12345678909"), Err(length_error(9, 11)));
    assert_eq!(Cpf::from_base("12345678A"), Err(char_error(8, 'A')));
    assert_eq!(
        Cpf::from_base("123.456.789").unwrap().as_str(),
        "12345678909"
    );
}

/// The mod-11 scheme has a blind spot: remainders 0 and 1 both give check
/// digit 0. Here the first digit's weight in the second sum is 11 (≡ 0), and
/// 7 → 8 moves the first remainder from 1 to 0, so both numbers are valid.
#[test]
fn cpf_single_change_blind_spot_is_real() {
    assert!(is_valid_cpf("704.999.622-06"));
    assert!(is_valid_cpf("804.999.622-06"));
}

// ---------------------------------------------------------------------------
// CNPJ
// ---------------------------------------------------------------------------

#[test]
fn cnpj_known_valid() {
    for (input, bare, alphanumeric) in [
        ("11.222.333/0001-81", "11222333000181", false),
        ("11222333000181", "11222333000181", false),
        ("12.ABC.345/01DE-35", "12ABC34501DE35", true),
        ("12ABC34501DE35", "12ABC34501DE35", true),
        ("68.362.699/8726-00", "68362699872600", false),
    ] {
        let cnpj = Cnpj::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(cnpj.as_str(), bare);
        assert_eq!(cnpj.is_alphanumeric(), alphanumeric, "{input}");
        assert!(is_valid_cnpj(input));
    }
}

#[test]
fn cnpj_check_digits_by_hand() {
    // Receita Federal's example. Values: 1 2 17 18 19 3 4 5 0 1 20 21.
    // DV1, weights 5 4 3 2 9 8 7 6 5 4 3 2:
    //   5 + 8 + 51 + 36 + 171 + 24 + 28 + 30 + 0 + 4 + 60 + 42 = 459;
    //   459 % 11 = 8 → 11 - 8 = 3
    // DV2, weights 6 5 4 3 2 9 8 7 6 5 4 3 2 over the 12 values and 3:
    //   6 + 10 + 68 + 54 + 38 + 27 + 32 + 35 + 0 + 5 + 80 + 63 + 6 = 424;
    //   424 % 11 = 6 → 11 - 6 = 5
    assert_eq!(
        Cnpj::from_base("12ABC34501DE").unwrap().as_str(),
        "12ABC34501DE35"
    );
    // DV1: 5 + 4 + 6 + 4 + 18 + 24 + 21 + 18 + 0 + 0 + 0 + 2 = 102; % 11 = 3 → 8
    // DV2: 6 + 5 + 8 + 6 + 4 + 27 + 24 + 21 + 0 + 0 + 0 + 3 + 16 = 120; % 11 = 10 → 1
    assert_eq!(
        Cnpj::from_base("11.222.333/0001").unwrap().as_str(),
        "11222333000181"
    );
    // Sums of 0 give remainder 0 → check digit 0, then all 14 zeros: refused.
    assert_eq!(
        Cnpj::from_base("000000000000"),
        Err(DocumentError::RepeatedDigits)
    );
}

#[test]
fn cnpj_accessors_and_formatting() {
    let cnpj = Cnpj::parse("12ABC34501DE35").unwrap();
    assert_eq!(cnpj.root(), "12ABC345");
    assert_eq!(cnpj.formatted(), "12.ABC.345/01DE-35");
    assert_eq!(cnpj.to_string(), "12.ABC.345/01DE-35");
    assert_eq!(format!("{cnpj:<20}|"), "12.ABC.345/01DE-35  |");

    let numeric = Cnpj::parse(" 11.222.333/0001-81 ").unwrap();
    assert_eq!(numeric.root(), "11222333");
    assert_eq!(numeric.formatted(), "11.222.333/0001-81");
    assert!(!numeric.is_alphanumeric());

    // Letters only in the branch part still make it alphanumeric.
    let branch_only = Cnpj::from_base("11222333000A").unwrap();
    assert!(branch_only.is_alphanumeric());
    assert_eq!(branch_only.root(), "11222333");
}

#[test]
fn cnpj_lowercase_is_refused() {
    let err = Cnpj::parse("12.abc.345/01de-35").unwrap_err();
    assert_eq!(err, char_error(3, 'a'));
    assert!(err.to_string().contains("uppercase"), "{err}");
    assert_eq!(Cnpj::parse("12ABC34501dE35"), Err(char_error(10, 'd')));
    assert!(!is_valid_cnpj("12abc34501de35"));
    assert_eq!(Cnpj::from_base("12abc34501de"), Err(char_error(2, 'a')));
}

#[test]
fn cnpj_letters_in_check_digits_are_refused() {
    assert_eq!(Cnpj::parse("12ABC34501DE3A"), Err(char_error(13, 'A')));
    assert_eq!(Cnpj::parse("12.ABC.345/01DE-A5"), Err(char_error(16, 'A')));
    // 13th significant character is a letter: refused as a character even
    // though the length is also wrong.
    assert_eq!(Cnpj::parse("12.ABC.345/01DEA35"), Err(char_error(15, 'A')));
}

#[test]
fn cnpj_character_errors() {
    assert_eq!(
        Cnpj::parse("11.222.333\\0001-81"),
        Err(char_error(10, '\\'))
    );
    assert_eq!(Cnpj::parse("ÀB.ABC.345/01DE-35"), Err(char_error(0, 'À')));
    assert_eq!(Cnpj::parse("11.222.333/0001-8"), Err(length_error(14, 13)));
    assert_eq!(Cnpj::parse("11.222.333/0001-8?"), Err(char_error(17, '?')));
}

#[test]
fn cnpj_check_digit_errors() {
    assert_eq!(
        Cnpj::parse("12.ABC.345/01DE-45"),
        Err(check_error(1, 16, '4', '3'))
    );
    assert_eq!(
        Cnpj::parse("12.ABC.345/01DE-36"),
        Err(check_error(2, 17, '6', '5'))
    );
    assert_eq!(
        Cnpj::parse("11222333000182"),
        Err(check_error(2, 13, '2', '1'))
    );
    // Swapping two characters of the base is caught.
    assert_eq!(
        Cnpj::parse("21ABC34501DE35"),
        Err(check_error(1, 12, '3', '2'))
    );
}

#[test]
fn cnpj_length_errors() {
    assert_eq!(Cnpj::parse("112223330001811"), Err(length_error(14, 15)));
    assert_eq!(Cnpj::parse(""), Err(length_error(14, 0)));
    assert_eq!(Cnpj::from_base("12ABC34501D"), Err(length_error(12, 11)));
}

#[test]
fn cnpj_repeated_digits() {
    for d in '0'..='9' {
        let bare = d.to_string().repeat(14);
        let formatted = format!("{0}{0}.{0}{0}{0}.{0}{0}{0}/{0}{0}{0}{0}-{0}{0}", d);
        assert_eq!(Cnpj::parse(&bare), Err(DocumentError::RepeatedDigits));
        assert_eq!(Cnpj::parse(&formatted), Err(DocumentError::RepeatedDigits));
    }
    // A repeated base is fine when its check digits differ from it.
    // DV1: 1 * (5+4+3+2+9+8+7+6+5+4+3+2) = 58; 58 % 11 = 3 → 8
    // DV2: 1 * (6+5+4+3+2+9+8+7+6+5+4+3) + 8*2 = 62 + 16 = 78; 78 % 11 = 1 → 0
    assert_eq!(
        Cnpj::from_base("111111111111").unwrap().as_str(),
        "11111111111180"
    );
}

#[test]
fn cnpj_single_change_blind_spots_are_real() {
    // Values differing by a multiple of 11 cannot be told apart by mod 11:
    // '1' (1) and 'G' (23) differ by 22.
    assert!(is_valid_cnpj("G2.ABC.345/01DE-35"));
    // '1' (1) and 'C' (19) differ by 18: caught.
    assert!(!is_valid_cnpj("C2.ABC.345/01DE-35"));
    // Remainders 0 and 1 both give check digit 0, so even a numeric change
    // (2 → 7 at position 4) can slip through when both remainders flip
    // between 0 and 1.
    assert!(is_valid_cnpj("68.362.699/8726-00"));
    assert!(is_valid_cnpj("68.367.699/8726-00"));
}

// ---------------------------------------------------------------------------
// TaxId
// ---------------------------------------------------------------------------

#[test]
fn tax_id_dispatch() {
    let cpf = TaxId::parse("123.456.789-09").unwrap();
    assert_eq!(cpf.kind(), "cpf");
    assert_eq!(cpf.as_str(), "12345678909");
    assert_eq!(cpf.formatted(), "123.456.789-09");
    assert_eq!(cpf, TaxId::Cpf(Cpf::parse("12345678909").unwrap()));

    let cnpj = TaxId::parse("12ABC34501DE35").unwrap();
    assert_eq!(cnpj.kind(), "cnpj");
    assert_eq!(cnpj.as_str(), "12ABC34501DE35");
    assert_eq!(cnpj.formatted(), "12.ABC.345/01DE-35");
    assert_eq!(cnpj.to_string(), "12.ABC.345/01DE-35");
    assert_eq!(TaxId::from(Cnpj::parse("12ABC34501DE35").unwrap()), cnpj);
    assert_eq!(
        "11.222.333/0001-81".parse::<TaxId>().unwrap().kind(),
        "cnpj"
    );
}

#[test]
fn tax_id_errors() {
    assert_eq!(TaxId::parse(""), Err(length_error(11, 0)));
    assert_eq!(TaxId::parse("123"), Err(length_error(11, 3)));
    assert_eq!(TaxId::parse("1234567890"), Err(length_error(11, 10)));
    assert_eq!(TaxId::parse("123456789012"), Err(length_error(14, 12)));
    assert_eq!(TaxId::parse("1234567890123"), Err(length_error(14, 13)));
    assert_eq!(TaxId::parse("123456789012345"), Err(length_error(14, 15)));
    // Unknown length: only characters no document accepts are flagged.
    assert_eq!(TaxId::parse("12#4"), Err(char_error(2, '#')));
    assert_eq!(TaxId::parse("ab"), Err(char_error(0, 'a')));
    assert_eq!(TaxId::parse("AB"), Err(length_error(11, 2)));
    // 11 characters is a CPF, so a letter is a CPF character error.
    assert_eq!(TaxId::parse("1234567890A"), Err(char_error(10, 'A')));
    // 14 characters follow the CNPJ rules.
    assert_eq!(
        TaxId::parse("12.ABC.345/01DE-36"),
        Err(check_error(2, 17, '6', '5'))
    );
    assert_eq!(
        TaxId::parse("111.111.111-11"),
        Err(DocumentError::RepeatedDigits)
    );
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn error_classes_and_messages() {
    let cases = [
        (
            char_error(3, 'a'),
            "character",
            "invalid character 'a' at position 3",
        ),
        (
            length_error(11, 10),
            "length",
            "expected 11 digits or letters (separators and whitespace not counted), found 10",
        ),
        (
            DocumentError::RepeatedDigits,
            "repeated",
            "all digits are the same; such numbers are never issued",
        ),
        (
            check_error(2, 13, '0', '9'),
            "check_digit",
            "wrong check digit 2 at position 13: found '0', expected '9'",
        ),
    ];
    for (err, class, message) in cases {
        assert_eq!(err.class(), class);
        assert!(err.to_string().starts_with(message), "{err}");
    }
    // Errors are plain values: Clone + Eq + std::error::Error.
    let err: Box<dyn std::error::Error> = Box::new(char_error(0, '#'));
    assert!(err.to_string().contains("'#'"));
    assert!(char_error(0, 'A').to_string().contains("first 12"));
}

// ---------------------------------------------------------------------------
// serde
// ---------------------------------------------------------------------------

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Payer {
    document: TaxId,
    cpf: Option<Cpf>,
    cnpj: Option<Cnpj>,
}

#[test]
fn serde_round_trip() {
    let cpf = Cpf::parse("123.456.789-09").unwrap();
    let cnpj = Cnpj::parse("12.ABC.345/01DE-35").unwrap();
    assert_eq!(serde_json::to_string(&cpf).unwrap(), "\"12345678909\"");
    assert_eq!(serde_json::to_string(&cnpj).unwrap(), "\"12ABC34501DE35\"");
    assert_eq!(
        serde_json::to_string(&TaxId::Cnpj(cnpj)).unwrap(),
        "\"12ABC34501DE35\""
    );

    let payer: Payer = serde_json::from_str(
        r#"{"document":"123.456.789-09","cpf":"12345678909","cnpj":" 12.ABC.345/01DE-35 "}"#,
    )
    .unwrap();
    assert_eq!(
        payer,
        Payer {
            document: TaxId::Cpf(cpf),
            cpf: Some(cpf),
            cnpj: Some(cnpj),
        }
    );
    assert_eq!(
        serde_json::to_string(&payer).unwrap(),
        r#"{"document":"12345678909","cpf":"12345678909","cnpj":"12ABC34501DE35"}"#
    );
}

#[test]
fn serde_rejects_invalid_documents() {
    let err = serde_json::from_str::<Cpf>("\"123.456.789-00\"").unwrap_err();
    let expected = check_error(2, 13, '0', '9').to_string();
    assert!(err.to_string().contains(&expected), "{err}");

    let err = serde_json::from_str::<Cnpj>("\"12.abc.345/01de-35\"").unwrap_err();
    assert!(err.to_string().contains("uppercase"), "{err}");

    let err = serde_json::from_str::<TaxId>("\"123\"").unwrap_err();
    assert!(err.to_string().contains(&length_error(11, 3).to_string()));

    // Numbers are not accepted: a CPF's leading zeros would be lost.
    assert!(serde_json::from_str::<Cpf>("12345678909").is_err());
    assert!(serde_json::from_str::<TaxId>("null").is_err());
}

#[test]
fn equal_documents_hash_equal() {
    let set: HashSet<TaxId> = ["123.456.789-09", "12345678909", " 123 456 789 09"]
        .into_iter()
        .map(|s| TaxId::parse(s).unwrap())
        .collect();
    assert_eq!(set.len(), 1);
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const CNPJ_BASE_CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";

/// Replaces `doc[position]` with a different character picked from `allowed`.
fn change(doc: &str, position: usize, allowed: &[u8], pick: Index) -> (String, u8, u8) {
    let mut bytes = doc.as_bytes().to_vec();
    let old = bytes[position];
    let others: Vec<u8> = allowed.iter().copied().filter(|&c| c != old).collect();
    let new = others[pick.index(others.len())];
    bytes[position] = new;
    (String::from_utf8(bytes).unwrap(), old, new)
}

proptest! {
    #[test]
    fn cpf_from_base_round_trips(base in "[0-9]{9}") {
        let expected = reference_cpf(&base);
        match Cpf::from_base(&base) {
            Err(e) => {
                prop_assert!(all_same(&expected), "{base}: {e}");
                prop_assert_eq!(e, DocumentError::RepeatedDigits);
            }
            Ok(cpf) => {
                prop_assert_eq!(cpf.as_str(), expected.as_str());
                prop_assert_eq!(Cpf::parse(cpf.as_str()), Ok(cpf));
                prop_assert_eq!(Cpf::parse(&cpf.formatted()), Ok(cpf));
                prop_assert_eq!(TaxId::parse(&cpf.to_string()), Ok(TaxId::Cpf(cpf)));
                let json = serde_json::to_string(&cpf).unwrap();
                prop_assert_eq!(serde_json::from_str::<Cpf>(&json).unwrap(), cpf);
            }
        }
    }

    #[test]
    fn cnpj_from_base_round_trips(base in "[0-9A-Z]{12}|[0-9]{12}") {
        let expected = reference_cnpj(&base);
        match Cnpj::from_base(&base) {
            Err(e) => {
                prop_assert!(all_same(&expected), "{base}: {e}");
                prop_assert_eq!(e, DocumentError::RepeatedDigits);
            }
            Ok(cnpj) => {
                prop_assert_eq!(cnpj.as_str(), expected.as_str());
                prop_assert_eq!(cnpj.root(), &base[..8]);
                prop_assert_eq!(cnpj.is_alphanumeric(), base.bytes().any(|b| b.is_ascii_uppercase()));
                prop_assert_eq!(Cnpj::parse(cnpj.as_str()), Ok(cnpj));
                prop_assert_eq!(Cnpj::parse(&cnpj.formatted()), Ok(cnpj));
                prop_assert_eq!(TaxId::parse(&cnpj.to_string()), Ok(TaxId::Cnpj(cnpj)));
                let json = serde_json::to_string(&cnpj).unwrap();
                prop_assert_eq!(serde_json::from_str::<Cnpj>(&json).unwrap(), cnpj);
            }
        }
    }

    /// Every single-digit change of a valid CPF is rejected, except in the
    /// scheme's one blind spot (remainders 0 and 1 share check digit 0),
    /// which the reference explains case by case.
    #[test]
    fn cpf_single_change_is_rejected(base in "[0-9]{9}", position in 0usize..11, pick in any::<Index>()) {
        let valid = reference_cpf(&base);
        prop_assume!(!all_same(&valid));
        let (changed, _, _) = change(&valid, position, DIGITS, pick);
        let accepted = Cpf::parse(&changed).is_ok();
        if position >= 9 {
            // A check digit changed alone can never match its unchanged input.
            prop_assert!(!accepted, "{} -> {}", valid, changed);
        } else {
            let blind = !all_same(&changed)
                && blind_to(cpf_remainder(&valid.as_bytes()[..9]), cpf_remainder(&changed.as_bytes()[..9]))
                && blind_to(cpf_remainder(&valid.as_bytes()[..10]), cpf_remainder(&changed.as_bytes()[..10]));
            prop_assert_eq!(accepted, blind, "{} -> {}", valid, changed);
        }
    }

    /// Every single-character change of a valid CNPJ (to another digit, or in
    /// the first 12 positions to another letter or digit) is rejected, unless
    /// the two values differ by a multiple of 11, or the change hits the 0/1
    /// remainder blind spot of both check digits.
    #[test]
    fn cnpj_single_change_is_rejected(
        base in "[0-9A-Z]{12}|[0-9]{12}",
        position in 0usize..14,
        pick in any::<Index>(),
    ) {
        let valid = reference_cnpj(&base);
        prop_assume!(!all_same(&valid));
        let allowed = if position < 12 { CNPJ_BASE_CHARS } else { DIGITS };
        let (changed, old, new) = change(&valid, position, allowed, pick);
        let accepted = Cnpj::parse(&changed).is_ok();
        if position >= 12 {
            prop_assert!(!accepted, "{} -> {}", valid, changed);
        } else if (i64::from(value(new)) - i64::from(value(old))).rem_euclid(11) == 0 {
            // Invisible to any mod-11 sum: must be accepted (this also proves
            // letters are valued as ASCII - 48).
            prop_assert_eq!(accepted, !all_same(&changed), "{} -> {}", valid, changed);
        } else {
            let blind = !all_same(&changed)
                && blind_to(cnpj_remainder(&valid.as_bytes()[..12]), cnpj_remainder(&changed.as_bytes()[..12]))
                && blind_to(cnpj_remainder(&valid.as_bytes()[..13]), cnpj_remainder(&changed.as_bytes()[..13]));
            // With a difference not ≡ 0 (mod 11) both remainders move, so
            // only the 0 ↔ 1 flip of both can hide it.
            prop_assert_eq!(accepted, blind, "{} -> {}", valid, changed);
        }
    }

    /// Any mix of separators and whitespace around and between the characters
    /// is ignored, and nothing else is.
    #[test]
    fn separators_are_ignored(
        base in "[0-9A-Z]{12}",
        seps in proptest::collection::vec("[ ./\\-\t\u{a0}\u{3000}]{0,2}", 15),
    ) {
        let bare = reference_cnpj(&base);
        prop_assume!(!all_same(&bare));
        let mut noisy = String::new();
        for (sep, c) in seps.iter().zip(bare.chars().map(Some).chain([None])) {
            noisy.push_str(sep);
            if let Some(c) = c {
                noisy.push(c);
            }
        }
        let parsed = Cnpj::parse(&noisy);
        prop_assert_eq!(parsed.map(|c| c.as_str().to_owned()), Ok(bare), "{:?}", noisy);
    }

    /// Parsing never panics, and whatever it accepts prints back to input it
    /// accepts again.
    #[test]
    fn arbitrary_input_never_panics(input in "\\PC{0,24}") {
        if let Ok(id) = TaxId::parse(&input) {
            prop_assert_eq!(TaxId::parse(&id.formatted()), Ok(id));
        }
        let _ = is_valid_cpf(&input);
        let _ = is_valid_cnpj(&input);
    }
}
