//! A page of articles with its pager, for category and search results.

use crate::api::types::{ArticleSummary, Page};
use crate::components::article_card::{ArticleCard, CardStyle};
use crate::components::pager::Pager;
use crate::domain::pagination::page_count;
use leptos::prelude::*;

#[component]
pub fn ArticleList(
    page: Page<ArticleSummary>,
    href: impl Fn(u32) -> String + 'static,
    #[prop(into)] empty: String,
) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let pages = page_count(page.total, page.per_page.max(page.items.len() as u32));
    view! {
        <div class="list">
            {page
                .items
                .into_iter()
                .enumerate()
                .map(|(i, item)| view! { <ArticleCard item style=CardStyle::Card eager={i == 0} top_level=true/> })
                .collect_view()}
        </div>
        <Pager current=page.page pages href/>
    }
    .into_any()
}
