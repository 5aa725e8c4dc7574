//! The subcommands: serve, import, export, generate.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use linli_shared::directory::DirectoryFile;

use crate::config::{Cli, Command, GenerateArgs, ServeArgs};
use crate::directory::{generate, parse_directory, to_file_text};
use crate::startup::{Server, build_state, load_demo_if_empty, serve_clock};
use crate::store::Store;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database_url, args).await,
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            import(&cli.database_url, &text).await
        }
        Command::Export { file } => {
            let store = Store::open(&cli.database_url).await?;
            let (_, directory) = store.load_directory().await?;
            write_output(file.as_deref(), &to_file_text(&directory))
        }
        Command::Generate(args) => generate_file(args),
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let store = Store::open(database_url).await?;
    if args.demo {
        load_demo_if_empty(&store).await?;
    }
    let dist = args
        .dist
        .join("index.html")
        .exists()
        .then(|| args.dist.clone());
    if dist.is_none() {
        tracing::warn!(dist = %args.dist.display(), "no built app there: serving the API only");
    }
    let state = build_state(store.clone(), serve_clock(args.fixed_time)).await?;
    let server = Server::bind(
        state,
        args.addr,
        dist,
        Duration::from_secs(args.refresh_secs.max(1)),
        &args.edge,
    )
    .await?;
    server.run().await?;
    store.close().await;
    Ok(())
}

/// Checks the whole file, then writes it in one transaction with a progress bar on a terminal.
async fn import(database_url: &str, text: &str) -> anyhow::Result<()> {
    let file = match parse_directory(text) {
        Ok(file) => file,
        Err(problems) => {
            for p in &problems {
                eprintln!("  {p}");
            }
            bail!(
                "the directory file has {} problem(s); nothing was imported",
                problems.len()
            );
        }
    };
    let store = Store::open(database_url).await?;
    // indicatif draws nothing when standard error is not a terminal.
    let bar = ProgressBar::new(row_count(&file));
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    let version = store
        .replace_directory(&file, &|written| bar.set_position(written))
        .await?;
    bar.finish_and_clear();
    println!(
        "imported {} categories, {} items, {} points, {} offerings (directory version {version})",
        file.categories.len(),
        file.items.len(),
        file.points.len(),
        file.points.iter().map(|p| p.items.len()).sum::<usize>()
    );
    store.close().await;
    Ok(())
}

fn row_count(file: &DirectoryFile) -> u64 {
    let materials: usize = file.items.iter().map(|i| i.materials.len()).sum();
    let point_rows: usize = file
        .points
        .iter()
        .map(|p| 1 + p.closures.len() + p.items.len())
        .sum();
    (file.categories.len() + file.items.len() + materials + point_rows) as u64
}

fn generate_file(args: GenerateArgs) -> anyhow::Result<()> {
    let file = generate::generate(generate::Scale {
        points: args.points,
        items: args.items,
        offerings: args.offerings,
        seed: args.seed,
    });
    write_output(args.output.as_deref(), &to_file_text(&file))
}

fn write_output(path: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(())
        }
    }
}
