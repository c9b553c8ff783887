//! `/kiosk`: news on public screens (lobby, commune offices, tourist spots) that runs for
//! weeks unattended. The top stories rotate with photo, headline, lead and a QR code; a large
//! clock, the date and the weather sit on top. A touch opens the story in a reading view that
//! returns to the rotation after an idle time. Content refreshes on its own; without a
//! connection the screen keeps what it has and shows a small "Mất kết nối" mark.
//!
//! The reading view is state inside the kiosk, not a route: the address never changes, so
//! there is no history to go back through and a reload starts the rotation again.
//!
//! With `kenh` or `ban-tin`, a video break comes after every few stories: a channel's live
//! stream or the newest bulletin, muted with captions, in the portal's one player. It is
//! stopped (nothing downloads) while the stories are on screen.
//!
//! Memory: one interval per view (cleared on cleanup), the story list replaced (never grown)
//! on refresh, and only the current slide rendered. Options and timing rules are in
//! `domain::kiosk`.

use crate::api::types::{Article, ArticleSummary, MediaKind, Site, Weather};
use crate::api::{
    error::wait_text, ApiClient, ApiError, ApiResource, Cancel, ListQuery, ProgrammeQuery,
};
use crate::components::article_body::ArticleBody;
use crate::components::article_card::Thumb;
use crate::components::qr::QrCodeSvg;
use crate::components::weather::{icon_view, requested_location};
use crate::context::use_app;
use crate::domain::kiosk::{
    clock_text, index_after_refresh, lead_photo_needed, next_index, public_article_url,
    stories_from_home, stories_key, unique_stories, weather_key, IdleTimer, KioskOptions,
    KioskVideo, RefreshSchedule, VideoBreak, VideoBreaks, VideoState,
};
use crate::domain::time::{self, format_vietnam_date, Timestamp};
use crate::domain::weather::temperature_label;
use crate::pages::track_page_meta;
use crate::player::{status_message, use_player, Item, Status};
use crate::storage;
use leptos::either::{Either, EitherOf3};
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The kiosk's heartbeat: clock, refresh schedule and idle timer count in these.
const TICK: Duration = Duration::from_secs(1);
const QR_LABEL: &str = "Mã QR dẫn tới bài viết trên trang tin";
const QR_HINT: &str = "Quét mã để đọc trên điện thoại";

/// The page's title (also written by the front server).
pub const TITLE: &str = "Bản tin";

/// What the kiosk's views share; provided by [`KioskPage`].
#[derive(Clone, Copy)]
struct Kiosk {
    opts: StoredValue<KioskOptions>,
    /// The last good top stories: replaced whole on refresh, at most `count`.
    stories: RwSignal<Vec<ArticleSummary>>,
    index: RwSignal<usize>,
    /// The story open in the reading view.
    reading: RwSignal<Option<u64>>,
    /// The video break is on screen (instead of the rotation).
    video: RwSignal<bool>,
    /// Counts the stories shown since the last video break.
    breaks: StoredValue<VideoBreaks>,
    weather: RwSignal<Option<Weather>>,
    offline: RwSignal<bool>,
    loading: RwSignal<bool>,
    /// Counters shown as `data-` attributes, for monitoring and the soak test.
    rotations: RwSignal<u64>,
    refreshes: RwSignal<u64>,
}

fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

fn current_minute() -> i64 {
    (js_sys::Date::now() / 60_000.0).floor() as i64
}

/// What the kiosk screen shows while its code arrives.
pub fn skeleton() -> AnyView {
    view! {
        <div class="kiosk" aria-busy="true" aria-label="Đang tải">
            <crate::components::status::ArticleSkeleton/>
        </div>
    }
    .into_any()
}

