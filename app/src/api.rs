//! The only code that talks to the server. Every call returns the shared API types or a
//! [`ClientError`] the pages can put into words.
//!
//! One non-generic path ([`send`]) does every request: GET, POST with JSON or a multipart form,
//! the bearer token when one is set, cancellation through an [`AbortController`]. Answers are
//! read as text there and decoded into the caller's type afterwards, so the fetching code exists
//! once in the wasm however many types are fetched.

use std::cell::RefCell;
use std::marker::PhantomData;

use gloo_net::http::{Request, RequestBuilder};
use linli_shared::api::appointments::{
    Availability, Booking, BookingPoints, Bookings, CodeRequest, CodeSent, NewBooking,
    RescheduleBooking, ResidentToken, VerifyRequest,
};
use linli_shared::api::{
    CategoryItems, ItemDetail, Overview, PointDetail, SearchResponse, Settings,
};
use linli_shared::error::{ErrorBody, ErrorCode};
pub use linli_shared::query::encode;
use linli_shared::query::{ItemQuery, QueryRequest, SearchQuery};
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::{AbortController, AbortSignal, FormData};

/// Why a request did not give an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The server said no, with one of the API's stable codes.
    Api(ErrorCode),
    /// 401: no valid sign-in (the staff console's token is missing or has expired).
    Unauthorized,
    /// 409: the record changed or was taken meanwhile (a booked slot, an edited entry).
    Conflict,
    /// No answer, while the device says it is online: a weak or dropped link (common on rural
    /// mobile networks), or the server down. The browser cannot tell these apart.
    Network,
    /// No answer, and the device says it has no network at all (`navigator.onLine`).
    Offline,
    /// A 5xx without the API's error body: a proxy in front says the server is down or failed
    /// (502, 503, 504), so it is not the resident's network.
    Server,
    /// An answer we could not read (a server of another version, a proxy's error page).
    BadAnswer,
}

/// Why there was no answer at all: [`ClientError::Offline`] when the device knows it has no
/// network, else [`ClientError::Network`].
pub fn unreachable() -> ClientError {
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    if online {
        ClientError::Network
    } else {
        ClientError::Offline
    }
}

/// A GET of one endpoint whose answer decodes as `T`. Naming a request apart from sending it
/// lets [`crate::components::loaded`] fetch, cancel and retry every page's data the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch<T> {
    url: String,
    answer: PhantomData<fn() -> T>,
}

