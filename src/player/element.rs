//! The media element itself: sources, hls.js, captions tracks, where it sits, the lock-screen
//! controls. Every browser event goes back to [`Player`], never into this state directly,
//! so no state borrow is ever taken twice.

use super::{choose_captions, chosen_captions, Item, Player, Status};
use crate::api::types::Source;
use crate::domain::broadcast::{Engine, StreamProblem};
use crate::domain::resolve_api_url;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlMediaElement, HtmlVideoElement};

/// hls.js (npm), copied into the build by `tools/post-build.mjs`; loaded only when a stream
/// is played in a browser without native HLS.
const HLS_JS_URL: &str = "/vendor/hls.light.min.js";

pub struct State {
    api_base: String,
    el: Option<HtmlVideoElement>,
    dock: Option<Element>,
    /// The hls.js instance playing into the element, if any.
    hls: Option<JsValue>,
    sources: Vec<(Source, Engine)>,
    index: usize,
    attempt: u32,
    /// Bumped on every load: answers for an older load are ignored.
    generation: u32,
    resume_at: Option<f64>,
    /// The captions language to show (`""`: the first track), if any.
    captions: Option<String>,
    frames: Vec<(String, Element)>,
    key: String,
    player: Option<Player>,
    last_time: f64,
    last_move_ms: f64,
    last_save_ms: f64,
}

impl State {
    pub fn new(api_base: String) -> Self {
        State {
            api_base,
            el: None,
            dock: None,
            hls: None,
            sources: Vec::new(),
            index: 0,
            attempt: 0,
            generation: 0,
            resume_at: None,
            captions: None,
            frames: Vec::new(),
            key: String::new(),
            player: None,
            last_time: 0.0,
            last_move_ms: 0.0,
            last_save_ms: 0.0,
        }
    }

    /// The element, made on first use with its listeners.
    pub fn element(&mut self, player: Player) -> Option<HtmlVideoElement> {
        if self.el.is_none() {
            let document = web_sys::window()?.document()?;
            let el: HtmlVideoElement = document.create_element("video").ok()?.dyn_into().ok()?;
            // Nothing is fetched before the reader presses play.
            el.set_preload("none");
            let _ = el.set_attribute("playsinline", "");
            el.set_cross_origin(Some("anonymous"));
            let dock = document.create_element("div").ok()?;
            dock.set_class_name("player-dock");
            let _ = dock.append_child(&el);
            let _ = document.body()?.append_child(&dock);
            listen_to(&el, player);
            set_session_actions(player);
            self.el = Some(el);
            self.dock = Some(dock);
            self.player = Some(player);
        }
        self.el.clone()
    }

    pub fn begin(
        &mut self,
        player: Player,
        item: &Item,
        sources: Vec<(Source, Engine)>,
        resume_at: Option<f64>,
    ) {
        self.unload();
        self.generation += 1;
        self.sources = sources;
        self.index = 0;
        self.attempt = 0;
        self.resume_at = resume_at;
        self.key = item.key.clone();
        self.captions = captions_to_show(item.key.starts_with(KIOSK_PREFIX), chosen_captions());
        self.last_move_ms = js_sys::Date::now();
        let Some(el) = self.element(player) else {
            return;
        };
        let _ = el.set_attribute("aria-label", &item.title);
        // A kiosk plays by itself: muted, as browsers allow without a touch.
        if self.key.starts_with(KIOSK_PREFIX) {
            el.set_muted(true);
        }
        if let Some(poster) = item.media.poster.as_ref() {
            el.set_poster(&resolve_api_url(&self.api_base, &poster.url));
        }
        let document = el.owner_document();
        for c in &item.media.captions {
            if let Some(track) = document
                .as_ref()
                .and_then(|d| d.create_element("track").ok())
            {
                let _ = track.set_attribute("kind", "subtitles");
                let _ = track.set_attribute("src", &resolve_api_url(&self.api_base, &c.url));
                let _ = track.set_attribute("srclang", &c.lang);
                let _ = track.set_attribute("label", &c.label);
                let _ = el.append_child(&track);
            }
        }
    }

