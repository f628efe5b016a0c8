//! `stone <operation> --argument value ...`: every operation of the client
//! as a subcommand (`stone internal-transfers --account-id X`, `stone
//! create-internal-transfer --transfer '{...}' --dry-run`), made at run time
//! from the operation surface's catalogue (`surface::catalogue`): a new
//! operation of the core is a new subcommand here with no code, and its
//! arguments, help and JSON are the ones every package uses.
//!
//! - Arguments: `--snake-case-name value`. A `String` argument takes the
//!   text as is, an `i64` an integer; anything else (a model, a list, an
//!   enum) takes JSON (`'{"account_id": ...}'`), or plain text for an
//!   enum's value (`--operation-type internal_transfer`).
//! - Output: JSON lines (scripts), or `--table` for people.
//! - `--dry-run` runs the operation's `dry_run_*` twin where the API has
//!   one (the same arguments, less the idempotency key).
//! - Lists are walked page by page; with `--out FILE` they are exported
//!   (`--format jsonl|csv`) with a progress bar on the terminal.

use std::io::Write as _;

use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};
use serde_json::{Map, Value};
use stone_openbank::client::surface;
use stone_openbank::client::Error;

use crate::api::{client, Connection};
use crate::output::{print_line, Verdict};
use crate::surface_cmd::{perform, Answer};

/// One operation of the catalogue.
struct Spec {
    name: String,
    arguments: Vec<(String, String)>,
    doc: String,
    pages: bool,
}

fn specs() -> Vec<Spec> {
    surface::catalogue()
        .into_iter()
        .map(|line| {
            let strings = |k: &str| -> Vec<String> {
                line[k]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Spec {
                name: line["operation"].as_str().unwrap_or_default().to_owned(),
                arguments: strings("arguments")
                    .into_iter()
                    .zip(strings("types"))
                    .collect(),
                doc: line["doc"].as_str().unwrap_or_default().to_owned(),
                pages: line["kind"] == "pages",
            }
        })
        .collect()
}

fn flag(argument: &str) -> String {
    argument.replace('_', "-")
}

/// The `dry_run_*` twin of a `create_*` operation, when the API has one.
fn dry_run_of<'s>(specs: &'s [Spec], op: &str) -> Option<&'s Spec> {
    let rest = op.strip_prefix("create_")?;
    specs.iter().find(|s| s.name == format!("dry_run_{rest}"))
}

