//! The JSON API under `/api/v1` (see `CONTRACT.md`).

pub mod articles;
pub mod broadcast;
pub mod comments;
pub mod error;
pub mod media;
pub mod params;
pub mod site;
pub mod weather;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

use crate::AppState;
pub use error::{json, ApiError};

/// Largest accepted request body (a comment).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The API may be called from an app served elsewhere (`--api-base` points the app at any
/// server): any origin may read it and post comments; no cookies are involved.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// The routes under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/site", get(site::site))
        .route("/home", get(site::home))
        .route("/articles", get(articles::list))
        .route("/articles/{id}", get(articles::article))
        .route(
            "/articles/{id}/comments",
            get(comments::list)
                .post(comments::post)
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/weather", get(weather::weather))
        .route("/channels", get(broadcast::channels))
        .route("/channels/{slug}", get(broadcast::channel))
        .route("/channels/{slug}/schedule", get(broadcast::schedule))
        .route("/shows", get(broadcast::shows))
        .route("/programmes", get(broadcast::programmes))
        .route("/programmes/{id}", get(broadcast::programme))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors())
}

/// Any unknown path under `/api/`.
pub async fn not_found() -> ApiError {
    ApiError::not_found("Không tìm thấy địa chỉ yêu cầu.")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// [`with_db`] for writes that must be on disk before the answer (see [`Db::with_durable`]).
///
/// [`Db::with_durable`]: crate::db::Db::with_durable
pub async fn with_db_durable<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut rusqlite::Connection, &crate::model::Site) -> crate::error::Result<T>
        + Send
        + 'static,
{
    run_db(state, true, f).await
}

/// Runs a storage call on a blocking thread with a pooled connection.
pub async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut rusqlite::Connection, &crate::model::Site) -> crate::error::Result<T>
        + Send
        + 'static,
{
    run_db(state, false, f).await
}

async fn run_db<T, F>(state: &AppState, durable: bool, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut rusqlite::Connection, &crate::model::Site) -> crate::error::Result<T>
        + Send
        + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let call = |conn: &mut rusqlite::Connection| f(conn, state.site());
        if durable {
            state.db().with_durable(call)
        } else {
            state.db().with(call)
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("storage task failed: {e}")))?
    .map_err(ApiError::from)
}
