//! Broadcast storage: shows, programmes (with the schedule slot each one recorded), the media
//! of articles, and the state of each channel. Parameters are always bound.
//!
//! These tables came after schema version 1: they are made when missing and filled once
//! (marked in `meta`), so that an existing database gains them without a new version.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::broadcast::catalog::{self, ARTICLE_MEDIA, PROGRAMMES, SHOWS};
use crate::broadcast::state::ChannelState;
use crate::error::{Error, Result};
use crate::model::{Captions, Image, Media, MediaKind, Page, Programme, Show, Source};
use crate::search::slugify;
use crate::timefmt::{day_start_vn, day_vn, format_date_dmy, format_vn};

pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS shows (
    slug      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    language  TEXT NOT NULL,            -- BCP 47
    position  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS programmes (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    published_at    INTEGER NOT NULL,   -- Unix seconds
    show            TEXT NOT NULL REFERENCES shows (slug),
    kind            TEXT NOT NULL CHECK (kind IN ('video', 'audio')),
    duration_s      REAL,
    captions        INTEGER NOT NULL DEFAULT 0,  -- Vietnamese WebVTT at vi.vtt
    channel         TEXT NOT NULL,      -- slug of the channel that aired it
    slot_starts_at  INTEGER NOT NULL    -- Unix start of the schedule slot it recorded
);
CREATE INDEX IF NOT EXISTS programmes_by_published ON programmes (published_at);
CREATE INDEX IF NOT EXISTS programmes_by_slot ON programmes (channel, slot_starts_at);

CREATE TABLE IF NOT EXISTS article_media (
    article_id    INTEGER NOT NULL REFERENCES articles (id),
    position      INTEGER NOT NULL,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id),
    PRIMARY KEY (article_id, position)
);

CREATE TABLE IF NOT EXISTS channel_state (
    slug   TEXT PRIMARY KEY,
    state  TEXT NOT NULL CHECK (state IN ('on-air', 'off-air', '404', '500', 'stall')),
    since  INTEGER NOT NULL             -- Unix time the state was set
);
"#;

const SEEDED: &str = "broadcast_seeded_at";

/// Makes the tables and, once per database, the sample shows and programmes dated from `now`
/// (inside the caller's transaction).
pub fn prepare(conn: &Connection, now: i64) -> Result<()> {
    conn.execute_batch(SCHEMA)?;
    let seeded: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [SEEDED], |r| {
            r.get(0)
        })
        .optional()?;
    if seeded.is_none() {
        seed(conn, now)?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![SEEDED, now.to_string()],
        )?;
    }
    Ok(())
}

fn seed(conn: &Connection, now: i64) -> Result<()> {
    let mut stmt =
        conn.prepare("INSERT INTO shows (slug, name, language, position) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, s) in SHOWS.iter().enumerate() {
        stmt.execute(params![s.slug, s.name, s.language, i as i64])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO programmes (id, slug, title, description, published_at, show, kind, duration_s, \
         captions, channel, slot_starts_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let today = day_vn(now);
    for p in PROGRAMMES {
        let channel = catalog::channel(p.channel)
            .ok_or_else(|| Error::new(format!("programme {}: no channel", p.id)))?;
        let (slot, end) = channel
            .slot_at(p.slot_start)
            .ok_or_else(|| Error::new(format!("programme {}: no slot", p.id)))?;
        let show = slot
            .show
            .ok_or_else(|| Error::new(format!("programme {}: a slot without a show", p.id)))?;
        let day = today - p.days_ago;
        let starts_at = day_start_vn(day) + i64::from(p.slot_start) * 60;
        let published_at =
            day_start_vn(day) + i64::from(end) * 60 + catalog::PUBLISH_DELAY_MIN * 60;
        let title = format!("{} {}", slot.title, format_date_dmy(day));
        stmt.execute(params![
            p.id,
            slugify(&title),
            title,
            p.description,
            published_at,
            show,
            p.kind.as_str(),
            f64::from(p.seconds),
            p.captions,
            p.channel,
            starts_at,
        ])?;
    }
    // Only articles that are there (an older database may have lost some).
    let mut stmt = conn.prepare(
        "INSERT INTO article_media (article_id, position, programme_id) \
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
    )?;
    for (i, (article, programme)) in ARTICLE_MEDIA.iter().enumerate() {
        stmt.execute(params![article, i as i64, programme])?;
    }
    Ok(())
}

/// The media of a programme, from its files' conventional names under `/media/programmes/{id}/`.
pub fn programme_media(
    id: i64,
    kind: MediaKind,
    title: &str,
    duration_s: Option<f64>,
    captions: bool,
) -> (Media, Option<Image>) {
    let base = format!("/media/{}", crate::broadcast::files::programme_path(id));
    let source = |file: &str, mime: &str| Source {
        url: format!("{base}/{file}"),
        mime: mime.to_owned(),
    };
    let image = |file: &str, width: u32, height: u32| Image {
        url: format!("{base}/{file}"),
        alt: title.to_owned(),
        width,
        height,
        caption: None,
    };
    match kind {
        MediaKind::Video => (
            Media {
                kind,
                sources: vec![
                    source("index.m3u8", "application/vnd.apple.mpegurl"),
                    source("video.mp4", "video/mp4"),
                ],
                poster: Some(image("poster.jpg", 1280, 720)),
                duration_s,
                captions: if captions {
                    vec![Captions {
                        url: format!("{base}/vi.vtt"),
                        lang: "vi".to_owned(),
                        label: "Tiếng Việt".to_owned(),
                    }]
                } else {
                    Vec::new()
                },
            },
            Some(image("thumb.jpg", 480, 270)),
        ),
        MediaKind::Audio => (
            Media {
                kind,
                sources: vec![
                    source("audio.m4a", "audio/mp4"),
                    source("audio.mp3", "audio/mpeg"),
                ],
                poster: None,
                duration_s,
                captions: Vec::new(),
            },
            None,
        ),
    }
}

const PROGRAMME_COLUMNS: &str = "p.id, p.slug, p.title, p.description, p.published_at, \
     s.slug, s.name, s.language, p.kind, p.duration_s, p.captions";

fn programme_from_row(r: &Row<'_>) -> rusqlite::Result<Programme> {
    let id: i64 = r.get(0)?;
    let title: String = r.get(2)?;
    let kind: String = r.get(8)?;
    let kind = MediaKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            8,
            rusqlite::types::Type::Text,
            format!("programme {id}: kind {kind:?}").into(),
        )
    })?;
    let (media, thumbnail) = programme_media(id, kind, &title, r.get(9)?, r.get(10)?);
    Ok(Programme {
        id,
        slug: r.get(1)?,
        title,
        description: r.get(3)?,
        published_at: format_vn(r.get(4)?),
        show: Show {
            slug: r.get(5)?,
            name: r.get(6)?,
            language: r.get(7)?,
        },
        media,
        thumbnail,
    })
}