fn command(spec: &Spec, dry_run: bool) -> clap::Command {
    let mut cmd = clap::Command::new(flag(&spec.name))
        .bin_name(format!("stone {}", flag(&spec.name)))
        .about(spec.doc.clone())
        .arg(
            Arg::new("table")
                .long("table")
                .action(ArgAction::SetTrue)
                .help("A table for people instead of JSON lines"),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("FILE")
                .help("Write a file answer (a PDF) or export a list here"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_parser(["jsonl", "csv"])
                .default_value("jsonl")
                .help("The export's format, with --out (lists)"),
        );
    if dry_run {
        cmd = cmd.arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Simulate it (the API's dry run): nothing moves"),
        );
    }
    for (argument, ty) in &spec.arguments {
        cmd = cmd.arg(
            Arg::new(argument.clone())
                .long(flag(argument))
                .value_name(ty.clone())
                .required(!ty.starts_with("Option<")),
        );
    }
    Connection::augment_args(cmd)
}

/// A shell's text as the argument's JSON, by the argument's Rust type.
fn json_of(argument: &str, ty: &str, text: &str) -> Result<Value, Error> {
    let inner = ty
        .strip_prefix("Option<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    match inner {
        "String" | "&str" => Ok(Value::String(text.to_owned())),
        "i64" | "i32" | "u32" | "u64" => {
            text.trim().parse::<i64>().map(Value::from).map_err(|_| {
                invalid(
                    argument,
                    format!("must be an integer (centavos for amounts), got {text:?}"),
                )
            })
        }
        _ => match serde_json::from_str::<Value>(text) {
            Ok(v) if v.is_object() || v.is_array() => Ok(v),
            // An enum's value, given bare.
            _ if !text.trim_start().starts_with(['{', '[']) => Ok(Value::String(text.to_owned())),
            Err(e) => Err(invalid(argument, format!("is not valid JSON: {e}"))),
            Ok(_) => Err(invalid(argument, "must be a JSON object or list".into())),
        },
    }
}

fn invalid(argument: &str, reason: String) -> Error {
    Error::InvalidInput {
        field: "arguments",
        reason: format!("--{} {reason}", flag(argument)),
    }
}

fn arguments(spec: &Spec, matches: &ArgMatches, keep: Option<&Spec>) -> Result<String, Error> {
    let mut object = Map::new();
    for (argument, ty) in &spec.arguments {
        if keep.is_some_and(|k| !k.arguments.iter().any(|(a, _)| a == argument)) {
            continue;
        }
        if let Some(text) = matches.get_one::<String>(argument) {
            object.insert(argument.clone(), json_of(argument, ty, text)?);
        }
    }
    Ok(Value::Object(object).to_string())
}

/// `stone <operation> ...` (clap hands over the words from the name on).
pub fn run(argv: Vec<String>) -> std::io::Result<Verdict> {
    let specs = specs();
    let name = argv.first().cloned().unwrap_or_default();
    let op = name.replace('-', "_");
    let Some(spec) = specs.iter().find(|s| s.name == op) else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("unknown subcommand {name:?} (stone --help; stone api --list names every operation)"),
        ));
    };
    let twin = dry_run_of(&specs, &spec.name);
    let matches = command(spec, twin.is_some())
        .try_get_matches_from(&argv)
        .unwrap_or_else(|e| e.exit());
    let conn = Connection::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let table = matches.get_flag("table");
    let out = matches
        .get_one::<String>("out")
        .map(std::path::PathBuf::from);
    let csv = matches
        .get_one::<String>("format")
        .is_some_and(|f| f == "csv");
    let dry_run = twin.is_some() && matches.get_flag("dry-run");
    let (target, args) = match (dry_run, twin) {
        (true, Some(twin)) => (twin, arguments(spec, &matches, Some(twin))),
        _ => (spec, arguments(spec, &matches, None)),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let outcome: Result<Verdict, Error> = runtime.block_on(async {
        let args = args?;
        let client = client(&conn)?;
        if target.pages {
            return walk(&client, &target.name, &args, out.as_deref(), csv, table).await;
        }
        match perform(&client, &target.name, &args, |_| Ok(())).await? {
            Answer::Json(value) => {
                if let (true, Value::Array(items)) = (table, &value) {
                    print_table(items).map_err(io_error)?;
                } else if table {
                    print_table(&[value]).map_err(io_error)?;
                } else {
                    print_line(&value).map_err(io_error)?;
                }
            }
            Answer::File(bytes) => {
                let Some(path) = out else {
                    return Err(Error::InvalidInput {
                        field: "out",
                        reason: "this operation answers a file: give --out".into(),
                    });
                };
                std::fs::write(&path, &bytes).map_err(io_error)?;
                print_line(&serde_json::json!({"written": path, "bytes": bytes.len()}))
                    .map_err(io_error)?;
            }
            Answer::Walked(_) => {}
        }
        Ok(Verdict::AllValid)
    });
    match outcome {
        Ok(verdict) => Ok(verdict),
        Err(e) => {
            print_line(&crate::api::error_line(&e))?;
            Ok(Verdict::SomeInvalid)
        }
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::Transport(e.to_string())
}

/// A list: streamed as JSON lines, gathered into a table, or exported to a
/// file with a progress bar (drawn only on a terminal).
pub(crate) async fn walk(
    client: &stone_openbank::client::Client,
    op: &str,
    args: &str,
    out: Option<&std::path::Path>,
    csv: bool,
    table: bool,
) -> Result<Verdict, Error> {
    let Some(path) = out else {
        let mut rows = Vec::new();
        perform(client, op, args, |item| {
            if table {
                rows.push(item);
                Ok(())
            } else {
                print_line(&item)
            }
        })
        .await?;
        if table {
            print_table(&rows).map_err(io_error)?;
        }
        return Ok(Verdict::AllValid);
    };
    let file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io_error)?);
    let progress =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    progress.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} items in {elapsed} ({per_sec})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let mut sink = Export::new(file, csv);
    let walked = perform(client, op, args, |item| {
        progress.inc(1);
        sink.write(&item)
    })
    .await;
    progress.finish_and_clear();
    let count = match walked? {
        Answer::Walked(n) => n,
        _ => 0,
    };
    sink.finish().map_err(io_error)?;
    print_line(&serde_json::json!({"written": path, "items": count, "format": if csv { "csv" } else { "jsonl" }}))
        .map_err(io_error)?;
    Ok(Verdict::AllValid)
}

