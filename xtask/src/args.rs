//! Command-line parsing for `cargo xtask` (std only).

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [--port N] [--extra-articles N] [--api-base URL]
        install what is missing, build a release, start the reference server
        with sample data and keep running until Ctrl+C
  test  install what is missing and run every test (fmt, clippy, native tests,
        wasm tests in headless Chromium, release builds, end-to-end tests)
  loadtest [--duration SECS] [--connections N] [--extra-articles N]
           [--output FILE] [--no-write]
        load-test the release server on loopback (home, article, search,
        comment posting) and write the figures to docs/performance.md
  bench [--runs N] [--extra-articles N] [--output FILE] [--no-write]
        page-speed benchmark: build a release, run Lighthouse on the home page,
        the seed article and a static HTML baseline, a repeat visit and an
        in-app navigation, size the build, and write docs/performance.md
        (a benchmark: targets missed are reported, never an error)
  help  print this message";

/// Default port of `cargo xtask run`.
pub const DEFAULT_PORT: u16 = 8080;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Run(RunArgs),
    Test,
    Loadtest(LoadArgs),
    Bench(BenchArgs),
    Help,
}

/// Options of `cargo xtask loadtest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadArgs {
    /// Seconds per scenario.
    pub duration_secs: u64,
    pub connections: usize,
    pub extra_articles: u32,
    /// Where the figures go, relative to the workspace root.
    pub output: String,
    pub no_write: bool,
}

impl Default for LoadArgs {
    fn default() -> Self {
        LoadArgs {
            duration_secs: 10,
            connections: 16,
            extra_articles: 20_000,
            output: "docs/performance.md".into(),
            no_write: false,
        }
    }
}

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchArgs {
    /// Lighthouse runs per page (and navigations); medians are reported.
    pub runs: u32,
    /// Generated articles of the second server, whose home page is compared with the first's.
    pub extra_articles: u32,
    /// Where the figures go, relative to the workspace root.
    pub output: String,
    pub no_write: bool,
}

impl Default for BenchArgs {
    fn default() -> Self {
        BenchArgs {
            runs: 5,
            extra_articles: 20_000,
            output: "docs/performance.md".into(),
            no_write: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunArgs {
    pub port: u16,
    pub extra_articles: Option<u32>,
    pub api_base: Option<String>,
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            port: DEFAULT_PORT,
            extra_articles: None,
            api_base: None,
        }
    }
}

/// Parses the arguments after `cargo xtask` (the program name already removed).
pub fn parse(args: &[String]) -> Result<Cmd, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("missing command".to_string());
    };
    match first.as_str() {
        "run" => parse_run(rest).map(Cmd::Run),
        "test" => match rest.first() {
            None => Ok(Cmd::Test),
            Some(extra) => Err(format!("`test` takes no arguments (got `{extra}`)")),
        },
        "loadtest" => parse_load(rest).map(Cmd::Loadtest),
        "bench" => parse_bench(rest).map(Cmd::Bench),
        "help" | "-h" | "--help" => Ok(Cmd::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// Reads the option at `args[*i]`, as `--flag value` or `--flag=value`, when it is one of
/// `known`; leaves `*i` on the last word it read.
fn take_option<'a>(
    args: &'a [String],
    i: &mut usize,
    known: &[&str],
    command: &str,
) -> Result<(&'a str, String), String> {
    let arg = args[*i].as_str();
    let (flag, inline) = match arg.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
        _ => (arg, None),
    };
    if !known.contains(&flag) {
        return Err(format!("unknown option `{arg}` for `{command}`"));
    }
    let value = match inline {
        Some(v) => v,
        None => {
            *i += 1;
            args.get(*i)
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))?
        }
    };
    Ok((flag, value))
}

fn parse_load(args: &[String]) -> Result<LoadArgs, String> {
    let mut out = LoadArgs::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "--no-write" {
            out.no_write = true;
            i += 1;
            continue;
        }
        let (flag, value) = take_option(
            args,
            &mut i,
            &[
                "--duration",
                "--connections",
                "--extra-articles",
                "--output",
            ],
            "loadtest",
        )?;
        let positive = |v: &str| -> Result<u64, String> {
            v.parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("`{flag}` needs a positive integer, got `{v}`"))
        };
        match flag {
            "--duration" => out.duration_secs = positive(&value)?,
            "--connections" => out.connections = positive(&value)?.min(1024) as usize,
            "--extra-articles" => {
                out.extra_articles = value.parse().map_err(|_| {
                    format!("`--extra-articles` needs a non-negative integer, got `{value}`")
                })?
            }
            _ => {
                if value.is_empty() {
                    return Err("`--output` needs a file name".to_string());
                }
                out.output = value
            }
        }
        i += 1;
    }
    Ok(out)
}

fn parse_bench(args: &[String]) -> Result<BenchArgs, String> {
    let mut out = BenchArgs::default();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--no-write" {
            out.no_write = true;
            i += 1;
            continue;
        }
        let (flag, value) = take_option(
            args,
            &mut i,
            &["--runs", "--extra-articles", "--output"],
            "bench",
        )?;
        match flag {
            "--runs" => {
                out.runs = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| {
                        format!("`--runs` needs a number from 1 to 100, got `{value}`")
                    })?
            }
            "--extra-articles" => {
                out.extra_articles = value.parse().map_err(|_| {
                    format!("`--extra-articles` needs a non-negative integer, got `{value}`")
                })?
            }
            _ => {
                if value.is_empty() {
                    return Err("`--output` needs a file name".to_string());
                }
                out.output = value
            }
        }
        i += 1;
    }
    Ok(out)
}