    /// Plays the current source, from the start of the load (or the remembered position).
    pub fn start_source(&mut self) {
        let (Some(el), Some(player)) = (self.el.clone(), self.player) else {
            return;
        };
        let Some((source, engine)) = self.sources.get(self.index).cloned() else {
            return;
        };
        self.destroy_hls();
        let url = resolve_api_url(&self.api_base, &source.url);
        let generation = self.generation;
        match engine {
            Engine::Native => {
                el.set_src(&url);
                el.load();
                play(&el, player);
            }
            Engine::HlsJs => {
                el.remove_attribute("src").ok();
                leptos::task::spawn_local(async move {
                    let attached = attach_hls_js(&el, &url, player).await;
                    if player.with_state(|s| s.generation) != generation {
                        if let Some(hls) = attached {
                            call0(&hls, "destroy");
                        }
                        return;
                    }
                    match attached {
                        Some(hls) => {
                            player.with_state(|s| s.hls = Some(hls));
                            play(&el, player);
                        }
                        None => player.failed(StreamProblem::Unsupported),
                    }
                });
            }
        }
    }

    /// Moves on to the next playable source; false when there is none.
    pub fn next_source(&mut self) -> bool {
        if self.index + 1 < self.sources.len() {
            self.index += 1;
            self.start_source();
            true
        } else {
            false
        }
    }

    pub fn reconnect(&mut self) {
        self.index = 0;
        self.last_move_ms = js_sys::Date::now();
        self.start_source();
    }

    pub fn next_attempt(&mut self) -> u32 {
        self.attempt += 1;
        self.attempt - 1
    }

    pub fn generation(&self) -> u32 {
        self.generation
    }

    pub fn current_url(&self) -> Option<String> {
        let (source, _) = self.sources.get(self.index)?;
        Some(resolve_api_url(&self.api_base, &source.url))
    }

    pub fn resume(&mut self) {
        if let (Some(el), Some(player)) = (self.el.clone(), self.player) {
            if el.src().is_empty() && self.hls.is_none() {
                self.start_source();
            } else {
                play(&el, player);
            }
        }
    }

    pub fn pause(&mut self) {
        if let Some(el) = &self.el {
            let _ = el.pause();
        }
    }

    pub fn seek(&mut self, seconds: f64) {
        if let Some(el) = &self.el {
            el.set_current_time(seconds.max(0.0));
        }
    }

    pub fn set_muted(&mut self, muted: bool) {
        if let Some(el) = &self.el {
            el.set_muted(muted);
        }
    }

    /// Stops loading and playing and forgets the sources and tracks.
    pub fn unload(&mut self) {
        self.generation += 1;
        self.destroy_hls();
        if let Some(el) = &self.el {
            let _ = el.pause();
            let _ = el.remove_attribute("src");
            let _ = el.remove_attribute("poster");
            while let Some(child) = el.first_element_child() {
                child.remove();
            }
            // Without a source, `load` drops the buffered data and the open connection.
            el.load();
        }
        self.sources.clear();
        if let Some(dock) = self.dock.clone() {
            self.move_into(&dock, false);
        }
    }

    fn destroy_hls(&mut self) {
        if let Some(hls) = self.hls.take() {
            call0(&hls, "destroy");
        }
    }

    pub fn add_frame(&mut self, key: &str, frame: Element) {
        self.frames.retain(|(k, _)| k != key);
        self.frames.push((key.to_string(), frame));
    }

    /// Forgets the frame of `key`; true when the element was in it (it goes to the dock).
    pub fn remove_frame(&mut self, key: &str) -> bool {
        let Some(pos) = self.frames.iter().position(|(k, _)| k == key) else {
            return false;
        };
        let (_, frame) = self.frames.remove(pos);
        let inside = self
            .el
            .as_ref()
            .is_some_and(|el| el.parent_element().as_ref() == Some(&frame));
        if inside {
            if let Some(dock) = self.dock.clone() {
                self.move_into(&dock, false);
            }
        }
        inside
    }

