//! A booking as an iCalendar file (RFC 5545), for "add to calendar".
//!
//! One `VEVENT` in the point's time zone (`Asia/Shanghai`, described by its own `VTIMEZONE`
//! so calendars without a zone database read it too), its location the point's name and
//! address, its description the booking code, who comes and every material to bring, and a
//! `VALARM` at 19:00 the evening before. Lines end in CRLF and are folded at 75 octets without
//! cutting a UTF-8 character (RFC 5545 §3.1); text values are escaped (§3.3.11).

use chrono::{Days, NaiveDateTime, NaiveTime, TimeDelta};

use crate::api::appointments::{Booking, BookingStatus};
use crate::directory::{Material, MaterialForm};
use crate::error::Lang;

/// The time zone of every point (China has one).
pub const TZID: &str = "Asia/Shanghai";
/// China Standard Time is UTC+8 all year (no daylight saving since 1991).
const UTC_OFFSET_HOURS: i64 = 8;
/// When the reminder rings: this time, local, the day before the appointment.
const ALARM_EVENING: NaiveTime = NaiveTime::from_hms_opt(19, 0, 0).expect("a valid time");
/// The longest line in octets, CRLF not counted.
const MAX_OCTETS: usize = 75;
/// The domain part of every UID, so UIDs stay unique among other calendars' events.
const UID_DOMAIN: &str = "linli.community";

/// The `.ics` text of a booking, in `lang`. `stamp` is when the file is made (local time).
pub fn booking_calendar(booking: &Booking, lang: Lang, stamp: NaiveDateTime) -> String {
    let point = match lang {
        Lang::Zh => booking.point.name.as_str(),
        Lang::En => booking
            .point
            .name_en
            .as_deref()
            .unwrap_or(&booking.point.name),
    };
    let address = match lang {
        Lang::Zh => booking.point.address.as_str(),
        Lang::En => booking
            .point
            .address_en
            .as_deref()
            .unwrap_or(&booking.point.address),
    };
    let item = match lang {
        Lang::Zh => booking.item.name.as_str(),
        Lang::En => booking.item.name_en.as_str(),
    };
    let summary = match lang {
        Lang::Zh => format!("预约办理：{item}（{point}）"),
        Lang::En => format!("Appointment: {item} ({point})"),
    };
    let location = if address.is_empty() {
        point.to_owned()
    } else {
        match lang {
            Lang::Zh => format!("{point}，{address}"),
            Lang::En => format!("{point}, {address}"),
        }
    };
    let alarm_text = match lang {
        Lang::Zh => format!("明天预约办理：{item}，预约码 {}", booking.code),
        Lang::En => format!("Tomorrow: {item}, booking code {}", booking.code),
    };
    let alarm_at = booking.starts_at.date() - Days::new(1);
    let status = match booking.status {
        BookingStatus::Active => "CONFIRMED",
        BookingStatus::Cancelled => "CANCELLED",
    };

    let lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Linli//Appointments//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VTIMEZONE".into(),
        format!("TZID:{TZID}"),
        "BEGIN:STANDARD".into(),
        "DTSTART:19700101T000000".into(),
        "TZOFFSETFROM:+0800".into(),
        "TZOFFSETTO:+0800".into(),
        "TZNAME:CST".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@{UID_DOMAIN}", booking.code),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("DTSTART;TZID={TZID}:{}", local(booking.starts_at)),
        format!("DTEND;TZID={TZID}:{}", local(booking.ends_at)),
        format!("SUMMARY:{}", escape(&summary)),
        format!("LOCATION:{}", escape(&location)),
        format!("DESCRIPTION:{}", escape(&description(booking, lang))),
        format!("STATUS:{status}"),
        "TRANSP:OPAQUE".into(),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape(&alarm_text)),
        format!(
            "TRIGGER;VALUE=DATE-TIME:{}",
            utc(alarm_at.and_time(ALARM_EVENING))
        ),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    out
}

