//! An article's reader comments: the approved ones, a page at a time, then the reader's own
//! awaiting review and the form. All of it is the `comments` chunk (src/chunks.rs), loaded
//! when the reader nears the section.

use crate::api::types::{Comment, Page};
use crate::api::{ApiError, ApiResource};
use crate::components::comment_form::CommentArea;
use crate::components::status::ErrorView;
use crate::context::use_app;
use crate::domain::pagination::page_count;
use crate::domain::time;
use leptos::prelude::*;

pub const COMMENTS_PER_PAGE: u32 = 10;

/// What the section shows while its comments, or its chunk, are on their way.
pub fn loading() -> AnyView {
    view! { <p class="muted">"Đang tải ý kiến…"</p> }.into_any()
}

/// The approved comments, then the reader's own awaiting review and the form (unless comments
/// are closed and nothing of the reader's waits: the article page says so itself). `waiting`
/// is `outbox::waiting`, which the article page has read already.
#[component]
pub fn CommentSection(article_id: u64, open: bool, waiting: bool) -> impl IntoView {
    let page = RwSignal::new(1u32);
    let comments = ApiResource::fetch(&use_app().api, move |api, ctl| {
        let page = page.get();
        async move { api.comments(article_id, page, COMMENTS_PER_PAGE, ctl).await }
    });
    // The first page of comments: the reader's that have appeared there stop awaiting review.
    let published = Signal::derive(move || match comments.get() {
        Some(Ok(p)) if p.page <= 1 => Some(p.items),
        _ => None,
    });
    let area = (open || waiting).then(|| view! { <CommentArea article_id open published/> });
    view! {
        {move || match comments.get() {
            None | Some(Err(ApiError::Aborted)) => loading(),
            Some(Err(error)) => view! { <ErrorView error on_retry=Callback::new(move |_| comments.refetch())/> }.into_any(),
            Some(Ok(p)) => comment_page(p, page).into_any(),
        }}
        {area}
    }
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
