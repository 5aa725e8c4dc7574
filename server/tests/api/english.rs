//! English beside the Chinese: carried by the directory file, kept by the database (an English
//! change is an update), answered by the API and described by OpenAPI, searched by words; and
//! an import refuses a bad English text or online address, naming where it is.

use linli_server::directory::{parse_directory, to_file_text};
use linli_server::store::ImportOptions;
use linli_shared::api::{ItemDetail, Overview, PointDetail};

use crate::helpers::*;

#[tokio::test]
async fn an_item_and_its_points_answer_with_their_english_and_online_address() {
    let app = spawn_app().await;
    let answer: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    let item = &answer.item;
    assert_eq!(
        item.department_en.as_deref(),
        Some("District Civil Affairs Bureau")
    );
    assert!(
        item.description_en
            .as_deref()
            .unwrap()
            .starts_with("A monthly")
    );
    assert!(item.eligibility_en.is_some() && item.legal_basis_en.is_some());
    assert_eq!(
        item.online_url.as_deref(),
        Some("https://zwfw.example.gov.cn/dibao")
    );
    assert_eq!(
        item.materials[1].name_en.as_deref(),
        Some("Household register")
    );
    assert_eq!(
        item.materials[2].notes_en.as_deref(),
        Some("Take one at the window or fill it in there")
    );
    let point = &answer.points[0];
    assert_eq!(
        point.name_en.as_deref(),
        Some("Test Street Community Service Center")
    );
    assert_eq!(point.address_en.as_deref(), Some("1 Test Road"));
    assert_eq!(point.subdistrict_en.as_deref(), Some("Test Street"));

    // An item without English says so by leaving the fields out, not with empty texts.
    let raw = app.get("/api/v1/items/temporary-assistance").await;
    let json: serde_json::Value = serde_json::from_slice(&raw.body).unwrap();
    for field in [
        "description_en",
        "eligibility_en",
        "department_en",
        "online_url",
    ] {
        assert!(
            json["item"].get(field).is_none(),
            "{field}: {}",
            json["item"]
        );
    }
}

#[tokio::test]
async fn a_point_answers_with_its_english_and_a_closure_reason_in_english() {
    let holiday =
        chrono::NaiveDateTime::parse_from_str("2026-10-02 10:00", "%Y-%m-%d %H:%M").unwrap();
    let app = spawn_app_with(&tiny(), holiday).await;
    let answer: PointDetail = app.get_ok("/api/v1/points/test-street-center").await;
    assert_eq!(answer.district_en.as_deref(), Some("Xiqing District"));
    assert_eq!(answer.closed_today_for.as_deref(), Some("国庆节"));
    assert_eq!(answer.closed_today_for_en.as_deref(), Some("National Day"));
    assert_eq!(
        answer.closures[0].reason_en.as_deref(),
        Some("National Day")
    );

    let overview: Overview = app.get_ok("/api/v1/overview").await;
    assert_eq!(
        overview.districts_en.get("西青区").map(String::as_str),
        Some("Xiqing District")
    );
    assert!(overview.districts.contains(&"测试街道".to_owned()));
}

#[tokio::test]
async fn english_texts_are_searched_by_words_and_unrelated_queries_find_nothing() {
    let app = spawn_app().await;
    // A point by its English name and address; an item by a plural of its English name.
    assert_eq!(
        app.point_ids("/api/v1/search?q=test%20road").await,
        ["test-street-center"]
    );
    assert_eq!(
        app.item_ids("/api/v1/search?q=allowances")
            .await
            .first()
            .map(String::as_str),
        Some("dibao")
    );
    // Words from an English description count, less than names do.
    assert!(
        app.item_ids("/api/v1/search?q=monthly")
            .await
            .contains(&"dibao".to_owned())
    );
    let nothing = app.search("/api/v1/search?q=visa").await;
    assert!(
        nothing.items.is_empty() && nothing.points.is_empty(),
        "{nothing:?}"
    );
    assert_eq!((nothing.total_items, nothing.total_points), (0, 0));
}

#[tokio::test]
async fn a_change_to_an_english_text_is_an_update_and_round_trips() {
    let app = spawn_app().await;
    let mut changed = tiny();
    changed.items[0].materials[0].notes_en = None; // no Chinese notes: stays none
    changed.items[0].materials[1].name_en = Some("Hukou booklet".into());
    changed.items[1].eligibility_en = Some("Households in sudden hardship".into());
    changed.items[2].online_url = Some("https://example.gov.cn/meals".into());
    changed.points[1].name_en = Some("Happiness Community Station".into());
    changed.points[0].closures[0].reason_en = Some("National Day holiday".into());
    let summary = app
        .store
        .import_directory(&changed, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.items.updated, 3, "{summary:?}");
    assert_eq!(summary.points.updated, 2, "{summary:?}");
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, changed);

    // Taking an English text away again is an update too, and leaves it out.
    let summary = app
        .store
        .import_directory(&tiny(), ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.items.updated, 3);
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, tiny());
    assert_eq!(loaded.items[2].online_url, None);
}

