//! `cargo xtask bench`: the page-speed benchmark of issue #5.
//!
//! Builds a release as `cargo xtask run` does, copies `dist/` into a temporary folder together
//! with the static baseline page (`bench/baseline/article.html`, served at [`BASELINE_PATH`]),
//! and serves the copy with the reference server twice: with the sample data, and with
//! generated articles added. `bench/bench.mjs` (Lighthouse 12.2.3 and puppeteer-core, from
//! `bench/package.json`) measures and writes raw samples; this module takes their medians,
//! compares them with the targets, prints the tables and writes them to the
//! "Page speed" section of `docs/performance.md`. A missed target is reported, never an error:
//! it is a benchmark, not a test.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::args::BenchArgs;
use crate::ctx::{Ctx, CHROMIUM};
use crate::install::{Installer, Tool};
use crate::test_cmd::{server_build, trunk_build, BUILD_TOOLS};
use crate::{perf_doc, proc, server};

/// Where the copy of `dist/` has the baseline page.
pub const BASELINE_PATH: &str = "/baseline/bai-viet-1024.html";
/// The section of `docs/performance.md` this command owns.
const HEADING: &str = "## Page speed (Lighthouse)";
/// The goal for JS + wasm, brotli-compressed: 100 KB, in bytes.
const JS_WASM_GOAL: f64 = 102_400.0;
/// Lighthouse's figures of a page are under `lh.<page>.*`, and under `lh.<page>_devtools.*`
/// for the cold loads with DevTools throttling rather than simulated.
const DEVTOOLS: &str = "_devtools";

/// One file of the build, in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSize {
    pub kind: String,
    pub file: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl FileSize {
    /// Part of what every page downloads first: the main JS and wasm and the chunk loader
    /// (not the chunks, the service worker or hls.js).
    fn is_main_module(&self) -> bool {
        matches!(self.kind.as_str(), "js" | "wasm" | "loader")
    }
}

/// What `bench.mjs` wrote (see the format at the top of that file).
#[derive(Debug, Default)]
pub struct Results {
    samples: BTreeMap<String, Vec<f64>>,
    info: BTreeMap<String, String>,
    sizes: Vec<FileSize>,
    notes: Vec<String>,
}

/// Reads the tab-separated lines of `bench.mjs`; lines it cannot read are skipped.
pub fn parse_results(text: &str) -> Results {
    let mut r = Results::default();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["sample", key, value] => {
                if let Some(v) = value.parse::<f64>().ok().filter(|v| v.is_finite()) {
                    r.samples.entry((*key).to_owned()).or_default().push(v);
                }
            }
            ["info", key, value] => {
                r.info.insert((*key).to_owned(), (*value).to_owned());
            }
            ["note", text] if !r.notes.iter().any(|n| n == text) => {
                r.notes.push((*text).to_owned());
            }
            ["size", kind, file, raw, gzip, brotli] => {
                if let (Ok(raw), Ok(gzip), Ok(brotli)) = (raw.parse(), gzip.parse(), brotli.parse())
                {
                    r.sizes.push(FileSize {
                        kind: (*kind).to_owned(),
                        file: (*file).to_owned(),
                        raw,
                        gzip,
                        brotli,
                    });
                }
            }
            _ => {}
        }
    }
    r
}

/// The median (the mean of the middle two for an even count); None when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

impl Results {
    pub fn median(&self, key: &str) -> Option<f64> {
        self.samples.get(key).and_then(|v| median(v))
    }

    fn runs(&self, key: &str) -> usize {
        self.samples.get(key).map_or(0, Vec::len)
    }

    fn info(&self, key: &str) -> Option<&str> {
        self.info.get(key).map(String::as_str)
    }

    /// Brotli bytes of JS and wasm together (the service worker is not part of the page).
    pub fn js_wasm_brotli(&self) -> Option<f64> {
        let files: Vec<&FileSize> = self.sizes.iter().filter(|s| s.is_main_module()).collect();
        (!files.is_empty()).then(|| files.iter().map(|s| s.brotli as f64).sum())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Miss,
    /// No target to compare with, or no figure.
    None,
}

impl Verdict {
    fn at_most(value: Option<f64>, limit: f64) -> Verdict {
        match value {
            Some(v) if v <= limit => Verdict::Pass,
            Some(_) => Verdict::Miss,
            None => Verdict::None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Miss => "**miss**",
            Verdict::None => "—",
        }
    }
}

/// A target of the issue beside its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub what: String,
    pub measured: String,
    pub target: String,
    pub verdict: Verdict,
}

