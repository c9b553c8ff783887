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
#[serde(from = "ArticleFields")]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub updated_at: Option<String>,
    pub author: Option<String>,
    pub body_html: String,
    pub tags: Vec<String>,
    pub related: Vec<ArticleSummary>,
    pub comments_open: bool,
    /// Video or audio that belongs to the article (missing on older servers).
    pub media: Vec<Media>,
}

/// An article as the API sends it: one flat object. Decoded field by field rather than with
/// `#[serde(flatten)]`, which buffers the whole object first and so compiles a second decoder
/// for every type inside it (issue #15: the main wasm's size).
#[derive(Deserialize)]
struct ArticleFields {
    id: u64,
    slug: String,
    title: String,
    #[serde(default)]
    sapo: String,
    published_at: String,
    category: Category,
    #[serde(default)]
    thumbnail: Option<Image>,
    #[serde(default)]
    comment_count: u32,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    body_html: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    related: Vec<ArticleSummary>,
    #[serde(default = "default_true")]
    comments_open: bool,
    #[serde(default)]
    media: Vec<Media>,
}

impl From<ArticleFields> for Article {
    fn from(f: ArticleFields) -> Self {
        Article {
            summary: ArticleSummary {
                id: f.id,
                slug: f.slug,
                title: f.title,
                sapo: f.sapo,
                published_at: f.published_at,
                category: f.category,
                thumbnail: f.thumbnail,
                comment_count: f.comment_count,
            },
            updated_at: f.updated_at,
            author: f.author,
            body_html: f.body_html,
            tags: f.tags,
            related: f.related,
            comments_open: f.comments_open,
            media: f.media,
        }
    }
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

/// One way to play a media item: a URL and its MIME type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub url: String,
    #[serde(rename = "type", default)]
    pub mime: String,
}

/// A WebVTT captions track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captions {
    pub url: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    /// In order of preference.
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub poster: Option<Image>,
    /// A hint (null for live streams): the media itself is right when the two differ.
    #[serde(default)]
    pub duration_s: Option<f64>,
    #[serde(default)]
    pub captions: Vec<Captions>,
}

/// A programme series; `language` is a BCP 47 tag ("vi", "hmn", "tyz", "ium", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub language: String,
}

/// One entry of a channel's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: String,
    pub ends_at: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub show: Option<Show>,
    /// The programme to watch or hear again, if any.
    #[serde(default)]
    pub programme_id: Option<u64>,
}

/// Television or radio; anything else decodes as `Unknown` (shown with neither menu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Tv,
    Radio,
    #[serde(other)]
    Unknown,
}

/// Of `GET /channels`, only what the header's menu needs (serde skips the other fields):
/// the app decodes the list on every page, and the full `Channel` would bring its decoders,
/// and those of its slots and media, into the main wasm (issue #15).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct ChannelEntry {
    pub kind: ChannelKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    pub slug: String,
    pub name: String,
    pub kind: ChannelKind,
    #[serde(default)]
    pub logo: Option<Image>,
    #[serde(default)]
    pub on_air: bool,
    /// Null while off air.
    #[serde(default)]
    pub stream: Option<Media>,
    #[serde(default)]
    pub now: Option<Slot>,
    #[serde(default)]
    pub next: Option<Slot>,
}

/// `GET /channels/{slug}/schedule`: one Vietnam calendar day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub channel: String,
    pub date: String,
    #[serde(default)]
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: u64,
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub published_at: String,
    pub show: Show,
    pub media: Media,
    #[serde(default)]
    pub thumbnail: Option<Image>,
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

#[cfg(test)]
pub(crate) mod tests {
    //! Every example answer of the contract decodes into these types.
    use super::*;
    use serde::de::DeserializeOwned;
    use std::path::PathBuf;

