//! Comfort and article tools: text size, theme, listening to an article, sharing it.

use crate::domain::reading::{
    facebook_share, parse_text_size, pick_vietnamese_voice, zalo_share, Theme, DEFAULT_TEXT_SIZE,
    TEXT_SIZES,
};
use crate::storage;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const TEXT_SIZE_KEY: &str = "portal.text-size";
const THEME_KEY: &str = "portal.theme";
/// The paragraph being read aloud.
const READING_CLASS: &str = "dang-doc";

fn html_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn apply_text_size(step: usize) {
    if let Some(html) = html_element() {
        let _ = html.set_attribute("data-text-size", &TEXT_SIZES[step].to_string());
    }
}

fn apply_theme(theme: Theme) {
    if let Some(html) = html_element() {
        let _ = html.set_attribute("data-theme", theme.key());
    }
}

/// Applies the reader's stored text size and theme; called once at start.
pub fn apply_stored_preferences() {
    apply_text_size(parse_text_size(storage::get(TEXT_SIZE_KEY).as_deref()));
    apply_theme(Theme::parse(storage::get(THEME_KEY).as_deref()));
}

/// Text size steps and the light/dark choice, remembered on this device.
#[component]
pub fn ComfortControls() -> impl IntoView {
    let size = RwSignal::new(parse_text_size(storage::get(TEXT_SIZE_KEY).as_deref()));
    let theme = RwSignal::new(Theme::parse(storage::get(THEME_KEY).as_deref()));
    let set_size = move |step: usize| {
        size.set(step);
        apply_text_size(step);
        storage::set(TEXT_SIZE_KEY, &step.to_string());
    };
    let on_theme = move |ev: leptos::ev::Event| {
        let t = Theme::parse(Some(&event_target_value(&ev)));
        theme.set(t);
        apply_theme(t);
        storage::set(THEME_KEY, t.key());
    };
    view! {
        <div class="comfort" role="group" aria-label="Tùy chỉnh hiển thị">
            <span class="comfort-label" aria-hidden="true">"Cỡ chữ"</span>
            <button type="button" class="tool-button" disabled=move || size.get() == 0
                on:click=move |_| set_size(size.get_untracked().saturating_sub(1))>
                <span aria-hidden="true">"A−"</span><span class="visually-hidden">"Giảm cỡ chữ"</span>
            </button>
            <button type="button" class="tool-button"
                aria-pressed=move || (size.get() == DEFAULT_TEXT_SIZE).to_string()
                on:click=move |_| set_size(DEFAULT_TEXT_SIZE)>
                <span aria-hidden="true">"A"</span><span class="visually-hidden">"Cỡ chữ mặc định"</span>
            </button>
            <button type="button" class="tool-button" disabled=move || { size.get() + 1 >= TEXT_SIZES.len() }
                on:click=move |_| set_size((size.get_untracked() + 1).min(TEXT_SIZES.len() - 1))>
                <span aria-hidden="true">"A+"</span><span class="visually-hidden">"Tăng cỡ chữ"</span>
            </button>
            <span class="visually-hidden" role="status">{move || format!("Cỡ chữ {}%", TEXT_SIZES[size.get()])}</span>
            <label class="comfort-label" for="giao-dien">"Giao diện"</label>
            <select id="giao-dien" on:change=on_theme>
                {Theme::ALL.into_iter().map(|t| view! {
                    <option value=t.key() selected=move || theme.get() == t>{t.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listen {
    Idle,
    Playing,
    Paused,
    /// The browser has no speech engine or no Vietnamese voice.
    Unavailable,
}

fn speech() -> Option<web_sys::SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

fn vietnamese_voice(synth: &web_sys::SpeechSynthesis) -> Option<web_sys::SpeechSynthesisVoice> {
    let voices = synth.get_voices();
    let list: Vec<web_sys::SpeechSynthesisVoice> =
        voices.iter().map(|v| v.unchecked_into()).collect();
    let langs: Vec<(String, String)> = list.iter().map(|v| (v.lang(), v.name())).collect();
    let i = pick_vietnamese_voice(langs.iter().map(|(l, n)| (l.as_str(), n.as_str())))?;
    list.get(i).cloned()
}

/// The article's readable blocks in reading order: headline, lead, then the body.
fn reading_blocks() -> Vec<web_sys::Element> {
    const SELECTOR: &str = "article.article h1, article.article .sapo, .article-body p, .article-body h2, .article-body h3, .article-body h4, .article-body li, .article-body blockquote, .article-body figcaption, .article-body td";
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(SELECTOR).ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(|e| e.text_content().is_some_and(|t| !t.trim().is_empty()))
        .collect()
}

fn highlight(blocks: &[web_sys::Element], current: Option<usize>) {
    for (i, el) in blocks.iter().enumerate() {
        let _ = if Some(i) == current {
            el.class_list().add_1(READING_CLASS)
        } else {
            el.class_list().remove_1(READING_CLASS)
        };
    }
}

/// Reads headline, lead and body aloud with a Vietnamese voice, one block at a time,
/// highlighting the block being read.
#[component]
pub fn ListenControls(#[prop(optional)] at_once: bool) -> impl IntoView {
    let reader = Reader::new();
    // The reader pressed "Nghe đọc bài" on the [`ListenButton`] this replaces.
    if at_once {
        reader.listen();
    }
    on_cleanup(move || {
        if let Some(synth) = speech() {
            synth.cancel();
        }
    });
    let state = reader.state;
    view! {
        <div class="listen" role="group" aria-label="Nghe đọc bài">
            {move || listen_buttons(reader, state.get())}
            <span class="listen-status" role="status">{move || listen_status(state.get())}</span>
        </div>
    }
}

/// The buttons for what the reader can do in `state`.
fn listen_buttons(reader: Reader, state: Listen) -> AnyView {
    match state {
        Listen::Idle | Listen::Unavailable => view! {
            <button type="button" class="button-outline" on:click=move |_| reader.listen()>"Nghe đọc bài"</button>
        }.into_any(),
        Listen::Playing => view! {
            <button type="button" class="button-outline" on:click=move |_| reader.pause()>"Tạm dừng"</button>
            <button type="button" class="button-outline" on:click=move |_| reader.stop()>"Dừng"</button>
        }.into_any(),
        Listen::Paused => view! {
            <button type="button" class="button-outline" on:click=move |_| reader.resume()>"Tiếp tục"</button>
            <button type="button" class="button-outline" on:click=move |_| reader.stop()>"Dừng"</button>
        }.into_any(),
    }
}

/// What the status line says in `state`.
fn listen_status(state: Listen) -> &'static str {
    match state {
        Listen::Unavailable => {
            "Trình duyệt của bạn chưa có giọng đọc tiếng Việt nên chưa thể nghe đọc bài này."
        }
        Listen::Playing => "Đang đọc bài…",
        Listen::Paused => "Đã tạm dừng.",
        Listen::Idle => "",
    }
}

/// Reading aloud: where it stands, the blocks being read, and which run is current.
#[derive(Clone, Copy)]
struct Reader {
    state: RwSignal<Listen>,
    blocks: StoredValue<Vec<web_sys::Element>, LocalStorage>,
    /// Each start or stop begins a new run, so the end of a cancelled utterance is ignored.
    run: StoredValue<u32>,
}

impl Reader {
    fn new() -> Self {
        Self {
            state: RwSignal::new(Listen::Idle),
            blocks: StoredValue::new_local(Vec::new()),
            run: StoredValue::new(0),
        }
    }

    /// Starts reading from the top once the browser's voices are there.
    fn listen(self) {
        // Voices load late in some browsers: ask again once they arrive.
        if let Some(synth) = speech() {
            if synth.get_voices().length() == 0 {
                let retry = Closure::once_into_js(move || self.start());
                synth.set_onvoiceschanged(Some(retry.unchecked_ref()));
                return;
            }
        }
        self.start();
    }

    fn start(self) {
        let Some(synth) = speech() else {
            self.state.set(Listen::Unavailable);
            return;
        };
        let Some(voice) = vietnamese_voice(&synth) else {
            self.state.set(Listen::Unavailable);
            return;
        };
        synth.cancel();
        let this_run = self.run.get_value().wrapping_add(1);
        self.run.set_value(this_run);
        self.blocks.set_value(reading_blocks());
        self.state.set(Listen::Playing);
        self.speak(this_run, 0, voice);
    }

    /// Reads block `index` of run `this_run`, then the next; past the last, stops.
    fn speak(self, this_run: u32, index: usize, voice: web_sys::SpeechSynthesisVoice) {
        let Some(synth) = speech() else { return };
        let list = self.blocks.get_value();
        let Some(el) = list.get(index) else {
            highlight(&list, None);
            self.state.set(Listen::Idle);
            return;
        };
        highlight(&list, Some(index));
        el.scroll_into_view_with_bool(false);
        let text = el.text_content().unwrap_or_default();
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text.trim()) else {
            return;
        };
        utterance.set_lang("vi-VN");
        utterance.set_voice(Some(&voice));
        let next_voice = voice.clone();
        let on_end = Closure::once_into_js(move || {
            if self.run.get_value() == this_run {
                self.speak(this_run, index + 1, next_voice);
            }
        });
        utterance.set_onend(Some(on_end.unchecked_ref()));
        synth.speak(&utterance);
    }

    fn pause(self) {
        if let Some(s) = speech() {
            s.pause();
        }
        self.state.set(Listen::Paused);
    }

    fn resume(self) {
        if let Some(s) = speech() {
            s.resume();
        }
        self.state.set(Listen::Playing);
    }

    fn stop(self) {
        self.run.set_value(self.run.get_value().wrapping_add(1));
        if let Some(synth) = speech() {
            synth.cancel();
        }
        self.blocks.with_value(|b| highlight(b, None));
        self.state.set(Listen::Idle);
    }
}

/// "Nghe đọc bài" as the article shows it first: the speech code is downloaded (with the
/// reading tools' chunk) when the reader presses it.
#[component]
pub fn ListenButton() -> impl IntoView {
    let pressed = RwSignal::new(false);
    move || {
        if pressed.get() {
            crate::chunks::listen_controls(|| listen_button(None))
        } else {
            listen_button(Some(pressed))
        }
    }
}

/// The "Nghe đọc bài" button before the speech code is there; disabled and busy once it has
/// been pressed (no `pressed` to set).
fn listen_button(pressed: Option<RwSignal<bool>>) -> AnyView {
    view! {
        <div class="listen" role="group" aria-label="Nghe đọc bài"
            aria-busy=pressed.is_none().then_some("true")>
            <button type="button" class="button-outline" disabled=pressed.is_none()
                on:click=move |_| if let Some(p) = pressed { p.set(true) }>"Nghe đọc bài"</button>
            <span class="listen-status" role="status"></span>
        </div>
    }
    .into_any()
}

/// Web Share where the browser has it; otherwise copy link, Facebook and Zalo.
#[component]
pub fn ShareBar(title: String, path: String) -> impl IntoView {
    let window = web_sys::window();
    let url = window
        .as_ref()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}{path}"))
        .unwrap_or(path);
    let navigator: JsValue = window
        .map(|w| w.navigator().into())
        .unwrap_or(JsValue::UNDEFINED);
    let can_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
    let message = RwSignal::new(String::new());

    let share = {
        let (navigator, url, title) = (navigator.clone(), url.clone(), title.clone());
        move |_| {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.as_str().into());
            let _ = js_sys::Reflect::set(&data, &"url".into(), &url.as_str().into());
            if let Ok(f) = js_sys::Reflect::get(&navigator, &"share".into()) {
                if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                    // The promise rejects when the reader closes the sheet: nothing to say.
                    if let Ok(p) = f.call1(&navigator, &data) {
                        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                            leptos::task::spawn_local(async move {
                                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                            });
                        }
                    }
                }
            }
        }
    };
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
                .ok()
                .filter(|c| !c.is_undefined());
            let write = clipboard.as_ref().and_then(|c| {
                let f = js_sys::Reflect::get(c, &"writeText".into()).ok()?;
                f.dyn_ref::<js_sys::Function>()?
                    .call1(c, &url.as_str().into())
                    .ok()
            });
            let Some(promise) = write.and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
                message.set(format!("Chưa sao chép được. Liên kết bài viết: {url}"));
                return;
            };
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => message.set("Đã sao chép liên kết.".into()),
                    Err(_) => message.set(format!("Chưa sao chép được. Liên kết bài viết: {url}")),
                }
            });
        }
    };
    view! {
        <div class="share" role="group" aria-label="Chia sẻ bài viết">
            {can_share.then(|| view! { <button type="button" class="button-outline" on:click=share>"Chia sẻ"</button> })}
            // "Sao chép" on phones, to keep the article's tools in one line; the name stays whole.
            <button type="button" class="button-outline" on:click=copy>"Sao chép"<span class="wide-only">" liên kết"</span></button>
            {(!can_share).then(|| view! {
                <a class="button-outline" href=facebook_share(&url) target="_blank" rel="noopener noreferrer">"Facebook"</a>
                <a class="button-outline" href=zalo_share(&url) target="_blank" rel="noopener noreferrer">"Zalo"</a>
            })}
            <span class="share-message" role="status">{move || message.get()}</span>
        </div>
    }
}
