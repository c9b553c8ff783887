//! The media folder (`--media-dir`): what it must hold for the sample broadcast, how its files
//! are named and typed, and making what is missing (channel pictures here, clips and live loops
//! with `media_gen`, which needs ffmpeg).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::catalog::{self, ChannelDef, ProgrammeDef, CHANNELS, PROGRAMMES};
use super::png;
use crate::error::{Error, Result};
use crate::media_gen::{self, ClipKind, Cue};
use crate::model::MediaKind;

/// The media folder when none is given: `media` beside the database file.
pub fn default_dir(db: &Path) -> PathBuf {
    match db.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => parent.join("media"),
        None => PathBuf::from("media"),
    }
}

/// The content type of a media file, by its extension (what players expect, rather than what
/// a generic table says: `.ts` is `video/mp2t`, `.m4a` is `audio/mp4`).
pub fn content_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "m3u8" => "application/vnd.apple.mpegurl",
        "ts" => "video/mp2t",
        "mp4" => "video/mp4",
        "m4a" => "audio/mp4",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => return None,
    })
}

/// `programmes/{id}` under the media folder (and under `/media/` in URLs).
pub fn programme_path(id: i64) -> String {
    format!("programmes/{id}")
}

/// `live/{slug}` under the media folder: the loop files of a channel.
pub fn live_path(slug: &str) -> String {
    format!("live/{slug}")
}

fn clip_kind(kind: MediaKind) -> ClipKind {
    match kind {
        MediaKind::Video => ClipKind::Video,
        MediaKind::Audio => ClipKind::Audio,
    }
}

/// The files a programme's folder holds when complete.
pub fn programme_files(p: &ProgrammeDef) -> Vec<&'static str> {
    match p.kind {
        MediaKind::Video => {
            let mut files = vec!["video.mp4", "index.m3u8", "poster.jpg", "thumb.jpg"];
            if p.captions {
                files.push("vi.vtt");
            }
            files
        }
        MediaKind::Audio => vec!["audio.m4a", "audio.mp3"],
    }
}

fn programme_complete(dir: &Path, p: &ProgrammeDef) -> bool {
    let d = dir.join(programme_path(p.id));
    programme_files(p).iter().all(|f| d.join(f).is_file())
}

fn live_complete(dir: &Path, c: &ChannelDef) -> bool {
    let d = dir.join(live_path(c.slug));
    (0..catalog::LIVE_LOOP_SEGMENTS).all(|i| d.join(format!("loop-{i}.ts")).is_file())
}

/// Writes `bytes` to `path` unless it exists, under a temporary name first so that a server
/// never serves half a file.
fn write_new(path: &Path, bytes: impl FnOnce() -> Result<Vec<u8>>) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::new(format!("cannot create {}: {e}", parent.display())))?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes()?)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::new(format!("cannot write {}: {e}", path.display()))
        })
}

/// The channels' logos and posters (no ffmpeg needed).
pub fn ensure_channel_pictures(dir: &Path) -> Result<()> {
    for c in CHANNELS {
        if let Some(logo) = &c.logo {
            write_new(&dir.join(logo.path), || {
                png::logo("HGTV", logo.width, logo.height).map_err(Error::new)
            })?;
        }
        if let Some(poster) = &c.poster {
            let (w, h) = (
                u16::try_from(poster.width).unwrap_or(1280),
                u16::try_from(poster.height).unwrap_or(720),
            );
            write_new(&dir.join(poster.path), || {
                crate::images::jpeg(poster.path, w, h).map_err(Error::new)
            })?;
        }
    }
    Ok(())
}

/// What [`ensure`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Clips and live loops made now.
    pub made: usize,
    /// Clips and live loops still missing (no ffmpeg, or it failed).
    pub missing: usize,
}

