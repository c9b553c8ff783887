//! `GET /media/{*path}`: the pictures stored in the database.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{with_db, ApiError};
use crate::AppState;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub async fn media(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let key = format!("/media/{path}");
    let found = with_db(&state, move |conn, _| crate::db::queries::media(conn, &key)).await?;
    let Some((content_type, bytes)) = found else {
        return Err(ApiError::not_found("Không tìm thấy tệp."));
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
