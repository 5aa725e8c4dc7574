//! The one error vocabulary of the API: a stable machine-readable code, its HTTP status, and the
//! body `{"code": "...", "message": "...", "details": [...]}` that carries it.
//!
//! Every code is written once, in the `error_codes!` table below: its wire name, its status and
//! its message in Chinese and English. The enum, its serde names, the OpenAPI schema, the status
//! and the messages are all derived from that one line, so they cannot disagree.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The language a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header: English when the caller prefers it
    /// over Chinese, Chinese otherwise (residents are the audience).
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(quality_thousandths)
                .unwrap_or(1000);
            // `q=0` means "not this language".
            if quality == 0 {
                continue;
            }
            let lang = if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else {
                continue;
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or_default()
    }
}

/// A quality value (`q=0.8`: 0 to 1 with at most three decimals, RFC 9110) in thousandths.
/// Read with integers: the app, which reads the browser's languages with this, then carries no
/// float parser.
fn quality_thousandths(q: &str) -> Option<u16> {
    let (whole, fraction) = q.trim().split_once('.').unwrap_or((q.trim(), ""));
    let whole = match whole {
        "0" => 0,
        "1" => 1000,
        _ => return None,
    };
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    (whole + thousandths <= 1000).then_some(whole + thousandths)
}

