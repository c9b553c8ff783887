//! `/bai-viet/:id/:slug`: one article with its approved comments and related articles.

use crate::api::types::{Article, Comment, Page};
use crate::api::{ApiClient, ApiError, ApiResource};
use crate::chunks;
use crate::components::article_body::ArticleBody;
use crate::components::article_card::{ArticleCard, CardStyle};
use crate::components::offline::{FetchedNotice, SaveButton};
use crate::components::player::ArticleMedia;
use crate::components::reading_tools::{ListenButton, ShareBar};
use crate::components::status::{loaded, ArticleSkeleton, ErrorView};
use crate::context::use_app;
use crate::domain::pagination::page_count;
use crate::domain::time::{self, now};
use crate::outbox;
use crate::pages::not_found::NotFound;
use crate::pages::track_page_meta;
use crate::player::Item;
use crate::routes::{self, ArticleParams};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params};
use leptos_router::NavigateOptions;

pub const COMMENTS_PER_PAGE: u32 = 10;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let ctx = use_app();
    let params = use_params::<ArticleParams>();
    let id = Memo::new(move |_| params.get().ok().and_then(|p| p.id));
    let url_slug = Memo::new(move |_| params.get().ok().and_then(|p| p.slug));
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
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(a)) = article.get() {
            if url_slug.get().as_deref() != Some(a.summary.slug.as_str())
                && !a.summary.slug.is_empty()
            {
                navigate(
                    &routes::article(a.summary.id, &a.summary.slug),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
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
    let author = a
        .author
        .filter(|a| !a.trim().is_empty())
        .map(|name| view! { <p class="byline">{name}</p> });
    let tags = (!a.tags.is_empty()).then(|| {
        view! {
            <div class="tags">
                <span class="tags-label">"Từ khóa:"</span>
                <ul>
                    {a.tags.into_iter().map(|t| { let href = routes::search(&t, 1); view! { <li><a href=href>{t}</a></li> } }).collect_view()}
                </ul>
            </div>
        }
    });
    let related = (!a.related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="tin-lien-quan">
                <h2 class="section-title" id="tin-lien-quan">"Tin liên quan"</h2>
                <div class="grid">
                    {a.related.into_iter().map(|item| view! { <ArticleCard item style=CardStyle::Card/> }).collect_view()}
                </div>
            </section>
        }
    });
    let notice_path = ApiClient::article_path(s.id);
    let summary = s.clone();
    // The article's video or audio comes first, as broadcasters' sites put it.
    let media = a
        .media
        .iter()
        .enumerate()
        .map(|(i, m)| view! { <ArticleMedia item=Item::article(&s, i, m) eager=i == 0/> })
        .collect_view();
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
            <ArticleBody html=a.body_html/>
            {author}
            {tags}
            <SaveButton article=summary/>
        </article>
        <Comments article_id=s.id count=s.comment_count open=a.comments_open/>
        {related}
    }
}

/// The approved comments, a page at a time.
#[component]
fn Comments(article_id: u64, count: u32, open: bool) -> impl IntoView {
    let page = RwSignal::new(1u32);
    let comments = ApiResource::fetch(&use_app().api, move |api, ctl| {
        let page = page.get();
        async move { api.comments(article_id, page, COMMENTS_PER_PAGE, ctl).await }
    });
    let published = Signal::derive(move || match comments.get() {
        Some(Ok(p)) if p.page <= 1 => Some(p.items),
        _ => None,
    });
    let heading = if count > 0 {
        format!("Ý kiến bạn đọc ({count})")
    } else {
        "Ý kiến bạn đọc".to_string()
    };
    view! {
        <section class="comments" aria-labelledby="y-kien">
            <h2 class="section-title" id="y-kien">{heading}</h2>
            {move || match comments.get() {
                None | Some(Err(ApiError::Aborted)) => view! { <p class="muted">"Đang tải ý kiến…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error on_retry=Callback::new(move |_| comments.refetch())/> }.into_any(),
                Some(Ok(p)) => comment_page(p, page).into_any(),
            }}
            <CommentSlot article_id open published/>
        </section>
    }
}

/// Where the comment form goes. Its code is downloaded when the reader nears it, or at once
/// when something of theirs waits (a queued draft, comments awaiting review).
#[component]
fn CommentSlot(
    article_id: u64,
    open: bool,
    published: Signal<Option<Vec<Comment>>>,
) -> impl IntoView {
    let wanted = RwSignal::new(outbox::waiting(article_id));
    if !open && !wanted.get_untracked() {
        return view! { <p class="notice">"Bài viết này đã đóng ý kiến bạn đọc."</p> }.into_any();
    }
    let anchor = NodeRef::<leptos::html::Div>::new();
    anchor.on_load(move |el| {
        if !wanted.get_untracked() {
            chunks::when_near(&el, move || wanted.set(true));
        }
    });
    view! {
        <div class="comment-slot" node_ref=anchor>
            {move || wanted.get().then(|| chunks::comment_area(article_id, open, published))}
        </div>
    }
    .into_any()
}

fn comment_page(p: Page<Comment>, page: RwSignal<u32>) -> impl IntoView {
    if p.items.is_empty() && p.page <= 1 {
        return view! { <p class="muted">"Chưa có ý kiến nào. Hãy là người đầu tiên chia sẻ ý kiến."</p> }.into_any();
    }
    let pages = page_count(p.total, p.per_page.max(1));
    let current = p.page;
    view! {
        <ol class="comment-list">
            {p.items
                .into_iter()
                .map(|c| {
                    view! {
                        <li class="comment">
                            <p class="comment-head">
                                <span class="comment-author">{c.author_name}</span>
                                <time datetime=time::datetime_attr(&c.created_at)>{time::display_time(&c.created_at)}</time>
                            </p>
                            <p class="comment-content">{c.content}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        {(pages > 1).then(|| view! {
            <div class="comment-pager">
                <button type="button" class="button-link" disabled=current <= 1 on:click=move |_| page.set(current.saturating_sub(1).max(1))>
                    "Ý kiến mới hơn"
                </button>
                <span>{format!("Trang {current}/{pages}")}</span>
                <button type="button" class="button-link" disabled=current >= pages on:click=move |_| page.set(current + 1)>
                    "Ý kiến cũ hơn"
                </button>
            </div>
        })}
    }
    .into_any()
}
