//! The installable app: service worker registration and updates, the install entry, the
//! connection state, and articles kept for offline reading ("Lưu đọc sau").

use crate::api::types::ArticleSummary;
use crate::storage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How often an open page asks whether a new version was deployed.
const UPDATE_CHECK: Duration = Duration::from_secs(30 * 60);
/// In-app navigations check too, but not more often than this.
const NAVIGATION_CHECK_MS: f64 = 60_000.0;
pub const SAVED_KEY: &str = "portal.saved";

/// How the reader can install the portal here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    Unavailable,
    /// The browser offered `beforeinstallprompt`.
    Prompt,
    /// iOS Safari: only by hand, through the share menu.
    IosInstructions,
}

#[derive(Clone, Copy)]
pub struct Pwa {
    pub online: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    pub install: RwSignal<Install>,
    /// Bumped when the saved list changes.
    pub saved_version: RwSignal<u32>,
    registration: StoredValue<Option<web_sys::ServiceWorkerRegistration>, LocalStorage>,
    install_event: StoredValue<Option<JsValue>, LocalStorage>,
    last_check_ms: StoredValue<f64>,
    accepted: StoredValue<bool>,
}

pub fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

/// iPhone and iPad Safari, not already started from the home screen.
pub fn is_ios_safari(user_agent: &str, standalone: bool) -> bool {
    let ios =
        user_agent.contains("iPhone") || user_agent.contains("iPad") || user_agent.contains("iPod");
    let other_browser = ["CriOS", "FxiOS", "EdgiOS", "OPiOS"]
        .iter()
        .any(|b| user_agent.contains(b));
    ios && user_agent.contains("Safari") && !other_browser && !standalone
}

/// The service worker's URL; it learns the API base from it.
pub fn worker_url(api_base_absolute: &str) -> String {
    format!("/sw.js?api={}", crate::url::encode(api_base_absolute))
}

impl Pwa {
    pub fn provide(api_base: &str) -> Self {
        let window = web_sys::window();
        let online = window
            .as_ref()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        let pwa = Pwa {
            online: RwSignal::new(online),
            update_ready: RwSignal::new(false),
            install: RwSignal::new(Install::Unavailable),
            saved_version: RwSignal::new(0),
            registration: StoredValue::new_local(None),
            install_event: StoredValue::new_local(None),
            last_check_ms: StoredValue::new(js_sys::Date::now()),
            accepted: StoredValue::new(false),
        };
        provide_context(pwa);
        let Some(window) = window else { return pwa };

        listen(&window, "online", move |_: web_sys::Event| {
            pwa.online.set(true)
        });
        listen(&window, "offline", move |_: web_sys::Event| {
            pwa.online.set(false)
        });
        listen(&window, "beforeinstallprompt", move |ev: web_sys::Event| {
            // Keep the browser's own banner quiet: the menu offers installing instead.
            ev.prevent_default();
            pwa.install_event.set_value(Some(ev.into()));
            pwa.install.set(Install::Prompt);
        });
        listen(&window, "appinstalled", move |_: web_sys::Event| {
            pwa.install.set(Install::Unavailable)
        });
        let standalone = window
            .match_media("(display-mode: standalone)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        if is_ios_safari(
            &window.navigator().user_agent().unwrap_or_default(),
            standalone,
        ) {
            pwa.install.set(Install::IosInstructions);
        }

        let absolute_base = absolute_url(api_base);
        // The worker precaches the whole build, chunks included (src/chunks.rs): that waits
        // until the page has loaded and the browser is idle, so it never competes with what
        // the reader is opening.
        when_idle_after_load(move || {
            leptos::task::spawn_local(async move { pwa.register(&absolute_base).await })
        });
        if let Ok(handle) = set_interval_with_handle(move || pwa.check_for_update(), UPDATE_CHECK) {
            on_cleanup(move || handle.clear());
        }
        pwa
    }

