//! `stone-codegen`: writes the typed surfaces of the npm and pip packages
//! from the core's one list of operations and the JSON Schemas of its
//! models (`stone_openbank::client::surface::describe`). Nothing here knows
//! an operation or a model by name: a new line in the core's list shows up
//! in TypeScript and Python on the next build.
//!
//! ```text
//! stone-codegen ts  <file.ts>    # model types + the Operations base class
//! stone-codegen py  <dir>        # _models.py and _operations.py
//! stone-codegen kotlin <dir>     # Models.kt and Operations.kt
//! stone-codegen swift <dir>      # Models.swift and Operations.swift
//! stone-codegen json             # the description itself
//! ```
//!
//! The generated files are build outputs (ARCHITECTURE.md rule 13): the
//! package scripts run this before compiling the packages.

mod kotlin;
mod python;
mod schema;
mod swift;
mod typescript;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let surface = schema::Surface::read(stone_openbank::client::surface::describe());
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["ts", out] => std::fs::write(out, typescript::render(&surface)),
        ["py", dir] => python::write(&surface, std::path::Path::new(dir)),
        ["kotlin", dir] => kotlin::write(&surface, std::path::Path::new(dir)),
        ["swift", dir] => swift::write(&surface, std::path::Path::new(dir)),
        ["json"] => {
            println!(
                "{}",
                serde_json::to_string_pretty(&stone_openbank::client::surface::describe())
                    .unwrap_or_default()
            );
            Ok(())
        }
        _ => {
            eprintln!(
                "usage: stone-codegen ts <file.ts> | py <dir> | kotlin <dir> | swift <dir> | json"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stone-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}
