//! Command line: `serve` (the default), the editors' `comments` moderation commands, the
//! `channels` commands that take a channel off air or break its stream, and `media generate`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use crate::broadcast::catalog::{self, CHANNELS};
use crate::broadcast::files;
use crate::broadcast::state::ChannelState;
use crate::db::{queries, Db};
use crate::{seed_data, AppState, Options};

#[derive(Debug, Parser)]
#[command(
    name = "portal-server",
    version,
    about = "Reference server of the news portal: the JSON API (/api/v1) with sample data, and the built app."
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_HOST", default_value = "127.0.0.1", global = true)]
    pub host: String,
    /// Port to listen on (0: any free port).
    #[arg(long, env = "PORTAL_PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// SQLite database file; created with sample data when missing (parent folders too).
    #[arg(
        long,
        env = "PORTAL_DB",
        default_value = "data/portal.db",
        global = true
    )]
    pub db: PathBuf,
    /// Folder of the built app (index.html and assets).
    #[arg(long, env = "PORTAL_DIST", default_value = "dist", global = true)]
    pub dist: PathBuf,
    /// Sets the content of <meta name="portal-api-base"> in the served index.html.
    #[arg(long, env = "PORTAL_API_BASE", global = true)]
    pub api_base: Option<String>,
    /// Generate this many extra articles on top of the sample data (for load).
    #[arg(
        long,
        env = "PORTAL_EXTRA_ARTICLES",
        default_value_t = 0,
        global = true
    )]
    pub extra_articles: u32,
    /// Comments one client address may post per window (0: no limit).
    #[arg(
        long,
        env = "PORTAL_COMMENT_RATE_LIMIT",
        default_value_t = 5,
        global = true
    )]
    pub comment_rate_limit: u32,
    /// Length of the comment rate-limit window, in seconds.
    #[arg(long, env = "PORTAL_COMMENT_RATE_WINDOW", default_value_t = 600, global = true,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub comment_rate_window: u64,
    /// Behind a reverse proxy: count comments per address given by the proxy in the last entry
    /// of X-Forwarded-For, not per connection (which is always the proxy's).
    #[arg(long, env = "PORTAL_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,
    /// Origin the app may show pictures from, on top of its own and the API's (for the
    /// Content-Security-Policy's img-src); repeat the flag or separate with commas.
    #[arg(long = "csp-img-origin", env = "PORTAL_CSP_IMG_ORIGINS", value_name = "ORIGIN",
          value_delimiter = ',', value_parser = parse_origin, global = true)]
    pub csp_img_origins: Vec<String>,
    /// Origin the app may send requests to, on top of its own and the API's (for the
    /// Content-Security-Policy's connect-src); repeat the flag or separate with commas.
    #[arg(long = "csp-connect-origin", env = "PORTAL_CSP_CONNECT_ORIGINS", value_name = "ORIGIN",
          value_delimiter = ',', value_parser = parse_origin, global = true)]
    pub csp_connect_origins: Vec<String>,
    /// Origin the app may play audio and video from, on top of its own and the API's (for the
    /// Content-Security-Policy's media-src and connect-src: hls.js fetches the streams);
    /// repeat the flag or separate with commas.
    #[arg(long = "csp-media-origin", env = "PORTAL_CSP_MEDIA_ORIGINS", value_name = "ORIGIN",
          value_delimiter = ',', value_parser = parse_origin, global = true)]
    pub csp_media_origins: Vec<String>,
    /// Folder of the broadcast media (programme clips, live loops, channel pictures); what is
    /// missing is made at start-up with ffmpeg. Default: `media` beside the --db file.
    #[arg(long, env = "PORTAL_MEDIA_DIR", value_name = "DIR", global = true)]
    pub media_dir: Option<PathBuf>,
    /// Serve the media folder as it is, without making what is missing at start-up.
    #[arg(long, env = "PORTAL_NO_MEDIA_GEN", global = true,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub no_media_gen: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// --media-dir, or `media` beside the database.
    pub fn media_dir(&self) -> PathBuf {
        self.media_dir
            .clone()
            .unwrap_or_else(|| files::default_dir(&self.db))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app (the default).
    Serve,
    /// Moderate readers' comments.
    #[command(subcommand)]
    Comments(CommentsCommand),
    /// Take a live channel off air, or make its stream fail, and back (for tests and demos).
    #[command(subcommand)]
    Channels(ChannelsCommand),
    /// The broadcast media folder.
    #[command(subcommand)]
    Media(MediaCommand),
    /// Serve the built app in front of any API that follows CONTRACT.md, with each page's
    /// head, first screen and status code from the API, the feeds and sitemaps, and the API
    /// proxied under /api/v1 (no sample database needed).
    Front(FrontArgs),
    /// Print the Content-Security-Policy that goes with --dist/index.html (for another web
    /// server in front of the app, see docs/deployment.md).
    Csp,
}

