//! `/tim-kiem?q=…&trang=N`: search in titles and leads.

use crate::api::{ApiClient, ApiResource, ListQuery};
use crate::components::article_list::ArticleList;
use crate::components::offline::FetchedNotice;
use crate::components::status::{loaded, ListSkeleton};
use crate::context::use_app;
use crate::domain::pagination::parse_page;
use crate::pages::track_page_meta;
use crate::router::use_location;
use crate::routes::{self, PAGE_KEY, SEARCH_KEY};
use leptos::prelude::*;

pub const PER_PAGE: u32 = 20;

/// The page's heading.
pub const HEADING: &str = "Tìm kiếm";

/// The page's title and description (also written by the front server).
pub fn meta(q: &str) -> (String, String) {
    let title = if q.is_empty() {
        HEADING.to_string()
    } else {
        format!("Kết quả tìm kiếm “{q}”")
    };
    (title, String::new())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let ctx = use_app();
    let location = use_location();
    let query = location.query;
    let q = Memo::new(move |_| {
        query
            .get()
            .get(SEARCH_KEY)
            .unwrap_or_default()
            .trim()
            .to_string()
    });
    let page = Memo::new(move |_| parse_page(query.get().get(PAGE_KEY).as_deref()));
    let query_for = move |q: String, page: u32| ListQuery {
        q: Some(q),
        page,
        per_page: Some(PER_PAGE),
        ..Default::default()
    };
    let results = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let list = query_for(q.get(), page.get());
        async move { api.articles(&list, ctl).await }
    });
    track_page_meta(move || Some(meta(&q.get())));

    let draft = RwSignal::new(q.get_untracked());
    Effect::new(move |_| draft.set(q.get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        location.navigate(&routes::search(&draft.get_untracked(), 1));
    };

    view! {
        <h1 class="page-title">{HEADING}</h1>
        <form class="search-page-form" role="search" aria-label="Tìm kiếm bài viết" on:submit=on_submit>
            <label for="search-page-q">"Từ khóa"</label>
            <input
                id="search-page-q"
                type="search"
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            />
            <button type="submit" class="button">"Tìm kiếm"</button>
        </form>
        {move || {
            if q.get().is_empty() {
                return view! { <p class="empty">"Nhập từ khóa để tìm bài viết, ví dụ: dân vận, du lịch."</p> }.into_any();
            }
            loaded(results, || view! { <ListSkeleton/> }.into_any(), move |p| {
                let term = q.get_untracked();
                let summary = format!("Tìm thấy {} bài viết cho “{}”", p.total, term);
                let path = ApiClient::articles_path(&query_for(term.clone(), page.get_untracked()));
                view! {
                    <FetchedNotice path/>
                    <p class="search-summary" role="status">{summary}</p>
                    <ArticleList
                        page=p
                        href=move |n| routes::search(&term, n)
                        empty="Không tìm thấy bài viết phù hợp. Hãy thử từ khóa khác."
                    />
                }
            })().into_any()
        }}
    }
}
