//! The accept loop: the router served by hyper with the timeouts that
//! `axum::serve` leaves off (it gives hyper no timer). A client that has not
//! sent a whole request head within the limit, or leaves a kept-alive
//! connection idle that long, is disconnected; one that stalls its body gets
//! a 408 (`timeout_layer`). So slow clients cannot hold the sandbox's
//! connections and tasks forever.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

/// How long a request head, an idle kept-alive connection or a stalled
/// request body may take (hyper's own default for the head).
pub const SLOW_CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The other half of the limit: a request not answered within it (a body
/// that stops arriving) is a 408, in Stone's JSON shape once
/// `in_stones_shape` gives it its body.
pub fn timeout_layer(limit: Duration) -> tower_http::timeout::TimeoutLayer {
    tower_http::timeout::TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        limit,
    )
}

/// Serves `router` on `listener` until `stop` fires, then lets the requests
/// in flight finish (connections close once their answer is sent).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limit: Duration,
    mut stop: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut closed = closed.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(limit);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
        while connections.try_join_next().is_some() {}
    }
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}
