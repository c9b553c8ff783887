//! Broadcast: what the channel pages, the programme lists and the player show, computed
//! from the API's channels, schedules and programmes.

use crate::api::types::{Channel, ChannelKind, MediaKind, Slot, Source};
use crate::domain::time::{parse_rfc3339, Timestamp, VIETNAM_OFFSET_SECS};
use serde::{Deserialize, Serialize};

/// How a schedule day can be chosen: from 7 days back to 7 ahead, as the contract serves.
pub const SCHEDULE_DAYS_BACK: i64 = 7;
pub const SCHEDULE_DAYS_AHEAD: i64 = 7;

/// The menu entries of the television and radio channels, as the header and the
/// breadcrumbs name them.
pub const TV_MENU: &str = "Truyền hình";
pub const RADIO_MENU: &str = "Phát thanh";

/// The channel a broadcast menu's page shows: the one named by `slug`, or the menu's first;
/// `None` when the station has no such channel.
pub fn listed_channel<'a>(
    list: &'a [Channel],
    kind: ChannelKind,
    slug: Option<&str>,
) -> Option<&'a Channel> {
    list.iter()
        .filter(|c| c.kind == kind)
        .find(|c| slug.is_none_or(|s| s == c.slug))
}

/// The name readers know a language by; `None` for a tag the portal does not name.
pub fn language_name(tag: &str) -> Option<&'static str> {
    // Only the primary subtag counts: "hmn-VN" is still tiếng Mông.
    let primary = tag.split('-').next().unwrap_or_default();
    Some(match primary.to_ascii_lowercase().as_str() {
        "vi" => "Tiếng Việt",
        "hmn" | "blu" | "mww" | "hnj" => "Tiếng Mông",
        "tyz" => "Tiếng Tày",
        "ium" | "mji" => "Tiếng Dao",
        "nut" => "Tiếng Nùng",
        "cmn" | "zh" => "Tiếng Hoa",
        "en" => "Tiếng Anh",
        _ => return None,
    })
}

