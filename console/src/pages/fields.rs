//! Form fields with their inline problem: a label, the input, and beneath it the problem in the
//! staff's language (tied to the input by `aria-describedby`, flagged by `aria-invalid`), shown
//! once the field has been typed in or a save was tried.

use leptos::prelude::*;

use crate::i18n::{Msg, lang, problem_text, tr};
use linli_shared::domain::forms::Problem;

/// What a form shares with its fields: whether saving was tried (every problem shows then),
/// and whether the form may be changed at all.
#[derive(Clone, Copy)]
pub struct FormState {
    pub tried: RwSignal<bool>,
    pub readonly: Signal<bool>,
}

#[component]
pub fn TextField(
    id: String,
    label: Msg,
    value: RwSignal<String>,
    #[prop(optional)] problem: Option<Signal<Option<Problem>>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional, into)] suffix: Option<String>,
    #[prop(optional)] small: bool,
    #[prop(optional, into)] input_type: Option<String>,
) -> impl IntoView {
    let form = expect_context::<FormState>();
    let touched = RwSignal::new(false);
    let shown = move || {
        problem
            .and_then(|p| p.get())
            .filter(|_| touched.get() || form.tried.get())
    };
    let error_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if shown().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label_text = move || match &suffix {
        Some(s) => format!("{} {s}", crate::i18n::t(lang(), label)),
        None => crate::i18n::t(lang(), label).to_owned(),
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() rows="3" readonly=form.readonly
                aria-invalid=move || shown().is_some().then_some("true")
                aria-describedby=described.clone()
                prop:value=value
                on:input=move |ev| { value.set(event_target_value(&ev)); touched.set(true); }></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=input_type.unwrap_or_else(|| "text".into()) readonly=form.readonly
                class:small=small
                aria-invalid=move || shown().is_some().then_some("true")
                aria-describedby=described.clone()
                prop:value=value
                on:input=move |ev| { value.set(event_target_value(&ev)); touched.set(true); }/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || shown().is_some()>
            <label for=id.clone()>{label_text}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="hint">{tr(h)}</p> })}
            {input}
            {move || shown().map(|p| view! {
                <p id=error_id.clone() class="problem" data-testid="problem">{move || problem_text(lang(), p)}</p>
            })}
        </div>
    }
}
