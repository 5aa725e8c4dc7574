//! Keeping the in-memory catalogue in step with the database, which stays the source of truth.
//!
//! Every directory change bumps `directory_meta.version`. Each server instance checks that
//! number every few seconds and rebuilds its catalogue when it moved, so an `import` run from the
//! command line, or on another instance sharing the PostgreSQL database, shows up everywhere.
//! A publish on this instance builds its catalogue from the directory it has just written
//! (`install`), without reading it back; the other instances read back only the records changed
//! since their catalogue's version (`changed_in`), not the whole directory.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use linli_shared::directory::DirectoryFile;

use super::Catalog;
use crate::error::Error;
use crate::store::Store;
use crate::store::directory::{DirectoryChanges, Placed};
use crate::store::notify::{Heard, RECONNECT_AFTER};

/// The current catalogue, swapped whole when a new one is ready; readers never wait for a rebuild.
#[derive(Clone)]
pub struct SharedCatalog {
    current: Arc<RwLock<Arc<Catalog>>>,
    /// Held while the directory is read back and rebuilt, so that a poll, a notification and a
    /// staff request that all see a new version read it once, not three times.
    refreshing: Arc<tokio::sync::Mutex<()>>,
}

impl SharedCatalog {
    pub fn new(index: Catalog) -> SharedCatalog {
        SharedCatalog {
            current: Arc::new(RwLock::new(Arc::new(index))),
            refreshing: Default::default(),
        }
    }

