//! The list of required materials (一次告知): every one, with its form, count and notes.

use leptos::prelude::*;
use linli_shared::directory::Material;

use crate::i18n::{Msg, material_form, tr};
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
                        view! {
                            <li class="material">
                                <span class="material-name">{m.name}</span>
                                <span class="material-form">
                                    {move || material_form(lang(), form)}
                                    " × "
                                    {copies}
                                    " "
                                    {tr(Msg::Copies)}
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
