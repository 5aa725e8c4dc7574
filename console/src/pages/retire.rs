//! Retiring a record from its edit page: a retirement saved into the draft (`record: null`,
//! with the version it was edited from), published like any edit; residents then no longer see
//! it and history keeps it. Asked twice (a button, then a confirmation), the second time with
//! the focus on the confirmation. A record only in the draft (new, never published) is taken
//! out of the draft instead.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::DraftSave;
use linli_shared::domain::draft::DraftKind;

use crate::i18n::{Msg, tr};
use crate::pages::item::request_focus;
use crate::{ErrorText, api, routes, use_auth};

#[component]
pub fn RetireRecord(
    kind: DraftKind,
    #[prop(into)] id: Signal<String>,
    /// The published version the form was edited from (`None`: a new record, only drafted).
    base: RwSignal<Option<String>>,
) -> impl IntoView {
    let auth = use_auth();
    let asking = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let ask = move |_| {
        asking.set(true);
        request_focus("retire-confirm".into(), 0);
    };
    let confirm = move |_| {
        let id = id.get_untracked();
        let base = base.get_untracked();
        spawn_local(async move {
            let answer = match base {
                Some(version) => api::save_draft(
                    kind,
                    &id,
                    &DraftSave {
                        base_version: Some(version),
                        record: None,
                    },
                )
                .await
                .map(drop),
                None => api::discard(kind, &id).await,
            };
            match answer {
                Ok(()) => {
                    asking.set(false);
                    done.set(true);
                    error.set(None);
                }
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card danger-zone" aria-labelledby="retire-heading" data-testid="retire">
            <h2 id="retire-heading">{tr(Msg::RetireTitle)}</h2>
            <p class="hint">{tr(Msg::RetireHint)}</p>
            {move || error.get().map(|e| view! { <ErrorText error=e/> })}
            {move || if done.get() {
                view! {
                    <p class="notice ok" role="status" data-testid="retired-saved">
                        {tr(Msg::RetireSaved)} " " <a href=routes::DRAFT>{tr(Msg::SeeDraft)}</a>
                    </p>
                }.into_any()
            } else if asking.get() {
                view! {
                    <p role="alert">{tr(Msg::RetireConfirmText)}</p>
                    <button type="button" id="retire-confirm" class="danger" on:click=confirm data-testid="retire-confirm">{tr(Msg::RetireConfirm)}</button>
                    " "
                    <button type="button" on:click=move |_| asking.set(false)>{tr(Msg::Cancel)}</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="danger" on:click=ask data-testid="retire-start">{tr(Msg::Retire)}</button>
                }.into_any()
            }}
        </section>
    }
}
