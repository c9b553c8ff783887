//! Every read endpoint of the contract, decoded with the app's own types.

mod common;

use common::{TestServer, Value};
use portal::api::types::{Article, ArticleSummary, Comment, Home, Icon, Page, Site, Weather};
use portal_server::search::fold;
use portal_server::Options;

fn server() -> TestServer {
    TestServer::start(Options::default())
}

fn example(name: &str) -> Value {
    let text = match name {
        "article-1024.json" => include_str!("../data/article-1024.json"),
        "comments-1024.json" => include_str!("../data/comments-1024.json"),
        "site.json" => include_str!("../data/site.json"),
        _ => panic!("no example {name}"),
    };
    serde_json::from_str(text).expect("example JSON")
}

#[test]
fn data_copies_equal_the_shared_examples() {
    for name in ["article-1024.json", "comments-1024.json", "site.json"] {
        let shared = format!(
            "{}/../../shared/api/examples/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        match std::fs::read_to_string(&shared) {
            Ok(text) => {
                let shared: Value = serde_json::from_str(&text).expect("shared example");
                assert_eq!(
                    example(name),
                    shared,
                    "server/data/{name} differs from {shared}"
                );
            }
            Err(_) => println!("note: {shared} is absent; copy not compared"),
        }
    }
}

#[test]
fn site_is_the_example() {
    let s = server();
    let r = s.get("/api/v1/site");
    assert_eq!(r.status, 200);
    let site: Site = r.json();
    assert_eq!(site.categories.len(), 6);
    assert_eq!(site.default_weather_location.as_deref(), Some("ha-giang"));
    assert_eq!(r.json::<Value>(), example("site.json"));
}

#[test]
fn home_has_every_part() {
    let s = server();
    let home: Home = s.get("/api/v1/home").json();
    let site: Site = s.get("/api/v1/site").json();
    assert!(!home.featured.is_empty() && home.featured.len() <= 5);
    assert_eq!(home.latest.len(), 10);
    assert_eq!(home.most_read.len(), 5);
    let newest_first = |items: &[ArticleSummary]| {
        items
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at)
    };
    assert!(newest_first(&home.latest));
    assert!(newest_first(&home.featured));
    // Sections follow the site's categories, 4 newest each.
    let slugs: Vec<_> = home
        .sections
        .iter()
        .map(|s| s.category.slug.clone())
        .collect();
    let expected: Vec<_> = site.categories.iter().map(|c| c.slug.clone()).collect();
    assert_eq!(slugs, expected);
    for section in &home.sections {
        assert_eq!(section.items.len(), 4, "{}", section.category.slug);
        assert!(section.items.iter().all(|a| a.category == section.category));
        assert!(newest_first(&section.items));
    }
    // Every summary has a thumbnail that is really served.
    for a in home.latest.iter().chain(&home.featured) {
        let t = a.thumbnail.as_ref().expect("thumbnail");
        let img = s.get(&t.url);
        assert_eq!(img.status, 200, "{}", t.url);
        assert_eq!(img.header("content-type"), Some("image/jpeg"));
        let size = portal_server::images::jpeg_dimensions(&img.body).expect("a JPEG");
        assert_eq!(
            (u32::from(size.0), u32::from(size.1)),
            (t.width, t.height),
            "{}",
            t.url
        );
    }
}

#[test]
fn most_read_follows_views() {
    let s = server();
    let before: Home = s.get("/api/v1/home").json();
    let top = before.most_read[0].id;
    // Reading an article counts a view.
    let views = |id: u64| -> i64 {
        s.sql()
            .query_row(
                "SELECT views FROM articles WHERE id = ?1",
                [id as i64],
                |r| r.get(0),
            )
            .unwrap()
    };
    let v0 = views(1024);
    let _: Article = s.get("/api/v1/articles/1024").json();
    let _: Article = s.get("/api/v1/articles/1024").json();
    assert_eq!(views(1024), v0 + 2);
    s.sql()
        .execute("UPDATE articles SET views = 1000000 WHERE id = 1009", [])
        .unwrap();
    let after: Home = s.get("/api/v1/home").json();
    assert_eq!(after.most_read[0].id, 1009);
    assert_eq!(after.most_read[1].id, top);
}

