//! A new item or service point, into the draft: the fields that make it a record (id, names,
//! category; a point's kind, district and place), checked inline with `domain::forms`; saved as
//! a new record (no base version), then its own edit page opens on the draft's copy to complete
//! it (materials, hours…). Publishing checks the whole record with the import's rules.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use linli_shared::api::Overview;
use linli_shared::api::staff::DraftSave;
use linli_shared::directory::{Item, Point, PointKind};
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::forms::{self, Problem};
use linli_shared::domain::staff::{Action, Role, Scope, Target};
use linli_shared::error::Lang;
use serde_json::json;

use crate::i18n::{Msg, lang, point_kind_name, tr};
use crate::pages::fields::{FormState, TextField};
use crate::pages::item::focus_first_problem;
use crate::{ErrorText, PageHeading, api, routes, use_auth};

fn check<T: 'static>(
    value: RwSignal<String>,
    rule: fn(&str) -> Result<T, Problem>,
) -> Signal<Option<Problem>> {
    Signal::derive(move || rule(&value.get()).err())
}

/// Saves a new record into the draft unless its id is taken (then `opened` is set to its edit
/// page's address, which the page follows).
async fn create(
    kind: DraftKind,
    id: String,
    record: serde_json::Value,
    error: RwSignal<Option<api::ApiError>>,
    taken: RwSignal<bool>,
    opened: RwSignal<Option<String>>,
    href: String,
) {
    if api::record(kind, &id).await.is_ok() {
        taken.set(true);
        return;
    }
    let body = DraftSave {
        base_version: None,
        record: Some(record),
    };
    match api::save_draft(kind, &id, &body).await {
        Ok(_) => opened.set(Some(href)),
        Err(e) => error.set(Some(e)),
    }
}

/// Follows `opened` once it is set.
fn follow(opened: RwSignal<Option<String>>) {
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(href) = opened.get() {
            navigate(&href, Default::default());
        }
    });
}

#[component]
pub fn NewItemPage() -> impl IntoView {
    let auth = use_auth();
    let state = FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(|| false),
    };
    provide_context(state);
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let taken = RwSignal::new(false);
    let overview = RwSignal::new(None::<Overview>);
    spawn_local(async move {
        if let Ok(o) = api::overview().await {
            if let Some(first) = o.categories.first() {
                category.set(first.id.as_str().to_owned());
            }
            overview.set(Some(o));
        }
    });
    let opened = RwSignal::new(None::<String>);
    follow(opened);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.tried.set(true);
        taken.set(false);
        let (Ok(item_id), Ok(n), Ok(n_en)) = (
            forms::item_id(&id.get_untracked()),
            forms::name(&name.get_untracked()),
            forms::name(&name_en.get_untracked()),
        ) else {
            focus_first_problem();
            return;
        };
        let record = json!({
            "id": item_id.as_str(), "category": category.get_untracked(), "name": n,
            "name_en": n_en, "description": "", "eligibility": "", "materials": [],
            "fee": {"amount_fen": 0}, "time_limit_days": 0, "channels": ["window"],
            "department": "", "legal_basis": "",
        });
        if serde_json::from_value::<Item>(record.clone()).is_err() {
            return;
        }
        let href = routes::item(item_id.as_str());
        spawn_local(create(
            DraftKind::Item,
            item_id.as_str().to_owned(),
            record,
            error,
            taken,
            opened,
            href,
        ));
    };
    view! {
        <PageHeading msg=Msg::NewItem/>
        <Show when=move || auth.may(Action::EditCatalogue, &Target::Nothing)
            fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            <form class="card" on:submit=submit data-testid="new-item" novalidate>
                <p class="hint">{tr(Msg::NewItemHint)}</p>
                <TextField id="new-id".into() label=Msg::Id value=id hint=Msg::IdHint problem=check(id, forms::item_id)/>
                {move || taken.get().then(|| view! { <p class="problem" role="alert" data-testid="id-taken">{tr(Msg::IdTaken)}</p> })}
                <div class="field">
                    <label for="new-category">{tr(Msg::Category)}</label>
                    <select id="new-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        {move || overview.get().map(|o| o.categories.into_iter().map(|c| {
                            let cid = c.id.as_str().to_owned();
                            let selected = { let cid = cid.clone(); move || category.get() == cid };
                            view! {
                                <option value=cid selected=selected>
                                    {move || if lang() == Lang::En { c.name_en.clone() } else { c.name.clone() }}
                                </option>
                            }
                        }).collect_view())}
                    </select>
                </div>
                <TextField id="new-name".into() label=Msg::Name value=name problem=check(name, forms::name)/>
                <TextField id="new-name-en".into() label=Msg::NameEn value=name_en problem=check(name_en, forms::name)/>
                {move || error.get().map(|e| view! { <ErrorText error=e/> })}
                <button type="submit" class="primary" data-testid="create">{tr(Msg::CreateInDraft)}</button>
            </form>
        </Show>
    }
}

