//! What the reader sees of the offline machinery: connection and update banners, the
//! install entry, "saved for later", marks on lists and the age of cached pages.

use crate::api::types::ArticleSummary;
use crate::api::{ApiClient, ApiResource};
use crate::context::use_app;
use crate::domain::time::{format_vietnam, Timestamp};
use crate::pwa::{is_cached, is_saved, use_pwa, Install};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Cached copies older than this say when they were fetched.
pub const STALE_AFTER_MS: f64 = 3600.0 * 1000.0;

/// The fetch time to show, when a copy from the cache is older than an hour.
pub fn stale_since(cached_at: Option<f64>, now_ms: f64) -> Option<f64> {
    cached_at.filter(|t| now_ms - t > STALE_AFTER_MS)
}

#[component]
pub fn StatusBanners() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        {move || (!pwa.online.get()).then(|| view! {
            <div class="banner banner-offline" role="status">
                <div class="container">"Bạn đang ngoại tuyến. Các bài đã mở gần đây và bài đã lưu vẫn đọc được."</div>
            </div>
        })}
        {move || pwa.update_ready.get().then(|| view! {
            <div class="banner banner-update" role="status">
                <div class="container">
                    "Đã có phiên bản mới. "
                    <button type="button" class="button" on:click=move |_| pwa.apply_update()>"Tải lại"</button>
                </div>
            </div>
        })}
    }
}

/// "Cài đặt ứng dụng" where the browser allows it; instructions on iOS Safari.
#[component]
pub fn InstallEntry() -> impl IntoView {
    let pwa = use_pwa();
    let show_help = RwSignal::new(false);
    move || {
        match pwa.install.get() {
        Install::Unavailable => None,
        Install::Prompt => Some(view! {
            <li><button type="button" class="menu-button" on:click=move |_| pwa.prompt_install()>"Cài đặt ứng dụng"</button></li>
        }.into_any()),
        Install::IosInstructions => Some(view! {
            <li class="install-ios">
                <button type="button" class="menu-button" aria-expanded=move || show_help.get().to_string()
                    aria-controls="huong-dan-cai" on:click=move |_| show_help.update(|v| *v = !*v)>
                    "Thêm vào MH chính"
                </button>
                <p id="huong-dan-cai" class="install-help" hidden=move || !show_help.get()>
                    "Nhấn nút Chia sẻ ở thanh công cụ của Safari, rồi chọn “Thêm vào MH chính” để mở trang tin như một ứng dụng."
                </p>
            </li>
        }.into_any()),
    }
    }
}

/// "Lưu đọc sau" / "Bỏ lưu" for one article.
#[component]
pub fn SaveButton(article: ArticleSummary) -> impl IntoView {
    let pwa = use_pwa();
    let id = article.id;
    let saved = RwSignal::new(is_saved(id));
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<&'static str>);
    let api_url = use_app().api.url(&ApiClient::article_path(id));
    let on_click = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let article = article.clone();
        let api_url = api_url.clone();
        spawn_local(async move {
            if saved.get_untracked() {
                pwa.unsave(id, api_url).await;
                saved.set(false);
                message.set(None);
            } else if pwa.save(article, api_url).await {
                saved.set(true);
                message.set(Some("Đã lưu. Bạn có thể đọc bài này cả khi không có mạng."));
            } else {
                message.set(Some(
                    "Chưa lưu được bài viết. Vui lòng thử lại khi có mạng.",
                ));
            }
            busy.set(false);
        });
    };
    view! {
        <div class="save-box">
            <button type="button" class="button-outline" aria-pressed=move || saved.get().to_string()
                disabled=move || busy.get() on:click=on_click>
                {move || if saved.get() { "Bỏ lưu" } else { "Lưu đọc sau" }}
            </button>
            <span class="save-message" role="status">{move || message.get()}</span>
        </div>
    }
}

/// On lists, while offline: whether the article can be opened.
#[component]
pub fn OfflineMark(id: u64) -> impl IntoView {
    let pwa = use_pwa();
    // Online, a card asks nothing: a check per card (a resource each, 44 on the home page)
    // made the start-up's longest task longer (TBT, issue #15).
    move || (!pwa.online.get()).then(|| view! { <CachedMark id/> })
}

/// Whether the offline cache has the article, said once known.
#[component]
fn CachedMark(id: u64) -> impl IntoView {
    let url = use_app().api.url(&ApiClient::article_path(id));
    // An `ApiResource`, not a `LocalResource<bool>`: one resource type keeps the wasm smaller.
    let available = ApiResource::new(move || {
        let url = url.clone();
        async move { Ok(is_cached(&url).await) }
    });
    move || match available.get() {
        Some(Ok(true)) => {
            Some(view! { <span class="offline-mark">"Đọc được khi ngoại tuyến"</span> }.into_any())
        }
        Some(Ok(false)) => Some(
            view! { <span class="offline-mark offline-missing">"Cần có mạng"</span> }.into_any(),
        ),
        _ => None,
    }
}

/// Says when a page that came from the offline cache was fetched, if over an hour ago, or
/// `always` (a schedule: what was on air may have changed since).
#[component]
pub fn FetchedNotice(path: String, #[prop(optional)] always: bool) -> impl IntoView {
    let api = use_app().api;
    let cached_at = api.cached_at(&path);
    let since = if always {
        cached_at
    } else {
        stale_since(cached_at, js_sys::Date::now())
    };
    since.map(|t| {
        view! {
            <p class="stale-note" role="note">
                {format!("Nội dung lưu lúc {}, có thể chưa được cập nhật.", format_vietnam(Timestamp::from_millis(t)))}
            </p>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_copies_are_flagged() {
        let now = 10.0 * STALE_AFTER_MS;
        assert_eq!(stale_since(None, now), None);
        assert_eq!(stale_since(Some(now - 60_000.0), now), None);
        assert_eq!(
            stale_since(Some(now - STALE_AFTER_MS - 1.0), now),
            Some(now - STALE_AFTER_MS - 1.0)
        );
    }
}
