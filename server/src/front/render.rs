//! The front server's answers: pages (index.html completed for the route), feeds, sitemaps
//! and robots.txt.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use portal::api::client::{ApiClient, ListQuery};
use portal::api::types::{
    Article, ArticleSummary, Channel, ChannelKind, Home, Page, Programme, Site,
};
use portal::domain::broadcast::listed_channel;
use portal::routes;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::sync::Arc;

use super::page::{self, Head, Origin};
use super::route::Route;
use super::upstream::Answer;
use super::{feeds, plain, Front, PAGE_CACHE};
use crate::static_files::NO_CACHE;

/// A page ready to be written into `index.html`.
struct Prepared {
    status: StatusCode,
    site: Option<Site>,
    head: Head,
    body: String,
    /// API answers the app asks for first (`/site`, `/articles/1024`…), by path.
    data: BTreeMap<String, serde_json::Value>,
}

enum Outcome {
    Page(Box<Prepared>),
    /// To the canonical URL (a wrong or missing slug).
    Moved(String),
    /// The API did not answer as it should: the plain shell, as static hosting sends.
    Unavailable,
}

/// `index.html` as built (with `--api-base` applied), for any page.
pub async fn shell(front: &Front, head_only: bool) -> Response {
    let Some((template, policy)) = template(front).await else {
        return no_app();
    };
    html_response(
        StatusCode::OK,
        NO_CACHE,
        template,
        &policy,
        &HeaderMap::new(),
        head_only,
    )
}

async fn template(front: &Front) -> Option<(String, String)> {
    let options = front.options();
    // The inline scripts are those of the build; what pages add is data, never run.
    crate::static_files::index_page(&options.dist, options.api_base.as_deref(), &options.csp).await
}

fn no_app() -> Response {
    plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "Ứng dụng chưa được build (không có index.html trong thư mục --dist).\n",
    )
}

/// One page: `index.html` completed for `path`, the moved page, or the plain shell when the
/// API has not answered within the budget.
pub async fn page(
    front: &Front,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    head_only: bool,
) -> Response {
    let Some((template, policy)) = template(front).await else {
        return no_app();
    };
    let origin = front.origin(headers);
    let route = Route::parse(path, query);
    let outcome = tokio::time::timeout(front.options().budget, prepare(front, route, &origin))
        .await
        .unwrap_or(Outcome::Unavailable);
    let (status, cache, html) = match outcome {
        Outcome::Page(p) => {
            let api_base = front.options().api_base.as_deref();
            (p.status, PAGE_CACHE, fill(&template, &p, &origin, api_base))
        }
        Outcome::Moved(to) => return moved(&to),
        Outcome::Unavailable => (StatusCode::OK, NO_CACHE, template),
    };
    html_response(status, cache, html, &policy, headers, head_only)
}

