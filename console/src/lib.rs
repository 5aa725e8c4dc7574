//! Linli's staff console: a wasm bundle of its own, served under `/staff`, so the resident
//! app's size stays its own. Staff sign in (the session is an HttpOnly cookie; the CSRF token is
//! kept in memory), find items and points (retired ones too), edit an item with its materials
//! or a point into their draft, create and retire items, points and categories, read the
//! draft's diff field by field, publish it, download or upload the directory file, change their
//! password, and (admins) manage accounts, read the audit log and the search insights.
//!
//! What a role may do is asked of the same rule function the server applies
//! (`linli_shared::domain::staff::may`): the console hides what a role cannot do, and the API
//! refuses it anyway.

pub mod api;
pub mod i18n;
pub mod pages;
pub mod routes;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Router};
use linli_shared::api::staff::StaffSession;
use linli_shared::domain::staff::{Action, Actor, Scope, Target, may};

use crate::i18n::{Lang, Msg, lang, role_name, t, tr};
use crate::pages::login::SignIn;
use crate::routes::ConsoleRoutes;

/// Who is signed in: `None` before the first answer of `/staff/me`, then `Some(None)` for
/// nobody or `Some(Some(session))`.
#[derive(Clone, Copy)]
pub struct Auth(pub RwSignal<Option<Option<StaffSession>>>);

impl Auth {
    pub fn session(&self) -> Option<StaffSession> {
        self.0.get().flatten()
    }

    pub fn set(&self, session: Option<StaffSession>) {
        api::set_csrf(session.as_ref().map(|s| s.csrf_token.clone()));
        self.0.set(Some(session));
    }

    /// Whether the signed-in account may do `action` to `target` (reactive).
    pub fn may(&self, action: Action, target: &Target<'_>) -> bool {
        self.0.with(|s| match s {
            Some(Some(session)) => {
                let Ok(scope) = Scope::parse(&session.account.scope) else {
                    return false;
                };
                may(
                    &Actor {
                        role: session.account.role,
                        scope: &scope,
                    },
                    action,
                    target,
                )
            }
            _ => false,
        })
    }

    /// What a refusal of 401 means: the session is over, so the sign-in form comes back.
    pub fn forget_if_signed_out(&self, error: &api::ApiError) {
        if error.status() == Some(401) {
            self.set(None);
        }
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

const LANG_KEY: &str = "linli.console.lang";

fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let tag = stored.or_else(|| window.as_ref().and_then(|w| w.navigator().language()));
    match tag.as_deref() {
        Some(tag) if tag.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang_signal = RwSignal::new(initial_lang());
    provide_context(lang_signal);
    Effect::new(move |_| {
        let lang = lang_signal.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang_tag(lang));
        }
    });
    let auth = Auth(RwSignal::new(None));
    provide_context(auth);
    spawn_local(async move {
        match api::me().await {
            Ok(session) => auth.set(Some(session)),
            Err(_) => auth.set(None),
        }
    });
    view! {
        <Router>
            <a class="skip" href="#main">{tr(Msg::SkipToContent)}</a>
            <Header/>
            <main id="main" tabindex="-1">
                {move || match auth.0.get() {
                    None => view! { <p role="status" class="notice">{tr(Msg::Loading)}</p> }.into_any(),
                    Some(None) => view! { <SignIn/> }.into_any(),
                    Some(Some(_)) => view! { <ConsoleRoutes/> }.into_any(),
                }}
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let lang_signal = expect_context::<RwSignal<Lang>>();
    let switch = move |_| {
        let next = match lang_signal.get() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(LANG_KEY, lang_tag(next));
        }
        lang_signal.set(next);
    };
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::logout().await;
            auth.set(None);
        });
    };
    let admin = move || auth.may(Action::ListAccounts, &Target::Nothing);
    view! {
        <header class="bar">
            <span class="brand">{tr(Msg::Brand)}</span>
            {move || auth.session().map(|_| view! {
                <nav aria-label=tr(Msg::NavMain)>
                    <ul>
                        <li><A href=routes::DIRECTORY>{tr(Msg::Directory)}</A></li>
                        <li><A href=routes::DRAFT>{tr(Msg::Draft)}</A></li>
                        <li><A href=routes::PUBLISH>{tr(Msg::Publish)}</A></li>
                        {move || auth.may(Action::EditCatalogue, &Target::Nothing).then(|| view! {
                            <li><A href=routes::CATEGORIES>{tr(Msg::Categories)}</A></li>
                        })}
                        <li><A href=routes::DIRECTORY_FILE>{tr(Msg::DirectoryFile)}</A></li>
                        {move || admin().then(|| view! {
                            <li><A href=routes::ACCOUNTS>{tr(Msg::Accounts)}</A></li>
                            <li><A href=routes::AUDIT>{tr(Msg::Audit)}</A></li>
                        })}
                        {move || auth.may(Action::ReadInsights, &Target::Nothing).then(|| view! {
                            <li><A href=routes::INSIGHTS>{tr(Msg::Insights)}</A></li>
                        })}
                    </ul>
                </nav>
            })}
            <div class="who">
                {move || auth.session().map(|s| {
                    let account = s.account;
                    view! {
                        <span data-testid="signed-in-as">
                            {tr(Msg::SignedInAs)} " "
                            <strong>{account.username.clone()}</strong>
                            " (" {move || role_name(lang(), account.role)} ")"
                        </span>
                        <a href=routes::PASSWORD data-testid="password-link">{tr(Msg::ChangePassword)}</a>
                        <button type="button" on:click=sign_out data-testid="sign-out">{tr(Msg::SignOut)}</button>
                    }
                })}
                <button type="button" lang=move || match lang() { Lang::Zh => "en", Lang::En => "zh-CN" }
                    on:click=switch data-testid="language">
                    {tr(Msg::OtherLanguage)}
                </button>
            </div>
        </header>
    }
}

/// The page's heading and the tab's title; the heading takes the focus when the page opens, so
/// a keyboard or screen-reader user starts at the new page, not at the link they left.
#[component]
pub fn PageHeading(
    msg: Msg,
    #[prop(optional, into)] detail: Option<Signal<String>>,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        let name = t(lang(), msg);
        let detail = detail.map(|d| d.get()).unwrap_or_default();
        let title = if detail.is_empty() {
            format!("{name} · {}", t(lang(), Msg::Brand))
        } else {
            format!("{detail} · {name} · {}", t(lang(), Msg::Brand))
        };
        document().set_title(&title);
    });
    // Once the heading is in the document (a frame after the page's view is built).
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            request_animation_frame(move || {
                let _ = h.focus();
            });
        }
    });
    view! {
        <h1 tabindex="-1" node_ref=heading>
            {tr(msg)}
            {move || detail.map(|d| d.get()).filter(|d| !d.is_empty()).map(|d| view! { ": " <span>{d}</span> })}
        </h1>
    }
}

/// A refusal or failure in words, announced.
#[component]
pub fn ErrorText(error: api::ApiError) -> impl IntoView {
    let code = error.code().map(|c| c.as_str()).unwrap_or("network");
    view! { <p class="notice error" role="alert" data-testid="error" data-code=code>{move || error.text(lang())}</p> }
}
