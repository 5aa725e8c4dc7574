//! `POST /api/v1/staff/login`, `POST /api/v1/staff/logout`, `GET /api/v1/staff/me`,
//! `POST /api/v1/staff/password`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_shared::api::staff::{LoginRequest, PasswordChange, StaffSession};
use linli_shared::domain::staff::{
    Action, LOGIN_WINDOW, MAX_PASSWORD_BYTES, Target, Username, check_new_password, is_locked,
};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};

use super::{ClientAddr, Staff, now, session_cookie};
use crate::auth::{hash_password, new_token, token_digest, verify_dummy, verify_password};
use crate::error::{Error, Result};
use crate::http::AppState;
use crate::http::body::JsonBody;

/// Signs a staff member in: answers who they are and the CSRF token, and sets the session
/// cookie. An unknown user name and a wrong password get the same answer in about the same
/// time; the fifth failure in a row locks the account for 15 minutes; one client address gets
/// 20 attempts in 10 minutes.
#[utoipa::path(post, path = "/api/v1/staff/login", request_body = LoginRequest,
    responses((status = 200, body = StaffSession,
            description = "Signed in; `Set-Cookie: linli_staff=…; HttpOnly; SameSite=Strict; Path=/; Secure`"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)),
    tag = "staff")]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Response> {
    let now = now(&state);
    if !state.store.allow_login_attempt(&client, now).await? {
        tracing::warn!(%client, "staff sign-ins from this address are rate-limited");
        let mut refused = Error::from(ErrorCode::TooManyLogins).into_response();
        refused.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(LOGIN_WINDOW.num_seconds()),
        );
        return Ok(refused);
    }
    let account = match Username::parse(&request.username) {
        Ok(name) => state.store.account_by_username(name.as_str()).await?,
        Err(_) => None,
    };
    let mut password = request.password;
    // Hashing a megabyte is work an attacker should not get for free; such a password is
    // wrong for every account anyway, so an empty one (which no account has) is verified in
    // its place, in the same time.
    if password.len() > MAX_PASSWORD_BYTES {
        password.clear();
    }
    let Some(account) = account else {
        state.cpu.run(move || verify_dummy(&password)).await?;
        return Err(ErrorCode::StaffBadCredentials.into());
    };
    if is_locked(account.locked_until, now) {
        return Err(ErrorCode::StaffAccountLocked.into());
    }
    let hash = account.password_hash.clone();
    let matches = state
        .cpu
        .run(move || verify_password(&password, &hash))
        .await?;
    if !matches {
        let locked = state.store.record_failed_login(account.id, now).await?;
        if locked {
            tracing::warn!(username = %account.username, "staff account locked after failed sign-ins");
            return Err(ErrorCode::StaffAccountLocked.into());
        }
        return Err(ErrorCode::StaffBadCredentials.into());
    }
    if account.is_disabled() {
        return Err(ErrorCode::StaffAccountDisabled.into());
    }
    let token = new_token();
    let csrf_token = new_token();
    state
        .store
        .start_session(account.id, &token_digest(&token), &csrf_token, now)
        .await?;
    tracing::info!(username = %account.username, "staff signed in");
    let mut answer = Json(StaffSession {
        account: account.to_api(),
        csrf_token,
    })
    .into_response();
    answer.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(Some(&token), state.secure_cookies),
    );
    Ok(answer)
}

/// Ends the session and clears its cookie. Needs the CSRF token.
#[utoipa::path(post, path = "/api/v1/staff/logout",
    params(("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    tag = "staff")]
pub async fn logout(State(state): State<AppState>, staff: Staff) -> Result<Response> {
    staff.require(Action::UseOwnSession, &Target::Nothing)?;
    state
        .store
        .end_session(&staff.session_id, now(&state))
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session_cookie(None, state.secure_cookies),
        )],
    )
        .into_response())
}

/// Who is signed in, with the session's CSRF token (a reloaded console gets it back here).
#[utoipa::path(get, path = "/api/v1/staff/me",
    responses((status = 200, body = StaffSession), (status = 401, body = ErrorBody)),
    tag = "staff")]
pub async fn me(staff: Staff) -> Result<Json<StaffSession>> {
    staff.require(Action::UseOwnSession, &Target::Nothing)?;
    Ok(Json(StaffSession {
        account: staff.account.to_api(),
        csrf_token: staff.csrf_token,
    }))
}

/// Changes the signed-in staff member's own password. Every session of the account ends, this
/// one too: they sign in again with the new password. A wrong current password counts as a
/// failed sign-in (five lock the account).
#[utoipa::path(post, path = "/api/v1/staff/password", request_body = PasswordChange,
    params(("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 204, description = "Changed; every session of the account is ended"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)),
    tag = "staff")]
pub async fn change_password(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<Response> {
    staff.require(Action::UseOwnSession, &Target::Nothing)?;
    let now = now(&state);
    let mut current = change.current_password;
    if current.len() > MAX_PASSWORD_BYTES {
        current.clear();
    }
    let hash = staff.account.password_hash.clone();
    if !state
        .cpu
        .run(move || verify_password(&current, &hash))
        .await?
    {
        let locked = state
            .store
            .record_failed_login(staff.account.id, now)
            .await?;
        let code = if locked {
            ErrorCode::StaffAccountLocked
        } else {
            ErrorCode::StaffBadCredentials
        };
        return Err(ApiError::field("current_password", code).into());
    }
    check_new_password(&change.new_password)
        .map_err(|_| ApiError::field("new_password", ErrorCode::PasswordTooWeak))?;
    let new_password = change.new_password;
    let hash = state
        .cpu
        .run(move || hash_password(&new_password))
        .await??;
    state
        .store
        .change_password(staff.account.id, &hash, &staff.audit_actor(), now)
        .await?;
    tracing::info!(username = %staff.account.username, "staff password changed");
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session_cookie(None, state.secure_cookies),
        )],
    )
        .into_response())
}
