//! Building and running the server: storage, index, router, listener, graceful shutdown.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use tokio::net::TcpListener;

use crate::catalog::refresh::{SharedCatalog, load_catalog, spawn_refresher};
use crate::directory::{DEMO_DIRECTORY, parse_directory};
use crate::error::Error;
use crate::http::{self, AppState, Clock};
use crate::store::Store;

/// Local time in mainland China: UTC+8 all year (no daylight saving).
pub fn china_now() -> NaiveDateTime {
    (Utc::now() + chrono::Duration::hours(8)).naive_utc()
}

pub fn system_clock() -> Clock {
    Arc::new(china_now)
}

/// Loads the demo directory if the database holds no directory yet. Returns whether it did.
pub async fn load_demo_if_empty(store: &Store) -> Result<bool, Error> {
    if !store.directory_is_empty().await? {
        return Ok(false);
    }
    let file = parse_directory(DEMO_DIRECTORY)
        .map_err(|p| anyhow::anyhow!("the built-in demo directory is invalid: {p:?}"))?;
    store.replace_directory(&file, &|_| {}).await?;
    tracing::info!(
        items = file.items.len(),
        points = file.points.len(),
        "demo directory loaded"
    );
    Ok(true)
}

/// The application state: the store and a catalogue built from what it holds.
pub async fn build_state(store: Store, clock: Clock) -> Result<AppState, Error> {
    let catalog = SharedCatalog::new(load_catalog(&store).await?);
    Ok(AppState {
        store,
        catalog,
        clock,
    })
}

/// A bound, ready-to-run server (port 0 gives a free port, for tests).
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
}

impl Server {
    pub async fn bind(
        state: AppState,
        addr: std::net::SocketAddr,
        dist: Option<PathBuf>,
        refresh_every: Duration,
    ) -> Result<Server, Error> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        spawn_refresher(state.store.clone(), state.catalog.clone(), refresh_every);
        Ok(Server {
            listener,
            router: http::router(state, dist),
        })
    }

    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM, letting requests in flight finish.
    pub async fn run(self) -> Result<(), Error> {
        tracing::info!(addr = %self.local_addr(), "listening");
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| anyhow::anyhow!("server error: {e}"))?;
        tracing::info!("stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