/// `/kiosk`: data, refresh, clock, weather, the guards, and the rotation or the reading view.
#[component]
pub fn KioskPage() -> impl IntoView {
    let app = use_app();
    let query = crate::router::use_location().query.get_untracked();
    let opts = KioskOptions::from_query(|key| query.get(key));
    let stories_key = stories_key(opts.category.as_deref());
    let weather_key = weather_key(opts.place.as_deref());
    let k = Kiosk::restore(&opts, &stories_key, &weather_key);
    provide_context(k);

    let schedule = StoredValue::new(RefreshSchedule::new(&opts));
    let refresher = Refresher {
        k,
        api: app.api.clone(),
        site: app.site,
        schedule,
        stories_cancel: Cancel::new(),
        weather_cancel: Cancel::new(),
        stories_key,
        weather_key,
    };
    let minute = start_heartbeat(schedule, refresher);
    follow_connection(k, schedule);
    lock_screen();
    track_page_meta(|| Some((TITLE.to_string(), String::new())));

    view! {
        <div
            class="kiosk"
            data-loading=move || k.loading.get().to_string()
            data-rotations=move || k.rotations.get().to_string()
            data-refreshes=move || k.refreshes.get().to_string()
            data-video=move || k.video.get().to_string()
            on:contextmenu=|ev| ev.prevent_default()
            on:selectstart=|ev| ev.prevent_default()
            on:dragstart=|ev| ev.prevent_default()
            on:wheel=|ev| {
                if ev.ctrl_key() {
                    ev.prevent_default();
                }
            }
            on:click=block_links
        >
            <KioskBar site=app.site minute/>
            <div class="kiosk-main">
                {move || match (k.reading.get(), k.video.get()) {
                    (Some(id), _) => EitherOf3::A(view! { <KioskReader id/> }),
                    (None, true) => EitherOf3::B(view! { <KioskVideoBreak/> }),
                    (None, false) => EitherOf3::C(view! { <KioskRotation/> }),
                }}
            </div>
            <PhotoKeeper stories=k.stories/>
        </div>
    }
}

impl Kiosk {
    /// The kiosk as the screen showed it last (stories and weather kept on this device), so
    /// a reload without a connection still has news.
    fn restore(opts: &KioskOptions, stories_key: &str, weather_key: &str) -> Self {
        let stored = storage::get_json::<Vec<ArticleSummary>>(stories_key)
            .map(|l| unique_stories(l, opts.count))
            .unwrap_or_default();
        Kiosk {
            opts: StoredValue::new(opts.clone()),
            stories: RwSignal::new(stored),
            index: RwSignal::new(0),
            reading: RwSignal::new(None),
            video: RwSignal::new(false),
            breaks: StoredValue::new(VideoBreaks::new(opts)),
            weather: RwSignal::new(storage::get_json::<Weather>(weather_key)),
            offline: RwSignal::new(!navigator_online()),
            loading: RwSignal::new(false),
            rotations: RwSignal::new(0),
            refreshes: RwSignal::new(0),
        }
    }
}

/// Runs the first refresh now, then ticks each second: the clock's minute (returned) moves
/// on, and the refreshes come when the schedule says.
fn start_heartbeat(schedule: StoredValue<RefreshSchedule>, refresher: Refresher) -> RwSignal<i64> {
    let minute = RwSignal::new(current_minute());
    let tick = {
        let refresher = refresher.clone();
        move || {
            let m = current_minute();
            if minute.try_get_untracked() != Some(m) {
                minute.set(m);
            }
            if schedule.try_update_value(|s| s.tick()).unwrap_or(false) {
                refresher.run();
            }
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, TICK) {
        on_cleanup(move || handle.clear());
    }
    refresher.run();
    minute
}

/// A lost connection shows at once; a regained one brings the next refresh forward.
fn follow_connection(k: Kiosk, schedule: StoredValue<RefreshSchedule>) {
    let online = window_event_listener(leptos::ev::online, move |_| {
        schedule.update_value(|s| s.soon());
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| k.offline.set(true));
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });
}

/// Keeps the screen as it is while the kiosk shows: no zoom, page scrolling, text selection
/// or callouts.
fn lock_screen() {
    // Keyboard zoom (a kiosk may have a keyboard behind a panel).
    let zoom_keys = window_event_listener(leptos::ev::keydown, |ev| {
        if is_zoom_key(ev.ctrl_key() || ev.meta_key(), &ev.key()) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || zoom_keys.remove());
    // `html[data-kiosk]` turns off page scrolling, text selection and callouts (see CSS).
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-kiosk", "");
    }
    on_cleanup(|| {
        if let Some(root) = document().document_element() {
            let _ = root.remove_attribute("data-kiosk");
        }
    });
}

