//! The database file: created once with the sample data, never seeded again.

mod common;

use common::{fresh_db, temp_dir};
use portal_server::db::{queries, Db};
use portal_server::images::jpeg_dimensions;

#[test]
fn reopening_never_reseeds() {
    let dir = temp_dir("reopen");
    let path = fresh_db(dir.path());
    let site = portal_server::seed_data::site().unwrap();
    {
        let (db, report) = Db::open(&path, &site, 0).unwrap();
        assert!(!report.created);
        db.with(|c| {
            c.execute("DELETE FROM comments WHERE article_id = 1008", [])?;
            c.execute("DELETE FROM articles WHERE id = 1008", [])?;
            Ok(())
        })
        .unwrap();
    }
    let (db, report) = Db::open(&path, &site, 0).unwrap();
    assert!(!report.created);
    assert_eq!(db.with(|c| queries::article_count(c)).unwrap(), 43);
}

#[test]
fn wal_mode_indexes_and_version() {
    let dir = temp_dir("schema");
    let path = fresh_db(dir.path());
    let site = portal_server::seed_data::site().unwrap();
    let (db, _) = Db::open(&path, &site, 0).unwrap();
    let (mode, version, indexes) = db
        .with(|c| {
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let version: i64 =
                c.query_row("SELECT version FROM schema_version", [], |r| r.get(0))?;
            let mut stmt = c.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'",
            )?;
            let names = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((mode, version, names))
        })
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(version, 1);
    for index in [
        "articles_by_published",
        "articles_by_category",
        "articles_by_views",
        "articles_search",
    ] {
        assert!(indexes.iter().any(|i| i == index), "{index} in {indexes:?}");
    }
    // The list query uses the index rather than sorting the whole table.
    let plan: Vec<String> = db
        .with(|c| {
            let mut stmt = c.prepare(
                "EXPLAIN QUERY PLAN SELECT id FROM articles a WHERE a.category = 'du-lich' \
                 ORDER BY a.published_at DESC, a.id DESC LIMIT 4",
            )?;
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("articles_by_category")),
        "{plan:?}"
    );
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
}

#[test]
fn the_search_index_is_made_for_an_older_database_and_follows_its_articles() {
    let dir = temp_dir("fts");
    let path = fresh_db(dir.path());
    let site = portal_server::seed_data::site().unwrap();
    let search = |db: &Db, q: &str| -> Vec<i64> {
        let words = portal_server::search::query_words(q);
        db.with(|c| queries::list_articles(c, &site, None, &words, 1, 50))
            .unwrap()
            .items
            .iter()
            .map(|a| a.id)
            .collect()
    };
    // A database from before the full-text index.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete; \
             DROP TRIGGER articles_fts_update; DROP TABLE articles_fts;",
        )
        .unwrap();
    let (db, report) = Db::open(&path, &site, 0).unwrap();
    assert!(!report.created);
    assert!(search(&db, "dân vận").contains(&1024));
    // The triggers keep it in step: a changed title is found by its new words only, a
    // deleted article no more.
    db.with(|c| {
        c.execute(
            "UPDATE articles SET search_text = 'bao tuyet tren dinh fansipan' WHERE id = 1024",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    assert_eq!(search(&db, "tuyet fansipan"), vec![1024]);
    assert!(!search(&db, "dan van").contains(&1024));
    db.with(|c| {
        c.execute("DELETE FROM comments WHERE article_id = 1024", [])?;
        c.execute("DELETE FROM articles WHERE id = 1024", [])?;
        Ok(())
    })
    .unwrap();
    assert!(search(&db, "tuyet fansipan").is_empty());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = temp_dir("newer");
    let path = fresh_db(dir.path());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE schema_version SET version = 99", [])
        .unwrap();
    let site = portal_server::seed_data::site().unwrap();
    let err = Db::open(&path, &site, 0).err().expect("refused");
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[test]
fn every_thumbnail_and_figure_is_a_stored_jpeg_of_its_size() {
    let dir = temp_dir("media");
    let path = fresh_db(dir.path());
    let c = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = c
        .prepare("SELECT thumb_url, thumb_width, thumb_height, body_html FROM articles")
        .unwrap();
    let rows: Vec<(String, u32, u32, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows.len(), 44);
    for (url, w, h, body) in rows {
        let mut images = portal_server::html::media_images(&body);
        images.push((url, w, h));
        for (src, w, h) in images {
            let (ct, bytes): (String, Vec<u8>) = c
                .query_row(
                    "SELECT content_type, bytes FROM media WHERE path = ?1",
                    [&src],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(ct, "image/jpeg");
            let dims = jpeg_dimensions(&bytes).expect("JPEG");
            assert_eq!((u32::from(dims.0), u32::from(dims.1)), (w, h), "{src}");
        }
    }
}
