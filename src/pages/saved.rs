//! `/da-luu`: articles the reader kept for offline reading. Listed from the browser's own
//! storage, so the page works with no connection at all.

use crate::api::ApiClient;
use crate::components::article_card::{ArticleCard, CardStyle};
use crate::context::use_app;
use crate::domain::time::{format_vietnam, Timestamp};
use crate::pages::track_page_meta;
use crate::pwa::{saved_list, use_pwa};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub const TITLE: &str = "Bài đã lưu";

/// The page's title and description (also written by the front server).
pub fn meta() -> (String, String) {
    (
        TITLE.to_string(),
        "Các bài viết bạn đã lưu để đọc khi không có mạng.".into(),
    )
}

#[component]
pub fn SavedPage() -> impl IntoView {
    let pwa = use_pwa();
    let api = use_app().api;
    track_page_meta(|| Some(meta()));
    let list = move || {
        pwa.saved_version.track();
        saved_list()
    };
    view! {
        <h1 class="page-title">{TITLE}</h1>
        <p class="muted">"Các bài bạn lưu được giữ trên máy này, kèm ảnh, để đọc cả khi không có mạng."</p>
        {move || {
            let items = list();
            if items.is_empty() {
                return view! { <p class="empty">"Bạn chưa lưu bài nào. Bấm “Lưu đọc sau” ở cuối một bài viết để giữ bài đó trên máy."</p> }.into_any();
            }
            view! {
                <div class="list">
                    {items.into_iter().map(|s| {
                        let id = s.article.id;
                        let api_url = api.url(&ApiClient::article_path(id));
                        let saved_at = format!("Lưu lúc {}", format_vietnam(Timestamp::from_millis(s.saved_ms)));
                        let title = s.article.title.clone();
                        view! {
                            <div class="saved-item">
                                <ArticleCard item=s.article style=CardStyle::Card top_level=true/>
                                <p class="saved-meta">
                                    <span>{saved_at}</span>
                                    <button type="button" class="button-link"
                                        aria-label=format!("Bỏ lưu bài: {title}")
                                        on:click=move |_| {
                                            let api_url = api_url.clone();
                                            spawn_local(async move { pwa.unsave(id, api_url).await });
                                        }>
                                        "Bỏ lưu"
                                    </button>
                                </p>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }}
    }
}
