//! Live HLS as a live encoder makes it: a sliding-window media playlist driven by the clock
//! (RFC 8216, no `#EXT-X-ENDLIST`), over a loop of pre-generated segments.
//!
//! Segment `n` covers `[n·d, (n+1)·d)` seconds of Unix time (`d` the segment length), so every
//! server and every request agree on the numbering, and it is complete once that time is past.
//! A playlist lists the last `window` complete segments. Segment `n` plays the loop file
//! `n % loop_len`; where the loop starts again its timestamps jump back, so the segment starting
//! a loop gets `#EXT-X-DISCONTINUITY`, and `#EXT-X-DISCONTINUITY-SEQUENCE` counts the ones that
//! slid out of the window.

use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveParams {
    /// Seconds per segment.
    pub segment_s: u32,
    /// Segments in the loop of files.
    pub loop_len: u64,
    /// Segments per playlist.
    pub window: u64,
}

impl LiveParams {
    /// The segments of the sample channels (see `catalog`).
    pub fn sample() -> Self {
        use super::catalog::{LIVE_LOOP_SEGMENTS, LIVE_SEGMENT_S, LIVE_WINDOW};
        LiveParams {
            segment_s: LIVE_SEGMENT_S,
            loop_len: u64::from(LIVE_LOOP_SEGMENTS),
            window: LIVE_WINDOW,
        }
    }

    /// The segment being produced at `now` (the first one not complete).
    pub fn current(&self, now: i64) -> u64 {
        u64::try_from(now.max(0)).unwrap_or(0) / u64::from(self.segment_s.max(1))
    }

    /// Media sequence number of the first segment of the playlist at `now`.
    pub fn first(&self, now: i64) -> u64 {
        self.current(now).saturating_sub(self.window)
    }

    /// The loop file that segment `seq` plays.
    pub fn loop_file(&self, seq: u64) -> String {
        format!("loop-{}.ts", seq % self.loop_len.max(1))
    }

    /// Whether segment `seq` is served at `now`: complete, and recent enough for a player that
    /// read a playlist a little while ago (older ones are gone, as on a real origin).
    pub fn is_available(&self, seq: u64, now: i64) -> bool {
        let current = self.current(now);
        seq < current && seq + self.window + RECENT_SEGMENTS >= current
    }
}

/// Segments kept beyond the window for slow players.
const RECENT_SEGMENTS: u64 = 30;

/// The URL of segment `seq`, relative to the playlist.
pub fn segment_name(seq: u64) -> String {
    format!("{seq}.ts")
}

