//! `cargo xtask run`: build a release and serve it as a station does: the front server
//! (`portal-server front`) on `--port`, in front of the reference API server with the sample
//! data on the next port.

use std::ffi::OsString;
use std::io::{self, BufRead};
use std::net::TcpListener;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::args::RunArgs;
use crate::ctx::Ctx;
use crate::install::{Installer, Tool};
use crate::proc;
use crate::test_cmd::{server_build, trunk_build, BUILD_TOOLS};

/// Arguments of the front server for `cargo xtask run`, paths relative to the workspace root
/// (the servers' working directory).
pub fn server_args(args: &RunArgs) -> Vec<OsString> {
    let api = format!("http://127.0.0.1:{}/api/v1", api_port(args));
    let mut out: Vec<OsString> = ["front", "--api", &api, "--dist", "dist", "--port"]
        .iter()
        .map(OsString::from)
        .collect();
    out.push(args.port.to_string().into());
    if let Some(base) = &args.api_base {
        out.push("--api-base".into());
        out.push(base.into());
    }
    out
}

/// The reference API server's port: the one after the portal's.
fn api_port(args: &RunArgs) -> u16 {
    args.port.checked_add(1).unwrap_or(args.port - 1)
}

/// Arguments of the reference API server: the sample database, readers' addresses from the
/// front server.
pub fn api_args(args: &RunArgs) -> Vec<OsString> {
    let mut out: Vec<OsString> = ["--db", "data/portal.db", "--trust-proxy", "--port"]
        .iter()
        .map(OsString::from)
        .collect();
    out.push(api_port(args).to_string().into());
    if let Some(n) = args.extra_articles {
        out.push("--extra-articles".into());
        out.push(n.to_string().into());
    }
    out
}

/// Ok when nothing listens on 127.0.0.1:PORT.
fn check_port_free(port: u16) -> Result<(), String> {
    match TcpListener::bind(("127.0.0.1", port)) {
        Ok(listener) => {
            drop(listener);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AddrInUse => Err(format!(
            "port {port} is busy: another program is listening on it.\n\
             Stop that program, or choose another port: cargo xtask run --port {}",
            port.checked_add(1).unwrap_or(8081)
        )),
        Err(e) => Err(format!("cannot use port {port}: {e}")),
    }
}

pub fn run(ctx: &Ctx, args: &RunArgs) -> Result<(), String> {
    println!("==> Checking tools");
    let mut installer = Installer::default();
    installer.ensure(ctx, BUILD_TOOLS)?;
    // The server makes its sample audio and video at start-up.
    installer.ensure(ctx, &[Tool::Ffmpeg])?;

    println!("\n==> Building the app (trunk build --release)");
    trunk_build(ctx)?;
    println!("\n==> Building the reference server (cargo build --release -p portal-server)");
    server_build(ctx)?;

    let data = ctx.root.join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    check_port_free(args.port)?;
    check_port_free(api_port(args))?;

    let server = ctx.server_bin();
    let mut api = ctx.cmd(&server);
    api.args(api_args(args))
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    signals::own_process_group(&mut api);
    println!("\n==> Starting the reference API server");
    println!("$ {}", proc::display(&api));
    let mut api = api.spawn().map_err(|e| proc::spawn_error(&api, &e))?;
    let mut cmd = ctx.cmd(&server);
    cmd.args(server_args(args)).stdin(Stdio::null());
    println!("\n==> Starting the front server (Ctrl+C stops both)");
    println!("$ {}", proc::display(&cmd));
    let status = supervise(&mut cmd);
    signals::forward(&api, signals::TERM);
    let _ = api.wait();
    let status = status?;
    if signals::received_any() {
        println!("xtask: portal-server stopped ({status})");
        return Ok(());
    }
    if status.success() {
        println!("xtask: portal-server exited");
        Ok(())
    } else {
        Err(format!(
            "portal-server exited with {status}; see its messages above \
             (if the port became busy meanwhile, try --port N)"
        ))
    }
}

/// Starts the server and waits for it. Ctrl+C (or SIGTERM/SIGHUP) sent to
/// xtask is forwarded once; a second one, or 10 s without exit, kills it.
fn supervise(cmd: &mut Command) -> Result<ExitStatus, String> {
    signals::install();
    signals::own_process_group(cmd);
    cmd.stdout(Stdio::piped());
    let mut child: Child = cmd.spawn().map_err(|e| proc::spawn_error(cmd, &e))?;
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || echo_server_output(out));
    }
    let mut stop_deadline: Option<Instant> = None;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => return Err(format!("cannot wait for portal-server: {e}")),
        }
        if let Some(sig) = signals::take() {
            if stop_deadline.is_none() {
                println!("\nxtask: stopping portal-server…");
                signals::forward(&child, sig);
                stop_deadline = Some(Instant::now() + Duration::from_secs(10));
            } else {
                println!("xtask: killing portal-server");
                let _ = child.kill();
            }
        }
        if stop_deadline.is_some_and(|d| Instant::now() > d) {
            println!("xtask: portal-server did not stop within 10 s; killing it");
            let _ = child.kill();
            stop_deadline = Some(Instant::now() + Duration::from_secs(3600));
        }
        sleep(Duration::from_millis(100));
    }
}