    /// A video goes into the frame of its page when there is one; audio stays in the dock
    /// (its controls are the portal's own).
    pub fn place(&mut self, key: &str, video: bool) {
        let frame = self
            .frames
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, f)| f.clone())
            .filter(|_| video);
        match frame {
            // A kiosk offers no controls: a touch brings the stories back instead.
            Some(frame) => self.move_into(&frame, !key.starts_with(KIOSK_PREFIX)),
            None => {
                if let Some(dock) = self.dock.clone() {
                    self.move_into(&dock, false);
                }
            }
        }
    }

    pub fn in_frame(&self) -> bool {
        let dock = self.dock.as_ref();
        self.el
            .as_ref()
            .and_then(|el| el.parent_element())
            .is_some_and(|p| Some(&p) != dock)
    }

    fn move_into(&self, parent: &Element, controls: bool) {
        let Some(el) = &self.el else { return };
        el.set_controls(controls);
        if el.parent_element().as_ref() == Some(parent) {
            return;
        }
        // `moveBefore` keeps a playing element playing (and in picture-in-picture) where
        // `appendChild` would take it out of the document for a moment.
        let moved = js_sys::Reflect::get(parent, &"moveBefore".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .is_some_and(|f| f.call2(parent, el, &JsValue::NULL).is_ok());
        if !moved {
            let _ = parent.append_child(el);
        }
    }

    /// Keeps a playing video going in picture-in-picture; false when the browser cannot.
    pub fn enter_picture_in_picture(&mut self) -> bool {
        let (Some(el), Some(player)) = (self.el.clone(), self.player) else {
            return false;
        };
        if el.paused() {
            return false;
        }
        let Some(document) = el.owner_document() else {
            return false;
        };
        let current = js_sys::Reflect::get(&document, &"pictureInPictureElement".into()).ok();
        if current.is_some_and(|c| c == JsValue::from(el.clone())) {
            return true;
        }
        let enabled = js_sys::Reflect::get(&document, &"pictureInPictureEnabled".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let request = js_sys::Reflect::get(&el, &"requestPictureInPicture".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let Some(promise) = request
            .filter(|_| enabled)
            .and_then(|f| f.call0(&el).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        else {
            return false;
        };
        leptos::task::spawn_local(async move {
            if JsFuture::from(promise).await.is_err() {
                player.pause();
            }
        });
        true
    }

    /// Milliseconds since the playing position last moved while the element should play.
    pub fn stalled_for(&mut self, now_ms: f64) -> f64 {
        let Some(el) = &self.el else { return 0.0 };
        let t = el.current_time();
        if el.paused() || t != self.last_time {
            self.last_time = t;
            self.last_move_ms = now_ms;
        }
        now_ms - self.last_move_ms
    }

    /// Counts the stall watch from now (a new attempt starts).
    pub fn mark_moved(&mut self, now_ms: f64) {
        self.last_move_ms = now_ms;
    }

    pub fn due_for_save(&mut self, now_ms: f64, every_ms: f64, force: bool) -> bool {
        if force || now_ms - self.last_save_ms >= every_ms {
            self.last_save_ms = now_ms;
            true
        } else {
            false
        }
    }

    /// Applied once the element knows its tracks and length.
    fn on_metadata(&mut self) {
        if let (Some(el), Some(at)) = (&self.el, self.resume_at.take()) {
            el.set_current_time(at);
        }
        self.show_captions();
    }

    pub fn refresh_captions(&mut self) {
        self.captions = captions_to_show(self.key.starts_with(KIOSK_PREFIX), chosen_captions());
        self.show_captions();
    }

    fn show_captions(&self) {
        let Some(el) = &self.el else { return };
        let Some(tracks) = el.text_tracks() else {
            return;
        };
        let shown = self.captions.as_deref().and_then(|lang| {
            (0..tracks.length()).find(|&i| {
                tracks
                    .get(i)
                    .is_some_and(|t| lang.is_empty() || t.language() == lang)
            })
        });
        for i in 0..tracks.length() {
            if let Some(track) = tracks.get(i) {
                track.set_mode(if Some(i) == shown {
                    web_sys::TextTrackMode::Showing
                } else {
                    web_sys::TextTrackMode::Disabled
                });
            }
        }
    }
}

/// Items played by a kiosk: muted, so captions are always on.
pub const KIOSK_PREFIX: &str = "kiosk:";

/// Which captions to show: a kiosk always shows them (the first track); a reader sees the
/// language they chose once, and none until they choose.
pub fn captions_to_show(kiosk: bool, chosen: Option<String>) -> Option<String> {
    match chosen {
        _ if kiosk => Some(String::new()),
        Some(lang) if lang != "off" => Some(lang),
        _ => None,
    }
}

/// Whether Media Source Extensions exist (hls.js needs them).
pub fn has_mse() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"MediaSource".into()).ok())
        .is_some_and(|v| v.is_function())
}

