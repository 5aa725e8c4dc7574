//! The browser tab's title: the page's own name before the brand, in the display language
//! ("居住证 · 邻里 · 社区服务"), so a resident with several tabs open, and a screen reader
//! announcing a new page, can tell which page this is.

use leptos::prelude::*;

use crate::i18n::{Msg, t};
use crate::session::lang;

/// Keeps the tab's title on `name` (empty: the brand alone) while the page is shown, following
/// the display language.
pub fn page_title(name: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let brand = t(lang(), Msg::Brand);
        let name = name();
        let title = if name.is_empty() {
            brand.to_owned()
        } else {
            format!("{name} · {brand}")
        };
        document().set_title(&title);
    });
}
