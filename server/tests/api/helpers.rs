use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDateTime;
use http_body_util::BodyExt;
use linli_server::cases::photo_files::PhotoDir;
use linli_server::directory::{DEMO_DIRECTORY, parse_directory};
use linli_server::http::{AppState, router};
use linli_server::startup::build_state;
use linli_server::store::{ImportOptions, Store};
use linli_shared::api::SearchResponse;
use linli_shared::directory::DirectoryFile;
use linli_shared::error::ErrorBody;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

pub const TINY_DIRECTORY: &str = include_str!("../../../shared/tests/fixtures/tiny-directory.json");

/// Tuesday 2026-11-24, 10:00 local time: weekday points are open.
pub fn tuesday_morning() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-24 10:00", "%Y-%m-%d %H:%M").unwrap()
}

pub fn tiny() -> DirectoryFile {
    parse_directory(TINY_DIRECTORY).unwrap()
}

pub fn demo() -> DirectoryFile {
    parse_directory(DEMO_DIRECTORY).unwrap()
}

/// A database of its own, dropped (PostgreSQL) or deleted (SQLite) when the test ends.
pub struct TestDb {
    pub url: String,
    /// The app's photo directory (made when a photo is first written), removed with the
    /// database; every instance on the database shares it, as real ones do.
    pub photos: std::path::PathBuf,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let name = format!("linli_test_{:016x}", fastrand::u64(..));
        let photos = std::env::temp_dir().join(format!("{name}_photos"));
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let mut conn = sqlx_connect(&admin_url).await;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create the test database");
                let base = admin_url.rsplit_once('/').expect("a database in the URL").0;
                TestDb {
                    url: format!("{base}/{name}"),
                    admin_url: Some(admin_url),
                    name,
                    photos,
                }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                TestDb {
                    url: format!("sqlite://{}", path.display()),
                    admin_url: None,
                    name: path.display().to_string(),
                    photos,
                }
            }
        }
    }
}

async fn sqlx_connect(url: &str) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(url)
        .await
        .expect("connect to the test server")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.photos);
        match self.admin_url.take() {
            Some(admin_url) => {
                let name = self.name.clone();
                // Drop runs outside async code: use a runtime of its own on a plain thread.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        let mut conn = sqlx_connect(&admin_url).await;
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&mut conn)
                        .await;
                    });
                })
                .join();
            }
            None => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
        }
    }
}

pub struct TestApp {
    pub state: AppState,
    pub store: Store,
    /// Held so the database lives as long as the app (and its other instances).
    pub db: Arc<TestDb>,
}

/// A fresh database holding `directory`, and the app over it, with the clock at `now`.
pub async fn spawn_app_with(directory: &DirectoryFile, now: NaiveDateTime) -> TestApp {
    let db = TestDb::new().await;
    let store = Store::open(&db.url).await.expect("open the test store");
    store
        .import_directory(directory, ImportOptions::default(), &|_, _| {})
        .await
        .expect("load the directory");
    let mut state = build_state(store.clone(), Arc::new(move || now))
        .await
        .expect("build state");
    state.photos = PhotoDir::new(&db.photos);
    TestApp {
        state,
        store,
        db: Arc::new(db),
    }
}

/// Another instance of the app on the same database, as a second server process would be: its
/// own pool and catalogue, keeping it in step as `serve` does (the version polled every `poll`,
/// and on PostgreSQL every announced change).
pub async fn spawn_other_instance(app: &TestApp, poll: std::time::Duration) -> TestApp {
    let store = Store::open(&app.db.url)
        .await
        .expect("open the store again");
    let mut state = build_state(store.clone(), app.state.clock.clone())
        .await
        .expect("build state");
    state.photos = PhotoDir::new(&app.db.photos);
    linli_server::catalog::refresh::spawn_refresher(store.clone(), state.catalog.clone(), poll);
    TestApp {
        state,
        store,
        db: app.db.clone(),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&tiny(), tuesday_morning()).await
}

/// An answer as it came: its status and its body, read as the shared types on demand.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: axum::body::Bytes,
    what: String,
}

impl Answer {
    /// The body as `T`, which must be exactly what the app would decode.
    pub fn decode<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{}: not a {}: {e}: {}",
                self.what,
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The error body; panics on a success.
    pub fn error(&self) -> ErrorBody {
        assert!(
            !self.status.is_success(),
            "{}: expected an error, got {}",
            self.what,
            self.status
        );
        self.decode()
    }
}

impl TestApp {
    pub async fn request(&self, method: &str, uri: &str, lang: Option<&str>) -> Answer {
        let headers: Vec<(String, String)> = lang
            .map(|l| (header::ACCEPT_LANGUAGE.to_string(), l.to_owned()))
            .into_iter()
            .collect();
        self.request_with(method, uri, &headers).await
    }

    /// A request with any headers.
    pub async fn request_with(
        &self,
        method: &str,
        uri: &str,
        headers: &[(String, String)],
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = router(self.state.clone(), None)
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body,
            what: format!("{method} {uri}"),
        }
    }

    /// Moves the app's clock (staff sessions expire by it).
    pub fn set_clock(&mut self, now: NaiveDateTime) {
        self.state.clock = Arc::new(move || now);
    }

    /// Sends a request built by the test, as it is.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let what = format!("{} {}", request.method(), request.uri());
        let response = router(self.state.clone(), None)
            .oneshot(request)
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body,
            what,
        }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.request("GET", uri, None).await
    }

    /// A GET that must succeed with 200, decoded as `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, uri: &str) -> T {
        let answer = self.get(uri).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.decode()
    }

    pub async fn search(&self, uri: &str) -> SearchResponse {
        self.get_ok(uri).await
    }

    /// The ids of a search answer's items.
    pub async fn item_ids(&self, uri: &str) -> Vec<String> {
        self.search(uri)
            .await
            .items
            .into_iter()
            .map(|i| i.id.into())
            .collect()
    }

    pub async fn point_ids(&self, uri: &str) -> Vec<String> {
        self.search(uri)
            .await
            .points
            .into_iter()
            .map(|p| p.id.into())
            .collect()
    }
}
