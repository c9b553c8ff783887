//! The article body: untrusted `body_html`, sanitised, inserted as DOM nodes.

use crate::context::use_app;
use crate::sanitize::sanitize_to_fragment;
use leptos::prelude::*;

#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let base = use_app().api.base().to_string();
    let container = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(div) = container.get() {
            div.set_text_content(None);
            if let Some(clean) = sanitize_to_fragment(&document(), &html, &base) {
                let _ = div.append_child(&clean);
            }
        }
    });
    view! { <div class="article-body" node_ref=container></div> }
}
