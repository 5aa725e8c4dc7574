//! Changing one's own password: the current one, the new one twice (checked inline with the
//! server's rule, `domain::forms::new_password`). A change ends every session of the account,
//! this one too, so the page then asks to sign in again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::PasswordChange;
use linli_shared::domain::forms;

use crate::i18n::{Msg, lang, problem_text, tr};
use crate::pages::item::focus_first_problem;
use crate::{ErrorText, PageHeading, api, use_auth};

#[component]
pub fn PasswordPage() -> impl IntoView {
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let changed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problems = Memo::new(move |_| {
        forms::new_password(&new.get(), &repeated.get())
            .err()
            .unwrap_or_default()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if busy.get_untracked() {
            return;
        }
        let Ok(new_password) = forms::new_password(&new.get_untracked(), &repeated.get_untracked())
        else {
            focus_first_problem();
            return;
        };
        busy.set(true);
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password,
        };
        spawn_local(async move {
            match api::change_password(&change).await {
                Ok(()) => {
                    error.set(None);
                    changed.set(true);
                    api::set_csrf(None);
                }
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    current.set(String::new());
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let shown = move |p: Option<forms::Problem>| p.filter(|_| tried.get());
    let field = move |id: &'static str,
                      label: Msg,
                      value: RwSignal<String>,
                      autocomplete: &'static str,
                      problem: Signal<Option<forms::Problem>>| {
        let problem_id = format!("{id}-problem");
        let described = problem_id.clone();
        view! {
            <label for=id>{tr(label)}</label>
            <input id=id type="password" autocomplete=autocomplete required
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby=move || problem.get().is_some().then(|| described.clone())
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            {move || problem.get().map(|p| view! {
                <p id=problem_id.clone() class="problem" data-testid="problem">{move || problem_text(lang(), p)}</p>
            })}
        }
    };
    view! {
        <PageHeading msg=Msg::ChangePassword/>
        <Show when=move || !changed.get() fallback=move || view! {
            <p class="notice ok" role="status" data-testid="password-changed">{tr(Msg::PasswordChanged)}</p>
            <button type="button" class="primary" on:click=move |_| auth.set(None)>{tr(Msg::SignIn)}</button>
        }>
            <form class="card narrow" on:submit=submit data-testid="password-form" novalidate>
                <p class="hint">{tr(Msg::PasswordHint)}</p>
                {field("current-password", Msg::CurrentPassword, current, "current-password", Signal::derive(|| None))}
                {field("new-password", Msg::NewPassword, new, "new-password", Signal::derive(move || shown(problems.get().0)))}
                {field("repeat-password", Msg::RepeatPassword, repeated, "new-password", Signal::derive(move || shown(problems.get().1)))}
                {move || error.get().map(|e| view! { <ErrorText error=e/> })}
                <button type="submit" class="primary" disabled=busy data-testid="change-password">{tr(Msg::ChangePassword)}</button>
            </form>
        </Show>
    }
}
