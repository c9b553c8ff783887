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

use crate::components::page_meta::{document_meta, set_page_meta};
use crate::context::use_app;
use leptos::prelude::*;

/// Keeps the document title and description in step with the page and the site name.
pub fn track_page_meta(page: impl Fn() -> Option<(String, String)> + 'static) {
    let site = use_app().site;
    Effect::new(move |_| {
        let site = site.get().and_then(Result::ok);
        let (title, description) = page().unwrap_or_default();
        let (title, description) = document_meta(site.as_ref(), &title, &description);
        set_page_meta(&title, &description);
    });
}
