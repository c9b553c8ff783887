//! The one player of the portal: live channels, programmes and the media of articles.
//!
//! A single media element, made once, plays everything, so the radio keeps playing while
//! the reader moves through the portal. It sits in a hidden dock (audio, or a video shown in
//! picture-in-picture) or inside the frame of the page that shows the item (video). The
//! decisions (which source, how long to wait, what to say) are in `domain::broadcast`.

mod element;

use crate::api::types::{ArticleSummary, Channel, Media, MediaKind, Programme};
use crate::domain::broadcast::{
    playable_sources, record_progress, resume_position, retry_delay_ms, Progress, StreamProblem,
};
use crate::routes;
use crate::storage;
use leptos::prelude::*;
use std::time::Duration;

/// Where the reader left each programme ("Nghe tiếp").
pub const PROGRESS_KEY: &str = "portal.progress";
/// The captions language the reader chose, or `off`.
pub const CAPTIONS_KEY: &str = "portal.captions";
/// How long a live stream may stand still while playing before it is reconnected.
const STALL_MS: f64 = 8000.0;
/// How often the position of a programme is written down while it plays.
const SAVE_EVERY_MS: f64 = 5000.0;

/// Something to play, with what the mini-player and the lock screen show.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Which page frame shows it: `live:hgtv`, `programme:2201`, `article:1024:0`.
    pub key: String,
    pub title: String,
    /// The channel, or the show.
    pub subtitle: String,
    /// The page of the item in the portal.
    pub href: String,
    pub media: Media,
    pub live: bool,
    /// Remembered position ("Nghe tiếp") for programmes.
    pub programme_id: Option<u64>,
    /// Picture for the lock screen (absolute or root-relative).
    pub artwork: Option<String>,
}

impl Item {
    pub fn is_video(&self) -> bool {
        self.media.kind == MediaKind::Video
    }

    /// A channel's live stream; `None` while it is off air.
    pub fn live(channel: &Channel) -> Option<Item> {
        let media = channel.stream.clone()?;
        Some(Item {
            key: format!("live:{}", channel.slug),
            title: channel.name.clone(),
            subtitle: channel
                .now
                .as_ref()
                .map_or_else(|| "Trực tiếp".to_string(), |s| s.title.clone()),
            href: routes::channel(channel.kind, &channel.slug, None),
            artwork: media
                .poster
                .as_ref()
                .or(channel.logo.as_ref())
                .map(|i| i.url.clone()),
            media,
            live: true,
            programme_id: None,
        })
    }

    pub fn programme(p: &Programme) -> Item {
        Item {
            key: format!("programme:{}", p.id),
            title: p.title.clone(),
            subtitle: p.show.name.clone(),
            href: routes::programme(p.id, &p.slug),
            artwork: p
                .media
                .poster
                .as_ref()
                .or(p.thumbnail.as_ref())
                .map(|i| i.url.clone()),
            media: p.media.clone(),
            live: false,
            programme_id: Some(p.id),
        }
    }

    /// The `index`-th media of an article.
    pub fn article(a: &ArticleSummary, index: usize, media: &Media) -> Item {
        Item {
            key: format!("article:{}:{index}", a.id),
            title: a.title.clone(),
            subtitle: a.category.name.clone(),
            href: routes::article(a.id, &a.slug),
            artwork: media
                .poster
                .as_ref()
                .or(a.thumbnail.as_ref())
                .map(|i| i.url.clone()),
            media: media.clone(),
            live: false,
            programme_id: None,
        }
    }

    /// A kiosk's item: the same, muted, captions on (see `element::KIOSK_PREFIX`).
    pub fn for_kiosk(mut self) -> Item {
        self.key = format!("{}{}", element::KIOSK_PREFIX, self.key);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Loading,
    Playing,
    Paused,
    /// A live stream being reconnected, with what went wrong.
    Reconnecting(StreamProblem),
    /// Stopped by a problem; the reader may try again.
    Failed(StreamProblem),
}

impl Status {
    /// Going, or trying to: the play/pause control offers "Tạm dừng".
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Playing | Status::Loading | Status::Reconnecting(_)
        )
    }
}

