//! Percent-encoding of URL parts, shared by the app's routes, router, API client and the
//! domain (share links).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one query or path component.
pub fn encode(component: &str) -> String {
    utf8_percent_encode(component, COMPONENT).to_string()
}

/// Decodes one path segment, query part or fragment; bytes that are not UTF-8 become U+FFFD.
pub fn decode(encoded: &str) -> String {
    percent_decode_str(encoded).decode_utf8_lossy().into_owned()
}

/// `?a=1&b=2` of already encoded parts; nothing when there are none.
pub fn query_string(parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode("dân vận/&?="), "d%C3%A2n%20v%E1%BA%ADn%2F%26%3F%3D");
    }

    #[test]
    fn decoding_undoes_encoding_and_keeps_what_it_cannot_read() {
        assert_eq!(decode(&encode("dân vận/&?=")), "dân vận/&?=");
        assert_eq!(decode("a%zz%"), "a%zz%");
        assert_eq!(decode("%E1%BA"), "\u{FFFD}");
    }

    #[test]
    fn query_strings_join_their_parts() {
        assert_eq!(query_string(&[]), "");
        assert_eq!(query_string(&["a=1".into(), "b=2".into()]), "?a=1&b=2");
    }
}
