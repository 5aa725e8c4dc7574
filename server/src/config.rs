//! The command line: every option also readable from the environment, each explained by --help.

use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// Write a generated province-scale directory file, for benchmarks.
    Generate(GenerateArgs),
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
    /// instance) and rebuild the search index.
    #[arg(long, env = "LINLI_REFRESH_SECS", default_value_t = 10)]
    pub refresh_secs: u64,
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
