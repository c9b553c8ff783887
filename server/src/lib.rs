//! Reference server of the news portal's JSON API (`/api/v1`, see `CONTRACT.md`), with sample
//! data in SQLite, moderation commands, and the built app served from `--dist`.
//!
//! Tests and tools build the router with [`app`] and run it with [`serve`].

pub mod api;
pub mod broadcast;
pub mod cli;
pub mod comments;
pub mod csp;
pub mod db;
pub mod error;
pub mod front;
pub mod html;
pub mod images;
pub mod media_gen;
pub mod model;
pub mod search;
pub mod seed_data;
pub mod static_files;
pub mod timefmt;
pub mod weather;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::comments::RateLimiter;
use crate::db::Db;
use crate::model::Site;

/// Run-time options of the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder of the built app; `None` serves the API only.
    pub dist: Option<PathBuf>,
    /// Replaces the `portal-api-base` meta tag's content in `index.html`.
    pub api_base: Option<String>,
    /// Comments one client address may post per window (0: no limit).
    pub comment_rate_limit: u32,
    pub comment_rate_window: Duration,
    /// Take the client's address for the comment rate limit from the last entry of
    /// `X-Forwarded-For`, as set by a reverse proxy in front (nginx's
    /// `$proxy_add_x_forwarded_for`). Only for a server that nobody reaches but the proxy.
    pub trust_proxy: bool,
    /// Origins added to the Content-Security-Policy's `img-src` (a CDN for pictures).
    pub csp_img_origins: Vec<String>,
    /// Origins added to the Content-Security-Policy's `connect-src`.
    pub csp_connect_origins: Vec<String>,
    /// Origins added to the Content-Security-Policy's `media-src` and `connect-src` (a
    /// streaming service for audio and video).
    pub csp_media_origins: Vec<String>,
    /// Folder of the broadcast files (`/media/programmes/…`, `/media/channels/…`, the live
    /// loops); `None` serves none.
    pub media_dir: Option<PathBuf>,
}

impl Options {
    /// What the Content-Security-Policy of `index.html` depends on.
    pub fn csp_config(&self) -> csp::CspConfig {
        csp::CspConfig {
            api_base: self.api_base.clone(),
            img_origins: self.csp_img_origins.clone(),
            connect_origins: self.csp_connect_origins.clone(),
            media_origins: self.csp_media_origins.clone(),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dist: None,
            api_base: None,
            comment_rate_limit: 5,
            comment_rate_window: Duration::from_secs(600),
            trust_proxy: false,
            csp_img_origins: Vec::new(),
            csp_connect_origins: Vec::new(),
            csp_media_origins: Vec::new(),
            media_dir: None,
        }
    }
}

struct Inner {
    db: Db,
    site: Site,
    options: Options,
    limiter: RateLimiter,
    comment_lock: tokio::sync::Mutex<()>,
}

/// Everything the handlers share.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(db: Db, site: Site, options: Options) -> Self {
        let limiter = RateLimiter::new(options.comment_rate_limit, options.comment_rate_window);
        AppState(Arc::new(Inner {
            db,
            site,
            options,
            limiter,
            comment_lock: tokio::sync::Mutex::new(()),
        }))
    }

    pub fn db(&self) -> &Db {
        &self.0.db
    }

    pub fn site(&self) -> &Site {
        &self.0.site
    }

    pub fn options(&self) -> &Options {
        &self.0.options
    }

    pub fn limiter(&self) -> &RateLimiter {
        &self.0.limiter
    }

    /// Held while a comment is checked and stored, so that concurrent posts of the same
    /// client token see each other (one row, one rate-limit count, the same answer).
    pub fn comment_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.0.comment_lock
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    api::ApiError::internal("a handler panicked").into_response()
}

/// The whole service: the API under `/api/v1`, media, and the app.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .merge(api::media::router())
        .fallback(static_files::serve)
        .with_state(state)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(compression())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Compresses answers on the fly, but not video and audio: they are compressed already, and
/// compressing them again only costs time. Level 6: brotli's default in tower-http (4) made a
/// 53 KB article page 14,568 B, more than gzip -9; 6 makes it 13,433 B (under the 14.6 KB a
/// new connection's first round trip carries) for about 1.6 ms of CPU, where 11 takes 85 ms.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(6))
        .compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new("video/"))
                .and(NotForContentType::const_new("audio/")),
        )
}

/// Serves `app` on `listener` (with client addresses for the rate limit) until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
