//! The command line: every option also readable from the environment, each explained by --help.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use clap::{Parser, Subcommand};

/// Linli's server: the community service directory, its search and API, and the resident app.
#[derive(Debug, Parser)]
#[command(name = "linli-server", version)]
pub struct Cli {
    /// Where the data lives: sqlite://FILE (created with its schema on first start) or
    /// postgres://USER@HOST/DB for deployments with several server instances.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://linli.db",
        global = true
    )]
    pub database_url: String,

    /// Log as JSON lines (for log collectors) instead of human-readable text.
    #[arg(long, env = "LINLI_LOG_JSON", global = true)]
    pub log_json: bool,

    #[command(subcommand)]
    pub command: Command,
}

// Parsed once at start: the size of `serve`'s options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API under /api/v1, the app, and /healthz.
    Serve(ServeArgs),
    /// Make the directory what a directory file (linli-directory/1 JSON) says. Everything is
    /// checked first; nothing is written unless the whole file is valid. What the file leaves
    /// out is retired, not deleted, and comes back if a later file lists it again.
    Import {
        /// The directory file to load.
        file: PathBuf,
        /// Go ahead even if the file would retire more than half of the live categories,
        /// items, service points or offerings (refused otherwise, as an empty or cut-off file
        /// would empty the kiosks).
        #[arg(long)]
        allow_retiring_most: bool,
    },
    /// Write the directory as a directory file (the format `import` reads).
    Export {
        /// Where to write; standard output when left out.
        file: Option<PathBuf>,
    },
    /// Make the appointment schedules what a schedules file (linli-schedules/1 JSON) says,
    /// checked against the directory first (known points offering the items, each item with the
    /// `appointment` channel); nothing is written unless the whole file is valid. Bookings
    /// already made keep their seats.
    Schedules {
        /// The schedules file to load (docs/DIRECTORY_FORMAT.md, *Appointment schedules*).
        file: PathBuf,
    },
    /// Write a generated province-scale directory file, for benchmarks.
    Generate(GenerateArgs),
    /// Manage staff accounts (the console's users). Every change is in the audit log.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create an account. The password is read from standard input (one line) when it is not a
    /// terminal; otherwise one is generated and printed once.
    Add {
        /// 3 to 32 of a-z, 0-9, '.', '_' and '-'.
        username: String,
        /// platform_admin, district_admin, point_manager or clerk.
        #[arg(long)]
        role: String,
        /// district:NAME for a district admin, point:ID for a point manager or a clerk; none
        /// for a platform admin.
        #[arg(long)]
        scope: Option<String>,
    },
    /// List the accounts: user name, role, scope, whether disabled.
    List,
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Enable a disabled account again (with the password it had).
    Enable { username: String },
    /// Set a new password (from standard input, or generated and printed once), unlock the
    /// account and end its sessions.
    ResetPassword { username: String },
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LINLI_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Load the built-in demo directory (Tianjin 西青区) if the database holds none yet.
    #[arg(long, env = "LINLI_DEMO")]
    pub demo: bool,

    /// The built app (index.html and assets/); only the API is served if it does not exist.
    #[arg(long, env = "LINLI_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// How often, in seconds, to check whether the directory changed (an import, or another
    /// instance) and rebuild the search index. Default: 1 on SQLite (one cheap read); 10 on
    /// PostgreSQL, where the instances also hear of every change at once (LISTEN/NOTIFY) and the
    /// poll is only the fallback.
    #[arg(long, env = "LINLI_REFRESH_SECS")]
    pub refresh_secs: Option<u64>,

    /// FOR TESTS ONLY: answer "open now" and every other question about time as if it were
    /// always this local time (China Standard Time), e.g. 2026-11-24T10:00. There is no
    /// environment variable for it, so it cannot be switched on by a stray setting; the server
    /// logs a warning at start when it is set.
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM", value_parser = parse_fixed_time)]
    pub fixed_time: Option<NaiveDateTime>,

    /// The address residents reach Linli at from their own phones, e.g.
    /// https://linli.example.cn: what the kiosks' QR codes encode. Set it whenever the kiosks
    /// open the app at an address a phone cannot reach (localhost, an intranet address); unset,
    /// QR codes encode the address the kiosk's browser opened. An absolute http(s) URL of the
    /// site's root (no path, query or fragment).
    #[arg(long, env = "LINLI_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Searches computed at once, off the threads that answer requests (default: one per
    /// core).
    #[arg(long, env = "LINLI_SEARCH_SLOTS")]
    pub search_slots: Option<usize>,

    /// Searches that may wait for a free slot; past that a search is answered 503 `busy` at
    /// once (default: 64 per slot).
    #[arg(long, env = "LINLI_SEARCH_QUEUE")]
    pub search_queue: Option<usize>,

    /// FOR PLAIN-HTTP DEVELOPMENT ONLY: send the staff session cookie without `Secure`, so a
    /// browser keeps it over http://. Behind HTTPS leave it off.
    #[arg(long, env = "LINLI_INSECURE_COOKIES")]
    pub insecure_cookies: bool,

    /// Behind a reverse proxy: the request header that carries the client's address, as the
    /// proxy sets it (e.g. X-Real-IP; of X-Forwarded-For the last address is taken, the one
    /// the nearest proxy added). The staff sign-in's rate limit counts attempts per client
    /// address; without this, behind a proxy every client has the proxy's address. Set it only
    /// when every request comes through a proxy that overwrites the header.
    #[arg(long, env = "LINLI_CLIENT_IP_HEADER", value_name = "HEADER",
          value_parser = parse_header_name)]
    pub client_ip_header: Option<axum::http::HeaderName>,

    /// Development text messages: append each one as a JSON line {"id","to","text","code"} to
    /// this file (besides the log), where codes can be read. Ignored when --sms-url is set.
    #[arg(long, env = "LINLI_SMS_OUTBOX", value_name = "FILE")]
    pub sms_outbox: Option<PathBuf>,

    /// Production text messages: the gateway's URL, which receives a POST of
    /// {"id","to","text"} with the secret header and `Idempotency-Key: linli-sms-ID`.
    #[arg(
        long,
        env = "LINLI_SMS_URL",
        value_name = "URL",
        requires = "sms_secret"
    )]
    pub sms_url: Option<String>,

    /// The header the gateway's secret goes in.
    #[arg(long, env = "LINLI_SMS_SECRET_HEADER", default_value = "X-Api-Key")]
    pub sms_secret_header: String,

    /// The gateway's secret (set it in the environment, not on the command line).
    #[arg(long, env = "LINLI_SMS_SECRET", hide_env_values = true)]
    pub sms_secret: Option<String>,
    /// Days the search counts behind the staff's search insights are kept (what residents
    /// searched for, per query and day; nothing personal).
    #[arg(long, env = "LINLI_INSIGHTS_DAYS", default_value_t = linli_shared::domain::insights::DEFAULT_RETENTION_DAYS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub insights_days: u32,

    /// Where residents' photos with their cases are kept (cleaned JPEGs and thumbnails, named
    /// by random ids). Default: beside the SQLite file (`linli.db` → `linli-photos`), or
    /// `linli-photos` in the working directory with PostgreSQL; several instances on
    /// PostgreSQL must share it.
    #[arg(long, env = "LINLI_PHOTO_DIR", value_name = "DIR")]
    pub photo_dir: Option<PathBuf>,

    /// Minutes a freed seat is held for the first on its waiting list (then it passes to the
    /// next in line).
    #[arg(long, env = "LINLI_WAITLIST_HOLD_MINUTES", default_value_t = 15,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub waitlist_hold_minutes: u32,

    /// Minutes a cancelled seat with nobody waiting stays off sale (0: back at once), so
    /// seats cannot be handed from one person to another.
    #[arg(long, env = "LINLI_CANCEL_DELAY_MINUTES", default_value_t = 5)]
    pub cancel_delay_minutes: u32,

    /// No-shows within --no-show-window-days that bar a number from booking (0: never).
    #[arg(long, env = "LINLI_NO_SHOW_LIMIT", default_value_t = 3)]
    pub no_show_limit: u32,

    /// The window the no-shows are counted in, in days.
    #[arg(long, env = "LINLI_NO_SHOW_WINDOW_DAYS", default_value_t = 90)]
    pub no_show_window_days: u32,

    /// How long a barred number may not book, in days from its last no-show.
    #[arg(long, env = "LINLI_NO_SHOW_BAN_DAYS", default_value_t = 30)]
    pub no_show_ban_days: u32,

    #[command(flatten)]
    pub edge: EdgeArgs,
}

