//! Small HTML helpers: escaping, reading the images of trusted sample bodies, and setting the
//! `portal-api-base` meta tag of the app's `index.html`.

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

/// The value of `name="..."` inside one tag's text (double quotes only: our own markup).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let start = from + pos;
        let before_ok = start == 0 || tag[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = &tag[start + name.len()..];
        if before_ok {
            if let Some(value) = rest.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        from = start + name.len();
    }
    None
}

/// `(src, width, height)` of every `<img>` with a `/media/` source and a size, in order.
pub fn media_images(body_html: &str) -> Vec<(String, u32, u32)> {
    let mut out = Vec::new();
    let mut rest = body_html;
    while let Some(pos) = rest.find("<img") {
        let tag_end = rest[pos..].find('>').map_or(rest.len(), |e| pos + e);
        let tag = &rest[pos + 4..tag_end];
        if let (Some(src), Some(w), Some(h)) =
            (attr(tag, "src"), attr(tag, "width"), attr(tag, "height"))
        {
            if let (true, Ok(w), Ok(h)) = (src.starts_with("/media/"), w.parse(), h.parse()) {
                out.push((src.to_owned(), w, h));
            }
        }
        rest = &rest[tag_end..];
    }
    out
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

/// Replaces the `content` of every `<meta name="NAME" ...>` with `value` (HTML-escaped),
/// adding the attribute when the tag has none. Other markup is left as it is.
pub fn set_meta_content(html: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(html.len() + value.len());
    let mut rest = html;
    while let Some(pos) = find_ascii_ci(rest, "<meta") {
        let Some(len) = rest[pos..].find('>') else {
            break;
        };
        let tag = &rest[pos..pos + len]; // without '>'
        out.push_str(&rest[..pos]);
        if meta_name_is(tag, name) {
            out.push_str(&with_content(tag, &escape(value)));
        } else {
            out.push_str(tag);
        }
        out.push('>');
        rest = &rest[pos + len + 1..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The attributes of a tag's text as `(name, value start, value end)` spans (`value` may be
/// quoted with `"` or `'`, or bare).
pub(crate) fn attributes(tag: &str) -> Vec<(String, usize, usize, usize)> {
    let b = tag.as_bytes();
    let mut i = tag
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(tag.len());
    let mut out = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if i == name_start {
            break;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let start = j + 1;
                let end = tag[start..].find(q as char).map_or(b.len(), |e| start + e);
                out.push((name, name_start, start, end));
                i = (end + 1).min(b.len());
            } else {
                let start = j;
                while j < b.len() && !b[j].is_ascii_whitespace() {
                    j += 1;
                }
                out.push((name, name_start, start, j));
                i = j;
            }
        } else {
            out.push((name, name_start, i, i));
        }
    }
    out
}

fn meta_name_is(tag: &str, name: &str) -> bool {
    attributes(tag)
        .iter()
        .any(|(n, _, s, e)| n == "name" && tag[*s..*e].eq_ignore_ascii_case(name))
}

fn with_content(tag: &str, escaped: &str) -> String {
    let attrs = attributes(tag);
    if let Some((_, name_start, s, e)) = attrs.iter().find(|(n, ..)| n == "content") {
        let quoted = *s > 0 && matches!(tag.as_bytes()[s - 1], b'"' | b'\'');
        if quoted {
            format!("{}{}{}", &tag[..*s], escaped, &tag[*e..])
        } else {
            format!(
                "{}content=\"{}\"{}",
                &tag[..*name_start],
                escaped,
                &tag[*e..]
            )
        }
    } else {
        let trimmed = tag.trim_end_matches('/').trim_end();
        let closing = &tag[trimmed.len()..];
        format!("{trimmed} content=\"{escaped}\"{closing}")
    }
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
            "<META content='/x' NAME=\"portal-api-base\" />"
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
        let other = "<meta name=\"description\" content=\"a\">";
        assert_eq!(set_meta_content(other, "portal-api-base", "/x"), other);
    }
}
