//! Kiosk mode (`/kiosk`): the URL options, which stories rotate, and the timing rules of a
//! screen that runs for weeks unattended. Plain logic, tested natively; the views are in
//! `pages::kiosk`.

use crate::api::types::{ArticleSummary, Home};
use crate::domain::time::Timestamp;
use crate::routes;

/// The kiosk's own path; everything below it is drawn without the site's header and footer.
pub const KIOSK_PATH: &str = "/kiosk";

/// After a failed refresh, the next try comes this soon (or at the refresh interval, if that
/// is shorter), so a screen recovers quickly once the connection is back.
pub const RETRY_SECS: u32 = 30;

/// A refresh that has not finished after this long (it never should: requests time out) no
/// longer blocks the next one.
pub const STALE_REFRESH_SECS: u64 = 120;

/// One numeric URL option: its key, default and bounds (in seconds or items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberOption {
    pub key: &'static str,
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

/// `?interval=12`: seconds each story stays on screen.
pub const INTERVAL: NumberOption = NumberOption {
    key: "interval",
    default: 12,
    min: 5,
    max: 300,
};
/// `?idle=60`: seconds without a touch before the reading view returns to the rotation.
pub const IDLE: NumberOption = NumberOption {
    key: "idle",
    default: 60,
    min: 10,
    max: 1800,
};
/// `?refresh=300`: seconds between two content refreshes.
pub const REFRESH: NumberOption = NumberOption {
    key: "refresh",
    default: 300,
    min: 60,
    max: 3600,
};
/// `?count=10`: how many top stories rotate.
pub const COUNT: NumberOption = NumberOption {
    key: "count",
    default: 10,
    min: 1,
    max: 20,
};
/// `?place=dong-van`: the weather location (a slug of `GET /site`'s `weather_locations`).
pub const PLACE_KEY: &str = "place";
/// `?category=thoi-su`: rotate the newest stories of one category instead of the front page.
pub const CATEGORY_KEY: &str = "category";
/// `?kenh=hgtv`: between stories, a television channel's live stream.
pub const CHANNEL_KEY: &str = "kenh";
/// `?ban-tin=thoi-su-hgtv`: between stories, the newest video programme of a show.
pub const BULLETIN_KEY: &str = "ban-tin";
/// `?video-sau=5`: the video comes after every this many stories.
pub const VIDEO_EVERY: NumberOption = NumberOption {
    key: "video-sau",
    default: 5,
    min: 1,
    max: 50,
};
/// `?video-giay=60`: seconds the video stays on screen.
pub const VIDEO_SECS: NumberOption = NumberOption {
    key: "video-giay",
    default: 60,
    min: 15,
    max: 900,
};
/// A video that has not started playing after this long is skipped (channel unreachable,
/// bulletin broken): the stories go on and the video is tried again next time.
pub const VIDEO_START_SECS: u32 = 20;

/// What plays between the stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KioskVideo {
    /// A channel's live stream (its slug).
    Channel(String),
    /// The newest video programme of a show (its slug).
    Bulletin(String),
}

/// What the kiosk's URL asks for. Anything missing or unreadable takes the default; numbers
/// out of bounds are brought to the nearest bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskOptions {
    pub interval_secs: u32,
    pub idle_secs: u32,
    pub refresh_secs: u32,
    pub count: u32,
    pub place: Option<String>,
    pub category: Option<String>,
    pub video: Option<KioskVideo>,
    pub video_every: u32,
    pub video_secs: u32,
}

impl Default for KioskOptions {
    fn default() -> Self {
        KioskOptions {
            interval_secs: INTERVAL.default,
            idle_secs: IDLE.default,
            refresh_secs: REFRESH.default,
            count: COUNT.default,
            place: None,
            category: None,
            video: None,
            video_every: VIDEO_EVERY.default,
            video_secs: VIDEO_SECS.default,
        }
    }
}

impl NumberOption {
    /// `None`, empty or not a whole number: the default. Otherwise clamped to the bounds.
    pub fn parse(&self, raw: Option<&str>) -> u32 {
        match raw.map(str::trim).map(str::parse::<u64>) {
            Some(Ok(n)) => n.clamp(u64::from(self.min), u64::from(self.max)) as u32,
            _ => self.default,
        }
    }
}

