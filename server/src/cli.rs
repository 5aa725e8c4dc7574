//! The subcommands: serve, import, export, generate, staff.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{Cli, Command, GenerateArgs, ServeArgs, StaffCommand};
use linli_shared::domain::staff::{Role, Scope, Username, check_new_password};
use linli_shared::error::ErrorCode;

use crate::auth::{generate_password, hash_password};
use crate::directory::{generate, parse_directory, to_file_text};
use crate::error::Error;
use crate::startup::{
    Server, build_state, create_demo_accounts_if_none, load_demo_if_empty, serve_clock,
};
use crate::store::audit::AuditActor;
use crate::store::staff::{AccountRecord, NewAccountRecord};
use crate::store::{Backend, Changes, ImportOptions, Store};

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
        Command::Schedules { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let schedules = crate::appointments::parse_schedules(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let store = Store::open(&cli.database_url).await?;
            let (_, directory) = store.load_directory().await?;
            let problems =
                linli_shared::domain::schedule::schedules_problems(&schedules, &directory);
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("  {p}");
                }
                bail!(
                    "the schedules file has {} problem(s); nothing was changed",
                    problems.len()
                );
            }
            store
                .replace_schedules(&schedules, crate::startup::china_now())
                .await?;
            println!("{} schedule(s) loaded", schedules.schedules.len());
            store.close().await;
            Ok(())
        }
        Command::Staff { command } => {
            let store = Store::open(&cli.database_url).await?;
            let result = staff(&store, command).await;
            store.close().await;
            result
        }
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let store = Store::open(database_url).await?;
    if args.demo {
        load_demo_if_empty(&store).await?;
        create_demo_accounts_if_none(&store).await?;
        crate::startup::load_demo_schedules_if_none(&store).await?;
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
    if args.insecure_cookies {
        tracing::warn!(
            "--insecure-cookies: the staff session cookie is sent over plain HTTP (development \
             only)"
        );
    }
    state.secure_cookies = !args.insecure_cookies;
    let photo_dir = args
        .photo_dir
        .clone()
        .unwrap_or_else(|| crate::cases::photo_files::default_photo_dir(database_url));
    tracing::info!(dir = %photo_dir.display(), "residents' photos are kept here");
    state.photos = crate::cases::photo_files::PhotoDir::new(photo_dir);
    state.seat_rules = args.seat_rules();
    state.client_ip_header = args.client_ip_header.clone();
    state.settings = std::sync::Arc::new(linli_shared::api::Settings {
        public_url: args.public_url.clone(),
    });
    let default_cpu = crate::http::cpu::CpuPool::per_core();
    let slots = args.search_slots.unwrap_or(default_cpu.slots());
    let queue = args.search_queue.unwrap_or(default_cpu.max_waiting());
    tracing::info!(slots, queue, "searches run on the blocking pool");
    state.cpu = std::sync::Arc::new(crate::http::cpu::CpuPool::new(slots, queue));
    let sender = crate::sms::sender_from(
        args.sms_outbox.clone(),
        args.sms_url.clone().map(|url| {
            (
                url,
                args.sms_secret_header.clone(),
                args.sms_secret.clone().unwrap_or_default(),
            )
        }),
    );
    match (&args.sms_url, &args.sms_outbox) {
        (Some(url), _) => tracing::info!(%url, "text messages go to the SMS gateway"),
        (None, Some(file)) => {
            tracing::info!(file = %file.display(), "text messages are logged and written to the file")
        }
        (None, None) => tracing::info!("text messages are only logged (development sender)"),
    }
    crate::sms::spawn_drainer(store.clone(), sender, state.sms_wake.clone());
    state.insights = std::sync::Arc::new(crate::insights::SearchCounter::new(args.insights_days));
    let server = Server::bind(
        state,
        args.addr,
        dist,
        Duration::from_secs(
            args.refresh_secs
                .unwrap_or(match store.backend() {
                    Backend::Sqlite => 1,
                    Backend::Postgres => 10,
                })
                .max(1),
        ),
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
    let at = crate::auth::format_time(chrono::Utc::now());
    let result = store
        .import_directory_audited(
            &file,
            options,
            &AuditActor::cli(),
            &at,
            &|written, total| {
                bar.set_length(total);
                bar.set_position(written);
            },
        )
        .await;
    bar.finish_and_clear();
    store.close().await;
    let (summary, audited) = match result {
        Ok(done) => done,
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
        println!(
            "directory version {}; {audited} record(s) changed, each in the audit log (by cli)",
            summary.version
        );
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

/// `linli-server staff …`: accounts from the server's own command line (how the first admin
/// comes to be). Every change goes to the audit log as made by `cli`.
async fn staff(store: &Store, command: StaffCommand) -> anyhow::Result<()> {
    let actor = AuditActor::cli();
    let now = chrono::Utc::now();
    match command {
        StaffCommand::Add {
            username,
            role,
            scope,
        } => {
            let username = Username::parse(&username)?;
            let role = Role::parse(&role).with_context(|| {
                format!(
                    "unknown role {role:?}: use one of {}",
                    Role::ALL.map(Role::as_str).join(", ")
                )
            })?;
            let scope = scope.as_deref().map(Scope::parse).transpose()?;
            let scope = Scope::for_role(role, scope)?;
            if let Scope::Point(id) = &scope
                && store.point_district(id.as_str()).await?.is_none()
            {
                bail!("there is no service point {id} in the directory");
            }
            if let Scope::Department(id) = &scope
                && !store.department_exists(id).await?
            {
                bail!("there is no department {id}");
            }
            let (password, generated) = new_password()?;
            let hash = hash_password(&password)?;
            let account = store
                .create_account(
                    NewAccountRecord {
                        username: &username,
                        password_hash: &hash,
                        role,
                        scope: &scope,
                    },
                    &actor,
                    now,
                )
                .await
                .map_err(|e| match e.code() {
                    ErrorCode::Conflict => anyhow::anyhow!("the user name {username} is taken"),
                    _ => e.into(),
                })?;
            println!(
                "created {} ({}, {})",
                account.username, account.role, account.scope
            );
            if generated {
                println!("password (shown once): {password}");
            }
        }
        StaffCommand::List => {
            for a in store.accounts().await? {
                println!(
                    "{}\t{}\t{}{}",
                    a.username,
                    a.role,
                    a.scope,
                    if a.is_disabled() { "\tdisabled" } else { "" }
                );
            }
        }
        StaffCommand::Disable { username } => {
            let account = find_account(store, &username).await?;
            store.disable_account(account.id, &actor, now).await?;
            println!("disabled {}; its sessions are ended", account.username);
        }
        StaffCommand::Enable { username } => {
            let account = find_account(store, &username).await?;
            store.enable_account(account.id, &actor, now).await?;
            println!("enabled {}", account.username);
        }
        StaffCommand::ResetPassword { username } => {
            let account = find_account(store, &username).await?;
            let (password, generated) = new_password()?;
            let hash = hash_password(&password)?;
            store.reset_password(account.id, &hash, &actor, now).await?;
            println!(
                "new password set for {}; its sessions are ended",
                account.username
            );
            if generated {
                println!("password (shown once): {password}");
            }
        }
    }
    Ok(())
}

async fn find_account(store: &Store, username: &str) -> anyhow::Result<AccountRecord> {
    let name = Username::parse(username)?;
    store
        .account_by_username(name.as_str())
        .await?
        .with_context(|| format!("there is no account {name}"))
}

/// The new password: one line of standard input when it is not a terminal, else generated.
/// Returns whether it was generated (then it is printed once).
fn new_password() -> anyhow::Result<(String, bool)> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok((generate_password(), true));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Ok((generate_password(), true));
    }
    check_new_password(&password)?;
    Ok((password, false))
}