/// The sequence number in a segment's file name from [`segment_name`].
pub fn parse_segment_name(name: &str) -> Option<u64> {
    let digits = name.strip_suffix(".ts")?;
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The live media playlist at `now` (Unix seconds).
pub fn playlist(p: &LiveParams, now: i64) -> String {
    let loop_len = p.loop_len.max(1);
    let current = p.current(now);
    let first = p.first(now);
    let mut out = String::with_capacity(64 + 40 * p.window as usize);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{}\n#EXT-X-MEDIA-SEQUENCE:{first}\n\
         #EXT-X-DISCONTINUITY-SEQUENCE:{}\n",
        p.segment_s,
        first / loop_len
    );
    for seq in first..current {
        // The first segment's own discontinuity is already counted by the sequence above.
        if seq != first && seq % loop_len == 0 {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        let _ = write!(out, "#EXTINF:{}.000,\n{}\n", p.segment_s, segment_name(seq));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: LiveParams = LiveParams {
        segment_s: 2,
        loop_len: 12,
        window: 6,
    };

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    fn tag<'a>(playlist: &'a str, name: &str) -> Option<&'a str> {
        playlist
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
    }

    fn segments(playlist: &str) -> Vec<u64> {
        playlist.lines().filter_map(parse_segment_name).collect()
    }

    #[test]
    fn a_live_window_of_complete_segments() {
        // 1000 s is segment 500 in progress: 494..=499 are listed.
        let pl = playlist(&P, 1001);
        assert_eq!(lines(&pl)[0], "#EXTM3U");
        assert_eq!(tag(&pl, "#EXT-X-TARGETDURATION"), Some("2"));
        assert_eq!(tag(&pl, "#EXT-X-MEDIA-SEQUENCE"), Some("494"));
        assert_eq!(segments(&pl), (494..500).collect::<Vec<_>>());
        assert!(!pl.contains("#EXT-X-ENDLIST"));
        assert!(!pl.contains("#EXT-X-PLAYLIST-TYPE"));
        assert_eq!(pl.matches("#EXTINF:2.000,").count(), 6);
        assert!(pl.ends_with('\n'));
    }

    #[test]
    fn the_window_slides_with_the_clock() {
        assert_eq!(playlist(&P, 1000), playlist(&P, 1001));
        let later = playlist(&P, 1002);
        assert_eq!(tag(&later, "#EXT-X-MEDIA-SEQUENCE"), Some("495"));
        assert_eq!(segments(&later), (495..501).collect::<Vec<_>>());
    }

    #[test]
    fn a_discontinuity_where_the_loop_wraps() {
        // Segment 504 = 42 × 12 starts the loop again.
        let pl = playlist(&P, 2 * 507);
        assert_eq!(segments(&pl), (501..507).collect::<Vec<_>>());
        let l = lines(&pl);
        let at = l.iter().position(|x| *x == "504.ts").unwrap();
        assert_eq!(l[at - 2], "#EXT-X-DISCONTINUITY");
        assert_eq!(pl.matches("#EXT-X-DISCONTINUITY\n").count(), 1);
        // 41 wraps happened before segment 501.
        assert_eq!(tag(&pl, "#EXT-X-DISCONTINUITY-SEQUENCE"), Some("41"));
        assert_eq!(P.loop_file(504), "loop-0.ts");
        assert_eq!(P.loop_file(503), "loop-11.ts");
        // Once 504 is first, its discontinuity is counted in the sequence instead.
        let pl = playlist(&P, 2 * 510);
        assert_eq!(tag(&pl, "#EXT-X-MEDIA-SEQUENCE"), Some("504"));
        assert_eq!(tag(&pl, "#EXT-X-DISCONTINUITY-SEQUENCE"), Some("42"));
        assert!(!pl.contains("#EXT-X-DISCONTINUITY\n"));
    }

    #[test]
    fn discontinuity_numbers_stay_consistent() {
        // A segment keeps the same discontinuity number in every playlist that lists it.
        let number = |pl: &str, seq: u64| -> Option<u64> {
            let mut n: u64 = tag(pl, "#EXT-X-DISCONTINUITY-SEQUENCE")?.parse().ok()?;
            for l in pl.lines() {
                if l == "#EXT-X-DISCONTINUITY" {
                    n += 1;
                }
                if parse_segment_name(l) == Some(seq) {
                    return Some(n);
                }
            }
            None
        };
        for now in (900..1100).step_by(2) {
            let a = playlist(&P, now);
            let b = playlist(&P, now + 2);
            for seq in segments(&a) {
                if let (Some(x), Some(y)) = (number(&a, seq), number(&b, seq)) {
                    assert_eq!(x, y, "segment {seq} at {now}");
                    assert_eq!(x, seq / 12);
                }
            }
        }
    }

    #[test]
    fn near_the_epoch_the_window_is_shorter() {
        let pl = playlist(&P, 5);
        assert_eq!(tag(&pl, "#EXT-X-MEDIA-SEQUENCE"), Some("0"));
        assert_eq!(segments(&pl), vec![0, 1]);
    }

    #[test]
    fn which_segments_are_served() {
        assert!(P.is_available(499, 1001));
        assert!(!P.is_available(500, 1001), "not complete yet");
        assert!(P.is_available(494 - 30, 1001));
        assert!(!P.is_available(493 - 30, 1001), "long gone");
    }

    #[test]
    fn segment_names() {
        assert_eq!(segment_name(42), "42.ts");
        assert_eq!(parse_segment_name("42.ts"), Some(42));
        for bad in [
            "",
            ".ts",
            "42",
            "-1.ts",
            "4a.ts",
            "loop-0.ts",
            "1234567890123456.ts",
        ] {
            assert_eq!(parse_segment_name(bad), None, "{bad}");
        }
    }
}
