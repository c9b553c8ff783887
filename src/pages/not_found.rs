//! Unknown URLs and unknown articles.

use crate::pages::track_page_meta;
use crate::routes;
use leptos::prelude::*;

pub const TITLE: &str = "Không tìm thấy trang";
pub const TEXT: &str = "Trang bạn tìm không tồn tại, đã bị gỡ hoặc đường dẫn bị sai.";

#[component]
pub fn NotFoundPage() -> impl IntoView {
    track_page_meta(|| Some((TITLE.into(), String::new())));
    view! { <NotFound/> }
}

/// The message alone, for pages that learn late that their content does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>{TITLE}</h1>
            <p>{TEXT}</p>
            <p>
                <a class="button" href=routes::home()>"Về trang chủ"</a>
            </p>
        </section>
    }
}
