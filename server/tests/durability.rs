//! Nothing accepted is lost: the server is killed (SIGKILL) in the middle of a stream of
//! comment posts and restarted on the same database. Every comment that got `202` is there
//! exactly once, with the id it was given, and the database passes its integrity check.

mod common;

use std::collections::{HashMap, HashSet};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{fresh_db, spawn_binary, temp_dir};

const POSTERS: usize = 4;
/// Accepted comments to wait for before the kill.
const BEFORE_KILL: usize = 120;

fn start(db: &std::path::Path) -> (Child, String) {
    spawn_binary(&[
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        db.to_str().unwrap(),
        "--dist",
        "/nonexistent/portal-dist",
        "--comment-rate-limit",
        "0",
    ])
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent()
}

/// Posts one comment: `Some((status, id))`, or `None` when no answer came.
fn post(agent: &ureq::Agent, base: &str, token: &str) -> Option<(u16, Option<i64>)> {
    let mut body = common::comment(token);
    body["content"] = serde_json::json!(format!("Ý kiến bền vững {token}"));
    let mut r = agent
        .post(&format!("{base}/api/v1/articles/1024/comments"))
        .header("Content-Type", "application/json")
        .send(body.to_string().as_bytes())
        .ok()?;
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().ok()?;
    let id = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["id"].as_i64());
    Some((status, id))
}

#[derive(Default)]
struct Outcome {
    /// token → id of every 202.
    accepted: HashMap<String, i64>,
    /// Sent, but the answer never came (the kill): stored or not.
    unknown: Vec<String>,
}

#[test]
fn sigkill_during_comment_posts_loses_nothing_accepted() {
    let dir = temp_dir("durability");
    let db = fresh_db(dir.path());
    let (mut server, base) = start(&db);

    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let posters: Vec<_> = (0..POSTERS)
        .map(|t| {
            let (outcome, stop, base) = (outcome.clone(), stop.clone(), base.clone());
            std::thread::spawn(move || {
                let agent = agent();
                for i in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let token = format!("durable-{t}-{i:06}-token");
                    match post(&agent, &base, &token) {
                        Some((202, Some(id))) => {
                            outcome.lock().unwrap().accepted.insert(token, id);
                        }
                        Some((status, _)) => panic!("{token}: unexpected status {status}"),
                        None => {
                            outcome.lock().unwrap().unknown.push(token);
                            break;
                        }
                    }
                }
            })
        })
        .collect();

    let deadline = Instant::now() + Duration::from_secs(120);
    while outcome.lock().unwrap().accepted.len() < BEFORE_KILL {
        assert!(
            Instant::now() < deadline,
            "the posts are not getting through"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SIGKILL while every poster has a request on the way.
    server.kill().expect("SIGKILL");
    server.wait().expect("wait");
    stop.store(true, Ordering::SeqCst);
    for p in posters {
        p.join().expect("poster thread");
    }
    let outcome = Arc::try_unwrap(outcome).ok().unwrap().into_inner().unwrap();
    assert!(outcome.accepted.len() >= BEFORE_KILL);

    let (mut server, base) = start(&db);
    // A reader's app sends an unanswered comment again with the same token: stored once.
    let agent = agent();
    let mut retried = HashMap::new();
    for token in &outcome.unknown {
        match post(&agent, &base, token) {
            Some((202, Some(id))) => {
                retried.insert(token.clone(), id);
            }
            other => panic!("{token}: retry answered {other:?}"),
        }
    }
    // An accepted token sent again gives the same id.
    if let Some((token, id)) = outcome.accepted.iter().next() {
        assert_eq!(post(&agent, &base, token), Some((202, Some(*id))));
    }
    server.kill().expect("stop");
    server.wait().expect("wait");

    let conn = rusqlite::Connection::open(&db).expect("open db");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut stmt = conn
        .prepare("SELECT client_token, id FROM comments WHERE client_token LIKE 'durable-%'")
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut seen = HashSet::new();
    for (token, _) in &rows {
        assert!(seen.insert(token.clone()), "{token} stored twice");
    }
    let stored: HashMap<String, i64> = rows.into_iter().collect();
    for (token, id) in outcome.accepted.iter().chain(retried.iter()) {
        assert_eq!(
            stored.get(token),
            Some(id),
            "{token} answered 202 but is missing"
        );
    }
    // Nothing else was stored.
    assert_eq!(stored.len(), outcome.accepted.len() + retried.len());
    println!(
        "{} comments accepted before SIGKILL, {} in flight sent again",
        outcome.accepted.len(),
        retried.len()
    );
}
