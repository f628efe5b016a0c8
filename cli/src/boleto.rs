//! `stone boleto decode|format|build`.

use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use stone_openbank::barcode::{self, BankBoleto, BarcodeError, CollectionDocument};
use time::Date;

use crate::output::{self, error_object, invalid_line, valid_line, Verdict};

#[derive(Subcommand)]
pub enum BoletoCommand {
    /// Decode barcodes or typeable lines (arguments, or one per line on stdin)
    /// into every field, or say exactly what is wrong.
    Decode {
        #[command(flatten)]
        reference: Reference,
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
    /// Print the typeable line as on paper, with the bare line and barcode.
    Format {
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
    /// Build a valid barcode and line from their fields.
    #[command(subcommand)]
    Build(BuildCommand),
}

#[derive(Args)]
pub struct Reference {
    /// Read due-date factors relative to this day (YYYY-MM-DD) instead of
    /// today in Brasília.
    #[arg(long, value_parser = parse_date)]
    reference_date: Option<Date>,
}

#[derive(Subcommand)]
pub enum BuildCommand {
    /// A bank boleto (boleto de cobrança).
    Bank {
        /// 3-digit COMPE code of the issuing bank (e.g. 197 for Stone).
        #[arg(long)]
        bank_code: String,
        /// Amount in centavos (integer).
        #[arg(long)]
        amount_cents: i64,
        /// Due date (YYYY-MM-DD); omitted means no due date (factor 0).
        #[arg(long, value_parser = parse_date)]
        due_date: Option<Date>,
        /// The 25 digits the bank defines.
        #[arg(long)]
        free_field: String,
    },
    /// An arrecadação document (utilities, taxes, carnês).
    Collection {
        /// Segment: 1–7 or 9.
        #[arg(long)]
        segment: u8,
        /// Value type: 6 or 8 (amount in centavos), 7 or 9 (reference).
        #[arg(long)]
        value_type: u8,
        /// Amount in centavos, or the reference quantity for value types 7 and 9.
        #[arg(long)]
        value: i64,
        /// 4-digit company code, or the 8-digit CNPJ root in segment 6.
        #[arg(long)]
        company_id: String,
        /// 25 digits, or 21 in segment 6.
        #[arg(long)]
        free_field: String,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    barcode::parse_iso_date(s)
}

pub fn run(cmd: BoletoCommand) -> std::io::Result<Verdict> {
    match cmd {
        BoletoCommand::Decode { reference, inputs } => {
            let day = reference.reference_date.unwrap_or_else(barcode::today);
            output::for_each_input(&inputs, |input| match barcode::parse_at(input, day) {
                Ok(doc) => (true, valid_line(Some(input), &doc)),
                Err(e) => (false, invalid_line(Some(input), error_json(&e))),
            })
        }
        BoletoCommand::Format { inputs } => {
            output::for_each_input(&inputs, |input| match barcode::parse(input) {
                Ok(doc) => (
                    true,
                    valid_line(
                        Some(input),
                        &json!({
                            "kind": doc.kind().as_str(),
                            "formatted": doc.formatted_line(),
                            "digitable_line": doc.digitable_line(),
                            "barcode": doc.barcode(),
                        }),
                    ),
                ),
                Err(e) => (false, invalid_line(Some(input), error_json(&e))),
            })
        }
        BoletoCommand::Build(build) => {
            let built = match build {
                BuildCommand::Bank {
                    bank_code,
                    amount_cents,
                    due_date,
                    free_field,
                } => BankBoleto::build(&bank_code, due_date, amount_cents, &free_field)
                    .map(barcode::Barcode::Bank),
                BuildCommand::Collection {
                    segment,
                    value_type,
                    value,
                    company_id,
                    free_field,
                } => {
                    CollectionDocument::build(segment, value_type, value, &company_id, &free_field)
                        .map(barcode::Barcode::Collection)
                }
            };
            match built {
                Ok(doc) => {
                    let mut line = valid_line(None, &doc);
                    if let Value::Object(map) = &mut line {
                        map.insert("formatted_line".into(), doc.formatted_line().into());
                    }
                    output::print_line(&line)?;
                    Ok(Verdict::AllValid)
                }
                Err(e) => {
                    output::print_line(&invalid_line(None, error_json(&e)))?;
                    Ok(Verdict::SomeInvalid)
                }
            }
        }
    }
}

/// The error object: class and message, plus position, the check digit
/// (`field`), the digit found and expected where they apply.
fn error_json(e: &BarcodeError) -> Map<String, Value> {
    let mut map = error_object(e.class(), e.to_string());
    if let Some(position) = e.position() {
        map.insert("position".into(), position.into());
    }
    match e {
        BarcodeError::InvalidCharacter { found, .. } => {
            map.insert("found".into(), found.to_string().into());
        }
        BarcodeError::InvalidLength { digits } => {
            map.insert("digits".into(), (*digits).into());
        }
        BarcodeError::UnknownCurrency { found, .. }
        | BarcodeError::UnknownValueType { found, .. }
        | BarcodeError::UnknownSegment { found, .. } => {
            map.insert("found".into(), found.to_string().into());
        }
        BarcodeError::CheckDigit {
            digit,
            found,
            expected,
            ..
        } => {
            map.insert("field".into(), digit.name().into());
            map.insert("found".into(), found.to_string().into());
            map.insert("expected".into(), expected.to_string().into());
        }
        BarcodeError::InvalidField { field, .. } => {
            map.insert("field".into(), (*field).into());
        }
        _ => {}
    }
    map
}