/// The event's description: the code, who comes (and for whom it was booked), what to bring.
fn description(booking: &Booking, lang: Lang) -> String {
    let relation = booking.proxy.as_ref().and_then(|p| p.relation.as_deref());
    let person = match (lang, relation) {
        (_, None) => booking.name.clone(),
        (Lang::Zh, Some(r)) => format!("{}（{r}）", booking.name),
        (Lang::En, Some(r)) => format!("{} ({r})", booking.name),
    };
    let mut text = match lang {
        Lang::Zh => format!("预约码：{}\n办理人：{person}", booking.code),
        Lang::En => format!("Booking code: {}\nFor: {person}", booking.code),
    };
    if let Some(proxy) = &booking.proxy {
        let line = match lang {
            Lang::Zh => format!("\n代办人手机：{}", proxy.booker_phone),
            Lang::En => format!("\nBooked by: {}", proxy.booker_phone),
        };
        text.push_str(&line);
    }
    if !booking.materials.is_empty() {
        text.push_str(match lang {
            Lang::Zh => "\n请带齐以下材料：",
            Lang::En => "\nPlease bring:",
        });
        for m in &booking.materials {
            text.push_str("\n- ");
            text.push_str(&material_line(m, lang));
        }
    }
    if !booking.point.phone.is_empty() {
        let line = match lang {
            Lang::Zh => format!("\n咨询电话：{}", booking.point.phone),
            Lang::En => format!("\nPhone: {}", booking.point.phone),
        };
        text.push_str(&line);
    }
    text
}

fn material_line(m: &Material, lang: Lang) -> String {
    let (name, notes) = match lang {
        Lang::Zh => (m.name.as_str(), m.notes.as_str()),
        Lang::En => (
            m.name_en.as_deref().unwrap_or(&m.name),
            m.notes_en.as_deref().unwrap_or(&m.notes),
        ),
    };
    let form = match (lang, m.form) {
        (Lang::Zh, MaterialForm::Original) => "原件",
        (Lang::Zh, MaterialForm::Copy) => "复印件",
        (Lang::Zh, MaterialForm::OriginalAndCopy) => "原件及复印件",
        (Lang::Zh, MaterialForm::Form) => "表格",
        (Lang::Zh, MaterialForm::Electronic) => "可用电子证照",
        (Lang::En, MaterialForm::Original) => "original",
        (Lang::En, MaterialForm::Copy) => "photocopy",
        (Lang::En, MaterialForm::OriginalAndCopy) => "original and photocopy",
        (Lang::En, MaterialForm::Form) => "form",
        (Lang::En, MaterialForm::Electronic) => "electronic licence accepted",
    };
    let mut line = match lang {
        Lang::Zh => format!("{name}（{form}，{} 份）", m.copies),
        Lang::En => format!("{name} ({form}, {})", m.copies),
    };
    if !notes.is_empty() {
        line.push_str(match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        });
        line.push_str(notes);
    }
    line
}