#[derive(Debug, clap::Args)]
pub struct FrontArgs {
    /// The API's base URL, e.g. https://api.example.vn/api/v1.
    #[arg(long, env = "PORTAL_API", value_name = "URL", value_parser = parse_api)]
    pub api: String,
    /// The portal's public address for canonical URLs, feeds and sitemaps, e.g.
    /// https://hagiangtv.vn (default: from each request's Host header).
    #[arg(long, env = "PORTAL_PUBLIC_URL", value_name = "URL", value_parser = parse_origin)]
    pub public_url: Option<String>,
    /// How long a page waits for the API before the plain app shell goes out, in ms.
    #[arg(long, env = "PORTAL_API_BUDGET_MS", default_value_t = 300)]
    pub api_budget_ms: u64,
    /// How long an API answer is kept for the next readers, in seconds.
    #[arg(long, env = "PORTAL_API_CACHE_SECS", default_value_t = 5)]
    pub api_cache_secs: u64,
    /// Root-relative path of the API's pictures and media, proxied to the API's origin;
    /// repeat the flag or separate with commas.
    #[arg(long = "proxy-path", env = "PORTAL_PROXY_PATHS", value_name = "PATH",
          value_delimiter = ',', default_value = "/media", value_parser = parse_proxy_path)]
    pub proxy_paths: Vec<String>,
}

fn parse_api(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    if value.starts_with("http://") || value.starts_with("https://") {
        Ok(value.to_owned())
    } else {
        Err("expected an http:// or https:// URL".into())
    }
}

fn parse_proxy_path(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    let ok = value.starts_with('/')
        && value.len() > 1
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b));
    if !ok || value == crate::front::API_PREFIX {
        return Err("expected a path such as /media".into());
    }
    Ok(value.to_owned())
}

fn parse_origin(value: &str) -> Result<String, String> {
    crate::csp::check_source(value)?;
    Ok(value.trim().to_owned())
}

