//! The parts of the app a reader downloads only when a page needs them (issue #15).
//!
//! Each function below is a split point: the release build cuts everything only it reaches
//! out of the main wasm into a chunk of its own (`wasm-split-cli`, run by
//! `tools/build-wasm.mjs`), fetched the first time the function is called. The service worker
//! precaches every chunk after the first visit, so the pages still open offline.
//!
//! The functions are `fallible`: a chunk that cannot be downloaded is an `Err` that
//! [`lazy`] shows with a retry button, instead of the panic it would otherwise be.

use crate::components::status::{ArticleSkeleton, ErrorBox, ListSkeleton};
use crate::outbox::Outbox;
use crate::player::Item;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

/// A view out of a chunk, or why the chunk did not arrive.
pub type Loaded = Result<AnyView, SplitLoaderError>;

type LoadFn = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded>>>>;
type SkeletonFn = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// Shows `skeleton` while the chunk of `load` arrives, then its view; a failed download says
/// so with a retry button.
pub fn lazy<F, Fut>(load: F, skeleton: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    lazy_view(Rc::new(move || Box::pin(load())), Arc::new(skeleton), true)
}

/// Like [`lazy`], for a part the reader did not ask for: when its chunk does not come, its
/// place stays as `skeleton` keeps it, without an alert; the next page that draws it tries
/// again.
fn quietly<F, Fut>(load: F, skeleton: fn() -> AnyView) -> AnyView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    lazy_view(Rc::new(move || Box::pin(load())), Arc::new(skeleton), false)
}

