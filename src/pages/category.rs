//! `/chuyen-muc/:slug?trang=N`: a category's articles, newest first.

use crate::api::{ApiClient, ApiResource, ListQuery};
use crate::components::article_list::ArticleList;
use crate::components::offline::FetchedNotice;
use crate::components::status::{loaded, ListSkeleton};
use crate::context::use_app;
use crate::domain::pagination::parse_page;
use crate::pages::not_found::NotFound;
use crate::pages::track_page_meta;
use crate::router::use_location;
use crate::routes::{self, Route, PAGE_KEY};
use leptos::prelude::*;

pub const PER_PAGE: u32 = 20;

/// The page's title and description (also written by the front server).
pub fn meta(name: &str, page: u32) -> (String, String) {
    let title = match page {
        1 => name.to_string(),
        n => format!("{name} - Trang {n}"),
    };
    (title, format!("Tin tức {} mới nhất", lowercase(name)))
}

/// Vietnamese lower case ("Thời sự" -> "thời sự"). In the browser the work goes to
/// JavaScript: Rust's Unicode case tables would weigh on the main wasm (issue #15).
#[cfg(target_arch = "wasm32")]
fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    let ctx = use_app();
    let params = routes::use_params(|r| match r {
        Route::Category { slug } => Some(slug.clone()),
        _ => None,
    });
    let query = use_location().query;
    let slug = Memo::new(move |_| params.get().unwrap_or_default());
    let page = Memo::new(move |_| parse_page(query.get().get(PAGE_KEY).as_deref()));
    let site = ctx.site;
    // `None` while /site loads; `Some(None)` for a slug the site does not have.
    let category = Memo::new(move |_| {
        let site = site.get()?.ok()?;
        let slug = slug.get();
        Some(site.categories.into_iter().find(|c| c.slug == slug))
    });
    let query_for = move |slug: String, page: u32| ListQuery {
        category: Some(slug),
        page,
        per_page: Some(PER_PAGE),
        ..Default::default()
    };
    let list = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let q = query_for(slug.get(), page.get());
        async move { api.articles(&q, ctl).await }
    });
    track_page_meta(move || {
        let c = category.get().flatten()?;
        Some(meta(&c.name, page.get()))
    });
    move || match category.get() {
        Some(None) => view! { <NotFound/> }.into_any(),
        known => {
            let name = known.flatten().map(|c| c.name);
            view! {
                <h1 class="page-title">{name}</h1>
                {loaded(list, || view! { <ListSkeleton/> }.into_any(), move |p| {
                    let slug = slug.get_untracked();
                    let path = ApiClient::articles_path(&query_for(slug.clone(), page.get_untracked()));
                    view! {
                        <FetchedNotice path/>
                        <ArticleList
                            page=p
                            href=move |n| routes::category(&slug, n)
                            empty="Chuyên mục này chưa có bài viết."
                        />
                    }
                })}
            }
            .into_any()
        }
    }
}

/// Names, pages and the title and description [`meta`] makes of them: checked here with
/// Rust's lower-casing (the front server's) and in the browser with JavaScript's
/// (tests/category_meta_browser.rs).
#[doc(hidden)]
pub const META_CASES: &[(&str, u32, &str, &str)] = &[
    (
        "Đảng - Đoàn thể",
        2,
        "Đảng - Đoàn thể - Trang 2",
        "Tin tức đảng - đoàn thể mới nhất",
    ),
    ("THỜI SỰ", 1, "THỜI SỰ", "Tin tức thời sự mới nhất"),
];

#[cfg(test)]
mod tests {
    use super::{meta, META_CASES};

    #[test]
    fn vietnamese_names_are_lower_cased() {
        for &(name, page, title, description) in META_CASES {
            assert_eq!(
                meta(name, page),
                (title.to_string(), description.to_string())
            );
        }
    }
}
