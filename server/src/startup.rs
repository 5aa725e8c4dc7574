//! Building and running the server: storage, index, router, listener, graceful shutdown, and
//! the clock (real, or fixed for tests).

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use tokio::net::TcpListener;

use linli_shared::domain::staff::{Role, Scope, Username};
use linli_shared::error::ErrorCode;

use crate::auth;
use crate::catalog::refresh::{SharedCatalog, load_catalog, spawn_refresher};
use crate::config::EdgeArgs;
use crate::directory::{DEMO_DIRECTORY, parse_directory};
use crate::error::Error;
use crate::http::connections::{self, ConnectionLimits};
use crate::http::{self, AppState, Clock, RouteTimeouts};
use crate::store::Store;
use crate::store::audit::AuditActor;
use crate::store::staff::NewAccountRecord;

/// Local time in mainland China: UTC+8 all year (no daylight saving).
pub fn china_now() -> NaiveDateTime {
    (Utc::now() + chrono::Duration::hours(8)).naive_utc()
}

pub fn system_clock() -> Clock {
    Arc::new(china_now)
}

/// Loads the demo directory if the database has never held a directory. Returns whether it
/// did. Safe when several instances start at once: the check and the load are one locked
/// transaction, so exactly one of them loads it.
pub async fn load_demo_if_empty(store: &Store) -> Result<bool, Error> {
    let file = parse_directory(DEMO_DIRECTORY)
        .map_err(|p| anyhow::anyhow!("the built-in demo directory is invalid: {p:?}"))?;
    let loaded = store.import_directory_if_empty(&file).await?.is_some();
    if loaded {
        tracing::info!(
            items = file.items.len(),
            points = file.points.len(),
            "demo directory loaded"
        );
    }
    Ok(loaded)
}

/// Loads the demo's appointment schedules if there are none at all (`serve --demo`), checked
/// against the demo directory. Returns whether it did.
pub async fn load_demo_schedules_if_none(store: &Store) -> Result<bool, Error> {
    let file = crate::appointments::parse_schedules(crate::appointments::DEMO_SCHEDULES)
        .map_err(|e| anyhow::anyhow!("the built-in demo schedules do not parse: {e}"))?;
    let directory = parse_directory(DEMO_DIRECTORY)
        .map_err(|p| anyhow::anyhow!("the built-in demo directory is invalid: {p:?}"))?;
    let problems = linli_shared::domain::schedule::schedules_problems(&file, &directory);
    if !problems.is_empty() {
        return Err(
            anyhow::anyhow!("the built-in demo schedules are invalid: {problems:?}").into(),
        );
    }
    let loaded = store.load_schedules_if_none(&file, china_now()).await?;
    if loaded {
        tracing::info!(
            schedules = file.schedules.len(),
            "demo appointment schedules loaded"
        );
    }
    Ok(loaded)
}

/// Creates one demo account per role if there is no account at all, and logs their user names
/// and generated passwords, so that a newcomer can sign in at once (`serve --demo` only). The
/// district admin gets the first point's district, the point manager and the clerk that point.
pub async fn create_demo_accounts_if_none(store: &Store) -> Result<(), Error> {
    if store.has_accounts().await? {
        return Ok(());
    }
    let Some((point, district)) = store.first_point().await? else {
        return Ok(());
    };
    let scopes = [
        ("admin", Role::PlatformAdmin, Scope::All),
        ("district", Role::DistrictAdmin, Scope::District(district)),
        ("manager", Role::PointManager, Scope::Point(point.clone())),
        ("clerk", Role::Clerk, Scope::Point(point)),
        ("desk", Role::FrontDesk, Scope::All),
        (
            "wuye",
            Role::DepartmentHandler,
            Scope::Department("property".to_owned()),
        ),
        ("supervisor", Role::Supervisor, Scope::All),
    ];
    for (name, role, scope) in scopes {
        let username = Username::parse(name).expect("the demo's user names are valid");
        let password = auth::generate_password();
        let hash = auth::hash_password(&password)?;
        let new = NewAccountRecord {
            username: &username,
            password_hash: &hash,
            role,
            scope: &scope,
        };
        match store
            .create_account(new, &AuditActor::demo(), Utc::now())
            .await
        {
            Ok(_) => {}
            // Another instance starting at the same moment made them.
            Err(e) if e.code() == ErrorCode::Conflict => return Ok(()),
            Err(e) => return Err(e),
        }
        // The demo's passwords are logged on purpose: that is how a newcomer signs in. No
        // other password is ever logged.
        tracing::warn!(
            username = %username,
            password = %password,
            role = %role,
            scope = %scope,
            "demo staff account created (sign in to the console at /staff; change its password for real use)"
        );
    }
    Ok(())
}

