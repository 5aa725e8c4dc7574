//! The list of required materials (一次告知): every one, with its form, count and notes.

use leptos::prelude::*;
use linli_shared::directory::Material;

use crate::i18n::{Counted, Msg, count_text, material_form, text_in, tr};
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
                                <span class="material-name">{move || text_in(lang(), &name, name_en.as_deref()).to_owned()}</span>
                                <span class="material-form">
                                    {move || material_form(lang(), form)}
                                    " × "
                                    {move || count_text(lang(), Counted::Copies, copies)}
                                </span>
                                {has_notes.then(|| view! {
                                    <span class="material-notes">{move || text_in(lang(), &notes, notes_en.as_deref()).to_owned()}</span>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
