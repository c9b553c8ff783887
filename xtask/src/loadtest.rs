//! `cargo xtask loadtest`: a load test of the reference server on loopback.
//!
//! Builds the release server, starts it on a fresh database with generated articles (20,000
//! by default) and no comment limit to speak of, then drives four scenarios in turn, each
//! for a fixed time with a number of keep-alive connections: the front page, articles,
//! search, and comment posting. Prints throughput, latency percentiles and errors, and writes
//! them to the "Load test" section of `docs/performance.md`.
//!
//! The HTTP client is a small HTTP/1.1 one on `std::net` (the server is on loopback and
//! answers with `Content-Length`; chunked bodies are read too), so xtask needs no crate.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::args::LoadArgs;
use crate::ctx::Ctx;
use crate::perf_doc;
use crate::server::{self, Server};
use crate::test_cmd::server_build;

/// Searches, with and without Vietnamese marks, as readers type them.
const SEARCHES: &[&str] = &[
    "dan van",
    "dân vận",
    "giao thông",
    "hà giang",
    "nong nghiep",
    "du lịch",
    "mưa lũ",
    "học sinh",
    "tam giác mạch",
    "quốc lộ",
    "y tế",
    "bien gioi",
];

/// What one scenario sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Home,
    Article,
    Search,
    Comment,
}

impl Scenario {
    pub const ALL: [Scenario; 4] = [
        Scenario::Home,
        Scenario::Article,
        Scenario::Search,
        Scenario::Comment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Scenario::Home => "home (`GET /api/v1/home`)",
            Scenario::Article => "article (`GET /api/v1/articles/{id}`)",
            Scenario::Search => "search (`GET /api/v1/articles?q=…`)",
            Scenario::Comment => "comment (`POST /api/v1/articles/{id}/comments`)",
        }
    }

    fn expected_status(self) -> u16 {
        match self {
            Scenario::Comment => 202,
            _ => 200,
        }
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `n`-th request of a scenario: method, path, body.
pub fn request_for(
    scenario: Scenario,
    n: u64,
    worker: usize,
    ids: &[u64],
) -> (&'static str, String, Option<String>) {
    let id = ids[(n as usize).wrapping_mul(7919).wrapping_add(worker * 31) % ids.len()];
    match scenario {
        Scenario::Home => ("GET", "/api/v1/home".into(), None),
        Scenario::Article => ("GET", format!("/api/v1/articles/{id}"), None),
        Scenario::Search => {
            let q = SEARCHES[(n as usize + worker) % SEARCHES.len()];
            let page = 1 + (n / SEARCHES.len() as u64) % 3;
            (
                "GET",
                format!("/api/v1/articles?q={}&page={page}", encode(q)),
                None,
            )
        }
        Scenario::Comment => {
            let body = format!(
                "{{\"author_name\":\"Người đọc {worker}\",\"email\":\"doc{worker}@example.vn\",\
                 \"content\":\"Ý kiến thử tải số {n} của luồng {worker}.\",\
                 \"client_token\":\"load-{worker:03}-{n:012}-{}\"}}",
                std::process::id()
            );
            (
                "POST",
                format!("/api/v1/articles/{id}/comments"),
                Some(body),
            )
        }
    }
}

/// One keep-alive connection.
struct Conn {
    addr: String,
    reader: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn new(addr: &str) -> Self {
        Conn {
            addr: addr.to_owned(),
            reader: None,
        }
    }

    /// Sends one request and reads the whole answer: status and body.
    fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        if self.reader.is_none() {
            let stream = TcpStream::connect(&self.addr)?;
            stream.set_nodelay(true)?;
            stream.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.reader = Some(BufReader::new(stream));
        }
        let result = self.exchange(method, path, body);
        if result.is_err() {
            self.reader = None;
        }
        result
    }

    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let reader = self.reader.as_mut().expect("connected");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\n",
            self.addr
        );
        if let Some(b) = body {
            let _ = write!(
                head,
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            );
        }
        head.push_str("\r\n");
        let stream = reader.get_mut();
        stream.write_all(head.as_bytes())?;
        if let Some(b) = body {
            stream.write_all(b.as_bytes())?;
        }
        read_response(reader)
    }
}

fn bad(msg: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.into())
}

/// Reads an HTTP/1.1 response (Content-Length or chunked).
pub fn read_response(r: &mut impl BufRead) -> std::io::Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("bad status line {line:?}")))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding")
                && value.eq_ignore_ascii_case("chunked")
            {
                chunked = true;
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad(format!("bad chunk size {line:?}")))?;
            if size == 0 {
                line.clear();
                r.read_line(&mut line)?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..])?;
            line.clear();
            r.read_line(&mut line)?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    }
    Ok((status, body))
}

/// Latency percentile (nearest rank) of sorted microseconds.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What one scenario measured.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub seconds: f64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
}

impl Outcome {
    pub fn throughput(&self) -> f64 {
        if self.seconds > 0.0 {
            self.requests as f64 / self.seconds
        } else {
            0.0
        }
    }
}