#[test]
fn seed_article_equals_the_example() {
    let s = server();
    let r = s.get("/api/v1/articles/1024");
    assert_eq!(r.status, 200);
    let article: Article = r.json();
    assert_eq!(article.summary.comment_count, 2);
    assert_eq!(article.author.as_deref(), Some("Văn Bính- Hải Hà"));
    assert_eq!(r.json::<Value>(), example("article-1024.json"));
    // Its four photos are real JPEGs of the declared size.
    for i in 1..=4 {
        let img = s.get(&format!("/media/2022/07/so-ket-dan-van-{i}.jpg"));
        assert_eq!(img.status, 200);
        assert_eq!(
            img.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(
            portal_server::images::jpeg_dimensions(&img.body),
            Some((800, 533))
        );
    }
}

#[test]
fn articles_have_related_news_of_their_category() {
    let s = server();
    let a: Article = s.get("/api/v1/articles/1051").json();
    assert!(!a.related.is_empty() && a.related.len() <= 4);
    assert!(a
        .related
        .iter()
        .all(|r| r.category == a.summary.category && r.id != 1051));
    assert!(a
        .related
        .windows(2)
        .all(|w| w[0].published_at >= w[1].published_at));
    assert!(a.body_html.contains("<figure><img src=\"/media/"));
    assert!(a.comments_open);
    let updated = a.updated_at.as_deref().expect("updated_at");
    assert!(updated > a.summary.published_at.as_str() && updated.ends_with("+07:00"));
    let closed: Article = s.get("/api/v1/articles/1034").json();
    assert!(!closed.comments_open);
}

#[test]
fn unknown_or_bad_article_is_not_found() {
    let s = server();
    for path in [
        "/api/v1/articles/999999",
        "/api/v1/articles/abc",
        "/api/v1/articles/-1",
        "/api/v1/articles/0",
    ] {
        let e = s.get(path).error(404, "not_found");
        assert_eq!(e.message, "Không tìm thấy bài viết.");
    }
    s.get("/api/v1/articles/999999/comments")
        .error(404, "not_found");
    s.get("/api/v1/articles/x/comments").error(404, "not_found");
}

#[test]
fn article_list_pages_newest_first() {
    let s = server();
    let p1: Page<ArticleSummary> = s.get("/api/v1/articles").json();
    assert_eq!((p1.page, p1.per_page), (1, 20));
    assert_eq!(p1.total, 44);
    assert_eq!(p1.items.len(), 20);
    let p3: Page<ArticleSummary> = s.get("/api/v1/articles?page=3").json();
    assert_eq!(p3.items.len(), 4);
    let all: Page<ArticleSummary> = s.get("/api/v1/articles?per_page=50").json();
    assert_eq!(all.items.len(), 44);
    assert!(all
        .items
        .windows(2)
        .all(|w| w[0].published_at >= w[1].published_at));
    let ids: Vec<u64> = all.items.iter().map(|a| a.id).collect();
    let paged: Vec<u64> = [1, 2, 3]
        .iter()
        .flat_map(|p| {
            s.get(&format!("/api/v1/articles?page={p}"))
                .json::<Page<ArticleSummary>>()
                .items
        })
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, paged);
    let past: Page<ArticleSummary> = s.get("/api/v1/articles?page=99").json();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 44);
}

#[test]
fn per_page_is_clamped_to_50() {
    let s = server();
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?per_page=500").json();
    assert_eq!(p.per_page, 50);
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?per_page=3").json();
    assert_eq!((p.per_page, p.items.len()), (3, 3));
}

#[test]
fn bad_paging_is_a_bad_request() {
    let s = server();
    for q in [
        "page=0",
        "page=abc",
        "per_page=0",
        "per_page=x",
        "page=-2",
        "page=1.5",
    ] {
        s.get(&format!("/api/v1/articles?{q}"))
            .error(400, "bad_request");
        s.get(&format!("/api/v1/articles/1024/comments?{q}"))
            .error(400, "bad_request");
    }
}

