//! The directory: the staff's own list (`GET /api/v1/staff/directory`): items and points by
//! text in a name, an alias, an id or an address, by kind, category, district, and in service or
//! retired (so a retired record can be found and brought back); points only within the
//! account's scope. Each result links to its edit form when the role may edit it, else to a
//! read-only view. The search is in the address (`/staff?q=…&kind=…&category=…&district=…&
//! status=…`), so back and a shared link work. `/` puts the focus in the search box.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_shared::api::Overview;
use linli_shared::api::staff::{ListedItem, ListedPoint, StaffDirectory};
use linli_shared::domain::listing::{Kinds, ListFilter};
use linli_shared::domain::staff::{Action, Place, Role, Scope, Target};
use linli_shared::error::Lang;
use linli_shared::query::QueryParams;

use crate::i18n::{Msg, lang, tr};
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |name: &'static str| {
        Memo::new(move |_| query.with(|m| m.get(name).unwrap_or_default()))
    };
    let q = param("q");
    let kind = param("kind");
    let category = param("category");
    let district = param("district");
    let status = param("status");
    let typed = RwSignal::new(q.get_untracked());
    Effect::new(move |_| typed.set(q.get()));
    let typed_district = RwSignal::new(district.get_untracked());
    Effect::new(move |_| typed_district.set(district.get()));

    let overview = RwSignal::new(None::<Overview>);
    spawn_local(async move {
        if let Ok(o) = api::overview().await {
            overview.set(Some(o));
        }
    });

    let found = RwSignal::new(None::<Result<StaffDirectory, api::ApiError>>);
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let params = QueryParams::from_pairs([
            ("q", q.get()),
            ("kind", kind.get()),
            ("category", category.get()),
            ("district", district.get()),
            ("status", status.get()),
        ]);
        let n = asked.get_value() + 1;
        asked.set_value(n);
        let filter = ListFilter::parse(&params).unwrap_or_default();
        if filter == ListFilter::default() {
            found.set(None);
            return;
        }
        spawn_local(async move {
            let answer = api::staff_directory(&filter).await;
            if asked.get_value() == n {
                if let Err(e) = &answer {
                    auth.forget_if_signed_out(e);
                }
                found.set(Some(answer));
            }
        });
    });

    let go = move |q: String, kind: String, category: String, district: String, status: String| {
        let filter = ListFilter::parse(&QueryParams::from_pairs([
            ("q", q),
            ("kind", kind),
            ("category", category),
            ("district", district),
            ("status", status),
        ]))
        .unwrap_or_default();
        navigate(
            &format!("{}?{}", routes::DIRECTORY, filter.to_query_string()),
            Default::default(),
        );
    };
    let go = StoredValue::new_local(go);
    // The address for the filters as they stand, with one of them changed.
    let go_with = move |name: &'static str, value: String| {
        let mut fields = [
            ("q", typed.get_untracked()),
            ("kind", kind.get_untracked()),
            ("category", category.get_untracked()),
            ("district", typed_district.get_untracked()),
            ("status", status.get_untracked()),
        ];
        for (n, v) in &mut fields {
            if *n == name {
                *v = value.clone();
            }
        }
        let [q, k, c, d, s] = fields.map(|(_, v)| v);
        go.with_value(|go| go(q, k, c, d, s));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_with("q", typed.get_untracked());
    };

    // `/` focuses the search box (unless the focus is already in a field).
    let input = NodeRef::<leptos::html::Input>::new();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let in_field = document()
            .active_element()
            .map(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        if !in_field && let Some(input) = input.get_untracked() {
            ev.prevent_default();
            let _ = input.focus();
        }
    });
    on_cleanup(move || handle.remove());

    let can_edit_items = move || auth.may(Action::EditCatalogue, &Target::Nothing);
    let own_point = move || {
        auth.session()
            .and_then(|s| match Scope::parse(&s.account.scope) {
                Ok(Scope::Point(id)) => Some(id.as_str().to_owned()),
                _ => None,
            })
    };
    let own_district = move || {
        auth.session()
            .and_then(|s| match Scope::parse(&s.account.scope) {
                Ok(Scope::District(name)) => Some(name),
                _ => None,
            })
    };

    view! {
        <PageHeading msg=Msg::Directory/>
        {move || own_point().map(|id| view! {
            <p class="card">
                {tr(Msg::YourPoint)} ": "
                <a href=routes::point(&id) data-testid="own-point">{id.clone()}</a>
            </p>
        })}
        {move || {
            let items = can_edit_items();
            let points = auth.session().is_some_and(|s| {
                matches!(s.account.role, Role::PlatformAdmin | Role::DistrictAdmin)
            });
            (items || points).then(|| view! {
                <p class="actions">
                    {items.then(|| view! { <a class="button" href=routes::NEW_ITEM data-testid="new-item-link">{tr(Msg::NewItem)}</a> })}
                    " "
                    {points.then(|| view! { <a class="button" href=routes::NEW_POINT data-testid="new-point-link">{tr(Msg::NewPoint)}</a> })}
                </p>
            })
        }}
        <form class="filters" role="search" on:submit=submit data-testid="directory-search">
            <div class="field grow">
                <label for="q">{tr(Msg::SearchDirectory)}</label>
                <input id="q" type="search" node_ref=input aria-describedby="q-hint" aria-keyshortcuts="/"
                    prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev))/>
                <p id="q-hint" class="hint">{tr(Msg::SearchHint)} " (/)"</p>
            </div>
            <div class="field">
                <label for="kind">{tr(Msg::Show)}</label>
                <select id="kind" on:change=move |ev| go_with("kind", event_target_value(&ev))>
                    <option value="" selected=move || kind.get().is_empty()>{tr(Msg::ItemsAndPoints)}</option>
                    <option value="items" selected=move || kind.get() == "items">{tr(Msg::OnlyItems)}</option>
                    <option value="points" selected=move || kind.get() == "points">{tr(Msg::OnlyPoints)}</option>
                </select>
            </div>
            <div class="field">
                <label for="category">{tr(Msg::Category)}</label>
                <select id="category" on:change=move |ev| go_with("category", event_target_value(&ev))>
                    <option value="" selected=move || category.get().is_empty()>{tr(Msg::AnyCategory)}</option>
                    {move || overview.get().map(|o| o.categories.into_iter().map(|c| {
                        let id = c.id.as_str().to_owned();
                        let selected = { let id = id.clone(); move || category.get() == id };
                        view! {
                            <option value=id.clone() selected=selected>
                                {move || if lang() == Lang::En { c.name_en.clone() } else { c.name.clone() }}
                            </option>
                        }
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="district">{tr(Msg::District)}</label>
                <input id="district" type="text" size="8" prop:value=typed_district
                    on:input=move |ev| typed_district.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="status">{tr(Msg::Status)}</label>
                <select id="status" on:change=move |ev| go_with("status", event_target_value(&ev))>
                    <option value="" selected=move || status.get().is_empty() || status.get() == "active">{tr(Msg::InService)}</option>
                    <option value="retired" selected=move || status.get() == "retired">{tr(Msg::RetiredOnly)}</option>
                    <option value="all" selected=move || status.get() == "all">{tr(Msg::InServiceAndRetired)}</option>
                </select>
            </div>
            <button type="submit" class="primary">{tr(Msg::SearchDirectory)}</button>
        </form>
        {move || own_district().map(|d| {
            let d2 = d.clone();
            view! {
                <p><a href=format!("{}?kind=points&district={}", routes::DIRECTORY, api::encode(&d))>{tr(Msg::Points)} ": " {d2}</a></p>
            }
        })}
        {move || match found.get() {
            None => view! { <p class="hint">{tr(Msg::ChooseOrSearch)}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            Some(Ok(found)) => {
                let show = ListFilter::parse(&QueryParams::from_pairs([("kind", kind.get())]))
                    .map(|f| f.kind)
                    .unwrap_or(Kinds::Both);
                let nothing = found.items.is_empty() && found.points.is_empty();
                view! {
                    {nothing.then(|| view! { <p role="status">{tr(Msg::NoResults)}</p> })}
                    {found.truncated.then(|| view! { <p class="notice" role="status" data-testid="truncated">{tr(Msg::Truncated)}</p> })}
                    {(show.items() && !found.items.is_empty()).then(|| view! {
                        <ItemTable items=found.items.clone() editable=can_edit_items()/>
                    })}
                    {(show.points() && !found.points.is_empty()).then(|| view! {
                        <PointTable points=found.points.clone()/>
                    })}
                }.into_any()
            }
        }}
    }
}

#[component]
fn ItemTable(items: Vec<ListedItem>, editable: bool) -> impl IntoView {
    view! {
        <h2>{tr(Msg::Items)}</h2>
        <table data-testid="item-results">
            <thead><tr>
                <th scope="col">{tr(Msg::Name)}</th>
                <th scope="col">{tr(Msg::Id)}</th>
                <th scope="col">{tr(Msg::Category)}</th>
                <th scope="col"><span class="sr-only">{tr(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|item| {
                    let id = item.id.clone();
                    let retired = item.retired;
                    let href = routes::item(&id);
                    let label = if editable { Msg::Edit } else { Msg::View };
                    let name = item.name.clone();
                    let name_en = item.name_en.clone();
                    view! {
                        <tr data-testid="item-row" data-id=id.clone() data-retired=retired.to_string()>
                            <td lang="zh-CN">{name.clone()}<span class="en" lang="en">{name_en}</span>
                                {retired.then(|| view! { " " <span class="badge" data-testid="retired">{tr(Msg::RetiredBadge)}</span> })}</td>
                            <td><code>{id.clone()}</code></td>
                            <td><code>{item.category.clone()}</code></td>
                            <td><a href=href aria-label=move || format!("{} {}", crate::i18n::t(lang(), label), name)>{tr(label)}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn PointTable(points: Vec<ListedPoint>) -> impl IntoView {
    let auth = use_auth();
    view! {
        <h2>{tr(Msg::Points)}</h2>
        <table data-testid="point-results">
            <thead><tr>
                <th scope="col">{tr(Msg::Name)}</th>
                <th scope="col">{tr(Msg::Id)}</th>
                <th scope="col">{tr(Msg::District)}</th>
                <th scope="col">{tr(Msg::Address)}</th>
                <th scope="col"><span class="sr-only">{tr(Msg::Edit)}</span></th>
            </tr></thead>
            <tbody>
                {points.into_iter().map(|point| {
                    let id = point.id.clone();
                    let retired = point.retired;
                    let editable = auth.may(Action::EditPoint, &Target::Point(Place {
                        district: Some(point.district.as_str()),
                        point: Some(id.as_str()),
                    }));
                    let label = if editable { Msg::Edit } else { Msg::View };
                    let name = point.name.clone();
                    view! {
                        <tr data-testid="point-row" data-id=id.clone() data-retired=retired.to_string()>
                            <td>{point.name.clone()}
                                {retired.then(|| view! { " " <span class="badge" data-testid="retired">{tr(Msg::RetiredBadge)}</span> })}</td>
                            <td><code>{id.clone()}</code></td>
                            <td>{point.district.clone()} " · " {point.subdistrict.clone()}</td>
                            <td>{point.address.clone()}</td>
                            <td><a href=routes::point(&id) aria-label=move || format!("{} {}", crate::i18n::t(lang(), label), name)>{tr(label)}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
