//! "Install what is missing". Each check is fast when the tool is already there.

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use crate::ctx::{Ctx, CHROMEDRIVER, CHROMIUM, MEDIA_FONT, NGINX, WASM_TARGET};
use crate::proc::{self, probe};
use crate::versions::{resolved_version, same_version, tool_version};

pub const TRUNK_VERSION: &str = "0.21.14";
/// The load generator of `cargo xtask loadtest`.
pub const OHA_VERSION: &str = "1.16.0";

/// Things a step may need. Each is checked at most once per xtask run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// rustfmt and clippy.
    RustComponents,
    WasmTarget,
    Trunk,
    /// wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner), same
    /// version as the `wasm-bindgen` crate in Cargo.lock.
    WasmBindgen,
    /// wasm-split-cli (crate wasm_split_cli_support), same version as the
    /// `wasm_split_helpers` crate in Cargo.lock: it splits the app's wasm into chunks.
    WasmSplit,
    /// `npm ci`: Playwright and binaryen's wasm-opt.
    NpmPackages,
    /// `npm ci` in `bench/`: Lighthouse, for `cargo xtask bench` only.
    BenchNpmPackages,
    /// Debian's chromium and chromium-driver.
    Chromium,
    /// Debian's nginx, for the deployment test.
    Nginx,
    /// Debian's ffmpeg and fonts-dejavu-core: the server makes its sample audio and video
    /// with them (at start-up, and in its tests).
    Ffmpeg,
    /// oha, the HTTP load generator, for `cargo xtask loadtest` only.
    Oha,
}

#[derive(Default)]
pub struct Installer {
    done: Vec<Tool>,
}

impl Installer {
    pub fn ensure(&mut self, ctx: &Ctx, tools: &[Tool]) -> Result<(), String> {
        for &tool in tools {
            if self.done.contains(&tool) {
                continue;
            }
            match tool {
                Tool::RustComponents => rust_components(ctx)?,
                Tool::WasmTarget => wasm_target(ctx)?,
                Tool::Trunk => cargo_tool(ctx, "trunk", "trunk", TRUNK_VERSION, true, &[])?,
                Tool::WasmBindgen => wasm_bindgen(ctx)?,
                Tool::WasmSplit => wasm_split(ctx)?,
                Tool::NpmPackages => npm_ci(ctx, &ctx.root, &ctx.node_bin().join("wasm-opt"))?,
                Tool::BenchNpmPackages => {
                    let dir = ctx.bench_dir();
                    npm_ci(ctx, &dir, &dir.join("node_modules/lighthouse/package.json"))?
                }
                Tool::Chromium => chromium(ctx)?,
                Tool::Nginx => nginx(ctx)?,
                Tool::Ffmpeg => ffmpeg(ctx)?,
                Tool::Oha => cargo_tool(ctx, "oha", "oha", OHA_VERSION, true, &[])?,
            }
            self.done.push(tool);
        }
        Ok(())
    }
}

/// The version of `krate` that the workspace resolves (and Cargo.lock pins).
fn locked_version(ctx: &Ctx, krate: &str) -> Result<String, String> {
    let metadata = proc::stdout(&mut ctx.cargo(["metadata", "--format-version", "1"]))?;
    resolved_version(&metadata, krate)
}

fn wasm_bindgen(ctx: &Ctx) -> Result<(), String> {
    let version = locked_version(ctx, "wasm-bindgen")?;
    // Not --locked: the locked build asks for a dependency version that the
    // registry lacks.
    cargo_tool(
        ctx,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &version,
        false,
        &[],
    )?;
    if probe(ctx.cmd("wasm-bindgen-test-runner").arg("--version")).is_none() {
        return Err(format!(
            "`wasm-bindgen-test-runner` is missing although wasm-bindgen-cli {version} is installed"
        ));
    }
    Ok(())
}

fn wasm_split(ctx: &Ctx) -> Result<(), String> {
    // The splitter must understand the split points the app's macros wrote.
    let version = locked_version(ctx, "wasm_split_helpers")?;
    let features = ["build-binary"];
    cargo_tool(
        ctx,
        "wasm-split-cli",
        "wasm_split_cli_support",
        &version,
        true,
        &features,
    )
}

fn ok(what: &str) {
    println!("  ok: {what}");
}

fn rust_components(ctx: &Ctx) -> Result<(), String> {
    let fmt = probe(&mut ctx.cargo(["fmt", "--version"])).is_some();
    let clippy = probe(&mut ctx.cargo(["clippy", "--version"])).is_some();
    if fmt && clippy {
        ok("rustfmt and clippy");
        return Ok(());
    }
    println!("rustfmt or clippy is missing; adding them with rustup");
    proc::run(
        ctx.cmd("rustup")
            .args(["component", "add", "rustfmt", "clippy"]),
    )
    .map_err(|e| format!("{e}\n(rustfmt and clippy are needed; install them for your toolchain)"))
}

