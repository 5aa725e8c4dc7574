//! Editing a service point into the draft: its desk fields (phone, opening hours with breaks,
//! dated closures, the items it offers: what a point manager may change of their own point) and
//! where it is (name, address, coordinates) with its retirement, which only its district admin
//! or a platform admin may change (`domain::staff::may_place_point`; for a point manager those
//! fields are read-only). A point outside the account's scope is not offered for editing at
//! all; the API would refuse the save anyway (403).

use leptos::context::Provider;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use linli_shared::api::staff::DraftSave;
use linli_shared::directory::{Closure, HoursRule, Point};
use linli_shared::domain::draft::{DraftKind, version_of};
use linli_shared::domain::forms::{self, ClosureProblems};
use linli_shared::domain::hours::Weekday;
use linli_shared::domain::staff::{Action, Actor, Place, Scope, Target, may_place_point};
use serde_json::Value;

use crate::i18n::{Msg, lang, t, tr, weekday_name};
use crate::pages::fields::{FormState, TextField};
use crate::pages::item::{focus_first_problem, request_focus};
use crate::pages::retire::RetireRecord;
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[derive(Clone, Copy)]
struct HoursRow {
    key: u64,
    days: RwSignal<Vec<Weekday>>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    breaks: RwSignal<String>,
}

impl HoursRow {
    fn new(key: u64, rule: Option<&HoursRule>) -> HoursRow {
        HoursRow {
            key,
            days: RwSignal::new(rule.map(|r| r.days.clone()).unwrap_or_default()),
            opens: RwSignal::new(rule.map(|r| r.opens.to_string()).unwrap_or_default()),
            closes: RwSignal::new(rule.map(|r| r.closes.to_string()).unwrap_or_default()),
            breaks: RwSignal::new(
                rule.map(|r| forms::breaks_text(&r.breaks))
                    .unwrap_or_default(),
            ),
        }
    }

    fn read(&self) -> Result<HoursRule, forms::HoursProblems> {
        let mut days = self.days.get();
        days.sort();
        forms::hours_rule(
            &days,
            &self.opens.get(),
            &self.closes.get(),
            &self.breaks.get(),
        )
    }
}

#[derive(Clone, Copy)]
struct ClosureRow {
    key: u64,
    from: RwSignal<String>,
    to: RwSignal<String>,
    reason: RwSignal<String>,
    reason_en: StoredValue<Option<String>>,
}

impl ClosureRow {
    fn new(key: u64, closure: Option<&Closure>) -> ClosureRow {
        ClosureRow {
            key,
            from: RwSignal::new(closure.map(|c| c.from.to_string()).unwrap_or_default()),
            to: RwSignal::new(closure.map(|c| c.to.to_string()).unwrap_or_default()),
            reason: RwSignal::new(closure.map(|c| c.reason.clone()).unwrap_or_default()),
            reason_en: StoredValue::new(closure.and_then(|c| c.reason_en.clone())),
        }
    }

    fn read(&self) -> Result<Closure, ClosureProblems> {
        forms::closure(
            &self.from.get(),
            &self.to.get(),
            &self.reason.get(),
            self.reason_en.get_value(),
        )
    }
}

#[derive(Clone, Copy)]
struct PointForm {
    original: StoredValue<Option<Point>>,
    name: RwSignal<String>,
    address: RwSignal<String>,
    lat: RwSignal<String>,
    lng: RwSignal<String>,
    phone: RwSignal<String>,
    hours: RwSignal<Vec<HoursRow>>,
    closures: RwSignal<Vec<ClosureRow>>,
    items: RwSignal<String>,
    next_key: StoredValue<u64>,
    /// The page's owner: rows are made under it (see item.rs).
    owner: StoredValue<Option<Owner>>,
}

