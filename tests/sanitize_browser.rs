//! The sanitizer in a real browser DOM (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use portal::sanitize::sanitize_to_fragment;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clean(html: &str) -> String {
    let doc = web_sys::window().unwrap().document().unwrap();
    let frag = sanitize_to_fragment(&doc, html, "/api/v1").expect("sanitised");
    let div = doc.create_element("div").unwrap();
    div.append_child(&frag).unwrap();
    // Attached, so that anything that could run would run now.
    doc.body().unwrap().append_child(&div).unwrap();
    let out = div.inner_html();
    div.remove();
    out
}

fn flag_set() -> bool {
    let w = web_sys::window().unwrap();
    js_sys::Reflect::get(&w, &JsValue::from_str("__xss"))
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
fn keeps_editorial_markup() {
    let out = clean(
        r#"<h1>Tít</h1><p>Đoạn <strong>đậm</strong> <em>nghiêng</em> <a href="https://hagiang.gov.vn">liên kết</a></p>
        <figure><img src="/media/a.jpg" alt="Ảnh" width="800" height="533"><figcaption>Chú thích</figcaption></figure>
        <figure><img src="/media/b.jpg" alt="Ảnh 2" width="800" height="533"></figure>
        <ul><li>một</li></ul><blockquote>trích</blockquote><table><tr><td colspan="2">ô</td></tr></table>"#,
    );
    assert!(out.contains("<h2>Tít</h2>"), "{out}");
    assert!(out.contains("<strong>đậm</strong>"), "{out}");
    assert!(out.contains(r#"href="https://hagiang.gov.vn""#), "{out}");
    assert!(out.contains("<figcaption>Chú thích</figcaption>"), "{out}");
    assert!(
        out.contains(r#"width="800""#) && out.contains(r#"height="533""#),
        "{out}"
    );
    assert_eq!(
        out.matches(r#"loading="lazy""#).count(),
        1,
        "first photo eager, later lazy: {out}"
    );
    assert!(
        out.contains("<blockquote>")
            && out.contains("<li>một</li>")
            && out.contains(r#"colspan="2""#)
    );
}

#[wasm_bindgen_test]
fn removes_everything_dangerous() {
    let vectors = [
        r#"<script>window.__xss=1</script>"#,
        r#"<img src=x onerror="window.__xss=1">"#,
        r#"<a href="javascript:window.__xss=1">x</a>"#,
        r#"<a href="  jav&#x09;ascript:window.__xss=1">x</a>"#,
        r#"<iframe src="javascript:window.__xss=1"></iframe>"#,
        r#"<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>"#,
        r#"<svg><script>window.__xss=1</script></svg>"#,
        r#"<svg onload="window.__xss=1"></svg>"#,
        r#"<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">"#,
        r#"<object data="javascript:window.__xss=1"></object>"#,
        r#"<form><button formaction="javascript:window.__xss=1">x</button></form>"#,
        r#"<p style="background:url(javascript:window.__xss=1)">x</p>"#,
        r#"<div onmouseover="window.__xss=1">x</div>"#,
        r#"<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">"#,
        r#"<details open ontoggle="window.__xss=1">"#,
        r#"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
    ];
    for v in vectors {
        let out = clean(v).to_ascii_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "javascript:",
            "<iframe",
            "<svg",
            "<math",
            "<object",
            "<form",
            "style=",
            "formaction",
            "ontoggle",
            "onmouseover",
            "srcdoc",
            "data:",
        ] {
            assert!(!out.contains(bad), "{v} → {out}");
        }
    }
    assert!(!flag_set(), "a vector ran script");
}

#[wasm_bindgen_test]
fn broken_and_deep_markup_is_survivable() {
    let out = clean("<p>mở <b>không đóng <i>lồng");
    assert!(out.contains("mở"), "{out}");
    let deep = "<span>".repeat(5000) + "chữ";
    assert!(clean(&deep).contains("chữ"));
    let deep_kept = "<blockquote>".repeat(300) + "sâu";
    assert!(clean(&deep_kept).contains("sâu"));
}