/// `GET /shows`.
pub fn shows(conn: &Connection) -> Result<Vec<Show>> {
    let mut stmt =
        conn.prepare_cached("SELECT slug, name, language FROM shows ORDER BY position, slug")?;
    let rows = stmt.query_map([], |r| {
        Ok(Show {
            slug: r.get(0)?,
            name: r.get(1)?,
            language: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Filters of `GET /programmes`.
#[derive(Debug, Default, Clone)]
pub struct ProgrammeFilter {
    pub show: Option<String>,
    pub kind: Option<MediaKind>,
    pub language: Option<String>,
}

/// `GET /programmes`: newest first, one page.
pub fn list_programmes(
    conn: &Connection,
    filter: &ProgrammeFilter,
    page: u32,
    per_page: u32,
) -> Result<Page<Programme>> {
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(show) = &filter.show {
        args.push(show.clone());
        clauses.push(format!("p.show = ?{}", args.len()));
    }
    if let Some(kind) = filter.kind {
        args.push(kind.as_str().to_owned());
        clauses.push(format!("p.kind = ?{}", args.len()));
    }
    if let Some(language) = &filter.language {
        args.push(language.clone());
        clauses.push(format!("s.language = ?{} COLLATE NOCASE", args.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let from = "FROM programmes p JOIN shows s ON s.slug = p.show";
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {from} {filter}"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let items = if offset >= total {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT {PROGRAMME_COLUMNS} {from} {filter} \
             ORDER BY p.published_at DESC, p.id DESC LIMIT {per_page} OFFSET {offset}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), programme_from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

/// `GET /programmes/{id}`.
pub fn programme(conn: &Connection, id: i64) -> Result<Option<Programme>> {
    let sql = format!(
        "SELECT {PROGRAMME_COLUMNS} FROM programmes p JOIN shows s ON s.slug = p.show WHERE p.id = ?1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], programme_from_row)
        .optional()?)
}

/// The programmes recording slots of `channel` that start in `[from, to)`: slot start → id.
pub fn recorded_slots(
    conn: &Connection,
    channel: &str,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT slot_starts_at, id FROM programmes \
         WHERE channel = ?1 AND slot_starts_at >= ?2 AND slot_starts_at < ?3",
    )?;
    let rows = stmt.query_map(params![channel, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

/// The media of an article, in order.
pub fn article_media(conn: &Connection, article_id: i64) -> Result<Vec<Media>> {
    let sql = format!(
        "SELECT {PROGRAMME_COLUMNS} FROM article_media m JOIN programmes p ON p.id = m.programme_id \
         JOIN shows s ON s.slug = p.show WHERE m.article_id = ?1 ORDER BY m.position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([article_id], programme_from_row)?;
    Ok(rows
        .map(|r| r.map(|p| p.media))
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A channel's state and since when (on air unless an editor set something else).
pub fn channel_state(conn: &Connection, slug: &str) -> Result<(ChannelState, i64)> {
    let row: Option<(String, i64)> = conn
        .prepare_cached("SELECT state, since FROM channel_state WHERE slug = ?1")?
        .query_row([slug], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok((ChannelState::OnAir, 0)),
        Some((state, since)) => ChannelState::parse(&state)
            .map(|s| (s, since))
            .ok_or_else(|| Error::new(format!("channel {slug}: unknown state {state:?}"))),
    }
}

/// Sets a channel's state at `now`; returns the previous one.
pub fn set_channel_state(
    conn: &Connection,
    slug: &str,
    state: ChannelState,
    now: i64,
) -> Result<ChannelState> {
    let (old, _) = channel_state(conn, slug)?;
    conn.execute(
        "INSERT INTO channel_state (slug, state, since) VALUES (?1, ?2, ?3) \
         ON CONFLICT (slug) DO UPDATE SET state = excluded.state, since = excluded.since",
        params![slug, state.as_str(), now],
    )?;
    Ok(old)
}
