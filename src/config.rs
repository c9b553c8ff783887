//! Deployment configuration read at start-up from `index.html`, so one build can be
//! pointed at another server by editing a single line.

/// `<meta name="portal-api-base" content="…">` in `index.html`.
pub const API_BASE_META: &str = "portal-api-base";
/// Used when the meta tag is missing or empty: the API on the portal's own origin.
pub const DEFAULT_API_BASE: &str = "/api/v1";

/// The configured base, or the default.
pub fn choose_api_base(meta_content: Option<&str>) -> String {
    meta_content
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_API_BASE)
        .to_string()
}

/// Reads the API base URL from the document.
pub fn api_base() -> String {
    let content = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{API_BASE_META}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"));
    choose_api_base(content.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_same_origin() {
        assert_eq!(choose_api_base(None), "/api/v1");
        assert_eq!(choose_api_base(Some("  ")), "/api/v1");
        assert_eq!(
            choose_api_base(Some(" https://api.hgtv.vn/api/v1 ")),
            "https://api.hgtv.vn/api/v1"
        );
    }
}
