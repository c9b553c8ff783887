//! What the front server writes into `index.html` for one page: the `<head>` that link
//! previews and search engines read (title, description, canonical URL, Open Graph, Twitter,
//! JSON-LD), and the first screen as plain HTML, with the classes the app uses. Every text
//! from the API is escaped; `body_html` is not sent (the app sanitizes and shows it).

use portal::api::types::{
    Article, ArticleSummary, Category, Channel, ChannelKind, Home, Image, MediaKind, Page,
    Programme, Site,
};
use portal::components::page_meta;
use portal::domain::excerpt;
use portal::domain::time::{display_time, parse_rfc3339};
use portal::pages::not_found;
use portal::routes;
use serde_json::{json, Value};

use crate::html::escape;

/// Where the page is published: the public origin (`https://hagiangtv.vn`), for absolute
/// URLs in previews, feeds and sitemaps.
#[derive(Debug, Clone)]
pub struct Origin(pub String);

impl Origin {
    /// `path` (root-relative) or an absolute URL, made absolute.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') && !path.starts_with("//") {
            format!("{}{path}", self.0)
        } else {
            path.to_owned()
        }
    }
}

/// One page's head and first screen.
#[derive(Debug, Default)]
pub struct Head {
    /// The page's own title (the site name is added): `None` on the home page.
    pub title: Option<String>,
    pub description: String,
    /// Root-relative canonical URL; `None` for pages that are not for search engines.
    pub canonical: Option<String>,
    pub og_type: &'static str,
    pub image: Option<Image>,
    /// `article:*` tags: published, modified, section, tags.
    pub article: Option<(String, Option<String>, String, Vec<String>)>,
    pub json_ld: Vec<Value>,
    /// The category feed to link besides the site's.
    pub feed: Option<Category>,
    pub noindex: bool,
}

/// The `<title>` and description, as the app sets them for the page.
pub fn document_meta(site: &Site, head: &Head) -> (String, String) {
    page_meta::document_meta(
        Some(site),
        head.title.as_deref().unwrap_or(""),
        &head.description,
    )
}

/// The short name where the site has one, as the app's titles use.
pub fn site_name(site: &Site) -> &str {
    if site.short_name.trim().is_empty() {
        &site.name
    } else {
        &site.short_name
    }
}

/// The tags that go before `</head>` (the title and description are set in place).
pub fn head_tags(site: &Site, head: &Head, origin: &Origin) -> String {
    let mut out = String::new();
    let mut meta = |attr: &str, key: &str, value: &str| {
        out.push_str(&format!(
            "<meta {attr}=\"{key}\" content=\"{}\">",
            escape(value)
        ));
    };
    let title = head.title.clone().unwrap_or_else(|| site.name.clone());
    let (_, description) = document_meta(site, head);
    meta("name", "description", &description);
    if head.noindex {
        meta("name", "robots", "noindex");
    }
    meta("property", "og:type", head.og_type);
    meta("property", "og:title", &title);
    meta("property", "og:description", &description);
    meta("property", "og:site_name", &site.name);
    meta("property", "og:locale", "vi_VN");
    if let Some(canonical) = &head.canonical {
        meta("property", "og:url", &origin.url(canonical));
    }
    if let Some(image) = &head.image {
        meta("property", "og:image", &origin.url(&image.url));
        if image.width > 0 && image.height > 0 {
            meta("property", "og:image:width", &image.width.to_string());
            meta("property", "og:image:height", &image.height.to_string());
        }
        meta("property", "og:image:alt", &image.alt);
    }
    if let Some((published, modified, section, tags)) = &head.article {
        meta("property", "article:published_time", published);
        if let Some(modified) = modified {
            meta("property", "article:modified_time", modified);
        }
        meta("property", "article:section", section);
        for tag in tags {
            meta("property", "article:tag", tag);
        }
    }
    meta(
        "name",
        "twitter:card",
        if head.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    );
    meta("name", "twitter:title", &title);
    meta("name", "twitter:description", &description);
    if let Some(canonical) = &head.canonical {
        out.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape(&origin.url(canonical))
        ));
    }
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{}\" href=\"{}\">",
        escape(&site.name),
        escape(&routes::feed(None))
    ));
    if let Some(category) = &head.feed {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{} - {}\" href=\"{}\">",
            escape(&category.name),
            escape(&site.name),
            escape(&routes::feed(Some(&category.slug)))
        ));
    }
    for ld in &head.json_ld {
        out.push_str("<script type=\"application/ld+json\">");
        out.push_str(&script_json(ld));
        out.push_str("</script>");
    }
    out
}

