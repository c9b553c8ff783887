//! Loading skeletons and error messages with a retry button.

use crate::api::{ApiError, ApiResource};
use leptos::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    let skeleton_shown = FirstScreen::entry();
    move || {
        let value = res.get();
        skeleton_shown(matches!(value, None | Some(Err(ApiError::Aborted))));
        match value {
            None | Some(Err(ApiError::Aborted)) => skeleton(),
            Some(Err(error)) => {
                view! { <ErrorView error on_retry=Callback::new(move |_| res.refetch())/> }
                    .into_any()
            }
            Some(Ok(data)) => ok(data).into_any(),
        }
    }
}

/// How many views drawn by [`loaded`] show their skeleton: the app keeps the front server's
/// boot screen, which has the page's first screen, until none does (`app::App`), rather than
/// replace it with skeletons for the moment the data takes to be drawn.
#[derive(Clone, Copy, Default)]
pub struct FirstScreen(RwSignal<usize>);

impl FirstScreen {
    /// Whether some view still shows its skeleton.
    pub fn waiting(self) -> bool {
        self.0.get() > 0
    }

    /// One view's part of the count: call it with whether the view shows its skeleton now.
    /// A view dropped while it does (a navigation) stops counting.
    fn entry() -> impl Fn(bool) {
        let context = use_context::<FirstScreen>();
        let counted = Arc::new(AtomicBool::new(false));
        if let Some(FirstScreen(count)) = context {
            let counted = counted.clone();
            on_cleanup(move || {
                if counted.swap(false, Ordering::Relaxed) {
                    count.try_update(|n| *n = n.saturating_sub(1));
                }
            });
        }
        move |skeleton| {
            let Some(FirstScreen(count)) = context else {
                return;
            };
            if counted.swap(skeleton, Ordering::Relaxed) != skeleton {
                let step = |n: usize| if skeleton { n + 1 } else { n.saturating_sub(1) };
                count.update(|n| *n = step(*n));
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_screen_waits_for_every_skeleton_shown() {
        let root = Owner::new();
        root.with(|| {
            let first_screen = FirstScreen::default();
            provide_context(first_screen);
            let page = Owner::new();
            let list = page.with(FirstScreen::entry);
            let box_ = FirstScreen::entry();
            assert!(!first_screen.waiting());
            list(true);
            box_(true);
            list(true);
            assert!(first_screen.waiting());
            box_(false);
            assert!(first_screen.waiting(), "the list still shows its skeleton");
            list(false);
            assert!(!first_screen.waiting());
            // A view dropped with its skeleton shown no longer holds the first screen.
            list(true);
            page.cleanup();
            assert!(!first_screen.waiting());
        });
    }

    #[test]
    fn without_the_context_nothing_is_counted() {
        Owner::new().with(|| FirstScreen::entry()(true));
    }
}
