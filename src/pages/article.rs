//! `/bai-viet/:id/:slug`: one article with its approved comments and related articles.

use crate::api::types::{Article, ArticleSummary};
use crate::api::{ApiClient, ApiError, ApiResource};
use crate::chunks;
use crate::components::article_body::ArticleBody;
use crate::components::article_card::{ArticleCard, CardStyle};
use crate::components::comments;
use crate::components::offline::{FetchedNotice, SaveButton};
use crate::components::player::ArticleMedia;
use crate::components::reading_tools::{ListenButton, ShareBar};
use crate::components::status::{loaded, ArticleSkeleton};
use crate::context::use_app;
use crate::domain::time::{self, now};
use crate::outbox;
use crate::pages::not_found::NotFound;
use crate::pages::track_page_meta;
use crate::player::Item;
use crate::router::use_location;
use crate::routes::{self, Route};
use crate::tasks::Staged;
use leptos::prelude::*;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let ctx = use_app();
    let params = routes::use_params(|r| match r {
        Route::Article { id, slug } => Some((*id, slug.clone())),
        _ => None,
    });
    let id = Memo::new(move |_| params.get().map(|(id, _)| id));
    let url_slug = Memo::new(move |_| params.get().and_then(|(_, slug)| slug));
    let article = ApiResource::fetch(&ctx.api, move |api, ctl| {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.article(id, ctl).await,
                None => Err(ApiError::Http {
                    status: 404,
                    body: None,
                }),
            }
        }
    });

    // A right id with a wrong or missing slug moves to the canonical URL.
    let location = use_location();
    Effect::new(move |_| {
        if let Some(Ok(a)) = article.get() {
            if url_slug.get().as_deref() != Some(a.summary.slug.as_str())
                && !a.summary.slug.is_empty()
            {
                location.replace(&routes::article(a.summary.id, &a.summary.slug));
            }
        }
    });
    track_page_meta(move || match article.get()? {
        Ok(a) => Some((a.summary.title, a.summary.sapo)),
        Err(e) if e.is_not_found() => Some((crate::pages::not_found::TITLE.into(), String::new())),
        Err(_) => None,
    });

    move || match article.get() {
        Some(Err(e)) if e.is_not_found() => view! { <NotFound/> }.into_any(),
        _ => loaded(
            article,
            || view! { <ArticleSkeleton/> }.into_any(),
            article_view,
        )()
        .into_any(),
    }
}

fn article_view(a: Article) -> impl IntoView {
    let s = a.summary;
    let when = time::relative_or_full(&s.published_at, now());
    let full_time = time::display_time(&s.published_at);
    let datetime = time::datetime_attr(&s.published_at);
    let share_path = routes::article(s.id, &s.slug);
    let share_title = s.title.clone();
    let updated = a
        .updated_at
        .as_deref()
        .filter(|u| time::parse_rfc3339(u) > time::parse_rfc3339(&s.published_at))
        .map(|u| view! { <span class="updated">" · Cập nhật "{time::display_time(u)}</span> });
    let notice_path = ApiClient::article_path(s.id);
    // The article's video or audio comes first, as broadcasters' sites put it.
    let media = a
        .media
        .iter()
        .enumerate()
        .map(|(i, m)| view! { <ArticleMedia item=Item::article(&s, i, m) eager=i == 0/> })
        .collect_view();
    // The headline and lead first; the body (through the sanitizer) with what closes the
    // article, then the comments and related stories, each in a task of its own after them
    // (crate::tasks): drawn in one task, the page took over 50 ms at 4x CPU (TBT, issue #15).
    let staged = Staged::new(2);
    let (body_part, below) = (staged.shows(1), staged.shows(2));
    let body = {
        let (html, author, tags, summary) = (a.body_html, a.author, a.tags, s.clone());
        move || {
            body_part.get().then(|| {
                view! {
                    <ArticleBody html=html.clone()/>
                    {byline(author.clone())}
                    {tags_view(tags.clone())}
                    <SaveButton article=summary.clone()/>
                }
            })
        }
    };
    let (id, count, open, related) = (s.id, s.comment_count, a.comments_open, a.related);
    let below = move || {
        below.get().then(|| {
            view! {
                <Comments article_id=id count open/>
                {related_view(related.clone())}
            }
        })
    };
    view! {
        <article class="article">
            <p class="article-category">
                <a href=routes::category(&s.category.slug, 1)>{s.category.name}</a>
            </p>
            <h1 class="article-title">{s.title}</h1>
            <p class="meta article-meta">
                <time datetime=datetime title=full_time>{when}</time>
                {updated}
            </p>
            {media}
            <div class="article-tools">
                <ListenButton/>
                <ShareBar title=share_title path=share_path/>
            </div>
            <FetchedNotice path=notice_path/>
            <p class="sapo">{s.sapo}</p>
            {body}
        </article>
        {below}
    }
}

fn byline(author: Option<String>) -> Option<impl IntoView> {
    author
        .filter(|a| !a.trim().is_empty())
        .map(|name| view! { <p class="byline">{name}</p> })
}

fn tags_view(tags: Vec<String>) -> Option<impl IntoView> {
    (!tags.is_empty()).then(|| {
        view! {
            <div class="tags">
                <span class="tags-label">"Từ khóa:"</span>
                <ul>
                    {tags.into_iter().map(|t| { let href = routes::search(&t, 1); view! { <li><a href=href>{t}</a></li> } }).collect_view()}
                </ul>
            </div>
        }
    })
}

fn related_view(related: Vec<ArticleSummary>) -> Option<impl IntoView> {
    (!related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="tin-lien-quan">
                <h2 class="section-title" id="tin-lien-quan">"Tin liên quan"</h2>
                <div class="grid">
                    {related.into_iter().map(|item| view! { <ArticleCard item style=CardStyle::Card/> }).collect_view()}
                </div>
            </section>
        }
    })
}

/// The reader comments' section. Its list and form are a chunk of their own, downloaded
/// when the reader nears them, or at once when something of theirs waits (a queued draft,
/// comments awaiting review).
#[component]
fn Comments(article_id: u64, count: u32, open: bool) -> impl IntoView {
    let heading = if count > 0 {
        format!("Ý kiến bạn đọc ({count})")
    } else {
        "Ý kiến bạn đọc".to_string()
    };
    let waiting = outbox::waiting(article_id);
    let wanted = RwSignal::new(waiting);
    // Said at once, without the chunk: a closed article's readers learn it at a glance.
    let closed = (!open && !waiting)
        .then(|| view! { <p class="notice">"Bài viết này đã đóng ý kiến bạn đọc."</p> });
    let anchor = NodeRef::<leptos::html::Div>::new();
    anchor.on_load(move |el| {
        if !wanted.get_untracked() {
            chunks::when_near(&el, move || wanted.set(true));
        }
    });
    view! {
        <section class="comments" aria-labelledby="y-kien">
            <h2 class="section-title" id="y-kien">{heading}</h2>
            <div class="comment-slot" node_ref=anchor>
                {move || {
                    if wanted.get() {
                        chunks::comments(article_id, open, waiting)
                    } else {
                        comments::loading()
                    }
                }}
            </div>
            {closed}
        </section>
    }
}