/// An HTML page with its validator, cache policy and Content-Security-Policy.
fn html_response(
    status: StatusCode,
    cache: &'static str,
    html: String,
    policy: &str,
    headers: &HeaderMap,
    head_only: bool,
) -> Response {
    let etag = etag(html.as_bytes());
    let mut response = if matches_etag(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else if head_only {
        status.into_response()
    } else {
        (status, html).into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// What `route` needs from the API, and the page made of it.
async fn prepare(front: &Front, route: Option<Route>, origin: &Origin) -> Outcome {
    let api = front.upstream();
    let site_path = ApiClient::site_path();
    let channels_path = ApiClient::channels_path();
    let main_path = route.as_ref().and_then(api_path);
    // Every page's header shows the site and its channels: ask for both with the page's data.
    let (site_answer, channels, main) =
        tokio::join!(api.get(&site_path), api.get(&channels_path), async {
            match main_path {
                Some(path) => Some((path.clone(), api.get(&path).await)),
                None => None,
            }
        });
    let Some(site) = site_answer.decode::<Site>() else {
        // Without the site the head cannot be written; an unknown path is still not found.
        return match route {
            None => ready(
                StatusCode::NOT_FOUND,
                None,
                page::not_found(),
                BTreeMap::new(),
            ),
            Some(_) => Outcome::Unavailable,
        };
    };
    let mut data = BTreeMap::new();
    for (path, answer) in [(&site_path, &site_answer), (&channels_path, &channels)] {
        if let Some(json) = answer.decode::<serde_json::Value>() {
            data.insert(path.clone(), json);
        }
    }
    let channel_list: Option<Vec<Channel>> = match &channels {
        Answer::NotFound => Some(Vec::new()),
        other => other.decode(),
    };
    let found = |page, data| ready(StatusCode::OK, Some(site.clone()), page, data);
    let not_found = |data| {
        ready(
            StatusCode::NOT_FOUND,
            Some(site.clone()),
            page::not_found(),
            data,
        )
    };
    let Some(route) = route else {
        return not_found(data);
    };
    // The page's own answer: not found, unavailable, or its data (kept for the app).
    let main = match main {
        None => None,
        Some((_, Answer::NotFound)) => return not_found(data),
        Some((_, Answer::Failed(_))) => return Outcome::Unavailable,
        Some((path, answer)) => answer.decode::<serde_json::Value>().inspect(|json| {
            if fits_in_page(&data, json) {
                data.insert(path, json.clone());
            }
        }),
    };
    // The page's answer as `$t`; one that does not decode is the API failing.
    macro_rules! parsed {
        ($t:ty) => {
            match main
                .clone()
                .and_then(|v| serde_json::from_value::<$t>(v).ok())
            {
                Some(v) => v,
                None => return Outcome::Unavailable,
            }
        };
    }
    match route {
        Route::Home => {
            let home = parsed!(Home);
            found(page::home(&site, &home, origin), data)
        }
        Route::Category { slug, page } => {
            let Some(category) = site.categories.iter().find(|c| c.slug == slug).cloned() else {
                return not_found(data);
            };
            let items = parsed!(Page<ArticleSummary>);
            let canonical = routes::category(&slug, page);
            let meta = portal::pages::category::meta(&category.name, page);
            found(
                page::list(
                    &site,
                    meta,
                    &category.name,
                    &items,
                    Some(canonical),
                    Some(&category),
                    origin,
                ),
                data,
            )
        }
        Route::Search { q, .. } => {
            use portal::pages::search::{meta, HEADING};
            let items = parsed!(Page<ArticleSummary>);
            found(
                page::list(&site, meta(&q), HEADING, &items, None, None, origin),
                data,
            )
        }
        Route::Article { id, slug } => {
            let article = parsed!(Article);
            if slug.as_deref().unwrap_or("") != article.summary.slug {
                return Outcome::Moved(routes::article(id, &article.summary.slug));
            }
            found(page::article(&site, &article, origin), data)
        }
        Route::Channels { tv, slug } => {
            let Some(list) = channel_list else {
                return Outcome::Unavailable;
            };
            let kind = if tv {
                ChannelKind::Tv
            } else {
                ChannelKind::Radio
            };
            // As the app: the channel named, or the menu's first.
            let Some(channel) = listed_channel(&list, kind, slug.as_deref()) else {
                return not_found(data);
            };
            let canonical = match slug {
                Some(_) => routes::channel(kind, &channel.slug, None),
                None => routes::channels(kind),
            };
            found(
                page::channels(&site, &list, channel, canonical, origin),
                data,
            )
        }
        Route::Programmes { page } => {
            let items = parsed!(Page<Programme>);
            found(page::programmes(&items, page), data)
        }
        Route::Programme { id, slug } => {
            let programme = parsed!(Programme);
            if slug.as_deref().unwrap_or("") != programme.slug {
                return Outcome::Moved(routes::programme(id, &programme.slug));
            }
            found(page::programme(&site, &programme, origin), data)
        }
        Route::Saved => found(page::plain(portal::pages::saved::meta()), data),
        Route::Kiosk => found(
            page::plain((portal::pages::kiosk::TITLE.to_owned(), String::new())),
            data,
        ),
    }
}

/// The API answer `route`'s page is made of, as the app asks for it (none: the site alone).
fn api_path(route: &Route) -> Option<String> {
    Some(match route {
        Route::Home => ApiClient::home_path(),
        Route::Category { slug, page } => {
            list_path(Some(slug), None, *page, portal::pages::category::PER_PAGE)
        }
        Route::Search { q, page } => {
            list_path(None, Some(q), *page, portal::pages::search::PER_PAGE)
        }
        Route::Article { id, .. } => ApiClient::article_path(*id),
        Route::Programmes { page } => {
            ApiClient::programmes_path(&portal::api::client::ProgrammeQuery {
                page: *page,
                per_page: Some(portal::pages::programmes::PER_PAGE),
                ..Default::default()
            })
        }
        Route::Programme { id, .. } => ApiClient::programme_path(*id),
        Route::Channels { .. } | Route::Saved | Route::Kiosk => return None,
    })
}

/// At most this much JSON (bytes) of API answers goes inside a page. With it the article page
/// is about 13 KB brotli, within what the first round trip of a new connection carries
/// (14.6 KB); the home page's 34 KB answer made that 17 KB, one more round trip on a slow
/// network before the first paint (docs/performance.md). An answer left out costs the reader
/// nothing they see: shell/preload.js asks for it as the page starts, while the wasm is
/// still downloading.
const EMBED_BUDGET: usize = 10_000;

/// Whether `json` can go inside the page with `data`, within [`EMBED_BUDGET`].
fn fits_in_page(data: &BTreeMap<String, serde_json::Value>, json: &serde_json::Value) -> bool {
    let size = |v: &serde_json::Value| serde_json::to_vec(v).map_or(usize::MAX, |b| b.len());
    data.values()
        .chain([json])
        .try_fold(0usize, |sum, v| sum.checked_add(size(v)))
        .is_some_and(|total| total <= EMBED_BUDGET)
}

fn ready(
    status: StatusCode,
    site: Option<Site>,
    (head, body): (Head, String),
    data: BTreeMap<String, serde_json::Value>,
) -> Outcome {
    Outcome::Page(Box::new(Prepared {
        status,
        site,
        head,
        body,
        data,
    }))
}

/// The API path of a list of articles, as the app asks for it.
fn list_path(category: Option<&str>, q: Option<&str>, page: u32, per_page: u32) -> String {
    ApiClient::articles_path(&ListQuery {
        category: category.map(str::to_owned),
        q: q.map(str::to_owned),
        page,
        per_page: Some(per_page),
    })
}

/// `body` with its pictures' URLs resolved as the app resolves the API's (`--api-base` on
/// another origin: a root-relative URL is the API's), so that the photo the app shows when it
/// takes over is the one the first screen has downloaded, not a second copy.
fn pictures_as_the_app_has_them(body: &str, api_base: Option<&str>) -> String {
    let Some(base) = api_base else {
        return body.to_owned();
    };
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("img[src]", |el| {
            if let Some(src) = el.get_attribute("src") {
                el.set_attribute("src", &portal::domain::resolve_api_url(base, &src))?;
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    rewrite_str(body, settings).unwrap_or_else(|_| body.to_owned())
}

/// `template` with the page's title, description, head tags, data and first screen.
fn fill(template: &str, p: &Prepared, origin: &Origin, api_base: Option<&str>) -> String {
    let body = pictures_as_the_app_has_them(&p.body, api_base);
    let title = match &p.site {
        Some(site) => page::document_meta(site, &p.head).0,
        None => p.head.title.clone().unwrap_or_default(),
    };
    let tags = p
        .site
        .as_ref()
        .map(|s| page::head_tags(s, &p.head, origin))
        .unwrap_or_default();
    let data = if p.data.is_empty() {
        String::new()
    } else {
        format!(
            "<script type=\"application/json\" id=\"portal-data\">{}</script>",
            page::script_json(&p.data)
        )
    };
    let mut data_done = false;
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("title", |el| {
                el.set_inner_content(&crate::html::escape(&title), ContentType::Html);
                Ok(())
            }),
            // Replaced by the page's own (in `tags`), escaped as all text is.
            element!("meta[name=description]", |el| {
                if p.site.is_some() {
                    el.remove();
                }
                Ok(())
            }),
            // The data goes before the inline script that hands it to the app (shell/preload.js).
            element!("head > script", |el| {
                if !data_done {
                    el.before(&data, ContentType::Html);
                    data_done = true;
                }
                Ok(())
            }),
            element!("head", |el| {
                el.append(&tags, ContentType::Html);
                Ok(())
            }),
            // With a first screen to paint, the wasm waits for the loader to ask for it
            // instead of taking bandwidth from the page's photo (the loader asks after the
            // first paint).
            element!("link[rel=preload][as=fetch]", |el| {
                let wasm = el
                    .get_attribute("href")
                    .is_some_and(|h| h.ends_with(".wasm"));
                if wasm && !p.body.is_empty() {
                    el.remove();
                }
                Ok(())
            }),
            element!("#boot", |el| {
                if !p.body.is_empty() {
                    el.remove_attribute("aria-busy");
                    el.set_attribute("data-first-screen", "")?;
                }
                Ok(())
            }),
            element!("#boot .boot-content", |el| {
                if !body.is_empty() {
                    el.set_inner_content(&body, ContentType::Html);
                }
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(template, settings).unwrap_or_else(|_| template.to_owned())
}

fn moved(to: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(PAGE_CACHE));
    response
}

/// 96 bits of the page's SHA-256: enough to tell versions apart, and a short header.
fn etag(body: &[u8]) -> String {
    let hash = Sha256::digest(body);
    format!("\"{}\"", BASE64.encode(&hash[..12]))
}

fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*")
        })
}

/// An XML or text answer, cached as pages are.
fn document(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(PAGE_CACHE)),
        ],
        body,
    )
        .into_response()
}

const XML: &str = "application/xml; charset=utf-8";
const RSS: &str = "application/rss+xml; charset=utf-8";

fn api_down() -> Response {
    let mut response = plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "Máy chủ nội dung đang bận, vui lòng thử lại sau.\n",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    response
}

async fn get<T: DeserializeOwned>(front: &Front, path: &str) -> Result<T, Response> {
    match front.upstream().get(path).await {
        Answer::NotFound => Err(plain(StatusCode::NOT_FOUND, "Không tìm thấy.\n")),
        answer => answer.decode().ok_or_else(api_down),
    }
}

pub async fn robots(State(front): State<Arc<Front>>, headers: HeaderMap) -> Response {
    document(
        "text/plain; charset=utf-8",
        feeds::robots(&front.origin(&headers)),
    )
}

pub async fn site_feed(State(front): State<Arc<Front>>, headers: HeaderMap) -> Response {
    let origin = front.origin(&headers);
    let path = list_path(None, None, 1, feeds::PER_PAGE);
    let (site, items) = tokio::join!(
        get::<Site>(&front, "/site"),
        get::<Page<ArticleSummary>>(&front, &path)
    );
    match (site, items) {
        (Ok(site), Ok(items)) => document(RSS, feeds::rss(&site, None, &items.items, &origin)),
        (Err(e), _) | (_, Err(e)) => e,
    }
}

pub async fn category_feed(
    State(front): State<Arc<Front>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = front.origin(&headers);
    let Some(slug) = file.strip_suffix(".xml") else {
        return plain(StatusCode::NOT_FOUND, "Không tìm thấy.\n");
    };
    let site = match get::<Site>(&front, "/site").await {
        Ok(site) => site,
        Err(e) => return e,
    };
    let Some(category) = site.categories.iter().find(|c| c.slug == slug) else {
        return plain(StatusCode::NOT_FOUND, "Không tìm thấy chuyên mục.\n");
    };
    let path = list_path(Some(slug), None, 1, feeds::PER_PAGE);
    match get::<Page<ArticleSummary>>(&front, &path).await {
        Ok(items) => document(
            RSS,
            feeds::rss(
                &site,
                Some((&category.slug, &category.name)),
                &items.items,
                &origin,
            ),
        ),
        Err(e) => e,
    }
}

pub async fn sitemap_index(State(front): State<Arc<Front>>, headers: HeaderMap) -> Response {
    let path = list_path(None, None, 1, feeds::PER_PAGE);
    match get::<Page<ArticleSummary>>(&front, &path).await {
        Ok(items) => {
            let pages = items.total.div_ceil(u64::from(feeds::PER_PAGE));
            document(XML, feeds::sitemap_index(pages, &front.origin(&headers)))
        }
        Err(e) => e,
    }
}

pub async fn pages_sitemap(State(front): State<Arc<Front>>, headers: HeaderMap) -> Response {
    let channels_path = ApiClient::channels_path();
    let (site, channels) = tokio::join!(
        get::<Site>(&front, "/site"),
        get::<Vec<Channel>>(&front, &channels_path)
    );
    match site {
        Ok(site) => {
            let broadcast = channels.is_ok_and(|c| !c.is_empty());
            document(
                XML,
                feeds::pages_sitemap(&site, broadcast, &front.origin(&headers)),
            )
        }
        Err(e) => e,
    }
}

pub async fn articles_sitemap(front: &Front, page: u32, headers: &HeaderMap) -> Response {
    let path = list_path(None, None, page, feeds::PER_PAGE);
    match get::<Page<ArticleSummary>>(front, &path).await {
        Ok(items) if !items.items.is_empty() => document(
            XML,
            feeds::articles_sitemap(&items.items, &front.origin(headers)),
        ),
        Ok(_) => plain(StatusCode::NOT_FOUND, "Không tìm thấy.\n"),
        Err(e) => e,
    }
}

pub async fn news_sitemap(State(front): State<Arc<Front>>, headers: HeaderMap) -> Response {
    let site = match get::<Site>(&front, "/site").await {
        Ok(site) => site,
        Err(e) => return e,
    };
    let now = crate::timefmt::now_unix();
    let mut news = Vec::new();
    // Newest first: stop at the first page that reaches past the window.
    for page in 1.. {
        let path = list_path(None, None, page, feeds::PER_PAGE);
        let items = match get::<Page<ArticleSummary>>(&front, &path).await {
            Ok(items) => items,
            Err(e) => return e,
        };
        let all_recent = items.items.iter().all(|a| feeds::is_news(a, now));
        news.extend(
            items
                .items
                .iter()
                .filter(|a| feeds::is_news(a, now))
                .cloned(),
        );
        let last = u64::from(page) * u64::from(feeds::PER_PAGE) >= items.total;
        if !all_recent || last || items.items.is_empty() || news.len() >= feeds::NEWS_MAX {
            break;
        }
    }
    document(
        XML,
        feeds::news_sitemap(&site, &news, &front.origin(&headers)),
    )
}

#[cfg(test)]
mod tests {
    use super::pictures_as_the_app_has_them as pictures;

    #[test]
    fn first_screen_pictures_come_from_where_the_app_takes_them() {
        let body = "<figure><img src=\"/media/a.jpg\" alt=\"A &amp; B\" width=\"4\" height=\"3\"></figure>\
                    <img src=\"https://cdn.example.vn/b.jpg\" alt=\"\">";
        // The API on another origin: its root-relative pictures are its own.
        let out = pictures(body, Some("https://api.example.vn/api/v1"));
        assert!(
            out.contains("src=\"https://api.example.vn/media/a.jpg\""),
            "{out}"
        );
        assert!(out.contains("alt=\"A &amp; B\""), "{out}");
        assert!(
            out.contains("src=\"https://cdn.example.vn/b.jpg\""),
            "{out}"
        );
        // The API on the page's origin (the default, or a relative base): as written.
        assert_eq!(pictures(body, None), body);
        assert_eq!(pictures(body, Some("/api/v1")), body);
    }

    #[test]
    fn etag_is_the_first_96_bits_of_the_sha256_in_base64() {
        // SHA-256("abc") begins ba7816bf 8f01cfea 414140de.
        assert_eq!(super::etag(b"abc"), "\"ungWv48Bz+pBQUDe\"");
    }
}
