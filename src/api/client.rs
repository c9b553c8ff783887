//! Requests to the API: URL building (plain, tested natively) and `fetch` with a timeout
//! and cancellation (browser only).

use super::error::{decode_answer, ApiError};
use super::types::{
    Article, ArticleSummary, Channel, ChannelEntry, ChannelKind, Comment, CommentAccepted, Home,
    MediaKind, NewComment, Page, Programme, Schedule, Show, Site, Weather,
};
use crate::url::{encode, query_string};
use leptos::prelude::{on_cleanup, GetValue, LocalStorage, SetValue, StoredValue};
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// Header the service worker adds to answers it keeps (milliseconds since the epoch).
pub const FETCHED_AT_HEADER: &str = "x-portal-fetched-at";

thread_local! {
    /// URL → when the copy the app last got was fetched, for answers that came from the
    /// service worker's cache rather than the network.
    static CACHED_AT: std::cell::RefCell<std::collections::HashMap<String, f64>> =
        Default::default();
}

/// How long a request may take before the reader is told the server is too slow.
pub const REQUEST_TIMEOUT_MS: i32 = 15_000;

/// Filters of `GET /articles`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub category: Option<String>,
    pub q: Option<String>,
    pub page: u32,
    pub per_page: Option<u32>,
}

impl ListQuery {
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.category.as_deref().filter(|c| !c.is_empty()) {
            parts.push(format!("category={}", encode(c)));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            parts.push(format!("q={}", encode(q)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if let Some(n) = self.per_page {
            parts.push(format!("per_page={n}"));
        }
        query_string(&parts)
    }
}

/// Filters of `GET /programmes`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgrammeQuery {
    pub show: Option<String>,
    pub kind: Option<MediaKind>,
    pub language: Option<String>,
    pub page: u32,
    pub per_page: Option<u32>,
}

impl ProgrammeQuery {
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.show.as_deref().filter(|s| !s.is_empty()) {
            parts.push(format!("show={}", encode(s)));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.as_str()));
        }
        if let Some(l) = self.language.as_deref().filter(|l| !l.is_empty()) {
            parts.push(format!("language={}", encode(l)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if let Some(n) = self.per_page {
            parts.push(format!("per_page={n}"));
        }
        query_string(&parts)
    }
}

/// The API client. Cheap to clone; one per app, shared through context.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiClient {
    base: Arc<str>,
}

