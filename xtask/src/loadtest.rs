//! `cargo xtask loadtest`: a load test of the reference server on loopback.
//!
//! Builds the release server, starts it on a fresh database with generated articles (20,000
//! by default) and no comment limit to speak of, then drives four scenarios in turn with
//! [oha](https://crates.io/crates/oha) (installed when missing): the front page, articles,
//! search, and comment posting. xtask writes the requests' targets (the URLs, and the comment
//! bodies) into files, runs oha, reads its JSON report and writes the table.
//!
//! Each scenario runs twice:
//!
//! 1. for [`PROBE_SECS`] s with `--connections` connections sending requests back to back
//!    (closed loop): it warms the server up, and its throughput is the scenario's capacity on
//!    this machine at this moment;
//! 2. for `--duration` s at a fixed arrival rate of [`LOAD_SHARE`] (70%) of that capacity
//!    (`oha -q RATE --latency-correction`), which is what the table reports. Requests are due
//!    on a fixed schedule whatever the server does, and each one's latency counts from the
//!    moment it was due, not from when a connection was free to send it: a stall of the server
//!    delays every request due during it, and all those delays are measured. A closed-loop
//!    client (the old hand-written one) sends nothing while it waits, so a stall cost it one
//!    slow request per connection and its percentiles left the rest out (coordinated
//!    omission).
//!
//! 70% rather than a fixed rate: capacities differ by an order of magnitude between
//! scenarios (search against article reads) and between machines; 70% is a heavy load, yet
//! far enough below capacity that requests do not queue up in the steady state, so the
//! latencies are the server's and its stalls', not those of an ever-growing queue.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use serde_json::Value;

use crate::args::LoadArgs;
use crate::ctx::Ctx;
use crate::install::{Installer, Tool};
use crate::server::{self, Server};
use crate::test_cmd::server_build;
use crate::{perf_doc, proc};

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

/// Seconds of the closed-loop run that finds a scenario's capacity (and warms up).
pub const PROBE_SECS: u64 = 3;
/// The measured run's arrival rate, as a share of the capacity.
pub const LOAD_SHARE: f64 = 0.7;
/// Comment bodies written per comment a run is expected to post, each with its own client
/// token. oha sends a body drawn at random from the file, so about one comment in 40 repeats
/// a token; the server answers it from the stored row without writing, and the report says
/// how many comments were stored.
const BODIES_PER_COMMENT: u64 = 20;
/// oha's error for a request cut off when the run's time is up: not the server's.
const DEADLINE: &str = "aborted due to deadline";

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

    /// The URLs the scenario's requests go to, drawn at random by oha. Search queries are
    /// written as readers type them; oha's URL parser percent-encodes them.
    pub fn urls(self, base: &str, ids: &[u64], open: &[u64]) -> Vec<String> {
        match self {
            Scenario::Home => vec![format!("{base}/api/v1/home")],
            Scenario::Article => ids
                .iter()
                .map(|id| format!("{base}/api/v1/articles/{id}"))
                .collect(),
            Scenario::Search => (1..=3)
                .flat_map(|page| {
                    SEARCHES
                        .iter()
                        .map(move |q| format!("{base}/api/v1/articles?q={q}&page={page}"))
                })
                .collect(),
            Scenario::Comment => open
                .iter()
                .map(|id| format!("{base}/api/v1/articles/{id}/comments"))
                .collect(),
        }
    }
}

/// `count` comment bodies, one JSON object a line, each with its own client token (`run`
/// keeps the tokens of two runs apart).
pub fn comment_bodies(run: &str, count: u64) -> String {
    let pid = std::process::id();
    let mut out = String::new();
    for n in 0..count {
        let body = serde_json::json!({
            "author_name": format!("Người đọc {}", n % 16),
            "email": format!("doc{}@example.vn", n % 16),
            "content": format!("Ý kiến thử tải số {n}."),
            "client_token": format!("load-{run}-{n:09}-{pid}"),
        });
        let _ = writeln!(out, "{body}");
    }
    out
}