/// Ctrl or Cmd (`command`) with `+`, `-`, `=` or `0`: the browser's zoom keys.
fn is_zoom_key(command: bool, key: &str) -> bool {
    command && matches!(key, "+" | "-" | "=" | "0")
}

/// The bar on top: the station, the connection mark, the weather, the clock and the date.
#[component]
fn KioskBar(site: ApiResource<Site>, minute: RwSignal<i64>) -> impl IntoView {
    let k = use_kiosk();
    let site_name = move || site.get().and_then(Result::ok).map(|s| s.name);
    let clock = move || clock_text(Timestamp(minute.get() * 60));
    let date = move || format_vietnam_date(Timestamp(minute.get() * 60));
    view! {
        <header class="kiosk-bar">
            <div class="kiosk-brand">
                <img src="/logo.svg" alt="" width="72" height="72"/>
                <span class="kiosk-site">{site_name}</span>
            </div>
            {move || {
                k.offline
                    .get()
                    .then(|| view! { <span class="kiosk-offline" role="status">"Mất kết nối"</span> })
            }}
            <KioskWeather weather=k.weather/>
            <div class="kiosk-time">
                <p class="kiosk-clock">{clock}</p>
                <p class="kiosk-date">{date}</p>
            </div>
        </header>
    }
}

/// The photos of all current stories, loaded and kept (hidden): the next slide's photo is ready
/// before it shows, stays when the connection drops, and is not fetched again each rotation.
#[component]
fn PhotoKeeper(stories: RwSignal<Vec<ArticleSummary>>) -> impl IntoView {
    let photos = move || {
        stories.with(|l| {
            l.iter()
                .filter_map(|s| s.thumbnail.clone().map(|t| (s.id, t)))
                .collect::<Vec<_>>()
        })
    };
    let photos = move || {
        photos()
            .into_iter()
            .map(|(_, image)| view! { <Thumb image eager=true/> })
            .collect_view()
    };
    view! { <div class="kiosk-photo-keeper" hidden aria-hidden="true">{photos}</div> }
}

/// Links inside article bodies lead nowhere on a kiosk.
fn block_links(ev: leptos::ev::MouseEvent) {
    let in_link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .is_some();
    if in_link {
        ev.prevent_default();
    }
}

#[component]
fn KioskWeather(weather: RwSignal<Option<Weather>>) -> impl IntoView {
    move || {
        weather.get().map(|w| {
            let temp = temperature_label(w.temperature_c);
            let icon = w.icon.filter(|_| temp.is_some()).and_then(icon_view);
            let condition = w.condition.filter(|_| temp.is_some());
            view! {
                <div class="kiosk-weather" role="group" aria-label="Thời tiết">
                    {icon}
                    <div>
                        <p class="kiosk-temp">{temp}</p>
                        <p class="kiosk-place">{w.location.name}</p>
                        <p class="kiosk-cond">{condition}</p>
                    </div>
                </div>
            }
        })
    }
}

/// Fetches the stories and the weather, keeps the last good of each, and reports to the
/// schedule. Never two at once.
#[derive(Clone)]
struct Refresher {
    k: Kiosk,
    api: ApiClient,
    site: ApiResource<Site>,
    schedule: StoredValue<RefreshSchedule>,
    stories_cancel: Cancel,
    weather_cancel: Cancel,
    stories_key: String,
    weather_key: String,
}

impl Refresher {
    fn run(&self) {
        if self.schedule.try_update_value(|s| s.started()).is_none() {
            return;
        }
        let k = self.k;
        k.loading.set(true);
        let Some(opts) = k.opts.try_get_value() else {
            return;
        };
        let site = self.site.get_untracked();
        if matches!(site, Some(Err(_))) {
            // The site description failed at start (no connection then): ask again.
            self.site.refetch();
        }
        let site = site.and_then(Result::ok);
        let place = requested_location(opts.place.as_deref(), site.as_ref());
        let stories_ctl = self.stories_cancel.next();
        let weather_ctl = self.weather_cancel.next();
        let this = self.clone();
        spawn_local(async move {
            let stories = load_stories(&this.api, &opts, stories_ctl).await;
            let weather = this.api.weather(place.as_deref(), weather_ctl).await;
            // Aborted: the kiosk was left, or a newer refresh took over.
            if !matches!(stories, Err(ApiError::Aborted))
                && !matches!(weather, Err(ApiError::Aborted))
            {
                this.apply(stories, weather);
            }
        });
    }

