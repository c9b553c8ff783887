//! `GET /articles` and `GET /articles/{id}`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::params::{self, QueryMap};
use super::{json, with_db, ApiError};
use crate::db::queries;
use crate::search::query_words;
use crate::AppState;

/// At most this many search words are used.
const MAX_WORDS: usize = 12;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> Result<Response, ApiError> {
    let params = params::query(query)?;
    let (page, per_page) = params::paging(&params)?;
    let category = params
        .get("category")
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    let mut words = params.get("q").map(|q| query_words(q)).unwrap_or_default();
    words.truncate(MAX_WORDS);
    let page = with_db(&state, move |conn, site| {
        queries::list_articles(conn, site, category.as_deref(), &words, page, per_page)
    })
    .await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn article(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = params::article_id(path)?;
    match with_db(&state, move |conn, site| {
        queries::read_article(conn, site, id)
    })
    .await?
    {
        Some(article) => Ok(json(StatusCode::OK, &article)),
        None => Err(ApiError::article_not_found()),
    }
}