impl PointForm {
    fn key(&self) -> u64 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    fn under_page<T>(&self, make: impl FnOnce() -> T) -> T {
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    fn fill(&self, point: &Point) {
        self.original.set_value(Some(point.clone()));
        self.name.set(point.name.clone());
        self.address.set(point.address.clone());
        self.lat.set(point.lat.to_string());
        self.lng.set(point.lng.to_string());
        self.phone.set(point.phone.clone());
        let hours = point
            .hours
            .iter()
            .map(|r| {
                let key = self.key();
                self.under_page(|| HoursRow::new(key, Some(r)))
            })
            .collect();
        self.hours.set(hours);
        let closures = point
            .closures
            .iter()
            .map(|c| {
                let key = self.key();
                self.under_page(|| ClosureRow::new(key, Some(c)))
            })
            .collect();
        self.closures.set(closures);
        self.items.set(
            point
                .items
                .iter()
                .map(|i| i.as_str().to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }

    fn read(&self) -> Option<Point> {
        let mut point = self.original.get_value()?;
        point.name = forms::name(&self.name.get()).ok()?;
        point.address = forms::address(&self.address.get()).ok()?;
        point.lat = forms::latitude(&self.lat.get()).ok()?;
        point.lng = forms::longitude(&self.lng.get()).ok()?;
        point.phone = forms::name(&self.phone.get()).ok()?;
        point.hours = self
            .hours
            .get()
            .iter()
            .map(HoursRow::read)
            .collect::<Result<_, _>>()
            .ok()?;
        point.closures = self
            .closures
            .get()
            .iter()
            .map(ClosureRow::read)
            .collect::<Result<_, _>>()
            .ok()?;
        point.items = forms::item_ids(&self.items.get()).ok()?;
        Some(point)
    }
}

#[component]
pub fn PointPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let auth = use_auth();
    let form = PointForm {
        original: StoredValue::new(None),
        name: RwSignal::new(String::new()),
        address: RwSignal::new(String::new()),
        lat: RwSignal::new(String::new()),
        lng: RwSignal::new(String::new()),
        phone: RwSignal::new(String::new()),
        hours: RwSignal::new(Vec::new()),
        closures: RwSignal::new(Vec::new()),
        items: RwSignal::new(String::new()),
        next_key: StoredValue::new(0),
        owner: StoredValue::new(Owner::current()),
    };
    let district = RwSignal::new(None::<String>);
    let editable = Signal::derive(move || {
        let id = id.get();
        district.with(|d| {
            d.as_ref().is_some_and(|d| {
                auth.may(
                    Action::EditPoint,
                    &Target::Point(Place {
                        district: Some(d.as_str()),
                        point: Some(id.as_str()),
                    }),
                )
            })
        })
    });
    // Where the point is and what it is called: its district admin's (and a platform admin's).
    let places = Signal::derive(move || {
        let id = id.get();
        let Some(session) = auth.session() else {
            return false;
        };
        let Ok(scope) = Scope::parse(&session.account.scope) else {
            return false;
        };
        district.with(|d| {
            d.as_ref().is_some_and(|d| {
                may_place_point(
                    &Actor {
                        role: session.account.role,
                        scope: &scope,
                    },
                    &Place {
                        district: Some(d.as_str()),
                        point: Some(id.as_str()),
                    },
                )
            })
        })
    });
    let state = FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(move || !editable.get()),
    };
    provide_context(state);
    let name = RwSignal::new(String::new());
    let base = RwSignal::new(None::<String>);
    let in_draft = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let load_error = RwSignal::new(None::<api::ApiError>);
    let save_error = RwSignal::new(None::<api::ApiError>);
    let saved = RwSignal::new(false);
    let stale = RwSignal::new(None::<Value>);

    Effect::new(move |_| {
        let id = id.get();
        loaded.set(false);
        spawn_local(async move {
            let (record, version, from_draft) = match api::working_copy(DraftKind::Point, &id).await
            {
                Ok(copy) => copy,
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    load_error.set(Some(e));
                    return;
                }
            };
            match serde_json::from_value::<Point>(record) {
                Ok(point) => {
                    district.set(Some(point.district.clone()));
                    name.set(point.name.clone());
                    form.fill(&point);
                    base.set(version);
                    in_draft.set(from_draft);
                    load_error.set(None);
                    loaded.set(true);
                }
                Err(_) => load_error.set(Some(api::ApiError::BadAnswer)),
            }
        });
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.tried.set(true);
        saved.set(false);
        let Some(point) = form.read() else {
            focus_first_problem();
            return;
        };
        let Ok(record) = serde_json::to_value(&point) else {
            return;
        };
        let body = DraftSave {
            base_version: base.get_untracked(),
            record: Some(record),
        };
        let id = id.get_untracked();
        spawn_local(async move {
            match api::save_draft(DraftKind::Point, &id, &body).await {
                Ok(_) => {
                    save_error.set(None);
                    stale.set(None);
                    in_draft.set(true);
                    saved.set(true);
                }
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    if let api::ApiError::Refused { status: 409, body } = &e {
                        stale.set(body.current.clone());
                    }
                    save_error.set(Some(e));
                }
            }
        });
    };
    let load_current = move |_| {
        if let Some(current) = stale.get_untracked()
            && let Ok(point) = serde_json::from_value::<Point>(current.clone())
        {
            form.fill(&point);
            base.set(Some(version_of(&current)));
            stale.set(None);
            save_error.set(None);
        }
    };
    let add_hours = move |_| {
        let key = form.key();
        let row = form.under_page(|| HoursRow::new(key, None));
        form.hours.update(|rows| rows.push(row));
        request_focus(format!("hours-{}-opens", row.key), 0);
    };
    let add_closure = move |_| {
        let key = form.key();
        let row = form.under_page(|| ClosureRow::new(key, None));
        form.closures.update(|rows| rows.push(row));
        request_focus(format!("closure-{}-from", row.key), 0);
    };
    let items_problem = Signal::derive(move || forms::item_ids(&form.items.get()).err());
    let phone_problem = Signal::derive(move || forms::name(&form.phone.get()).err());

