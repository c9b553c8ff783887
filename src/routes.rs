//! The route table: every path the portal answers, its typed parameters, and the link
//! builders that all views use (no URL is assembled by hand elsewhere).

use crate::api::client::encode;
use leptos::Params;
use leptos_router::params::Params;

/// Query key of the page number on lists: `?trang=2`.
pub const PAGE_KEY: &str = "trang";
/// Query key of the search text: `?q=dan+van`.
pub const SEARCH_KEY: &str = "q";

#[derive(Params, Debug, Clone, PartialEq)]
pub struct CategoryParams {
    pub slug: Option<String>,
}

#[derive(Params, Debug, Clone, PartialEq)]
pub struct ArticleParams {
    pub id: Option<u64>,
    pub slug: Option<String>,
}

pub fn home() -> String {
    "/".to_string()
}

pub fn category(slug: &str, page: u32) -> String {
    with_page(format!("/chuyen-muc/{}", encode(slug)), page, '?')
}

pub fn search(q: &str, page: u32) -> String {
    with_page(
        format!("/tim-kiem?{SEARCH_KEY}={}", encode(q.trim())),
        page,
        '&',
    )
}

/// The reader's articles kept for offline reading.
pub fn saved() -> String {
    "/da-luu".to_string()
}

/// The canonical URL of an article: id for stability, slug for readers and search engines.
pub fn article(id: u64, slug: &str) -> String {
    if slug.is_empty() {
        format!("/bai-viet/{id}")
    } else {
        format!("/bai-viet/{id}/{}", encode(slug))
    }
}

/// The article id of a path of the article route (`/bai-viet/1024` or `/bai-viet/1024/slug`).
fn article_id_of(path: &str) -> Option<u64> {
    let mut parts = path.strip_prefix("/bai-viet/")?.split('/');
    let id = parts.next()?.parse().ok()?;
    (parts.count() <= 1).then_some(id)
}

/// Whether moving from `from` to `to` stays on the same page: only an article's URL getting
/// its canonical slug, which is not a navigation for the reader.
pub fn same_page(from: &str, to: &str) -> bool {
    from == to || article_id_of(from).is_some_and(|id| article_id_of(to) == Some(id))
}

fn with_page(mut url: String, page: u32, sep: char) -> String {
    if page > 1 {
        url.push(sep);
        url.push_str(&format!("{PAGE_KEY}={page}"));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        assert_eq!(home(), "/");
        assert_eq!(category("thoi-su", 1), "/chuyen-muc/thoi-su");
        assert_eq!(category("thoi-su", 3), "/chuyen-muc/thoi-su?trang=3");
        assert_eq!(search("dân vận", 1), "/tim-kiem?q=d%C3%A2n%20v%E1%BA%ADn");
        assert_eq!(search("a&b", 2), "/tim-kiem?q=a%26b&trang=2");
        assert_eq!(article(1024, "so-ket"), "/bai-viet/1024/so-ket");
        assert_eq!(article(7, ""), "/bai-viet/7");
        assert_eq!(article(7, "a/b?c"), "/bai-viet/7/a%2Fb%3Fc");
    }

    #[test]
    fn same_page_is_only_the_canonical_slug_of_one_article() {
        assert!(same_page("/bai-viet/1024", "/bai-viet/1024/so-ket"));
        assert!(same_page("/bai-viet/1024/sai", "/bai-viet/1024/so-ket"));
        assert!(same_page("/", "/"));
        assert!(!same_page("/bai-viet/1024", "/bai-viet/1025/khac"));
        assert!(!same_page("/", "/bai-viet/1024/so-ket"));
        assert!(!same_page("/bai-viet/1024/a/b", "/bai-viet/1024/a"));
        assert!(!same_page("/chuyen-muc/a", "/chuyen-muc/b"));
    }
}

/// The route table: which page answers which path.
#[leptos::component]
pub fn RouteTable() -> impl leptos::IntoView {
    use crate::pages::{
        article::ArticlePage, category::CategoryPage, home::HomePage, kiosk,
        not_found::NotFoundPage, saved::SavedPage, search::SearchPage,
    };
    use leptos::prelude::*;
    use leptos_router::components::{Route, Routes};
    use leptos_router::path;
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage/>
            <Route path=path!("/chuyen-muc/:slug") view=CategoryPage/>
            <Route path=path!("/tim-kiem") view=SearchPage/>
            // One route with an optional slug: moving to the canonical URL keeps the page
            // and its data instead of mounting a new one that asks for the article again.
            <Route path=path!("/bai-viet/:id/:slug?") view=ArticlePage/>
            <Route path=path!("/kiosk") view=kiosk::KioskPage/>
            <Route path=path!("/da-luu") view=SavedPage/>
        </Routes>
    }
}
