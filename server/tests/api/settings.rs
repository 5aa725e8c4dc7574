//! `GET /api/v1/settings`: the public address QR codes encode, when the deployment sets one.

use std::sync::Arc;

use linli_shared::api::Settings;

use crate::helpers::*;

#[tokio::test]
async fn without_a_public_url_the_app_is_told_none() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/settings").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body.as_ref(), b"{}", "nothing set, nothing said");
    assert_eq!(answer.decode::<Settings>(), Settings::default());
}

#[tokio::test]
async fn the_public_url_is_handed_to_the_app_and_described_in_the_openapi() {
    let mut app = spawn_app().await;
    app.state.settings = Arc::new(Settings {
        public_url: Some("https://linli.example.cn".to_owned()),
    });
    let settings: Settings = app.get_ok("/api/v1/settings").await;
    assert_eq!(
        settings.public_url.as_deref(),
        Some("https://linli.example.cn")
    );

    let openapi: serde_json::Value = app.get_ok("/api/v1/openapi.json").await;
    assert!(
        openapi["paths"]["/api/v1/settings"]["get"].is_object(),
        "the endpoint is described"
    );
    assert!(
        openapi["components"]["schemas"]["Settings"]["properties"]["public_url"].is_object(),
        "with its field"
    );
}