/// A slug as the API writes them (`dong-van`, `thoi-su`): lower-case ASCII letters, digits
/// and dashes, at most 64 characters. Anything else is ignored.
pub fn parse_slug(raw: Option<&str>) -> Option<String> {
    let s = raw?.trim();
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| s.to_string())
}

impl KioskOptions {
    /// Reads the options from the URL's query (`get` returns one parameter's value).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let num = |o: NumberOption| o.parse(get(o.key).as_deref());
        KioskOptions {
            interval_secs: num(INTERVAL),
            idle_secs: num(IDLE),
            refresh_secs: num(REFRESH),
            count: num(COUNT),
            place: parse_slug(get(PLACE_KEY).as_deref()),
            category: parse_slug(get(CATEGORY_KEY).as_deref()),
            // A channel wins over a bulletin: a screen shows one kind of video.
            video: parse_slug(get(CHANNEL_KEY).as_deref())
                .map(KioskVideo::Channel)
                .or_else(|| parse_slug(get(BULLETIN_KEY).as_deref()).map(KioskVideo::Bulletin)),
            video_every: num(VIDEO_EVERY),
            video_secs: num(VIDEO_SECS),
        }
    }

    /// Seconds to wait after a failed refresh.
    pub fn retry_secs(&self) -> u32 {
        RETRY_SECS.min(self.refresh_secs)
    }
}

/// Whether a path belongs to the kiosk (`/kiosk`, `/kiosk/…`; not `/kiosks`).
pub fn is_kiosk_path(path: &str) -> bool {
    path == KIOSK_PATH
        || path
            .strip_prefix(KIOSK_PATH)
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
}

/// The article's public address for the QR code: the portal's origin and canonical path.
pub fn public_article_url(origin: &str, id: u64, slug: &str) -> String {
    format!(
        "{}{}",
        origin.trim_end_matches('/'),
        routes::article(id, slug)
    )
}

/// The top stories of the front page: featured first, then the latest, the most read and the
/// sections, each story once, at most `count`.
pub fn stories_from_home(home: &Home, count: u32) -> Vec<ArticleSummary> {
    let all = home
        .featured
        .iter()
        .chain(&home.latest)
        .chain(&home.most_read)
        .chain(home.sections.iter().flat_map(|s| &s.items));
    unique_stories(all.cloned(), count)
}

/// Each story once (by id), in the given order, at most `count`.
pub fn unique_stories(
    items: impl IntoIterator<Item = ArticleSummary>,
    count: u32,
) -> Vec<ArticleSummary> {
    let mut out: Vec<ArticleSummary> = Vec::new();
    for item in items {
        if out.len() >= count as usize {
            break;
        }
        if !out.iter().any(|s| s.id == item.id) {
            out.push(item);
        }
    }
    out
}

/// The slide after `index` in a rotation of `len` stories.
pub fn next_index(index: usize, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        (index % len + 1) % len
    }
}

/// Where the rotation goes on after fresh content arrives: the story on screen if it is still
/// there, otherwise the same position (or the start).
pub fn index_after_refresh(old: &[ArticleSummary], index: usize, new: &[ArticleSummary]) -> usize {
    if new.is_empty() {
        return 0;
    }
    let current = (!old.is_empty()).then(|| old[index % old.len()].id);
    current
        .and_then(|id| new.iter().position(|s| s.id == id))
        .unwrap_or(if index < new.len() { index } else { 0 })
}

/// Whether the reading view shows the story's photo above the lead: not when the body already
/// has that picture.
pub fn lead_photo_needed(body_html: Option<&str>, photo_url: &str) -> bool {
    let url = photo_url.trim();
    !url.is_empty() && body_html.is_none_or(|b| !b.contains(url))
}

/// The big clock: `08:05` in Vietnam time.
pub fn clock_text(ts: Timestamp) -> String {
    let t = ts.in_vietnam();
    format!("{:02}:{:02}", t.hour, t.minute)
}

/// localStorage key of the last good stories (one list per category choice).
pub fn stories_key(category: Option<&str>) -> String {
    match category {
        Some(c) => format!("portal.kiosk.stories.{c}"),
        None => "portal.kiosk.stories".into(),
    }
}

