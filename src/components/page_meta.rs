//! The document's title and description, set by each page.

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

/// Sets `document.title` and `<meta name="description">`.
pub fn set_page_meta(title: &str, description: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    doc.set_title(title);
    if let Ok(Some(meta)) = doc.query_selector("meta[name=\"description\"]") {
        let _ = meta.set_attribute("content", &excerpt(description, 160));
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