/// Writes the `ErrorCode` enum and everything derived from its table. The wire name is taken as
/// a `tt`, not a `literal`: utoipa cannot read a `literal` fragment inside `serde(rename)` and
/// silently described the variants' Rust names in the OpenAPI document.
macro_rules! error_codes {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $name:tt, $status:literal, $zh:literal, $en:literal;
    )*) => {
        /// Every error the API can answer with. The wire names are part of the API: never rename.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable name as sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }

            /// The HTTP status that goes with the code.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// A message a resident can read.
            pub fn message(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (ErrorCode::$variant, Lang::Zh) => $zh,
                        (ErrorCode::$variant, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

error_codes! {
    /// `q` is missing or blank.
    QueryEmpty = "query_empty", 400,
        "请输入要查找的事项或服务点名称。",
        "Please type what you are looking for.";
    /// `q` is longer than `MAX_QUERY_CHARS`.
    QueryTooLong = "query_too_long", 400,
        "查询内容太长了，请不超过 200 个字。",
        "The search is too long: please use at most 200 characters.";
    /// The query string is not valid UTF-8 once percent-decoded.
    QueryInvalidUtf8 = "query_invalid_utf8", 400,
        "查询内容无法识别，请重新输入。",
        "The search could not be read (invalid characters). Please type it again.";
    /// `limit` is not a whole number from 1 to `MAX_LIMIT`.
    InvalidLimit = "invalid_limit", 400,
        "结果数量须为 1 到 100 之间的整数。",
        "The number of results must be a whole number from 1 to 100.";
    /// The district filter is longer than `MAX_DISTRICT_CHARS`.
    DistrictTooLong = "district_too_long", 400,
        "地区名称太长了，请不超过 100 个字。",
        "The district name is too long: please use at most 100 characters.";
    /// A filter (category, channel, district, open now) has a value the server does not know.
    InvalidFilter = "invalid_filter", 400,
        "筛选条件无法识别，请重新选择。",
        "A filter was not recognised. Please choose it again.";
    /// Another parameter (an id in the path, `at`, `open_first`) is malformed.
    InvalidParameter = "invalid_parameter", 400,
        "请求参数有误，请检查后重试。",
        "The request has a wrong parameter. Please check it.";
    /// `near` is not `latitude,longitude` as two decimal numbers within -90..90 and -180..180.
    InvalidLocation = "invalid_location", 400,
        "位置格式有误：应为“纬度,经度”，纬度在 -90 到 90 之间，经度在 -180 到 180 之间。",
        "The location must be latitude,longitude: a latitude from -90 to 90 and a longitude from -180 to 180.";
    ItemNotFound = "item_not_found", 404,
        "没有找到这个服务事项，它可能已经调整。",
        "This service was not found; it may have been changed.";
    PointNotFound = "point_not_found", 404,
        "没有找到这个服务点，它可能已经调整。",
        "This service point was not found; it may have moved.";
    CategoryNotFound = "category_not_found", 404,
        "没有找到这个服务类别。",
        "This category of services was not found.";
    /// No such page or endpoint.
    NotFound = "not_found", 404,
        "没有这个页面或接口。",
        "There is no such page or endpoint.";
    MethodNotAllowed = "method_not_allowed", 405,
        "不支持这种请求方式。",
        "This request method is not supported here.";
    /// The write conflicts with what is stored (a unique key, a reference, a rule).
    Conflict = "conflict", 409,
        "这条记录与已有记录冲突，请刷新后再试。",
        "This conflicts with a record that already exists. Please refresh and try again.";
    /// A draft edit or publish made from a copy of a record that has changed since: the answer's
    /// `current` holds the record as it is now.
    DraftStale = "draft_stale", 409,
        "这条记录在您编辑期间已被他人修改，请查看当前内容后重新编辑。",
        "Someone changed this record while you were editing it. Check its current values and edit again.";
    /// Publishing a draft would make a directory that breaks the import rules: every problem is
    /// in `details`, each with its place, field and reason. Nothing was changed.
    DirectoryInvalid = "directory_invalid", 422,
        "草稿中有不符合规则的内容，未发布。请按提示逐项修改。",
        "The draft breaks the directory's rules and was not published. Please fix each problem listed.";
    /// An import or publish would retire most of the directory and was not confirmed.
    RetiresMost = "retires_most", 409,
        "这次更新会下线目录中的大部分事项或服务点，请确认无误后再明确提交。",
        "This change would retire most of the directory. Check it, then confirm it explicitly.";
    /// The address is longer than the server reads.
    UriTooLong = "uri_too_long", 414,
        "网址太长了，请缩短查询内容后重试。",
        "The address is too long. Please shorten the search and try again.";
    /// The request headers are larger than the server reads.
    HeadersTooLarge = "headers_too_large", 431,
        "请求头太大，请清除浏览器数据后重试。",
        "The request headers are too large. Please clear the browser's data and try again.";
    /// The request's head (its first line and headers) is not HTTP the server can read: a byte
    /// not allowed there, a malformed line, a `Content-Length` that is not a number.
    RequestHeadInvalid = "request_head_invalid", 400,
        "请求格式有误，系统无法识别。请刷新页面后重试。",
        "The request could not be read: it is not valid HTTP. Please reload the page and try again.";
    /// A request body that is not the JSON the endpoint reads (malformed, a field missing or
    /// of the wrong type, not `application/json`).
    InvalidBody = "invalid_body", 400,
        "请求内容格式有误，请检查后重试。",
        "The request body could not be read. Please check it.";
    /// A staff endpoint was called without a session (no cookie, or one that never existed or
    /// was signed out).
    StaffUnauthenticated = "staff_unauthenticated", 401,
        "请先登录工作人员账号。",
        "Please sign in with your staff account.";
    /// The staff session ended: 30 minutes without use, 12 hours after sign-in, a password
    /// reset or a disabled account.
    StaffSessionExpired = "staff_session_expired", 401,
        "登录已过期，请重新登录。",
        "Your session has ended. Please sign in again.";
    /// Unknown user name or wrong password: the same answer for both.
    StaffBadCredentials = "staff_bad_credentials", 401,
        "用户名或密码不正确。",
        "The user name or password is wrong.";
    /// Five failed sign-ins in a row: the account is locked for 15 minutes.
    StaffAccountLocked = "staff_account_locked", 429,
        "登录失败次数过多，账号已锁定 15 分钟，请稍后再试。",
        "Too many failed sign-ins: the account is locked for 15 minutes. Please try again later.";
    /// The right password for an account that an administrator disabled.
    StaffAccountDisabled = "staff_account_disabled", 403,
        "该账号已停用，请联系管理员。",
        "This account has been disabled. Please ask an administrator.";
    /// A state-changing staff request without the session's CSRF token in `X-CSRF-Token`.
    CsrfTokenInvalid = "csrf_token_invalid", 403,
        "页面已失效，请刷新后重试。",
        "This page is out of date (security token missing or wrong). Please reload and try again.";
    /// The staff member's role or scope does not allow this.
    Forbidden = "forbidden", 403,
        "您的账号没有进行此操作的权限。",
        "Your account is not allowed to do this.";
    /// Too many sign-in attempts from one address in a short time.
    TooManyLogins = "too_many_logins", 429,
        "登录尝试过于频繁，请稍后再试。",
        "Too many sign-in attempts from this address. Please wait a few minutes.";
    /// A user name that is not 3 to 32 of a-z, 0-9, '.', '_' and '-'.
    UsernameInvalid = "username_invalid", 400,
        "用户名须为 3 到 32 个小写字母、数字或 . _ - 字符。",
        "A user name is 3 to 32 letters, digits, dots, underscores or hyphens.";
    /// A new password shorter than 12 characters (or otherwise too weak).
    PasswordTooWeak = "password_too_weak", 400,
        "密码太简单了：至少 12 个字符，且不能是同一个字符重复。",
        "The password is too weak: use at least 12 characters, not one character repeated.";
    /// A scope that is not district:NAME or point:ID, does not fit the role, or names a
    /// service point the directory does not have.
    ScopeInvalid = "scope_invalid", 400,
        "管辖范围有误：应为“district:区名”或“point:服务点编号”，并与角色相符。",
        "The scope must be district:NAME or point:ID, fitting the role, of a known service point.";
    /// `week` is not an ISO week written `YYYY-Www` (e.g. 2026-W48).
    WeekInvalid = "week_invalid", 400,
        "周次格式有误，应为“年份-W周数”，例如 2026-W48。",
        "The week must be an ISO week written YYYY-Www, e.g. 2026-W48.";
    StaffAccountNotFound = "staff_account_not_found", 404,
        "没有找到这个工作人员账号。",
        "This staff account was not found.";
    /// `from` or `to` is not a date (YYYY-MM-DD), `to` is before `from`, or the range is longer
    /// than 31 days.
    InvalidDateRange = "invalid_date_range", 400,
        "日期有误：请按“年-月-日”填写，结束日期不早于开始日期，一次最多查询 31 天。",
        "The dates are wrong: use YYYY-MM-DD, an end not before the start, and at most 31 days.";
    /// The item cannot be booked at this point: it has no appointment schedule there.
    NotBookable = "not_bookable", 404,
        "这个服务点暂不提供该事项的预约，请选择其他服务点或直接到窗口办理。",
        "This service cannot be booked at this point. Please choose another point or go to a window.";
    /// The time asked for is not a bookable slot: not a slot's start, a closed day, past the
    /// cut-off or beyond the booking horizon.
    SlotUnavailable = "slot_unavailable", 409,
        "这个时段不能预约（已过预约截止时间、不在可预约日期内或当天不办理），请重新选择时段。",
        "This time cannot be booked (too late, too far ahead, or no appointments that day). Please choose another time.";
    /// The last seat of the slot went to someone else a moment earlier.
    SlotFull = "slot_full", 409,
        "这个时段刚刚约满了，请选择其他时段。",
        "This time has just been fully booked. Please choose another time.";
    /// Not a mainland mobile number (11 digits starting with 13-19).
    PhoneInvalid = "phone_invalid", 400,
        "手机号码有误，请输入 11 位中国大陆手机号。",
        "The phone number is wrong: please enter an 11-digit mainland China mobile number.";
    /// A code was sent to this number less than a minute ago, or five in the last hour.
    CodeTooSoon = "code_too_soon", 429,
        "验证码发送太频繁，请稍后再试（每分钟最多一次，每小时最多五次）。",
        "Codes were sent to this number too often. Please wait (at most one a minute, five an hour).";
    /// Too many codes were asked from this address in the last hour.
    CodeTooManyRequests = "code_too_many_requests", 429,
        "这台设备请求验证码太频繁，请稍后再试。",
        "Too many codes were asked from this device. Please wait a while and try again.";
    /// The code typed is not the one sent; `details` is empty, the tries left are not told.
    CodeWrong = "code_wrong", 400,
        "验证码不正确，请核对短信后重新输入。",
        "The code is wrong. Please check the text message and type it again.";
    /// No live code for the number: none sent, already used, or older than five minutes.
    CodeExpired = "code_expired", 400,
        "验证码已失效，请重新获取。",
        "The code is no longer valid. Please ask for a new one.";
    /// Five wrong tries spent the code.
    CodeTriesExhausted = "code_tries_exhausted", 429,
        "验证码输错次数过多，已失效，请重新获取。",
        "The code was typed wrong too many times and no longer works. Please ask for a new one.";
    /// A resident endpoint without `Authorization: Bearer` of a known token.
    ResidentUnauthenticated = "resident_unauthenticated", 401,
        "请先用手机号码验证身份。",
        "Please confirm your phone number first.";
    /// The resident's token is older than its lifetime.
    ResidentTokenExpired = "resident_token_expired", 401,
        "验证已过期，请重新用手机号码验证。",
        "Your confirmation has expired. Please confirm your phone number again.";
    /// No booking with this code for this number.
    BookingNotFound = "booking_not_found", 404,
        "没有找到这个预约，请核对预约码。",
        "This booking was not found. Please check the booking code.";
    /// The number already has a booking for this item that day.
    AlreadyBookedThatDay = "already_booked_that_day", 409,
        "您当天已预约过这个事项，同一事项每天只能预约一次。",
        "You already have a booking for this service that day: one a day per service.";
    /// The number has as many active bookings as allowed (3 by default).
    TooManyBookings = "too_many_bookings", 409,
        "您的有效预约已达上限（最多 3 个），请先办理或取消已有预约。",
        "You have as many open bookings as allowed (3). Please attend or cancel one first.";
    /// The booking's time has come or passed: it can no longer be cancelled or moved.
    BookingPast = "booking_past", 409,
        "这个预约的时间已到或已过，不能再取消或改约。",
        "This booking's time has come or passed: it can no longer be cancelled or moved.";
    /// The name of the person coming is empty or longer than 50 characters.
    NameInvalid = "name_invalid", 400,
        "请填写来办理的人的姓名（不超过 50 个字）。",
        "Please give the name of the person coming (at most 50 characters).";
    /// `Idempotency-Key` is empty, longer than 100 characters or not visible ASCII.
    IdempotencyKeyInvalid = "idempotency_key_invalid", 400,
        "请求标识（Idempotency-Key）格式有误。",
        "The Idempotency-Key header must be 1 to 100 visible ASCII characters.";
    /// The same `Idempotency-Key` came with a different booking request.
    IdempotencyKeyReused = "idempotency_key_reused", 422,
        "这个请求标识已用于另一个预约请求，请刷新后重新提交。",
        "This Idempotency-Key was already used for a different booking. Please reload and try again.";
    /// The day (or slot) asked to wait for still has a seat: book it instead.
    WaitlistNotNeeded = "waitlist_not_needed", 409,
        "这一天（这个时段）还有空位，请直接预约，不用候补。",
        "There are still seats that day (or at that time): please book one instead of waiting.";
    /// No waiting-list entry with this id for this number.
    WaitlistEntryNotFound = "waitlist_entry_not_found", 404,
        "没有找到这条候补登记。",
        "This waiting-list entry was not found.";
    /// The number missed too many bookings lately (3 in 90 days by default) and may not book
    /// until the date the message names (`current.until` gives it too).
    BookingBarred = "booking_barred", 403,
        "您近期多次预约后没有到场，暂时不能预约。",
        "You missed several bookings lately, so you cannot book for a while.";
    /// A booking can be marked a no-show only once its time has begun, and only if active.
    NoShowRefused = "no_show_refused", 409,
        "这个预约的时间还没到或已取消，不能标记为未到场。",
        "This booking has not begun yet or was cancelled: it cannot be marked a no-show.";
    /// No complaint or suggestion with this tracking number.
    CaseNotFound = "case_not_found", 404,
        "没有找到这件诉求，请核对受理编号。",
        "No case has this tracking number. Please check it.";
    /// The case is not in a state that allows this step (accepting an accepted case, rating
    /// before the reply, replying to a closed case), or someone moved it a moment earlier.
    CaseStepRefused = "case_step_refused", 409,
        "这件诉求当前的办理状态不能进行这一步，请刷新后查看。",
        "This case cannot take that step in its current state. Please reload it.";
    /// A case's text, a note or a reply is empty or longer than 4,000 characters (a rating's
    /// comment: 500; an address: 200).
    CaseTextInvalid = "case_text_invalid", 400,
        "内容不能为空，诉求、备注和回复不超过 4000 字，评价留言不超过 500 字，地址不超过 200 字。",
        "The text is empty or too long: at most 4,000 characters (a comment 500, an address 200).";
    /// Too many cases from this phone number or device in the last hour.
    CaseTooMany = "case_too_many", 429,
        "提交太频繁了，请稍后再试（每小时最多 5 件）。",
        "Too many cases were sent from this number or device. Please wait (at most 5 an hour).";
    /// No department with this id.
    DepartmentNotFound = "department_not_found", 404,
        "没有这个承办部门。",
        "There is no such department.";
    /// Only the resident who filed a case (with their verified number) may rate it.
    RatingNotAllowed = "rating_not_allowed", 403,
        "只有提交这件诉求的本人（验证手机号后）才能评价。",
        "Only the resident who filed this case, with their confirmed number, may rate it.";
    /// A photo with a case is not a JPEG, PNG or WebP by its content (whatever its name or
    /// declared type says). Nothing of the case was kept.
    PhotoNotImage = "photo_not_image", 415,
        "照片只能是 JPEG、PNG 或 WebP 格式的图片，这份文件不是。诉求未提交，请换一张照片。",
        "A photo must be a JPEG, PNG or WebP image and this file is not. The case was not sent: please choose another photo.";
    /// A photo is larger than 10 MB. Nothing of the case was kept.
    PhotoTooLarge = "photo_too_large", 413,
        "每张照片不能超过 10 MB。诉求未提交，请换一张较小的照片。",
        "Each photo may be at most 10 MB. The case was not sent: please choose a smaller photo.";
    /// A photo claims more pixels than a photo has (at most 16,384 on a side): a decompression
    /// bomb. Nothing of the case was kept.
    PhotoTooManyPixels = "photo_too_many_pixels", 422,
        "照片的尺寸过大，无法处理。诉求未提交，请换一张照片。",
        "A photo's dimensions are too large to process. The case was not sent: please choose another photo.";
    /// A photo is damaged and cannot be read. Nothing of the case was kept.
    PhotoUnreadable = "photo_unreadable", 422,
        "照片已损坏，无法读取。诉求未提交，请换一张照片。",
        "A photo is damaged and cannot be read. The case was not sent: please choose another photo.";
    /// More than 3 photos with one case. Nothing of the case was kept.
    PhotosTooMany = "photos_too_many", 400,
        "每件诉求最多附 3 张照片。诉求未提交，请减少照片后重试。",
        "A case may carry at most 3 photos. The case was not sent: please remove some and try again.";
    /// Anything the caller cannot fix: details are in the server's log, never in the answer.
    Internal = "internal", 500,
        "系统出了点问题，请稍后再试，或向窗口工作人员求助。",
        "Something went wrong on our side. Please try again later or ask at the window.";
    /// Too many searches are already waiting for a processor: refused at once rather than
    /// queued without end (`serve --search-queue`).
    Busy = "busy", 503,
        "现在查询的人很多，请稍后再试。",
        "Many people are searching right now. Please try again in a moment.";
    /// The server did not finish in time (busy, or a slow database).
    Timeout = "timeout", 503,
        "系统正忙，请稍后再试。",
        "The system is busy. Please try again in a moment.";
}

/// What went wrong with one field of a request: `{"field": "limit", "code": "invalid_limit"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The parameter's or field's name as the caller sent it (`q`, `limit`, `id`): one of the
    /// request type's own names, or, when the problem is found before the request type reads
    /// the parameters (a value that is not UTF-8), the name as it came.
    pub field: Cow<'static, str>,
    pub code: ErrorCode,
    /// What exactly is wrong, when the code alone does not say (a directory rule's reason).
    pub reason: Option<String>,
}

impl FieldProblem {
    pub fn new(field: impl Into<Cow<'static, str>>, code: ErrorCode) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            code,
            reason: None,
        }
    }

    /// A problem with its reason spelled out.
    pub fn because(
        field: impl Into<Cow<'static, str>>,
        code: ErrorCode,
        reason: impl Into<String>,
    ) -> FieldProblem {
        FieldProblem {
            reason: Some(reason.into()),
            ..FieldProblem::new(field, code)
        }
    }
}

/// A refused request: the code that decides the status, and every field that was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub fields: Vec<FieldProblem>,
    /// The record as it is now, for a conflict the caller resolves by looking at it.
    pub current: Option<serde_json::Value>,
    /// Said after the code's message, in each language (until when a number is barred).
    pub note: Option<Note>,
}

