//! Property tests of every JSON endpoint's input: random query strings, path ids, methods and
//! comment bodies (random JSON, random bytes, wrong types, huge sizes, odd content types).
//! The property: the server never panics and never answers 5xx; every answer is the
//! contract's JSON, and every error carries one of the contract's codes.
//!
//! The seed is fixed, so a failure repeats; proptest then shrinks it to a small case. Set
//! `PROPTEST_RNG_SEED` to explore other cases and `PROPTEST_CASES` for more of them.

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use axum::body::Body;
use axum::http::{header, Method, Request};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::Value;
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

/// Characters that trip parsers: controls, separators, quotes, URL syntax, invisible and
/// bidirectional marks, Vietnamese letters and combining accents, astral and last code points.
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

/// Numbers as a client might send them: edges of the contract's ranges, overflows of 32 and
/// 64 bits, signs, fractions, exponents, hex, Arabic-Indic digits, padding and nothing.
const NUMBERS: &[&str] = &[
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

/// Valid in a URI but decoding to garbage.
const RAW: &[&str] = &["%", "%G1", "%FF%FE", "%C3", "+", "=", "&&", "%00"];

/// What a comment post has.
const COMMENT_FIELDS: [&str; 5] = ["author_name", "email", "content", "client_token", "website"];
/// Most keys of random JSON objects: a comment's fields and `id`.
const JSON_KEYS: &[&str] = &[
    "author_name",
    "email",
    "content",
    "client_token",
    "website",
    "id",
];

/// One request of a case.
#[derive(Clone)]
struct Req {
    method: Method,
    uri: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

impl Req {
    fn get(uri: String) -> Self {
        Req {
            method: Method::GET,
            uri,
            content_type: None,
            body: Vec::new(),
        }
    }
}

// What a failure prints: a body can weigh 300 KB.
impl fmt::Debug for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.uri)?;
        if self.method != Method::GET {
            let shown = String::from_utf8_lossy(&self.body[..self.body.len().min(200)]);
            write!(
                f,
                " ({:?}, {} bytes: {shown})",
                self.content_type,
                self.body.len()
            )?;
        }
        Ok(())
    }
}

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        1 => select(SPECIAL),
        1 => proptest::char::range('\0', '\u{2fff}'),
        2 => proptest::char::range('a', 'z'),
    ]
}

/// Mostly short, sometimes empty, rarely long. A long one repeats a short run of characters:
/// thousands of random ones take seconds to generate and shrink in a debug build.
fn any_string() -> BoxedStrategy<String> {
    prop_oneof![
        18 => vec(any_char(), 0..24).prop_map(|chars| chars.into_iter().collect()),
        1 => Just(String::new()),
        1 => (vec(any_char(), 1..24), 500..5500usize)
            .prop_map(|(chars, n)| chars.into_iter().cycle().take(n).collect()),
    ]
    .boxed()
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        7 => select(NUMBERS).prop_map(str::to_owned),
        3 => any_string(),
    ]
}

