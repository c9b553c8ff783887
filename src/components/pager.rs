//! Page links under a list.

use crate::domain::pagination::{pager, PagerItem};
use leptos::prelude::*;

/// Numbered page links; `href(n)` builds the URL of page `n`.
#[component]
pub fn Pager(current: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    (pages > 1).then(move || {
        let items = pager(current, pages)
            .into_iter()
            .map(|item| match item {
                PagerItem::Gap => view! { <li class="pager-gap" aria-hidden="true">"…"</li> }.into_any(),
                PagerItem::Page(n) if n == current => view! {
                    <li><a href=href(n) aria-current="page" aria-label=format!("Trang {n}, trang hiện tại")>{n}</a></li>
                }
                .into_any(),
                PagerItem::Page(n) => view! {
                    <li><a href=href(n) aria-label=format!("Trang {n}")>{n}</a></li>
                }
                .into_any(),
            })
            .collect_view();
        let prev = (current > 1).then(|| {
            view! { <li><a href=href(current - 1) rel="prev">"« Trang trước"</a></li> }
        });
        let next = (current < pages).then(|| {
            view! { <li><a href=href(current + 1) rel="next">"Trang sau »"</a></li> }
        });
        view! {
            <nav class="pager" aria-label="Phân trang">
                <ul>{prev}{items}{next}</ul>
            </nav>
        }
    })
}
