//! Test media for the sample data, made with Debian's `ffmpeg` on first start (never committed
//! or downloaded): SMPTE bars with the label and the running time burned in and a beeping tone
//! whose pitch changes every second (so a seek is heard), or the tone alone for radio.
//!
//! Files are small (640×360, 20 fps, about 130 kB per 10 s of video) and cut on a keyframe
//! every [`SEGMENT_S`] seconds so that HLS segments start cleanly. Every file is written under a
//! temporary name in the same folder and renamed when complete, so a file with its final name is
//! never half-written; an HLS playlist is renamed after its segments.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Video or audio only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipKind {
    Video,
    Audio,
}

/// One caption, in seconds from the start of the clip.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub start_s: f64,
    pub end_s: f64,
    pub text: String,
}

/// An on-demand clip to make in `dir`.
#[derive(Debug, Clone, Copy)]
pub struct Clip<'a> {
    pub dir: &'a Path,
    pub kind: ClipKind,
    pub seconds: u32,
    /// Burned into the picture (Vietnamese, with diacritics).
    pub label: &'a str,
    /// Written to `vi.vtt` when not empty.
    pub captions: &'a [Cue],
}

/// Why media could not be made (ffmpeg missing or failing, or a file system error).
#[derive(Debug)]
pub struct MediaGenError(pub String);

impl fmt::Display for MediaGenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MediaGenError {}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> MediaGenError {
    MediaGenError(format!("{what} {}: {e}", path.display()))
}

/// Picture of the clips and live loops (the poster is larger).
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;
pub const FPS: u32 = 20;
/// Length of the on-demand HLS segments, and the keyframe interval of every video.
pub const SEGMENT_S: u32 = 2;
const AUDIO_RATE: u32 = 48_000;
const AUDIO_BITRATE: &str = "64k";

/// Fonts with Vietnamese letters, best first (`fonts-dejavu-core` provides the first two).
const FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
];

/// The Debian package that provides the first font of [`FONTS`].
pub const FONT_PACKAGE: &str = "fonts-dejavu-core";

