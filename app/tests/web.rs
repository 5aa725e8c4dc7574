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
    assert!(text.contains("一寸照片") && text.contains("× 2"), "{text}");
    assert!(text.contains("近期免冠白底"), "{text}");
    let notes = host.query_selector_all(".material-notes").unwrap();
    assert_eq!(notes.length(), 1, "only materials with notes show a note");
}
