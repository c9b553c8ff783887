//! `/truyen-hinh[/:slug]` and `/phat-thanh[/:slug]?ngay=YYYY-MM-DD`: a live channel with what
//! is on now and next, and its schedule day by day.

use crate::api::types::{Channel, ChannelKind, Slot};
use crate::api::{ApiClient, ApiResource};
use crate::components::offline::FetchedNotice;
use crate::components::player::MediaFrame;
use crate::components::status::{loaded, ListSkeleton};
use crate::context::use_app;
use crate::domain::broadcast::{
    chosen_day, clock, language_name, listed_channel, next_change, schedule_days, slot_state,
    vietnam_date, SlotState,
};
use crate::domain::time::{now, Timestamp};
use crate::pages::not_found::NotFound;
use crate::pages::track_page_meta;
use crate::player::Item;
use crate::router::use_location;
use crate::routes::{self, Route, DAY_KEY};
use leptos::prelude::*;
use std::time::Duration;

/// How often the page looks at the clock, and asks whether the channel is still on air.
const TICK: Duration = Duration::from_secs(15);
const CHANNEL_REFRESH_MS: i64 = 60_000;

/// The page's title and description (also written by the front server).
pub fn meta(channel_name: &str) -> (String, String) {
    (
        channel_name.to_string(),
        format!("Xem, nghe trực tiếp {channel_name} và lịch phát sóng"),
    )
}

#[component]
pub fn ChannelPage() -> impl IntoView {
    let ctx = use_app();
    let params = routes::use_params(|r| match r {
        Route::Channel { kind, slug } => Some((*kind, slug.clone())),
        _ => None,
    });
    let kind = Memo::new(move |_| params.get().map_or(ChannelKind::Tv, |(kind, _)| kind));
    let query = use_location().query;
    let clock_now = RwSignal::new(now());
    if let Ok(handle) = set_interval_with_handle(move || clock_now.set(now()), TICK) {
        on_cleanup(move || handle.clear());
    }
    // The page's own request for the list: the app's has only the channels' kinds.
    let channels = ApiResource::fetch(&ctx.api, |api, ctl| async move { api.channels(ctl).await });
    // `None` while the list loads; `Some(None)` for a channel the station does not have.
    let listed = Memo::new(move |_| {
        let list = channels.get()?.ok().unwrap_or_default();
        let slug = params.get().and_then(|(_, slug)| slug);
        let kind = kind.get();
        Some(listed_channel(&list, kind, slug.as_deref()).cloned())
    });
    let slug = Memo::new(move |_| listed.get().flatten().map(|c| c.slug));
    let day = Memo::new(move |_| chosen_day(query.get().get(DAY_KEY).as_deref(), clock_now.get()));

    // The channel itself, asked again when a slot ends (now and next move on) and every
    // minute (it may go off air or come back).
    let refresh = RwSignal::new(0u32);
    let channel = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let slug = slug.get();
        refresh.track();
        async move {
            match slug {
                Some(slug) => api.channel(&slug, ctl).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let last_fetch = StoredValue::new(now());
    Effect::new(move |_| {
        let t = clock_now.get();
        let change = channel.get().and_then(Result::ok).flatten().and_then(|c| {
            next_change(
                &[c.now, c.next].into_iter().flatten().collect::<Vec<_>>(),
                last_fetch.get_value(),
            )
        });
        if change.is_some_and(|c| c <= t)
            || (t.0 - last_fetch.get_value().0) * 1000 >= CHANNEL_REFRESH_MS
        {
            last_fetch.set_value(t);
            refresh.update(|n| *n += 1);
        }
    });

    let schedule = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let (slug, day) = (slug.get(), day.get());
        async move {
            match slug {
                Some(slug) => api.schedule(&slug, &day, ctl).await.map(|s| s.slots),
                None => Ok(Vec::new()),
            }
        }
    });

    track_page_meta(move || listed.get().flatten().map(|c| meta(&c.name)));

    move || match listed.get() {
        Some(None) => view! { <NotFound/> }.into_any(),
        None => view! { <ListSkeleton rows=3/> }.into_any(),
        Some(Some(listed)) => {
            let siblings = channels
                .get_untracked()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| c.kind == listed.kind)
                .collect::<Vec<_>>();
            let kind = listed.kind;
            let slug_now = listed.slug.clone();
            let schedule_path = move || ApiClient::schedule_path(&slug_now, &day.get());
            let fallback = listed.clone();
            view! {
                <h1 class="page-title">{listed.name.clone()}</h1>
                {(siblings.len() > 1).then(|| channel_tabs(&siblings, &listed.slug))}
                {move || match channel.get() {
                    Some(Ok(Some(c))) => on_air_view(c).into_any(),
                    // The list's copy stands in while the channel is asked again or fails.
                    _ => on_air_view(fallback.clone()).into_any(),
                }}
                <section class="schedule" aria-labelledby="lich-phat-song">
                    <h2 class="section-title" id="lich-phat-song">"Lịch phát sóng"</h2>
                    {day_picker(kind, listed.slug.clone(), day, clock_now)}
                    {loaded(schedule, || view! { <ListSkeleton rows=4/> }.into_any(), move |slots| {
                        // Read once the answer is in: a copy from the offline cache says so.
                        view! {
                            <FetchedNotice path=schedule_path() always=true/>
                            {schedule_list(slots, kind, clock_now)}
                        }
                    })}
                </section>
            }
            .into_any()
        }
    }
}

