//! Comments on their way to the server. The draft of each article lives in storage until
//! the server has accepted it; when sending fails for want of a connection or a working
//! server it stays queued and is sent again by itself (on a timer with back-off, when the
//! browser comes back online, and on the reader's next visit), always with the same
//! `client_token`, so the server stores it once.

use crate::api::ApiClient;
use crate::domain::comment::{classify, retry_delay_secs, Draft, PendingComment, SendOutcome};
use crate::storage;
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;
use wasm_bindgen::{closure::Closure, JsCast};

/// How often the queue is looked at (it is only sent when its back-off has passed).
const TICK: Duration = Duration::from_secs(5);

#[derive(Clone, Copy)]
pub struct Outbox {
    api: StoredValue<ApiClient>,
    /// Bumped whenever a draft, the queue or a pending list changes, so views reload.
    pub version: RwSignal<u32>,
    sending: StoredValue<BTreeSet<u64>>,
    attempt: StoredValue<u32>,
    next_try_ms: StoredValue<f64>,
    started: StoredValue<bool>,
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn load_draft(article_id: u64) -> Draft {
    storage::get_json(&storage::draft_key(article_id)).unwrap_or_default()
}

pub fn save_draft(article_id: u64, draft: &Draft) {
    if draft.is_empty() && draft.client_token.is_none() {
        storage::remove(&storage::draft_key(article_id));
    } else {
        storage::set_json(&storage::draft_key(article_id), draft);
    }
}

pub fn load_pending(article_id: u64) -> Vec<PendingComment> {
    storage::get_json(&storage::pending_key(article_id)).unwrap_or_default()
}

fn queued_ids() -> Vec<u64> {
    storage::get_json(storage::OUTBOX_KEY).unwrap_or_default()
}

fn set_queued(article_id: u64, queued: bool) {
    let mut ids = queued_ids();
    ids.retain(|id| *id != article_id);
    if queued {
        ids.push(article_id);
    }
    if ids.is_empty() {
        storage::remove(storage::OUTBOX_KEY);
    } else {
        storage::set_json(storage::OUTBOX_KEY, &ids);
    }
}

/// 32 random hex digits from the browser's CSPRNG.
fn new_client_token() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether anything of the reader's waits for an article: a queued draft or comments
/// awaiting review. Cheap (storage only): the article page asks it before it downloads the
/// comment form (src/chunks.rs).
pub fn waiting(article_id: u64) -> bool {
    storage::get(&storage::pending_key(article_id)).is_some() || queued_ids().contains(&article_id)
}

/// Whether any article has a draft in the send queue.
pub fn any_queued() -> bool {
    storage::get(storage::OUTBOX_KEY).is_some()
}

impl Outbox {
    /// Creates the outbox for the app. It does nothing until [`Outbox::start`]: its code
    /// comes with the comment form's chunk.
    pub fn provide(api: ApiClient) -> Self {
        let outbox = Outbox {
            api: StoredValue::new(api),
            version: RwSignal::new(0),
            sending: StoredValue::new(BTreeSet::new()),
            attempt: StoredValue::new(0),
            next_try_ms: StoredValue::new(0.0),
            started: StoredValue::new(false),
        };
        provide_context(outbox);
        outbox
    }

    /// Starts watching the queue (once; later calls do nothing) and sends what is due.
    pub fn start(self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        // The timer and the listener live as long as the page: the app is never unmounted.
        let outbox = self;
        let _ = set_interval_with_handle(move || outbox.flush_when_due(), TICK);
        if let Some(window) = web_sys::window() {
            let on_online = Closure::<dyn Fn()>::new(move || {
                outbox.next_try_ms.set_value(0.0);
                outbox.flush_when_due();
            });
            let _ = window
                .add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            on_online.forget();
        }
        // The reader's next visit sends what an earlier one left queued.
        outbox.flush_when_due();
    }

    fn bump(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }

    fn flush_when_due(self) {
        if queued_ids().is_empty() || now_ms() < self.next_try_ms.get_value() {
            return;
        }
        leptos::task::spawn_local(async move { self.flush().await });
    }

    /// Sends every queued draft; stops at the first that still cannot get through.
    pub async fn flush(self) {
        for id in queued_ids() {
            if !load_draft(id).queued {
                set_queued(id, false);
                continue;
            }
            if let Some(SendOutcome::Retry(_)) = self.send(id).await {
                break;
            }
        }
    }

    pub fn is_sending(&self, article_id: u64) -> bool {
        self.sending.with_value(|s| s.contains(&article_id))
    }

    /// Sends the stored draft of `article_id`. `None` when it is already being sent (a
    /// double click, a repeated Enter, the timer and the reader at once).
    pub async fn send(self, article_id: u64) -> Option<SendOutcome> {
        let mut started = false;
        self.sending
            .update_value(|s| started = s.insert(article_id));
        if !started {
            return None;
        }
        let mut draft = load_draft(article_id);
        let token = draft.client_token.clone().unwrap_or_else(new_client_token);
        draft.client_token = Some(token.clone());
        save_draft(article_id, &draft);

        let api = self.api.get_value();
        let result = api
            .post_comment(article_id, &draft.to_new_comment(&token), &draft.website)
            .await;
        let outcome = classify(result);
        match &outcome {
            SendOutcome::Accepted(_) => {
                let mut pending = load_pending(article_id);
                pending.push(PendingComment {
                    client_token: token,
                    author_name: draft.author_name.trim().to_string(),
                    content: draft.to_new_comment("").content,
                    accepted_ms: now_ms(),
                });
                storage::set_json(&storage::pending_key(article_id), &pending);
                storage::remove(&storage::draft_key(article_id));
                set_queued(article_id, false);
                self.attempt.set_value(0);
            }
            SendOutcome::Retry(_) => {
                draft.queued = true;
                save_draft(article_id, &draft);
                set_queued(article_id, true);
                let attempt = self.attempt.get_value();
                self.attempt.set_value(attempt + 1);
                self.next_try_ms
                    .set_value(now_ms() + f64::from(retry_delay_secs(attempt)) * 1000.0);
            }
            SendOutcome::RateLimited(secs) => {
                if draft.queued {
                    self.next_try_ms.set_value(now_ms() + *secs as f64 * 1000.0);
                }
            }
            SendOutcome::Invalid { .. }
            | SendOutcome::Closed
            | SendOutcome::Gone
            | SendOutcome::Refused(_) => {
                // Needs the reader: back to the form, out of the queue.
                draft.queued = false;
                draft.client_token = None;
                save_draft(article_id, &draft);
                set_queued(article_id, false);
            }
        }
        self.sending.update_value(|s| {
            s.remove(&article_id);
        });
        self.bump();
        Some(outcome)
    }

    /// Forgets pending comments that have been published or are over a week old.
    pub fn prune_pending(&self, article_id: u64, published: &[crate::api::types::Comment]) {
        let before = load_pending(article_id);
        if before.is_empty() {
            return;
        }
        let after = crate::domain::comment::still_pending(before.clone(), published, now_ms());
        if after.len() != before.len() {
            if after.is_empty() {
                storage::remove(&storage::pending_key(article_id));
            } else {
                storage::set_json(&storage::pending_key(article_id), &after);
            }
            self.bump();
        }
    }
}
