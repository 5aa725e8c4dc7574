//! The nearest points: `near` and the kiosk's point order the points by great-circle distance,
//! `open_first` puts open ones first, and `distance_m` says how far each is.

use chrono::NaiveDateTime;
use linli_server::directory::generate::{Scale, generate};
use linli_shared::api::{ItemDetail, PointSummary, SearchResponse};
use linli_shared::directory::DirectoryFile;
use linli_shared::domain::geo::distance_m;
use linli_shared::domain::hours::is_open_at;
use linli_shared::error::ErrorCode;

use crate::helpers::*;

fn at_time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// Tuesday 18:30: only the demo's points open late on Tuesdays (until 20:00) are open.
fn tuesday_evening() -> NaiveDateTime {
    at_time("2026-11-24 18:30")
}

/// A point of the directory by id: where it is.
fn place(directory: &DirectoryFile, id: &str) -> (f64, f64) {
    let p = directory.points.iter().find(|p| p.id == id).unwrap();
    (p.lat, p.lng)
}

/// The distance the API must report from `(lat, lng)` to a listed point, in whole metres.
fn metres(from: (f64, f64), lat: f64, lng: f64) -> u32 {
    distance_m(from.0, from.1, lat, lng).round() as u32
}

fn ids(points: &[PointSummary]) -> Vec<&str> {
    points.iter().map(|p| p.id.as_str()).collect()
}

fn assert_nearest_first(distances: &[u32], what: &str) {
    assert!(distances.is_sorted(), "{what}: {distances:?}");
}

#[tokio::test]
async fn an_items_points_come_nearest_first_with_their_distance() {
    let demo = demo();
    let app = spawn_app_with(&demo, tuesday_morning()).await;
    let from = place(&demo, "liqizhuang-lingao");
    // A few metres from the 凌奥 station: it comes first, then the others by distance.
    let near = (from.0 + 0.0003, from.1 - 0.0002);
    let answer: ItemDetail = app
        .get_ok(&format!(
            "/api/v1/items/dibao?near={},{}&open_first=false",
            near.0, near.1
        ))
        .await;
    assert_eq!(answer.points.len(), 35, "dibao is offered everywhere");
    assert_eq!(answer.total_points, 35);
    assert_eq!(answer.points[0].id, "liqizhuang-lingao");
    let distances: Vec<u32> = answer
        .points
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert_nearest_first(&distances, "open_first=false");
    assert!((30..45).contains(&distances[0]), "{distances:?}");
    for p in &answer.points {
        assert_eq!(p.distance_m, Some(metres(near, p.lat, p.lng)), "{}", p.id);
        assert_eq!((p.lat, p.lng), place(&demo, p.id.as_str()), "{}", p.id);
    }
    // The farthest of the district's points is across it: the far corner, 大寺/王稳庄 side.
    assert!(*distances.last().unwrap() > 15_000, "{distances:?}");

    // Without a location the points carry no distance at all (the key is left out).
    let plain = app.get("/api/v1/items/dibao").await;
    let json: serde_json::Value = serde_json::from_slice(&plain.body).unwrap();
    assert!(
        json["points"][0].get("distance_m").is_none(),
        "{}",
        json["points"][0]
    );
    assert!(json["points"][0]["lat"].is_f64());
}

