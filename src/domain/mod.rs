//! What the portal shows, computed from API data in plain functions (no DOM, no signals).

pub mod broadcast;
pub mod comment;
pub mod kiosk;
pub mod pagination;
pub mod reading;
pub mod time;
pub mod weather;

/// Resolves an image or link URL given by the API. Root-relative URLs (`/media/…`) belong to
/// the API's origin, which is not the portal's when the API is on another host.
pub fn resolve_api_url(api_base: &str, url: &str) -> String {
    let url = url.trim();
    if url.starts_with('/') && !url.starts_with("//") {
        if let Some(origin) = origin_of(api_base) {
            return format!("{origin}{url}");
        }
    }
    url.to_string()
}

/// `https://api.example.vn` of `https://api.example.vn/api/v1`; `None` for a relative base.
fn origin_of(base: &str) -> Option<&str> {
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))?;
    let host_len = rest.find('/').unwrap_or(rest.len());
    Some(&base[..base.len() - rest.len() + host_len])
}

/// Cuts a text to about `max` characters at a word boundary, for page descriptions.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_urls_follow_the_api_origin() {
        assert_eq!(resolve_api_url("/api/v1", "/media/a.jpg"), "/media/a.jpg");
        assert_eq!(
            resolve_api_url("https://api.hgtv.vn/api/v1", "/media/a.jpg"),
            "https://api.hgtv.vn/media/a.jpg"
        );
        assert_eq!(
            resolve_api_url("http://127.0.0.1:9000", "/media/a.jpg"),
            "http://127.0.0.1:9000/media/a.jpg"
        );
        assert_eq!(
            resolve_api_url("https://api.hgtv.vn/api/v1", "https://cdn.vn/a.jpg"),
            "https://cdn.vn/a.jpg"
        );
        assert_eq!(
            resolve_api_url("https://api.hgtv.vn/api/v1", "//cdn.vn/a.jpg"),
            "//cdn.vn/a.jpg"
        );
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("ngắn", 10), "ngắn");
        assert_eq!(
            excerpt("Chiều 30/6, Tỉnh ủy tổ chức hội nghị", 14),
            "Chiều 30/6…"
        );
    }
}