/// localStorage key of the last good weather reading of a place.
pub fn weather_key(place: Option<&str>) -> String {
    match place {
        Some(p) => format!("portal.kiosk.weather.{p}"),
        None => "portal.kiosk.weather".into(),
    }
}

/// When to refresh the content, counted in the kiosk's one-second ticks (not wall-clock time,
/// which a screen's clock sync can move back and forth). The first refresh is due at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshSchedule {
    refresh: u64,
    retry: u64,
    elapsed: u64,
    next_due: u64,
    in_flight_since: Option<u64>,
}

impl RefreshSchedule {
    pub fn new(opts: &KioskOptions) -> Self {
        RefreshSchedule {
            refresh: u64::from(opts.refresh_secs.max(1)),
            retry: u64::from(opts.retry_secs().max(1)),
            elapsed: 0,
            next_due: 0,
            in_flight_since: None,
        }
    }

    /// Whether a refresh should start now.
    pub fn due(&self) -> bool {
        match self.in_flight_since {
            Some(since) => self.elapsed.saturating_sub(since) >= STALE_REFRESH_SECS,
            None => self.elapsed >= self.next_due,
        }
    }

    /// One second passed; returns [`Self::due`].
    pub fn tick(&mut self) -> bool {
        self.elapsed += 1;
        self.due()
    }

    pub fn started(&mut self) {
        self.in_flight_since = Some(self.elapsed);
    }

    /// The refresh ended: the next one comes after the interval, or sooner after a failure.
    pub fn finished(&mut self, ok: bool) {
        self.in_flight_since = None;
        self.next_due = self.elapsed + if ok { self.refresh } else { self.retry };
    }

    /// The connection came back: refresh at the next tick.
    pub fn soon(&mut self) {
        self.next_due = self.elapsed;
    }
}

/// The reading view's idle timer, in one-second ticks: any touch starts it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimer {
    limit: u32,
    quiet: u32,
}

impl IdleTimer {
    pub fn new(limit_secs: u32) -> Self {
        IdleTimer {
            limit: limit_secs.max(1),
            quiet: 0,
        }
    }

    pub fn touched(&mut self) {
        self.quiet = 0;
    }

    /// One second passed; `true` once the limit is reached without a touch.
    pub fn tick(&mut self) -> bool {
        self.quiet = self.quiet.saturating_add(1);
        self.quiet >= self.limit
    }
}

/// When the video comes: after every `every` stories shown in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoBreaks {
    every: u32,
    shown: u32,
}

impl VideoBreaks {
    pub fn new(opts: &KioskOptions) -> Self {
        VideoBreaks {
            every: opts.video_every.max(1),
            shown: 0,
        }
    }

    /// A story's time on screen ended; `true` when the video comes now (the count starts
    /// again, whether the video then plays or is skipped).
    pub fn story_shown(&mut self) -> bool {
        self.shown += 1;
        if self.shown >= self.every {
            self.shown = 0;
            true
        } else {
            false
        }
    }
}

/// What the player says about the video, as the kiosk's break sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoState {
    /// Being fetched, loading, or reconnecting.
    Waiting,
    Playing,
    /// A programme reached its end (or stopped without a failure).
    Ended,
    /// Nothing to play: off air, no programme, or a failure the player gives up on.
    Failed,
}

/// The video break's timer, in one-second ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoBreak {
    limit: u32,
    elapsed: u32,
    played: bool,
}

impl VideoBreak {
    pub fn new(limit_secs: u32) -> Self {
        VideoBreak {
            limit: limit_secs.max(1),
            elapsed: 0,
            played: false,
        }
    }

    /// Whether the video has played at some point of this break.
    pub fn played(&self) -> bool {
        self.played
    }

