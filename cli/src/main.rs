//! `stone`: the command-line face of the stone-openbank SDK (an independent
//! project, not a Stone product). Every subcommand prints one JSON object per
//! input, one per line, so shell scripts and CI jobs can consume it.
//!
//! Exit status: 0 when every input was valid, 1 when some were not, 2 on a
//! usage error (clap's own convention).

mod api;
mod boleto;
mod documents;
mod op_cmd;
mod operations;
mod output;
mod pix;
mod pix_api;
mod sandbox;
mod surface_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "stone",
    version,
    about = "Independent SDK for the Stone Banking API (not a Stone product): boletos, Pix, CPF/CNPJ and more"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bank boletos and arrecadação documents: decode, format, build.
    #[command(subcommand)]
    Boleto(boleto::BoletoCommand),
    /// CPF (individual taxpayer id): validate, format.
    #[command(subcommand)]
    Cpf(documents::DocumentCommand),
    /// CNPJ (company id, numeric or alphanumeric): validate, format.
    #[command(subcommand)]
    Cnpj(documents::DocumentCommand),
    /// Pix: BR Codes ("copia e cola") and keys offline (decode, build, qr,
    /// key); the API's keys, QR charges, lookup, received and sent Pix; and
    /// any other Pix operation by name: stone pix <operation> '<JSON>'.
    #[command(subcommand)]
    Pix(pix::PixCommand),
    /// Run the local Stone API sandbox until Ctrl-C.
    Sandbox(sandbox::SandboxArgs),
    /// The accounts the application operates (one JSON object per line).
    Accounts(api::Connection),
    /// An account's balance in centavos.
    Balance(api::BalanceArgs),
    /// An account's statement, newest first, streamed page by page.
    Statement(api::StatementArgs),
    /// Move money: internal transfers.
    #[command(subcommand)]
    Transfer(api::TransferCommand),
    /// Send (or schedule, or preview) a TED to another bank.
    Ted(operations::TedArgs),
    /// Pay (or schedule, or dry-run) a boleto or an arrecadação document.
    Pay(operations::PayArgs),
    /// Issued boletos: issue, get, PDF, write-off.
    #[command(subcommand)]
    Invoice(operations::InvoiceCommand),
    /// Save the receipt (comprovante) PDF of a transfer or payment.
    Receipt(operations::ReceiptArgs),
    /// Non-business days and scheduling limits.
    Calendar(operations::CalendarArgs),
    /// Verify a webhook body read on stdin.
    Webhook(operations::WebhookArgs),
    /// Any operation of the client, by name, with its arguments as JSON
    /// (`stone api --list` names them all).
    Api(surface_cmd::ApiArgs),
    /// Every other operation of the client is a subcommand too:
    /// `stone internal-transfers --account-id ID --table`,
    /// `stone create-internal-transfer --transfer '{...}' --dry-run`
    /// (`stone <operation> --help` for its arguments).
    #[command(external_subcommand)]
    Operation(Vec<String>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Boleto(cmd) => boleto::run(cmd),
        Command::Cpf(cmd) => documents::run(documents::Kind::Cpf, cmd),
        Command::Cnpj(cmd) => documents::run(documents::Kind::Cnpj, cmd),
        Command::Pix(cmd) => pix::run(cmd),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Accounts(conn) => api::accounts(conn),
        Command::Balance(args) => api::balance(args),
        Command::Statement(args) => api::statement(args),
        Command::Transfer(cmd) => api::transfer(cmd),
        Command::Ted(args) => operations::ted(args),
        Command::Pay(args) => operations::pay(args),
        Command::Invoice(cmd) => operations::invoice(cmd),
        Command::Receipt(args) => operations::receipt(args),
        Command::Calendar(args) => operations::calendar(args),
        Command::Webhook(args) => operations::webhook(args),
        Command::Api(args) => surface_cmd::run_api(args),
        Command::Operation(argv) => op_cmd::run(argv),
    };
    match outcome {
        Ok(output::Verdict::AllValid) => ExitCode::SUCCESS,
        Ok(output::Verdict::SomeInvalid) => ExitCode::from(1),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stone: {e}");
            ExitCode::from(2)
        }
    }
}
