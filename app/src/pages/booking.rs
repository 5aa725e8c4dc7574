//! Booking an appointment (预约办理), from an item's page: the point (when several offer it),
//! the day and time (a closed or full day says why), the resident's phone number proved with a
//! code, who comes (or booking for someone else, 委托代办), a last look, and the booking. A
//! slot taken by someone else a moment earlier says so and offers the next free times.
//!
//! Also the pieces the booking pages share: [`SlotChooser`] and [`VerifyPhone`].

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use linli_shared::api::ItemDetail;
use linli_shared::api::appointments::{
    Availability, AvailabilitySlot, BookingPoint, DayStatus, NewBooking, SlotStatus,
};
use linli_shared::domain::booking::next_open_slots;
use linli_shared::domain::resident::Phone;
use linli_shared::error::{ErrorCode, Lang};

use crate::api::{self, ClientError};
use crate::components::loaded::{Answer, Loaded, load};
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::results::dir_name;
use crate::components::title::page_title;
use crate::i18n::booking::{
    B, bt, btr, closed_text, day_text, seats_left_text, slot_text, step_text, when_text,
    with_relation,
};
use crate::i18n::{error_text, name_in, text_in};
use crate::resident::{self, SignedIn};
use crate::routes::{Page, use_id};
use crate::session::{lang, use_session};

/// Longest name of the person coming, as the server takes it.
const MAX_NAME_CHARS: usize = 50;
const MAX_RELATION_CHARS: usize = 20;

/// The language now, read outside a view (in an event handler or a task).
fn lang_now() -> Lang {
    use_session().lang.get_untracked()
}

#[component]
pub fn BookPage() -> impl IntoView {
    let id = use_id();
    let detail = load(move || Some(api::item(&id.get(), None)));
    view! {
        <Loaded answer=detail let:detail>
            <BookFlow detail/>
        </Loaded>
    }
}

/// Who comes: the resident, or someone they book for.
#[derive(Debug, Clone, PartialEq)]
struct Person {
    name: String,
    on_behalf: bool,
    relation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Point = 1,
    Slot,
    Phone,
    Name,
    Confirm,
}

const STEPS: u32 = 5;

