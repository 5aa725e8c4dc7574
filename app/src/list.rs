//! The resident's list of errands: several items on one sheet, their materials merged
//! (`linli_shared::domain::takeaway::merge_materials`).
//!
//! On a phone the list is kept in localStorage, so it is still there tomorrow. On a kiosk (a
//! public device) it lives in memory only and the idle reset empties it
//! (`Session::reset` calls [`clear`]).

use leptos::prelude::*;
use linli_shared::ids::ItemId;
use serde::{Deserialize, Serialize};

const LIST_KEY: &str = "linli.list";
/// More than any resident needs at once; keeps a sheet on one page and a QR code readable.
pub const MAX_ENTRIES: usize = 8;

/// An item on the list, with its names so the top bar and the list can show it at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
}

thread_local! {
    /// The list for the whole visit (an `Arc` signal: no page's disposal takes it away).
    static LIST: ArcRwSignal<Vec<Entry>> = ArcRwSignal::new(read_stored());
}

fn list_signal() -> ArcRwSignal<Vec<Entry>> {
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

fn read_stored() -> Vec<Entry> {
    if is_kiosk() {
        return Vec::new();
    }
    storage()
        .and_then(|s| s.get_item(LIST_KEY).ok().flatten())
        .and_then(|text| crate::api::decode::<Vec<Entry>>(&text).ok())
        .map(|mut entries| {
            entries.retain(|e| ItemId::parse(&e.id).is_ok());
            entries.truncate(MAX_ENTRIES);
            entries
        })
        .unwrap_or_default()
}

fn store(entries: &[Entry]) {
    if is_kiosk() {
        return;
    }
    // Through the browser's own JSON (as `api::decode` reads answers): serde_json's writer
    // and reader would add to the first load's wasm.
    let text = serde_wasm_bindgen::to_value(entries)
        .ok()
        .and_then(|value| web_sys::js_sys::JSON::stringify(&value).ok())
        .and_then(|text| text.as_string());
    if let (Some(storage), Some(text)) = (storage(), text) {
        let _ = storage.set_item(LIST_KEY, &text);
    }
}

/// The items on the list, in the order added (reactive).
pub fn entries() -> Vec<Entry> {
    list_signal().get()
}

/// How many items are on the list (reactive).
pub fn count() -> usize {
    list_signal().with(Vec::len)
}

/// Whether an item is on the list (reactive).
pub fn contains(id: &str) -> bool {
    list_signal().with(|list| list.iter().any(|e| e.id == id))
}

/// Puts an item on the list (once; at most [`MAX_ENTRIES`]). Returns whether it is on it.
pub fn add(entry: Entry) -> bool {
    let list = list_signal();
    let mut added = false;
    list.update(|l| {
        if l.iter().any(|e| e.id == entry.id) {
            added = true;
        } else if l.len() < MAX_ENTRIES {
            l.push(entry);
            added = true;
        }
    });
    list.with_untracked(|l| store(l));
    added
}

pub fn remove(id: &str) {
    let list = list_signal();
    list.update(|l| l.retain(|e| e.id != id));
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
