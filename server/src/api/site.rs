//! `GET /site` and `GET /home`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::{json, with_db, ApiError};
use crate::db::queries;
use crate::AppState;

pub async fn site(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, state.site())
}

pub async fn home(State(state): State<AppState>) -> Result<Response, ApiError> {
    let home = with_db(&state, |conn, site| queries::home(conn, site)).await?;
    Ok(json(StatusCode::OK, &home))
}
