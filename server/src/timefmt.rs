//! Times: stored as Unix seconds, written as RFC 3339 in Vietnam time (`+07:00`, no DST).

use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::{datetime, format_description, offset};
use time::{Date, OffsetDateTime, UtcOffset};

/// Vietnam's offset from UTC.
const VN: UtcOffset = offset!(+7);
/// The same in seconds, for counting days.
const VN_OFFSET_SECS: i64 = VN.whole_seconds() as i64;

/// The times RFC 3339 can write (four-digit years) in Vietnam time; others are clamped.
const FIRST: i64 = datetime!(0000-01-01 0:00 +7).unix_timestamp();
const LAST: i64 = datetime!(9999-12-31 23:59:59 +7).unix_timestamp();

const YMD: &[BorrowedFormatItem<'_>] = format_description!("[year]-[month]-[day]");
const DMY: &[BorrowedFormatItem<'_>] = format_description!("[day]/[month]/[year]");

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// A Unix time in Vietnam time.
fn in_vn(unix: i64) -> OffsetDateTime {
    // The clamped time is in range: the epoch is never used.
    OffsetDateTime::from_unix_timestamp(unix.clamp(FIRST, LAST))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(VN)
}

/// `2022-07-01T15:15:00+07:00` for the given Unix time.
pub fn format_vn(unix: i64) -> String {
    // Cannot fail: the time is in range and its offset has whole minutes.
    in_vn(unix).format(&Rfc3339).unwrap_or_default()
}

/// Year and month (Vietnam time) of a Unix time, for media paths.
pub fn year_month_vn(unix: i64) -> (i64, u32) {
    let t = in_vn(unix);
    (i64::from(t.year()), u32::from(u8::from(t.month())))
}

/// Hour of the day (0–23, Vietnam time).
pub fn hour_vn(unix: i64) -> u32 {
    u32::from(in_vn(unix).hour())
}

/// The calendar day (days since 1970-01-01, Vietnam time) of a Unix time.
pub fn day_vn(unix: i64) -> i64 {
    (unix + VN_OFFSET_SECS).div_euclid(86_400)
}

/// The Unix time of midnight, Vietnam time, starting a day of [`day_vn`].
pub fn day_start_vn(day: i64) -> i64 {
    day * 86_400 - VN_OFFSET_SECS
}

/// The date of a day of [`day_vn`].
fn date(day: i64) -> Date {
    in_vn(day_start_vn(day)).date()
}

/// `2026-11-29` for a day of [`day_vn`].
pub fn format_date(day: i64) -> String {
    date(day).format(YMD).unwrap_or_default()
}

/// `29/11/2026`, as Vietnamese readers write a date.
pub fn format_date_dmy(day: i64) -> String {
    date(day).format(DMY).unwrap_or_default()
}

/// A day of [`day_vn`] from exactly `YYYY-MM-DD` (a real calendar day), or `None`.
pub fn parse_date(s: &str) -> Option<i64> {
    // `[year]` would also take a sign (`+2026-11-29`).
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let date = Date::parse(s, YMD).ok()?;
    Some(day_vn(date.midnight().assume_offset(VN).unix_timestamp()))
}

/// Parses an RFC 3339 time (`YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or
/// `±HH:MM`); the fraction is dropped.
pub fn parse_rfc3339(s: &str) -> Result<i64, String> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| format!("not an RFC 3339 time: {s:?}"))
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
