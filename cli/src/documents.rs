//! `stone cpf|cnpj validate|format`.

use clap::Subcommand;
use serde_json::{json, Map, Value};
use stone_openbank::documents::{Cnpj, Cpf, DocumentError};

use crate::output::{self, error_object, invalid_line, valid_line, Verdict};

#[derive(Subcommand)]
pub enum DocumentCommand {
    /// Validate numbers (arguments, or one per line on stdin).
    Validate {
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
    /// Print numbers in their usual punctuated form.
    Format {
        /// Inputs; read one per line from stdin when none is given.
        inputs: Vec<String>,
    },
}

#[derive(Clone, Copy)]
pub enum Kind {
    Cpf,
    Cnpj,
}

/// The bare and punctuated forms of a valid number.
fn parse(kind: Kind, input: &str) -> Result<(String, String), DocumentError> {
    match kind {
        Kind::Cpf => Cpf::parse(input).map(|d| (d.as_str().to_owned(), d.formatted())),
        Kind::Cnpj => Cnpj::parse(input).map(|d| (d.as_str().to_owned(), d.formatted())),
    }
}

pub fn run(kind: Kind, cmd: DocumentCommand) -> std::io::Result<Verdict> {
    let name = match kind {
        Kind::Cpf => "cpf",
        Kind::Cnpj => "cnpj",
    };
    let (inputs, with_digits) = match &cmd {
        DocumentCommand::Validate { inputs } => (inputs, true),
        DocumentCommand::Format { inputs } => (inputs, false),
    };
    output::for_each_input(inputs, |input| match parse(kind, input) {
        Ok((digits, formatted)) => {
            let fields = if with_digits {
                json!({"kind": name, "digits": digits, "formatted": formatted})
            } else {
                json!({"formatted": formatted})
            };
            (true, valid_line(Some(input), &fields))
        }
        Err(e) => (false, invalid_line(Some(input), error_json(&e))),
    })
}

fn error_json(e: &DocumentError) -> Map<String, Value> {
    let mut map = error_object(e.class(), e.to_string());
    match e {
        DocumentError::InvalidCharacter { position, found } => {
            map.insert("position".into(), (*position).into());
            map.insert("found".into(), found.to_string().into());
        }
        DocumentError::InvalidLength { expected, found } => {
            map.insert("expected".into(), (*expected).into());
            map.insert("found".into(), (*found).into());
        }
        DocumentError::CheckDigit {
            index,
            position,
            found,
            expected,
        } => {
            map.insert("field".into(), format!("dv{index}").into());
            map.insert("position".into(), (*position).into());
            map.insert("found".into(), found.to_string().into());
            map.insert("expected".into(), expected.to_string().into());
        }
        _ => {}
    }
    map
}
