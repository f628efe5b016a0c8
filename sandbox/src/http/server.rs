//! The HTTP server: routes, the `x-request-id` of every response, start on
//! an ephemeral or given port (loopback by default), graceful shutdown.

use crate::domain::clock::Clock;
use crate::domain::operations::Kind;
use crate::domain::refusal;
use crate::domain::seed;
use crate::domain::store::Shared;
use crate::domain::webhooks::jose;
use crate::http::accounts;
use crate::http::admin;
use crate::http::admin_access;
use crate::http::auth;
use crate::http::cash_in;
use crate::http::consent;
use crate::http::contacts;
use crate::http::error;
use crate::http::faults;
use crate::http::fees;
use crate::http::institutions;
use crate::http::invoices;
use crate::http::operations::pending;
use crate::http::owner_app;
use crate::http::payroll;
use crate::http::pix::bcb;
use crate::http::pix::bcb_cobv;
use crate::http::pix::bcb_loc;
use crate::http::pix::charges;
use crate::http::pix::claims;
use crate::http::pix::inbound;
use crate::http::pix::infractions;
use crate::http::pix::keys;
use crate::http::pix::list;
use crate::http::pix::lookup;
use crate::http::pix::outbound;
use crate::http::pix::refunds;
use crate::http::portability;
use crate::http::receipts;
use crate::http::webhooks::delivery;
use axum::extract::{Path, Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Everything a handler needs.
#[derive(Debug)]
pub struct App {
    pub store: Shared,
    pub clock: Clock,
    /// The realm URL clients put in `aud`: `http://127.0.0.1:PORT/auth/realms/stone_bank`.
    pub realm_url: String,
    pub faults: std::sync::Mutex<faults::FaultState>,
    /// The key that signs webhooks and the JWKS that publishes it.
    pub keys: jose::Keys,
    pub webhook_settings: std::sync::Mutex<delivery::Settings>,
    /// Set by shutdown: background tasks stop.
    pub stopping: std::sync::atomic::AtomicBool,
    pub log_requests: bool,
    /// The SQLite file, when the store is kept in one.
    pub db: Option<crate::persist::Db>,
    /// Mutating requests so far (the file is written when it moves).
    pub mutations: std::sync::atomic::AtomicU64,
    /// Held shared by a keyed operation from its start until its key's
    /// answer is recorded, and exclusively by the file's snapshot: the file
    /// never holds an operation without the key that made it (a retry after
    /// a crash would make it twice).
    pub commits: std::sync::RwLock<()>,
    /// Who may call `/admin/...`.
    pub admin_access: admin_access::AdminAccess,
    /// Bound beyond loopback (other machines may call it).
    pub exposed: bool,
}

/// How to start a sandbox.
#[derive(Clone)]
pub struct Config {
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The address to listen on: loopback unless a LAN must reach it (then
    /// `/admin` is closed unless `admin_token` is set).
    pub host: std::net::IpAddr,
    /// Required as `Authorization: Bearer` on `/admin/...` when set.
    pub admin_token: Option<String>,
    /// How long a request head, an idle connection or a request may take
    /// before the client is cut off (see `listener`).
    pub slow_client_timeout: std::time::Duration,
    /// Create the demo applications and accounts.
    pub seed: bool,
    /// One JSON line per request on stderr (method, path, status, time,
    /// request id; never headers, bodies or query strings, where tokens and
    /// JWTs travel).
    pub log_requests: bool,
    /// Keep the store in this SQLite file: loaded at start when it has data
    /// (instead of the seed), written before each mutating request is
    /// answered, when the clock changes it, and at shutdown.
    pub db: Option<std::path::PathBuf>,
    /// Answer browsers of any origin (CORS, preflights included, with
    /// `x-request-id` exposed): for a web front end calling the sandbox
    /// directly with a token its backend handed it. Off by default, as
    /// Stone's API serves no browser.
    pub cors: bool,
}

/// The admin token stays out of `{:?}`.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("port", &self.port)
            .field("host", &self.host)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<redacted>"),
            )
            .field("slow_client_timeout", &self.slow_client_timeout)
            .field("seed", &self.seed)
            .field("log_requests", &self.log_requests)
            .field("db", &self.db)
            .field("cors", &self.cors)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 0,
            host: std::net::Ipv4Addr::LOCALHOST.into(),
            admin_token: None,
            slow_client_timeout: crate::http::listener::SLOW_CLIENT_TIMEOUT,
            seed: true,
            log_requests: false,
            db: None,
            cors: false,
        }
    }
}

