//! Residents prove their phone number: `POST /api/v1/auth/code` sends a six-digit code by text
//! message, `POST /api/v1/auth/verify` trades it for a bearer token; [`Resident`] is the
//! extractor of every endpoint that needs one.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::routing::post;
use axum::{Json, Router};
use linli_shared::api::appointments::{CodeRequest, CodeSent, ResidentToken, VerifyRequest};
use linli_shared::domain::resident::{Phone, code_from_random, normalize_code};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};

use super::AppState;
use super::body::JsonBody;
use super::staff::ClientAddr;
use crate::auth::{new_token, token_digest};
use crate::error::{Error, Result};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/code", post(send_code))
        .route("/auth/verify", post(verify))
}

fn phone(text: &str) -> Result<Phone> {
    Phone::parse(text).ok_or_else(|| ApiError::field("phone", ErrorCode::PhoneInvalid).into())
}

/// Sends a code to a mainland mobile number (at most one a minute and five an hour per number,
/// and a limit per client address). The code is committed with its text message in the outbox
/// before the answer.
#[utoipa::path(post, path = "/api/v1/auth/code", request_body = CodeRequest,
    responses((status = 200, body = CodeSent), (status = 400, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    tag = "residents")]
pub async fn send_code(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    JsonBody(body): JsonBody<CodeRequest>,
) -> Result<Json<CodeSent>> {
    let phone = phone(&body.phone)?;
    let code = code_from_random(OsRng.next_u32());
    let now = (state.clock)();
    let expires_at = state
        .store
        .request_code(&phone, &client, &code, &state.code_limits, now)
        .await?;
    state.sms_wake.notify_one();
    tracing::info!(phone = %phone.masked(), "verification code queued");
    Ok(Json(CodeSent {
        expires_at,
        resend_after_seconds: state.code_limits.per_number_gap.num_seconds() as u32,
    }))
}

/// Trades a live code for a token (five tries, five minutes).
#[utoipa::path(post, path = "/api/v1/auth/verify", request_body = VerifyRequest,
    responses((status = 200, body = ResidentToken), (status = 400, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    tag = "residents")]
pub async fn verify(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<VerifyRequest>,
) -> Result<Json<ResidentToken>> {
    let phone = phone(&body.phone)?;
    // A code of the wrong shape is simply wrong (and counts as a try).
    let typed = normalize_code(&body.code).unwrap_or_default();
    let token = new_token();
    let expires_at = state
        .store
        .verify_code(&phone, &typed, &token_digest(&token), (state.clock)())
        .await?;
    Ok(Json(ResidentToken { token, expires_at }))
}

/// A resident who proved their number: `Authorization: Bearer TOKEN` of a live token.
pub struct Resident {
    pub phone: Phone,
}

impl Resident {
    /// The resident of `Authorization: Bearer TOKEN`, if the request carries one: `None`
    /// without the header; refused (401) for a token that is unknown or expired.
    pub async fn from_headers(headers: &HeaderMap, state: &AppState) -> Result<Option<Resident>> {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Ok(None);
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ErrorCode::ResidentUnauthenticated)?;
        let (phone, expires_at) = state
            .store
            .resident_token(&token_digest(token))
            .await?
            .ok_or(ErrorCode::ResidentUnauthenticated)?;
        if (state.clock)() >= expires_at {
            return Err(ErrorCode::ResidentTokenExpired.into());
        }
        Ok(Some(Resident { phone }))
    }
}

impl FromRequestParts<AppState> for Resident {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Resident::from_headers(&parts.headers, state)
            .await?
            .ok_or_else(|| ErrorCode::ResidentUnauthenticated.into())
    }
}
