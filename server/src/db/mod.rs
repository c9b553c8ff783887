//! SQLite storage: one database file, opened through a small pool of connections.
//! A new file gets the schema and the sample data in one transaction; an existing one is
//! never seeded again.

pub mod broadcast;
pub mod queries;
pub mod schema;
pub mod seed;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};
use crate::model::Site;

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;

pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// What `Db::open` did to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenReport {
    pub created: bool,
    pub extra_articles_added: u32,
}

impl Db {
    /// Opens (creating parent folders, schema and sample data when new) the database at `path`,
    /// and makes sure it holds at least `extra_articles` generated articles on top of the samples.
    pub fn open(path: &Path, site: &Site, extra_articles: u32) -> Result<(Db, OpenReport)> {
        let ctx = || format!("cannot use database {}", path.display());
        if path.as_os_str().is_empty() {
            return Err(Error::new("empty path").context(ctx()));
        }
        if path.is_dir() {
            return Err(Error::new("it is a directory").context(ctx()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Some(file) = parent.ancestors().find(|a| a.is_file()) {
                return Err(
                    Error::new(format!("{} is a file, not a folder", file.display()))
                        .context(ctx()),
                );
            }
            std::fs::create_dir_all(parent).map_err(|e| {
                Error::new(format!("cannot create folder {}: {e}", parent.display())).context(ctx())
            })?;
        }
        let mut conn = connect(path).map_err(|e| e.context(ctx()))?;
        let created = prepare(&mut conn, site).map_err(|e| e.context(ctx()))?;
        let extra_articles_added = seed::ensure_extra_articles(&mut conn, site, extra_articles)
            .map_err(|e| e.context(ctx()))?;
        let db = Db {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![conn]),
        };
        Ok((
            db,
            OpenReport {
                created,
                extra_articles_added,
            },
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection of the pool (blocking; call from a blocking thread).
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = f(&mut conn);
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        out
    }

    /// Like [`Db::with`], but every transaction `f` commits is on disk (the WAL synced)
    /// before it returns, so it survives a power cut too, not only a crash of the server.
    /// For writes a reader is told were accepted (comments); the busy paths (view counts)
    /// keep `synchronous = NORMAL`, which survives a crash of the process.
    pub fn with_durable<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.with(|conn| {
            conn.execute_batch("PRAGMA synchronous = FULL;")?;
            let out = f(conn);
            let reset = conn.execute_batch("PRAGMA synchronous = NORMAL;");
            let out = out?;
            reset?;
            Ok(out)
        })
    }
}

fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::new(format!(
            "cannot switch to WAL mode (journal mode is {mode})"
        )));
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

/// Creates the schema and sample data in a new database; checks the version of an old one.
/// Returns whether the database was new.
fn prepare(conn: &mut Connection, site: &Site) -> Result<bool> {
    // An immediate transaction takes the write lock: it fails at once on a read-only file,
    // and makes a second process starting at the same moment wait instead of seeding twice.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(schema::VERSION_TABLE)?;
    let version: Option<i64> =
        tx.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?;
    let now = crate::timefmt::now_unix();
    let created = match version {
        None => {
            tx.execute_batch(schema::SCHEMA_V1)?;
            tx.execute(
                "INSERT INTO schema_version(version) VALUES (?1)",
                [schema::VERSION],
            )?;
            seed::seed(&tx, site, now)?;
            true
        }
        Some(v) if v == schema::VERSION => false,
        Some(v) => {
            return Err(Error::new(format!(
                "schema version {v} is not the one this server knows ({})",
                schema::VERSION
            )))
        }
    };
    tx.execute_batch(schema::EXTRA_INDEXES)?;
    let has_search_index: i64 = tx.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'",
        [],
        |r| r.get(0),
    )?;
    if has_search_index == 0 {
        tx.execute_batch(schema::SEARCH_INDEX)?;
    }
    broadcast::prepare(&tx, now)?;
    tx.commit()?;
    Ok(created)
}