impl ApiClient {
    pub fn new(base: &str) -> Self {
        ApiClient {
            base: base.trim().trim_end_matches('/').into(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// When the last answer for `path` was fetched, if it came from the offline cache.
    pub fn cached_at(&self, path: &str) -> Option<f64> {
        let url = self.url(path);
        CACHED_AT.with(|m| m.borrow().get(&url).copied())
    }

    pub fn site_path() -> String {
        "/site".into()
    }

    pub fn home_path() -> String {
        "/home".into()
    }

    pub fn articles_path(q: &ListQuery) -> String {
        format!("/articles{}", q.to_query_string())
    }

    pub fn article_path(id: u64) -> String {
        format!("/articles/{id}")
    }

    pub fn comments_path(id: u64, page: u32, per_page: u32) -> String {
        format!(
            "/articles/{id}/comments?page={}&per_page={per_page}",
            page.max(1)
        )
    }

    pub fn weather_path(location: Option<&str>) -> String {
        match location.filter(|l| !l.is_empty()) {
            Some(l) => format!("/weather?location={}", encode(l)),
            None => "/weather".into(),
        }
    }

    pub fn channels_path() -> String {
        "/channels".into()
    }

    pub fn channel_path(slug: &str) -> String {
        format!("/channels/{}", encode(slug))
    }

    /// One Vietnam calendar day (`YYYY-MM-DD`) of a channel's schedule.
    pub fn schedule_path(slug: &str, date: &str) -> String {
        format!("/channels/{}/schedule?date={}", encode(slug), encode(date))
    }

    pub fn shows_path() -> String {
        "/shows".into()
    }

    pub fn programmes_path(q: &ProgrammeQuery) -> String {
        format!("/programmes{}", q.to_query_string())
    }

    pub fn programme_path(id: u64) -> String {
        format!("/programmes/{id}")
    }

    pub async fn site(&self, ctl: AbortController) -> Result<Site, ApiError> {
        self.get(&Self::site_path(), ctl).await
    }

    pub async fn home(&self, ctl: AbortController) -> Result<Home, ApiError> {
        self.get(&Self::home_path(), ctl).await
    }

    pub async fn articles(
        &self,
        q: &ListQuery,
        ctl: AbortController,
    ) -> Result<Page<ArticleSummary>, ApiError> {
        self.get(&Self::articles_path(q), ctl).await
    }

    pub async fn article(&self, id: u64, ctl: AbortController) -> Result<Article, ApiError> {
        self.get(&Self::article_path(id), ctl).await
    }

    pub async fn comments(
        &self,
        id: u64,
        page: u32,
        per_page: u32,
        ctl: AbortController,
    ) -> Result<Page<Comment>, ApiError> {
        self.get(&Self::comments_path(id, page, per_page), ctl)
            .await
    }

    pub async fn weather(
        &self,
        location: Option<&str>,
        ctl: AbortController,
    ) -> Result<Weather, ApiError> {
        self.get(&Self::weather_path(location), ctl).await
    }

    pub async fn channels(&self, ctl: AbortController) -> Result<Vec<Channel>, ApiError> {
        self.get(&Self::channels_path(), ctl).await
    }

    /// The kinds of the station's channels (`GET /channels`), one per channel.
    pub async fn channel_kinds(&self, ctl: AbortController) -> Result<Vec<ChannelKind>, ApiError> {
        let list: Vec<ChannelEntry> = self.get(&Self::channels_path(), ctl).await?;
        Ok(list.into_iter().map(|c| c.kind).collect())
    }

    pub async fn channel(&self, slug: &str, ctl: AbortController) -> Result<Channel, ApiError> {
        self.get(&Self::channel_path(slug), ctl).await
    }

    pub async fn schedule(
        &self,
        slug: &str,
        date: &str,
        ctl: AbortController,
    ) -> Result<Schedule, ApiError> {
        self.get(&Self::schedule_path(slug, date), ctl).await
    }

    pub async fn shows(&self, ctl: AbortController) -> Result<Vec<Show>, ApiError> {
        self.get(&Self::shows_path(), ctl).await
    }

    pub async fn programmes(
        &self,
        q: &ProgrammeQuery,
        ctl: AbortController,
    ) -> Result<Page<Programme>, ApiError> {
        self.get(&Self::programmes_path(q), ctl).await
    }

    pub async fn programme(&self, id: u64, ctl: AbortController) -> Result<Programme, ApiError> {
        self.get(&Self::programme_path(id), ctl).await
    }

    /// Posts a comment. `website` is the spam-trap field: empty unless a robot filled it.
    pub async fn post_comment(
        &self,
        article_id: u64,
        comment: &NewComment,
        website: &str,
    ) -> Result<CommentAccepted, ApiError> {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            #[serde(flatten)]
            comment: &'a NewComment,
            website: &'a str,
        }
        let body = serde_json::to_string(&Body { comment, website })
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        let headers = web_sys::Headers::new().map_err(js_network_error)?;
        headers
            .append("Accept", "application/json")
            .map_err(js_network_error)?;
        headers
            .append("Content-Type", "application/json")
            .map_err(js_network_error)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
        // Not tied to the page: a comment being sent finishes even if the reader moves on.
        let ctl = new_controller();
        self.send(
            &self.url(&format!("/articles/{article_id}/comments")),
            &init,
            ctl,
        )
        .await
    }

    /// GETs `path` below the base URL and decodes the JSON answer.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        ctl: AbortController,
    ) -> Result<T, ApiError> {
        let init = web_sys::RequestInit::new();
        init.set_method("GET");
        let headers = web_sys::Headers::new().map_err(js_network_error)?;
        headers
            .append("Accept", "application/json")
            .map_err(js_network_error)?;
        init.set_headers(&headers);
        let url = self.url(path);
        let preloaded = take_preloaded(&url, &ctl.signal());
        let answer = fetch_answer(&url, &init, ctl, preloaded).await?;
        decode_answer(answer.status, &answer.content_type, &answer.text)
    }

    /// Sends a request with a timeout; the answer is read and classified by `decode_answer`.
    pub async fn send<T: DeserializeOwned>(
        &self,
        url: &str,
        init: &web_sys::RequestInit,
        ctl: AbortController,
    ) -> Result<T, ApiError> {
        let answer = fetch_answer(url, init, ctl, None).await?;
        decode_answer(answer.status, &answer.content_type, &answer.text)
    }
}

/// An HTTP answer as read, before it is classified.
struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

/// Sends a request with a timeout, or waits for `preloaded` (the same request, already on its
/// way) if given. Not generic over the answer's type: one copy of this code in the wasm.
async fn fetch_answer(
    url: &str,
    init: &web_sys::RequestInit,
    ctl: AbortController,
    preloaded: Option<js_sys::Promise>,
) -> Result<Answer, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    init.set_signal(Some(&ctl.signal()));
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let timed_out = timed_out.clone();
        let ctl = ctl.clone();
        Closure::once(move || {
            timed_out.set(true);
            ctl.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            REQUEST_TIMEOUT_MS,
        )
        .ok();
    let was_preloaded = preloaded.is_some();
    let result = async {
        let request = preloaded.unwrap_or_else(|| window.fetch_with_str_and_init(url, init));
        let resp: web_sys::Response = JsFuture::from(request).await?.dyn_into()?;
        let status = resp.status();
        let cached_at = resp
            .headers()
            .get(FETCHED_AT_HEADER)
            .ok()
            .flatten()
            // Whole milliseconds (the worker writes `Date.now()`): parsing an integer keeps
            // core's float parser out of the main wasm (issue #15).
            .and_then(|v| v.parse::<u64>().ok())
            .map(|ms| ms as f64);
        CACHED_AT.with(|m| match cached_at {
            Some(ms) => m.borrow_mut().insert(url.to_string(), ms),
            None => m.borrow_mut().remove(url),
        });
        let content_type = resp
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        let text = JsFuture::from(resp.text()?).await?;
        if was_preloaded {
            // A preloaded answer is often there before the app starts: without this, it would
            // be decoded in the task that asked for it (the page's), one long task on slow
            // phones; `ApiResource` then draws it in a task of its own.
            crate::tasks::next_task().await;
        }
        Ok::<_, JsValue>(Answer {
            status,
            content_type,
            text: text.as_string().unwrap_or_default(),
        })
    }
    .await;
    if let Some(t) = timer {
        window.clear_timeout_with_handle(t);
    }
    drop(on_timeout);
    match result {
        Ok(answer) => Ok(answer),
        Err(_) if timed_out.get() => Err(ApiError::Timeout),
        Err(_) if ctl.signal().aborted() => Err(ApiError::Aborted),
        Err(e) => Err(js_network_error(e)),
    }
}

/// The answer that `shell/preload.js` (inlined in index.html) requested for `url` while the
/// wasm was downloading, if any; aborting `signal` aborts it. Each is taken once.
fn take_preloaded(url: &str, signal: &web_sys::AbortSignal) -> Option<js_sys::Promise> {
    let window: JsValue = web_sys::window()?.into();
    let preload = js_sys::Reflect::get(&window, &"__portalPreload".into()).ok()?;
    let take: js_sys::Function = js_sys::Reflect::get(&preload, &"take".into())
        .ok()?
        .dyn_into()
        .ok()?;
    take.call2(&preload, &url.into(), signal)
        .ok()?
        .dyn_into()
        .ok()
}

fn js_network_error(e: JsValue) -> ApiError {
    let text = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    ApiError::Network(text)
}

/// Creating an AbortController fails only in environments without it; a request then simply
/// cannot be cancelled, so fall back to a plain object.
fn new_controller() -> AbortController {
    AbortController::new().unwrap_or_else(|_| JsValue::from(js_sys::Object::new()).unchecked_into())
}

/// Request cancellation for one view: starting a request aborts the one this slot started
/// before (the reader moved to other params), and leaving the view aborts what is in flight.
#[derive(Clone, Copy)]
pub struct Cancel(StoredValue<Option<AbortController>, LocalStorage>);

impl Cancel {
    pub fn new() -> Self {
        let slot = StoredValue::new_local(None::<AbortController>);
        on_cleanup(move || {
            if let Some(Some(ctl)) = slot.try_get_value() {
                ctl.abort();
            }
        });
        Cancel(slot)
    }

