//! Property tests of every JSON endpoint's input: random query strings, path ids, methods and
//! comment bodies (random JSON, random bytes, wrong types, huge sizes, odd content types).
//! The property: the server never panics and never answers 5xx; every answer is the
//! contract's JSON, and every error carries one of the contract's codes.
//!
//! The generator is a fixed-seed xorshift, so a failure names a case that repeats; set
//! `FUZZ_SEED` to explore other cases and `FUZZ_CASES` for more of them.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request};
use tower::ServiceExt;

use common::{fresh_db, temp_dir};
use portal_server::db::Db;
use portal_server::{AppState, Options};

const ERROR_CODES: &[&str] = &[
    "bad_request",
    "not_found",
    "validation",
    "rate_limited",
    "comments_closed",
    "internal",
];

/// Reads a whole answer.
async fn collect(body: Body) -> Vec<u8> {
    axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .expect("read body")
        .to_vec()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A short length, sometimes long, rarely huge.
    fn len(&mut self) -> usize {
        match self.below(20) {
            0 => 500 + self.below(5000),
            1 => 0,
            _ => self.below(24),
        }
    }

    fn char(&mut self) -> char {
        const SPECIAL: &[char] = &[
            '\0',
            '\u{1}',
            '\t',
            '\n',
            '\r',
            ' ',
            '"',
            '\'',
            '\\',
            '%',
            '&',
            '=',
            '+',
            '?',
            '#',
            '/',
            '<',
            '>',
            ';',
            '_',
            '*',
            '\u{7f}',
            '\u{a0}',
            '\u{200b}',
            '\u{202e}',
            '\u{feff}',
            'đ',
            'Đ',
            'ệ',
            'ư',
            '\u{301}',
            '\u{323}',
            '😀',
            '\u{fffd}',
            '\u{10ffff}',
        ];
        match self.below(4) {
            0 => *self.pick(SPECIAL),
            1 => char::from_u32(self.below(0x3000) as u32).unwrap_or('x'),
            _ => (b'a' + self.below(26) as u8) as char,
        }
    }

    fn string(&mut self) -> String {
        let n = self.len();
        (0..n).map(|_| self.char()).collect()
    }

    fn number_text(&mut self) -> String {
        let options = [
            "0",
            "1",
            "2",
            "-1",
            "+3",
            "1.5",
            "1e3",
            "50",
            "51",
            "999999",
            "4294967295",
            "4294967296",
            "18446744073709551616",
            "99999999999999999999999999",
            " 7 ",
            "0x10",
            "١٢",
            "",
        ];
        if self.chance(70) {
            (*self.pick(&options)).to_owned()
        } else {
            self.string()
        }
    }

    fn json(&mut self, depth: usize) -> serde_json::Value {
        use serde_json::Value;
        match self.below(if depth > 3 { 5 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.chance(50)),
            2 => serde_json::json!(self.next() as i64),
            3 => serde_json::json!((self.next() as f64) / 7.0 - 1e18),
            4 => Value::String(self.string()),
            5 => Value::Array((0..self.below(5)).map(|_| self.json(depth + 1)).collect()),
            _ => {
                let mut map = serde_json::Map::new();
                for _ in 0..self.below(6) {
                    let key = if self.chance(70) {
                        (*self.pick(&[
                            "author_name",
                            "email",
                            "content",
                            "client_token",
                            "website",
                            "id",
                        ]))
                        .to_owned()
                    } else {
                        self.string()
                    };
                    map.insert(key, self.json(depth + 1));
                }
                Value::Object(map)
            }
        }
    }
}

/// Percent-encodes every byte but the unreserved ones; sometimes leaves raw specials and
/// broken escapes in (they are valid in a URI but decode to garbage).
fn encode(rng: &mut Rng, text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if rng.chance(10) {
        const RAW: [&str; 8] = ["%", "%G1", "%FF%FE", "%C3", "+", "=", "&&", "%00"];
        out.push_str(RAW[rng.below(RAW.len())]);
    }
    out
}

