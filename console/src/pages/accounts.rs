//! Staff accounts, for admins: the accounts they manage (a platform admin every one; a district
//! admin the point managers and clerks of their district), a form to add one (the generated
//! password is shown once), and disabling (which ends the account's sessions). Accounts are
//! never deleted. Other roles do not get this page's link, and the API refuses them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::{CreatedAccount, NewAccount, StaffAccount};
use linli_shared::domain::staff::{Action, Role, Target};

use crate::i18n::{Msg, lang, role_name, t, tr};
use crate::pages::fields::{FormState, TextField};
use crate::{ErrorText, PageHeading, api, use_auth};
use linli_shared::domain::forms;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let auth = use_auth();
    let allowed = move || auth.may(Action::ListAccounts, &Target::Nothing);
    let list = RwSignal::new(None::<Result<Vec<StaffAccount>, api::ApiError>>);
    let reload = move || {
        spawn_local(async move {
            let answer = api::accounts().await;
            if let Err(e) = &answer {
                auth.forget_if_signed_out(e);
            }
            list.set(Some(answer));
        });
    };
    if allowed() {
        reload();
    }
    let me = move || auth.session().map(|s| s.account.id);
    let action_error = RwSignal::new(None::<api::ApiError>);
    let disable = move |id: i64| {
        spawn_local(async move {
            match api::disable_account(id).await {
                Ok(()) => {
                    action_error.set(None);
                    reload();
                }
                Err(e) => action_error.set(Some(e)),
            }
        });
    };
    view! {
        <PageHeading msg=Msg::AccountsTitle/>
        <Show when=allowed fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            {move || action_error.get().map(|e| view! { <ErrorText error=e/> })}
            {move || match list.get() {
                None => view! { <p role="status">{tr(Msg::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
                Some(Ok(accounts)) => view! {
                    <table data-testid="accounts">
                        <thead><tr>
                            <th scope="col">{tr(Msg::Username)}</th>
                            <th scope="col">{tr(Msg::Role)}</th>
                            <th scope="col">{tr(Msg::Scope)}</th>
                            <th scope="col">{tr(Msg::Status)}</th>
                            <th scope="col">{tr(Msg::Created)}</th>
                            <th scope="col"><span class="sr-only">{tr(Msg::Disable)}</span></th>
                        </tr></thead>
                        <tbody>
                            {accounts.into_iter().map(|a| {
                                let (id, role, disabled) = (a.id, a.role, a.disabled);
                                let name = a.username.clone();
                                view! {
                                    <tr data-testid="account-row" data-username=a.username.clone()>
                                        <td>{a.username.clone()}</td>
                                        <td>{move || role_name(lang(), role)}</td>
                                        <td><code>{a.scope.clone()}</code></td>
                                        <td data-testid="account-status">{move || if disabled { tr(Msg::Disabled)() } else { tr(Msg::Active)() }}</td>
                                        <td>{a.created_at.clone()}</td>
                                        <td>{(!disabled && me() != Some(id)).then(|| view! {
                                            <button type="button" class="danger" on:click=move |_| disable(id)
                                                aria-label=move || format!("{} {}", t(lang(), Msg::Disable), name)>{tr(Msg::Disable)}</button>
                                        })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
            <AddAccount on_added=reload/>
        </Show>
    }
}

#[component]
fn AddAccount(on_added: impl Fn() + Copy + 'static) -> impl IntoView {
    let auth = use_auth();
    let roles = move || {
        let platform = auth
            .session()
            .is_some_and(|s| s.account.role == Role::PlatformAdmin);
        if platform {
            Role::ALL.to_vec()
        } else {
            vec![Role::PointManager, Role::Clerk]
        }
    };
    let state = FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(|| false),
    };
    provide_context(state);
    let username = RwSignal::new(String::new());
    let role = RwSignal::new(roles()[0]);
    let scope = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<CreatedAccount, api::ApiError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.tried.set(true);
        let Ok(name) = forms::required(&username.get_untracked()) else {
            return;
        };
        let new = NewAccount {
            username: name,
            role: role.get_untracked(),
            scope: forms::optional(&scope.get_untracked()),
            password: forms::optional(&password.get_untracked()),
        };
        spawn_local(async move {
            let answer = api::create_account(&new).await;
            if answer.is_ok() {
                username.set(String::new());
                password.set(String::new());
                state.tried.set(false);
                on_added();
            }
            outcome.set(Some(answer));
        });
    };
    view! {
        <h2 id="add-account">{tr(Msg::AddAccount)}</h2>
        <form class="card columns" on:submit=submit aria-labelledby="add-account" data-testid="add-account" novalidate>
            <TextField id="new-username".into() label=Msg::Username value=username
                problem=Signal::derive(move || forms::required(&username.get()).err())/>
            <div class="field">
                <label for="new-role">{tr(Msg::Role)}</label>
                <select id="new-role" on:change=move |ev| {
                    if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r); }
                }>
                    {move || roles().into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || role.get() == r>{move || role_name(lang(), r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="new-scope".into() label=Msg::Scope value=scope hint=Msg::ScopeHint/>
            <TextField id="new-password".into() label=Msg::PasswordOptional value=password input_type="password"/>
            <button type="submit" class="primary">{tr(Msg::Create)}</button>
            {move || match outcome.get() {
                None => ().into_any(),
                Some(Ok(created)) => view! {
                    <div class="notice ok" role="status" data-testid="account-created">
                        <p>{tr(Msg::AccountCreated)} <strong>{created.account.username.clone()}</strong></p>
                        {created.password.map(|p| view! {
                            <p>{tr(Msg::GeneratedPassword)} <code data-testid="generated-password">{p}</code></p>
                        })}
                    </div>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            }}
        </form>
    }
}
