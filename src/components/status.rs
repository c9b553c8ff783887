//! Loading skeletons and error messages with a retry button.

use crate::api::{ApiError, ApiResource};
use leptos::prelude::*;

/// Reads a resource and renders the skeleton while it loads, the error with a retry
/// button when it failed, and `ok` once it has data.
pub fn loaded<T, V>(
    res: ApiResource<T>,
    skeleton: impl Fn() -> AnyView + 'static,
    ok: impl Fn(T) -> V + 'static,
) -> impl Fn() -> AnyView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match res.get() {
        None | Some(Err(ApiError::Aborted)) => skeleton(),
        Some(Err(error)) => {
            view! { <ErrorView error on_retry=Callback::new(move |_| res.refetch())/> }.into_any()
        }
        Some(Ok(data)) => ok(data).into_any(),
    }
}

#[component]
pub fn ErrorView(error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    let offline = matches!(error, ApiError::Network(_) | ApiError::Timeout)
        && web_sys::window().is_some_and(|w| !w.navigator().on_line());
    if offline {
        return view! {
            <div class="error-box offline-page" role="alert">
                <p class="error-title">"Bạn đang ngoại tuyến"</p>
                <p>"Trang này chưa được lưu trên máy nên chưa mở được khi không có mạng."</p>
                <p>
                    <a href=crate::routes::saved()>"Xem các bài đã lưu"</a>
                    " hoặc "
                    <button type="button" class="button" on:click=move |_| on_retry.run(())>"Thử lại"</button>
                </p>
            </div>
        }
        .into_any();
    }
    view! { <ErrorBox title="Không tải được nội dung" message=error.reader_message() on_retry/> }
        .into_any()
}

/// A failure the reader can do something about: what failed, why, and "Thử lại".
#[component]
pub fn ErrorBox(
    title: &'static str,
    #[prop(into)] message: String,
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <p class="error-title">{title}</p>
            <p>{message}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "Thử lại"
            </button>
        </div>
    }
}

/// Grey blocks in the shape of a list of cards.
#[component]
pub fn ListSkeleton(#[prop(default = 6)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton-list" role="status" aria-busy="true" aria-label="Đang tải">
            {(0..rows)
                .map(|_| {
                    view! {
                        <div class="skeleton-card">
                            <div class="skeleton skeleton-thumb"></div>
                            <div class="skeleton-lines">
                                <div class="skeleton skeleton-line"></div>
                                <div class="skeleton skeleton-line"></div>
                                <div class="skeleton skeleton-line short"></div>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Grey blocks in the shape of an article.
#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton-article" role="status" aria-busy="true" aria-label="Đang tải bài viết">
            <div class="skeleton skeleton-line short"></div>
            <div class="skeleton skeleton-title"></div>
            <div class="skeleton skeleton-title short"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-photo"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-line"></div>
            <div class="skeleton skeleton-line short"></div>
        </div>
    }
}
