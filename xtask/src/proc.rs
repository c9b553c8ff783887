//! Running child processes, with the command printed first and clear errors.

use std::ffi::OsStr;
use std::io;
use std::process::{Command, Stdio};

/// A shell-like rendering of a command, for headings and error messages.
pub fn display(cmd: &Command) -> String {
    // `$CARGO` is a long toolchain path: show it as plain `cargo`.
    let program = cmd.get_program();
    let is_cargo = std::path::Path::new(program).file_name() == Some(OsStr::new("cargo"));
    let mut parts = vec![if is_cargo {
        "cargo".to_string()
    } else {
        quote(program)
    }];
    parts.extend(cmd.get_args().map(quote));
    let envs: Vec<String> = cmd
        .get_envs()
        .filter(|(k, _)| *k != "PATH")
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), quote(v?))))
        .collect();
    if envs.is_empty() {
        parts.join(" ")
    } else {
        format!("{} {}", envs.join(" "), parts.join(" "))
    }
}

fn quote(s: &OsStr) -> String {
    let s = s.to_string_lossy();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+%".contains(c));
    if plain {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Why a command could not start, in words.
pub fn spawn_error(cmd: &Command, err: &io::Error) -> String {
    let program = cmd.get_program().to_string_lossy();
    if err.kind() == io::ErrorKind::NotFound {
        format!("`{program}` was not found on PATH")
    } else {
        format!("could not start `{program}`: {err}")
    }
}

/// Prints `$ command` and runs it with inherited stdio; Ok when it exits 0.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", display(cmd));
    let status = cmd.status().map_err(|e| spawn_error(cmd, &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", display(cmd)))
    }
}

/// Runs a command, its stderr shown, and returns its stdout; an error when it cannot start,
/// exits non-zero or writes something other than UTF-8.
pub fn stdout(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(cmd, &e))?;
    if !out.status.success() {
        return Err(format!("`{}` failed ({})", display(cmd), out.status));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`{}` wrote {e}", display(cmd)))
}

/// Runs a command quietly and returns its stdout followed by its stderr, or
/// None when it cannot start or exits non-zero. For `--version` checks.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(text)
}

/// Whether an argv is a `cargo install` of `krate` (`krate` or `krate@version`).
pub fn is_cargo_install_of(argv: &[String], krate: &str) -> bool {
    let Some(pos) = argv.iter().position(|a| a == "install") else {
        return false;
    };
    let is_cargo = argv[..pos].iter().any(|a| {
        let base = a.rsplit('/').next().unwrap_or(a);
        base == "cargo"
    });
    is_cargo
        && argv[pos + 1..]
            .iter()
            .any(|a| a == krate || a.strip_prefix(krate).is_some_and(|r| r.starts_with('@')))
}

/// Process ids of other running `cargo install KRATE` processes (Linux /proc).
pub fn running_cargo_installs(krate: &str) -> Vec<u32> {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut pids = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let argv: Vec<String> = raw
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if is_cargo_install_of(&argv, krate) {
            pids.push(pid);
        }
    }
    pids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn displays_commands() {
        let mut c = Command::new("/root/.rustup/toolchains/stable/bin/cargo");
        c.args(["test", "-p", "portal", "--target", "wasm32-unknown-unknown"]);
        assert_eq!(
            display(&c),
            "cargo test -p portal --target wasm32-unknown-unknown"
        );
        c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
        c.env("PATH", "/x");
        assert_eq!(
            display(&c),
            "CHROMEDRIVER=/usr/bin/chromedriver cargo test -p portal --target wasm32-unknown-unknown"
        );
        let mut c = Command::new("echo");
        c.arg("a b").arg("it's");
        assert_eq!(display(&c), r"echo 'a b' 'it'\''s'");
    }

    #[test]
    fn recognises_cargo_installs() {
        let trunk = v(&[
            "/root/.rustup/toolchains/x/bin/cargo",
            "install",
            "--locked",
            "trunk@0.21.14",
        ]);
        assert!(is_cargo_install_of(&trunk, "trunk"));
        assert!(!is_cargo_install_of(&trunk, "wasm-bindgen-cli"));
        let wb = v(&[
            "cargo",
            "install",
            "wasm-bindgen-cli",
            "--version",
            "0.2.130",
        ]);
        assert!(is_cargo_install_of(&wb, "wasm-bindgen-cli"));
        assert!(!is_cargo_install_of(&wb, "wasm-bindgen"));
        assert!(!is_cargo_install_of(
            &v(&["npm", "install", "trunk"]),
            "trunk"
        ));
        assert!(!is_cargo_install_of(
            &v(&["cargo", "build", "trunk"]),
            "trunk"
        ));
        assert!(!is_cargo_install_of(
            &v(&["cargo", "install", "trunkated"]),
            "trunk"
        ));
    }

    #[test]
    fn stdout_of_a_command_or_why_not() {
        assert_eq!(stdout(Command::new("echo").arg("hi")), Ok("hi\n".into()));
        let err = stdout(&mut Command::new("false")).unwrap_err();
        assert!(err.starts_with("`false` failed"), "{err}");
        assert!(stdout(&mut Command::new("this-program-does-not-exist-xtask")).is_err());
    }

    #[test]
    fn probe_reports_output_or_none() {
        assert!(probe(&mut Command::new("this-program-does-not-exist-xtask")).is_none());
        let err = Command::new("this-program-does-not-exist-xtask")
            .status()
            .err()
            .map(|e| spawn_error(&Command::new("this-program-does-not-exist-xtask"), &e));
        assert_eq!(
            err.as_deref(),
            Some("`this-program-does-not-exist-xtask` was not found on PATH")
        );
    }
}
