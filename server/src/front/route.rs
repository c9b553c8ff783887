//! Which of the app's pages a path is. The app matches paths with its router
//! (`RouteTable` in `src/routes.rs`) and builds them with the link builders there, which the
//! front server uses too; the tests below parse what those builders make.

use percent_encoding::percent_decode_str;
use portal::routes::{PAGE_KEY, SEARCH_KEY};

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
        let parts: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(decode)
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let page = || query_value(query, PAGE_KEY).map_or(1, |p| parse_page(&p));
        let id_slug = |rest: &[&str]| -> Option<(u64, Option<String>)> {
            match rest {
                [id] => Some((parse_id(id)?, None)),
                [id, slug] => Some((parse_id(id)?, Some((*slug).to_owned()))),
                _ => None,
            }
        };
        Some(match parts.as_slice() {
            [] => Route::Home,
            ["chuyen-muc", slug] => Route::Category {
                slug: (*slug).to_owned(),
                page: page(),
            },
            ["tim-kiem"] => Route::Search {
                q: query_value(query, SEARCH_KEY)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                page: page(),
            },
            ["bai-viet", rest @ ..] => {
                let (id, slug) = id_slug(rest)?;
                Route::Article { id, slug }
            }
            ["truyen-hinh" | "phat-thanh", rest @ ..] if rest.len() <= 1 => Route::Channels {
                tv: parts[0] == "truyen-hinh",
                slug: rest.first().map(|s| (*s).to_owned()),
            },
            ["xem-lai"] => Route::Programmes { page: page() },
            ["xem-lai", rest @ ..] => {
                let (id, slug) = id_slug(rest)?;
                Route::Programme { id, slug }
            }
            ["da-luu"] => Route::Saved,
            ["kiosk"] => Route::Kiosk,
            _ => return None,
        })
    }

    /// Pages that readers keep for themselves or screens run: not for search engines.
    pub fn indexable(&self) -> bool {
        !matches!(self, Route::Saved | Route::Kiosk | Route::Search { .. })
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The value of `key` in a query string (`+` is a space, as forms send it).
pub fn query_value(query: Option<&str>, key: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(&k.replace('+', " ")) == key).then(|| decode(&v.replace('+', " ")))
    })
}

/// As the app reads `?trang=`: a whole number from 1, else 1.
fn parse_page(raw: &str) -> u32 {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

fn parse_id(raw: &str) -> Option<u64> {
    raw.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| raw.parse().ok())
        .flatten()
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
