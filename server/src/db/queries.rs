//! The queries behind the endpoints and the moderation commands. Parameters are always bound,
//! never spliced into SQL.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::model::{
    Article, ArticleSummary, Category, Comment, Home, HomeSection, Image, Page, PendingComment,
    Site, Weather, WeatherLocation,
};
use crate::search::like_pattern;
use crate::timefmt::format_vn;

const SUMMARY_COLUMNS: &str =
    "a.id, a.slug, a.title, a.sapo, a.published_at, a.category, a.thumb_url, \
    a.thumb_alt, a.thumb_width, a.thumb_height, a.thumb_caption, \
    (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')";

/// Newest first; the id breaks ties so that pages never overlap.
const NEWEST_FIRST: &str = "ORDER BY a.published_at DESC, a.id DESC";

fn category_of(site: &Site, slug: &str) -> Category {
    site.category(slug).cloned().unwrap_or_else(|| Category {
        slug: slug.to_owned(),
        name: slug.to_owned(),
    })
}

fn summary_from_row(site: &Site, r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let category: String = r.get(5)?;
    let thumb_url: Option<String> = r.get(6)?;
    let thumbnail = match thumb_url {
        Some(url) => Some(Image {
            url,
            alt: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            width: r.get::<_, Option<u32>>(8)?.unwrap_or(0),
            height: r.get::<_, Option<u32>>(9)?.unwrap_or(0),
            caption: r.get(10)?,
        }),
        None => None,
    };
    Ok(ArticleSummary {
        id: r.get(0)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        sapo: r.get(3)?,
        published_at: format_vn(r.get(4)?),
        category: category_of(site, &category),
        thumbnail,
        comment_count: r.get(11)?,
    })
}

fn summaries(
    conn: &Connection,
    site: &Site,
    sql_tail: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ArticleSummary>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a {sql_tail}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| summary_from_row(site, r))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// `GET /home`.
pub fn home(conn: &Connection, site: &Site) -> Result<Home> {
    let featured = summaries(
        conn,
        site,
        &format!("WHERE a.featured = 1 {NEWEST_FIRST} LIMIT 5"),
        [],
    )?;
    let latest = summaries(conn, site, &format!("{NEWEST_FIRST} LIMIT 10"), [])?;
    let most_read = summaries(conn, site, "ORDER BY a.views DESC, a.id DESC LIMIT 5", [])?;
    let mut sections = Vec::with_capacity(site.categories.len());
    for category in &site.categories {
        let items = summaries(
            conn,
            site,
            &format!("WHERE a.category = ?1 {NEWEST_FIRST} LIMIT 4"),
            [&category.slug],
        )?;
        sections.push(HomeSection {
            category: category.clone(),
            items,
        });
    }
    Ok(Home {
        featured,
        latest,
        most_read,
        sections,
    })
}

/// An FTS5 query that every one of `words` matches: each a quoted string (so that no word is
/// read as an operator), which a trigram index finds anywhere in the text.
fn fts_query(words: &[&String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `GET /articles`: optional category, folded search words (all must appear), one page.
pub fn list_articles(
    conn: &Connection,
    site: &Site,
    category: Option<&str>,
    words: &[String],
    page: u32,
    per_page: u32,
) -> Result<Page<ArticleSummary>> {
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(c) = category {
        args.push(c.to_owned());
        clauses.push(format!("a.category = ?{}", args.len()));
    }
    // Words of three letters or more through the full-text index (trigrams: anywhere in the
    // text, as LIKE); shorter ones ("ha", "xa") with LIKE, over the rows the others found.
    let (indexed, short): (Vec<&String>, Vec<&String>) =
        words.iter().partition(|w| w.chars().count() >= 3);
    if !indexed.is_empty() {
        args.push(fts_query(&indexed));
        clauses.push(format!(
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?{})",
            args.len()
        ));
    }
    for w in short {
        args.push(like_pattern(w));
        clauses.push(format!("a.search_text LIKE ?{} ESCAPE '\\'", args.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM articles a {filter}"))?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let items = if offset >= total {
        Vec::new()
    } else {
        summaries(
            conn,
            site,
            &format!("{filter} {NEWEST_FIRST} LIMIT {per_page} OFFSET {offset}"),
            params_from_iter(args.iter()),
        )?
    };
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

/// `GET /articles/{id}`: counts one more view and returns the article, if there is one.
pub fn read_article(conn: &Connection, site: &Site, id: i64) -> Result<Option<Article>> {
    if conn.execute("UPDATE articles SET views = views + 1 WHERE id = ?1", [id])? == 0 {
        return Ok(None);
    }
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, a.updated_at, a.author, a.body_html, a.tags, a.comments_open, a.published_at \
         FROM articles a WHERE a.id = ?1"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            Ok((
                summary_from_row(site, r)?,
                r.get::<_, Option<i64>>(12)?,
                r.get::<_, Option<String>>(13)?,
                r.get::<_, String>(14)?,
                r.get::<_, String>(15)?,
                r.get::<_, bool>(16)?,
                r.get::<_, i64>(17)?,
            ))
        })
        .optional()?;
    let Some((summary, updated_at, author, body_html, tags, comments_open, published)) = found
    else {
        return Ok(None);
    };
    let tags: Vec<String> = serde_json::from_str(&tags)?;
    // Older news of the same category, newest first.
    let related = summaries(
        conn,
        site,
        &format!(
            "WHERE a.category = ?1 AND (a.published_at < ?2 OR (a.published_at = ?2 AND a.id < ?3)) \
             {NEWEST_FIRST} LIMIT 4"
        ),
        params![summary.category.slug, published, id],
    )?;
    let media = super::broadcast::article_media(conn, id)?;
    Ok(Some(Article {
        summary,
        updated_at: updated_at.map(format_vn),
        author,
        body_html,
        tags,
        related,
        comments_open,
        media,
    }))
}

