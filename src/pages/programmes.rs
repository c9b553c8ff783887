//! `/xem-lai?chuong-trinh=…&loai=xem|nghe&ngon-ngu=…&trang=N`: programmes to watch or hear
//! again, by show, kind and language, with the reader's "Nghe tiếp" list on top.

use crate::api::types::{MediaKind, Page, Programme, Show};
use crate::api::{ApiClient, ApiResource, ProgrammeQuery};
use crate::components::article_card::Thumb;
use crate::components::offline::FetchedNotice;
use crate::components::pager::Pager;
use crate::components::status::{loaded, ListSkeleton};
use crate::context::use_app;
use crate::domain::broadcast::{duration_text, language_label};
use crate::domain::pagination::{page_count, parse_page};
use crate::domain::time;
use crate::pages::track_page_meta;
use crate::player::progress_list;
use crate::router::use_location;
use crate::routes::{
    self, kind_key, parse_kind, ProgrammeFilter, KIND_KEY, LANGUAGE_KEY, PAGE_KEY, SHOW_KEY,
};
use leptos::prelude::*;

pub const PER_PAGE: u32 = 12;

/// The page's heading.
pub const HEADING: &str = "Xem lại – Nghe lại";

/// The page's title and description (also written by the front server).
pub fn meta(page: u32) -> (String, String) {
    let title = match page {
        1 => HEADING.to_string(),
        n => format!("{HEADING} - Trang {n}"),
    };
    (
        title,
        "Các chương trình truyền hình, phát thanh để xem lại, nghe lại".into(),
    )
}

#[component]
pub fn ProgrammesPage() -> impl IntoView {
    let ctx = use_app();
    let query = use_location().query;
    let filter = Memo::new(move |_| {
        let q = query.get();
        let text = |key| q.get(key).filter(|v: &String| !v.trim().is_empty());
        ProgrammeFilter {
            show: text(SHOW_KEY),
            kind: parse_kind(q.get(KIND_KEY).as_deref()),
            language: text(LANGUAGE_KEY),
        }
    });
    let page = Memo::new(move |_| parse_page(query.get().get(PAGE_KEY).as_deref()));
    let api_query = move |f: ProgrammeFilter, page: u32| ProgrammeQuery {
        show: f.show,
        kind: f.kind,
        language: f.language,
        page,
        per_page: Some(PER_PAGE),
    };
    let list = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let q = api_query(filter.get(), page.get());
        async move { api.programmes(&q, ctl).await }
    });
    let shows = ApiResource::fetch(&ctx.api, |api, ctl| async move { api.shows(ctl).await });
    track_page_meta(move || Some(meta(page.get())));

    view! {
        <h1 class="page-title">{HEADING}</h1>
        <ContinueListening/>
        {move || {
            let shows = shows.get().and_then(Result::ok).unwrap_or_default();
            filters(filter.get(), shows)
        }}
        {loaded(list, || view! { <ListSkeleton/> }.into_any(), move |p| {
            let path = ApiClient::programmes_path(&api_query(filter.get_untracked(), page.get_untracked()));
            view! {
                <FetchedNotice path/>
                {programme_list(p, filter.get_untracked())}
            }
        })}
    }
}

/// "Nghe tiếp": programmes the reader left half-way, newest first.
#[component]
fn ContinueListening() -> impl IntoView {
    let items: Vec<_> = progress_list()
        .into_iter()
        .filter(|p| p.resumable())
        .take(5)
        .collect();
    (!items.is_empty()).then(|| {
        view! {
            <section class="continue" aria-labelledby="nghe-tiep">
                <h2 class="section-title" id="nghe-tiep">"Nghe tiếp"</h2>
                <ul class="continue-list">
                    {items.into_iter().map(|p| view! {
                        <li>
                            <a href=p.href>{p.title}</a>
                            <span class="muted">" · còn "{duration_text(p.duration_s - p.position_s)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// Show, kind and language, as a form that works by keyboard: choosing moves to the list.
fn filters(current: ProgrammeFilter, shows: Vec<Show>) -> impl IntoView {
    let location = use_location();
    let mut languages: Vec<String> = shows.iter().map(|s| s.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let chosen = RwSignal::new(current.clone());
    let go = move |f: ProgrammeFilter| location.navigate(&routes::programmes(&f, 1));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(chosen.get_untracked());
    };
    let select = move |label: &'static str,
                       value: Option<String>,
                       options: Vec<(String, String)>,
                       set: fn(&mut ProgrammeFilter, Option<String>)| {
        view! {
            <label class="filter">
                <span>{label}</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    chosen.update(|f| set(f, (!v.is_empty()).then_some(v)));
                    go(chosen.get_untracked());
                }>
                    <option value="" selected=value.is_none()>"Tất cả"</option>
                    {options.into_iter().map(|(v, name)| {
                        let selected = value.as_deref() == Some(v.as_str());
                        view! { <option value=v selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let show_options = shows
        .iter()
        .map(|s| (s.slug.clone(), s.name.clone()))
        .collect();
    let kind_options = [MediaKind::Video, MediaKind::Audio]
        .into_iter()
        .map(|k| {
            let name = if k == MediaKind::Video {
                "Truyền hình (xem lại)"
            } else {
                "Phát thanh (nghe lại)"
            };
            (kind_key(k).to_string(), name.to_string())
        })
        .collect();
    let language_options = languages
        .into_iter()
        .map(|l| (l.clone(), language_label(&l)))
        .collect();
    view! {
        <form class="programme-filters" role="search" aria-label="Lọc chương trình" on:submit=on_submit>
            {select("Chương trình", current.show.clone(), show_options, |f, v| f.show = v)}
            {select("Loại", current.kind.map(|k| kind_key(k).to_string()), kind_options, |f, v| f.kind = parse_kind(v.as_deref()))}
            {select("Ngôn ngữ", current.language.clone(), language_options, |f, v| f.language = v)}
            <button type="submit" class="button">"Lọc"</button>
        </form>
    }
}

fn programme_list(p: Page<Programme>, filter: ProgrammeFilter) -> AnyView {
    if p.items.is_empty() {
        return view! { <p class="muted">"Chưa có chương trình nào phù hợp."</p> }.into_any();
    }
    let pages = page_count(p.total, p.per_page.max(1));
    view! {
        <ul class="programme-list">
            {p.items.into_iter().map(programme_card).collect_view()}
        </ul>
        <Pager current=p.page pages href=move |n| routes::programmes(&filter, n)/>
    }
    .into_any()
}

fn programme_card(p: Programme) -> impl IntoView {
    let href = routes::programme(p.id, &p.slug);
    let kind = match p.media.kind {
        MediaKind::Video => "Video",
        MediaKind::Audio => "Âm thanh",
    };
    let length = p
        .media
        .duration_s
        .map(|d| format!(" · {}", duration_text(d)));
    let language =
        (p.show.language != "vi").then(|| format!(" · {}", language_label(&p.show.language)));
    view! {
        <li class="programme-card">
            {p.thumbnail.map(|image| view! { <a href=href.clone() tabindex="-1" aria-hidden="true"><Thumb image/></a> })}
            <div>
                <h2 class="card-title"><a href=href>{p.title}</a></h2>
                <p class="meta">
                    {p.show.name}{language}" · "{kind}{length}" · "
                    <time datetime=time::datetime_attr(&p.published_at)>{time::display_time(&p.published_at)}</time>
                </p>
            </div>
        </li>
    }
}