#[tokio::test]
async fn open_points_come_first_unless_asked_otherwise() {
    let demo = demo();
    let app = spawn_app_with(&demo, tuesday_evening()).await;
    // Standing at the 小南河 village station, closed at 18:30.
    let from = place(&demo, "jingwu-xiaonanhe");
    let near = format!("{},{}", from.0, from.1);

    let by_distance: ItemDetail = app
        .get_ok(&format!("/api/v1/items/dibao?near={near}&open_first=false"))
        .await;
    assert_eq!(by_distance.points[0].id, "jingwu-xiaonanhe");
    assert_eq!(by_distance.points[0].distance_m, Some(0));
    assert!(!by_distance.points[0].open_now);

    // The default: the open ones (six points open until 20:00 on Tuesdays), nearest first,
    // then the closed ones, nearest first.
    let open_first: ItemDetail = app
        .get_ok(&format!("/api/v1/items/dibao?near={near}"))
        .await;
    let open: Vec<&PointSummary> = open_first
        .points
        .iter()
        .take_while(|p| p.open_now)
        .collect();
    assert_eq!(open.len(), 6, "{:?}", ids(&open_first.points));
    assert!(open_first.points[6..].iter().all(|p| !p.open_now));
    let distances = |points: &[PointSummary]| -> Vec<u32> {
        points.iter().map(|p| p.distance_m.unwrap()).collect()
    };
    assert_nearest_first(&distances(&open_first.points[..6]), "open");
    assert_nearest_first(&distances(&open_first.points[6..]), "closed");
    assert_eq!(open_first.points[6].id, "jingwu-xiaonanhe");
    // The same points either way, and the nearest open one is the first open one by distance.
    let mut a = ids(&open_first.points);
    let mut b = ids(&by_distance.points);
    assert_eq!(
        open_first.points[0].id,
        by_distance.points.iter().find(|p| p.open_now).unwrap().id
    );
    a.sort();
    b.sort();
    assert_eq!(a, b);

    // Without a location, open ones still come first (as the item page always did), in the
    // directory's order; `open_first=false` keeps the directory's order.
    let plain: ItemDetail = app.get_ok("/api/v1/items/dibao").await;
    assert_eq!(plain.points.iter().take_while(|p| p.open_now).count(), 6);
    let directory_order: ItemDetail = app.get_ok("/api/v1/items/dibao?open_first=false").await;
    let file_order: Vec<&str> = demo.points.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids(&directory_order.points), file_order);
}

#[tokio::test]
async fn a_kiosk_orders_by_distance_from_its_own_point_and_stays_first() {
    let demo = demo();
    let app = spawn_app_with(&demo, tuesday_evening()).await;
    let kiosk = place(&demo, "jingwu-xiaonanhe");
    // Its own point first even though it is closed and open ones come first; then the open
    // ones and the closed ones, each nearest the kiosk first, with distances from the kiosk.
    let answer: ItemDetail = app.get_ok("/api/v1/items/dibao?at=jingwu-xiaonanhe").await;
    assert_eq!(answer.points[0].id, "jingwu-xiaonanhe");
    assert!(answer.points[0].here && !answer.points[0].open_now);
    assert_eq!(answer.points[0].distance_m, Some(0));
    for p in &answer.points {
        assert_eq!(p.distance_m, Some(metres(kiosk, p.lat, p.lng)), "{}", p.id);
    }
    let open: Vec<u32> = answer.points[1..7]
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert!(answer.points[1..7].iter().all(|p| p.open_now));
    assert_nearest_first(&open, "open, from the kiosk");
    let closed: Vec<u32> = answer.points[7..]
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert_nearest_first(&closed, "closed, from the kiosk");

    // With `near` too, distances are measured from the resident; the kiosk's point stays first.
    let resident = place(&demo, "xiyingmen-center");
    let answer: ItemDetail = app
        .get_ok(&format!(
            "/api/v1/items/dibao?at=jingwu-xiaonanhe&near={},{}&open_first=false",
            resident.0, resident.1
        ))
        .await;
    assert_eq!(answer.points[0].id, "jingwu-xiaonanhe");
    assert_eq!(answer.points[1].id, "xiyingmen-center");
    assert_eq!(answer.points[1].distance_m, Some(0));
    assert_eq!(
        answer.points[0].distance_m,
        Some(metres(resident, kiosk.0, kiosk.1))
    );
}

