//! What residents searched for and did not find (admins): a week's queries that found nothing
//! or whose results nobody opened, most asked first (`GET /api/v1/staff/insights?week=`). From
//! a query, "add to an item" opens a panel: find the item (the staff list), choose colloquial
//! name or alias, and the item's working copy with the query added
//! (`domain::insights::add_name`) goes into the draft, to be reviewed and published as usual.
//! The week is in the address (`/staff/insights?week=2026-W48`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_shared::api::staff::{DraftSave, InsightsResponse, ListedItem, UnansweredQuery};
use linli_shared::directory::Item;
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::insights::{Finding, NameKind, add_name};
use linli_shared::domain::listing::{Kinds, ListFilter};
use linli_shared::domain::staff::{Action, Target};

use crate::i18n::{Msg, lang, t, tr};
use crate::pages::item::request_focus;
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[component]
pub fn InsightsPage() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let navigate = StoredValue::new_local(use_navigate());
    let week = Memo::new(move |_| query.with(|m| m.get("week").unwrap_or_default()));
    let typed_week = RwSignal::new(week.get_untracked());
    Effect::new(move |_| typed_week.set(week.get()));
    let answer = RwSignal::new(None::<Result<InsightsResponse, api::ApiError>>);
    Effect::new(move |_| {
        let week = week.get();
        spawn_local(async move {
            let got = api::insights(Some(&week)).await;
            if let Err(e) = &got {
                auth.forget_if_signed_out(e);
            }
            if let Ok(r) = &got {
                typed_week.set(r.week.clone());
            }
            answer.set(Some(got));
        });
    });
    let show_week = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let href = format!(
            "{}?week={}",
            routes::INSIGHTS,
            api::encode(typed_week.get_untracked().trim())
        );
        navigate.with_value(|n| n(&href, Default::default()));
    };
    // The query being added to an item.
    let adding = RwSignal::new(None::<String>);

    view! {
        <PageHeading msg=Msg::Insights/>
        <Show when=move || auth.may(Action::ReadInsights, &Target::Nothing)
            fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            <p class="hint">{tr(Msg::InsightsHint)}</p>
            <form class="filters" on:submit=show_week data-testid="week-form">
                <div class="field">
                    <label for="week">{tr(Msg::Week)}</label>
                    <input id="week" type="week" prop:value=typed_week
                        on:input=move |ev| typed_week.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{tr(Msg::Show)}</button>
            </form>
            {move || match answer.get() {
                None => view! { <p role="status">{tr(Msg::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
                Some(Ok(r)) => view! {
                    <p data-testid="insights-week">{r.week.clone()} " (" {r.from.clone()} " – " {r.to.clone()} ")"</p>
                    {r.queries.is_empty().then(|| view! { <p role="status">{tr(Msg::NoQueries)}</p> })}
                    {(!r.queries.is_empty()).then(|| view! {
                        <QueryTable queries=r.queries.clone() adding=adding/>
                    })}
                }.into_any(),
            }}
            {move || adding.get().map(|q| view! { <AddToItem query=q adding=adding/> })}
        </Show>
    }
}

#[component]
fn QueryTable(queries: Vec<UnansweredQuery>, adding: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <table data-testid="insights">
            <thead><tr>
                <th scope="col">{tr(Msg::Query)}</th>
                <th scope="col">{tr(Msg::Searches)}</th>
                <th scope="col">{tr(Msg::Results)}</th>
                <th scope="col">{tr(Msg::Opened)}</th>
                <th scope="col">{tr(Msg::Finding)}</th>
                <th scope="col"><span class="sr-only">{tr(Msg::AddToItem)}</span></th>
            </tr></thead>
            <tbody>
                {queries.into_iter().map(|q| {
                    let text = q.query.clone();
                    let label_text = text.clone();
                    let finding = match q.finding {
                        Finding::FoundNothing => Msg::FoundNothing,
                        Finding::NotOpened => Msg::NotOpened,
                    };
                    view! {
                        <tr data-testid="insight-row" data-query=q.query.clone()>
                            <td>{q.query.clone()}</td>
                            <td class="number">{q.searches}</td>
                            <td class="number">{q.results}</td>
                            <td class="number">{q.opened}</td>
                            <td>{tr(finding)}</td>
                            <td><button type="button" data-testid="add-to-item"
                                aria-label=move || format!("{}: {}", t(lang(), Msg::AddToItem), label_text)
                                on:click=move |_| {
                                    adding.set(Some(text.clone()));
                                    request_focus("add-heading".into(), 0);
                                }>{tr(Msg::AddToItem)}</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The panel that adds `query` to an item chosen by search.
#[component]
fn AddToItem(query: String, adding: RwSignal<Option<String>>) -> impl IntoView {
    let auth = use_auth();
    let search = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<ListedItem>, api::ApiError>>);
    let chosen = RwSignal::new(None::<String>);
    let kind = RwSignal::new(NameKind::Colloquial);
    let outcome = RwSignal::new(None::<Result<Msg, api::ApiError>>);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filter = ListFilter {
            q: linli_shared::domain::listing::fold(&search.get_untracked()),
            kind: Kinds::Items,
            ..ListFilter::default()
        };
        spawn_local(async move {
            let answer = api::staff_directory(&filter).await.map(|d| d.items);
            if let Ok(items) = &answer {
                chosen.set(items.first().map(|i| i.id.clone()));
            }
            found.set(Some(answer));
        });
    };
    let query_for_add = query.clone();
    let add = move |_| {
        let Some(id) = chosen.get_untracked() else {
            return;
        };
        let query = query_for_add.clone();
        let kind = kind.get_untracked();
        spawn_local(async move {
            let result = async {
                let (record, base, _) = api::working_copy(DraftKind::Item, &id).await?;
                let item: Item =
                    serde_json::from_value(record).map_err(|_| api::ApiError::BadAnswer)?;
                let Some(item) = add_name(&item, &query, kind) else {
                    return Ok(Msg::AlreadyKnown);
                };
                let record = serde_json::to_value(&item).map_err(|_| api::ApiError::BadAnswer)?;
                api::save_draft(
                    DraftKind::Item,
                    &id,
                    &DraftSave {
                        base_version: base,
                        record: Some(record),
                    },
                )
                .await?;
                Ok::<Msg, api::ApiError>(Msg::AddedToDraft)
            }
            .await;
            if let Err(e) = &result {
                auth.forget_if_signed_out(e);
            }
            outcome.set(Some(result));
        });
    };
    let heading_query = query.clone();
    view! {
        <section class="card" aria-labelledby="add-heading" data-testid="add-panel">
            <h2 id="add-heading" tabindex="-1">{tr(Msg::AddToItem)} ": " <q>{heading_query}</q></h2>
            <form class="filters" role="search" on:submit=find>
                <div class="field grow">
                    <label for="item-search">{tr(Msg::FindItem)}</label>
                    <input id="item-search" type="search" prop:value=search
                        on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{tr(Msg::SearchDirectory)}</button>
            </form>
            {move || match found.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
                Some(Ok(items)) if items.is_empty() => view! { <p role="status">{tr(Msg::NoResults)}</p> }.into_any(),
                Some(Ok(items)) => view! {
                    <fieldset data-testid="item-choices">
                        <legend>{tr(Msg::ChooseItem)}</legend>
                        {items.into_iter().map(|item| {
                            let id = item.id.clone();
                            let checked_id = id.clone();
                            let input_id = format!("choose-{id}");
                            view! {
                                <span class="check">
                                    <input type="radio" name="item" id=input_id.clone() value=id.clone()
                                        prop:checked=move || chosen.get().as_deref() == Some(checked_id.as_str())
                                        on:change=move |_| chosen.set(Some(id.clone()))/>
                                    <label for=input_id>{item.name.clone()} " " <code>{item.id.clone()}</code></label>
                                </span>
                            }
                        }).collect_view()}
                    </fieldset>
                    <fieldset>
                        <legend>{tr(Msg::AddAs)}</legend>
                        <span class="check">
                            <input type="radio" name="name-kind" id="as-colloquial"
                                prop:checked=move || kind.get() == NameKind::Colloquial
                                on:change=move |_| kind.set(NameKind::Colloquial)/>
                            <label for="as-colloquial">{tr(Msg::Colloquial)}</label>
                        </span>
                        <span class="check">
                            <input type="radio" name="name-kind" id="as-alias"
                                prop:checked=move || kind.get() == NameKind::Alias
                                on:change=move |_| kind.set(NameKind::Alias)/>
                            <label for="as-alias">{tr(Msg::Aliases)}</label>
                        </span>
                    </fieldset>
                    <button type="button" class="primary" on:click=add.clone() data-testid="add-query">{tr(Msg::AddToDraft)}</button>
                }.into_any(),
            }}
            {move || match outcome.get() {
                None => ().into_any(),
                Some(Ok(msg)) => view! {
                    <p class="notice ok" role="status" data-testid="added-to-draft">
                        {tr(msg)} " " <a href=routes::DRAFT>{tr(Msg::SeeDraft)}</a>
                    </p>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            }}
            <button type="button" on:click=move |_| adding.set(None)>{tr(Msg::Close)}</button>
        </section>
    }
}