/// JSON for inside a `<script>` element: `<` is written `\u003c`, so no text can close it.
pub fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

fn publisher(site: &Site, origin: &Origin) -> Value {
    json!({
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": origin.url("/"),
        "logo": { "@type": "ImageObject", "url": origin.url("/icon-512.png"), "width": 512, "height": 512 },
    })
}

fn breadcrumbs(site: &Site, origin: &Origin, trail: &[(&str, String)]) -> Value {
    let mut items = vec![json!({
        "@type": "ListItem", "position": 1, "name": site.name, "item": origin.url(&routes::home()),
    })];
    for (i, (name, path)) in trail.iter().enumerate() {
        items.push(json!({
            "@type": "ListItem", "position": i + 2, "name": name, "item": origin.url(path),
        }));
    }
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items })
}

/// The home page: site name, search action, lead stories.
pub fn home(site: &Site, home: &Home, origin: &Origin) -> (Head, String) {
    let head = Head {
        canonical: Some(routes::home()),
        og_type: "website",
        image: home.featured.first().and_then(|a| a.thumbnail.clone()),
        json_ld: vec![json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.name,
            "alternateName": site.short_name,
            "url": origin.url("/"),
            "inLanguage": "vi",
            "publisher": publisher(site, origin),
            "potentialAction": {
                "@type": "SearchAction",
                "target": { "@type": "EntryPoint", "urlTemplate": format!("{}?{}={{search_term_string}}", origin.url("/tim-kiem"), routes::SEARCH_KEY) },
                "query-input": "required name=search_term_string",
            },
        })],
        ..Head::default()
    };
    let mut body = format!(
        "<h1 class=\"visually-hidden\">{}</h1><section class=\"featured\" aria-label=\"Tin nổi bật\">",
        escape(&site.name)
    );
    for (i, item) in home.featured.iter().enumerate() {
        body.push_str(&card(item, i == 0));
    }
    body.push_str("</section>");
    (head, body)
}

/// A list of articles: a category or search results.
pub fn list(
    site: &Site,
    (title, description): (String, String),
    heading: &str,
    items: &Page<ArticleSummary>,
    canonical: Option<String>,
    category: Option<&Category>,
    origin: &Origin,
) -> (Head, String) {
    let mut json_ld = Vec::new();
    if let (Some(category), Some(path)) = (category, &canonical) {
        json_ld.push(breadcrumbs(site, origin, &[(&category.name, path.clone())]));
    }
    let head = Head {
        title: Some(title),
        description,
        noindex: canonical.is_none(),
        canonical,
        og_type: "website",
        feed: category.cloned(),
        json_ld,
        ..Head::default()
    };
    let mut body = format!("<h1 class=\"page-title\">{}</h1>", escape(heading));
    if items.items.is_empty() {
        body.push_str("<p class=\"empty\">Chưa có bài viết nào.</p>");
    } else {
        body.push_str("<div class=\"list\">");
        for item in &items.items {
            body.push_str(&card(item, false));
        }
        body.push_str("</div>");
    }
    (head, body)
}

