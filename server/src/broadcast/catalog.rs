//! The station's sample broadcast: its channels with their daily schedule grids, its shows,
//! and the programmes put online to watch or hear again.
//!
//! Everything here is fixed, so that every database and every media folder agree: programme
//! ids, kinds, lengths and captions never change; only the dates are placed when a database is
//! created (see `db::broadcast`). One media folder can thus serve many test servers.

use crate::model::{ChannelKind, MediaKind};

pub struct ShowDef {
    pub slug: &'static str,
    pub name: &'static str,
    pub language: &'static str,
}

pub const SHOWS: &[ShowDef] = &[
    ShowDef {
        slug: "thoi-su-hgtv",
        name: "Thời sự HGTV",
        language: "vi",
    },
    ShowDef {
        slug: "thoi-su-phat-thanh",
        name: "Thời sự Phát thanh",
        language: "vi",
    },
    ShowDef {
        slug: "nong-nghiep-nong-thon",
        name: "Nông nghiệp - Nông thôn",
        language: "vi",
    },
    ShowDef {
        slug: "tieng-mong",
        name: "Chương trình tiếng Mông",
        language: "hmn",
    },
    ShowDef {
        slug: "tieng-tay",
        name: "Chương trình tiếng Tày",
        language: "tyz",
    },
    ShowDef {
        slug: "tieng-dao",
        name: "Chương trình tiếng Dao",
        language: "ium",
    },
];

pub fn show(slug: &str) -> Option<&'static ShowDef> {
    SHOWS.iter().find(|s| s.slug == slug)
}

/// A slot of a daily grid; it lasts until the next one starts (the last until midnight).
pub struct SlotDef {
    /// Minutes after midnight, Vietnam time.
    pub start: u32,
    pub title: &'static str,
    pub show: Option<&'static str>,
    pub description: Option<&'static str>,
}

const fn slot(
    h: u32,
    m: u32,
    title: &'static str,
    show: Option<&'static str>,
    description: Option<&'static str>,
) -> SlotDef {
    SlotDef {
        start: h * 60 + m,
        title,
        show,
        description,
    }
}

pub const DAY_MINUTES: u32 = 24 * 60;

/// A picture of a channel, written into the media folder by `broadcast::files`.
pub struct ImageDef {
    /// Under the media folder, and under `/media/` in URLs.
    pub path: &'static str,
    pub alt: &'static str,
    pub width: u32,
    pub height: u32,
}

pub struct ChannelDef {
    pub slug: &'static str,
    pub name: &'static str,
    pub kind: ChannelKind,
    pub logo: Option<ImageDef>,
    pub poster: Option<ImageDef>,
    /// Burned into the live picture.
    pub live_label: &'static str,
    /// The same every day, from midnight to midnight without gaps.
    pub grid: &'static [SlotDef],
}

impl ChannelDef {
    pub fn media_kind(&self) -> MediaKind {
        match self.kind {
            ChannelKind::Tv => MediaKind::Video,
            ChannelKind::Radio => MediaKind::Audio,
        }
    }

    /// Start and end (minutes after midnight) of the grid slot starting at `start`.
    pub fn slot_at(&self, start: u32) -> Option<(&SlotDef, u32)> {
        let i = self.grid.iter().position(|s| s.start == start)?;
        let end = self.grid.get(i + 1).map_or(DAY_MINUTES, |n| n.start);
        Some((&self.grid[i], end))
    }
}

const THOI_SU_TOI: &str = "Bản tin thời sự tổng hợp trong ngày.";

const HGTV_GRID: &[SlotDef] = &[
    slot(0, 0, "Phim tài liệu: Cao nguyên đá Đồng Văn", None, None),
    slot(1, 30, "Phát lại các chương trình trong ngày", None, None),
    slot(5, 30, "Khai thác dịch vụ truyền hình", None, None),
    slot(
        6,
        0,
        "Thời sự sáng",
        Some("thoi-su-hgtv"),
        Some("Tin tức trong tỉnh, trong nước và quốc tế buổi sáng."),
    ),
    slot(
        6,
        30,
        "Nông nghiệp - Nông thôn",
        Some("nong-nghiep-nong-thon"),
        Some("Kỹ thuật canh tác, giá nông sản và gương nông dân sản xuất giỏi."),
    ),
    slot(7, 0, "Ca nhạc: Giai điệu quê hương", None, None),
    slot(8, 0, "Phim truyện: Đất và người (phát lại)", None, None),
    slot(9, 30, "Chương trình tiếng Dao", Some("tieng-dao"), None),
    slot(10, 0, "Phim tài liệu: Mùa vàng Hoàng Su Phì", None, None),
    slot(
        11,
        30,
        "Thời sự trưa",
        Some("thoi-su-hgtv"),
        Some("Tin tức nổi bật buổi trưa."),
    ),
    slot(12, 0, "Ca nhạc theo yêu cầu", None, None),
    slot(13, 30, "Phim truyện: Ngôi nhà bên suối", None, None),
    slot(15, 0, "Chương trình thiếu nhi", None, None),
    slot(16, 0, "Thể thao Hà Giang", None, None),
    slot(17, 0, "Pháp luật và đời sống", None, None),
    slot(18, 0, "Chương trình tiếng Tày", Some("tieng-tay"), None),
    slot(18, 30, "Dân tộc và miền núi", None, None),
    slot(
        19,
        0,
        "Thời sự tối",
        Some("thoi-su-hgtv"),
        Some(THOI_SU_TOI),
    ),
    slot(19, 45, "Chương trình tiếng Mông", Some("tieng-mong"), None),
    slot(20, 15, "Phim truyện: Đất và người", None, None),
    slot(22, 0, "Thời sự cuối ngày", Some("thoi-su-hgtv"), None),
    slot(22, 30, "Ca nhạc: Sắc màu các dân tộc", None, None),
];

