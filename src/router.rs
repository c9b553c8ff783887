//! In-app navigation: the address bar's URL as signals, links and the back and forward
//! buttons followed without reloading the app, and [`Location::navigate`] for code.
//!
//! The app's own rather than leptos_router's: the portal has one flat route table
//! (src/routes.rs) and needs none of nested routes, async transitions, view transitions or
//! server-function redirects, which leptos_router brought into the first download with it
//! (issue #15, docs/performance.md "Splitting the download").

use crate::url::decode;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The local part of a URL: path (percent-encoded, as in the address bar), query without its
/// `?`, and fragment with its `#`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Url {
    pub path: String,
    pub search: String,
    pub hash: String,
}

impl Url {
    /// Splits a local URL as the link builders of src/routes.rs write them (`/tim-kiem?q=a`).
    pub fn parse(local: &str) -> Url {
        let (rest, hash) = local.split_at(local.find('#').unwrap_or(local.len()));
        let (path, search) = rest.split_once('?').unwrap_or((rest, ""));
        Url {
            path: path.to_string(),
            search: search.to_string(),
            // An empty fragment is none, as in `location.hash`.
            hash: if hash == "#" { "" } else { hash }.to_string(),
        }
    }

    /// The URL as the address bar shows it after the origin.
    pub fn full(&self) -> String {
        let mut full = self.path.clone();
        if !self.search.is_empty() {
            full.push('?');
            full.push_str(&self.search);
        }
        full + &self.hash
    }

    fn current() -> Url {
        let location = window().location();
        Url {
            path: location.pathname().unwrap_or_default(),
            search: query_part(location.search().unwrap_or_default()),
            hash: location.hash().unwrap_or_default(),
        }
    }
}

/// `location.search` and `a.search` without their `?`.
fn query_part(search: String) -> String {
    match search.strip_prefix('?') {
        Some(rest) => rest.to_string(),
        None => search,
    }
}

/// The pairs of a query string, decoded as browsers decode a form's (`+` is a space).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(search: &str) -> Query {
        let form = |s: &str| decode(&s.replace('+', " "));
        Query(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (form(key), form(value))
                })
                .collect(),
        )
    }

    /// The first value given for `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The address bar's URL, as signals, and the way to move it.
#[derive(Clone, Copy)]
pub struct Location {
    pub path: Memo<String>,
    pub query: Memo<Query>,
    url: RwSignal<Url>,
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

impl Location {
    /// Opens `to` (a local URL from src/routes.rs) as a new entry of the history, at the top
    /// of its page, as following a link does.
    pub fn navigate(&self, to: &str) {
        self.go(Url::parse(to), false);
    }

    /// Puts `to` in place of the current URL, without scrolling: the same page under its
    /// canonical URL.
    pub fn replace(&self, to: &str) {
        self.go(Url::parse(to), true);
    }

    fn go(&self, url: Url, replace: bool) {
        let same = self.url.with_untracked(|current| *current == url);
        if let Ok(history) = window().history() {
            let full = url.full();
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&full))
            } else if same {
                Ok(())
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&full))
            };
        }
        if !replace {
            scroll_to(&url.hash);
        }
        if !same {
            self.url.set(url);
        }
    }

    /// A click on a link the app can show itself: opened in place, without a reload.
    fn on_click(&self, ev: web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        // The browser's own: another window, a download, a file of the server (`rel=external`:
        // the feeds), another site.
        let external = a
            .get_attribute("rel")
            .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
        if !a.target().is_empty()
            || a.has_attribute("download")
            || external
            || window().location().origin().ok() != Some(a.origin())
        {
            return;
        }
        let url = Url {
            path: a.pathname(),
            search: query_part(a.search()),
            hash: a.hash(),
        };
        // A fragment of the page shown: the browser scrolls to it.
        let same_document = self
            .url
            .with_untracked(|current| current.path == url.path && current.search == url.search);
        if same_document && !url.hash.is_empty() {
            return;
        }
        ev.prevent_default();
        self.go(url, false);
    }
}

/// Top of the page, or the element a fragment names once the new page has drawn it.
fn scroll_to(hash: &str) {
    let id = hash.strip_prefix('#').unwrap_or_default();
    if id.is_empty() {
        window().scroll_to_with_x_and_y(0.0, 0.0);
        return;
    }
    let id = decode(id);
    request_animation_frame(move || match document().get_element_by_id(&id) {
        Some(el) => el.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    });
}

/// Provides the [`Location`] to its children and follows links and the history buttons.
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let url = RwSignal::new(Url::current());
    let location = Location {
        path: Memo::new(move |_| url.with(|u| u.path.clone())),
        query: Memo::new(move |_| url.with(|u| Query::parse(&u.search))),
        url,
    };
    provide_context(location);
    let click = window_event_listener(leptos::ev::click, move |ev| location.on_click(ev));
    // Back and forward: the browser has moved the URL and puts the scroll position back.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        let now = Url::current();
        if url.with_untracked(|u| *u != now) {
            url.set(now);
        }
    });
    on_cleanup(move || {
        click.remove();
        popstate.remove();
    });
    children()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_urls_split_and_join() {
        let url = Url::parse("/tim-kiem?q=dan%20van&trang=2#ket-qua");
        assert_eq!(url.path, "/tim-kiem");
        assert_eq!(url.search, "q=dan%20van&trang=2");
        assert_eq!(url.hash, "#ket-qua");
        assert_eq!(url.full(), "/tim-kiem?q=dan%20van&trang=2#ket-qua");
        let bare = Url::parse("/bai-viet/1024/so-ket");
        assert_eq!((bare.search.as_str(), bare.hash.as_str()), ("", ""));
        assert_eq!(bare.full(), "/bai-viet/1024/so-ket");
        // A `?` after the fragment belongs to the fragment.
        assert_eq!(Url::parse("/a#b?c").hash, "#b?c");
        assert_eq!(Url::parse("/a?#").full(), "/a");
    }

    #[test]
    fn queries_decode_as_forms_do() {
        let q = Query::parse("q=d%C3%A2n+v%E1%BA%ADn&trang=2&trang=3&empty&=x");
        assert_eq!(q.get("q").as_deref(), Some("dân vận"));
        assert_eq!(q.get("trang").as_deref(), Some("2"));
        assert_eq!(q.get("empty").as_deref(), Some(""));
        assert_eq!(q.get("").as_deref(), Some("x"));
        assert_eq!(q.get("ngay"), None);
        assert_eq!(Query::parse(""), Query::default());
        // Broken escapes are kept, not refused: the page shows what it can.
        assert_eq!(
            Query::parse("q=%E1%BA&a=%zz").get("a").as_deref(),
            Some("%zz")
        );
        assert_eq!(Query::parse("q=a%26b").get("q").as_deref(), Some("a&b"));
    }
}