fn channel_tabs(channels: &[Channel], current: &str) -> impl IntoView {
    view! {
        <nav class="channel-tabs" aria-label="Các kênh">
            <ul>
                {channels.iter().map(|c| {
                    let here = (c.slug == current).then_some("page");
                    view! { <li><a href=routes::channel(c.kind, &c.slug, None) aria-current=here>{c.name.clone()}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The player and what is on now and next, or the off-air notice.
fn on_air_view(channel: Channel) -> impl IntoView {
    let now_next = [("Đang phát", channel.now.clone()), ("Tiếp theo", channel.next.clone())]
        .into_iter()
        .filter_map(|(label, slot)| {
            let slot = slot?;
            Some(view! {
                <div class="now-next-item">
                    <dt>{label}</dt>
                    <dd>
                        <span class="slot-time">{clock(&slot.starts_at)}" – "{clock(&slot.ends_at)}</span>
                        " "<strong>{slot.title}</strong>
                    </dd>
                </div>
            })
        })
        .collect_view();
    let player = match Item::live(&channel) {
        Some(item) if channel.on_air => view! { <MediaFrame item eager=true/> }.into_any(),
        _ => view! {
            <div class="off-air" role="status">
                <p class="error-title">"Kênh đang tạm ngừng phát sóng"</p>
                <p>"Mời bạn xem lịch phát sóng bên dưới, hoặc quay lại sau."</p>
            </div>
        }
        .into_any(),
    };
    view! {
        {player}
        <dl class="now-next" aria-live="polite">{now_next}</dl>
    }
}

fn day_picker(
    kind: ChannelKind,
    slug: String,
    day: Memo<String>,
    clock_now: RwSignal<Timestamp>,
) -> impl IntoView {
    move || {
        let chosen = day.get();
        let today = vietnam_date(clock_now.get());
        view! {
            <nav class="day-picker" aria-label="Chọn ngày">
                <ul>
                    {schedule_days(clock_now.get()).into_iter().map(|d| {
                        let href = routes::channel(kind, &slug, (d.date != today).then_some(d.date.as_str()));
                        let here = (d.date == chosen).then_some("page");
                        // Shown short ("T2 23/11"), read in full ("Hôm qua, Thứ Bảy, 28/11/2026").
                        let spoken = if d.label.contains('/') { d.full } else { format!("{}, {}", d.label, d.full) };
                        view! {
                            <li><a href=href aria-current=here>
                                <span aria-hidden="true">{d.label}</span>
                                <span class="visually-hidden">{spoken}</span>
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        }
    }
}

fn schedule_list(slots: Vec<Slot>, kind: ChannelKind, clock_now: RwSignal<Timestamp>) -> AnyView {
    if slots.is_empty() {
        return view! { <p class="muted">"Chưa có lịch phát sóng cho ngày này."</p> }.into_any();
    }
    let again = if kind == ChannelKind::Radio {
        "Nghe lại"
    } else {
        "Xem lại"
    };
    view! {
        <ol class="schedule-list">
            {slots.into_iter().map(|slot| {
                let state = {
                    let slot = slot.clone();
                    Memo::new(move |_| slot_state(&slot, clock_now.get()))
                };
                let language = slot
                    .show
                    .as_ref()
                    .and_then(|s| language_name(&s.language).filter(|_| s.language != "vi"));
                let link = slot.programme_id.map(|id| view! {
                    <a class="slot-again" href=routes::programme(id, "")>{again}</a>
                });
                view! {
                    <li class="slot"
                        class:slot-past=move || state.get() == SlotState::Past
                        class:slot-on-air=move || state.get() == SlotState::OnAir
                        aria-current=move || (state.get() == SlotState::OnAir).then_some("time")>
                        <time class="slot-time" datetime=slot.starts_at.clone()>{clock(&slot.starts_at)}</time>
                        <span class="slot-title">
                            {slot.title}
                            {language.map(|l| view! { <span class="slot-language">" · "{l}</span> })}
                            {move || (state.get() == SlotState::OnAir).then(|| view! { <span class="badge-on-air">"Đang phát"</span> })}
                        </span>
                        {link}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
