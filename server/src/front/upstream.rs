//! The station's API as the front server asks it: one request per answer at a time, shared by
//! every page that needs it while it is on its way, and kept a few seconds after. A spike of
//! readers on one article then costs the API about one request per `ttl`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::watch;

/// What the API answered for one path: its status and body, or why there is none.
#[derive(Debug, Clone)]
pub enum Answer {
    Ok(Bytes),
    /// A 404 `not_found`: the page does not exist.
    NotFound,
    /// Any other status, a body that is not JSON, no answer at all.
    Failed(String),
}

impl Answer {
    /// The body of a 2xx answer as `T`; `None` for any other answer or a body that is not one.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Answer::Ok(body) => serde_json::from_slice(body).ok(),
            _ => None,
        }
    }
}

type Slot = watch::Receiver<Option<Answer>>;

pub struct Upstream {
    client: reqwest::Client,
    /// The API's base URL, without a trailing slash (`https://api.example.vn/api/v1`).
    base: String,
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, Slot)>>,
}

impl Upstream {
    pub fn new(client: reqwest::Client, base: &str, ttl: Duration) -> Self {
        Upstream {
            client,
            base: base.trim_end_matches('/').to_owned(),
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The answer for `path` (`/articles/1024`): from memory when a request for it is on its
    /// way or answered less than `ttl` ago, else from the API. The request goes on in the
    /// background when the caller stops waiting, so the next reader finds it answered.
    pub async fn get(&self, path: &str) -> Answer {
        let mut slot = self.slot(path);
        let answer = slot.wait_for(Option::is_some).await.map(|a| a.clone());
        match answer {
            Ok(Some(answer)) => answer,
            _ => Answer::Failed("the request was dropped".into()),
        }
    }

    fn slot(&self, path: &str) -> Slot {
        let now = Instant::now();
        let mut entries = match self.entries.lock() {
            Ok(e) => e,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((at, slot)) = entries.get(path) {
            let reuse = match &*slot.borrow() {
                None => true,
                // A failed answer is not kept: the next reader asks again.
                Some(Answer::Failed(_)) => false,
                Some(_) => now.duration_since(*at) < self.ttl,
            };
            if reuse {
                return slot.clone();
            }
        }
        entries
            .retain(|_, (at, slot)| slot.borrow().is_none() || now.duration_since(*at) < self.ttl);
        let (tx, rx) = watch::channel(None);
        entries.insert(path.to_owned(), (now, rx.clone()));
        let request = self
            .client
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::ACCEPT, "application/json");
        tokio::spawn(async move {
            let answer = fetch(request).await;
            let _ = tx.send(Some(answer));
        });
        rx
    }
}

async fn fetch(request: reqwest::RequestBuilder) -> Answer {
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => return Answer::Failed(e.to_string()),
    };
    let status = response.status();
    match response.bytes().await {
        Ok(body) if status.is_success() => Answer::Ok(body),
        // Only the API's own "not found": a proxy's 404 page means the API is not there.
        Ok(body) if status == reqwest::StatusCode::NOT_FOUND && is_not_found(&body) => {
            Answer::NotFound
        }
        Ok(_) => Answer::Failed(format!("status {status}")),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

fn is_not_found(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|v| v.get("error").and_then(|e| e.as_str()) == Some("not_found"))
}
