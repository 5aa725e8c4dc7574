//! Residents who prove their phone number: the number itself, the one-time code's rules, the
//! rate limits on asking for codes, and the booking code residents read out at the kiosk.

use std::fmt;

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// A mainland China mobile number: 11 digits starting with 1 and 3-9, kept as those digits.
/// Spaces, hyphens and a leading `+86` / `0086` are accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(text: &str) -> Option<Phone> {
        let digits: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .unwrap_or(&digits);
        let b = digits.as_bytes();
        (b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]))
        .then(|| Phone(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****5678: for logs and staff screens that need not show the whole number.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Phone::parse(&text).ok_or_else(|| serde::de::Error::custom("not a mainland mobile number"))
    }
}

/// How long a code is good for.
pub const CODE_LIFETIME: TimeDelta = TimeDelta::minutes(5);
/// Wrong codes allowed before the code is spent.
pub const CODE_TRIES: u32 = 5;
/// How long a resident's token lasts.
pub const TOKEN_LIFETIME: TimeDelta = TimeDelta::days(7);

/// Limits on asking for codes: per number, per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeLimits {
    /// Least time between two codes for one number.
    pub per_number_gap: TimeDelta,
    /// Most codes for one number in `window`.
    pub per_number: u32,
    /// Most codes asked from one client address in `window` (a kiosk asks for many residents).
    pub per_client: u32,
    pub window: TimeDelta,
}

impl Default for CodeLimits {
    fn default() -> Self {
        CodeLimits {
            per_number_gap: TimeDelta::seconds(60),
            per_number: 5,
            per_client: 30,
            window: TimeDelta::hours(1),
        }
    }
}

/// Why a code request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Too soon or too many for this number.
    Number,
    /// Too many from this address.
    Client,
}

/// Whether a new code may be sent, given the times of the earlier requests (within the window
/// or older; older ones are ignored) for the number and for the client address.
pub fn may_send_code(
    limits: &CodeLimits,
    now: NaiveDateTime,
    number_requests: &[NaiveDateTime],
    client_requests: &[NaiveDateTime],
) -> Result<(), CodeRefusal> {
    let since = now - limits.window;
    let recent = |times: &[NaiveDateTime]| times.iter().filter(|t| **t > since).count() as u32;
    if number_requests
        .iter()
        .any(|t| *t > now - limits.per_number_gap)
        || recent(number_requests) >= limits.per_number
    {
        return Err(CodeRefusal::Number);
    }
    if recent(client_requests) >= limits.per_client {
        return Err(CodeRefusal::Client);
    }
    Ok(())
}

/// A code from random bytes: six digits, leading zeros kept.
pub fn code_from_random(random: u32) -> String {
    format!("{:06}", random % 1_000_000)
}

/// Whether a typed code has the code's shape (six digits, spaces ignored).
pub fn normalize_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// What a verification attempt meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong; this many tries are left.
    Wrong {
        tries_left: u32,
    },
    /// No live code: none sent, used, or older than five minutes.
    Expired,
    /// Five wrong tries spent it.
    Exhausted,
}

