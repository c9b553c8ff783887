//! The route table: every path the portal answers, its typed parameters, and the link
//! builders that all views use (no URL is assembled by hand elsewhere).

use crate::api::types::{ChannelKind, MediaKind};
use crate::url::{decode, encode, query_string};
use leptos::prelude::*;

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

/// A page of the portal, with the parameters its path carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    Category {
        slug: String,
    },
    Search,
    Article {
        id: u64,
        slug: Option<String>,
    },
    Kiosk,
    Saved,
    /// A broadcast menu, on one channel or (no slug) on its first.
    Channel {
        kind: ChannelKind,
        slug: Option<String>,
    },
    Programmes,
    Programme {
        id: u64,
        slug: Option<String>,
    },
    NotFound,
}

impl Route {
    /// The route of a path as the address bar has it (percent-encoded). An empty segment
    /// counts for nothing, so a trailing slash changes nothing.
    pub fn of(path: &str) -> Route {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        let slug = |rest: &[&str]| rest.first().map(|s| s.to_string());
        let is = |name: &str, path: &str| path.strip_prefix('/') == Some(name);
        let menu = |name: &str| {
            (is(name, TV_PATH).then_some(ChannelKind::Tv))
                .or(is(name, RADIO_PATH).then_some(ChannelKind::Radio))
        };
        match s.as_slice() {
            [] => Route::Home,
            ["chuyen-muc", slug] => Route::Category {
                slug: slug.to_string(),
            },
            ["tim-kiem"] => Route::Search,
            ["kiosk"] => Route::Kiosk,
            ["da-luu"] => Route::Saved,
            [name, rest @ ..] if rest.len() <= 1 && menu(name).is_some() => Route::Channel {
                kind: menu(name).unwrap_or(ChannelKind::Tv),
                slug: slug(rest),
            },
            [name] if is(name, PROGRAMMES_PATH) => Route::Programmes,
            [name, id, rest @ ..] if rest.len() <= 1 => match (*name, parse_id(id)) {
                ("bai-viet", Some(id)) => Route::Article {
                    id,
                    slug: slug(rest),
                },
                (name, Some(id)) if is(name, PROGRAMMES_PATH) => Route::Programme {
                    id,
                    slug: slug(rest),
                },
                _ => Route::NotFound,
            },
            _ => Route::NotFound,
        }
    }

