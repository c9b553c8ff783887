//! Posting comments (contract section "Posting a comment") and moderation.

mod common;

use std::time::Duration;

use common::{comment, TestServer, Value};
use portal::api::types::{Article, Comment, CommentAccepted, Page};
use portal_server::db::queries;
use portal_server::Options;
use serde_json::json;

const PATH: &str = "/api/v1/articles/1024/comments";

fn server() -> TestServer {
    TestServer::start(Options::default())
}

fn count(s: &TestServer, sql: &str) -> i64 {
    s.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn approve(s: &TestServer, id: u64) {
    let c = s.sql();
    assert_eq!(
        queries::set_comment_status(&c, id as i64, "approved")
            .unwrap()
            .as_deref(),
        Some("pending")
    );
}

#[test]
fn valid_comment_is_accepted_pending() {
    let s = server();
    let before = count(&s, "SELECT count(*) FROM comments");
    let r = s.post_json(PATH, &comment("token-valid-0000001"));
    assert_eq!(r.status, 202, "{}", r.text());
    let accepted: CommentAccepted = r.json();
    assert_eq!(accepted.status, "pending");
    assert_eq!(count(&s, "SELECT count(*) FROM comments"), before + 1);
    let status: String = s
        .sql()
        .query_row(
            "SELECT status FROM comments WHERE id = ?1",
            [accepted.id as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "pending");
    // Not shown before an editor approves it.
    let page: Page<Comment> = s.get(PATH).json();
    assert!(page.items.iter().all(|c| c.id != accepted.id));
}

#[test]
fn same_token_twice_is_the_same_comment() {
    let s = server();
    let first: CommentAccepted = s.post_json(PATH, &comment("token-idem-00000001")).json();
    let r = s.post_json(PATH, &comment("token-idem-00000001"));
    assert_eq!(r.status, 202);
    let second: CommentAccepted = r.json();
    assert_eq!(first, second);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM comments WHERE client_token = 'token-idem-00000001'"
        ),
        1
    );
}

#[test]
fn concurrent_duplicates_store_one_comment() {
    let s = server();
    let url = s.url(PATH);
    let body = comment("token-race-00000001").to_string().into_bytes();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (url, body) = (url.clone(), body.clone());
            std::thread::spawn(move || {
                common::post(&url, &[("Content-Type", "application/json")], body)
            })
        })
        .collect();
    let ids: Vec<u64> = threads
        .into_iter()
        .map(|t| {
            let r = t.join().unwrap();
            assert_eq!(r.status, 202, "{}", r.text());
            r.json::<CommentAccepted>().id
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM comments WHERE client_token = 'token-race-00000001'"
        ),
        1
    );
}

#[test]
fn validation_names_every_wrong_field() {
    let s = server();
    let r = s.post_json(PATH, &json!({"author_name": "  ", "email": "không-phải-email", "content": "", "client_token": "short"}));
    let e = r.error(422, "validation");
    assert_eq!(e.message, "Vui lòng kiểm tra lại thông tin.");
    let fields: Vec<&str> = e.fields.keys().map(String::as_str).collect();
    assert_eq!(fields, ["author_name", "client_token", "content", "email"]);
    assert_eq!(e.fields["email"], "Địa chỉ email không hợp lệ.");
    assert!(e.fields.values().all(|m| !m.is_empty()));

    // Missing fields are wrong fields too; one wrong field is named alone.
    let e = s.post_json(PATH, &json!({})).error(422, "validation");
    assert_eq!(e.fields.len(), 4);
    let mut body = comment("token-valid-0000002");
    body["email"] = json!("a@b");
    let e = s.post_json(PATH, &body).error(422, "validation");
    assert_eq!(e.fields.keys().collect::<Vec<_>>(), ["email"]);

    // Lengths count characters after trimming, not bytes.
    let mut body = comment("token-valid-0000003");
    body["author_name"] = json!(format!("  {}  ", "Đ".repeat(80)));
    body["content"] = json!("ệ".repeat(2000));
    assert_eq!(s.post_json(PATH, &body).status, 202);
    let mut body = comment("token-valid-0000004");
    body["author_name"] = json!("Đ".repeat(81));
    body["content"] = json!("ệ".repeat(2001));
    body["client_token"] = json!("t".repeat(65));
    let e = s.post_json(PATH, &body).error(422, "validation");
    assert_eq!(e.fields.len(), 3);
}

