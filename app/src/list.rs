//! The resident's list of errands: several items on one sheet, their materials merged
//! (`linli_shared::domain::takeaway::merge_materials`).
//!
//! On a phone the list is kept in localStorage, so it is still there tomorrow. On a kiosk (a
//! public device) it lives in memory only and the idle reset empties it
//! (`Session::reset` calls [`clear`]).

use leptos::prelude::*;
use linli_shared::ids::ItemId;

const LIST_KEY: &str = "linli.list";
/// More than any resident needs at once; keeps a sheet on one page and a QR code readable.
pub const MAX_ENTRIES: usize = 8;

thread_local! {
    /// The items' ids for the whole visit, in the order added (an `Arc` signal: no page's
    /// disposal takes it away).
    static LIST: ArcRwSignal<Vec<String>> = ArcRwSignal::new(read_stored());
}

fn list_signal() -> ArcRwSignal<Vec<String>> {
    LIST.with(ArcRwSignal::clone)
}

fn is_kiosk() -> bool {
    use_context::<crate::session::Session>().is_some_and(|s| s.is_kiosk())
        || window()
            .location()
            .search()
            .is_ok_and(|s| s.contains("kiosk="))
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Stored as the address writes a list (`dibao,elderly-preferential-card`): no JSON code in
/// the first load's wasm for it.
fn read_stored() -> Vec<String> {
    if is_kiosk() {
        return Vec::new();
    }
    storage()
        .and_then(|s| s.get_item(LIST_KEY).ok().flatten())
        .map(|text| ids_from_param(&text))
        .unwrap_or_default()
}

fn store(ids: &[String]) {
    if is_kiosk() {
        return;
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item(LIST_KEY, &ids_param(ids));
    }
}

/// The ids of the items on the list, in the order added (reactive).
pub fn ids() -> Vec<String> {
    list_signal().get()
}

/// How many items are on the list (reactive).
pub fn count() -> usize {
    list_signal().with(Vec::len)
}

/// Whether an item is on the list (reactive).
pub fn contains(id: &str) -> bool {
    list_signal().with(|list| list.iter().any(|e| e == id))
}

/// Puts an item on the list (once; at most [`MAX_ENTRIES`]). Returns whether it is on it.
pub fn add(id: &str) -> bool {
    let list = list_signal();
    let mut added = false;
    list.update(|l| {
        if l.iter().any(|e| e == id) {
            added = true;
        } else if l.len() < MAX_ENTRIES && ItemId::parse(id).is_ok() {
            l.push(id.to_owned());
            added = true;
        }
    });
    list.with_untracked(|l| store(l));
    added
}

pub fn remove(id: &str) {
    let list = list_signal();
    list.update(|l| l.retain(|e| e != id));
    list.with_untracked(|l| store(l));
}

/// Empties the list (the kiosk's idle reset; storage is cleared by the reset itself).
pub fn clear() {
    list_signal().set(Vec::new());
}

/// The ids of a list as an address writes them: `dibao,elderly-preferential-card`.
pub fn ids_param(ids: &[String]) -> String {
    ids.join(",")
}

/// Reads the ids of `?items=…` back: valid ids, each once, at most [`MAX_ENTRIES`].
pub fn ids_from_param(param: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in param.split(',').map(str::trim) {
        if ItemId::parse(id).is_ok() && !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    ids.truncate(MAX_ENTRIES);
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_lists_ids_round_trip_through_its_address() {
        let ids = vec!["dibao".to_owned(), "elderly-preferential-card".to_owned()];
        assert_eq!(ids_from_param(&ids_param(&ids)), ids);
        assert_eq!(
            ids_from_param("dibao,,Bad Id,dibao,id-card"),
            ["dibao", "id-card"]
        );
    }
}