fn fixed(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.decimals$}"))
}

fn kb(bytes: Option<f64>) -> String {
    fixed(bytes.map(|b| b / 1000.0), 1)
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The article's median of `metric` (`lcp`, `fcp`) ÷ the baseline's, for the cold loads marked
/// by `suffix` ("" or [`DEVTOOLS`]), and the figures as written: `2.50× (3000 / 1200 ms)`.
fn article_vs_baseline(r: &Results, metric: &str, suffix: &str) -> (Option<f64>, String) {
    let (app, base) = (
        r.median(&format!("lh.article{suffix}.{metric}")),
        r.median(&format!("lh.baseline{suffix}.{metric}")),
    );
    let q = ratio(app, base);
    let text = format!(
        "{}× ({} / {} ms)",
        fixed(q, 2),
        fixed(app, 0),
        fixed(base, 0)
    );
    (q, text)
}

/// The targets, with the medians measured.
pub fn checks(r: &Results, extra_articles: u32) -> Vec<Check> {
    let m = |k: &str| r.median(k);
    let mut out = Vec::new();
    let mut check = |what: String, measured: String, target: &str, verdict: Verdict| {
        out.push(Check {
            what,
            measured,
            target: target.into(),
            verdict,
        })
    };
    for (page, name) in [("home", "Home"), ("article", "Article")] {
        let score = m(&format!("lh.{page}.score"));
        let verdict = match score {
            Some(s) if s >= 100.0 => Verdict::Pass,
            Some(_) => Verdict::Miss,
            None => Verdict::None,
        };
        check(
            format!("{name}: performance score"),
            fixed(score, 0),
            "100",
            verdict,
        );
    }
    // The measure is the simulated one; DevTools throttling shows the real slow load.
    for (suffix, how) in [("", ""), (DEVTOOLS, " (DevTools throttling)")] {
        for (metric, name, limit) in [("lcp", "LCP", 1.5), ("fcp", "FCP", 1.15)] {
            let (q, measured) = article_vs_baseline(r, metric, suffix);
            check(
                format!("Article {name} ÷ baseline {name}{how}"),
                measured,
                &format!("≤ {limit}×"),
                Verdict::at_most(q, limit),
            );
        }
    }
    for (page, name) in [("home", "Home"), ("article", "Article")] {
        let cls = m(&format!("lh.{page}.cls"));
        check(
            format!("{name}: CLS"),
            fixed(cls, 3),
            "≤ 0.01",
            Verdict::at_most(cls, 0.01),
        );
        let tbt = m(&format!("lh.{page}.tbt"));
        check(
            format!("{name}: TBT"),
            format!("{} ms", fixed(tbt, 0)),
            "≤ 50 ms",
            Verdict::at_most(tbt, 50.0),
        );
    }
    let (repeat, base) = (m("lh.repeat.lcp"), m("lh.baseline.lcp"));
    check(
        "Article LCP, repeat visit (service worker) vs the baseline's cold LCP".into(),
        format!("{} vs {} ms", fixed(repeat, 0), fixed(base, 0)),
        "≤ the baseline's",
        match (repeat, base) {
            (Some(a), Some(b)) => Verdict::at_most(Some(a), b),
            _ => Verdict::None,
        },
    );
    // Since the split (issue #15), the first load of a page is the main module, and for the
    // pages outside it their chunks: the size check measures it per route.
    for route in ["home", "article"] {
        let first = r
            .info(&format!("first_load_{route}"))
            .and_then(|b| b.parse::<f64>().ok())
            .or_else(|| r.js_wasm_brotli());
        check(
            format!("JS + wasm, brotli, first load of {route}"),
            format!("{} B", fixed(first, 0)),
            "≤ 102400 B (100 KB)",
            Verdict::at_most(first, JS_WASM_GOAL),
        );
        // The test command's own budget (perf-budget.json), a step on the way to the goal.
        if let Some(budget) = r
            .info(&format!("budget_first_load_{route}"))
            .and_then(|b| b.parse::<f64>().ok())
        {
            check(
                format!(
                    "First load of {route} against the test command's budget (`perf-budget.json`)"
                ),
                format!("{} B", fixed(first, 0)),
                &format!("≤ {budget:.0} B"),
                Verdict::at_most(first, budget),
            );
        }
    }
    let (nav, json) = (m("nav.bytes"), m("nav.json_sent"));
    check(
        "In-app navigation: bytes transferred ÷ the article's JSON (compressed)".into(),
        format!(
            "{}× ({} / {} kB)",
            fixed(ratio(nav, json), 1),
            kb(nav),
            kb(json)
        ),
        "little more than the JSON",
        Verdict::None,
    );
    let (small, big) = (m("lh.home.lcp"), m("lh.home_big.lcp"));
    check(
        format!("Home LCP with {extra_articles} more articles ÷ without"),
        format!(
            "{}× ({} / {} ms; scores {} and {})",
            fixed(ratio(big, small), 2),
            fixed(big, 0),
            fixed(small, 0),
            fixed(m("lh.home_big.score"), 0),
            fixed(m("lh.home.score"), 0)
        ),
        "as fast",
        Verdict::None,
    );
    out
}

/// The head of a cold-load table.
const COLD_HEADER: &str = concat!(
    "| page | score | FCP (ms) | LCP (ms) | TBT (ms) | CLS | transferred (kB) | runs |\n",
    "|---|---:|---:|---:|---:|---:|---:|---:|"
);

/// A row of a cold-load table: the medians of `lh.<key>.*`, bytes from `lh.<bytes_key>`.
fn cold_row(r: &Results, key: &str, label: &str, bytes_key: &str) -> String {
    let m = |metric: &str| r.median(&format!("lh.{key}.{metric}"));
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} |",
        fixed(m("score"), 0),
        fixed(m("fcp"), 0),
        fixed(m("lcp"), 0),
        fixed(m("tbt"), 0),
        fixed(m("cls"), 3),
        kb(r.median(&format!("lh.{bytes_key}"))),
        r.runs(&format!("lh.{key}.lcp")),
    )
}