#[derive(Debug, Subcommand)]
pub enum CommentsCommand {
    /// List the comments waiting for an editor.
    Pending,
    /// Approve comments: they are shown and counted.
    Approve {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Reject comments: they are never shown.
    Reject {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChannelsCommand {
    /// List the channels with their state.
    List,
    /// Set a channel's state; a running server follows at once. STATE: on-air; off-air (the
    /// channel says so and its stream answers 404); 404 or 500 (the channel says it is on air
    /// but its stream answers that status); stall (its playlist stops advancing).
    Set {
        #[arg(value_name = "SLUG")]
        slug: String,
        #[arg(value_name = "STATE", value_parser = parse_state)]
        state: ChannelState,
    },
}

fn parse_state(value: &str) -> Result<ChannelState, String> {
    ChannelState::parse(value).ok_or_else(|| {
        let names: Vec<&str> = ChannelState::ALL.iter().map(|s| s.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Make what is missing in --media-dir (needs ffmpeg), then exit.
    Generate,
}

/// Exit code for bad flags or an unusable database or address.
const USAGE: u8 = 2;

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("portal-server: {message}");
    ExitCode::from(code)
}

/// The program.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match &cli.command {
        None | Some(Command::Serve) => serve(&cli),
        Some(Command::Comments(cmd)) => moderate(&cli, cmd),
        Some(Command::Channels(cmd)) => channels(&cli, cmd),
        Some(Command::Media(MediaCommand::Generate)) => generate_media(&cli),
        Some(Command::Csp) => print_csp(&cli),
        Some(Command::Front(args)) => front(&cli, args),
    }
}

fn options(cli: &Cli) -> Options {
    Options {
        dist: Some(cli.dist.clone()),
        api_base: cli.api_base.clone(),
        comment_rate_limit: cli.comment_rate_limit,
        comment_rate_window: Duration::from_secs(cli.comment_rate_window),
        trust_proxy: cli.trust_proxy,
        csp_img_origins: cli.csp_img_origins.clone(),
        csp_connect_origins: cli.csp_connect_origins.clone(),
        csp_media_origins: cli.csp_media_origins.clone(),
        media_dir: Some(cli.media_dir()),
    }
}

fn print_csp(cli: &Cli) -> ExitCode {
    let index = cli.dist.join("index.html");
    let html = match std::fs::read_to_string(&index) {
        Ok(html) => html,
        Err(e) => return fail(USAGE, format!("cannot read {}: {e}", index.display())),
    };
    let html = match &cli.api_base {
        Some(base) => crate::html::set_meta_content(&html, "portal-api-base", base),
        None => html,
    };
    println!(
        "{}",
        crate::csp::policy_for_html(&options(cli).csp_config(), &html)
    );
    ExitCode::SUCCESS
}

fn front(cli: &Cli, args: &FrontArgs) -> ExitCode {
    if !cli.dist.join("index.html").is_file() {
        return fail(
            USAGE,
            format!("no built app in {} (--dist)", cli.dist.display()),
        );
    }
    let front = match crate::front::Front::new(crate::front::FrontOptions {
        api: args.api.clone(),
        dist: cli.dist.clone(),
        public_url: args.public_url.clone(),
        api_base: cli.api_base.clone(),
        csp: options(cli).csp_config(),
        budget: Duration::from_millis(args.api_budget_ms),
        cache_ttl: Duration::from_secs(args.api_cache_secs),
        proxy_paths: args.proxy_paths.clone(),
        trust_proxy: cli.trust_proxy,
    }) {
        Ok(f) => f,
        Err(e) => return fail(1, e),
    };
    run(cli, |listener| {
        crate::front::serve(listener, front, shutdown_signal())
    })
}

/// Binds `--host`/`--port`, says where, and runs `server` on a runtime until it stops.
fn run<F, Fut>(cli: &Cli, server: F) -> ExitCode
where
    F: FnOnce(tokio::net::TcpListener) -> Fut,
    Fut: std::future::Future<Output = std::io::Result<()>>,
{
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(1, format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind((cli.host.as_str(), cli.port)).await {
            Ok(l) => l,
            Err(e) => {
                return fail(
                    USAGE,
                    format!("cannot listen on {}:{}: {e}", cli.host, cli.port),
                )
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(cli.port);
        let host = if cli.host.contains(':') {
            format!("[{}]", cli.host)
        } else {
            cli.host.clone()
        };
        println!("Portal: http://{host}:{port}/");
        let _ = std::io::stdout().flush();
        match server(listener).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(1, format!("server stopped: {e}")),
        }
    })
}

fn serve(cli: &Cli) -> ExitCode {
    let site = match seed_data::site() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let started = Instant::now();
    let (db, report) = match Db::open(&cli.db, &site, cli.extra_articles) {
        Ok(x) => x,
        Err(e) => return fail(USAGE, e),
    };
    if report.created {
        eprintln!(
            "portal-server: created {} with the sample data",
            cli.db.display()
        );
    }
    if report.extra_articles_added > 0 {
        eprintln!(
            "portal-server: added {} generated articles in {:.1} s",
            report.extra_articles_added,
            started.elapsed().as_secs_f64()
        );
    }
    if !cli.no_media_gen {
        if let Err(e) = files::ensure(&cli.media_dir(), &mut |line| {
            eprintln!("portal-server: {line}")
        }) {
            eprintln!("portal-server: warning: {e}; serving without broadcast media");
        }
    }
    if !cli.dist.join("index.html").is_file() {
        eprintln!(
            "portal-server: no built app in {} (--dist); serving the API only",
            cli.dist.display()
        );
    }
    let options = options(cli);
    let state = AppState::new(db, site, options);
    run(cli, |listener| {
        crate::serve(listener, crate::app(state), shutdown_signal())
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

fn generate_media(cli: &Cli) -> ExitCode {
    let dir = cli.media_dir();
    match files::ensure(&dir, &mut |line| eprintln!("portal-server: {line}")) {
        Ok(report) if report.missing == 0 => {
            println!("media ready in {}", dir.display());
            ExitCode::SUCCESS
        }
        Ok(report) => fail(1, format!("{} media items are missing", report.missing)),
        Err(e) => fail(USAGE, e),
    }
}

/// The database of an editor's command, which must exist already.
fn existing_db(cli: &Cli) -> Result<Db, ExitCode> {
    if !cli.db.is_file() {
        return Err(fail(
            USAGE,
            format!(
                "no database at {} (start the server once to create it, or pass --db)",
                cli.db.display()
            ),
        ));
    }
    let site = seed_data::site().map_err(|e| fail(1, e))?;
    Db::open(&cli.db, &site, 0)
        .map(|(db, _)| db)
        .map_err(|e| fail(USAGE, e))
}

fn channels(cli: &Cli, cmd: &ChannelsCommand) -> ExitCode {
    let db = match existing_db(cli) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    match cmd {
        ChannelsCommand::List => {
            for c in CHANNELS {
                match db.with(|conn| crate::db::broadcast::channel_state(conn, c.slug)) {
                    Ok((state, _)) => {
                        let _ = writeln!(
                            out,
                            "{}  {}  {}  {}",
                            c.slug,
                            c.kind.as_str(),
                            state,
                            c.name
                        );
                    }
                    Err(e) => return fail(1, e),
                }
            }
            ExitCode::SUCCESS
        }
        ChannelsCommand::Set { slug, state } => {
            let Some(def) = catalog::channel(slug) else {
                let known: Vec<&str> = CHANNELS.iter().map(|c| c.slug).collect();
                return fail(
                    1,
                    format!("no channel {slug} (channels: {})", known.join(", ")),
                );
            };
            let now = crate::timefmt::now_unix();
            match db
                .with(|conn| crate::db::broadcast::set_channel_state(conn, def.slug, *state, now))
            {
                Ok(old) => {
                    let _ = writeln!(out, "channel {}: {old} -> {state}", def.slug);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(1, e),
            }
        }
    }
}

fn moderate(cli: &Cli, cmd: &CommentsCommand) -> ExitCode {
    if !cli.db.is_file() {
        return fail(
            USAGE,
            format!(
                "no database at {} (start the server once to create it, or pass --db)",
                cli.db.display()
            ),
        );
    }
    let site = match seed_data::site() {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let db = match Db::open(&cli.db, &site, 0) {
        Ok((db, _)) => db,
        Err(e) => return fail(USAGE, e),
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    match cmd {
        CommentsCommand::Pending => match db.with(|c| queries::pending_comments(c)) {
            Ok(list) => {
                for c in &list {
                    let _ = writeln!(
                        out,
                        "#{}  article {}  {}  {} <{}>",
                        c.id, c.article_id, c.created_at, c.author_name, c.email
                    );
                    for line in c.content.lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
                let _ = writeln!(out, "{} pending comment(s).", list.len());
                ExitCode::SUCCESS
            }
            Err(e) => fail(1, e),
        },
        CommentsCommand::Approve { ids } => set_status(&db, ids, "approved", &mut out),
        CommentsCommand::Reject { ids } => set_status(&db, ids, "rejected", &mut out),
    }
}

fn set_status(db: &Db, ids: &[i64], status: &str, out: &mut impl Write) -> ExitCode {
    let mut ok = true;
    for &id in ids {
        match db.with(|c| queries::set_comment_status(c, id, status)) {
            Ok(Some(old)) if old == status => {
                let _ = writeln!(out, "comment {id} was already {status}");
            }
            Ok(Some(_)) => {
                let _ = writeln!(out, "comment {id} {status}");
            }
            Ok(None) => {
                eprintln!("portal-server: no comment with id {id}");
                ok = false;
            }
            Err(e) => {
                eprintln!("portal-server: comment {id}: {e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