    view! {
        <PageHeading msg=Msg::EditPoint detail=Signal::derive(move || {
            let n = name.get();
            if n.is_empty() { id.get() } else { n }
        })/>
        {move || load_error.get().map(|e| view! { <ErrorText error=e/> })}
        <Show when=move || loaded.get()>
            <Show when=move || editable.get() fallback=|| view! {
                <p class="notice error" role="alert" data-testid="not-yours">{tr(Msg::NotYours)}</p>
                <p><a href=routes::DIRECTORY>{tr(Msg::Directory)}</a></p>
            }>
                <p class="notice" data-testid="copy-source">
                    {move || if in_draft.get() { tr(Msg::InDraft)() } else { tr(Msg::FromPublished)() }}
                </p>
                <form class="card" on:submit=save data-testid="point-form" novalidate>
                    <PlaceFields form=form places=places/>
                    <TextField id="phone".into() label=Msg::Phone value=form.phone problem=phone_problem input_type="tel"/>
                    <fieldset data-testid="hours">
                        <legend>{tr(Msg::Hours)}</legend>
                        <ol class="rows">
                            <For each=move || form.hours.get() key=|r| r.key let:row>
                                <HoursRowView row=row form=form/>
                            </For>
                        </ol>
                        <button type="button" on:click=add_hours>{tr(Msg::AddHours)}</button>
                    </fieldset>
                    <fieldset data-testid="closures">
                        <legend>{tr(Msg::Closures)}</legend>
                        <ol class="rows">
                            <For each=move || form.closures.get() key=|r| r.key let:row>
                                <ClosureRowView row=row form=form/>
                            </For>
                        </ol>
                        <button type="button" on:click=add_closure>{tr(Msg::AddClosure)}</button>
                    </fieldset>
                    <TextField id="offered".into() label=Msg::OfferedItems value=form.items multiline=true
                        hint=Msg::OfferedItemsHint problem=items_problem/>
                    {move || (state.tried.get() && form.read().is_none()).then(|| view! {
                        <p class="notice error" role="alert">{tr(Msg::FixProblems)}</p>
                    })}
                    {move || save_error.get().map(|e| view! { <ErrorText error=e/> })}
                    {move || stale.get().map(|current| view! {
                        <div class="notice error" data-testid="stale">
                            <p>{tr(Msg::StaleCopy)}</p>
                            <pre tabindex="0">{serde_json::to_string_pretty(&current).unwrap_or_default()}</pre>
                            <button type="button" on:click=load_current>{tr(Msg::LoadCurrent)}</button>
                        </div>
                    })}
                    {move || saved.get().then(|| view! {
                        <p class="notice ok" role="status" data-testid="saved">
                            {tr(Msg::Saved)} " " <a href=routes::DRAFT>{tr(Msg::SeeDraft)}</a>
                        </p>
                    })}
                    <button type="submit" class="primary" data-testid="save">{tr(Msg::SaveToDraft)}</button>
                </form>
                <Show when=move || places.get()>
                    <RetireRecord kind=DraftKind::Point id=id base=base/>
                </Show>
            </Show>
        </Show>
    }
}