/// A running sandbox. Dropping it does not stop it: call [`Sandbox::shutdown`].
#[derive(Debug)]
pub struct Sandbox {
    pub addr: SocketAddr,
    pub app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Base URL of both the API (`/api/v1/...`) and the auth server (`/auth/...`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets requests in flight finish.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        self.app
            .stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        };
        // The last writes reach the file before the process may exit.
        if let Some(db) = &self.app.db {
            db.save(&self.app).map_err(std::io::Error::other)?;
        }
        served
    }
}

tokio::task_local! {
    /// Set when the request only replayed a key's stored answer: nothing
    /// changed, so nothing is written to the file before answering.
    static REPLAYED: std::cell::Cell<bool>;
}

/// Marks the request being served as a replay (see `REPLAYED`).
pub fn mark_replayed() {
    let _ = REPLAYED.try_with(|r| r.set(true));
}

/// Every response carries `x-request-id`, as Stone's do; with
/// `log_requests`, each request is one structured log line.
async fn request_id(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    req: Request,
    next: Next,
) -> Response {
    let started = std::time::Instant::now();
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let (replayed, mut response) = REPLAYED
        .scope(std::cell::Cell::new(false), async move {
            let response = next.run(req).await;
            (REPLAYED.with(std::cell::Cell::get), response)
        })
        .await;
    if method != axum::http::Method::GET && !replayed {
        // Counted once the handler has changed the store, then written to
        // the file (when there is one) before the answer leaves.
        let change = app
            .mutations
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        if let Some(db) = &app.db {
            if let Err(e) = db.save_through(&app, change).await {
                eprintln!(
                    "{}",
                    serde_json::json!({"event": "persist_failed", "error": e})
                );
                response =
                    refusal::Refusal::new(refusal::Class::Internal, "internal").into_response();
            }
        }
    }
    let id = uuid::Uuid::new_v4().to_string();
    if app.log_requests {
        let line = serde_json::json!({
            "event": "request",
            "method": method.as_str(),
            "path": path,
            "status": response.status().as_u16(),
            "ms": started.elapsed().as_secs_f64() * 1000.0,
            "request_id": id,
        });
        eprintln!("{line}");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The whole HTTP surface over `app` (also called in process by the fuzz
/// target `sandbox_requests`).
pub fn router(app: Arc<App>, cors: bool) -> Router {
    let limit = crate::http::listener::SLOW_CLIENT_TIMEOUT;
    router_with(app, cors, limit)
}

/// [`router`] with another limit for slow requests.
pub fn router_with(app: Arc<App>, cors: bool, limit: std::time::Duration) -> Router {
    let router = routes(app, limit);
    if cors {
        router.layer(
            tower_http::cors::CorsLayer::very_permissive()
                .expose_headers([axum::http::HeaderName::from_static("x-request-id")]),
        )
    } else {
        router
    }
}

fn routes(app: Arc<App>, limit: std::time::Duration) -> Router {
    Router::new()
        .route(
            "/auth/realms/stone_bank/protocol/openid-connect/token",
            post(auth::token),
        )
        .route("/api/v1/accounts", get(accounts::list))
        .route("/api/v1/accounts/{id}", get(accounts::get))
        .route("/api/v1/accounts/{id}/balance", get(accounts::balance))
        .route("/api/v1/accounts/{id}/statement", get(accounts::statement))
        .route(
            "/api/v1/accounts/{id}/statement/entries/{entry_id}",
            get(accounts::account_entry),
        )
        .route("/api/v1/statement/entries/{entry_id}", get(accounts::entry))
        .route("/api/v1/accounts/{id}/fees", get(fees::list))
        .route("/api/v1/accounts/{id}/fees/{fee_type}", get(fees::get))
        .route(
            "/api/v1/accounts/{id}/operations",
            get(pending::list),
        )
        .route(
            "/api/v1/accounts/{id}/operations/{operation_id}",
            get(pending::get),
        )
        .route(
            "/api/v1/accounts/{id}/operations/actions/approve",
            post(pending::batch_approve),
        )
        .route(
            "/api/v1/accounts/{id}/operations/actions/cancel",
            post(pending::batch_cancel),
        )
        .route(
            "/admin/accounts/{id}/operations/actions/approve",
            post(pending::owner_batch_approve),
        )
        .route(
            "/api/v1/accounts/{id}/schedulings",
            get(pending::schedulings),
        )
        .route(
            "/api/v1/schedulings/calendar",
            get(pending::calendar),
        )
        .route(
            "/api/v1/pix/{account_id}/entries",
            post(keys::create).get(keys::list),
        )
        .route(
            "/api/v1/pix/{account_id}/entries/{id}",
            get(keys::get)
                .delete(keys::delete)
                .post(keys::update),
        )
        .route(
            "/api/v1/pix/outbound_pix_payments/brcodes",
            post(lookup::lookup),
        )
        .route(
            "/api/v1/pix_payment_invoices",
            post(charges::create_dynamic),
        )
        .route(
            "/api/v1/pix_payment_invoices/{id}",
            get(charges::get_dynamic).delete(charges::cancel_dynamic),
        )
        .route(
            "/api/v1/pix_payment_static_invoices",
            post(charges::create_static),
        )
        .route(
            "/api/v1/pix_payment_static_invoices/{id}",
            get(charges::get_static).patch(charges::update_static),
        )
        .route("/api/v1/inbound_pix_payments/{id}", get(inbound::get))
        .route("/api/v1/inbound_pix_payments/{id}/", get(inbound::get))
        .route("/admin/pix/inbound", post(inbound::pay))
        .route(
            "/admin/pix/infraction_reports",
            post(infractions::file),
        )
        .route(
            "/api/v1/pix/{account_id}/infractions_reports",
            get(infractions::list),
        )
        .route(
            "/api/v1/pix/{account_id}/infractions_reports/{id}/actions/{result}",
            post(infractions::close),
        )
        .route(
            "/api/v1/cob",
            post(bcb::post_cob).get(bcb::list_cobs),
        )
        .route(
            "/api/v1/cob/",
            post(bcb::post_cob).get(bcb::list_cobs),
        )
        .route(
            "/api/v1/cob/{txid}",
            axum::routing::put(bcb::put_cob)
                .get(bcb::get_cob)
                .patch(bcb::patch_cob),
        )
        .route("/api/v1/pix", get(bcb::list_pix))
        .route("/api/v1/cobv", get(bcb_cobv::list))
        .route(
            "/api/v1/cobv/{txid}",
            axum::routing::put(bcb_cobv::put)
                .get(bcb_cobv::get)
                .patch(bcb_cobv::patch),
        )
        .route("/api/v1/lotecobv", get(bcb_cobv::list_lots))
        .route(
            "/api/v1/lotecobv/{id}",
            axum::routing::put(bcb_cobv::put_lot)
                .get(bcb_cobv::get_lot)
                .patch(bcb_cobv::patch_lot),
        )
        .route(
            "/api/v1/loc",
            post(bcb_loc::create).get(bcb_loc::list),
        )
        .route("/api/v1/loc/{id}", get(bcb_loc::get))
        .route(
            "/api/v1/loc/{id}/txid",
            axum::routing::delete(bcb_loc::unlink),
        )
        .route(
            "/api/v1/pix/{account_id}/pix_payments",
            get(list::list),
        )
        .route(
            "/api/v1/pix/{account_id}/devolucao/{id}",
            axum::routing::put(bcb::put_devolucao).get(bcb::get_devolucao),
        )
        .route(
            "/api/v1/pix/{account_id}/entry_claims",
            post(claims::create).get(claims::list),
        )
        .route(
            "/api/v1/pix/{account_id}/entry_claims/cancel",
            post(claims::cancel),
        )
        .route(
            "/api/v1/pix/{account_id}/entry_claims/complete",
            post(claims::complete),
        )
        .route(
            "/api/v1/pix/{account_id}/entry_claims/{id}",
            get(claims::get),
        )
        .route(
            "/admin/pix/entry_claims/{id}/{answer}",
            post(claims::donor),
        )
        .route("/admin/pix/entry_claims", post(claims::inbound))
        .route(
            "/api/v1/pix/{account_id}/entry_claims/{id}/actions/{action}",
            post(claims::answer),
        )
        .route(
            "/api/v1/pix/outbound_pix_payments",
            post(outbound::create),
        )
        .route(
            "/api/v1/pix/outbound_pix_payments/{id}/actions/confirm",
            post(outbound::confirm),
        )
        .route(
            "/api/v1/pix/outbound_pix_payments/{id}",
            get(outbound::get),
        )
        .route(
            "/api/v1/pix/outbound_pix_payments/{id}/",
            get(outbound::get),
        )
        // "Query a Pix payment" (SPEC §6.13.3 #78); the segment is named
        // like the key routes' so the router accepts both.
        .route("/api/v1/pix/{account_id}", get(outbound::get_any))
        .route("/api/v1/pix/{account_id}/", get(outbound::get_any))
        .route(
            "/api/v1/pix_payment_invoices_with_due_date",
            post(charges::create_due),
        )
        .route(
            "/api/v1/pix_payment_invoices_with_due_date/{id}",
            get(charges::get_dynamic).delete(charges::cancel_dynamic),
        )
        .route(
            "/api/v1/refunds_for_inbound_pix_payments",
            post(refunds::create),
        )
        .route(
            "/admin/refunds_for_inbound_pix_payments/{id}/approve",
            post(|State(app): State<Arc<App>>, Path(id): Path<String>| {
                crate::http::operations::endpoints::decide_as_owner(Kind::PixRefund, app, id, true)
            }),
        )
        .route(
            "/admin/refunds_for_inbound_pix_payments/{id}/reject",
            post(|State(app): State<Arc<App>>, Path(id): Path<String>| {
                crate::http::operations::endpoints::decide_as_owner(Kind::PixRefund, app, id, false)
            }),
        )
        .route(
            "/admin/pix/outbound_pix_payments/{id}/approve",
            post(|State(app): State<Arc<App>>, Path(id): Path<String>| {
                crate::http::operations::endpoints::decide_as_owner(Kind::Pix, app, id, true)
            }),
        )
        .route(
            "/admin/pix/outbound_pix_payments/{id}/refund",
            post(
                |State(app): State<Arc<App>>,
                 Path(id): Path<String>,
                 axum::Json(r): axum::Json<crate::http::operations::endpoints::Refund>| {
                    crate::http::operations::endpoints::refund(Kind::Pix, app, id, r)
                },
            ),
        )
        .route(
            "/admin/refunds_for_inbound_pix_payments/{id}/reverse",
            post(refunds::reverse),
        )
        .route(
            "/admin/pix/outbound_pix_payments/{id}/reject",
            post(|State(app): State<Arc<App>>, Path(id): Path<String>| {
                crate::http::operations::endpoints::decide_as_owner(Kind::Pix, app, id, false)
            }),
        )
        .route(
            "/api/v1/barcode_payment_invoices",
            post(invoices::create).get(invoices::list),
        )
        .route("/api/v1/barcode_payment_invoices/{id}", get(invoices::get))
        .route(
            "/api/v1/barcode_payment_invoices/{id}/cancel",
            post(invoices::cancel),
        )
        .route(
            "/api/v1/barcode_payment_invoice/{id}/cancel",
            post(invoices::cancel),
        )
        .route(
            "/api/v1/barcode_payment_invoices/limits/{id}",
            get(invoices::limits),
        )
        .route(
            "/api/v1/exports/barcode_payment_invoices/{id}",
            get(invoices::pdf),
        )
        .route("/api/v1/receipts", post(receipts::create))
        .route("/api/v1/payrolls", post(payroll::create).get(payroll::list))
        .route("/api/v1/payrolls/{id}", get(payroll::get))
        .route("/api/v1/payrolls/{id}/salaries", get(payroll::salaries))
        .route("/admin/payroll/salaries", post(payroll::upload))
        .route(
            "/api/v1/salary_portabilities",
            post(portability::create).get(portability::list),
        )
        .route(
            "/admin/salary_portabilities/{id}/disable",
            post(portability::disable),
        )
        .route("/api/v1/institutions", get(institutions::list))
        .route("/api/v1/institutions/{code}", get(institutions::get))
        .route(
            "/api/v1/accounts/{id}/contacts",
            post(contacts::create).get(contacts::list),
        )
        .route(
            "/api/v1/accounts/{id}/contacts/{contact_id}",
            get(contacts::get)
                .post(contacts::update)
                .delete(contacts::delete),
        )
        .route(
            "/api/v1/accounts/{id}/contacts/{contact_id}/bank_accounts",
            post(contacts::add_bank_account),
        )
        .route(
            "/api/v1/accounts/{id}/contacts/{contact_id}/bank_accounts/{bank_account_id}",
            post(contacts::update_bank_account).delete(contacts::delete_bank_account),
        )
        .route("/api/v1/discovery/keys", get(crate::http::webhooks::endpoints::keys))
        .route(
            "/api/v1/applications/{application}/webhooks",
            get(crate::http::webhooks::endpoints::sent),
        )
        .route("/admin/webhooks", get(crate::http::webhooks::endpoints::attempts))
        .route("/admin/webhooks/settings", post(crate::http::webhooks::endpoints::configure))
        .route(
            "/admin/applications/{client_id}/webhook",
            axum::routing::put(crate::http::webhooks::endpoints::register),
        )
        .route("/consentimento", get(consent::page))
        .route("/admin/consents", post(consent::decide))
        .route(
            "/admin/consents/{client_id}/{account_id}",
            axum::routing::delete(consent::revoke),
        )
        .route("/admin/applications", post(admin::create_application))
        .route("/admin/accounts", post(admin::create_account))
        .route("/admin/clock", get(admin::clock))
        .route("/admin/ledger", get(admin::ledger))
        .route("/app", get(owner_app::index))
        .route("/app/accounts/{id}", get(owner_app::account))
        .route(
            "/app/accounts/{id}/decisions",
            post(owner_app::decisions),
        )
        .route(
            "/app/accounts/{id}/consents/{client_id}/revoke",
            post(owner_app::revoke),
        )
        .route(
            "/app/accounts/{id}/simulate/boleto/{invoice}",
            post(owner_app::simulate_boleto),
        )
        .route(
            "/app/accounts/{id}/simulate/{what}",
            post(owner_app::simulate),
        )
        .route(
            "/admin/cash_in/external_transfers",
            post(cash_in::external_transfer),
        )
        .route(
            "/admin/barcode_payment_invoices/{id}/pay",
            post(cash_in::boleto_paid),
        )
        .route("/admin/operations", get(admin::operations_described))
        .route("/admin/clock/advance", post(admin::advance_clock))
        .route("/admin/faults", post(faults::configure))
        .merge(crate::http::operations::endpoints::routes(Kind::Internal))
        .merge(crate::http::operations::endpoints::routes(Kind::External))
        .merge(crate::http::operations::endpoints::routes(Kind::Payment))
        .layer(middleware::from_fn_with_state(app.clone(), faults::inject))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            admin_access::guard,
        ))
        .layer(crate::http::listener::timeout_layer(limit))
        .layer(middleware::map_response(in_stones_shape))
        .layer(middleware::from_fn_with_state(app.clone(), request_id))
        .with_state(app)
}

/// The largest request body taken (a payroll of 1,000 salaries is ~200 KB).
pub const BODY_LIMIT: usize = 2 << 20;

/// axum's own refusals (a body over [`BODY_LIMIT`], a method a route does
/// not have) are plain text; a client of Stone's API reads every error as
/// JSON with a `type`, so they get one.
async fn in_stones_shape(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let kind = match response.status() {
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        axum::http::StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        axum::http::StatusCode::REQUEST_TIMEOUT => "request_timeout",
        _ => return response,
    };
    if is_json {
        return response;
    }
    error::plain(response.status(), kind)
}

/// Starts a sandbox on `host:port` (loopback by default).
pub async fn start(config: Config) -> std::io::Result<Sandbox> {
    let listener = TcpListener::bind((config.host, config.port)).await?;
    let mut addr = listener.local_addr()?;
    // Bound to every interface: this machine reaches it on loopback.
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let app = Arc::new(App {
        store: Shared::default(),
        clock: Clock::default(),
        realm_url: format!("http://{addr}/auth/realms/stone_bank"),
        faults: Default::default(),
        keys: jose::Keys::load().map_err(std::io::Error::other)?,
        webhook_settings: Default::default(),
        stopping: Default::default(),
        log_requests: config.log_requests,
        db: match &config.db {
            Some(path) => Some(crate::persist::Db::open(path).map_err(std::io::Error::other)?),
            None => None,
        },
        mutations: Default::default(),
        commits: Default::default(),
        admin_access: admin_access::AdminAccess::new(
            config.host.is_loopback(),
            config.admin_token.as_deref(),
        ),
        exposed: !config.host.is_loopback(),
    });
    let restored = match &app.db {
        Some(db) if db.has_data().map_err(std::io::Error::other)? => {
            let offset = db
                .load(&mut app.store.lock())
                .map_err(std::io::Error::other)?;
            app.clock.advance(offset);
            true
        }
        _ => false,
    };
    if config.seed && !restored {
        seed::seed(
            &mut app.store.lock(),
            &crate::domain::clock::Now::of(&app.clock),
        )
        .map_err(|e| std::io::Error::other(format!("seed failed: {:?}", e.body)))?;
    }
    if let Some(db) = &app.db {
        db.save(&app).map_err(std::io::Error::other)?;
    }
    tokio::spawn(delivery::run(app.clone()));
    let (stop, stopped) = oneshot::channel::<()>();
    let service = router_with(app.clone(), config.cors, config.slow_client_timeout);
    let task = tokio::spawn(crate::http::listener::serve(
        listener,
        service,
        config.slow_client_timeout,
        stopped,
    ));
    Ok(Sandbox {
        addr,
        app,
        stop: Some(stop),
        task: Some(task),
    })
}