fn wasm_target(ctx: &Ctx) -> Result<(), String> {
    match probe(ctx.cmd("rustup").args(["target", "list", "--installed"])) {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => {
            ok(&format!("Rust target {WASM_TARGET}"));
            Ok(())
        }
        Some(_) => proc::run(ctx.cmd("rustup").args(["target", "add", WASM_TARGET])),
        None => {
            // No rustup: look into the toolchain's sysroot instead.
            let sysroot = probe(ctx.cmd("rustc").args(["--print", "sysroot"])).unwrap_or_default();
            let dir = Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET);
            if !sysroot.trim().is_empty() && dir.is_dir() {
                ok(&format!("Rust target {WASM_TARGET}"));
                Ok(())
            } else {
                Err(format!(
                    "the Rust target {WASM_TARGET} is missing and rustup was not found; \
                     install the target for your toolchain"
                ))
            }
        }
    }
}

/// The version `BIN --version` reports, or else the one `cargo install --list` has for
/// `krate` while `bin` runs (wasm-split-cli has no `--version`).
fn installed_version(ctx: &Ctx, bin: &str, krate: &str) -> Option<String> {
    if let Some(v) = probe(ctx.cmd(bin).arg("--version")).and_then(|out| tool_version(&out, bin)) {
        return Some(v);
    }
    probe(ctx.cmd(bin).arg("--help"))?;
    probe(&mut ctx.cargo(["install", "--list"])).and_then(|out| tool_version(&out, krate))
}

fn cargo_tool(
    ctx: &Ctx,
    bin: &str,
    krate: &str,
    version: &str,
    locked: bool,
    features: &[&str],
) -> Result<(), String> {
    let found = installed_version(ctx, bin, krate);
    if found.as_deref().is_some_and(|v| same_version(v, version)) {
        ok(&format!("{bin} {version}"));
        return Ok(());
    }
    match &found {
        Some(v) => println!("{bin} {v} found, {version} needed"),
        None => println!("{bin} {version} not found"),
    }
    // Another `cargo install` of the same crate (say, started by hand in
    // another terminal) would race with ours: wait for it, then look again.
    if wait_for_other_installs(krate)?
        && installed_version(ctx, bin, krate).is_some_and(|v| same_version(&v, version))
    {
        ok(&format!("{bin} {version}"));
        return Ok(());
    }
    println!("installing {krate} {version} with cargo (this can take several minutes)");
    let mut install = ctx.cargo(["install"]);
    if locked {
        install.arg("--locked");
    }
    if !features.is_empty() {
        install.arg(format!("--features={}", features.join(",")));
    }
    install.arg(format!("{krate}@{version}"));
    proc::run(&mut install)?;
    match installed_version(ctx, bin, krate) {
        Some(v) if same_version(&v, version) => {
            ok(&format!("{bin} {version}"));
            Ok(())
        }
        other => Err(format!(
            "installed {krate} {version}, but `{bin} --version` reports {}; \
             make sure cargo's bin directory (~/.cargo/bin) comes first on PATH",
            other.unwrap_or_else(|| "nothing".into())
        )),
    }
}

/// Waits while another `cargo install KRATE` runs. True if there was one.
fn wait_for_other_installs(krate: &str) -> Result<bool, String> {
    const LIMIT: Duration = Duration::from_secs(90 * 60);
    let start = Instant::now();
    let mut waited = false;
    let mut last_note: Option<Instant> = None;
    loop {
        let pids = proc::running_cargo_installs(krate);
        if pids.is_empty() {
            return Ok(waited);
        }
        if start.elapsed() > LIMIT {
            return Err(format!(
                "another `cargo install {krate}` (pid {pids:?}) is still running after 90 minutes"
            ));
        }
        if last_note.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
            println!(
                "waiting for a `cargo install {krate}` that is already running (pid {pids:?}) \
                 to finish ({} s so far)",
                start.elapsed().as_secs()
            );
            last_note = Some(Instant::now());
        }
        waited = true;
        sleep(Duration::from_secs(5));
    }
}

