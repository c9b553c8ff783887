//! The reader's data in `localStorage`. Storage can be full, disabled or missing
//! (private mode, kiosks): every call degrades to "nothing stored" instead of failing.

use serde::{de::DeserializeOwned, Serialize};

pub const WEATHER_LOCATION_KEY: &str = "portal.weather-location";
/// Article ids whose comment draft waits in the send queue.
pub const OUTBOX_KEY: &str = "portal.outbox";

/// The comment draft of one article.
pub fn draft_key(article_id: u64) -> String {
    format!("portal.draft.{article_id}")
}

/// The reader's own comments on one article that await review.
pub fn pending_key(article_id: u64) -> String {
    format!("portal.pending.{article_id}")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Returns whether the value was stored.
pub fn set(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// A stored value; anything unreadable (edited by hand, an older format) counts as absent.
pub fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::from_str(&get(key)?).ok()
}

pub fn set_json<T: Serialize>(key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|s| set(key, &s))
}
