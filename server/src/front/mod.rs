//! The front server (`portal-server front --api URL`): what a station deploys in front of any
//! API that follows `CONTRACT.md`. It serves the built app from `--dist`, and answers every
//! page's URL with `index.html` completed for that page (head for link previews and search
//! engines, the first screen as plain HTML, the API answers the app would ask for first),
//! with real status codes (404, 301 to the canonical URL). When the API is slow or down, the
//! plain shell goes out after a short budget and the app does the rest, as with static
//! hosting. It also serves the feeds and sitemaps, and proxies the API and its media paths so
//! the app needs no CORS. It keeps nothing but a few seconds of API answers in memory: any
//! number of instances can run behind a load balancer or CDN.

pub mod feeds;
pub mod page;
pub mod proxy;
pub mod render;
pub mod route;
pub mod upstream;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;

use crate::csp::CspConfig;
use page::Origin;
use upstream::Upstream;

/// The path the app's API requests go to on the front server (the contract's default base).
pub const API_PREFIX: &str = "/api/v1";

/// `Cache-Control` of pages completed with the API's data: a CDN or browser may keep them
/// briefly and serve them while it checks again.
pub const PAGE_CACHE: &str = "public, max-age=30, stale-while-revalidate=300";

#[derive(Debug, Clone)]
pub struct FrontOptions {
    /// The API's base URL (`https://api.example.vn/api/v1`).
    pub api: String,
    pub dist: PathBuf,
    /// The public origin of the portal (`https://hagiangtv.vn`) for canonical URLs; by default
    /// taken from the request's `Host` (and `X-Forwarded-Proto` behind a trusted proxy).
    pub public_url: Option<String>,
    /// Replaces the `portal-api-base` meta tag of `index.html` (default: as built, `/api/v1`,
    /// which this server proxies).
    pub api_base: Option<String>,
    pub csp: CspConfig,
    /// How long a page waits for the API before the plain shell goes out.
    pub budget: Duration,
    /// How long an API answer is kept for the next readers.
    pub cache_ttl: Duration,
    /// Root-relative paths proxied to the API's origin as they are (the API's pictures and
    /// media, `/media` on the reference server).
    pub proxy_paths: Vec<String>,
    /// Behind a reverse proxy: pass on its `X-Forwarded-For` and read `X-Forwarded-Proto`.
    pub trust_proxy: bool,
}

pub struct Front {
    options: FrontOptions,
    upstream: Upstream,
    client: reqwest::Client,
}

impl Front {
    pub fn new(options: FrontOptions) -> Result<Arc<Self>, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        // Requests the pages make are short: one that hangs must not hold its slot forever.
        let pages = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        let upstream = Upstream::new(pages, &options.api, options.cache_ttl);
        Ok(Arc::new(Front {
            options,
            upstream,
            client,
        }))
    }

    pub fn options(&self) -> &FrontOptions {
        &self.options
    }

    pub fn upstream(&self) -> &Upstream {
        &self.upstream
    }

    /// The public origin for this request.
    pub fn origin(&self, headers: &HeaderMap) -> Origin {
        if let Some(url) = &self.options.public_url {
            return Origin(url.trim_end_matches('/').to_owned());
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(',').next().unwrap_or("").trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let proto = self
            .options
            .trust_proxy
            .then(|| header("x-forwarded-proto"))
            .flatten()
            .filter(|p| p == "https" || p == "http")
            .unwrap_or_else(|| "http".into());
        let host = header("host")
            .filter(|h| {
                h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            })
            .unwrap_or_else(|| "localhost".into());
        Origin(format!("{proto}://{host}"))
    }
}

/// The front server's routes.
pub fn router(front: Arc<Front>) -> Router {
    let mut router = Router::new()
        .route("/robots.txt", get(render::robots))
        .route("/rss.xml", get(render::site_feed))
        .route("/rss/{file}", get(render::category_feed))
        .route("/sitemap.xml", get(render::sitemap_index))
        .route("/sitemap-pages.xml", get(render::pages_sitemap))
        .route("/sitemap-news.xml", get(render::news_sitemap))
        .route(API_PREFIX, any(proxy::api))
        .route(&format!("{API_PREFIX}/{{*rest}}"), any(proxy::api));
    for path in &front.options.proxy_paths {
        router = router.route(&format!("{path}/{{*rest}}"), any(proxy::media));
    }
    router
        .fallback(page_or_file)
        .with_state(front)
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(crate::compression())
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        )
}

/// A file of the app, or a page.
async fn page_or_file(State(front): State<Arc<Front>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = request.uri().path().to_owned();
    if let Some(page) = feeds::parse_article_sitemap(&path) {
        return render::articles_sitemap(&front, page, request.headers()).await;
    }
    let head = request.method() == Method::HEAD;
    let query = request.uri().query().map(str::to_owned);
    let headers = request.headers().clone();
    // The build's own page, as a static host serves it: what the service worker keeps as
    // the shell for every page, so it must carry no page's data.
    if path == "/index.html" {
        return render::shell(&front, head).await;
    }
    if path != "/" {
        if let Some(file) =
            crate::static_files::file(&front.options.dist, &front.options.csp, request).await
        {
            return file;
        }
    }
    render::page(&front, &path, query.as_deref(), &headers, head).await
}

/// Serves the front server on `listener` until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    front: Arc<Front>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    crate::serve(listener, router(front), shutdown).await
}

/// An answer with a status and a plain-text message.
pub(crate) fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        Body::from(text),
    )
        .into_response()
}
