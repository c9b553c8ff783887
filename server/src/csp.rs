//! The Content-Security-Policy sent with the app's `index.html`.
//!
//! The app needs: its own scripts, plus the inline module script that Trunk writes into
//! `index.html` to load the wasm (allowed by its SHA-256 hash, computed from the very
//! `index.html` that is served); `'wasm-unsafe-eval'` to compile the WebAssembly; its own
//! stylesheet and the `<style>` elements of `index.html` (by hash; no style attributes in
//! markup); pictures, audio and video, and API requests from its own origin, the API's
//! origin when `--api-base` is an absolute URL, and the origins the deployer adds. Audio and
//! video may also be `blob:` URLs: hls.js plays HLS through a MediaSource object URL where the
//! browser has no native HLS (it runs without a worker, so `worker-src` stays `'self'`).
//! Nothing may frame it, no plugin runs, and `<base>` cannot move its URLs.

use std::cell::{Cell, RefCell};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use sha2::{Digest, Sha256};
use url::Url;

/// Deployment choices that shape the policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CspConfig {
    /// `--api-base` (its origin is added to `connect-src`, `img-src` and `media-src` when
    /// absolute).
    pub api_base: Option<String>,
    /// Further origins for pictures (`--csp-img-origin`), e.g. a CDN.
    pub img_origins: Vec<String>,
    /// Further origins the app may call (`--csp-connect-origin`).
    pub connect_origins: Vec<String>,
    /// Further origins for audio and video (`--csp-media-origin`), e.g. a streaming service.
    /// Also added to `connect-src`: hls.js fetches playlists and segments, and the service
    /// worker downloads programmes, with `fetch`.
    pub media_origins: Vec<String>,
}

/// Why an origin given on the command line cannot go into the policy.
pub fn check_source(source: &str) -> Result<(), String> {
    let s = source.trim();
    if s.is_empty() {
        return Err("an empty origin".into());
    }
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ',' | '\'' | '"'))
    {
        return Err(format!(
            "`{source}` is not an origin (spaces, quotes, `;` and `,` are not allowed)"
        ));
    }
    Ok(())
}