    fn apply(
        &self,
        stories: Result<Vec<ArticleSummary>, ApiError>,
        weather: Result<Weather, ApiError>,
    ) {
        let k = self.k;
        let ok = stories.is_ok();
        if let Ok(list) = stories {
            let changed = k.stories.try_with_untracked(|old| *old != list) == Some(true);
            if changed && !list.is_empty() {
                let index = k.index.try_get_untracked().unwrap_or(0);
                let index = k
                    .stories
                    .try_with_untracked(|old| index_after_refresh(old, index, &list))
                    .unwrap_or(0);
                storage::set_json(&self.stories_key, &list);
                k.stories.set(list);
                k.index.set(index);
            }
        }
        if let Ok(w) = weather {
            if k.weather.try_with_untracked(|old| old.as_ref() != Some(&w)) == Some(true) {
                storage::set_json(&self.weather_key, &w);
                k.weather.set(Some(w));
            }
        }
        // A service worker may answer from its cache without a connection: the browser's own
        // view of the connection counts too.
        let offline = !ok || !navigator_online();
        if k.offline.try_get_untracked() != Some(offline) {
            k.offline.set(offline);
        }
        if ok {
            k.refreshes.update(|n| *n += 1);
        }
        k.loading.set(false);
        self.schedule.update_value(|s| s.finished(ok));
        clear_resource_timings();
    }
}

/// The top stories: the category's newest when one is set (and has any), else the front page's.
async fn load_stories(
    api: &ApiClient,
    opts: &KioskOptions,
    ctl: web_sys::AbortController,
) -> Result<Vec<ArticleSummary>, ApiError> {
    if let Some(category) = &opts.category {
        let q = ListQuery {
            category: Some(category.clone()),
            per_page: Some(opts.count),
            ..Default::default()
        };
        let page = api.articles(&q, ctl.clone()).await?;
        if !page.items.is_empty() {
            return Ok(unique_stories(page.items, opts.count));
        }
    }
    Ok(stories_from_home(&api.home(ctl).await?, opts.count))
}

/// The browser keeps a timing entry per request (Chromium up to 250): a screen that runs for
/// weeks has no use for them.
fn clear_resource_timings() {
    let Ok(perf) = js_sys::Reflect::get(&window(), &"performance".into()) else {
        return;
    };
    if let Ok(clear) = js_sys::Reflect::get(&perf, &"clearResourceTimings".into()) {
        if let Some(clear) = clear.dyn_ref::<js_sys::Function>() {
            let _ = clear.call0(&perf);
        }
    }
}

