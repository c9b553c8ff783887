//! The built app on the same port: files, caching, deep links, compression.

mod common;

use std::io::Read;
use std::path::Path;

use common::{temp_dir, TempDir, TestServer};
use portal::api::types::Home;
use portal_server::Options;

const JS: &str = "portal-4f9a1c2b3d5e6f70.js";
const WASM: &str = "portal-4f9a1c2b3d5e6f70_bg.wasm";
const CSS: &str = "style-0123456789abcdef.css";

fn write_dist(dir: &Path) {
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!doctype html><html><head><meta charset=\"utf-8\">\
             <meta name=\"portal-api-base\" content=\"/api/v1\">\
             <link rel=\"stylesheet\" href=\"/{CSS}\"><script type=\"module\" src=\"/{JS}\"></script>\
             </head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join(JS),
        "export function start() { console.log('portal'); }\n".repeat(200),
    )
    .unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(dir.join(WASM), wasm).unwrap();
    std::fs::write(
        dir.join(CSS),
        "body { margin: 0; font-family: sans-serif; }\n".repeat(50),
    )
    .unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        "{\"name\": \"HGTV\", \"short_name\": \"HGTV\", \"start_url\": \"/\"}",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    std::fs::write(
        dir.join("icons/icon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
}

struct App {
    server: TestServer,
    dist: TempDir,
}

fn app(api_base: Option<&str>) -> App {
    let dist = temp_dir("dist");
    write_dist(dist.path());
    let server = TestServer::start(Options {
        dist: Some(dist.path().to_path_buf()),
        api_base: api_base.map(str::to_owned),
        ..Options::default()
    });
    App { server, dist }
}

#[test]
fn hashed_assets_are_immutable() {
    let a = app(None);
    for (file, content_type) in [
        (JS, "text/javascript"),
        (WASM, "application/wasm"),
        (CSS, "text/css"),
    ] {
        let r = a.server.get(&format!("/{file}"));
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{file}"
        );
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with(content_type)),
            "{file}: {:?}",
            r.header("content-type")
        );
    }
    let r = a.server.get(&format!("/{WASM}"));
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert!(r.body.starts_with(b"\0asm"));
}

#[test]
fn other_files_are_cached_for_an_hour() {
    let a = app(None);
    for file in ["/manifest.json", "/icons/icon.svg"] {
        let r = a.server.get(file);
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=3600"),
            "{file}"
        );
    }
}

#[test]
fn index_is_never_cached_and_deep_links_fall_back_to_it() {
    let a = app(None);
    let index = a.server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(index.text().contains("content=\"/api/v1\""));
    for path in [
        "/index.html",
        "/bai-viet/1024/so-ket",
        "/chuyen-muc/du-lich",
        "/khong/co/gi",
        "/missing-file.js",
        "/icons",
    ] {
        let r = a.server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert_eq!(r.body, index.body, "{path}");
    }
    // The API and media keep their own 404s.
    a.server.get("/api/v1/khong-co").error(404, "not_found");
    a.server.get("/media/khong-co.jpg").error(404, "not_found");
}

#[test]
fn api_base_is_written_into_index() {
    let a = app(Some("https://api.example.vn/v1?a=1&b=\"2\""));
    for path in ["/", "/bai-viet/1024"] {
        let html = a.server.get(path).text();
        assert!(
            html.contains("<meta name=\"portal-api-base\" content=\"https://api.example.vn/v1?a=1&amp;b=&quot;2&quot;\">"),
            "{html}"
        );
    }
}

#[test]
fn without_dist_the_api_still_answers() {
    let s = TestServer::start(Options {
        dist: Some("/nonexistent/portal-dist".into()),
        ..Options::default()
    });
    assert_eq!(s.get("/api/v1/site").status, 200);
    assert_eq!(s.get("/").status, 404);
    s.get("/api/v1/nothing").error(404, "not_found");
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

#[test]
fn brotli_and_gzip_when_asked() {
    let a = app(None);
    let s = &a.server;
    let plain = s.get("/api/v1/home");
    assert_eq!(plain.header("content-encoding"), None);
    let br = s.get_with("/api/v1/home", &[("Accept-Encoding", "br")]);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(br.body.len() < plain.body.len());
    let home: Home = serde_json::from_slice(&brotli(&br.body)).expect("home JSON");
    assert_eq!(home.latest.len(), 10);
    let gz = s.get_with("/api/v1/home", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(
        serde_json::from_slice::<Home>(&gunzip(&gz.body))
            .unwrap()
            .latest
            .len(),
        10
    );
    let both = s.get_with("/api/v1/home", &[("Accept-Encoding", "gzip, deflate, br")]);
    assert!(matches!(
        both.header("content-encoding"),
        Some("br") | Some("gzip")
    ));

    for file in [JS, WASM, CSS] {
        let original = std::fs::read(a.dist.path().join(file)).unwrap();
        let r = s.get_with(&format!("/{file}"), &[("Accept-Encoding", "br")]);
        assert_eq!(r.header("content-encoding"), Some("br"), "{file}");
        assert_eq!(brotli(&r.body), original, "{file}");
        let r = s.get_with(&format!("/{file}"), &[("Accept-Encoding", "gzip")]);
        assert_eq!(r.header("content-encoding"), Some("gzip"), "{file}");
        assert_eq!(gunzip(&r.body), original, "{file}");
    }
    let index = s.get_with("/bai-viet/1", &[("Accept-Encoding", "gzip")]);
    assert_eq!(index.header("content-encoding"), Some("gzip"));
    // Pictures are already compressed.
    let jpg = s.get_with(
        "/media/2022/07/so-ket-dan-van-1.jpg",
        &[("Accept-Encoding", "br, gzip")],
    );
    assert_eq!(jpg.header("content-encoding"), None);
}

#[test]
fn the_builds_precompressed_copies_are_sent_as_they_are() {
    use std::io::Write;
    let a = app(None);
    // Written by tools/precompress.mjs in a real build; level 1 here, so that the test can
    // tell the copy from what the server's own compression (a stronger level) would send.
    let original = std::fs::read(a.dist.path().join(WASM)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&original).unwrap();
    let copy = gz.finish().unwrap();
    std::fs::write(a.dist.path().join(format!("{WASM}.gz")), &copy).unwrap();

    let r = a
        .server
        .get_with(&format!("/{WASM}"), &[("Accept-Encoding", "gzip")]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(r.header("vary"), Some("accept-encoding"));
    assert_eq!(r.body, copy);
    // A browser that takes neither gets the file itself.
    let plain = a.server.get(&format!("/{WASM}"));
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, original);
}
