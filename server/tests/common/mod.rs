//! Test harness: a server on 127.0.0.1:0 in this process, on a fresh copy of a database made
//! once (generating the sample pictures takes a few seconds in a debug build), and a small
//! blocking HTTP client.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::thread::JoinHandle;

use portal_server::db::Db;
use portal_server::{AppState, Options};

pub use serde_json::Value;

pub use tempfile::TempDir;

/// A new empty folder for one test, removed when the returned guard drops.
pub fn temp_dir(name: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("portal-server-test-{name}-"))
        .tempdir()
        .expect("create temp dir")
}

fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A database with the sample data, made once and shared by the test binaries through
/// Cargo's temporary folder (keyed by the sources that shape it, and by the day in Vietnam).
pub fn template_db() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // The sample data is placed by Vietnam's day (recordings "yesterday"), not UTC's.
        let day = portal_server::timefmt::day_vn(portal_server::timefmt::now_unix());
        let key = fnv(&[
            include_str!("../../data/articles.json"),
            include_str!("../../data/article-1024.json"),
            include_str!("../../data/comments-1024.json"),
            include_str!("../../data/site.json"),
            include_str!("../../src/db/schema.rs"),
            include_str!("../../src/db/seed.rs"),
            include_str!("../../src/images.rs"),
            include_str!("../../src/weather.rs"),
            include_str!("../../src/db/broadcast.rs"),
            include_str!("../../src/broadcast/catalog.rs"),
            &day.to_string(),
        ]);
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("portal-template-{key:016x}.db"));
        if path.is_file() {
            return path;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let site = portal_server::seed_data::site().expect("site");
        {
            let (db, report) = Db::open(&tmp, &site, 0).expect("create template db");
            assert!(report.created);
            db.with(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?))
                .expect("checkpoint");
        }
        std::fs::rename(&tmp, &path).expect("rename template");
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
        }
        path
    })
}

/// A fresh copy of the sample database in `dir`.
pub fn fresh_db(dir: &Path) -> PathBuf {
    let path = dir.join("portal.db");
    std::fs::copy(template_db(), &path).expect("copy template db");
    path
}

/// A future that serves on a listener until its stop signal.
pub type Serving = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Runs `serve` on 127.0.0.1:0 in a thread of its own with a small runtime; returns the base
/// URL, the stop signal and the thread.
pub fn serve_in_thread<F>(serve: F) -> (String, tokio::sync::oneshot::Sender<()>, JoinHandle<()>)
where
    F: FnOnce(tokio::net::TcpListener, tokio::sync::oneshot::Receiver<()>) -> Serving
        + Send
        + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            serve(listener, rx).await;
        });
    });
    (format!("http://{addr}"), tx, thread)
}

/// A server running in this process until dropped.
pub struct TestServer {
    pub base: String,
    pub db_path: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    _dir: TempDir,
}

impl TestServer {
    /// A server on a fresh sample database.
    pub fn start(options: Options) -> Self {
        let dir = temp_dir("server");
        let db_path = fresh_db(dir.path());
        Self::start_on(dir, db_path, options, 0)
    }

    /// A server on `db_path` (inside `dir`), with `extra` generated articles.
    pub fn start_on(dir: TempDir, db_path: PathBuf, options: Options, extra: u32) -> Self {
        let site = portal_server::seed_data::site().expect("site");
        let (db, _) = Db::open(&db_path, &site, extra).expect("open db");
        let app = portal_server::app(AppState::new(db, site, options));
        let (base, tx, thread) = serve_in_thread(move |listener, stop| {
            Box::pin(async move {
                portal_server::serve(listener, app, async {
                    let _ = stop.await;
                })
                .await
                .expect("serve");
            })
        });
        TestServer {
            base,
            db_path,
            shutdown: Some(tx),
            thread: Some(thread),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> Reply {
        get(&self.url(path), &[])
    }

    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        get(&self.url(path), headers)
    }

    pub fn post_json(&self, path: &str, body: &Value) -> Reply {
        post(
            &self.url(path),
            &[("Content-Type", "application/json")],
            body.to_string().into_bytes(),
        )
    }

    pub fn post_raw(&self, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        post(&self.url(path), headers, body)
    }

    /// A direct connection to the server's database.
    pub fn sql(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open(&self.db_path).expect("open db");
        c.busy_timeout(std::time::Duration::from_secs(10))
            .expect("busy timeout");
        c
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    /// The body decoded as `T`, after checking the JSON content type.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        assert_eq!(
            self.header("content-type"),
            Some("application/json; charset=utf-8"),
            "content type of {} {}",
            self.status,
            self.text()
        );
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    /// The contract's error body, after checking the status.
    pub fn error(&self, status: u16, code: &str) -> portal::api::types::ErrorBody {
        assert_eq!(self.status, status, "{}", self.text());
        let e: portal::api::types::ErrorBody = self.json();
        assert_eq!(e.error, code, "{}", self.text());
        assert!(!e.message.trim().is_empty());
        e
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let status = r.status().as_u16();
    let headers = r
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = r
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .expect("read body");
    Reply {
        status,
        headers,
        body,
    }
}

pub fn get(url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = agent().get(url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    reply(req.call().expect("GET"))
}

pub fn post(url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
    let mut req = agent().post(url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    reply(req.send(&body[..]).expect("POST"))
}

/// A valid comment body.
pub fn comment(token: &str) -> Value {
    serde_json::json!({
        "author_name": "Nguyễn Văn An",
        "email": "an.nv@example.vn",
        "content": "Bài viết rất hay, cảm ơn phóng viên.",
        "client_token": token,
    })
}

/// Any method without a body.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    let req = builder.body(()).expect("request");
    reply(agent().run(req).expect("request"))
}

/// Starts the `portal-server` binary with `args`, waits for its start-up line and returns it
/// with its base URL. Its stderr is piped for tests that read it.
pub fn spawn_binary(args: &[&str]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(args)
        .env_remove("PORTAL_API_BASE")
        // Serve media as it is: making clips with ffmpeg would take a minute.
        .env("PORTAL_NO_MEDIA_GEN", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn portal-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("start-up line");
    let base = line
        .trim()
        .strip_prefix("Portal: ")
        .unwrap_or_else(|| panic!("unexpected start-up line {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (child, base)
}