fn run_scenario(
    addr: &str,
    scenario: Scenario,
    connections: usize,
    duration: Duration,
    ids: &Arc<Vec<u64>>,
) -> Outcome {
    let stop = Arc::new(AtomicBool::new(false));
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let (stop, counter, ids, addr) =
                (stop.clone(), counter.clone(), ids.clone(), addr.to_owned());
            std::thread::spawn(move || {
                let mut conn = Conn::new(&addr);
                let mut latencies = Vec::with_capacity(50_000);
                let (mut errors, mut first_error) = (0u64, None::<String>);
                while !stop.load(Ordering::Relaxed) {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let (method, path, body) = request_for(scenario, n, w, &ids);
                    let t = Instant::now();
                    let result = conn.send(method, &path, body.as_deref());
                    latencies.push(t.elapsed().as_micros() as u64);
                    let problem = match result {
                        Ok((status, _)) if status == scenario.expected_status() => None,
                        Ok((status, body)) => Some(format!(
                            "{method} {path}: {status} {}",
                            String::from_utf8_lossy(&body[..body.len().min(200)])
                        )),
                        Err(e) => Some(format!("{method} {path}: {e}")),
                    };
                    if let Some(p) = problem {
                        errors += 1;
                        first_error.get_or_insert(p);
                    }
                }
                (latencies, errors, first_error)
            })
        })
        .collect();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut outcome = Outcome::default();
    for w in workers {
        let (latencies, errors, first_error) = w.join().expect("load worker");
        all.extend(latencies);
        outcome.errors += errors;
        if outcome.first_error.is_none() {
            outcome.first_error = first_error;
        }
    }
    outcome.seconds = started.elapsed().as_secs_f64();
    all.sort_unstable();
    outcome.requests = all.len() as u64;
    outcome.p50_us = percentile(&all, 50.0);
    outcome.p90_us = percentile(&all, 90.0);
    outcome.p99_us = percentile(&all, 99.0);
    outcome.max_us = all.last().copied().unwrap_or(0);
    outcome
}

/// Article ids from the list endpoint (the generated ones and the samples).
fn article_ids(addr: &str, want: usize) -> Result<Vec<u64>, String> {
    let mut conn = Conn::new(addr);
    let mut ids = Vec::new();
    for page in 1..=want.div_ceil(50) {
        let (status, body) = conn
            .send(
                "GET",
                &format!("/api/v1/articles?per_page=50&page={page}"),
                None,
            )
            .map_err(|e| format!("cannot list articles: {e}"))?;
        if status != 200 {
            return Err(format!("listing articles answered {status}"));
        }
        let text = String::from_utf8_lossy(&body);
        // Summaries start with their id: `{"id":123,"slug":…`.
        let before = ids.len();
        for part in text.split("{\"id\":").skip(1) {
            if let Some(id) = part
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse().ok())
            {
                ids.push(id);
            }
        }
        if ids.len() == before {
            break;
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err("the server listed no articles".into());
    }
    Ok(ids)
}

/// The ids of `ids` whose article takes comments (`"comments_open":true`).
fn open_for_comments(addr: &str, ids: &[u64]) -> Result<Vec<u64>, String> {
    let mut conn = Conn::new(addr);
    let mut open = Vec::new();
    for &id in ids {
        let (status, body) = conn
            .send("GET", &format!("/api/v1/articles/{id}"), None)
            .map_err(|e| format!("cannot read article {id}: {e}"))?;
        if status == 200 && String::from_utf8_lossy(&body).contains("\"comments_open\":true") {
            open.push(id);
        }
    }
    if open.is_empty() {
        return Err("no listed article is open for comments".into());
    }
    Ok(open)
}

fn start_server(ctx: &Ctx, args: &LoadArgs, dir: &Path) -> Result<(Server, String), String> {
    let server_args: Vec<OsString> = vec![
        "--dist".into(),
        dir.join("no-dist").into(),
        "--db".into(),
        dir.join("portal.db").into(),
        "--extra-articles".into(),
        args.extra_articles.to_string().into(),
        "--comment-rate-limit".into(),
        "100000000".into(),
    ];
    server::start(ctx, &server_args, dir)
}

fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// The markdown table of the results.
pub fn table(results: &[(Scenario, Outcome)]) -> String {
    let mut out = String::from(
        "| scenario | requests | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (s, o) in results {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} |",
            s.label(),
            o.requests,
            o.throughput(),
            ms(o.p50_us),
            ms(o.p90_us),
            ms(o.p99_us),
            ms(o.max_us),
            o.errors
        );
    }
    out
}

