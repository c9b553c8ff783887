//! `/media/…`: the pictures stored in the database, the broadcast files of the media folder
//! (`--media-dir`: programmes and channel pictures, with range requests), and the live
//! channels' HLS streams made from the clock.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use super::{with_db, ApiError};
use crate::broadcast::catalog;
use crate::broadcast::files::{self, content_type};
use crate::broadcast::live::{self, LiveParams};
use crate::broadcast::state::ChannelState;
use crate::AppState;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// On-demand broadcast files: made once, but a media folder may be made again.
pub const ON_DEMAND: &str = "public, max-age=3600";
/// A live playlist changes every segment.
pub const NO_CACHE: &str = "no-cache";
/// A live segment is the same for as long as it is listed.
pub const LIVE_SEGMENT: &str = "public, max-age=60";

/// Folders of the media folder served from disk; other paths are pictures in the database.
const DISK_FOLDERS: [&str; 2] = ["programmes/", "channels/"];

/// The media routes, which players on any origin may read (the contract lets media live on
/// another host that allows the portal's origin).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/media/live/{slug}/{file}", get(live_file))
        .route("/media/{*path}", get(media))
        .layer(cors())
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::RANGE, header::ACCEPT])
        .expose_headers([
            header::CONTENT_RANGE,
            header::ACCEPT_RANGES,
            header::CONTENT_LENGTH,
        ])
        .max_age(Duration::from_secs(600))
}

fn file_not_found() -> ApiError {
    ApiError::not_found("Không tìm thấy tệp.")
}

pub async fn media(
    State(state): State<AppState>,
    Path(path): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    if DISK_FOLDERS.iter().any(|f| path.starts_with(f)) {
        return from_disk(&state, &path, request).await;
    }
    let key = format!("/media/{path}");
    let found = with_db(&state, move |conn, _| crate::db::queries::media(conn, &key)).await?;
    let Some((content_type, bytes)) = found else {
        return Err(file_not_found());
    };
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)),
        ],
        bytes,
    )
        .into_response())
}

/// A file of the media folder, with ranges and conditional requests (tower-http's
/// `ServeDir`, which also refuses paths that leave the folder), typed by [`content_type`].
async fn from_disk(state: &AppState, path: &str, request: Request) -> Result<Response, ApiError> {
    let (Some(dir), Some(ct)) = (state.options().media_dir.clone(), content_type(path)) else {
        return Err(file_not_found());
    };
    // The path as sent (still percent-encoded), without `/media`.
    let (mut parts, body) = request.into_parts();
    let inner = parts
        .uri
        .path()
        .strip_prefix("/media")
        .unwrap_or("/")
        .to_owned();
    parts.uri = inner.parse().map_err(|_| file_not_found())?;
    let request = Request::from_parts(parts, body);
    let response = match ServeDir::new(dir)
        .append_index_html_on_directories(false)
        .oneshot(request)
        .await
    {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        return Err(file_not_found());
    }
    let mut response = response;
    let has_body = matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT
    );
    let headers = response.headers_mut();
    if has_body {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(ON_DEMAND));
    Ok(response)
}

/// `/media/live/{slug}/index.m3u8` and its segments `/media/live/{slug}/{seq}.ts`, following
/// the channel's state (see [`ChannelState`]).
pub async fn live_file(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let Some(def) = catalog::channel(&slug) else {
        return Err(file_not_found());
    };
    let (st, since) = with_db(&state, move |conn, _| {
        crate::db::broadcast::channel_state(conn, def.slug)
    })
    .await?;
    let at = match st {
        ChannelState::OnAir => crate::timefmt::now_unix(),
        ChannelState::Stall => since,
        ChannelState::OffAir => return Err(ApiError::not_found("Kênh đang tạm ngừng phát sóng.")),
        ChannelState::NotFound => return Err(file_not_found()),
        ChannelState::ServerError => return Err(stream_failure()),
    };
    let params = LiveParams::sample();
    if file == "index.m3u8" {
        return Ok((
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/vnd.apple.mpegurl"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)),
            ],
            live::playlist(&params, at),
        )
            .into_response());
    }
    let Some(seq) = live::parse_segment_name(&file).filter(|s| params.is_available(*s, at)) else {
        return Err(file_not_found());
    };
    let Some(dir) = state.options().media_dir.clone() else {
        return Err(file_not_found());
    };
    let path = dir
        .join(files::live_path(def.slug))
        .join(params.loop_file(seq));
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(file_not_found()),
        Err(e) => return Err(ApiError::internal(format!("{}: {e}", path.display()))),
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("video/mp2t")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(LIVE_SEGMENT),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The 500 of a stream set to fail: the contract's `internal` error, without logging it as a
/// fault of the server.
fn stream_failure() -> ApiError {
    ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "internal",
        message: "Luồng phát đang gặp sự cố, vui lòng thử lại sau.".to_owned(),
        fields: None,
        retry_after: None,
    }
}
