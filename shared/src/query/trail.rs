//! The one thing the resident app tells the server about how it is used, for the search
//! insights, without anything that tells residents apart: an item's or a point's page fetched
//! after a search carries `from_search=<that search's text>` (a search led to opening a result),
//! and a search that goes on from the previous one as the resident types carries
//! `replaces=<the previous text>` (so that only what they meant is counted).
//!
//! [`follow`] is all the app calls: every API address goes through it on its way out
//! (`app/src/api.rs`, one line). It remembers the last search's text in memory only, for the
//! device's own tab; nothing is stored.

use std::cell::RefCell;

use super::{QueryParams, encode};

/// The parameter that says which search an item or a point was opened from.
pub const FROM_SEARCH: &str = "from_search";
/// The parameter that says which search a search continues (the resident typed on).
pub const REPLACES: &str = "replaces";

const SEARCH: &str = "/api/v1/search?";
const OPENED: [&str; 2] = ["/api/v1/items/", "/api/v1/points/"];
/// Pages that are not reached from a search's results: opening them ends the trail.
const ELSEWHERE: [&str; 2] = ["/api/v1/overview", "/api/v1/categories"];

/// What a device remembers of its last search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail {
    last_search: Option<String>,
}

impl Trail {
    /// The address `url` as it should be sent, given what came before; remembers what it needs.
    pub fn follow(&mut self, url: &str) -> String {
        if let Some(query) = url.strip_prefix(SEARCH) {
            let text = QueryParams::parse(query)
                .ok()
                .and_then(|p| p.get("q").map(|q| q.trim().to_owned()))
                .filter(|q| !q.is_empty());
            let previous = std::mem::replace(&mut self.last_search, text.clone());
            return match (previous, text) {
                (Some(previous), Some(text))
                    if previous != text
                        && (text.starts_with(&previous) || previous.starts_with(&text)) =>
                {
                    format!("{url}&{REPLACES}={}", encode(&previous))
                }
                _ => url.to_owned(),
            };
        }
        if OPENED.iter().any(|p| url.starts_with(p)) {
            if let Some(text) = &self.last_search {
                let joint = if url.contains('?') { '&' } else { '?' };
                return format!("{url}{joint}{FROM_SEARCH}={}", encode(text));
            }
        } else if ELSEWHERE.iter().any(|p| url.starts_with(p)) {
            self.last_search = None;
        }
        url.to_owned()
    }
}

thread_local! {
    static TRAIL: RefCell<Trail> = RefCell::new(Trail::default());
}

/// [`Trail::follow`] with the tab's own trail (the app is one thread).
pub fn follow(url: &str) -> String {
    TRAIL.with(|t| t.borrow_mut().follow(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_opened_after_a_search_says_which_search() {
        let mut trail = Trail::default();
        assert_eq!(trail.follow("/api/v1/items/dibao"), "/api/v1/items/dibao");
        assert_eq!(
            trail.follow("/api/v1/search?q=%E4%BD%8E%E4%BF%9D&limit=20"),
            "/api/v1/search?q=%E4%BD%8E%E4%BF%9D&limit=20"
        );
        assert_eq!(
            trail.follow("/api/v1/items/dibao?at=p1"),
            "/api/v1/items/dibao?at=p1&from_search=%E4%BD%8E%E4%BF%9D"
        );
        // Back to the results, another one opened: that counts too.
        assert_eq!(
            trail.follow("/api/v1/points/p2"),
            "/api/v1/points/p2?from_search=%E4%BD%8E%E4%BF%9D"
        );
        // Home or a category ends it.
        trail.follow("/api/v1/overview");
        assert_eq!(trail.follow("/api/v1/items/x"), "/api/v1/items/x");
        assert_eq!(trail.follow("/api/v1/settings"), "/api/v1/settings");
    }

    #[test]
    fn typing_on_replaces_the_search_before() {
        let mut trail = Trail::default();
        trail.follow("/api/v1/search?q=lao");
        assert_eq!(
            trail.follow("/api/v1/search?q=laoren"),
            "/api/v1/search?q=laoren&replaces=lao"
        );
        // Deleting a letter replaces too; a new search does not; the same one again does not.
        assert_eq!(
            trail.follow("/api/v1/search?q=laore"),
            "/api/v1/search?q=laore&replaces=laoren"
        );
        assert_eq!(
            trail.follow("/api/v1/search?q=dibao"),
            "/api/v1/search?q=dibao"
        );
        assert_eq!(
            trail.follow("/api/v1/search?q=dibao"),
            "/api/v1/search?q=dibao"
        );
        assert_eq!(
            trail.follow("/api/v1/items/a"),
            "/api/v1/items/a?from_search=dibao"
        );
    }
}