    /// One second passed; `true` when the stories come back: time is up, the video failed or
    /// ended, or it never started within [`VIDEO_START_SECS`]. A live stream that drops after
    /// it played keeps the screen (the player reconnects it) until the time is up.
    pub fn tick(&mut self, state: VideoState) -> bool {
        self.elapsed = self.elapsed.saturating_add(1);
        match state {
            VideoState::Playing => self.played = true,
            VideoState::Failed => return true,
            // Paused before it ever played (autoplay refused): waiting, up to the start limit.
            VideoState::Ended if self.played => return true,
            VideoState::Ended | VideoState::Waiting => {}
        }
        self.elapsed >= self.limit || (!self.played && self.elapsed >= VIDEO_START_SECS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Category, HomeSection};
    use crate::domain::time::parse_rfc3339;

    fn query(pairs: &[(&str, &str)]) -> KioskOptions {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        KioskOptions::from_query(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    fn story(id: u64) -> ArticleSummary {
        ArticleSummary {
            id,
            slug: format!("bai-{id}"),
            title: format!("Tin {id}"),
            sapo: String::new(),
            published_at: "2026-11-26T10:00:00+07:00".into(),
            category: Category {
                slug: "thoi-su".into(),
                name: "Thời sự".into(),
            },
            thumbnail: None,
            comment_count: 0,
        }
    }

    fn ids(list: &[ArticleSummary]) -> Vec<u64> {
        list.iter().map(|s| s.id).collect()
    }

    #[test]
    fn defaults_without_a_query() {
        let o = query(&[]);
        assert_eq!(o, KioskOptions::default());
        assert_eq!(
            (o.interval_secs, o.idle_secs, o.refresh_secs, o.count),
            (12, 60, 300, 10)
        );
        assert_eq!((o.place, o.category), (None, None));
        assert_eq!((o.video, o.video_every, o.video_secs), (None, 5, 60));
    }

    #[test]
    fn video_between_stories() {
        let o = query(&[
            ("kenh", "hgtv"),
            ("video-sau", "3"),
            ("video-giay", " 120 "),
        ]);
        assert_eq!(o.video, Some(KioskVideo::Channel("hgtv".into())));
        assert_eq!((o.video_every, o.video_secs), (3, 120));
        let o = query(&[("ban-tin", "thoi-su-hgtv")]);
        assert_eq!(o.video, Some(KioskVideo::Bulletin("thoi-su-hgtv".into())));
        assert_eq!((o.video_every, o.video_secs), (5, 60));
        // Both: the channel.
        let o = query(&[("ban-tin", "thoi-su-hgtv"), ("kenh", "hgtv")]);
        assert_eq!(o.video, Some(KioskVideo::Channel("hgtv".into())));
        // A channel that is not a slug leaves the bulletin.
        let o = query(&[("ban-tin", "thoi-su-hgtv"), ("kenh", "HGTV 1")]);
        assert_eq!(o.video, Some(KioskVideo::Bulletin("thoi-su-hgtv".into())));
        for bad in ["", "Thời sự", "a b", "../x", "a&b=c"] {
            assert_eq!(
                query(&[("kenh", bad), ("ban-tin", bad)]).video,
                None,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn video_numbers_are_read_and_bounded() {
        let o = query(&[("video-sau", "0"), ("video-giay", "1")]);
        assert_eq!((o.video_every, o.video_secs), (1, 15));
        let o = query(&[("video-sau", "51"), ("video-giay", "86400")]);
        assert_eq!((o.video_every, o.video_secs), (50, 900));
        let o = query(&[("video-sau", "50"), ("video-giay", "15")]);
        assert_eq!((o.video_every, o.video_secs), (50, 15));
        for bad in ["", "abc", "-5", "2.5", "60s", "99999999999999999999999"] {
            let o = query(&[("video-sau", bad), ("video-giay", bad)]);
            assert_eq!((o.video_every, o.video_secs), (5, 60), "{bad:?}");
        }
    }

    #[test]
    fn the_video_comes_after_every_n_stories() {
        let mut b = VideoBreaks::new(&query(&[("video-sau", "3")]));
        let breaks: Vec<bool> = (0..7).map(|_| b.story_shown()).collect();
        assert_eq!(breaks, [false, false, true, false, false, true, false]);
        let mut b = VideoBreaks::new(&query(&[("video-sau", "1")]));
        assert!(b.story_shown() && b.story_shown());
    }

    #[test]
    fn the_video_stays_its_time_then_the_stories_come_back() {
        let mut v = VideoBreak::new(30);
        for _ in 1..30 {
            assert!(!v.tick(VideoState::Playing));
        }
        assert!(v.tick(VideoState::Playing));
        assert!(v.played());
    }

    #[test]
    fn a_video_that_never_starts_is_skipped() {
        let mut v = VideoBreak::new(60);
        assert!(
            v.tick(VideoState::Failed),
            "off air or no programme: at once"
        );
        let mut v = VideoBreak::new(60);
        for _ in 1..VIDEO_START_SECS {
            assert!(!v.tick(VideoState::Waiting));
        }
        assert!(
            v.tick(VideoState::Waiting),
            "still loading after the start limit"
        );
        // Paused before it ever played (autoplay refused): the start limit too.
        let mut v = VideoBreak::new(60);
        assert!(!v.tick(VideoState::Ended));
        assert!(!v.played());
    }

    #[test]
    fn a_live_drop_keeps_the_screen_and_a_programme_end_does_not() {
        let mut v = VideoBreak::new(120);
        assert!(!v.tick(VideoState::Playing));
        // Reconnecting for longer than the start limit: the player recovers it in place.
        for _ in 0..60 {
            assert!(!v.tick(VideoState::Waiting));
        }
        assert!(!v.tick(VideoState::Playing));
        assert!(v.tick(VideoState::Ended), "the bulletin ended");
        assert!(
            VideoBreak::new(0).tick(VideoState::Waiting),
            "a zero limit is one second"
        );
    }

    #[test]
    fn numbers_are_read_and_bounded() {
        let o = query(&[
            ("interval", " 20 "),
            ("idle", "90"),
            ("refresh", "600"),
            ("count", "5"),
        ]);
        assert_eq!(
            (o.interval_secs, o.idle_secs, o.refresh_secs, o.count),
            (20, 90, 600, 5)
        );
        // Out of bounds: the nearest bound.
        let o = query(&[
            ("interval", "1"),
            ("idle", "999999999999999999999"),
            ("refresh", "0"),
            ("count", "100"),
        ]);
        assert_eq!(
            (o.interval_secs, o.idle_secs, o.refresh_secs, o.count),
            (5, 60, 60, 20),
            "a number too large to read is invalid, so the default"
        );
        assert_eq!(query(&[("idle", "99999")]).idle_secs, 1800);
    }

    #[test]
    fn unreadable_numbers_take_the_default() {
        for bad in ["", "abc", "-5", "12.5", "12s", "١٢"] {
            let o = query(&[("interval", bad), ("idle", bad), ("refresh", bad)]);
            assert_eq!(o, KioskOptions::default(), "{bad:?}");
        }
    }

    #[test]
    fn slugs_are_checked() {
        let o = query(&[("place", "dong-van"), ("category", "thoi-su")]);
        assert_eq!(o.place.as_deref(), Some("dong-van"));
        assert_eq!(o.category.as_deref(), Some("thoi-su"));
        for bad in ["", "Đồng Văn", "dong van", "../x", "a&b=c", &"a".repeat(65)] {
            assert_eq!(parse_slug(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(parse_slug(None), None);
    }

    #[test]
    fn retry_is_never_longer_than_the_refresh() {
        assert_eq!(KioskOptions::default().retry_secs(), 30);
        let o = KioskOptions {
            refresh_secs: 60,
            ..Default::default()
        };
        assert_eq!(o.retry_secs(), 30);
    }

    #[test]
    fn kiosk_paths() {
        for p in ["/kiosk", "/kiosk/", "/kiosk/bai-viet/1024", "/kiosk?x=1"] {
            assert!(is_kiosk_path(p), "{p}");
        }
        for p in ["/", "/kiosks", "/bai-viet/1/kiosk", "/kioskx/1"] {
            assert!(!is_kiosk_path(p), "{p}");
        }
    }

    #[test]
    fn public_urls_use_the_canonical_article_path() {
        assert_eq!(
            public_article_url("https://hagiangtv.vn", 1024, "so-ket"),
            "https://hagiangtv.vn/bai-viet/1024/so-ket"
        );
        assert_eq!(
            public_article_url("http://127.0.0.1:8080/", 7, ""),
            "http://127.0.0.1:8080/bai-viet/7"
        );
    }

    #[test]
    fn top_stories_come_once_each_in_front_page_order() {
        let home = Home {
            featured: vec![story(5), story(4)],
            latest: vec![story(5), story(9), story(4), story(8)],
            most_read: vec![story(1)],
            sections: vec![HomeSection {
                category: story(0).category,
                items: vec![story(2), story(9)],
            }],
        };
        assert_eq!(ids(&stories_from_home(&home, 10)), [5, 4, 9, 8, 1, 2]);
        assert_eq!(ids(&stories_from_home(&home, 3)), [5, 4, 9]);
        let empty = Home {
            featured: vec![],
            latest: vec![],
            most_read: vec![],
            sections: vec![],
        };
        assert!(stories_from_home(&empty, 10).is_empty());
    }

    #[test]
    fn rotation_wraps() {
        assert_eq!(next_index(0, 3), 1);
        assert_eq!(next_index(2, 3), 0);
        assert_eq!(next_index(7, 3), 2, "an index past the end is taken modulo");
        assert_eq!(next_index(0, 1), 0);
        assert_eq!(next_index(4, 0), 0);
    }

    #[test]
    fn refresh_keeps_the_story_on_screen() {
        let old = [story(1), story(2), story(3)];
        // Story 2 on screen; a new story arrives on top.
        assert_eq!(
            index_after_refresh(&old, 1, &[story(9), story(1), story(2), story(3)]),
            2
        );
        // Story 2 is gone: same position.
        assert_eq!(index_after_refresh(&old, 1, &[story(7), story(8)]), 1);
        // Position gone too: the start.
        assert_eq!(index_after_refresh(&old, 2, &[story(7)]), 0);
        assert_eq!(index_after_refresh(&[], 5, &[story(7), story(8)]), 0);
        assert_eq!(index_after_refresh(&old, 1, &[]), 0);
    }

    #[test]
    fn photo_once_in_the_reading_view() {
        assert!(lead_photo_needed(None, "/media/a.jpg"));
        assert!(lead_photo_needed(Some("<p>x</p>"), "/media/a.jpg"));
        assert!(!lead_photo_needed(
            Some(r#"<figure><img src="/media/a.jpg"></figure>"#),
            "/media/a.jpg"
        ));
        assert!(!lead_photo_needed(None, " "));
    }

    #[test]
    fn clock_in_vietnam_time() {
        let ts = parse_rfc3339("2026-11-26T01:05:59Z").unwrap();
        assert_eq!(clock_text(ts), "08:05");
        let ts = parse_rfc3339("2026-11-26T23:59:00+07:00").unwrap();
        assert_eq!(clock_text(ts), "23:59");
    }

    #[test]
    fn storage_keys() {
        assert_eq!(stories_key(None), "portal.kiosk.stories");
        assert_eq!(stories_key(Some("du-lich")), "portal.kiosk.stories.du-lich");
        assert_eq!(
            weather_key(Some("dong-van")),
            "portal.kiosk.weather.dong-van"
        );
        assert_eq!(weather_key(None), "portal.kiosk.weather");
    }

    #[test]
    fn first_refresh_at_once_then_every_interval() {
        let o = KioskOptions {
            refresh_secs: 60,
            ..Default::default()
        };
        let mut s = RefreshSchedule::new(&o);
        assert!(s.due());
        s.started();
        assert!(!s.tick(), "never two at once");
        s.finished(true);
        let mut waited = 0;
        while !s.tick() {
            waited += 1;
        }
        assert_eq!(waited + 1, 60);
    }

    #[test]
    fn failures_retry_sooner_and_the_connection_coming_back_refreshes_at_once() {
        let mut s = RefreshSchedule::new(&KioskOptions::default());
        s.started();
        s.finished(false);
        let ticks = (1..).find(|_| s.tick()).unwrap_or(0);
        assert_eq!(ticks, RETRY_SECS);
        s.started();
        s.finished(true);
        assert!(!s.tick());
        s.soon();
        assert!(s.due());
    }

    #[test]
    fn a_stuck_refresh_does_not_block_forever() {
        let mut s = RefreshSchedule::new(&KioskOptions::default());
        s.started();
        for _ in 1..STALE_REFRESH_SECS {
            assert!(!s.tick());
        }
        assert!(s.tick());
    }

    #[test]
    fn idle_timer_restarts_on_touch() {
        let mut t = IdleTimer::new(3);
        assert!(!t.tick());
        assert!(!t.tick());
        t.touched();
        assert!(!t.tick());
        assert!(!t.tick());
        assert!(t.tick());
        assert!(IdleTimer::new(0).tick(), "a zero limit is one second");
    }
}
