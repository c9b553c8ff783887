//! `--extra-articles`: thousands of generated articles, and the endpoints stay quick.

mod common;

use std::time::Instant;

use common::{fresh_db, temp_dir, TestServer};
use portal::api::types::{Article, ArticleSummary, Home, Page};
use portal_server::db::Db;
use portal_server::Options;

const EXTRA: u32 = 20_000;

#[test]
fn twenty_thousand_extra_articles() {
    let dir = temp_dir("extra");
    let db_path = fresh_db(dir.path());
    let site = portal_server::seed_data::site().unwrap();
    let started = Instant::now();
    let (_, report) = Db::open(&db_path, &site, EXTRA).unwrap();
    let generated_in = started.elapsed();
    assert_eq!(report.extra_articles_added, EXTRA);
    println!("generated {EXTRA} articles in {generated_in:?}");
    // Opening again adds nothing.
    let (_, again) = Db::open(&db_path, &site, EXTRA).unwrap();
    assert_eq!(again.extra_articles_added, 0);

    let s = TestServer::start_on(dir, db_path, Options::default(), EXTRA);
    let t = Instant::now();
    let home: Home = s.get("/api/v1/home").json();
    let home_in = t.elapsed();
    assert_eq!(home.latest.len(), 10);
    assert!(home.sections.iter().all(|sec| sec.items.len() == 4));

    let all: Page<ArticleSummary> = s.get("/api/v1/articles").json();
    assert!(all.total >= 20_044, "{}", all.total);
    let deep: Page<ArticleSummary> = s.get("/api/v1/articles?page=1000&per_page=20").json();
    assert_eq!(deep.items.len(), 20);
    let category: Page<ArticleSummary> = s.get("/api/v1/articles?category=the-thao&page=50").json();
    assert!(category.items.iter().all(|a| a.category.slug == "the-thao"));

    let t = Instant::now();
    let found: Page<ArticleSummary> = s.get("/api/v1/articles?q=DAN%20VAN%20quy%20che").json();
    let search_in = t.elapsed();
    assert!(found.items.iter().any(|a| a.id == 1024));
    let many: Page<ArticleSummary> = s.get("/api/v1/articles?q=meo%20vac").json();
    assert!(many.total > 1000);

    // Generated articles are complete and their shared pictures are served.
    let newest_generated = deep.items[0].id;
    let a: Article = s
        .get(&format!("/api/v1/articles/{newest_generated}"))
        .json();
    let thumb = a.summary.thumbnail.expect("thumbnail");
    assert!(thumb.url.starts_with("/media/shared/"));
    assert_eq!(s.get(&thumb.url).status, 200);
    // The seed article is unchanged by the extra articles.
    let seed: Article = s.get("/api/v1/articles/1024").json();
    assert!(seed.related.is_empty());

    // Timings are printed, not asserted: tests must not depend on the machine's speed.
    println!("home in {home_in:?}, search in {search_in:?}");
}
