//! `portal::json` in a real browser (`JSON.parse` and serde-wasm-bindgen) reads every answer
//! as serde_json, which the host's unit tests use, does: the same values, and errors for the
//! same inputs.
#![cfg(target_arch = "wasm32")]

use portal::api::types::*;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Both decoders give `text` the same meaning: one value, or both an error.
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    let browser = portal::json::from_str::<T>(text);
    match serde_json::from_str::<T>(text) {
        Ok(host) => assert_eq!(browser, Ok(host), "{text}"),
        Err(e) => assert!(
            browser.is_err(),
            "serde_json: {e}; the browser: {browser:?}"
        ),
    }
}

macro_rules! example {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/api/examples/",
            $name
        ))
    };
}

#[wasm_bindgen_test]
fn every_example_answer_decodes_as_on_the_host() {
    same::<Site>(example!("site.json"));
    same::<Home>(example!("home.json"));
    same::<Page<ArticleSummary>>(example!("articles-page-1.json"));
    same::<Article>(example!("article-1024.json"));
    same::<Page<Comment>>(example!("comments-1024.json"));
    same::<Weather>(example!("weather-ha-giang.json"));
    same::<Weather>(example!("weather-no-observation.json"));
    same::<ErrorBody>(example!("error-404.json"));
    same::<CommentAccepted>(example!("post-comment-202.json"));
    same::<ErrorBody>(example!("post-comment-422.json"));
    same::<ErrorBody>(example!("post-comment-429.json"));
    same::<Vec<Channel>>(example!("channels.json"));
    same::<Vec<ChannelEntry>>(example!("channels.json"));
    same::<Vec<Channel>>(example!("channels-off-air.json"));
    same::<Schedule>(example!("schedule-hgtv.json"));
    same::<Page<Programme>>(example!("programmes-page-1.json"));
    same::<Programme>(example!("programme-2201.json"));
    // The values are there, not only equal: the seed article's byline.
    let article: Article = portal::json::from_str(example!("article-1024.json")).unwrap();
    assert_eq!(article.author.as_deref(), Some("Văn Bính- Hải Hà"));
}

#[wasm_bindgen_test]
fn odd_and_broken_answers_are_read_alike() {
    // Unknown fields, nulls, missing optional fields, an unknown icon, escapes.
    same::<Weather>(
        r#"{"location":{"slug":"x","name":"X","extra":1},"icon":"tornado","wind":"5"}"#,
    );
    same::<Weather>(r#"{"location":{"slug":"x","name":"X"},"temperature_c":-3.5,"icon":null}"#);
    same::<ArticleSummary>(
        r#"{"id":1,"slug":"s","title":"T\u1ea0 \ud83d\udcfa \"q\"","published_at":"2022-07-01T15:15:00Z",
            "category":{"slug":"c","name":"C"},"thumbnail":null,"new_field":[1,{"a":2}]}"#,
    );
    same::<Article>(
        r#"{"id":7,"slug":"a","title":"T","published_at":"2022-07-01T15:15:00+07:00",
            "category":{"slug":"thoi-su","name":"Thời sự"}}"#,
    );
    // Wrong: a string id, a fraction or a negative where a count is, a missing field, a
    // number for a string, an unknown media kind, text cut short, not JSON at all.
    for broken in [
        r#"{"id":"x"}"#,
        r#"{"id":1.5,"slug":"a","title":"T","published_at":"p","category":{"slug":"c","name":"C"}}"#,
        r#"{"id":1,"slug":"a","title":"T","published_at":"p","category":{"slug":"c","name":"C"},"comment_count":-1}"#,
        r#"{"id":1,"slug":"a","title":"T","published_at":"p"}"#,
        r#"{"id":1,"slug":2,"title":"T","published_at":"p","category":{"slug":"c","name":"C"}}"#,
        r#"{"name":"Đà"#,
        "<html>502</html>",
        "",
    ] {
        same::<ArticleSummary>(broken);
    }
    same::<Media>(r#"{"kind":"hologram","sources":[]}"#);
    // Each kind where another is expected, and numbers out of range.
    for odd in [
        "null",
        "[]",
        r#"{"items":{},"page":1,"per_page":20,"total":0}"#,
        r#"{"items":[null],"page":1,"per_page":20,"total":0}"#,
        r#"{"items":[],"page":4294967296,"per_page":20,"total":0}"#,
        r#"{"items":[],"page":1,"per_page":"20","total":0}"#,
        r#"{"items":[],"page":1,"per_page":20,"total":true}"#,
    ] {
        same::<Page<Comment>>(odd);
    }
    same::<Weather>(r#"{"location":{"slug":"x","name":"X"},"temperature_c":"24"}"#);
    same::<Weather>(r#"{"location":{"slug":"x","name":"X"},"icon":1}"#);
    same::<Article>(
        r#"{"id":7,"slug":"a","title":"T","published_at":"p","category":{"slug":"c","name":"C"},
            "comments_open":"yes"}"#,
    );
    same::<ErrorBody>(r#"{"error":"validation","message":"m","fields":{"email":7}}"#);
}

/// The differences `src/json.rs` names: a repeated name's last value, `2.0` read as 2, and
/// whole numbers JavaScript cannot hold exactly refused, not rounded.
#[wasm_bindgen_test]
fn where_the_browser_differs() {
    let page = portal::json::from_str::<Page<Comment>>(
        r#"{"items":[],"page":2.0,"page":3,"per_page":20,"total":0}"#,
    );
    assert_eq!(page.map(|p| p.page), Ok(3));
    assert!(serde_json::from_str::<Page<Comment>>(r#"{"items":[],"page":2.0}"#).is_err());
    let huge = r#"{"items":[],"total":9007199254740993}"#;
    assert!(portal::json::from_str::<Page<Comment>>(huge).is_err());
    assert!(serde_json::from_str::<Page<Comment>>(huge).is_ok());
    let safe = r#"{"items":[],"total":9007199254740991}"#;
    assert_eq!(
        portal::json::from_str::<Page<Comment>>(safe).map(|p| p.total),
        Ok((1 << 53) - 1)
    );
}

#[wasm_bindgen_test]
fn errors_say_what_was_expected() {
    let err = portal::json::from_str::<Page<Comment>>(
        r#"{"items":[],"page":1.5,"per_page":20,"total":0}"#,
    );
    assert!(
        err.as_ref().is_err_and(|e| e.contains("expected")),
        "{err:?}"
    );
    let err = portal::json::from_str::<Site>("{");
    assert!(err.is_err_and(|e| !e.is_empty()));
}