#[tokio::test]
async fn search_lists_strong_matches_then_weaker_ones_each_nearest_first() {
    let demo = demo();
    let sunday = at_time("2026-11-29 10:00");
    let app = spawn_app_with(&demo, sunday).await;
    // 中北: the 中北镇 center by name (strong); the town's stations by their place (weaker).
    let from = place(&demo, "zhongbei-caozhuang");
    let near = format!("{},{}", from.0, from.1);
    let q = "/api/v1/search?q=%E4%B8%AD%E5%8C%97"; // 中北
    let plain = app.search(q).await;
    assert!(plain.points.iter().all(|p| p.distance_m.is_none()));
    assert_eq!(plain.points[0].id, "zhongbei-center");

    let answer = app.search(&format!("{q}&near={near}")).await;
    assert_eq!(answer.total_points, plain.total_points, "the same matches");
    let listed: Vec<&str> = answer.points.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(listed[0], "zhongbei-center", "{listed:?}");
    assert_eq!(
        listed[1], "zhongbei-caozhuang",
        "the nearest weaker match: {listed:?}"
    );
    assert_eq!(answer.points[1].distance_m, Some(0));
    let weaker: Vec<u32> = answer.points[1..]
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert_nearest_first(&weaker, "weaker matches");
    for p in &answer.points {
        assert_eq!(p.distance_m, Some(metres(from, p.lat, p.lng)), "{}", p.id);
    }

    // Open first: on a Sunday only the 星河湾 station is open; it leads, closed ones follow.
    let answer = app
        .search(&format!("{q}&near={near}&open_first=true"))
        .await;
    let listed: Vec<&str> = answer.points.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        listed[..3],
        [
            "zhongbei-xinghewan",
            "zhongbei-center",
            "zhongbei-caozhuang"
        ]
    );
    assert!(answer.points[0].open_now && !answer.points[1].open_now);

    // Open first without a location: open ones first, then the rest best first.
    let answer = app.search(&format!("{q}&open_first=1")).await;
    assert_eq!(answer.points[0].id, "zhongbei-xinghewan");
    assert_eq!(answer.points[1].id, "zhongbei-center");
    assert!(answer.points.iter().all(|p| p.distance_m.is_none()));

    // A kiosk: its own point first, then by distance from it, with distances.
    let answer = app.search(&format!("{q}&at=zhongbei-sijihuacheng")).await;
    let kiosk = place(&demo, "zhongbei-sijihuacheng");
    assert_eq!(answer.points[0].id, "zhongbei-sijihuacheng");
    assert_eq!(answer.points[0].distance_m, Some(0));
    assert_eq!(answer.points[1].id, "zhongbei-center");
    for p in &answer.points {
        assert_eq!(p.distance_m, Some(metres(kiosk, p.lat, p.lng)), "{}", p.id);
    }
    let weaker: Vec<u32> = answer.points[2..]
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert_nearest_first(&weaker, "weaker matches from the kiosk");
}

/// A directory big enough that the spatial index is walked, not each point measured.
fn thousands_of_points() -> DirectoryFile {
    generate(Scale {
        points: 3_000,
        items: 40,
        offerings: 45_000,
        seed: 11,
    })
}

