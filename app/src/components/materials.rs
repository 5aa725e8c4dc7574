//! The list of required materials (一次告知): every one, with its form, count and notes.

use leptos::prelude::*;
use linli_shared::directory::Material;

use crate::i18n::{Locale, material_form, t};

#[component]
pub fn MaterialsList(materials: Vec<Material>) -> impl IntoView {
    let lang = move || Locale::get_from_context();
    view! {
        <section class="materials" aria-labelledby="materials-title">
            <h2 id="materials-title">{move || t(lang(), "materials")}</h2>
            <ol data-testid="materials">
                {materials
                    .into_iter()
                    .map(|m| {
                        let form = m.form;
                        let copies = m.copies;
                        view! {
                            <li class="material">
                                <span class="material-name">{m.name}</span>
                                <span class="material-form">
                                    {move || material_form(lang(), form)}
                                    " × "
                                    {copies}
                                    " "
                                    {move || t(lang(), "copies")}
                                </span>
                                {(!m.notes.is_empty())
                                    .then(|| view! { <span class="material-notes">{m.notes}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
