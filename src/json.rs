//! JSON text into Rust values. In the browser, `JSON.parse` reads the text and serde-wasm-bindgen
//! the values, so the wasm carries no JSON parser of its own: serde_json's, compiled into every
//! type's decoder, was 3.7 KB of the first load's 228 KB brotli (issue #15). On the host (the
//! unit tests) serde_json does the same job; `tests/json_browser.rs` holds the two to one answer.
//! One difference is left, outside the contract: a name repeated in one object is an error
//! for serde_json, and `JSON.parse` keeps the last value.

use serde::de::DeserializeOwned;

/// The value `text` holds, or what is wrong with it (for logs, not for the reader).
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    use wasm_bindgen::JsCast;
    let value = js_sys::JSON::parse(text).map_err(|e| match e.dyn_into::<js_sys::Error>() {
        Ok(e) => String::from(e.message()),
        Err(_) => "JSON.parse failed".into(),
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}
