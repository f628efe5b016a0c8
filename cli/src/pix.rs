//! `stone pix decode|build|qr|key`: BR Codes and keys, offline; the API
//! subcommands (`keys`, `charge`, `lookup`, `received`, `send`, `confirm`,
//! `payment`) are in `pix_api`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use serde_json::{json, Map, Value};
use stone_openbank::pix::{self, Charge, PixError, PixKey, PointOfInitiation, Template};

use crate::output::{self, invalid_line, valid_line, Verdict};

#[derive(Subcommand)]
pub enum PixCommand {
    /// Decode "copia e cola" payloads (arguments, or one per line on stdin)
    /// into every field, or say which field is wrong and where.
    Decode {
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
    /// Build a valid payload from its fields (a key for a static code, a
    /// URL for a dynamic one).
    Build(BuildArgs),
    /// Draw a payload as a QR code (SVG or PNG), after validating it.
    Qr {
        /// The payload.
        payload: String,
        #[arg(long, value_enum, default_value = "svg")]
        format: QrFormat,
        /// Write the image here instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// SVG: minimum width in pixels; PNG: pixels per module.
        #[arg(long)]
        size: Option<u32>,
    },
    /// Classify, validate and normalise Pix keys.
    Key {
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
    /// The account's Pix keys (the API).
    #[command(subcommand)]
    Keys(crate::pix_api::KeysCommand),
    /// QR charges (the API): create, static, get, cancel.
    #[command(subcommand)]
    Charge(crate::pix_api::ChargeCommand),
    /// What a BR Code asks for, as Stone reads it (the API).
    Lookup {
        #[command(flatten)]
        conn: crate::api::Connection,
        brcode: String,
    },
    /// A received Pix (the API).
    Received {
        #[command(flatten)]
        conn: crate::api::Connection,
        inbound_pix_id: String,
    },
    /// Creates a Pix to send (the API): to --key, to a "copia e cola"
    /// (--brcode), and with --confirm sends it too.
    Send(crate::pix_api::SendArgs),
    /// Sends a created Pix (the API); a platform's then waits for the owner.
    Confirm {
        #[command(flatten)]
        conn: crate::api::Connection,
        payment_id: String,
        /// Centavos, when the creation had none.
        #[arg(long)]
        amount_cents: Option<i64>,
        /// Reuse to make a retried command safe.
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// Any other Pix operation of the client by its name, with its
    /// arguments as JSON (`stone pix cobs '{"account_id": "...", "filter":
    /// {...}}'`): `stone api` limited to Pix (`stone api --list` names them).
    #[command(external_subcommand)]
    Operation(Vec<String>),
    /// A sent Pix (the API).
    Payment {
        #[command(flatten)]
        conn: crate::api::Connection,
        payment_id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum QrFormat {
    Svg,
    Png,
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The Pix key (static code).
    #[arg(long, conflicts_with = "url")]
    key: Option<String>,
    /// The charge's URL without https:// (dynamic code).
    #[arg(long)]
    url: Option<String>,
    /// Shown to the payer (static codes).
    #[arg(long)]
    description: Option<String>,
    /// Amount in centavos (integer); omitted lets the payer choose.
    #[arg(long)]
    amount_cents: Option<i64>,
    /// Up to 25 characters, without accents.
    #[arg(long)]
    merchant_name: String,
    /// Up to 15 characters, without accents.
    #[arg(long)]
    merchant_city: String,
    /// CEP, 8 digits.
    #[arg(long)]
    postal_code: Option<String>,
    /// Up to 25 letters and digits; `***` when omitted.
    #[arg(long)]
    txid: Option<String>,
    /// Merchant category code; 0000 when omitted.
    #[arg(long)]
    mcc: Option<String>,
    /// The code may be paid once (point of initiation 12).
    #[arg(long, conflicts_with = "reusable")]
    single_use: bool,
    /// The code may be paid many times (point of initiation 11).
    #[arg(long)]
    reusable: bool,
    /// An extra template, `ID=VALUE` (ids 80–99 and others); repeatable.
    #[arg(long = "template", value_parser = parse_template)]
    templates: Vec<Template>,
}

fn parse_template(s: &str) -> Result<Template, String> {
    let (id, value) = s.split_once('=').ok_or("expected ID=VALUE")?;
    Ok(Template {
        id: id.to_owned(),
        value: value.to_owned(),
    })
}

fn error_json(e: &PixError) -> Map<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

pub fn run(cmd: PixCommand) -> std::io::Result<Verdict> {
    match cmd {
        PixCommand::Keys(cmd) => crate::pix_api::keys(cmd),
        PixCommand::Charge(cmd) => crate::pix_api::charge(cmd),
        PixCommand::Lookup { conn, brcode } => crate::pix_api::lookup(conn, brcode),
        PixCommand::Received {
            conn,
            inbound_pix_id,
        } => crate::pix_api::received(conn, inbound_pix_id),
        PixCommand::Send(args) => crate::pix_api::send(args),
        PixCommand::Confirm {
            conn,
            payment_id,
            amount_cents,
            idempotency_key,
        } => crate::pix_api::confirm(conn, payment_id, amount_cents, idempotency_key),
        PixCommand::Payment { conn, payment_id } => crate::pix_api::payment(conn, payment_id),
        PixCommand::Operation(argv) => crate::surface_cmd::run_pix(argv),
        PixCommand::Decode { inputs } => {
            output::for_each_input(&inputs, |input| match pix::parse(input) {
                Ok(code) => (true, valid_line(Some(input), &code)),
                Err(e) => (false, invalid_line(Some(input), error_json(&e))),
            })
        }
        PixCommand::Key { inputs } => {
            output::for_each_input(&inputs, |input| match PixKey::parse(input) {
                Ok(key) => (true, valid_line(Some(input), &key)),
                Err(e) => (false, invalid_line(Some(input), error_json(&e))),
            })
        }
        PixCommand::Build(args) => {
            let charge = Charge {
                key: args.key,
                url: args.url,
                description: args.description,
                point_of_initiation: if args.single_use {
                    Some(PointOfInitiation::SingleUse)
                } else if args.reusable {
                    Some(PointOfInitiation::Reusable)
                } else {
                    None
                },
                mcc: args.mcc,
                amount_cents: args.amount_cents,
                merchant_name: args.merchant_name,
                merchant_city: args.merchant_city,
                postal_code: args.postal_code,
                txid: args.txid,
                templates: args.templates,
            };
            let (verdict, line) = match charge.encode().and_then(|p| Ok((pix::parse(&p)?, p))) {
                Ok((code, payload)) => {
                    let mut line = valid_line(None, &json!({ "payload": payload }));
                    if let (Value::Object(map), Ok(Value::Object(fields))) =
                        (&mut line, serde_json::to_value(&code))
                    {
                        map.extend(fields);
                    }
                    (Verdict::AllValid, line)
                }
                Err(e) => (Verdict::SomeInvalid, invalid_line(None, error_json(&e))),
            };
            output::print_line(&line)?;
            Ok(verdict)
        }
        PixCommand::Qr {
            payload,
            format,
            output: path,
            size,
        } => {
            let image = match format {
                QrFormat::Svg => {
                    pix::qr::svg(&payload, size.unwrap_or(256)).map(String::into_bytes)
                }
                QrFormat::Png => pix::qr::png(&payload, size.unwrap_or(8)),
            };
            match image {
                Ok(bytes) => {
                    match path {
                        Some(path) => std::fs::write(path, bytes)?,
                        None => std::io::stdout().lock().write_all(&bytes)?,
                    }
                    Ok(Verdict::AllValid)
                }
                Err(e) => {
                    output::print_line(&invalid_line(Some(&payload), error_json(&e)))?;
                    Ok(Verdict::SomeInvalid)
                }
            }
        }
    }
}