/// The markdown tables of the results.
pub fn tables(r: &Results, extra_articles: u32) -> String {
    let m = |k: &str| r.median(k);
    let mut out = String::new();
    let runs = r.runs("lh.article.lcp");
    let article = r.info("article_path").unwrap_or("/bai-viet/1024/…");
    let articles = |key: &str| {
        r.info(key)
            .map_or_else(String::new, |n| format!(", {n} articles"))
    };
    let _ = writeln!(
        out,
        "### Cold loads (Lighthouse, mobile, simulated throttling; median of {runs} runs)\n\n\
         {COLD_HEADER}"
    );
    let pages = [
        (
            "home".to_string(),
            format!("home `/`{}", articles("articles.app")),
        ),
        (
            "home_big".to_string(),
            format!(
                "home `/`, {extra_articles} generated articles added{}",
                articles("articles.app_big")
            ),
        ),
        ("article".to_string(), format!("article `{article}`")),
        (
            "baseline".to_string(),
            format!("baseline: the same article as static HTML `{BASELINE_PATH}`"),
        ),
        (
            "repeat".to_string(),
            "article, repeat visit (service worker and HTTP cache kept)".to_string(),
        ),
    ];
    for (key, label) in &pages {
        let bytes_key = if key == "repeat" {
            "repeat.total_bytes".to_string()
        } else {
            format!("{key}.bytes")
        };
        let _ = writeln!(out, "{}", cold_row(r, key, label, &bytes_key));
    }
    let _ = writeln!(
        out,
        "\nRepeat visit: transferred = what Lighthouse sees the page receive ({} kB; answers \
         from the service worker count 0) + what the worker itself fetched ({} kB).\n",
        kb(m("lh.repeat.bytes")),
        kb(m("lh.repeat.worker_bytes")),
    );

    let _ = writeln!(
        out,
        "### Cold loads, DevTools throttling (real slow 4G and 4× CPU applied to the browser)\n\n\
         The simulated figures above are the issue's measure, and the targets are judged on \
         them; but Lantern estimates them from the unthrottled load it observed, counting \
         every request that was done before the paint it estimates. These are Lighthouse's \
         own figures with `throttlingMethod: 'devtools'` ({}), median of {} runs: what a \
         reader on a slow network sees, the first screen painted from the page's HTML before \
         the wasm arrives.\n\n{COLD_HEADER}",
        r.info("devtools_throttling")
            .unwrap_or("Lighthouse's slow 4G and 4× CPU for mobile"),
        r.runs(&format!("lh.article{DEVTOOLS}.lcp")),
    );
    for (page, label) in pages
        .iter()
        .filter(|(page, _)| ["home", "article", "baseline"].contains(&page.as_str()))
    {
        let key = format!("{page}{DEVTOOLS}");
        let _ = writeln!(out, "{}", cold_row(r, &key, label, &format!("{key}.bytes")));
    }
    let _ = writeln!(
        out,
        "\nArticle ÷ baseline with DevTools throttling: LCP {}, FCP {}.\n",
        article_vs_baseline(r, "lcp", DEVTOOLS).1,
        article_vs_baseline(r, "fcp", DEVTOOLS).1,
    );

    let _ = writeln!(
        out,
        "### Targets of issue #5\n\n| target | measured (medians) | goal | verdict |\n|---|---|---|---|"
    );
    for c in checks(r, extra_articles) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.what,
            c.measured,
            c.target,
            c.verdict.label()
        );
    }

    let nav_runs = r.runs("nav.ms");
    let _ = writeln!(
        out,
        "\n### In-app navigation, home → article (slow 4G and 4× CPU; median of {nav_runs} runs)\n\n\
         | article | click → headline painted (ms) | transferred (kB) | API | photos | other | requests | the article's JSON, compressed / raw (kB) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let _ = writeln!(
        out,
        "| `{}` | {} | {} | {} | {} | {} | {} | {} / {} |",
        r.info("nav_article").unwrap_or("—"),
        fixed(m("nav.ms"), 0),
        kb(m("nav.bytes")),
        kb(m("nav.api_bytes")),
        kb(m("nav.image_bytes")),
        kb(m("nav.other_bytes")),
        fixed(m("nav.requests"), 0),
        kb(m("nav.json_sent")),
        kb(m("nav.json_raw")),
    );

    let _ = writeln!(
        out,
        "\n### Build sizes (`dist/`)\n\n\
         | file | what | raw (B) | gzip -9 (B) | brotli 11 (B) |\n|---|---|---:|---:|---:|"
    );
    for s in &r.sizes {
        let what = match s.kind.as_str() {
            "wasm" => "wasm, main module",
            "js" => "JS (wasm-bindgen glue)",
            "loader" => "JS: loads the chunks",
            "chunk" => "wasm chunk, fetched when its page or part is opened",
            "vendor" => "hls.js, loaded only to play a stream without native HLS",
            "css" => "CSS",
            "html" => "page shell (with its inline CSS and scripts)",
            "sw" => "service worker (not loaded by the page)",
            other => other,
        };
        let _ = writeln!(
            out,
            "| `{}` | {what} | {} | {} | {} |",
            s.file, s.raw, s.gzip, s.brotli
        );
    }
    let sum = |f: fn(&FileSize) -> u64| -> u64 {
        r.sizes.iter().filter(|s| s.is_main_module()).map(f).sum()
    };
    let _ = writeln!(
        out,
        "| **main module: JS + wasm + chunk loader** | | {} | {} | {} |",
        sum(|s| s.raw),
        sum(|s| s.gzip),
        sum(|s| s.brotli)
    );
    out
}

