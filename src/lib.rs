//! The reader-facing news portal: a Leptos single-page app rendered in the browser from the
//! station's JSON API (see `CONTRACT.md`).

pub mod api;
pub mod app;
pub mod chunks;
pub mod components;
pub mod config;
pub mod context;
pub mod domain;
pub mod json;
pub mod outbox;
pub mod pages;
pub mod player;
pub mod pwa;
pub mod router;
pub mod routes;
pub mod sanitize;
pub mod storage;
pub mod tasks;
pub mod url;

// Talc in place of the default dlmalloc: smaller in the main wasm (issue #15), and maintained.
// Declared in the library so that the browser tests run on it too.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
