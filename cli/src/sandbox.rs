//! `stone sandbox`: the local Stone API emulator as a process.

use clap::Args;
use serde_json::json;
use stone_sandbox::domain::seed::{DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID};
use stone_sandbox::{start, Config};

use crate::output::{print_line, Verdict};

#[derive(Args)]
pub struct SandboxArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Beyond loopback (0.0.0.0 for a LAN), /admin
    /// is closed unless an admin token is set.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Required as `Authorization: Bearer` on /admin/... (read from the
    /// environment, so it stays out of `ps` and shell history).
    #[arg(long, env = "STONE_SANDBOX_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Start empty: no demo applications or accounts.
    #[arg(long)]
    no_seed: bool,
    /// No request log (by default one JSON line per request on stderr,
    /// without headers, bodies or query strings).
    #[arg(long)]
    quiet: bool,
    /// Keep the sandbox in this SQLite file (created if missing; loaded
    /// instead of the seed when it has data).
    #[arg(long)]
    db: Option<std::path::PathBuf>,
    /// Answer browsers of any origin (CORS), for a web front end that calls
    /// the sandbox with a token its backend handed it.
    #[arg(long)]
    cors: bool,
}

pub fn run(args: SandboxArgs) -> std::io::Result<Verdict> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let admin = match (&args.admin_token, args.host.is_loopback()) {
            (Some(_), _) => "token",
            (None, true) => "local",
            (None, false) => "closed",
        };
        let sandbox = start(Config {
            port: args.port,
            host: args.host,
            admin_token: args.admin_token.clone(),
            seed: !args.no_seed,
            log_requests: !args.quiet,
            db: args.db.clone(),
            cors: args.cors,
            ..Config::default()
        })
        .await?;
        // Listen for Ctrl-C before saying we are ready: a script that reads
        // the line and interrupts at once must stop us gracefully, not kill
        // us (tokio's `ctrl_c()` would only listen once first polled).
        #[cfg(unix)]
        let mut interrupt =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        // One JSON line a script can read: where to connect, which demo
        // applications exist. The demo key pair is in sandbox/seed/ (test
        // material); no secret is printed.
        print_line(&json!({
            "event": "sandbox_started",
            "base_url": sandbox.base_url(),
            "token_url": format!("{}/auth/realms/stone_bank/protocol/openid-connect/token", sandbox.base_url()),
            "admin": admin,
            "demo_client_ids": if args.no_seed { vec![] } else { vec![DEMO_CLIENT_ID, DEMO_OPENBANK_CLIENT_ID] },
        }))?;
        #[cfg(unix)]
        interrupt.recv().await;
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await?;
        sandbox.shutdown().await?;
        print_line(&json!({"event": "sandbox_stopped"}))?;
        Ok(Verdict::AllValid)
    })
}
