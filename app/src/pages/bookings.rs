//! The resident's bookings: "my bookings" for the number proved on this device, and one
//! booking with its code (large, in characters that cannot be mistaken for one another), its
//! QR code, the materials to bring again, "add to calendar" (the booking's `.ics`), cancel and
//! reschedule.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_query_map};
use linli_shared::api::appointments::{Booking, BookingStatus, Bookings, RescheduleBooking};
use linli_shared::domain::resident::Phone;
use linli_shared::error::{ErrorCode, Lang};
use wasm_bindgen::JsCast;

use crate::api::{self, ClientError};
use crate::components::link::Link;
use crate::components::loaded::load;
use crate::components::materials::MaterialsList;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::qr::QrCode;
use crate::components::title::page_title;
use crate::i18n::booking::{B, bt, btr, when_text, with_relation};
use crate::i18n::{error_text, name_in, text_in};
use crate::pages::booking::{BookPage, SlotChooser, VerifyPhone};
use crate::resident::{self, SignedIn};
use crate::routes::{Page, use_id};
use crate::session::{lang, lang_tag, use_session};

fn lang_now() -> Lang {
    use_session().lang.get_untracked()
}

/// The booking screens, one lazy module for the three routes: `/book/:id` (booking an item),
/// `/bookings` (mine) and `/bookings/:id` (one booking).
#[component]
pub fn BookingPages() -> impl IntoView {
    let location = use_location();
    let which = Memo::new(move |_| {
        location.pathname.with(|p| {
            if p.starts_with("/book/") {
                0
            } else if p.trim_end_matches('/') == "/bookings" {
                1
            } else {
                2
            }
        })
    });
    move || match which.get() {
        0 => view! { <BookPage/> }.into_any(),
        1 => view! { <MyBookingsPage/> }.into_any(),
        _ => view! { <BookingPage/> }.into_any(),
    }
}

