//! Accounts for admins: `GET /api/v1/staff/accounts`, `POST /api/v1/staff/accounts`,
//! `POST /api/v1/staff/accounts/{id}/disable`, `…/enable` and `…/password` (a reset). A
//! district admin sees and manages the point managers and clerks of their district only
//! (`domain::staff::may`); nobody disables, enables or resets their own account here.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use linli_shared::api::staff::{
    AccountsResponse, CreatedAccount, NewAccount, PasswordReset, StaffAccount,
};
use linli_shared::domain::staff::{
    Action, Place, Scope, Target, Username, check_new_password, may,
};
use linli_shared::error::{ApiError, ErrorBody, ErrorCode};

use super::{Staff, now};
use crate::auth::{generate_password, hash_password};
use crate::error::Result;
use crate::http::AppState;
use crate::http::body::JsonBody;
use crate::store::staff::{AccountRecord, NewAccountRecord};

/// Whether `staff` may manage `account`.
pub(super) fn manages(staff: &Staff, account: &AccountRecord) -> bool {
    may(
        &staff.actor(),
        Action::ManageAccount,
        &Target::Account {
            role: account.role,
            place: account.place(),
        },
    )
}

/// The accounts the caller may manage, and the caller, by user name.
#[utoipa::path(get, path = "/api/v1/staff/accounts",
    responses((status = 200, body = AccountsResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)),
    tag = "staff")]
pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<AccountsResponse>> {
    staff.require(Action::ListAccounts, &Target::Nothing)?;
    let accounts = state
        .store
        .accounts()
        .await?
        .into_iter()
        .filter(|a| a.id == staff.account.id || manages(&staff, a))
        .map(|a| a.to_api())
        .collect();
    Ok(Json(AccountsResponse { accounts }))
}

/// Creates an account. Without a password, one is generated and answered once.
#[utoipa::path(post, path = "/api/v1/staff/accounts", request_body = NewAccount,
    params(("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 201, body = CreatedAccount), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The user name is taken")),
    tag = "staff")]
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    JsonBody(new): JsonBody<NewAccount>,
) -> Result<(StatusCode, Json<CreatedAccount>)> {
    // Who manages no account at all is refused before anything of the request is looked at.
    staff.require(Action::ListAccounts, &Target::Nothing)?;
    let username = Username::parse(&new.username)
        .map_err(|_| ApiError::field("username", ErrorCode::UsernameInvalid))?;
    let invalid_scope = || ApiError::field("scope", ErrorCode::ScopeInvalid);
    let scope = new
        .scope
        .as_deref()
        .map(Scope::parse)
        .transpose()
        .map_err(|_| invalid_scope())?;
    let scope = Scope::for_role(new.role, scope).map_err(|_| invalid_scope())?;
    let point_district = match &scope {
        Scope::Point(id) => Some(
            state
                .store
                .point_district(id.as_str())
                .await?
                .ok_or_else(invalid_scope)?,
        ),
        Scope::Department(id) => {
            if !state.store.department_exists(id).await? {
                return Err(invalid_scope().into());
            }
            None
        }
        _ => None,
    };
    staff.require(
        Action::ManageAccount,
        &Target::Account {
            role: new.role,
            place: Place::of_scope(&scope, point_district.as_deref()),
        },
    )?;
    let generated = new.password.is_none();
    let password = new.password.unwrap_or_else(generate_password);
    check_new_password(&password)
        .map_err(|_| ApiError::field("password", ErrorCode::PasswordTooWeak))?;
    let hash = {
        let password = password.clone();
        state.cpu.run(move || hash_password(&password)).await??
    };
    let account = state
        .store
        .create_account(
            NewAccountRecord {
                username: &username,
                password_hash: &hash,
                role: new.role,
                scope: &scope,
            },
            &staff.audit_actor(),
            now(&state),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount {
            account: account.to_api(),
            password: generated.then_some(password),
        }),
    ))
}

/// Disables an account and ends its sessions. An admin cannot disable their own account.
#[utoipa::path(post, path = "/api/v1/staff/accounts/{id}/disable",
    params(("id" = i64, Path, description = "The account's id"),
        ("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 200, body = StaffAccount), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn disable(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<StaffAccount>> {
    let account = managed_account(&state, &staff, &id).await?;
    let disabled = state
        .store
        .disable_account(account.id, &staff.audit_actor(), now(&state))
        .await?
        .ok_or(ErrorCode::StaffAccountNotFound)?;
    tracing::info!(by = %staff.account.username, username = %disabled.username, "staff account disabled");
    Ok(Json(disabled.to_api()))
}

/// Enables a disabled account again (it signs in with the password it had; its failed
/// sign-ins are forgotten).
#[utoipa::path(post, path = "/api/v1/staff/accounts/{id}/enable",
    params(("id" = i64, Path, description = "The account's id"),
        ("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 200, body = StaffAccount), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn enable(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<StaffAccount>> {
    let account = managed_account(&state, &staff, &id).await?;
    let enabled = state
        .store
        .enable_account(account.id, &staff.audit_actor(), now(&state))
        .await?
        .ok_or(ErrorCode::StaffAccountNotFound)?;
    tracing::info!(by = %staff.account.username, username = %enabled.username, "staff account enabled");
    Ok(Json(enabled.to_api()))
}

/// Sets a new password for another account (given, or generated and answered once), unlocks
/// it and ends its sessions. One's own password is changed with `POST /api/v1/staff/password`,
/// which asks for the current one.
#[utoipa::path(post, path = "/api/v1/staff/accounts/{id}/password", request_body = PasswordReset,
    params(("id" = i64, Path, description = "The account's id"),
        ("X-CSRF-Token" = String, Header, description = "The token given at sign-in")),
    responses((status = 200, body = CreatedAccount), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    tag = "staff")]
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    JsonBody(reset): JsonBody<PasswordReset>,
) -> Result<Json<CreatedAccount>> {
    let account = managed_account(&state, &staff, &id).await?;
    let generated = reset.password.is_none();
    let password = reset.password.unwrap_or_else(generate_password);
    check_new_password(&password)
        .map_err(|_| ApiError::field("password", ErrorCode::PasswordTooWeak))?;
    let hash = {
        let password = password.clone();
        state.cpu.run(move || hash_password(&password)).await??
    };
    let reset = state
        .store
        .reset_password(account.id, &hash, &staff.audit_actor(), now(&state))
        .await?
        .ok_or(ErrorCode::StaffAccountNotFound)?;
    tracing::info!(by = %staff.account.username, username = %reset.username, "staff password reset");
    Ok(Json(CreatedAccount {
        account: reset.to_api(),
        password: generated.then_some(password),
    }))
}

/// The account `id` names, if the caller manages it and it is not the caller's own: who
/// manages no account at all is refused before the id is looked at.
async fn managed_account(state: &AppState, staff: &Staff, id: &str) -> Result<AccountRecord> {
    staff.require(Action::ListAccounts, &Target::Nothing)?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::field("id", ErrorCode::InvalidParameter))?;
    let account = state
        .store
        .account_by_id(id)
        .await?
        .ok_or(ErrorCode::StaffAccountNotFound)?;
    if account.id == staff.account.id || !manages(staff, &account) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(account)
}
