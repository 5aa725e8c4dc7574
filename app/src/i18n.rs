//! The one message catalogue: every resident-facing word of the app, in Chinese and English.
//! Views name a [`Msg`]; a missing translation does not compile.

use chrono::Datelike;
use linli_shared::directory::{Channel, MaterialForm, PointKind};
use linli_shared::domain::hours::{OpensNext, Weekday};
use linli_shared::domain::takeaway::format_distance;
use linli_shared::error::{ErrorCode, Lang};

use crate::api::ClientError;

pub mod booking;
use crate::session::lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Brand,
    OtherLanguage,
    OtherLanguageShort,
    Back,
    Home,
    ElderMode,
    FontLarger,
    FontSmaller,
    DisplaySettings,
    SearchLabel,
    SearchPlaceholder,
    SearchHint,
    Search,
    SearchResults,
    Categories,
    MostAsked,
    Items,
    Points,
    Loading,
    Retry,
    FilterCategory,
    FilterChannel,
    FilterDistrict,
    FilterOpenNow,
    Any,
    Filters,
    FiltersChosen,
    ItemsInCategory,
    Materials,
    Eligibility,
    Fee,
    Free,
    TimeLimit,
    OnTheSpot,
    Channels,
    Department,
    LegalBasis,
    Where,
    AboutItem,
    HereLabel,
    OpenNow,
    ClosedNow,
    ClosedTodayFor,
    Hours,
    Today,
    ClosedAllDay,
    Phone,
    Address,
    OfferedItems,
    NetworkError,
    BadAnswer,
    Unauthorized,
    Conflict,
    // Nearest point, the list of errands, the printout (the nearby helper).
    NearestToMe,
    Locating,
    SortedByDistance,
    LocationRefused,
    LocationUnavailable,
    LocationTimedOut,
    ChooseDistrictInstead,
    Call,
    MapAmap,
    MapBaidu,
    AddToList,
    OnList,
    MyList,
    ListEmpty,
    ListItems,
    RemoveFromList,
    KeepList,
    MergedMaterials,
    NeededFor,
    WhereToGo,
    PrintedOn,
    ScanToOpen,
    Print,
    TakeItWithYou,
    IdleTitle,
    IdleBody,
    IdleStay,
    // Dead ends: a page that is not there, a server that cannot be reached.
    NotFoundItem,
    NotFoundPoint,
    NotFoundCategory,
    NotFoundPage,
    NotFoundWhat,
    WaysOn,
    GoHome,
    BackToCategory,
    Offline,
    ServerError,
    OnlyInChinese,
    NoGoodMatch,
    TryOtherWords,
    OnlineLeaves,
    OnlineOnPhone,
    MentionedInDescription,
    QuoteOpen,
    QuoteClose,
}

/// What is counted, for [`count_text`]: each with its own plural in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// "1 copy", "2 copies" (份).
    Copies,
    /// "1 working day", "20 working days" (个工作日).
    WorkingDays,
    /// "1 more service point offers it", "3 more service points offer it" (个服务点也可办理).
    MorePoints,
    /// "1 second", "30 seconds" (秒).
    Seconds,
    /// "1 service", "12 services" (项), a category's items at a point.
    Services,
}