#[component]
fn HoursRowView(row: HoursRow, form: PointForm) -> impl IntoView {
    let k = row.key;
    let problems = Memo::new(move |_| {
        row.read()
            .err()
            .map(|p| (p.days, p.opens, p.closes, p.breaks))
    });
    let state = expect_context::<FormState>();
    let days_problem = move || {
        problems
            .get()
            .and_then(|p| p.0)
            .filter(|_| state.tried.get())
    };
    let remove = move |_| {
        form.hours.update(|rows| rows.retain(|r| r.key != k));
        request_focus("phone".into(), 0);
    };
    view! {
        <li class="row" data-testid="hours-row">
            <fieldset class="days" aria-describedby=format!("hours-{k}-days-problem")>
                <legend>{tr(Msg::Days)}</legend>
                {Weekday::ALL.into_iter().map(|day| {
                    let cid = format!("hours-{k}-{}", weekday_name(linli_shared::error::Lang::En, day).to_lowercase());
                    view! {
                        <span class="check">
                            <input type="checkbox" id=cid.clone()
                                prop:checked=move || row.days.with(|d| d.contains(&day))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    row.days.update(|d| { d.retain(|x| *x != day); if on { d.push(day); } });
                                }/>
                            <label for=cid>{move || weekday_name(lang(), day)}</label>
                        </span>
                    }
                }).collect_view()}
                <p id=format!("hours-{k}-days-problem") class="problem">
                    {move || days_problem().map(|p| crate::i18n::problem_text(lang(), p))}
                </p>
            </fieldset>
            <TextField id=format!("hours-{k}-opens") label=Msg::Opens value=row.opens small=true
                problem=Signal::derive(move || problems.get().and_then(|p| p.1))/>
            <TextField id=format!("hours-{k}-closes") label=Msg::Closes value=row.closes small=true
                problem=Signal::derive(move || problems.get().and_then(|p| p.2))/>
            <TextField id=format!("hours-{k}-breaks") label=Msg::Breaks value=row.breaks hint=Msg::BreaksHint
                problem=Signal::derive(move || problems.get().and_then(|p| p.3))/>
            <div class="row-actions">
                <button type="button" class="danger" on:click=remove
                    aria-label=move || format!("{} {}", t(lang(), Msg::Remove), t(lang(), Msg::HoursRule))>{tr(Msg::Remove)}</button>
            </div>
        </li>
    }
}

#[component]
fn ClosureRowView(row: ClosureRow, form: PointForm) -> impl IntoView {
    let k = row.key;
    let problems = Memo::new(move |_| row.read().err());
    let remove = move |_| {
        form.closures.update(|rows| rows.retain(|r| r.key != k));
        request_focus("phone".into(), 0);
    };
    view! {
        <li class="row" data-testid="closure-row">
            <TextField id=format!("closure-{k}-from") label=Msg::From value=row.from small=true input_type="date"
                problem=Signal::derive(move || problems.get().and_then(|p| p.from))/>
            <TextField id=format!("closure-{k}-to") label=Msg::To value=row.to small=true input_type="date"
                problem=Signal::derive(move || problems.get().and_then(|p| p.to))/>
            <TextField id=format!("closure-{k}-reason") label=Msg::Reason value=row.reason
                problem=Signal::derive(move || problems.get().and_then(|p| p.reason))/>
            <div class="row-actions">
                <button type="button" class="danger" on:click=remove
                    aria-label=move || format!("{} {}", t(lang(), Msg::Remove), t(lang(), Msg::Closure))>{tr(Msg::Remove)}</button>
            </div>
        </li>
    }
}

/// The point's name, address and coordinates: read-only unless the account may place the point.
#[component]
fn PlaceFields(form: PointForm, places: Signal<bool>) -> impl IntoView {
    // Its own context (a child owner): the rest of the form keeps the page's.
    let outer = expect_context::<FormState>();
    let state = FormState {
        tried: outer.tried,
        readonly: Signal::derive(move || outer.readonly.get() || !places.get()),
    };
    let check = |value: RwSignal<String>, rule: fn(&str) -> Result<String, forms::Problem>| {
        Signal::derive(move || rule(&value.get()).err())
    };
    let number = |value: RwSignal<String>, rule: fn(&str) -> Result<f64, forms::Problem>| {
        Signal::derive(move || rule(&value.get()).err())
    };
    view! {
        <Provider value=state>
        <fieldset data-testid="place">
            <legend>{tr(Msg::PointPlace)}</legend>
            {move || (!places.get()).then(|| view! { <p class="hint" data-testid="place-read-only">{tr(Msg::PlaceReadOnly)}</p> })}
            <TextField id="point-name".into() label=Msg::Name value=form.name problem=check(form.name, forms::name)/>
            <TextField id="address".into() label=Msg::Address value=form.address problem=check(form.address, forms::address)/>
            <TextField id="lat".into() label=Msg::Latitude value=form.lat problem=number(form.lat, forms::latitude) small=true/>
            <TextField id="lng".into() label=Msg::Longitude value=form.lng problem=number(form.lng, forms::longitude) small=true/>
        </fieldset>
        </Provider>
    }
}