    async fn register(self, api_base: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = window.navigator().service_worker();
        // A secure context is required; plain http on a LAN address has no service worker.
        if !js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false) {
            return;
        }
        let Ok(reg) = JsFuture::from(container.register(&worker_url(api_base))).await else {
            return;
        };
        let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        self.registration.set_value(Some(reg.clone()));
        listen(&container, "controllerchange", move |_: web_sys::Event| {
            // Only the reader's own "Tải lại" reloads; the first install just takes control.
            if self.accepted.get_value() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        if reg.waiting().is_some() && container.controller().is_some() {
            self.update_ready.set(true);
        }
        let reg_for_found = reg.clone();
        listen(&reg, "updatefound", move |_: web_sys::Event| {
            if let Some(worker) = reg_for_found.installing() {
                self.watch_new_worker(worker);
            }
        });
        // The page's own navigation may have started installing a new version before this
        // listener existed: follow that one too.
        if let Some(worker) = reg.installing() {
            self.watch_new_worker(worker);
        }
        // Browsers do not always look for a new version when a page loads: every start does.
        self.check_for_update();
    }

    /// Offers the update once a new worker has installed next to the one in control.
    fn watch_new_worker(self, worker: web_sys::ServiceWorker) {
        let watched = worker.clone();
        listen(&worker, "statechange", move |_: web_sys::Event| {
            let has_controller = web_sys::window()
                .map(|w| w.navigator().service_worker().controller().is_some())
                .unwrap_or(false);
            if watched.state() == web_sys::ServiceWorkerState::Installed && has_controller {
                self.update_ready.set(true);
            }
        });
    }

    /// Asks the server for a newer service worker (a new deployment).
    pub fn check_for_update(self) {
        self.last_check_ms.set_value(js_sys::Date::now());
        if let Some(Some(reg)) = self.registration.try_get_value() {
            if let Ok(p) = reg.update() {
                leptos::task::spawn_local(async move {
                    let _ = JsFuture::from(p).await;
                    // A worker that was already waiting fires no new event: look for it.
                    let controlled = web_sys::window()
                        .is_some_and(|w| w.navigator().service_worker().controller().is_some());
                    if reg.waiting().is_some() && controlled {
                        self.update_ready.set(true);
                    }
                });
            }
        }
    }

    /// Called on every in-app navigation.
    pub fn navigated(self) {
        if js_sys::Date::now() - self.last_check_ms.get_value() > NAVIGATION_CHECK_MS {
            self.check_for_update();
        }
    }

    /// The reader accepted the new version: activate it; the page reloads once it controls.
    pub fn apply_update(self) {
        self.accepted.set_value(true);
        let waiting = self
            .registration
            .try_get_value()
            .flatten()
            .and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"type".into(), &"skip-waiting".into());
                let _ = worker.post_message(&msg);
            }
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        }
    }

    /// Shows the browser's install dialog.
    pub fn prompt_install(self) {
        let Some(Some(event)) = self.install_event.try_get_value() else {
            return;
        };
        if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into()) {
            if let Some(f) = prompt.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&event);
            }
        }
        self.install_event.set_value(None);
        self.install.set(Install::Unavailable);
    }
}

pub fn absolute_url(url: &str) -> String {
    web_sys::Url::new_with_base(
        url,
        &web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default(),
    )
    .map(|u| u.href())
    .unwrap_or_else(|_| url.to_string())
}

/// Adds an event listener that lives as long as the page (the app is never unmounted).
fn listen<E: JsCast + 'static>(target: &web_sys::EventTarget, name: &str, f: impl Fn(E) + 'static) {
    let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Ok(ev) = ev.dyn_into::<E>() {
            f(ev);
        }
    });
    let _ = target.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
    cb.forget();
}

/// An article kept for offline reading, listed on the "Bài đã lưu" page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedArticle {
    pub article: ArticleSummary,
    pub saved_ms: f64,
}

pub fn saved_list() -> Vec<SavedArticle> {
    storage::get_json(SAVED_KEY).unwrap_or_default()
}

pub fn is_saved(id: u64) -> bool {
    saved_list().iter().any(|s| s.article.id == id)
}

/// Newest first, one entry per article.
pub fn with_saved(mut list: Vec<SavedArticle>, item: SavedArticle) -> Vec<SavedArticle> {
    list.retain(|s| s.article.id != item.article.id);
    list.insert(0, item);
    list
}