    /// A controller for the next request, after aborting the previous one.
    pub fn next(&self) -> AbortController {
        if let Some(Some(prev)) = self.0.try_get_value() {
            prev.abort();
        }
        let ctl = new_controller();
        self.0.set_value(Some(ctl.clone()));
        ctl
    }
}

impl Default for Cancel {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_queries_are_encoded() {
        let q = ListQuery {
            q: Some(" dân vận & QCDC ".into()),
            page: 2,
            ..Default::default()
        };
        assert_eq!(
            ApiClient::articles_path(&q),
            "/articles?q=d%C3%A2n%20v%E1%BA%ADn%20%26%20QCDC&page=2"
        );
        let q = ListQuery {
            category: Some("thoi-su".into()),
            page: 1,
            per_page: Some(20),
            ..Default::default()
        };
        assert_eq!(
            ApiClient::articles_path(&q),
            "/articles?category=thoi-su&per_page=20"
        );
        assert_eq!(ApiClient::articles_path(&ListQuery::default()), "/articles");
    }

    #[test]
    fn paths() {
        let api = ApiClient::new("https://api.example.vn/api/v1/");
        assert_eq!(api.url("/site"), "https://api.example.vn/api/v1/site");
        assert_eq!(ApiClient::article_path(1024), "/articles/1024");
        assert_eq!(
            ApiClient::comments_path(1024, 0, 10),
            "/articles/1024/comments?page=1&per_page=10"
        );
        assert_eq!(ApiClient::weather_path(None), "/weather");
        assert_eq!(
            ApiClient::weather_path(Some("dong-van")),
            "/weather?location=dong-van"
        );
        assert_eq!(ApiClient::channel_path("hgtv"), "/channels/hgtv");
        assert_eq!(
            ApiClient::schedule_path("phat-thanh", "2026-11-29"),
            "/channels/phat-thanh/schedule?date=2026-11-29"
        );
        assert_eq!(ApiClient::programme_path(2201), "/programmes/2201");
    }

    #[test]
    fn programme_queries_are_encoded() {
        let q = ProgrammeQuery {
            show: Some("tieng-mong".into()),
            kind: Some(MediaKind::Audio),
            language: Some("hmn".into()),
            page: 2,
            per_page: Some(12),
        };
        assert_eq!(
            ApiClient::programmes_path(&q),
            "/programmes?show=tieng-mong&kind=audio&language=hmn&page=2&per_page=12"
        );
        assert_eq!(
            ApiClient::programmes_path(&ProgrammeQuery::default()),
            "/programmes"
        );
    }
}
