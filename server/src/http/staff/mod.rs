//! The staff endpoints under `/api/v1/staff`: sign-in and sessions (`session`), accounts for
//! admins (`accounts`), the audit log (`audit`), drafts of directory edits and their
//! publishing (`drafts`), the search insights (`insights`), the directory file's export and
//! upload into a draft (`directory`), the complaints' inbox and steps (`cases`), no-shows of
//! bookings (`bookings`).
//!
//! Every endpoint is one line of [`endpoints`]: the router is built from it, and the
//! authorization matrix test (`tests/api/staff_matrix.rs`) reads [`routes`], so an endpoint
//! cannot be added without the test knowing it. Authorization is `Staff` (a live session, and
//! the CSRF token on every state-changing request) plus one `require` per handler, which asks
//! `linli_shared::domain::staff::may`.

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod bookings;
pub(crate) mod cases;
pub(crate) mod directory;
pub(crate) mod drafts;
pub(crate) mod insights;
pub(crate) mod session;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::routing::{MethodRouter, delete, get, post, put};
use chrono::{DateTime, Utc};
use linli_shared::domain::staff::{
    Action, Actor, SessionState, Target, may, session_needs_touch, session_state,
};
use linli_shared::error::ErrorCode;

use super::AppState;
use crate::auth::{same_secret, token_digest, utc_of_china};
use crate::error::{Error, Result};
use crate::store::audit::AuditActor;
use crate::store::staff::AccountRecord;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "linli_staff";
/// The header a state-changing staff request carries the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Every staff endpoint: method, path under `/api/v1`, handler.
fn endpoints() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::POST, "/staff/login", post(session::login)),
        (Method::POST, "/staff/logout", post(session::logout)),
        (Method::GET, "/staff/me", get(session::me)),
        (
            Method::POST,
            "/staff/password",
            post(session::change_password),
        ),
        (Method::GET, "/staff/accounts", get(accounts::list)),
        (Method::POST, "/staff/accounts", post(accounts::create)),
        (
            Method::POST,
            "/staff/accounts/{id}/disable",
            post(accounts::disable),
        ),
        (
            Method::POST,
            "/staff/accounts/{id}/enable",
            post(accounts::enable),
        ),
        (
            Method::POST,
            "/staff/accounts/{id}/password",
            post(accounts::reset_password),
        ),
        (Method::GET, "/staff/audit", get(audit::list)),
        (
            Method::GET,
            "/staff/records/{kind}/{id}",
            get(drafts::record),
        ),
        (Method::GET, "/staff/draft", get(drafts::list)),
        (Method::PUT, "/staff/draft/{kind}/{id}", put(drafts::save)),
        (
            Method::DELETE,
            "/staff/draft/{kind}/{id}",
            delete(drafts::discard),
        ),
        (Method::GET, "/staff/draft/diff", get(drafts::diff)),
        (Method::POST, "/staff/draft/publish", post(drafts::publish)),
        (Method::GET, "/staff/insights", get(insights::list)),
        (Method::GET, "/staff/directory", get(directory::list)),
        (
            Method::GET,
            "/staff/directory/export",
            get(directory::export),
        ),
        (Method::GET, "/staff/cases", get(cases::inbox)),
        (
            Method::POST,
            "/staff/bookings/{code}/no-show",
            post(bookings::no_show),
        ),
        (Method::GET, "/staff/cases/{tracking}", get(cases::one)),
        (
            Method::GET,
            "/staff/cases/{tracking}/photos/{id}",
            get(cases::photo),
        ),
        (
            Method::GET,
            "/staff/cases/{tracking}/photos/{id}/thumb",
            get(cases::photo_thumb),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/accept",
            post(cases::accept),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/dispatch",
            post(cases::dispatch),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/hand-back",
            post(cases::hand_back),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/start",
            post(cases::start),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/reply",
            post(cases::reply),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/close",
            post(cases::close),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/follow-up",
            post(cases::follow_up),
        ),
        (
            Method::POST,
            "/staff/cases/{tracking}/note",
            post(cases::note),
        ),
        (
            Method::POST,
            "/staff/directory/import",
            post(directory::import).layer(DefaultBodyLimit::max(directory::MAX_DIRECTORY_BYTES)),
        ),
    ]
}