    /// Whether the two routes are shown by one page, which stays (with its data) when the URL
    /// moves between them: an article's URL getting its canonical slug, another category.
    fn keeps_page(&self, other: &Route) -> bool {
        match (self, other) {
            (Route::Channel { kind: a, .. }, Route::Channel { kind: b, .. }) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// An id in a path: digits only (`u64::from_str` would take `+1024` too).
fn parse_id(raw: &str) -> Option<u64> {
    raw.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| raw.parse().ok())
        .flatten()
}

/// The route shown, for the pages: given by [`RouteTable`].
#[derive(Clone, Copy)]
struct Current(Memo<Route>);

/// A page's parameters, which `pick` takes from the route. When the URL moves to another
/// page, this one keeps its last parameters for the moment it has left.
pub fn use_params<T>(pick: fn(&Route) -> Option<T>) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let Current(route) = expect_context();
    Memo::new(move |last: Option<&Option<T>>| route.with(pick).or_else(|| last.cloned().flatten()))
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

/// Whether moving from `from` to `to` stays on the same page for the reader: only an
/// article's or a programme's URL getting its canonical slug.
pub fn same_page(from: &str, to: &str) -> bool {
    from == to
        || match (Route::of(from), Route::of(to)) {
            (Route::Article { id: a, .. }, Route::Article { id: b, .. }) => a == b,
            (Route::Programme { id: a, .. }, Route::Programme { id: b, .. }) => a == b,
            _ => false,
        }
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
    fn paths_name_their_routes() {
        let at = |id, slug: Option<&str>| Route::Article {
            id,
            slug: slug.map(String::from),
        };
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(
            Route::of("/chuyen-muc/thoi-su"),
            Route::Category {
                slug: "thoi-su".into()
            }
        );
        assert_eq!(Route::of("/chuyen-muc"), Route::NotFound);
        assert_eq!(Route::of("/tim-kiem"), Route::Search);
        assert_eq!(Route::of("/bai-viet/1024"), at(1024, None));
        assert_eq!(
            Route::of("/bai-viet/1024/so-ket/"),
            at(1024, Some("so-ket"))
        );
        assert_eq!(Route::of("/bai-viet/7/a%2Fb%3Fc"), at(7, Some("a/b?c")));
        assert_eq!(Route::of("/bai-viet/abc"), Route::NotFound);
        assert_eq!(Route::of("/bai-viet/+1024"), Route::NotFound);
        assert_eq!(Route::of("/bai-viet/1024/a/b"), Route::NotFound);
        assert_eq!(Route::of("/kiosk"), Route::Kiosk);
        assert_eq!(Route::of("/da-luu"), Route::Saved);
        assert_eq!(
            Route::of("/phat-thanh"),
            Route::Channel {
                kind: ChannelKind::Radio,
                slug: None
            }
        );
        assert_eq!(
            Route::of("/truyen-hinh/hgtv"),
            Route::Channel {
                kind: ChannelKind::Tv,
                slug: Some("hgtv".into())
            }
        );
        assert_eq!(Route::of("/truyen-hinh/hgtv/x"), Route::NotFound);
        assert_eq!(Route::of("/xem-lai"), Route::Programmes);
        assert_eq!(
            Route::of("/xem-lai/2201/thoi-su-toi"),
            Route::Programme {
                id: 2201,
                slug: Some("thoi-su-toi".into())
            }
        );
        assert_eq!(Route::of("/khong-co"), Route::NotFound);
        // Every link builder leads to its route.
        assert_eq!(
            Route::of(&category("thời sự", 1)),
            Route::Category {
                slug: "thời sự".into()
            }
        );
        assert_eq!(Route::of(&article(5, "a b")), at(5, Some("a b")));
    }

    #[test]
    fn one_page_shows_the_routes_that_differ_in_parameters() {
        let of = Route::of;
        assert!(of("/bai-viet/1").keeps_page(&of("/bai-viet/2/b")));
        assert!(of("/chuyen-muc/a").keeps_page(&of("/chuyen-muc/b")));
        assert!(of("/truyen-hinh").keeps_page(&of("/truyen-hinh/hgtv")));
        assert!(!of("/truyen-hinh/a").keeps_page(&of("/phat-thanh/a")));
        assert!(!of("/xem-lai").keeps_page(&of("/xem-lai/1")));
        assert!(!of("/").keeps_page(&of("/tim-kiem")));
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
#[component]
pub fn RouteTable() -> impl IntoView {
    use crate::chunks;
    use crate::pages::{
        article::ArticlePage, category::CategoryPage, home::HomePage, not_found::NotFoundPage,
    };
    let path = crate::router::use_location().path;
    let route = Memo::new(move |_| path.with(|p| Route::of(p)));
    provide_context(Current(route));
    // The page is drawn again only when the route needs another page.
    let page = Memo::new_with_compare(
        move |_| route.get(),
        |old, new| !matches!((old, new), (Some(a), Some(b)) if a.keeps_page(b)),
    );
    // The reading path is in the main download; the other pages are chunks (src/chunks.rs).
    move || match page.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Category { .. } => view! { <CategoryPage/> }.into_any(),
        Route::Search => untrack(chunks::search),
        Route::Article { .. } => view! { <ArticlePage/> }.into_any(),
        Route::Kiosk => untrack(chunks::kiosk),
        Route::Saved => untrack(chunks::saved),
        Route::Channel { .. } => untrack(chunks::channel),
        Route::Programmes => untrack(chunks::programmes),
        Route::Programme { .. } => untrack(chunks::programme),
        Route::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}
