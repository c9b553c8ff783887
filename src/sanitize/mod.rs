//! Allowlist sanitizer for `body_html`. The HTML is parsed by the browser into an inert
//! document (`DOMParser`: no script runs, nothing loads) and then copied node by node into
//! fresh elements: only allowed tags and attributes are copied, and the result is never
//! serialised and re-parsed, which closes the door to mutation XSS.

pub mod dom;
pub mod policy;

pub use dom::sanitize_to_fragment;