/// The staff endpoints' methods and paths (under `/api/v1`), as the router serves them.
pub fn routes() -> Vec<(Method, &'static str)> {
    endpoints()
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect()
}

pub fn router() -> Router<AppState> {
    let mut by_path: BTreeMap<&str, MethodRouter<AppState>> = BTreeMap::new();
    for (_, path, handler) in endpoints() {
        let merged = match by_path.remove(path) {
            Some(existing) => existing.merge(handler),
            None => handler,
        };
        by_path.insert(path, merged);
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}

/// Now, in UTC, by the app's clock (fixed in tests).
fn now(state: &AppState) -> DateTime<Utc> {
    utc_of_china((state.clock)())
}

/// A signed-in staff member: a live session of an enabled account. On a state-changing request
/// the session's CSRF token must be in `X-CSRF-Token` too.
pub struct Staff {
    pub account: AccountRecord,
    pub session_id: String,
    pub csrf_token: String,
}

impl Staff {
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            role: self.account.role,
            scope: &self.account.scope,
        }
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor::account(self.account.id, &self.account.username)
    }

    /// Refuses with 403 `forbidden` unless `may` allows it.
    pub fn require(&self, action: Action, target: &Target<'_>) -> Result<()> {
        if may(&self.actor(), action, target) {
            Ok(())
        } else {
            Err(ErrorCode::Forbidden.into())
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = session_token(&parts.headers).ok_or(ErrorCode::StaffUnauthenticated)?;
        let digest = token_digest(token);
        let (session, account) = state
            .store
            .session(&digest)
            .await?
            .ok_or(ErrorCode::StaffUnauthenticated)?;
        if session.ended_at.is_some() || account.is_disabled() {
            return Err(ErrorCode::StaffSessionExpired.into());
        }
        let now = now(state);
        if session_state(session.created_at, session.last_seen_at, now) != SessionState::Active {
            state.store.end_session(&session.id, now).await?;
            return Err(ErrorCode::StaffSessionExpired.into());
        }
        if !is_safe(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf_token) {
                return Err(ErrorCode::CsrfTokenInvalid.into());
            }
        }
        if session_needs_touch(session.last_seen_at, now) {
            state.store.touch_session(&session.id, now).await?;
        }
        Ok(Staff {
            account,
            session_id: session.id,
            csrf_token: session.csrf_token,
        })
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The session token from the `Cookie` headers, if there is one.
fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that starts a session (or, with `None`, ends it in the browser).
/// HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure unless
/// the server runs on plain HTTP for development (`--insecure-cookies`). No Max-Age: the
/// browser forgets it when it closes; the server ends it after 30 idle minutes or 12 hours.
pub fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    let mut cookie = match token {
        Some(token) => format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"),
        None => format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    };
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("a token is hex")
}

/// The client's address, for the sign-in rate limit: the connection's peer, or behind a reverse
/// proxy the address in the header it sets (`serve --client-ip-header`); `unknown` when the
/// router runs without connections, as in tests that call it directly.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let forwarded = state.client_ip_header.as_ref().and_then(|name| {
            let value = parts.headers.get(name)?.to_str().ok()?;
            // X-Forwarded-For lists every hop: the last is what the nearest proxy saw.
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        });
        let peer = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip())
        };
        Ok(ClientAddr(
            forwarded
                .or_else(peer)
                .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_token_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, "a=1; linli_staff=abc; b=2".parse().unwrap());
        assert_eq!(session_token(&headers), Some("abc"));
        let mut none = HeaderMap::new();
        none.append(
            header::COOKIE,
            "linli_staffx=abc; linli_staff=".parse().unwrap(),
        );
        assert_eq!(session_token(&none), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_unless_told() {
        let secure = session_cookie(Some("t"), true);
        assert_eq!(
            secure,
            "linli_staff=t; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
        let plain = session_cookie(Some("t"), false);
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(
            session_cookie(None, true)
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn every_route_is_served_once() {
        let routes = routes();
        let mut seen = std::collections::HashSet::new();
        for (method, path) in &routes {
            assert!(
                seen.insert((method.clone(), *path)),
                "{method} {path} twice"
            );
        }
        let _ = router();
    }
}