/// The player, shared through context. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Player {
    pub item: RwSignal<Option<Item>>,
    pub status: RwSignal<Status>,
    /// Current time and length in seconds (length 0 when unknown or live).
    pub position: RwSignal<(f64, f64)>,
    /// Whether the element is inside a page frame that is on screen.
    pub framed: RwSignal<bool>,
    state: StoredValue<element::State, LocalStorage>,
    watching: StoredValue<bool>,
}

pub fn use_player() -> Player {
    expect_context::<Player>()
}

impl Player {
    /// Made once by the app; the media element itself is created on the first play.
    pub fn provide(api_base: String) -> Self {
        let player = Player {
            item: RwSignal::new(None),
            status: RwSignal::new(Status::Paused),
            position: RwSignal::new((0.0, 0.0)),
            framed: RwSignal::new(false),
            state: StoredValue::new_local(element::State::new(api_base)),
            watching: StoredValue::new(false),
        };
        provide_context(player);
        player
    }

    /// The watch over stalls and progress starts with the first item: until then the
    /// player's code is not even downloaded (src/chunks.rs).
    fn watch_from_now(&self) {
        let player = *self;
        if self.watching.get_value() {
            return;
        }
        self.watching.set_value(true);
        // Lives as long as the page: the app is never unmounted.
        let _ = set_interval_with_handle(
            move || player.watch(js_sys::Date::now()),
            Duration::from_secs(2),
        );
    }

    pub fn is_current(&self, key: &str) -> bool {
        self.item
            .with_untracked(|i| i.as_ref().is_some_and(|i| i.key == key))
    }

    /// Plays `item`, or resumes it when it is the one loaded.
    pub fn play(&self, item: Item) {
        if self.is_current(&item.key) && !matches!(self.status.get_untracked(), Status::Failed(_)) {
            self.with_state(|s| s.resume());
            return;
        }
        self.load(item, true);
    }

    /// Loads `item` and, with `start`, plays it. Kiosk items are muted (`Item::for_kiosk`).
    pub fn load(&self, item: Item, start: bool) {
        let player = *self;
        self.watch_from_now();
        let sources = self.with_state(|s| {
            s.element(player).map(|el| {
                playable_sources(
                    &item.media.sources,
                    |mime| !el.can_play_type(mime).is_empty(),
                    element::has_mse(),
                )
            })
        });
        let sources = sources.unwrap_or_default();
        let resume = item
            .programme_id
            .and_then(|id| resume_position(&progress_list(), id));
        self.status.set(Status::Loading);
        self.position
            .set((0.0, item.media.duration_s.unwrap_or(0.0)));
        self.item.set(Some(item.clone()));
        let unplayable = sources.is_empty();
        self.with_state(|s| {
            s.begin(player, &item, sources, resume);
            s.place(&item.key, item.is_video());
        });
        self.framed.set(self.with_state(|s| s.in_frame()));
        if unplayable {
            self.status.set(Status::Failed(StreamProblem::Unsupported));
            return;
        }
        element::set_media_session(self, &item);
        if start {
            self.with_state(|s| s.start_source());
        }
    }

    pub fn pause(&self) {
        self.with_state(|s| s.pause());
    }

    pub fn toggle(&self) {
        match self.status.get_untracked() {
            status if status.is_active() => self.pause(),
            Status::Failed(_) => self.retry(),
            _ => self.with_state(|s| s.resume()),
        }
    }

    /// Stops and forgets the item: the mini-player goes away.
    pub fn stop(&self) {
        self.save_progress(true);
        self.with_state(|s| s.unload());
        self.item.set(None);
        self.framed.set(false);
        self.status.set(Status::Paused);
        element::clear_media_session();
    }

