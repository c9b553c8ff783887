//! Small HTML helpers: escaping, reading the images of trusted sample bodies, and setting the
//! `portal-api-base` meta tag of the app's `index.html`.

use lol_html::{element, rewrite_str, RewriteStrSettings};

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `(src, width, height)` of every `<img>` with a `/media/` source and a size, in order.
pub fn media_images(body_html: &str) -> Vec<(String, u32, u32)> {
    let mut out = Vec::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("img[src][width][height]", |el| {
            let size = |name| el.get_attribute(name).and_then(|v| v.parse().ok());
            if let (Some(src), Some(w), Some(h)) =
                (el.get_attribute("src"), size("width"), size("height"))
            {
                if src.starts_with("/media/") {
                    out.push((src, w, h));
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    // A body the parser gives up on has no pictures to size.
    match rewrite_str(body_html, settings) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

/// A `<figure>` with an image and its caption.
pub fn figure(src: &str, alt: &str, width: u32, height: u32, caption: &str) -> String {
    format!(
        "<figure><img src=\"{}\" alt=\"{}\" width=\"{width}\" height=\"{height}\"><figcaption>{}</figcaption></figure>",
        escape(src),
        escape(alt),
        escape(caption)
    )
}

/// Replaces the `content` of every `<meta name="NAME" ...>` (the name in any case) with
/// `value` (HTML-escaped), adding the attribute when the tag has none. Other markup is left
/// as it is; `html` is returned unchanged when the parser gives up on it.
pub fn set_meta_content(html: &str, name: &str, value: &str) -> String {
    // lol_html escapes only the quotes of a value it writes; `escape` does the rest.
    let escaped = escape(value);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("meta[name]", |el| {
            if el
                .get_attribute("name")
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            {
                el.set_attribute("content", &escaped)?;
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn finds_media_images() {
        let body = r#"<p>x</p><figure><img src="/media/a.jpg" alt="A" width="800" height="533"><figcaption>c</figcaption></figure><img src="http://x/y.jpg" width="1" height="1"><img src="/media/b.jpg" alt="B" width="640" height="360">"#;
        assert_eq!(
            media_images(body),
            vec![
                ("/media/a.jpg".to_owned(), 800, 533),
                ("/media/b.jpg".to_owned(), 640, 360)
            ]
        );
    }

    #[test]
    fn finds_media_images_in_any_quoting() {
        let body = "<!-- <img src=\"/media/x.jpg\" width=\"1\" height=\"1\"> -->\
            <IMG alt='a > b' SRC='/media/c.jpg' width=320 height='180'>\
            <img src=\"/media/d.jpg\" width=\"wide\" height=\"1\">";
        assert_eq!(
            media_images(body),
            vec![("/media/c.jpg".to_owned(), 320, 180)]
        );
    }

    #[test]
    fn sets_meta_content() {
        let html = r#"<head><meta charset="utf-8"><meta name="portal-api-base" content="/api/v1"><title>x</title></head>"#;
        assert_eq!(
            set_meta_content(
                html,
                "portal-api-base",
                "https://api.example.vn/v1?a=1&b=\"2\""
            ),
            r#"<head><meta charset="utf-8"><meta name="portal-api-base" content="https://api.example.vn/v1?a=1&amp;b=&quot;2&quot;"><title>x</title></head>"#
        );
    }

    #[test]
    fn sets_meta_content_in_other_shapes() {
        assert_eq!(
            set_meta_content(
                "<META content='' NAME=\"portal-api-base\" />",
                "portal-api-base",
                "/x"
            ),
            "<META content=\"/x\" NAME=\"portal-api-base\" />"
        );
        assert_eq!(
            set_meta_content(
                "<meta name=portal-api-base content=/a>",
                "portal-api-base",
                "/x"
            ),
            "<meta name=portal-api-base content=\"/x\">"
        );
        assert_eq!(
            set_meta_content("<meta name=\"portal-api-base\">", "portal-api-base", "/x"),
            "<meta name=\"portal-api-base\" content=\"/x\">"
        );
        // A `>` in a value does not end the tag; a commented-out tag is not one.
        assert_eq!(
            set_meta_content(
                "<!-- <meta name=portal-api-base> --><meta data-x=\"a>b\" name=PORTAL-API-BASE>",
                "portal-api-base",
                "/x"
            ),
            "<!-- <meta name=portal-api-base> --><meta data-x=\"a>b\" name=PORTAL-API-BASE content=\"/x\">"
        );
        let other = "<meta name=\"description\" content=\"a\">";
        assert_eq!(set_meta_content(other, "portal-api-base", "/x"), other);
    }
}
