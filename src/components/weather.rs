//! The weather in the header: place (the reader's choice, remembered), temperature,
//! condition and icon, refreshed every ten minutes.

use crate::api::types::{Icon, Site};
use crate::api::ApiResource;
use crate::context::use_app;
use crate::domain::weather::temperature_label;
use crate::storage;
use leptos::prelude::*;
use std::time::Duration;

pub const REFRESH: Duration = Duration::from_secs(10 * 60);

/// The place to ask for: the stored choice while the site still offers it (or until /site
/// is known); `None` asks for the API's default place, so the default is fetched once.
pub fn requested_location(chosen: Option<&str>, site: Option<&Site>) -> Option<String> {
    let chosen = chosen?;
    match site {
        Some(site) if !site.weather_locations.iter().any(|l| l.slug == chosen) => None,
        _ => Some(chosen.to_string()),
    }
}

#[component]
pub fn WeatherBox() -> impl IntoView {
    let ctx = use_app();
    let site = ctx.site;
    let chosen = RwSignal::new(storage::get(storage::WEATHER_LOCATION_KEY));
    // Until /site arrives, ask for the stored place (or the API's default) right away
    // instead of waiting for it.
    let location = Memo::new(move |_| {
        let site = site.get().and_then(Result::ok);
        requested_location(chosen.get().as_deref(), site.as_ref())
    });
    let weather = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let loc = location.get();
        async move { api.weather(loc.as_deref(), ctl).await }
    });
    if let Ok(handle) = set_interval_with_handle(move || weather.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }

    let places = move || {
        site.get()
            .and_then(Result::ok)
            .map(|s| s.weather_locations)
            .unwrap_or_default()
    };
    let on_change = move |ev: leptos::ev::Event| {
        let slug = event_target_value(&ev);
        storage::set(storage::WEATHER_LOCATION_KEY, &slug);
        chosen.set(Some(slug));
    };
    let reading = move || {
        let w = weather.get().and_then(Result::ok)?;
        let temp = temperature_label(w.temperature_c);
        let icon = w.icon.filter(|_| temp.is_some()).and_then(icon_view);
        let condition = w.condition.filter(|_| temp.is_some());
        Some(view! {
            {icon}
            {temp.map(|t| view! { <span class="weather-temp">{t}</span> })}
            {condition.map(|c| view! { <span class="weather-cond">{c}</span> })}
        })
    };
    let place_picker = move || {
        let list = places();
        if list.len() > 1 {
            let current = location.get().or_else(|| {
                site.get()
                    .and_then(Result::ok)
                    .and_then(|s| s.default_weather_location)
            });
            view! {
                <label class="visually-hidden" for="weather-place">"Chọn nơi xem thời tiết"</label>
                <select id="weather-place" class="weather-place" on:change=on_change>
                    {list
                        .into_iter()
                        .map(|l| {
                            let selected = current.as_deref() == Some(l.slug.as_str());
                            view! { <option value=l.slug selected=selected>{l.name}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        } else {
            let name = weather
                .get()
                .and_then(Result::ok)
                .map(|w| w.location.name)
                .or_else(|| list.first().map(|l| l.name.clone()));
            view! { <span class="weather-place">{name}</span> }.into_any()
        }
    };
    view! {
        <div class="weather" role="group" aria-label="Thời tiết">
            {place_picker}
            <span class="weather-reading" aria-live="polite">{reading}</span>
        </div>
    }
}

/// A small inline icon; `None` for icons the contract does not name.
pub fn icon_view(icon: Icon) -> Option<AnyView> {
    let sun = || view! { <circle cx="12" cy="12" r="5" fill="#f5b301"/> };
    let cloud = |fill: &'static str| {
        view! { <path d="M7 18h10a4 4 0 0 0 0-8 5.5 5.5 0 0 0-10.6 1.6A3.2 3.2 0 0 0 7 18z" fill=fill/> }
    };
    let (label, body) = match icon {
        Icon::Clear => ("Trời quang", sun().into_any()),
        Icon::PartlyCloudy => (
            "Có mây",
            view! { <g>{sun()}<g transform="translate(2 3)">{cloud("#c9d3de")}</g></g> }.into_any(),
        ),
        Icon::Cloudy => ("Nhiều mây", cloud("#9aa8b6").into_any()),
        Icon::Rain => (
            "Mưa",
            view! { <g>{cloud("#8d9aa8")}<path d="M9 20l-1 3M13 20l-1 3M17 20l-1 3" stroke="#2f80ed" stroke-width="1.5"/></g> }.into_any(),
        ),
        Icon::Thunderstorm => (
            "Dông",
            view! { <g>{cloud("#6f7c8a")}<path d="M12 17l-2 4h3l-2 4" stroke="#f5b301" stroke-width="1.5" fill="none"/></g> }.into_any(),
        ),
        Icon::Fog => (
            "Sương mù",
            view! { <path d="M4 9h16M3 13h18M5 17h14" stroke="#9aa8b6" stroke-width="2" stroke-linecap="round"/> }.into_any(),
        ),
        Icon::Unknown => return None,
    };
    Some(
        view! {
            <svg class="weather-icon" viewBox="0 0 24 24" width="24" height="24" role="img" aria-label=label>
                {body}
            </svg>
        }
        .into_any(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::WeatherLocation;

    fn site() -> Site {
        Site {
            name: "Đài".into(),
            short_name: "HGTV".into(),
            tagline: None,
            categories: vec![],
            weather_locations: ["ha-giang", "dong-van"]
                .map(|s| WeatherLocation {
                    slug: s.into(),
                    name: s.into(),
                })
                .to_vec(),
            default_weather_location: Some("ha-giang".into()),
        }
    }

    #[test]
    fn choice_is_kept_when_offered() {
        let ask = |c: Option<&str>, s: Option<&Site>| requested_location(c, s);
        assert_eq!(
            ask(Some("dong-van"), Some(&site())).as_deref(),
            Some("dong-van")
        );
        // A place the site no longer offers, or no choice: the API's default.
        assert_eq!(ask(Some("da-lat"), Some(&site())), None);
        assert_eq!(ask(None, Some(&site())), None);
        // Before /site arrives the stored choice is asked for at once.
        assert_eq!(ask(Some("dong-van"), None).as_deref(), Some("dong-van"));
        assert_eq!(ask(None, None), None);
    }
}
