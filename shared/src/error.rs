//! The one error vocabulary of the API: a stable machine-readable code and the body
//! `{"code": "...", "message": "..."}` that carries it.
//!
//! The server fills `message` in the caller's language; the app shows its own text for the code.

use serde::{Deserialize, Serialize};

/// Every error the API can answer with. The snake_case names are part of the API: never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    QueryEmpty,
    QueryTooLong,
    QueryInvalidUtf8,
    InvalidLimit,
    InvalidFilter,
    InvalidParameter,
    ItemNotFound,
    PointNotFound,
    CategoryNotFound,
    NotFound,
    MethodNotAllowed,
    UriTooLong,
    HeadersTooLarge,
    Internal,
}

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
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
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

impl ErrorCode {
    /// The stable name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::QueryEmpty => "query_empty",
            ErrorCode::QueryTooLong => "query_too_long",
            ErrorCode::QueryInvalidUtf8 => "query_invalid_utf8",
            ErrorCode::InvalidLimit => "invalid_limit",
            ErrorCode::InvalidFilter => "invalid_filter",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::ItemNotFound => "item_not_found",
            ErrorCode::PointNotFound => "point_not_found",
            ErrorCode::CategoryNotFound => "category_not_found",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::HeadersTooLarge => "headers_too_large",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::ItemNotFound
            | ErrorCode::PointNotFound
            | ErrorCode::CategoryNotFound
            | ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::UriTooLong => 414,
            ErrorCode::HeadersTooLarge => 431,
            ErrorCode::Internal => 500,
            _ => 400,
        }
    }

    /// A message a resident can read.
    pub fn message(self, lang: Lang) -> &'static str {
        use ErrorCode::*;
        match (self, lang) {
            (QueryEmpty, Lang::Zh) => "请输入要查找的事项或服务点名称。",
            (QueryEmpty, Lang::En) => "Please type what you are looking for.",
            (QueryTooLong, Lang::Zh) => "查询内容太长了，请不超过 200 个字。",
            (QueryTooLong, Lang::En) => {
                "The search is too long: please use at most 200 characters."
            }
            (QueryInvalidUtf8, Lang::Zh) => "查询内容无法识别，请重新输入。",
            (QueryInvalidUtf8, Lang::En) => {
                "The search could not be read (invalid characters). Please type it again."
            }
            (InvalidLimit, Lang::Zh) => "结果数量须为 1 到 100 之间的整数。",
            (InvalidLimit, Lang::En) => {
                "The number of results must be a whole number from 1 to 100."
            }
            (InvalidFilter, Lang::Zh) => "筛选条件无法识别，请重新选择。",
            (InvalidFilter, Lang::En) => "A filter was not recognised. Please choose it again.",
            (InvalidParameter, Lang::Zh) => "请求参数有误，请检查后重试。",
            (InvalidParameter, Lang::En) => "The request has a wrong parameter. Please check it.",
            (ItemNotFound, Lang::Zh) => "没有找到这个服务事项，它可能已经调整。",
            (ItemNotFound, Lang::En) => "This service was not found; it may have been changed.",
            (PointNotFound, Lang::Zh) => "没有找到这个服务点，它可能已经调整。",
            (PointNotFound, Lang::En) => "This service point was not found; it may have moved.",
            (CategoryNotFound, Lang::Zh) => "没有找到这个服务类别。",
            (CategoryNotFound, Lang::En) => "This category of services was not found.",
            (NotFound, Lang::Zh) => "没有这个页面或接口。",
            (NotFound, Lang::En) => "There is no such page or endpoint.",
            (MethodNotAllowed, Lang::Zh) => "不支持这种请求方式。",
            (MethodNotAllowed, Lang::En) => "This request method is not supported here.",
            (UriTooLong, Lang::Zh) => "请求地址太长了，请缩短查询内容后重试。",
            (UriTooLong, Lang::En) => {
                "The address of the request is too long. Please shorten it and try again."
            }
            (HeadersTooLarge, Lang::Zh) => "请求头太大了，请清除本站的浏览器数据后重试。",
            (HeadersTooLarge, Lang::En) => {
                "The request's headers are too large. Please clear this site's browser data and try again."
            }
            (Internal, Lang::Zh) => "系统出了点问题，请稍后再试，或向窗口工作人员求助。",
            (Internal, Lang::En) => {
                "Something went wrong on our side. Please try again later or ask at the window."
            }
        }
    }
}

/// The JSON body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, lang: Lang) -> ErrorBody {
        ErrorBody {
            code,
            message: code.message(lang).to_owned(),
        }
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
    }

    #[test]
    fn codes_serialise_as_their_stable_names() {
        for code in [
            ErrorCode::QueryEmpty,
            ErrorCode::ItemNotFound,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
