//! Component tests in a real browser (headless Chromium via wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use linli_app::components::materials::MaterialsList;
use linli_shared::directory::{Material, MaterialForm};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn material(name: &str, form: MaterialForm, copies: u32, notes: &str) -> Material {
    Material {
        name: name.into(),
        form,
        copies,
        notes: notes.into(),
        name_en: None,
        notes_en: None,
    }
}

#[wasm_bindgen_test]
async fn the_materials_list_tells_every_material_with_form_count_and_notes() {
    let document = leptos::prelude::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let materials = vec![
        material("居民身份证", MaterialForm::OriginalAndCopy, 1, ""),
        material("户口簿", MaterialForm::Original, 1, ""),
        material("一寸照片", MaterialForm::Original, 2, "近期免冠白底"),
    ];
    let _handle = leptos::mount::mount_to(
        host.clone().unchecked_into(),
        move || view! { <MaterialsList materials=materials.clone()/> },
    );
    leptos::task::tick().await;

    let items = host
        .query_selector_all("[data-testid=materials] li")
        .unwrap();
    assert_eq!(items.length(), 3);
    let text = host.text_content().unwrap();
    assert!(text.contains("申请材料（一次告知）"), "{text}");
    assert!(
        text.contains("居民身份证") && text.contains("原件及复印件"),
        "{text}"
    );
    assert!(
        text.contains("一寸照片") && text.contains("原件 2 份"),
        "{text}"
    );
    assert!(!text.contains('×'), "the count is said in words: {text}");
    assert!(text.contains("近期免冠白底"), "{text}");
    let notes = host.query_selector_all(".material-notes").unwrap();
    assert_eq!(notes.length(), 1, "only materials with notes show a note");
}

/// `Loaded` with an answer that is not the API's (the test runner's own server answers 404
/// with no JSON): the resident sees the error in words and a retry, never a blank screen; the
/// retry asks again and ends the same way.
#[wasm_bindgen_test]
async fn loaded_shows_an_unreadable_answer_as_an_error_with_a_retry() {
    use linli_app::api;
    use linli_app::components::loaded::{Loaded, load};
    use linli_shared::api::Overview;

    let document = leptos::prelude::document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let _handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        let overview = load(|| Some(api::overview()));
        view! {
            <Loaded answer=overview let:o>
                {let o: Overview = o; view! { <p data-testid="shown">{o.categories.len()}</p> }}
            </Loaded>
        }
    });
    let error = wait_for(&host, "[data-testid=error]").await;
    let text = error.text_content().unwrap();
    assert!(text.contains("服务器的答复无法识别"), "{text}");
    assert!(
        host.query_selector("[data-testid=shown]")
            .unwrap()
            .is_none()
    );

    let retry: web_sys::HtmlElement = host
        .query_selector("[data-testid=retry]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(requests_for("/api/v1/overview"), 1);
    retry.click();
    // The retry asked the server again, and its answer is told the same way.
    for _ in 0..200 {
        if requests_for("/api/v1/overview") == 2 {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(requests_for("/api/v1/overview"), 2);
    wait_for(&host, "[data-testid=error]").await;
}

/// How many requests the page has made for `path` (the browser's resource timing).
fn requests_for(path: &str) -> usize {
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance
        .get_entries_by_type("resource")
        .iter()
        .filter(|entry| {
            let entry: &web_sys::PerformanceEntry = entry.unchecked_ref();
            entry.name().ends_with(path)
        })
        .count()
}

/// Polls (yielding to the browser between looks) until `selector` matches inside `host`.
async fn wait_for(host: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Some(found) = host.query_selector(selector).unwrap() {
            return found;
        }
        sleep(10).await;
    }
    panic!("{selector} never appeared in {:?}", host.inner_html());
}

async fn sleep(ms: i32) {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// A cancelled request ends at once without an answer; the same request not cancelled gets one
/// (the test runner's own page), so it is the cancelling that stops it.
#[wasm_bindgen_test]
async fn a_cancelled_request_gets_no_answer() {
    use linli_app::api::{self, Body, Cancel, ClientError, Method};

    let cancel = Cancel::new();
    cancel.cancel();
    let cancelled = api::send(Method::Get, "/", Body::Empty, Some(&cancel)).await;
    assert_eq!(cancelled, Err(ClientError::Network));
    let answered = api::send(Method::Get, "/", Body::Empty, None).await;
    assert!(answered.is_ok(), "{answered:?}");
}