#[test]
fn text_is_normalised_to_nfc_and_trimmed() {
    let s = server();
    let mut body = comment("token-nfc-000000001");
    body["author_name"] = json!("  Nguye\u{0302}\u{0303}n Thi\u{0323} Lan \n");
    body["content"] = json!("\n  Ca\u{0309}m o\u{031b}n!  ");
    let id = s.post_json(PATH, &body).json::<CommentAccepted>().id;
    approve(&s, id);
    let page: Page<Comment> = s.get(PATH).json();
    let c = page
        .items
        .iter()
        .find(|c| c.id == id)
        .expect("approved comment");
    assert_eq!(c.author_name, "Nguyễn Thị Lan");
    assert_eq!(c.content, "Cảm ơn!");
}

#[test]
fn closed_and_unknown_articles() {
    let s = server();
    let e = s
        .post_json(
            "/api/v1/articles/1034/comments",
            &comment("token-closed-000001"),
        )
        .error(403, "comments_closed");
    assert!(e.message.contains("bình luận"));
    s.post_json(
        "/api/v1/articles/999999/comments",
        &comment("token-unknown-00001"),
    )
    .error(404, "not_found");
    s.post_json(
        "/api/v1/articles/abc/comments",
        &comment("token-unknown-00002"),
    )
    .error(404, "not_found");
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM comments WHERE client_token LIKE 'token-%'"
        ),
        0
    );
}

#[test]
fn oversize_body_is_413() {
    let s = server();
    let mut body = comment("token-big-000000001");
    body["content"] = json!("x".repeat(17 * 1024));
    s.post_json(PATH, &body).error(413, "bad_request");
}

#[test]
fn malformed_bodies_are_400() {
    let s = server();
    let json_type = [("Content-Type", "application/json")];
    s.post_raw(PATH, &json_type, b"{not json".to_vec())
        .error(400, "bad_request");
    s.post_raw(PATH, &json_type, b"".to_vec())
        .error(400, "bad_request");
    s.post_raw(PATH, &json_type, b"[1, 2]".to_vec())
        .error(400, "bad_request");
    s.post_json(PATH, &json!({"author_name": 5, "email": "a@b.vn", "content": "x", "client_token": "token-type-0000001"}))
        .error(400, "bad_request");
    // Missing or wrong content type.
    let body = comment("token-ctype-0000001").to_string().into_bytes();
    s.post_raw(PATH, &[], body.clone())
        .error(400, "bad_request");
    s.post_raw(PATH, &[("Content-Type", "text/plain")], body)
        .error(400, "bad_request");
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let s = TestServer::start(Options {
        comment_rate_limit: 2,
        comment_rate_window: Duration::from_secs(600),
        ..Options::default()
    });
    assert_eq!(
        s.post_json(PATH, &comment("token-rate-00000001")).status,
        202
    );
    assert_eq!(
        s.post_json(PATH, &comment("token-rate-00000002")).status,
        202
    );
    let r = s.post_json(PATH, &comment("token-rate-00000003"));
    let e = r.error(429, "rate_limited");
    assert_eq!(e.message, "Bạn gửi quá nhanh, vui lòng thử lại sau.");
    let header: u64 = r
        .header("retry-after")
        .expect("Retry-After header")
        .parse()
        .expect("seconds");
    assert!((1..=600).contains(&header), "{header}");
    assert_eq!(e.retry_after, Some(header));
    // Repeating a stored comment is not counted and still answers 202.
    let again = s.post_json(PATH, &comment("token-rate-00000001"));
    assert_eq!(again.status, 202);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM comments WHERE client_token LIKE 'token-rate-%'"
        ),
        2
    );
}

#[test]
fn spam_trap_stores_nothing() {
    let s = server();
    let before = count(&s, "SELECT count(*) FROM comments");
    let mut body = comment("token-spam-00000001");
    body["website"] = json!("http://spam.example");
    let r = s.post_json(PATH, &body);
    assert_eq!(r.status, 202);
    let accepted: CommentAccepted = r.json();
    assert_eq!(accepted.status, "pending");
    assert_eq!(count(&s, "SELECT count(*) FROM comments"), before);
    // An empty trap is a person.
    let mut body = comment("token-spam-00000002");
    body["website"] = json!("");
    assert_eq!(s.post_json(PATH, &body).status, 202);
    assert_eq!(count(&s, "SELECT count(*) FROM comments"), before + 1);
}

