//! `--publish-only`: a staff publish of one changed item at province scale, as the server does
//! it: the draft applied to the catalogue's directory, validated whole, written by difference
//! with its audit entry (compared with the catalogue's directory, nothing read back), then the
//! catalogue built from the directory just written. Also: another instance's refresh (the
//! version seen, the directory read back and rebuilt).

use std::time::Instant;

use linli_server::catalog::refresh::{
    SharedCatalog, install_built, load_catalog, refresh_if_changed, start_building,
};
use linli_server::store::audit::AuditActor;
use linli_server::store::staff::NewAccountRecord;
use linli_server::store::{ImportOptions, Store};
use linli_shared::directory::{DirectoryFile, Material, MaterialForm};
use linli_shared::domain::draft::{DraftKind, DraftRecord, published, version_of};
use linli_shared::domain::staff::{Role, Scope, Username};

pub async fn run(name: &str, url: &str, file: &DirectoryFile) -> anyhow::Result<()> {
    let store = Store::open(url).await?;
    store
        .import_directory(file, ImportOptions::default(), &|_, _| {})
        .await?;
    let catalog = SharedCatalog::new(load_catalog(&store).await?);
    let account = store
        .create_account(
            NewAccountRecord {
                username: &Username::parse("bench")?,
                password_hash: "not a hash: this account never signs in",
                role: Role::PlatformAdmin,
                scope: &Scope::All,
            },
            &AuditActor::cli(),
            chrono::Utc::now(),
        )
        .await?;
    let at = linli_server::auth::format_time(chrono::Utc::now());
    let current = catalog.current();
    let mut item = current.to_file().items[0].clone();
    item.materials.push(Material {
        name: "近三个月银行流水".into(),
        form: MaterialForm::Copy,
        copies: 1,
        notes: String::new(),
        name_en: None,
        notes_en: None,
    });
    let base = published(&current.to_file(), DraftKind::Item, item.id.as_str())
        .expect("the first item is published");
    let entry = DraftRecord {
        kind: DraftKind::Item,
        id: item.id.as_str().to_owned(),
        base_version: Some(version_of(&base)),
        record: Some(serde_json::to_value(&item)?),
    };
    store.save_draft_record(account.id, &entry, &at).await?;

    // Another instance on the same database, at the same version.
    let other = SharedCatalog::new(load_catalog(&store).await?);

    // Where the time goes, each step alone (the publish below does them all).
    let started = Instant::now();
    let live = current.to_file();
    let copied = started.elapsed();
    let started = Instant::now();
    let next = linli_shared::domain::draft::apply(&live, std::slice::from_ref(&entry))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let applied = started.elapsed();
    let started = Instant::now();
    assert!(linli_shared::domain::validate::validate(&next).is_empty());
    let validated = started.elapsed();
    let started = Instant::now();
    drop(linli_server::catalog::Catalog::build(
        current.version() + 1,
        next,
    ));
    let built = started.elapsed();
    println!(
        "{name}: steps alone: catalogue to directory {copied:.2?}, draft applied {applied:.2?}, \
         validated {validated:.2?}, catalogue built {built:.2?}"
    );
    drop(live);

    let started = Instant::now();
    let live = current.to_file();
    // As the server does: the next catalogue built while the publish writes.
    let building = std::sync::Mutex::new(None);
    let next_version = current.version() + 1;
    let valid = |next: &DirectoryFile| {
        *building.lock().unwrap() = Some(start_building(next_version, next.clone()));
    };
    let published = store
        .publish_draft(
            account.id,
            &AuditActor::account(account.id, "bench"),
            &at,
            (current.version(), &live),
            &|_, _| Ok(()),
            &valid,
        )
        .await?
        .expect("nothing else changed the directory");
    let written = started.elapsed();
    let (summary, records) = (published.summary, published.records);
    let handle = building
        .lock()
        .unwrap()
        .take()
        .expect("the draft was valid");
    assert!(install_built(&catalog, handle).await?);
    drop(published.directory);
    let served = started.elapsed();
    assert!(records == 1 && summary.changed());
    assert_eq!(catalog.current().version(), summary.version);
    println!(
        "{name}: publish one changed item (apply + validate + write by difference + audit): \
         {written:.2?}; until this instance serves it (catalogue built from it meanwhile): \
         {served:.2?}"
    );
    let started = Instant::now();
    assert!(refresh_if_changed(&store, &other).await?);
    println!(
        "{name}: another instance's refresh (what changed read back, patched in, built): {:.2?}",
        started.elapsed()
    );
    store.close().await;
    Ok(())
}
