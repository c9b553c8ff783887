use crate::context::use_app;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_app().site;
    let name = move || site.get().and_then(Result::ok).map(|s| s.name);
    // The feeds are only there behind the front server, which links them in the page's head;
    // a static host has none, so no link leads nowhere.
    let feeds = feeds_served().then(|| {
        let categories = move || {
            site.get()
                .and_then(Result::ok)
                .map(|s| s.categories)
                .unwrap_or_default()
                .into_iter()
                .map(|c| view! { <li><a href=routes::feed(Some(&c.slug)) rel="external">{c.name}</a></li> })
                .collect_view()
        };
        view! {
            <nav class="feeds" aria-label="Tin RSS">
                <span>"RSS:"</span>
                <ul>
                    <li><a href=routes::feed(None) rel="external">"Tất cả tin"</a></li>
                    {categories}
                </ul>
            </nav>
        }
    });
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-name">{name}</p>
                {feeds}
                <p>"Ghi rõ nguồn khi phát hành lại thông tin từ trang này."</p>
            </div>
        </footer>
    }
}

fn feeds_served() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("link[rel=alternate][type='application/rss+xml']")
                .ok()
                .flatten()
        })
        .is_some()
}
