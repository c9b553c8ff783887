//! The views of the player: a page's media frame, the controls of audio, and the mini-player
//! bar that keeps the radio in reach on every page.

use crate::api::types::{Media, MediaKind};
use crate::context::use_app;
use crate::domain::broadcast::{duration_text, duration_words, is_hls};
use crate::domain::resolve_api_url;
use crate::player::{status_message, use_player, Item, Player, Status};
use crate::pwa;
use leptos::html::Div;
use leptos::prelude::*;

fn is_current(player: Player, key: &str) -> bool {
    player
        .item
        .with(|i| i.as_ref().is_some_and(|i| i.key == key))
}

/// Where a page shows an item: a video's picture (the poster until the reader presses play:
/// no media byte is fetched before that), or the controls of an audio item. With `start`, it
/// plays at once: the reader pressed play on the [`MediaCover`] it replaces.
#[component]
pub fn MediaFrame(
    item: Item,
    #[prop(optional)] eager: bool,
    #[prop(optional)] start: bool,
) -> impl IntoView {
    let player = use_player();
    let key = item.key.clone();
    let frame = NodeRef::<Div>::new();
    {
        let key = key.clone();
        frame.on_load(move |el| player.attach_frame(&key, el.into()));
    }
    {
        let key = key.clone();
        on_cleanup(move || player.detach_frame(&key));
    }
    if start && !player.is_current(&key) {
        player.play(item.clone());
    }
    let live = item.live;
    let video = item.media.kind == MediaKind::Video;
    let k = key.clone();
    let shown = Signal::derive(move || is_current(player, &k));
    let k = key.clone();
    let status_line = move || {
        if !is_current(player, &k) {
            return None;
        }
        let status = player.status.get();
        let message = status_message(status, live)?;
        let failed = matches!(status, Status::Failed(_) | Status::Reconnecting(_))
            && !matches!(
                status,
                Status::Reconnecting(crate::domain::broadcast::StreamProblem::Stalled)
            );
        Some(view! {
            <p class="player-status" role="status">
                {message}
                {failed.then(|| view! {
                    " "<button type="button" class="button" on:click=move |_| player.retry()>"Thử lại"</button>
                })}
            </p>
        })
    };
    let on_start = {
        let item = item.clone();
        Callback::new(move |()| player.play(item.clone()))
    };
    view! {
        <div class="media">
            <MediaCover item=item.clone() eager=eager on_start=on_start hidden=shown frame/>
            {(!video).then(|| view! { <AudioControls key=key.clone() live/> })}
            {status_line}
        </div>
    }
}

/// The frame of an item before anything plays: a video's poster (width and height, so
/// nothing moves) and the start button with the length. `frame` is where the player puts
/// its video; `hidden` hides the button once the item plays.
#[component]
pub fn MediaCover(
    item: Item,
    #[prop(optional)] eager: bool,
    on_start: Callback<()>,
    #[prop(optional, into)] hidden: Signal<bool>,
    #[prop(optional)] frame: NodeRef<Div>,
) -> impl IntoView {
    let api_base = use_app().api.base().to_string();
    let live = item.live;
    let video = item.media.kind == MediaKind::Video;
    let poster = item.media.poster.clone();
    let (width, height) = poster
        .as_ref()
        .filter(|p| p.width > 0 && p.height > 0)
        .map_or((16, 9), |p| (p.width, p.height));
    let length = item.media.duration_s.filter(|d| *d > 0.0);
    let label = match (video, live) {
        (_, true) => format!("Phát trực tiếp {}", item.title),
        (true, false) => format!("Xem {}", item.title),
        (false, false) => format!("Nghe {}", item.title),
    };
    let label = match length {
        Some(d) => format!("{label}, thời lượng {}", duration_words(d)),
        None => label,
    };
    let poster_view = poster.map(|p| {
        let src = resolve_api_url(&api_base, &p.url);
        view! {
            <img class="media-poster" src=src alt=p.alt width=p.width height=p.height
                loading=if eager { "eager" } else { "lazy" } decoding="async"/>
        }
    });
    let cover = move || {
        view! {
            // The name is the hidden sentence; what is seen ("▶ 25:20") is not read twice.
            <button type="button" class="media-start" on:click=move |_| on_start.run(())>
                <span class="visually-hidden">{label.clone()}</span>
                <span class="media-start-icon" aria-hidden="true">"▶"</span>
                {length.map(|d| view! { <span class="media-length" aria-hidden="true">{duration_text(d)}</span> })}
                {live.then(|| view! { <span class="media-live" aria-hidden="true">"Trực tiếp"</span> })}
            </button>
        }
    };
    let class = if video {
        "media-frame media-video"
    } else {
        "media-frame media-audio"
    };
    view! {
        <div class=class style:aspect-ratio=video.then(|| format!("{width} / {height}"))>
            {video.then_some(poster_view)}
            <div class="media-slot" node_ref=frame></div>
            {move || (!hidden.get()).then(cover.clone())}
        </div>
    }
}