fn play(el: &HtmlVideoElement, player: Player) {
    if let Ok(promise) = el.play() {
        leptos::task::spawn_local(async move {
            // Refused (no gesture, or the load was replaced): the reader presses play.
            if JsFuture::from(promise).await.is_err()
                && player.status.get_untracked() == Status::Loading
            {
                player.status.set(Status::Paused);
            }
        });
    }
}

fn call0(target: &JsValue, method: &str) {
    if let Some(f) = js_sys::Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call0(target);
    }
}

/// Loads hls.js once and attaches a new instance for `url` to the element.
async fn attach_hls_js(el: &HtmlVideoElement, url: &str, player: Player) -> Option<JsValue> {
    let window = web_sys::window()?;
    let mut ctor = js_sys::Reflect::get(&window, &"Hls".into()).ok()?;
    if !ctor.is_function() {
        let document = window.document()?;
        let script = document.create_element("script").ok()?;
        script.set_attribute("src", HLS_JS_URL).ok()?;
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            let _ = script.add_event_listener_with_callback("load", &resolve);
            let _ = script.add_event_listener_with_callback("error", &reject);
        });
        document.head()?.append_child(&script).ok()?;
        JsFuture::from(loaded).await.ok()?;
        ctor = js_sys::Reflect::get(&window, &"Hls".into()).ok()?;
    }
    let ctor: js_sys::Function = ctor.dyn_into().ok()?;
    let config = js_sys::Object::new();
    // No worker: the Content-Security-Policy allows no blob: scripts.
    js_sys::Reflect::set(&config, &"enableWorker".into(), &false.into()).ok()?;
    let hls = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&config)).ok()?;
    let on_error =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |_event: JsValue, data: JsValue| {
            let fatal = js_sys::Reflect::get(&data, &"fatal".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if fatal {
                player.failed(StreamProblem::Stalled);
            }
        });
    let on = js_sys::Reflect::get(&hls, &"on".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let _ = on.call2(&hls, &"hlsError".into(), on_error.as_ref());
    // One listener per hls.js instance, which is destroyed with its load.
    on_error.forget();
    for (method, arg) in [
        ("loadSource", JsValue::from_str(url)),
        ("attachMedia", el.into()),
    ] {
        let f = js_sys::Reflect::get(&hls, &method.into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        f.call1(&hls, &arg).ok()?;
    }
    Some(hls)
}

/// Asks the stream's URL itself what is wrong: gone, server error, or no answer at all.
pub async fn probe(url: Option<&str>) -> StreamProblem {
    let Some(window) = web_sys::window() else {
        return StreamProblem::Stalled;
    };
    let online = window.navigator().on_line();
    let Some(url) = url else {
        return StreamProblem::classify(None, online);
    };
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let status = match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Ok(resp) => resp
            .dyn_into::<web_sys::Response>()
            .ok()
            .map(|r| r.status()),
        Err(_) => None,
    };
    StreamProblem::classify(status, online)
}

fn listen_to(el: &HtmlVideoElement, player: Player) {
    let media: &HtmlMediaElement = el;
    let on = |name: &str, f: Box<dyn Fn(&HtmlMediaElement)>| {
        let target = media.clone();
        let cb = Closure::<dyn Fn()>::new(move || f(&target));
        let _ = media.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        // The element lives as long as the page: its listeners too.
        cb.forget();
    };
    on(
        "playing",
        Box::new(move |_| {
            player.with_state(|s| s.attempt = 0);
            player.status.set(Status::Playing);
            set_playback_state("playing");
        }),
    );
    on(
        "pause",
        Box::new(move |_| {
            if matches!(
                player.status.get_untracked(),
                Status::Playing | Status::Loading
            ) {
                player.status.set(Status::Paused);
            }
            set_playback_state("paused");
            player.save_progress(true);
        }),
    );
    on(
        "timeupdate",
        Box::new(move |el| {
            let d = el.duration();
            let d = if d.is_finite() { d } else { 0.0 };
            player.position.set((el.current_time(), d));
        }),
    );
    on(
        "loadedmetadata",
        Box::new(move |_| player.with_state(State::on_metadata)),
    );
    on(
        "ended",
        Box::new(move |_| {
            let live = player
                .item
                .with_untracked(|i| i.as_ref().is_some_and(|i| i.live));
            if live {
                player.failed(StreamProblem::Stalled);
            } else {
                player.save_progress(true);
                player.status.set(Status::Paused);
            }
        }),
    );
    on(
        "error",
        Box::new(move |el| {
            let code = el.error().map_or(0, |e| e.code());
            // 3 decode, 4 source not supported: another source may do; else ask the URL.
            let problem = match code {
                3 | 4 => StreamProblem::Unsupported,
                _ => StreamProblem::Stalled,
            };
            player.failed(problem);
        }),
    );
    // The reader chose captions in the browser's menu: remembered for every player.
    let Some(tracks) = el.text_tracks() else {
        return;
    };
    let list = tracks.clone();
    let cb = Closure::<dyn Fn()>::new(move || {
        let showing = (0..list.length())
            .filter_map(|i| list.get(i))
            .find(|t| t.mode() == web_sys::TextTrackMode::Showing);
        if list.length() > 0 {
            choose_captions(&showing.map_or_else(|| "off".to_string(), |t| t.language()));
        }
    });
    let _ = tracks.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    cb.forget();
}

