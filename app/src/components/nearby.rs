//! Where to go for an item: the points offering it, each with how far it is, a one-touch call
//! and links that open it in Amap and Baidu Maps.
//!
//! On a phone the location is asked for only when the resident touches "nearest to me"; then
//! the points come nearest first, open ones before closed ones (`near` and `open_first` of
//! `/api/v1/items/{id}`). Refused, unavailable or too slow, the page says so and offers a way
//! on: choosing a district or street, which keeps the points there (the search's district
//! filter, matching either). A kiosk never asks the browser: the server already measures from
//! the kiosk's own point (`at`).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use linli_shared::api::{PointHit, PointSummary};
use linli_shared::domain::geo::Location;
use linli_shared::domain::hours::opens_next_day;
use linli_shared::domain::takeaway::{amap_marker_url, baidu_marker_url, tel_href};
use linli_shared::ids::ItemId;
use linli_shared::query::ItemQuery;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::js_sys::{Function, Reflect};

use crate::api;
use crate::components::link::Link;
use crate::components::loaded::load;
use crate::components::notice::ErrorNotice;
use crate::components::results::{OpenBadge, dir_text, shown};
use crate::i18n::{
    Counted, Msg, count_text, distance_text, opens_next_text, show_all_text, tr, zh_mark,
};
use crate::routes::Page;
use crate::session::{lang, use_session};

/// How many points an item page lists before "show all": the resident sees the nearest (or
/// the kiosk's own) few at once, and the page stays short at the largest text.
pub const POINTS_SHOWN_FIRST: usize = 5;
/// How long the phone may take to find itself before the page says so, in milliseconds.
const LOCATE_TIMEOUT_MS: u32 = 15_000;
/// A fix this recent is good enough (the resident has not walked far).
const LOCATE_MAX_AGE_MS: u32 = 5 * 60_000;

/// Where the search for the resident's location stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locating {
    /// Not asked (the resident has not touched "nearest to me").
    Idle,
    Waiting,
    /// Found; the points nearest it are on their way.
    Sorting,
    /// The points are ordered from the resident's location.
    Found,
    /// The resident (or the browser's settings) said no.
    Refused,
    /// The phone cannot tell (no signal, location switched off, no geolocation at all).
    Unavailable,
    TimedOut,
}

impl Locating {
    /// Refused, unavailable or timed out: time to offer the district choice.
    pub fn failed(self) -> bool {
        matches!(
            self,
            Locating::Refused | Locating::Unavailable | Locating::TimedOut
        )
    }
}

/// The points of an item page as they stand: the list (replaced once the resident's location
/// is known), the district chosen instead, and how the location search went. The printout
/// reads the first point from it.
#[derive(Clone, Copy)]
pub struct WhereState {
    pub points: RwSignal<Vec<PointSummary>>,
    pub district: RwSignal<Option<String>>,
    pub locating: RwSignal<Locating>,
}

impl WhereState {
    pub fn new(points: Vec<PointSummary>) -> WhereState {
        WhereState {
            points: RwSignal::new(points),
            district: RwSignal::new(None),
            locating: RwSignal::new(Locating::Idle),
        }
    }

    /// The points shown: all, or those in the chosen district or street (reactive).
    pub fn shown(&self) -> Vec<PointSummary> {
        let district = self.district.get();
        self.points.with(|points| {
            points
                .iter()
                .filter(|p| {
                    district
                        .as_deref()
                        .is_none_or(|d| p.district == d || p.subdistrict == d)
                })
                .cloned()
                .collect()
        })
    }

    /// Where to go first: the kiosk's own point, else the nearest open one when the location is
    /// known, else the first listed (reactive).
    pub fn first(&self) -> Option<PointSummary> {
        self.shown().into_iter().next()
    }
}

