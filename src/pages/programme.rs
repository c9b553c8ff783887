//! `/xem-lai/:id/:slug`: one programme to watch or hear again.

use crate::api::types::{MediaKind, Programme};
use crate::api::{ApiClient, ApiError, ApiResource};
use crate::components::offline::FetchedNotice;
use crate::components::player::{CaptionsChoice, DownloadButton, MediaFrame};
use crate::components::reading_tools::ShareBar;
use crate::components::status::{loaded, ArticleSkeleton};
use crate::context::use_app;
use crate::domain::broadcast::language_label;
use crate::domain::time;
use crate::pages::not_found::NotFound;
use crate::pages::track_page_meta;
use crate::player::Item;
use crate::router::use_location;
use crate::routes::{self, ProgrammeFilter, Route};
use leptos::prelude::*;

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let ctx = use_app();
    let params = routes::use_params(|r| match r {
        Route::Programme { id, slug } => Some((*id, slug.clone())),
        _ => None,
    });
    let id = Memo::new(move |_| params.get().map(|(id, _)| id));
    let url_slug = Memo::new(move |_| params.get().and_then(|(_, slug)| slug));
    let programme = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.programme(id, ctl).await,
                None => Err(ApiError::Http {
                    status: 404,
                    body: None,
                }),
            }
        }
    });
    // A link from the schedule has no slug: the page moves to the canonical URL.
    let location = use_location();
    Effect::new(move |_| {
        if let Some(Ok(p)) = programme.get() {
            if url_slug.get().as_deref() != Some(p.slug.as_str()) && !p.slug.is_empty() {
                location.replace(&routes::programme(p.id, &p.slug));
            }
        }
    });
    track_page_meta(move || match programme.get()? {
        Ok(p) => Some((p.title, p.description.unwrap_or_default())),
        Err(e) if e.is_not_found() => Some((crate::pages::not_found::TITLE.into(), String::new())),
        Err(_) => None,
    });
    move || match programme.get() {
        Some(Err(e)) if e.is_not_found() => view! { <NotFound/> }.into_any(),
        _ => loaded(
            programme,
            || view! { <ArticleSkeleton/> }.into_any(),
            programme_view,
        )()
        .into_any(),
    }
}

fn programme_view(p: Programme) -> impl IntoView {
    let item = Item::programme(&p);
    let show_href = routes::programmes(
        &ProgrammeFilter {
            show: Some(p.show.slug.clone()),
            ..Default::default()
        },
        1,
    );
    let language =
        (p.show.language != "vi").then(|| format!(" · {}", language_label(&p.show.language)));
    let share_path = routes::programme(p.id, &p.slug);
    let audio = p.media.kind == MediaKind::Audio;
    view! {
        <article class="article programme">
            <p class="article-category"><a href=show_href>{p.show.name.clone()}</a>{language}</p>
            <h1 class="article-title">{p.title.clone()}</h1>
            <p class="meta article-meta">
                <time datetime=time::datetime_attr(&p.published_at)>{time::display_time(&p.published_at)}</time>
            </p>
            <FetchedNotice path=ApiClient::programme_path(p.id)/>
            <MediaFrame item eager=true/>
            <div class="article-tools">
                <CaptionsChoice media=p.media.clone()/>
                {audio.then(|| view! { <DownloadButton media=p.media.clone()/> })}
                <ShareBar title=p.title.clone() path=share_path/>
            </div>
            {p.description.map(|d| view! { <p class="sapo">{d}</p> })}
        </article>
    }
}