/// A local (China) time as a floating DATE-TIME, read with `TZID`.
fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// A local (China) time as a UTC DATE-TIME (DTSTAMP and absolute triggers must be UTC).
fn utc(at: NaiveDateTime) -> String {
    format!(
        "{}Z",
        (at - TimeDelta::hours(UTC_OFFSET_HOURS)).format("%Y%m%dT%H%M%S")
    )
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded to lines of at most 75 octets (a continuation starts with one space,
/// which counts), each ending in CRLF, never cutting a character.
fn fold_into(out: &mut String, line: &str) {
    let mut room = MAX_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > room {
            out.push_str("\r\n ");
            room = MAX_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::appointments::{BookingItem, BookingPoint, Proxy};
    use crate::ids::{ItemId, PointId};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn booking() -> Booking {
        Booking {
            code: "K7M4PX".into(),
            status: BookingStatus::Active,
            starts_at: at("2026-11-25 09:30"),
            ends_at: at("2026-11-25 09:45"),
            name: "张三".into(),
            proxy: None,
            point: BookingPoint {
                id: PointId::parse("xiyingmen-center").unwrap(),
                name: "西营门街道社区服务中心".into(),
                name_en: Some("Xiyingmen Subdistrict Community Service Center".into()),
                address: "天津市河北区西营门大街 1 号; 一楼大厅".into(),
                address_en: None,
                phone: "022-1234 5678".into(),
            },
            item: BookingItem {
                id: ItemId::parse("id-card").unwrap(),
                name: "居民身份证换领".into(),
                name_en: "ID card renewal".into(),
            },
            materials: vec![Material {
                name: "居民户口簿".into(),
                form: MaterialForm::Original,
                copies: 1,
                notes: "本人页, 首页".into(),
                name_en: Some("Household register".into()),
                notes_en: None,
            }],
            created_at: at("2026-11-24 10:00"),
        }
    }

    /// Lines unfolded (a CRLF followed by a space joins), as a reader sees them.
    fn unfolded(text: &str) -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn an_event_in_china_time_with_its_zone_and_an_alarm_the_evening_before() {
        let ics = booking_calendar(&booking(), Lang::Zh, at("2026-11-24 10:00"));
        let lines = unfolded(&ics);
        let has = |l: &str| lines.iter().any(|x| x == l);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines[lines.len() - 2], "END:VCALENDAR");
        assert_eq!(lines.last().unwrap(), "", "the file ends with CRLF");
        assert!(has("UID:K7M4PX@linli.community"));
        assert!(
            has("DTSTAMP:20261124T020000Z"),
            "10:00 in China is 02:00 UTC"
        );
        assert!(has("DTSTART;TZID=Asia/Shanghai:20261125T093000"));
        assert!(has("DTEND;TZID=Asia/Shanghai:20261125T094500"));
        assert!(has("TZID:Asia/Shanghai"));
        assert!(has("TZOFFSETTO:+0800"));
        assert!(
            has("TRIGGER;VALUE=DATE-TIME:20261124T110000Z"),
            "19:00 the day before"
        );
        assert!(has("STATUS:CONFIRMED"));
        assert!(has(
            "SUMMARY:预约办理：居民身份证换领（西营门街道社区服务中心）"
        ));
        assert!(
            has("LOCATION:西营门街道社区服务中心，天津市河北区西营门大街 1 号\\; 一楼大厅"),
            "the address, its semicolon escaped"
        );
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:预约码"))
            .unwrap();
        assert!(description.contains("预约码：K7M4PX\\n办理人：张三"));
        assert!(description.contains("居民户口簿（原件，1 份）：本人页\\, 首页"));
        assert!(description.contains("咨询电话：022-1234 5678"));
        // Every begun component ends, in order.
        let begins = lines.iter().filter(|l| l.starts_with("BEGIN:")).count();
        let ends = lines.iter().filter(|l| l.starts_with("END:")).count();
        assert_eq!(begins, ends);
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_between_characters() {
        let ics = booking_calendar(&booking(), Lang::Zh, at("2026-11-24 10:00"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        for raw in ics.split("\r\n") {
            assert!(raw.len() <= 75, "{raw:?} is {} octets", raw.len());
        }
        assert!(
            ics.contains("\r\n "),
            "the long Chinese description is folded"
        );
        // Folding cut no character: every piece is valid UTF-8 on its own (a &str).
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("西营门街道社区服务中心"));
    }

    #[test]
    fn fold_counts_the_continuation_space() {
        let mut out = String::new();
        fold_into(&mut out, &"a".repeat(75 + 74 + 1));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(
            lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [75, 75, 2]
        );
        let mut out = String::new();
        fold_into(&mut out, &"中".repeat(30));
        let first = out.split("\r\n").next().unwrap();
        assert_eq!(first.len(), 75, "25 characters of 3 octets");
    }

    #[test]
    fn english_a_proxy_and_a_cancelled_booking() {
        let mut b = booking();
        b.status = BookingStatus::Cancelled;
        b.name = "李四".into();
        b.proxy = Some(Proxy {
            booker_phone: "138****5678".into(),
            relation: Some("daughter".into()),
        });
        let ics = booking_calendar(&b, Lang::En, at("2026-11-24 10:00"));
        let lines = unfolded(&ics);
        assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
        assert!(lines.contains(
            &"SUMMARY:Appointment: ID card renewal (Xiyingmen Subdistrict Community Service Center)"
                .to_owned()
        ));
        let d = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:Booking code"))
            .unwrap();
        assert!(d.contains("For: 李四 (daughter)\\nBooked by: 138****5678"));
        assert!(d.contains("Household register (original\\, 1)"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\ne\r"), "a\\\\b\\;c\\,d\\ne");
    }
}
