//! A channel's schedule: the daily grid placed on a calendar day (Vietnam time), and what is on
//! air at a given moment.

use super::catalog::{self, ChannelDef, SlotDef, DAY_MINUTES};
use crate::model::{Show, Slot};
use crate::timefmt::{day_start_vn, day_vn, format_vn};

/// Days before and after today that `GET /channels/{slug}/schedule` answers.
pub const DAYS_AROUND: i64 = 7;

/// A grid slot on a given day: Unix start and end.
#[derive(Clone, Copy)]
pub struct Placed<'a> {
    pub def: &'a SlotDef,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// The slots of `day` (see [`crate::timefmt::day_vn`]), in order.
pub fn day_slots(channel: &ChannelDef, day: i64) -> Vec<Placed<'_>> {
    let midnight = day_start_vn(day);
    let grid = channel.grid;
    grid.iter()
        .enumerate()
        .map(|(i, def)| {
            let end = grid.get(i + 1).map_or(DAY_MINUTES, |n| n.start);
            Placed {
                def,
                starts_at: midnight + i64::from(def.start) * 60,
                ends_at: midnight + i64::from(end) * 60,
            }
        })
        .collect()
}

/// The slot on air at `now` and the one after it.
pub fn now_and_next(channel: &ChannelDef, now: i64) -> (Option<Placed<'_>>, Option<Placed<'_>>) {
    let today = day_vn(now);
    let mut slots = day_slots(channel, today);
    slots.extend(day_slots(channel, today + 1));
    match slots
        .iter()
        .position(|s| s.starts_at <= now && now < s.ends_at)
    {
        Some(i) => (Some(slots[i]), slots.get(i + 1).copied()),
        None => (None, slots.into_iter().find(|s| s.starts_at > now)),
    }
}

pub fn show(slug: &str) -> Option<Show> {
    catalog::show(slug).map(|s| Show {
        slug: s.slug.to_owned(),
        name: s.name.to_owned(),
        language: s.language.to_owned(),
    })
}

impl Placed<'_> {
    pub fn to_slot(&self, programme_id: Option<i64>) -> Slot {
        Slot {
            starts_at: format_vn(self.starts_at),
            ends_at: format_vn(self.ends_at),
            title: self.def.title.to_owned(),
            description: self.def.description.map(str::to_owned),
            show: self.def.show.and_then(show),
            programme_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timefmt::parse_rfc3339;

    fn hgtv() -> &'static ChannelDef {
        catalog::channel("hgtv").unwrap()
    }

    #[test]
    fn a_day_runs_from_midnight_to_midnight() {
        let t = parse_rfc3339("2026-11-29T12:00:00+07:00").unwrap();
        let slots = day_slots(hgtv(), day_vn(t));
        assert_eq!(format_vn(slots[0].starts_at), "2026-11-29T00:00:00+07:00");
        assert_eq!(
            format_vn(slots.last().unwrap().ends_at),
            "2026-11-30T00:00:00+07:00"
        );
        assert!(slots.windows(2).all(|w| w[0].ends_at == w[1].starts_at));
    }

    #[test]
    fn now_and_next_follow_the_clock() {
        let at = |s: &str| parse_rfc3339(s).unwrap();
        let (now, next) = now_and_next(hgtv(), at("2026-11-29T19:10:00+07:00"));
        let now = now.unwrap().to_slot(None);
        assert_eq!(now.title, "Thời sự tối");
        assert_eq!(now.starts_at, "2026-11-29T19:00:00+07:00");
        assert_eq!(now.ends_at, "2026-11-29T19:45:00+07:00");
        assert_eq!(now.show.unwrap().slug, "thoi-su-hgtv");
        let next = next.unwrap().to_slot(None);
        assert_eq!(next.title, "Chương trình tiếng Mông");
        assert_eq!(next.show.unwrap().language, "hmn");
        // At a slot's end the next one is on.
        let (now, _) = now_and_next(hgtv(), at("2026-11-29T19:45:00+07:00"));
        assert_eq!(now.unwrap().def.title, "Chương trình tiếng Mông");
        // Late at night, next is tomorrow's first slot.
        let (now, next) = now_and_next(hgtv(), at("2026-11-29T23:59:59+07:00"));
        assert_eq!(format_vn(now.unwrap().ends_at), "2026-11-30T00:00:00+07:00");
        assert_eq!(
            format_vn(next.unwrap().starts_at),
            "2026-11-30T00:00:00+07:00"
        );
    }
}
