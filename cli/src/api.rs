//! `stone accounts|balance|statement|transfer`: the API client from a
//! shell. Credentials come from the environment (`STONE_CLIENT_ID` with
//! `STONE_PRIVATE_KEY_PATH`, or `STONE_ACCESS_TOKEN`); the environment from
//! `--base-url` (e.g. a `stone sandbox`) or `--environment`. Results are
//! JSON lines; errors one JSON object on stdout and exit status 1.

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::{json, Value};
use stone_openbank::client::{Client, Credentials, Environment, Error, PrivateKey};
use stone_openbank::models::NewInternalTransfer;

use crate::output::{print_line, Verdict};

#[derive(Clone, Copy, ValueEnum)]
enum Env {
    Sandbox,
    Production,
}

#[derive(Args)]
pub struct Connection {
    /// Base URL of both the API and the auth server (a local `stone sandbox`).
    #[arg(long, env = "STONE_BASE_URL")]
    base_url: Option<String>,
    /// Stone's environment, when no base URL is given.
    #[arg(long, value_enum, default_value = "sandbox")]
    environment: Env,
    /// The application's name, sent as User-Agent.
    #[arg(long, env = "STONE_USER_AGENT", default_value = "stone-cli")]
    user_agent: String,
}

#[derive(Args)]
pub struct BalanceArgs {
    #[command(flatten)]
    conn: Connection,
    account_id: String,
}

#[derive(Args)]
pub struct StatementArgs {
    #[command(flatten)]
    conn: Connection,
    account_id: String,
    /// Entries per request.
    #[arg(long, default_value_t = 100)]
    page_size: u32,
    /// Export to this file instead (with a progress bar on the terminal).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// The export's format.
    #[arg(long, value_parser = ["jsonl", "csv"], default_value = "jsonl")]
    format: String,
    /// A table for people instead of JSON lines.
    #[arg(long)]
    table: bool,
}

#[derive(Subcommand)]
pub enum TransferCommand {
    /// To another Stone account. Prints the transfer as accepted.
    Internal {
        #[command(flatten)]
        conn: Connection,
        #[arg(long)]
        account_id: String,
        #[arg(long)]
        amount_cents: i64,
        #[arg(long)]
        target_account_code: String,
        #[arg(long)]
        description: Option<String>,
        /// Reuse to make a retried command safe (at most 72 characters);
        /// a fresh one is generated otherwise.
        #[arg(long)]
        idempotency_key: Option<String>,
    },
}

pub(crate) fn client(conn: &Connection) -> Result<Client, Error> {
    let credentials = match (
        std::env::var("STONE_ACCESS_TOKEN"),
        std::env::var("STONE_CLIENT_ID"),
    ) {
        (Ok(token), _) => Credentials::AccessToken(token),
        (_, Ok(client_id)) => {
            let path =
                std::env::var("STONE_PRIVATE_KEY_PATH").map_err(|_| Error::InvalidInput {
                    field: "STONE_PRIVATE_KEY_PATH",
                    reason: "set it to the application's private key file".into(),
                })?;
            let pem = std::fs::read_to_string(&path).map_err(|e| Error::InvalidInput {
                field: "STONE_PRIVATE_KEY_PATH",
                reason: format!("cannot read {path}: {e}"),
            })?;
            Credentials::ClientKey {
                client_id,
                key: PrivateKey::from_pem(&pem)?,
            }
        }
        _ => {
            return Err(Error::InvalidInput {
                field: "credentials",
                reason: "set STONE_CLIENT_ID and STONE_PRIVATE_KEY_PATH, or STONE_ACCESS_TOKEN"
                    .into(),
            })
        }
    };
    let environment = match (&conn.base_url, conn.environment) {
        (Some(url), _) => Environment::local(url),
        (None, Env::Sandbox) => Environment::Sandbox,
        (None, Env::Production) => Environment::Production,
    };
    Client::builder(conn.user_agent.clone(), credentials)
        .environment(environment)
        .build()
}

/// The error as one JSON line: what kind, and what Stone said.
pub(crate) fn error_line(e: &Error) -> Value {
    let mut out = json!({"error": {"message": e.to_string()}});
    let kind = match e {
        Error::InvalidInput { field, .. } => {
            out["error"]["field"] = json!(field);
            "invalid_input"
        }
        Error::Api(api) => {
            out["error"]["status"] = json!(api.status);
            out["error"]["type"] = json!(api.kind);
            out["error"]["request_id"] = json!(api.request_id);
            out["error"]["body"] = api.body.clone();
            "api"
        }
        Error::Authentication { .. } => "authentication",
        Error::Transport(_) => "transport",
        Error::Timeout(_) => "timeout",
        Error::Decode(_) => "decode",
        _ => "other",
    };
    out["error"]["kind"] = json!(kind);
    out
}

/// Runs `work` on a runtime; prints its lines, or its error as JSON.
pub(crate) fn run<F, Fut>(work: F) -> std::io::Result<Verdict>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Vec<Value>, Error>>,
{
    let runtime = tokio::runtime::Runtime::new()?;
    match runtime.block_on(work()) {
        Ok(lines) => {
            for line in &lines {
                print_line(line)?;
            }
            Ok(Verdict::AllValid)
        }
        Err(e) => {
            print_line(&error_line(&e))?;
            Ok(Verdict::SomeInvalid)
        }
    }
}

pub(crate) fn value<T: Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

pub fn accounts(conn: Connection) -> std::io::Result<Verdict> {
    run(|| async move { Ok(client(&conn)?.accounts().await?.iter().map(value).collect()) })
}

pub fn balance(args: BalanceArgs) -> std::io::Result<Verdict> {
    run(|| async move {
        Ok(vec![value(
            &client(&args.conn)?.balance(&args.account_id).await?,
        )])
    })
}

/// Streams: each page is printed as it arrives.
pub fn statement(args: StatementArgs) -> std::io::Result<Verdict> {
    if args.out.is_some() || args.table {
        // The export and the table are the generated subcommands' own.
        let arguments = json!({"account_id": args.account_id}).to_string();
        let runtime = tokio::runtime::Runtime::new()?;
        let walked = runtime.block_on(async {
            let client = client(&args.conn)?;
            crate::op_cmd::walk(
                &client,
                "statement",
                &arguments,
                args.out.as_deref(),
                args.format == "csv",
                args.table,
            )
            .await
        });
        return match walked {
            Ok(verdict) => Ok(verdict),
            Err(e) => {
                print_line(&error_line(&e))?;
                Ok(Verdict::SomeInvalid)
            }
        };
    }
    run(|| async move {
        let client = client(&args.conn)?;
        let mut pages = client.statement(&args.account_id).page_size(args.page_size);
        while let Some(page) = pages.next_page().await {
            for entry in page? {
                print_line(&value(&entry)).map_err(|e| Error::Transport(e.to_string()))?;
            }
        }
        Ok(Vec::new())
    })
}

pub fn transfer(cmd: TransferCommand) -> std::io::Result<Verdict> {
    let TransferCommand::Internal {
        conn,
        account_id,
        amount_cents,
        target_account_code,
        description,
        idempotency_key,
    } = cmd;
    run(|| async move {
        let transfer = client(&conn)?
            .create_internal_transfer(
                &NewInternalTransfer {
                    account_id,
                    amount: amount_cents,
                    target_account_code,
                    description,
                    scheduled_to: None,
                },
                idempotency_key.as_deref(),
            )
            .await?;
        Ok(vec![value(&transfer)])
    })
}
