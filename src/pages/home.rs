//! `/`: featured stories, latest, most read and a section per category, from one `GET /home`.

use crate::api::types::{Home, HomeSection};
use crate::api::{ApiClient, ApiResource};
use crate::components::article_card::{ArticleCard, CardStyle};
use crate::components::offline::FetchedNotice;
use crate::components::status::{loaded, ListSkeleton};
use crate::context::use_app;
use crate::pages::track_page_meta;
use crate::routes;
use crate::tasks::Staged;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let ctx = use_app();
    let home = ApiResource::fetch(&ctx.api, |api, ctl| async move { api.home(ctl).await });
    let site = ctx.site;
    track_page_meta(move || {
        let site = site.get().and_then(Result::ok)?;
        Some((String::new(), site.tagline.unwrap_or(site.name)))
    });
    view! {
        <h1 class="visually-hidden">{move || site.get().and_then(Result::ok).map(|s| s.name).unwrap_or_else(|| "Trang chủ".into())}</h1>
        {loaded(home, || view! { <ListSkeleton rows=8/> }.into_any(), home_view)}
    }
}

fn home_view(home: Home) -> impl IntoView {
    let mut featured = home.featured.into_iter();
    let lead = featured.next().map(|item| {
        view! { <ArticleCard item style=CardStyle::Lead eager=true/> }
    });
    let more_featured: Vec<_> = featured.collect();
    let latest = home.latest;
    let most_read = home.most_read;
    // The featured stories first; the side column, then each category's section, in a task
    // of its own after them (crate::tasks): drawn in one task, the page took over 50 ms at 4x
    // CPU (TBT, issue #15).
    let sections: Vec<_> = home
        .sections
        .into_iter()
        .filter(|s| !s.items.is_empty())
        .collect();
    let staged = Staged::new(1 + sections.len());
    let side = staged.shows(1);
    let sections = sections
        .into_iter()
        .enumerate()
        .map(|(i, section)| {
            let shown = staged.shows(2 + i);
            move || shown.get().then(|| section_view(section.clone()))
        })
        .collect_view();
    view! {
        <FetchedNotice path=ApiClient::home_path()/>
        <div class="home-top">
            <section class="featured" aria-label="Tin nổi bật">
                {lead}
                <div class="featured-more">
                    {more_featured.into_iter().map(|item| view! { <ArticleCard item style=CardStyle::Card/> }).collect_view()}
                </div>
            </section>
            {move || side.get().then(|| view! {
                <aside class="side">
                    <section class="side-box" aria-labelledby="tin-moi">
                        <h2 class="section-title" id="tin-moi">"Tin mới nhất"</h2>
                        {latest.clone().into_iter().map(|item| view! { <ArticleCard item style=CardStyle::Compact/> }).collect_view()}
                    </section>
                    <section class="side-box" aria-labelledby="doc-nhieu">
                        <h2 class="section-title" id="doc-nhieu">"Đọc nhiều"</h2>
                        <ol class="ranked">
                            {most_read.clone().into_iter().map(|item| view! { <li><ArticleCard item style=CardStyle::Compact/></li> }).collect_view()}
                        </ol>
                    </section>
                </aside>
            })}
        </div>
        {sections}
    }
}

/// A category's section, with its newest stories.
fn section_view(s: HomeSection) -> impl IntoView {
    let heading_id = format!("muc-{}", s.category.slug);
    let labelled_by = heading_id.clone();
    let href = routes::category(&s.category.slug, 1);
    view! {
        <section class="home-section" aria-labelledby=labelled_by>
            <h2 class="section-title" id=heading_id>
                <a href=href>{s.category.name}</a>
            </h2>
            <div class="grid">
                {s.items.into_iter().map(|item| view! { <ArticleCard item style=CardStyle::Card/> }).collect_view()}
            </div>
        </section>
    }
}