const RADIO_GRID: &[SlotDef] = &[
    slot(0, 0, "Âm nhạc đêm khuya", None, None),
    slot(5, 0, "Chương trình tiếng Mông", Some("tieng-mong"), None),
    slot(
        5,
        30,
        "Thời sự sáng",
        Some("thoi-su-phat-thanh"),
        Some("Bản tin phát thanh buổi sáng."),
    ),
    slot(
        6,
        0,
        "Nông nghiệp - Nông thôn",
        Some("nong-nghiep-nong-thon"),
        None,
    ),
    slot(6, 30, "Âm nhạc buổi sáng", None, None),
    slot(8, 0, "Chương trình tiếng Dao", Some("tieng-dao"), None),
    slot(8, 30, "Đọc truyện: Chuyện làng ven suối", None, None),
    slot(9, 0, "Ca nhạc theo yêu cầu", None, None),
    slot(11, 0, "Chương trình tiếng Tày", Some("tieng-tay"), None),
    slot(11, 30, "Thời sự trưa", Some("thoi-su-phat-thanh"), None),
    slot(12, 0, "Sân khấu truyền thanh", None, None),
    slot(14, 0, "Giai điệu quê hương", None, None),
    slot(17, 0, "Chương trình tiếng Dao", Some("tieng-dao"), None),
    slot(17, 30, "Thời sự chiều", Some("thoi-su-phat-thanh"), None),
    slot(18, 0, "Câu chuyện pháp luật", None, None),
    slot(19, 0, "Ca nhạc theo yêu cầu", None, None),
    slot(19, 30, "Chương trình tiếng Tày", Some("tieng-tay"), None),
    slot(20, 0, "Tiếp sóng Đài Tiếng nói Việt Nam", None, None),
    slot(20, 30, "Chương trình tiếng Mông", Some("tieng-mong"), None),
    slot(21, 0, "Đọc truyện đêm khuya", None, None),
    slot(21, 30, "Âm nhạc đêm khuya", None, None),
];

pub const CHANNELS: &[ChannelDef] = &[
    ChannelDef {
        slug: "hgtv",
        name: "Truyền hình Hà Giang (HGTV)",
        kind: ChannelKind::Tv,
        logo: Some(ImageDef {
            path: "channels/hgtv.png",
            alt: "HGTV",
            width: 160,
            height: 90,
        }),
        poster: Some(ImageDef {
            path: "channels/hgtv-poster.jpg",
            alt: "Kênh HGTV",
            width: 1280,
            height: 720,
        }),
        live_label: "HGTV trực tiếp",
        grid: HGTV_GRID,
    },
    ChannelDef {
        slug: "phat-thanh",
        name: "Phát thanh Hà Giang",
        kind: ChannelKind::Radio,
        logo: None,
        poster: None,
        live_label: "Phát thanh Hà Giang trực tiếp",
        grid: RADIO_GRID,
    },
];

pub fn channel(slug: &str) -> Option<&'static ChannelDef> {
    CHANNELS.iter().find(|c| c.slug == slug)
}

/// Length of a live segment, in seconds (short, so that a stall shows soon).
pub const LIVE_SEGMENT_S: u32 = 2;
/// Segments of the pre-generated loop that a live stream plays over and over.
pub const LIVE_LOOP_SEGMENTS: u32 = 12;
/// Segments listed in a live playlist.
pub const LIVE_WINDOW: u64 = 6;

/// A programme to watch or hear again: the recording of a grid slot `days_ago` days before the
/// database was created. Its media is a short clip of `seconds`.
pub struct ProgrammeDef {
    pub id: i64,
    pub channel: &'static str,
    pub days_ago: i64,
    /// The grid slot's start, in minutes after midnight.
    pub slot_start: u32,
    pub kind: MediaKind,
    pub seconds: u32,
    /// Vietnamese WebVTT captions.
    pub captions: bool,
    pub description: Option<&'static str>,
}

