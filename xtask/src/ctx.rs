//! Paths of the workspace and the commands xtask runs in it.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const NGINX: &str = "/usr/sbin/nginx";
/// The font the server burns the label of its test media in (it has Vietnamese letters);
/// from Debian's `fonts-dejavu-core`.
pub const MEDIA_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
pub const E2E_CONFIG: &str = "tests/e2e/playwright.config.ts";

pub struct Ctx {
    /// The workspace root (parent of `xtask/`).
    pub root: PathBuf,
    /// Cargo's target directory (`$CARGO_TARGET_DIR` or `<root>/target`).
    pub target_dir: PathBuf,
    /// The cargo that started us (`$CARGO`), else `cargo` from PATH.
    cargo: OsString,
    /// PATH for children: cargo's bin dir added when it is missing, so that
    /// tools that `cargo install` just put there are found.
    path: OsString,
}

impl Ctx {
    pub fn new() -> Result<Ctx, String> {
        let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .ok_or("xtask's manifest directory has no parent")?
            .to_path_buf();
        if !root.join("Cargo.toml").is_file() {
            return Err(format!(
                "{} does not look like the workspace root (no Cargo.toml)",
                root.display()
            ));
        }
        let target_dir = target_dir(&root, env::var_os("CARGO_TARGET_DIR"));
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let path = child_path(env::var_os("PATH"), cargo_bin_dir());
        Ok(Ctx {
            root,
            target_dir,
            cargo,
            path,
        })
    }

    /// `program` run in the workspace root with our PATH.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root).env("PATH", &self.path);
        c
    }

    /// `cargo ARGS…` run in the workspace root.
    pub fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut c = self.cmd(&self.cargo);
        c.args(args);
        c
    }

    /// `program` with `<root>/node_modules/.bin` first on PATH (binaryen's
    /// `wasm-opt` for Trunk, Playwright).
    pub fn node_cmd(&self, program: &str) -> Command {
        let mut dirs = vec![self.node_bin()];
        dirs.extend(env::split_paths(&self.path));
        let path = env::join_paths(dirs).unwrap_or_else(|_| self.path.clone());
        let mut c = Command::new(program);
        c.current_dir(&self.root).env("PATH", path);
        c
    }

    pub fn node_bin(&self) -> PathBuf {
        self.root.join("node_modules").join(".bin")
    }

    /// The page-speed benchmark's own npm project (Lighthouse), apart from the root one.
    pub fn bench_dir(&self) -> PathBuf {
        self.root.join("bench")
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    pub fn server_bin(&self) -> PathBuf {
        self.target_dir.join("release").join("portal-server")
    }
}

fn target_dir(root: &Path, env_value: Option<OsString>) -> PathBuf {
    match env_value {
        Some(v) if !v.is_empty() => {
            let p = PathBuf::from(v);
            if p.is_absolute() {
                p
            } else {
                root.join(p)
            }
        }
        _ => root.join("target"),
    }
}

fn cargo_bin_dir() -> Option<PathBuf> {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    Some(home.join("bin"))
}

/// PATH with `extra` appended when it is not already on it.
fn child_path(path: Option<OsString>, extra: Option<PathBuf>) -> OsString {
    let mut dirs: Vec<PathBuf> = path
        .as_deref()
        .map(env::split_paths)
        .into_iter()
        .flatten()
        .collect();
    if let Some(extra) = extra {
        if !dirs.contains(&extra) {
            dirs.push(extra);
        }
    }
    env::join_paths(dirs).unwrap_or_else(|_| path.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_dir_follows_env() {
        let root = Path::new("/repo");
        assert_eq!(target_dir(root, None), PathBuf::from("/repo/target"));
        assert_eq!(
            target_dir(root, Some("".into())),
            PathBuf::from("/repo/target")
        );
        assert_eq!(
            target_dir(root, Some("/tmp/t".into())),
            PathBuf::from("/tmp/t")
        );
        assert_eq!(
            target_dir(root, Some("out".into())),
            PathBuf::from("/repo/out")
        );
    }

    #[test]
    fn child_path_appends_cargo_bin_once() {
        let p = child_path(
            Some("/usr/bin:/bin".into()),
            Some("/root/.cargo/bin".into()),
        );
        assert_eq!(p, OsString::from("/usr/bin:/bin:/root/.cargo/bin"));
        let p = child_path(
            Some("/root/.cargo/bin:/usr/bin".into()),
            Some("/root/.cargo/bin".into()),
        );
        assert_eq!(p, OsString::from("/root/.cargo/bin:/usr/bin"));
        assert_eq!(child_path(None, None), OsString::new());
    }

    #[test]
    fn root_is_parent_of_xtask() {
        let ctx = Ctx::new().expect("workspace root");
        assert!(ctx.root.join("xtask").join("Cargo.toml").is_file());
    }
}
