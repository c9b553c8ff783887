//! `GET /weather?location=SLUG`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::params::{self, QueryMap};
use super::{json, with_db, ApiError};
use crate::db::queries;
use crate::AppState;

pub async fn weather(State(state): State<AppState>, query: QueryMap) -> Result<Response, ApiError> {
    let params = params::query(query)?;
    let slug = match params
        .get("location")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(s) => s.to_owned(),
        None => state.site().default_weather_location.clone(),
    };
    let Some(location) = state.site().weather_location(&slug).cloned() else {
        return Err(ApiError::not_found("Không tìm thấy địa điểm."));
    };
    let now = crate::timefmt::now_unix();
    let weather = with_db(&state, move |conn, _| {
        queries::weather(conn, &location, now)
    })
    .await?;
    Ok(json(StatusCode::OK, &weather))
}
