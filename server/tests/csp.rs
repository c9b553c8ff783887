//! The Content-Security-Policy of the served app, and `portal-server csp` for other hosts.

mod common;

use std::process::Command;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use common::{temp_dir, TestServer};
use portal_server::Options;
use sha2::{Digest, Sha256};

const BIN: &str = env!("CARGO_BIN_EXE_portal-server");

/// An index.html shaped like Trunk's: an inline module script that loads the wasm.
const LOADER: &str = "\nimport init, * as bindings from '/portal-4f9a1c2b3d5e6f70.js';\n\
                      const wasm = await init({ module_or_path: '/portal-4f9a1c2b3d5e6f70_bg.wasm' });\n";

fn write_dist(dir: &std::path::Path) {
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!doctype html><html><head><meta charset=\"utf-8\">\
             <meta name=\"portal-api-base\" content=\"/api/v1\">\
             <script type=\"module\">{LOADER}</script>\
             <link rel=\"modulepreload\" href=\"/portal-4f9a1c2b3d5e6f70.js\"></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
}

fn loader_hash() -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(LOADER.as_bytes()))
    )
}

fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

fn sources<'a>(d: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &d.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

#[test]
fn index_carries_a_strict_policy_with_the_loader_hash() {
    let dist = temp_dir("csp-dist");
    write_dist(dist.path());
    let s = TestServer::start(Options {
        dist: Some(dist.path().to_path_buf()),
        ..Options::default()
    });
    for path in ["/", "/index.html", "/bai-viet/1024/so-ket", "/tim-kiem?q=a"] {
        let r = s.get(path);
        let policy = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("no CSP on {path}"));
        let d = directives(policy);
        assert_eq!(
            sources(&d, "script-src"),
            ["'self'", "'wasm-unsafe-eval'", &loader_hash()]
        );
        assert_eq!(sources(&d, "default-src"), ["'self'"]);
        assert_eq!(sources(&d, "style-src"), ["'self'"]);
        assert_eq!(sources(&d, "img-src"), ["'self'"]);
        // blob: is the MediaSource URL through which hls.js plays HLS.
        assert_eq!(sources(&d, "media-src"), ["'self'", "blob:"]);
        assert_eq!(sources(&d, "connect-src"), ["'self'"]);
        assert_eq!(sources(&d, "object-src"), ["'none'"]);
        assert_eq!(sources(&d, "base-uri"), ["'none'"]);
        assert_eq!(sources(&d, "frame-ancestors"), ["'none'"]);
        assert_eq!(sources(&d, "worker-src"), ["'self'"]);
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
    // The service worker is always revalidated; the API has no page policy.
    let sw = s.get("/sw.js");
    assert_eq!(sw.status, 200);
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert_eq!(
        s.get("/api/v1/site").header("content-security-policy"),
        None
    );
}

#[test]
fn api_origin_and_extra_origins_are_allowed() {
    let dist = temp_dir("csp-origins");
    write_dist(dist.path());
    let s = TestServer::start(Options {
        dist: Some(dist.path().to_path_buf()),
        api_base: Some("https://api.example.vn/api/v1".into()),
        csp_img_origins: vec!["https://cdn.example.vn".into()],
        csp_connect_origins: vec!["https://stats.example.vn".into()],
        csp_media_origins: vec!["https://stream.example.vn".into()],
        ..Options::default()
    });
    let r = s.get("/");
    let d = directives(r.header("content-security-policy").unwrap());
    assert_eq!(
        sources(&d, "img-src"),
        ["'self'", "https://api.example.vn", "https://cdn.example.vn"]
    );
    assert_eq!(
        sources(&d, "media-src"),
        [
            "'self'",
            "blob:",
            "https://api.example.vn",
            "https://stream.example.vn"
        ]
    );
    // hls.js fetches playlists and segments: the media origin may be called too.
    assert_eq!(
        sources(&d, "connect-src"),
        [
            "'self'",
            "https://api.example.vn",
            "https://stream.example.vn",
            "https://stats.example.vn"
        ]
    );
    // Replacing the meta tag's content leaves the script, and so its hash, unchanged.
    assert!(sources(&d, "script-src").contains(&loader_hash()));
}

#[test]
fn csp_command_prints_the_same_policy() {
    let dist = temp_dir("csp-cmd");
    write_dist(dist.path());
    let s = TestServer::start(Options {
        dist: Some(dist.path().to_path_buf()),
        api_base: Some("http://127.0.0.1:9/api/v1".into()),
        csp_img_origins: vec!["https://cdn.example.vn".into()],
        csp_media_origins: vec!["https://a.stream.vn".into(), "https://b.stream.vn".into()],
        ..Options::default()
    });
    let served = s
        .get("/")
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    let out = Command::new(BIN)
        .args([
            "--dist",
            dist.path().to_str().unwrap(),
            "--api-base",
            "http://127.0.0.1:9/api/v1",
            "--csp-img-origin",
            "https://cdn.example.vn",
            "--csp-media-origin",
            "https://a.stream.vn",
            "--csp-media-origin",
            "https://b.stream.vn",
            "csp",
        ])
        .env_remove("PORTAL_CSP_IMG_ORIGINS")
        .env_remove("PORTAL_CSP_CONNECT_ORIGINS")
        .env_remove("PORTAL_CSP_MEDIA_ORIGINS")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), served);
    // Comma-separated in the environment, as for the other origins.
    let from_env = Command::new(BIN)
        .args(["--dist", dist.path().to_str().unwrap(), "csp"])
        .env("PORTAL_API_BASE", "http://127.0.0.1:9/api/v1")
        .env("PORTAL_CSP_IMG_ORIGINS", "https://cdn.example.vn")
        .env(
            "PORTAL_CSP_MEDIA_ORIGINS",
            "https://a.stream.vn,https://b.stream.vn",
        )
        .env_remove("PORTAL_CSP_CONNECT_ORIGINS")
        .output()
        .unwrap();
    assert!(from_env.status.success());
    assert_eq!(String::from_utf8(from_env.stdout).unwrap().trim(), served);

    for flag in ["--csp-img-origin", "--csp-media-origin"] {
        let bad = Command::new(BIN)
            .args([flag, "x; script-src *", "csp"])
            .output()
            .unwrap();
        assert_eq!(bad.status.code(), Some(2), "{flag}");
    }
    let missing = Command::new(BIN)
        .args(["--dist", "/nonexistent/dist", "csp"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