/// `https://api.example.vn` of `https://api.example.vn/api/v1`; `None` for a relative base
/// or another scheme than HTTP(S).
pub fn origin_of(url: &str) -> Option<String> {
    let url = Url::parse(url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let origin = url.origin().ascii_serialization();
    // The URL standard lets `;`, `,` and quotes into a host; in a policy they would end the
    // directive or the source.
    check_source(&origin).ok()?;
    Some(origin)
}

/// The text of every inline `<script>` (no `src`) of an HTML page, in order, skipping
/// comments.
pub fn inline_scripts(html: &str) -> Vec<String> {
    inline_elements(html, "script")
}

/// The text of every `<style>` element of an HTML page (its critical CSS), in order.
pub fn inline_styles(html: &str) -> Vec<String> {
    inline_elements(html, "style")
}

/// The text of the `<tag>` elements of `html` that have no `src`, as an HTML parser reads
/// them (so not inside comments, and whatever the case or quoting), because the browser
/// hashes what its parser read. Empty when the page cannot be parsed: nothing inline is then
/// allowed.
fn inline_elements(html: &str, tag: &str) -> Vec<String> {
    let found = RefCell::new(Vec::<String>::new());
    // Whether the text that comes belongs to an element without `src`.
    let inline = Cell::new(false);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!(tag, |el| {
                inline.set(!el.has_attribute("src"));
                if inline.get() {
                    found.borrow_mut().push(String::new());
                }
                Ok(())
            }),
            // A text may come in several chunks.
            text!(tag, |chunk| {
                if let (true, Some(text)) = (inline.get(), found.borrow_mut().last_mut()) {
                    text.push_str(chunk.as_str());
                }
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    match rewrite_str(html, settings) {
        Ok(_) => found.into_inner(),
        Err(_) => Vec::new(),
    }
}

/// `'sha256-…'` sources for the inline scripts of `html`, without repeats.
pub fn script_hashes(html: &str) -> Vec<String> {
    hashes(inline_scripts(html))
}

/// `'sha256-…'` sources for the `<style>` elements of `html`, without repeats.
pub fn style_hashes(html: &str) -> Vec<String> {
    hashes(inline_styles(html))
}

/// The source that allows exactly `text`: `'sha256-…'`, in standard base64 with padding as
/// CSP requires (URL-safe or unpadded base64 would not match).
pub fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

fn hashes(texts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let source = hash_source(&text);
        if !out.contains(&source) {
            out.push(source);
        }
    }
    out
}

fn push_unique(list: &mut Vec<String>, source: &str) {
    let source = source.trim();
    if !source.is_empty() && !list.iter().any(|s| s == source) {
        list.push(source.to_owned());
    }
}

/// The policy for a page whose inline scripts and styles hash to `inline`.
pub fn policy(config: &CspConfig, inline: &InlineHashes) -> String {
    let api_origin = config.api_base.as_deref().and_then(origin_of);
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    for h in &inline.scripts {
        push_unique(&mut script, h);
    }
    // Style attributes stay forbidden: a hash allows only that exact `<style>` element.
    let mut style = vec!["'self'".to_owned()];
    for h in &inline.styles {
        push_unique(&mut style, h);
    }
    let mut img = vec!["'self'".to_owned()];
    // blob: for the MediaSource URL of hls.js.
    let mut media = vec!["'self'".to_owned(), "blob:".to_owned()];
    let mut connect = vec!["'self'".to_owned()];
    if let Some(origin) = &api_origin {
        push_unique(&mut img, origin);
        push_unique(&mut media, origin);
        push_unique(&mut connect, origin);
    }
    for o in config
        .img_origins
        .iter()
        .filter(|o| check_source(o).is_ok())
    {
        push_unique(&mut img, o);
    }
    for o in config
        .media_origins
        .iter()
        .filter(|o| check_source(o).is_ok())
    {
        push_unique(&mut media, o);
        push_unique(&mut connect, o);
    }
    for o in config
        .connect_origins
        .iter()
        .filter(|o| check_source(o).is_ok())
    {
        push_unique(&mut connect, o);
    }
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", script.join(" ")),
        format!("style-src {}", style.join(" ")),
        format!("img-src {}", img.join(" ")),
        format!("media-src {}", media.join(" ")),
        format!("connect-src {}", connect.join(" ")),
        "font-src 'self'".to_owned(),
        "manifest-src 'self'".to_owned(),
        "worker-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

/// The `'sha256-…'` sources of a page's inline scripts and styles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineHashes {
    pub scripts: Vec<String>,
    pub styles: Vec<String>,
}

impl InlineHashes {
    pub fn of(html: &str) -> Self {
        InlineHashes {
            scripts: script_hashes(html),
            styles: style_hashes(html),
        }
    }
}

/// The policy to send with `html`.
pub fn policy_for_html(config: &CspConfig, html: &str) -> String {
    policy(config, &InlineHashes::of(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_test_vectors() {
        // The FIPS 180-2 examples, in base64 rather than hex.
        assert_eq!(
            hash_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        assert_eq!(
            hash_source("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
        assert_eq!(
            hash_source("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "'sha256-JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE='"
        );
        assert_eq!(
            hash_source(&"a".repeat(1_000_000)),
            "'sha256-zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA='"
        );
    }

    #[test]
    fn base64_with_padding() {
        // CSP hashes are standard base64 with padding: `+` and `/` (not `-` and `_`), and
        // the `=` that a 32-byte digest needs.
        let source = hash_source("");
        let digest = source
            .strip_prefix("'sha256-")
            .and_then(|s| s.strip_suffix('\''))
            .unwrap();
        assert_eq!(digest.len(), 44);
        assert!(digest.contains("+/") && digest.ends_with('='), "{digest}");
    }

    #[test]
    fn hash_of_an_inline_script() {
        // The value Chromium reports for `<script>alert('Hello, world.');</script>`
        // (the example of the CSP specification).
        let html = "<p><script>alert('Hello, world.');</script>";
        assert_eq!(
            script_hashes(html),
            ["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"]
        );
    }

    #[test]
    fn finds_only_inline_scripts_outside_comments() {
        let html = "<!doctype html><head><!-- <script>no</script> -->\
            <SCRIPT type=\"module\">\nimport init from '/a.js';\n</SCRIPT>\
            <script src=\"/b.js\"></script><scripts>x</scripts>\
            <script type=importmap>{}</script><script>\nimport init from '/a.js';\n</script></head>";
        assert_eq!(
            inline_scripts(html),
            [
                "\nimport init from '/a.js';\n",
                "{}",
                "\nimport init from '/a.js';\n"
            ]
        );
        assert_eq!(script_hashes(html).len(), 2);
        assert!(inline_scripts("<script>unterminated").len() == 1);
        assert!(inline_scripts("<script").is_empty());
    }

    #[test]
    fn reads_scripts_as_a_browser_does() {
        // A `>` inside a quoted attribute does not end the tag; a `<textarea>` holds text,
        // not a script; an empty script is still one (hashed as the empty text).
        let html = "<script data-x=\"a>b\">s()</script><textarea><script>t()</script></textarea>\
            <script SRC='/c.js'>c()</script><script></script>";
        assert_eq!(inline_scripts(html), ["s()", ""]);
        assert_eq!(
            script_hashes(html)[1],
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn styles_are_hashed_apart_from_scripts() {
        let html = "<head><style>\nbody{margin:0}\n</style><STYLE media=print>p{}</STYLE>\
            <link rel=stylesheet href=/a.css><styles>x</styles><script>s()</script></head>";
        assert_eq!(inline_styles(html), ["\nbody{margin:0}\n", "p{}"]);
        assert_eq!(inline_scripts(html), ["s()"]);
        let hashes = InlineHashes::of(html);
        assert_eq!(hashes.styles.len(), 2);
        assert_eq!(hashes.scripts, script_hashes("<script>s()</script>"));
        assert_ne!(hashes.styles[0], hashes.scripts[0]);
    }

    #[test]
    fn origins() {
        for (url, origin) in [
            ("https://API.example.vn/api/v1", "https://api.example.vn"),
            ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
            ("https://u:p@api.vn:8443/x?y", "https://api.vn:8443"),
            // The origin as browsers write it: no default port, the host in ASCII.
            (" https://api.vn:443/x ", "https://api.vn"),
            ("http://Báo.vn/api", "http://xn--bo-mia.vn"),
            ("http://[::1]:9000/api", "http://[::1]:9000"),
        ] {
            assert_eq!(origin_of(url).as_deref(), Some(origin), "{url}");
        }
        for bad in [
            "/api/v1",
            "//api.vn/v1",
            "https://a b/",
            "ftp://api.vn/x",
            "https://api.vn:99999/",
            "https://a;b/",
            "https://a'b/",
            "",
        ] {
            assert_eq!(origin_of(bad), None, "{bad}");
        }
        assert!(check_source("https://cdn.example.vn").is_ok());
        assert!(check_source("https://*.example.vn").is_ok());
        for bad in ["", " ", "a; script-src *", "'unsafe-inline'", "a,b"] {
            assert!(check_source(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_policy() {
        let config = CspConfig {
            api_base: Some("https://api.example.vn/api/v1".into()),
            img_origins: vec!["https://cdn.example.vn".into(), "bad; x".into()],
            connect_origins: vec!["https://stats.example.vn".into()],
            media_origins: vec!["https://stream.example.vn".into(), "'none'".into()],
        };
        let inline = InlineHashes {
            scripts: vec!["'sha256-abc='".into()],
            styles: vec!["'sha256-css='".into()],
        };
        let p = policy(&config, &inline);
        assert_eq!(
            p,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; \
             style-src 'self' 'sha256-css='; img-src 'self' https://api.example.vn https://cdn.example.vn; \
             media-src 'self' blob: https://api.example.vn https://stream.example.vn; \
             connect-src 'self' https://api.example.vn https://stream.example.vn https://stats.example.vn; \
             font-src 'self'; \
             manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        let plain = policy(&CspConfig::default(), &InlineHashes::default());
        assert!(plain.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(plain.contains("img-src 'self';"));
        assert!(plain.contains("media-src 'self' blob:;"));
        assert!(plain.contains("connect-src 'self';"));
        assert!(plain.contains("style-src 'self';"));
        assert!(!plain.contains("unsafe-inline"));
    }
}
