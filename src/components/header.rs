//! The masthead: logo and name, today's date, weather, search, and the category menu.

use crate::api::types::ChannelKind;
use crate::app::use_app;
use crate::components::offline::InstallEntry;
use crate::components::reading_tools::ComfortControls;
use crate::components::weather::WeatherBox;
use crate::domain::time::{format_vietnam_date, now};
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

fn today() -> String {
    format_vietnam_date(now())
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_app().site;
    // Kiosks and open tabs outlive midnight.
    let date = RwSignal::new(today());
    if let Ok(handle) = set_interval_with_handle(move || date.set(today()), Duration::from_secs(60))
    {
        on_cleanup(move || handle.clear());
    }
    let name = move || site.get().and_then(Result::ok).map(|s| s.name);
    let menu = move || match site.get() {
        Some(Ok(s)) => s
            .categories
            .into_iter()
            .map(|c| view! { <li><a href=routes::category(&c.slug, 1)>{c.name}</a></li> })
            .collect_view()
            .into_any(),
        Some(Err(_)) => view! {
            <li>
                <button type="button" class="menu-retry" on:click=move |_| site.refetch()>
                    "Không tải được chuyên mục — thử lại"
                </button>
            </li>
        }
        .into_any(),
        None => (0..5)
            .map(|_| view! { <li><span class="skeleton skeleton-menu"></span></li> })
            .collect_view()
            .into_any(),
    };
    let channels = use_app().channels;
    // No broadcast on the server (404, an empty list, an error): no entry at all.
    let broadcast = move || {
        let list = channels.get().and_then(Result::ok).unwrap_or_default();
        let has = |kind| list.iter().any(|c| c.kind == kind);
        let entry = |href: String, name: &'static str| view! { <li><a href=href>{name}</a></li> };
        view! {
            {has(ChannelKind::Tv).then(|| entry(routes::channels(ChannelKind::Tv), "Truyền hình"))}
            {has(ChannelKind::Radio).then(|| entry(routes::channels(ChannelKind::Radio), "Phát thanh"))}
            {(!list.is_empty()).then(|| entry(routes::programmes(&Default::default(), 1), "Xem lại – Nghe lại"))}
        }
    };
    let navigate = use_navigate();
    let query = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        if !q.trim().is_empty() {
            navigate(&routes::search(&q, 1), Default::default());
        }
    };

    view! {
        <header class="site-header">
            <div class="container masthead">
                <a class="brand" href=routes::home()>
                    <img class="brand-logo" src="/logo.svg" alt="" width="56" height="56"/>
                    <span class="brand-name">{name}</span>
                </a>
                <div class="masthead-side">
                    <p class="today">{move || date.get()}</p>
                    <WeatherBox/>
                    <ComfortControls/>
                </div>
            </div>
            <nav class="menu" aria-label="Chuyên mục">
                <div class="container menu-inner">
                    <ul class="menu-list">
                        // The fixed entries come first: when the categories replace their
                        // placeholders, nothing after them moves (the install entry comes
                        // later still, at the end).
                        <li><a href=routes::home() class="menu-home">"Trang chủ"</a></li>
                        <li><a href=routes::saved()>"Bài đã lưu"</a></li>
                        {menu}
                        {broadcast}
                        <InstallEntry/>
                    </ul>
                    <form class="search-box" role="search" aria-label="Tìm kiếm nhanh" on:submit=on_search>
                        <label class="visually-hidden" for="header-search">"Tìm kiếm bài viết"</label>
                        <input
                            id="header-search"
                            type="search"
                            name="q"
                            placeholder="Tìm kiếm…"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))
                        />
                        <button type="submit" class="button">"Tìm"</button>
                    </form>
                </div>
            </nav>
        </header>
    }
}