/// The text of a message in a language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    let (zh, en) = match msg {
        Brand => ("邻里 · 社区服务", "Linli · Community services"),
        OtherLanguage => ("English", "中文"),
        OtherLanguageShort => ("EN", "中文"),
        Back => ("返回", "Back"),
        Home => ("首页", "Home"),
        ElderMode => ("长辈模式", "Large text"),
        FontLarger => ("字大一点", "Larger text"),
        FontSmaller => ("字小一点", "Smaller text"),
        DisplaySettings => ("字号与长辈模式", "Text size"),
        SearchLabel => ("查找服务事项或服务点", "Find a service or a service point"),
        // Short enough to show whole at the largest text on a 360 px phone; the hint below the
        // box says what else can be typed.
        SearchPlaceholder => ("例如：低保", "e.g. dibao"),
        SearchHint => (
            "可以输入汉字、拼音、拼音首字母或英文。",
            "Type Chinese, pinyin, pinyin initials or English.",
        ),
        Search => ("查找", "Search"),
        SearchResults => ("查找结果", "Search results"),
        Categories => ("按类别查找", "Browse by category"),
        MostAsked => ("大家常办", "Most asked"),
        Items => ("服务事项", "Services"),
        Points => ("服务点", "Service points"),
        Loading => ("正在加载…", "Loading…"),
        Retry => ("重试", "Try again"),
        FilterCategory => ("类别", "Category"),
        FilterChannel => ("办理方式", "How to apply"),
        FilterDistrict => ("街道/乡镇", "Street or town"),
        FilterOpenNow => ("只看正在办公的", "Open now only"),
        Any => ("不限", "Any"),
        Filters => ("筛选", "Filters"),
        FiltersChosen => ("项已选", "chosen"),
        ItemsInCategory => ("本类服务事项", "Services in this category"),
        Materials => (
            "申请材料（一次告知）",
            "Materials to bring (all of them, told at once)",
        ),
        Eligibility => ("申请条件", "Who may apply"),
        Fee => ("收费", "Fee"),
        Free => ("免费", "Free of charge"),
        TimeLimit => ("承诺时限", "Promised time limit"),
        OnTheSpot => ("即来即办", "Handled on the spot"),
        Channels => ("办理方式", "How to apply"),
        Department => ("办理部门", "Handled by"),
        LegalBasis => ("办理依据", "Legal basis"),
        Where => ("可以在这些地方办理", "Where to apply"),
        AboutItem => ("事项说明", "About this service"),
        HereLabel => ("就在本服务点", "Right here"),
        OpenNow => ("正在办公", "Open now"),
        ClosedNow => ("现在休息", "Closed now"),
        ClosedTodayFor => ("今日休息：", "Closed today: "),
        Hours => ("办公时间", "Opening hours"),
        // Beside a weekday, in each language's own brackets.
        Today => ("（今天）", " (today)"),
        ClosedAllDay => ("休息", "Closed"),
        Phone => ("电话", "Phone"),
        Address => ("地址", "Address"),
        OfferedItems => ("可办理事项", "Services offered here"),
        NetworkError => (
            "连不上服务器：可能是网络信号不好，也可能是服务暂时中断。请稍后重试。",
            "Could not reach the server: the connection may be weak, or the service may be down for a moment. Please try again shortly.",
        ),
        BadAnswer => (
            "服务器的答复无法识别，请稍后再试。",
            "The server's answer could not be read. Please try again later.",
        ),
        Unauthorized => (
            "请先登录；如果已经登录过，可能已经超时，请重新登录。",
            "Please sign in. If you had signed in, it has expired: please sign in again.",
        ),
        Conflict => (
            "这条信息刚刚被改动过，请刷新后再试。",
            "This was changed by someone else just now. Please reload and try again.",
        ),
        NearestToMe => ("离我最近的", "Nearest to me"),
        Locating => (
            "正在确定您的位置…如果手机询问，请选“允许”。",
            "Finding where you are… If your phone asks, choose “Allow”.",
        ),
        SortedByDistance => (
            "已按离您的远近排列，正在办公的排在前面。",
            "Nearest first, open ones before closed ones.",
        ),
        LocationRefused => (
            "没有得到使用位置的许可，无法按远近排列。",
            "Your location was not shared, so the points cannot be put nearest first.",
        ),
        LocationUnavailable => (
            "手机现在无法确定位置（可能未打开定位）。",
            "Your phone cannot tell where it is right now (location may be switched off).",
        ),
        LocationTimedOut => (
            "确定位置用时太长，已停止。",
            "Finding your location took too long.",
        ),
        ChooseDistrictInstead => (
            "也可以选择您所在的区或街道/乡镇：",
            "Or choose your district, street or town:",
        ),
        Call => ("打电话", "Call"),
        MapAmap => ("高德地图导航", "Open in Amap"),
        MapBaidu => ("百度地图导航", "Open in Baidu Maps"),
        AddToList => ("加入办事清单", "Add to my list"),
        OnList => ("✓ 已在办事清单中", "✓ On my list"),
        MyList => ("办事清单", "My list"),
        ListEmpty => (
            "清单还是空的。在服务事项页面点“加入办事清单”，几件事的材料就能合在一张单子上。",
            "The list is empty. Touch “Add to my list” on a service's page to put the materials of several errands on one sheet.",
        ),
        ListItems => ("要办的事", "Errands"),
        RemoveFromList => ("移出清单", "Remove"),
        KeepList => ("保存到我的清单", "Keep on my list"),
        MergedMaterials => (
            "一共要带的材料（相同的材料只列一次）",
            "Everything to bring (each material once)",
        ),
        NeededFor => ("用于：", "For: "),
        WhereToGo => ("去哪里办", "Where to go"),
        PrintedOn => ("打印日期：", "Printed on "),
        ScanToOpen => ("用手机扫码查看", "Scan to open on your phone"),
        Print => ("打印材料清单", "Print what to bring"),
        TakeItWithYou => (
            "用手机扫一扫，把材料清单带走",
            "Scan with your phone to take the list with you",
        ),
        IdleTitle => ("还在使用吗？", "Still there?"),
        IdleBody => (
            "为保护您的信息，屏幕将回到首页。",
            "To protect your information, the screen will go back to the start.",
        ),
        IdleStay => ("继续使用", "Keep using"),
        NotFoundItem => ("没有找到这个服务事项", "This service was not found"),
        NotFoundPoint => ("没有找到这个服务点", "This service point was not found"),
        NotFoundCategory => ("没有这个服务类别", "There is no such category"),
        NotFoundPage => ("没有这个页面", "There is no such page"),
        NotFoundWhat => (
            "这个链接可能有误，或者它指向的内容已经调整、下线。",
            "The link may be mistyped, or what it pointed to has been changed or removed.",
        ),
        WaysOn => ("您可以：", "You can:"),
        GoHome => (
            "回到首页，按类别查找",
            "Go to the start screen and browse by category",
        ),
        BackToCategory => ("回到刚才看的类别", "Back to the category you were in"),
        Offline => (
            "网络不通：这台设备现在没有联网。请连上无线网或移动数据后重试。",
            "No connection: this device is offline. Connect to Wi-Fi or mobile data, then try again.",
        ),
        ServerError => (
            "服务器暂时出了问题，不是您的网络的问题。请稍后再试，或向窗口工作人员咨询。",
            "The server has a problem right now; it is not your connection. Please try again later, or ask at the window.",
        ),
        OnlyInChinese => (
            "部分信息暂时只有中文。",
            "Some details are only available in Chinese.",
        ),
        NoGoodMatch => ("没有找到相符的服务事项或服务点：", "No good match for "),
        TryOtherWords => (
            "换个说法试试，按类别查找，或向窗口工作人员咨询。",
            "Try other words, browse by category, or ask at the window.",
        ),
        OnlineLeaves => (
            "（打开政务服务网站，离开邻里）",
            " (opens the government service website, leaving Linli)",
        ),
        // A kiosk never leaves Linli: the page's QR code takes the item to the resident's
        // phone, where the online link works.
        OnlineOnPhone => (
            "（在手机上办理：扫描本页的二维码）",
            " (on your phone: scan this page's QR code)",
        ),
        MentionedInDescription => ("仅在说明中提到", "Only mentioned in its description"),
        // Chinese quotation marks are full width: English text gets its own.
        QuoteOpen => ("“", "\""),
        QuoteClose => ("”", "\""),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A message that follows the display language, for views: `{tr(Msg::Back)}`. Every message
