//! Editing a service item with its materials in order, into the staff member's draft. The form
//! starts from the draft's copy when there is one, else from what residents see; saving sends
//! the whole record with the version it was edited from. A stale copy is refused (409) with the
//! current record, which the form offers to load. Only platform admins edit the catalogue; any
//! other role sees the item read-only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use linli_shared::api::staff::DraftSave;
use linli_shared::directory::{Item, Material, MaterialForm};
use linli_shared::domain::draft::{DraftKind, version_of};
use linli_shared::domain::forms::{self, Problem};
use linli_shared::domain::staff::{Action, Target};
use serde_json::Value;

use crate::i18n::{Msg, form_name, lang, problem_text, t, tr};
use crate::pages::fields::{FormState, TextField};
use crate::pages::retire::RetireRecord;
use crate::{ErrorText, PageHeading, api, routes, use_auth};

const FORMS: [MaterialForm; 5] = [
    MaterialForm::Original,
    MaterialForm::Copy,
    MaterialForm::OriginalAndCopy,
    MaterialForm::Form,
    MaterialForm::Electronic,
];

fn form_tag(form: MaterialForm) -> &'static str {
    match form {
        MaterialForm::Original => "original",
        MaterialForm::Copy => "copy",
        MaterialForm::OriginalAndCopy => "original_and_copy",
        MaterialForm::Form => "form",
        MaterialForm::Electronic => "electronic",
    }
}

/// One material row of the form; `key` stays with the row when it moves.
#[derive(Clone, Copy)]
struct MaterialRow {
    key: u64,
    name: RwSignal<String>,
    form: RwSignal<MaterialForm>,
    copies: RwSignal<String>,
    notes: RwSignal<String>,
    /// Kept as they were: the form does not edit the English texts of a material.
    name_en: StoredValue<Option<String>>,
    notes_en: StoredValue<Option<String>>,
}

impl MaterialRow {
    fn new(key: u64, m: &Material) -> MaterialRow {
        MaterialRow {
            key,
            name: RwSignal::new(m.name.clone()),
            form: RwSignal::new(m.form),
            copies: RwSignal::new(m.copies.to_string()),
            notes: RwSignal::new(m.notes.clone()),
            name_en: StoredValue::new(m.name_en.clone()),
            notes_en: StoredValue::new(m.notes_en.clone()),
        }
    }

    fn read(&self) -> Result<Material, Problem> {
        Ok(Material {
            name: forms::name(&self.name.get())?,
            form: self.form.get(),
            copies: forms::copies(&self.copies.get())?,
            notes: self.notes.get().trim().to_owned(),
            name_en: self.name_en.get_value(),
            notes_en: self.notes_en.get_value(),
        })
    }
}

/// The form's fields as signals, filled from an item.
#[derive(Clone, Copy)]
struct ItemForm {
    original: StoredValue<Option<Item>>,
    name: RwSignal<String>,
    name_en: RwSignal<String>,
    colloquial: RwSignal<String>,
    aliases: RwSignal<String>,
    colloquial_en: RwSignal<String>,
    description: RwSignal<String>,
    eligibility: RwSignal<String>,
    time_limit: RwSignal<String>,
    fee: RwSignal<String>,
    department: RwSignal<String>,
    legal_basis: RwSignal<String>,
    materials: RwSignal<Vec<MaterialRow>>,
    next_key: StoredValue<u64>,
    /// The page's owner: rows are made under it, never under a click handler's view that a
    /// change of the form removes (their signals would go with it).
    owner: StoredValue<Option<Owner>>,
}

impl ItemForm {
    fn new() -> ItemForm {
        ItemForm {
            original: StoredValue::new(None),
            name: RwSignal::new(String::new()),
            name_en: RwSignal::new(String::new()),
            colloquial: RwSignal::new(String::new()),
            aliases: RwSignal::new(String::new()),
            colloquial_en: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            eligibility: RwSignal::new(String::new()),
            time_limit: RwSignal::new(String::new()),
            fee: RwSignal::new(String::new()),
            department: RwSignal::new(String::new()),
            legal_basis: RwSignal::new(String::new()),
            materials: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            owner: StoredValue::new(Owner::current()),
        }
    }

    /// A new row for `material`, made under the page's owner.
    fn row(&self, material: &Material) -> MaterialRow {
        let key = self.key();
        match self.owner.get_value() {
            Some(owner) => owner.with(|| MaterialRow::new(key, material)),
            None => MaterialRow::new(key, material),
        }
    }

    fn key(&self) -> u64 {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        k
    }

    fn fill(&self, item: &Item) {
        self.original.set_value(Some(item.clone()));
        self.name.set(item.name.clone());
        self.name_en.set(item.name_en.clone());
        self.colloquial.set(item.colloquial.join("\n"));
        self.aliases.set(item.aliases.join("\n"));
        self.colloquial_en.set(item.colloquial_en.join("\n"));
        self.description.set(item.description.clone());
        self.eligibility.set(item.eligibility.clone());
        self.time_limit.set(item.time_limit_days.to_string());
        self.fee.set(item.fee.amount_fen.to_string());
        self.department.set(item.department.clone());
        self.legal_basis.set(item.legal_basis.clone());
        let rows = item.materials.iter().map(|m| self.row(m)).collect();
        self.materials.set(rows);
    }