impl<T> Fetch<T> {
    fn new(url: String) -> Fetch<T> {
        Fetch {
            url,
            answer: PhantomData,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl<T: DeserializeOwned> Fetch<T> {
    /// Sends the request and decodes the answer.
    pub async fn send(&self, cancel: Option<&Cancel>) -> Result<T, ClientError> {
        decode(&send(Method::Get, &self.url, Body::Empty, cancel).await?)
    }
}

pub fn overview() -> Fetch<Overview> {
    Fetch::new("/api/v1/overview".to_owned())
}

pub fn category(id: &str) -> Fetch<CategoryItems> {
    Fetch::new(format!("/api/v1/categories/{}", encode(id)))
}

pub fn search(query: &SearchQuery) -> Fetch<SearchResponse> {
    Fetch::new(format!("/api/v1/search?{}", query.to_query_string()))
}

pub fn item(id: &str, at: Option<&str>) -> Fetch<ItemDetail> {
    let mut url = format!("/api/v1/items/{}", encode(id));
    if let Some(at) = at {
        url.push_str("?at=");
        url.push_str(&encode(at));
    }
    Fetch::new(url)
}

/// An item with its points ordered as `query` asks (nearest the resident first, with `near`).
pub fn item_with(id: &str, query: &ItemQuery) -> Fetch<ItemDetail> {
    let mut url = format!("/api/v1/items/{}", encode(id));
    let query = query.to_query_string();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    Fetch::new(url)
}

/// This deployment's settings (the public address QR codes encode).
pub fn settings() -> Fetch<Settings> {
    Fetch::new("/api/v1/settings".to_owned())
}

pub fn point(id: &str) -> Fetch<PointDetail> {
    Fetch::new(format!("/api/v1/points/{}", encode(id)))
}

/// The points where an item can be booked.
pub fn booking_points(item: &str) -> Fetch<BookingPoints> {
    Fetch::new(format!("/api/v1/items/{}/booking-points", encode(item)))
}

/// A point's days and slots for an item, from today to the last bookable day.
pub fn availability(point: &str, item: &str) -> Fetch<Availability> {
    Fetch::new(format!(
        "/api/v1/points/{}/availability?item={}",
        encode(point),
        encode(item)
    ))
}

/// Asks for a code by text message to `phone`.
pub async fn send_code(phone: &str) -> Result<CodeSent, ClientError> {
    let body = CodeRequest {
        phone: phone.to_owned(),
    };
    post_json("/api/v1/auth/code", &body, None).await
}

/// Trades the code for the resident's token.
pub async fn verify_code(phone: &str, code: &str) -> Result<ResidentToken, ClientError> {
    let body = VerifyRequest {
        phone: phone.to_owned(),
        code: code.to_owned(),
    };
    post_json("/api/v1/auth/verify", &body, None).await
}

/// A request of the resident's own: their token, and for a booking its idempotency key.
pub struct AsResident<'a> {
    pub token: &'a str,
    pub idempotency_key: Option<&'a str>,
}

async fn resident_json<T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Body<'_>,
    who: AsResident<'_>,
) -> Result<T, ClientError> {
    decode(&send_as(method, url, body, Some(&who), None).await?)
}

fn json_body<B: Serialize>(body: &B) -> Result<Body<'static>, ClientError> {
    serde_json::to_string(body)
        .map(Body::Json)
        .map_err(|_| ClientError::BadAnswer)
}

/// Books a slot (a retry with the same key gets the same booking).
pub async fn book(token: &str, key: &str, booking: &NewBooking) -> Result<Booking, ClientError> {
    let who = AsResident {
        token,
        idempotency_key: Some(key),
    };
    resident_json(Method::Post, "/api/v1/bookings", json_body(booking)?, who).await
}

fn resident(token: &str) -> AsResident<'_> {
    AsResident {
        token,
        idempotency_key: None,
    }
}

/// The resident's bookings, soonest first.
pub async fn my_bookings(token: &str) -> Result<Bookings, ClientError> {
    resident_json(
        Method::Get,
        "/api/v1/bookings",
        Body::Empty,
        resident(token),
    )
    .await
}

fn booking_url(code: &str) -> String {
    format!("/api/v1/bookings/{}", encode(code))
}

/// One of the resident's bookings.
pub async fn booking(token: &str, code: &str) -> Result<Booking, ClientError> {
    resident_json(
        Method::Get,
        &booking_url(code),
        Body::Empty,
        resident(token),
    )
    .await
}

pub async fn cancel_booking(token: &str, code: &str) -> Result<Booking, ClientError> {
    let url = format!("{}/cancel", booking_url(code));
    resident_json(Method::Post, &url, Body::Json("{}".into()), resident(token)).await
}

pub async fn reschedule_booking(
    token: &str,
    code: &str,
    to: &RescheduleBooking,
) -> Result<Booking, ClientError> {
    let url = format!("{}/reschedule", booking_url(code));
    resident_json(Method::Post, &url, json_body(to)?, resident(token)).await
}

/// The booking's `.ics` text, in `lang` (`en` or `zh`).
pub async fn booking_calendar(token: &str, code: &str, lang: &str) -> Result<String, ClientError> {
    let url = format!("{}/calendar.ics?lang={lang}", booking_url(code));
    send_as(Method::Get, &url, Body::Empty, Some(&resident(token)), None).await
}

/// POSTs `body` as JSON and decodes the answer.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
    cancel: Option<&Cancel>,
) -> Result<T, ClientError> {
    // Our own types always serialise; failing here would be a bug, not a network problem.
    let json = serde_json::to_string(body).map_err(|_| ClientError::BadAnswer)?;
    decode(&send(Method::Post, url, Body::Json(json), cancel).await?)
}