/// A list's items in a file: JSON lines, or CSV whose columns are the first
/// item's fields (nested ones as `a.b`; later items' other fields left out).
struct Export<W: std::io::Write> {
    jsonl: Option<W>,
    csv: Option<csv::Writer<W>>,
    columns: Vec<String>,
}

impl<W: std::io::Write> Export<W> {
    fn new(w: W, csv: bool) -> Self {
        if csv {
            Export {
                jsonl: None,
                csv: Some(csv::Writer::from_writer(w)),
                columns: Vec::new(),
            }
        } else {
            Export {
                jsonl: Some(w),
                csv: None,
                columns: Vec::new(),
            }
        }
    }

    fn write(&mut self, item: &Value) -> std::io::Result<()> {
        if let Some(w) = &mut self.jsonl {
            serde_json::to_writer(&mut *w, item)?;
            return w.write_all(b"\n");
        }
        let mut flat = Map::new();
        flatten("", item, &mut flat);
        let Some(w) = &mut self.csv else {
            return Ok(());
        };
        if self.columns.is_empty() {
            self.columns = flat.keys().cloned().collect();
            w.write_record(&self.columns)?;
        }
        let row = self.columns.iter().map(|c| cell(flat.get(c)));
        w.write_record(row)?;
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        if let Some(mut w) = self.jsonl {
            w.flush()?;
        }
        if let Some(mut w) = self.csv {
            w.flush()?;
        }
        Ok(())
    }
}

fn flatten(prefix: &str, value: &Value, into: &mut Map<String, Value>) {
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, into);
            }
        }
        other => {
            into.insert(prefix.to_owned(), other.clone());
        }
    }
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Rows for people: one object as `field  value` lines, a list as columns
/// (its first items' scalar fields, at most 8, cells cut at 40 characters).
fn print_table(rows: &[Value]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let [Value::Object(_)] = rows {
        let mut flat = Map::new();
        flatten("", &rows[0], &mut flat);
        let width = flat.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (k, v) in &flat {
            writeln!(out, "{k:<width$}  {}", cut(&cell(Some(v))))?;
        }
        return Ok(());
    }
    let flats: Vec<Map<String, Value>> = rows
        .iter()
        .map(|r| {
            let mut flat = Map::new();
            flatten("", r, &mut flat);
            flat
        })
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for flat in flats.iter().take(20) {
        for k in flat.keys() {
            if columns.len() < 8 && !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let cells: Vec<Vec<String>> = flats
        .iter()
        .map(|f| columns.iter().map(|c| cut(&cell(f.get(c)))).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut std::io::StdoutLock<'_>, row: &[String]| -> std::io::Result<()> {
        let text: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", text.join("  ").trim_end())
    };
    line(&mut out, &columns)?;
    for row in &cells {
        line(&mut out, row)?;
    }
    writeln!(out, "({} rows)", rows.len())
}

fn cut(text: &str) -> String {
    if text.chars().count() > 40 {
        let head: String = text.chars().take(39).collect();
        format!("{head}…")
    } else {
        text.to_owned()
    }
}
