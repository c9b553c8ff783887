//! Which of the app's pages a URL is, with what its query asks for: the app's own route table
//! (`Route::of` in `src/routes.rs`) and query reading (`src/router.rs`), so that the front
//! server and the app never disagree about a URL.

use portal::api::types::ChannelKind;
use portal::domain::pagination::parse_page;
use portal::router::Query;
use portal::routes::{self, PAGE_KEY, SEARCH_KEY};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Category {
        slug: String,
        page: u32,
    },
    Search {
        q: String,
        page: u32,
    },
    /// `slug` as it stands in the URL (`None`: no slug).
    Article {
        id: u64,
        slug: Option<String>,
    },
    /// A broadcast menu (`tv`: /truyen-hinh, else /phat-thanh), with a channel or not.
    Channels {
        tv: bool,
        slug: Option<String>,
    },
    Programmes {
        page: u32,
    },
    Programme {
        id: u64,
        slug: Option<String>,
    },
    Saved,
    Kiosk,
}

impl Route {
    /// The page of `path` and `query` (as received, percent-encoded), or `None` for a path
    /// the app has no page for.
    pub fn parse(path: &str, query: Option<&str>) -> Option<Route> {
        let query = Query::parse(query.unwrap_or_default());
        let page = || parse_page(query.get(PAGE_KEY).as_deref());
        Some(match routes::Route::of(path) {
            routes::Route::Home => Route::Home,
            routes::Route::Category { slug } => Route::Category { slug, page: page() },
            routes::Route::Search => Route::Search {
                q: query.get(SEARCH_KEY).unwrap_or_default().trim().to_owned(),
                page: page(),
            },
            routes::Route::Article { id, slug } => Route::Article { id, slug },
            routes::Route::Channel { kind, slug } => Route::Channels {
                tv: kind != ChannelKind::Radio,
                slug,
            },
            routes::Route::Programmes => Route::Programmes { page: page() },
            routes::Route::Programme { id, slug } => Route::Programme { id, slug },
            routes::Route::Saved => Route::Saved,
            routes::Route::Kiosk => Route::Kiosk,
            routes::Route::NotFound => return None,
        })
    }

    /// Pages that readers keep for themselves or screens run: not for search engines.
    pub fn indexable(&self) -> bool {
        !matches!(self, Route::Saved | Route::Kiosk | Route::Search { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_app_routes() {
        assert_eq!(Route::parse("/", None), Some(Route::Home));
        assert_eq!(
            Route::parse("/chuyen-muc/thoi-su", Some("trang=3")),
            Some(Route::Category {
                slug: "thoi-su".into(),
                page: 3
            })
        );
        assert_eq!(
            Route::parse("/tim-kiem", Some("q=d%C3%A2n+v%E1%BA%ADn&trang=x")),
            Some(Route::Search {
                q: "dân vận".into(),
                page: 1
            })
        );
        assert_eq!(
            Route::parse("/bai-viet/1024/so-ket", None),
            Some(Route::Article {
                id: 1024,
                slug: Some("so-ket".into())
            })
        );
        assert_eq!(
            Route::parse("/bai-viet/1024/", None),
            Some(Route::Article {
                id: 1024,
                slug: None
            })
        );
        assert_eq!(Route::parse("/bai-viet/+1024", None), None);
        assert_eq!(Route::parse("/bai-viet/1024/a/b", None), None);
        assert_eq!(Route::parse("/bai-viet", None), None);
        assert_eq!(
            Route::parse("/phat-thanh", None),
            Some(Route::Channels {
                tv: false,
                slug: None
            })
        );
        assert_eq!(
            Route::parse("/xem-lai/2201", None),
            Some(Route::Programme {
                id: 2201,
                slug: None
            })
        );
        assert_eq!(Route::parse("/kiosk", None), Some(Route::Kiosk));
        assert_eq!(Route::parse("/khong-co", None), None);
    }

    #[test]
    fn parses_what_the_app_links_to() {
        use portal::api::types::ChannelKind;
        use portal::routes;
        let parse = |url: String| {
            let (path, query) = url
                .split_once('?')
                .map_or((url.as_str(), None), |(p, q)| (p, Some(q)));
            Route::parse(path, query)
        };
        assert_eq!(
            parse(routes::article(7, "a/b?c")),
            Some(Route::Article {
                id: 7,
                slug: Some("a/b?c".into())
            })
        );
        assert_eq!(
            parse(routes::search("dân vận & co", 2)),
            Some(Route::Search {
                q: "dân vận & co".into(),
                page: 2
            })
        );
        assert_eq!(
            parse(routes::category("thời sự", 3)),
            Some(Route::Category {
                slug: "thời sự".into(),
                page: 3
            })
        );
        assert_eq!(
            parse(routes::channel(ChannelKind::Tv, "hgtv", None)),
            Some(Route::Channels {
                tv: true,
                slug: Some("hgtv".into())
            })
        );
        assert_eq!(
            parse(routes::programme(2201, "x")),
            Some(Route::Programme {
                id: 2201,
                slug: Some("x".into())
            })
        );
        assert_eq!(parse(routes::saved()), Some(Route::Saved));
        assert_eq!(parse(routes::home()), Some(Route::Home));
    }
}
