//! Keeping the in-memory catalogue in step with the database, which stays the source of truth.
//!
//! Every directory change bumps `directory_meta.version`. Each server instance checks that
//! number every few seconds and rebuilds its catalogue when it moved, so an `import` run from the
//! command line, or on another instance sharing the PostgreSQL database, shows up everywhere.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::Catalog;
use crate::error::Error;
use crate::store::Store;

/// The current catalogue, swapped whole when a new one is ready; readers never wait for a rebuild.
#[derive(Clone)]
pub struct SharedCatalog(Arc<RwLock<Arc<Catalog>>>);

impl SharedCatalog {
    pub fn new(index: Catalog) -> SharedCatalog {
        SharedCatalog(Arc::new(RwLock::new(Arc::new(index))))
    }

    pub fn current(&self) -> Arc<Catalog> {
        // A poisoned lock only means a writer panicked mid-swap; the Arc inside is still whole.
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn replace(&self, index: Catalog) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
    }
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
    if version == shared.current().version() {
        return Ok(false);
    }
    shared.replace(load_catalog(store).await?);
    Ok(true)
}

/// Checks for directory changes every `every` until the process ends.
pub fn spawn_refresher(store: Store, shared: SharedCatalog, every: Duration) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ticker.tick().await;
        loop {
            ticker.tick().await;
            if let Err(e) = refresh_if_changed(&store, &shared).await {
                tracing::warn!(error = %e, "could not refresh the catalogue; keeping the old one");
            }
        }
    });
}