#[test]
fn category_filter() {
    let s = server();
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?category=du-lich").json();
    assert!(p.total >= 6);
    assert!(p
        .items
        .iter()
        .all(|a| a.category.slug == "du-lich" && a.category.name == "Du lịch"));
    let none: Page<ArticleSummary> = s.get("/api/v1/articles?category=khong-co").json();
    assert_eq!(none.total, 0);
    assert!(none.items.is_empty());
}

#[test]
fn search_ignores_case_and_diacritics() {
    let s = server();
    for q in [
        "dan%20van",
        "D%C3%82N%20V%E1%BA%ACN",
        "d%C3%A2n%20v%E1%BA%ADn",
        "quy%20che%20dan%20chu",
        "  DAN   van  ",
    ] {
        let q = q.replace(' ', "%20");
        let p: Page<ArticleSummary> = s.get(&format!("/api/v1/articles?q={q}")).json();
        assert!(p.items.iter().any(|a| a.id == 1024), "q={q}");
    }
    // Every word must appear.
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?q=dan%20van%20bongda").json();
    assert_eq!(p.total, 0);
    // "Đ" folds to "d".
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?q=dong%20van").json();
    assert!(p.items.iter().any(|a| a.title.contains("Đồng Văn")));
    // Wildcards are plain characters.
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?q=%25").json();
    assert!(p.total > 0);
    assert!(p
        .items
        .iter()
        .all(|a| a.title.contains('%') || a.sapo.contains('%')));
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?q=_").json();
    assert_eq!(p.total, 0);
    // With a category too.
    let p: Page<ArticleSummary> = s
        .get("/api/v1/articles?q=dan%20van&category=the-thao")
        .json();
    assert!(p.items.iter().all(|a| a.category.slug == "the-thao"));
    assert!(!p.items.iter().any(|a| a.id == 1024));
}

/// Search through the full-text index finds what `LIKE '%word%'` over the folded title and
/// sapo finds: words inside words, words shorter than its trigrams, all words required.
#[test]
fn search_finds_each_word_anywhere_in_title_and_sapo() {
    let s = server();
    let mut all: Vec<ArticleSummary> = Vec::new();
    for page in 1.. {
        let p: Page<ArticleSummary> = s
            .get(&format!("/api/v1/articles?per_page=50&page={page}"))
            .json();
        let done = p.items.is_empty();
        all.extend(p.items);
        if done || all.len() as u64 >= p.total {
            break;
        }
    }
    assert!(all.len() > 40);
    let text = |a: &ArticleSummary| format!("{} {}", fold(&a.title), fold(&a.sapo));
    for q in [
        "dan van", "huc hie", "ien", "ha giang", "o", "an tinh", "giang ha", "100%", "nam 2022",
    ] {
        let words: Vec<String> = fold(q).split(' ').map(str::to_owned).collect();
        let mut expected: Vec<u64> = all
            .iter()
            .filter(|a| words.iter().all(|w| text(a).contains(w.as_str())))
            .map(|a| a.id)
            .collect();
        let p: Page<ArticleSummary> = s
            .get(&format!(
                "/api/v1/articles?per_page=50&q={}",
                q.replace('%', "%25").replace(' ', "%20")
            ))
            .json();
        let mut found: Vec<u64> = p.items.iter().map(|a| a.id).collect();
        expected.sort_unstable();
        found.sort_unstable();
        assert_eq!(found, expected, "q={q}");
        assert_eq!(p.total, expected.len() as u64, "q={q}");
    }
}