/// What else the reader of the figures should know: notes of `bench.mjs` and LCP elements.
fn notes(r: &Results) -> String {
    let mut out = String::new();
    if let Some(styled) = r.info("baseline_styled") {
        let _ = writeln!(out, "- The baseline's inline `<style>` applied: {styled}.");
    }
    for (key, value) in &r.info {
        if let Some(page) = key.strip_prefix("lcp_element.") {
            let _ = writeln!(out, "- LCP element of {page}: `{value}`");
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "- {n}");
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let err = |p: &Path, e: std::io::Error| format!("cannot copy {}: {e}", p.display());
    std::fs::create_dir_all(to).map_err(|e| err(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| err(from, e))? {
        let entry = entry.map_err(|e| err(from, e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().map_err(|e| err(&src, e))?.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| err(&src, e))?;
        }
    }
    Ok(())
}

/// The reference API server's arguments: `--db DIR/portal.db` and the generated articles.
fn api_args(dir: &Path, extra_articles: u32) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "--db".into(),
        dir.join("portal.db").into(),
        "--trust-proxy".into(),
    ];
    if extra_articles > 0 {
        args.extend(["--extra-articles".into(), extra_articles.to_string().into()]);
    }
    args
}

/// The front server's arguments: `front --api API/api/v1 --dist SITE`.
fn front_args(site: &Path, api: &str) -> Vec<OsString> {
    vec![
        "front".into(),
        "--api".into(),
        format!("{api}/api/v1").into(),
        "--dist".into(),
        site.into(),
    ]
}

