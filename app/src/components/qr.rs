//! A QR code that takes a page of the app to the resident's own phone, as inline SVG.
//!
//! What it encodes is the page's address at the deployment's public address
//! (`LINLI_PUBLIC_URL`, told by `GET /api/v1/settings`), so a kiosk that opened the app at
//! localhost or an intranet address still hands out a link a phone can open; without one, the
//! address the app was opened at. The link carries the display language (`?lang=en`), which the
//! phone then opens in (an explicit language wins over the browser's).

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::error::Lang;
use qrcodegen::{QrCode as Qr, QrCodeEcc};

use crate::api;
use crate::session::lang;

/// SVG path data drawing each dark module as a 1x1 square, plus the symbol's size with its
/// quiet zone. `None` only if the text is too long for any QR code.
pub fn qr_path(text: &str) -> Option<(String, i32)> {
    let qr = Qr::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Some((path, qr.size() + 2 * border))
}

/// The address a QR code encodes: `path` (an app address such as `/items/dibao`) at `base`
/// (the public address, else the origin the app was opened at), with the language.
pub fn qr_target(base: &str, path: &str, lang: Lang) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    let code = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    format!("{}{path}{separator}lang={code}", base.trim_end_matches('/'))
}

thread_local! {
    /// The base QR codes use, once known: asked from the server the first time a code is drawn
    /// and kept for the visit (an `Arc` signal, so no page's disposal takes it away).
    static BASE: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
    static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The public address QR codes encode (reactive; `None` until the server has answered). When
/// the server names none, or cannot be asked, the address the app was opened at.
pub fn public_base() -> Option<String> {
    let base = BASE.with(ArcRwSignal::clone);
    if !ASKED.with(|asked| asked.replace(true)) {
        let answer = base.clone();
        spawn_local(async move {
            let origin = window().location().origin().unwrap_or_default();
            let public = match api::settings().send(None).await {
                Ok(settings) => settings.public_url.unwrap_or(origin),
                Err(_) => origin,
            };
            answer.set(Some(public));
        });
    }
    base.get()
}

/// The QR code of an app address (`/items/dibao`, `/list?items=…`). The encoded text is also in
/// `data-url`, and written under the code where `show_address` asks (on paper).
#[component]
pub fn QrCode(
    path: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] show_address: bool,
    /// The test id; `qr-code` unless said (the printout's own code is `print-qr`).
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let testid = testid.unwrap_or("qr-code");
    move || {
        let url = qr_target(&public_base()?, &path, lang());
        let (d, size) = qr_path(&url)?;
        Some(view! {
            <svg class="qr" data-testid=testid data-url=url.clone() role="img" aria-label=label
                viewBox=format!("0 0 {size} {size}") width="200" height="200" shape-rendering="crispEdges">
                <rect width="100%" height="100%" fill="#fff"/>
                <path d=d fill="#000"/>
            </svg>
            {show_address.then(|| view! { <span class="qr-address" data-testid="qr-address">{url.clone()}</span> })}
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn urls_become_square_symbols_with_a_quiet_zone() {
        let (path, size) = qr_path("https://linli.example/items/dibao").unwrap();
        assert!(size >= 21 + 8, "at least version 1 plus the border");
        assert!(
            path.starts_with("M4,4h1v1h-1z"),
            "the finder pattern starts at the border"
        );
    }

    #[test]
    fn the_code_points_at_the_public_address_in_the_display_language() {
        assert_eq!(
            qr_target("https://linli.example.cn", "/items/dibao", Lang::En),
            "https://linli.example.cn/items/dibao?lang=en"
        );
        assert_eq!(
            qr_target(
                "http://127.0.0.1:8080/",
                "/list?items=dibao,id-card",
                Lang::Zh
            ),
            "http://127.0.0.1:8080/list?items=dibao,id-card&lang=zh"
        );
    }
}
