//! The state a whole visit shares: display language, elder mode and text size, whether this is
//! a kiosk (and at which service point), and the trail of pages for the back button.
//!
//! On a phone, the language, elder mode and text size are remembered in localStorage; the first
//! visit follows the browser's languages (English when the first of Chinese and English it
//! names is English). `?lang=en` or `?lang=zh` in the first address (a shared link, a QR code)
//! decides over both. On a kiosk nothing is stored, it starts in Chinese (unless its address
//! says `lang`), and [`Session::reset`] wipes everything for the next person, back to Chinese.

use leptos::prelude::*;
use linli_shared::error::Lang;
use wasm_bindgen::JsCast;

use crate::routes::Page;

/// Root text size in CSS px: normal, and elder mode's default and bounds (适老化: at least 18 px,
/// adjustable to at least 30 px).
pub const NORMAL_FONT_PX: u32 = 18;
pub const ELDER_FONT_PX: u32 = 22;
pub const MIN_FONT_PX: u32 = 18;
pub const MAX_FONT_PX: u32 = 30;
/// On a kiosk (a screen read from an arm's length or more): normal text, and elder mode's
/// default and smallest size. Body text there is never under 20 px, and elder mode larger.
pub const KIOSK_FONT_PX: u32 = 22;
pub const KIOSK_ELDER_FONT_PX: u32 = 26;
pub const KIOSK_MIN_FONT_PX: u32 = 22;
const FONT_STEP_PX: u32 = 2;

const ELDER_KEY: &str = "linli.elder";
const FONT_KEY: &str = "linli.font";
const LANG_KEY: &str = "linli.lang";
/// The kiosk's service point, on a kiosk only (see [`kiosk_of_device`]).
const KIOSK_KEY: &str = "linli.kiosk";

#[derive(Clone, Copy)]
pub struct Session {
    pub lang: RwSignal<Lang>,
    pub elder: RwSignal<bool>,
    /// The root font size in elder mode.
    pub elder_font_px: RwSignal<u32>,
    /// The kiosk's own service point, when this screen is a kiosk (`?kiosk=<point id>`).
    pub kiosk: StoredValue<Option<String>>,
    /// Paths visited, newest last, for the in-app back button.
    pub trail: RwSignal<Vec<String>>,
}

impl Session {
    /// Starts the session from the page's first URL and, on a phone, the remembered settings.
    pub fn provide() -> Session {
        let kiosk = kiosk_of_device();
        let remembered = |key| {
            if kiosk.is_some() {
                None
            } else {
                storage().and_then(|s| s.get_item(key).ok().flatten())
            }
        };
        let elder = remembered(ELDER_KEY).as_deref() == Some("1");
        let font = remembered(FONT_KEY)
            .and_then(|f| f.parse().ok())
            .filter(|f| (MIN_FONT_PX..=MAX_FONT_PX).contains(f))
            .unwrap_or(if kiosk.is_some() {
                KIOSK_ELDER_FONT_PX
            } else {
                ELDER_FONT_PX
            });
        let asked = query_param("lang").and_then(|l| lang_from_tag(&l));
        let lang = asked
            .or_else(|| remembered(LANG_KEY).and_then(|l| lang_from_tag(&l)))
            .or_else(|| kiosk.is_none().then(browser_lang))
            .unwrap_or(Lang::Zh);
        let session = Session {
            lang: RwSignal::new(lang),
            elder: RwSignal::new(elder),
            elder_font_px: RwSignal::new(font),
            kiosk: StoredValue::new(kiosk),
            trail: RwSignal::new(Vec::new()),
        };
        provide_context(session);
        session.reflect_on_document();
        if asked.is_some() {
            session.remember();
        }
        session
    }

    pub fn is_kiosk(&self) -> bool {
        self.kiosk.with_value(Option::is_some)
    }

    pub fn kiosk_point(&self) -> Option<String> {
        self.kiosk.get_value()
    }

    /// The start screen: on a kiosk it keeps the kiosk's point in the address.
    pub fn home_href(&self) -> String {
        let kiosk = self.kiosk_point();
        Page::Home {
            kiosk: kiosk.as_deref(),
        }
        .href()
    }

    pub fn toggle_lang(&self) {
        self.lang
            .update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
        self.remember();
    }

    pub fn toggle_elder(&self) {
        self.elder.update(|e| *e = !*e);
        self.remember();
    }

    pub fn larger(&self) {
        self.elder_font_px
            .update(|f| *f = (*f + FONT_STEP_PX).min(MAX_FONT_PX));
        self.remember();
    }

    pub fn smaller(&self) {
        self.elder_font_px
            .update(|f| *f = f.saturating_sub(FONT_STEP_PX).max(self.min_font_px()));
        self.remember();
    }