// Not generic, so that the main wasm holds one copy of it, not one per split point.
fn lazy_view(load: LoadFn, skeleton: SkeletonFn, say_so: bool) -> AnyView {
    let attempt = RwSignal::new(0u32);
    let retry = Callback::new(move |_| attempt.update(|n| *n += 1));
    // The browser has one thread: the wrappers only satisfy Leptos's `Send` bounds.
    let load = SendWrapper::new(load);
    let fallback = skeleton.clone();
    view! {
        <Suspense fallback=move || fallback()>
            {move || {
                attempt.track();
                let loading = SendWrapper::new(load());
                let skeleton = skeleton.clone();
                // `Suspend` runs the future under this owner: the chunk's view sees the
                // app's context like any other.
                Suspend::new(async move {
                    match loading.await {
                        Ok(view) => view,
                        Err(_) if !say_so => skeleton(),
                        Err(_) => view! {
                            <ErrorBox
                                title="Không tải được phần này của trang"
                                message="Vui lòng kiểm tra kết nối mạng và thử lại."
                                on_retry=retry/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

// The routes whose page is a chunk of its own: the route table shows these.

/// `/kiosk`: the kiosk screen and its QR codes.
pub fn kiosk() -> AnyView {
    lazy(kiosk_page, crate::pages::kiosk::skeleton)
}

/// `/truyen-hinh`, `/phat-thanh`: a channel, its player and schedule.
pub fn channel() -> AnyView {
    lazy(channel_page, page_skeleton)
}

/// `/xem-lai`: programmes to watch or hear again.
pub fn programmes() -> AnyView {
    lazy(programmes_page, list_skeleton)
}

/// `/xem-lai/:id`: one programme and its player.
pub fn programme() -> AnyView {
    lazy(programme_page, page_skeleton)
}

/// `/da-luu`: the articles saved for reading offline.
pub fn saved() -> AnyView {
    lazy(saved_page, list_skeleton)
}

/// `/tim-kiem`: search.
pub fn search() -> AnyView {
    lazy(search_page, list_skeleton)
}

/// The bar that keeps what plays in reach on every page: only something the player (in the
/// broadcast chunk) started can be playing, so the chunk is there when the bar is needed.
pub fn mini_player() -> AnyView {
    lazy(mini_player_bar, nothing)
}

/// An article's player, started: the reader pressed play on its cover, which the article
/// shows (`cover`) while the chunk arrives.
pub fn media_frame(
    item: Item,
    eager: bool,
    cover: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    lazy(move || media_frame_started(item.clone(), eager), cover)
}

/// An article's reader comments (the approved ones, the reader's awaiting review, the form),
/// once the reader nears them or something of theirs waits. The section says it is loading
/// while the chunk arrives.
pub fn comments(article_id: u64, open: bool, waiting: bool) -> AnyView {
    lazy(
        move || comments_view(article_id, open, waiting),
        crate::components::comments::loading,
    )
}

/// Calls `near` once `el` comes within about a screen of the viewport (at once where the
/// browser cannot tell).
pub fn when_near(el: &web_sys::Element, near: impl Fn() + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let near = Rc::new(near);
    let on_seen = near.clone();
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("600px 0px");
    let seen = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let close = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if close {
                observer.disconnect();
                on_seen();
            }
        },
    );
    match web_sys::IntersectionObserver::new_with_options(seen.as_ref().unchecked_ref(), &options) {
        Ok(observer) => {
            observer.observe(el);
            // Called at most once more, then the observer lets go of it.
            seen.forget();
        }
        Err(_) => near(),
    }
}

/// Reading the article aloud, started: the reader pressed "Nghe đọc bài", which the article
/// shows (`button`) while the chunk arrives.
pub fn listen_controls(button: fn() -> AnyView) -> AnyView {
    lazy(listen_started, button)
}

/// A part the page is read without: `placeholder` holds its place until `wanted` first
/// says so, then `part` fetches its chunk.
fn once_wanted(
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    part: impl Fn() -> AnyView + Send + Sync + 'static,
    placeholder: fn() -> AnyView,
) -> AnyView {
    let wanted = Memo::new(move |before: Option<&bool>| before == Some(&true) || wanted());
    (move || if wanted.get() { part() } else { placeholder() }).into_any()
}

// The reading tools (issue #15: loaded only when used), in the reading chunk with reading
// aloud. The share buttons and "Lưu đọc sau" stay in the main module: fetched after the
// page's load, they cost the article 200-400 ms of Total Blocking Time in `cargo xtask bench`
// (docs/performance.md).

/// The header's text size and theme controls: fetched when the reader opens the reading
/// settings (phones, where they are behind a button), or once the page has loaded and the
/// browser is idle where they are in view (wider screens, or a tablet turned to landscape).
pub fn comfort_controls(opened: Signal<bool>) -> AnyView {
    let idle = RwSignal::new(false);
    crate::pwa::when_idle_after_load(move || idle.set(true));
    let in_view = wide_screen();
    once_wanted(
        move || opened.get() || (in_view.get() && idle.get()),
        // Opened by the reader, a failed download says so; fetched unasked, it keeps quiet.
        move || {
            if opened.get_untracked() {
                lazy(comfort_tools, comfort_placeholder)
            } else {
                quietly(comfort_tools, comfort_placeholder)
            }
        },
        comfort_placeholder,
    )
}

/// Whether the reading settings are in the masthead, not behind a button (style/main.css),
/// following the screen as it turns or the window as it is resized.
fn wide_screen() -> Signal<bool> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let wide = RwSignal::new(false);
    if let Ok(Some(query)) = window().match_media("(min-width: 720px)") {
        wide.set(query.matches());
        let watched = query.clone();
        let on_change = Closure::<dyn Fn()>::new(move || wide.set(watched.matches()));
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        let watch = SendWrapper::new((query, on_change));
        on_cleanup(move || {
            let (query, _on_change) = watch.take();
            query.set_onchange(None);
        });
    }
    wide.into()
}

/// The menu's "Cài đặt ứng dụng", fetched when the browser offers installing.
pub fn install_entry() -> AnyView {
    let pwa = crate::pwa::use_pwa();
    once_wanted(
        move || !matches!(pwa.install.get(), crate::pwa::Install::Unavailable),
        || quietly(install_tools, nothing),
        nothing,
    )
}

// Keeps the controls' size (style/main.css), so nothing moves when they come.
fn comfort_placeholder() -> AnyView {
    view! { <div class="comfort comfort-pending"></div> }.into_any()
}

fn list_skeleton() -> AnyView {
    view! { <ListSkeleton/> }.into_any()
}

fn page_skeleton() -> AnyView {
    view! { <ArticleSkeleton/> }.into_any()
}

fn nothing() -> AnyView {
    ().into_any()
}

// The split points. Functions with the same chunk name share one download.

#[wasm_split(kiosk, wasm_split_path = ::leptos::wasm_split, fallible)]
fn kiosk_page() -> Loaded {
    use crate::pages::kiosk::KioskPage;
    Ok(view! { <KioskPage/> }.into_any())
}

#[wasm_split(broadcast, wasm_split_path = ::leptos::wasm_split, fallible)]
fn channel_page() -> Loaded {
    use crate::pages::channel::ChannelPage;
    Ok(view! { <ChannelPage/> }.into_any())
}

#[wasm_split(broadcast, wasm_split_path = ::leptos::wasm_split, fallible)]
fn programmes_page() -> Loaded {
    use crate::pages::programmes::ProgrammesPage;
    Ok(view! { <ProgrammesPage/> }.into_any())
}

#[wasm_split(broadcast, wasm_split_path = ::leptos::wasm_split, fallible)]
fn programme_page() -> Loaded {
    use crate::pages::programme::ProgrammePage;
    Ok(view! { <ProgrammePage/> }.into_any())
}

#[wasm_split(broadcast, wasm_split_path = ::leptos::wasm_split, fallible)]
fn mini_player_bar() -> Loaded {
    use crate::components::player::MiniPlayer;
    Ok(view! { <MiniPlayer/> }.into_any())
}

#[wasm_split(broadcast, wasm_split_path = ::leptos::wasm_split, fallible)]
fn media_frame_started(item: Item, eager: bool) -> Loaded {
    use crate::components::player::MediaFrame;
    Ok(view! { <MediaFrame item=item eager=eager start=true/> }.into_any())
}

#[wasm_split(comments, wasm_split_path = ::leptos::wasm_split, fallible)]
fn comments_view(article_id: u64, open: bool, waiting: bool) -> Loaded {
    use crate::components::comments::CommentSection;
    Ok(view! { <CommentSection article_id=article_id open=open waiting=waiting/> }.into_any())
}

/// Starts the outbox of comments waiting to be sent.
#[wasm_split(comments, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start_outbox(outbox: Outbox) -> Result<(), SplitLoaderError> {
    outbox.start();
    Ok(())
}

#[wasm_split(reading, wasm_split_path = ::leptos::wasm_split, fallible)]
fn listen_started() -> Loaded {
    use crate::components::reading_tools::ListenControls;
    Ok(view! { <ListenControls at_once=true/> }.into_any())
}

#[wasm_split(reading, wasm_split_path = ::leptos::wasm_split, fallible)]
fn comfort_tools() -> Loaded {
    use crate::components::reading_tools::ComfortControls;
    Ok(view! { <ComfortControls/> }.into_any())
}

#[wasm_split(reading, wasm_split_path = ::leptos::wasm_split, fallible)]
fn install_tools() -> Loaded {
    use crate::components::offline::InstallEntry;
    Ok(view! { <InstallEntry/> }.into_any())
}

#[wasm_split(saved, wasm_split_path = ::leptos::wasm_split, fallible)]
fn saved_page() -> Loaded {
    use crate::pages::saved::SavedPage;
    Ok(view! { <SavedPage/> }.into_any())
}

#[wasm_split(search, wasm_split_path = ::leptos::wasm_split, fallible)]
fn search_page() -> Loaded {
    use crate::pages::search::SearchPage;
    Ok(view! { <SearchPage/> }.into_any())
}