fn query(rng: &mut Rng, keys: &[&str]) -> String {
    let mut parts = Vec::new();
    for _ in 0..rng.below(5) {
        let key = if rng.chance(80) {
            (*rng.pick(keys)).to_owned()
        } else {
            let key = rng.string();
            encode(rng, &key)
        };
        let value = if rng.chance(50) {
            rng.number_text()
        } else {
            rng.string()
        };
        let value = encode(rng, &value);
        parts.push(match rng.below(10) {
            0 => key,
            1 => format!("{key}="),
            _ => format!("{key}={value}"),
        });
    }
    if parts.is_empty() && rng.chance(50) {
        return String::new();
    }
    format!("?{}", parts.join("&"))
}

fn article_segment(rng: &mut Rng) -> String {
    if rng.chance(30) {
        return (*rng.pick(&["1024", "1034", "1", "987654321"])).to_owned();
    }
    let text = rng.number_text();
    let text = if text.is_empty() { rng.string() } else { text };
    let seg = encode(rng, &text);
    if seg.is_empty() {
        "0".into()
    } else {
        seg
    }
}

fn comment_body(rng: &mut Rng) -> (Vec<u8>, Option<&'static str>) {
    let content_type = *rng.pick(&[
        Some("application/json"),
        Some("application/json"),
        Some("application/json"),
        Some("application/json"),
        Some("application/json"),
        Some("application/json; charset=utf-8"),
        Some("application/vnd.api+json"),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ]);
    let body = match rng.below(8) {
        // A plausible comment with random field values.
        0..=3 => {
            let mut v = common::comment(&format!("fuzz-token-{:016x}", rng.next()));
            for field in ["author_name", "email", "content", "client_token", "website"] {
                if rng.chance(25) {
                    v[field] = if rng.chance(70) {
                        serde_json::Value::String(rng.string())
                    } else {
                        rng.json(2)
                    };
                }
            }
            v.to_string().into_bytes()
        }
        4 => rng.json(0).to_string().into_bytes(),
        5 => (0..rng.len()).map(|_| rng.next() as u8).collect(),
        // Valid JSON cut short.
        6 => {
            let text = common::comment("fuzz-token-truncated-0001").to_string();
            let cut = rng.below(text.len());
            text.as_bytes()[..cut].to_vec()
        }
        // Over the size limit.
        _ => {
            let mut v = common::comment(&format!("fuzz-token-{:016x}", rng.next()));
            v["content"] = serde_json::json!("ệ".repeat(6000 + rng.below(100_000)));
            v.to_string().into_bytes()
        }
    };
    (body, content_type)
}

struct Fuzzer {
    app: axum::Router,
    checked: usize,
    statuses: std::collections::BTreeMap<u16, usize>,
}

impl Fuzzer {
    async fn check(&mut self, case: &str, request: Request<Body>) {
        let response = self
            .app
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {});
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = collect(response.into_body()).await;
        let text = String::from_utf8_lossy(&body);
        assert!(
            status.as_u16() < 500,
            "{case}: answered {status}: {}",
            text.chars().take(300).collect::<String>()
        );
        assert_eq!(
            content_type, "application/json; charset=utf-8",
            "{case}: {status}"
        );
        let value: serde_json::Value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{case}: {status} with a body that is not JSON: {e}"));
        if !status.is_success() {
            let code = value["error"].as_str().unwrap_or("");
            assert!(
                ERROR_CODES.contains(&code),
                "{case}: {status} with error code {code:?}"
            );
            assert!(
                value["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{case}"
            );
        }
        self.checked += 1;
        *self.statuses.entry(status.as_u16()).or_default() += 1;
    }

