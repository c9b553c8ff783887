//! `tasks::Staged` in a real browser: a view's parts come one task after another.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use portal::tasks::{next_task, Staged};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    host
}

fn parts(last: usize) -> impl IntoView {
    let staged = Staged::new(last);
    (0..=last)
        .map(|part| {
            let shown = staged.shows(part);
            move || shown.get().then(|| part.to_string())
        })
        .collect_view()
}

#[wasm_bindgen_test]
async fn parts_come_one_task_after_another() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), || parts(2));
    assert_eq!(host.text_content().unwrap(), "0");
    next_task().await;
    assert_eq!(host.text_content().unwrap(), "01");
    next_task().await;
    assert_eq!(host.text_content().unwrap(), "012");
    next_task().await;
    assert_eq!(host.text_content().unwrap(), "012");
    drop(handle);
    host.remove();
}
