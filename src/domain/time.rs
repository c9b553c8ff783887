//! Times from the API are RFC 3339 with any offset; readers see them in Vietnam time
//! (UTC+7, no daylight saving time). Parsed by hand: a date library would cost more
//! download than these few lines.

/// Vietnam's offset from UTC in seconds.
pub const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// A moment, as seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

/// A calendar date and wall-clock time in Vietnam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VietnamTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    /// 0 = Sunday … 6 = Saturday.
    pub weekday: u32,
}

/// Parses `YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM)`. Returns `None` for anything else.
pub fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 16 {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let year = num(0, 4)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let secs = num(i + 1, 2)? * 3600 + num(i + 4, 2)? * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month as u32) as i64
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    Some(Timestamp(
        days * 86_400 + hour * 3600 + minute * 60 + second - offset,
    ))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The current moment, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now())
}

impl Timestamp {
    /// From JavaScript's `Date.now()` (milliseconds).
    pub fn from_millis(ms: f64) -> Self {
        Timestamp((ms / 1000.0).floor() as i64)
    }

    pub fn in_vietnam(self) -> VietnamTime {
        let local = self.0 + VIETNAM_OFFSET_SECS;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        VietnamTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }
}

/// `15:15, 01/07/2022`, as Vietnamese newsrooms print a publication time.
pub fn format_vietnam(ts: Timestamp) -> String {
    let t = ts.in_vietnam();
    format!(
        "{:02}:{:02}, {:02}/{:02}/{}",
        t.hour, t.minute, t.day, t.month, t.year
    )
}

/// The publication time of an API time string, or the string itself if it cannot be read
/// (a wrong time is better shown raw than hidden).
pub fn display_time(api_time: &str) -> String {
    parse_rfc3339(api_time).map_or_else(|| api_time.to_string(), format_vietnam)
}

/// Fresh news reads as `5 phút trước` or `2 giờ trước`; anything older than a day (or
/// dated in the future by a wrong clock) shows the full time.
pub fn relative_or_full(api_time: &str, now: Timestamp) -> String {
    let Some(ts) = parse_rfc3339(api_time) else {
        return api_time.to_string();
    };
    match now.0 - ts.0 {
        age if !(0..86_400).contains(&age) => format_vietnam(ts),
        age if age < 60 => "Vừa xong".to_string(),
        age if age < 3600 => format!("{} phút trước", age / 60),
        age => format!("{} giờ trước", age / 3600),
    }
}

/// `Thứ Năm, 26/11/2026`, for the header.
pub fn format_vietnam_date(ts: Timestamp) -> String {
    const WEEKDAYS: [&str; 7] = [
        "Chủ Nhật",
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
    ];
    let t = ts.in_vietnam();
    format!(
        "{}, {:02}/{:02}/{}",
        WEEKDAYS[t.weekday as usize % 7],
        t.day,
        t.month,
        t.year
    )
}

/// A machine-readable form for `<time datetime>`; the input when it parses, otherwise none.
pub fn datetime_attr(api_time: &str) -> Option<String> {
    parse_rfc3339(api_time).map(|_| api_time.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_article_time_in_vietnam() {
        assert_eq!(
            display_time("2022-07-01T15:15:00+07:00"),
            "15:15, 01/07/2022"
        );
    }

    #[test]
    fn other_offsets_are_converted_to_vietnam_time() {
        assert_eq!(display_time("2022-07-01T08:15:00Z"), "15:15, 01/07/2022");
        assert_eq!(
            display_time("2022-07-01T03:15:00-05:00"),
            "15:15, 01/07/2022"
        );
        assert_eq!(
            display_time("2022-06-30T20:15:00.123-10:00"),
            "13:15, 01/07/2022"
        );
        // Crossing a year boundary.
        assert_eq!(display_time("2021-12-31T17:30:00Z"), "00:30, 01/01/2022");
    }

    #[test]
    fn unreadable_times_are_shown_raw_or_rejected() {
        for bad in [
            "",
            "hôm qua",
            "2022-13-01T00:00:00Z",
            "2022-02-30T00:00:00Z",
            "2022-07-01T15:15:00",
            "2022-07-01T15:15:00+0700",
            "2022-07-01T25:15:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(display_time("hôm qua"), "hôm qua");
    }

    #[test]
    fn leap_days_and_epoch() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(Timestamp(0)));
        assert_eq!(
            display_time("2024-02-29T00:00:00+07:00"),
            "00:00, 29/02/2024"
        );
    }

    #[test]
    fn header_date_has_vietnamese_weekday() {
        let ts = parse_rfc3339("2026-11-26T10:00:00+07:00").unwrap();
        assert_eq!(format_vietnam_date(ts), "Thứ Năm, 26/11/2026");
        // 23:30 UTC on a Saturday is already Sunday in Vietnam.
        let ts = parse_rfc3339("2022-07-02T23:30:00Z").unwrap();
        assert_eq!(format_vietnam_date(ts), "Chủ Nhật, 03/07/2022");
    }

    #[test]
    fn fresh_news_reads_relative() {
        let now = parse_rfc3339("2026-11-26T10:00:00+07:00").unwrap();
        let at = |s: &str| relative_or_full(s, now);
        assert_eq!(at("2026-11-26T09:59:30+07:00"), "Vừa xong");
        assert_eq!(at("2026-11-26T09:55:00+07:00"), "5 phút trước");
        assert_eq!(at("2026-11-26T02:55:00Z"), "5 phút trước");
        assert_eq!(at("2026-11-26T08:00:00+07:00"), "2 giờ trước");
        assert_eq!(at("2026-11-25T10:00:01+07:00"), "23 giờ trước");
        assert_eq!(at("2026-11-25T10:00:00+07:00"), "10:00, 25/11/2026");
        assert_eq!(at("2022-07-01T15:15:00+07:00"), "15:15, 01/07/2022");
        assert_eq!(at("2026-11-26T10:30:00+07:00"), "10:30, 26/11/2026");
    }

    #[test]
    fn from_js_millis() {
        assert_eq!(Timestamp::from_millis(1_656_663_300_000.0).0, 1_656_663_300);
    }
}