/// Sends a message to the active service worker and waits for its answer.
async fn ask_worker(message: &JsValue) -> Option<JsValue> {
    let controller = web_sys::window()?
        .navigator()
        .service_worker()
        .controller()?;
    let channel = web_sys::MessageChannel::new().ok()?;
    let port = channel.port1();
    let answer = js_sys::Promise::new(&mut |resolve, _reject| {
        let cb = Closure::once_into_js(move |ev: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &ev.data());
        });
        port.set_onmessage(Some(cb.unchecked_ref()));
    });
    let transfer = js_sys::Array::of1(&channel.port2());
    controller
        .post_message_with_transferable(message, &transfer)
        .ok()?;
    JsFuture::from(answer).await.ok()
}

fn worker_message(kind: &str, url: &str) -> JsValue {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&msg, &"url".into(), &url.into());
    msg.into()
}

impl Pwa {
    /// Keeps the article (and its photos) offline. Returns whether the worker kept it.
    pub async fn save(self, article: ArticleSummary, api_url: String) -> bool {
        let ok = match ask_worker(&worker_message("save", &absolute_url(&api_url))).await {
            Some(answer) => js_sys::Reflect::get(&answer, &"ok".into())
                .map(|v| v.is_truthy())
                .unwrap_or(false),
            None => false,
        };
        if ok {
            let list = with_saved(
                saved_list(),
                SavedArticle {
                    article,
                    saved_ms: js_sys::Date::now(),
                },
            );
            storage::set_json(SAVED_KEY, &list);
            self.saved_version.update(|v| *v += 1);
        }
        ok
    }

    pub async fn unsave(self, id: u64, api_url: String) {
        let _ = ask_worker(&worker_message("unsave", &absolute_url(&api_url))).await;
        let mut list = saved_list();
        list.retain(|s| s.article.id != id);
        storage::set_json(SAVED_KEY, &list);
        self.saved_version.update(|v| *v += 1);
    }
}

/// A programme kept for offline listening ("Tải về").
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Download {
    /// Absolute, as the player's requests name it.
    pub url: String,
    pub bytes: u64,
    /// Milliseconds since the epoch.
    pub fetched_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadError {
    /// Larger than the whole downloads cache, or the browser's storage is used up.
    Full,
    Network,
    /// No service worker controls the page (unsupported, or plain http).
    NoWorker,
}

impl DownloadError {
    pub fn message(&self) -> &'static str {
        match self {
            DownloadError::Full => "Bộ nhớ tải về đã đầy, không thể lưu thêm chương trình này.",
            DownloadError::Network => "Không tải được. Vui lòng kiểm tra kết nối và thử lại.",
            DownloadError::NoWorker => {
                "Trình duyệt này không hỗ trợ tải về để nghe khi không có mạng."
            }
        }
    }
}

/// The worker's answer to `download`, as JSON: `{ok: true, bytes}` or `{ok: false, error}`.
fn download_result(json: Option<&str>) -> Result<u64, DownloadError> {
    #[derive(Deserialize)]
    struct Reply {
        ok: bool,
        #[serde(default)]
        bytes: u64,
        #[serde(default)]
        error: Option<String>,
    }
    let Some(json) = json else {
        return Err(DownloadError::NoWorker);
    };
    match crate::json::from_str::<Reply>(json) {
        Ok(Reply {
            ok: true, bytes, ..
        }) => Ok(bytes),
        Ok(Reply { error: Some(e), .. }) if e == "full" => Err(DownloadError::Full),
        // Any other failure, or an answer this version cannot read.
        _ => Err(DownloadError::Network),
    }
}

/// The worker's list of downloads; nothing when the answer cannot be read.
fn downloads_list(json: &str) -> Vec<Download> {
    crate::json::from_str(json).unwrap_or_default()
}

/// Asks the worker, with the answer as JSON (it is plain data).
async fn ask_worker_json(message: &JsValue) -> Option<String> {
    let answer = ask_worker(message).await?;
    js_sys::JSON::stringify(&answer).ok()?.as_string()
}

