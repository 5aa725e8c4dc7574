//! The list of errands: the items a resident put on it, and every material they need merged
//! into one list (a material several items ask for listed once, with the most copies and which
//! items need it), to print or to take away by QR code.
//!
//! `/list` shows the resident's own list (`crate::list`); `/list?items=a,b` shows the items it
//! names, which is what the list's QR code opens on a phone (with "keep on my list").

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use linli_shared::api::ItemDetail;
use linli_shared::directory::Material;
use linli_shared::domain::takeaway::{MergedMaterial, merge_materials, places_for_errands};
use linli_shared::error::{ErrorCode, Lang};

use crate::api::{self, ClientError};
use crate::components::link::Link;
use crate::components::notice::{ErrorNotice, Loading};
use crate::components::qr::QrCode;
use crate::components::results::{dir_name, dir_text};
use crate::components::takeaway::{PrintPlace, PrintSheet};
use crate::components::title::page_title;
use crate::i18n::{Msg, material_text, name_in, tr, zh_mark};
use crate::list;
use crate::routes::Page;
use crate::session::{lang, use_session};

/// Every item of the list, in order; an item the directory no longer has is left out.
async fn fetch_all(ids: Vec<String>, at: Option<String>) -> Result<Vec<ItemDetail>, ClientError> {
    let mut details = Vec::with_capacity(ids.len());
    for id in ids {
        match api::item(&id, at.as_deref()).send(None).await {
            Ok(detail) => details.push(detail),
            Err(ClientError::Api(ErrorCode::ItemNotFound)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(details)
}

#[component]
pub fn ListPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    // A sheet opened from a QR code names its items; otherwise the resident's own list.
    let named = Memo::new(move |_| {
        query.with(|q| q.get("items").map(|items| list::ids_from_param(&items)))
    });
    let ids = Memo::new(move |_| named.get().unwrap_or_else(list::ids));
    let at = session.kiosk_point();
    page_title(|| tr(Msg::MyList)().to_owned());
    let details = LocalResource::new(move || fetch_all(ids.get(), at.clone()));
    view! {
        <article class="list-page card">
            <h1 data-testid="list-title">{tr(Msg::MyList)}</h1>
            {move || {
                if ids.with(Vec::is_empty) {
                    // Nothing on it yet: the way to find something to put on it.
                    return view! {
                        <p class="notice" data-testid="list-empty">{tr(Msg::ListEmpty)}</p>
                        <p><Link href=session.home_href() class="way-on" testid="list-way-on">{tr(Msg::Categories)}</Link></p>
                    }.into_any();
                }
                match details.get() {
                    None => Loading().into_any(),
                    Some(Err(error)) => view! { <ErrorNotice error on_retry=move |_| details.refetch()/> }.into_any(),
                    Some(Ok(items)) => view! { <ListView items named=named.get().is_some()/> }.into_any(),
                }
            }}
        </article>
    }
}

#[component]
fn ListView(items: Vec<ItemDetail>, named: bool) -> impl IntoView {
    let session = use_session();
    let merged = merge_materials(items.iter().map(|d| d.item.materials.as_slice()));
    let names: Vec<(String, String)> = items
        .iter()
        .map(|d| (d.item.name.clone(), d.item.name_en.clone()))
        .collect();
    let ids: Vec<String> = items.iter().map(|d| d.item.id.to_string()).collect();
    // Where to go: one point that handles every errand when there is one (the kiosk's own point
    // comes first in each errand's list, open ones next), else each errand's first point.
    let errands: Vec<Vec<&str>> = items
        .iter()
        .map(|d| d.points.iter().map(|p| p.id.as_str()).collect())
        .collect();
    let chosen = places_for_errands(&errands);
    let several = chosen.len() > 1;
    let places: Vec<PrintPlace> = chosen
        .into_iter()
        .map(|(point, for_errands)| PrintPlace {
            point: point.to_owned(),
            for_items: if several {
                for_errands.iter().map(|&e| names[e].clone()).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let path = Page::List(Some(&ids)).href();
    let keep = {
        let items = items.clone();
        move |_| {
            for d in &items {
                list::add(d.item.id.as_str());
            }
        }
    };
    view! {
        <section aria-labelledby="list-items-title">
            <h2 id="list-items-title">{tr(Msg::ListItems)}</h2>
            <ul class="hits list-items" data-testid="list-items">
                {items.into_iter().map(|d| {
                    let (name, name_en) = (d.item.name.clone(), d.item.name_en.clone());
                    let id = d.item.id.to_string();
                    let remove_id = id.clone();
                    view! {
                        <li class="list-item" data-testid="list-item" data-item=id.clone()>
                            <Link href=Page::Item(&d.item.id).href() class="hit">
                                <span class="hit-name">{dir_name(name.clone(), name_en.clone())}</span>
                            </Link>
                            {(!named).then(|| view! {
                                <button type="button" class="secondary no-print" data-testid="remove-from-list"
                                    on:click=move |_| list::remove(&remove_id)>
                                    {tr(Msg::RemoveFromList)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <MergedMaterials merged names/>
        <PrintSheet places=Signal::stored(places) qr_path=path.clone()/>
        <div class="take-away no-print">
            <button type="button" class="primary" data-testid="print-button" on:click=|_| { let _ = window().print(); }>
                {tr(Msg::Print)}
            </button>
            {(named && !session.is_kiosk()).then(|| view! {
                <button type="button" class="secondary" data-testid="keep-list" on:click=keep>
                    {tr(Msg::KeepList)}
                </button>
            })}
            {session.is_kiosk().then(|| view! {
                <figure class="qr-box">
                    <QrCode path=path.clone() label=Signal::derive(tr(Msg::TakeItWithYou).to_owned())/>
                    <figcaption>{tr(Msg::TakeItWithYou)}</figcaption>
                </figure>
            })}
        </div>
    }
}

/// The merged materials: each once, its form and copies, which errands need it, its notes.
#[component]
fn MergedMaterials(merged: Vec<MergedMaterial>, names: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section class="materials" aria-labelledby="merged-title">
            <h2 id="merged-title">{tr(Msg::MergedMaterials)}</h2>
            <ol data-testid="merged-materials">
                {merged.into_iter().map(|m| {
                    let form = m.material.form;
                    let copies = m.material.copies;
                    let names_of = |items: &[usize]| -> Names {
                        items.iter().filter_map(|&i| names.get(i).cloned()).collect()
                    };
                    let needed = names_of(&m.needed_by);
                    let count = needed.len();
                    // Each note, and which errands it is for when not all of them.
                    let notes: Vec<(Names, String, Option<String>)> = m
                        .notes
                        .iter()
                        .map(|n| {
                            let whose = if m.note_needs_names(n) { names_of(&n.for_items) } else { Vec::new() };
                            (whose, n.text.clone(), n.text_en.clone())
                        })
                        .collect();
                    let Material { name, name_en, .. } = m.material;
                    view! {
                        <li class="material" data-testid="merged-material" data-copies=copies
                            data-needed-by=count>
                            <span class="material-name">{dir_text(name, name_en)}</span>
                            <span class="material-form">{move || material_text(lang(), form, copies)}</span>
                            <span class="material-for" data-testid="material-for">
                                {tr(Msg::NeededFor)}
                                <NamesJoined names=needed/>
                            </span>
                            {notes.into_iter().map(|(whose, text, text_en)| view! {
                                <span class="material-notes" data-testid="material-note">
                                    {(!whose.is_empty()).then(|| view! {
                                        <span class="note-for"><NamesJoined names=whose/> {move || colon(lang())}</span>
                                    })}
                                    {dir_text(text, text_en)}
                                </span>
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Items' names, each in Chinese and English.
type Names = Vec<(String, String)>;

/// Items' names in the display language, as one list: "最低生活保障、老年优待证".
fn names_joined(lang: Lang, names: &[(String, String)]) -> String {
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    names
        .iter()
        .map(|(zh, en)| name_in(lang, zh, en))
        .collect::<Vec<_>>()
        .join(separator)
}

/// Items' names joined in the display language, marked Chinese where they are (an item without
/// an English name, in English).
#[component]
fn NamesJoined(names: Names) -> impl IntoView {
    let text = Memo::new(move |_| names_joined(lang(), &names));
    view! { <span lang=move || text.with(|t| zh_mark(lang(), t))>{move || text.get()}</span> }
}

/// The colon after a note's errands: full-width in Chinese.
fn colon(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "：" } else { ": " }
}
