//! What survives sanitising: plain decisions, tested natively.

/// What to do with an element of the source HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementAction {
    /// Copy it (under this tag name) with its allowed attributes and its children.
    Keep(&'static str),
    /// Drop the tag but keep its children (`<font>`, `<span>`, `<section>` …).
    Unwrap,
    /// Drop it with everything inside (`<script>`, `<iframe>`, `<form>` …).
    Drop,
}

/// Elements whose content must never reach the reader.
const DROP_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "optgroup",
    "datalist",
    "noscript",
    "template",
    "svg",
    "math",
    "link",
    "meta",
    "base",
    "title",
    "head",
    "audio",
    "video",
    "source",
    "track",
    "canvas",
    "map",
    "area",
    "dialog",
    "portal",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "param",
    "slot",
];

const KEEP: &[&str] = &[
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "small",
    "mark",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "q",
    "cite",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "abbr",
    "time",
    "code",
    "pre",
    "dl",
    "dt",
    "dd",
];

/// Deepest nesting copied; deeper markup keeps only its text (guards the stack).
pub const MAX_DEPTH: usize = 64;

pub fn element_action(tag: &str) -> ElementAction {
    let tag = tag.to_ascii_lowercase();
    // The page's own headline is the only h1.
    if tag == "h1" {
        return ElementAction::Keep("h2");
    }
    if let Some(t) = KEEP.iter().find(|t| **t == tag) {
        return ElementAction::Keep(t);
    }
    if DROP_WITH_CONTENT.contains(&tag.as_str()) || tag.contains(':') {
        return ElementAction::Drop;
    }
    ElementAction::Unwrap
}

/// The attribute to set on a kept element, or `None` to drop it.
pub fn clean_attribute(tag: &str, name: &str, value: &str) -> Option<(&'static str, String)> {
    let name = name.to_ascii_lowercase();
    match (tag, name.as_str()) {
        ("a", "href") => safe_url(value, &["http", "https", "mailto"]).map(|v| ("href", v)),
        ("a" | "abbr" | "img", "title") => Some(("title", plain(value))),
        ("img", "src") => safe_url(value, &["http", "https"]).map(|v| ("src", v)),
        ("img", "alt") => Some(("alt", plain(value))),
        ("img", "width") => dimension(value).map(|v| ("width", v)),
        ("img", "height") => dimension(value).map(|v| ("height", v)),
        ("td" | "th", "colspan") => dimension(value).map(|v| ("colspan", v)),
        ("td" | "th", "rowspan") => dimension(value).map(|v| ("rowspan", v)),
        ("th", "scope") => matches!(value.trim(), "row" | "col" | "rowgroup" | "colgroup")
            .then(|| ("scope", value.trim().to_string())),
        ("ol", "start") => dimension(value).map(|v| ("start", v)),
        ("time", "datetime") => Some(("datetime", plain(value))),
        _ => None,
    }
}

fn plain(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

fn dimension(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= 5 && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.trim_start_matches('0').to_string())
        .filter(|v| !v.is_empty())
}

/// A URL whose scheme, if it has one, is in `schemes`; relative URLs are allowed (they
/// resolve to http or https). Browsers ignore tabs, newlines and leading control
/// characters inside a scheme (`java\tscript:`), so the check looks through them.
pub fn safe_url(value: &str, schemes: &[&str]) -> Option<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return None;
    }
    let scheme_end = compact.find(':');
    let path_start = compact.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), p) if p.is_none_or(|p| colon < p) => {
            let scheme = compact[..colon].to_ascii_lowercase();
            schemes.contains(&scheme.as_str()).then_some(())?;
        }
        _ => {}
    }
    // Backslashes are read as slashes by browsers in http(s) URLs (`/\evil.com`).
    if compact.contains('\\') {
        return None;
    }
    Some(value.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements() {
        assert_eq!(element_action("P"), ElementAction::Keep("p"));
        assert_eq!(element_action("h1"), ElementAction::Keep("h2"));
        assert_eq!(element_action("figure"), ElementAction::Keep("figure"));
        for t in [
            "script",
            "SCRIPT",
            "iframe",
            "object",
            "form",
            "style",
            "svg",
            "math",
            "svg:script",
        ] {
            assert_eq!(element_action(t), ElementAction::Drop, "{t}");
        }
        for t in ["span", "div", "font", "section", "center", "custom-el"] {
            assert_eq!(element_action(t), ElementAction::Unwrap, "{t}");
        }
    }

    #[test]
    fn links_only_http_https_mailto() {
        let ok = [
            "https://hagiang.gov.vn/a",
            "http://x.vn",
            "mailto:toasoan@hgtv.vn",
            "/bai-viet/1",
            "#p2",
            "tin.html",
        ];
        for u in ok {
            assert!(clean_attribute("a", "href", u).is_some(), "{u}");
        }
        let bad = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "/\\evil.com",
            "",
        ];
        for u in bad {
            assert!(clean_attribute("a", "href", u).is_none(), "{u:?}");
        }
    }

    #[test]
    fn images_need_http_sources() {
        assert!(clean_attribute("img", "src", "/media/a.jpg").is_some());
        assert!(
            clean_attribute("img", "src", "data:image/svg+xml,<svg onload=alert(1)>").is_none()
        );
        assert!(clean_attribute("img", "src", "javascript:alert(1)").is_none());
        assert_eq!(
            clean_attribute("img", "width", "800"),
            Some(("width", "800".into()))
        );
        assert_eq!(clean_attribute("img", "width", "100%"), None);
        assert_eq!(clean_attribute("img", "height", "0"), None);
    }

    #[test]
    fn handlers_styles_and_unknown_attributes_go() {
        for (tag, name) in [
            ("img", "onerror"),
            ("p", "onclick"),
            ("p", "style"),
            ("a", "target"),
            ("td", "background"),
            ("a", "formaction"),
            ("img", "srcset"),
            ("p", "class"),
            ("p", "id"),
        ] {
            assert_eq!(clean_attribute(tag, name, "x"), None, "{tag} {name}");
        }
    }
}