#[test]
fn comments_of_the_seed_article_equal_the_example() {
    let s = server();
    let r = s.get("/api/v1/articles/1024/comments");
    let page: Page<Comment> = r.json();
    assert_eq!(page.total, 2);
    assert_eq!(r.json::<Value>(), example("comments-1024.json"));
    let p2: Page<Comment> = s
        .get("/api/v1/articles/1024/comments?per_page=1&page=2")
        .json();
    assert_eq!(p2.items.len(), 1);
    assert_eq!(p2.items[0].id, 5);
    // Pending comments are not shown.
    let a: Article = s.get("/api/v1/articles/1051").json();
    let c: Page<Comment> = s.get("/api/v1/articles/1051/comments").json();
    assert_eq!(c.total, 1);
    assert_eq!(a.summary.comment_count, 1);
    let pending: i64 = s
        .sql()
        .query_row(
            "SELECT count(*) FROM comments WHERE article_id = 1051 AND status = 'pending'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 1);
}

#[test]
fn weather_for_every_place() {
    let s = server();
    let site: Site = s.get("/api/v1/site").json();
    let default: Weather = s.get("/api/v1/weather").json();
    assert_eq!(default.location.slug, "ha-giang");
    for loc in &site.weather_locations {
        let w: Weather = s
            .get(&format!("/api/v1/weather?location={}", loc.slug))
            .json();
        assert_eq!(&w.location, loc);
        assert!(w.temperature_c.is_some());
        assert!(w.condition.as_deref().is_some_and(|c| !c.is_empty()));
        assert!(w.icon.is_some_and(|i| i != Icon::Unknown));
        assert!(w.humidity.is_some_and(|h| (0..=100).contains(&h)));
        assert!(w
            .observed_at
            .as_deref()
            .is_some_and(|t| t.ends_with("+07:00")));
    }
    let e = s
        .get("/api/v1/weather?location=ha-noi")
        .error(404, "not_found");
    assert_eq!(e.message, "Không tìm thấy địa điểm.");
}

#[test]
fn times_are_in_vietnam_time() {
    let s = server();
    let p: Page<ArticleSummary> = s.get("/api/v1/articles?per_page=50").json();
    for a in &p.items {
        assert!(a.published_at.ends_with("+07:00"), "{}", a.published_at);
        assert_eq!(a.published_at.len(), 25);
    }
}

#[test]
fn unknown_api_paths_and_methods_are_json_errors() {
    let s = server();
    for path in [
        "/api/v1/nothing",
        "/api/v1",
        "/api",
        "/api/v2/site",
        "/api/v1/articles/1024/other",
    ] {
        let e = s.get(path).error(404, "not_found");
        assert_eq!(e.message, "Không tìm thấy địa chỉ yêu cầu.", "{path}");
    }
    let r = s.post_raw(
        "/api/v1/site",
        &[("Content-Type", "application/json")],
        b"{}".to_vec(),
    );
    r.error(405, "bad_request");
    s.get("/media/none.jpg").error(404, "not_found");
}

#[test]
fn api_allows_other_origins() {
    let s = server();
    let origin = [("Origin", "http://localhost:8081")];
    let r = s.get_with("/api/v1/home", &origin);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    // The preflight of a JSON comment post.
    let r = common::request(
        "OPTIONS",
        &s.url("/api/v1/articles/1024/comments"),
        &[
            ("Origin", "http://localhost:8081"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-allow-methods")
        .is_some_and(|m| m.contains("POST")));
    assert!(r
        .header("access-control-allow-headers")
        .is_some_and(|h| h.contains("content-type")));
    let limited = s.post_raw(
        "/api/v1/articles/1024/comments",
        &[
            ("Origin", "http://localhost:8081"),
            ("Content-Type", "application/json"),
        ],
        b"{".to_vec(),
    );
    assert_eq!(limited.status, 400);
    assert_eq!(limited.header("access-control-allow-origin"), Some("*"));
    assert!(limited
        .header("access-control-expose-headers")
        .is_some_and(|h| h.contains("retry-after")));
}

#[test]
fn storage_failures_are_internal_json_errors() {
    let s = server();
    s.sql()
        .execute_batch("ALTER TABLE articles RENAME TO gone;")
        .unwrap();
    for path in [
        "/api/v1/home",
        "/api/v1/articles",
        "/api/v1/articles/1024",
        "/api/v1/articles/1024/comments",
    ] {
        let e = s.get(path).error(500, "internal");
        assert!(
            !e.message.contains("gone") && !e.message.contains("SQL"),
            "no details leak: {}",
            e.message
        );
    }
    // Endpoints that do not need the broken table still answer.
    assert_eq!(s.get("/api/v1/site").status, 200);
    assert_eq!(s.get("/api/v1/weather").status, 200);
}
