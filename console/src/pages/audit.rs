//! The audit log, for admins: newest first, filtered by account, record kind and id, and days;
//! "older entries" pages on from the last one shown. Each entry shows who did what to which
//! record, with its before and after folded away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::AuditEntry;
use linli_shared::domain::staff::{Action, Target};

use crate::api::{AUDIT_PAGE, AuditFilter};
use crate::i18n::{Msg, tr};
use crate::pages::fields::{FormState, TextField};
use crate::{ErrorText, PageHeading, api, use_auth};
use linli_shared::domain::forms;

const KINDS: [&str; 4] = ["item", "point", "category", "staff_account"];

#[component]
pub fn AuditPage() -> impl IntoView {
    let auth = use_auth();
    let allowed = move || auth.may(Action::ReadAudit, &Target::Nothing);
    provide_context(FormState {
        tried: RwSignal::new(false),
        readonly: Signal::derive(|| false),
    });
    let account = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let record_id = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let more = RwSignal::new(false);
    let error = RwSignal::new(None::<api::ApiError>);
    let loaded = RwSignal::new(false);
    let account_problem = Signal::derive(move || {
        let a = account.get();
        if a.trim().is_empty() {
            None
        } else {
            forms::count(&a).err()
        }
    });
    let filter = move |before: Option<i64>| AuditFilter {
        account: forms::count(&account.get_untracked())
            .ok()
            .map(|a| a as i64),
        record_kind: forms::optional(&kind.get_untracked()),
        record_id: forms::optional(&record_id.get_untracked()),
        from: forms::optional(&from.get_untracked()),
        to: forms::optional(&to.get_untracked()),
        before,
    };
    let fetch = move |before: Option<i64>| {
        let f = filter(before);
        spawn_local(async move {
            match api::audit(&f).await {
                Ok(answer) => {
                    more.set(answer.entries.len() >= AUDIT_PAGE);
                    if before.is_some() {
                        entries.update(|e| e.extend(answer.entries));
                    } else {
                        entries.set(answer.entries);
                    }
                    error.set(None);
                    loaded.set(true);
                }
                Err(e) => {
                    auth.forget_if_signed_out(&e);
                    error.set(Some(e));
                }
            }
        });
    };
    if allowed() {
        fetch(None);
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if account_problem.get_untracked().is_none() {
            fetch(None);
        }
    };
    let older = move |_| {
        let last = entries.with_untracked(|e| e.last().map(|e| e.id));
        if last.is_some() {
            fetch(last);
        }
    };
    view! {
        <PageHeading msg=Msg::AuditTitle/>
        <Show when=allowed fallback=|| view! { <p class="notice error" role="alert">{tr(Msg::Forbidden)}</p> }>
            <form class="filters" on:submit=submit aria-label=tr(Msg::AuditFilters) data-testid="audit-filters">
                <TextField id="audit-account".into() label=Msg::AccountId value=account problem=account_problem small=true/>
                <div class="field">
                    <label for="audit-kind">{tr(Msg::RecordKind)}</label>
                    <select id="audit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="">{tr(Msg::AnyKind)}</option>
                        {KINDS.into_iter().map(|k| view! { <option value=k>{k}</option> }).collect_view()}
                    </select>
                </div>
                <TextField id="audit-record".into() label=Msg::RecordId value=record_id/>
                <TextField id="audit-from".into() label=Msg::From value=from input_type="date" small=true/>
                <TextField id="audit-to".into() label=Msg::To value=to input_type="date" small=true/>
                <button type="submit" class="primary">{tr(Msg::ApplyFilters)}</button>
            </form>
            {move || error.get().map(|e| view! { <ErrorText error=e/> })}
            {move || (loaded.get() && entries.with(Vec::is_empty)).then(|| view! { <p role="status">{tr(Msg::NoEntries)}</p> })}
            <Show when=move || !entries.with(Vec::is_empty)>
                <table data-testid="audit-entries">
                    <thead><tr>
                        <th scope="col">{tr(Msg::When)}</th>
                        <th scope="col">{tr(Msg::Who)}</th>
                        <th scope="col">{tr(Msg::Action)}</th>
                        <th scope="col">{tr(Msg::Record)}</th>
                        <th scope="col">{tr(Msg::Changes)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || entries.get() key=|e| e.id let:entry>
                            <tr data-testid="audit-entry">
                                <td>{entry.at.clone()}</td>
                                <td>{entry.actor.clone()}</td>
                                <td><code>{entry.action.clone()}</code></td>
                                <td><code>{format!("{}:{}", entry.record_kind, entry.record_id)}</code></td>
                                <td>
                                    <details>
                                        <summary>{tr(Msg::Changes)}</summary>
                                        <p>{tr(Msg::Before)}</p>
                                        <pre tabindex="0">{entry.before.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_else(|| "—".into())}</pre>
                                        <p>{tr(Msg::After)}</p>
                                        <pre tabindex="0">{entry.after.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_else(|| "—".into())}</pre>
                                    </details>
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
            <Show when=move || more.get()>
                <button type="button" on:click=older>{tr(Msg::Older)}</button>
            </Show>
        </Show>
    }
}
