//! The directory: search items and points (the public search, so staff find a record by the
//! words residents use), filter by kind and category, or list a category's items; each result
//! links to its edit form when the role may edit it, else to a read-only view. The search is in
//! the address (`/staff?q=…&kind=…&category=…`), so back and a shared link work. `/` puts the
//! focus in the search box.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_shared::api::{ItemSummary, Overview, PointHit};
use linli_shared::domain::staff::{Action, Place, Scope, Target};
use linli_shared::error::Lang;

use crate::i18n::{Msg, lang, tr};
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[derive(Clone, Default)]
struct Found {
    items: Vec<ItemSummary>,
    points: Vec<PointHit>,
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    let kind = Memo::new(move |_| query.with(|m| m.get("kind").unwrap_or_default()));
    let category = Memo::new(move |_| query.with(|m| m.get("category").unwrap_or_default()));
    let typed = RwSignal::new(q.get_untracked());
    Effect::new(move |_| typed.set(q.get()));

    let overview = RwSignal::new(None::<Overview>);
    spawn_local(async move {
        if let Ok(o) = api::overview().await {
            overview.set(Some(o));
        }
    });

    let found = RwSignal::new(None::<Result<Found, api::ApiError>>);
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (q, category) = (q.get(), category.get());
        let n = asked.get_value() + 1;
        asked.set_value(n);
        if q.trim().is_empty() && category.is_empty() {
            found.set(None);
            return;
        }
        spawn_local(async move {
            let answer = if q.trim().is_empty() {
                api::category(&category).await.map(|c| Found {
                    items: c.items,
                    points: Vec::new(),
                })
            } else {
                let category = (!category.is_empty()).then_some(category.as_str());
                api::search(&q, category).await.map(|s| Found {
                    items: s
                        .items
                        .into_iter()
                        .map(|h| ItemSummary {
                            id: h.id,
                            name: h.name,
                            name_en: h.name_en,
                            category: h.category,
                        })
                        .collect(),
                    points: s.points,
                })
            };
            if asked.get_value() == n {
                if let Err(e) = &answer {
                    auth.forget_if_signed_out(e);
                }
                found.set(Some(answer));
            }
        });
    });

    let go = move |q: String, kind: String, category: String| {
        let mut url = format!("{}?q={}", routes::DIRECTORY, api::encode(q.trim()));
        if !kind.is_empty() {
            url.push_str(&format!("&kind={}", api::encode(&kind)));
        }
        if !category.is_empty() {
            url.push_str(&format!("&category={}", api::encode(&category)));
        }
        navigate(&url, Default::default());
    };
    let go = StoredValue::new_local(go);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go.with_value(|go| {
            go(
                typed.get_untracked(),
                kind.get_untracked(),
                category.get_untracked(),
            )
        });
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
        <form class="filters" role="search" on:submit=submit data-testid="directory-search">
            <div class="field grow">
                <label for="q">{tr(Msg::SearchDirectory)}</label>
                <input id="q" type="search" node_ref=input aria-describedby="q-hint" aria-keyshortcuts="/"
                    prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev))/>
                <p id="q-hint" class="hint">{tr(Msg::SearchHint)} " (/)"</p>
            </div>
            <div class="field">
                <label for="kind">{tr(Msg::Show)}</label>
                <select id="kind" on:change=move |ev| {
                    let k = event_target_value(&ev);
                    go.with_value(|go| go(typed.get_untracked(), k, category.get_untracked()));
                }>
                    <option value="" selected=move || kind.get().is_empty()>{tr(Msg::ItemsAndPoints)}</option>
                    <option value="items" selected=move || kind.get() == "items">{tr(Msg::OnlyItems)}</option>
                    <option value="points" selected=move || kind.get() == "points">{tr(Msg::OnlyPoints)}</option>
                </select>
            </div>
            <div class="field">
                <label for="category">{tr(Msg::Category)}</label>
                <select id="category" on:change=move |ev| {
                    let c = event_target_value(&ev);
                    go.with_value(|go| go(typed.get_untracked(), kind.get_untracked(), c));
                }>
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
            <button type="submit" class="primary">{tr(Msg::SearchDirectory)}</button>
        </form>
        {move || own_district().map(|d| {
            let d2 = d.clone();
            view! {
                <p><a href=format!("{}?q={}&kind=points", routes::DIRECTORY, api::encode(&d))>{tr(Msg::Points)} ": " {d2}</a></p>
            }
        })}
        {move || match found.get() {
            None => view! { <p class="hint">{tr(Msg::ChooseOrSearch)}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            Some(Ok(found)) => {
                let show_items = kind.get() != "points";
                let show_points = kind.get() != "items";
                let nothing = (!show_items || found.items.is_empty()) && (!show_points || found.points.is_empty());
                view! {
                    {nothing.then(|| view! { <p role="status">{tr(Msg::NoResults)}</p> })}
                    {(show_items && !found.items.is_empty()).then(|| view! {
                        <ItemTable items=found.items.clone() editable=can_edit_items()/>
                    })}
                    {(show_points && !found.points.is_empty()).then(|| view! {
                        <PointTable points=found.points.clone()/>
                    })}
                }.into_any()
            }
        }}
    }
}

#[component]
fn ItemTable(items: Vec<ItemSummary>, editable: bool) -> impl IntoView {
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
                    let id = item.id.as_str().to_owned();
                    let href = routes::item(&id);
                    let label = if editable { Msg::Edit } else { Msg::View };
                    let name = item.name.clone();
                    let name_en = item.name_en.clone();
                    view! {
                        <tr data-testid="item-row" data-id=id.clone()>
                            <td lang="zh-CN">{name.clone()}<span class="en" lang="en">{name_en}</span></td>
                            <td><code>{id.clone()}</code></td>
                            <td><code>{item.category.as_str().to_owned()}</code></td>
                            <td><a href=href aria-label=move || format!("{} {}", crate::i18n::t(lang(), label), name)>{tr(label)}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn PointTable(points: Vec<PointHit>) -> impl IntoView {
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
                    let id = point.id.as_str().to_owned();
                    let editable = auth.may(Action::EditPoint, &Target::Point(Place {
                        district: Some(point.district.as_str()),
                        point: Some(id.as_str()),
                    }));
                    let label = if editable { Msg::Edit } else { Msg::View };
                    let name = point.name.clone();
                    view! {
                        <tr data-testid="point-row" data-id=id.clone()>
                            <td>{point.name.clone()}</td>
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