impl ServeArgs {
    /// The waiting list's, the cancel delay's and the no-show bar's settings.
    pub fn seat_rules(&self) -> linli_shared::domain::booking::SeatRules {
        use chrono::TimeDelta;
        linli_shared::domain::booking::SeatRules {
            waitlist_hold: TimeDelta::minutes(i64::from(self.waitlist_hold_minutes)),
            cancel_delay: TimeDelta::minutes(i64::from(self.cancel_delay_minutes)),
            no_shows: linli_shared::domain::booking::NoShowRule {
                limit: self.no_show_limit,
                window: TimeDelta::days(i64::from(self.no_show_window_days)),
                ban: TimeDelta::days(i64::from(self.no_show_ban_days)),
            },
        }
    }
}

fn parse_header_name(text: &str) -> Result<axum::http::HeaderName, String> {
    axum::http::HeaderName::from_bytes(text.trim().as_bytes())
        .map_err(|_| format!("{text:?} is not a header name"))
}

/// What protects the server from slow, idle and too many clients, and how long requests may
/// take (see `http::connections` and `http::timeouts`).
#[derive(Debug, Clone, clap::Args)]
pub struct EdgeArgs {
    /// Seconds a client has to send the whole head of a request (request line and headers),
    /// counted from when the server starts waiting for it: on a new connection, and after the
    /// previous answer on a kept-alive one. Closes clients that send half a request.
    #[arg(long, env = "LINLI_HEADER_TIMEOUT_SECS", default_value_t = EdgeArgs::DEFAULT.header_timeout_secs)]
    pub header_timeout_secs: u64,