    /// Starts the current item again from its first source, at once.
    pub fn retry(&self) {
        if let Some(item) = self.item.get_untracked() {
            self.load(item, true);
        }
    }

    pub fn seek(&self, seconds: f64) {
        self.with_state(|s| s.seek(seconds));
    }

    /// The reader chose other captions: applied to what is loaded.
    pub fn refresh_captions(&self) {
        self.with_state(|s| s.refresh_captions());
    }

    pub fn set_muted(&self, muted: bool) {
        self.with_state(|s| s.set_muted(muted));
    }

    /// A page frame for the item `key` appeared: a video of that item moves into it.
    pub fn attach_frame(&self, key: &str, frame: web_sys::Element) {
        self.with_state(|s| s.add_frame(key, frame));
        if self.is_current(key) {
            let video = self
                .item
                .with_untracked(|i| i.as_ref().is_some_and(Item::is_video));
            self.with_state(|s| s.place(key, video));
            self.framed.set(self.with_state(|s| s.in_frame()));
        }
    }

    /// The frame of `key` is going away with its page. A video playing there goes on in
    /// picture-in-picture where the browser has it, and otherwise pauses.
    pub fn detach_frame(&self, key: &str) {
        let was_inside = self.with_state(|s| s.remove_frame(key));
        if was_inside {
            self.framed.set(false);
            let keeps_playing = self.with_state(|s| s.enter_picture_in_picture());
            if !keeps_playing {
                self.pause();
            }
        }
    }

    /// Called every 2 s: a live stream standing still is reconnected; the position of a
    /// programme is written down.
    fn watch(&self, now_ms: f64) {
        let Some(live) = self.item.with_untracked(|i| i.as_ref().map(|i| i.live)) else {
            return;
        };
        let stalled_ms = self.with_state(|s| s.stalled_for(now_ms));
        let status = self.status.get_untracked();
        // While reconnecting, the back-off timer retries; only an attempt that itself hangs
        // (no error, no picture, past the longest wait) is started again from here.
        let limit = match status {
            Status::Playing | Status::Loading => STALL_MS,
            Status::Reconnecting(_) => STALL_MS + f64::from(retry_delay_ms(u32::MAX)),
            _ => f64::INFINITY,
        };
        if live && stalled_ms > limit {
            self.with_state(|s| s.mark_moved(now_ms));
            self.failed(StreamProblem::Stalled);
        }
        if status == Status::Playing {
            self.save_progress(false);
        }
    }

    /// The element reported a failure, or a live stream stood still.
    fn failed(&self, problem: StreamProblem) {
        let Some(item) = self.item.get_untracked() else {
            return;
        };
        // A source this browser cannot decode: the next one, if any.
        if problem == StreamProblem::Unsupported && self.with_state(|s| s.next_source()) {
            return;
        }
        let player = *self;
        let generation = self.with_state(|s| s.generation());
        let url = self.with_state(|s| s.current_url());
        leptos::task::spawn_local(async move {
            // The element says as little for a 404 as for a codec it lacks: the URL tells.
            let problem = match element::probe(url.as_deref()).await {
                StreamProblem::Stalled => problem,
                found => found,
            };
            if player.with_state(|s| s.generation()) != generation {
                return;
            }
            if item.live {
                player.status.set(Status::Reconnecting(problem));
                let attempt = player.with_state(|s| s.next_attempt());
                let delay = retry_delay_ms(attempt);
                set_timeout(
                    move || {
                        if player.with_state(|s| s.generation()) == generation {
                            player.with_state(|s| s.reconnect());
                        }
                    },
                    Duration::from_millis(u64::from(delay)),
                );
            } else {
                player.status.set(Status::Failed(problem));
            }
        });
    }