/// A sentence added to a code's message: the particulars of this refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub zh: String,
    pub en: String,
}

impl ApiError {
    /// A refusal naming every problem; the first one's code decides the answer's code.
    /// `None` when there is nothing to refuse.
    pub fn from_fields(fields: Vec<FieldProblem>) -> Option<ApiError> {
        let code = fields.first()?.code;
        Some(ApiError {
            code,
            fields,
            current: None,
            note: None,
        })
    }

    pub fn field(field: impl Into<Cow<'static, str>>, code: ErrorCode) -> ApiError {
        ApiError {
            code,
            fields: vec![FieldProblem::new(field, code)],
            current: None,
            note: None,
        }
    }

    /// A conflict answered with the record as it is now.
    pub fn with_current(code: ErrorCode, current: serde_json::Value) -> ApiError {
        ApiError {
            current: Some(current),
            ..ApiError::from(code)
        }
    }

    /// A refusal whose message goes on with the particulars, and the record they come from.
    pub fn with_note(code: ErrorCode, note: Note, current: serde_json::Value) -> ApiError {
        ApiError {
            note: Some(note),
            current: Some(current),
            ..ApiError::from(code)
        }
    }

    /// The body in one language.
    pub fn body(&self, lang: Lang) -> ErrorBody {
        let message = match (&self.note, lang) {
            (None, _) => self.code.message(lang).to_owned(),
            (Some(note), Lang::Zh) => format!("{}{}", self.code.message(lang), note.zh),
            (Some(note), Lang::En) => format!("{} {}", self.code.message(lang), note.en),
        };
        ErrorBody {
            code: self.code,
            message,
            details: self
                .fields
                .iter()
                .map(|f| FieldDetail {
                    field: f.field.clone().into_owned(),
                    code: f.code,
                    message: f.code.message(lang).to_owned(),
                    reason: f.reason.clone(),
                })
                .collect(),
            current: self.current.clone(),
        }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        ApiError {
            code,
            fields: Vec::new(),
            current: None,
            note: None,
        }
    }
}

