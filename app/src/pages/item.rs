//! An item's page, the answer first: the 一次告知 card (every material to bring) and where to
//! go, the kiosk's own point and open ones first; then the rest (description, who may apply,
//! time limit, fee, channels, department, legal basis). On a kiosk, a QR code takes the page to
//! the resident's phone; a print button prints the card on one page.

use leptos::prelude::*;
use linli_shared::api::ItemDetail;
use linli_shared::directory::Channel;
use linli_shared::domain::english::item_detail_lacks_english;
use linli_shared::error::Lang;

use crate::api;
use crate::components::link::Link;
use crate::components::loaded::{Loaded, load};
use crate::components::materials::MaterialsList;
use crate::components::nearby::{WherePoints, WhereState};
use crate::components::qr::QrCode;
use crate::components::results::{dir_name, dir_text};
use crate::components::takeaway::{PrintPlace, PrintSheet};
use crate::components::title::page_title;
use crate::i18n::booking::{B, bt};
use crate::i18n::{Msg, channel_name, fee_text, name_in, time_limit_text, tr};
use crate::list;
use crate::routes::{Page, use_id};
use crate::session::{lang, use_session};

#[component]
pub fn ItemPage() -> impl IntoView {
    let session = use_session();
    let id = use_id();
    let detail = load(move || Some(api::item(&id.get(), session.kiosk_point().as_deref())));
    view! {
        <Loaded answer=detail let:detail>
            <ItemView detail/>
        </Loaded>
    }
}

#[component]
fn ItemView(detail: ItemDetail) -> impl IntoView {
    let session = use_session();
    let lacks_english = item_detail_lacks_english(&detail);
    let ItemDetail {
        item,
        category,
        points,
        total_points,
    } = detail;
    let fee = item.fee.clone();
    let time_limit = item.time_limit_days;
    let more = (total_points as usize).saturating_sub(points.len());
    // The phone's address of this page (the QR code adds the public address and language).
    let page_path = Page::Item(&item.id).href();
    let where_state = WhereState::new(points);
    let item_id = item.id.clone();
    let list_id = item.id.to_string();
    let (cat_zh, cat_en) = (category.name.clone(), category.name_en.clone());
    let (name_zh, name_en) = (item.name.clone(), item.name_en.clone());
    let (title_zh, title_en) = (item.name.clone(), item.name_en.clone());
    let online_url = item.online_url.clone();
    let (tab_zh, tab_en) = (item.name.clone(), item.name_en.clone());
    page_title(move || name_in(lang(), &tab_zh, &tab_en).to_owned());
    view! {
        <div class="item-layout">
        <article class="item card">
            <p class="crumb">
                <Link href=Page::Category(&category.id).href()>
                    {dir_name(cat_zh, cat_en)}
                </Link>
            </p>
            <h1 data-testid="item-name">{dir_name(title_zh, title_en)}</h1>
            // The name in the other language, deliberately: the Chinese one is what to say at
            // the window.
            <p class="subtitle" data-testid="item-other-name" lang=move || if lang() == Lang::Zh { "en" } else { "zh-CN" }>
                {move || if lang() == Lang::Zh { name_en.clone() } else { name_zh.clone() }}
            </p>
            <Show when=move || lacks_english && lang() == Lang::En>
                <p class="notice" data-testid="only-in-chinese">{tr(Msg::OnlyInChinese)}</p>
            </Show>
            {item.channels.contains(&Channel::Appointment).then(|| view! {
                <p class="book-row no-print">
                    <Link href=Page::Book(&item.id).href() class="primary" testid="book-button">
                        {move || bt(lang(), B::Book)}
                    </Link>
                    " "
                    <Link href=Page::MyBookings.href() testid="my-bookings-link">
                        {move || bt(lang(), B::MyBookings)}
                    </Link>
                </p>
            })}
            <MaterialsList materials=item.materials.clone()/>
            <PrintSheet places=Signal::derive(move || where_state.first().map(|p| PrintPlace::whole(p.id.to_string())).into_iter().collect()) qr_path=page_path.clone()/>
            <div class="take-away no-print">
                <button type="button" class="primary" data-testid="print-button" on:click=|_| { let _ = window().print(); }>
                    {tr(Msg::Print)}
                </button>
                <AddToList id=list_id/>
                {session.is_kiosk().then(|| view! {
                    <figure class="qr-box">
                        <QrCode path=page_path.clone() label=Signal::derive(tr(Msg::TakeItWithYou).to_owned())/>
                        <figcaption>{tr(Msg::TakeItWithYou)}</figcaption>
                    </figure>
                })}
            </div>
        </article>
        <WherePoints item=item_id state=where_state more/>
        <section class="about card" aria-labelledby="about-title">
            <h2 id="about-title">{tr(Msg::AboutItem)}</h2>
            <p class="description">{dir_text(item.description.clone(), item.description_en.clone())}</p>
            <dl class="facts">
                <dt>{tr(Msg::Eligibility)}</dt>
                <dd>{dir_text(item.eligibility.clone(), item.eligibility_en.clone())}</dd>
                <dt>{tr(Msg::TimeLimit)}</dt>
                <dd data-testid="time-limit">{move || time_limit_text(lang(), time_limit)}</dd>
                <dt>{tr(Msg::Fee)}</dt>
                <dd>
                    {move || fee_text(lang(), fee.amount_fen)}
                    {(!item.fee.note.is_empty()).then(|| view! { <span class="fee-note">{dir_text(item.fee.note.clone(), item.fee.note_en.clone())}</span> })}
                </dd>
                <dt>{tr(Msg::Channels)}</dt>
                <dd>
                    <ul class="chips">
                        {item.channels.iter().map(|&c| view! { <ChannelChip channel=c online_url=online_url.clone()/> }).collect_view()}
                    </ul>
                </dd>
                <dt>{tr(Msg::Department)}</dt>
                <dd>{dir_text(item.department.clone(), item.department_en.clone())}</dd>
                // The law behind an item is for the screen: the paper keeps what to bring and
                // where to go on one page (an English sheet is a third longer).
                <dt class="no-print">{tr(Msg::LegalBasis)}</dt>
                <dd class="no-print">{dir_text(item.legal_basis.clone(), item.legal_basis_en.clone())}</dd>
            </dl>
        </section>
        </div>
    }
}