/// `navigator.onLine`; `true` when the browser does not say.
fn navigator_online() -> bool {
    js_sys::Reflect::get(&window(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"onLine".into()))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// The rotation. Only the current slide is in the DOM.
#[component]
fn KioskRotation() -> impl IntoView {
    let k = use_kiosk();
    let opts = k.opts.get_value();
    let with_video = opts.video.is_some();
    let advance = move || {
        let len = k.stories.try_with_untracked(Vec::len).unwrap_or(0);
        if len > 0 {
            // The next story is chosen now, so it is the one shown after a video break.
            k.index.update(|i| *i = next_index(*i, len));
            k.rotations.update(|n| *n += 1);
            if with_video && k.breaks.try_update_value(|b| b.story_shown()) == Some(true) {
                k.video.set(true);
            }
        }
    };
    if let Ok(handle) =
        set_interval_with_handle(advance, Duration::from_secs(u64::from(opts.interval_secs)))
    {
        on_cleanup(move || handle.clear());
    }
    let current = Memo::new(move |_| {
        let i = k.index.get();
        let flip = k.rotations.get() % 2 == 1;
        k.stories.with(|l| {
            (!l.is_empty()).then(|| {
                let i = i % l.len();
                (i, l.len(), l[i].clone(), flip)
            })
        })
    });
    let origin = page_origin();
    let interval = opts.interval_secs;
    let slide = move || match current.get() {
        Some((i, len, story, flip)) => {
            let id = story.id;
            let view = slide_view(story, i, len, interval, &origin, move || {
                k.reading.set(Some(id))
            });
            // The branch alternates with every rotation, so each story gets fresh nodes and
            // its entrance and the progress bar start again (a rebuild in place would only swap
            // the texts).
            Either::Left(if flip {
                Either::Left(view)
            } else {
                Either::Right(view)
            })
        }
        None if k.loading.get() => Either::Right(Either::Left(view! {
            <div class="kiosk-empty" aria-busy="true"><p>"Đang tải tin…"</p></div>
        })),
        None => Either::Right(Either::Right(view! {
            <div class="kiosk-empty">
                <p>"Chưa có tin để hiển thị."</p>
                <p class="kiosk-empty-more">"Màn hình sẽ tự tải lại khi có kết nối."</p>
            </div>
        })),
    };
    view! {
        <section class="kiosk-rotation" aria-label="Tin nổi bật" aria-live="off">
            {slide}
        </section>
    }
}

fn slide_view(
    story: ArticleSummary,
    index: usize,
    len: usize,
    interval_secs: u32,
    origin: &str,
    open: impl Fn() + 'static,
) -> impl IntoView {
    let url = public_article_url(origin, story.id, &story.slug);
    let when = time::display_time(&story.published_at);
    let datetime = time::datetime_attr(&story.published_at);
    let has_photo = story.thumbnail.is_some();
    let photo = story.thumbnail.map(|image| {
        view! { <div class="kiosk-photo"><Thumb image eager=true/></div> }
    });
    view! {
        <article
            class="kiosk-slide"
            class:kiosk-no-photo=!has_photo
            data-id=story.id.to_string()
            on:click=move |_| open()
        >
            {photo}
            <div class="kiosk-text">
                <p class="kiosk-category">{story.category.name}</p>
                <h2 class="kiosk-title">{story.title}</h2>
                <p class="kiosk-when"><time datetime=datetime>{when}</time></p>
                <p class="kiosk-sapo">{story.sapo}</p>
                <div class="kiosk-qr">
                    <QrCodeSvg text=url label=QR_LABEL/>
                    <p>{QR_HINT}</p>
                </div>
            </div>
        </article>
        <footer class="kiosk-foot">
            <p class="kiosk-hint">"Chạm vào tin để đọc toàn bài"</p>
            <p class="kiosk-count">{format!("{}/{len}", index + 1)}</p>
            <div class="kiosk-progress" aria-hidden="true">
                <span style:animation-duration=format!("{interval_secs}s")></span>
            </div>
        </footer>
    }
}

/// The video between stories: a channel's live stream or the newest bulletin, muted with
/// captions, in the portal's one player, for `video-giay` seconds. Skipped when there is
/// nothing to play (off air, no programme, a failure); a live stream that drops while on
/// screen is reconnected by the player. When the stories come back, the player is stopped, so
/// nothing downloads while the video is not shown. A touch brings the stories back at once.
#[component]
fn KioskVideoBreak() -> impl IntoView {
    let k = use_kiosk();
    let opts = k.opts.get_value();
    let player = use_player();
    let api = use_app().api;
    let item = RwSignal::new(None::<Item>);
    let frame = NodeRef::<Div>::new();
    // The key loaded into the player. Kept outside the reactive graph: the cleanup must stop
    // the player even when the view's signals are already gone.
    let loaded: Arc<Mutex<Option<String>>> = Arc::default();
    let end = move || {
        let _ = k.video.try_set(false);
    };

    let cancel = Cancel::new();
    if let Some(video) = opts.video.clone() {
        let ctl = cancel.next();
        spawn_local(async move {
            match video_item(&api, &video, ctl).await {
                Ok(Some(found)) => {
                    let _ = item.try_set(Some(found));
                }
                // Left (a touch) before the answer came.
                Err(ApiError::Aborted) => {}
                // Off air, no programme, or no answer: the stories go on; next time again.
                _ => end(),
            }
        });
    } else {
        end();
    }

    {
        let loaded = loaded.clone();
        Effect::new(move |_| {
            let (Some(el), Some(it)) = (frame.get(), item.get()) else {
                return;
            };
            let Ok(mut slot) = loaded.lock() else {
                return;
            };
            if slot.is_some() {
                return;
            }
            *slot = Some(it.key.clone());
            drop(slot);
            player.attach_frame(&it.key, el.clone().into());
            // Loaded without playing first: the element exists then, and is muted before the
            // first frame, so the browser lets it start without a touch.
            player.load(it.clone(), false);
            if !matches!(player.status.get_untracked(), Status::Failed(_)) {
                player.play(it);
            }
        });
    }
    {
        let loaded = loaded.clone();
        on_cleanup(move || {
            let key = loaded.lock().ok().and_then(|mut slot| slot.take());
            if let Some(key) = key {
                // Stopped first: the element leaves the frame unloaded, so detaching it does
                // not try picture-in-picture.
                if player.is_current(&key) {
                    player.stop();
                }
                player.detach_frame(&key);
            }
        });
    }

    let state = move || {
        let key = loaded.lock().ok().and_then(|slot| slot.clone());
        let Some(key) = key else {
            return VideoState::Waiting;
        };
        if !player.is_current(&key) {
            return VideoState::Failed;
        }
        let live = item.with_untracked(|i| i.as_ref().is_some_and(|i| i.live));
        match player.status.get_untracked() {
            Status::Playing => VideoState::Playing,
            Status::Failed(_) => VideoState::Failed,
            // A programme pauses at its end; a live stream never ends.
            Status::Paused if !live => VideoState::Ended,
            Status::Paused | Status::Loading | Status::Reconnecting(_) => VideoState::Waiting,
        }
    };
    let timer = StoredValue::new(VideoBreak::new(opts.video_secs));
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let state = state();
            if timer.try_update_value(|t| t.tick(state)).unwrap_or(false) {
                end();
            }
        },
        TICK,
    ) {
        on_cleanup(move || handle.clear());
    }

    let label = move || {
        item.with(|i| {
            i.as_ref().map(|i| {
                let live = i.live.then(|| {
                    view! {
                        <span class="kiosk-video-live">"Trực tiếp"</span>
                    }
                });
                view! {
                    {live}
                    <span class="kiosk-video-title">{i.title.clone()}</span>
                }
            })
        })
    };
    // "Đang tải…", "Đang kết nối lại…": a black screen is never silent.
    let status = move || {
        let (key, live) = item.with(|i| i.as_ref().map(|i| (i.key.clone(), i.live)))?;
        player
            .item
            .with(|i| i.as_ref().is_some_and(|i| i.key == key))
            .then(|| status_message(player.status.get(), live))
            .flatten()
    };
    view! {
        <section
            class="kiosk-video"
            aria-label="Truyền hình"
            on:click=move |_| end()
        >
            <div class="media-slot" node_ref=frame></div>
            <p class="kiosk-video-label">{label}</p>
            <p class="kiosk-video-status" role="status">{status}</p>
        </section>
    }
}

