//! The contract's types as the server writes them (see `CONTRACT.md`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeatherLocation {
    pub slug: String,
    pub name: String,
}

/// `GET /site`, read from `data/site.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub name: String,
    pub short_name: String,
    pub tagline: Option<String>,
    pub categories: Vec<Category>,
    pub weather_locations: Vec<WeatherLocation>,
    pub default_weather_location: String,
}

impl Site {
    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    pub fn weather_location(&self, slug: &str) -> Option<&WeatherLocation> {
        self.weather_locations.iter().find(|l| l.slug == slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub sapo: String,
    pub published_at: String,
    pub category: Category,
    pub thumbnail: Option<Image>,
    pub comment_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub updated_at: Option<String>,
    pub author: Option<String>,
    pub body_html: String,
    pub tags: Vec<String>,
    pub related: Vec<ArticleSummary>,
    pub comments_open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub author_name: String,
    pub content: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSection {
    pub category: Category,
    pub items: Vec<ArticleSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    pub featured: Vec<ArticleSummary>,
    pub latest: Vec<ArticleSummary>,
    pub most_read: Vec<ArticleSummary>,
    pub sections: Vec<HomeSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weather {
    pub location: WeatherLocation,
    pub temperature_c: Option<f64>,
    pub condition: Option<String>,
    pub icon: Option<String>,
    pub humidity: Option<i64>,
    pub observed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentAccepted {
    pub id: i64,
    pub status: String,
}

/// A comment waiting for an editor, as the moderation commands list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingComment {
    pub id: i64,
    pub article_id: i64,
    pub author_name: String,
    pub email: String,
    pub content: String,
    pub created_at: String,
}
