//! RSS 2.0 feeds (the site's and one per category), the sitemaps (an index, the site's pages,
//! the articles a page of the API at a time, and a Google News sitemap of the last 48 hours),
//! and `robots.txt`. All URLs are canonical and absolute.

use portal::api::types::{ArticleSummary, Site};
use portal::domain::time::parse_rfc3339;
use portal::routes;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

use super::page::{site_name, Origin};
use crate::html::escape;

/// Articles per feed and per article sitemap (the contract's largest page).
pub const PER_PAGE: u32 = 50;
/// How far back the Google News sitemap goes, and how many articles it may hold.
pub const NEWS_WINDOW_S: i64 = 48 * 3600;
pub const NEWS_MAX: usize = 1000;

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// An RSS 2.0 channel of `items` (newest first); `category` names a category's feed.
pub fn rss(
    site: &Site,
    category: Option<(&str, &str)>,
    items: &[ArticleSummary],
    origin: &Origin,
) -> String {
    let (title, link, self_link) = match category {
        Some((slug, name)) => (
            format!("{name} - {}", site.name),
            routes::category(slug, 1),
            routes::feed(Some(slug)),
        ),
        None => (site.name.clone(), routes::home(), routes::feed(None)),
    };
    let description = site.tagline.clone().unwrap_or_else(|| site.name.clone());
    let mut out = format!(
        "{XML}<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>{}</title><link>{}</link><description>{}</description><language>vi</language><atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&title),
        escape(&origin.url(&link)),
        escape(&description),
        escape(&origin.url(&self_link)),
    );
    if let Some(newest) = items.first().and_then(|a| rfc2822(&a.published_at)) {
        out.push_str(&format!("<lastBuildDate>{newest}</lastBuildDate>"));
    }
    for a in items {
        let url = escape(&origin.url(&routes::article(a.id, &a.slug)));
        out.push_str(&format!(
            "<item><title>{}</title><link>{url}</link><guid isPermaLink=\"true\">{url}</guid><description>{}</description><category>{}</category>",
            escape(&a.title),
            escape(&a.sapo),
            escape(&a.category.name),
        ));
        if let Some(date) = rfc2822(&a.published_at) {
            out.push_str(&format!("<pubDate>{date}</pubDate>"));
        }
        out.push_str("</item>");
    }
    out.push_str("</channel></rss>\n");
    out
}

/// RSS dates: `Fri, 01 Jul 2022 08:15:00 GMT`.
fn rfc2822(api_time: &str) -> Option<String> {
    // Not time's `Rfc2822`, which writes `+0000` for GMT.
    const FORMAT: &[BorrowedFormatItem<'_>] = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let utc = OffsetDateTime::from_unix_timestamp(parse_rfc3339(api_time)?.0).ok()?;
    utc.format(FORMAT).ok()
}

/// The sitemap index: the site's pages, the news of the last 48 hours, and the articles in
/// `article_pages` sitemaps of [`PER_PAGE`] each.
pub fn sitemap_index(article_pages: u64, origin: &Origin) -> String {
    let mut out = format!(
        "{XML}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{}</loc></sitemap><sitemap><loc>{}</loc></sitemap>",
        escape(&origin.url("/sitemap-pages.xml")),
        escape(&origin.url("/sitemap-news.xml")),
    );
    for page in 1..=article_pages {
        out.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>",
            escape(&origin.url(&article_sitemap(page)))
        ));
    }
    out.push_str("</sitemapindex>\n");
    out
}

pub fn article_sitemap(page: u64) -> String {
    format!("/sitemap-articles-{page}.xml")
}

/// The page number of `/sitemap-articles-N.xml`.
pub fn parse_article_sitemap(path: &str) -> Option<u32> {
    let n = path
        .strip_prefix("/sitemap-articles-")?
        .strip_suffix(".xml")?;
    n.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| n.parse().ok())
        .flatten()
        .filter(|n| *n >= 1)
}

/// The home page, the categories and the broadcast menus.
pub fn pages_sitemap(site: &Site, broadcast: bool, origin: &Origin) -> String {
    let mut paths = vec![routes::home()];
    paths.extend(site.categories.iter().map(|c| routes::category(&c.slug, 1)));
    if broadcast {
        use portal::api::types::ChannelKind;
        paths.push(routes::channels(ChannelKind::Tv));
        paths.push(routes::channels(ChannelKind::Radio));
        paths.push(routes::programmes(&Default::default(), 1));
    }
    let mut out = format!("{XML}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for path in paths {
        out.push_str(&format!(
            "<url><loc>{}</loc><changefreq>hourly</changefreq></url>",
            escape(&origin.url(&path))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// Articles with their publication time as `lastmod`.
pub fn articles_sitemap(items: &[ArticleSummary], origin: &Origin) -> String {
    let mut out = format!("{XML}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for a in items {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
            escape(&origin.url(&routes::article(a.id, &a.slug))),
            escape(a.published_at.trim())
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// Whether `a` is recent enough for the Google News sitemap at `now` (Unix seconds).
pub fn is_news(a: &ArticleSummary, now: i64) -> bool {
    parse_rfc3339(&a.published_at).is_some_and(|t| now - t.0 <= NEWS_WINDOW_S)
}

/// The Google News sitemap of `items` (those of the last 48 hours).
pub fn news_sitemap(site: &Site, items: &[ArticleSummary], origin: &Origin) -> String {
    let mut out = format!(
        "{XML}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
    );
    for a in items.iter().take(NEWS_MAX) {
        out.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>vi</news:language></news:publication><news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>",
            escape(&origin.url(&routes::article(a.id, &a.slug))),
            escape(site_name(site)),
            escape(a.published_at.trim()),
            escape(&a.title),
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// Everything is open to crawlers but the reader's own pages, the kiosk and the API.
pub fn robots(origin: &Origin) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: {}\nDisallow: /kiosk\nDisallow: /tim-kiem\nDisallow: /api/\n\nSitemap: {}\n",
        routes::saved(),
        origin.url("/sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() {
        assert_eq!(
            rfc2822("2022-07-01T15:15:00+07:00").as_deref(),
            Some("Fri, 01 Jul 2022 08:15:00 GMT")
        );
        assert_eq!(rfc2822("hôm qua"), None);
        assert_eq!(parse_article_sitemap("/sitemap-articles-12.xml"), Some(12));
        assert_eq!(parse_article_sitemap("/sitemap-articles-0.xml"), None);
        assert_eq!(parse_article_sitemap("/sitemap-articles-+1.xml"), None);
    }
}