/// What the break plays: the channel's live stream (a television channel on air), or the
/// newest video programme of the show. `Ok(None)`: nothing to play now.
async fn video_item(
    api: &ApiClient,
    video: &KioskVideo,
    ctl: web_sys::AbortController,
) -> Result<Option<Item>, ApiError> {
    let item = match video {
        KioskVideo::Channel(slug) => Item::live(&api.channel(slug, ctl).await?),
        KioskVideo::Bulletin(show) => {
            let q = ProgrammeQuery {
                show: Some(show.clone()),
                kind: Some(MediaKind::Video),
                per_page: Some(1),
                ..Default::default()
            };
            api.programmes(&q, ctl).await?.items.first().map(|p| Item {
                // Always from the start, and not in the "Nghe tiếp" list of the screen.
                programme_id: None,
                ..Item::programme(p)
            })
        }
    };
    Ok(item.filter(Item::is_video).map(Item::for_kiosk))
}

/// One story to read; back to the rotation on "Quay lại" or after the idle time.
#[component]
fn KioskReader(id: u64) -> impl IntoView {
    let k = use_kiosk();
    let opts = k.opts.get_value();
    let article = ApiResource::fetch(&use_app().api, move |api, ctl| async move {
        api.article(id, ctl).await
    });

    let back = move || k.reading.set(None);
    let idle = StoredValue::new(IdleTimer::new(opts.idle_secs));
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if idle.try_update_value(|t| t.tick()).unwrap_or(false) {
                back();
            }
        },
        TICK,
    ) {
        on_cleanup(move || handle.clear());
    }
    let touched = move || idle.update_value(|t| t.touched());

    let origin = page_origin();
    let content = move || {
        let summary = k
            .stories
            .with_untracked(|l| l.iter().find(|s| s.id == id).cloned());
        let (story, body, note) = match article.get() {
            Some(Ok(a)) => (Some(a.summary.clone()), Some(a), None),
            None | Some(Err(ApiError::Aborted)) => (summary, None, Some("Đang tải nội dung…")),
            Some(Err(e)) if e.is_not_found() => (
                summary,
                None,
                Some("Bài viết này không còn trên trang tin."),
            ),
            Some(Err(_)) => (
                summary,
                None,
                Some("Không tải được toàn văn bài viết. Quét mã để đọc trên điện thoại."),
            ),
        };
        match story {
            Some(s) => reader_view(s, body, note, &origin).into_any(),
            None => view! {
                <div class="kiosk-empty">
                    <p>{note.unwrap_or("Không tải được bài viết.")}</p>
                </div>
            }
            .into_any(),
        }
    };
    let idle_note = format!(
        "Màn hình tự trở về bản tin sau {} nếu không có thao tác.",
        wait_text(u64::from(opts.idle_secs))
    );
    view! {
        <div
            class="kiosk-reader"
            data-id=id.to_string()
            on:pointerdown=move |_| touched()
            on:touchstart=move |_| touched()
            on:wheel=move |_| touched()
            on:keydown=move |_| touched()
            on:scroll=move |_| touched()
        >
            <div class="kiosk-reader-top">
                <button type="button" class="kiosk-back" on:click=move |_| back()>
                    "‹ Quay lại"
                </button>
                <p class="kiosk-idle-note">{idle_note}</p>
            </div>
            {content}
        </div>
    }
}