/// is the same closure type, so the rendering code for it exists once in the wasm rather than
/// once per place a word is shown.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(lang(), msg)
}

pub fn error_text(lang: Lang, error: &ClientError) -> &'static str {
    match error {
        ClientError::Api(code) => error_code_text(lang, *code),
        ClientError::Unauthorized => t(lang, Msg::Unauthorized),
        ClientError::Conflict => t(lang, Msg::Conflict),
        ClientError::Network => t(lang, Msg::NetworkError),
        ClientError::Offline => t(lang, Msg::Offline),
        ClientError::Server => t(lang, Msg::ServerError),
        ClientError::BadAnswer => t(lang, Msg::BadAnswer),
    }
}

/// What the app says for an API error code: the shared catalogue's message, the same words the
/// server writes, so the two sides cannot disagree (a limit, a wording).
fn error_code_text(lang: Lang, code: ErrorCode) -> &'static str {
    code.message(lang)
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Zh { zh } else { en }
}

pub fn channel_name(lang: Lang, channel: Channel) -> &'static str {
    match channel {
        Channel::Window => pick(lang, "窗口办理", "At the window"),
        Channel::Online => pick(lang, "网上办理", "Online"),
        Channel::Appointment => pick(lang, "预约办理", "By appointment"),
        Channel::HomeVisit => pick(lang, "上门办理", "Home visit"),
        Channel::SelfService => pick(lang, "自助办理", "Self-service terminal"),
        Channel::Proxy => pick(lang, "委托代办", "Someone may apply for you"),
    }
}