    /// Seconds a connection may stay open with no request being handled and no byte moving
    /// either way (a new connection that sends nothing, a kept-alive one between requests):
    /// the keep-alive timeout. Above the header timeout it changes nothing, since that one
    /// runs between requests too.
    #[arg(long, env = "LINLI_IDLE_TIMEOUT_SECS", default_value_t = EdgeArgs::DEFAULT.idle_timeout_secs)]
    pub idle_timeout_secs: u64,

    /// Open connections at most. Past it the server accepts no more until one closes: new
    /// clients wait in the kernel's listen backlog. Keep it well below `ulimit -n`.
    #[arg(long, env = "LINLI_MAX_CONNECTIONS", default_value_t = EdgeArgs::DEFAULT.max_connections)]
    pub max_connections: usize,

    /// Seconds a read request of the API (and every page or file) may take, from its head to
    /// its answer's head; past it the answer is 503 `internal`.
    #[arg(long, env = "LINLI_READ_TIMEOUT_SECS", default_value_t = EdgeArgs::DEFAULT.read_timeout_secs)]
    pub read_timeout_secs: u64,

    /// Seconds an upload request (photos, from slow rural links) may take, body included.
    /// No route uses it yet; the route group waits in `http::router`.
    #[arg(long, env = "LINLI_UPLOAD_TIMEOUT_SECS", default_value_t = EdgeArgs::DEFAULT.upload_timeout_secs)]
    pub upload_timeout_secs: u64,
}

impl EdgeArgs {
    /// The defaults, also used by tests and benchmarks that build a server in process.
    pub const DEFAULT: EdgeArgs = EdgeArgs {
        header_timeout_secs: 10,
        idle_timeout_secs: 5,
        max_connections: 4096,
        read_timeout_secs: 10,
        // 20 MB of photos at 1 Mbit/s up take under three minutes.
        upload_timeout_secs: 300,
    };
}

impl Default for EdgeArgs {
    fn default() -> Self {
        EdgeArgs::DEFAULT
    }
}

fn parse_fixed_time(text: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .map_err(|e| format!("expected local time as YYYY-MM-DDTHH:MM ({e})"))
}

