//! `cargo xtask bench`: the page-speed benchmark of issue #5.
//!
//! Builds a release as `cargo xtask run` does, copies `dist/` into a temporary folder together
//! with the static baseline page (`bench/baseline/article.html`, served at [`BASELINE_PATH`]),
//! and serves the copy with the reference server twice: with the sample data, and with
//! generated articles added. `bench/bench.mjs` (Lighthouse 12.2.3 and puppeteer-core, from
//! `bench/package.json`) measures, and its `report.mjs` takes the medians, compares them with
//! the issue's targets and prints the tables; this module writes them, with what was measured
//! where and how, to the "Page speed" section of `docs/performance.md`. A missed target is
//! reported, never an error: it is a benchmark, not a test.

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

/// What `bench.mjs` wrote (see `report` in bench/report.mjs): the report's markdown, and the
/// Node and Lighthouse versions, the throttling and the machine's benchmark index it names.
#[derive(Debug, PartialEq)]
struct Report {
    markdown: String,
    node: String,
    lighthouse: String,
    devtools_throttling: String,
    benchmark_index: String,
}

impl Report {
    fn from_json(text: &str) -> Result<Report, String> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("cannot read the report of bench.mjs: {e}"))?;
        let info = |key: &str| v["info"][key].as_str().unwrap_or("unknown").to_owned();
        Ok(Report {
            markdown: v["markdown"]
                .as_str()
                .ok_or("the report of bench.mjs has no markdown")?
                .to_owned(),
            node: info("node"),
            lighthouse: info("lighthouse"),
            devtools_throttling: info("devtools_throttling"),
            benchmark_index: v["benchmark_index"]
                .as_f64()
                .map_or_else(|| "—".into(), |i| format!("{i:.0}")),
        })
    }
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
    let out = tmp.path().join("report.json");
    let mut node = ctx.cmd("node");
    node.current_dir(ctx.bench_dir())
        .arg("bench.mjs")
        .args(["--app", &app.url(), "--app-big", &big.url()])
        .args([
            "--baseline",
            BASELINE_PATH,
            "--runs",
            &args.runs.to_string(),
            "--extra-articles",
            &args.extra_articles.to_string(),
        ])
        .arg("--dist")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .env("CHROME_PATH", CHROMIUM);
    let measured = proc::run(&mut node);
    drop(big);
    drop(app);
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("xtask: the benchmark took {minutes:.1} min");
    // A crash is not a miss: figures that are missing a part are not written down (bench.mjs
    // has printed them).
    measured?;
    let report = Report::from_json(
        &std::fs::read_to_string(&out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?,
    )?;

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
             {markdown}",
            date = perf_doc::civil_date(SystemTime::now()),
            machine = perf_doc::machine(),
            chromium = chromium_version(),
            node = report.node,
            lh = report.lighthouse,
            load = load_before.as_deref().unwrap_or("unknown"),
            index = report.benchmark_index,
            extra = args.extra_articles,
            runs = args.runs,
            devtools = report.devtools_throttling,
            markdown = report.markdown,
        );
        perf_doc::write_section(&ctx.root.join(&args.output), &section)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_report_of_bench_mjs() {
        // What `report` in bench/report.mjs writes (its tests check the markdown itself).
        let json = r#"{
          "markdown": "| page | score |\n| home | 100 |\n",
          "benchmark_index": 1149.5,
          "info": {"node": "v20.20.2", "lighthouse": "12.2.3",
                   "devtools_throttling": "request latency 562.5 ms", "articles.app": 44}
        }"#;
        assert_eq!(
            Report::from_json(json),
            Ok(Report {
                markdown: "| page | score |\n| home | 100 |\n".into(),
                node: "v20.20.2".into(),
                lighthouse: "12.2.3".into(),
                devtools_throttling: "request latency 562.5 ms".into(),
                benchmark_index: "1150".into(),
            })
        );
        // Nothing measured: the context is unknown, the markdown still there.
        let empty = r#"{"markdown": "", "benchmark_index": null, "info": {}}"#;
        let r = Report::from_json(empty).unwrap();
        assert_eq!(
            (r.node.as_str(), r.benchmark_index.as_str()),
            ("unknown", "—")
        );
        assert!(Report::from_json("{}").is_err());
        assert!(Report::from_json("sample\tlh.home.lcp\t1").is_err());
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
