//! The booking screens' words, in Chinese and English: a part of the catalogue of its own, so
//! that it travels in the booking pages' lazy code and not in the first load. Views name a
//! [`B`]; a missing translation does not compile.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use linli_shared::domain::hours::Weekday;
use linli_shared::domain::schedule::ClosedReason;
use linli_shared::error::Lang;

use super::{text_in, weekday_short};
use crate::session::lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum B {
    Book,
    BookTitle,
    MyBookings,
    ChoosePoint,
    ChooseDay,
    ChooseTime,
    NoDays,
    DayFull,
    SlotFull,
    SlotTooLate,
    SeatsLeft,
    YourPhone,
    PhoneHint,
    GetCode,
    CodeSentTo,
    EnterCode,
    Confirm,
    WhoComes,
    NameLabel,
    ForSomeoneElse,
    ForSomeoneElseHint,
    Relation,
    RelationHint,
    CheckAndConfirm,
    ConfirmBooking,
    Change,
    Booked,
    BookingCode,
    ShowCode,
    AddToCalendar,
    Cancel,
    CancelConfirm,
    KeepBooking,
    Cancelled,
    Reschedule,
    RescheduleTo,
    Moved,
    When,
    WherePlace,
    What,
    Person,
    BookedBy,
    NoBookings,
    NotMe,
    NextFree,
    PhoneNotValid,
    CodeNotValid,
    Resend,
    Step,
    Of,
    Active,
    CancelledStatus,
    Open,
    NotBookableHere,
    Next,
    NameMissing,
    Sending,
}

pub fn bt(lang: Lang, msg: B) -> &'static str {
    use B::*;
    let (zh, en) = match msg {
        Book => ("预约办理", "Book"),
        BookTitle => ("预约", "Book an appointment"),
        MyBookings => ("我的预约", "My bookings"),
        ChoosePoint => ("选择服务点", "Choose a service point"),
        ChooseDay => ("选择日期", "Choose a day"),
        ChooseTime => ("选择时段", "Choose a time"),
        NoDays => (
            "近期没有可预约的日期，请直接到窗口办理或稍后再看。",
            "No days can be booked soon. Please go to a window or look again later.",
        ),
        DayFull => ("已约满", "Fully booked"),
        SlotFull => ("约满", "Full"),
        SlotTooLate => ("已截止", "Too late"),
        SeatsLeft => ("剩余", "left"),
        YourPhone => ("您的手机号码", "Your mobile number"),
        PhoneHint => (
            "我们会发送 6 位验证码到这个号码，用来查看和取消预约。",
            "We send a 6-digit code to this number; it lets you see and cancel the booking.",
        ),
        GetCode => ("获取验证码", "Send me a code"),
        CodeSentTo => ("验证码已发送到", "A code was sent to"),
        EnterCode => ("短信验证码", "Code from the text message"),
        Confirm => ("确定", "OK"),
        WhoComes => ("谁来办理", "Who is coming"),
        NameLabel => ("办理人姓名", "Name of the person coming"),
        ForSomeoneElse => ("替别人预约（委托代办）", "Booking for someone else"),
        ForSomeoneElseHint => (
            "请填写来办理的人的姓名；预约记在您的手机号下。",
            "Give the name of the person coming; the booking stays under your number.",
        ),
        Relation => (
            "与您的关系（可不填）",
            "How they are related to you (optional)",
        ),
        RelationHint => ("如：母亲、邻居", "e.g. mother, neighbour"),
        CheckAndConfirm => ("请核对预约信息", "Please check the booking"),
        ConfirmBooking => ("确认预约", "Confirm the booking"),
        Change => ("修改", "Change"),
        Booked => ("预约成功", "Booked"),
        BookingCode => ("预约码", "Booking code"),
        ShowCode => (
            "到服务点后在自助机输入预约码或出示二维码签到。",
            "At the service point, type this code at the kiosk or show the QR code to check in.",
        ),
        AddToCalendar => ("添加到日历", "Add to calendar"),
        Cancel => ("取消预约", "Cancel the booking"),
        CancelConfirm => ("确定要取消这个预约吗？", "Cancel this booking?"),
        KeepBooking => ("不取消", "Keep it"),
        Cancelled => ("预约已取消", "The booking is cancelled"),
        Reschedule => ("改约", "Change the time"),
        RescheduleTo => ("改到这个时段", "Move to this time"),
        Moved => ("已改约", "The time is changed"),
        When => ("时间", "When"),
        WherePlace => ("地点", "Where"),
        What => ("事项", "Service"),
        Person => ("办理人", "Person coming"),
        BookedBy => ("代办人", "Booked by"),
        NoBookings => ("这个号码还没有预约。", "This number has no bookings."),
        NotMe => ("换一个号码", "Use another number"),
        NextFree => ("最近还有空位的时段：", "The next times with a seat:"),
        PhoneNotValid => (
            "请输入 11 位手机号码。",
            "Please enter an 11-digit mobile number.",
        ),
        CodeNotValid => ("请输入 6 位数字验证码。", "Please enter the 6-digit code."),
        Resend => ("重新获取", "Send another code"),
        Step => ("第", "Step"),
        Of => ("步，共", "of"),
        Active => ("有效", "Booked"),
        CancelledStatus => ("已取消", "Cancelled"),
        Open => ("查看", "Open"),
        Next => ("下一步", "Next"),
        NameMissing => (
            "请填写来办理的人的姓名（不超过 50 个字）。",
            "Please give the name of the person coming (at most 50 characters).",
        ),
        Sending => ("请稍候……", "Please wait…"),
        NotBookableHere => (
            "这个事项暂时不能在网上预约，请直接到窗口办理。",
            "This service cannot be booked online yet. Please go to a window.",
        ),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// A booking message that follows the display language, for views.
pub fn btr(msg: B) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || bt(lang(), msg)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day as a button says it: "11月25日 周三", "Wed 25 Nov".
pub fn day_text(lang: Lang, date: NaiveDate) -> String {
    let day = weekday_short(lang, Weekday::of(date));
    match lang {
        Lang::Zh => format!("{}月{}日 {day}", date.month(), date.day()),
        Lang::En => format!("{day} {} {}", date.day(), MONTHS[date.month0() as usize]),
    }
}

/// A slot: "09:30–09:45".
pub fn slot_text(starts: NaiveDateTime, ends: NaiveDateTime) -> String {
    format!("{}–{}", starts.format("%H:%M"), ends.format("%H:%M"))
}

/// When a booking is: "11月25日 周三 09:30–09:45".
pub fn when_text(lang: Lang, starts: NaiveDateTime, ends: NaiveDateTime) -> String {
    format!(
        "{} {}",
        day_text(lang, starts.date()),
        slot_text(starts, ends)
    )
}

/// "剩余 2 个", "2 left".
pub fn seats_left_text(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("剩余 {n} 个"),
        Lang::En => format!("{n} left"),
    }
}