const fn video(
    id: i64,
    days_ago: i64,
    (h, m): (u32, u32),
    seconds: u32,
    captions: bool,
    description: Option<&'static str>,
) -> ProgrammeDef {
    ProgrammeDef {
        id,
        channel: "hgtv",
        days_ago,
        slot_start: h * 60 + m,
        kind: MediaKind::Video,
        seconds,
        captions,
        description,
    }
}

const fn audio(
    id: i64,
    days_ago: i64,
    (h, m): (u32, u32),
    seconds: u32,
    description: Option<&'static str>,
) -> ProgrammeDef {
    ProgrammeDef {
        id,
        channel: "phat-thanh",
        days_ago,
        slot_start: h * 60 + m,
        kind: MediaKind::Audio,
        seconds,
        captions: false,
        description,
    }
}

const TOI: (u32, u32) = (19, 0);
const TRUA: (u32, u32) = (11, 30);
const NONG_NGHIEP: (u32, u32) = (6, 30);
const DAO_TV: (u32, u32) = (9, 30);
const MONG_RADIO: (u32, u32) = (20, 30);
const TAY_RADIO: (u32, u32) = (19, 30);
const DAO_RADIO: (u32, u32) = (8, 0);
const SANG_RADIO: (u32, u32) = (5, 30);

pub const PROGRAMMES: &[ProgrammeDef] = &[
    video(2101, 1, TOI, 30, true, Some("Bản tin thời sự tổng hợp: sạt lở đất trên Quốc lộ 4C; giá nông sản; thời tiết vùng cao.")),
    video(2102, 2, TOI, 30, true, Some("Bản tin thời sự tổng hợp: hội nghị sơ kết công tác dân vận; thu hoạch cam sành ở Bắc Quang.")),
    video(2103, 3, TOI, 30, true, Some("Bản tin thời sự tổng hợp: tiếp xúc cử tri trước kỳ họp HĐND tỉnh; mùa hoa tam giác mạch.")),
    video(2104, 4, TOI, 30, true, Some("Bản tin thời sự tổng hợp: học sinh vùng cao đến trường trong giá rét; an toàn giao thông trên các tuyến đèo.")),
    video(2105, 5, TOI, 30, true, Some("Bản tin thời sự tổng hợp: đưa nông sản lên sàn thương mại điện tử; giữ nghề dệt lanh.")),
    video(2106, 1, TRUA, 20, false, Some("Tin tức nổi bật buổi trưa.")),
    video(2107, 1, NONG_NGHIEP, 24, true, Some("Kỹ thuật chăm sóc chè Shan tuyết mùa đông; giá nông sản tuần qua.")),
    video(2108, 3, NONG_NGHIEP, 24, true, Some("Chăn nuôi bò vàng hàng hóa ở Yên Minh; phòng bệnh cho gia súc khi trời rét.")),
    video(2109, 2, DAO_TV, 20, false, Some("Bản tin thời sự và phổ biến kiến thức bằng tiếng Dao.")),
    video(2110, 4, DAO_TV, 20, false, Some("Văn hóa, phong tục của đồng bào Dao đỏ ở Hoàng Su Phì.")),
    audio(2111, 1, MONG_RADIO, 20, Some("Bản tin thời sự bằng tiếng Mông.")),
    audio(2112, 2, MONG_RADIO, 20, None),
    audio(2113, 3, MONG_RADIO, 20, Some("Phổ biến pháp luật bằng tiếng Mông: phòng, chống mua bán người.")),
    audio(2114, 4, MONG_RADIO, 20, None),
    audio(2115, 5, MONG_RADIO, 20, Some("Hướng dẫn trồng và chăm sóc cây ngô trên đất dốc, bằng tiếng Mông.")),
    audio(2116, 6, MONG_RADIO, 20, None),
    audio(2117, 7, MONG_RADIO, 20, None),
    audio(2118, 1, TAY_RADIO, 20, Some("Bản tin thời sự bằng tiếng Tày.")),
    audio(2119, 2, TAY_RADIO, 20, Some("Hát then, đàn tính: giữ gìn di sản của người Tày.")),
    audio(2120, 3, TAY_RADIO, 20, None),
    audio(2121, 4, TAY_RADIO, 20, None),
    audio(2122, 6, TAY_RADIO, 20, None),
    audio(2123, 1, DAO_RADIO, 20, Some("Bản tin thời sự bằng tiếng Dao.")),
    audio(2124, 2, DAO_RADIO, 20, None),
    audio(2125, 5, DAO_RADIO, 20, None),
    audio(2126, 1, SANG_RADIO, 20, Some("Tin tức trong tỉnh buổi sáng: thời tiết, giao thông, giá cả thị trường.")),
    audio(2127, 2, SANG_RADIO, 20, None),
    audio(2128, 3, SANG_RADIO, 20, None),
];

