//! Times: stored as Unix seconds, written as RFC 3339 in Vietnam time (`+07:00`, no DST).

use std::time::{SystemTime, UNIX_EPOCH};

/// Vietnam's offset from UTC, in seconds.
pub const VN_OFFSET_SECS: i64 = 7 * 3600;

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2022-07-01T15:15:00+07:00` for the given Unix time.
pub fn format_vn(unix: i64) -> String {
    let local = unix + VN_OFFSET_SECS;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+07:00",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Year and month (Vietnam time) of a Unix time, for media paths.
pub fn year_month_vn(unix: i64) -> (i64, u32) {
    let (y, m, _) = civil_from_days((unix + VN_OFFSET_SECS).div_euclid(86_400));
    (y, m)
}

/// Hour of the day (0–23, Vietnam time).
pub fn hour_vn(unix: i64) -> u32 {
    ((unix + VN_OFFSET_SECS).rem_euclid(86_400) / 3600) as u32
}

/// The calendar day (days since 1970-01-01, Vietnam time) of a Unix time.
pub fn day_vn(unix: i64) -> i64 {
    (unix + VN_OFFSET_SECS).div_euclid(86_400)
}

/// The Unix time of midnight, Vietnam time, starting a day of [`day_vn`].
pub fn day_start_vn(day: i64) -> i64 {
    day * 86_400 - VN_OFFSET_SECS
}

/// `2026-11-29` for a day of [`day_vn`].
pub fn format_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `29/11/2026`, as Vietnamese readers write a date.
pub fn format_date_dmy(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{d:02}/{m:02}/{y:04}")
}

/// A day of [`day_vn`] from exactly `YYYY-MM-DD` (a real calendar day), or `None`.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let day = days_from_civil(y, m as u32, d as u32);
    // 31/02 would roll over into March: only days that come back unchanged are real.
    (civil_from_days(day) == (y, m as u32, d as u32)).then_some(day)
}

/// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` (optional fraction ignored).
pub fn parse_rfc3339(s: &str) -> Result<i64, String> {
    let err = || format!("not an RFC 3339 time: {s:?}");
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || (b[10] != b'T' && b[10] != b't' && b[10] != b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(err());
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        let part = s.get(r).ok_or_else(err)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        part.parse::<i64>().map_err(|_| err())
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return Err(err());
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(err());
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || (rb[0] != b'+' && rb[0] != b'-') || rb[3] != b':' {
                return Err(err());
            }
            let two = |part: &str| -> Result<i64, String> {
                if part.len() == 2 && part.bytes().all(|c| c.is_ascii_digit()) {
                    part.parse::<i64>().map_err(|_| err())
                } else {
                    Err(err())
                }
            };
            let (oh, om) = (two(&rest[1..3])?, two(&rest[4..6])?);
            let sign = if rb[0] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Ok(days * 86_400 + h * 3600 + mi * 60 + se - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_seed_time() {
        let t = parse_rfc3339("2022-07-01T15:15:00+07:00").unwrap();
        assert_eq!(format_vn(t), "2022-07-01T15:15:00+07:00");
        assert_eq!(t, 1_656_663_300);
    }

    #[test]
    fn other_offsets_are_shown_in_vietnam_time() {
        let t = parse_rfc3339("2022-07-01T08:15:00Z").unwrap();
        assert_eq!(format_vn(t), "2022-07-01T15:15:00+07:00");
        let t = parse_rfc3339("2022-06-30T23:15:00.250-02:00").unwrap();
        assert_eq!(format_vn(t), "2022-07-01T08:15:00+07:00");
    }

    #[test]
    fn midnight_and_year_boundaries() {
        let t = parse_rfc3339("2025-12-31T17:00:00Z").unwrap();
        assert_eq!(format_vn(t), "2026-01-01T00:00:00+07:00");
        assert_eq!(year_month_vn(t), (2026, 1));
        assert_eq!(hour_vn(t), 0);
        assert_eq!(format_vn(0), "1970-01-01T07:00:00+07:00");
    }

    #[test]
    fn calendar_days() {
        let t = parse_rfc3339("2026-11-29T00:30:00+07:00").unwrap();
        let day = day_vn(t);
        assert_eq!(format_date(day), "2026-11-29");
        assert_eq!(format_date_dmy(day), "29/11/2026");
        assert_eq!(format_vn(day_start_vn(day)), "2026-11-29T00:00:00+07:00");
        assert_eq!(parse_date("2026-11-29"), Some(day));
        assert_eq!(
            parse_date("2024-02-29").map(format_date).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "",
            "2026-11-31",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-11-29",
            "2026/11/29",
            "2026-11-29T",
            "+026-11-29",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2022-07-01",
            "2022-13-01T00:00:00Z",
            "2022-07-01T15:15:00+0700",
            "abcd-ef-ghT00:00:00Z",
        ] {
            assert!(parse_rfc3339(s).is_err(), "{s}");
        }
    }
}