/// A district or street to choose: its Chinese name (what the points are filtered by) and
/// its English one when the directory has it.
#[derive(Debug, Clone, PartialEq)]
struct DistrictChoice {
    name: String,
    name_en: Option<String>,
}

/// The districts, then the streets and towns, where the points are; each once, in order.
fn district_choices(points: &[PointSummary]) -> Vec<DistrictChoice> {
    let mut choices: Vec<DistrictChoice> = Vec::new();
    let districts = points.iter().map(|p| (&p.district, &p.district_en));
    let streets = points.iter().map(|p| (&p.subdistrict, &p.subdistrict_en));
    for (name, name_en) in districts.chain(streets) {
        if !name.is_empty() && !choices.iter().any(|c| &c.name == name) {
            choices.push(DistrictChoice {
                name: name.clone(),
                name_en: name_en.clone(),
            });
        }
    }
    choices
}

/// Asks the browser where the phone is, once; `done` gets the location or why there is none.
fn locate(done: impl FnOnce(Result<Location, Locating>) + 'static) {
    type Done = Rc<RefCell<Option<Box<dyn FnOnce(Result<Location, Locating>)>>>>;
    let done: Done = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = |done: &Done, result| {
        if let Some(done) = done.borrow_mut().take() {
            done(result);
        }
    };
    let navigator = window().navigator();
    // Missing outside a secure context (a plain-http intranet address) and in some browsers.
    let has_geolocation =
        Reflect::has(&navigator, &JsValue::from_str("geolocation")).unwrap_or(false);
    let geolocation = navigator.geolocation().ok().filter(|g| {
        let value: &JsValue = g.as_ref();
        has_geolocation && !value.is_undefined() && !value.is_null()
    });
    let Some(geolocation) = geolocation else {
        finish(&done, Err(Locating::Unavailable));
        return;
    };
    let number = |object: &JsValue, key: &str| {
        Reflect::get(object, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_f64())
    };
    let on_success = {
        let done = done.clone();
        Closure::once_into_js(move |position: JsValue| {
            let coords =
                Reflect::get(&position, &JsValue::from_str("coords")).unwrap_or(JsValue::UNDEFINED);
            let location = match (number(&coords, "latitude"), number(&coords, "longitude")) {
                (Some(lat), Some(lng)) => Location::new(lat, lng).ok_or(Locating::Unavailable),
                _ => Err(Locating::Unavailable),
            };
            finish(&done, location);
        })
    };
    let on_error = {
        let done = done.clone();
        Closure::once_into_js(move |error: JsValue| {
            // GeolocationPositionError: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT.
            let why = match number(&error, "code").map(|c| c as u32) {
                Some(1) => Locating::Refused,
                Some(3) => Locating::TimedOut,
                _ => Locating::Unavailable,
            };
            finish(&done, Err(why));
        })
    };
    let options = web_sys::PositionOptions::new();
    options.set_timeout(LOCATE_TIMEOUT_MS);
    options.set_maximum_age(LOCATE_MAX_AGE_MS);
    options.set_enable_high_accuracy(false);
    let asked = geolocation.get_current_position_with_error_callback_and_options(
        on_success.unchecked_ref::<Function>(),
        Some(on_error.unchecked_ref::<Function>()),
        &options,
    );
    if asked.is_err() {
        finish(&done, Err(Locating::Unavailable));
    }
}