    /// Writes down where the reader is in the programme (at most every 5 s unless `now`).
    fn save_progress(&self, now: bool) {
        let Some(item) = self.item.get_untracked() else {
            return;
        };
        let Some(id) = item.programme_id.filter(|_| !item.live) else {
            return;
        };
        let (position_s, duration_s) = self.position.get_untracked();
        let now_ms = js_sys::Date::now();
        if !self.with_state(|s| s.due_for_save(now_ms, SAVE_EVERY_MS, now)) || position_s <= 0.0 {
            return;
        }
        let entry = Progress {
            id,
            title: item.title,
            href: item.href,
            kind: item.media.kind,
            position_s,
            duration_s: if duration_s > 0.0 {
                duration_s
            } else {
                item.media.duration_s.unwrap_or(0.0)
            },
            updated_ms: now_ms,
        };
        storage::set_json(PROGRESS_KEY, &record_progress(progress_list(), entry));
    }

    /// Runs `f` on the player's state; after the app is torn down, nothing happens.
    fn with_state<R: Default>(&self, f: impl FnOnce(&mut element::State) -> R) -> R {
        self.state.try_update_value(f).unwrap_or_default()
    }
}

/// The programmes the reader started, newest first.
pub fn progress_list() -> Vec<Progress> {
    storage::get_json(PROGRESS_KEY).unwrap_or_default()
}

/// The captions language the reader chose (`None`: never chose; `Some("off")`: no captions).
pub fn chosen_captions() -> Option<String> {
    storage::get(CAPTIONS_KEY)
}

pub fn choose_captions(lang: &str) {
    storage::set(CAPTIONS_KEY, lang);
}

/// What the status line says, if anything.
pub fn status_message(status: Status, live: bool) -> Option<String> {
    match status {
        Status::Reconnecting(StreamProblem::Stalled) => Some("Đang kết nối lại…".into()),
        Status::Reconnecting(p) => Some(format!("{} Đang thử kết nối lại…", p.message(true))),
        Status::Failed(p) => Some(p.message(live)),
        Status::Loading => Some("Đang tải…".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::tests::decode as example;

    #[test]
    fn items_of_channels_and_programmes() {
        let channels: Vec<Channel> = example("channels.json");
        let tv = Item::live(&channels[0]).unwrap();
        assert_eq!(tv.key, "live:hgtv");
        assert_eq!(tv.href, "/truyen-hinh/hgtv");
        assert_eq!(tv.subtitle, "Thời sự tối");
        assert!(tv.live && tv.is_video());
        assert_eq!(
            tv.artwork.as_deref(),
            Some("/media/channels/hgtv-poster.jpg")
        );
        let radio = Item::live(&channels[1]).unwrap();
        assert_eq!(radio.href, "/phat-thanh/phat-thanh");
        assert!(!radio.is_video());
        let off: Vec<Channel> = example("channels-off-air.json");
        assert_eq!(Item::live(&off[1]), None);
        let p: Programme = example("programme-2201.json");
        let item = Item::programme(&p);
        assert_eq!(item.href, "/xem-lai/2201/thoi-su-toi-28-11-2026");
        assert_eq!((item.programme_id, item.live), (Some(2201), false));
        assert_eq!(item.clone().for_kiosk().key, "kiosk:programme:2201");
    }

    #[test]
    fn status_lines_are_vietnamese() {
        assert_eq!(
            status_message(Status::Reconnecting(StreamProblem::Stalled), true).as_deref(),
            Some("Đang kết nối lại…")
        );
        let m = status_message(Status::Reconnecting(StreamProblem::NotFound), true);
        assert!(
            m.is_some_and(|m| m.contains("không tìm thấy luồng") && m.contains("thử kết nối lại"))
        );
        assert_eq!(status_message(Status::Playing, true), None);
        assert!(
            status_message(Status::Failed(StreamProblem::ServerError(500)), false)
                .is_some_and(|m| m.contains("500"))
        );
    }
}
