//! The categories of the catalogue (platform admins): rename, reorder, retire, create; each
//! change goes into the draft like any edit and is published from there. The list starts from
//! the draft's copies where it holds them, else from what residents see; moving a category
//! renumbers the order of all (10, 20, 30…) and saves those whose place changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::DraftSave;
use linli_shared::directory::Category;
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::forms::{self, Problem};
use linli_shared::domain::staff::{Action, Target};
use serde_json::Value;

use crate::i18n::{Msg, lang, problem_text, t, tr};
use crate::pages::item::request_focus;
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[derive(Clone, Copy)]
struct Row {
    id: StoredValue<String>,
    name: RwSignal<String>,
    name_en: RwSignal<String>,
    sort: RwSignal<i64>,
    /// The published version it was edited from (`None`: new).
    base: RwSignal<Option<String>>,
    retired: RwSignal<bool>,
}

impl Row {
    fn record(&self) -> Result<Value, Problem> {
        let category = Category {
            id: forms::category_id(&self.id.get_value())?,
            name: forms::name(&self.name.get_untracked())?,
            name_en: forms::name(&self.name_en.get_untracked())?,
            sort: self.sort.get_untracked(),
        };
        serde_json::to_value(category).map_err(|_| Problem::Required)
    }
}

async fn load() -> Result<Vec<(Category, Option<String>)>, api::ApiError> {
    let overview = api::overview().await?;
    let draft = api::draft().await?;
    let mut ids: Vec<String> = overview
        .categories
        .iter()
        .map(|c| c.id.as_str().to_owned())
        .collect();
    for e in &draft.entries {
        if e.kind == DraftKind::Category && e.record.is_some() && !ids.contains(&e.id) {
            ids.push(e.id.clone());
        }
    }
    let mut list = Vec::new();
    for id in ids {
        let (record, base, _) = api::working_copy(DraftKind::Category, &id).await?;
        if let Ok(c) = serde_json::from_value::<Category>(record) {
            list.push((c, base));
        }
    }
    list.sort_by_key(|(c, _)| c.sort);
    Ok(list)
}

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let auth = use_auth();
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let status = RwSignal::new(None::<Msg>);
    let owner = StoredValue::new(Owner::current());
    let make_row = move |c: &Category, base: Option<String>| {
        let make = || Row {
            id: StoredValue::new(c.id.as_str().to_owned()),
            name: RwSignal::new(c.name.clone()),
            name_en: RwSignal::new(c.name_en.clone()),
            sort: RwSignal::new(c.sort),
            base: RwSignal::new(base),
            retired: RwSignal::new(false),
        };
        match owner.get_value() {
            Some(o) => o.with(make),
            None => make(),
        }
    };
    let reload = move || {
        spawn_local(async move {
            match load().await {
                Ok(list) => {
                    rows.set(list.iter().map(|(c, b)| make_row(c, b.clone())).collect());
                    error.set(None);
                }
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    error.set(Some(e));
                }
            }
        });
    };
    reload();

    let save_rows = move |changed: Vec<Row>, done: Msg| {
        spawn_local(async move {
            for row in changed {
                let record = match row.record() {
                    Ok(r) => r,
                    Err(_) => {
                        request_focus(format!("cat-{}-name", row.id.get_value()), 0);
                        return;
                    }
                };
                let body = DraftSave {
                    base_version: row.base.get_untracked(),
                    record: Some(record),
                };
                if let Err(e) =
                    api::save_draft(DraftKind::Category, &row.id.get_value(), &body).await
                {
                    auth.forget_if_signed_out(&e);
                    error.set(Some(e));
                    return;
                }
            }
            error.set(None);
            status.set(Some(done));
        });
    };
    // Moves row `i` by `by` places, renumbers, saves the rows whose order changed.
    let shift = move |i: usize, by: isize| {
        let mut list = rows.get_untracked();
        let j = i as isize + by;
        if j < 0 || j as usize >= list.len() {
            return;
        }
        list.swap(i, j as usize);
        let mut changed = Vec::new();
        for (n, row) in list.iter().enumerate() {
            let sort = (n as i64 + 1) * 10;
            if row.sort.get_untracked() != sort {
                row.sort.set(sort);
                changed.push(*row);
            }
        }
        let moved = list[j as usize].id.get_value();
        rows.set(list);
        let label = if by < 0 { "up" } else { "down" };
        request_focus(format!("cat-{moved}-{label}"), 0);
        save_rows(changed, Msg::OrderSaved);
    };
    let retire = move |row: Row| {
        spawn_local(async move {
            let id = row.id.get_value();
            let answer = match row.base.get_untracked() {
                Some(version) => api::save_draft(
                    DraftKind::Category,
                    &id,
                    &DraftSave {
                        base_version: Some(version),
                        record: None,
                    },
                )
                .await
                .map(drop),
                None => api::discard(DraftKind::Category, &id).await,
            };
            match answer {
                Ok(()) => {
                    row.retired.set(true);
                    status.set(Some(Msg::RetireSaved));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // A new category.
    let new_id = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let new_name_en = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let sort = rows
            .with_untracked(|r| r.iter().map(|r| r.sort.get_untracked()).max())
            .unwrap_or(0)
            + 10;
        let category = (|| {
            Some(Category {
                id: forms::category_id(&new_id.get_untracked()).ok()?,
                name: forms::name(&new_name.get_untracked()).ok()?,
                name_en: forms::name(&new_name_en.get_untracked()).ok()?,
                sort,
            })
        })();
        let Some(category) = category else {
            request_focus("new-cat-id".into(), 0);
            return;
        };
        let row = make_row(&category, None);
        if rows.with_untracked(|r| r.iter().any(|x| x.id.get_value() == row.id.get_value())) {
            return;
        }
        rows.update(|r| r.push(row));
        new_id.set(String::new());
        new_name.set(String::new());
        new_name_en.set(String::new());
        tried.set(false);
        save_rows(vec![row], Msg::Saved);
    };
    let new_problem = move |value: RwSignal<String>, rule: fn(&str) -> Option<Problem>| {
        move || tried.get().then(|| rule(&value.get())).flatten()
    };

    view! {
        <PageHeading msg=Msg::Categories/>
        <Show when=move || auth.may(Action::EditCatalogue, &Target::Nothing)
            fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            <p class="hint">{tr(Msg::CategoriesHint)}</p>
            {move || error.get().map(|e| view! { <ErrorText error=e/> })}
            {move || status.get().map(|m| view! {
                <p class="notice ok" role="status" data-testid="saved">{tr(m)} " " <a href=routes::DRAFT>{tr(Msg::SeeDraft)}</a></p>
            })}
            <table data-testid="categories">
                <thead><tr>
                    <th scope="col">{tr(Msg::Name)}</th>
                    <th scope="col">{tr(Msg::NameEn)}</th>
                    <th scope="col">{tr(Msg::Id)}</th>
                    <th scope="col">{tr(Msg::Order)}</th>
                    <th scope="col"><span class="sr-only">{tr(Msg::Edit)}</span></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                        let id = row.id.get_value();
                        let label = move |msg: Msg| {
                            let id = row.id.get_value();
                            move || format!("{} {}", t(lang(), msg), id)
                        };
                        view! {
                            <tr data-testid="category-row" data-id=id.clone() class:retired=move || row.retired.get()>
                                <td><input id=format!("cat-{id}-name") aria-label=label(Msg::Name) prop:value=row.name
                                    on:input=move |ev| row.name.set(event_target_value(&ev))/></td>
                                <td><input id=format!("cat-{id}-name-en") aria-label=label(Msg::NameEn) prop:value=row.name_en
                                    on:input=move |ev| row.name_en.set(event_target_value(&ev))/></td>
                                <td><code>{id.clone()}</code></td>
                                <td>
                                    <button type="button" id=format!("cat-{id}-up") aria-label=label(Msg::MoveUp)
                                        disabled=move || i == 0 on:click=move |_| shift(i, -1)>"↑"</button>
                                    <button type="button" id=format!("cat-{id}-down") aria-label=label(Msg::MoveDown)
                                        disabled=move || i + 1 == rows.with(Vec::len) on:click=move |_| shift(i, 1)>"↓"</button>
                                </td>
                                <td>
                                    {move || if row.retired.get() {
                                        view! { <span class="badge" data-testid="retired">{tr(Msg::RetiredBadge)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" aria-label=label(Msg::SaveToDraft) data-testid="save-category"
                                                on:click=move |_| save_rows(vec![row], Msg::Saved)>{tr(Msg::SaveToDraft)}</button>
                                            " "
                                            <button type="button" class="danger" aria-label=label(Msg::RetireTitle) data-testid="retire-category"
                                                on:click=move |_| retire(row)>{tr(Msg::RetireTitle)}</button>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="card" on:submit=create data-testid="new-category" novalidate>
                <h2>{tr(Msg::NewCategory)}</h2>
                <div class="columns">
                    <NewField id="new-cat-id" label=Msg::Id value=new_id problem=Signal::derive(new_problem(new_id, |v| forms::category_id(v).err()))/>
                    <NewField id="new-cat-name" label=Msg::Name value=new_name problem=Signal::derive(new_problem(new_name, |v| forms::name(v).err()))/>
                    <NewField id="new-cat-name-en" label=Msg::NameEn value=new_name_en problem=Signal::derive(new_problem(new_name_en, |v| forms::name(v).err()))/>
                </div>
                <button type="submit" class="primary" data-testid="create-category">{tr(Msg::CreateInDraft)}</button>
            </form>
        </Show>
    }
}

#[component]
fn NewField(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    let described = problem_id.clone();
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id>{tr(label)}</label>
            <input id=id prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby=move || problem.get().is_some().then(|| described.clone())/>
            {move || problem.get().map(|p| view! {
                <p id=problem_id.clone() class="problem" data-testid="problem">{move || problem_text(lang(), p)}</p>
            })}
        </div>
    }
}