    /// The root font size now in force.
    pub fn font_px(&self) -> u32 {
        if self.elder.get() {
            self.elder_font_px.get()
        } else {
            self.normal_font_px()
        }
    }

    /// The root font size outside elder mode: larger on a kiosk.
    pub fn normal_font_px(&self) -> u32 {
        if self.is_kiosk() {
            KIOSK_FONT_PX
        } else {
            NORMAL_FONT_PX
        }
    }

    /// The smallest size elder mode offers: never under a kiosk's normal text.
    pub fn min_font_px(&self) -> u32 {
        if self.is_kiosk() {
            KIOSK_MIN_FONT_PX
        } else {
            MIN_FONT_PX
        }
    }

    /// Back to the defaults with nothing of the last person kept: settings, trail, storage.
    pub fn reset(&self) {
        self.lang.set(Lang::Zh);
        self.elder.set(false);
        self.elder_font_px.set(if self.is_kiosk() {
            KIOSK_ELDER_FONT_PX
        } else {
            ELDER_FONT_PX
        });
        self.trail.set(Vec::new());
        crate::list::clear();
        crate::resident::forget();
        let window = window();
        for store in [window.local_storage(), window.session_storage()] {
            if let Ok(Some(store)) = store {
                let _ = store.clear();
            }
        }
        // The device's own setting stays: it is still this point's kiosk after a reload.
        if let (Some(point), Some(store)) = (self.kiosk_point(), storage()) {
            let _ = store.set_item(KIOSK_KEY, &point);
        }
    }

    /// Phones remember the language, elder mode and text size; kiosks never store anything.
    fn remember(&self) {
        if self.is_kiosk() {
            return;
        }
        if let Some(store) = storage() {
            let elder = if self.elder.get_untracked() { "1" } else { "0" };
            let _ = store.set_item(ELDER_KEY, elder);
            let _ = store.set_item(FONT_KEY, &self.elder_font_px.get_untracked().to_string());
            let _ = store.set_item(LANG_KEY, lang_tag(self.lang.get_untracked()));
        }
    }

    /// Keeps `<html>`'s language, classes and font size in step with the session.
    fn reflect_on_document(self) {
        Effect::new(move |_| {
            let Some(root) = document().document_element() else {
                return;
            };
            let lang = if self.lang.get() == Lang::Zh {
                "zh-CN"
            } else {
                "en"
            };
            let _ = root.set_attribute("lang", lang);
            let mut classes = Vec::new();
            if self.elder.get() {
                classes.push("elder");
            }
            if self.is_kiosk() {
                classes.push("kiosk");
            }
            let _ = root.set_attribute("class", &classes.join(" "));
            // Through the CSSOM: the Content-Security-Policy refuses a written `style` attribute.
            if let Some(root) = root.dyn_ref::<web_sys::HtmlElement>() {
                let _ = root
                    .style()
                    .set_property("font-size", &format!("{}px", self.font_px()));
            }
        });
    }
}

/// The session of the running app, or a fresh default one (components mounted alone in tests).
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(Session::provide)
}

/// The display language now (reactive).
pub fn lang() -> Lang {
    use_context::<Session>()
        .map(|s| s.lang.get())
        .unwrap_or_default()
}

/// The language tag the app writes (`?lang=`, localStorage).
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// `en` or `zh` (any region: `en-GB`, `zh-CN`), as written in an address or storage.
pub fn lang_from_tag(tag: &str) -> Option<Lang> {
    let tag = tag.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    match primary {
        "en" => Some(Lang::En),
        "zh" => Some(Lang::Zh),
        _ => None,
    }
}

/// The browser's language preference (`navigator.languages`, best first): English when the first
/// of them that is Chinese or English is English; Chinese otherwise.
fn browser_lang() -> Lang {
    let navigator = window().navigator();
    let mut preferences: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if preferences.is_empty() {
        preferences.extend(navigator.language());
    }
    Lang::from_accept_language(&preferences.join(","))
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Which service point this device is the kiosk of. `?kiosk=POINT` makes it one and the device
/// remembers it (the one thing a kiosk stores: it is the device's setting, not a resident's),
/// so a reload on any page, by staff or by the browser after a crash, still gives a kiosk that
/// keeps nothing and starts over when left alone; `?kiosk=off` (or empty) makes it an ordinary
/// browser again.
fn kiosk_of_device() -> Option<String> {
    let store = storage();
    match query_param("kiosk") {
        Some(point) if point.is_empty() || point == "off" => {
            if let Some(s) = store {
                let _ = s.remove_item(KIOSK_KEY);
            }
            None
        }
        Some(point) => {
            if let Some(s) = store {
                let _ = s.set_item(KIOSK_KEY, &point);
            }
            Some(point)
        }
        None => store
            .and_then(|s| s.get_item(KIOSK_KEY).ok().flatten())
            .filter(|point| !point.is_empty()),
    }
}

fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
}
