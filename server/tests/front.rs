//! The front server (`portal-server front`): what link previews, crawlers and readers without
//! JavaScript get for each URL, status codes, the API slow or down, coalesced API requests,
//! feeds and sitemaps. It runs in this process in front of the reference server or of a stub
//! API, on a small `index.html` shaped like the build's.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{get, serve_in_thread, temp_dir, TempDir, TestServer, Value};
use lol_html::{element, rewrite_str, RewriteStrSettings};
use portal::api::types::{Article, ArticleSummary, Home, Page, Programme, Site};
use portal::domain::excerpt;
use portal::routes;
use portal_server::front::{Front, FrontOptions};
use portal_server::Options;

const INDEX: &str = r#"<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Tin tức</title>
  <meta name="description" content="Tin tức địa phương.">
  <meta name="portal-api-base" content="/api/v1">
  <style>body{margin:0}</style>
  <script>window.x = 1;</script>
  <link rel="preload" href="/portal_bg-0123456789abcdef.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">
</head>
<body>
  <div id="boot" aria-busy="true">
    <div class="site-header"></div>
    <div class="container boot-content"><div class="skeleton"></div></div>
  </div>
</body>
</html>
"#;

const CRAWLERS: &[&str] = &[
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Zalo/1.0; +https://zalo.me) ZaloLinkPreview",
    "Twitterbot/1.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
];

/// A front server in this process until dropped.
struct FrontServer {
    base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    _dist: TempDir,
}

impl FrontServer {
    fn start(api: &str, budget: Duration) -> Self {
        let dist = temp_dir("front-dist");
        std::fs::write(dist.path().join("index.html"), INDEX).expect("index.html");
        std::fs::write(dist.path().join("logo.svg"), "<svg/>").expect("logo");
        let front = Front::new(FrontOptions {
            api: api.to_owned(),
            dist: dist.path().to_owned(),
            public_url: Some("https://tv.example.vn".into()),
            api_base: None,
            csp: Options::default().csp_config(),
            budget,
            cache_ttl: Duration::from_secs(5),
            proxy_paths: vec!["/media".into()],
            trust_proxy: false,
        })
        .expect("front");
        let (base, shutdown, thread) = serve_in_thread(move |listener, rx| {
            Box::pin(async move {
                portal_server::front::serve(listener, front, async {
                    let _ = rx.await;
                })
                .await
                .expect("serve");
            })
        });
        FrontServer {
            base,
            shutdown: Some(shutdown),
            thread: Some(thread),
            _dist: dist,
        }
    }

    fn get(&self, path: &str, user_agent: &str) -> common::Reply {
        get(
            &format!("{}{path}", self.base),
            &[("User-Agent", user_agent)],
        )
    }
}

impl Drop for FrontServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The meta tags (`property` or `name` → contents, in order), JSON-LD objects, canonical
/// link, title and the first screen's text of a page.
#[derive(Debug, Default)]
struct Parsed {
    meta: HashMap<String, Vec<String>>,
    json_ld: Vec<Value>,
    canonical: Option<String>,
    title: String,
    feeds: Vec<String>,
    h1: String,
    images: Vec<HashMap<String, String>>,
}