/// The portal as a station runs it: the front server, in front of the API server.
struct Portal {
    front: server::Server,
    _api: server::Server,
}

impl Portal {
    fn url(&self) -> String {
        self.front.url()
    }
}

fn start(
    ctx: &Ctx,
    tmp: &Path,
    name: &str,
    site: &Path,
    extra: u32,
) -> Result<(Portal, String), String> {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let (api, _) = server::start(ctx, &api_args(&dir, extra), &dir)?;
    let (front, command) = server::start(ctx, &front_args(site, &api.url()), &dir)?;
    Ok((Portal { front, _api: api }, command))
}

/// `Chromium 156.0.… built on Debian …` → `Chromium 156.0.…`.
fn chromium_version() -> String {
    proc::probe(Command::new(CHROMIUM).arg("--version"))
        .and_then(|out| {
            out.lines()
                .find(|l| l.starts_with("Chromium") || l.starts_with("Google Chrome"))
                .map(|l| l.split(" built on").next().unwrap_or(l).trim().to_owned())
        })
        .unwrap_or_else(|| "unknown Chromium".into())
}

pub fn run(ctx: &Ctx, args: &BenchArgs) -> Result<(), String> {
    let started = Instant::now();
    println!("==> Checking tools");
    let mut tools = BUILD_TOOLS.to_vec();
    tools.extend([Tool::Chromium, Tool::BenchNpmPackages, Tool::Ffmpeg]);
    Installer::default().ensure(ctx, &tools)?;

    // What is built is what the working tree holds now.
    let commit = format!(
        "{}{}",
        perf_doc::commit(ctx),
        perf_doc::uncommitted(ctx, &args.output)
    );
    println!("\n==> Building the app (trunk build --release)");
    trunk_build(ctx)?;
    println!("\n==> Building the reference server (cargo build --release -p portal-server)");
    server_build(ctx)?;

    let load_before = perf_doc::load_average();
    let tmp = tempfile::Builder::new()
        .prefix("portal-bench-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let site = tmp.path().join("site");
    copy_dir(&ctx.dist(), &site)?;
    let baseline_src = ctx.bench_dir().join("baseline").join("article.html");
    let baseline = site.join(BASELINE_PATH.trim_start_matches('/'));
    if let Some(parent) = baseline.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::copy(&baseline_src, &baseline)
        .map_err(|e| format!("cannot copy {}: {e}", baseline_src.display()))?;

    println!("\n==> Serving a copy of dist/ and the baseline page, with the sample data");
    let (app, app_command) = start(ctx, tmp.path(), "app", &site, 0)?;
    println!(
        "\n==> The same, with {} generated articles added",
        args.extra_articles
    );
    let (big, _) = start(ctx, tmp.path(), "big", &site, args.extra_articles)?;

    println!("\n==> Measuring (bench/bench.mjs: Lighthouse, navigation, sizes)");
    let out = tmp.path().join("results.tsv");
    let mut node = ctx.cmd("node");
    node.current_dir(ctx.bench_dir())
        .arg("bench.mjs")
        .args(["--app", &app.url(), "--app-big", &big.url()])
        .args([
            "--baseline",
            BASELINE_PATH,
            "--runs",
            &args.runs.to_string(),
        ])
        .arg("--dist")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .env("CHROME_PATH", CHROMIUM);
    let measured = proc::run(&mut node);
    drop(big);
    drop(app);
    let results = parse_results(&std::fs::read_to_string(&out).unwrap_or_default());
    let tables = tables(&results, args.extra_articles);
    let notes = notes(&results);
    println!("\n{tables}\n{notes}");
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("xtask: the benchmark took {minutes:.1} min");
    // A crash is not a miss: figures that are missing a part are not written down.
    measured?;

    if !args.no_write {
        let mut command = String::from("cargo xtask bench");
        let defaults: BenchArgs = crate::args::defaults();
        if args.runs != defaults.runs {
            let _ = write!(command, " --runs {}", args.runs);
        }
        if args.extra_articles != defaults.extra_articles {
            let _ = write!(command, " --extra-articles {}", args.extra_articles);
        }
        let section = format!(
            "{HEADING}\n\n\
             Measured {date} on {machine}; {chromium}, Node {node}, Lighthouse {lh}; built \
             from commit {commit}. The 1-minute load average was {load} when \
             it started, and Lighthouse's benchmark index of the machine was {index} (median; \
             other work on the machine lowers it and slows the CPU-bound figures: TBT, and the \
             app's LCP). The whole run, builds included, took {minutes:.0} min.\n\n\
             Command: `{command}`. It builds a release as `cargo xtask run` does (`trunk build \
             --release`, `cargo build --release -p portal-server`), copies `dist/` into a \
             temporary folder with the static baseline page (`bench/baseline/article.html`, at \
             `{BASELINE_PATH}`), and serves it with\n`{app_command}`\n(the hashed JS and \
             wasm sent as the build's brotli quality-11 copies, other responses compressed by the \
             server at level 6); a second server, with `--extra-articles {extra}` and its \
             own fresh database, serves the same copy. `bench/bench.mjs` then measures:\n\n\
             - cold loads: Lighthouse with its mobile defaults (simulated slow 4G: 150 ms RTT, \
             1.6 Mbit/s; 4× CPU slowdown; a 412×823 phone screen), performance category only, \
             each page {runs} times in a fresh Chromium profile, the pages taking turns; each \
             figure is the median of its runs;\n\
             - cold loads with DevTools throttling: the home page, the article and the baseline \
             as many times again, taking turns with the others, with Lighthouse's \
             `throttlingMethod: 'devtools'` and its DevTools figures for mobile slow 4G \
             ({devtools});\n\
             - repeat visit: the article opened twice in one profile (the service worker \
             installs and takes control, then fills its caches), then Lighthouse in that \
             profile without clearing storage or the HTTP cache (`disableStorageReset`);\n\
             - in-app navigation: home opened in a fresh profile; once the service worker is in \
             control, Lighthouse's slow 4G and 4× CPU are applied with DevTools to the page and \
             its worker, and the first article link is clicked. Time from the click \
             (`performance.now()`) to a task queued from the `requestAnimationFrame` after the \
             article's h1 appears; bytes received after the click by the page and its worker \
             (CDP `Network.loadingFinished` `encodedDataLength`, headers included) until the \
             network is idle;\n\
             - sizes of the files of `dist/`: raw, gzip level 9 and brotli quality 11 (Node's \
             zlib).\n\n\
             Targets missed are reported here; they never fail the command.\n\n\
             {tables}\n{notes}",
            date = perf_doc::civil_date(SystemTime::now()),
            machine = perf_doc::machine(),
            chromium = chromium_version(),
            node = results.info("node").unwrap_or("unknown"),
            lh = results.info("lighthouse").unwrap_or("unknown"),
            load = load_before.as_deref().unwrap_or("unknown"),
            index = fixed(
                median(
                    &results
                        .samples
                        .iter()
                        .filter(|(k, _)| k.ends_with(".benchmark"))
                        .flat_map(|(_, v)| v.iter().copied())
                        .collect::<Vec<_>>()
                ),
                0
            ),
            extra = args.extra_articles,
            runs = args.runs,
            devtools = results.info("devtools_throttling").unwrap_or("unknown"),
        );
        perf_doc::write_section(&ctx.root.join(&args.output), &section)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 4.0, 2.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[0.1, f64::MAX, 0.2]), Some(0.2));
    }

    const SAMPLE: &str = "\
info\tarticle_path\t/bai-viet/1024/so-ket\n\
info\tnode\tv20.20.2\n\
size\twasm\tportal_bg.wasm\t956499\t402387\t313624\n\
size\tjs\tportal.js\t68343\t10651\t8982\n\
size\tsw\tsw.js\t8677\t3124\t2676\n\
size\tcss\tmain.css\t25771\t5975\t5158\n\
sample\tlh.home.score\t100\n\
sample\tlh.home.score\t98\n\
sample\tlh.home.score\t100\n\
sample\tlh.home.lcp\t1500\n\
sample\tlh.home.cls\t0\n\
sample\tlh.home.tbt\t60\n\
sample\tlh.article.score\t75\n\
sample\tlh.article.lcp\t3000\n\
sample\tlh.article.fcp\t1000\n\
sample\tlh.article.cls\t0.246\n\
sample\tlh.article.tbt\t20\n\
sample\tlh.baseline.lcp\t1200\n\
sample\tlh.baseline.fcp\t900\n\
sample\tlh.article_devtools.score\t93\n\
sample\tlh.article_devtools.lcp\t1600\n\
sample\tlh.article_devtools.lcp\t1500\n\
sample\tlh.article_devtools.fcp\t1500\n\
sample\tlh.article_devtools.bytes\t440000\n\
sample\tlh.baseline_devtools.lcp\t1200\n\
sample\tlh.baseline_devtools.fcp\t1200\n\
info\tdevtools_throttling\trequest latency 562.5 ms\n\
sample\tlh.repeat.lcp\t1000\n\
sample\tlh.repeat.bytes\t0\n\
sample\tlh.repeat.total_bytes\t3100\n\
sample\tnav.bytes\t3201\n\
sample\tnav.json_sent\t2238\n\
sample\tlh.home.lcp\tNaN\n\
note\tsomething to know\n\
note\tsomething to know\n\
garbage line\n\
size\tjs\tbroken\tx\t1\t2\n";

    #[test]
    fn reads_what_bench_mjs_writes() {
        let r = parse_results(SAMPLE);
        assert_eq!(r.median("lh.home.score"), Some(100.0));
        assert_eq!(r.runs("lh.home.lcp"), 1, "NaN is skipped");
        assert_eq!(r.info("node"), Some("v20.20.2"));
        assert_eq!(r.sizes.len(), 4, "the unreadable size line is skipped");
        assert_eq!(r.notes, ["something to know"]);
        assert_eq!(r.js_wasm_brotli(), Some(313_624.0 + 8_982.0));
        assert_eq!(parse_results("").js_wasm_brotli(), None);
    }

    fn verdict(checks: &[Check], what: &str) -> Verdict {
        checks
            .iter()
            .find(|c| c.what.starts_with(what))
            .map(|c| c.verdict)
            .unwrap_or_else(|| panic!("no check {what}"))
    }

    #[test]
    fn targets_pass_or_miss_but_never_fail() {
        let c = checks(&parse_results(SAMPLE), 20_000);
        assert_eq!(verdict(&c, "Home: performance score"), Verdict::Pass);
        assert_eq!(verdict(&c, "Article: performance score"), Verdict::Miss);
        // 3000 / 1200 = 2.5 > 1.5; 1000 / 900 = 1.11 ≤ 1.15.
        assert_eq!(verdict(&c, "Article LCP ÷ baseline LCP"), Verdict::Miss);
        assert_eq!(verdict(&c, "Article FCP ÷ baseline FCP"), Verdict::Pass);
        assert_eq!(verdict(&c, "Home: CLS"), Verdict::Pass);
        assert_eq!(verdict(&c, "Article: CLS"), Verdict::Miss);
        assert_eq!(verdict(&c, "Home: TBT"), Verdict::Miss);
        assert_eq!(verdict(&c, "Article: TBT"), Verdict::Pass);
        assert_eq!(verdict(&c, "Article LCP, repeat visit"), Verdict::Pass);
        assert_eq!(
            verdict(&c, "JS + wasm, brotli, first load of article"),
            Verdict::Miss
        );
        assert!(!c.iter().any(|c| c.what.contains("perf-budget.json")));
        let with_budget = format!(
            "{SAMPLE}info\tfirst_load_article\t190000\ninfo\tbudget_first_load_article\t200000\n"
        );
        let c = checks(&parse_results(&with_budget), 20_000);
        assert_eq!(
            verdict(
                &c,
                "First load of article against the test command's budget"
            ),
            Verdict::Pass
        );
        assert_eq!(verdict(&c, "In-app navigation"), Verdict::None);
        let lcp = c
            .iter()
            .find(|c| c.what.starts_with("Article LCP ÷"))
            .unwrap();
        assert_eq!(lcp.measured, "2.50× (3000 / 1200 ms)");
        // 1550 / 1200 = 1.29 ≤ 1.5; 1500 / 1200 = 1.25 > 1.15.
        let devtools = |what: &str| c.iter().find(|c| c.what == what).unwrap();
        let lcp = devtools("Article LCP ÷ baseline LCP (DevTools throttling)");
        assert_eq!(
            (lcp.measured.as_str(), lcp.verdict),
            ("1.29× (1550 / 1200 ms)", Verdict::Pass)
        );
        let fcp = devtools("Article FCP ÷ baseline FCP (DevTools throttling)");
        assert_eq!(
            (fcp.measured.as_str(), fcp.verdict),
            ("1.25× (1500 / 1200 ms)", Verdict::Miss)
        );
        // Nothing measured: no verdict rather than a pass or a miss.
        let empty = checks(&Results::default(), 20_000);
        assert!(empty.iter().all(|c| c.verdict == Verdict::None));
    }

    #[test]
    fn tables_show_medians_and_totals() {
        let t = tables(&parse_results(SAMPLE), 20_000);
        assert!(
            t.contains(
                "| article `/bai-viet/1024/so-ket` | 75 | 1000 | 3000 | 20 | 0.246 | — | 1 |"
            ),
            "{t}"
        );
        assert!(
            t.contains(
                "| **main module: JS + wasm + chunk loader** | | 1024842 | 413038 | 322606 |"
            ),
            "{t}"
        );
        assert!(
            t.contains(
                "| Article LCP ÷ baseline LCP | 2.50× (3000 / 1200 ms) | ≤ 1.5× | **miss** |"
            ),
            "{t}"
        );
        let devtools = t
            .split("### Cold loads, DevTools throttling (real slow 4G and 4× CPU applied to the browser)")
            .nth(1)
            .and_then(|rest| rest.split("### Targets").next())
            .expect("a table with DevTools throttling before the targets");
        assert!(
            devtools.contains("(request latency 562.5 ms), median of 2 runs"),
            "{t}"
        );
        assert!(
            devtools.contains(
                "| article `/bai-viet/1024/so-ket` | 93 | 1500 | 1550 | — | — | 440.0 | 2 |"
            ),
            "{t}"
        );
        assert!(devtools.contains("| baseline: "), "{t}");
        assert!(
            !devtools.contains("generated articles") && !devtools.contains("repeat"),
            "{t}"
        );
        assert!(
            devtools.contains(
                "Article ÷ baseline with DevTools throttling: LCP 1.29× (1550 / 1200 ms), \
                 FCP 1.25× (1500 / 1200 ms)."
            ),
            "{t}"
        );
        assert!(
            t.contains("| Article LCP ÷ baseline LCP (DevTools throttling) | 1.29× (1550 / 1200 ms) | ≤ 1.5× | pass |"),
            "{t}"
        );
        assert!(t.contains("| article, repeat visit (service worker and HTTP cache kept) | — | — | 1000 | — | — | 3.1 | 1 |"), "{t}");
    }

    #[test]
    fn servers_get_the_copy_and_a_fresh_database() {
        let strs = |v: Vec<OsString>| -> Vec<String> {
            v.into_iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            strs(api_args(Path::new("/t/big"), 20_000)),
            [
                "--db",
                "/t/big/portal.db",
                "--trust-proxy",
                "--extra-articles",
                "20000"
            ]
        );
        assert_eq!(api_args(Path::new("d"), 0).len(), 3);
        assert_eq!(
            strs(front_args(Path::new("/t/site"), "http://127.0.0.1:9")),
            [
                "front",
                "--api",
                "http://127.0.0.1:9/api/v1",
                "--dist",
                "/t/site"
            ]
        );
    }

    #[test]
    fn copies_a_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let from = tmp.path().join("from");
        std::fs::create_dir_all(from.join("a/b")).unwrap();
        std::fs::write(from.join("x.txt"), "x").unwrap();
        std::fs::write(from.join("a/b/y.txt"), "y").unwrap();
        copy_dir(&from, &tmp.path().join("to")).unwrap();
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("to/a/b/y.txt")).unwrap(),
            "y"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("to/x.txt")).unwrap(),
            "x"
        );
    }
}