#[tokio::test]
async fn an_import_names_every_bad_english_text_and_online_address() {
    let mut file = tiny();
    file.items[0].eligibility_en = Some("\u{200B}".into());
    file.items[0].online_url = Some("javascript:alert(1)".into());
    file.items[1].materials[0].name_en = Some("ID\u{0}card".into());
    file.points[1].address_en = Some("x".repeat(301));
    let problems = parse_directory(&to_file_text(&file)).expect_err("refused");
    let expected = [
        "items[0] (dibao).eligibility_en: must not be empty",
        "items[0] (dibao).online_url: must be an absolute address",
        "items[1] (temporary-assistance).materials[0].name_en: contains the invisible character U+0000",
        "points[1] (test-station).address_en: longer than 300 characters",
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:?}");
    for e in expected {
        assert!(
            problems.iter().any(|p| p.contains(e)),
            "{e} not in {problems:?}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_english_fields() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    let properties = |name: &str| {
        schemas[name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} is not described"))
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    for (schema, fields) in [
        (
            "Item",
            &[
                "description_en",
                "eligibility_en",
                "department_en",
                "legal_basis_en",
                "online_url",
            ][..],
        ),
        ("Material", &["name_en", "notes_en"][..]),
        ("Fee", &["note_en"][..]),
        ("Closure", &["reason_en"][..]),
        (
            "PointDetail",
            &[
                "name_en",
                "district_en",
                "subdistrict_en",
                "address_en",
                "closed_today_for_en",
            ][..],
        ),
        (
            "PointSummary",
            &["name_en", "subdistrict_en", "address_en"][..],
        ),
        (
            "PointHit",
            &["name_en", "district_en", "subdistrict_en", "address_en"][..],
        ),
        ("Overview", &["districts_en"][..]),
    ] {
        let have = properties(schema);
        for f in fields {
            assert!(
                have.iter().any(|h| h == f),
                "{schema}.{f} missing: {have:?}"
            );
        }
    }
}

#[test]
fn the_demo_directory_has_english_for_every_item_material_point_and_closure() {
    let demo = demo();
    let missing = linli_shared::domain::english::untranslated(&demo);
    assert!(
        missing.is_empty(),
        "{} texts of the demo directory lack English:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
    // What the check relies on: every closure has a reason, and some materials have notes.
    assert!(demo.points.iter().any(|p| !p.closures.is_empty()));
    assert!(
        demo.items
            .iter()
            .flat_map(|i| &i.materials)
            .any(|m| m.notes_en.is_some())
    );
}

/// Everyday English names (`colloquial_en`) are kept by the database (a change is an update,
/// taking them away too), and searched like the English name: a resident's own words find the
/// item first and are shown as what matched.
#[tokio::test]
async fn everyday_english_names_are_kept_and_searched_like_names() {
    let app = spawn_app().await;
    let nothing = app.search("/api/v1/search?q=senior%20canteen").await;
    assert!(nothing.items.is_empty(), "{nothing:?}");

    let mut changed = tiny();
    changed.items[2].colloquial_en = vec!["senior canteen".into(), "lunch club".into()];
    let summary = app
        .store
        .import_directory(&changed, ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.items.updated, 1, "{summary:?}");
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, changed);
    assert!(
        linli_server::catalog::refresh::refresh_if_changed(&app.store, &app.state.catalog)
            .await
            .unwrap()
    );
    for q in ["senior%20canteen", "lunch%20clubs", "canteen"] {
        let answer = app.search(&format!("/api/v1/search?q={q}")).await;
        let first = answer.items.first().expect(q);
        assert_eq!(first.id.as_str(), "elderly-meals", "{q}");
    }
    let answer = app.search("/api/v1/search?q=senior%20canteen").await;
    assert_eq!(answer.items[0].matched, "senior canteen");

    // Taken away again: an update, and the words find nothing.
    let summary = app
        .store
        .import_directory(&tiny(), ImportOptions::default(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.items.updated, 1);
    let (_, loaded) = app.store.load_directory().await.unwrap();
    assert_eq!(loaded, tiny());
    linli_server::catalog::refresh::refresh_if_changed(&app.store, &app.state.catalog)
        .await
        .unwrap();
    assert!(app.item_ids("/api/v1/search?q=canteen").await.is_empty());
}