fn parse(html: &str) -> Parsed {
    use std::cell::RefCell;
    let parsed = RefCell::new(Parsed::default());
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("meta[content]", |el| {
                let key = el
                    .get_attribute("property")
                    .or_else(|| el.get_attribute("name"));
                if let (Some(key), Some(content)) = (key, el.get_attribute("content")) {
                    parsed
                        .borrow_mut()
                        .meta
                        .entry(key)
                        .or_default()
                        .push(unescape(content));
                }
                Ok(())
            }),
            element!("link[rel=canonical]", |el| {
                parsed.borrow_mut().canonical = el.get_attribute("href");
                Ok(())
            }),
            element!("link[rel=alternate][type='application/rss+xml']", |el| {
                if let Some(href) = el.get_attribute("href") {
                    parsed.borrow_mut().feeds.push(href);
                }
                Ok(())
            }),
            element!("#boot img", |el| {
                let attrs = el
                    .attributes()
                    .iter()
                    .map(|a| (a.name(), a.value()))
                    .collect();
                parsed.borrow_mut().images.push(attrs);
                Ok(())
            }),
        ],
        document_content_handlers: vec![],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).expect("html");
    let mut parsed = parsed.into_inner();
    // Text content: JSON-LD, title and h1 are read with plain searches on the escaped text.
    for part in html.split("<script type=\"application/ld+json\">").skip(1) {
        let json = part.split("</script>").next().unwrap_or("");
        parsed
            .json_ld
            .push(serde_json::from_str(json).expect("JSON-LD parses"));
    }
    parsed.title = unescape(between(html, "<title>", "</title>"));
    let h1 = between(
        html.split("id=\"boot\"").nth(1).unwrap_or(""),
        "<h1",
        "</h1>",
    );
    parsed.h1 = unescape(strip_tags(h1.split_once('>').map_or("", |(_, text)| text)));
    parsed
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    s.split_once(from)
        .and_then(|(_, rest)| rest.split_once(to))
        .map_or("", |(inner, _)| inner)
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn unescape(s: impl AsRef<str>) -> String {
    s.as_ref()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn one<'a>(p: &'a Parsed, key: &str) -> &'a str {
    match p.meta.get(key).map(Vec::as_slice) {
        Some([v]) => v,
        other => panic!("{key}: {other:?}"),
    }
}

fn of_type<'a>(p: &'a Parsed, t: &str) -> &'a Value {
    p.json_ld
        .iter()
        .find(|v| v["@type"] == t)
        .unwrap_or_else(|| panic!("no {t} in {:?}", p.json_ld))
}

const ORIGIN: &str = "https://tv.example.vn";

fn abs(path: &str) -> String {
    if path.starts_with('/') {
        format!("{ORIGIN}{path}")
    } else {
        path.to_owned()
    }
}

