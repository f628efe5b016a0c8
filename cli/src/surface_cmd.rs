//! `stone api <operation> [<arguments as JSON>]`: every operation of the
//! client from a shell, through the same operation surface the npm, pip,
//! Kotlin and Swift packages call (`client/surface.rs`), so no operation
//! needs a second definition here. Lists (`pages` operations) are walked
//! to the end, one JSON line per item; other answers are one JSON line;
//! files (PDFs) go to `--out`. `stone api --list` names every operation
//! with its arguments.

use clap::{Args, Parser};
use serde_json::Value;
use stone_openbank::client::surface::{self, Output};
use stone_openbank::client::Error;

use crate::api::{client, run, Connection};
use crate::output::{print_line, Verdict};

#[derive(Args)]
pub struct ApiArgs {
    #[command(flatten)]
    conn: Connection,
    /// Lists the operations and their arguments.
    #[arg(long)]
    list: bool,
    /// The operation, as the packages name it (`create_pix_refund`,
    /// `pix_activity`, `create_cob`, ...).
    operation: Option<String>,
    /// Its arguments as one JSON object (`{"account_id": "..."}`).
    #[arg(default_value = "{}")]
    arguments: String,
    /// Where a file answer (a PDF) is written.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

pub fn run_api(args: ApiArgs) -> std::io::Result<Verdict> {
    if args.list {
        for line in surface::catalogue() {
            print_line(&line)?;
        }
        return Ok(Verdict::AllValid);
    }
    let Some(op) = args.operation else {
        print_line(
            &serde_json::json!({"error": {"kind": "invalid_input", "field": "operation",
            "message": "name an operation (stone api --list shows them)"}}),
        )?;
        return Ok(Verdict::SomeInvalid);
    };
    let out = args.out;
    run(|| async move {
        let client = client(&args.conn)?;
        let mut items = Vec::new();
        match perform(&client, &op, &args.arguments, |item| {
            items.push(item);
            Ok(())
        })
        .await?
        {
            Answer::Json(value) => Ok(vec![value]),
            Answer::File(bytes) => {
                let Some(path) = out else {
                    return Err(Error::InvalidInput {
                        field: "out",
                        reason: "this operation answers a file: give --out".into(),
                    });
                };
                std::fs::write(&path, &bytes).map_err(|e| Error::Transport(e.to_string()))?;
                Ok(vec![
                    serde_json::json!({"written": path, "bytes": bytes.len()}),
                ])
            }
            Answer::Walked(_) => Ok(items),
        }
    })
}

/// What an operation gave.
pub enum Answer {
    Json(Value),
    /// A file (a PDF).
    File(Vec<u8>),
    /// A list, walked to its end: this many items went to `each`.
    Walked(usize),
}

/// Runs an operation of the surface by name; a list is walked page by page,
/// each item handed to `each` as its page arrives (the one walk behind
/// `stone api` and `stone <operation>`).
pub async fn perform(
    client: &stone_openbank::client::Client,
    op: &str,
    arguments: &str,
    mut each: impl FnMut(Value) -> std::io::Result<()>,
) -> Result<Answer, Error> {
    match surface::call(client, op, arguments).await {
        Ok(Output::Json(text)) => Ok(Answer::Json(
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )),
        Ok(Output::Bytes(bytes)) => Ok(Answer::File(bytes)),
        // Not a single call: a list, walked page by page.
        Err(Error::InvalidInput {
            field: "operation", ..
        }) => {
            let mut count = 0;
            let mut after = None;
            loop {
                let text = surface::page(client, op, arguments, after, None).await?;
                let mut page: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if let Some(Value::Array(data)) = page.get_mut("data").map(Value::take) {
                    for item in data {
                        each(item).map_err(|e| Error::Transport(e.to_string()))?;
                        count += 1;
                    }
                }
                match page["after"].as_str() {
                    Some(cursor) => after = Some(cursor.to_owned()),
                    None => break,
                }
            }
            Ok(Answer::Walked(count))
        }
        Err(e) => Err(e),
    }
}

/// Whether an operation of the surface is a Pix one: Stone's Pix and the
/// BCB's standard API (their names say so: `pix`, `cob`, `devolucao`,
/// `brcode`).
pub fn is_pix(op: &str) -> bool {
    ["pix", "cob", "devolucao", "brcode"]
        .iter()
        .any(|w| op.contains(w))
}

/// `stone pix <operation> [<arguments>]`, read as `stone api` reads them.
#[derive(Parser)]
#[command(name = "stone pix")]
struct PixOperation {
    #[command(flatten)]
    args: ApiArgs,
}

/// `stone pix <operation> ...` for the Pix operations that have no
/// subcommand of their own (clap hands over the words after `pix`).
pub fn run_pix(argv: Vec<String>) -> std::io::Result<Verdict> {
    let op = argv.first().cloned().unwrap_or_default();
    if !is_pix(&op) {
        print_line(
            &serde_json::json!({"error": {"kind": "invalid_input", "field": "operation",
            "message": format!("{op:?} is not a Pix subcommand or operation (stone pix --help, stone api --list)")}}),
        )?;
        return Ok(Verdict::SomeInvalid);
    }
    let parsed = PixOperation::try_parse_from(std::iter::once("stone pix".to_owned()).chain(argv))
        .unwrap_or_else(|e| e.exit());
    run_api(parsed.args)
}
