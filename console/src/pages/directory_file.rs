//! The whole directory as a file: download it (what `linli-server export` writes), or upload
//! one (platform admins): the server checks it with the import's rules and names every problem
//! (nothing changes then), or puts its differences into the uploader's draft and answers how
//! many records it adds, changes and retires; the diff and publish pages follow as for any draft.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::DirectoryUpload;
use linli_shared::domain::staff::{Action, Target};
use wasm_bindgen::JsCast;

use crate::i18n::{Msg, lang, tr};
use crate::{ErrorText, PageHeading, api, routes, use_auth};

/// The text of the file chosen in `input`, if any.
async fn chosen_text(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    text.as_string()
}

#[component]
pub fn DirectoryFilePage() -> impl IntoView {
    let auth = use_auth();
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<DirectoryUpload, api::ApiError>>);
    let none_chosen = RwSignal::new(false);
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(element) = input.get_untracked() else {
            return;
        };
        let element: web_sys::HtmlInputElement = element.unchecked_into();
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            match chosen_text(&element).await {
                None => none_chosen.set(true),
                Some(text) => {
                    none_chosen.set(false);
                    let answer = api::upload_directory(text).await;
                    if let Err(e) = &answer {
                        auth.forget_if_signed_out(e);
                    }
                    outcome.set(Some(answer));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <PageHeading msg=Msg::DirectoryFile/>
        <section class="card" aria-labelledby="export-heading">
            <h2 id="export-heading">{tr(Msg::Export)}</h2>
            <p class="hint">{tr(Msg::ExportHint)}</p>
            <a class="button" href=api::EXPORT_URL download="" data-testid="export">{tr(Msg::DownloadFile)}</a>
        </section>
        <Show when=move || auth.may(Action::ImportDirectory, &Target::Nothing)>
            <form class="card" on:submit=upload data-testid="upload" aria-labelledby="upload-heading">
                <h2 id="upload-heading">{tr(Msg::Upload)}</h2>
                <p id="upload-hint" class="hint">{tr(Msg::UploadHint)}</p>
                <label for="directory-file">{tr(Msg::DirectoryFileLabel)}</label>
                <input id="directory-file" type="file" accept=".json,application/json" node_ref=input
                    aria-describedby="upload-hint"/>
                {move || none_chosen.get().then(|| view! {
                    <p class="problem" role="alert" data-testid="problem">{tr(Msg::ChooseAFile)}</p>
                })}
                <button type="submit" class="primary" disabled=busy data-testid="upload-file">{tr(Msg::UploadCheck)}</button>
            </form>
            {move || match outcome.get() {
                None => ().into_any(),
                Some(Ok(u)) => view! {
                    <div class="notice ok" role="status" data-testid="upload-report">
                        <p>{tr(Msg::UploadInDraft)}</p>
                        <ul>
                            <li data-testid="added">{tr(Msg::Added)} ": " {u.added}</li>
                            <li data-testid="changed">{tr(Msg::Changed)} ": " {u.changed}</li>
                            <li data-testid="retired">{tr(Msg::RetiredCount)} ": " {u.retired}</li>
                            <li>{tr(Msg::Unchanged)} ": " {u.unchanged}</li>
                        </ul>
                        <p>
                            <a href=routes::DRAFT data-testid="see-diff">{tr(Msg::SeeDiff)}</a> " · "
                            <a href=routes::PUBLISH>{tr(Msg::Publish)}</a>
                        </p>
                    </div>
                }.into_any(),
                Some(Err(api::ApiError::Refused { status: 422, body })) => view! {
                    <div class="notice error" role="alert" data-testid="upload-problems">
                        <p>{tr(Msg::UploadProblems)} " (" {body.details.len()} ")"</p>
                        <ul>
                            {body.details.into_iter().map(|d| view! {
                                <li data-testid="upload-problem">
                                    <code>{d.field.clone()}</code> ": "
                                    {match d.reason.clone() {
                                        Some(r) => view! { <span lang="en">{r}</span> }.into_any(),
                                        None => view! { <span>{move || d.code.message(lang())}</span> }.into_any(),
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            }}
        </Show>
    }
}
