//! `ApiResource` in a real browser: it loads, follows the signals its fetcher reads, and
//! fetches again on `refetch`, like the `LocalResource` it replaces.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use portal::api::{ApiError, ApiResource};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the executor run the resource's fetch and the view update.
async fn settle() {
    let wait = js_sys::Promise::new(&mut |done, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&done, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

#[wasm_bindgen_test]
async fn loads_follows_its_signals_and_refetches() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();

    let n = RwSignal::new(1u32);
    let calls = Rc::new(Cell::new(0u32));
    let slot = Rc::new(Cell::new(None::<ApiResource<u32>>));
    let handle = {
        let (calls, slot) = (calls.clone(), slot.clone());
        leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            let res = ApiResource::new(move || {
                calls.set(calls.get() + 1);
                let v = n.get();
                async move {
                    if v == 0 {
                        Err(ApiError::Timeout)
                    } else {
                        Ok(v * 2)
                    }
                }
            });
            slot.set(Some(res));
            view! { <p>{move || format!("{:?}", res.get())}</p> }
        })
    };
    let res = slot.get().unwrap();

    settle().await;
    assert_eq!(host.text_content().unwrap(), "Some(Ok(2))");
    assert_eq!(res.get_untracked(), Some(Ok(2)));

    n.set(3);
    settle().await;
    assert_eq!(host.text_content().unwrap(), "Some(Ok(6))");

    let before = calls.get();
    res.refetch();
    settle().await;
    assert_eq!(calls.get(), before + 1);
    assert_eq!(host.text_content().unwrap(), "Some(Ok(6))");

    n.set(0);
    settle().await;
    assert_eq!(host.text_content().unwrap(), "Some(Err(Timeout))");

    drop(handle);
    host.remove();
}
