//! The database schema (version 1).

pub const VERSION: i64 = 1;

pub const VERSION_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";

/// Indexes added after version 1 was first released: made when missing, in new and old
/// databases alike (no data changes, so no new version).
///
/// `articles_search` covers `search_text`: counting the matches of a search whose words are all
/// shorter than the full-text index's trigrams reads the index (about a third of the table's
/// size) instead of every article's row.
pub const EXTRA_INDEXES: &str =
    "CREATE INDEX IF NOT EXISTS articles_search ON articles (search_text);";

/// The full-text index of `search_text` (title and sapo, folded; see search.rs), made when
/// missing, in new and old databases alike, and filled from `articles` then. Its tokens are
/// trigrams, so that a word of three letters or more matches anywhere in the text, as
/// `LIKE '%word%'` does, from the index instead of every article's row (db/queries.rs).
/// Triggers keep it in step with `articles`.
pub const SEARCH_INDEX: &str = "
CREATE VIRTUAL TABLE articles_fts USING fts5(
    search_text, content='articles', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF search_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO articles_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
";

pub const SCHEMA_V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL,
    title          TEXT NOT NULL,
    sapo           TEXT NOT NULL,
    published_at   INTEGER NOT NULL,            -- Unix seconds
    updated_at     INTEGER,
    category       TEXT NOT NULL,               -- slug of a category of site.json
    thumb_url      TEXT,
    thumb_alt      TEXT,
    thumb_width    INTEGER,
    thumb_height   INTEGER,
    thumb_caption  TEXT,
    author         TEXT,
    body_html      TEXT NOT NULL,
    tags           TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    featured       INTEGER NOT NULL DEFAULT 0,
    views          INTEGER NOT NULL DEFAULT 0,
    comments_open  INTEGER NOT NULL DEFAULT 1,
    search_text    TEXT NOT NULL                -- title and sapo, folded (see search.rs)
);
CREATE INDEX articles_by_published ON articles (published_at);
CREATE INDEX articles_by_category ON articles (category, published_at);
CREATE INDEX articles_by_views ON articles (views);
CREATE INDEX articles_by_featured ON articles (featured, published_at);

CREATE TABLE comments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id    INTEGER NOT NULL REFERENCES articles (id),
    author_name   TEXT NOT NULL,
    email         TEXT NOT NULL,
    content       TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    client_token  TEXT UNIQUE,
    client_ip     TEXT
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at);
CREATE INDEX comments_by_status ON comments (status, created_at);

CREATE TABLE media (
    path          TEXT PRIMARY KEY,             -- URL path, e.g. /media/2022/07/a.jpg
    content_type  TEXT NOT NULL,
    bytes         BLOB NOT NULL
);

CREATE TABLE weather (
    slug           TEXT PRIMARY KEY,
    temperature_c  REAL,
    condition      TEXT,
    icon           TEXT,
    humidity       INTEGER,
    observed_at    INTEGER
);
"#;
