//! The built app from `--dist`: existing files as they are (hashed assets cached for a year),
//! every other path falls back to `index.html` (the app shows its own not-found page).
//! The build's `.br` and `.gz` copies (tools/precompress.mjs) are sent when the browser takes
//! them; other files are compressed on the fly by the router's compression layer.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::api::{self, ApiError};
use crate::csp::CspConfig;
use crate::AppState;

pub const NO_CACHE: &str = "no-cache";
pub const ONE_HOUR: &str = "public, max-age=3600";

/// True for file names with a content hash, like `portal-4f9a1c2b3d5e6f70.js`. Trunk writes
/// the hash with `{:x}`: 16 hex digits, fewer when it starts with zeros (8 or more here).
pub fn is_hashed_asset(file_name: &str) -> bool {
    let b = file_name.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let digits = b[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(*c))
            .count();
        c == b'-'
            && (8..=16).contains(&digits)
            && matches!(b.get(i + 1 + digits), Some(b'.') | Some(b'_'))
    })
}

/// Files that must be checked on every use: the page shell and the service worker (a
/// browser only looks for a new service worker when its script is not cached).
pub const ALWAYS_REVALIDATE: &[&str] = &["index.html", "sw.js", "service-worker.js"];

/// Cache policy for a file of the app.
pub fn cache_control(file_name: &str) -> &'static str {
    if ALWAYS_REVALIDATE.contains(&file_name) {
        NO_CACHE
    } else if is_hashed_asset(file_name) {
        api::media::IMMUTABLE
    } else {
        ONE_HOUR
    }
}

/// The fallback of the whole router: `/api/…` → JSON 404, otherwise the app.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return api::not_found().await.into_response();
    }
    if path == "/media" || path.starts_with("/media/") {
        return ApiError::not_found("Không tìm thấy tệp.").into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let Some(dist) = state.options().dist.clone().filter(|d| d.is_dir()) else {
        return no_app();
    };
    if path == "/" || path == "/index.html" {
        return index(&state, &dist).await;
    }
    match file(&dist, &state.options().csp_config(), request).await {
        Some(response) => response,
        None => index(&state, &dist).await,
    }
}

/// A file of `dist` with its cache policy (and Content-Security-Policy for HTML files), or
/// `None` when there is no such file.
pub async fn file(dist: &Path, csp: &CspConfig, request: Request) -> Option<Response> {
    let path = request.uri().path().to_owned();
    let response = match ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
    {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let mut response = response;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let name = path.rsplit('/').next().unwrap_or("");
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control(name)),
        );
        // The answer depends on Accept-Encoding whether a copy or the file itself was sent.
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        // Other pages of the app (an offline page…) get the same kind of policy.
        if name.ends_with(".html") {
            if let Some(policy) = html_file_policy(csp, dist, &path).await {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, policy);
            }
        }
    }
    Some(response)
}

/// The Content-Security-Policy for an HTML file of `dist`: its own inline scripts hashed, or
/// none allowed when the file cannot be read back.
async fn html_file_policy(csp: &CspConfig, dist: &Path, path: &str) -> Option<HeaderValue> {
    let relative = path.trim_start_matches('/');
    let safe = !relative
        .split('/')
        .any(|part| part == ".." || part.contains('\\'));
    let html = if safe {
        tokio::fs::read_to_string(dist.join(relative))
            .await
            .unwrap_or_default()
    } else {
        String::new()
    };
    let policy = crate::csp::policy_for_html(csp, &html);
    HeaderValue::from_str(&policy).ok()
}

/// `index.html`, with the `portal-api-base` meta tag set when `--api-base` is given.
/// `dist/index.html` as served, with its Content-Security-Policy: the `portal-api-base` meta
/// tag set to `api_base` when given, and the policy hashed from the page as served, so a
/// rebuilt dist/ is allowed at once. `None` when there is no built app.
pub async fn index_page(
    dist: &Path,
    api_base: Option<&str>,
    csp: &CspConfig,
) -> Option<(String, String)> {
    let html = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .ok()?;
    let html = match api_base {
        Some(base) => crate::html::set_meta_content(&html, "portal-api-base", base),
        None => html,
    };
    let policy = crate::csp::policy_for_html(csp, &html);
    Some((html, policy))
}

async fn index(state: &AppState, dist: &Path) -> Response {
    let options = state.options();
    let Some((html, policy)) =
        index_page(dist, options.api_base.as_deref(), &options.csp_config()).await
    else {
        return no_app();
    };
    let policy = HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)),
            (header::CONTENT_SECURITY_POLICY, policy),
        ],
        html,
    )
        .into_response()
}

fn no_app() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)),
        ],
        "Ứng dụng chưa được build (không có index.html trong thư mục --dist). API vẫn hoạt động tại /api/v1.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("portal-4f9a1c2b3d5e6f70.js"));
        assert!(is_hashed_asset("portal-4f9a1c2b3d5e6f70_bg.wasm"));
        assert!(is_hashed_asset("style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("portal.js"));
        assert!(!is_hashed_asset("portal-4F9A1C2B3D5E6F70.js"));
        // A hash with leading zeros is printed shorter.
        assert!(is_hashed_asset("portal-3d61d4040c36c7.js"));
        assert!(is_hashed_asset("portal-3d61d4040c36c7_bg.wasm"));
        assert!(!is_hashed_asset("portal-4f9a1c2.js"));
        assert!(!is_hashed_asset("portal-4f9a1c2b3d5e6f70a.js"));
        assert!(!is_hashed_asset("manifest.json"));
    }

    #[test]
    fn cache_policies() {
        assert_eq!(cache_control("index.html"), NO_CACHE);
        assert_eq!(cache_control("sw.js"), NO_CACHE);
        assert_eq!(
            cache_control("portal-4f9a1c2b3d5e6f70.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("icon-192.png"), ONE_HOUR);
    }
}