/// An article: its head with `NewsArticle`, and category, headline, time, lead, photo and byline.
pub fn article(site: &Site, a: &Article, origin: &Origin) -> (Head, String) {
    let s = &a.summary;
    let path = routes::article(s.id, &s.slug);
    let modified = a
        .updated_at
        .clone()
        .filter(|u| parse_rfc3339(u) > parse_rfc3339(&s.published_at));
    let author = a.author.clone().filter(|n| !n.trim().is_empty());
    let mut news = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": excerpt(&s.title, 110),
        "description": s.sapo,
        "datePublished": s.published_at,
        "dateModified": modified.clone().unwrap_or_else(|| s.published_at.clone()),
        "articleSection": s.category.name,
        "keywords": a.tags,
        "inLanguage": "vi",
        "mainEntityOfPage": origin.url(&path),
        "publisher": publisher(site, origin),
        "author": match &author {
            Some(name) => json!({ "@type": "Person", "name": name }),
            None => json!({ "@type": "Organization", "name": site.name, "url": origin.url("/") }),
        },
    });
    if let Some(image) = &s.thumbnail {
        news["image"] = json!([{
            "@type": "ImageObject", "url": origin.url(&image.url),
            "width": image.width, "height": image.height,
        }]);
    }
    let head = Head {
        title: Some(s.title.clone()),
        description: s.sapo.clone(),
        canonical: Some(path.clone()),
        og_type: "article",
        image: s.thumbnail.clone(),
        article: Some((
            s.published_at.clone(),
            modified.clone(),
            s.category.name.clone(),
            a.tags.clone(),
        )),
        json_ld: vec![
            news,
            breadcrumbs(
                site,
                origin,
                &[
                    (&s.category.name, routes::category(&s.category.slug, 1)),
                    (&s.title, path),
                ],
            ),
        ],
        feed: Some(s.category.clone()),
        noindex: false,
    };
    let mut body = format!(
        "<article class=\"article\"><p class=\"article-category\"><a href=\"{}\">{}</a></p><h1 class=\"article-title\">{}</h1><p class=\"meta article-meta\">{}",
        escape(&routes::category(&s.category.slug, 1)),
        escape(&s.category.name),
        escape(&s.title),
        time(&s.published_at),
    );
    if let Some(updated) = &modified {
        body.push_str(&format!(
            "<span class=\"updated\"> · Cập nhật {}</span>",
            escape(&display_time(updated))
        ));
    }
    body.push_str(&format!("</p><p class=\"sapo\">{}</p>", escape(&s.sapo)));
    if let Some(image) = &s.thumbnail {
        body.push_str("<figure class=\"first-photo\">");
        body.push_str(&img(image, true));
        if let Some(caption) = image.caption.as_deref().filter(|c| !c.trim().is_empty()) {
            body.push_str(&format!("<figcaption>{}</figcaption>", escape(caption)));
        }
        body.push_str("</figure>");
    }
    if let Some(name) = &author {
        body.push_str(&format!("<p class=\"byline\">{}</p>", escape(name)));
    }
    body.push_str("</article>");
    (head, body)
}

/// A broadcast menu, or one channel with what is on now.
pub fn channels(
    site: &Site,
    list: &[Channel],
    c: &Channel,
    canonical: String,
    origin: &Origin,
) -> (Head, String) {
    let menu = if c.kind == ChannelKind::Radio {
        portal::domain::broadcast::RADIO_MENU
    } else {
        portal::domain::broadcast::TV_MENU
    };
    let (title, description) = portal::pages::channel::meta(&c.name);
    let json_ld = vec![
        breadcrumbs(site, origin, &[(menu, routes::channels(c.kind))]),
        json!({
            "@context": "https://schema.org",
            "@type": if c.kind == ChannelKind::Radio { "RadioChannel" } else { "TelevisionChannel" },
            "name": c.name,
            "broadcastChannelId": c.slug,
            "inBroadcastLineup": { "@type": "BroadcastService", "name": site.name, "broadcaster": publisher(site, origin) },
        }),
    ];
    let head = Head {
        title: Some(title.clone()),
        description,
        canonical: Some(canonical),
        og_type: "website",
        image: c.logo.clone(),
        json_ld,
        ..Head::default()
    };
    let mut body = format!(
        "<h1 class=\"page-title\">{}</h1><ul class=\"channel-list\">",
        escape(&title)
    );
    for other in list.iter().filter(|other| other.kind == c.kind) {
        let now = other
            .now
            .as_ref()
            .map(|slot| format!(" — {}", escape(&slot.title)))
            .unwrap_or_default();
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a>{now}</li>",
            escape(&routes::channel(other.kind, &other.slug, None)),
            escape(&other.name)
        ));
    }
    body.push_str("</ul>");
    (head, body)
}

