//! `docs/performance.md`: each measuring command (load test, page speed) owns one `## …`
//! section of it, replaced on every run, and describes the machine it ran on.

use std::path::Path;
use std::time::SystemTime;

use time::OffsetDateTime;

use crate::ctx::Ctx;
use crate::proc;

/// What a new `docs/performance.md` starts with.
const PREAMBLE: &str = "# Performance\n\nMeasurements of the portal and its reference server. \
                        Timings are recorded here, never asserted in tests.\n";

/// `YYYY-MM-DD` (UTC) of a time.
pub fn civil_date(t: SystemTime) -> String {
    OffsetDateTime::from(t).date().to_string()
}

/// CPUs, CPU model, RAM and OS, in one line.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let mem_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| format!(", {:.0} GB RAM", kb / 1024.0 / 1024.0))
        .unwrap_or_default();
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|o| {
            o.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| format!(", {}", v.trim_matches('"')))
        })
        .unwrap_or_default();
    format!("{cpus} CPUs available (nproc), {model}{mem_gb}{os}")
}

/// The 1-minute load average, from /proc/loadavg.
pub fn load_average() -> Option<String> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()
        .map(str::to_owned)
}

/// The short hash of HEAD.
pub fn commit(ctx: &Ctx) -> String {
    proc::probe(ctx.cmd("git").args(["rev-parse", "--short", "HEAD"]))
        .map(|c| c.trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// ", with uncommitted changes to N files" when tracked files other than `output` (the
/// report being rewritten) differ from HEAD, else "".
pub fn uncommitted(ctx: &Ctx, output: &str) -> String {
    let status =
        proc::probe(
            ctx.cmd("git")
                .args(["status", "--porcelain", "--untracked-files=no"]),
        )
        .unwrap_or_default();
    match changed_files(&status, output) {
        0 => String::new(),
        1 => ", with uncommitted changes to 1 file".into(),
        n => format!(", with uncommitted changes to {n} files"),
    }
}

/// Files in `git status --porcelain` output (`XY path` lines), `except` left out.
pub fn changed_files(porcelain: &str, except: &str) -> usize {
    porcelain
        .lines()
        .filter_map(|l| l.get(3..))
        .filter(|path| !path.is_empty() && *path != except)
        .count()
}

/// `doc` with the section that has the heading of `section` (its first line, `## …`)
/// replaced by `section`; added at the end when `doc` has no such section.
pub fn replace_section(doc: &str, section: &str) -> String {
    let heading = section.lines().next().unwrap_or_default();
    let Some(start) = doc
        .find(&format!("\n{heading}\n"))
        .map(|i| i + 1)
        .or_else(|| doc.starts_with(&format!("{heading}\n")).then_some(0))
    else {
        let mut out = doc.trim_end().to_owned();
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(section.trim_end());
        out.push('\n');
        return out;
    };
    let rest = &doc[start + heading.len()..];
    let end = rest
        .find("\n## ")
        .map_or(doc.len(), |i| start + heading.len() + i + 1);
    format!(
        "{}{}\n{}{}",
        &doc[..start],
        section.trim_end(),
        if end < doc.len() { "\n" } else { "" },
        &doc[end..]
    )
}

/// Replaces (or adds) `section` in the file at `path`, which is created when missing.
pub fn write_section(path: &Path, section: &str) -> Result<(), String> {
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| PREAMBLE.into());
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, replace_section(&old, section))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("written to {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates() {
        assert_eq!(civil_date(SystemTime::UNIX_EPOCH), "1970-01-01");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_656_663_300); // 2022-07-01
        assert_eq!(civil_date(t), "2022-07-01");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(civil_date(t), "2000-02-29");
    }

    #[test]
    fn section_is_replaced_in_place() {
        let section = "## Load test\n\nnew\n";
        assert_eq!(replace_section("", section), "## Load test\n\nnew\n");
        assert_eq!(
            replace_section("# Performance\n\nintro\n", section),
            "# Performance\n\nintro\n\n## Load test\n\nnew\n"
        );
        assert_eq!(
            replace_section(
                "# P\n\n## Build size\n\nx\n\n## Load test\n\nold\n\n## Startup\n\ny\n",
                section
            ),
            "# P\n\n## Build size\n\nx\n\n## Load test\n\nnew\n\n## Startup\n\ny\n"
        );
        assert_eq!(
            replace_section("# P\n\n## Load test\n\nold\n", section),
            "# P\n\n## Load test\n\nnew\n"
        );
    }

    #[test]
    fn counts_changed_files_but_the_report() {
        let status = " M docs/performance.md\nM  src/app.rs\n?? x\n";
        assert_eq!(changed_files(status, "docs/performance.md"), 2);
        assert_eq!(
            changed_files(" M docs/performance.md\n", "docs/performance.md"),
            0
        );
        assert_eq!(changed_files("", "docs/performance.md"), 0);
    }

    #[test]
    fn each_command_keeps_to_its_own_section() {
        let doc = "# P\n\n## Load test\n\nload\n";
        let speed = "## Page speed (Lighthouse)\n\nfirst\n\n### Cold loads\n\nt\n";
        let once = replace_section(doc, speed);
        assert_eq!(
            once,
            "# P\n\n## Load test\n\nload\n\n## Page speed (Lighthouse)\n\nfirst\n\n### Cold loads\n\nt\n"
        );
        // A second run replaces its section, sub-headings included, and keeps the other one.
        let twice = replace_section(&once, "## Page speed (Lighthouse)\n\nsecond\n");
        assert_eq!(
            twice,
            "# P\n\n## Load test\n\nload\n\n## Page speed (Lighthouse)\n\nsecond\n"
        );
        assert_eq!(
            replace_section(&twice, "## Load test\n\nload 2\n"),
            "# P\n\n## Load test\n\nload 2\n\n## Page speed (Lighthouse)\n\nsecond\n"
        );
    }
}
