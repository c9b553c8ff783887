//! The built binary: start-up line, clean stop, start-up errors, moderation commands.

mod common;

use std::process::{Command, Output};

use common::{fresh_db, spawn_binary, temp_dir};
use portal::api::types::{Article, Comment, CommentAccepted, Page, Site};

const BIN: &str = env!("CARGO_BIN_EXE_portal-server");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("PORTAL_HOST")
        .env_remove("PORTAL_PORT")
        .env_remove("PORTAL_DB")
        .env_remove("PORTAL_DIST")
        .env_remove("PORTAL_API_BASE")
        .output()
        .expect("run portal-server")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_usage_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(needle), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}

#[test]
fn database_path_that_is_a_directory_exits_2() {
    let dir = temp_dir("dbdir");
    let o = run(&["--db", dir.path().to_str().unwrap(), "--port", "0"]);
    assert_usage_error(&o, "is a directory");
    assert_eq!(stderr(&o).lines().count(), 1, "one line: {}", stderr(&o));
}

#[test]
fn database_under_a_file_exits_2() {
    let dir = temp_dir("dbfile");
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let db = file.join("portal.db");
    let o = run(&["--db", db.to_str().unwrap(), "--port", "0"]);
    assert_usage_error(&o, "cannot use database");
}

#[test]
fn database_that_is_not_sqlite_exits_2() {
    let dir = temp_dir("notdb");
    let file = dir.path().join("portal.db");
    std::fs::write(
        &file,
        "not a database, just text that is long enough to look like a header",
    )
    .unwrap();
    let o = run(&["--db", file.to_str().unwrap(), "--port", "0"]);
    assert_usage_error(&o, "cannot use database");
}

#[test]
fn bad_flags_exit_2() {
    assert_usage_error(&run(&["--port", "abc"]), "--port");
    assert_usage_error(
        &run(&["--comment-rate-window", "0"]),
        "--comment-rate-window",
    );
    assert_usage_error(&run(&["--no-such-flag"]), "--no-such-flag");
}

fn terminate(child: &mut std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let status = child.wait().expect("wait");
    assert!(status.success(), "clean stop on SIGTERM: {status:?}");
}

#[test]
fn serves_prints_its_address_and_stops_on_sigterm() {
    let dir = temp_dir("bin");
    let db = fresh_db(dir.path());
    let dist = dir.path().join("no-dist");
    let (mut child, base) = spawn_binary(&[
        "--db",
        db.to_str().unwrap(),
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        "--dist",
        dist.to_str().unwrap(),
    ]);
    let site: Site = common::get(&format!("{base}/api/v1/site"), &[]).json();
    assert_eq!(site.short_name, "HGTV");
    terminate(&mut child);
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(err.matches("serving the API only").count(), 1, "{err}");
}

#[test]
fn creates_a_new_database_with_parent_folders() {
    let dir = temp_dir("newdb");
    let db = dir.path().join("a/b/portal.db");
    let (mut child, base) = spawn_binary(&[
        "--db",
        db.to_str().unwrap(),
        "--port",
        "0",
        "--comment-rate-limit",
        "1",
    ]);
    let a: Article = common::get(&format!("{base}/api/v1/articles/1024"), &[]).json();
    assert_eq!(a.summary.comment_count, 2);
    let post = |token: &str| {
        common::post(
            &format!("{base}/api/v1/articles/1024/comments"),
            &[("Content-Type", "application/json")],
            common::comment(token).to_string().into_bytes(),
        )
    };
    assert_eq!(post("token-cli-limit-001").status, 202);
    post("token-cli-limit-002").error(429, "rate_limited");
    terminate(&mut child);
    assert!(db.is_file());
}

#[test]
fn moderation_commands() {
    let dir = temp_dir("moderation");
    let db = fresh_db(dir.path());
    let db_arg = db.to_str().unwrap();
    let (mut child, base) = spawn_binary(&["--db", db_arg, "--port", "0"]);
    let comments_url = format!("{base}/api/v1/articles/1024/comments");
    let post = |token: &str, content: &str| -> u64 {
        let mut body = common::comment(token);
        body["content"] = serde_json::json!(content);
        let r = common::post(
            &comments_url,
            &[("Content-Type", "application/json")],
            body.to_string().into_bytes(),
        );
        r.json::<CommentAccepted>().id
    };
    let good = post("token-moderate-0001", "Ý kiến xác đáng.");
    let bad = post("token-moderate-0002", "Quảng cáo linh tinh.");

    let o = run(&["comments", "pending", "--db", db_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = String::from_utf8(o.stdout).unwrap();
    for needle in [
        format!("#{good}"),
        format!("#{bad}"),
        "article 1024".into(),
        "an.nv@example.vn".into(),
        "Ý kiến xác đáng.".into(),
    ] {
        assert!(listing.contains(&needle), "{needle} in {listing}");
    }

    let o = run(&["--db", db_arg, "comments", "approve", &good.to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["--db", db_arg, "comments", "reject", &bad.to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let page: Page<Comment> = common::get(&comments_url, &[]).json();
    assert_eq!(page.items[0].id, good);
    assert!(page.items.iter().all(|c| c.id != bad));
    let a: Article = common::get(&format!("{base}/api/v1/articles/1024"), &[]).json();
    assert_eq!(a.summary.comment_count, 3);

    let listing = String::from_utf8(run(&["--db", db_arg, "comments", "pending"]).stdout).unwrap();
    assert!(
        !listing.contains(&format!("#{good} ")) && !listing.contains(&format!("#{bad} ")),
        "{listing}"
    );

    // Unknown ids fail; a missing database is not created by a moderation command.
    let o = run(&["--db", db_arg, "comments", "approve", "987654"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("987654"));
    let missing = dir.path().join("missing.db");
    assert_eq!(
        run(&["--db", missing.to_str().unwrap(), "comments", "pending"])
            .status
            .code(),
        Some(2)
    );
    assert!(!missing.exists());
    assert_eq!(
        run(&["--db", db_arg, "comments", "approve"]).status.code(),
        Some(2)
    );
    terminate(&mut child);
}
