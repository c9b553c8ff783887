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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub updated_at: Option<String>,
    pub author: Option<String>,
    pub body_html: String,
    pub tags: Vec<String>,
    pub related: Vec<ArticleSummary>,
    pub comments_open: bool,
    /// Video or audio of the article; left out when there is none, as older servers do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
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

/// A file of a [`Media`], by MIME type (a list of sources is in order of preference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub url: String,
    #[serde(rename = "type")]
    pub mime: String,
}

/// A WebVTT captions track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captions {
    pub url: String,
    pub lang: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Video,
    Audio,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "video" => Some(MediaKind::Video),
            "audio" => Some(MediaKind::Audio),
            _ => None,
        }
    }
}

/// A video or audio, live (`duration_s` null) or on demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    pub sources: Vec<Source>,
    pub poster: Option<Image>,
    pub duration_s: Option<f64>,
    pub captions: Vec<Captions>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    pub slug: String,
    pub name: String,
    /// BCP 47: "vi", "hmn" (tiếng Mông), "tyz" (tiếng Tày), "ium" (tiếng Dao).
    pub language: String,
}

/// A slot of a channel's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: String,
    pub ends_at: String,
    pub title: String,
    pub description: Option<String>,
    pub show: Option<Show>,
    /// The programme to watch or hear again, once the slot is over.
    pub programme_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Tv,
    Radio,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Tv => "tv",
            ChannelKind::Radio => "radio",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    pub slug: String,
    pub name: String,
    pub kind: ChannelKind,
    pub logo: Option<Image>,
    pub on_air: bool,
    pub stream: Option<Media>,
    pub now: Option<Slot>,
    pub next: Option<Slot>,
}

/// `GET /channels/{slug}/schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub channel: String,
    pub date: String,
    pub slots: Vec<Slot>,
}

/// A programme to watch or hear again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub published_at: String,
    pub show: Show,
    pub media: Media,
    pub thumbnail: Option<Image>,
}