/// Whether `npm ci` is needed: node_modules is missing or older than the lock.
pub fn needs_npm_ci(lock: Option<SystemTime>, installed: Option<SystemTime>) -> bool {
    match (lock, installed) {
        (_, None) => true,
        (Some(lock), Some(installed)) => installed < lock,
        (None, Some(_)) => false,
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `npm ci` in `dir` unless its node_modules is up to date and has `provides`.
fn npm_ci(ctx: &Ctx, dir: &Path, provides: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    if !lock.is_file() {
        return Err(format!("{} is missing", lock.display()));
    }
    let modules = dir.join("node_modules");
    // npm writes node_modules/.package-lock.json at every install.
    let installed = mtime(&modules.join(".package-lock.json")).or_else(|| mtime(&modules));
    if !needs_npm_ci(mtime(&lock), installed) && provides.exists() {
        let shown = modules.strip_prefix(&ctx.root).unwrap_or(&modules);
        ok(&format!("npm packages ({})", shown.display()));
        return Ok(());
    }
    if probe(ctx.cmd("npm").arg("--version")).is_none() {
        return Err(
            "npm was not found: install Node.js 20 or newer (with npm), then run again".into(),
        );
    }
    let mut ci = ctx.cmd("npm");
    // Browsers are never downloaded here: everything uses /usr/bin/chromium.
    ci.current_dir(dir)
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("PUPPETEER_SKIP_DOWNLOAD", "1");
    proc::run(&mut ci)?;
    if !provides.exists() {
        return Err(format!("`npm ci` did not provide {}", provides.display()));
    }
    Ok(())
}

fn is_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

fn chromium(ctx: &Ctx) -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        ok("Chromium and ChromeDriver");
        return Ok(());
    }
    let install = "apt-get update && apt-get install -y chromium chromium-driver";
    if !is_root() {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing; install Debian's Chromium and its driver \
             as root: `sudo sh -c '{install}'`"
        ));
    }
    println!("{CHROMIUM} or {CHROMEDRIVER} is missing; installing them with apt-get");
    apt_install(ctx, &["chromium", "chromium-driver"])?;
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        Ok(())
    } else {
        Err(format!(
            "apt-get finished but {CHROMIUM} or {CHROMEDRIVER} is still missing"
        ))
    }
}

/// `apt-get update` and `apt-get install -y PACKAGES`, waiting for another apt run's lock.
fn apt_install(ctx: &Ctx, packages: &[&str]) -> Result<(), String> {
    // Wait for a dpkg lock held by another apt run instead of failing at once.
    let lock_wait = "DPkg::Lock::Timeout=900";
    proc::run(ctx.cmd("apt-get").args(["-o", lock_wait, "update"]))?;
    proc::run(
        ctx.cmd("apt-get")
            .args(["-o", lock_wait, "install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Debian's nginx. Only the binary is used (the deployment test runs its own instance on a
/// loopback port); in a container without an init system the package's service is not
/// started.
fn nginx(ctx: &Ctx) -> Result<(), String> {
    if Path::new(NGINX).exists() {
        ok("nginx");
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "{NGINX} is missing; install Debian's nginx as root: \
             `sudo sh -c 'apt-get update && apt-get install -y nginx'`"
        ));
    }
    println!("{NGINX} is missing; installing it with apt-get");
    apt_install(ctx, &["nginx"])?;
    if Path::new(NGINX).exists() {
        Ok(())
    } else {
        Err(format!("apt-get finished but {NGINX} is still missing"))
    }
}

/// The Debian packages to install for the server's media: ffmpeg, and the font it burns the
/// labels in (Vietnamese letters).
pub fn media_packages(has_ffmpeg: bool, has_font: bool) -> Vec<&'static str> {
    let mut packages = Vec::new();
    if !has_ffmpeg {
        packages.push("ffmpeg");
    }
    if !has_font {
        packages.push("fonts-dejavu-core");
    }
    packages
}

fn ffmpeg(ctx: &Ctx) -> Result<(), String> {
    let missing_packages = || {
        media_packages(
            probe(ctx.cmd("ffmpeg").arg("-version")).is_some(),
            Path::new(MEDIA_FONT).exists(),
        )
    };
    let missing = missing_packages();
    if missing.is_empty() {
        ok("ffmpeg and its font");
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "missing: {list} (the server makes its sample audio and video with them); install \
             as root: `sudo sh -c 'apt-get update && apt-get install -y {list}'`"
        ));
    }
    println!("missing: {list}; installing with apt-get");
    apt_install(ctx, &missing)?;
    let still = missing_packages();
    if still.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "apt-get finished but still missing: {}",
            still.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_packages_are_what_is_missing() {
        assert!(media_packages(true, true).is_empty());
        assert_eq!(media_packages(false, true), ["ffmpeg"]);
        assert_eq!(media_packages(true, false), ["fonts-dejavu-core"]);
        assert_eq!(
            media_packages(false, false),
            ["ffmpeg", "fonts-dejavu-core"]
        );
    }

    #[test]
    fn npm_ci_when_missing_or_stale() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let t1 = t0 + Duration::from_secs(1);
        assert!(needs_npm_ci(Some(t0), None));
        assert!(needs_npm_ci(None, None));
        assert!(needs_npm_ci(Some(t1), Some(t0)));
        assert!(!needs_npm_ci(Some(t0), Some(t1)));
        assert!(!needs_npm_ci(Some(t0), Some(t0)));
        assert!(!needs_npm_ci(None, Some(t0)));
    }
}
