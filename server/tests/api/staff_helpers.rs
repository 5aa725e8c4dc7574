//! Staff accounts, sign-ins and staff requests for the staff tests.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use linli_server::auth::{hash_password, utc_of_china};
use linli_server::store::audit::AuditActor;
use linli_server::store::staff::{AccountRecord, NewAccountRecord};
use linli_shared::api::staff::StaffSession;
use linli_shared::directory::DirectoryFile;
use linli_shared::domain::staff::{Role, Scope, Username};
use linli_shared::ids::PointId;
use serde_json::{Value, json};

use crate::helpers::*;

pub const PASSWORD: &str = "correct horse battery";
pub const CLIENT: &str = "192.0.2.10:40000";

/// The tiny directory with a second district: `test-street-center` and `test-station` in
/// 西青区, `other-center` in 和平区.
pub fn two_districts() -> DirectoryFile {
    let mut file = tiny();
    let mut other = file.points[0].clone();
    other.id = PointId::parse("other-center").unwrap();
    other.name = "和平区另一个服务中心".into();
    other.district = "和平区".into();
    file.points.push(other);
    file
}

pub fn point(id: &str) -> Scope {
    Scope::Point(PointId::parse(id).unwrap())
}

pub fn district(name: &str) -> Scope {
    Scope::District(name.into())
}

/// Creates an account with `PASSWORD`, as the command line would.
pub async fn add_account(app: &TestApp, username: &str, role: Role, scope: Scope) -> AccountRecord {
    let hash = hash_password(PASSWORD).unwrap();
    app.store
        .create_account(
            NewAccountRecord {
                username: &Username::parse(username).unwrap(),
                password_hash: &hash,
                role,
                scope: &scope,
            },
            &AuditActor::cli(),
            utc_of_china((app.state.clock)()),
        )
        .await
        .expect("create the account")
}

/// A request from `client`, with a JSON body when given.
pub fn request(
    method: &str,
    uri: &str,
    client: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    let addr: SocketAddr = client.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(addr));
    request
}

pub async fn login_from(app: &TestApp, client: &str, username: &str, password: &str) -> Answer {
    let body = json!({"username": username, "password": password});
    app.send(request(
        "POST",
        "/api/v1/staff/login",
        client,
        &[],
        Some(&body),
    ))
    .await
}

pub async fn login(app: &TestApp, username: &str, password: &str) -> Answer {
    login_from(app, CLIENT, username, password).await
}

/// A signed-in staff member: the cookie to send back and the CSRF token.
#[derive(Debug, Clone)]
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
    pub session: StaffSession,
}

pub async fn sign_in(app: &TestApp, username: &str) -> Signed {
    sign_in_from(app, CLIENT, username).await
}

/// Signs in from a client address of one's own (the sign-in rate limit counts per address).
pub async fn sign_in_from(app: &TestApp, client: &str, username: &str) -> Signed {
    let answer = login_from(app, client, username, PASSWORD).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "sign in {username}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    let set_cookie = answer.headers[header::SET_COOKIE].to_str().unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let session: StaffSession = answer.decode();
    Signed {
        cookie,
        csrf: session.csrf_token.clone(),
        session,
    }
}

/// A request as a signed-in staff member, with the CSRF token.
pub async fn as_staff(
    app: &TestApp,
    signed: &Signed,
    method: &str,
    uri: &str,
    body: Option<&Value>,
) -> Answer {
    let headers = [
        ("cookie", signed.cookie.as_str()),
        ("x-csrf-token", signed.csrf.as_str()),
    ];
    app.send(request(method, uri, CLIENT, &headers, body)).await
}

/// A request with the session cookie but no CSRF token.
pub async fn without_csrf(app: &TestApp, signed: &Signed, method: &str, uri: &str) -> Answer {
    let headers = [("cookie", signed.cookie.as_str())];
    app.send(request(method, uri, CLIENT, &headers, None)).await
}

/// A case as multipart/form-data: the JSON in `case`, each photo in a `photo` part (named and
/// declared as a JPEG, whatever it is).
pub async fn file_with_photos(
    app: &TestApp,
    token: Option<&str>,
    client: &str,
    extra: &[(&str, &str)],
    case: &Value,
    photos: &[Vec<u8>],
) -> Answer {
    const BOUNDARY: &str = "linli-test-boundary-7d1c";
    let mut body = Vec::new();
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"case\"\r\n\
         Content-Type: application/json\r\n\r\n{case}\r\n"
        )
        .as_bytes(),
    );
    for (n, photo) in photos.iter().enumerate() {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; \
             filename=\"IMG_{n}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(photo);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/cases")
        .header("content-type", content_type);
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    if let Some(bearer) = &bearer {
        request = request.header("authorization", bearer.as_str());
    }
    let mut request = request.body(axum::body::Body::from(body)).unwrap();
    let addr: std::net::SocketAddr = client.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    app.send(request).await
}

/// A small JPEG of `width` x `height`.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&pixels)
        .unwrap();
    out
}
