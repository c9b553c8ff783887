//! The release reference server as a child process on a free loopback port, for the load test
//! and the benchmark.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use crate::ctx::Ctx;
use crate::proc;
use crate::run_cmd::find_url;

/// A running `portal-server`. Dropping it stops the server and removes its folder.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The folder of its database.
    dir: PathBuf,
}

impl Server {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: kill has no memory-safety preconditions; the pid is our own child's.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        #[cfg(not(unix))]
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts `portal-server --host 127.0.0.1 --port 0 ARGS…` and waits for the URL it prints.
/// `dir` holds its database and is removed when the server is dropped. Also returns the
/// command as text, for the report.
pub fn start(ctx: &Ctx, args: &[OsString], dir: &Path) -> Result<(Server, String), String> {
    let mut cmd = ctx.cmd(ctx.server_bin());
    cmd.args(["--host", "127.0.0.1", "--port", "0"])
        .args(args)
        .env_remove("PORTAL_API_BASE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let command = proc::display(&cmd);
    println!("$ {command}");
    let mut child = cmd.spawn().map_err(|e| proc::spawn_error(&cmd, &e))?;
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("no stdout from portal-server".into());
    };
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    let read = reader.read_line(&mut line);
    let addr = match (read, find_url(&line)) {
        (Ok(_), Some(url)) => url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        (read, _) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the server did not start ({}): {line:?}",
                read.err()
                    .map_or_else(|| "no address".into(), |e| e.to_string())
            ));
        }
    };
    // Keep reading, so that a later line never meets a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    Ok((
        Server {
            child,
            addr,
            dir: dir.to_path_buf(),
        },
        command,
    ))
}
