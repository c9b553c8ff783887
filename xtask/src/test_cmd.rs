//! `cargo xtask test`: every test, in order, stopping at the first failure.

use std::env;
use std::path::PathBuf;

use crate::ctx::{Ctx, CHROMEDRIVER, CHROMIUM, E2E_CONFIG, WASM_TARGET};
use crate::install::{Installer, Tool};
use crate::proc;

type StepFn = fn(&Ctx, &mut Installer) -> Result<(), String>;

pub struct Step {
    pub title: &'static str,
    pub run: StepFn,
}

pub const STEPS: &[Step] = &[
    Step {
        title: "Formatting (cargo fmt --check)",
        run: fmt,
    },
    Step {
        title: "Lints (cargo clippy, native and wasm32)",
        run: clippy,
    },
    Step {
        title: "Native tests (cargo test --workspace)",
        run: native_tests,
    },
    Step {
        title: "WebAssembly tests in headless Chromium (wasm-bindgen-test)",
        run: wasm_tests,
    },
    Step {
        title: "Release builds (trunk build --release, portal-server)",
        run: release_builds,
    },
    Step {
        title: "Size budget (JS + wasm brotli, perf-budget.json)",
        run: size_budget,
    },
    Step {
        title: "End-to-end tests (Playwright)",
        run: e2e,
    },
];

/// The closing line, e.g. `xtask: 6 passed, 0 failed`.
pub fn summary_line(passed: usize, failed: usize) -> String {
    format!("xtask: {passed} passed, {failed} failed")
}

/// Runs all steps; returns the process exit code.
pub fn run(ctx: &Ctx) -> i32 {
    let mut installer = Installer::default();
    let total = STEPS.len();
    let (mut passed, mut failed) = (0, 0);
    for (i, step) in STEPS.iter().enumerate() {
        println!("\n==> [{}/{total}] {}", i + 1, step.title);
        match (step.run)(ctx, &mut installer) {
            Ok(()) => {
                passed += 1;
                println!("--> passed: {}", step.title);
            }
            Err(e) => {
                failed += 1;
                eprintln!(
                    "\nxtask: step {}/{total} failed: {}\n{e}",
                    i + 1,
                    step.title
                );
                let not_run: Vec<&str> = STEPS[i + 1..].iter().map(|s| s.title).collect();
                if !not_run.is_empty() {
                    println!("xtask: not run: {}", not_run.join("; "));
                }
                break;
            }
        }
    }
    println!("\n{}", summary_line(passed, failed));
    if failed == 0 {
        0
    } else {
        1
    }
}

fn fmt(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    inst.ensure(ctx, &[Tool::RustComponents])?;
    proc::run(&mut ctx.cargo(["fmt", "--all", "--", "--check"]))?;
    Ok(())
}