/// A language's name, or its tag when the portal does not know it.
pub fn language_label(tag: &str) -> String {
    language_name(tag).map_or_else(|| tag.to_string(), str::to_string)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotState {
    Past,
    OnAir,
    Upcoming,
}

pub fn slot_state(slot: &Slot, now: Timestamp) -> SlotState {
    let starts = parse_rfc3339(&slot.starts_at);
    let ends = parse_rfc3339(&slot.ends_at);
    match (starts, ends) {
        (_, Some(end)) if end <= now => SlotState::Past,
        (Some(start), _) if start > now => SlotState::Upcoming,
        (Some(_), Some(_)) => SlotState::OnAir,
        // An unreadable time cannot be placed on the clock.
        _ => SlotState::Upcoming,
    }
}

/// What is on air at `now` and what comes after it, from a schedule (in order).
pub fn now_and_next(slots: &[Slot], now: Timestamp) -> (Option<&Slot>, Option<&Slot>) {
    let current = slots
        .iter()
        .position(|s| slot_state(s, now) == SlotState::OnAir);
    let next = slots
        .iter()
        .skip(current.map_or(0, |i| i + 1))
        .find(|s| slot_state(s, now) == SlotState::Upcoming);
    (current.map(|i| &slots[i]), next)
}

/// The next moment after `now` at which a slot starts or ends: when "Đang phát" changes.
pub fn next_change(slots: &[Slot], now: Timestamp) -> Option<Timestamp> {
    slots
        .iter()
        .flat_map(|s| [parse_rfc3339(&s.starts_at), parse_rfc3339(&s.ends_at)])
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// `2026-11-29`: the Vietnam calendar day of a moment, as the schedule asks for it.
pub fn vietnam_date(ts: Timestamp) -> String {
    let t = ts.in_vietnam();
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// One entry of the day picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// `YYYY-MM-DD`, for the API and the URL.
    pub date: String,
    /// "Hôm nay", "Hôm qua", "Ngày mai", or "T2 23/11".
    pub label: String,
    /// The full name for screen readers: "Thứ Hai, 23/11/2026".
    pub full: String,
}

/// The days of the schedule picker around `now`'s day in Vietnam, oldest first.
pub fn schedule_days(now: Timestamp) -> Vec<Day> {
    const SHORT: [&str; 7] = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"];
    (-SCHEDULE_DAYS_BACK..=SCHEDULE_DAYS_AHEAD)
        .map(|offset| {
            let ts = Timestamp(now.0 + offset * 86_400);
            let t = ts.in_vietnam();
            let label = match offset {
                -1 => "Hôm qua".to_string(),
                0 => "Hôm nay".to_string(),
                1 => "Ngày mai".to_string(),
                _ => format!(
                    "{} {:02}/{:02}",
                    SHORT[t.weekday as usize % 7],
                    t.day,
                    t.month
                ),
            };
            Day {
                date: vietnam_date(ts),
                label,
                full: crate::domain::time::format_vietnam_date(ts),
            }
        })
        .collect()
}

/// The day asked for in the URL when the picker offers it; today otherwise.
pub fn chosen_day(raw: Option<&str>, now: Timestamp) -> String {
    let today = vietnam_date(now);
    match raw.map(str::trim) {
        Some(d) if schedule_days(now).iter().any(|day| day.date == d) => d.to_string(),
        _ => today,
    }
}

/// `19:45` in Vietnam time, or the text itself when it cannot be read.
pub fn clock(api_time: &str) -> String {
    match parse_rfc3339(api_time) {
        Some(ts) => {
            let local = (ts.0 + VIETNAM_OFFSET_SECS).rem_euclid(86_400);
            format!("{:02}:{:02}", local / 3600, local % 3600 / 60)
        }
        None => api_time.to_string(),
    }
}

/// `25:20` or `1:05:00`, as players show a length.
pub fn duration_text(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `25 phút`, `1 giờ 5 phút`, `40 giây`: a length in words, for labels read aloud.
pub fn duration_words(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m) = (total / 3600, total % 3600 / 60);
    match (h, m) {
        (0, 0) => format!("{total} giây"),
        (0, m) => format!("{m} phút"),
        (h, 0) => format!("{h} giờ"),
        (h, m) => format!("{h} giờ {m} phút"),
    }
}

pub const HLS_MIME: &str = "application/vnd.apple.mpegurl";

pub fn is_hls(source: &Source) -> bool {
    let mime = source.mime.to_ascii_lowercase();
    mime == HLS_MIME
        || mime == "application/x-mpegurl"
        || mime == "audio/mpegurl"
        || (mime.is_empty()
            && source
                .url
                .split('?')
                .next()
                .unwrap_or("")
                .ends_with(".m3u8"))
}

/// How the browser plays a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The media element plays the URL itself.
    Native,
    /// HLS through Media Source Extensions, with hls.js.
    HlsJs,
}

/// The sources the browser can play, in the API's order of preference, with how.
/// `native(mime)` is the element's `canPlayType` (non-empty: maybe); `mse` whether Media
/// Source Extensions exist (hls.js needs them).
pub fn playable_sources(
    sources: &[Source],
    native: impl Fn(&str) -> bool,
    mse: bool,
) -> Vec<(Source, Engine)> {
    sources
        .iter()
        .filter_map(|s| {
            let engine = if is_hls(s) {
                if native(HLS_MIME) {
                    Engine::Native
                } else if mse {
                    Engine::HlsJs
                } else {
                    return None;
                }
            } else if s.mime.is_empty() || native(&s.mime) {
                Engine::Native
            } else {
                return None;
            };
            Some((s.clone(), engine))
        })
        .collect()
}

/// Waiting time before reconnection attempt `attempt` (from 0) to a live stream: doubling
/// from 1 s up to 30 s, so a dropped stream is back fast and a long outage costs little.
pub fn retry_delay_ms(attempt: u32) -> u32 {
    1000u32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// What went wrong with a stream, from what the browser and a look at its URL say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamProblem {
    /// The browser reports no connection.
    Offline,
    /// The stream's address answered 404.
    NotFound,
    /// The streaming server answered 5xx.
    ServerError(u16),
    /// It answers but data stopped coming (or the element failed for no known reason).
    Stalled,
    /// No source of the item can be played by this browser.
    Unsupported,
}

impl StreamProblem {
    /// From the status of a request for the stream's URL (`None`: no answer at all).
    pub fn classify(status: Option<u16>, online: bool) -> Self {
        match status {
            _ if !online => StreamProblem::Offline,
            Some(404) | Some(410) => StreamProblem::NotFound,
            Some(s) if s >= 500 => StreamProblem::ServerError(s),
            _ => StreamProblem::Stalled,
        }
    }

    /// What the reader is told.
    pub fn message(self, live: bool) -> String {
        match self {
            StreamProblem::Offline => {
                "Bạn đang ngoại tuyến. Vui lòng kiểm tra kết nối mạng để nghe, xem tiếp.".into()
            }
            StreamProblem::NotFound if live => {
                "Kênh tạm thời không phát được (không tìm thấy luồng phát).".into()
            }
            StreamProblem::NotFound => "Không tìm thấy tệp của chương trình này.".into(),
            StreamProblem::ServerError(s) => {
                format!("Máy chủ phát sóng đang gặp sự cố (mã lỗi {s}).")
            }
            StreamProblem::Stalled => "Đang kết nối lại…".into(),
            StreamProblem::Unsupported => {
                "Trình duyệt này không phát được chương trình. Vui lòng dùng trình duyệt mới hơn."
                    .into()
            }
        }
    }
}

/// A programme the reader started: where they were, for "Nghe tiếp" and resuming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub id: u64,
    pub title: String,
    /// The programme's page in the portal.
    pub href: String,
    pub kind: MediaKind,
    pub position_s: f64,
    pub duration_s: f64,
    /// When it was last played (ms since the epoch).
    pub updated_ms: f64,
}