/// What one oha run measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Requests answered or failed (those cut off when the time was up left out).
    pub requests: u64,
    /// Answers other than the expected status, and failed requests.
    pub errors: u64,
    pub first_error: Option<String>,
    pub seconds: f64,
    pub p50_ms: Option<f64>,
    pub p90_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
}

impl Outcome {
    /// Reads oha's `--output-format json` report.
    pub fn from_oha(json: &str, expected_status: u16) -> Result<Outcome, String> {
        let v: Value =
            serde_json::from_str(json).map_err(|e| format!("cannot read oha's report: {e}"))?;
        let ms = |secs: &Value| secs.as_f64().map(|s| s * 1000.0);
        let mut o = Outcome {
            seconds: v["summary"]["total"].as_f64().unwrap_or(0.0),
            p50_ms: ms(&v["latencyPercentiles"]["p50"]),
            p90_ms: ms(&v["latencyPercentiles"]["p90"]),
            p99_ms: ms(&v["latencyPercentiles"]["p99"]),
            max_ms: ms(&v["summary"]["slowest"]),
            ..Outcome::default()
        };
        let count = |key: &str| -> Vec<(String, u64)> {
            v[key].as_object().map_or_else(Vec::new, |m| {
                m.iter()
                    .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
                    .collect()
            })
        };
        for (status, n) in count("statusCodeDistribution") {
            o.requests += n;
            if status != expected_status.to_string() {
                o.errors += n;
                o.first_error
                    .get_or_insert_with(|| format!("{n} answers {status}"));
            }
        }
        for (error, n) in count("errorDistribution") {
            if error != DEADLINE {
                o.requests += n;
                o.errors += n;
                o.first_error.get_or_insert_with(|| format!("{n}× {error}"));
            }
        }
        Ok(o)
    }

