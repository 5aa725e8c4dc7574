//! Result lists: items first (what residents come for), then service points.

use leptos::prelude::*;
use linli_shared::api::{ItemHit, ItemSummary, PointHit};

use crate::components::link::Link;
use crate::components::nearby::{PointRow, summary_of};
use crate::i18n::{Msg, text_in, tr, zh_mark};
use crate::routes::Page;
use crate::session::lang;
use linli_shared::error::Lang;

/// Longest matched text shown beside a hit.
const MAX_MATCHED_CHARS: usize = 40;

#[component]
pub fn ItemHits(items: Vec<ItemHit>) -> impl IntoView {
    view! {
        <section class="results" aria-labelledby="items-title">
            <h2 id="items-title">{tr(Msg::Items)}</h2>
            <ul class="hits">
                {items
                    .into_iter()
                    .map(|hit| {
                        // Why it is shown: the colloquial name or alias that matched; or, when
                        // only its description did (too long to show), that it only mentions the
                        // words, so a weaker answer does not look like a strong one.
                        let prose = hit.matched.chars().count() > MAX_MATCHED_CHARS;
                        let show_matched =
                            !prose && hit.matched != hit.name && hit.matched != hit.name_en;
                        view! {
                            <li>
                                <Link href=Page::Item(&hit.id).href() class="hit" testid="item-hit">
                                    <ItemName name=hit.name.clone() name_en=hit.name_en.clone()/>
                                    <OtherName name=hit.name.clone() name_en=hit.name_en.clone()/>
                                    {show_matched.then(|| {
                                        let matched = hit.matched.clone();
                                        let mark = matched.clone();
                                        view! {
                                            <span class="hit-matched" data-testid="hit-matched"
                                                lang=move || zh_mark(lang(), &mark)>
                                                {tr(Msg::QuoteOpen)} {matched} {tr(Msg::QuoteClose)}
                                            </span>
                                        }
                                    })}
                                    {prose.then(|| view! {
                                        <span class="hit-matched" data-testid="hit-mentions">{tr(Msg::MentionedInDescription)}</span>
                                    })}
                                </Link>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Items as plain links (a category's items, the most asked).
#[component]
pub fn ItemLinks(items: Vec<ItemSummary>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="hits">
            {items
                .into_iter()
                .map(|item| {
                    view! {
                        <li>
                            <Link href=Page::Item(&item.id).href() class="hit" testid=testid>
                                <ItemName name=item.name name_en=item.name_en/>
                            </Link>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Found points, each with its distance (when the search had a location), and on a phone a
/// call and the map apps (`nearby::PointRow`).
#[component]
pub fn PointHits(points: Vec<PointHit>) -> impl IntoView {
    let kiosk = crate::session::use_session().is_kiosk();
    view! {
        <section class="results" aria-labelledby="points-title">
            <h2 id="points-title">{tr(Msg::Points)}</h2>
            <ul class="hits places">
                {points
                    .into_iter()
                    .map(|p| view! { <PointRow point=summary_of(p) kiosk link_testid="point-hit"/> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// A directory text in the display language (its English when there is one), reactive.
pub fn shown(zh: &str, en: &Option<String>) -> impl Fn() -> String + Send + Sync + use<> {
    let (zh, en) = (zh.to_owned(), en.clone());
    move || text_in(lang(), &zh, en.as_deref()).to_owned()
}

/// A directory text in the display language (its English when there is one) as a `<span>`,
/// marked `lang="zh-CN"` when English is on screen but the text is Chinese ([`zh_mark`]).
pub fn dir_text(zh: String, en: Option<String>) -> impl IntoView + use<> {
    let text = Memo::new(move |_| text_in(lang(), &zh, en.as_deref()).to_owned());
    view! { <span lang=move || text.with(|t| zh_mark(lang(), t))>{move || text.get()}</span> }
}

/// A record's name (Chinese, and English that may be empty) as [`dir_text`].
pub fn dir_name(zh: String, en: String) -> impl IntoView + use<> {
    dir_text(zh, (!en.is_empty()).then_some(en))
}

/// An item's name in the display language (Chinese when it has no English name).
#[component]
fn ItemName(name: String, name_en: String) -> impl IntoView {
    view! { <span class="hit-name">{dir_name(name, name_en)}</span> }
}

/// An item's name in the other language, deliberately shown under the first: the English one
/// for a Chinese reader, the Chinese one (what to say at the window) for an English reader.
#[component]
fn OtherName(name: String, name_en: String) -> impl IntoView {
    view! {
        <span class="hit-sub" lang=move || if lang() == Lang::Zh { "en" } else { "zh-CN" }>
            {move || if lang() == Lang::Zh { name_en.clone() } else { name.clone() }}
        </span>
    }
}

#[component]
pub fn OpenBadge(open: bool) -> impl IntoView {
    view! {
        <span class=if open { "badge open" } else { "badge closed" }>
            {tr(if open { Msg::OpenNow } else { Msg::ClosedNow })}
        </span>
    }
}