/// The programmes to watch or hear again.
pub fn programmes(items: &Page<Programme>, page: u32) -> (Head, String) {
    use portal::pages::programmes::{meta, HEADING};
    let (title, description) = meta(page);
    let head = Head {
        title: Some(title),
        description,
        canonical: Some(routes::programmes(&Default::default(), page)),
        og_type: "website",
        ..Head::default()
    };
    let mut body = format!("<h1 class=\"page-title\">{HEADING}</h1><ul class=\"programme-list\">");
    for p in &items.items {
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"meta\">{} · {}</span></li>",
            escape(&routes::programme(p.id, &p.slug)),
            escape(&p.title),
            escape(&p.show.name),
            time(&p.published_at)
        ));
    }
    body.push_str("</ul>");
    (head, body)
}

/// One programme: a video or audio object.
pub fn programme(site: &Site, p: &Programme, origin: &Origin) -> (Head, String) {
    let path = routes::programme(p.id, &p.slug);
    let description = p.description.clone().unwrap_or_default();
    let mut object = json!({
        "@context": "https://schema.org",
        "@type": if p.media.kind == MediaKind::Audio { "AudioObject" } else { "VideoObject" },
        "name": p.title,
        "description": if description.is_empty() { p.title.clone() } else { description.clone() },
        "uploadDate": p.published_at,
        "inLanguage": p.show.language,
        "publisher": publisher(site, origin),
    });
    if let Some(thumb) = p.thumbnail.as_ref().or(p.media.poster.as_ref()) {
        object["thumbnailUrl"] = json!(origin.url(&thumb.url));
    }
    if let Some(seconds) = p.media.duration_s.filter(|d| *d > 0.0) {
        object["duration"] = json!(format!("PT{}S", seconds.round() as u64));
    }
    let head = Head {
        title: Some(p.title.clone()),
        description: description.clone(),
        canonical: Some(path.clone()),
        og_type: if p.media.kind == MediaKind::Audio {
            "music.song"
        } else {
            "video.episode"
        },
        image: p.thumbnail.clone().or(p.media.poster.clone()),
        json_ld: vec![
            object,
            breadcrumbs(
                site,
                origin,
                &[
                    (
                        portal::pages::programmes::HEADING,
                        routes::programmes(&Default::default(), 1),
                    ),
                    (&p.title, path),
                ],
            ),
        ],
        ..Head::default()
    };
    let mut body = format!(
        "<article class=\"programme\"><p class=\"article-category\">{}</p><h1 class=\"article-title\">{}</h1><p class=\"meta\">{}</p>",
        escape(&p.show.name),
        escape(&p.title),
        time(&p.published_at)
    );
    if let Some(image) = p.thumbnail.as_ref().or(p.media.poster.as_ref()) {
        body.push_str(&img(image, true));
    }
    if !description.is_empty() {
        body.push_str(&format!("<p class=\"sapo\">{}</p>", escape(&description)));
    }
    body.push_str("</article>");
    (head, body)
}

/// A page with no data of its own (saved articles, kiosk): the app draws it.
pub fn plain((title, description): (String, String)) -> (Head, String) {
    let head = Head {
        title: Some(title),
        description,
        og_type: "website",
        noindex: true,
        ..Head::default()
    };
    (head, String::new())
}

