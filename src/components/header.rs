//! The masthead: logo and name, today's date, weather, reading settings, search, and the
//! category menu. On phones (style/main.css) the menu, search and reading settings are
//! popovers behind buttons, so the story starts within the first quarter of the screen.

use crate::api::types::ChannelKind;
use crate::chunks;
use crate::components::weather::WeatherBox;
use crate::context::use_app;
use crate::domain::broadcast::{RADIO_MENU, TV_MENU};
use crate::domain::time::{format_vietnam_date, now};
use crate::pages::programmes;
use crate::router::use_location;
use crate::routes;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

const MENU_PANEL: &str = "menu-chuyen-muc";
const SEARCH_PANEL: &str = "tim-kiem-nhanh";
const SETTINGS_PANEL: &str = "cai-dat-doc";

fn today() -> String {
    format_vietnam_date(now())
}

/// The site's header; its side of the masthead (date, weather, reading settings) is drawn
/// when `side` turns true, in a task after the rest (crate::tasks).
#[component]
pub fn SiteHeader(side: Memo<bool>) -> impl IntoView {
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
    let channel_kinds = use_app().channel_kinds;
    // No broadcast on the server (404, an empty list, an error): no entry at all.
    let broadcast = move || {
        let list = channel_kinds.get().and_then(Result::ok).unwrap_or_default();
        let has = |kind| list.contains(&kind);
        let entry = |href: String, name: &'static str| view! { <li><a href=href>{name}</a></li> };
        view! {
            {has(ChannelKind::Tv).then(|| entry(routes::channels(ChannelKind::Tv), TV_MENU))}
            {has(ChannelKind::Radio).then(|| entry(routes::channels(ChannelKind::Radio), RADIO_MENU))}
            {(!list.is_empty()).then(|| entry(routes::programmes(&Default::default(), 1), programmes::HEADING))}
        }
    };
    // The reading settings' controls are downloaded when first opened (src/chunks.rs).
    let settings_opened = RwSignal::new(false);
    let location = use_location();
    let query = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        if !q.trim().is_empty() {
            location.navigate(&routes::search(&q, 1));
        }
    };

    view! {
        <header class="site-header">
            <div class="container masthead">
                // Until the site's name arrives the logo alone would be a link without a name.
                <a class="brand" href=routes::home()
                    aria-label=move || name().is_none().then_some("Trang chủ")>
                    <img class="brand-logo" src="/logo.svg" alt="" width="56" height="56"/>
                    <span class="brand-name">{name}</span>
                </a>
                {move || side.get().then(|| view! {
                    <div class="masthead-side">
                        <p class="today">{move || date.get()}</p>
                        <WeatherBox/>
                        <div id=SETTINGS_PANEL class="header-panel settings-panel" popover="auto"
                            on:toggle=move |ev| {
                                if popover_open(&ev) {
                                    settings_opened.set(true);
                                }
                                panel_toggled(ev);
                            }>
                            {chunks::comfort_controls(settings_opened.into())}
                        </div>
                    </div>
                })}
                <div class="header-buttons">
                    {panel_button(SEARCH_PANEL, "Tìm kiếm", "icon-search")}
                    {panel_button(SETTINGS_PANEL, "Cài đặt đọc", "icon-text")}
                    {panel_button(MENU_PANEL, "Chuyên mục", "icon-menu")}
                </div>
            </div>
            <div class="menu">
                <div class="container menu-inner">
                    <nav id=MENU_PANEL class="header-panel" popover="auto" aria-label="Chuyên mục"
                        on:toggle=panel_toggled>
                        <ul class="menu-list">
                            // The fixed entries come first: when the categories replace their
                            // placeholders, nothing after them moves (the install entry comes
                            // later still, at the end).
                            <li><a href=routes::home() class="menu-home">"Trang chủ"</a></li>
                            <li><a href=routes::saved()>"Bài đã lưu"</a></li>
                            {menu}
                            {broadcast}
                            {chunks::install_entry()}
                        </ul>
                    </nav>
                    <form id=SEARCH_PANEL class="search-box header-panel" popover="auto" role="search"
                        aria-label="Tìm kiếm nhanh" on:toggle=panel_toggled
                        on:submit=on_search>
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
            </div>
        </header>
    }
}

/// The phone's button for a header panel (hidden on wider screens, where the panel is in place).
fn panel_button(panel: &'static str, label: &'static str, icon: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="header-button" popovertarget=panel aria-controls=panel
            aria-expanded="false" aria-label=label>
            <span class=icon aria-hidden="true"></span>
        </button>
    }
}

/// Closes the menu and the search: a link or a search in them went to another page.
pub fn close_panels() {
    for id in [MENU_PANEL, SEARCH_PANEL] {
        if let Some(panel) = document().get_element_by_id(id) {
            let _ = panel
                .unchecked_into::<web_sys::HtmlElement>()
                .hide_popover();
        }
    }
}

/// Whether the popover whose `toggle` event this is is open now.
fn popover_open(ev: &leptos::ev::Event) -> bool {
    event_target::<web_sys::Element>(ev)
        .matches(":popover-open")
        .unwrap_or(false)
}

/// A header panel opened or closed: its button says so, and an opened search takes the
/// reader to its field.
fn panel_toggled(ev: leptos::ev::Event) {
    let open = popover_open(&ev);
    let panel = event_target::<web_sys::Element>(&ev);
    let id = panel.id();
    if let Ok(Some(button)) = document().query_selector(&format!("[aria-controls=\"{id}\"]")) {
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
    if open && id == SEARCH_PANEL {
        if let Some(field) = document().get_element_by_id("header-search") {
            let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}