#[tokio::test]
async fn at_scale_the_200_nearest_are_the_200_nearest() {
    let directory = thousands_of_points();
    let now = tuesday_morning();
    let app = spawn_app_with(&directory, now).await;
    // The item offered at the most points.
    let (item, offering) = directory
        .items
        .iter()
        .map(|i| {
            let at: Vec<_> = directory
                .points
                .iter()
                .filter(|p| p.items.contains(&i.id))
                .collect();
            (i, at)
        })
        .max_by_key(|(_, at)| at.len())
        .unwrap();
    assert!(offering.len() > 1_000, "{}", offering.len());
    let mut rng = fastrand::Rng::with_seed(8);
    for _ in 0..5 {
        let from = (38.7 + rng.f64() * 4.5, 119.7 + rng.f64() * 5.6);
        // What the API must answer, measured the slow way: every offering point, sorted.
        let mut expected: Vec<(u32, bool)> = offering
            .iter()
            .map(|p| {
                (
                    metres(from, p.lat, p.lng),
                    is_open_at(&p.hours, &p.closures, now),
                )
            })
            .collect();
        expected.sort();
        let distances: Vec<u32> = expected.iter().map(|e| e.0).take(200).collect();
        let answer: ItemDetail = app
            .get_ok(&format!(
                "/api/v1/items/{}?near={:.6},{:.6}&open_first=false",
                item.id, from.0, from.1
            ))
            .await;
        assert_eq!(answer.total_points as usize, offering.len());
        let got: Vec<u32> = answer
            .points
            .iter()
            .map(|p| p.distance_m.unwrap())
            .collect();
        // Rounding `near` to the millionth moves it by centimetres: allow a metre.
        assert_eq!(got.len(), 200);
        for (g, e) in got.iter().zip(&distances) {
            assert!(g.abs_diff(*e) <= 1, "{got:?}\n{distances:?}");
        }

        // Open first: the nearest open ones, as many as there are up to 200.
        let open_count = expected.iter().filter(|e| e.1).count().min(200);
        let mut open: Vec<u32> = expected.iter().filter(|e| e.1).map(|e| e.0).collect();
        open.truncate(open_count);
        let answer: ItemDetail = app
            .get_ok(&format!(
                "/api/v1/items/{}?near={:.6},{:.6}",
                item.id, from.0, from.1
            ))
            .await;
        let got: Vec<u32> = answer
            .points
            .iter()
            .take(open_count)
            .map(|p| p.distance_m.unwrap())
            .collect();
        assert!(answer.points[..open_count].iter().all(|p| p.open_now));
        for (g, e) in got.iter().zip(&open) {
            assert!(g.abs_diff(*e) <= 1, "{got:?}\n{open:?}");
        }
    }

    // A search matching every point (each name holds 市): the 100 nearest of all of them.
    let from = (40.9, 122.3);
    let mut all: Vec<u32> = directory
        .points
        .iter()
        .map(|p| metres(from, p.lat, p.lng))
        .collect();
    all.sort();
    let answer: SearchResponse = app
        .get_ok("/api/v1/search?q=%E5%B8%82&near=40.9,122.3&limit=100")
        .await;
    assert_eq!(answer.total_points as usize, directory.points.len());
    let got: Vec<u32> = answer
        .points
        .iter()
        .map(|p| p.distance_m.unwrap())
        .collect();
    assert_eq!(got, all[..100]);
}

#[tokio::test]
async fn the_openapi_document_describes_near_and_open_first() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    for (path, open_first_default) in [("/api/v1/search", "false"), ("/api/v1/items/{id}", "true")]
    {
        let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let param = |name: &str| {
            params
                .iter()
                .find(|p| p["name"] == name)
                .unwrap_or_else(|| panic!("{path}: {name} is not documented"))
                .clone()
        };
        let near = param("near");
        assert_eq!(near["required"], false);
        assert!(
            near["description"]
                .as_str()
                .unwrap()
                .contains("invalid_location")
        );
        let pattern = near["schema"]["pattern"].as_str().unwrap();
        assert!(
            pattern.starts_with('^') && pattern.ends_with('$'),
            "{pattern}"
        );
        let open_first = param("open_first");
        assert_eq!(
            open_first["schema"]["default"], open_first_default,
            "{path}"
        );
    }
    let schemas = &doc["components"]["schemas"];
    for schema in ["PointSummary", "PointHit"] {
        let properties = &schemas[schema]["properties"];
        for field in ["distance_m", "lat", "lng"] {
            assert!(properties.get(field).is_some(), "{schema}.{field}");
        }
        let required: Vec<&str> = schemas[schema]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(
            !required.contains(&"distance_m"),
            "{schema}: absent without a location"
        );
        assert!(required.contains(&"lat"), "{schema}");
    }
    // Every code as it travels on the wire (`invalid_location`, not `InvalidLocation`).
    let codes: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let wire: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, wire);
}