    fn examples_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/api/examples")
    }

    /// An example answer of the contract, decoded (also used by other modules' tests).
    pub(crate) fn decode<T: DeserializeOwned>(name: &str) -> T {
        let path = examples_dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (shared/ must sit beside the repository)",
                path.display()
            )
        });
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn all_examples_decode() {
        let site: Site = decode("site.json");
        assert_eq!(site.categories.len(), 6);
        assert_eq!(site.default_weather_location.as_deref(), Some("ha-giang"));
        let home: Home = decode("home.json");
        assert_eq!(home.featured[0].id, 1024);
        let page: Page<ArticleSummary> = decode("articles-page-1.json");
        assert_eq!((page.page, page.per_page, page.total), (1, 20, 1));
        let article: Article = decode("article-1024.json");
        assert_eq!(article.summary.published_at, "2022-07-01T15:15:00+07:00");
        assert_eq!(article.author.as_deref(), Some("Văn Bính- Hải Hà"));
        assert_eq!(article.body_html.matches("<figure>").count(), 4);
        assert!(article.comments_open);
        let comments: Page<Comment> = decode("comments-1024.json");
        assert_eq!(comments.items.len(), 2);
        let weather: Weather = decode("weather-ha-giang.json");
        assert_eq!(weather.temperature_c, Some(24.5));
        assert_eq!(weather.icon, Some(Icon::Cloudy));
        let none: Weather = decode("weather-no-observation.json");
        assert_eq!((none.temperature_c, none.icon), (None, None));
        let e404: ErrorBody = decode("error-404.json");
        assert_eq!(e404.error, "not_found");
        let accepted: CommentAccepted = decode("post-comment-202.json");
        assert_eq!(accepted.status, "pending");
        let e422: ErrorBody = decode("post-comment-422.json");
        assert!(e422.fields.contains_key("email"));
        let e429: ErrorBody = decode("post-comment-429.json");
        assert_eq!(e429.retry_after, Some(60));
        assert!(article.media.is_empty());

        let channels: Vec<Channel> = decode("channels.json");
        assert_eq!(channels.len(), 2);
        assert_eq!(channels[0].kind, ChannelKind::Tv);
        let entries: Vec<ChannelEntry> = decode("channels.json");
        let kinds: Vec<_> = entries.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChannelKind::Tv, ChannelKind::Radio]);
        let stream = channels[0].stream.as_ref().map(|m| &m.sources[0]);
        assert_eq!(
            stream.map(|s| s.mime.as_str()),
            Some("application/vnd.apple.mpegurl")
        );
        assert_eq!(channels[1].kind, ChannelKind::Radio);
        assert_eq!(
            channels[0].next.as_ref().and_then(|s| s.show.as_ref()),
            Some(&Show {
                slug: "tieng-mong".into(),
                name: "Chương trình tiếng Mông".into(),
                language: "hmn".into()
            })
        );
        let off: Vec<Channel> = decode("channels-off-air.json");
        assert!(!off[1].on_air && off[1].stream.is_none() && off[1].now.is_none());
        let schedule: Schedule = decode("schedule-hgtv.json");
        assert_eq!(
            (schedule.channel.as_str(), schedule.slots.len()),
            ("hgtv", 9)
        );
        assert_eq!(schedule.slots[1].programme_id, Some(2198));
        let programmes: Page<Programme> = decode("programmes-page-1.json");
        assert_eq!(programmes.items[0].media.kind, MediaKind::Audio);
        assert_eq!(programmes.items[0].media.sources.len(), 2);
        let programme: Programme = decode("programme-2201.json");
        assert_eq!(programme.media.duration_s, Some(1520.0));
        assert_eq!(programme.media.captions[0].lang, "vi");
        assert_eq!(programme.media.poster.as_ref().map(|p| p.width), Some(1280));
    }

    #[test]
    fn articles_decode_from_one_flat_object() {
        let article: Article = decode("article-1024.json");
        let text = serde_json::to_string(&article).unwrap_or_default();
        assert!(text.starts_with("{\"id\":1024,"), "{text}");
        assert_eq!(serde_json::from_str::<Article>(&text).ok(), Some(article));
        // Only the summary's required fields: every other one takes its default.
        let least = r#"{"id":7,"slug":"a","title":"T","published_at":"2022-07-01T15:15:00+07:00",
            "category":{"slug":"thoi-su","name":"Thời sự"},"extra":1}"#;
        let article: Article = serde_json::from_str(least).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((article.summary.id, article.summary.sapo.as_str()), (7, ""));
        assert!(article.comments_open && article.related.is_empty() && article.author.is_none());
        assert!(serde_json::from_str::<Article>(r#"{"id":7,"slug":"a"}"#).is_err());
    }

    #[test]
    fn every_example_file_is_covered() {
        let mut names: Vec<String> = std::fs::read_dir(examples_dir())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        assert_eq!(
            names.len(),
            16,
            "a new example appeared: decode it above: {names:?}"
        );
    }

    #[test]
    fn liberal_in_what_is_accepted() {
        // Unknown fields, missing optional fields, unknown icons.
        let w: Weather = serde_json::from_str(
            r#"{"location":{"slug":"x","name":"X","extra":1},"icon":"tornado","wind":"5"}"#,
        )
        .unwrap();
        assert_eq!(w.icon, Some(Icon::Unknown));
        assert_eq!(w.temperature_c, None);
        let a: ArticleSummary = serde_json::from_str(
            r#"{"id":1,"slug":"s","title":"T","published_at":"2022-07-01T15:15:00Z","category":{"slug":"c","name":"C"},"thumbnail":null,"new_field":[1,2]}"#,
        )
        .unwrap();
        assert_eq!((a.sapo.as_str(), a.comment_count), ("", 0));
    }
}