    /// The item as the form says, or `None` when a field has a problem.
    fn read(&self) -> Option<Item> {
        let mut item = self.original.get_value()?;
        item.name = forms::name(&self.name.get()).ok()?;
        item.name_en = forms::name(&self.name_en.get()).ok()?;
        item.colloquial = forms::names(&self.colloquial.get()).ok()?;
        item.aliases = forms::names(&self.aliases.get()).ok()?;
        item.colloquial_en = forms::names(&self.colloquial_en.get()).ok()?;
        item.description = forms::text(&self.description.get()).ok()?;
        item.eligibility = forms::text(&self.eligibility.get()).ok()?;
        item.time_limit_days = forms::time_limit_days(&self.time_limit.get()).ok()?;
        item.fee.amount_fen = forms::count(&self.fee.get()).ok()?;
        item.department = forms::name(&self.department.get()).ok()?;
        item.legal_basis = forms::text(&self.legal_basis.get()).ok()?;
        let rows = self.materials.get();
        if rows.is_empty() {
            return None;
        }
        item.materials = rows
            .iter()
            .map(MaterialRow::read)
            .collect::<Result<_, _>>()
            .ok()?;
        Some(item)
    }
}

/// The inline problem of a field, by one of `forms`' checks.
fn problem<T: 'static>(
    value: RwSignal<String>,
    check: fn(&str) -> Result<T, Problem>,
) -> Signal<Option<Problem>> {
    Signal::derive(move || check(&value.get()).err())
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let auth = use_auth();
    let editable = Signal::derive(move || auth.may(Action::EditCatalogue, &Target::Nothing));
    let form = ItemForm::new();
    let state = FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(move || !editable.get()),
    };
    provide_context(state);
    let base = RwSignal::new(None::<String>);
    let in_draft = RwSignal::new(false);
    let load_error = RwSignal::new(None::<api::ApiError>);
    let loaded = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let save_error = RwSignal::new(None::<api::ApiError>);
    let stale = RwSignal::new(None::<Value>);

    Effect::new(move |_| {
        let id = id.get();
        loaded.set(false);
        spawn_local(async move {
            let (record, version, from_draft) = match api::working_copy(DraftKind::Item, &id).await
            {
                Ok(copy) => copy,
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    load_error.set(Some(e));
                    return;
                }
            };
            match serde_json::from_value::<Item>(record) {
                Ok(item) => {
                    form.fill(&item);
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
        let Some(item) = form.read() else {
            save_error.set(None);
            focus_first_problem();
            return;
        };
        let Ok(record) = serde_json::to_value(&item) else {
            return;
        };
        let body = DraftSave {
            base_version: base.get_untracked(),
            record: Some(record),
        };
        let id = id.get_untracked();
        spawn_local(async move {
            match api::save_draft(DraftKind::Item, &id, &body).await {
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
            && let Ok(item) = serde_json::from_value::<Item>(current.clone())
        {
            form.fill(&item);
            base.set(Some(version_of(&current)));
            stale.set(None);
            save_error.set(None);
        }
    };

    let add_material = move |_| {
        let row = form.row(&Material {
            name: String::new(),
            form: MaterialForm::Original,
            copies: 1,
            notes: String::new(),
            name_en: None,
            notes_en: None,
        });
        form.materials.update(|rows| rows.push(row));
        let n = form.materials.with_untracked(Vec::len);
        request_focus(format!("material-{}-name", row.key), n);
    };

    view! {
        <PageHeading msg=Msg::EditItem detail=Signal::derive(move || id.get())/>
        {move || load_error.get().map(|e| view! { <ErrorText error=e/> })}
        <Show when=move || loaded.get()>
            <p class="notice" data-testid="copy-source">
                {move || if in_draft.get() { tr(Msg::InDraft)() } else { tr(Msg::FromPublished)() }}
            </p>
            {move || (!editable.get()).then(|| view! { <p class="notice" data-testid="read-only">{tr(Msg::ReadOnly)}</p> })}
            <form class="card" on:submit=save data-testid="item-form" novalidate>
                <div class="columns">
                    <TextField id="name".into() label=Msg::Name value=form.name problem=problem(form.name, forms::name)/>
                    <TextField id="name_en".into() label=Msg::NameEn value=form.name_en problem=problem(form.name_en, forms::name)/>
                    <TextField id="colloquial".into() label=Msg::Colloquial value=form.colloquial multiline=true hint=Msg::OnePerLine problem=problem(form.colloquial, forms::names)/>
                    <TextField id="aliases".into() label=Msg::Aliases value=form.aliases multiline=true hint=Msg::OnePerLine problem=problem(form.aliases, forms::names)/>
                    <TextField id="colloquial_en".into() label=Msg::ColloquialEn value=form.colloquial_en multiline=true hint=Msg::OnePerLine problem=problem(form.colloquial_en, forms::names)/>
                    <TextField id="description".into() label=Msg::Description value=form.description multiline=true problem=problem(form.description, forms::text)/>
                    <TextField id="eligibility".into() label=Msg::Eligibility value=form.eligibility multiline=true problem=problem(form.eligibility, forms::text)/>
                    <TextField id="time_limit".into() label=Msg::TimeLimitDays value=form.time_limit problem=problem(form.time_limit, forms::time_limit_days) small=true/>
                    <TextField id="fee".into() label=Msg::FeeFen value=form.fee problem=problem(form.fee, forms::count) small=true/>
                    <TextField id="department".into() label=Msg::Department value=form.department problem=problem(form.department, forms::name)/>
                    <TextField id="legal_basis".into() label=Msg::LegalBasis value=form.legal_basis multiline=true problem=problem(form.legal_basis, forms::text)/>
                </div>
                <fieldset data-testid="materials">
                    <legend>{tr(Msg::Materials)}</legend>
                    <ol class="rows">
                        <For each=move || form.materials.get() key=|row| row.key let:row>
                            <MaterialRowView row=row form=form/>
                        </For>
                    </ol>
                    {move || (state.tried.get() && form.materials.with(Vec::is_empty)).then(|| view! {
                        <p class="problem" data-testid="problem">{move || problem_text(lang(), Problem::NoMaterials)}</p>
                    })}
                    <Show when=move || editable.get()>
                        <button type="button" id="add-material" on:click=add_material data-testid="add-material">{tr(Msg::AddMaterial)}</button>
                    </Show>
                </fieldset>
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
                <Show when=move || editable.get()>
                    <button type="submit" class="primary" data-testid="save">{tr(Msg::SaveToDraft)}</button>
                </Show>
            </form>
            <Show when=move || editable.get()>
                <RetireRecord kind=DraftKind::Item id=id base=base/>
            </Show>
        </Show>
    }
}

#[component]
fn MaterialRowView(row: MaterialRow, form: ItemForm) -> impl IntoView {
    let state = expect_context::<FormState>();
    let editable = Signal::derive(move || !state.readonly.get());
    let index = move || {
        form.materials
            .with(|rows| rows.iter().position(|r| r.key == row.key))
            .unwrap_or(0)
    };
    let count = move || form.materials.with(Vec::len);
    let shift = move |by: isize| {
        let from = index();
        let to = from as isize + by;
        if to < 0 || to as usize >= count() {
            return;
        }
        form.materials.update(|rows| rows.swap(from, to as usize));
        let which = if by < 0 { "up" } else { "down" };
        request_focus(format!("material-{}-{which}", row.key), 0);
    };
    let remove = move |_| {
        let at = index();
        form.materials.update(|rows| {
            rows.retain(|r| r.key != row.key);
        });
        let next = form
            .materials
            .with_untracked(|rows| rows.get(at).or(rows.last()).map(|r| r.key));
        match next {
            Some(k) => request_focus(format!("material-{k}-name"), 0),
            None => request_focus("add-material".into(), 0),
        }
    };
    let k = row.key;
    let name_problem = Signal::derive(move || forms::name(&row.name.get()).err());
    let copies_problem = Signal::derive(move || forms::copies(&row.copies.get()).err());
    let number = move || format!("{} {}", t(lang(), Msg::Material), index() + 1);
    view! {
        <li class="row" data-testid="material-row">
            <span class="row-number" aria-hidden="true">{move || index() + 1}</span>
            <TextField id=format!("material-{k}-name") label=Msg::MaterialName value=row.name problem=name_problem/>
            <div class="field">
                <label for=format!("material-{k}-form")>{tr(Msg::MaterialForm)}</label>
                <select id=format!("material-{k}-form") disabled=move || !editable.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(f) = FORMS.into_iter().find(|f| form_tag(*f) == v) { row.form.set(f); }
                    }>
                    {FORMS.into_iter().map(|f| view! {
                        <option value=form_tag(f) selected=move || row.form.get() == f>{move || form_name(lang(), f)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id=format!("material-{k}-copies") label=Msg::Copies value=row.copies problem=copies_problem small=true/>
            <TextField id=format!("material-{k}-notes") label=Msg::Notes value=row.notes/>
            <Show when=move || editable.get()>
                <div class="row-actions" role="group" aria-label=number>
                    <button type="button" id=format!("material-{k}-up") disabled=move || index() == 0
                        on:click=move |_| shift(-1)>{tr(Msg::MoveUp)}</button>
                    <button type="button" id=format!("material-{k}-down") disabled=move || { index() + 1 >= count() }
                        on:click=move |_| shift(1)>{tr(Msg::MoveDown)}</button>
                    <button type="button" class="danger" on:click=remove>{tr(Msg::Remove)}</button>
                </div>
            </Show>
        </li>
    }
}

/// Puts the focus on the element with `id` once the view has caught up (after a row was added,
/// moved or removed, the focus stays where the staff member works).
pub fn request_focus(id: String, _hint: usize) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// After a refused save, the first field with a problem takes the focus.
pub fn focus_first_problem() {
    request_animation_frame(|| {
        if let Ok(Some(el)) = document().query_selector("[aria-invalid='true']") {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
