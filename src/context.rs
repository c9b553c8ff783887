//! What every view shares, provided once by the app shell (`app::Services`).

use crate::api::{
    types::{ChannelKind, Site},
    ApiClient, ApiResource,
};
use leptos::prelude::*;

/// What every view shares: the API client, the site description (`GET /site`) and the kinds
/// of the station's channels (`GET /channels`, for the header's menu).
#[derive(Clone)]
pub struct AppContext {
    pub api: ApiClient,
    pub site: ApiResource<Site>,
    pub channel_kinds: ApiResource<Vec<ChannelKind>>,
}

/// The shared context; provided once by `app::Services` before any view asks for it.
pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}
