//! A QR code of a URL as inline SVG, so a resident can take an item's materials list away on
//! their phone from a kiosk.

use leptos::prelude::*;
use qrcodegen::{QrCode as Qr, QrCodeEcc};

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

#[component]
pub fn QrCode(url: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    qr_path(&url).map(|(path, size)| {
        view! {
            <svg class="qr" data-testid="qr-code" role="img" aria-label=label
                viewBox=format!("0 0 {size} {size}") width="200" height="200" shape-rendering="crispEdges">
                <rect width="100%" height="100%" fill="#fff"/>
                <path d=path fill="#000"/>
            </svg>
        }
    })
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
}
