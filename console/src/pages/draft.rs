//! The draft and its diff against what residents see: record by record (added, changed,
//! retired; stale when the published record changed since it was copied), field by field with
//! the value on each side. A record can be taken out of the draft here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_shared::api::staff::{DraftDiff, RecordDiff};
use linli_shared::domain::draft::DraftKind;
use serde_json::Value;

use crate::i18n::{Msg, change_name, kind_name, lang, t, tr};
use crate::{ErrorText, PageHeading, api, routes, use_auth};

/// A value of the diff in a line: text as it is, a material as "name · form · copies", other
/// objects and lists as compact JSON; absent as an em dash.
pub fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) if o.contains_key("name") && o.contains_key("copies") => {
            let get = |k: &str| match o.get(k) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            let mut text = format!("{} · {} · {}", get("name"), get("form"), get("copies"));
            if o.contains_key("notes") {
                text.push_str(" · ");
                text.push_str(&get("notes"));
            }
            text
        }
        Some(v) => v.to_string(),
    }
}

#[component]
pub fn DraftPage() -> impl IntoView {
    let auth = use_auth();
    let diff = RwSignal::new(None::<Result<DraftDiff, api::ApiError>>);
    let reload = move || {
        spawn_local(async move {
            let answer = api::diff().await;
            if let Err(e) = &answer {
                auth.forget_if_signed_out(e);
            }
            diff.set(Some(answer));
        });
    };
    reload();
    let discard = move |kind: DraftKind, id: String| {
        spawn_local(async move {
            if api::discard(kind, &id).await.is_ok() {
                reload();
            }
        });
    };
    view! {
        <PageHeading msg=Msg::DraftTitle/>
        {move || match diff.get() {
            None => view! { <p role="status">{tr(Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorText error=e/> }.into_any(),
            Some(Ok(d)) if d.records.is_empty() => view! {
                <p data-testid="draft-empty">{tr(Msg::DraftEmpty)} " " <a href=routes::DIRECTORY>{tr(Msg::Directory)}</a></p>
            }.into_any(),
            Some(Ok(d)) => view! {
                <p>{tr(Msg::RecordsInDraft)} {d.records.len()} ". " <a href=routes::PUBLISH>{tr(Msg::Publish)}</a></p>
                {d.records.into_iter().map(|r| view! { <RecordView record=r discard=discard/> }).collect_view()}
            }.into_any(),
        }}
    }
}

#[component]
fn RecordView(
    record: RecordDiff,
    discard: impl Fn(DraftKind, String) + Copy + 'static,
) -> impl IntoView {
    let (kind, id, change) = (record.kind, record.id.clone(), record.change);
    let href = match kind {
        DraftKind::Item => Some(routes::item(&id)),
        DraftKind::Point => Some(routes::point(&id)),
        DraftKind::Category => None,
    };
    let heading_id = format!("diff-{}-{}", kind.as_str(), id);
    let id2 = id.clone();
    let labelled_by = heading_id.clone();
    view! {
        <section class="card" data-testid="record-diff" data-kind=kind.as_str() data-id=id.clone() aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {move || kind_name(lang(), kind)} " " <code>{id.clone()}</code> " · "
                <span data-testid="change">{move || change_name(lang(), change)}</span>
            </h2>
            {record.stale.then(|| view! { <p class="notice error" role="alert" data-testid="stale">{tr(Msg::StaleWarning)}</p> })}
            <table data-testid="field-changes">
                <caption class="sr-only">{move || format!("{} {}", kind_name(lang(), kind), id2)}</caption>
                <thead><tr>
                    <th scope="col">{tr(Msg::Field)}</th>
                    <th scope="col">{tr(Msg::Before)}</th>
                    <th scope="col">{tr(Msg::After)}</th>
                </tr></thead>
                <tbody>
                    {record.fields.into_iter().map(|f| {
                        let field = if f.field.is_empty() { None } else { Some(f.field.clone()) };
                        view! {
                            <tr data-testid="field-change" data-field=f.field.clone()>
                                <th scope="row"><code>{move || field.clone().unwrap_or_else(|| t(lang(), Msg::WholeRecord).to_owned())}</code></th>
                                <td class="before">{value_text(f.before.as_ref())}</td>
                                <td class="after">{value_text(f.after.as_ref())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="actions">
                {href.map(|h| view! { <a href=h>{tr(Msg::Edit)}</a> })}
                <button type="button" class="danger" on:click={
                    let id = record.id.clone();
                    move |_| discard(kind, id.clone())
                }>{tr(Msg::Discard)}</button>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_values_read_as_lines() {
        assert_eq!(value_text(None), "—");
        assert_eq!(value_text(Some(&json!("低保"))), "低保");
        assert_eq!(value_text(Some(&json!(3))), "3");
        assert_eq!(
            value_text(Some(
                &json!({"name": "户口簿", "form": "copy", "copies": 1})
            )),
            "户口簿 · copy · 1"
        );
        assert_eq!(value_text(Some(&json!(["a"]))), "[\"a\"]");
    }
}