/// POSTs a multipart form (a photo with its fields) and decodes the answer. The browser writes
/// the multipart boundary into the content type itself.
pub async fn post_form<T: DeserializeOwned>(
    url: &str,
    form: &FormData,
    cancel: Option<&Cancel>,
) -> Result<T, ClientError> {
    decode(&send(Method::Post, url, Body::Form(form), cancel).await?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// What a request carries.
pub enum Body<'a> {
    Empty,
    Json(String),
    Form(&'a FormData),
}

thread_local! {
    /// The staff console's sign-in, sent with every request while set. Kept in memory only.
    static BEARER_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets (or with `None` forgets) the bearer token sent with every request from now on.
pub fn set_bearer_token(token: Option<String>) {
    BEARER_TOKEN.with(|t| *t.borrow_mut() = token);
}

/// Cancels the request it was given to when [`Cancel::cancel`] is called or when it is
/// dropped: a page the resident has left, or a query that has since changed, stops using the
/// rural link it was sharing.
#[derive(Debug)]
pub struct Cancel(Option<AbortController>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel(AbortController::new().ok())
    }

    pub fn cancel(&self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.0.as_ref().map(AbortController::signal)
    }
}

impl Default for Cancel {
    fn default() -> Cancel {
        Cancel::new()
    }
}

impl Drop for Cancel {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Sends one request and returns the answer's text, or why there is none. A cancelled request
/// ends as [`ClientError::Network`]; whoever cancelled it no longer listens.
pub async fn send(
    method: Method,
    url: &str,
    body: Body<'_>,
    cancel: Option<&Cancel>,
) -> Result<String, ClientError> {
    send_as(method, url, body, None, cancel).await
}

/// [`send`], as a resident when `who` is given (their token instead of the bearer token set).
pub async fn send_as(
    method: Method,
    url: &str,
    body: Body<'_>,
    who: Option<&AsResident<'_>>,
    cancel: Option<&Cancel>,
) -> Result<String, ClientError> {
    let url = &linli_shared::query::trail::follow(url); // search insights: from_search, replaces
    let signal = cancel.and_then(Cancel::signal);
    let mut builder: RequestBuilder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
    }
    .abort_signal(signal.as_ref());
    let token = match who {
        Some(who) => Some(who.token.to_owned()),
        None => BEARER_TOKEN.with(|t| t.borrow().clone()),
    };
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = who.and_then(|w| w.idempotency_key) {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = match body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        Body::Form(form) => builder.body(form),
    }
    .map_err(|_| ClientError::Network)?;
    let response = request.send().await.map_err(|_| unreachable())?;
    let text = response.text().await.map_err(|_| unreachable())?;
    match response.status() {
        200..=299 => Ok(text),
        status => Err(error_from(status, &text)),
    }
}

/// The error an answer other than 2xx means: 401 and 409 by their status (whatever code a
/// newer server puts in the body), except the booking refusals a resident must be told apart
/// (a slot just taken, a limit); anything else by the API's code in the body; a 5xx without
/// one came from something in front of the server (a proxy: the server is down).
pub fn error_from(status: u16, body: &str) -> ClientError {
    match status {
        401 => ClientError::Unauthorized,
        409 => match decode::<ErrorBody>(body).map(|b| b.code) {
            Ok(
                code @ (ErrorCode::SlotFull
                | ErrorCode::SlotUnavailable
                | ErrorCode::AlreadyBookedThatDay
                | ErrorCode::TooManyBookings
                | ErrorCode::BookingPast),
            ) => ClientError::Api(code),
            _ => ClientError::Conflict,
        },
        _ => match decode::<ErrorBody>(body) {
            Ok(body) => ClientError::Api(body.code),
            Err(_) if status >= 500 => ClientError::Server,
            Err(_) => ClientError::BadAnswer,
        },
    }
}

/// Decodes an answer's text.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ClientError> {
    let value = web_sys::js_sys::JSON::parse(text).map_err(|_| ClientError::BadAnswer)?;
    serde_wasm_bindgen::from_value(value).map_err(|_| ClientError::BadAnswer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_shared::ids::PointId;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn errors_are_told_apart_by_status_then_by_the_code_in_the_body() {
        let body = r#"{"code":"item_not_found","message":"没有找到这个服务事项"}"#;
        assert_eq!(
            error_from(404, body),
            ClientError::Api(ErrorCode::ItemNotFound)
        );
        // 401 and 409 by their status, whatever a newer server writes in the body.
        assert_eq!(
            error_from(401, r#"{"code":"unauthorized","message":"x"}"#),
            ClientError::Unauthorized
        );
        assert_eq!(error_from(409, ""), ClientError::Conflict);
        // A booking's refusals are told apart: the resident can do something about each.
        assert_eq!(
            error_from(409, r#"{"code":"slot_full","message":"x"}"#),
            ClientError::Api(ErrorCode::SlotFull)
        );
        assert_eq!(
            error_from(409, r#"{"code":"too_many_bookings","message":"x"}"#),
            ClientError::Api(ErrorCode::TooManyBookings)
        );
        // A proxy's page: the server behind it is down, not the resident's network.
        assert_eq!(
            error_from(502, "<html>Bad Gateway</html>"),
            ClientError::Server
        );
        assert_eq!(error_from(504, ""), ClientError::Server);
        // The server's own 500 and 503 say which they are.
        assert_eq!(
            error_from(503, r#"{"code":"timeout","message":"x"}"#),
            ClientError::Api(ErrorCode::Timeout)
        );
        // An unreadable answer that is not a server failure, or a code this app does not know.
        assert_eq!(error_from(404, "<html>"), ClientError::BadAnswer);
        assert_eq!(
            error_from(400, r#"{"code":"from_the_future","message":"x"}"#),
            ClientError::BadAnswer
        );
    }

    #[test]
    fn answers_decode_into_the_shared_types_or_are_bad_answers() {
        let body = r#"{"categories":[{"id":"elderly","name":"老年人","name_en":"Older people","item_count":3}],
            "popular":[],"districts":["西青区 · 西营门街道"]}"#;
        let overview: Overview = decode(body).unwrap();
        assert_eq!(overview.categories[0].id, "elderly");
        assert_eq!(overview.categories[0].item_count, 3);
        assert_eq!(overview.districts, vec!["西青区 · 西营门街道".to_owned()]);
        assert_eq!(decode::<Overview>("{}"), Err(ClientError::BadAnswer));
        assert_eq!(decode::<Overview>("<html>"), Err(ClientError::BadAnswer));
    }

    #[test]
    fn every_request_names_its_endpoint_with_ids_encoded() {
        assert_eq!(overview().url(), "/api/v1/overview");
        assert_eq!(category("elderly").url(), "/api/v1/categories/elderly");
        assert_eq!(item("di bao", None).url(), "/api/v1/items/di%20bao");
        assert_eq!(
            item("dibao", Some("p/1")).url(),
            "/api/v1/items/dibao?at=p%2F1"
        );
        assert_eq!(point("p1").url(), "/api/v1/points/p1");
        assert_eq!(settings().url(), "/api/v1/settings");
        assert_eq!(
            availability("p 1", "id-card").url(),
            "/api/v1/points/p%201/availability?item=id-card"
        );
        assert_eq!(
            booking_points("id-card").url(),
            "/api/v1/items/id-card/booking-points"
        );
        let near = ItemQuery {
            near: linli_shared::domain::geo::Location::new(39.1, 117.2),
            ..ItemQuery::default()
        };
        assert_eq!(
            item_with("dibao", &near).url(),
            "/api/v1/items/dibao?near=39.1%2C117.2"
        );
        assert_eq!(
            item_with("dibao", &ItemQuery::default()).url(),
            "/api/v1/items/dibao"
        );
    }

    #[test]
    fn a_kiosk_asks_for_its_point_first() {
        let query = SearchQuery {
            at: Some(PointId::parse("p1").unwrap()),
            ..SearchQuery::new("dibao")
        };
        assert_eq!(search(&query).url(), "/api/v1/search?q=dibao&at=p1");
    }
}
