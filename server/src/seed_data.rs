//! The sample content compiled into the binary (`server/data/`): the site, the seed article
//! from the contract's examples with its comments, and the sample articles.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Article, Comment, Page, Site};

/// `GET /site`, exactly as the contract's example.
pub const SITE_JSON: &str = include_str!("../data/site.json");
/// The seed article as the contract's example `GET /articles/1024` shows it.
pub const SEED_ARTICLE_JSON: &str = include_str!("../data/article-1024.json");
/// The seed article's approved comments, as the contract's example shows them.
pub const SEED_COMMENTS_JSON: &str = include_str!("../data/comments-1024.json");
/// The other sample articles, easy to edit.
pub const ARTICLES_JSON: &str = include_str!("../data/articles.json");

/// How often the seed article has been read, for `most_read`.
pub const SEED_ARTICLE_VIEWS: i64 = 3860;

/// Default size of sample pictures.
pub const IMAGE_WIDTH: u32 = 800;
pub const IMAGE_HEIGHT: u32 = 533;

#[derive(Debug, Clone, Deserialize)]
pub struct SampleImage {
    pub alt: String,
    pub caption: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SampleComment {
    pub author_name: String,
    pub email: String,
    pub content: String,
    pub minutes_after: i64,
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SampleArticle {
    pub id: i64,
    pub slug: String,
    pub category: String,
    pub title: String,
    pub sapo: String,
    #[serde(default)]
    pub published_at: Option<String>,
    #[serde(default)]
    pub hours_ago: Option<f64>,
    /// Minutes after publication when the article was last updated, if it was.
    #[serde(default)]
    pub updated_minutes_after: Option<i64>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub views: i64,
    #[serde(default = "yes")]
    pub comments_open: bool,
    pub image: SampleImage,
    pub body_html: String,
    #[serde(default)]
    pub comments: Vec<SampleComment>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct ArticlesFile {
    articles: Vec<SampleArticle>,
}

pub fn site() -> Result<Site> {
    serde_json::from_str(SITE_JSON).map_err(|e| Error::new(format!("data/site.json: {e}")))
}

pub fn seed_article() -> Result<Article> {
    serde_json::from_str(SEED_ARTICLE_JSON)
        .map_err(|e| Error::new(format!("data/article-1024.json: {e}")))
}

pub fn seed_comments() -> Result<Page<Comment>> {
    serde_json::from_str(SEED_COMMENTS_JSON)
        .map_err(|e| Error::new(format!("data/comments-1024.json: {e}")))
}

pub fn sample_articles() -> Result<Vec<SampleArticle>> {
    let file: ArticlesFile = serde_json::from_str(ARTICLES_JSON)
        .map_err(|e| Error::new(format!("data/articles.json: {e}")))?;
    Ok(file.articles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn data_files_parse() {
        let site = site().unwrap();
        assert_eq!(site.categories.len(), 6);
        assert_eq!(seed_article().unwrap().summary.id, 1024);
        assert_eq!(seed_comments().unwrap().items.len(), 2);
    }

    #[test]
    fn sample_articles_are_complete() {
        let site = site().unwrap();
        let articles = sample_articles().unwrap();
        assert!(articles.len() >= 42, "{}", articles.len());
        let mut per_category: HashMap<&str, usize> = HashMap::new();
        let mut ids = HashSet::new();
        for a in &articles {
            assert!(
                site.category(&a.category).is_some(),
                "{}: unknown category",
                a.id
            );
            assert!(ids.insert(a.id), "{}: duplicate id", a.id);
            assert_ne!(a.id, 1024);
            assert!(
                a.published_at.is_some() != a.hours_ago.is_some(),
                "{}: one date",
                a.id
            );
            if let Some(t) = &a.published_at {
                crate::timefmt::parse_rfc3339(t).unwrap();
            }
            assert!((1..=3).contains(&a.tags.len()), "{}: tags", a.id);
            assert!(a.body_html.contains("<!--figure-->"), "{}: figure", a.id);
            assert!(
                a.body_html.matches("<p>").count() >= 3,
                "{}: paragraphs",
                a.id
            );
            assert_eq!(a.slug, crate::search::slugify(&a.title), "{}: slug", a.id);
            for c in &a.comments {
                assert!(c.status == "approved" || c.status == "pending");
            }
            *per_category.entry(a.category.as_str()).or_default() += 1;
        }
        for c in &site.categories {
            assert!(
                per_category.get(c.slug.as_str()).copied().unwrap_or(0) >= 6,
                "{}",
                c.slug
            );
        }
        assert!(articles.iter().any(|a| !a.comments_open));
        assert!(articles.iter().filter(|a| a.featured).count() >= 3);
        assert!(articles
            .iter()
            .any(|a| a.comments.iter().any(|c| c.status == "pending")));
    }

    #[test]
    fn no_news_in_the_seed_category_is_older_than_the_seed() {
        // `related` lists older articles of the same category, and the contract's example
        // shows the seed article with no related articles.
        let seed = crate::timefmt::parse_rfc3339("2022-07-01T15:15:00+07:00").unwrap();
        for a in sample_articles().unwrap() {
            if a.category == "thoi-su" {
                if let Some(t) = &a.published_at {
                    assert!(crate::timefmt::parse_rfc3339(t).unwrap() > seed, "{}", a.id);
                }
            }
        }
    }
}
