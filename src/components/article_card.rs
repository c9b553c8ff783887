//! An article in a list: lead story, card, or compact line.

use crate::api::types::{ArticleSummary, Image};
use crate::components::offline::OfflineMark;
use crate::context::use_app;
use crate::domain::{resolve_api_url, time};
use crate::routes;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardStyle {
    /// The top story: large photo, headline and lead.
    Lead,
    /// Photo beside headline and lead.
    Card,
    /// Headline and time only.
    Compact,
}

/// A photo with its intrinsic size, so the layout does not shift while it loads.
#[component]
pub fn Thumb(image: Image, #[prop(default = false)] eager: bool) -> impl IntoView {
    let api = use_app().api;
    let src = resolve_api_url(api.base(), &image.url);
    let (w, h) = if image.width > 0 && image.height > 0 {
        (image.width, image.height)
    } else {
        (3, 2)
    };
    view! {
        <img
            src=src
            alt=image.alt
            width=w.to_string()
            height=h.to_string()
            loading=if eager { "eager" } else { "lazy" }
            fetchpriority=if eager { "high" } else { "auto" }
            decoding="async"
        />
    }
}

#[component]
pub fn ArticleCard(
    item: ArticleSummary,
    style: CardStyle,
    #[prop(default = false)] eager: bool,
    /// In a list directly under the page's h1, headlines are h2; under a section, h3.
    #[prop(default = false)]
    top_level: bool,
) -> impl IntoView {
    let href = routes::article(item.id, &item.slug);
    let when = time::relative_or_full(&item.published_at, time::now());
    let full_time = time::display_time(&item.published_at);
    let datetime = time::datetime_attr(&item.published_at);
    let comments = (item.comment_count > 0).then(|| {
        view! {
            <span class="meta-comments" title="Số ý kiến bạn đọc">
                {format!("{} ý kiến", item.comment_count)}
            </span>
        }
    });
    let meta = view! {
        <p class="meta">
            <time datetime=datetime title=full_time>{when}</time>
            {comments}
            <OfflineMark id=item.id/>
        </p>
    };
    match style {
        CardStyle::Compact => view! {
            <article class="card card-compact">
                <h3 class="card-title"><a href=href>{item.title}</a></h3>
                {meta}
            </article>
        }
        .into_any(),
        CardStyle::Card | CardStyle::Lead => {
            let lead = style == CardStyle::Lead;
            let thumb = item.thumbnail.clone().map(|image| {
                view! {
                    <a href=href.clone() class="card-thumb" tabindex="-1" aria-hidden="true">
                        <Thumb image eager/>
                    </a>
                }
            });
            let title = if lead || top_level {
                view! { <h2 class="card-title"><a href=href.clone()>{item.title}</a></h2> }
                    .into_any()
            } else {
                view! { <h3 class="card-title"><a href=href.clone()>{item.title}</a></h3> }
                    .into_any()
            };
            view! {
                <article class="card" class:card-lead=lead>
                    {thumb}
                    <div class="card-text">
                        {title}
                        {meta}
                        <p class="card-sapo">{item.sapo}</p>
                    </div>
                </article>
            }
            .into_any()
        }
    }
}