/// Checks `LINLI_PUBLIC_URL` and writes it without a trailing slash.
pub fn parse_public_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let uri: axum::http::Uri = text.parse().map_err(|e| {
        format!("not a URL ({e}); expected the site's address, e.g. https://linli.example.cn")
    })?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => return Err(format!("the scheme must be http or https, not {other}")),
        None => {
            return Err(
                "expected an absolute URL starting with https:// or http://, e.g. \
                 https://linli.example.cn"
                    .to_owned(),
            );
        }
    }
    let authority = uri.authority().ok_or("the URL names no host")?;
    if authority.host().is_empty() || authority.as_str().contains('@') {
        return Err("the URL must name a host (and no user name or password)".to_owned());
    }
    if uri.path() != "/" && !uri.path().is_empty() {
        return Err(format!(
            "the app is served at the site's root: leave out the path {}",
            uri.path()
        ));
    }
    if uri.query().is_some() || text.contains('#') {
        return Err("leave out the query and the fragment".to_owned());
    }
    Ok(text.trim_end_matches('/').to_owned())
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Service points to generate.
    #[arg(long, default_value_t = 15_000)]
    pub points: usize,
    /// Service items (the demo's, then their variants).
    #[arg(long, default_value_t = 300)]
    pub items: usize,
    /// Item-at-point offerings in all.
    #[arg(long, default_value_t = 500_000)]
    pub offerings: usize,
    /// Random seed; the same seed gives the same file.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Where to write; standard output when left out.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_args(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        let cli = Cli::try_parse_from(["linli-server", "serve"].iter().chain(args))?;
        match cli.command {
            Command::Serve(args) => Ok(args),
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_edge_defaults_are_the_ones_tests_and_benchmarks_use() {
        let edge = serve_args(&[]).unwrap().edge;
        let default = EdgeArgs::DEFAULT;
        assert_eq!(edge.header_timeout_secs, default.header_timeout_secs);
        assert_eq!(edge.idle_timeout_secs, default.idle_timeout_secs);
        assert_eq!(edge.max_connections, default.max_connections);
        assert_eq!(edge.read_timeout_secs, default.read_timeout_secs);
        assert_eq!(edge.upload_timeout_secs, default.upload_timeout_secs);
    }

    #[test]
    fn the_client_address_header_is_a_header_name() {
        assert_eq!(serve_args(&[]).unwrap().client_ip_header, None);
        let set = serve_args(&["--client-ip-header", "X-Real-IP"]).unwrap();
        assert_eq!(set.client_ip_header.unwrap(), "x-real-ip");
        assert!(serve_args(&["--client-ip-header", "not a header"]).is_err());
    }

    #[test]
    fn staff_cookies_are_secure_unless_told_otherwise() {
        assert!(!serve_args(&[]).unwrap().insecure_cookies);
        assert!(
            serve_args(&["--insecure-cookies"])
                .unwrap()
                .insecure_cookies
        );
    }

    #[test]
    fn the_clock_is_fixed_only_by_an_explicit_well_formed_flag() {
        assert_eq!(serve_args(&[]).unwrap().fixed_time, None);
        let fixed = serve_args(&["--fixed-time", "2026-11-24T10:00"]).unwrap();
        assert_eq!(fixed.fixed_time.unwrap().to_string(), "2026-11-24 10:00:00");
        assert!(serve_args(&["--fixed-time", "tomorrow"]).is_err());
        assert!(serve_args(&["--fixed-time", "2026-11-24"]).is_err());
    }

    #[test]
    fn the_public_url_is_an_absolute_http_address_of_a_site_root() {
        assert_eq!(serve_args(&[]).unwrap().public_url, None);
        let set = serve_args(&["--public-url", "https://linli.example.cn/"]).unwrap();
        assert_eq!(set.public_url.as_deref(), Some("https://linli.example.cn"));
        assert_eq!(
            parse_public_url("http://10.0.0.5:8080").as_deref(),
            Ok("http://10.0.0.5:8080")
        );
        for wrong in [
            "linli.example.cn",
            "/items",
            "ftp://linli.example.cn",
            "https://",
            "https://linli.example.cn/app",
            "https://linli.example.cn/?kiosk=x",
            "https://linli.example.cn/#top",
            "https://user:pw@linli.example.cn",
            "not a url",
        ] {
            let error = parse_public_url(wrong);
            assert!(error.is_err(), "{wrong} accepted as {error:?}");
        }
        let clap_error = serve_args(&["--public-url", "linli.example.cn"]).unwrap_err();
        assert!(
            clap_error.to_string().contains("https://"),
            "the error says what is expected: {clap_error}"
        );
    }
}
