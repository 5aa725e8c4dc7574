//! The resident's proof of their phone number (the token from `POST /api/v1/auth/verify`), for
//! booking and "my bookings".
//!
//! On a phone it is kept in sessionStorage: it survives a reload and the booking pages' own
//! navigation, and goes with the tab. On a kiosk it is kept in memory only, and the idle reset
//! ([`crate::session::Session::reset`]) forgets it with everything else of the last person.

use std::cell::RefCell;

use crate::session::use_session;

const KEY: &str = "linli.resident";

/// A verified number and its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub phone: String,
    pub token: String,
}

thread_local! {
    static MEMORY: RefCell<Option<SignedIn>> = const { RefCell::new(None) };
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps the resident's token for this visit (in memory on a kiosk).
pub fn remember(signed_in: SignedIn) {
    if !use_session().is_kiosk()
        && let Some(store) = session_storage()
    {
        let _ = store.set_item(KEY, &format!("{}\n{}", signed_in.phone, signed_in.token));
    }
    MEMORY.with(|m| *m.borrow_mut() = Some(signed_in));
}

/// The resident signed in on this device, if any.
pub fn current() -> Option<SignedIn> {
    if let Some(s) = MEMORY.with(|m| m.borrow().clone()) {
        return Some(s);
    }
    if use_session().is_kiosk() {
        return None;
    }
    let text = session_storage()?.get_item(KEY).ok().flatten()?;
    let (phone, token) = text.split_once('\n')?;
    let signed_in = SignedIn {
        phone: phone.to_owned(),
        token: token.to_owned(),
    };
    MEMORY.with(|m| *m.borrow_mut() = Some(signed_in.clone()));
    Some(signed_in)
}

/// Forgets the resident (an expired token, "not me", the kiosk's idle reset).
pub fn forget() {
    MEMORY.with(|m| *m.borrow_mut() = None);
    if let Some(store) = session_storage() {
        let _ = store.remove_item(KEY);
    }
}