/// `/bookings`: the bookings of the number proved on this device (proved here first).
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    page_title(|| bt(lang(), B::MyBookings).to_owned());
    let signed_in = RwSignal::new(resident::current());
    view! {
        <article class="card bookings" data-testid="my-bookings">
            <h1>{btr(B::MyBookings)}</h1>
            {move || match signed_in.get() {
                None => view! { <VerifyPhone on_done=Callback::new(move |s| signed_in.set(Some(s)))/> }.into_any(),
                Some(who) => view! { <BookingList who signed_in/> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn BookingList(who: SignedIn, signed_in: RwSignal<Option<SignedIn>>) -> impl IntoView {
    let answer = RwSignal::new(None::<Result<Bookings, ClientError>>);
    let attempt = RwSignal::new(0u32);
    let token = who.token.clone();
    Effect::new(move |_| {
        attempt.track();
        let token = token.clone();
        spawn_local(async move {
            let result = api::my_bookings(&token).await;
            if result == Err(ClientError::Unauthorized) {
                resident::forget();
                signed_in.set(None);
                return;
            }
            answer.set(Some(result));
        });
    });
    let masked = Phone::parse(&who.phone)
        .map(|p| p.masked())
        .unwrap_or_default();
    let not_me = move |_| {
        resident::forget();
        signed_in.set(None);
    };
    view! {
        <p class="chosen">
            <span data-testid="signed-in-phone">{masked}</span>
            " "
            <button type="button" class="link-button" data-testid="not-me" on:click=not_me>{btr(B::NotMe)}</button>
        </p>
        {move || match answer.get() {
            None => Loading().into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| attempt.update(|n| *n += 1)/> }.into_any(),
            Some(Ok(list)) if list.bookings.is_empty() => {
                view! { <p class="notice" data-testid="no-bookings">{btr(B::NoBookings)}</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="booking-list" data-testid="booking-list">
                    {list.bookings.into_iter().map(|b| {
                        let href = Page::Booking(&b.code).href();
                        let cancelled = b.status == BookingStatus::Cancelled;
                        let (item, item_en) = (b.item.name.clone(), b.item.name_en.clone());
                        let (point, point_en) = (b.point.name.clone(), b.point.name_en.clone());
                        let (starts, ends) = (b.starts_at, b.ends_at);
                        view! {
                            <li class="booking-row" class:cancelled=cancelled data-testid="booking-row">
                                <Link href testid="booking-link">
                                    <strong>{move || name_in(lang(), &item, &item_en).to_owned()}</strong>
                                    <span>{move || when_text(lang(), starts, ends)}</span>
                                    <span>{move || text_in(lang(), &point, point_en.as_deref()).to_owned()}</span>
                                    <span class="booking-code-small">{b.code.clone()}</span>
                                    {cancelled.then(|| view! { <span class="badge">{btr(B::CancelledStatus)}</span> })}
                                </Link>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

/// `/bookings/:code`: one booking (`?new=1` right after booking it).
#[component]
pub fn BookingPage() -> impl IntoView {
    let code = use_id();
    let query = use_query_map();
    let fresh = move || query.with(|q| q.get("new").is_some());
    let signed_in = RwSignal::new(resident::current());
    page_title(move || bt(lang(), B::BookingCode).to_owned());
    view! {
        <article class="card booking-page" data-testid="booking-page">
            {move || match signed_in.get() {
                None => view! {
                    <h1>{btr(B::MyBookings)}</h1>
                    <VerifyPhone on_done=Callback::new(move |s| signed_in.set(Some(s)))/>
                }
                .into_any(),
                Some(who) => view! { <BookingLoader code=code.get() who signed_in fresh=fresh()/> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn BookingLoader(
    code: String,
    who: SignedIn,
    signed_in: RwSignal<Option<SignedIn>>,
    fresh: bool,
) -> impl IntoView {
    let answer = RwSignal::new(None::<Result<Booking, ClientError>>);
    let attempt = RwSignal::new(0u32);
    let token = who.token.clone();
    Effect::new(move |_| {
        attempt.track();
        let (token, code) = (token.clone(), code.clone());
        spawn_local(async move {
            let result = api::booking(&token, &code).await;
            if result == Err(ClientError::Unauthorized) {
                resident::forget();
                signed_in.set(None);
                return;
            }
            answer.set(Some(result));
        });
    });
    // Drawn once the booking is there; a cancel or a reschedule changes it in place.
    let loaded = Memo::new(move |_| answer.with(|a| matches!(a, Some(Ok(_)))));
    move || {
        if loaded.get() {
            return view! { <BookingView answer token=who.token.clone() fresh/> }.into_any();
        }
        match answer.get() {
            Some(Err(ClientError::Api(ErrorCode::BookingNotFound))) => view! {
                <p class="notice" data-testid="booking-missing">{move || ErrorCode::BookingNotFound.message(lang())}</p>
                <Link href=Page::MyBookings.href()>{btr(B::MyBookings)}</Link>
            }
            .into_any(),
            Some(Err(e)) => {
                view! { <ErrorNotice error=e on_retry=move |_| attempt.update(|n| *n += 1)/> }.into_any()
            }
            _ => Loading().into_any(),
        }
    }
}

/// What the last action on the booking came to.
#[derive(Debug, Clone, PartialEq)]
enum Done {
    Cancelled,
    Moved,
    Failed(ClientError),
}

#[component]
fn BookingView(
    answer: RwSignal<Option<Result<Booking, ClientError>>>,
    token: String,
    fresh: bool,
) -> impl IntoView {
    let booking = move || answer.get().and_then(Result::ok);
    let token = StoredValue::new(token);
    let done = RwSignal::new(None::<Done>);
    let asking_cancel = RwSignal::new(false);
    let rescheduling = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let b0 = answer
        .get_untracked()
        .and_then(Result::ok)
        .expect("shown with a booking");
    let code = StoredValue::new(b0.code.clone());
    let (point_id, item_id) = (b0.point.id.to_string(), b0.item.id.to_string());
    let active = move || booking().is_some_and(|b| b.status == BookingStatus::Active);

    let set_booking = move |b: Booking| answer.set(Some(Ok(b)));
    let cancel = {
        move |_| {
            let code = code.get_value();
            busy.set(true);
            spawn_local(async move {
                match api::cancel_booking(&token.get_value(), &code).await {
                    Ok(b) => {
                        set_booking(b);
                        done.set(Some(Done::Cancelled));
                    }
                    Err(e) => done.set(Some(Done::Failed(e))),
                }
                asking_cancel.set(false);
                busy.set(false);
            });
        }
    };
    let add_to_calendar = {
        move |_| {
            let code = code.get_value();
            spawn_local(async move {
                let tag = lang_tag(lang_now());
                match api::booking_calendar(&token.get_value(), &code, tag).await {
                    Ok(text) => download(&format!("linli-{code}.ics"), &text),
                    Err(e) => done.set(Some(Done::Failed(e))),
                }
            });
        }
    };
    let availability = load(move || {
        rescheduling
            .get()
            .then(|| api::availability(&point_id, &item_id))
    });
    let move_to = {
        Callback::new(move |(starts_at, _): (NaiveDateTime, NaiveDateTime)| {
            let code = code.get_value();
            busy.set(true);
            spawn_local(async move {
                let to = RescheduleBooking { starts_at };
                match api::reschedule_booking(&token.get_value(), &code, &to).await {
                    Ok(b) => {
                        set_booking(b);
                        rescheduling.set(false);
                        done.set(Some(Done::Moved));
                    }
                    Err(e) => {
                        if e == ClientError::Api(ErrorCode::SlotFull) {
                            availability.retry();
                        }
                        done.set(Some(Done::Failed(e)));
                    }
                }
                busy.set(false);
            });
        })
    };
    let qr_path = Page::Booking(&b0.code).href();

    view! {
        {move || booking().map(|b| {
            let (item, item_en) = (b.item.name.clone(), b.item.name_en.clone());
            let (point, point_en) = (b.point.name.clone(), b.point.name_en.clone());
            let (address, address_en) = (b.point.address.clone(), b.point.address_en.clone());
            let (starts, ends) = (b.starts_at, b.ends_at);
            let cancelled = b.status == BookingStatus::Cancelled;
            let person = b.name.clone();
            let relation = b.proxy.as_ref().and_then(|p| p.relation.clone());
            view! {
                <p class="crumb">
                    {move || if fresh && !cancelled { bt(lang(), B::Booked) } else { bt(lang(), B::MyBookings) }}
                </p>
                <h1 data-testid="booking-item">{move || name_in(lang(), &item, &item_en).to_owned()}</h1>
                {cancelled.then(|| view! { <p class="notice" data-testid="booking-cancelled">{btr(B::Cancelled)}</p> })}
                <div class="code-box" class:cancelled=cancelled>
                    <p class="code-label" id="booking-code-label">{btr(B::BookingCode)}</p>
                    <p class="booking-code" data-testid="booking-code" aria-labelledby="booking-code-label">{b.code.clone()}</p>
                    <p class="hint">{btr(B::ShowCode)}</p>
                </div>
                <dl class="facts booking-facts">
                    <dt>{btr(B::When)}</dt>
                    <dd data-testid="booking-time">{move || when_text(lang(), starts, ends)}</dd>
                    <dt>{btr(B::WherePlace)}</dt>
                    <dd data-testid="booking-point">
                        {move || text_in(lang(), &point, point_en.as_deref()).to_owned()}
                        <br/>
                        {move || text_in(lang(), &address, address_en.as_deref()).to_owned()}
                    </dd>
                    <dt>{btr(B::Person)}</dt>
                    <dd data-testid="booking-person">
                        {move || with_relation(lang(), &person, relation.as_deref())}
                    </dd>
                    {b.proxy.clone().map(|p| view! {
                        <dt>{btr(B::BookedBy)}</dt>
                        <dd data-testid="booking-proxy">{p.booker_phone.clone()}</dd>
                    })}
                </dl>
            }
        })}
        {move || done.get().map(|d| match d {
            Done::Cancelled => None,
            Done::Moved => Some(view! { <p class="notice" role="status" data-testid="booking-moved">{btr(B::Moved)}</p> }.into_any()),
            Done::Failed(e) => Some(view! { <p class="notice error" role="alert" data-testid="booking-error">{move || error_text(lang(), &e)}</p> }.into_any()),
        })}
        <Show when=active>
            <div class="actions no-print">
                <button type="button" class="primary" data-testid="add-to-calendar" on:click=add_to_calendar>
                    {btr(B::AddToCalendar)}
                </button>
                <button type="button" class="secondary" data-testid="reschedule"
                    aria-expanded=move || rescheduling.get().to_string()
                    on:click=move |_| { done.set(None); rescheduling.update(|r| *r = !*r) }>
                    {btr(B::Reschedule)}
                </button>
                <button type="button" class="secondary" data-testid="cancel-booking"
                    on:click=move |_| asking_cancel.set(true)>
                    {btr(B::Cancel)}
                </button>
            </div>
            <Show when=move || asking_cancel.get()>
                <div class="notice confirm-cancel" role="alertdialog" aria-labelledby="cancel-q" data-testid="cancel-dialog">
                    <p id="cancel-q">{btr(B::CancelConfirm)}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="cancel-confirm"
                            disabled=move || busy.get() on:click=cancel>
                            {btr(B::Cancel)}
                        </button>
                        <button type="button" class="secondary" data-testid="cancel-keep"
                            on:click=move |_| asking_cancel.set(false)>
                            {btr(B::KeepBooking)}
                        </button>
                    </div>
                </div>
            </Show>
            <Show when=move || rescheduling.get()>
                <section class="reschedule" data-testid="reschedule-chooser">
                    <SlotChooser availability on_pick=move_to/>
                </section>
            </Show>
        </Show>
        {move || booking().map(|b| view! {
            <figure class="qr-box">
                <QrCode path=qr_path.clone() label=Signal::derive(move || bt(lang(), B::BookingCode).to_owned())/>
                <figcaption>{btr(B::ShowCode)}</figcaption>
            </figure>
            <MaterialsList materials=b.materials.clone()/>
        })}
        <p><Link href=Page::MyBookings.href() testid="to-my-bookings">{btr(B::MyBookings)}</Link></p>
    }
}

/// Hands `text` to the browser as a file download (the phone offers to add it to its calendar).
fn download(name: &str, text: &str) {
    let parts = web_sys::js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a")
        && let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        a.set_href(&url);
        a.set_download(name);
        let _ = document().body().map(|body| body.append_child(&a));
        a.click();
        a.remove();
    }
    // Later: the browser reads the file after this click returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
}
