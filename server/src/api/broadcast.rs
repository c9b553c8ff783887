//! `GET /channels`, `/channels/{slug}`, `/channels/{slug}/schedule`, `/shows`, `/programmes`
//! and `/programmes/{id}` (`CONTRACT.md`, "Broadcast").

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::params::{self, QueryMap};
use super::{json, with_db, ApiError};
use crate::broadcast::catalog::{self, ChannelDef, ImageDef, CHANNELS};
use crate::broadcast::schedule::{self, DAYS_AROUND};
use crate::broadcast::state::ChannelState;
use crate::db::broadcast as queries;
use crate::model::{Channel, Image, Media, MediaKind, Schedule, Source};
use crate::timefmt::{day_start_vn, day_vn, format_date, now_unix, parse_date};
use crate::AppState;

fn channel_not_found() -> ApiError {
    ApiError::not_found("Không tìm thấy kênh.")
}

fn programme_not_found() -> ApiError {
    ApiError::not_found("Không tìm thấy chương trình.")
}

fn image(def: &ImageDef) -> Image {
    Image {
        url: format!("/media/{}", def.path),
        alt: def.alt.to_owned(),
        width: def.width,
        height: def.height,
        caption: None,
    }
}

/// The URL of a channel's live playlist.
pub fn live_url(slug: &str) -> String {
    format!("/media/live/{slug}/index.m3u8")
}

/// A channel as the API shows it at `now`.
pub fn channel_json(def: &ChannelDef, state: ChannelState, now: i64) -> Channel {
    let on_air = state.on_air();
    let (current, next) = schedule::now_and_next(def, now);
    let stream = on_air.then(|| Media {
        kind: def.media_kind(),
        sources: vec![Source {
            url: live_url(def.slug),
            mime: "application/vnd.apple.mpegurl".to_owned(),
        }],
        poster: def.poster.as_ref().map(image),
        duration_s: None,
        captions: Vec::new(),
    });
    Channel {
        slug: def.slug.to_owned(),
        name: def.name.to_owned(),
        kind: def.kind,
        logo: def.logo.as_ref().map(image),
        on_air,
        stream,
        now: current.filter(|_| on_air).map(|s| s.to_slot(None)),
        next: next.map(|s| s.to_slot(None)),
    }
}

pub async fn channels(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = now_unix();
    let list = with_db(&state, move |conn, _| {
        CHANNELS
            .iter()
            .map(|def| {
                let (st, _) = queries::channel_state(conn, def.slug)?;
                Ok(channel_json(def, st, now))
            })
            .collect::<crate::error::Result<Vec<_>>>()
    })
    .await?;
    Ok(json(StatusCode::OK, &list))
}

fn channel_def(path: Result<Path<String>, PathRejection>) -> Result<&'static ChannelDef, ApiError> {
    let Ok(Path(slug)) = path else {
        return Err(channel_not_found());
    };
    catalog::channel(&slug).ok_or_else(channel_not_found)
}

pub async fn channel(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let def = channel_def(path)?;
    let now = now_unix();
    let (st, _) = with_db(&state, move |conn, _| {
        queries::channel_state(conn, def.slug)
    })
    .await?;
    Ok(json(StatusCode::OK, &channel_json(def, st, now)))
}

pub async fn schedule(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let def = channel_def(path)?;
    let params = params::query(query)?;
    let now = now_unix();
    let today = day_vn(now);
    let day = match params.get("date").map(|d| d.trim()) {
        None | Some("") => today,
        Some(d) => {
            parse_date(d).ok_or_else(|| ApiError::bad_request("Tham số date không hợp lệ."))?
        }
    };
    if (day - today).abs() > DAYS_AROUND {
        return Err(ApiError::not_found("Không có lịch phát sóng cho ngày này."));
    }
    let from = day_start_vn(day);
    let recorded = with_db(&state, move |conn, _| {
        queries::recorded_slots(conn, def.slug, from, from + 86_400)
    })
    .await?;
    let slots = schedule::day_slots(def, day)
        .iter()
        .map(|s| {
            // A programme is there to watch again once its slot is over.
            let programme = (s.ends_at <= now)
                .then(|| recorded.get(&s.starts_at).copied())
                .flatten();
            s.to_slot(programme)
        })
        .collect();
    Ok(json(
        StatusCode::OK,
        &Schedule {
            channel: def.slug.to_owned(),
            date: format_date(day),
            slots,
        },
    ))
}

pub async fn shows(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list = with_db(&state, |conn, _| queries::shows(conn)).await?;
    Ok(json(StatusCode::OK, &list))
}

pub async fn programmes(
    State(state): State<AppState>,
    query: QueryMap,
) -> Result<Response, ApiError> {
    let params = params::query(query)?;
    let (page, per_page) = params::paging(&params)?;
    let text = |name: &str| {
        params
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let kind = match text("kind") {
        None => None,
        Some(k) => Some(
            MediaKind::parse(&k)
                .ok_or_else(|| ApiError::bad_request("Tham số kind không hợp lệ."))?,
        ),
    };
    let filter = queries::ProgrammeFilter {
        show: text("show"),
        kind,
        language: text("language"),
    };
    let page = with_db(&state, move |conn, _| {
        queries::list_programmes(conn, &filter, page, per_page)
    })
    .await?;
    Ok(json(StatusCode::OK, &page))
}

pub async fn programme(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = params::positive_id(path).ok_or_else(programme_not_found)?;
    match with_db(&state, move |conn, _| queries::programme(conn, id)).await? {
        Some(p) => Ok(json(StatusCode::OK, &p)),
        None => Err(programme_not_found()),
    }
}