/// How many programmes "Nghe tiếp" remembers.
pub const PROGRESS_LIMIT: usize = 20;

impl Progress {
    /// Near the end (the last 15 s, or 5% of a short clip): the programme counts as heard,
    /// and starts again from the beginning.
    pub fn finished(&self) -> bool {
        let tail = (self.duration_s * 0.05).min(15.0);
        self.duration_s > 0.0 && self.position_s >= self.duration_s - tail
    }

    /// Worth resuming: past the first seconds and not finished.
    pub fn resumable(&self) -> bool {
        self.position_s >= 5.0 && !self.finished()
    }
}

/// The list with `item` in front (replacing its older entry), bounded.
pub fn record_progress(list: Vec<Progress>, item: Progress) -> Vec<Progress> {
    let id = item.id;
    let mut out = vec![item];
    out.extend(list.into_iter().filter(|p| p.id != id));
    out.truncate(PROGRESS_LIMIT);
    out
}

/// Where to start programme `id` again, if the reader left it half-way.
pub fn resume_position(list: &[Progress], id: u64) -> Option<f64> {
    list.iter()
        .find(|p| p.id == id)
        .filter(|p| p.resumable())
        .map(|p| p.position_s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn at(s: &str) -> Timestamp {
        parse_rfc3339(s).unwrap()
    }

    fn slot(start: &str, end: &str, title: &str) -> Slot {
        Slot {
            starts_at: format!("2026-11-29T{start}:00+07:00"),
            ends_at: format!("2026-11-29T{end}:00+07:00"),
            title: title.into(),
            description: None,
            show: None,
            programme_id: None,
        }
    }

    #[test]
    fn languages_have_vietnamese_names() {
        assert_eq!(language_name("hmn"), Some("Tiếng Mông"));
        assert_eq!(language_name("tyz"), Some("Tiếng Tày"));
        assert_eq!(language_name("ium"), Some("Tiếng Dao"));
        assert_eq!(language_name("vi-VN"), Some("Tiếng Việt"));
        assert_eq!(language_label("xyz"), "xyz");
    }

    #[test]
    fn the_slot_on_air_follows_the_clock() {
        let slots = [
            slot("18:00", "18:30", "Tày"),
            slot("19:00", "19:45", "Thời sự"),
            slot("19:45", "20:15", "Mông"),
        ];
        let (now, next) = now_and_next(&slots, at("2026-11-29T19:10:00+07:00"));
        assert_eq!(now.map(|s| s.title.as_str()), Some("Thời sự"));
        assert_eq!(next.map(|s| s.title.as_str()), Some("Mông"));
        // At the slot's end the next one is on air: the end is exclusive.
        let (now, next) = now_and_next(&slots, at("2026-11-29T19:45:00+07:00"));
        assert_eq!(now.map(|s| s.title.as_str()), Some("Mông"));
        assert_eq!(next, None);
        // In a gap nothing is on air, and the next slot is the one after the gap.
        let (now, next) = now_and_next(&slots, at("2026-11-29T18:40:00+07:00"));
        assert_eq!(now, None);
        assert_eq!(next.map(|s| s.title.as_str()), Some("Thời sự"));
        assert_eq!(
            slot_state(&slots[0], at("2026-11-29T19:10:00+07:00")),
            SlotState::Past
        );
        // Times with another offset are the same moments.
        assert_eq!(
            slot_state(&slots[1], at("2026-11-29T12:00:00Z")),
            SlotState::OnAir
        );
        assert_eq!(
            next_change(&slots, at("2026-11-29T19:10:00+07:00")),
            Some(at("2026-11-29T19:45:00+07:00"))
        );
        assert_eq!(next_change(&slots, at("2026-11-29T21:00:00+07:00")), None);
    }

    #[test]
    fn days_of_the_picker_are_vietnam_days() {
        // 20:00 UTC on the 28th is already the 29th in Vietnam.
        let now = at("2026-11-28T20:00:00Z");
        let days = schedule_days(now);
        assert_eq!(days.len(), 15);
        assert_eq!(days[7].date, "2026-11-29");
        assert_eq!(days[7].label, "Hôm nay");
        assert_eq!(days[6].label, "Hôm qua");
        assert_eq!(days[8].label, "Ngày mai");
        assert_eq!(days[0].date, "2026-11-22");
        assert_eq!(days[0].label, "CN 22/11");
        assert_eq!(days[0].full, "Chủ Nhật, 22/11/2026");
        assert_eq!(days[14].date, "2026-12-06");
        assert_eq!(chosen_day(Some("2026-11-25"), now), "2026-11-25");
        assert_eq!(chosen_day(Some("2026-11-01"), now), "2026-11-29");
        assert_eq!(chosen_day(Some("hôm qua"), now), "2026-11-29");
        assert_eq!(chosen_day(None, now), "2026-11-29");
    }

    #[test]
    fn clocks_and_lengths() {
        assert_eq!(clock("2026-11-29T19:45:00+07:00"), "19:45");
        assert_eq!(clock("2026-11-29T17:05:00Z"), "00:05");
        assert_eq!(clock("sai"), "sai");
        assert_eq!(duration_text(1520.0), "25:20");
        assert_eq!(duration_text(3900.4), "1:05:00");
        assert_eq!(duration_text(-3.0), "0:00");
        assert_eq!(duration_words(1520.0), "25 phút");
        assert_eq!(duration_words(3900.0), "1 giờ 5 phút");
        assert_eq!(duration_words(7200.0), "2 giờ");
        assert_eq!(duration_words(40.0), "40 giây");
    }

    fn src(url: &str, mime: &str) -> Source {
        Source {
            url: url.into(),
            mime: mime.into(),
        }
    }

    #[test]
    fn sources_are_chosen_by_what_the_browser_plays() {
        let sources = [
            src("/a/index.m3u8", HLS_MIME),
            src("/a/video.mp4", "video/mp4"),
            src("/a/video.ogv", "video/ogg"),
        ];
        let chromium = |m: &str| m == HLS_MIME || m == "video/mp4";
        let engines: Vec<_> = playable_sources(&sources, chromium, true)
            .into_iter()
            .map(|(s, e)| (s.url, e))
            .collect();
        assert_eq!(
            engines,
            [
                ("/a/index.m3u8".to_string(), Engine::Native),
                ("/a/video.mp4".to_string(), Engine::Native)
            ]
        );
        // No native HLS: hls.js when MSE is there, otherwise the next source.
        let firefox = |m: &str| m == "video/mp4";
        assert_eq!(
            playable_sources(&sources, firefox, true)[0].1,
            Engine::HlsJs
        );
        assert_eq!(
            playable_sources(&sources, firefox, false)[0].0.url,
            "/a/video.mp4"
        );
        assert!(playable_sources(&sources, |_| false, false).is_empty());
        // A source without a type is tried; an .m3u8 without a type is HLS.
        assert!(is_hls(&src("/live/x.m3u8?t=1", "")));
    }

    #[test]
    fn reconnection_backs_off_to_thirty_seconds() {
        let delays: Vec<u32> = (0..8).map(retry_delay_ms).collect();
        assert_eq!(
            delays,
            [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
        );
    }

    #[test]
    fn stream_problems_are_told_plainly() {
        assert_eq!(
            StreamProblem::classify(Some(404), true),
            StreamProblem::NotFound
        );
        assert_eq!(
            StreamProblem::classify(Some(503), true),
            StreamProblem::ServerError(503)
        );
        assert_eq!(
            StreamProblem::classify(Some(200), true),
            StreamProblem::Stalled
        );
        assert_eq!(StreamProblem::classify(None, true), StreamProblem::Stalled);
        assert_eq!(
            StreamProblem::classify(Some(404), false),
            StreamProblem::Offline
        );
        assert_eq!(StreamProblem::Stalled.message(true), "Đang kết nối lại…");
        assert!(StreamProblem::ServerError(502)
            .message(true)
            .contains("502"));
    }

    fn progress(id: u64, position_s: f64) -> Progress {
        Progress {
            id,
            title: format!("Chương trình {id}"),
            href: format!("/xem-lai/{id}"),
            kind: MediaKind::Audio,
            position_s,
            duration_s: 600.0,
            updated_ms: 0.0,
        }
    }

    #[test]
    fn progress_is_remembered_newest_first_and_bounded() {
        let mut list = Vec::new();
        for id in 0..25 {
            list = record_progress(list, progress(id, 60.0));
        }
        assert_eq!(list.len(), PROGRESS_LIMIT);
        assert_eq!(list[0].id, 24);
        list = record_progress(list, progress(10, 120.0));
        assert_eq!((list[0].id, list[0].position_s), (10, 120.0));
        assert_eq!(list.iter().filter(|p| p.id == 10).count(), 1);
        assert_eq!(resume_position(&list, 10), Some(120.0));
        // Near the end or at the very start: begin again.
        list = record_progress(list, progress(11, 590.0));
        assert_eq!(resume_position(&list, 11), None);
        list = record_progress(list, progress(12, 2.0));
        assert_eq!(resume_position(&list, 12), None);
        assert_eq!(resume_position(&list, 999), None);
        // A short clip is not finished 15 s before its end.
        let short = Progress {
            duration_s: 30.0,
            ..progress(13, 13.0)
        };
        assert!(short.resumable());
    }
}
