//! The app's words in Chinese and English, and the display language as shared context.
//! Residents' default is Chinese; the toggle in the top bar switches.

use leptos::prelude::*;
use linli_shared::directory::{Channel, MaterialForm, PointKind};
use linli_shared::error::Lang;

use crate::api::ClientError;

/// The display language, provided once by `App` and read by every page.
#[derive(Clone, Copy)]
pub struct Locale(RwSignal<Lang>);

impl Locale {
    pub fn provide() -> Locale {
        let locale = Locale(RwSignal::new(Lang::Zh));
        provide_context(locale);
        locale
    }

    /// The app's locale, or Chinese when a component is mounted alone (in tests).
    pub fn get_from_context() -> Lang {
        use_context::<Locale>().map(|l| l.get()).unwrap_or_default()
    }

    pub fn get(&self) -> Lang {
        self.0.get()
    }

    pub fn toggle(&self) {
        self.0
            .update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
    }
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(Locale::provide)
}

/// A fixed text of the interface by key.
pub fn t(lang: Lang, key: &str) -> &'static str {
    let (zh, en) = match key {
        "brand" => ("邻里 · 社区服务", "Linli · Community services"),
        "other_language" => ("English", "中文"),
        "search_label" => ("查找服务事项或服务点", "Find a service or a service point"),
        "search_placeholder" => (
            "例如：低保、医保、dibao、老年证",
            "e.g. dibao, medical insurance, residence permit",
        ),
        "search_hint" => (
            "可以输入汉字、拼音、拼音首字母或英文。",
            "Type Chinese, pinyin, pinyin initials or English.",
        ),
        "items" => ("服务事项", "Services"),
        "points" => ("服务点", "Service points"),
        "no_results" => (
            "没有找到相关结果，换个说法试试，或向窗口工作人员咨询。",
            "Nothing found. Try other words, or ask at the window.",
        ),
        "loading" => ("正在查找…", "Searching…"),
        "materials" => (
            "申请材料（一次告知）",
            "Materials to bring (all of them, told at once)",
        ),
        "copies" => ("份", "copies"),
        "eligibility" => ("申请条件", "Who may apply"),
        "fee" => ("收费", "Fee"),
        "free" => ("免费", "Free of charge"),
        "time_limit" => ("承诺时限", "Promised time limit"),
        "on_the_spot" => ("即来即办", "Handled on the spot"),
        "working_days" => ("个工作日", "working days"),
        "channels" => ("办理方式", "How to apply"),
        "department" => ("办理部门", "Handled by"),
        "legal_basis" => ("办理依据", "Legal basis"),
        "where" => ("可以在这些地方办理", "Where to apply"),
        "open_now" => ("正在办公", "Open now"),
        "closed_now" => ("现在休息", "Closed now"),
        "hours_today" => ("今日办公时间", "Hours today"),
        "closed_today" => ("今日不办公", "Closed today"),
        "phone" => ("电话", "Phone"),
        "address" => ("地址", "Address"),
        "offered_items" => ("可办理事项", "Services offered here"),
        "back" => ("返回查找", "Back to search"),
        "page_not_found" => ("没有这个页面。", "There is no such page."),
        "network_error" => (
            "网络不通，请检查网络后重试。",
            "No connection. Please check the network and try again.",
        ),
        "bad_answer" => (
            "服务器的答复无法识别，请稍后再试。",
            "The server's answer could not be read. Please try again later.",
        ),
        "more_points" => ("还有更多服务点", "more service points"),
        _ => ("", ""),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn error_text(lang: Lang, error: &ClientError) -> &'static str {
    match error {
        ClientError::Api(code) => code.message(lang),
        ClientError::Network => t(lang, "network_error"),
        ClientError::BadAnswer => t(lang, "bad_answer"),
    }
}

pub fn channel_name(lang: Lang, channel: Channel) -> &'static str {
    let (zh, en) = match channel {
        Channel::Window => ("窗口办理", "At the window"),
        Channel::Online => ("网上办理", "Online"),
        Channel::Appointment => ("预约办理", "By appointment"),
        Channel::HomeVisit => ("上门办理", "Home visit"),
        Channel::SelfService => ("自助办理", "Self-service terminal"),
        Channel::Proxy => ("委托代办", "Someone may apply for you"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn material_form(lang: Lang, form: MaterialForm) -> &'static str {
    let (zh, en) = match form {
        MaterialForm::Original => ("原件", "original"),
        MaterialForm::Copy => ("复印件", "photocopy"),
        MaterialForm::OriginalAndCopy => ("原件及复印件", "original and photocopy"),
        MaterialForm::Form => ("申请表", "form to fill in"),
        MaterialForm::Electronic => ("可用电子证照", "electronic licence accepted"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn point_kind(lang: Lang, kind: PointKind) -> &'static str {
    let (zh, en) = match kind {
        PointKind::StreetCenter => ("街道社区服务中心", "Street service center"),
        PointKind::TownCenter => ("乡镇社区服务中心", "Town service center"),
        PointKind::CommunityStation => ("社区服务站", "Community station"),
        PointKind::VillageStation => ("村服务站", "Village station"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// A fee in fen as yuan text: 1500 → "15.00 元".
pub fn fee_text(lang: Lang, amount_fen: u64) -> String {
    if amount_fen == 0 {
        return t(lang, "free").to_owned();
    }
    let yuan = format!("{}.{:02}", amount_fen / 100, amount_fen % 100);
    match lang {
        Lang::Zh => format!("{yuan} 元"),
        Lang::En => format!("¥{yuan}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn fees_read_as_yuan() {
        assert_eq!(fee_text(Lang::Zh, 0), "免费");
        assert_eq!(fee_text(Lang::Zh, 1500), "15.00 元");
        assert_eq!(fee_text(Lang::En, 1005), "¥10.05");
    }

    #[test]
    fn every_key_has_both_languages() {
        for key in ["brand", "materials", "open_now", "network_error", "where"] {
            assert!(
                !t(Lang::Zh, key).is_empty() && !t(Lang::En, key).is_empty(),
                "{key}"
            );
        }
    }
}
