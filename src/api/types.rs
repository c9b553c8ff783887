//! Serde types that mirror `CONTRACT.md`. Decoding is liberal (unknown fields are ignored,
//! optional fields may be missing or null); encoding is strict.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub width: u32,
    #[serde(default)]
    pub height: u32,
    #[serde(default)]
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: u64,
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub sapo: String,
    pub published_at: String,
    pub category: Category,
    #[serde(default)]
    pub thumbnail: Option<Image>,
    #[serde(default)]
    pub comment_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub body_html: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub related: Vec<ArticleSummary>,
    #[serde(default = "default_true")]
    pub comments_open: bool,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    pub author_name: String,
    pub content: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default = "first_page")]
    pub page: u32,
    #[serde(default)]
    pub per_page: u32,
    #[serde(default)]
    pub total: u64,
}

fn first_page() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeatherLocation {
    pub slug: String,
    pub name: String,
}

/// Icon names of the contract; anything else decodes as `Unknown` and is shown as no icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Icon {
    Clear,
    PartlyCloudy,
    Cloudy,
    Rain,
    Thunderstorm,
    Fog,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weather {
    pub location: WeatherLocation,
    #[serde(default)]
    pub temperature_c: Option<f64>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub icon: Option<Icon>,
    #[serde(default)]
    pub humidity: Option<i32>,
    #[serde(default)]
    pub observed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub tagline: Option<String>,
    #[serde(default)]
    pub categories: Vec<Category>,
    #[serde(default)]
    pub weather_locations: Vec<WeatherLocation>,
    #[serde(default)]
    pub default_weather_location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeSection {
    pub category: Category,
    #[serde(default)]
    pub items: Vec<ArticleSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Home {
    #[serde(default)]
    pub featured: Vec<ArticleSummary>,
    #[serde(default)]
    pub latest: Vec<ArticleSummary>,
    #[serde(default)]
    pub most_read: Vec<ArticleSummary>,
    #[serde(default)]
    pub sections: Vec<HomeSection>,
}

/// The body of every non-2xx answer. Extra fields appear on some codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default)]
    pub message: String,
    /// With `validation`: field name → message.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
    /// With `rate_limited`: seconds to wait.
    #[serde(default)]
    pub retry_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub author_name: String,
    pub email: String,
    pub content: String,
    pub client_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentAccepted {
    pub id: u64,
    pub status: String,
}