/// Articles that carry the media of a programme (a report broadcast in a bulletin).
pub const ARTICLE_MEDIA: &[(i64, i64)] = &[(1051, 2101), (1047, 2111)];

/// Minutes after a slot ends when its recording is put online.
pub const PUBLISH_DELAY_MIN: i64 = 5;

/// What the clip of a programme shows: its show, its slot and its number.
pub fn clip_label(p: &ProgrammeDef) -> String {
    let title = channel(p.channel)
        .and_then(|c| c.slot_at(p.slot_start))
        .map_or("HGTV", |(s, _)| s.title);
    format!("{title} #{}", p.id)
}

/// The captions of a programme's clip: a greeting, its description clause by clause, and a
/// goodbye, spread over the clip (in seconds).
pub fn caption_lines(p: &ProgrammeDef) -> Vec<(f64, f64, String)> {
    if !p.captions {
        return Vec::new();
    }
    let mut lines = vec!["Kính chào quý vị và các bạn.".to_owned()];
    if let Some(d) = p.description {
        let d = d.split_once(": ").map_or(d, |(_, rest)| rest);
        lines.extend(
            d.split(';')
                .map(|s| s.trim().trim_end_matches('.'))
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let mut c = s.chars();
                    c.next().map_or(String::new(), |f| {
                        format!("{}{}.", f.to_uppercase(), c.as_str())
                    })
                }),
        );
    }
    lines.push("Cảm ơn quý vị đã theo dõi.".to_owned());
    let each = f64::from(p.seconds) / lines.len() as f64;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| (i as f64 * each, (i as f64 + 1.0) * each - 0.2, text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn grids_cover_the_day_in_order() {
        for c in CHANNELS {
            assert_eq!(c.grid[0].start, 0, "{}", c.slug);
            assert!(
                c.grid.windows(2).all(|w| w[0].start < w[1].start),
                "{}",
                c.slug
            );
            assert!(c.grid.iter().all(|s| s.start < DAY_MINUTES));
            for s in c.grid {
                if let Some(slug) = s.show {
                    assert!(show(slug).is_some(), "{}: {slug}", c.slug);
                }
            }
        }
    }

    #[test]
    fn programmes_fit_the_grid_and_the_issue() {
        let mut ids = HashSet::new();
        let mut shows = HashSet::new();
        for p in PROGRAMMES {
            assert!(ids.insert(p.id), "{}", p.id);
            let c = channel(p.channel).expect("channel");
            assert_eq!(c.media_kind(), p.kind, "{}", p.id);
            let (s, _) = c.slot_at(p.slot_start).expect("a slot of the grid");
            shows.insert(s.show.expect("a slot with a show"));
            assert!((1..=7).contains(&p.days_ago), "{}", p.id);
            assert!((20..=60).contains(&p.seconds), "{}", p.id);
            assert!(!p.captions || p.kind == MediaKind::Video);
        }
        assert!(PROGRAMMES.len() >= 24);
        assert!(shows.len() >= 5);
        let minority: HashSet<_> = shows
            .iter()
            .filter_map(|s| show(s))
            .map(|s| s.language)
            .filter(|l| *l != "vi")
            .collect();
        assert_eq!(minority.len(), 3, "{minority:?}");
        assert!(PROGRAMMES.iter().filter(|p| p.captions).count() >= 3);
        assert!(PROGRAMMES.iter().any(|p| p.kind == MediaKind::Audio));
        // Two recordings of one slot would make its programme_id ambiguous.
        let slots: HashSet<_> = PROGRAMMES
            .iter()
            .map(|p| (p.channel, p.days_ago, p.slot_start))
            .collect();
        assert_eq!(slots.len(), PROGRAMMES.len());
        for (_, programme) in ARTICLE_MEDIA {
            assert!(ids.contains(programme));
        }
    }

    #[test]
    fn captions_cover_the_clip() {
        let p = &PROGRAMMES[0];
        let lines = caption_lines(p);
        assert_eq!(lines[0].2, "Kính chào quý vị và các bạn.");
        assert_eq!(lines[1].2, "Sạt lở đất trên Quốc lộ 4C.");
        assert!(lines.last().unwrap().1 <= f64::from(p.seconds));
        assert!(lines.windows(2).all(|w| w[0].1 <= w[1].0));
        assert!(caption_lines(&PROGRAMMES[10]).is_empty());
        assert_eq!(clip_label(p), "Thời sự tối #2101");
    }
}
