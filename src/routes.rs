//! The route table: every path the portal answers, its typed parameters, and the link
//! builders that all views use (no URL is assembled by hand elsewhere).

use crate::api::types::{ChannelKind, MediaKind};
use crate::url::{encode, query_string};
use leptos::Params;
use leptos_router::params::Params;

/// Query key of the page number on lists: `?trang=2`.
pub const PAGE_KEY: &str = "trang";
/// Query key of the search text: `?q=dan+van`.
pub const SEARCH_KEY: &str = "q";

/// Query key of the schedule day on a channel page: `?ngay=2026-11-28`.
pub const DAY_KEY: &str = "ngay";
/// Query keys of the programme filters: `?chuong-trinh=tieng-mong&loai=nghe&ngon-ngu=hmn`.
pub const SHOW_KEY: &str = "chuong-trinh";
pub const KIND_KEY: &str = "loai";
pub const LANGUAGE_KEY: &str = "ngon-ngu";

/// Path prefixes of the two broadcast menus and of the programmes to watch or hear again.
pub const TV_PATH: &str = "/truyen-hinh";
pub const RADIO_PATH: &str = "/phat-thanh";
pub const PROGRAMMES_PATH: &str = "/xem-lai";

#[derive(Params, Debug, Clone, PartialEq)]
pub struct ChannelParams {
    pub slug: Option<String>,
}

#[derive(Params, Debug, Clone, PartialEq)]
pub struct ProgrammeParams {
    pub id: Option<u64>,
    pub slug: Option<String>,
}

/// The filters of the programme list, as they stand in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgrammeFilter {
    pub show: Option<String>,
    pub kind: Option<MediaKind>,
    pub language: Option<String>,
}

/// `xem` (video) and `nghe` (audio) in URLs, as in "Xem lại – Nghe lại".
pub fn kind_key(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Video => "xem",
        MediaKind::Audio => "nghe",
    }
}

pub fn parse_kind(raw: Option<&str>) -> Option<MediaKind> {
    match raw? {
        "xem" => Some(MediaKind::Video),
        "nghe" => Some(MediaKind::Audio),
        _ => None,
    }
}

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
    with_slug("/bai-viet", id, slug)
}

/// The list of a broadcast menu: `/truyen-hinh` or `/phat-thanh`.
pub fn channels(kind: ChannelKind) -> String {
    match kind {
        ChannelKind::Radio => RADIO_PATH,
        _ => TV_PATH,
    }
    .to_string()
}

/// A channel's page, on one day of its schedule (`None`: today).
pub fn channel(kind: ChannelKind, slug: &str, day: Option<&str>) -> String {
    let mut url = format!("{}/{}", channels(kind), encode(slug));
    if let Some(day) = day {
        url.push_str(&format!("?{DAY_KEY}={}", encode(day)));
    }
    url
}

/// The programmes to watch or hear again, filtered.
pub fn programmes(filter: &ProgrammeFilter, page: u32) -> String {
    let mut parts = Vec::new();
    if let Some(s) = filter.show.as_deref().filter(|s| !s.is_empty()) {
        parts.push(format!("{SHOW_KEY}={}", encode(s)));
    }
    if let Some(k) = filter.kind {
        parts.push(format!("{KIND_KEY}={}", kind_key(k)));
    }
    if let Some(l) = filter.language.as_deref().filter(|l| !l.is_empty()) {
        parts.push(format!("{LANGUAGE_KEY}={}", encode(l)));
    }
    if page > 1 {
        parts.push(format!("{PAGE_KEY}={page}"));
    }
    format!("{PROGRAMMES_PATH}{}", query_string(&parts))
}

/// A programme's page: id for stability, slug for readers.
pub fn programme(id: u64, slug: &str) -> String {
    with_slug(PROGRAMMES_PATH, id, slug)
}

/// The RSS feed of the whole site, or of one category (served by the front server).
pub fn feed(category: Option<&str>) -> String {
    match category {
        Some(slug) => format!("/rss/{}.xml", encode(slug)),
        None => "/rss.xml".to_string(),
    }
}