/// Makes whatever the media folder lacks: channel pictures, programme clips, live loops.
/// Already complete items are skipped without running ffmpeg. Progress and problems go to
/// `log`, one line each; only an unusable folder is an error (without ffmpeg the server runs
/// on without programme and live media).
pub fn ensure(dir: &Path, log: &mut dyn FnMut(String)) -> Result<Report> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format!("cannot create media folder {}: {e}", dir.display())))?;
    ensure_channel_pictures(dir)?;
    let clips: Vec<&ProgrammeDef> = PROGRAMMES
        .iter()
        .filter(|p| !programme_complete(dir, p))
        .collect();
    let loops: Vec<&ChannelDef> = CHANNELS.iter().filter(|c| !live_complete(dir, c)).collect();
    let todo = clips.len() + loops.len();
    if todo == 0 {
        return Ok(Report::default());
    }
    if !media_gen::ffmpeg_available() {
        log(format!(
            "warning: ffmpeg not found, so {todo} programme clips and live streams are missing \
             in {} (install the Debian package ffmpeg, then start again)",
            dir.display()
        ));
        return Ok(Report {
            made: 0,
            missing: todo,
        });
    }
    log(format!(
        "making {} programme clips and {} live loops in {} (once; this takes a while)…",
        clips.len(),
        loops.len(),
        dir.display()
    ));
    let started = Instant::now();
    let mut report = Report::default();
    for p in clips {
        let d = dir.join(programme_path(p.id));
        let label = catalog::clip_label(p);
        let cues: Vec<Cue> = catalog::caption_lines(p)
            .into_iter()
            .map(|(start_s, end_s, text)| Cue {
                start_s,
                end_s,
                text,
            })
            .collect();
        let clip = media_gen::Clip {
            dir: &d,
            kind: clip_kind(p.kind),
            seconds: p.seconds,
            label: &label,
            captions: &cues,
        };
        match media_gen::ensure_clip(&clip) {
            Ok(()) => report.made += 1,
            Err(e) => {
                report.missing += 1;
                log(format!("warning: programme {}: {e}", p.id));
            }
        }
    }
    for c in loops {
        let d = dir.join(live_path(c.slug));
        match media_gen::ensure_live_loop(
            &d,
            clip_kind(c.media_kind()),
            c.live_label,
            catalog::LIVE_LOOP_SEGMENTS,
            catalog::LIVE_SEGMENT_S,
        ) {
            Ok(()) => report.made += 1,
            Err(e) => {
                report.missing += 1;
                log(format!("warning: live stream {}: {e}", c.slug));
            }
        }
    }
    log(format!(
        "media ready: {} made in {:.1} s{}",
        report.made,
        started.elapsed().as_secs_f64(),
        if report.missing > 0 {
            format!(", {} missing", report.missing)
        } else {
            String::new()
        }
    ));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        for (name, ct) in [
            ("a/index.m3u8", "application/vnd.apple.mpegurl"),
            ("seg-0.ts", "video/mp2t"),
            ("video.mp4", "video/mp4"),
            ("audio.m4a", "audio/mp4"),
            ("audio.MP3", "audio/mpeg"),
            ("vi.vtt", "text/vtt; charset=utf-8"),
            ("poster.jpg", "image/jpeg"),
            ("hgtv.png", "image/png"),
        ] {
            assert_eq!(content_type(name), Some(ct), "{name}");
        }
        assert_eq!(content_type("README"), None);
        assert_eq!(content_type("x.exe"), None);
    }

    #[test]
    fn media_beside_the_database() {
        assert_eq!(
            default_dir(Path::new("data/portal.db")),
            PathBuf::from("data/media")
        );
        assert_eq!(default_dir(Path::new("portal.db")), PathBuf::from("media"));
    }

    #[test]
    fn channel_pictures_are_written_once() {
        let dir = std::env::temp_dir().join(format!("portal-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        ensure_channel_pictures(&dir).unwrap();
        let logo = std::fs::read(dir.join("channels/hgtv.png")).unwrap();
        assert_eq!(png::dimensions(&logo), Some((160, 90)));
        let poster = std::fs::read(dir.join("channels/hgtv-poster.jpg")).unwrap();
        assert_eq!(crate::images::jpeg_dimensions(&poster), Some((1280, 720)));
        // An existing file is left alone.
        std::fs::write(dir.join("channels/hgtv.png"), b"kept").unwrap();
        ensure_channel_pictures(&dir).unwrap();
        assert_eq!(
            std::fs::read(dir.join("channels/hgtv.png")).unwrap(),
            b"kept"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