/// An article's video or audio. Its poster and start button are part of the article; the
/// player comes with the broadcast chunk when the reader presses play (src/chunks.rs), the
/// cover staying in place, busy, until it has arrived.
#[component]
pub fn ArticleMedia(item: Item, eager: bool) -> impl IntoView {
    let player = use_player();
    // Back on an article whose audio plays on: its controls at once.
    let started = RwSignal::new(player.is_current(&item.key));
    let on_start = Callback::new(move |()| started.set(true));
    move || {
        if started.get() {
            let cover = item.clone();
            crate::chunks::media_frame(item.clone(), eager, move || {
                article_cover(cover.clone(), eager, None)
            })
        } else {
            article_cover(item.clone(), eager, Some(on_start))
        }
    }
}

/// An article's media before its player is there; busy (pressing does nothing) without
/// `on_start`.
fn article_cover(item: Item, eager: bool, on_start: Option<Callback<()>>) -> AnyView {
    let busy = on_start.is_none();
    let on_start = on_start.unwrap_or_else(|| Callback::new(|()| ()));
    view! {
        <div class="media" aria-busy=busy.then_some("true")>
            <MediaCover item eager=eager on_start=on_start/>
        </div>
    }
    .into_any()
}

/// Play, pause, the position and a seek bar for audio (the element itself stays hidden).
#[component]
fn AudioControls(key: String, live: bool) -> impl IntoView {
    let player = use_player();
    let k = key.clone();
    let current = Memo::new(move |_| is_current(player, &k));
    let is_playing =
        Memo::new(move |_| is_current(player, &key) && player.status.get().is_active());
    let time = move || {
        let (t, d) = player.position.get();
        if live {
            "Trực tiếp".to_string()
        } else if d > 0.0 {
            format!("{} / {}", duration_text(t), duration_text(d))
        } else {
            duration_text(t)
        }
    };
    move || {
        current.get().then(|| {
            view! {
                <div class="audio-controls">
                    <button type="button" class="button" on:click=move |_| player.toggle()
                        aria-label=move || if is_playing.get() { "Tạm dừng" } else { "Phát" }>
                        {move || if is_playing.get() { "❚❚" } else { "▶" }}
                    </button>
                    {(!live).then(|| view! {
                        <input type="range" class="audio-seek" min="0" step="1"
                            aria-label="Vị trí đang nghe"
                            prop:max=move || player.position.get().1.max(1.0)
                            prop:value=move || player.position.get().0
                            on:change=move |ev| {
                                // The browser's number, not a parse of the text: core's
                                // float parser and its tables weigh 13 KB (issue #15).
                                let t = event_target::<web_sys::HtmlInputElement>(&ev).value_as_number();
                                if t.is_finite() {
                                    player.seek(t);
                                }
                            }/>
                    })}
                    <span class="audio-time">{time}</span>
                </div>
            }
        })
    }
}