fn reader_view(
    s: ArticleSummary,
    article: Option<Article>,
    note: Option<&'static str>,
    origin: &str,
) -> impl IntoView {
    let url = public_article_url(origin, s.id, &s.slug);
    let when = time::display_time(&s.published_at);
    let datetime = time::datetime_attr(&s.published_at);
    let body_html = article.map(|a| a.body_html);
    let photo = s
        .thumbnail
        .filter(|image| lead_photo_needed(body_html.as_deref(), &image.url))
        .map(|image| view! { <div class="kiosk-article-photo"><Thumb image eager=true/></div> });
    view! {
        <div class="kiosk-reading">
            <article class="kiosk-article">
                <p class="kiosk-category">{s.category.name}</p>
                <h1 class="kiosk-article-title">{s.title}</h1>
                <p class="kiosk-when"><time datetime=datetime>{when}</time></p>
                {photo}
                <p class="kiosk-sapo">{s.sapo}</p>
                {note.map(|n| view! { <p class="kiosk-note">{n}</p> })}
                {body_html.map(|html| view! { <ArticleBody html/> })}
            </article>
            <aside class="kiosk-reader-side">
                <div class="kiosk-qr">
                    <QrCodeSvg text=url label=QR_LABEL/>
                    <p>{QR_HINT}</p>
                </div>
            </aside>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::is_zoom_key;

    #[test]
    fn zoom_keys_need_ctrl_or_cmd() {
        for key in ["+", "-", "=", "0"] {
            assert!(is_zoom_key(true, key));
            assert!(!is_zoom_key(false, key));
        }
        assert!(!is_zoom_key(true, "1"));
        assert!(!is_zoom_key(true, "r"));
    }
}
