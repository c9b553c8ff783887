//! Work spread over several tasks of the browser's main thread (issue #15).
//!
//! On a slow phone every task over 50 ms holds the page (Total Blocking Time), and at start-up
//! most of a task is V8 compiling the wasm functions it calls for the first time. A page is
//! therefore drawn in parts, each in a task of its own, with the browser free to paint and
//! answer the reader between them.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Resolves in a task of its own (after a zero-delay timer), so the browser can paint and
/// handle input between the tasks of the caller.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let timer = web_sys::window().map(|w| w.set_timeout_with_callback(&resolve));
        if !matches!(timer, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The parts of a view, drawn one task after another: part 0 at once, part 1 in the next
/// task, and so on up to the last. Parts read [`Staged::shows`].
#[derive(Clone, Copy)]
pub struct Staged {
    drawn: RwSignal<usize>,
}

impl Staged {
    /// Parts `0..=last`.
    pub fn new(last: usize) -> Self {
        let drawn = RwSignal::new(0);
        next_part(drawn, last);
        Staged { drawn }
    }

    /// Whether `part` is due: true from its task on. A memo, so that a part is built once and
    /// not again for each part after it.
    pub fn shows(self, part: usize) -> Memo<bool> {
        let drawn = self.drawn;
        Memo::new(move |_| drawn.get() >= part)
    }
}

fn next_part(drawn: RwSignal<usize>, last: usize) {
    if drawn.get_untracked() >= last {
        return;
    }
    set_timeout(
        move || {
            // A view gone before its last part (a navigation) stops the timers.
            if drawn.try_update(|n| *n += 1).is_some() {
                next_part(drawn, last);
            }
        },
        Duration::ZERO,
    );
}