/// Captions offered by an item: the choice is remembered for every player.
#[component]
pub fn CaptionsChoice(media: Media) -> impl IntoView {
    (!media.captions.is_empty()).then(|| {
        let chosen = RwSignal::new(crate::player::chosen_captions().unwrap_or_else(|| "off".into()));
        let player = use_player();
        let on_change = move |ev| {
            let lang = event_target_value(&ev);
            crate::player::choose_captions(&lang);
            chosen.set(lang);
            // The track modes are set when a load starts: apply at once to what plays.
            player.refresh_captions();
        };
        view! {
            <label class="captions-choice">
                "Phụ đề "
                <select on:change=on_change prop:value=move || chosen.get()>
                    <option value="off">"Tắt"</option>
                    {media.captions.into_iter().map(|c| view! { <option value=c.lang.clone()>{c.label}</option> }).collect_view()}
                </select>
            </label>
        }
    })
}

/// "Tải về": keeps an audio programme on the device, to hear offline (seeking included).
#[component]
pub fn DownloadButton(media: Media) -> impl IntoView {
    let api_base = use_app().api.base().to_string();
    // One whole file: a stream's playlist cannot be kept.
    let Some(source) = media.sources.iter().find(|s| !is_hls(s)).cloned() else {
        return ().into_any();
    };
    let url = resolve_api_url(&api_base, &source.url);
    let state = RwSignal::new(None::<Result<bool, &'static str>>);
    let busy = RwSignal::new(false);
    {
        let url = url.clone();
        leptos::task::spawn_local(async move {
            let absolute = pwa::absolute_url(&url);
            let kept = pwa::downloads().await.iter().any(|d| d.url == absolute);
            state.set(Some(Ok(kept)));
        });
    }
    let toggle = move |_| {
        let url = url.clone();
        let kept = matches!(state.get_untracked(), Some(Ok(true)));
        busy.set(true);
        leptos::task::spawn_local(async move {
            if kept {
                pwa::remove_download(&url).await;
                state.set(Some(Ok(false)));
            } else {
                state.set(Some(
                    pwa::download(&url)
                        .await
                        .map(|_| true)
                        .map_err(|e| e.message()),
                ));
            }
            busy.set(false);
        });
    };
    view! {
        <div class="download">
            <button type="button" class="button-link" disabled=move || busy.get() on:click=toggle>
                {move || match (busy.get(), state.get()) {
                    (true, _) => "Đang tải về…",
                    (_, Some(Ok(true))) => "Xóa bản đã tải",
                    _ => "Tải về để nghe khi không có mạng",
                }}
            </button>
            {move || match state.get() {
                Some(Ok(true)) => Some(view! { <span class="muted">" Đã tải về máy."</span> }.into_any()),
                Some(Err(message)) => Some(view! { <span class="error-text" role="alert">" "{message}</span> }.into_any()),
                _ => None,
            }}
        </div>
    }
    .into_any()
}

/// The bar at the bottom of every page while something plays elsewhere than its own page.
#[component]
pub fn MiniPlayer() -> impl IntoView {
    let player = use_player();
    let visible = move || player.item.with(Option::is_some) && !player.framed.get();
    move || {
        visible().then(|| {
            let item = player.item.get_untracked();
            let (title, subtitle, href, live) = item
                .map(|i| (i.title, i.subtitle, i.href, i.live))
                .unwrap_or_default();

            let is_playing = move || player.status.get().is_active();
            view! {
                <section class="mini-player" aria-label="Đang phát">
                    <div class="container mini-player-inner">
                        <button type="button" class="button" on:click=move |_| player.toggle()
                            aria-label=move || if is_playing() { "Tạm dừng" } else { "Phát" }>
                            {move || if is_playing() { "❚❚" } else { "▶" }}
                        </button>
                        <p class="mini-player-title">
                            <strong>{title}</strong>
                            <span class="muted">" · "{subtitle}</span>
                            <span class="mini-player-status" role="status">
                                {move || status_message(player.status.get(), live).map(|m| format!(" · {m}"))}
                            </span>
                        </p>
                        <a class="button-link" href=href>"Mở"</a>
                        <button type="button" class="button-link" on:click=move |_| player.stop()>"Dừng"</button>
                    </div>
                </section>
            }
        })
    }
}