/// The application state: the store and a catalogue built from what it holds.
pub async fn build_state(store: Store, clock: Clock) -> Result<AppState, Error> {
    let catalog = SharedCatalog::new(load_catalog(&store).await?);
    Ok(AppState {
        catalog,
        clock,
        settings: Default::default(),
        cpu: Default::default(),
        secure_cookies: true,
        client_ip_header: None,
        bookings: crate::appointments::BookingWriter::start(store.clone()),
        sms_wake: Default::default(),
        code_limits: Default::default(),
        booking_limits: Default::default(),
        seat_rules: Default::default(),
        store,
        insights: Default::default(),
        photos: crate::cases::photo_files::PhotoDir::new(
            crate::cases::photo_files::default_photo_dir(""),
        ),
    })
}

/// The clock of `serve`: the real one, or, for tests only (`--fixed-time`), one frozen at a
/// given local time, announced loudly so that nobody runs it in production unawares.
pub fn serve_clock(fixed: Option<NaiveDateTime>) -> Clock {
    match fixed {
        None => system_clock(),
        Some(at) => {
            tracing::warn!(
                fixed_time = %at,
                "THE CLOCK IS FIXED (--fixed-time, for tests only): \"open now\" and every \
                 date are computed for this time, not the real one"
            );
            Arc::new(move || at)
        }
    }
}

/// A bound, ready-to-run server (port 0 gives a free port, for tests).
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    /// Kept to write the last search counts at shutdown.
    state: AppState,
}

impl Server {
    pub async fn bind(
        state: AppState,
        addr: std::net::SocketAddr,
        dist: Option<PathBuf>,
        refresh_every: Duration,
        edge: &EdgeArgs,
    ) -> Result<Server, Error> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        spawn_refresher(state.store.clone(), state.catalog.clone(), refresh_every);
        crate::insights::spawn_flusher(
            state.store.clone(),
            state.insights.clone(),
            state.clock.clone(),
        );
        crate::cases::spawn_overdue_job(state.store.clone(), state.clock.clone());
        crate::appointments::spawn_hold_sweeper(
            state.bookings.clone(),
            state.clock.clone(),
            state.seat_rules,
            state.sms_wake.clone(),
        );
        Ok(Server {
            listener,
            router: http::router_with(state.clone(), dist, RouteTimeouts::from(edge)),
            limits: ConnectionLimits::from(edge),
            state,
        })
    }

    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM, letting requests in flight finish.
    pub async fn run(self) -> Result<(), Error> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` resolves, letting requests in flight finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), Error> {
        tracing::info!(
            addr = %self.local_addr(),
            header_timeout = ?self.limits.header_timeout,
            idle_timeout = ?self.limits.idle_timeout,
            max_connections = self.limits.max_connections,
            "listening"
        );
        warn_if_over_open_files_limit(self.limits.max_connections);
        connections::serve(self.listener, self.router, self.limits, shutdown).await;
        if let Err(e) = self.state.insights.flush(&self.state.store).await {
            tracing::warn!(error = %e, "could not write the last search counts");
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Each connection is a file descriptor: a cap above the process's limit cannot be reached,
/// and accepting then fails instead of waiting (Linux: read from /proc, elsewhere skipped).
fn warn_if_over_open_files_limit(max_connections: usize) {
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else {
        return;
    };
    let soft_limit = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse::<usize>().ok());
    // Room for the database pool, the listener, logs.
    if let Some(soft_limit) = soft_limit
        && max_connections + 64 > soft_limit
    {
        tracing::warn!(
            max_connections,
            open_files_limit = soft_limit,
            "--max-connections is above the open-files limit (ulimit -n) less 64: \
             raise the limit or lower the cap"
        );
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
