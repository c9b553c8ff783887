//! Simulated weather station: a plausible observation for each place and hour (seasonal mean,
//! daily cycle, altitude, and a deterministic dose of chance), stored in the database.

use crate::images::hash;
use crate::timefmt::{hour_vn, year_month_vn};

/// An observation: temperature, condition in Vietnamese, contract icon, humidity.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub temperature_c: f64,
    pub condition: &'static str,
    pub icon: &'static str,
    pub humidity: i64,
    pub observed_at: i64,
}

/// Monthly mean temperature of Hà Giang city (°C), January first.
const MONTHLY_MEAN: [f64; 12] = [
    15.5, 17.0, 20.5, 24.0, 27.0, 28.0, 28.0, 27.8, 26.7, 24.2, 20.4, 17.0,
];
/// Monthly chance of rain (percent).
const MONTHLY_RAIN: [u64; 12] = [10, 12, 18, 30, 45, 60, 65, 60, 45, 30, 18, 10];

/// How much cooler a place is than the provincial capital (altitude).
fn altitude_offset(slug: &str) -> f64 {
    match slug {
        "dong-van" => -6.0,
        "meo-vac" => -5.0,
        "hoang-su-phi" => -3.0,
        "quan-ba" => -5.5,
        "yen-minh" => -3.5,
        "lung-cu" => -7.0,
        _ => 0.0,
    }
}

/// The observation for `slug` at the start of the hour containing `unix`.
pub fn observe(slug: &str, unix: i64) -> Observation {
    let hour_start = unix - unix.rem_euclid(3600);
    let (_, month) = year_month_vn(hour_start);
    let month = (month as usize).clamp(1, 12) - 1;
    let hour = f64::from(hour_vn(hour_start));
    let h = hash(&format!("{slug}@{}", hour_start / 3600));
    let day = hash(&format!("{slug}#{}", hour_start / 86_400));
    // Warmest around 14:00, coolest before dawn.
    let daily = 4.0 * ((hour - 14.0) / 24.0 * std::f64::consts::TAU).cos();
    let noise = (h % 31) as f64 / 10.0 - 1.5;
    let mut temperature = MONTHLY_MEAN[month] + altitude_offset(slug) + daily + noise;
    let rain_roll = day % 100;
    let sky_roll = (h >> 8) % 100;
    let daytime = (6.0..18.0).contains(&hour);
    let (condition, icon, base_humidity) = if rain_roll < MONTHLY_RAIN[month] {
        temperature -= 2.0;
        if (4..=8).contains(&month) && sky_roll < 25 && daytime {
            ("Có dông", "thunderstorm", 90)
        } else {
            ("Mưa rào", "rain", 88)
        }
    } else if (!daytime && sky_roll < 20) || (month <= 2 && sky_roll < 15) {
        ("Sương mù", "fog", 95)
    } else if sky_roll < 40 {
        ("Nhiều mây", "cloudy", 80)
    } else if sky_roll < 70 {
        ("Ít mây", "partly-cloudy", 72)
    } else if daytime {
        ("Nắng", "clear", 62)
    } else {
        ("Trời quang", "clear", 70)
    };
    let humidity = (base_humidity + (h >> 16) as i64 % 9 - 4).clamp(30, 100);
    Observation {
        temperature_c: (temperature * 10.0).round() / 10.0,
        condition,
        icon,
        humidity,
        observed_at: hour_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICONS: [&str; 6] = [
        "clear",
        "partly-cloudy",
        "cloudy",
        "rain",
        "thunderstorm",
        "fog",
    ];

    #[test]
    fn observations_are_plausible_and_repeatable() {
        let start = crate::timefmt::parse_rfc3339("2026-01-01T00:00:00+07:00").unwrap();
        for i in 0..(24 * 365) {
            let t = start + i * 3600 + 1234;
            for slug in ["ha-giang", "dong-van"] {
                let o = observe(slug, t);
                assert_eq!(o, observe(slug, t - 1234 + 3599));
                assert!(ICONS.contains(&o.icon), "{}", o.icon);
                assert!(
                    (-5.0..45.0).contains(&o.temperature_c),
                    "{}",
                    o.temperature_c
                );
                assert!((30..=100).contains(&o.humidity));
                assert_eq!(o.observed_at % 3600, 0);
            }
        }
    }

    #[test]
    fn highlands_are_cooler_on_average() {
        let start = crate::timefmt::parse_rfc3339("2026-01-01T00:00:00+07:00").unwrap();
        let mean = |slug: &str| {
            (0..2000)
                .map(|i| observe(slug, start + i * 3600).temperature_c)
                .sum::<f64>()
                / 2000.0
        };
        assert!(mean("dong-van") < mean("ha-giang") - 3.0);
    }
}