/// What to bring of a material, as the directory means its form and count (`copies`: how many
/// copies or pieces): "1 original", "2 photocopies", "original and 1 photocopy", "1 form to
/// fill in"; 原件 1 份, 复印件 2 份, 原件及复印件各 1 份 (or 原件 1 份、复印件 2 份).
pub fn material_text(lang: Lang, form: MaterialForm, copies: u32) -> String {
    let n = copies;
    let one = n == 1;
    match (lang, form) {
        (Lang::Zh, MaterialForm::Original) => format!("原件 {n} 份"),
        (Lang::Zh, MaterialForm::Copy) => format!("复印件 {n} 份"),
        (Lang::Zh, MaterialForm::OriginalAndCopy) if one => "原件及复印件各 1 份".to_owned(),
        (Lang::Zh, MaterialForm::OriginalAndCopy) => format!("原件 1 份、复印件 {n} 份"),
        (Lang::Zh, MaterialForm::Form) => format!("申请表 {n} 份"),
        (Lang::Zh, MaterialForm::Electronic) if one => "可用电子证照".to_owned(),
        (Lang::Zh, MaterialForm::Electronic) => format!("{n} 份，可用电子证照"),
        (Lang::En, MaterialForm::Original) => {
            format!("{n} {}", pick_n(one, "original", "originals"))
        }
        (Lang::En, MaterialForm::Copy) => {
            format!("{n} {}", pick_n(one, "photocopy", "photocopies"))
        }
        (Lang::En, MaterialForm::OriginalAndCopy) => {
            format!(
                "original and {n} {}",
                pick_n(one, "photocopy", "photocopies")
            )
        }
        (Lang::En, MaterialForm::Form) => {
            format!("{n} {} to fill in", pick_n(one, "form", "forms"))
        }
        (Lang::En, MaterialForm::Electronic) if one => "electronic licence accepted".to_owned(),
        (Lang::En, MaterialForm::Electronic) => format!("{n}, electronic licence accepted"),
    }
}

