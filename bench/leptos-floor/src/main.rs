//! A router with two routes, one API request decoded with serde_json into a list, a signal and
//! a click handler: what any page of a Leptos portal needs before it has any features.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_params_map;
use leptos_router::path;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Deserialize, Clone)]
struct Page {
    items: Vec<Item>,
}

#[derive(Deserialize, Clone)]
struct Item {
    id: u64,
    title: String,
    sapo: String,
}

async fn articles() -> Result<Vec<Item>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let answer = JsFuture::from(window.fetch_with_str("/api/v1/articles"))
        .await
        .map_err(|e| format!("{e:?}"))?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| "not a response")?;
    let text = JsFuture::from(answer.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let page: Page =
        serde_json::from_str(&text.as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    Ok(page.items)
}

#[component]
fn Home() -> impl IntoView {
    let items = LocalResource::new(articles);
    view! {
        <ul>
            {move || items.get().map(|answer| match answer {
                Ok(items) => items
                    .into_iter()
                    .map(|i| view! { <li><A href=format!("/a/{}", i.id)>{i.title}</A><p>{i.sapo}</p></li> })
                    .collect_view()
                    .into_any(),
                Err(e) => view! { <p>{e}</p> }.into_any(),
            })}
        </ul>
    }
}

#[component]
fn Article() -> impl IntoView {
    let params = use_params_map();
    let (count, set_count) = signal(0);
    view! {
        <h1>{move || params.get().get("id").unwrap_or_default()}</h1>
        <button on:click=move |_| set_count.update(|n| *n += 1)>{count}</button>
    }
}

fn main() {
    mount_to_body(|| {
        view! {
            <Router>
                <header>"Portal"</header>
                <main>
                    <Routes fallback=|| "404">
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/a/:id") view=Article/>
                    </Routes>
                </main>
            </Router>
        }
    });
}