/// The JSON body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Which fields were wrong and why, when the request had fields; each in the same language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FieldDetail>,
    /// For `draft_stale`: the record as it is now (`null` when it no longer exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current: Option<serde_json::Value>,
}

/// One wrong field in an [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDetail {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
    /// What exactly is wrong (a directory rule's reason, in English), when the code alone does
    /// not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, lang: Lang) -> ErrorBody {
        ApiError::from(code).body(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality() {
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh;q=0.3, en;q=0.7"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh;q=0.899, en;q=0.9"), Lang::En);
        assert_eq!(quality_thousandths("0.8"), Some(800));
        assert_eq!(quality_thousandths("1"), Some(1000));
        assert_eq!(quality_thousandths("1.000"), Some(1000));
        assert_eq!(quality_thousandths("0.005"), Some(5));
        for bad in ["1.5", "2", "0.0001", "-0.5", "x", "0.x"] {
            assert_eq!(quality_thousandths(bad), None, "{bad}");
        }
        assert_eq!(Lang::from_accept_language("en;q=0, fr"), Lang::Zh);
    }

    #[test]
    fn every_code_serialises_as_its_stable_name_and_back() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn every_code_has_a_status_of_its_kind_and_both_messages() {
        let mut names = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(names.insert(code.as_str()), "{} twice", code.as_str());
            let status = code.http_status();
            assert!((400..600).contains(&status), "{code:?}: {status}");
            let zh = code.message(Lang::Zh);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            let en = code.message(Lang::En);
            assert!(en.is_ascii() && en.ends_with('.'), "{code:?}: {en}");
        }
        assert_eq!(ErrorCode::Conflict.http_status(), 409);
        assert_eq!(ErrorCode::Internal.http_status(), 500);
    }

    #[test]
    fn a_note_goes_on_after_the_codes_message_in_each_language() {
        let error = ApiError::with_note(
            ErrorCode::BookingBarred,
            Note {
                zh: "2026年12月27日 起可以再次预约。".into(),
                en: "You can book again from 2026-12-27.".into(),
            },
            serde_json::json!({"until": "2026-12-27T09:00:00"}),
        );
        let en = error.body(Lang::En);
        assert_eq!(
            en.message,
            format!(
                "{} You can book again from 2026-12-27.",
                ErrorCode::BookingBarred.message(Lang::En)
            )
        );
        assert!(error.body(Lang::Zh).message.ends_with("起可以再次预约。"));
        assert_eq!(en.current.unwrap()["until"], "2026-12-27T09:00:00");
        assert_eq!(
            ErrorBody::new(ErrorCode::BookingBarred, Lang::En).message,
            ErrorCode::BookingBarred.message(Lang::En),
            "without a note, the code's message alone"
        );
    }

    #[test]
    fn field_problems_travel_in_the_body_in_the_callers_language() {
        let error = ApiError::from_fields(vec![
            FieldProblem::new("limit", ErrorCode::InvalidLimit),
            FieldProblem::new("channel", ErrorCode::InvalidFilter),
        ])
        .unwrap();
        assert_eq!(error.code, ErrorCode::InvalidLimit);
        let body = error.body(Lang::En);
        assert_eq!(body.details.len(), 2);
        assert_eq!(body.details[1].field, "channel");
        assert_eq!(
            body.details[1].message,
            ErrorCode::InvalidFilter.message(Lang::En)
        );
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["details"][0]["code"], "invalid_limit");
        // No details: the key is left out, so older clients see the same shape as before.
        let plain = serde_json::to_value(ErrorBody::new(ErrorCode::NotFound, Lang::Zh)).unwrap();
        assert!(plain.get("details").is_none());
        assert!(ApiError::from_fields(Vec::new()).is_none());
    }
}