/// Whether an article exists (`None`) and takes comments.
pub fn comments_open(conn: &Connection, article_id: i64) -> Result<Option<bool>> {
    Ok(conn
        .query_row(
            "SELECT comments_open FROM articles WHERE id = ?1",
            [article_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// `GET /articles/{id}/comments`: approved comments, newest first; `None` for no such article.
pub fn comments_page(
    conn: &Connection,
    article_id: i64,
    page: u32,
    per_page: u32,
) -> Result<Option<Page<Comment>>> {
    if comments_open(conn, article_id)?.is_none() {
        return Ok(None);
    }
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM comments WHERE article_id = ?1 AND status = 'approved'",
        [article_id],
        |r| r.get(0),
    )?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let mut stmt = conn.prepare_cached(
        "SELECT id, author_name, content, created_at FROM comments WHERE article_id = ?1 AND status = 'approved' \
         ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let items = stmt
        .query_map(params![article_id, per_page, offset], |r| {
            Ok(Comment {
                id: r.get(0)?,
                author_name: r.get(1)?,
                content: r.get(2)?,
                created_at: format_vn(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Page {
        items,
        page,
        per_page,
        total,
    }))
}

/// The id of the comment posted with this client token, if any.
pub fn comment_by_token(conn: &Connection, token: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM comments WHERE client_token = ?1",
            [token],
            |r| r.get(0),
        )
        .optional()?)
}

/// A reader's comment, waiting for an editor.
pub struct NewComment<'a> {
    pub article_id: i64,
    pub author_name: &'a str,
    pub email: &'a str,
    pub content: &'a str,
    pub client_token: &'a str,
    pub client_ip: Option<&'a str>,
    pub created_at: i64,
}

/// Stores a pending comment unless its client token is known. Returns the comment's id and
/// whether it was new.
pub fn insert_comment(conn: &Connection, c: &NewComment<'_>) -> Result<(i64, bool)> {
    let inserted = conn.execute(
        "INSERT INTO comments (article_id, author_name, email, content, created_at, status, client_token, client_ip) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7) ON CONFLICT (client_token) DO NOTHING",
        params![c.article_id, c.author_name, c.email, c.content, c.created_at, c.client_token, c.client_ip],
    )?;
    if inserted == 1 {
        return Ok((conn.last_insert_rowid(), true));
    }
    let id = conn.query_row(
        "SELECT id FROM comments WHERE client_token = ?1",
        [c.client_token],
        |r| r.get(0),
    )?;
    Ok((id, false))
}

/// Comments waiting for an editor, oldest first.
pub fn pending_comments(conn: &Connection) -> Result<Vec<PendingComment>> {
    let mut stmt = conn.prepare(
        "SELECT id, article_id, author_name, email, content, created_at FROM comments \
         WHERE status = 'pending' ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PendingComment {
            id: r.get(0)?,
            article_id: r.get(1)?,
            author_name: r.get(2)?,
            email: r.get(3)?,
            content: r.get(4)?,
            created_at: format_vn(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Sets a comment's status; returns its previous status, or `None` if there is no such comment.
pub fn set_comment_status(conn: &Connection, id: i64, status: &str) -> Result<Option<String>> {
    let old: Option<String> = conn
        .query_row("SELECT status FROM comments WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    if old.is_some() {
        conn.execute(
            "UPDATE comments SET status = ?1 WHERE id = ?2",
            params![status, id],
        )?;
    }
    Ok(old)
}

/// A stored file: content type and bytes.
pub fn media(conn: &Connection, path: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row(
            "SELECT content_type, bytes FROM media WHERE path = ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The latest stored observation for a place; refreshed by the simulated station when it is
/// older than an hour (the place must be one of the site's).
pub fn weather(conn: &Connection, location: &WeatherLocation, now: i64) -> Result<Weather> {
    let stored = conn
        .query_row(
            "SELECT temperature_c, condition, icon, humidity, observed_at FROM weather WHERE slug = ?1",
            [&location.slug],
            |r| {
                let observed: Option<i64> = r.get(4)?;
                let weather = Weather {
                    location: location.clone(),
                    temperature_c: r.get(0)?,
                    condition: r.get(1)?,
                    icon: r.get(2)?,
                    humidity: r.get(3)?,
                    observed_at: observed.map(format_vn),
                };
                Ok((weather, observed))
            },
        )
        .optional()?;
    if let Some((weather, Some(observed))) = stored {
        if now - observed < 3600 {
            return Ok(weather);
        }
    }
    let o = crate::weather::observe(&location.slug, now);
    super::seed::save_weather(conn, &location.slug, &o)?;
    Ok(Weather {
        location: location.clone(),
        temperature_c: Some(o.temperature_c),
        condition: Some(o.condition.to_owned()),
        icon: Some(o.icon.to_owned()),
        humidity: Some(o.humidity),
        observed_at: Some(format_vn(o.observed_at)),
    })
}

/// Number of articles (for start-up messages and tests).
pub fn article_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
}
