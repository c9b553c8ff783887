//! `GET` and `POST /articles/{id}/comments`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{ConnectInfo, FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

use super::params::{self, QueryMap};
use super::{json, with_db, with_db_durable, ApiError};
use crate::comments::{validate, CommentForm};
use crate::db::queries::{self, NewComment};
use crate::model::CommentAccepted;
use crate::AppState;

pub async fn list(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let id = params::article_id(path)?;
    let params = params::query(query)?;
    let (page, per_page) = params::paging(&params)?;
    match with_db(&state, move |conn, _| {
        queries::comments_page(conn, id, page, per_page)
    })
    .await?
    {
        Some(page) => Ok(json(StatusCode::OK, &page)),
        None => Err(ApiError::article_not_found()),
    }
}

fn accepted(id: i64) -> Response {
    json(
        StatusCode::ACCEPTED,
        &CommentAccepted {
            id,
            status: "pending".into(),
        },
    )
}

/// Maps axum's JSON rejections to the contract's errors.
fn body_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("Dữ liệu gửi lên phải ở dạng JSON.")
        }
        r if r.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(),
        _ => ApiError::bad_request("Dữ liệu gửi lên không hợp lệ."),
    }
}

/// The client's address as the proxy in front wrote it: the last entry of the last
/// `X-Forwarded-For` header (entries before it come from the client and prove nothing).
pub fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .next_back()?;
    let entry = last.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.split(']').next())
                .and_then(|e| e.parse().ok())
        })
}

pub async fn post(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let peer: Option<IpAddr> = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    let forwarded = state
        .options()
        .trust_proxy
        .then(|| forwarded_for(request.headers()))
        .flatten();
    let ip = forwarded.or(peer);
    let id = params::article_id(path)?;
    let Json(form) = Json::<CommentForm>::from_request(request, &())
        .await
        .map_err(body_error)?;

    match with_db(&state, move |conn, _| queries::comments_open(conn, id)).await? {
        None => return Err(ApiError::article_not_found()),
        Some(false) => return Err(ApiError::comments_closed()),
        Some(true) => {}
    }
    if form.is_spam() {
        // Looks accepted; nothing is stored.
        let token = form.client_token.as_deref().unwrap_or("");
        return Ok(accepted(
            1_000_000 + (crate::images::hash(token) % 1_000_000) as i64,
        ));
    }
    let comment = validate(&form).map_err(ApiError::validation)?;

    let _serial = state.comment_lock().lock().await;
    // The same token again: the same answer, not counted by the rate limit.
    let token = comment.client_token.clone();
    if let Some(existing) = with_db(&state, move |conn, _| {
        queries::comment_by_token(conn, &token)
    })
    .await?
    {
        return Ok(accepted(existing));
    }
    if let Some(ip) = ip {
        state
            .limiter()
            .try_acquire(ip)
            .map_err(ApiError::rate_limited)?;
    }
    let ip_text = ip.map(|ip| ip.to_string());
    // 202 means stored: the row is on disk before the answer leaves.
    let (comment_id, inserted) = with_db_durable(&state, move |conn, _| {
        queries::insert_comment(
            conn,
            &NewComment {
                article_id: id,
                author_name: &comment.author_name,
                email: &comment.email,
                content: &comment.content,
                client_token: &comment.client_token,
                client_ip: ip_text.as_deref(),
                created_at: crate::timefmt::now_unix(),
            },
        )
    })
    .await?;
    if !inserted {
        // A concurrent post with the same token won the race.
        if let Some(ip) = ip {
            state.limiter().refund(ip);
        }
    }
    Ok(accepted(comment_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn xff(values: &[&str]) -> Option<IpAddr> {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        forwarded_for(&h)
    }

    #[test]
    fn the_proxy_adds_the_last_entry() {
        assert_eq!(xff(&["203.0.113.7"]), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(
            xff(&["1.2.3.4, 10.0.0.1", "198.51.100.2"]),
            Some("198.51.100.2".parse().unwrap())
        );
        assert_eq!(
            xff(&["spoofed, 2001:db8::1"]),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(
            xff(&["[2001:db8::2]:4711"]),
            Some("2001:db8::2".parse().unwrap())
        );
        assert_eq!(xff(&["1.2.3.4, garbage"]), None);
        assert_eq!(xff(&[]), None);
    }
}
