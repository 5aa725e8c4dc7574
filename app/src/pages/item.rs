//! An item's page, the answer first: the 一次告知 card (every material to bring) and where to
//! go, the kiosk's own point and open ones first; then the rest (description, who may apply,
//! time limit, fee, channels, department, legal basis). On a kiosk, a QR code takes the page to
//! the resident's phone; a print button prints the card on one page.

use leptos::prelude::*;
use linli_shared::api::ItemDetail;

use crate::api;
use crate::components::link::Link;
use crate::components::loaded::{Loaded, load};
use crate::components::materials::MaterialsList;
use crate::components::qr::QrCode;
use crate::components::results::OpenBadge;
use crate::i18n::{Msg, channel_name, fee_text, name_in, time_limit_text, tr};
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
    let ItemDetail {
        item,
        category,
        points,
        total_points,
    } = detail;
    let fee = item.fee.clone();
    let time_limit = item.time_limit_days;
    let more = (total_points as usize).saturating_sub(points.len());
    // The phone's address of this page: the same URL without the kiosk's settings.
    let phone_url = format!(
        "{}{}",
        window().location().origin().unwrap_or_default(),
        Page::Item(&item.id).href()
    );
    let (cat_zh, cat_en) = (category.name.clone(), category.name_en.clone());
    view! {
        <div class="item-layout">
        <article class="item card">
            <p class="crumb">
                <Link href=Page::Category(&category.id).href()>
                    {move || name_in(lang(), &cat_zh, &cat_en).to_owned()}
                </Link>
            </p>
            <h1 data-testid="item-name">{item.name.clone()}</h1>
            <p class="subtitle" lang="en">{item.name_en.clone()}</p>
            <MaterialsList materials=item.materials.clone()/>
            <div class="take-away no-print">
                <button type="button" class="primary" data-testid="print-button" on:click=|_| { let _ = window().print(); }>
                    {tr(Msg::Print)}
                </button>
                {session.is_kiosk().then(|| view! {
                    <figure class="qr-box">
                        <QrCode url=phone_url.clone() label=Signal::derive(tr(Msg::TakeItWithYou).to_owned())/>
                        <figcaption>{tr(Msg::TakeItWithYou)}</figcaption>
                    </figure>
                })}
            </div>
        </article>
        <section class="where no-print" aria-labelledby="where-title" data-testid="where">
            <h2 id="where-title">{tr(Msg::Where)}</h2>
            <ul class="hits">
                {points.into_iter().map(|p| view! {
                    <li>
                        <Link href=Page::Point(&p.id).href() class="hit">
                            <span class="hit-name">{p.name.clone()}</span>
                            {p.here.then(|| view! { <span class="badge here">{tr(Msg::HereLabel)}</span> })}
                            <OpenBadge open=p.open_now/>
                            <span class="hit-sub">{p.address.clone()} " · " {p.phone.clone()}</span>
                        </Link>
                    </li>
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="hint">{more} " " {tr(Msg::MorePoints)}</p> })}
        </section>
        <section class="about card" aria-labelledby="about-title">
            <h2 id="about-title">{tr(Msg::AboutItem)}</h2>
            <p class="description">{item.description.clone()}</p>
            <dl class="facts">
                <dt>{tr(Msg::Eligibility)}</dt>
                <dd>{item.eligibility.clone()}</dd>
                <dt>{tr(Msg::TimeLimit)}</dt>
                <dd data-testid="time-limit">{move || time_limit_text(lang(), time_limit)}</dd>
                <dt>{tr(Msg::Fee)}</dt>
                <dd>
                    {move || fee_text(lang(), fee.amount_fen)}
                    {(!item.fee.note.is_empty()).then(|| view! { <span class="fee-note">{item.fee.note.clone()}</span> })}
                </dd>
                <dt>{tr(Msg::Channels)}</dt>
                <dd>
                    <ul class="chips">
                        {item.channels.iter().map(|&c| view! { <li>{move || channel_name(lang(), c)}</li> }).collect_view()}
                    </ul>
                </dd>
                <dt>{tr(Msg::Department)}</dt>
                <dd>{item.department.clone()}</dd>
                <dt>{tr(Msg::LegalBasis)}</dt>
                <dd>{item.legal_basis.clone()}</dd>
            </dl>
        </section>
        </div>
    }
}
