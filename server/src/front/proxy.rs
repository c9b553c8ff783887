//! The app's API requests (`/api/v1/…`) and the API's media paths (`/media/…`), passed on to
//! the API as they are, so that the app and its pictures are on one origin (no CORS). Bodies
//! stream both ways; range requests for audio and video pass through.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{plain, Front, API_PREFIX};

/// Largest request body passed on (a comment is a few KB).
const MAX_BODY: usize = 64 * 1024;

// The API's own CORS answers pass through, for an app on another origin that uses this
// server as its API.
const REQUEST_HEADERS: &[HeaderName] = &[
    header::ORIGIN,
    header::ACCESS_CONTROL_REQUEST_METHOD,
    header::ACCESS_CONTROL_REQUEST_HEADERS,
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::CONTENT_TYPE,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::RANGE,
    header::IF_RANGE,
];

const RESPONSE_HEADERS: &[HeaderName] = &[
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_RANGE,
    header::ACCEPT_RANGES,
    header::CACHE_CONTROL,
    header::ETAG,
    header::LAST_MODIFIED,
    header::RETRY_AFTER,
    header::VARY,
    header::ACCESS_CONTROL_ALLOW_ORIGIN,
    header::ACCESS_CONTROL_ALLOW_METHODS,
    header::ACCESS_CONTROL_ALLOW_HEADERS,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
    header::ACCESS_CONTROL_MAX_AGE,
];

/// `/api/v1/…` to the API's base URL.
pub async fn api(
    State(front): State<Arc<Front>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let rest = request
        .uri()
        .path()
        .strip_prefix(API_PREFIX)
        .unwrap_or("")
        .to_owned();
    let target = format!("{}{rest}", front.upstream().base());
    forward(&front, peer, request, target).await
}

/// A media path to the same path on the API's origin.
pub async fn media(
    State(front): State<Arc<Front>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let Some(origin) = crate::csp::origin_of(front.upstream().base()) else {
        return plain(StatusCode::NOT_FOUND, "Không tìm thấy tệp.\n");
    };
    let target = format!("{origin}{}", request.uri().path());
    forward(&front, peer, request, target).await
}

async fn forward(front: &Front, peer: SocketAddr, request: Request, target: String) -> Response {
    let (parts, body) = request.into_parts();
    let url = match parts.uri.query() {
        Some(q) => format!("{target}?{q}"),
        None => target,
    };
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "Nội dung gửi lên quá lớn.\n"),
    };
    let mut upstream = front.client.request(parts.method.clone(), &url);
    for name in REQUEST_HEADERS {
        for value in parts.headers.get_all(name) {
            upstream = upstream.header(name, value);
        }
    }
    // The API limits comments per reader address: it learns the reader's, not ours. Behind a
    // trusted proxy, its list already ends with the reader's address.
    let forwarded = parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .filter(|_| front.options().trust_proxy)
        .map_or_else(|| peer.ip().to_string(), str::to_owned);
    upstream = upstream.header("x-forwarded-for", forwarded);
    if !body.is_empty() {
        upstream = upstream.body(body);
    }
    let answer = match upstream.send().await {
        Ok(a) => a,
        Err(_) => {
            return (
                StatusCode::BAD_GATEWAY,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                )],
                r#"{"error":"internal","message":"Không kết nối được máy chủ nội dung."}"#,
            )
                .into_response()
        }
    };
    let mut response = Response::builder().status(answer.status().as_u16());
    for name in RESPONSE_HEADERS {
        for value in answer.headers().get_all(name) {
            response = response.header(name, value);
        }
    }
    response
        .body(Body::from_stream(answer.bytes_stream()))
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}