    pub fn current(&self) -> Arc<Catalog> {
        // A poisoned lock only means a writer panicked mid-swap; the Arc inside is still whole.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Swaps `index` in unless the catalogue there is of its version or a later one (versions
    /// only grow: whoever built the later one wins). Returns whether it did.
    fn replace_if_newer(&self, index: Catalog) -> bool {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.version() >= index.version() {
            return false;
        }
        *current = Arc::new(index);
        true
    }
}

/// Builds the catalogue of `file` at `version` off the async threads, to be installed once that
/// version is written (a publish builds it while it writes).
pub fn start_building(version: i64, file: DirectoryFile) -> tokio::task::JoinHandle<Catalog> {
    tokio::task::spawn_blocking(move || Catalog::build(version, file))
}

/// Swaps in a catalogue started with `start_building`, once its version is written.
pub async fn install_built(
    shared: &SharedCatalog,
    building: tokio::task::JoinHandle<Catalog>,
) -> Result<bool, Error> {
    let index = building
        .await
        .map_err(|e| anyhow::anyhow!("building the catalogue failed: {e}"))?;
    Ok(shared.replace_if_newer(index))
}

/// Builds the catalogue of `file`, the directory at `version` that this instance has just
/// written (a publish), and swaps it in: nothing is read from the database.
pub async fn install(
    shared: &SharedCatalog,
    version: i64,
    file: DirectoryFile,
) -> Result<bool, Error> {
    if shared.current().version() >= version {
        return Ok(false);
    }
    let index = tokio::task::spawn_blocking(move || Catalog::build(version, file))
        .await
        .map_err(|e| anyhow::anyhow!("building the catalogue failed: {e}"))?;
    Ok(shared.replace_if_newer(index))
}

/// Reads the directory and builds its catalogue (the building runs off the async threads).
pub async fn load_catalog(store: &Store) -> Result<Catalog, Error> {
    let (version, file) = store.load_directory().await?;
    let index = tokio::task::spawn_blocking(move || Catalog::build(version, file))
        .await
        .map_err(|e| anyhow::anyhow!("building the catalogue failed: {e}"))?;
    tracing::info!(
        version,
        items = index.item_count(),
        points = index.point_count(),
        "catalogue built"
    );
    Ok(index)
}

/// Rebuilds the catalogue now if the directory changed since it was built.
pub async fn refresh_if_changed(store: &Store, shared: &SharedCatalog) -> Result<bool, Error> {
    let version = store.directory_version().await?;
    if version <= shared.current().version() {
        return Ok(false);
    }
    let _one_at_a_time = shared.refreshing.lock().await;
    // Another refresh may have read it while this one waited.
    let current = shared.current();
    if version <= current.version() {
        return Ok(false);
    }
    // Only what changed since this catalogue's version is read; the whole directory when that
    // does not fit together (it never should).
    let changes = store.directory_changes(current.version()).await?;
    let version = changes.version;
    let catalog = tokio::task::spawn_blocking(move || {
        patched(&current, changes).map(|file| Catalog::build(version, file))
    })
    .await
    .map_err(|e| anyhow::anyhow!("building the catalogue failed: {e}"))?;
    let catalog = match catalog {
        Some(catalog) => catalog,
        None => {
            tracing::warn!(
                version,
                "the directory's changes did not fit the catalogue: reading it whole"
            );
            load_catalog(store).await?
        }
    };
    Ok(shared.replace_if_newer(catalog))
}

/// The directory of `current` with `changes` (every record changed after its version) applied:
/// the changed records replace or join the others at their place in the file, the retired ones
/// leave. `None` when the result does not fit together: two records at one place, or not as
/// many records as the database holds.
fn patched(current: &Catalog, changes: DirectoryChanges) -> Option<DirectoryFile> {
    let old = current.to_file();
    let file = DirectoryFile {
        format: old.format,
        categories: patch(old.categories, changes.categories, |c| c.id.as_str())?,
        items: patch(old.items, changes.items, |i| i.id.as_str())?,
        points: patch(old.points, changes.points, |p| p.id.as_str())?,
    };
    let counts = [file.categories.len(), file.items.len(), file.points.len()];
    (counts == changes.live).then_some(file)
}

/// `old` (each record's place in the file is its index: every import writes them so) with the
/// `changed` records in their new places.
fn patch<T>(old: Vec<T>, changed: Vec<Placed<T>>, id: impl Fn(&T) -> &str) -> Option<Vec<T>> {
    let touched: HashSet<String> = changed.iter().map(|p| id(&p.record).to_owned()).collect();
    let mut placed: Vec<(i64, T)> = old
        .into_iter()
        .enumerate()
        .filter(|(_, r)| !touched.contains(id(r)))
        .map(|(i, r)| (i as i64, r))
        .collect();
    placed.extend(
        changed
            .into_iter()
            .filter(|p| !p.retired)
            .map(|p| (p.position, p.record)),
    );
    placed.sort_by_key(|(position, _)| *position);
    if placed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    Some(placed.into_iter().map(|(_, r)| r).collect())
}

/// Keeps the catalogue in step with the database until the process ends: checks the version
/// every `every` (the fallback, and on SQLite the only way), and on PostgreSQL also whenever the
/// database announces a change (`store::notify`), so a publish on another instance shows here
/// within moments.
pub fn spawn_refresher(store: Store, shared: SharedCatalog, every: Duration) {
    let (poll_store, poll_shared) = (store.clone(), shared.clone());
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            refresh_logged(&poll_store, &poll_shared).await;
        }
    });
    tokio::spawn(follow_announcements(store, shared));
}

async fn refresh_logged(store: &Store, shared: &SharedCatalog) {
    if let Err(e) = refresh_if_changed(store, shared).await {
        tracing::warn!(error = %e, "could not refresh the catalogue; keeping the old one");
    }
}

/// PostgreSQL: refreshes on every announced change, and after a lost connection (a change may
/// have gone unheard). Returns at once on SQLite.
async fn follow_announcements(store: Store, shared: SharedCatalog) {
    loop {
        let mut listener = match store.listen_directory().await {
            Ok(Some(listener)) => listener,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for directory changes; polling only until it can");
                tokio::time::sleep(RECONNECT_AFTER).await;
                continue;
            }
        };
        tracing::debug!("listening for directory changes");
        // Whatever changed before the listener was there.
        refresh_logged(&store, &shared).await;
        loop {
            match listener.next().await {
                Ok(Heard::Changed(version)) if version <= shared.current().version() => {}
                Ok(_) => refresh_logged(&store, &shared).await,
                Err(e) => {
                    tracing::warn!(error = %e, "lost the directory listener; connecting again");
                    break;
                }
            }
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}
