//! The application shell: configuration, shared data, header, routes, footer.

use crate::api::{ApiClient, ApiResource};
use crate::components::reading_tools::apply_stored_preferences;
use crate::components::{
    footer::SiteFooter,
    header::{close_panels, SiteHeader},
    offline::StatusBanners,
    outside_kiosk::OutsideKiosk,
};
use crate::config;
use crate::context::AppContext;
use crate::outbox::Outbox;
use crate::player::Player;
use crate::pwa::{use_pwa, Pwa};
use crate::router::{use_location, Router};
use crate::routes::{self, RouteTable};
use crate::tasks::Staged;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    // The app is drawn over several tasks, each short enough not to hold the main thread
    // (Total Blocking Time: most of a task is V8 compiling the wasm functions it calls for the
    // first time; crate::tasks). The router comes with its routes, in one task: a link
    // followed before the routes were there would change the page but not the URL. The boot
    // screen stays until the page and the header are there (the CSS keeps the app hidden until
    // then), and what comes after the page (the footer) shifts nothing. Parts: 1 what the views
    // share, 2 the router and the page, 3 the header, 4 the header's side and the status
    // banners, 5 the footer.
    let staged = Staged::new(5);
    let (services, page, header) = (staged.shows(1), staged.shows(2), staged.shows(3));
    let (header_side, rest) = (staged.shows(4), staged.shows(5));
    Effect::new(move |removed: Option<bool>| {
        if removed == Some(true) {
            return true;
        }
        let now = header_side.get();
        if now {
            remove_boot_shell();
        }
        now
    });

    view! {
        <Show when=move || services.get()>
            <Services>
                <Show when=move || page.get()>
                    <Router>
                        <Show when=move || header.get()>
                            <OutsideKiosk>
                                <a class="skip-link" href="#noi-dung" on:click=|ev| {
                                // The router would treat the fragment as a navigation: move focus ourselves.
                                ev.prevent_default();
                                focus_main();
                            }>"Bỏ qua để xem nội dung"</a>
                                <SiteHeader side=header_side/>
                                {move || header_side.get().then(|| view! { <StatusBanners/> })}
                            </OutsideKiosk>
                        </Show>
                        <NavigationWatch/>
                        <main id="noi-dung" class="container" tabindex="-1">
                            <RouteTable/>
                        </main>
                        <Show when=move || rest.get()>
                            <OutsideKiosk><SiteFooter/><MiniPlayerSlot/></OutsideKiosk>
                        </Show>
                    </Router>
                </Show>
            </Services>
        </Show>
    }
}

/// What every view shares (configuration, API client, site, outbox, PWA, player, reading
/// preferences), provided to the views inside.
#[component]
fn Services(children: Children) -> impl IntoView {
    let api = ApiClient::new(&config::api_base());
    let site = ApiResource::fetch(&api, |api, ctl| async move { api.site(ctl).await });
    let channel_kinds =
        ApiResource::fetch(&api, |api, ctl| async move { api.channel_kinds(ctl).await });
    let outbox = Outbox::provide(api.clone());
    if crate::outbox::any_queued() {
        // A comment an earlier visit could not send goes now, without waiting for its page.
        leptos::task::spawn_local(async move {
            let _ = crate::chunks::start_outbox(outbox).await;
        });
    }
    Pwa::provide(api.base());
    Player::provide(api.base().to_string());
    provide_context(AppContext {
        api,
        site,
        channel_kinds,
    });
    apply_stored_preferences();
    children()
}

/// The mini-player bar, downloaded with the player the first time something plays.
#[component]
fn MiniPlayerSlot() -> impl IntoView {
    let player = crate::player::use_player();
    let playing = Memo::new(move |_| player.item.with(Option::is_some));
    move || playing.get().then(crate::chunks::mini_player)
}

/// New deployments are looked for on in-app navigations too.
#[component]
fn NavigationWatch() -> impl IntoView {
    let pwa = use_pwa();
    let location = use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.path.get();
        // An article's URL getting its slug (replaced in place) is the same page: focus stays,
        // and no forced layout is added to the article's first render.
        if prev.is_some_and(|p| !routes::same_page(&p, &path)) {
            pwa.navigated();
            close_panels();
            // Keyboard and screen-reader users continue from the new page's content.
            focus_main();
        }
        path
    });
}

fn focus_main() {
    if let Some(main) = document().get_element_by_id("noi-dung") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            // The router decides the scroll position (top of a new page); focus must not move it.
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = main.focus_with_options(&options);
        }
    }
}