#[test]
fn every_crawler_gets_the_articles_head_and_first_screen() {
    let api = TestServer::start(Options::default());
    let front = FrontServer::start(&api.url("/api/v1"), Duration::from_secs(5));
    let site: Site = api.get("/api/v1/site").json();
    let a: Article = api.get("/api/v1/articles/1024").json();
    let s = &a.summary;
    let path = routes::article(s.id, &s.slug);
    let thumb = s.thumbnail.clone().expect("the sample article has a photo");
    for agent in CRAWLERS {
        let r = front.get(&path, agent);
        assert_eq!(r.status, 200, "{agent}");
        assert!(r
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html"));
        let p = parse(&r.text());
        assert_eq!(p.title, format!("{} - {}", s.title, site.short_name));
        assert_eq!(one(&p, "description"), excerpt(&s.sapo, 160));
        assert_eq!(p.canonical.as_deref(), Some(abs(&path).as_str()));
        assert_eq!(one(&p, "og:type"), "article");
        assert_eq!(one(&p, "og:title"), s.title);
        assert_eq!(one(&p, "og:description"), excerpt(&s.sapo, 160));
        assert_eq!(one(&p, "og:url"), abs(&path));
        assert_eq!(one(&p, "og:site_name"), site.name);
        assert_eq!(one(&p, "og:locale"), "vi_VN");
        assert_eq!(one(&p, "og:image"), abs(&thumb.url));
        assert_eq!(one(&p, "og:image:width"), thumb.width.to_string());
        assert_eq!(one(&p, "og:image:height"), thumb.height.to_string());
        assert_eq!(one(&p, "og:image:alt"), thumb.alt);
        assert_eq!(one(&p, "article:published_time"), s.published_at);
        assert_eq!(one(&p, "article:section"), s.category.name);
        assert_eq!(p.meta.get("article:tag"), Some(&a.tags));
        assert_eq!(one(&p, "twitter:card"), "summary_large_image");
        let news = of_type(&p, "NewsArticle");
        assert_eq!(news["headline"], s.title.as_str());
        assert_eq!(news["datePublished"], s.published_at.as_str());
        assert_eq!(news["author"]["name"], a.author.as_deref().unwrap_or(""));
        assert_eq!(news["image"][0]["url"], abs(&thumb.url).as_str());
        assert_eq!(news["publisher"]["name"], site.name.as_str());
        let crumbs = of_type(&p, "BreadcrumbList");
        assert_eq!(
            crumbs["itemListElement"][1]["name"],
            s.category.name.as_str()
        );
        assert_eq!(crumbs["itemListElement"][2]["item"], abs(&path).as_str());
        assert_eq!(
            p.feeds,
            vec![routes::feed(None), routes::feed(Some(&s.category.slug))]
        );
        // The first screen: headline, time, lead, photo and byline as plain HTML.
        assert_eq!(p.h1, s.title);
        let html = r.text();
        let boot = html.split("id=\"boot\"").nth(1).unwrap_or("");
        assert!(boot.contains("15:15, 01/07/2022"), "{boot}");
        assert!(boot.contains(&portal_server::html::escape(&s.sapo)));
        assert!(boot.contains(&portal_server::html::escape(
            a.author.as_deref().unwrap_or("-")
        )));
        let img = &p.images[0];
        assert_eq!(img["src"], thumb.url);
        assert_eq!(img["width"], thumb.width.to_string());
        assert_eq!(img["height"], thumb.height.to_string());
        assert_eq!(img["fetchpriority"], "high");
        assert_eq!(img["elementtiming"], "first-photo");
        // The photo is not kept waiting by the wasm, which the loader asks for once it runs.
        assert!(!html.contains("portal_bg-0123456789abcdef.wasm"));
        // The app gets the answer it would ask for first.
        let data = between(
            &html,
            "<script type=\"application/json\" id=\"portal-data\">",
            "</script>",
        );
        let data: Value = serde_json::from_str(data).expect("page data");
        assert_eq!(data["/articles/1024"]["title"], s.title.as_str());
    }
}

#[test]
fn home_list_and_broadcast_pages_have_their_heads() {
    let api = TestServer::start(Options::default());
    let front = FrontServer::start(&api.url("/api/v1"), Duration::from_secs(5));
    let site: Site = api.get("/api/v1/site").json();
    let agent = CRAWLERS[3];

    let home: Home = api.get("/api/v1/home").json();
    let p = parse(&front.get("/", agent).text());
    assert_eq!(p.title, site.short_name);
    assert_eq!(one(&p, "og:type"), "website");
    assert_eq!(p.canonical.as_deref(), Some(abs("/").as_str()));
    let website = of_type(&p, "WebSite");
    assert_eq!(website["name"], site.name.as_str());
    assert_eq!(website["potentialAction"]["@type"], "SearchAction");
    assert_eq!(
        website["potentialAction"]["target"]["urlTemplate"],
        abs("/tim-kiem?q={search_term_string}").as_str()
    );
    let body = front.get("/", agent).text();
    for lead in &home.featured {
        assert!(body.contains(&portal_server::html::escape(&lead.title)));
    }
    // The home page's answer (34 KB) would cost a round trip more before the first paint: the
    // app asks for it; the header's small answers come inside the page.
    let data: Value = serde_json::from_str(between(
        &body,
        "<script type=\"application/json\" id=\"portal-data\">",
        "</script>",
    ))
    .expect("page data");
    assert!(data.get("/site").is_some() && data.get("/channels").is_some());
    assert!(data.get("/home").is_none(), "{data}");

    let category = &site.categories[0];
    let list: Page<ArticleSummary> = api
        .get(&format!(
            "/api/v1/articles?category={}&per_page=20",
            category.slug
        ))
        .json();
    let r = front.get(&routes::category(&category.slug, 1), agent);
    assert_eq!(r.status, 200);
    let p = parse(&r.text());
    assert_eq!(p.title, format!("{} - {}", category.name, site.short_name));
    assert_eq!(
        p.canonical.as_deref(),
        Some(abs(&routes::category(&category.slug, 1)).as_str())
    );
    assert_eq!(
        of_type(&p, "BreadcrumbList")["itemListElement"][1]["name"],
        category.name.as_str()
    );
    for item in &list.items {
        assert!(r.text().contains(&routes::article(item.id, &item.slug)));
    }

    let programmes: Page<Programme> = api.get("/api/v1/programmes?per_page=1").json();
    let programme = programmes.items[0].clone();
    let path = routes::programme(programme.id, &programme.slug);
    let p = parse(&front.get(&path, agent).text());
    assert_eq!(one(&p, "og:title"), programme.title);
    assert_eq!(p.canonical.as_deref(), Some(abs(&path).as_str()));
    let object = p
        .json_ld
        .iter()
        .find(|v| v["@type"] == "VideoObject" || v["@type"] == "AudioObject")
        .expect("a video or audio object");
    assert_eq!(object["name"], programme.title.as_str());

    let channels: Vec<portal::api::types::Channel> = api.get("/api/v1/channels").json();
    let tv = channels
        .iter()
        .find(|c| c.kind == portal::api::types::ChannelKind::Tv)
        .expect("a TV channel");
    let path = routes::channel(tv.kind, &tv.slug, None);
    let p = parse(&front.get(&path, agent).text());
    assert_eq!(of_type(&p, "TelevisionChannel")["name"], tv.name.as_str());
    assert_eq!(p.canonical.as_deref(), Some(abs(&path).as_str()));

    // Pages that are the reader's own are not for search engines.
    let p = parse(&front.get(&routes::saved(), agent).text());
    assert_eq!(one(&p, "robots"), "noindex");
}

#[test]
fn unknown_pages_are_not_found_and_wrong_slugs_move() {
    let api = TestServer::start(Options::default());
    let front = FrontServer::start(&api.url("/api/v1"), Duration::from_secs(5));
    let a: Article = api.get("/api/v1/articles/1024").json();
    let canonical = routes::article(1024, &a.summary.slug);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent();
    for path in ["/bai-viet/1024", "/bai-viet/1024/sai-duong-dan"] {
        let r = agent
            .get(&format!("{}{path}", front.base))
            .header("User-Agent", CRAWLERS[0])
            .call()
            .expect("GET");
        assert_eq!(r.status().as_u16(), 301, "{path}");
        assert_eq!(
            r.headers().get("location").and_then(|v| v.to_str().ok()),
            Some(canonical.as_str())
        );
    }
    let programmes: Page<Programme> = api.get("/api/v1/programmes?per_page=1").json();
    let r = agent
        .get(&format!(
            "{}/xem-lai/{}",
            front.base, programmes.items[0].id
        ))
        .call()
        .expect("GET");
    assert_eq!(r.status().as_u16(), 301);
    for path in [
        "/bai-viet/999999",
        "/bai-viet/999999/khong-co",
        "/khong-co-trang-nay",
        "/chuyen-muc/khong-co",
        "/truyen-hinh/khong-co",
        "/xem-lai/999999",
        "/bai-viet/1024/a/b",
    ] {
        let r = front.get(path, CRAWLERS[1]);
        assert_eq!(r.status, 404, "{path}");
        let p = parse(&r.text());
        assert!(
            p.title.starts_with("Không tìm thấy trang"),
            "{path}: {}",
            p.title
        );
        assert_eq!(one(&p, "robots"), "noindex");
        assert!(r.text().contains("Về trang chủ"));
    }
}

#[test]
fn pages_carry_etags_and_short_cache_lives() {
    let api = TestServer::start(Options::default());
    let front = FrontServer::start(&api.url("/api/v1"), Duration::from_secs(5));
    let r = front.get("/", CRAWLERS[0]);
    let etag = r.header("etag").expect("etag").to_owned();
    let cache = r.header("cache-control").unwrap_or("");
    assert!(
        cache.contains("max-age=30") && cache.contains("stale-while-revalidate"),
        "{cache}"
    );
    let again = get(&format!("{}/", front.base), &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    // Files of the build are served as they are.
    assert_eq!(front.get("/logo.svg", CRAWLERS[0]).text(), "<svg/>");
    // The API, proxied.
    let site = get(&format!("{}/api/v1/site", front.base), &[]);
    assert_eq!(site.json::<Site>(), api.get("/api/v1/site").json::<Site>());
}

/// A stub of the API: each path answers after `delay` with the given JSON, and every request
/// is counted.
struct StubApi {
    base: String,
    count: Arc<AtomicUsize>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl StubApi {
    fn start(answers: Vec<(&'static str, Value)>, delay: Duration) -> Self {
        use axum::routing::get;
        let count = Arc::new(AtomicUsize::new(0));
        let mut router = axum::Router::new();
        for (path, value) in answers {
            let count = count.clone();
            router = router.route(
                path,
                get(move || async move {
                    count.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(delay).await;
                    axum::Json(value)
                }),
            );
        }
        let (base, shutdown, thread) = serve_in_thread(move |listener, rx| {
            Box::pin(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
                    .expect("stub");
            })
        });
        StubApi {
            base,
            count,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }
}

impl Drop for StubApi {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn example(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/api/examples")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("example")).expect("JSON")
}

#[test]
fn titles_and_leads_from_the_xss_corpus_come_out_escaped() {
    let corpus = [
        "\"><script>alert('title')</script>",
        "</title><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script>",
        "' onmouseover='alert(3)",
    ];
    for evil in corpus {
        let mut article = example("article-1024.json");
        article["title"] = Value::from(evil);
        article["sapo"] = Value::from(format!("{evil} sapo"));
        article["author"] = Value::from(evil);
        article["tags"] = serde_json::json!([evil]);
        article["category"]["name"] = Value::from(evil);
        let stub = StubApi::start(
            vec![
                ("/site", example("site.json")),
                ("/articles/1024", article.clone()),
            ],
            Duration::ZERO,
        );
        let front = FrontServer::start(&stub.base, Duration::from_secs(5));
        let slug = article["slug"].as_str().unwrap_or("");
        let r = front.get(&routes::article(1024, slug), CRAWLERS[0]);
        assert_eq!(r.status, 200);
        let html = r.text();
        // Markup must not appear anywhere; a quote that ends an attribute must not appear
        // outside the JSON data blocks, where it is only text.
        let outside_data: String = html
            .split("<script type=")
            .map(|part| part.split_once("</script>").map_or(part, |(_, rest)| rest))
            .collect();
        assert!(!outside_data.contains("onmouseover='"), "{evil}");
        for bad in ["<script>alert", "<img src=x"] {
            let at = html
                .find(bad)
                .map(|i| &html[i.saturating_sub(120)..(i + 40).min(html.len())]);
            assert!(at.is_none(), "{evil}: {bad} in the page: {at:?}");
        }
        let p = parse(&html);
        assert_eq!(one(&p, "og:title"), evil);
        assert_eq!(p.meta.get("article:tag"), Some(&vec![evil.to_owned()]));
        assert_eq!(of_type(&p, "NewsArticle")["headline"], evil);
        assert_eq!(p.h1, evil);
    }
}

#[test]
fn two_hundred_readers_of_one_article_cost_the_api_one_request() {
    let stub = StubApi::start(
        vec![
            ("/site", example("site.json")),
            ("/articles/1024", example("article-1024.json")),
        ],
        Duration::from_millis(150),
    );
    let front = FrontServer::start(&stub.base, Duration::from_secs(5));
    let slug = example("article-1024.json")["slug"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let url = format!("{}{}", front.base, routes::article(1024, &slug));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let statuses: Vec<u16> = rt.block_on(async {
        let client = reqwest::Client::new();
        let tasks: Vec<_> = (0..200)
            .map(|_| {
                let client = client.clone();
                let url = url.clone();
                tokio::spawn(async move {
                    client
                        .get(&url)
                        .send()
                        .await
                        .map_or(0, |r| r.status().as_u16())
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or(0));
        }
        out
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    // One request for the article and one for the site (each at most twice if an entry
    // expired while the 200 requests were being answered).
    let count = stub.count.load(Ordering::SeqCst);
    assert!(count <= 4, "{count} API requests");
    let article_requests = count - 1;
    assert!(article_requests <= 2, "{count} API requests in all");
}

#[test]
fn with_the_api_down_or_slow_the_plain_shell_goes_out() {
    // Nothing listens on the API's address.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}/api/v1", closed.local_addr().expect("addr"));
    drop(closed);
    let front = FrontServer::start(&dead, Duration::from_millis(300));
    let r = front.get("/bai-viet/1024/so-ket", CRAWLERS[0]);
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), INDEX);
    assert_eq!(r.header("cache-control"), Some("no-cache"));

    // An API that takes 30 s: the shell comes after the budget, not after the API.
    let slow = StubApi::start(
        vec![
            ("/site", example("site.json")),
            ("/home", example("home.json")),
        ],
        Duration::from_secs(30),
    );
    let front = FrontServer::start(&slow.base, Duration::from_millis(300));
    let started = Instant::now();
    let r = front.get("/", CRAWLERS[0]);
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), INDEX);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn feeds_and_sitemaps_are_well_formed_and_canonical() {
    let api = TestServer::start(Options::default());
    let front = FrontServer::start(&api.url("/api/v1"), Duration::from_secs(5));
    let site: Site = api.get("/api/v1/site").json();
    let latest: Page<ArticleSummary> = api.get("/api/v1/articles?per_page=50").json();
    let canonical: Vec<String> = latest
        .items
        .iter()
        .map(|a| abs(&routes::article(a.id, &a.slug)))
        .collect();

    let xml = |path: &str, content_type: &str| {
        let r = front.get(path, CRAWLERS[3]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(content_type), "{path}");
        r.text()
    };
    let rss_type = "application/rss+xml; charset=utf-8";
    let text = xml("/rss.xml", rss_type);
    let doc = roxmltree::Document::parse(&text).expect("RSS parses");
    let channel = doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .expect("channel");
    for tag in ["title", "link", "description", "language"] {
        assert!(channel.children().any(|n| n.has_tag_name(tag)), "{tag}");
    }
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), latest.items.len());
    for (item, url) in items.iter().zip(&canonical) {
        let child = |tag: &str| {
            item.children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or_else(|| panic!("item without {tag}"))
                .to_owned()
        };
        assert_eq!(&child("link"), url);
        assert_eq!(&child("guid"), url);
        assert!(child("pubDate").ends_with(" GMT"));
        assert!(!child("title").is_empty());
    }

    let category = &site.categories[0];
    let text = xml(&routes::feed(Some(&category.slug)), rss_type);
    let doc = roxmltree::Document::parse(&text).expect("category RSS parses");
    assert!(doc
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .all(|n| n.text() == Some(category.name.as_str())));
    assert_eq!(front.get("/rss/khong-co.xml", CRAWLERS[3]).status, 404);

    let xml_type = "application/xml; charset=utf-8";
    let text = xml("/sitemap.xml", xml_type);
    let doc = roxmltree::Document::parse(&text).expect("sitemap index parses");
    let maps: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    assert!(maps.contains(&abs("/sitemap-news.xml")), "{maps:?}");
    assert!(maps.contains(&abs("/sitemap-articles-1.xml")), "{maps:?}");
    let locs = |path: &str| -> Vec<String> {
        let text = xml(path, xml_type);
        let doc = roxmltree::Document::parse(&text).expect("sitemap parses");
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect()
    };
    assert_eq!(locs("/sitemap-articles-1.xml"), canonical);
    let pages = locs("/sitemap-pages.xml");
    assert!(pages.contains(&abs("/")));
    assert!(pages.contains(&abs(&routes::category(&category.slug, 1))));

    // Google News: only the last 48 hours, each with its publication and title.
    let text = xml("/sitemap-news.xml", xml_type);
    let doc = roxmltree::Document::parse(&text).expect("news sitemap parses");
    let now = portal_server::timefmt::now_unix();
    let news: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let recent: Vec<&ArticleSummary> = latest
        .items
        .iter()
        .filter(|a| {
            portal::domain::time::parse_rfc3339(&a.published_at)
                .is_some_and(|t| now - t.0 <= 48 * 3600)
        })
        .collect();
    assert!(!recent.is_empty(), "the sample data has recent articles");
    assert_eq!(news.len(), recent.len());
    for (url, a) in news.iter().zip(recent) {
        let text = |tag: &str| {
            url.descendants()
                .find(|n| n.tag_name().name() == tag)
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_owned()
        };
        assert_eq!(text("loc"), abs(&routes::article(a.id, &a.slug)));
        assert_eq!(text("title"), a.title);
        assert_eq!(text("language"), "vi");
        assert_eq!(text("publication_date"), a.published_at);
    }

    let robots = front.get("/robots.txt", CRAWLERS[3]).text();
    assert!(
        robots.contains(&format!("Sitemap: {}", abs("/sitemap.xml"))),
        "{robots}"
    );
}