/// Downloads the whole file into the worker's bounded cache, to play offline. The size.
pub async fn download(url: &str) -> Result<u64, DownloadError> {
    let answer = ask_worker_json(&worker_message("download", &absolute_url(url))).await;
    download_result(answer.as_deref())
}

pub async fn remove_download(url: &str) {
    let _ = ask_worker(&worker_message("undownload", &absolute_url(url))).await;
}

/// Oldest first: the first to go when the cache is full.
pub async fn downloads() -> Vec<Download> {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &"downloads".into());
    match ask_worker_json(&msg.into()).await {
        Some(json) => downloads_list(&json),
        None => Vec::new(),
    }
}

/// Whether a copy of `api_url` is in any of the worker's caches.
pub async fn is_cached(api_url: &str) -> bool {
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else {
        return false;
    };
    match JsFuture::from(caches.match_with_str(&absolute_url(api_url))).await {
        Ok(v) => !v.is_undefined() && !v.is_null(),
        Err(_) => false,
    }
}

/// Runs `f` once the page has loaded and the browser has an idle moment (at most a few
/// seconds later; a second later where there is no `requestIdleCallback`).
pub(crate) fn when_idle_after_load(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let run = Closure::once_into_js(f);
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(5000);
        let asked = window.request_idle_callback_with_options(run.unchecked_ref(), &options);
        if asked.is_err() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 1000);
        }
    };
    if window
        .document()
        .is_some_and(|d| d.ready_state() == "complete")
    {
        idle();
    } else {
        let on_load = Closure::once_into_js(idle);
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "load",
            on_load.unchecked_ref(),
            &options,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ios_safari_only() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert!(is_ios_safari(iphone, false));
        assert!(!is_ios_safari(iphone, true));
        let chrome_ios = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1";
        assert!(!is_ios_safari(chrome_ios, false));
        let android = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        assert!(!is_ios_safari(android, false));
    }

    #[test]
    fn worker_url_carries_the_api() {
        assert_eq!(
            worker_url("http://127.0.0.1:8080/api/v1"),
            "/sw.js?api=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fv1"
        );
    }

    #[test]
    fn saved_list_is_newest_first_without_duplicates() {
        let item = |id: u64, ms: f64| SavedArticle {
            article: ArticleSummary {
                id,
                slug: "s".into(),
                title: "T".into(),
                sapo: String::new(),
                published_at: "2022-07-01T15:15:00+07:00".into(),
                category: crate::api::types::Category {
                    slug: "c".into(),
                    name: "C".into(),
                },
                thumbnail: None,
                comment_count: 0,
            },
            saved_ms: ms,
        };
        let list = with_saved(vec![item(1, 1.0), item(2, 2.0)], item(1, 3.0));
        assert_eq!(
            list.iter().map(|s| s.article.id).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(list[0].saved_ms, 3.0);
    }

    #[test]
    fn download_answers() {
        assert_eq!(
            download_result(Some(r#"{"ok":true,"bytes":321456}"#)),
            Ok(321456)
        );
        assert_eq!(
            download_result(Some(r#"{"ok":false,"error":"full"}"#)),
            Err(DownloadError::Full)
        );
        for other in [
            r#"{"ok":false,"error":"network"}"#,
            r#"{"ok":false,"error":"TypeError: x"}"#,
            r#"{"ok":false}"#,
            r#"{"ok":true,"bytes":-1}"#,
            "null",
            "",
        ] {
            assert_eq!(
                download_result(Some(other)),
                Err(DownloadError::Network),
                "{other}"
            );
        }
        assert_eq!(download_result(None), Err(DownloadError::NoWorker));
        assert!(DownloadError::Full
            .message()
            .starts_with("Bộ nhớ tải về đã đầy"));
    }

    #[test]
    fn downloads_listed() {
        let list = downloads_list(
            r#"[{"url":"https://media.example/a.m4a","bytes":1000,"fetched_at":1764000000000}]"#,
        );
        assert_eq!(
            list,
            [Download {
                url: "https://media.example/a.m4a".into(),
                bytes: 1000,
                fetched_at: 1_764_000_000_000,
            }]
        );
        assert!(downloads_list("null").is_empty());
        assert!(downloads_list(r#"[{"url":1}]"#).is_empty());
    }
}