    pub fn throughput(&self) -> f64 {
        if self.seconds > 0.0 {
            self.requests as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// The files a scenario's oha runs read.
struct Targets {
    urls: PathBuf,
    /// Comment bodies, for the runs that post.
    bodies: Option<PathBuf>,
}

/// One oha run: `rate` requests a second with latency correction, or back to back when None.
fn oha(
    ctx: &Ctx,
    scenario: Scenario,
    targets: &Targets,
    connections: u64,
    secs: u64,
    rate: Option<f64>,
) -> Result<Outcome, String> {
    let mut cmd = ctx.cmd("oha");
    cmd.args(["--no-tui", "--output-format", "json"])
        // As the old client: JSON asked for, no compression, 30 s at most per request.
        .args([
            "-A",
            "application/json",
            "--disable-compression",
            "-t",
            "30s",
        ])
        .args(["-c", &connections.to_string(), "-z", &format!("{secs}s")]);
    if let Some(rate) = rate {
        cmd.args(["-q", &format!("{rate:.0}"), "--latency-correction"]);
    }
    if let Some(bodies) = &targets.bodies {
        cmd.args(["-m", "POST", "-T", "application/json", "-Z"])
            .arg(bodies);
    }
    cmd.arg("--urls-from-file").arg(&targets.urls);
    println!("$ {}", proc::display(&cmd));
    let o = Outcome::from_oha(&proc::stdout(&mut cmd)?, scenario.expected_status())?;
    println!(
        "{} requests, {:.0} req/s, p50 {} ms, p99 {} ms, max {} ms, {} errors",
        o.requests,
        o.throughput(),
        ms(o.p50_ms),
        ms(o.p99_ms),
        ms(o.max_ms),
        o.errors
    );
    if let Some(e) = &o.first_error {
        println!("first error: {e}");
    }
    Ok(o)
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The JSON of `GET url` (an answer other than 2xx is an error).
fn get_json(agent: &ureq::Agent, url: &str) -> Result<Value, String> {
    let text = agent
        .get(url)
        .call()
        .and_then(|mut r| r.body_mut().read_to_string())
        .map_err(|e| format!("GET {url}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("GET {url}: {e}"))
}

/// Up to `want` article ids from the list endpoint (the generated articles and the samples),
/// and those of them whose article takes comments (`comments_open`): comments go only there,
/// as a closed article answers 403, which is no error of the server's.
fn article_ids(base: &str, want: usize) -> Result<(Vec<u64>, Vec<u64>), String> {
    let agent = ureq::Agent::new_with_defaults();
    let mut ids = Vec::new();
    for page in 1..=want.div_ceil(50) {
        let list = get_json(
            &agent,
            &format!("{base}/api/v1/articles?per_page=50&page={page}"),
        )?;
        let before = ids.len();
        ids.extend(
            list["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["id"].as_u64()),
        );
        if ids.len() == before {
            break;
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut open = Vec::new();
    for &id in &ids {
        if get_json(&agent, &format!("{base}/api/v1/articles/{id}"))?["comments_open"] == true {
            open.push(id);
        }
    }
    match (ids.is_empty(), open.is_empty()) {
        (true, _) => Err("the server listed no articles".into()),
        (_, true) => Err("no listed article is open for comments".into()),
        _ => Ok((ids, open)),
    }
}

/// Comments waiting for moderation in the database, as the server's own command counts them
/// (`portal-server --db DB comments pending`, last line `N pending comment(s).`).
fn pending_comments(ctx: &Ctx, db: &Path) -> Result<u64, String> {
    let mut cmd = ctx.cmd(ctx.server_bin());
    cmd.arg("--db").arg(db).args(["comments", "pending"]);
    let out = proc::stdout(&mut cmd)?;
    out.lines()
        .rev()
        .find_map(|l| l.strip_suffix(" pending comment(s).")?.parse().ok())
        .ok_or_else(|| format!("`{}` did not say how many", proc::display(&cmd)))
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

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

/// What one scenario measured: the closed-loop probe, the rate sent, the measured run.
pub struct Measured {
    pub scenario: Scenario,
    pub capacity: f64,
    pub rate: f64,
    pub outcome: Outcome,
}

/// The markdown table of the results.
pub fn table(results: &[Measured]) -> String {
    let mut out = String::from(
        "| scenario | capacity, closed loop (req/s) | rate sent (req/s) | requests | \
         throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for m in results {
        let o = &m.outcome;
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.0} | {} | {:.0} | {} | {} | {} | {} | {} |",
            m.scenario.label(),
            m.capacity,
            m.rate,
            o.requests,
            o.throughput(),
            ms(o.p50_ms),
            ms(o.p90_ms),
            ms(o.p99_ms),
            ms(o.max_ms),
            o.errors
        );
    }
    out
}

pub fn run(ctx: &Ctx, args: &LoadArgs) -> Result<(), String> {
    println!("==> Checking tools");
    Installer::default().ensure(ctx, &[Tool::Oha])?;
    println!("\n==> Building the reference server (cargo build --release -p portal-server)");
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
    let (ids, open) = article_ids(&server.url(), 1000)?;
    println!(
        "{} article ids to read, {} of them open for comments",
        ids.len(),
        open.len()
    );

    let connections = args.connections.min(1024);
    let db = dir.join("portal.db");
    let mut results = Vec::new();
    // Comments of the measured run: stored, and posted.
    let (mut stored, mut posted) = (0, 0);
    for scenario in Scenario::ALL {
        let urls = dir.join("urls.txt");
        write_file(&urls, &scenario.urls(&server.url(), &ids, &open).join("\n"))?;
        let bodies = |run: &str, count: u64| -> Result<Option<PathBuf>, String> {
            if scenario != Scenario::Comment {
                return Ok(None);
            }
            let path = dir.join(format!("bodies-{run}.txt"));
            write_file(&path, &comment_bodies(run, count.max(100_000)))?;
            Ok(Some(path))
        };
        println!(
            "\n==> {}: capacity, {PROBE_SECS} s with {connections} connections back to back",
            scenario.label()
        );
        let probe = Targets {
            urls: urls.clone(),
            bodies: bodies("probe", 0)?,
        };
        let capacity = oha(ctx, scenario, &probe, connections, PROBE_SECS, None)?.throughput();
        let rate = (capacity * LOAD_SHARE).round().max(1.0);
        println!(
            "\n==> {}: {} s at {rate:.0} requests a second ({:.0}% of {capacity:.0})",
            scenario.label(),
            args.duration_secs,
            LOAD_SHARE * 100.0
        );
        let measured = Targets {
            urls,
            bodies: bodies("run", BODIES_PER_COMMENT * rate as u64 * args.duration_secs)?,
        };
        let before = match scenario {
            Scenario::Comment => pending_comments(ctx, &db)?,
            _ => 0,
        };
        let outcome = oha(
            ctx,
            scenario,
            &measured,
            connections,
            args.duration_secs,
            Some(rate),
        )?;
        if scenario == Scenario::Comment {
            stored = pending_comments(ctx, &db)?.saturating_sub(before);
            posted = outcome.requests;
            println!("{stored} of the {posted} comments posted were new and stored");
        }
        results.push(Measured {
            scenario,
            capacity,
            rate,
            outcome,
        });
    }
    drop(server);
    let table = table(&results);
    println!("\n{table}");

    let errors: u64 = results.iter().map(|m| m.outcome.errors).sum();
    if !args.no_write {
        let path = ctx.root.join(&args.output);
        let commit = perf_doc::commit(ctx);
        let section = format!(
            "## Load test\n\n\
             Measured {date} on {machine}, at commit {commit} (with the working tree as it was); \
             the 1-minute load average was {load} when it started (other work on the machine \
             shares the CPUs and lowers the figures).\n\n\
             The reference server (release build) on loopback, with a fresh database of the sample \
             data plus {extra} generated articles; the load generator, [oha]\
             (https://crates.io/crates/oha) {oha}, runs on the same machine and shares its CPUs. \
             Each scenario runs twice. First {probe} s with {conns} keep-alive connections \
             sending requests back to back (closed loop): it warms the server up, and its \
             throughput is the scenario's capacity. Then {secs} s at a fixed arrival rate of \
             {share:.0}% of that capacity, with {conns} connections (`oha -q RATE \
             --latency-correction`): the figures of the table are this run's. Each request's \
             latency counts from the moment it was due on the schedule to the whole answer, so \
             the requests that a stall of the server holds up are measured with their wait \
             (no coordinated omission). Where the throughput falls short of the rate sent, \
             the server fell behind the schedule (or other work on the machine slowed it) and \
             requests waited their turn: their latencies include the wait. An error is any \
             answer other than 200 (202 for comments) or a failed request.\n\n\
             Command: `cargo xtask loadtest --duration {secs} --connections {conns} \
             --extra-articles {extra}`, which starts\n`{server}`.\n\n\
             {table}\n\
             Article reads are spread over {ids} articles and count a view each (one write per \
             read); searches rotate through {searches} queries with and without Vietnamese \
             marks, over pages 1 to 3; comments go to the {open} of those articles that are \
             open for comments, and a comment is stored, on disk, before its `202`. oha draws \
             each comment's body at random from a file of {bodies_per}× as many as the run \
             sends, each with its own client token, so a few comments repeat a token and are \
             answered from the stored row: {stored} of the {posted} comments of the measured \
             run were new and stored. Search is the slow one: words of three letters or more are found through \
             the full-text index of the folded title and sapo (SQLite FTS5, trigrams), but a \
             query whose words are all shorter (\"y tế\") still reads every article's folded \
             text (`LIKE '%word%'`, over the covering index `articles_search`), and a broad one \
             sorts all its matches by date.\n",
            date = perf_doc::civil_date(SystemTime::now()),
            load = load_before.as_deref().unwrap_or("unknown"),
            machine = perf_doc::machine(),
            oha = crate::install::OHA_VERSION,
            probe = PROBE_SECS,
            share = LOAD_SHARE * 100.0,
            extra = args.extra_articles,
            secs = args.duration_secs,
            conns = connections,
            server = server_command,
            ids = ids.len(),
            open = open.len(),
            searches = SEARCHES.len(),
            bodies_per = BODIES_PER_COMMENT,
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

    /// What oha 1.16 writes with `--output-format json`, cut down to what is read.
    const OHA: &str = r#"{
      "summary": {"successRate": 1.0, "total": 10.0004, "slowest": 0.2105,
                  "fastest": 0.0003, "average": 0.0021, "requestsPerSec": 1400.3},
      "latencyPercentiles": {"p10": 0.0008, "p50": 0.0016, "p90": 0.0042,
                             "p99": 0.0301, "p99.9": 0.15},
      "statusCodeDistribution": {"202": 13990, "500": 3},
      "errorDistribution": {"aborted due to deadline": 16, "connection closed": 2}
    }"#;

    #[test]
    fn reads_oha_reports() {
        let o = Outcome::from_oha(OHA, 202).unwrap();
        assert_eq!(
            (o.requests, o.errors),
            (13_995, 5),
            "deadline aborts left out"
        );
        assert_eq!(o.first_error.as_deref(), Some("3 answers 500"));
        assert_eq!(o.seconds, 10.0004);
        assert_eq!(
            [o.p50_ms, o.p90_ms, o.p99_ms, o.max_ms].map(ms),
            ["1.6", "4.2", "30.1", "210.5"]
        );
        assert!((o.throughput() - 1399.4).abs() < 0.1, "{}", o.throughput());
        let all_200 = Outcome::from_oha(OHA, 200).unwrap();
        assert_eq!(all_200.errors, 13_990 + 3 + 2);
        // A run that got no answer: no percentiles (oha writes null), no throughput.
        let empty = r#"{"summary": {"total": 0, "slowest": null},
                        "latencyPercentiles": {"p50": null},
                        "statusCodeDistribution": {}, "errorDistribution": {}}"#;
        let o = Outcome::from_oha(empty, 200).unwrap();
        assert_eq!((o.requests, o.p50_ms, o.throughput()), (0, None, 0.0));
        assert!(Outcome::from_oha("Error: connection refused", 200).is_err());
    }

    #[test]
    fn targets_of_each_scenario() {
        let base = "http://127.0.0.1:9";
        assert_eq!(
            Scenario::Home.urls(base, &[1, 2], &[2]),
            ["http://127.0.0.1:9/api/v1/home"]
        );
        assert_eq!(
            Scenario::Article.urls(base, &[1, 2], &[2]),
            [
                "http://127.0.0.1:9/api/v1/articles/1",
                "http://127.0.0.1:9/api/v1/articles/2"
            ]
        );
        assert_eq!(
            Scenario::Comment.urls(base, &[1, 2], &[2]),
            ["http://127.0.0.1:9/api/v1/articles/2/comments"]
        );
        let search = Scenario::Search.urls(base, &[], &[]);
        assert_eq!(search.len(), SEARCHES.len() * 3);
        assert_eq!(
            search[0],
            "http://127.0.0.1:9/api/v1/articles?q=dan van&page=1"
        );
        assert!(search.last().unwrap().ends_with("q=bien gioi&page=3"));
    }

    #[test]
    fn comment_bodies_are_valid_and_each_new() {
        let text = comment_bodies("run", 1000);
        let bodies: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(bodies.len(), 1000);
        let mut tokens: Vec<&str> = bodies
            .iter()
            .map(|b| b["client_token"].as_str().unwrap())
            .collect();
        // The server takes tokens of 16 to 64 characters.
        assert!(
            tokens.iter().all(|t| (16..=64).contains(&t.len())),
            "{tokens:?}"
        );
        tokens.sort_unstable();
        tokens.dedup();
        assert_eq!(tokens.len(), 1000);
        assert_ne!(
            comment_bodies("probe", 1).lines().next(),
            text.lines().next(),
            "two runs post different comments"
        );
        assert_eq!(bodies[17]["author_name"], "Người đọc 1");
        assert!(bodies[17]["content"].as_str().unwrap().contains("17"));
    }

    #[test]
    fn table_has_the_rate_and_the_measured_run() {
        let outcome = Outcome::from_oha(OHA, 202).unwrap();
        let t = table(&[Measured {
            scenario: Scenario::Comment,
            capacity: 2000.4,
            rate: 1400.0,
            outcome,
        }]);
        assert!(
            t.contains(
                "| comment (`POST /api/v1/articles/{id}/comments`) | 2000 | 1400 | 13995 | 1399 \
                 | 1.6 | 4.2 | 30.1 | 210.5 | 5 |"
            ),
            "{t}"
        );
    }
}
