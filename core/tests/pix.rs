//! Pix: the shared BR Code vectors (`shared/testdata/pix/`), the decisions
//! the manual leaves open, building, keys, and QR images read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use serde_json::Value;
use stone_openbank::pix::{self, Charge, KeyType, PixError, PixKey, PointOfInitiation};

fn vectors() -> Value {
    let dir = std::env::var_os("STONE_TESTDATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
        PathBuf::from,
    );
    let path = dir.join("pix/vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

const MANUAL: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

#[test]
fn every_shared_vector() {
    let file = vectors();
    let cases = file["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut rebuilt = 0;
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        if pix::is_valid(input) != valid || pix::validate(input).is_ok() != valid {
            failures.push(format!("{id}: is_valid/validate disagree"));
        }
        match (valid, pix::parse(input)) {
            (true, Ok(code)) => {
                let mut got = serde_json::to_value(&code).unwrap();
                got.as_object_mut().unwrap().remove("templates");
                assert_eq!(
                    got.as_object_mut().unwrap().remove("payload").unwrap(),
                    input.trim()
                );
                if got != case["expected"] {
                    failures.push(format!("{id}: got {got}\n expected {}", case["expected"]));
                }
                // What we read we can write again, byte for byte when the
                // elements were in the usual order.
                let again = code.to_charge().encode().unwrap();
                assert_eq!(pix::parse(&again).unwrap(), code, "{id}");
                if again == input.trim() {
                    rebuilt += 1;
                }
            }
            (false, Err(e)) => {
                if e.class() != case["error"].as_str().unwrap() {
                    failures.push(format!(
                        "{id}: {} ({e}), expected {}",
                        e.class(),
                        case["error"]
                    ));
                }
            }
            (true, Err(e)) => failures.push(format!("{id}: refused: {e}")),
            (false, Ok(_)) => failures.push(format!("{id}: accepted, expected {}", case["error"])),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert_eq!(cases.len(), 1998);
    assert!(rebuilt > 500, "only {rebuilt} rebuilt byte for byte");
}

#[test]
fn the_manuals_example() {
    let code = pix::parse(MANUAL).unwrap();
    assert_eq!(code.kind, pix::ChargeKind::Static);
    assert_eq!(code.key_type, Some(KeyType::Evp));
    assert_eq!(code.merchant_name, "Fulano de Tal");
    assert_eq!(code.txid, "***");
    assert_eq!(code.crc, "1D3D");
    assert_eq!(code.to_charge().encode().unwrap(), MANUAL);
}

#[test]
fn decisions_where_the_manual_leaves_room() {
    // Pasted with whitespace around: accepted.
    assert!(pix::is_valid(&format!("  {MANUAL}\n")));
    // A lowercase CRC: refused as `crc`, even though its value is right.
    let lower = MANUAL.replace("1D3D", "1d3d");
    match pix::parse(&lower).unwrap_err() {
        PixError::Crc {
            found,
            expected,
            position,
        } => {
            assert_eq!((found.as_str(), expected.as_str()), ("1d3d", "1D3D"));
            assert_eq!(position, MANUAL.len() - 4);
        }
        e => panic!("{e:?}"),
    }
    // Accents: `structure`, at the character's position.
    let accented = MANUAL.replace("BRASILIA", "BRASÍLIA");
    let e = pix::parse(&accented).unwrap_err();
    assert_eq!(e.class(), "structure");
    assert_eq!(e.position(), Some(MANUAL.find("BRASILIA").unwrap() + 4));
    // A zero length: `structure`.
    let e = pix::parse("000201260063041D3D").unwrap_err();
    assert_eq!(e.class(), "structure");
    // Positions count characters: an empty payload after a wide space.
    assert_eq!(pix::parse("\u{3000}").unwrap_err().position(), Some(1));
    // An uppercase GUI is read (written again in lowercase).
    let upper = Charge {
        key: Some("+5511987654321".into()),
        merchant_name: "Loja".into(),
        merchant_city: "Recife".into(),
        ..Charge::default()
    }
    .encode()
    .unwrap()
    .replace("br.gov.bcb.pix", "BR.GOV.BCB.PIX");
    let body = &upper[..upper.len() - 4];
    let crc = {
        // Recompute the CRC over the changed text with the library's own
        // builder's output as the oracle: encode the same charge and swap.
        let c = pix::parse(&format!("{body}0000")).unwrap_err();
        match c {
            PixError::Crc { expected, .. } => expected,
            e => panic!("{e:?}"),
        }
    };
    let code = pix::parse(&format!("{body}{crc}")).unwrap();
    assert_eq!(code.key.as_deref(), Some("+5511987654321"));
    assert!(code
        .to_charge()
        .encode()
        .unwrap()
        .contains("br.gov.bcb.pix"));
}

#[test]
fn errors_name_the_field_and_where() {
    let c = Charge {
        key: Some("12345678909".into()),
        merchant_name: "Padaria Pao Quente".into(),
        merchant_city: "Sao Paulo".into(),
        amount_cents: Some(1050),
        txid: Some("pedido42".into()),
        ..Charge::default()
    };
    let good = c.encode().unwrap();
    assert!(good.contains("540510.50"));
    // A city of 16 characters, CRC fixed so the field rule is what fails.
    let long = Charge {
        merchant_city: "Sao Paulo".into(),
        ..c.clone()
    };
    let e = Charge {
        merchant_city: "Sao Jose dos Cam".into(),
        ..long
    }
    .encode()
    .unwrap_err();
    match e {
        PixError::Field {
            field,
            id,
            position,
            ..
        } => {
            assert_eq!((field, id, position), ("merchant_city", "60", None));
        }
        e => panic!("{e:?}"),
    }
    // A bad amount inside a code with a right CRC: the position of its value.
    let tampered = good.replace("540510.50", "54051O.50");
    let body = &tampered[..tampered.len() - 4];
    let PixError::Crc { expected, .. } = pix::parse(&format!("{body}0000")).unwrap_err() else {
        panic!()
    };
    let e = pix::parse(&format!("{body}{expected}")).unwrap_err();
    match &e {
        PixError::Field {
            field, position, ..
        } => {
            assert_eq!(*field, "amount");
            assert_eq!(*position, Some(good.find("10.50").unwrap()));
        }
        e => panic!("{e:?}"),
    }
    assert!(e.to_string().contains("amount"), "{e}");
}

#[test]
fn building_refuses_what_reading_would() {
    let base = Charge {
        key: Some("pix@example.com".into()),
        merchant_name: "Loja".into(),
        merchant_city: "Recife".into(),
        ..Charge::default()
    };
    let refused = |c: Charge| c.encode().unwrap_err().class();
    assert_eq!(
        refused(Charge {
            key: None,
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            url: Some("x.com/a".into()),
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            merchant_name: "".into(),
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            merchant_name: "Açaí".into(),
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            amount_cents: Some(-1),
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            txid: Some("has space".into()),
            ..base.clone()
        }),
        "field"
    );
    // The amount field's whole range, and no more; a txid too long for a
    // BR Code is the txid's fault, not a broken structure.
    let top = Charge {
        amount_cents: Some(999_999_999_999),
        ..base.clone()
    }
    .build()
    .unwrap();
    assert_eq!(top.amount_cents, Some(999_999_999_999));
    assert_eq!(
        refused(Charge {
            amount_cents: Some(1_000_000_000_000),
            ..base.clone()
        }),
        "field"
    );
    match (Charge {
        txid: Some("a".repeat(97)),
        ..base.clone()
    })
    .encode()
    .unwrap_err()
    {
        PixError::Field {
            field, position, ..
        } => assert_eq!((field, position), ("txid", None)),
        e => panic!("{e:?}"),
    }
    assert_eq!(
        refused(Charge {
            postal_code: Some("0131010".into()),
            ..base.clone()
        }),
        "field"
    );
    assert_eq!(
        refused(Charge {
            key: Some("not a key".into()),
            ..base.clone()
        }),
        "field"
    );
    // Dynamic: a URL, single use, no description.
    let dynamic = Charge {
        key: None,
        url: Some("pix.example.com/qr/v2/9d36b84f".into()),
        point_of_initiation: Some(PointOfInitiation::SingleUse),
        ..base.clone()
    }
    .build()
    .unwrap();
    assert_eq!(dynamic.kind, pix::ChargeKind::Dynamic);
    assert_eq!(
        dynamic.point_of_initiation,
        Some(PointOfInitiation::SingleUse)
    );
    // Extra templates travel, in order.
    let with = Charge {
        templates: vec![pix::Template {
            id: "80".into(),
            value: "0014br.gov.bcb.xyz".into(),
        }],
        ..base.clone()
    }
    .build()
    .unwrap();
    assert_eq!(with.templates[0].id, "80");
    assert_eq!(
        refused(Charge {
            templates: vec![pix::Template {
                id: "59".into(),
                value: "x".into()
            }],
            ..base
        }),
        "field"
    );
}

#[test]
fn batch_verdicts() {
    let joined = format!("{MANUAL}\0garbage\0{MANUAL}");
    assert_eq!(pix::validate_joined(&joined, '\0'), vec![true, false, true]);
}

#[test]
fn keys_are_classified_and_normalised() {
    let ok = |s: &str| PixKey::parse(s).unwrap();
    assert_eq!(
        ok("123.456.789-09"),
        PixKey {
            key_type: KeyType::Cpf,
            value: "12345678909".into()
        }
    );
    assert_eq!(ok("11.222.333/0001-81").key_type, KeyType::Cnpj);
    assert_eq!(ok("12.ABC.345/01DE-35").value, "12ABC34501DE35");
    assert_eq!(ok("+55 (11) 98765-4321").value, "+5511987654321");
    assert_eq!(ok(" Fulano@Example.COM ").value, "fulano@example.com");
    assert_eq!(
        ok("123E4567-E12B-12D1-A456-426655440000").value,
        "123e4567-e12b-12d1-a456-426655440000"
    );
    let refused = |s: &str| match PixKey::parse(s).unwrap_err() {
        PixError::Key { key_type, reason } => (key_type, reason),
        e => panic!("{e:?}"),
    };
    assert_eq!(refused("123.456.789-00").0, Some(KeyType::Cpf));
    assert!(
        refused("11987654321").1.contains("+55"),
        "an 11-digit phone reads as a CPF, and says so"
    );
    assert_eq!(refused("(11) 98765-4321").0, Some(KeyType::Phone));
    assert_eq!(refused("+1 415 555 0100").0, Some(KeyType::Phone));
    assert_eq!(refused("+55 01 98765-4321").0, Some(KeyType::Phone));
    assert_eq!(refused("fulano@localhost").0, Some(KeyType::Email));
    assert_eq!(
        refused(&format!("{}@x.io", "a".repeat(73))).0,
        Some(KeyType::Email)
    );
    assert_eq!(refused("").0, None);
    assert_eq!(refused("hello").0, None);
    assert!(!PixKey::is_valid("11.222.333/0001-80"));
}

#[cfg(feature = "qr")]
#[test]
fn qr_images_read_back() {
    let png = pix::qr::png(MANUAL, 4).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, MANUAL);
    let svg = pix::qr::svg(MANUAL, 256).unwrap();
    assert!(
        svg.starts_with("<?xml") && svg.contains("<svg"),
        "{}",
        &svg[..80]
    );
    assert_eq!(pix::qr::png(MANUAL, 0).unwrap_err().class(), "field");
    // Only a valid code is drawn; pasted whitespace is not drawn.
    assert_eq!(
        pix::qr::svg(&MANUAL.replace("1D3D", "0000"), 256)
            .unwrap_err()
            .class(),
        "crc"
    );
    assert_eq!(pix::qr::svg(&format!(" {MANUAL}\n"), 256).unwrap(), svg);
    // Sizes the renderer's arithmetic cannot take are refused, not drawn
    // wrong (or a panic in a debug build).
    for size in [0, pix::qr::MAX_SVG_SIZE + 1, u32::MAX] {
        let e = pix::qr::svg(MANUAL, size).unwrap_err();
        assert!(
            matches!(e, pix::PixError::Field { field: "size", .. }),
            "{size}: {e}"
        );
    }
    assert!(pix::qr::svg(MANUAL, pix::qr::MAX_SVG_SIZE).is_ok());
}
