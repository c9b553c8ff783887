use crate::app::use_app;
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_app().site;
    let name = move || site.get().and_then(Result::ok).map(|s| s.name);
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="footer-name">{name}</p>
                <p>"Ghi rõ nguồn khi phát hành lại thông tin từ trang này."</p>
            </div>
        </footer>
    }
}