/// Checks a typed code against the live one (`None`: no code stored).
pub fn check_code(
    stored: Option<(&str, NaiveDateTime, u32)>,
    typed: &str,
    now: NaiveDateTime,
) -> CodeCheck {
    let Some((code, expires_at, tries_left)) = stored else {
        return CodeCheck::Expired;
    };
    if now >= expires_at {
        return CodeCheck::Expired;
    }
    if tries_left == 0 {
        return CodeCheck::Exhausted;
    }
    if same(code, typed) {
        CodeCheck::Accepted
    } else if tries_left == 1 {
        CodeCheck::Exhausted
    } else {
        CodeCheck::Wrong {
            tries_left: tries_left - 1,
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Booking codes use these 21 characters: digits and capitals without 0/O/Q/D, 1/I/L, 2/Z, 5/S,
/// 8/B and U/V, so a code read aloud or typed on the kiosk's keypad is not mistaken.
pub const CODE_ALPHABET: &[u8] = b"34679ACEFGHJKMNPRTWXY";
/// Characters in a booking code: 21^8, about 3.8e10 codes.
pub const BOOKING_CODE_LEN: usize = 8;

/// A booking code from random bytes (one byte per character).
pub fn booking_code(random: &[u8; BOOKING_CODE_LEN]) -> String {
    random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// A typed booking code as stored: capitals, spaces and hyphens dropped; `None` when it cannot
/// be one.
pub fn normalize_booking_code(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == BOOKING_CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b)))
        .then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn mainland_mobile_numbers_are_read_with_or_without_country_code() {
        for ok in [
            "13812345678",
            "138 1234 5678",
            "+86 138-1234-5678",
            "008619912345678",
        ] {
            assert!(Phone::parse(ok).is_some(), "{ok}");
        }
        assert_eq!(
            Phone::parse("+8613812345678").unwrap().as_str(),
            "13812345678"
        );
        for bad in [
            "1381234567",
            "23812345678",
            "12812345678",
            "1381234567a",
            "",
            "02227391234",
        ] {
            assert_eq!(Phone::parse(bad), None, "{bad}");
        }
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
    }

    #[test]
    fn codes_are_rate_limited_per_number_and_per_client() {
        let limits = CodeLimits::default();
        let now = at("2026-11-24 10:00:00");
        assert_eq!(may_send_code(&limits, now, &[], &[]), Ok(()));
        // 59 s after the last one: too soon.
        let last = [at("2026-11-24 09:59:01")];
        assert_eq!(
            may_send_code(&limits, now, &last, &last),
            Err(CodeRefusal::Number)
        );
        // Five in the last hour, the latest 2 minutes ago: too many.
        let five: Vec<_> = (0..5)
            .map(|m| at("2026-11-24 09:58:00") - TimeDelta::minutes(m * 10))
            .collect();
        assert_eq!(
            may_send_code(&limits, now, &five, &[]),
            Err(CodeRefusal::Number)
        );
        // The same five, an hour older: fine again.
        let old: Vec<_> = five.iter().map(|t| *t - TimeDelta::hours(1)).collect();
        assert_eq!(may_send_code(&limits, now, &old, &[]), Ok(()));
        let busy_kiosk: Vec<_> = (0..30).map(|s| now - TimeDelta::seconds(s + 1)).collect();
        assert_eq!(
            may_send_code(&limits, now, &[], &busy_kiosk),
            Err(CodeRefusal::Client)
        );
    }

    #[test]
    fn a_code_lasts_five_minutes_and_five_tries() {
        let now = at("2026-11-24 10:00:00");
        let expires = now + CODE_LIFETIME;
        let live = Some(("012345", expires, CODE_TRIES));
        assert_eq!(check_code(live, "012345", now), CodeCheck::Accepted);
        assert_eq!(
            check_code(live, "012346", now),
            CodeCheck::Wrong { tries_left: 4 }
        );
        assert_eq!(
            check_code(Some(("012345", expires, 1)), "000000", now),
            CodeCheck::Exhausted
        );
        assert_eq!(
            check_code(Some(("012345", expires, 0)), "012345", now),
            CodeCheck::Exhausted
        );
        assert_eq!(check_code(live, "012345", expires), CodeCheck::Expired);
        assert_eq!(check_code(None, "012345", now), CodeCheck::Expired);
        assert_eq!(code_from_random(42), "000042");
        assert_eq!(code_from_random(4_123_456_789), "456789");
        assert_eq!(normalize_code(" 012 345 ").as_deref(), Some("012345"));
        assert_eq!(normalize_code("01234"), None);
    }

    #[test]
    fn booking_codes_avoid_characters_that_look_alike() {
        for c in b"0OQD1IL2Z5S8BUV" {
            assert!(!CODE_ALPHABET.contains(c), "{}", *c as char);
        }
        let code = booking_code(&[0, 1, 2, 3, 250, 251, 252, 255]);
        assert_eq!(code.len(), BOOKING_CODE_LEN);
        assert_eq!(
            normalize_booking_code(&code.to_lowercase()),
            Some(code.clone())
        );
        assert_eq!(normalize_booking_code("ABCD-EFGH"), None, "B is not used");
        assert_eq!(
            normalize_booking_code("3467-9ACE").as_deref(),
            Some("34679ACE")
        );
    }
}
