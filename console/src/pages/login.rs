//! Sign in: shown at whatever console address was opened while nobody is signed in, so a deep
//! link opens its page once the staff member has signed in.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{Msg, tr};
use crate::{ErrorText, PageHeading, api, use_auth};

#[component]
pub fn SignIn() -> impl IntoView {
    let auth = use_auth();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (name, pass) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::login(name, pass).await {
                Ok(session) => {
                    error.set(None);
                    auth.set(Some(session));
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <PageHeading msg=Msg::SignInTitle/>
        <form class="card narrow" on:submit=submit data-testid="sign-in">
            <p class="hint">{tr(Msg::SignInHint)}</p>
            <label for="username">{tr(Msg::Username)}</label>
            <input id="username" name="username" autocomplete="username" required
                prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
            <label for="password">{tr(Msg::Password)}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <ErrorText error=e/> })}
            <button type="submit" class="primary" disabled=busy>{tr(Msg::SignIn)}</button>
        </form>
    }
}