#[test]
fn sql_and_script_looking_text_is_kept_verbatim() {
    let s = server();
    let name = "Robert'); DROP TABLE comments;--";
    let contents = [
        "'; DROP TABLE articles; -- \" OR 1=1 /* %_ */",
        "<script>alert('xss')</script><img src=x onerror=alert(1)>",
    ];
    let mut ids = Vec::new();
    for (i, content) in contents.iter().enumerate() {
        let mut body = comment(&format!("token-verbatim-0000{i}"));
        body["author_name"] = json!(name);
        body["content"] = json!(content);
        let r = s.post_json(PATH, &body);
        assert_eq!(r.status, 202, "{}", r.text());
        let id = r.json::<CommentAccepted>().id;
        approve(&s, id);
        ids.push(id);
    }
    let page: Page<Comment> = s.get(PATH).json();
    for (id, content) in ids.iter().zip(contents) {
        let c = page
            .items
            .iter()
            .find(|c| c.id == *id)
            .expect("comment shown");
        assert_eq!(c.author_name, name);
        assert_eq!(c.content, content);
    }
    assert!(count(&s, "SELECT count(*) FROM articles") >= 44);
}

#[test]
fn approval_makes_a_comment_visible_and_counted() {
    let s = server();
    let before: Article = s.get("/api/v1/articles/1024").json();
    let id = s
        .post_json(PATH, &comment("token-approve-00001"))
        .json::<CommentAccepted>()
        .id;
    let rejected = s
        .post_json(PATH, &comment("token-approve-00002"))
        .json::<CommentAccepted>()
        .id;
    let c = s.sql();
    let pending = queries::pending_comments(&c).unwrap();
    assert!(pending
        .iter()
        .any(|p| p.id == id as i64 && p.article_id == 1024 && p.email == "an.nv@example.vn"));
    approve(&s, id);
    queries::set_comment_status(&c, rejected as i64, "rejected").unwrap();
    let page: Page<Comment> = s.get(PATH).json();
    assert_eq!(page.items[0].id, id, "newest first");
    assert!(page.items.iter().all(|c| c.id != rejected));
    assert_eq!(page.total, 3);
    let after: Article = s.get("/api/v1/articles/1024").json();
    assert_eq!(
        after.summary.comment_count,
        before.summary.comment_count + 1
    );
    let list: Value = s.get("/api/v1/articles?q=dan%20van").json();
    let summary = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == 1024)
        .unwrap();
    assert_eq!(summary["comment_count"], 3);
}

#[test]
fn behind_a_trusted_proxy_each_reader_has_their_own_limit() {
    let s = TestServer::start(Options {
        comment_rate_limit: 1,
        trust_proxy: true,
        ..Options::default()
    });
    let post = |token: &str, client: &str| {
        s.post_raw(
            PATH,
            &[
                ("Content-Type", "application/json"),
                ("X-Forwarded-For", client),
            ],
            comment(token).to_string().into_bytes(),
        )
    };
    assert_eq!(post("token-proxy-0000001", "203.0.113.1").status, 202);
    assert_eq!(post("token-proxy-0000002", "203.0.113.2").status, 202);
    // A forged first entry does not escape the limit: the proxy's own entry counts.
    post("token-proxy-0000003", "198.51.100.9, 203.0.113.1").error(429, "rate_limited");

    // Without --trust-proxy the header is ignored: every post comes from 127.0.0.1.
    let plain = TestServer::start(Options {
        comment_rate_limit: 1,
        ..Options::default()
    });
    let post = |token: &str, client: &str| {
        plain.post_raw(
            PATH,
            &[
                ("Content-Type", "application/json"),
                ("X-Forwarded-For", client),
            ],
            comment(token).to_string().into_bytes(),
        )
    };
    assert_eq!(post("token-proxy-0000004", "203.0.113.1").status, 202);
    post("token-proxy-0000005", "203.0.113.2").error(429, "rate_limited");
}
