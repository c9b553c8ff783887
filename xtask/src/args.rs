//! Command-line parsing for `cargo xtask`, with clap (the server's parser too).

use clap::builder::NonEmptyStringValueParser;
use clap::Parser;

#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "The workspace's task runner (see docs/setup.md, docs/testing.md and docs/performance.md).",
    arg_required_else_help = true
)]
pub enum Cmd {
    /// Build a release and serve it with sample data until Ctrl+C.
    ///
    /// Installs what is missing, builds a release and starts the reference server with the
    /// sample data, as a station runs it; keeps running until Ctrl+C.
    Run(RunArgs),
    /// Run every test.
    ///
    /// Installs what is missing and runs fmt, clippy, the native tests, the wasm tests in
    /// headless Chromium, the release builds, the size budget and the end-to-end tests.
    Test,
    /// Load-test the release server on loopback.
    ///
    /// Home, article, search and comment posting, with oha at a fixed arrival rate; writes the
    /// figures to docs/performance.md.
    Loadtest(LoadArgs),
    /// Page-speed benchmark (Lighthouse).
    ///
    /// Builds a release, runs Lighthouse on the home page, the seed article and a static
    /// HTML baseline, a repeat visit and an in-app navigation, sizes the build, and writes
    /// docs/performance.md. A benchmark: targets missed are reported, never an error.
    Bench(BenchArgs),
}

/// Options of `cargo xtask loadtest`.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
pub struct LoadArgs {
    /// Seconds per scenario.
    #[arg(long = "duration", value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub duration_secs: u64,
    /// Connections of the load generator (at most 1024 are used).
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub connections: u64,
    /// Articles generated on top of the sample data.
    #[arg(long, value_name = "N", default_value_t = 20_000)]
    pub extra_articles: u32,
    /// Where the figures go, relative to the workspace root.
    #[arg(long, value_name = "FILE", default_value = "docs/performance.md",
          value_parser = NonEmptyStringValueParser::new())]
    pub output: String,
    /// Only print the figures.
    #[arg(long)]
    pub no_write: bool,
}

/// Options of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
pub struct BenchArgs {
    /// Lighthouse runs per page (and navigations); medians are reported.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Generated articles of the second server, whose home page is compared with the first's.
    #[arg(long, value_name = "N", default_value_t = 20_000)]
    pub extra_articles: u32,
    /// Where the figures go, relative to the workspace root.
    #[arg(long, value_name = "FILE", default_value = "docs/performance.md",
          value_parser = NonEmptyStringValueParser::new())]
    pub output: String,
    /// Only print the figures.
    #[arg(long)]
    pub no_write: bool,
}

/// Options of `cargo xtask run`.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
pub struct RunArgs {
    /// Port of the portal; the reference API server takes the next one.
    #[arg(long, value_name = "N", default_value_t = 8080,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,
    /// Articles generated on top of the sample data.
    #[arg(long, value_name = "N")]
    pub extra_articles: Option<u32>,
    /// Where the app finds the API (`<meta name="portal-api-base">`).
    #[arg(long, value_name = "URL", value_parser = NonEmptyStringValueParser::new())]
    pub api_base: Option<String>,
}