fn clippy(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    inst.ensure(ctx, &[Tool::RustComponents, Tool::WasmTarget])?;
    proc::run(&mut ctx.cargo([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    proc::run(&mut ctx.cargo([
        "clippy",
        "-p",
        "portal",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    Ok(())
}

fn native_tests(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    // The server's media tests run ffmpeg (and are skipped without it).
    inst.ensure(ctx, &[Tool::Ffmpeg])?;
    proc::run(&mut ctx.cargo(["test", "--workspace"]))?;
    Ok(())
}

/// Chrome flags for wasm-bindgen-test-runner's ChromeDriver session. The
/// runner (0.2.130) itself adds `headless`, `disable-dev-shm-usage` and
/// `no-sandbox` to `goog:chromeOptions.args`, and reads further capabilities
/// from `./webdriver.json` or from the file `$WASM_BINDGEN_TEST_WEBDRIVER_JSON`
/// names. The background-networking flags keep Chromium from calling out
/// to a network that is closed here.
pub const CHROME_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// The webdriver.json that xtask hands to wasm-bindgen-test-runner.
pub fn webdriver_json(binary: &str, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|a| format!("      \"{a}\"")).collect();
    format!(
        "{{\n  \"goog:chromeOptions\": {{\n    \"binary\": \"{binary}\",\n    \"args\": [\n{}\n    ]\n  }}\n}}\n",
        args.join(",\n")
    )
}

/// Where the runner should read capabilities from: a webdriver.json the
/// repository or the caller provides wins; otherwise one xtask writes.
fn webdriver_json_path(ctx: &Ctx) -> Result<Option<PathBuf>, String> {
    if env::var_os("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_some()
        || ctx.root.join("webdriver.json").is_file()
    {
        return Ok(None);
    }
    let dir = ctx.target_dir.join("xtask");
    let path = dir.join("webdriver.json");
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, webdriver_json(CHROMIUM, CHROME_ARGS)))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Some(path))
}

fn wasm_tests(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    inst.ensure(ctx, &[Tool::WasmTarget, Tool::WasmBindgen, Tool::Chromium])?;
    let mut cmd = ctx.cargo(["test", "-p", "portal", "--target", WASM_TARGET]);
    cmd.env("CHROMEDRIVER", CHROMEDRIVER);
    if let Some(path) = webdriver_json_path(ctx)? {
        cmd.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", path);
    }
    // The runner's default of 20 s per test binary is tight on a busy 2-core machine.
    if env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
        cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    }
    proc::run(&mut cmd)?;
    Ok(())
}

/// `trunk build --release` with binaryen's wasm-opt first on PATH.
pub fn trunk_build(ctx: &Ctx) -> Result<(), String> {
    proc::run(ctx.node_cmd("trunk").args(["build", "--release"]))
}

pub fn server_build(ctx: &Ctx) -> Result<(), String> {
    proc::run(&mut ctx.cargo(["build", "--release", "-p", "portal-server"]))
}

pub const BUILD_TOOLS: &[Tool] = &[
    Tool::WasmTarget,
    Tool::WasmBindgen,
    Tool::WasmSplit,
    Tool::NpmPackages,
    Tool::Trunk,
];

fn release_builds(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    inst.ensure(ctx, BUILD_TOOLS)?;
    trunk_build(ctx)?;
    server_build(ctx)?;
    let index = ctx.dist().join("index.html");
    if !index.is_file() {
        return Err(format!("trunk finished but {} is missing", index.display()));
    }
    Ok(())
}

/// The download a reader needs to start the app stays within perf-budget.json; the checker's
/// own tests run first, so a broken checker cannot pass everything, with those of the
/// benchmark's report (bench/report.test.mjs: it needs no Lighthouse).
fn size_budget(ctx: &Ctx, _inst: &mut Installer) -> Result<(), String> {
    proc::run(ctx.node_cmd("node").args(["--test", "tools/", "bench/"]))?;
    let dist = ctx.dist();
    proc::run(ctx.node_cmd("node").arg("tools/size-budget.mjs").arg(&dist))
}

/// The broadcast media shared by the end-to-end tests' servers (`tests/e2e/server.ts`).
pub fn e2e_media_dir(ctx: &Ctx) -> PathBuf {
    ctx.target_dir.join("e2e-media")
}

fn e2e(ctx: &Ctx, inst: &mut Installer) -> Result<(), String> {
    if !ctx.root.join(E2E_CONFIG).is_file() {
        return Err(format!("{E2E_CONFIG} is missing"));
    }
    inst.ensure(
        ctx,
        &[Tool::NpmPackages, Tool::Chromium, Tool::Nginx, Tool::Ffmpeg],
    )?;
    let server = ctx.server_bin();
    if !server.is_file() {
        return Err(format!(
            "{} is missing (the release build step makes it)",
            server.display()
        ));
    }
    // One media folder for every server of the tests, made once (clips with ffmpeg take a
    // minute; an existing folder is checked in a moment).
    let media = e2e_media_dir(ctx);
    proc::run(
        ctx.cmd(&server)
            .args(["media", "generate", "--media-dir"])
            .arg(&media),
    )?;
    let mut cmd = ctx.node_cmd("npx");
    cmd.args(["--no-install", "playwright", "test", "--config", E2E_CONFIG])
        .env("PORTAL_SERVER_BIN", &server)
        .env("PORTAL_MEDIA_DIR", &media)
        .env("PORTAL_DIST", ctx.dist())
        // tests/e2e/nginx.spec.ts runs the nginx configurations; here it must not skip.
        .env("PORTAL_REQUIRE_NGINX", "1")
        .env("NGINX_BIN", crate::ctx::NGINX)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    proc::run(&mut cmd)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_format() {
        assert_eq!(summary_line(6, 0), "xtask: 6 passed, 0 failed");
        assert_eq!(summary_line(2, 1), "xtask: 2 passed, 1 failed");
    }

    #[test]
    fn steps_in_order() {
        let titles: Vec<&str> = STEPS.iter().map(|s| s.title).collect();
        assert_eq!(titles.len(), 7);
        assert!(titles[0].contains("fmt"));
        assert!(titles[1].contains("clippy"));
        assert!(titles[4].contains("Release"));
        assert!(titles[5].contains("Size budget"));
        assert!(titles[6].contains("Playwright"));
    }

    #[test]
    fn webdriver_json_has_chrome_options() {
        let json = webdriver_json("/usr/bin/chromium", &["--headless", "--no-sandbox"]);
        assert_eq!(
            json,
            "{\n  \"goog:chromeOptions\": {\n    \"binary\": \"/usr/bin/chromium\",\n    \
             \"args\": [\n      \"--headless\",\n      \"--no-sandbox\"\n    ]\n  }\n}\n"
        );
        for flag in [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-dev-shm-usage",
        ] {
            assert!(CHROME_ARGS.contains(&flag), "{flag}");
        }
    }
}
