//! Publishing the draft: how many records it holds, one button, and the outcome: the new
//! directory version, or every problem the server names (422 `directory_invalid`: each with
//! its field and reason), or the stale copy (409) to take out and edit again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::PublishResult;

use crate::i18n::{Msg, lang, tr};
use crate::{ErrorText, PageHeading, api, routes, use_auth};

#[component]
pub fn PublishPage() -> impl IntoView {
    let auth = use_auth();
    let count = RwSignal::new(None::<usize>);
    spawn_local(async move {
        if let Ok(d) = api::diff().await {
            count.set(Some(d.records.len()));
        }
    });
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<PublishResult, api::ApiError>>);
    let publish = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let answer = api::publish().await;
            if let Err(e) = &answer {
                auth.forget_if_signed_out(e);
            }
            if answer.is_ok() {
                count.set(Some(0));
            }
            outcome.set(Some(answer));
            busy.set(false);
        });
    };
    view! {
        <PageHeading msg=Msg::PublishTitle/>
        <p>{tr(Msg::PublishHint)}</p>
        <p data-testid="draft-count">{tr(Msg::RecordsInDraft)} {move || count.get().map(|c| c.to_string()).unwrap_or_else(|| "…".into())}
            " · " <a href=routes::DRAFT>{tr(Msg::Draft)}</a></p>
        <button type="button" class="primary" on:click=publish disabled=move || busy.get() || count.get() == Some(0)
            data-testid="publish">{tr(Msg::PublishNow)}</button>
        {move || match outcome.get() {
            None => ().into_any(),
            Some(Ok(result)) => view! {
                <p class="notice ok" role="status" data-testid="published">
                    {tr(Msg::Published)} {result.version} " · " {tr(Msg::RecordsInDraft)} {result.records}
                </p>
            }.into_any(),
            Some(Err(api::ApiError::Refused { status: 422, body })) => view! {
                <div class="notice error" role="alert" data-testid="publish-problems">
                    <p>{tr(Msg::PublishProblems)}</p>
                    <ul>
                        {body.details.into_iter().map(|d| view! {
                            <li data-testid="publish-problem">
                                <code>{d.field.clone()}</code> ": " {move || d.code.message(lang())}
                                {d.reason.clone().map(|r| view! { " (" <span lang="en">{r}</span> ")" })}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
            Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
        }}
    }
}