/// The options a command has when none is given.
pub fn defaults<T: Parser>() -> T {
    T::parse_from(["cargo xtask"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cmd, clap::Error> {
        Cmd::try_parse_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
    }

    fn ok(args: &[&str]) -> Cmd {
        parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn is_err(args: &[&str]) -> bool {
        parse(args).is_err()
    }

    #[test]
    fn run_defaults() {
        let want = RunArgs {
            port: 8080,
            extra_articles: None,
            api_base: None,
        };
        assert_eq!(ok(&["run"]), Cmd::Run(want.clone()));
        assert_eq!(defaults::<RunArgs>(), want);
    }

    #[test]
    fn run_all_flags_both_forms() {
        let want = Cmd::Run(RunArgs {
            port: 9000,
            extra_articles: Some(500),
            api_base: Some("/api/v1".into()),
        });
        let spaced = [
            "run",
            "--port",
            "9000",
            "--extra-articles",
            "500",
            "--api-base",
            "/api/v1",
        ];
        assert_eq!(ok(&spaced), want);
        let inline = [
            "run",
            "--port=9000",
            "--extra-articles=500",
            "--api-base=/api/v1",
        ];
        assert_eq!(ok(&inline), want);
    }

    #[test]
    fn api_base_may_contain_equals() {
        let Cmd::Run(args) = ok(&["run", "--api-base=http://x/api?a=b"]) else {
            panic!("not run")
        };
        assert_eq!(args.api_base.as_deref(), Some("http://x/api?a=b"));
    }

    #[test]
    fn run_rejects_bad_values() {
        assert!(is_err(&["run", "--port"]));
        assert!(is_err(&["run", "--port", "0"]));
        assert!(is_err(&["run", "--port", "70000"]));
        assert!(is_err(&["run", "--port", "abc"]));
        assert!(is_err(&["run", "--extra-articles", "-1"]));
        assert!(is_err(&["run", "--api-base="]));
        assert!(is_err(&["run", "--verbose"]));
        assert!(is_err(&["run", "extra"]));
    }

    #[test]
    fn loadtest_options() {
        let defaults = LoadArgs {
            duration_secs: 10,
            connections: 16,
            extra_articles: 20_000,
            output: "docs/performance.md".into(),
            no_write: false,
        };
        assert_eq!(ok(&["loadtest"]), Cmd::Loadtest(defaults));
        let got = ok(&[
            "loadtest",
            "--duration",
            "3",
            "--connections=4",
            "--extra-articles",
            "0",
            "--output",
            "x.md",
            "--no-write",
        ]);
        assert_eq!(
            got,
            Cmd::Loadtest(LoadArgs {
                duration_secs: 3,
                connections: 4,
                extra_articles: 0,
                output: "x.md".into(),
                no_write: true,
            })
        );
        assert!(is_err(&["loadtest", "--duration", "0"]));
        assert!(is_err(&["loadtest", "--connections", "x"]));
        assert!(is_err(&["loadtest", "--port", "1"]));
        assert!(is_err(&["loadtest", "--output="]));
    }

    #[test]
    fn bench_options() {
        let defaults = BenchArgs {
            runs: 5,
            extra_articles: 20_000,
            output: "docs/performance.md".into(),
            no_write: false,
        };
        assert_eq!(ok(&["bench"]), Cmd::Bench(defaults));
        let got = ok(&[
            "bench",
            "--runs=3",
            "--extra-articles",
            "0",
            "--output",
            "x.md",
            "--no-write",
        ]);
        assert_eq!(
            got,
            Cmd::Bench(BenchArgs {
                runs: 3,
                extra_articles: 0,
                output: "x.md".into(),
                no_write: true,
            })
        );
        assert!(is_err(&["bench", "--runs", "0"]));
        assert!(is_err(&["bench", "--runs", "101"]));
        assert!(is_err(&["bench", "--runs", "x"]));
        assert!(is_err(&["bench", "--port", "1"]));
        assert!(is_err(&["bench", "--output="]));
    }

    #[test]
    fn other_commands_and_help() {
        assert_eq!(ok(&["test"]), Cmd::Test);
        assert!(is_err(&["test", "--port", "1"]));
        assert!(is_err(&["build"]));
        // No command: an error that shows the help (exit code 2).
        let none = parse(&[]).unwrap_err();
        assert_eq!(none.exit_code(), 2);
        // `help`, `--help` and `-h` print the help and exit 0; it lists every command.
        for help in [&["help"][..], &["--help"], &["-h"]] {
            let e = parse(help).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{help:?}");
            assert_eq!(e.exit_code(), 0);
            let text = e.to_string();
            for cmd in ["run", "test", "loadtest", "bench"] {
                assert!(text.contains(&format!("  {cmd} ")), "{cmd} in {text}");
            }
        }
        let e = parse(&["loadtest", "--help"]).unwrap_err().to_string();
        assert!(
            e.contains("--connections <N>") && e.contains("[default: 16]"),
            "{e}"
        );
        <Cmd as clap::CommandFactory>::command().debug_assert();
    }
}