    async fn get(&mut self, uri: &str) {
        let request = match Request::get(uri).body(Body::empty()) {
            Ok(r) => r,
            // Not a URI a client could send.
            Err(_) => return,
        };
        self.check(&format!("GET {uri}"), request).await;
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn no_input_makes_the_api_fail() {
    let cases = env_number("FUZZ_CASES", 256) as usize;
    let seed = env_number("FUZZ_SEED", 0x5eed_2022_0701_1515);
    let dir = temp_dir("fuzz");
    let db_path = fresh_db(dir.path());
    let site = portal_server::seed_data::site().unwrap();
    let (db, _) = Db::open(&db_path, &site, 0).unwrap();
    let app = portal_server::app(AppState::new(db, site, Options::default()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut f = Fuzzer {
        app,
        checked: 0,
        statuses: Default::default(),
    };
    let mut rng = Rng(seed | 1);
    runtime.block_on(async {
        for _ in 0..cases {
            let q = query(&mut rng, &["page", "per_page", "q", "category"]);
            f.get(&format!("/api/v1/articles{q}")).await;

            let q = query(&mut rng, &["location"]);
            f.get(&format!("/api/v1/weather{q}")).await;

            let seg = article_segment(&mut rng);
            f.get(&format!("/api/v1/articles/{seg}")).await;

            let seg = article_segment(&mut rng);
            let q = query(&mut rng, &["page", "per_page"]);
            f.get(&format!("/api/v1/articles/{seg}/comments{q}")).await;

            // Broadcast.
            let q = query(&mut rng, &["page", "per_page", "show", "kind", "language"]);
            f.get(&format!("/api/v1/programmes{q}")).await;
            let seg = article_segment(&mut rng);
            f.get(&format!("/api/v1/programmes/{seg}")).await;
            let seg = article_segment(&mut rng);
            let channel = if rng.chance(70) { "hgtv" } else { seg.as_str() };
            let q = query(&mut rng, &["date"]);
            f.get(&format!("/api/v1/channels/{channel}/schedule{q}"))
                .await;

            let q = query(&mut rng, &["page", "q"]);
            let path = rng.pick(&["/api/v1/home", "/api/v1/site"]).to_string();
            f.get(&format!("{path}{q}")).await;

            // Comment posts.
            let seg = if rng.chance(70) {
                (*rng.pick(&["1024", "1024", "1034"])).to_owned()
            } else {
                article_segment(&mut rng)
            };
            let uri = format!("/api/v1/articles/{seg}/comments");
            let (body, content_type) = comment_body(&mut rng);
            let mut builder = Request::post(&uri);
            if let Some(ct) = content_type {
                builder = builder.header(header::CONTENT_TYPE, ct);
            }
            if let Ok(request) = builder.body(Body::from(body.clone())) {
                let case = format!(
                    "POST {uri} ({content_type:?}, {} bytes: {})",
                    body.len(),
                    String::from_utf8_lossy(&body[..body.len().min(200)])
                );
                f.check(&case, request).await;
            }

            // Other methods on the API's paths.
            let method = rng
                .pick(&[Method::PUT, Method::DELETE, Method::PATCH, Method::POST])
                .clone();
            let seg = article_segment(&mut rng);
            let path = rng
                .pick(&[
                    "/api/v1/site".to_owned(),
                    "/api/v1/home".to_owned(),
                    "/api/v1/weather".to_owned(),
                    "/api/v1/articles".to_owned(),
                    format!("/api/v1/articles/{seg}"),
                    format!("/api/v1/{seg}"),
                ])
                .clone();
            if let Ok(request) = Request::builder()
                .method(method.clone())
                .uri(&path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(rng.json(0).to_string()))
            {
                f.check(&format!("{method} {path}"), request).await;
            }
        }
    });
    assert!(
        f.checked >= cases * 6,
        "only {} requests could be built",
        f.checked
    );
    println!("{} requests, by status: {:?}", f.checked, f.statuses);
    // The generator reaches every kind of answer (or it tests less than it seems to).
    if cases >= 256 {
        for status in [200, 202, 400, 403, 404, 405, 413, 422] {
            assert!(
                f.statuses.contains_key(&status),
                "no {status} in {:?}",
                f.statuses
            );
        }
    }
}
