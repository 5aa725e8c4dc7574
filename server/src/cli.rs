//! The subcommands: serve, import, export, generate.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{Cli, Command, GenerateArgs, ServeArgs};
use crate::directory::{generate, parse_directory, to_file_text};
use crate::error::Error;
use crate::startup::{Server, build_state, load_demo_if_empty, serve_clock};
use crate::store::{Changes, ImportOptions, Store};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database_url, args).await,
        Command::Import {
            file,
            allow_retiring_most,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let options = ImportOptions {
                allow_retiring_most,
            };
            import(&cli.database_url, &text, options).await
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
    let mut state = build_state(store.clone(), serve_clock(args.fixed_time)).await?;
    if let Some(url) = &args.public_url {
        tracing::info!(public_url = %url, "QR codes encode the public address");
    }
    state.settings = std::sync::Arc::new(linli_shared::api::Settings {
        public_url: args.public_url.clone(),
    });
    let default_cpu = crate::http::cpu::CpuPool::per_core();
    let slots = args.search_slots.unwrap_or(default_cpu.slots());
    let queue = args.search_queue.unwrap_or(default_cpu.max_waiting());
    tracing::info!(slots, queue, "searches run on the blocking pool");
    state.cpu = std::sync::Arc::new(crate::http::cpu::CpuPool::new(slots, queue));
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

/// Checks the whole file, then applies it in one transaction with a progress bar on a terminal.
async fn import(database_url: &str, text: &str, options: ImportOptions) -> anyhow::Result<()> {
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
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    let result = store
        .import_directory(&file, options, &|written, total| {
            bar.set_length(total);
            bar.set_position(written);
        })
        .await;
    bar.finish_and_clear();
    store.close().await;
    let summary = match result {
        Ok(summary) => summary,
        Err(Error::RetiresMost(refused)) => bail!(
            "{refused}.\nIf the directory really shrinks this much, run the import again with \
             --allow-retiring-most."
        ),
        Err(e) => return Err(e.into()),
    };
    println!(
        "imported {} categories, {} items, {} points, {} offerings",
        file.categories.len(),
        file.items.len(),
        file.points.len(),
        file.points.iter().map(|p| p.items.len()).sum::<usize>()
    );
    for (name, changes) in [
        ("categories", summary.categories),
        ("items", summary.items),
        ("points", summary.points),
        ("offerings", summary.offerings),
    ] {
        println!("  {name}: {}", describe(&changes));
    }
    if summary.changed() {
        println!("directory version {}", summary.version);
    } else {
        println!(
            "nothing changed; the directory stays at version {}",
            summary.version
        );
    }
    Ok(())
}

fn describe(c: &Changes) -> String {
    format!(
        "{} added, {} updated, {} moved, {} brought back, {} retired, {} unchanged",
        c.added, c.updated, c.moved, c.revived, c.retired, c.unchanged
    )
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