/// When a closed point opens next, by the point's own today (`shared::domain::hours`):
/// "今天 13:00 开门", "明天 08:30 开门", "11月30日（周一）08:30 开门"; "Opens today at 13:00",
/// "Opens tomorrow at 08:30", "Opens Monday 30 November at 08:30".
pub fn opens_next_text(lang: Lang, next: OpensNext) -> String {
    match (lang, next) {
        (Lang::Zh, OpensNext::Today(time)) => format!("今天 {time} 开门"),
        (Lang::Zh, OpensNext::Tomorrow(time)) => format!("明天 {time} 开门"),
        (Lang::Zh, OpensNext::On(date, time)) => format!(
            "{}月{}日（{}）{time} 开门",
            date.month(),
            date.day(),
            weekday_short(lang, Weekday::of(date))
        ),
        (Lang::En, OpensNext::Today(time)) => format!("Opens today at {time}"),
        (Lang::En, OpensNext::Tomorrow(time)) => format!("Opens tomorrow at {time}"),
        (Lang::En, OpensNext::On(date, time)) => format!(
            "Opens {} {} {} at {time}",
            weekday_name(lang, Weekday::of(date)),
            date.day(),
            MONTHS[date.month0() as usize]
        ),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn point_kind(lang: Lang, kind: PointKind) -> &'static str {
    match kind {
        PointKind::StreetCenter => pick(lang, "街道社区服务中心", "Street service centre"),
        PointKind::TownCenter => pick(lang, "乡镇社区服务中心", "Town service centre"),
        PointKind::CommunityStation => pick(lang, "社区服务站", "Community station"),
        PointKind::VillageStation => pick(lang, "村服务站", "Village station"),
    }
}

pub fn weekday_name(lang: Lang, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => pick(lang, "星期一", "Monday"),
        Weekday::Tue => pick(lang, "星期二", "Tuesday"),
        Weekday::Wed => pick(lang, "星期三", "Wednesday"),
        Weekday::Thu => pick(lang, "星期四", "Thursday"),
        Weekday::Fri => pick(lang, "星期五", "Friday"),
        Weekday::Sat => pick(lang, "星期六", "Saturday"),
        Weekday::Sun => pick(lang, "星期日", "Sunday"),
    }
}

/// A directory text in the display language: its English version in English when it has one,
/// else the Chinese (the page then says once that some details are only in Chinese).
pub fn text_in<'a>(lang: Lang, zh: &'a str, en: Option<&'a str>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) if !en.is_empty() => en,
        _ => zh,
    }
}

/// The `lang` of a text shown while the display language is `lang`: in English, Chinese text (a
/// directory text without its English, a Chinese alias that matched) is marked `zh-CN`, so that
/// a screen reader reads it with a Chinese voice; otherwise nothing (the page's own language).
pub fn zh_mark(lang: Lang, shown: &str) -> Option<&'static str> {
    let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    (lang == Lang::En && shown.chars().any(han)).then_some("zh-CN")
}

/// A number with what it counts, in the display language's grammar: "1 copy", "2 copies",
/// "1 份".
pub fn count_text(lang: Lang, what: Counted, n: u32) -> String {
    format!("{n} {}", count_word(lang, what, n))
}

/// The words after a number `n` of `what`: English ones agree with the number ("copy",
/// "copies"); Chinese has one form.
pub fn count_word(lang: Lang, what: Counted, n: u32) -> &'static str {
    let one = n == 1;
    match (what, lang) {
        (Counted::Copies, Lang::Zh) => "份",
        (Counted::Copies, Lang::En) => pick_n(one, "copy", "copies"),
        (Counted::WorkingDays, Lang::Zh) => "个工作日",
        (Counted::WorkingDays, Lang::En) => pick_n(one, "working day", "working days"),
        (Counted::MorePoints, Lang::Zh) => "个服务点也可办理",
        (Counted::MorePoints, Lang::En) => pick_n(
            one,
            "more service point offers it",
            "more service points offer it",
        ),
        (Counted::Seconds, Lang::Zh) => "秒",
        (Counted::Seconds, Lang::En) => pick_n(one, "second", "seconds"),
        (Counted::Services, Lang::Zh) => "项",
        (Counted::Services, Lang::En) => pick_n(one, "service", "services"),
    }
}

fn pick_n(one: bool, singular: &'static str, plural: &'static str) -> &'static str {
    if one { singular } else { plural }
}

/// A weekday in a few letters, for the printout's hours: 周一 / Mon.
pub fn weekday_short(lang: Lang, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => pick(lang, "周一", "Mon"),
        Weekday::Tue => pick(lang, "周二", "Tue"),
        Weekday::Wed => pick(lang, "周三", "Wed"),
        Weekday::Thu => pick(lang, "周四", "Thu"),
        Weekday::Fri => pick(lang, "周五", "Fri"),
        Weekday::Sat => pick(lang, "周六", "Sat"),
        Weekday::Sun => pick(lang, "周日", "Sun"),
    }
}

