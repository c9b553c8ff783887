//! One module per route.

pub mod article;
pub mod category;
pub mod channel;
pub mod home;
pub mod kiosk;
pub mod not_found;
pub mod programme;
pub mod programmes;
pub mod saved;
pub mod search;

use crate::app::use_app;
use crate::components::page_meta::{page_title, set_page_meta};
use leptos::prelude::*;

/// Keeps the document title and description in step with the page and the site name.
pub fn track_page_meta(page: impl Fn() -> Option<(String, String)> + 'static) {
    let site = use_app().site;
    Effect::new(move |_| {
        let site = site.get().and_then(Result::ok);
        let site_name = site
            .as_ref()
            .map(|s| s.short_name.clone())
            .filter(|s| !s.is_empty())
            .or_else(|| site.as_ref().map(|s| s.name.clone()));
        let (title, description) = page().unwrap_or_default();
        let title = page_title(Some(&title), site_name.as_deref());
        let description = if description.is_empty() {
            site.map(|s| s.tagline.unwrap_or(s.name))
                .unwrap_or_default()
        } else {
            description
        };
        set_page_meta(&title, &description);
    });
}
