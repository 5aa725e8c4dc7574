//! Search results with filters a thumb can use. Everything lives in the address
//! (`/search?q=低保&channel=home_visit`), so back, bookmarks and shared links all work. The words
//! come from the search box above the page (`SearchFrame`), which writes them into the address.
//!
//! Results first: the filters fold behind one "Filters" button (`aria-expanded`, with how many
//! are chosen), folded on a phone, open on a kiosk or a wide screen.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use linli_shared::api::{Overview, SearchResponse};
use linli_shared::directory::Channel;
use linli_shared::domain::geo::Location;
use linli_shared::ids::{CategoryId, PointId};
use linli_shared::query::SearchQuery;

use crate::api;
use crate::components::link::Link;
use crate::components::loaded::{Loaded, load};
use crate::components::nearby::{Locating, NearestButton};
use crate::components::results::{ItemHits, PointHits};
use crate::components::search_box::record_round_trip;
use crate::components::title::page_title;
use crate::i18n::{Msg, channel_name, name_in, text_in, tr, zh_mark};
use crate::routes::{Page, search_from_address};
use crate::session::{lang, use_session};

const RESULTS_PER_LIST: usize = 10;

#[component]
pub fn SearchPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let filters = Memo::new(move |_| location.search.with(|s| search_from_address(s)));
    // The filters' choices; while they are not there the filters offer "any".
    let overview = load(|| Some(api::overview()));
    let choices = move || overview.get().and_then(Result::ok);
    // "Nearest to me" (phone): the location stays in the page, never in the address.
    let near = RwSignal::new(None::<Location>);
    let locating = RwSignal::new(Locating::Idle);
    // What the page wants answered now (the address's words and filters, the location).
    let wanted = Memo::new(move |_| {
        let near = near.get();
        let query = SearchQuery {
            limit: RESULTS_PER_LIST,
            at: session.kiosk_point().and_then(|p| PointId::parse(&p).ok()),
            near,
            open_first: near.is_some(),
            ..filters.get()
        };
        (!query.text.is_empty()).then_some(query)
    });
    // What is asked of the server: one search at a time. While one is on its way, newer words
    // wait, and when it is answered only the latest go: on a slow link, a resident typing a
    // letter every 400 ms sends a few searches, not one per letter that each cancels the last.
    let asked = RwSignal::new(wanted.get_untracked());
    let results = load(move || asked.get().map(|query| api::search(&query)));
    Effect::new(move |_| {
        let wanted = wanted.get();
        // A search no longer wanted (no words) stops at once; else wait for the one out there.
        if (wanted.is_none() || !results.is_loading()) && asked.with_untracked(|a| *a != wanted) {
            asked.set(wanted);
        }
    });
    // How long each search takes to come back: the box's typing pause follows it, so on a slow
    // link a slow typist's letters gather into one search instead of each sending its own.
    let sent_at = StoredValue::new(None::<f64>);
    Effect::new(move |_| {
        if results.is_loading() {
            sent_at.set_value(now_ms());
        } else if let Some(sent) = sent_at.try_update_value(Option::take).flatten()
            && let Some(now) = now_ms()
            && results.answered()
        {
            record_round_trip(now - sent);
        }
    });

    // The points are nearest first once an answer measured from the location is in.
    Effect::new(move |_| {
        let measured = results
            .get()
            .and_then(Result::ok)
            .is_some_and(|found| found.points.iter().all(|p| p.distance_m.is_some()));
        if measured && near.with(Option::is_some) && locating.get_untracked() == Locating::Sorting {
            locating.set(Locating::Found);
        }
    });

    // The tab says what was searched for: "低保 · 邻里 · 社区服务".
    page_title(move || filters.with(|f| f.text.clone()));

    let navigate = use_navigate();
    let apply = move |change: &dyn Fn(&mut SearchQuery)| {
        let mut f = filters.get_untracked();
        change(&mut f);
        navigate(
            &Page::Search(&f).href(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let apply = StoredValue::new(apply);
    let set = move |change: Box<dyn Fn(&mut SearchQuery)>| apply.with_value(|a| a(&*change));
    // Folded where the screen is narrow, unless this is a kiosk.
    let filters_open = RwSignal::new(session.is_kiosk() || wide_screen());
    let chosen = move || {
        filters.with(|f| {
            [
                f.category.is_some(),
                f.channel.is_some(),
                f.district.is_some(),
                f.open_now,
            ]
            .into_iter()
            .filter(|&on| on)
            .count()
        })
    };

    view! {
        <h1 class="visually-hidden">{tr(Msg::SearchResults)}</h1>
        <button
            type="button"
            class="filters-toggle"
            data-testid="filters-toggle"
            aria-controls="filters"
            aria-expanded=move || filters_open.get().to_string()
            on:click=move |_| filters_open.update(|open| *open = !*open)
        >
            <span>{tr(Msg::Filters)}</span>
            {move || (chosen() > 0).then(|| view! {
                <span class="filters-chosen">
                    {chosen()}
                    <span class="visually-hidden">" " {tr(Msg::FiltersChosen)}</span>
                </span>
            })}
            <span class="chevron" aria-hidden="true">{move || if filters_open.get() { "▴" } else { "▾" }}</span>
        </button>
        <div id="filters" class="filters" class:open=move || filters_open.get() role="group" aria-label=tr(Msg::Filters)>
            <label class="filter">
                <span>{tr(Msg::FilterCategory)}</span>
                <select data-testid="filter-category" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |f| f.category = CategoryId::parse(&v).ok()));
                }>
                    <option value="" selected=move || filters.with(|f| f.category.is_none())>{tr(Msg::Any)}</option>
                    {move || choices().map(|o: Overview| o.categories.into_iter().map(|c| {
                        let id = c.id.clone();
                        let selected = move || filters.with(|f| f.category.as_ref().is_some_and(|c| *c == id.as_str()));
                        let (name, name_en) = (c.name.clone(), c.name_en.clone());
                        let label = move || name_in(lang(), &name, &name_en).to_owned();
                        let mark = label.clone();
                        view! { <option value=String::from(c.id.clone()) selected=selected lang=move || zh_mark(lang(), &mark())>{label}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="filter">
                <span>{tr(Msg::FilterChannel)}</span>
                <select data-testid="filter-channel" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |f| f.channel = Channel::parse(&v)));
                }>
                    <option value="" selected=move || filters.with(|f| f.channel.is_none())>{tr(Msg::Any)}</option>
                    {Channel::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=move || filters.with(|f| f.channel == Some(c))>
                            {move || channel_name(lang(), c)}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>{tr(Msg::FilterDistrict)}</span>
                <select data-testid="filter-district" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |f| f.district = (!v.is_empty()).then(|| v.clone())));
                }>
                    <option value="" selected=move || filters.with(|f| f.district.is_none())>{tr(Msg::Any)}</option>
                    {move || choices().map(|o| o.districts.into_iter().map(|d| {
                        let selected = { let d = d.clone(); move || filters.with(|f| f.district.as_deref() == Some(d.as_str())) };
                        let en = o.districts_en.get(&d).cloned();
                        let label = { let d = d.clone(); move || text_in(lang(), &d, en.as_deref()).to_owned() };
                        let mark = label.clone();
                        view! { <option value=d.clone() selected=selected lang=move || zh_mark(lang(), &mark())>{label}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="filter filter-check">
                <input type="checkbox" data-testid="filter-open-now"
                    prop:checked=move || filters.with(|f| f.open_now)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set(Box::new(move |f| f.open_now = on));
                    }/>
                <span>{tr(Msg::FilterOpenNow)}</span>
            </label>
        </div>
        {(!session.is_kiosk()).then(|| view! {
            // Only where there are points to put in order.
            <Show when=move || results.get().and_then(Result::ok).is_some_and(|r| !r.points.is_empty())>
                <NearestButton locating on_found=move |location| { near.try_set(Some(location)); }/>
                <Show when=move || locating.get().failed()>
                    <label class="filter district-choice">
                        <span>{tr(Msg::ChooseDistrictInstead)}</span>
                        <select data-testid="district-choice" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set(Box::new(move |f| f.district = (!v.is_empty()).then(|| v.clone())));
                        }>
                            <option value="" selected=move || filters.with(|f| f.district.is_none())>{tr(Msg::Any)}</option>
                            {move || choices().map(|o| o.districts.into_iter().map(|d| {
                                let selected = { let d = d.clone(); move || filters.with(|f| f.district.as_deref() == Some(d.as_str())) };
                                let en = o.districts_en.get(&d).cloned();
                                let label = { let d = d.clone(); move || text_in(lang(), &d, en.as_deref()).to_owned() };
                                let mark = label.clone();
                                view! { <option value=d.clone() selected=selected lang=move || zh_mark(lang(), &mark())>{label}</option> }
                            }).collect_view())}
                        </select>
                    </label>
                </Show>
            </Show>
        })}
        <div aria-live="polite" class="results-area">
            <Loaded answer=results let:found>
                <Found found/>
            </Loaded>
        </div>
    }
}

/// The page's clock (`performance.now()`), in milliseconds.
fn now_ms() -> Option<f64> {
    window().performance().map(|p| p.now())
}

/// Whether the screen has room for the filters beside the results (wider than a phone held
/// upright).
fn wide_screen() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 768.0)
}

#[component]
fn Found(found: SearchResponse) -> impl IntoView {
    if found.items.is_empty() && found.points.is_empty() {
        // Nothing matched well: said plainly, with ways on, rather than guessing.
        return view! {
            <div class="notice" data-testid="no-results">
                <p>{tr(Msg::NoGoodMatch)} {tr(Msg::QuoteOpen)} {found.query.clone()} {tr(Msg::QuoteClose)}</p>
                <p>{tr(Msg::TryOtherWords)}</p>
                <p><Link href=use_session().home_href() class="way-on" testid="browse-categories">{tr(Msg::Categories)}</Link></p>
            </div>
        }
        .into_any();
    }
    let SearchResponse {
        items,
        points,
        points_first,
        ..
    } = found;
    let items = (!items.is_empty()).then(|| view! { <ItemHits items/> });
    let points = (!points.is_empty()).then(|| view! { <PointHits points/> });
    // The list that matched better first (服务中心 names the service centres).
    if points_first {
        view! { {points} {items} }.into_any()
    } else {
        view! { {items} {points} }.into_any()
    }
}