/// One way to apply. Online, with the item's online address, it is a link that says it leaves
/// Linli (in a new tab) on a phone, and on a kiosk says to continue on a phone; otherwise it is
/// plain text, never something that looks pressable.
#[component]
fn ChannelChip(channel: Channel, online_url: Option<String>) -> impl IntoView {
    let name = move || channel_name(lang(), channel);
    // A public kiosk never opens another site: no way back, and the next resident could find
    // the last one's session there.
    if channel == Channel::Online && online_url.is_some() && use_session().is_kiosk() {
        return view! {
            <li data-testid="channel-chip">{name}<span class="leaves" data-testid="online-on-phone">{tr(Msg::OnlineOnPhone)}</span></li>
        }
        .into_any();
    }
    match online_url.filter(|_| channel == Channel::Online) {
        Some(url) => view! {
            <li class="chip-link">
                <a href=url target="_blank" rel="noopener noreferrer" data-testid="online-link">
                    {name}
                    <span class="leaves">{tr(Msg::OnlineLeaves)}</span>
                    <span aria-hidden="true">" ↗"</span>
                </a>
            </li>
        }
        .into_any(),
        None => view! { <li data-testid="channel-chip">{name}</li> }.into_any(),
    }
}

/// "Add to my list": puts the item on the resident's list of errands (touched again, takes it
/// off). The top bar's list button shows how many are on it.
#[component]
fn AddToList(id: String) -> impl IntoView {
    let entry = id.clone();
    let on_list = move || list::contains(&id);
    let pressed = on_list.clone();
    let toggle = {
        let on_list = on_list.clone();
        move |_| {
            if on_list() {
                list::remove(&entry);
            } else {
                list::add(&entry);
            }
        }
    };
    view! {
        <button type="button" class="secondary" data-testid="add-to-list"
            aria-pressed=move || pressed().to_string() on:click=toggle>
            {move || if on_list() { tr(Msg::OnList)() } else { tr(Msg::AddToList)() }}
        </button>
    }
}