/// The not-found page.
pub fn not_found() -> (Head, String) {
    let head = Head {
        title: Some(not_found::TITLE.to_owned()),
        og_type: "website",
        noindex: true,
        ..Head::default()
    };
    let body = format!(
        "<section class=\"not-found\"><h1>{}</h1><p>{}</p><p><a class=\"button\" href=\"{}\">Về trang chủ</a></p></section>",
        not_found::TITLE,
        not_found::TEXT,
        routes::home()
    );
    (head, body)
}

fn time(api_time: &str) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(api_time.trim()),
        escape(&display_time(api_time))
    )
}

/// Only http(s) and root-relative pictures are shown, as in the app.
fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://")
        || lower.starts_with("http://")
        || (url.starts_with('/') && !url.starts_with("//")))
    .then_some(url)
}

fn img(image: &Image, first: bool) -> String {
    let Some(src) = safe_url(&image.url) else {
        return String::new();
    };
    let (w, h) = if image.width > 0 && image.height > 0 {
        (image.width, image.height)
    } else {
        (3, 2)
    };
    // `elementtiming`: the app keeps this first screen until the browser reports the photo
    // painted (src/app.rs, `remove_boot_shell`).
    let priority = if first {
        " fetchpriority=\"high\" elementtiming=\"first-photo\""
    } else {
        " loading=\"lazy\""
    };
    format!(
        "<img src=\"{}\" alt=\"{}\" width=\"{w}\" height=\"{h}\"{priority}>",
        escape(src),
        escape(&image.alt)
    )
}

fn card(item: &ArticleSummary, lead: bool) -> String {
    let href = escape(&routes::article(item.id, &item.slug));
    let thumb = match (&item.thumbnail, lead) {
        (Some(image), true) => format!(
            "<a href=\"{href}\" class=\"card-thumb\" tabindex=\"-1\" aria-hidden=\"true\">{}</a>",
            img(image, true)
        ),
        _ => String::new(),
    };
    let class = if lead { "card card-lead" } else { "card" };
    let tag = if lead { "h2" } else { "h3" };
    format!(
        "<article class=\"{class}\">{thumb}<div class=\"card-text\"><{tag} class=\"card-title\"><a href=\"{href}\">{}</a></{tag}><p class=\"meta\">{}</p><p class=\"card-sapo\">{}</p></div></article>",
        escape(&item.title),
        time(&item.published_at),
        escape(&item.sapo)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        serde_json::from_str(include_str!("../../../../shared/api/examples/site.json"))
            .expect("example site")
    }

    #[test]
    fn article_head_and_first_screen_are_escaped() {
        let mut a: Article = serde_json::from_str(include_str!(
            "../../../../shared/api/examples/article-1024.json"
        ))
        .expect("example article");
        a.summary.title = "<script>alert(1)</script> \"x\"".into();
        let origin = Origin("https://tv.example.vn".into());
        let (head, body) = article(&site(), &a, &origin);
        let tags = head_tags(&site(), &head, &origin);
        assert!(!tags.contains("<script>alert"), "{tags}");
        assert!(tags.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;"));
        assert!(
            tags.contains("\\u003cscript>alert(1)\\u003c/script>"),
            "{tags}"
        );
        assert!(body.contains("<h1 class=\"article-title\">&lt;script&gt;"));
        assert!(body.contains("15:15, 01/07/2022"), "{body}");
        assert!(tags.contains(&format!(
            "<link rel=\"canonical\" href=\"https://tv.example.vn/bai-viet/1024/{}\">",
            a.summary.slug
        )));
    }

    #[test]
    fn pictures_only_over_http() {
        let image = |url: &str| Image {
            url: url.into(),
            alt: "a".into(),
            width: 4,
            height: 3,
            caption: None,
        };
        assert_eq!(img(&image("javascript:alert(1)"), true), "");
        assert_eq!(img(&image("//evil.example/x.jpg"), true), "");
        assert!(img(&image("/media/a.jpg"), true)
            .contains("fetchpriority=\"high\" elementtiming=\"first-photo\""));
    }
}