#[component]
fn BookFlow(detail: ItemDetail) -> impl IntoView {
    let session = use_session();
    let item = detail.item;
    let item_id = item.id.to_string();
    let (name_zh, name_en) = (item.name.clone(), item.name_en.clone());
    let (tab_zh, tab_en) = (item.name.clone(), item.name_en.clone());
    page_title(move || {
        format!(
            "{} · {}",
            bt(lang(), B::BookTitle),
            name_in(lang(), &tab_zh, &tab_en)
        )
    });
    let points = load({
        let id = item_id.clone();
        move || Some(api::booking_points(&id))
    });
    let point = RwSignal::new(None::<BookingPoint>);
    let slot = RwSignal::new(None::<(NaiveDateTime, NaiveDateTime)>);
    let signed_in = RwSignal::new(resident::current());
    let person = RwSignal::new(None::<Person>);
    let availability = load({
        let id = item_id.clone();
        move || {
            point
                .with(|p| p.as_ref().map(|p| p.id.to_string()))
                .map(|p| api::availability(&p, &id))
        }
    });
    // One point: it is chosen already.
    Effect::new(move |_| {
        if let Some(Ok(p)) = points.get()
            && p.points.len() == 1
            && point.with_untracked(Option::is_none)
        {
            point.set(Some(p.points[0].clone()));
        }
    });
    let several_points = move || matches!(points.get(), Some(Ok(p)) if p.points.len() > 1);
    let step = Memo::new(move |_| {
        if point.with(Option::is_none) {
            Step::Point
        } else if slot.with(Option::is_none) {
            Step::Slot
        } else if signed_in.with(Option::is_none) {
            Step::Phone
        } else if person.with(Option::is_none) {
            Step::Name
        } else {
            Step::Confirm
        }
    });

    let choose_points = move || {
        match points.get() {
            None => Loading().into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| points.retry()/> }.into_any(),
            Some(Ok(p)) if p.points.is_empty() => view! {
                <p class="notice" data-testid="not-bookable">{btr(B::NotBookableHere)}</p>
            }
            .into_any(),
            Some(Ok(p)) => view! {
                <h2>{btr(B::ChoosePoint)}</h2>
                <ul class="choices" data-testid="booking-points">
                    {p.points.into_iter().map(|bp| {
                        let chosen = bp.clone();
                        let (n, n_en) = (bp.name.clone(), bp.name_en.clone().unwrap_or_default());
                        let address = bp.address.clone();
                        let address_en = bp.address_en.clone();
                        view! {
                            <li>
                                <button type="button" class="choice" data-testid="booking-point"
                                    on:click=move |_| point.set(Some(chosen.clone()))>
                                    <strong>{dir_name(n, n_en)}</strong>
                                    <span class="choice-sub">{move || text_in(lang(), &address, address_en.as_deref()).to_owned()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    };

    let point_name = move || {
        point.with(|p| {
            p.as_ref()
                .map(|p| text_in(lang(), &p.name, p.name_en.as_deref()).to_owned())
                .unwrap_or_default()
        })
    };
    let back_to_points = move |_| {
        slot.set(None);
        point.set(None);
    };

    view! {
        <article class="booking card" data-testid="booking-flow">
            <p class="crumb">{btr(B::BookTitle)}</p>
            <h1 data-testid="booking-item">{dir_name(name_zh, name_en)}</h1>
            <p class="step" data-testid="booking-step" aria-live="polite">
                {move || step_text(lang(), step.get() as u32, STEPS)}
            </p>
            {move || match step.get() {
                Step::Point => choose_points().into_any(),
                Step::Slot => view! {
                    <p class="chosen">
                        <strong data-testid="chosen-point">{point_name}</strong>
                        <Show when=several_points>
                            " "
                            <button type="button" class="link-button" data-testid="change-point" on:click=back_to_points>
                                {btr(B::Change)}
                            </button>
                        </Show>
                    </p>
                    <SlotChooser availability on_pick=Callback::new(move |s| slot.set(Some(s)))/>
                }
                .into_any(),
                Step::Phone => view! {
                    <Chosen point_name time=slot/>
                    <VerifyPhone on_done=Callback::new(move |s| signed_in.set(Some(s)))/>
                }
                .into_any(),
                Step::Name => view! {
                    <Chosen point_name time=slot/>
                    <WhoComes on_done=Callback::new(move |p| person.set(Some(p)))/>
                }
                .into_any(),
                Step::Confirm => view! {
                    <ConfirmBooking item_id=item_id.clone() point time=slot signed_in person availability
                        kiosk=session.is_kiosk()/>
                }
                .into_any(),
            }}
        </article>
    }
}

/// The point and time chosen so far, with a way back to the time.
#[component]
fn Chosen(
    point_name: impl Fn() -> String + Send + Sync + 'static,
    time: RwSignal<Option<(NaiveDateTime, NaiveDateTime)>>,
) -> impl IntoView {
    let slot = time;
    view! {
        <p class="chosen" data-testid="chosen">
            <strong>{point_name}</strong>
            " · "
            <span data-testid="chosen-time">
                {move || slot.get().map(|(s, e)| when_text(lang(), s, e)).unwrap_or_default()}
            </span>
            " "
            <button type="button" class="link-button" data-testid="change-time" on:click=move |_| slot.set(None)>
                {btr(B::Change)}
            </button>
        </p>
    }
}

/// The days from today to the last bookable one, then the chosen day's times. A closed day says
/// why (a holiday, a closure, no appointments that weekday); a full one says so; a time with no
/// seat left or past the cut-off cannot be pressed.
#[component]
pub fn SlotChooser(
    availability: Answer<Availability>,
    on_pick: Callback<(NaiveDateTime, NaiveDateTime)>,
) -> impl IntoView {
    let day = RwSignal::new(None::<NaiveDate>);
    move || match availability.get() {
        None => Loading().into_any(),
        Some(Err(e)) => {
            view! { <ErrorNotice error=e on_retry=move |_| availability.retry()/> }.into_any()
        }
        Some(Ok(a)) => {
            let first_open = a
                .days
                .iter()
                .find(|d| d.status == DayStatus::Open)
                .map(|d| d.date);
            if first_open.is_none() {
                return view! { <p class="notice" data-testid="no-days">{btr(B::NoDays)}</p> }
                    .into_any();
            }
            if day.with_untracked(|d| d.is_none_or(|d| !a.days.iter().any(|x| x.date == d))) {
                day.set(first_open);
            }
            let days = a.days.clone();
            view! {
                <h2 id="choose-day">{btr(B::ChooseDay)}</h2>
                <ul class="days" aria-labelledby="choose-day" data-testid="days">
                    {days.into_iter().map(|d| {
                        let date = d.date;
                        let open = d.status == DayStatus::Open;
                        let why = d.closed.clone();
                        let status = d.status;
                        view! {
                            <li>
                                <button type="button" class="day" data-testid="day" data-date=date.to_string()
                                    disabled=!open
                                    aria-pressed=move || (day.get() == Some(date)).to_string()
                                    on:click=move |_| day.set(Some(date))>
                                    <span class="day-name">{move || day_text(lang(), date)}</span>
                                    {(!open).then(|| {
                                        let why = why.clone();
                                        view! {
                                            <span class="day-why" data-testid="day-why">
                                                {move || match (&why, status) {
                                                    (Some(reason), _) => closed_text(lang(), reason),
                                                    _ => bt(lang(), B::DayFull).to_owned(),
                                                }}
                                            </span>
                                        }
                                    })}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <h2 id="choose-time">{btr(B::ChooseTime)}</h2>
                {move || {
                    let chosen = day.get();
                    let slots: Vec<AvailabilitySlot> = a
                        .days
                        .iter()
                        .find(|d| Some(d.date) == chosen)
                        .map(|d| d.slots.clone())
                        .unwrap_or_default();
                    view! {
                        <ul class="slots" aria-labelledby="choose-time" data-testid="slots">
                            {slots.into_iter().map(|s| {
                                let (start, end) = (s.starts_at, s.ends_at);
                                let open = s.status == SlotStatus::Open;
                                let left = s.seats_left;
                                let status = s.status;
                                view! {
                                    <li>
                                        <button type="button" class="slot" data-testid="slot"
                                            data-start=start.format("%H:%M").to_string()
                                            disabled=!open
                                            on:click=move |_| on_pick.run((start, end))>
                                            <span class="slot-time">{slot_text(start, end)}</span>
                                            <span class="slot-seats">
                                                {move || match status {
                                                    SlotStatus::Open => seats_left_text(lang(), left),
                                                    SlotStatus::Full => bt(lang(), B::SlotFull).to_owned(),
                                                    SlotStatus::PastCutoff => bt(lang(), B::SlotTooLate).to_owned(),
                                                }}
                                            </span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                }}
            }
            .into_any()
        }
    }
}

/// Digits only, and a mainland number's `+86` dropped.
fn phone_digits(text: &str) -> Option<String> {
    Phone::parse(text).map(|p| p.as_str().to_owned())
}

fn code_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The resident proves their number: types it, gets a code by text message, types the code.
#[component]
pub fn VerifyPhone(on_done: Callback<SignedIn>) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = phone_digits(&phone.get_untracked()) else {
            error.set(Some(bt(lang_now(), B::PhoneNotValid).to_owned()));
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::send_code(&number).await {
                Ok(_) => sent_to.set(Some(number)),
                Err(e) => error.set(Some(error_text(lang_now(), &e).to_owned())),
            }
            busy.set(false);
        });
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = sent_to.get_untracked() else {
            return;
        };
        let Some(typed) = code_digits(&code.get_untracked()) else {
            error.set(Some(bt(lang_now(), B::CodeNotValid).to_owned()));
            return;
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::verify_code(&number, &typed).await {
                Ok(token) => {
                    let signed_in = SignedIn {
                        phone: number,
                        token: token.token,
                    };
                    resident::remember(signed_in.clone());
                    on_done.run(signed_in);
                }
                Err(e) => error.set(Some(error_text(lang_now(), &e).to_owned())),
            }
            busy.set(false);
        });
    };
    let again = move |_| {
        sent_to.set(None);
        code.set(String::new());
        error.set(None);
    };
    view! {
        <section class="verify" data-testid="verify-phone">
            <form class="field-form" on:submit=send_code>
                <label for="phone-input">{btr(B::YourPhone)}</label>
                <p class="hint" id="phone-hint">{btr(B::PhoneHint)}</p>
                <input id="phone-input" type="tel" inputmode="numeric" autocomplete="tel" maxlength="20"
                    data-testid="phone-input" aria-describedby="phone-hint"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))
                    disabled=move || sent_to.with(Option::is_some)/>
                <Show when=move || sent_to.with(Option::is_none)>
                    <button type="submit" class="primary" data-testid="send-code" disabled=move || busy.get()>
                        {btr(B::GetCode)}
                    </button>
                </Show>
            </form>
            <Show when=move || sent_to.with(Option::is_some)>
                <form class="field-form" on:submit=verify>
                    <p class="notice" data-testid="code-sent" role="status">
                        {btr(B::CodeSentTo)} " "
                        {move || sent_to.get().and_then(|n| Phone::parse(&n)).map(|p| p.masked()).unwrap_or_default()}
                    </p>
                    <label for="code-input">{btr(B::EnterCode)}</label>
                    <input id="code-input" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                        data-testid="code-input"
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="verify-code" disabled=move || busy.get()>
                            {btr(B::Confirm)}
                        </button>
                        <button type="button" class="secondary" data-testid="code-again" on:click=again>
                            {btr(B::Resend)}
                        </button>
                    </div>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="booking-error">{e}</p> })}
        </section>
    }
}

/// Who comes: a name, and whether it is someone else (with how they are related).
#[component]
fn WhoComes(on_done: Callback<Person>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let on_behalf = RwSignal::new(false);
    let relation = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        let count = typed.chars().count();
        if count == 0 || count > MAX_NAME_CHARS {
            error.set(Some(bt(lang_now(), B::NameMissing)));
            return;
        }
        let proxy = on_behalf.get_untracked();
        let relation = relation.get_untracked().trim().to_owned();
        let relation: String = relation.chars().take(MAX_RELATION_CHARS).collect();
        on_done.run(Person {
            name: typed,
            on_behalf: proxy,
            relation: (proxy && !relation.is_empty()).then_some(relation),
        });
    };
    view! {
        <form class="field-form who" on:submit=submit data-testid="who-comes">
            <h2>{btr(B::WhoComes)}</h2>
            <label class="check">
                <input type="checkbox" data-testid="on-behalf"
                    prop:checked=move || on_behalf.get() on:change=move |ev| on_behalf.set(event_target_checked(&ev))/>
                <span>{btr(B::ForSomeoneElse)}</span>
            </label>
            <Show when=move || on_behalf.get()>
                <p class="hint">{btr(B::ForSomeoneElseHint)}</p>
            </Show>
            <label for="name-input">{btr(B::NameLabel)}</label>
            <input id="name-input" type="text" autocomplete="name" maxlength="50" data-testid="name-input"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <Show when=move || on_behalf.get()>
                <label for="relation-input">{btr(B::Relation)}</label>
                <input id="relation-input" type="text" maxlength="20" data-testid="relation-input"
                    placeholder=move || bt(lang(), B::RelationHint)
                    prop:value=move || relation.get() on:input=move |ev| relation.set(event_target_value(&ev))/>
            </Show>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="booking-error">{e}</p> })}
            <button type="submit" class="primary" data-testid="name-next">{btr(B::Next)}</button>
        </form>
    }
}

/// A new idempotency key: a retry of the same confirmation sends it again and gets the same
/// booking, never two.
fn new_key() -> String {
    let r = || (web_sys::js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("linli-{:08x}{:08x}{:08x}", r(), r(), r())
}

/// What went wrong with the last press of "confirm".
#[derive(Debug, Clone, PartialEq)]
enum Refusal {
    /// The slot went to someone else: the next free times are offered.
    SlotFull,
    Other(ClientError),
}

#[component]
fn ConfirmBooking(
    item_id: String,
    point: RwSignal<Option<BookingPoint>>,
    time: RwSignal<Option<(NaiveDateTime, NaiveDateTime)>>,
    signed_in: RwSignal<Option<SignedIn>>,
    person: RwSignal<Option<Person>>,
    availability: Answer<Availability>,
    kiosk: bool,
) -> impl IntoView {
    let slot = time;
    let navigate = use_navigate();
    let key = StoredValue::new(new_key());
    let busy = RwSignal::new(false);
    let refusal = RwSignal::new(None::<Refusal>);
    let item = item_id.clone();
    let confirm = move |_| {
        let (Some(p), Some((starts_at, _)), Some(who), Some(person)) = (
            point.get_untracked(),
            slot.get_untracked(),
            signed_in.get_untracked(),
            person.get_untracked(),
        ) else {
            return;
        };
        let Ok(item_id) = linli_shared::ids::ItemId::parse(&item) else {
            return;
        };
        let request = NewBooking {
            point: p.id.clone(),
            item: item_id,
            starts_at,
            name: person.name.clone(),
            on_behalf: person.on_behalf,
            relation: person.relation.clone(),
        };
        let key = key.get_value();
        let navigate = navigate.clone();
        busy.set(true);
        refusal.set(None);
        spawn_local(async move {
            match api::book(&who.token, &key, &request).await {
                Ok(booking) => {
                    let href = format!("{}?new=1", Page::Booking(&booking.code).href());
                    navigate(
                        &href,
                        NavigateOptions {
                            replace: kiosk,
                            ..Default::default()
                        },
                    );
                }
                Err(ClientError::Api(ErrorCode::SlotFull)) => {
                    refusal.set(Some(Refusal::SlotFull));
                    availability.retry();
                }
                Err(ClientError::Unauthorized) => {
                    resident::forget();
                    signed_in.set(None);
                }
                Err(e) => refusal.set(Some(Refusal::Other(e))),
            }
            busy.set(false);
        });
    };
    // Another time chosen after a refusal: a new request, a new key.
    let pick = move |s: (NaiveDateTime, NaiveDateTime)| {
        key.set_value(new_key());
        refusal.set(None);
        slot.set(Some(s));
    };
    let suggestions = move || {
        let after = slot.get().map(|(s, _)| s)?;
        match availability.get() {
            Some(Ok(a)) => Some(next_open_slots(&a, after, 3)),
            _ => None,
        }
    };
    let ends_of = move |start: NaiveDateTime| {
        availability
            .get()
            .and_then(Result::ok)
            .and_then(|a| {
                a.days
                    .iter()
                    .flat_map(|d| &d.slots)
                    .find(|s| s.starts_at == start)
                    .map(|s| s.ends_at)
            })
            .unwrap_or(start)
    };
    view! {
        <section class="confirm" data-testid="confirm">
            <h2>{btr(B::CheckAndConfirm)}</h2>
            <dl class="facts booking-facts">
                <dt>{btr(B::WherePlace)}</dt>
                <dd data-testid="confirm-point">
                    {move || point.with(|p| p.as_ref().map(|p| text_in(lang(), &p.name, p.name_en.as_deref()).to_owned()))}
                </dd>
                <dt>{btr(B::When)}</dt>
                <dd data-testid="confirm-time">{move || slot.get().map(|(s, e)| when_text(lang(), s, e))}</dd>
                <dt>{btr(B::Person)}</dt>
                <dd data-testid="confirm-person">
                    {move || person.get().map(|p| with_relation(lang(), &p.name, p.relation.as_deref()))}
                </dd>
                <dt>{btr(B::YourPhone)}</dt>
                <dd data-testid="confirm-phone">
                    {move || signed_in.get().and_then(|s| Phone::parse(&s.phone)).map(|p| p.masked())}
                </dd>
            </dl>
            {move || refusal.get().map(|r| match r {
                Refusal::SlotFull => view! {
                    <div class="notice error" role="alert" data-testid="slot-full">
                        <p>{move || ErrorCode::SlotFull.message(lang())}</p>
                        {move || suggestions().filter(|s| !s.is_empty()).map(|s| view! {
                            <p>{btr(B::NextFree)}</p>
                            <ul class="slots">
                                {s.into_iter().map(|start| {
                                    let end = ends_of(start);
                                    view! {
                                        <li>
                                            <button type="button" class="slot" data-testid="next-free"
                                                on:click=move |_| pick((start, end))>
                                                {move || when_text(lang(), start, end)}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
                .into_any(),
                Refusal::Other(e) => view! {
                    <p class="notice error" role="alert" data-testid="booking-error">{move || error_text(lang(), &e)}</p>
                }
                .into_any(),
            })}
            <div class="actions">
                <button type="button" class="primary" data-testid="confirm-booking"
                    disabled=move || busy.get() || refusal.with(|r| matches!(r, Some(Refusal::SlotFull)))
                    on:click=confirm>
                    {move || if busy.get() { bt(lang(), B::Sending) } else { bt(lang(), B::ConfirmBooking) }}
                </button>
                <button type="button" class="secondary" data-testid="change-person" on:click=move |_| person.set(None)>
                    {btr(B::Change)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn numbers_and_codes_are_read_as_typed() {
        assert_eq!(
            phone_digits(" 138 1234 5678 ").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            phone_digits("+86 13812345678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(phone_digits("1234"), None);
        assert_eq!(code_digits("123 456").as_deref(), Some("123456"));
        assert_eq!(code_digits("12345"), None);
        assert_eq!(code_digits("12345a"), None);
    }
}
