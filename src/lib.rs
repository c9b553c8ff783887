//! The reader-facing news portal: a Leptos single-page app rendered in the browser from the
//! station's JSON API (see `CONTRACT.md`).

pub mod api;
pub mod app;
pub mod chunks;
pub mod components;
pub mod config;
pub mod context;
pub mod domain;
pub mod outbox;
pub mod pages;
pub mod player;
pub mod pwa;
pub mod routes;
pub mod sanitize;
pub mod storage;
pub mod url;
