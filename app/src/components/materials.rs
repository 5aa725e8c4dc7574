//! The list of required materials (一次告知): every one, with its form, count and notes.

use leptos::prelude::*;
use linli_shared::directory::Material;

use crate::components::results::dir_text;
use crate::i18n::{Msg, material_text, tr};
use crate::session::lang;

#[component]
pub fn MaterialsList(materials: Vec<Material>) -> impl IntoView {
    view! {
        <section class="materials" aria-labelledby="materials-title">
            <h2 id="materials-title">{tr(Msg::Materials)}</h2>
            <ol data-testid="materials">
                {materials
                    .into_iter()
                    .map(|m| {
                        let form = m.form;
                        let copies = m.copies;
                        let Material { name, name_en, notes, notes_en, .. } = m;
                        let has_notes = !notes.is_empty();
                        view! {
                            <li class="material">
                                <span class="material-name">{dir_text(name, name_en)}</span>
                                <span class="material-form">{move || material_text(lang(), form, copies)}</span>
                                {has_notes.then(|| view! {
                                    <span class="material-notes">{dir_text(notes, notes_en)}</span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
