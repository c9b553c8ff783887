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

use crate::html::{attributes, find_ascii_ci};

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

/// `https://api.example.vn` of `https://api.example.vn/api/v1`; `None` for a relative base.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let rest = &url[scheme_len..];
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_len];
    // user:password@ is never part of an origin.
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.is_empty() || check_source(host).is_err() {
        return None;
    }
    Some(format!(
        "{}{}",
        &lower[..scheme_len],
        host.to_ascii_lowercase()
    ))
}

/// The text of every inline `<script>` (no `src`) of an HTML page, in order, skipping
/// comments.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    inline_elements(html, "script")
}

/// The text of every `<style>` element of an HTML page (its critical CSS), in order.
pub fn inline_styles(html: &str) -> Vec<&str> {
    inline_elements(html, "style")
}

/// The contents of the `<tag>` elements of `html` that have no `src`, skipping comments.
/// `tag` is `script` or `style`, whose contents end only at their closing tag.
fn inline_elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < html.len() {
        let rest = &html[pos..];
        let next_comment = rest.find("<!--");
        let next_element = find_ascii_ci(rest, &open);
        match (next_comment, next_element) {
            (Some(c), Some(s)) if c < s => {
                let after = pos + c + 4;
                pos = html[after..]
                    .find("-->")
                    .map_or(html.len(), |e| after + e + 3);
            }
            (_, Some(s)) => {
                let tag_start = pos + s;
                // `<scripts>` or `<script-x>` are other elements.
                let after_name = html.as_bytes().get(tag_start + open.len()).copied();
                if !matches!(after_name, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')) {
                    pos = tag_start + open.len();
                    continue;
                }
                let Some(tag_len) = html[tag_start..].find('>') else {
                    break;
                };
                let attrs = &html[tag_start + 1..tag_start + tag_len];
                let body_start = tag_start + tag_len + 1;
                let body_end = find_ascii_ci(&html[body_start..], &close)
                    .map_or(html.len(), |e| body_start + e);
                if !attributes(attrs).iter().any(|(name, ..)| name == "src") {
                    out.push(&html[body_start..body_end]);
                }
                pos = body_end;
            }
            _ => break,
        }
    }
    out
}

/// `'sha256-…'` sources for the inline scripts of `html`, without repeats.
pub fn script_hashes(html: &str) -> Vec<String> {
    hashes(inline_scripts(html))
}

/// `'sha256-…'` sources for the `<style>` elements of `html`, without repeats.
pub fn style_hashes(html: &str) -> Vec<String> {
    hashes(inline_styles(html))
}

fn hashes(texts: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let source = format!("'sha256-{}'", base64(&sha256(text.as_bytes())));
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

/// SHA-256 (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_test_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn base64_with_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
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
        assert_eq!(
            origin_of("https://API.example.vn/api/v1").as_deref(),
            Some("https://api.example.vn")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9000").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            origin_of("https://u:p@api.vn:8443/x?y").as_deref(),
            Some("https://api.vn:8443")
        );
        assert_eq!(origin_of("/api/v1"), None);
        assert_eq!(origin_of("//api.vn/v1"), None);
        assert_eq!(origin_of("https://a b/"), None);
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