/// Whether an `ffmpeg` that runs is on `PATH`.
pub fn ffmpeg_available() -> bool {
    Command::new("ffmpeg")
        .arg("-version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The font to burn text with, if this ffmpeg has `drawtext` and one of [`FONTS`] exists.
/// Checked once per process.
fn text_font() -> Option<&'static str> {
    static FONT: OnceLock<Option<&'static str>> = OnceLock::new();
    *FONT.get_or_init(|| {
        let font = FONTS.iter().copied().find(|f| Path::new(f).is_file())?;
        let filters = Command::new("ffmpeg")
            .args(["-hide_banner", "-filters"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let has_drawtext = String::from_utf8_lossy(&filters.stdout)
            .lines()
            .any(|l| l.split_whitespace().nth(1) == Some("drawtext"));
        has_drawtext.then_some(font)
    })
}

/// Creates `dir` and writes what is missing. Video: video.mp4 (H.264/AAC, +faststart),
/// index.m3u8 (VOD HLS with #EXT-X-ENDLIST) + seg-N.ts, poster.jpg (1280×720), thumb.jpg
/// (480×270), and vi.vtt (WebVTT) when captions are given. Audio: audio.m4a (AAC) and
/// audio.mp3.
pub fn ensure_clip(clip: &Clip) -> Result<(), MediaGenError> {
    let dir = clip.dir;
    fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    let seconds = clip.seconds.max(1);
    match clip.kind {
        ClipKind::Video => {
            if !dir.join("video.mp4").is_file() {
                with_text(dir, clip.label, |text| {
                    let tmp = Temp::file(dir, "video.mp4");
                    run_ffmpeg(dir, &video_mp4_args(seconds, text, &tmp.name))?;
                    tmp.commit()
                })?;
            }
            if !dir.join("index.m3u8").is_file() {
                let tmp = Temp::dir(dir, "hls")?;
                run_ffmpeg(dir, &hls_vod_args(&tmp.name))?;
                tmp.commit_files(&["index.m3u8"], false)?;
            }
            if !dir.join("poster.jpg").is_file() || !dir.join("thumb.jpg").is_file() {
                with_text(dir, clip.label, |text| {
                    let poster = Temp::file(dir, "poster.jpg");
                    let thumb = Temp::file(dir, "thumb.jpg");
                    run_ffmpeg(dir, &poster_args(text, &poster.name, &thumb.name))?;
                    poster.commit()?;
                    thumb.commit()
                })?;
            }
            if !clip.captions.is_empty() && !dir.join("vi.vtt").is_file() {
                let tmp = Temp::file(dir, "vi.vtt");
                fs::write(tmp.path(), webvtt(clip.captions))
                    .map_err(|e| io_error("cannot write", &tmp.path(), e))?;
                tmp.commit()?;
            }
        }
        ClipKind::Audio => {
            let mut outputs = Vec::new();
            for name in ["audio.m4a", "audio.mp3"] {
                if !dir.join(name).is_file() {
                    outputs.push(Temp::file(dir, name));
                }
            }
            if !outputs.is_empty() {
                let names: Vec<&str> = outputs.iter().map(|t| t.name.as_str()).collect();
                run_ffmpeg(dir, &audio_args(seconds, &names))?;
                for t in outputs {
                    t.commit()?;
                }
            }
        }
    }
    Ok(())
}

/// A live loop: dir/loop-0.ts … loop-{segments-1}.ts, each segment_s seconds (video: H.264/AAC
/// in MPEG-TS; audio-only: AAC in MPEG-TS), cut so that playing them in order and wrapping
/// around is seamless enough for an HLS live stream with a discontinuity at the wrap.
///
/// The segments come from one continuous encode (timestamps run on from one segment to the
/// next, each video segment starts with a keyframe); the wrap needs `#EXT-X-DISCONTINUITY`.
pub fn ensure_live_loop(
    dir: &Path,
    kind: ClipKind,
    label: &str,
    segments: u32,
    segment_s: u32,
) -> Result<(), MediaGenError> {
    let segments = segments.max(1);
    let segment_s = segment_s.max(1);
    fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    let names: Vec<String> = (0..segments).map(|i| format!("loop-{i}.ts")).collect();
    if names.iter().all(|n| dir.join(n).is_file()) {
        return Ok(());
    }
    with_text(dir, label, |text| {
        let tmp = Temp::dir(dir, "live")?;
        run_ffmpeg(
            dir,
            &live_loop_args(kind, segments, segment_s, text, &tmp.name),
        )?;
        // Only the segments: ffmpeg's own playlist, or a sliver of a segment past the end, is
        // not part of the loop.
        let made: Vec<&str> = names.iter().map(String::as_str).collect();
        tmp.commit_files(&made, true)
    })
}

/// Text files for `drawtext`, written beside the output (ffmpeg runs in that folder, so the
/// filter refers to them by a plain relative name and nothing needs escaping).
struct TextFiles {
    font: &'static str,
    /// The label itself (to size the font), and the names of the two files.
    label_text: String,
    label: String,
    time: String,
}

/// Runs `make` with the label burned in when possible; without text when `drawtext` or a
/// font is missing, or when ffmpeg fails with text (a broken freetype must not stop the
/// sample data).
fn with_text(
    dir: &Path,
    label: &str,
    mut make: impl FnMut(Option<&TextFiles>) -> Result<(), MediaGenError>,
) -> Result<(), MediaGenError> {
    let Some(font) = text_font() else {
        return make(None);
    };
    let label_file = Temp::file(dir, "label.txt");
    let time_file = Temp::file(dir, "time.txt");
    let written = fs::write(label_file.path(), label.trim())
        // `%{pts:hms}` is expanded by drawtext on every frame: the running time.
        .and_then(|()| fs::write(time_file.path(), "%{pts:hms}"));
    if written.is_err() {
        return make(None);
    }
    let text = TextFiles {
        font,
        label_text: label.trim().to_owned(),
        label: label_file.name.clone(),
        time: time_file.name.clone(),
    };
    match make(Some(&text)) {
        Ok(()) => Ok(()),
        Err(e) => {
            eprintln!("media_gen: {e}; trying again without text");
            make(None)
        }
    }
}

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

/// Escapes a value for a filter option inside a filtergraph (both escaping levels).
fn filter_value(s: &str) -> String {
    let mut level1 = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '\'' | ':') {
            level1.push('\\');
        }
        level1.push(c);
    }
    let mut level2 = String::with_capacity(level1.len());
    for c in level1.chars() {
        if matches!(c, '\\' | '\'' | '[' | ']' | ',' | ';') {
            level2.push('\\');
        }
        level2.push(c);
    }
    level2
}

/// A font size (pixels) at which `label` fits in 90 % of `width`, at most `max`: DejaVu Sans
/// Bold's letters are about 0.65 em wide on average.
fn label_size(label: &str, width: u32, max: u32) -> u32 {
    let chars = label.trim().chars().count().max(1) as f64;
    let fit = (f64::from(width) * 0.9 / (0.65 * chars)).floor() as u32;
    fit.clamp(8, max.max(8))
}

/// The label at the top and the running time in the middle.
fn drawtext_filters(text: &TextFiles) -> String {
    let font = filter_value(text.font);
    let common = "fontcolor=white:box=1:boxcolor=black@0.6:x=(w-text_w)/2";
    let size = label_size(&text.label_text, WIDTH, HEIGHT / 15);
    format!(
        "drawtext=fontfile={font}:textfile={}:expansion=none:fontsize={size}:boxborderw=6:\
         {common}:y=h/12,\
         drawtext=fontfile={font}:textfile={}:fontsize=h/8:boxborderw=8:{common}:y=(h-text_h)/2",
        filter_value(&text.label),
        filter_value(&text.time),
    )
}

fn picture_source(width: u32, height: u32, fps: u32, seconds: u32) -> String {
    format!("smptebars=size={width}x{height}:rate={fps}:duration={seconds}")
}

/// A beep of 0.6 s every second, its pitch stepping through eight notes, so that the second
/// one is at can be heard. The expression is evaluated at 8 kHz (at 48 kHz it costs as much as
/// the AAC encoder) and resampled: the notes are all below 800 Hz.
fn tone_source(seconds: u32) -> String {
    format!(
        "aevalsrc=exprs='0.25*sin(2*PI*(330+55*mod(floor(t),8))*t)*lt(mod(t,1),0.6)':\
         sample_rate=8000:duration={seconds},aresample={AUDIO_RATE}"
    )
}

/// H.264 settings shared by clips and live loops: a keyframe exactly every `segment_s`
/// seconds and none elsewhere, so that HLS segments cut there.
fn h264_args(segment_s: u32) -> Vec<OsString> {
    let gop = (FPS * segment_s).to_string();
    let mut a = args(&[
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "main",
        "-pix_fmt",
        "yuv420p",
        "-crf",
        "30",
        "-maxrate",
        "300k",
        "-bufsize",
        "600k",
        "-sc_threshold",
        "0",
    ]);
    a.extend(args(&["-g", &gop, "-keyint_min", &gop]));
    a.extend(args(&[
        "-force_key_frames",
        &format!("expr:gte(t,n_forced*{segment_s})"),
    ]));
    a
}

fn aac_args() -> Vec<OsString> {
    args(&["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "1"])
}

/// Inputs (picture and tone) and the burned-in text for a video of `seconds`.
fn av_input_args(seconds: u32, text: Option<&TextFiles>) -> Vec<OsString> {
    let mut a = args(&[
        "-f",
        "lavfi",
        "-i",
        &picture_source(WIDTH, HEIGHT, FPS, seconds),
    ]);
    a.extend(args(&["-f", "lavfi", "-i", &tone_source(seconds)]));
    if let Some(text) = text {
        a.extend(args(&["-vf", &drawtext_filters(text)]));
    }
    a
}

fn video_mp4_args(seconds: u32, text: Option<&TextFiles>, out: &str) -> Vec<OsString> {
    let mut a = av_input_args(seconds, text);
    a.extend(h264_args(SEGMENT_S));
    a.extend(aac_args());
    a.extend(args(&["-movflags", "+faststart", "-f", "mp4", out]));
    a
}

/// VOD HLS from video.mp4 without re-encoding (its keyframes already fall every segment).
fn hls_vod_args(tmp_dir: &str) -> Vec<OsString> {
    args(&[
        "-i",
        "video.mp4",
        "-c",
        "copy",
        "-f",
        "hls",
        "-hls_time",
        &SEGMENT_S.to_string(),
        "-hls_playlist_type",
        "vod",
        "-hls_flags",
        "independent_segments",
        "-hls_segment_filename",
        &format!("{tmp_dir}/seg-%d.ts"),
        &format!("{tmp_dir}/index.m3u8"),
    ])
}

/// poster.jpg (1280×720) and thumb.jpg (480×270): the bars with the label.
fn poster_args(text: Option<&TextFiles>, poster: &str, thumb: &str) -> Vec<OsString> {
    let label = text.map_or(String::new(), |t| {
        let font = filter_value(t.font);
        format!(
            "drawtext=fontfile={font}:textfile={}:expansion=none:fontsize={}:fontcolor=white:\
             box=1:boxcolor=black@0.6:boxborderw=12:x=(w-text_w)/2:y=(h-text_h)/2,",
            filter_value(&t.label),
            label_size(&t.label_text, 1280, 720 / 12)
        )
    });
    let graph = format!("[0:v]{label}split=2[poster][t];[t]scale=480:270[thumb]");
    let mut a = args(&["-f", "lavfi", "-i", &picture_source(1280, 720, 1, 1)]);
    a.extend(args(&["-filter_complex", &graph]));
    for (label, out, quality) in [("[poster]", poster, "4"), ("[thumb]", thumb, "5")] {
        a.extend(args(&[
            "-map",
            label,
            "-frames:v",
            "1",
            "-q:v",
            quality,
            "-update",
            "1",
            "-f",
            "image2",
            out,
        ]));
    }
    a
}

/// The tone into each of `outputs` (`.m4a`: AAC; `.mp3`: MP3), in one run.
fn audio_args(seconds: u32, outputs: &[&str]) -> Vec<OsString> {
    let mut a = args(&["-f", "lavfi", "-i", &tone_source(seconds)]);
    for out in outputs {
        a.extend(args(&["-map", "0:a"]));
        if out.ends_with(".mp3") {
            a.extend(args(&[
                "-c:a",
                "libmp3lame",
                "-b:a",
                AUDIO_BITRATE,
                "-ac",
                "1",
                "-f",
                "mp3",
                out,
            ]));
        } else {
            a.extend(aac_args());
            a.extend(args(&["-movflags", "+faststart", "-f", "mp4", out]));
        }
    }
    a
}

/// One continuous encode cut by the HLS muxer into `loop-N.ts` (its own playlist is not
/// used: the server writes a sliding one from the clock).
fn live_loop_args(
    kind: ClipKind,
    segments: u32,
    segment_s: u32,
    text: Option<&TextFiles>,
    tmp_dir: &str,
) -> Vec<OsString> {
    let total = segments * segment_s;
    let mut a = match kind {
        ClipKind::Video => {
            let mut a = av_input_args(total, text);
            a.extend(h264_args(segment_s));
            a
        }
        ClipKind::Audio => args(&["-f", "lavfi", "-i", &tone_source(total)]),
    };
    a.extend(aac_args());
    a.extend(args(&[
        "-t",
        &total.to_string(),
        "-f",
        "hls",
        "-hls_time",
        &segment_s.to_string(),
        "-hls_list_size",
        "0",
        "-hls_segment_filename",
        &format!("{tmp_dir}/loop-%d.ts"),
        &format!("{tmp_dir}/loop.m3u8"),
    ]));
    a
}

/// Runs ffmpeg in `dir` (quiet, never reading stdin); its error output becomes the error.
fn run_ffmpeg(dir: &Path, arguments: &[OsString]) -> Result<(), MediaGenError> {
    let out = Command::new("ffmpeg")
        .current_dir(dir)
        .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-y"])
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| MediaGenError(format!("cannot run ffmpeg: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(4)..].join(" | ");
    Err(MediaGenError(format!(
        "ffmpeg failed in {} ({}): {tail}",
        dir.display(),
        out.status
    )))
}

/// A temporary file or folder in the output folder, removed on drop unless committed.
struct Temp {
    dir: PathBuf,
    /// Name relative to `dir` (ffmpeg runs there).
    name: String,
    /// The final name of a file (`None` for a folder).
    target: Option<String>,
}

impl Temp {
    fn unique(what: &str) -> String {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        // Pid and counter: two processes or threads making the same clip never share a name.
        // The final name stays at the end so that ffmpeg picks the format by extension.
        format!(
            ".tmp-{}-{}-{what}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        )
    }

    fn file(dir: &Path, target: &str) -> Temp {
        Temp {
            dir: dir.to_path_buf(),
            name: Temp::unique(target),
            target: Some(target.to_owned()),
        }
    }

    fn dir(dir: &Path, what: &str) -> Result<Temp, MediaGenError> {
        let t = Temp {
            dir: dir.to_path_buf(),
            name: Temp::unique(what),
            target: None,
        };
        fs::create_dir(t.path()).map_err(|e| io_error("cannot create", &t.path(), e))?;
        Ok(t)
    }

    fn path(&self) -> PathBuf {
        self.dir.join(&self.name)
    }

    /// Renames the file to its final name.
    fn commit(self) -> Result<(), MediaGenError> {
        let target = self.dir.join(self.target.as_deref().unwrap_or_default());
        let from = self.path();
        let len = fs::metadata(&from).map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            return Err(MediaGenError(format!(
                "ffmpeg wrote nothing to {}",
                target.display()
            )));
        }
        fs::rename(&from, &target).map_err(|e| io_error("cannot rename to", &target, e))
    }

    /// Moves the files of the folder to `dir` (all of them, or only `last` when `only_last`),
    /// the ones in `last` after the others (a playlist after its segments). Each of `last`
    /// must be there. The folder, with whatever was not moved, goes on drop.
    fn commit_files(self, last: &[&str], only_last: bool) -> Result<(), MediaGenError> {
        let folder = self.path();
        for name in last {
            let len = fs::metadata(folder.join(name))
                .map(|m| m.len())
                .unwrap_or(0);
            if len == 0 {
                return Err(MediaGenError(format!(
                    "ffmpeg did not write {}",
                    self.dir.join(name).display()
                )));
            }
        }
        let mut names: Vec<String> = Vec::new();
        if !only_last {
            let entries = fs::read_dir(&folder).map_err(|e| io_error("cannot read", &folder, e))?;
            names = entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !last.contains(&n.as_str()))
                .collect();
            names.sort();
        }
        names.extend(last.iter().map(|n| (*n).to_owned()));
        for name in &names {
            let target = self.dir.join(name);
            fs::rename(folder.join(name), &target)
                .map_err(|e| io_error("cannot rename to", &target, e))?;
        }
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let path = self.path();
        // Best effort: what remains of a failed or committed run. A committed file is gone
        // already; a committed folder is empty apart from files that were not moved.
        if self.target.is_some() {
            let _ = fs::remove_file(&path);
        } else {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// `HH:MM:SS.mmm` for WebVTT.
fn vtt_time(seconds: f64) -> String {
    let ms = if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    };
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// A WebVTT file of `cues`. Cue text is escaped (`&`, `<`, `>`), and blank lines and `-->`,
/// which would end or break a cue, are taken out.
pub fn webvtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n");
    for (i, cue) in cues.iter().enumerate() {
        let text = cue
            .text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace("--&gt;", "→");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let end = cue.end_s.max(cue.start_s);
        out.push_str(&format!(
            "\n{}\n{} --> {}\n{}\n",
            i + 1,
            vtt_time(cue.start_s),
            vtt_time(end),
            lines.join("\n")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn strings(a: &[OsString]) -> Vec<String> {
        a.iter().map(|s| s.to_string_lossy().into_owned()).collect()
    }

    fn text() -> TextFiles {
        TextFiles {
            font: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
            label_text: "Thời sự".into(),
            label: ".tmp-1-0-label.txt".into(),
            time: ".tmp-1-1-time.txt".into(),
        }
    }

    #[test]
    fn vtt_times() {
        assert_eq!(vtt_time(0.0), "00:00:00.000");
        assert_eq!(vtt_time(61.5), "00:01:01.500");
        assert_eq!(vtt_time(3723.0004), "01:02:03.000");
        assert_eq!(vtt_time(-3.0), "00:00:00.000");
        assert_eq!(vtt_time(f64::NAN), "00:00:00.000");
    }

    #[test]
    fn webvtt_file() {
        let cues = [
            Cue {
                start_s: 0.0,
                end_s: 2.5,
                text: "Chào mừng quý vị <đến> với A & B".into(),
            },
            Cue {
                start_s: 3.0,
                end_s: 5.0,
                text: "dòng một\n\n  dòng hai --> tiếp".into(),
            },
            Cue {
                start_s: 6.0,
                end_s: 4.0,
                text: "   ".into(),
            },
            Cue {
                start_s: 8.0,
                end_s: 7.0,
                text: "hết".into(),
            },
        ];
        assert_eq!(
            webvtt(&cues),
            "WEBVTT\n\
             \n1\n00:00:00.000 --> 00:00:02.500\nChào mừng quý vị &lt;đến&gt; với A &amp; B\n\
             \n2\n00:00:03.000 --> 00:00:05.000\ndòng một\ndòng hai → tiếp\n\
             \n4\n00:00:08.000 --> 00:00:08.000\nhết\n"
        );
        assert_eq!(webvtt(&[]), "WEBVTT\n");
    }

    #[test]
    fn filter_values_are_escaped_for_both_levels() {
        assert_eq!(filter_value("/usr/a.ttf"), "/usr/a.ttf");
        assert_eq!(filter_value("C:\\f"), "C\\\\:\\\\\\\\f");
        assert_eq!(filter_value("a,b"), "a\\,b");
        assert_eq!(filter_value("it's"), "it\\\\\\'s");
    }

    #[test]
    fn long_labels_get_smaller_letters() {
        assert_eq!(label_size("Thời sự", 640, 24), 24);
        assert_eq!(label_size(&"x".repeat(60), 640, 24), 14);
        assert_eq!(label_size(&"x".repeat(1000), 640, 24), 8);
        assert_eq!(label_size("", 640, 24), 24);
    }

    #[test]
    fn video_arguments() {
        let a = strings(&video_mp4_args(30, Some(&text()), ".tmp-1-2-video.mp4"));
        let joined = a.join(" ");
        assert!(joined.starts_with("-f lavfi -i smptebars=size=640x360:rate=20:duration=30 "));
        assert!(joined.contains("aevalsrc=exprs='"));
        assert!(joined.contains(":duration=30"));
        assert!(joined.contains("textfile=.tmp-1-0-label.txt:expansion=none"));
        assert!(joined.contains("textfile=.tmp-1-1-time.txt:"));
        assert!(joined.contains("-c:v libx264 -preset veryfast"));
        assert!(joined.contains("-g 40 -keyint_min 40"));
        assert!(joined.contains("-force_key_frames expr:gte(t,n_forced*2)"));
        assert!(joined.contains("-c:a aac"));
        assert!(joined.ends_with("-movflags +faststart -f mp4 .tmp-1-2-video.mp4"));
        let plain = strings(&video_mp4_args(30, None, "v.mp4"));
        assert!(!plain.iter().any(|s| s == "-vf"));
    }

    #[test]
    fn hls_and_poster_arguments() {
        let a = strings(&hls_vod_args(".tmp-1-3-hls")).join(" ");
        assert!(a.starts_with("-i video.mp4 -c copy -f hls -hls_time 2 -hls_playlist_type vod"));
        assert!(a.ends_with("-hls_segment_filename .tmp-1-3-hls/seg-%d.ts .tmp-1-3-hls/index.m3u8"));
        let p = strings(&poster_args(Some(&text()), "p.jpg", "t.jpg")).join(" ");
        assert!(p.contains("smptebars=size=1280x720"));
        assert!(p.contains("split=2[poster][t];[t]scale=480:270[thumb]"));
        assert!(p.contains("-map [poster] -frames:v 1"));
        assert!(p.ends_with("-f image2 t.jpg"));
        let plain = strings(&poster_args(None, "p.jpg", "t.jpg")).join(" ");
        assert!(plain.contains("[0:v]split=2"));
    }

    #[test]
    fn audio_and_live_arguments() {
        let a = strings(&audio_args(20, &["x-audio.m4a", "x-audio.mp3"])).join(" ");
        assert!(a.contains("-c:a aac -b:a 64k -ac 1 -movflags +faststart -f mp4 x-audio.m4a"));
        assert!(a.ends_with("-c:a libmp3lame -b:a 64k -ac 1 -f mp3 x-audio.mp3"));
        let v = strings(&live_loop_args(ClipKind::Video, 5, 4, None, "tmp")).join(" ");
        assert!(v.contains("duration=20"));
        assert!(v.contains("-g 80 -keyint_min 80"));
        assert!(v.contains("n_forced*4"));
        assert!(v.contains("-t 20 -f hls -hls_time 4 -hls_list_size 0"));
        assert!(v.contains("tmp/loop-%d.ts"));
        let r = strings(&live_loop_args(ClipKind::Audio, 3, 2, Some(&text()), "tmp"));
        assert!(!r
            .iter()
            .any(|s| s.contains("libx264") || s.contains("smptebars")));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("media-gen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn non_empty(path: &Path) -> bool {
        fs::metadata(path).is_ok_and(|m| m.len() > 0)
    }

    #[test]
    fn makes_real_media_with_ffmpeg() {
        if !ffmpeg_available() {
            println!("SKIPPED: ffmpeg is not installed (apt-get install -y ffmpeg)");
            return;
        }
        let root = scratch("real");
        let started = Instant::now();
        let video = root.join("video");
        let captions = [Cue {
            start_s: 0.5,
            end_s: 2.0,
            text: "Bản tin thời sự".into(),
        }];
        let clip = Clip {
            dir: &video,
            kind: ClipKind::Video,
            seconds: 3,
            label: "Thời sự – tiếng Mông",
            captions: &captions,
        };
        ensure_clip(&clip).unwrap();
        for f in [
            "video.mp4",
            "index.m3u8",
            "seg-0.ts",
            "poster.jpg",
            "thumb.jpg",
            "vi.vtt",
        ] {
            assert!(non_empty(&video.join(f)), "{f}");
        }
        let playlist = fs::read_to_string(video.join("index.m3u8")).unwrap();
        assert!(playlist.contains("#EXT-X-ENDLIST"), "{playlist}");
        assert!(playlist.contains("\nseg-0.ts"), "{playlist}");
        // A second call finds everything and writes nothing.
        let mtime = fs::metadata(video.join("video.mp4"))
            .unwrap()
            .modified()
            .unwrap();
        ensure_clip(&clip).unwrap();
        assert_eq!(
            fs::metadata(video.join("video.mp4"))
                .unwrap()
                .modified()
                .unwrap(),
            mtime
        );

        let audio = root.join("audio");
        ensure_clip(&Clip {
            dir: &audio,
            kind: ClipKind::Audio,
            seconds: 3,
            label: "Phát thanh",
            captions: &[],
        })
        .unwrap();
        assert!(non_empty(&audio.join("audio.m4a")));
        assert!(non_empty(&audio.join("audio.mp3")));

        let live = root.join("live");
        ensure_live_loop(&live, ClipKind::Video, "Trực tiếp", 3, 1).unwrap();
        for i in 0..3 {
            assert!(non_empty(&live.join(format!("loop-{i}.ts"))), "loop-{i}");
        }
        // Nothing temporary is left behind.
        for dir in [&video, &audio, &live] {
            for e in fs::read_dir(dir).unwrap() {
                let name = e.unwrap().file_name();
                assert!(!name.to_string_lossy().starts_with(".tmp-"), "{name:?}");
            }
        }
        println!("media_gen: made the test media in {:?}", started.elapsed());
        let _ = fs::remove_dir_all(&root);
    }

    /// How long the sample data's media takes: 12 videos and 12 audio clips of 20–60 s and two
    /// live loops, one at a time. `MEDIA_GEN_OUT=DIR` keeps the files (to play them).
    #[test]
    #[ignore = "takes about half a minute; run with --ignored --nocapture"]
    fn timing_of_a_sample_data_set() {
        if !ffmpeg_available() {
            println!("SKIPPED: ffmpeg is not installed");
            return;
        }
        let root = std::env::var_os("MEDIA_GEN_OUT")
            .map(PathBuf::from)
            .unwrap_or_else(|| scratch("timing"));
        let captions = [
            Cue {
                start_s: 1.0,
                end_s: 4.0,
                text: "Kính chào quý vị khán giả".into(),
            },
            Cue {
                start_s: 5.0,
                end_s: 9.0,
                text: "Bản tin thời sự tối nay có những nội dung sau".into(),
            },
        ];
        let started = Instant::now();
        for i in 0..24u32 {
            let kind = if i % 2 == 0 {
                ClipKind::Video
            } else {
                ClipKind::Audio
            };
            let dir = root.join(format!("p{i}"));
            let label = format!("Chương trình số {i} – Thời sự tiếng Mông");
            ensure_clip(&Clip {
                dir: &dir,
                kind,
                seconds: 20 + (i * 40 / 23),
                label: &label,
                captions: if i % 4 == 0 { &captions } else { &[] },
            })
            .unwrap();
        }
        let clips = started.elapsed();
        ensure_live_loop(&root.join("tv"), ClipKind::Video, "HGTV – Trực tiếp", 15, 4).unwrap();
        ensure_live_loop(&root.join("radio"), ClipKind::Audio, "Phát thanh", 15, 4).unwrap();
        println!(
            "media_gen: 24 clips in {clips:?}, with two 60 s live loops {:?}",
            started.elapsed()
        );
        if std::env::var_os("MEDIA_GEN_OUT").is_none() {
            let _ = fs::remove_dir_all(&root);
        }
    }
}