fn with_slug(prefix: &str, id: u64, slug: &str) -> String {
    if slug.is_empty() {
        format!("{prefix}/{id}")
    } else {
        format!("{prefix}/{id}/{}", encode(slug))
    }
}

/// The id of a path of a route with an id and an optional slug (`/bai-viet/1024` or
/// `/bai-viet/1024/slug`), with its prefix.
fn id_of(path: &str) -> Option<(&str, u64)> {
    ["/bai-viet/", "/xem-lai/"].into_iter().find_map(|prefix| {
        let mut parts = path.strip_prefix(prefix)?.split('/');
        let id = parts.next()?.parse().ok()?;
        (parts.count() <= 1).then_some((prefix, id))
    })
}

/// Whether moving from `from` to `to` stays on the same page: only an article's or a
/// programme's URL getting its canonical slug, which is not a navigation for the reader.
pub fn same_page(from: &str, to: &str) -> bool {
    from == to || id_of(from).is_some_and(|id| id_of(to) == Some(id))
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
        assert_eq!(feed(None), "/rss.xml");
        assert_eq!(feed(Some("thời sự")), "/rss/th%E1%BB%9Di%20s%E1%BB%B1.xml");
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
        assert!(same_page("/xem-lai/2201", "/xem-lai/2201/thoi-su"));
        assert!(!same_page("/xem-lai/2201", "/bai-viet/2201/thoi-su"));
    }

    #[test]
    fn broadcast_links() {
        assert_eq!(channels(ChannelKind::Tv), "/truyen-hinh");
        assert_eq!(channels(ChannelKind::Radio), "/phat-thanh");
        assert_eq!(channel(ChannelKind::Tv, "hgtv", None), "/truyen-hinh/hgtv");
        assert_eq!(
            channel(ChannelKind::Radio, "phat-thanh", Some("2026-11-28")),
            "/phat-thanh/phat-thanh?ngay=2026-11-28"
        );
        assert_eq!(programmes(&ProgrammeFilter::default(), 1), "/xem-lai");
        let filter = ProgrammeFilter {
            show: Some("tieng-mong".into()),
            kind: Some(MediaKind::Audio),
            language: Some("hmn".into()),
        };
        assert_eq!(
            programmes(&filter, 2),
            "/xem-lai?chuong-trinh=tieng-mong&loai=nghe&ngon-ngu=hmn&trang=2"
        );
        assert_eq!(programme(2201, "thoi-su-toi"), "/xem-lai/2201/thoi-su-toi");
        assert_eq!(parse_kind(Some("xem")), Some(MediaKind::Video));
        assert_eq!(parse_kind(Some("video")), None);
    }
}

/// The route table: which page answers which path.
#[leptos::component]
pub fn RouteTable() -> impl leptos::IntoView {
    use crate::chunks;
    use crate::pages::{
        article::ArticlePage, category::CategoryPage, home::HomePage, not_found::NotFoundPage,
    };
    use leptos::prelude::*;
    use leptos_router::components::{FlatRoutes, Route};
    use leptos_router::path;
    // The reading path is in the main download; the other pages are chunks (src/chunks.rs).
    // `FlatRoutes`, since no route is nested: it leaves leptos_router's nested matching out of
    // the wasm (the main module 8.3 KB smaller, brotli; issue #15).
    view! {
        <FlatRoutes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage/>
            <Route path=path!("/chuyen-muc/:slug") view=CategoryPage/>
            <Route path=path!("/tim-kiem") view=chunks::search/>
            // One route with an optional slug: moving to the canonical URL keeps the page
            // and its data instead of mounting a new one that asks for the article again.
            <Route path=path!("/bai-viet/:id/:slug?") view=ArticlePage/>
            <Route path=path!("/kiosk") view=chunks::kiosk/>
            <Route path=path!("/da-luu") view=chunks::saved/>
            // One route per menu with an optional channel: the menu opens the first channel.
            <Route path=path!("/truyen-hinh/:slug?") view=chunks::channel/>
            <Route path=path!("/phat-thanh/:slug?") view=chunks::channel/>
            <Route path=path!("/xem-lai") view=chunks::programmes/>
            <Route path=path!("/xem-lai/:id/:slug?") view=chunks::programme/>
        </FlatRoutes>
    }
}
