//! The document's title and description, set by each page.

use crate::api::types::Site;
use crate::domain::excerpt;

/// `Headline - Short name`; the site name alone on the home page.
pub fn page_title(page: Option<&str>, site_name: Option<&str>) -> String {
    match (page.map(str::trim).filter(|p| !p.is_empty()), site_name) {
        (Some(p), Some(s)) if !s.is_empty() => format!("{p} - {s}"),
        (Some(p), _) => p.to_string(),
        (None, Some(s)) if !s.is_empty() => s.to_string(),
        _ => "Tin tức".to_string(),
    }
}

/// The document's title and description for a page's own: the site's short name (or name)
/// after the title, the site's tagline (or name) when the page has no description, cut to
/// 160 characters. The front server writes the same into the pages it sends.
pub fn document_meta(site: Option<&Site>, title: &str, description: &str) -> (String, String) {
    let site_name = site
        .map(|s| s.short_name.as_str())
        .filter(|s| !s.is_empty())
        .or_else(|| site.map(|s| s.name.as_str()));
    let title = page_title(Some(title), site_name);
    let description = if description.is_empty() {
        site.map(|s| s.tagline.clone().unwrap_or_else(|| s.name.clone()))
            .unwrap_or_default()
    } else {
        description.to_string()
    };
    (title, excerpt(&description, 160))
}

/// Sets `document.title` and `<meta name="description">`.
pub fn set_page_meta(title: &str, description: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    doc.set_title(title);
    if let Ok(Some(meta)) = doc.query_selector("meta[name=\"description\"]") {
        let _ = meta.set_attribute("content", description);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(page_title(Some("Thời sự"), Some("HGTV")), "Thời sự - HGTV");
        assert_eq!(page_title(None, Some("HGTV")), "HGTV");
        assert_eq!(page_title(Some(" "), None), "Tin tức");
        assert_eq!(page_title(Some("Tìm kiếm"), None), "Tìm kiếm");
    }
}