/// Random JSON, nested up to `depth` levels, with objects often keyed as a comment is.
fn json(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(|n| Value::from(n as f64 / 7.0 - 1e18)),
        any_string().prop_map(Value::String),
    ];
    let key = prop_oneof![
        7 => select(JSON_KEYS).prop_map(str::to_owned),
        3 => any_string(),
    ];
    leaf.prop_recursive(depth, 64, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            vec((key.clone(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Percent-encodes every byte but the unreserved ones; sometimes leaves raw specials and
/// broken escapes in.
fn encode(text: &str, raw: Option<&str>) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str(raw.unwrap_or(""));
    out
}

fn encoded(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (text, option::weighted(0.1, select(RAW))).prop_map(|(t, raw)| encode(&t, raw))
}

/// `?key=value&…` with mostly the endpoint's `keys`, sometimes bare keys or empty values.
fn query(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let key = prop_oneof![
        8 => select(keys).prop_map(str::to_owned),
        2 => encoded(any_string()),
    ];
    let value = encoded(prop_oneof![number_text(), any_string()]);
    let part = (key, value, 0..10u8).prop_map(|(key, value, form)| match form {
        0 => key,
        1 => format!("{key}="),
        _ => format!("{key}={value}"),
    });
    (vec(part, 0..5), any::<bool>()).prop_map(|(parts, bare)| {
        if parts.is_empty() && bare {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    })
}

/// An id in a path: existing ones, numbers of every shape, and garbage.
fn article_segment() -> impl Strategy<Value = String> {
    let text =
        (number_text(), any_string())
            .prop_map(|(number, other)| if number.is_empty() { other } else { number });
    prop_oneof![
        3 => select(&["1024", "1034", "1", "987654321"][..]).prop_map(str::to_owned),
        7 => encoded(text).prop_map(|seg| if seg.is_empty() { "0".into() } else { seg }),
    ]
}

fn comment_with_token(token: u64) -> Value {
    common::comment(&format!("fuzz-token-{token:016x}"))
}

fn comment_body() -> impl Strategy<Value = Vec<u8>> {
    // A plausible comment with some fields of random value or type.
    let field = option::weighted(
        0.25,
        prop_oneof![7 => any_string().prop_map(Value::String), 3 => json(2)],
    );
    let plausible = (any::<u64>(), proptest::array::uniform5(field)).prop_map(|(token, fields)| {
        let mut v = comment_with_token(token);
        for (name, value) in COMMENT_FIELDS.into_iter().zip(fields) {
            if let Some(value) = value {
                v[name] = value;
            }
        }
        v.to_string().into_bytes()
    });
    let bytes = prop_oneof![
        18 => vec(any::<u8>(), 0..24),
        1 => Just(Vec::new()),
        1 => vec(any::<u8>(), 500..5500),
    ];
    // Valid JSON cut short.
    let whole = common::comment("fuzz-token-truncated-0001").to_string();
    let truncated = (0..whole.len()).prop_map(move |cut| whole.as_bytes()[..cut].to_vec());
    // Over the size limit.
    let huge = (any::<u64>(), 0..100_000usize).prop_map(|(token, extra)| {
        let mut v = comment_with_token(token);
        v["content"] = Value::from("ệ".repeat(6000 + extra));
        v.to_string().into_bytes()
    });
    prop_oneof![
        4 => plausible,
        1 => json(4).prop_map(|v| v.to_string().into_bytes()),
        1 => bytes,
        1 => truncated,
        1 => huge,
    ]
}

fn comment_post() -> impl Strategy<Value = Req> {
    let content_type = prop_oneof![
        5 => Just(Some("application/json")),
        1 => Just(Some("application/json; charset=utf-8")),
        1 => Just(Some("application/vnd.api+json")),
        1 => Just(Some("text/plain")),
        1 => Just(Some("application/x-www-form-urlencoded")),
        1 => Just(Some("multipart/form-data; boundary=x")),
        1 => Just(None),
    ];
    let seg = prop_oneof![
        7 => select(&["1024", "1024", "1034"][..]).prop_map(str::to_owned),
        3 => article_segment(),
    ];
    (seg, content_type, comment_body()).prop_map(|(seg, content_type, body)| Req {
        method: Method::POST,
        uri: format!("/api/v1/articles/{seg}/comments"),
        content_type,
        body,
    })
}

/// Methods the API's paths do not take, with a JSON body.
fn other_method() -> impl Strategy<Value = Req> {
    let method = select(vec![
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::POST,
    ]);
    (method, 0..6usize, article_segment(), json(4)).prop_map(|(method, path, seg, body)| {
        let uri = match path {
            0 => "/api/v1/site".to_owned(),
            1 => "/api/v1/home".to_owned(),
            2 => "/api/v1/weather".to_owned(),
            3 => "/api/v1/articles".to_owned(),
            4 => format!("/api/v1/articles/{seg}"),
            _ => format!("/api/v1/{seg}"),
        };
        Req {
            method,
            uri,
            content_type: Some("application/json"),
            body: body.to_string().into_bytes(),
        }
    })
}

/// One request to each endpoint, and a comment post and a wrong method.
fn case() -> impl Strategy<Value = Vec<Req>> {
    let channel = prop_oneof![7 => Just("hgtv".to_owned()), 3 => article_segment()];
    (
        query(&["page", "per_page", "q", "category"])
            .prop_map(|q| Req::get(format!("/api/v1/articles{q}"))),
        query(&["location"]).prop_map(|q| Req::get(format!("/api/v1/weather{q}"))),
        article_segment().prop_map(|seg| Req::get(format!("/api/v1/articles/{seg}"))),
        (article_segment(), query(&["page", "per_page"]))
            .prop_map(|(seg, q)| Req::get(format!("/api/v1/articles/{seg}/comments{q}"))),
        query(&["page", "per_page", "show", "kind", "language"])
            .prop_map(|q| Req::get(format!("/api/v1/programmes{q}"))),
        article_segment().prop_map(|seg| Req::get(format!("/api/v1/programmes/{seg}"))),
        (channel, query(&["date"]))
            .prop_map(|(c, q)| Req::get(format!("/api/v1/channels/{c}/schedule{q}"))),
        (
            select(&["/api/v1/home", "/api/v1/site"][..]),
            query(&["page", "q"]),
        )
            .prop_map(|(path, q)| Req::get(format!("{path}{q}"))),
        comment_post(),
        other_method(),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| vec![a, b, c, d, e, f, g, h, i, j])
}

/// Reads a whole answer.
async fn collect(body: Body) -> Vec<u8> {
    axum::body::to_bytes(body, 64 * 1024 * 1024)
        .await
        .expect("read body")
        .to_vec()
}

/// Sends `req` and checks the answer; returns its status, or `None` when `req` is not a
/// request a client could send.
async fn check(app: &axum::Router, req: &Req) -> Result<Option<u16>, TestCaseError> {
    let mut builder = Request::builder()
        .method(req.method.clone())
        .uri(req.uri.as_str());
    if let Some(ct) = req.content_type {
        builder = builder.header(header::CONTENT_TYPE, ct);
    }
    let Ok(request) = builder.body(Body::from(req.body.clone())) else {
        return Ok(None);
    };
    let response = app
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
    prop_assert!(
        status.as_u16() < 500,
        "{req:?}: answered {status}: {}",
        text.chars().take(300).collect::<String>()
    );
    prop_assert_eq!(
        content_type.as_str(),
        "application/json; charset=utf-8",
        "{:?}: {}",
        req,
        status
    );
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        TestCaseError::fail(format!(
            "{req:?}: {status} with a body that is not JSON: {e}"
        ))
    })?;
    if !status.is_success() {
        let code = value["error"].as_str().unwrap_or("");
        prop_assert!(
            ERROR_CODES.contains(&code),
            "{req:?}: {status} with error code {code:?}"
        );
        prop_assert!(
            value["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{req:?}"
        );
    }
    Ok(Some(status.as_u16()))
}

#[test]
fn no_input_makes_the_api_fail() {
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
    // `Config::default` reads PROPTEST_CASES (else 256) and PROPTEST_RNG_SEED.
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if matches!(config.rng_seed, RngSeed::Random) {
        config.rng_seed = RngSeed::Fixed(0x5eed_2022_0701_1515);
    }
    let cases = config.cases as usize;
    let statuses = RefCell::new(BTreeMap::<u16, usize>::new());
    let result = TestRunner::new(config).run(&case(), |requests| {
        runtime.block_on(async {
            for req in &requests {
                if let Some(status) = check(&app, req).await? {
                    *statuses.borrow_mut().entry(status).or_default() += 1;
                }
            }
            Ok::<(), TestCaseError>(())
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let statuses = statuses.into_inner();
    let checked: usize = statuses.values().sum();
    assert!(
        checked >= cases * 6,
        "only {checked} requests could be built"
    );
    println!("{checked} requests, by status: {statuses:?}");
    // The strategies reach every kind of answer (or they test less than they seem to).
    if cases >= 256 {
        for status in [200, 202, 400, 403, 404, 405, 413, 422] {
            assert!(
                statuses.contains_key(&status),
                "no {status} in {statuses:?}"
            );
        }
    }
}