/// "Where to apply": the points, and on a phone "nearest to me" with its way on.
#[component]
pub fn WherePoints(item: ItemId, state: WhereState, more: usize) -> impl IntoView {
    let session = use_session();
    let kiosk = session.is_kiosk();
    let near = RwSignal::new(None::<Location>);
    let nearest = {
        let item = item.clone();
        load(move || {
            near.get().map(|near| {
                api::item_with(
                    item.as_str(),
                    &ItemQuery {
                        near: Some(near),
                        ..ItemQuery::default()
                    },
                )
            })
        })
    };
    Effect::new(move |_| {
        if let Some(Ok(detail)) = nearest.get() {
            state.points.set(detail.points);
            state.district.set(None);
            state.locating.set(Locating::Found);
        }
    });
    let choices = Memo::new(move |_| state.points.with(|p| district_choices(p)));
    let show_all = RwSignal::new(false);
    let show_districts = move || state.locating.get().failed() || state.district.get().is_some();
    view! {
        <section class="where no-print" aria-labelledby="where-title" data-testid="where">
            <h2 id="where-title">{tr(Msg::Where)}</h2>
            // Only when there are points to put in order.
            {(!kiosk).then(|| view! {
                <Show when=move || state.points.with(|p| !p.is_empty())>
                    <NearestButton locating=state.locating
                        on_found=move |location| { near.try_set(Some(location)); }/>
                </Show>
            })}
            {move || nearest.get().and_then(Result::err).map(|error| view! {
                <ErrorNotice error on_retry=move |_| nearest.retry()/>
            })}
            <Show when=show_districts>
                <label class="filter district-choice">
                    <span>{tr(Msg::ChooseDistrictInstead)}</span>
                    <select data-testid="district-choice" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.district.set((!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || state.district.with(Option::is_none)>{tr(Msg::Any)}</option>
                        {move || choices.get().into_iter().map(|d| {
                            let selected = { let d = d.name.clone(); move || state.district.with(|c| c.as_deref() == Some(d.as_str())) };
                            let label = shown(&d.name, &d.name_en);
                            let mark = shown(&d.name, &d.name_en);
                            view! { <option value=d.name.clone() selected=selected lang=move || zh_mark(lang(), &mark())>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <ul class="hits places">
                {move || {
                    let points = state.shown();
                    let first = if show_all.get() { points.len() } else { POINTS_SHOWN_FIRST };
                    points.into_iter().take(first).map(|p| view! { <PointRow point=p kiosk/> }).collect_view()
                }}
            </ul>
            {move || {
                let hidden = state.shown().len();
                (!show_all.get() && hidden > POINTS_SHOWN_FIRST).then(|| view! {
                    <button type="button" class="secondary show-all" data-testid="show-all-points"
                        on:click=move |_| show_all.set(true)>
                        {move || show_all_text(lang(), hidden as u32)}
                    </button>
                })
            }}
            {(more > 0).then(|| view! {
                <p class="hint">{move || count_text(lang(), Counted::MorePoints, more as u32)}</p>
            })}
        </section>
    }
}

/// "Nearest to me" and what became of it: the browser is asked only when it is touched
/// (never on a kiosk, which does not show it); `on_found` gets the location, and whoever
/// fetches the points nearest it sets [`Locating::Found`] once they are there.
#[component]
pub fn NearestButton(
    locating: RwSignal<Locating>,
    #[prop(into)] on_found: Callback<Location>,
) -> impl IntoView {
    let ask = move |_| {
        locating.set(Locating::Waiting);
        locate(move |result| match result {
            Ok(location) => {
                locating.try_set(Locating::Sorting);
                on_found.run(location);
            }
            Err(why) => {
                locating.try_set(why);
            }
        });
    };
    let status = move || {
        let msg = match locating.get() {
            Locating::Idle => return None,
            Locating::Waiting | Locating::Sorting => Msg::Locating,
            Locating::Found => Msg::SortedByDistance,
            Locating::Refused => Msg::LocationRefused,
            Locating::Unavailable => Msg::LocationUnavailable,
            Locating::TimedOut => Msg::LocationTimedOut,
        };
        Some(tr(msg)())
    };
    view! {
        <div class="nearest">
            <button type="button" class="secondary nearest-button" data-testid="nearest-button"
                disabled=move || matches!(locating.get(), Locating::Waiting | Locating::Sorting)
                on:click=ask>
                <span aria-hidden="true">"◎ "</span>
                {tr(Msg::NearestToMe)}
            </button>
            <p class="nearest-status" role="status" data-testid="nearest-status"
                data-state=move || format!("{:?}", locating.get()).to_lowercase()>
                {status}
            </p>
        </div>
    }
}

/// A found point as a point of a list (search results list points too).
pub fn summary_of(hit: PointHit) -> PointSummary {
    PointSummary {
        id: hit.id,
        here: false,
        name: hit.name,
        name_en: hit.name_en,
        kind: hit.kind,
        district: hit.district,
        district_en: hit.district_en,
        subdistrict: hit.subdistrict,
        subdistrict_en: hit.subdistrict_en,
        address: hit.address,
        address_en: hit.address_en,
        phone: hit.phone,
        lat: hit.lat,
        lng: hit.lng,
        open_now: hit.open_now,
        distance_m: hit.distance_m,
        opens_next: hit.opens_next,
        date: hit.date,
    }
}

/// One point: its page (name, open now, distance, address), then on a phone a call and the
/// two map apps. `link_testid` names the link to the point's page (`point-hit` on search).
#[component]
pub fn PointRow(
    point: PointSummary,
    kiosk: bool,
    #[prop(optional)] link_testid: &'static str,
) -> impl IntoView {
    let p = point;
    // The kiosk's own point is where the resident stands: no distance to it.
    let distance = p.distance_m.filter(|_| !p.here);
    let phone = p.phone.clone();
    let actions = (!kiosk).then(|| {
        view! { <PlaceActions phone=p.phone.clone() lat=p.lat lng=p.lng name=p.name.clone() address=p.address.clone()/> }
    });
    view! {
        <li class="place" data-testid="point-row" data-point=p.id.to_string()
            data-distance=distance.map(|m| m.to_string())>
            <Link href=Page::Point(&p.id).href() class="hit" testid=link_testid>
                <span class="hit-name">{dir_text(p.name.clone(), p.name_en.clone())}</span>
                {p.here.then(|| view! { <span class="badge here">{tr(Msg::HereLabel)}</span> })}
                <OpenBadge open=p.open_now/>
                {p.opens_next.zip(p.date).map(|(next, today)| {
                    let when = opens_next_day(today, next);
                    view! {
                        " " <span class="opens-next" data-testid="opens-next">{move || opens_next_text(lang(), when)}</span>
                    }
                })}
                {distance.map(|m| view! {
                    <span class="distance" data-testid="distance">
                        {move || distance_text(lang(), m, kiosk)}
                    </span>
                })}
                <span class="hit-sub">
                    {dir_text(p.address.clone(), p.address_en.clone())}
                    {kiosk.then(|| view! { " · " <span class="phone-number">{phone}</span> })}
                </span>
            </Link>
            {actions}
        </li>
    }
}

/// On a phone, what to do about a point: one touch to call it, and its place in the two map
/// apps residents use (a kiosk has no phone line and no map apps: its QR code goes to a phone).
#[component]
pub fn PlaceActions(
    phone: String,
    lat: f64,
    lng: f64,
    name: String,
    address: String,
) -> impl IntoView {
    let amap = amap_marker_url(lat, lng, &name);
    let baidu = baidu_marker_url(lat, lng, &name, &address);
    view! {
        <div class="place-actions">
            <a class="action call" data-testid="call-link" href=tel_href(&phone)>
                // One inline label: a flex container drops the spaces between its items.
                <span aria-hidden="true">"☎"</span>
                <span class="call-label">{tr(Msg::Call)} " " <span class="phone-number">{phone.clone()}</span></span>
            </a>
            <a class="action" data-testid="amap-link" href=amap target="_blank" rel="noopener noreferrer">
                {tr(Msg::MapAmap)}
            </a>
            <a class="action" data-testid="baidu-link" href=baidu target="_blank" rel="noopener noreferrer">
                {tr(Msg::MapBaidu)}
            </a>
        </div>
    }
}