/// Removes the static loading shell of `index.html` once the app has rendered, but not before
/// the browser has reported the first screen's photo there painted (`elementtiming`, set by
/// the front server and shell/preload.js): replaced before that, the app's copy of it becomes
/// the page's largest paint, and LCP waits for the wasm (in Lighthouse's simulation of the
/// home page 2.5 s instead of 1.2 s). A photo that fails or is slow holds it back for
/// [`BOOT_PHOTO_WAIT`] at most.
fn remove_boot_shell() {
    let Some(boot) = document().get_element_by_id("boot") else {
        return;
    };
    // A photo below the first screen is not painted, so not waited for.
    let height = window().inner_height().ok().and_then(|h| h.as_f64());
    let waiting = boot
        .query_selector("img[elementtiming]")
        .ok()
        .flatten()
        .filter(|photo| height.is_some_and(|h| photo.get_bounding_client_rect().top() < h))
        .and_then(|_| when_painted(boot.clone()));
    if waiting.is_none() {
        dismiss_boot(&boot);
    }
}

/// Takes the boot screen away, and with it the CSS (`.booting`) that keeps the app hidden.
fn dismiss_boot(boot: &web_sys::Element) {
    boot.remove();
    if let Some(body) = document().body() {
        let _ = body.class_list().remove_1("booting");
    }
}

/// Removes `boot` once an element-timing entry (the photo's paint) is reported, or after
/// [`BOOT_PHOTO_WAIT`]. None when the browser has no element timing (Firefox, Safari), which
/// would ignore the observer rather than fail.
fn when_painted(boot: web_sys::Element) -> Option<()> {
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::closure::Closure;

    let constructor = js_sys::Reflect::get(&window(), &"PerformanceObserver".into()).ok()?;
    let types = js_sys::Reflect::get(&constructor, &"supportedEntryTypes".into()).ok()?;
    if !types
        .dyn_into::<js_sys::Array>()
        .ok()?
        .includes(&"element".into(), 0)
    {
        return None;
    }
    let observer: Rc<RefCell<Option<web_sys::PerformanceObserver>>> = Rc::default();
    let remove = {
        let observer = observer.clone();
        move || {
            if let Some(observer) = observer.borrow_mut().take() {
                observer.disconnect();
                dismiss_boot(&boot);
            }
        }
    };
    let on_paint = remove.clone();
    let callback = Closure::<dyn FnMut()>::new(on_paint).into_js_value();
    let created = web_sys::PerformanceObserver::new(callback.unchecked_ref()).ok()?;
    // `{type, buffered}` (web-sys has only `entryTypes`, which never gets a paint reported before
    // the observer existed): the photo has usually been painted long before the app starts.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"element".into()).ok()?;
    js_sys::Reflect::set(&options, &"buffered".into(), &true.into()).ok()?;
    created.observe(options.unchecked_ref());
    *observer.borrow_mut() = Some(created);
    set_timeout(remove, BOOT_PHOTO_WAIT);
    Some(())
}

/// How long the app stays behind the shell for a photo slower than the wasm.
const BOOT_PHOTO_WAIT: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    /// `a ~ b` makes the browser check every `b` against all the siblings before it: with
    /// `b` as broad as `*`, an article of 60,000 paragraphs spent 16 s in style (the 5 MB
    /// answer in tests/e2e/faults.spec.ts). Attribute matches (`~=`) are fine.
    #[test]
    fn stylesheets_use_no_general_sibling_combinator() {
        for (name, css) in [
            ("main.css", include_str!("../style/main.css")),
            ("later.css", include_str!("../style/later.css")),
        ] {
            let mut rest = css;
            let mut code = String::new();
            while let Some(start) = rest.find("/*") {
                code.push_str(&rest[..start]);
                rest = rest[start..]
                    .split_once("*/")
                    .map_or("", |(_, after)| after);
            }
            code.push_str(rest);
            let found = code
                .match_indices('~')
                .find(|(at, _)| !code[at + 1..].starts_with('='));
            // The rule's selector up to the `~` (both ends are ASCII, so char boundaries).
            let selector = found.map(|(at, _)| {
                let start = code[..at].rfind(['}', ';']).map_or(0, |i| i + 1);
                code[start..=at].trim()
            });
            assert!(selector.is_none(), "{name}: {selector:?}");
        }
    }
}