/// How far a point is: from the resident ("距您 850 米", "850 m away") or, on a kiosk, from
/// the kiosk's own point ("距本服务点 1.2 公里", "1.2 km from here").
pub fn distance_text(lang: Lang, metres: u32, from_kiosk: bool) -> String {
    let distance = format_distance(lang, metres);
    match (lang, from_kiosk) {
        (Lang::Zh, false) => format!("距您 {distance}"),
        (Lang::Zh, true) => format!("距本服务点 {distance}"),
        (Lang::En, false) => format!("{distance} away"),
        (Lang::En, true) => format!("{distance} from here"),
    }
}

/// The button that lists every point of an item: "显示全部 12 个服务点", "Show all 12 service
/// points".
pub fn show_all_text(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("显示全部 {n} 个服务点"),
        Lang::En => format!("Show all {n} service points"),
    }
}

/// A name in the display language, from a record's Chinese and English names.
pub fn name_in<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh || en.is_empty() {
        zh
    } else {
        en
    }
}

/// A fee in fen as yuan text: 1500 → "15.00 元".
pub fn fee_text(lang: Lang, amount_fen: u64) -> String {
    if amount_fen == 0 {
        return t(lang, Msg::Free).to_owned();
    }
    let yuan = format!("{}.{:02}", amount_fen / 100, amount_fen % 100);
    match lang {
        Lang::Zh => format!("{yuan} 元"),
        Lang::En => format!("¥{yuan}"),
    }
}

