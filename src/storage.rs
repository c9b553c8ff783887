//! The reader's preferences in `localStorage`. Storage can be full, disabled or missing
//! (private mode, kiosks): every call degrades to "nothing stored" instead of failing.

pub const WEATHER_LOCATION_KEY: &str = "portal.weather-location";

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
