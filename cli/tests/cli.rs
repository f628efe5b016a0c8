//! The `stone` command tested as a user calls it: a real process, arguments
//! or stdin, JSON lines on stdout, exit statuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn stone(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stone"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let text = stdin.unwrap_or("").to_owned();
    let writer = std::thread::spawn(move || pipe.write_all(text.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn vectors(name: &str) -> Value {
    let dir = std::env::var_os("STONE_TESTDATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
        PathBuf::from,
    );
    let path = if name.contains('/') {
        dir.join(name)
    } else {
        dir.join("boleto").join(name)
    };
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every shared vector through `stone boleto decode` on stdin, grouped by
/// reference date: same verdicts, same fields, same error classes.
#[test]
fn decode_agrees_with_every_shared_vector() {
    let mut checked = 0;
    for name in ["edge-cases.json", "generated.json"] {
        let file = vectors(name);
        let default_ref = file
            .get("reference_date")
            .or_else(|| file.get("reference_date_default"))
            .and_then(Value::as_str)
            .unwrap()
            .to_owned();
        let mut groups: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for case in file["cases"].as_array().unwrap() {
            let day = case
                .get("reference_date")
                .and_then(Value::as_str)
                .unwrap_or(&default_ref);
            groups.entry(day.to_owned()).or_default().push(case);
        }
        for (day, cases) in groups {
            // An input with a newline cannot travel on stdin: pass those as arguments.
            let (multi, single): (Vec<&Value>, Vec<&Value>) = cases
                .into_iter()
                .partition(|c| c["input"].as_str().unwrap().contains('\n'));
            let stdin: String = single
                .iter()
                .map(|c| format!("{}\n", c["input"].as_str().unwrap()))
                .collect();
            let out = stone(
                &["boleto", "decode", "--reference-date", &day],
                Some(&stdin),
            );
            let all_valid = single.iter().all(|c| c["valid"] == true);
            assert_eq!(out.status.code(), Some(if all_valid { 0 } else { 1 }));
            let got = lines(&out);
            assert_eq!(got.len(), single.len(), "one output line per input");
            for (case, line) in single.iter().zip(&got) {
                check_case(case, line);
                checked += 1;
            }
            for case in multi {
                let input = case["input"].as_str().unwrap();
                let out = stone(&["boleto", "decode", "--reference-date", &day, input], None);
                check_case(case, &lines(&out)[0]);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3072);
}

fn check_case(case: &Value, line: &Value) {
    let id = &case["id"];
    assert_eq!(line["input"], case["input"], "{id}: input echoed in order");
    assert_eq!(line["valid"], case["valid"], "{id}: verdict");
    if case["valid"] == true {
        let mut fields = line.as_object().unwrap().clone();
        fields.remove("input");
        fields.remove("valid");
        assert_eq!(Value::Object(fields), case["expected"], "{id}: fields");
    } else {
        assert_eq!(line["error"]["class"], case["error"], "{id}: error class");
        assert!(line["error"]["message"].as_str().unwrap().len() > 10);
    }
}

#[test]
fn check_digit_error_says_which_digit_and_what_was_expected() {
    // Field 1's digit altered from 9 to 0.
    let out = stone(
        &[
            "boleto",
            "decode",
            "00190000000114971860168524522114675860000102656",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = &lines(&out)[0]["error"];
    assert_eq!(err["class"], "check_digit");
    assert_eq!(err["field"], "field1");
    assert_eq!(err["position"], 9);
    assert_eq!(err["found"], "0");
    assert_eq!(err["expected"], "9");
}

#[test]
fn invalid_character_reports_its_position() {
    let out = stone(&["boleto", "decode", "0019 0000#9"], None);
    let err = &lines(&out)[0]["error"];
    assert_eq!(err["class"], "character");
    assert_eq!(err["position"], 9);
    assert_eq!(err["found"], "#");
}

#[test]
fn arguments_are_decoded_in_order_and_exit_zero_when_all_valid() {
    let out = stone(
        &[
            "boleto",
            "decode",
            "--reference-date",
            "2026-11-26",
            "34191.09008 00012.345674 89012.345677 9 99990000012345",
            "83860000005096000190000008017823000034306271",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out);
    assert_eq!(got[0]["kind"], "bank");
    assert_eq!(got[0]["due_date"], "2025-02-21");
    assert_eq!(got[1]["kind"], "collection");
    assert_eq!(got[1]["amount_cents"], 50960);
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["boleto", "decode", "--reference-date", "26/11/2026", "x"][..],
        &["boleto", "nonsense"][..],
        &["boleto", "build", "bank", "--bank-code", "341"][..],
    ] {
        let out = stone(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn build_then_decode_round_trips() {
    let out = stone(
        &[
            "boleto",
            "build",
            "bank",
            "--bank-code",
            "197",
            "--amount-cents",
            "150000",
            "--due-date",
            "2026-12-10",
            "--free-field",
            "0000000000000000000012345",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let built = &lines(&out)[0];
    let line = built["formatted_line"].as_str().unwrap();
    let decoded = &lines(&stone(
        &["boleto", "decode", "--reference-date", "2026-11-26", line],
        None,
    ))[0];
    assert_eq!(decoded["amount_cents"], 150000);
    assert_eq!(decoded["due_date"], "2026-12-10");
    assert_eq!(decoded["bank_code"], "197");
    assert_eq!(decoded["barcode"], built["barcode"]);

    let out = stone(
        &[
            "boleto",
            "build",
            "collection",
            "--segment",
            "6",
            "--value-type",
            "8",
            "--value",
            "15075",
            "--company-id",
            "12345678",
            "--free-field",
            "000000000000000000001",
        ],
        None,
    );
    let built = &lines(&out)[0];
    assert_eq!(
        built["barcode"],
        "86880000001507512345678000000000000000000001"
    );

    let out = stone(
        &[
            "boleto",
            "build",
            "collection",
            "--segment",
            "8",
            "--value-type",
            "8",
            "--value",
            "1",
            "--company-id",
            "1234",
            "--free-field",
            "1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out)[0]["error"]["field"], "segment");
}

#[test]
fn format_prints_the_paper_form() {
    let out = stone(
        &["boleto", "format"],
        Some("838600000050096000190009000801782309000343062712\n"),
    );
    assert_eq!(
        lines(&out)[0]["formatted"],
        "83860000005-0 09600019000-9 00080178230-9 00034306271-2"
    );
}

#[test]
fn cpf_and_cnpj_validate_and_format() {
    let out = stone(
        &["cpf", "validate"],
        Some("123.456.789-09\n111.111.111-11\n123.456.789-00\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert_eq!(got[0]["digits"], "12345678909");
    assert_eq!(got[1]["error"]["class"], "repeated");
    assert_eq!(got[2]["error"]["class"], "check_digit");
    assert_eq!(got[2]["error"]["expected"], "9");

    let out = stone(
        &["cnpj", "format", "12ABC34501DE35", "11222333000181"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let got = lines(&out);
    assert_eq!(got[0]["formatted"], "12.ABC.345/01DE-35");
    assert_eq!(got[1]["formatted"], "11.222.333/0001-81");

    let out = stone(&["cnpj", "validate", "12abc34501de35"], None);
    assert_eq!(lines(&out)[0]["error"]["class"], "character");
}

/// Output appears while stdin is still open: the command streams rather
/// than reading everything first (so a million lines use constant memory).
#[test]
fn decode_streams_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stone"))
        .args(["boleto", "decode"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        // Enough lines to fill the output buffer several times over; stdin
        // stays open until the reader has seen output.
        let batch = "34191.09008 00012.345674 89012.345677 9 99990000012345\n".repeat(2000);
        stdin.write_all(batch.as_bytes()).unwrap();
        stdin.flush().unwrap();
        done_rx.recv().unwrap();
        drop(stdin);
    });
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(
        first.contains("\"valid\":true"),
        "output before end of input"
    );
    done_tx.send(()).unwrap();
    let rest = reader.lines().count();
    assert_eq!(rest, 1999);
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
}

/// `stone sandbox` starts in under a second on a free port, answers HTTP
/// with Stone's conventions, and stops cleanly on Ctrl-C (SIGINT).
#[test]
fn sandbox_starts_serves_and_stops() {
    use std::io::Read;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stone"))
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        // Its request log: shown only if the test fails.
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let ready_in = started.elapsed();
    let event: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["event"], "sandbox_started");
    assert!(ready_in < Duration::from_secs(5), "started in {ready_in:?}");
    let base = event["base_url"].as_str().unwrap();
    let host = base.trim_start_matches("http://");

    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /api/v1/accounts HTTP/1.1\r\nHost: {host}\r\nUser-Agent: cli-test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 401"), "{response}");
    assert!(response.to_lowercase().contains("x-request-id:"));
    assert!(response.contains("srn:error:unauthenticated"));

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let exit = child.wait().unwrap();
    assert!(
        rest.contains("sandbox_stopped"),
        "stdout {rest:?}, stderr {log:?}, {exit:?}"
    );
    assert!(exit.success());
}

/// `stone accounts|balance|transfer internal|statement` against a running
/// `stone sandbox`, configured as a user would: environment variables.
#[test]
fn api_commands_against_the_sandbox() {
    use std::io::Read;

    // Quiet: its request log would otherwise fill the test output.
    let mut server = Command::new(env!("CARGO_BIN_EXE_stone"))
        .args(["sandbox", "--port", "0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    // A failed assertion must not leave the server running (it would hold
    // the test runner's output open).
    struct Kill(u32);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = Command::new("kill").arg(self.0.to_string()).status();
        }
    }
    let guard = Kill(server.id());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let base = serde_json::from_str::<Value>(&line).unwrap()["base_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sandbox/seed/demo-app.key.pem");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stone"))
            .args(args)
            .args(["--base-url", &base])
            .env("STONE_CLIENT_ID", "demo-conta-de-liquidacao")
            .env("STONE_PRIVATE_KEY_PATH", &key)
            .env_remove("STONE_ACCESS_TOKEN")
            .output()
            .unwrap()
    };
    let api = |args: &[&str]| {
        let out = run(args);
        (out.status.code(), lines(&out))
    };
    let (code, accounts) = api(&["accounts"]);
    assert_eq!(code, Some(0));
    let id = accounts[0]["id"].as_str().unwrap().to_owned();
    let (_, balance) = api(&["balance", &id]);
    assert_eq!(balance[0]["balance"], 10_000_000);
    let transfer = [
        "transfer",
        "internal",
        "--account-id",
        &id,
        "--amount-cents",
        "4200",
        "--target-account-code",
        "400002",
        "--idempotency-key",
        "cli-test-1",
    ];
    let (code, first) = api(&transfer);
    assert_eq!(code, Some(0), "{first:?}");
    assert_eq!(first[0]["status"], "APPROVED");
    let (_, again) = api(&transfer);
    assert_eq!(
        first[0]["id"], again[0]["id"],
        "a retried command is the same cash-out"
    );
    let (_, statement) = api(&["statement", &id]);
    assert_eq!(statement.len(), 1);
    assert_eq!(statement[0]["amount"], -4200);
    assert_eq!(statement[0]["operation"], "debit");
    // Pix: a random key, a dynamic charge, its lookup; a bad code stays local.
    let (code, _) = api(&["pix", "keys", "create", &id, "--key-type", "random_key"]);
    assert_eq!(code, Some(0));
    let (_, keys) = api(&["pix", "keys", "list", &id]);
    let pix_key = keys[0]["key"].as_str().unwrap().to_owned();
    let (code, charge) = api(&[
        "pix",
        "charge",
        "create",
        "--account-id",
        &id,
        "--key",
        &pix_key,
        "--transaction-id",
        "clitest0123456789abcdefghij",
        "--amount-cents",
        "1500",
    ]);
    assert_eq!(code, Some(0), "{charge:?}");
    let copia = charge[0]["qr_code_content"].as_str().unwrap().to_owned();
    let (_, looked) = api(&["pix", "lookup", &copia]);
    assert_eq!(looked[0]["dynamic"]["amount"], 1500);
    let (code, cancelled) = api(&[
        "pix",
        "charge",
        "cancel",
        &id,
        charge[0]["id"].as_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{cancelled:?}");
    let (code, bad) = api(&["pix", "lookup", &copia.replace("6304", "6305")]);
    assert_eq!(code, Some(1));
    assert_eq!(bad[0]["error"]["field"], "brcode");
    // Sending Pix: in one command, or created then confirmed.
    let send = [
        "pix",
        "send",
        "--account-id",
        &id,
        "--key",
        "gabriela.abreu@example.com",
        "--amount-cents",
        "300",
        "--confirm",
        "--idempotency-key",
        "cli-pix-1",
    ];
    let (code, sent) = api(&send);
    assert_eq!(code, Some(0), "{sent:?}");
    assert_eq!(sent[0]["status"], "SETTLED");
    let (_, again) = api(&send);
    assert_eq!(
        again[0]["id"], sent[0]["id"],
        "a retried send is the same Pix"
    );
    let (code, created) = api(&[
        "pix",
        "send",
        "--account-id",
        &id,
        "--key",
        "+55 21 98804-0465",
    ]);
    assert_eq!(
        (code, created[0]["status"].as_str()),
        (Some(0), Some("CREATED"))
    );
    let pix_id = created[0]["id"].as_str().unwrap();
    let (code, confirmed) = api(&["pix", "confirm", pix_id, "--amount-cents", "250"]);
    assert_eq!(code, Some(0), "{confirmed:?}");
    let (_, shown) = api(&["pix", "payment", pix_id]);
    assert_eq!(
        (shown[0]["status"].as_str(), shown[0]["amount"].as_i64()),
        (Some("SETTLED"), Some(250))
    );
    // Any operation by name through the operation surface: a list walked to
    // its end, a refund of a received Pix, a bad argument named.
    let (code, activity) = api(&[
        "api",
        "pix_activity",
        &format!("{{\"account_id\": \"{id}\"}}"),
    ]);
    assert_eq!(code, Some(0), "{activity:?}");
    assert!(activity.iter().any(|a| a["id"] == sent[0]["id"]));
    let (code, bad) = api(&["api", "pix_payment", "{\"nope\": 1}"]);
    assert_eq!(code, Some(1));
    assert_eq!(bad[0]["error"]["field"], "pix_payment");
    let (code, listing) = api(&["api", "--list"]);
    assert_eq!(code, Some(0));
    assert!(listing.iter().any(|o| o["operation"] == "create_cobv"));
    // The same for Pix as `stone pix <operation>`: a BCB list walked to its end.
    let (code, cob) = api(&[
        "pix",
        "create_cob",
        &format!("{{\"account_id\": \"{id}\", \"txid\": null, \"cob\": {{\"chave\": \"{}\", \"original\": 1234}}}}", pix_key),
    ]);
    assert_eq!(code, Some(0), "{cob:?}");
    let (code, cobs) = api(&[
        "pix",
        "cobs",
        &format!("{{\"account_id\": \"{id}\", \"filter\": {{\"inicio\": \"2000-01-01T00:00:00Z\", \"fim\": \"2100-01-01T00:00:00Z\"}}}}"),
    ]);
    assert_eq!(code, Some(0), "{cobs:?}");
    assert!(cobs.iter().any(|c| c["txid"] == cob[0]["txid"]));
    let (code, not_pix) = api(&["pix", "balance", &format!("{{\"account_id\": \"{id}\"}}")]);
    assert_eq!(code, Some(1));
    assert_eq!(not_pix[0]["error"]["field"], "operation");
    // Payments: dry-run, pay; a mistyped line never leaves the machine.
    // Due in five days from today: a fixed line turns overdue (and
    // unpayable) on its due date.
    let due = stone_openbank::barcode::today() + time::Duration::days(5);
    let boleto = stone_openbank::barcode::BankBoleto::build(
        "341",
        Some(due),
        12345,
        "1090000000000000000000123",
    )
    .expect("a valid boleto");
    let line = boleto.digitable_line().to_owned();
    let (code, dry) = api(&["pay", "--account-id", &id, "--dry-run", &line]);
    assert_eq!(code, Some(0), "{dry:?}");
    assert_eq!(dry[0]["details"]["value"], 12345);
    let (code, paid) = api(&["pay", "--account-id", &id, &line]);
    assert_eq!(code, Some(0), "{paid:?}");
    let (code, bad) = api(&[
        "pay",
        "--account-id",
        &id,
        &format!(
            "{}{}",
            &line[..line.len() - 1],
            if line.ends_with('5') { '6' } else { '5' }
        ),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(bad[0]["error"]["kind"], "invalid_input");
    assert_eq!(bad[0]["error"]["field"], "barcode");
    // A TED preview, a boleto with its PDF, a receipt, the calendar.
    let (code, ted) = api(&[
        "ted",
        "--account-id",
        &id,
        "--amount-cents",
        "1000",
        "--account-code",
        "123",
        "--branch-code",
        "1",
        "--institution-code",
        "341",
        "--name",
        "X",
        "--document",
        "52998224725",
        "--dry-run",
    ]);
    assert_eq!(code, Some(0), "{ted:?}");
    assert_eq!(ted[0]["fee"], 367);
    let due = stone_openbank::barcode::iso_date(
        stone_openbank::barcode::today() + time::Duration::days(3),
    );
    let (code, inv) = api(&[
        "invoice",
        "issue",
        "--account-id",
        &id,
        "--amount-cents",
        "5000",
        "--kind",
        "deposit",
        "--due",
        &due,
    ]);
    assert_eq!(code, Some(0), "{inv:?}");
    let dir = std::env::temp_dir().join(format!("stone-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("boleto.pdf");
    let (code, saved) = api(&[
        "invoice",
        "pdf",
        inv[0]["id"].as_str().unwrap(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{saved:?}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let receipt = dir.join("receipt.pdf");
    let (code, _) = api(&[
        "receipt",
        "payment",
        paid[0]["id"].as_str().unwrap(),
        "--out",
        receipt.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    assert!(std::fs::read(&receipt).unwrap().starts_with(b"%PDF-"));
    let (_, cal) = api(&["calendar", "payment"]);
    assert!(cal[0]["non_business_days"].as_array().unwrap().len() > 100);
    let (code, error) = api(&["balance", "00000000-0000-0000-0000-000000000000"]);
    assert_eq!(code, Some(1));
    assert_eq!(error[0]["error"]["status"], 404);
    assert!(error[0]["error"]["request_id"].is_string());

    // Every operation is a subcommand, made from the catalogue.
    let text = |args: &[&str]| {
        let out = run(args);
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let new_transfer = format!(
        r#"{{"account_id": "{id}", "amount": 321, "target_account_code": "400002", "description": "cli-op"}}"#
    );
    let (code, dry) = api(&[
        "create-internal-transfer",
        "--transfer",
        &new_transfer,
        "--dry-run",
    ]);
    assert_eq!(code, Some(0), "{dry:?}");
    assert_eq!(dry[0]["amount"], 321);
    let (_, before) = api(&["balance", &id]);
    let (code, made) = api(&[
        "create-internal-transfer",
        "--transfer",
        &new_transfer,
        "--idempotency-key",
        "cli-op-1",
    ]);
    assert_eq!(code, Some(0), "{made:?}");
    let (_, again) = api(&[
        "create-internal-transfer",
        "--transfer",
        &new_transfer,
        "--idempotency-key",
        "cli-op-1",
    ]);
    assert_eq!(again[0]["id"], made[0]["id"], "the key makes a retry safe");
    let (_, after) = api(&["balance", &id]);
    assert_eq!(
        after[0]["balance"].as_i64().unwrap(),
        before[0]["balance"].as_i64().unwrap() - 321,
        "the dry run moved nothing, the two calls moved once"
    );
    // A list: JSON lines, a table for people, a CSV export.
    let (_, listed) = api(&["internal-transfers", "--account-id", &id]);
    assert!(listed.iter().any(|t| t["id"] == made[0]["id"]));
    let (code, table) = text(&["internal-transfers", "--account-id", &id, "--table"]);
    assert_eq!(code, Some(0));
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("id") && header.contains("amount") && header.contains("status"),
        "{table}"
    );
    assert!(table.contains(made[0]["id"].as_str().unwrap()));
    assert!(table
        .trim_end()
        .ends_with(&format!("({} rows)", listed.len())));
    let csv = std::env::temp_dir().join(format!("stone-cli-{}.csv", std::process::id()));
    let (code, written) = api(&[
        "internal-transfers",
        "--account-id",
        &id,
        "--out",
        csv.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(written[0]["items"], listed.len());
    let exported = std::fs::read_to_string(&csv).unwrap();
    std::fs::remove_file(&csv).unwrap();
    assert!(exported.starts_with("id,amount,"), "{exported}");
    assert_eq!(exported.lines().count(), listed.len() + 1);
    // The statement's export: as many lines as the statement has entries.
    let (_, entries) = api(&["statement", &id]);
    let jsonl = std::env::temp_dir().join(format!("stone-cli-{}.jsonl", std::process::id()));
    let (code, written) = api(&["statement", &id, "--out", jsonl.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{written:?}");
    assert_eq!(written[0]["items"], entries.len());
    let exported = std::fs::read_to_string(&jsonl).unwrap();
    std::fs::remove_file(&jsonl).unwrap();
    let first: Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], entries[0]["id"]);
    assert_eq!(exported.lines().count(), entries.len());
    // Bad input: a typed error line and exit 1; usage errors exit 2.
    let (code, bad) = api(&["balance-of-nothing"]);
    assert_eq!((code, bad.len()), (Some(2), 0));
    let (code, bad) = api(&["create-internal-transfer", "--transfer", "{not json"]);
    assert_eq!(code, Some(1));
    assert_eq!(bad[0]["error"]["kind"], "invalid_input", "{bad:?}");
    let (code, _) = api(&["internal-transfers"]);
    assert_eq!(code, Some(2), "a required argument missing");

    // Stopped gracefully below, not by the guard.
    std::mem::forget(guard);
    Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(server.wait().unwrap().success());
}

/// Every shared Pix vector through `stone pix decode` on stdin: same
/// verdicts, fields and error classes as the core, one line each.
#[test]
fn pix_decode_agrees_with_every_shared_vector() {
    let file = vectors("pix/vectors.json");
    let cases = file["cases"].as_array().unwrap();
    let input: String = cases
        .iter()
        .map(|c| format!("{}\n", c["input"].as_str().unwrap()))
        .collect();
    let out = stone(&["pix", "decode"], Some(&input));
    assert_eq!(out.status.code(), Some(1), "some vectors are invalid");
    let lines = lines(&out);
    assert_eq!(lines.len(), cases.len());
    for (case, line) in cases.iter().zip(&lines) {
        assert_eq!(line["valid"], case["valid"], "{}", case["id"]);
        if case["valid"] == true {
            for (k, v) in case["expected"].as_object().unwrap() {
                assert_eq!(&line[k], v, "{} {k}", case["id"]);
            }
        } else {
            assert_eq!(line["error"]["class"], case["error"], "{}", case["id"]);
        }
    }
}

#[test]
fn pix_build_key_and_qr() {
    let out = stone(
        &[
            "pix",
            "build",
            "--key",
            "pix@example.com",
            "--merchant-name",
            "Loja",
            "--merchant-city",
            "Recife",
            "--amount-cents",
            "1050",
            "--single-use",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let built = &lines(&out)[0];
    assert_eq!(built["amount_cents"], 1050);
    assert_eq!(built["point_of_initiation"], "12");
    let payload = built["payload"].as_str().unwrap();
    let decoded = &lines(&stone(&["pix", "decode", payload], None))[0];
    assert_eq!(decoded["key"], "pix@example.com");

    // A field the rules refuse: typed, named, exit 1.
    let out = stone(
        &[
            "pix",
            "build",
            "--key",
            "pix@example.com",
            "--merchant-name",
            "Loja",
            "--merchant-city",
            "Sao Jose dos Campos",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let error = &lines(&out)[0]["error"];
    assert_eq!(
        (error["class"].as_str(), error["field"].as_str()),
        (Some("field"), Some("merchant_city"))
    );

    let keys = lines(&stone(
        &["pix", "key"],
        Some("+55 11 98765-4321\nnot a key\n"),
    ));
    assert_eq!(keys[0]["value"], "+5511987654321");
    assert_eq!(keys[1]["error"]["class"], "key");

    let svg = stone(&["pix", "qr", payload], None);
    assert_eq!(svg.status.code(), Some(0));
    assert!(String::from_utf8(svg.stdout).unwrap().contains("<svg"));
    let png = stone(&["pix", "qr", payload, "--format", "png"], None);
    assert!(png.stdout.starts_with(b"\x89PNG"));
    let bad = stone(&["pix", "qr", &payload.replace("Loja", "Lojb")], None);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(lines(&bad)[0]["error"]["class"], "crc");
}