// The Media Session API is reached through `Reflect`: web-sys has it only behind
// `web_sys_unstable_apis`.
fn media_session() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &"mediaSession".into())
        .ok()
        .filter(|s| s.is_object())
}

fn set_playback_state(state: &str) {
    if let Some(session) = media_session() {
        let _ = js_sys::Reflect::set(&session, &"playbackState".into(), &state.into());
    }
}

/// Title, channel or show and picture on the lock screen and in the system's media controls.
pub fn set_media_session(player: &Player, item: &Item) {
    let Some(session) = media_session() else {
        return;
    };
    let init = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&init, &key.into(), value);
    let _ = set("title", &item.title.as_str().into());
    let _ = set("artist", &item.subtitle.as_str().into());
    if let Some(src) = &item.artwork {
        let image = js_sys::Object::new();
        let url = player.with_state(|s| resolve_api_url(&s.api_base, src));
        let _ = js_sys::Reflect::set(&image, &"src".into(), &url.into());
        let _ = set("artwork", &js_sys::Array::of1(&image));
    }
    let meta = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"MediaMetadata".into()).ok())
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .and_then(|c| js_sys::Reflect::construct(&c, &js_sys::Array::of1(&init)).ok());
    if let Some(meta) = meta {
        let _ = js_sys::Reflect::set(&session, &"metadata".into(), &meta);
    }
}

pub fn clear_media_session() {
    if let Some(session) = media_session() {
        let _ = js_sys::Reflect::set(&session, &"metadata".into(), &JsValue::NULL);
        set_playback_state("none");
    }
}

fn set_session_actions(player: Player) {
    let Some(session) = media_session() else {
        return;
    };
    let Some(set_handler) = js_sys::Reflect::get(&session, &"setActionHandler".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let on_demand = move || {
        player
            .item
            .with_untracked(|i| i.as_ref().is_some_and(|i| !i.live))
    };
    let skip = move |by: f64| {
        if on_demand() {
            let (t, _) = player.position.get_untracked();
            player.seek(t + by);
        }
    };
    type Action = (&'static str, Box<dyn Fn(JsValue)>);
    let actions: [Action; 6] = [
        ("play", Box::new(move |_| player.with_state(State::resume))),
        ("pause", Box::new(move |_| player.pause())),
        ("stop", Box::new(move |_| player.stop())),
        ("seekbackward", Box::new(move |_| skip(-10.0))),
        ("seekforward", Box::new(move |_| skip(30.0))),
        (
            "seekto",
            Box::new(move |details| {
                let at = js_sys::Reflect::get(&details, &"seekTime".into())
                    .ok()
                    .and_then(|v| v.as_f64());
                if let Some(t) = at.filter(|_| on_demand()) {
                    player.seek(t);
                }
            }),
        ),
    ];
    for (action, f) in actions {
        let cb = Closure::<dyn Fn(JsValue)>::new(f);
        // An action the browser does not know throws: the others are still set.
        let _ = set_handler.call2(&session, &action.into(), cb.as_ref());
        cb.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_shown_once_chosen_and_always_on_kiosks() {
        assert_eq!(captions_to_show(false, None), None);
        assert_eq!(captions_to_show(false, Some("off".into())), None);
        assert_eq!(
            captions_to_show(false, Some("vi".into())),
            Some("vi".into())
        );
        assert_eq!(
            captions_to_show(true, Some("off".into())),
            Some(String::new())
        );
    }
}