fn parse_run(args: &[String]) -> Result<RunArgs, String> {
    let mut out = RunArgs::default();
    let mut i = 0;
    while i < args.len() {
        let (flag, value) = take_option(
            args,
            &mut i,
            &["--port", "--extra-articles", "--api-base"],
            "run",
        )?;
        match flag {
            "--port" => out.port = parse_port(&value)?,
            "--extra-articles" => {
                out.extra_articles = Some(value.parse().map_err(|_| {
                    format!("`--extra-articles` needs a non-negative integer, got `{value}`")
                })?)
            }
            _ => {
                if value.is_empty() {
                    return Err("`--api-base` needs a non-empty URL or path".to_string());
                }
                out.api_base = Some(value)
            }
        }
        i += 1;
    }
    Ok(out)
}

fn parse_port(value: &str) -> Result<u16, String> {
    match value.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!(
            "`--port` needs a number from 1 to 65535, got `{value}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn run_defaults() {
        assert_eq!(parse(&s(&["run"])), Ok(Cmd::Run(RunArgs::default())));
        assert_eq!(RunArgs::default().port, 8080);
    }

    #[test]
    fn run_all_flags_both_forms() {
        let want = Cmd::Run(RunArgs {
            port: 9000,
            extra_articles: Some(500),
            api_base: Some("/api/v1".into()),
        });
        let spaced = s(&[
            "run",
            "--port",
            "9000",
            "--extra-articles",
            "500",
            "--api-base",
            "/api/v1",
        ]);
        assert_eq!(parse(&spaced), Ok(want.clone()));
        let inline = s(&[
            "run",
            "--port=9000",
            "--extra-articles=500",
            "--api-base=/api/v1",
        ]);
        assert_eq!(parse(&inline), Ok(want));
    }

    #[test]
    fn api_base_may_contain_equals() {
        let got = parse(&s(&["run", "--api-base=http://x/api?a=b"]));
        let Ok(Cmd::Run(args)) = got else {
            panic!("unexpected {got:?}")
        };
        assert_eq!(args.api_base.as_deref(), Some("http://x/api?a=b"));
    }

    #[test]
    fn run_rejects_bad_values() {
        assert!(parse(&s(&["run", "--port"])).is_err());
        assert!(parse(&s(&["run", "--port", "0"])).is_err());
        assert!(parse(&s(&["run", "--port", "70000"])).is_err());
        assert!(parse(&s(&["run", "--port", "abc"])).is_err());
        assert!(parse(&s(&["run", "--extra-articles", "-1"])).is_err());
        assert!(parse(&s(&["run", "--api-base="])).is_err());
        assert!(parse(&s(&["run", "--verbose"])).is_err());
        assert!(parse(&s(&["run", "extra"])).is_err());
    }

    #[test]
    fn loadtest_options() {
        assert_eq!(
            parse(&s(&["loadtest"])),
            Ok(Cmd::Loadtest(LoadArgs::default()))
        );
        assert_eq!(LoadArgs::default().extra_articles, 20_000);
        let got = parse(&s(&[
            "loadtest",
            "--duration",
            "3",
            "--connections=4",
            "--extra-articles",
            "0",
            "--output",
            "x.md",
            "--no-write",
        ]));
        assert_eq!(
            got,
            Ok(Cmd::Loadtest(LoadArgs {
                duration_secs: 3,
                connections: 4,
                extra_articles: 0,
                output: "x.md".into(),
                no_write: true,
            }))
        );
        assert!(parse(&s(&["loadtest", "--duration", "0"])).is_err());
        assert!(parse(&s(&["loadtest", "--connections", "x"])).is_err());
        assert!(parse(&s(&["loadtest", "--port", "1"])).is_err());
        assert!(parse(&s(&["loadtest", "--output="])).is_err());
    }

    #[test]
    fn bench_options() {
        assert_eq!(parse(&s(&["bench"])), Ok(Cmd::Bench(BenchArgs::default())));
        assert_eq!(BenchArgs::default().runs, 5);
        assert_eq!(BenchArgs::default().extra_articles, 20_000);
        let got = parse(&s(&[
            "bench",
            "--runs=3",
            "--extra-articles",
            "0",
            "--output",
            "x.md",
            "--no-write",
        ]));
        assert_eq!(
            got,
            Ok(Cmd::Bench(BenchArgs {
                runs: 3,
                extra_articles: 0,
                output: "x.md".into(),
                no_write: true,
            }))
        );
        assert!(parse(&s(&["bench", "--runs", "0"])).is_err());
        assert!(parse(&s(&["bench", "--runs", "x"])).is_err());
        assert!(parse(&s(&["bench", "--port", "1"])).is_err());
        assert!(parse(&s(&["bench", "--output="])).is_err());
    }

    #[test]
    fn other_commands() {
        assert_eq!(parse(&s(&["test"])), Ok(Cmd::Test));
        assert!(parse(&s(&["test", "--port", "1"])).is_err());
        assert_eq!(parse(&s(&["help"])), Ok(Cmd::Help));
        assert_eq!(parse(&s(&["--help"])), Ok(Cmd::Help));
        assert!(parse(&s(&[])).is_err());
        assert!(parse(&s(&["build"])).is_err());
    }
}