const KINDS: [PointKind; 4] = [
    PointKind::StreetCenter,
    PointKind::TownCenter,
    PointKind::CommunityStation,
    PointKind::VillageStation,
];

#[component]
pub fn NewPointPage() -> impl IntoView {
    let auth = use_auth();
    let state = FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(|| false),
    };
    provide_context(state);
    // A district admin's points are in their district.
    let own_district = auth
        .session()
        .and_then(|s| match Scope::parse(&s.account.scope) {
            Ok(Scope::District(d)) => Some(d),
            _ => None,
        });
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(PointKind::CommunityStation);
    let district = RwSignal::new(own_district.clone().unwrap_or_default());
    let subdistrict = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lng = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let taken = RwSignal::new(false);
    let opened = RwSignal::new(None::<String>);
    follow(opened);
    let may_create = move || {
        auth.session()
            .is_some_and(|s| matches!(s.account.role, Role::PlatformAdmin | Role::DistrictAdmin))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.tried.set(true);
        taken.set(false);
        let read = (|| {
            Some(json!({
                "id": forms::point_id(&id.get_untracked()).ok()?.as_str(),
                "name": forms::name(&name.get_untracked()).ok()?,
                "kind": kind.get_untracked(),
                "district": forms::name(&district.get_untracked()).ok()?,
                "subdistrict": forms::name(&subdistrict.get_untracked()).ok()?,
                "address": forms::address(&address.get_untracked()).ok()?,
                "lat": forms::latitude(&lat.get_untracked()).ok()?,
                "lng": forms::longitude(&lng.get_untracked()).ok()?,
                "phone": forms::name(&phone.get_untracked()).ok()?,
                "hours": [], "items": [],
            }))
        })();
        let Some(record) = read.filter(|r| serde_json::from_value::<Point>(r.clone()).is_ok())
        else {
            focus_first_problem();
            return;
        };
        let point_id = id.get_untracked().trim().to_owned();
        let href = routes::point(&point_id);
        spawn_local(create(
            DraftKind::Point,
            point_id,
            record,
            error,
            taken,
            opened,
            href,
        ));
    };
    let district_fixed = own_district.is_some();
    view! {
        <PageHeading msg=Msg::NewPoint/>
        <Show when=may_create
            fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            <form class="card" on:submit=submit data-testid="new-point" novalidate>
                <p class="hint">{tr(Msg::NewPointHint)}</p>
                <div class="columns">
                    <TextField id="new-id".into() label=Msg::Id value=id hint=Msg::IdHint problem=check(id, forms::point_id)/>
                    {move || taken.get().then(|| view! { <p class="problem" role="alert" data-testid="id-taken">{tr(Msg::IdTaken)}</p> })}
                    <TextField id="new-name".into() label=Msg::Name value=name problem=check(name, forms::name)/>
                    <div class="field">
                        <label for="new-kind">{tr(Msg::Kind)}</label>
                        <select id="new-kind" on:change=move |ev| {
                            if let Ok(k) = serde_json::from_value::<PointKind>(json!(event_target_value(&ev))) {
                                kind.set(k);
                            }
                        }>
                            {KINDS.into_iter().map(|k| {
                                let tag = serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                                view! { <option value=tag selected=move || kind.get() == k>{move || point_kind_name(lang(), k)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="new-district">{tr(Msg::District)}</label>
                        <input id="new-district" type="text" readonly=district_fixed prop:value=district
                            on:input=move |ev| district.set(event_target_value(&ev))/>
                    </div>
                    <TextField id="new-subdistrict".into() label=Msg::Subdistrict value=subdistrict problem=check(subdistrict, forms::name)/>
                    <TextField id="new-address".into() label=Msg::Address value=address problem=check(address, forms::address)/>
                    <TextField id="new-lat".into() label=Msg::Latitude value=lat problem=check(lat, forms::latitude) small=true/>
                    <TextField id="new-lng".into() label=Msg::Longitude value=lng problem=check(lng, forms::longitude) small=true/>
                    <TextField id="new-phone".into() label=Msg::Phone value=phone problem=check(phone, forms::name) input_type="tel"/>
                </div>
                {move || error.get().map(|e| view! { <ErrorText error=e/> })}
                <button type="submit" class="primary" data-testid="create">{tr(Msg::CreateInDraft)}</button>
            </form>
        </Show>
    }
}