/// "20 个工作日" / "20 working days" / "即来即办".
pub fn time_limit_text(lang: Lang, days: u32) -> String {
    if days == 0 {
        t(lang, Msg::OnTheSpot).to_owned()
    } else {
        count_text(lang, Counted::WorkingDays, days)
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
    fn time_limits_read_naturally() {
        assert_eq!(time_limit_text(Lang::Zh, 0), "即来即办");
        assert_eq!(time_limit_text(Lang::En, 20), "20 working days");
    }

    #[test]
    fn every_client_error_has_words_in_both_languages() {
        for error in [
            ClientError::Api(ErrorCode::ItemNotFound),
            ClientError::Unauthorized,
            ClientError::Conflict,
            ClientError::Network,
            ClientError::Offline,
            ClientError::Server,
            ClientError::BadAnswer,
        ] {
            let (zh, en) = (error_text(Lang::Zh, &error), error_text(Lang::En, &error));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{error:?}");
        }
        // Offline, unreachable and a failing server are three different things to do.
        let words = [
            ClientError::Offline,
            ClientError::Network,
            ClientError::Server,
        ]
        .map(|e| error_text(Lang::En, &e));
        assert!(words[0].contains("offline") && !words[1].contains("offline"));
        assert!(words[2].contains("not your connection"));
        assert_eq!(
            error_text(Lang::En, &ClientError::Conflict),
            "This was changed by someone else just now. Please reload and try again."
        );
    }

    #[test]
    fn counts_agree_with_their_number_in_both_languages() {
        assert_eq!(show_all_text(Lang::En, 12), "Show all 12 service points");
        assert_eq!(show_all_text(Lang::Zh, 12), "显示全部 12 个服务点");
        assert_eq!(count_text(Lang::En, Counted::Copies, 1), "1 copy");
        assert_eq!(count_text(Lang::En, Counted::Copies, 2), "2 copies");
        assert_eq!(count_text(Lang::En, Counted::Copies, 0), "0 copies");
        assert_eq!(count_text(Lang::Zh, Counted::Copies, 1), "1 份");
        assert_eq!(time_limit_text(Lang::En, 1), "1 working day");
        assert_eq!(time_limit_text(Lang::Zh, 1), "1 个工作日");
        assert_eq!(
            count_text(Lang::En, Counted::MorePoints, 1),
            "1 more service point offers it"
        );
        assert_eq!(
            count_text(Lang::En, Counted::MorePoints, 3),
            "3 more service points offer it"
        );
        assert_eq!(count_text(Lang::En, Counted::Seconds, 1), "1 second");
        assert_eq!(count_text(Lang::Zh, Counted::Seconds, 30), "30 秒");
        assert_eq!(
            count_text(Lang::Zh, Counted::MorePoints, 3),
            "3 个服务点也可办理"
        );
    }

    #[test]
    fn directory_texts_are_english_only_when_translated() {
        assert_eq!(
            text_in(Lang::En, "区民政局", Some("Civil Affairs")),
            "Civil Affairs"
        );
        assert_eq!(text_in(Lang::En, "区民政局", None), "区民政局");
        assert_eq!(
            text_in(Lang::Zh, "区民政局", Some("Civil Affairs")),
            "区民政局"
        );
    }

    #[test]
    fn materials_say_what_to_bring_as_the_data_means_it() {
        use MaterialForm::*;
        let en = |form, n| material_text(Lang::En, form, n);
        let zh = |form, n| material_text(Lang::Zh, form, n);
        assert_eq!(en(Original, 1), "1 original");
        assert_eq!(en(Original, 2), "2 originals");
        assert_eq!(en(Copy, 1), "1 photocopy");
        assert_eq!(en(Copy, 2), "2 photocopies");
        assert_eq!(en(OriginalAndCopy, 1), "original and 1 photocopy");
        assert_eq!(en(OriginalAndCopy, 3), "original and 3 photocopies");
        assert_eq!(en(Form, 1), "1 form to fill in");
        assert_eq!(en(Electronic, 1), "electronic licence accepted");
        assert_eq!(zh(Original, 2), "原件 2 份");
        assert_eq!(zh(Copy, 1), "复印件 1 份");
        assert_eq!(zh(OriginalAndCopy, 1), "原件及复印件各 1 份");
        assert_eq!(zh(OriginalAndCopy, 2), "原件 1 份、复印件 2 份");
        assert_eq!(zh(Form, 1), "申请表 1 份");
        assert_eq!(zh(Electronic, 1), "可用电子证照");
        for form in [Original, Copy, OriginalAndCopy, Form, Electronic] {
            for n in 1..=3 {
                let text = en(form, n);
                assert!(!text.contains('×') && !text.contains("1 copies"), "{text}");
            }
        }
    }

    #[test]
    fn the_next_opening_says_today_or_tomorrow() {
        use chrono::NaiveDate;
        use linli_shared::domain::hours::ClockTime;
        let at = |h, m| ClockTime::from_hm(h, m).unwrap();
        assert_eq!(
            opens_next_text(Lang::Zh, OpensNext::Today(at(8, 30))),
            "今天 08:30 开门"
        );
        assert_eq!(
            opens_next_text(Lang::En, OpensNext::Today(at(13, 0))),
            "Opens today at 13:00"
        );
        assert_eq!(
            opens_next_text(Lang::Zh, OpensNext::Tomorrow(at(8, 30))),
            "明天 08:30 开门"
        );
        assert_eq!(
            opens_next_text(Lang::En, OpensNext::Tomorrow(at(8, 30))),
            "Opens tomorrow at 08:30"
        );
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            opens_next_text(Lang::Zh, OpensNext::On(monday, at(8, 30))),
            "11月30日（周一）08:30 开门"
        );
        assert_eq!(
            opens_next_text(Lang::En, OpensNext::On(monday, at(8, 30))),
            "Opens Monday 30 November at 08:30"
        );
    }

    #[test]
    fn chinese_text_in_english_is_marked_as_chinese() {
        assert_eq!(zh_mark(Lang::En, "社区综合文化服务中心"), Some("zh-CN"));
        assert_eq!(zh_mark(Lang::En, "Room 3, 西营门"), Some("zh-CN"));
        assert_eq!(zh_mark(Lang::En, "Civil Affairs Bureau"), None);
        assert_eq!(
            zh_mark(Lang::Zh, "区民政局"),
            None,
            "Chinese in Chinese is the page's own"
        );
    }

    #[test]
    fn distances_say_from_where() {
        assert_eq!(distance_text(Lang::Zh, 1_234, false), "距您 1.2 公里");
        assert_eq!(distance_text(Lang::En, 850, true), "850 m from here");
    }

    #[test]
    fn english_names_fall_back_to_chinese() {
        assert_eq!(name_in(Lang::En, "低保", ""), "低保");
        assert_eq!(name_in(Lang::En, "低保", "Dibao"), "Dibao");
    }
}