/// Why a day cannot be booked, in words.
pub fn closed_text(lang: Lang, reason: &ClosedReason) -> String {
    let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh } else { en }.to_owned();
    match reason {
        ClosedReason::Past => pick("已过", "Past"),
        ClosedReason::BeyondHorizon => pick("尚未开放预约", "Not open for booking yet"),
        ClosedReason::Holiday { name, name_en } => match lang {
            Lang::Zh => format!("{name}放假"),
            Lang::En => format!("Holiday: {}", text_in(lang, name, name_en.as_deref())),
        },
        ClosedReason::Closure { reason, reason_en } => match lang {
            Lang::Zh => format!("暂停办公：{reason}"),
            Lang::En => format!("Closed: {}", text_in(lang, reason, reason_en.as_deref())),
        },
        ClosedReason::Cancelled { reason, reason_en } => match lang {
            Lang::Zh => format!("当天不办理：{reason}"),
            Lang::En => format!(
                "No appointments: {}",
                text_in(lang, reason, reason_en.as_deref())
            ),
        },
        ClosedReason::NoSessions => pick("当天不办理预约", "No appointments that day"),
    }
}

/// A name with the relation after it: "李秀英（母亲）", "Li Xiuying (mother)".
pub fn with_relation(lang: Lang, name: &str, relation: Option<&str>) -> String {
    match (lang, relation) {
        (_, None) => name.to_owned(),
        (Lang::Zh, Some(r)) => format!("{name}（{r}）"),
        (Lang::En, Some(r)) => format!("{name} ({r})"),
    }
}

/// "第 2 步，共 5 步", "Step 2 of 5".
pub fn step_text(lang: Lang, n: u32, of: u32) -> String {
    match lang {
        Lang::Zh => format!("第 {n} 步，共 {of} 步"),
        Lang::En => format!("Step {n} of {of}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_and_slots_read_naturally_in_both_languages() {
        assert_eq!(day_text(Lang::Zh, d("2026-11-25")), "11月25日 周三");
        assert_eq!(day_text(Lang::En, d("2026-11-25")), "Wed 25 Nov");
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            when_text(Lang::En, at("2026-11-25 09:30"), at("2026-11-25 09:45")),
            "Wed 25 Nov 09:30–09:45"
        );
        assert_eq!(seats_left_text(Lang::Zh, 2), "剩余 2 个");
        assert_eq!(step_text(Lang::En, 2, 5), "Step 2 of 5");
    }

    #[test]
    fn a_closed_day_says_why() {
        let holiday = ClosedReason::Holiday {
            name: "元旦".into(),
            name_en: Some("New Year's Day".into()),
        };
        assert_eq!(closed_text(Lang::Zh, &holiday), "元旦放假");
        assert_eq!(closed_text(Lang::En, &holiday), "Holiday: New Year's Day");
        assert_eq!(
            closed_text(Lang::En, &ClosedReason::NoSessions),
            "No appointments that day"
        );
    }

    #[test]
    fn every_booking_message_has_both_languages() {
        use B::*;
        for m in [
            Book,
            MyBookings,
            SlotFull,
            ForSomeoneElse,
            AddToCalendar,
            NextFree,
        ] {
            assert!(!bt(Lang::Zh, m).is_empty() && bt(Lang::Zh, m) != bt(Lang::En, m));
        }
    }
}