pub fn run(ctx: &Ctx, args: &LoadArgs) -> Result<(), String> {
    println!("==> Building the reference server (cargo build --release -p portal-server)");
    server_build(ctx)?;
    let load_before = perf_doc::load_average();
    let dir = std::env::temp_dir().join(format!("portal-loadtest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    println!(
        "\n==> Starting the server with {} generated articles",
        args.extra_articles
    );
    let t = Instant::now();
    let (server, server_command) = start_server(ctx, args, &dir)?;
    println!(
        "listening on {} after {:.1} s",
        server.addr,
        t.elapsed().as_secs_f64()
    );
    let ids = Arc::new(article_ids(&server.addr, 1000)?);
    // Comments go only where they are open: a closed article answers 403, which is no error
    // of the server's.
    let open = Arc::new(open_for_comments(&server.addr, &ids)?);
    println!(
        "{} article ids to read, {} of them open for comments",
        ids.len(),
        open.len()
    );

    let duration = Duration::from_secs(args.duration_secs);
    let connections = args.connections.min(1024) as usize;
    let mut results = Vec::new();
    for scenario in Scenario::ALL {
        println!(
            "\n==> {} for {} s with {} connections",
            scenario.label(),
            args.duration_secs,
            connections
        );
        // Warm-up: caches, the connection pool, the page cache of the database.
        let targets = if scenario == Scenario::Comment {
            &open
        } else {
            &ids
        };
        run_scenario(
            &server.addr,
            scenario,
            connections,
            Duration::from_secs(1),
            targets,
        );
        let o = run_scenario(&server.addr, scenario, connections, duration, targets);
        println!(
            "{} requests, {:.0} req/s, p50 {} ms, p99 {} ms, max {} ms, {} errors",
            o.requests,
            o.throughput(),
            ms(o.p50_us),
            ms(o.p99_us),
            ms(o.max_us),
            o.errors
        );
        if let Some(e) = &o.first_error {
            println!("first error: {e}");
        }
        results.push((scenario, o));
    }
    drop(server);
    let table = table(&results);
    println!("\n{table}");

    let errors: u64 = results.iter().map(|(_, o)| o.errors).sum();
    if !args.no_write {
        let path = ctx.root.join(&args.output);
        let commit = perf_doc::commit(ctx);
        let section = format!(
            "## Load test\n\n\
             Measured {date} on {machine}, at commit {commit} (with the working tree as it was); \
             the 1-minute load average was {load} when it started (other work on the machine \
             shares the CPUs and lowers the figures).\n\n\
             The reference server (release build) on loopback, with a fresh database of the sample \
             data plus {extra} generated articles; the load generator (`xtask/src/loadtest.rs`, \
             keep-alive HTTP/1.1 connections) runs on the same machine and shares its CPUs. Each \
             scenario runs for {secs} s after a 1 s warm-up, with {conns} connections sending \
             requests back to back. Latency is measured by the client, from sending a request to \
             reading the whole answer. An error is any answer other than 200 (202 for comments) or \
             a failed connection.\n\n\
             Command: `cargo xtask loadtest --duration {secs} --connections {conns} \
             --extra-articles {extra}`, which starts\n`{server}`.\n\n\
             {table}\n\
             Article reads are spread over {ids} articles and count a view each (one write per \
             read); searches rotate through {searches} queries with and without Vietnamese \
             marks, over pages 1 to 3; comments go to the {open} of those articles that are \
             open for comments, and every comment is new (its own client token) and is \
             stored, on disk, before its `202`. Search is the slow one: words of three letters \
             or more are found through the full-text index of the folded title and sapo \
             (SQLite FTS5, trigrams), but a query whose words are all shorter (\"y tế\") still \
             reads every article's folded text (`LIKE '%word%'`, over the covering index \
             `articles_search`), and a broad one sorts all its matches by date.\n",
            date = perf_doc::civil_date(SystemTime::now()),
            load = load_before.as_deref().unwrap_or("unknown"),
            machine = perf_doc::machine(),
            extra = args.extra_articles,
            secs = args.duration_secs,
            conns = connections,
            server = server_command,
            ids = ids.len(),
            open = open.len(),
            searches = SEARCHES.len(),
        );
        perf_doc::write_section(&path, &section)?;
    }
    if errors > 0 {
        return Err(format!("{errors} requests failed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_length_and_chunked_answers() {
        let raw = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello";
        assert_eq!(
            read_response(&mut &raw[..]).unwrap(),
            (200, b"hello".to_vec())
        );
        let raw = b"HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        assert_eq!(
            read_response(&mut &raw[..]).unwrap(),
            (202, b"abcde".to_vec())
        );
        assert!(read_response(&mut &b""[..]).is_err());
        assert!(read_response(&mut &b"garbage\r\n\r\n"[..]).is_err());
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 99.0), 0);
    }

    #[test]
    fn requests_are_varied_and_valid() {
        let ids = [1001, 1002, 1003];
        let (m, p, b) = request_for(Scenario::Search, 0, 0, &ids);
        assert_eq!((m, b), ("GET", None));
        assert_eq!(p, "/api/v1/articles?q=dan%20van&page=1");
        let (m, p, b) = request_for(Scenario::Comment, 5, 2, &ids);
        assert_eq!(m, "POST");
        assert!(p.starts_with("/api/v1/articles/100"));
        let b = b.unwrap();
        let token = b.split("\"client_token\":\"").nth(1).unwrap();
        let token = token.split('"').next().unwrap();
        assert!((16..=64).contains(&token.len()), "{token}");
        assert_ne!(b, request_for(Scenario::Comment, 6, 2, &ids).2.unwrap());
    }
}