/// The first http(s) URL in a line of the server's output.
pub fn find_url(line: &str) -> Option<&str> {
    let start = line.find("http://").or_else(|| line.find("https://"))?;
    let rest = &line[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "\"'<>`".contains(c))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(['.', ',', ';', ')', ']']))
}

/// Copies the server's stdout to ours and repeats the first URL it prints.
fn echo_server_output(out: impl io::Read) {
    let mut announced = false;
    for line in io::BufReader::new(out).lines() {
        let Ok(line) = line else { break };
        println!("{line}");
        if !announced {
            if let Some(url) = find_url(&line) {
                println!("\nxtask: the portal is running at {url} (Ctrl+C to stop)\n");
                announced = true;
            }
        }
    }
}

#[cfg(unix)]
mod signals {
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

    pub const TERM: i32 = libc::SIGTERM;

    static PENDING: AtomicI32 = AtomicI32::new(0);
    static ANY: AtomicBool = AtomicBool::new(false);

    extern "C" fn on_signal(sig: libc::c_int) {
        // Only async-signal-safe work here: two atomic stores.
        PENDING.store(sig, Ordering::SeqCst);
        ANY.store(true, Ordering::SeqCst);
    }

    pub fn install() {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: the handler only stores to atomics. Handlers are reset
            // to the default in children at exec, so the server keeps its own.
            unsafe {
                libc::signal(sig, handler);
            }
        }
    }

    /// The server gets its own process group, so a Ctrl+C in the terminal
    /// reaches only xtask, which forwards it exactly once.
    pub fn own_process_group(cmd: &mut Command) {
        cmd.process_group(0);
    }

    pub fn take() -> Option<i32> {
        match PENDING.swap(0, Ordering::SeqCst) {
            0 => None,
            sig => Some(sig),
        }
    }

    pub fn received_any() -> bool {
        ANY.load(Ordering::SeqCst)
    }

    pub fn forward(child: &Child, sig: i32) {
        let Ok(pid) = libc::pid_t::try_from(child.id()) else {
            return;
        };
        // SAFETY: kill has no memory-safety preconditions.
        unsafe {
            libc::kill(pid, sig);
        }
    }
}

#[cfg(not(unix))]
mod signals {
    use std::process::{Child, Command};

    pub const TERM: i32 = 15;

    pub fn install() {}
    pub fn own_process_group(_cmd: &mut Command) {}
    pub fn take() -> Option<i32> {
        None
    }
    pub fn received_any() -> bool {
        false
    }
    pub fn forward(_child: &Child, _sig: i32) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: Vec<OsString>) -> Vec<String> {
        v.into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn server_args_default() {
        assert_eq!(
            strs(server_args(&crate::args::defaults::<RunArgs>())),
            [
                "front",
                "--api",
                "http://127.0.0.1:8081/api/v1",
                "--dist",
                "dist",
                "--port",
                "8080"
            ]
        );
        assert_eq!(
            strs(api_args(&crate::args::defaults::<RunArgs>())),
            ["--db", "data/portal.db", "--trust-proxy", "--port", "8081"]
        );
    }

    #[test]
    fn server_args_pass_options_through() {
        let args = RunArgs {
            port: 9000,
            extra_articles: Some(2000),
            api_base: Some("/api/v2".into()),
        };
        assert_eq!(
            strs(server_args(&args)),
            [
                "front",
                "--api",
                "http://127.0.0.1:9001/api/v1",
                "--dist",
                "dist",
                "--port",
                "9000",
                "--api-base",
                "/api/v2"
            ]
        );
        assert_eq!(
            strs(api_args(&args)),
            [
                "--db",
                "data/portal.db",
                "--trust-proxy",
                "--port",
                "9001",
                "--extra-articles",
                "2000"
            ]
        );
    }

    #[test]
    fn finds_urls_in_server_output() {
        assert_eq!(
            find_url("portal-server listening on http://127.0.0.1:8080/"),
            Some("http://127.0.0.1:8080/")
        );
        assert_eq!(
            find_url("open http://localhost:9000."),
            Some("http://localhost:9000")
        );
        assert_eq!(
            find_url("(https://x.example/a) ok"),
            Some("https://x.example/a")
        );
        assert_eq!(find_url("seeded 24 articles"), None);
    }

    #[test]
    fn busy_port_is_reported() {
        let Ok(listener) = TcpListener::bind(("127.0.0.1", 0)) else {
            return; // no loopback here: nothing to check
        };
        let Ok(addr) = listener.local_addr() else {
            return;
        };
        let err = check_port_free(addr.port()).expect_err("port is taken");
        assert!(err.contains("is busy"), "{err}");
        drop(listener);
    }
}
