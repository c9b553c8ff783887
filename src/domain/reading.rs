//! The reader's comfort settings and the tools around an article: text size, theme,
//! read-aloud voice choice and share links. Plain decisions, tested natively.

use crate::url::encode;

/// Text sizes offered, in percent of the browser's default; index 1 is the default.
pub const TEXT_SIZES: [u32; 5] = [90, 100, 115, 130, 150];
pub const DEFAULT_TEXT_SIZE: usize = 1;

/// The stored step, if it is one of ours.
pub fn parse_text_size(stored: Option<&str>) -> usize {
    stored
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|i| *i < TEXT_SIZES.len())
        .unwrap_or(DEFAULT_TEXT_SIZE)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follows the system's light or dark setting.
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Theo hệ thống",
            Theme::Light => "Sáng",
            Theme::Dark => "Tối",
        }
    }

    pub fn parse(stored: Option<&str>) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| Some(t.key()) == stored)
            .unwrap_or(Theme::System)
    }
}

/// Picks a Vietnamese voice from `(lang, name)` pairs: `vi-VN` first, then any `vi`.
pub fn pick_vietnamese_voice<'a>(
    voices: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<usize> {
    let voices: Vec<(String, &str)> = voices
        .into_iter()
        .map(|(lang, name)| (lang.replace('_', "-").to_ascii_lowercase(), name))
        .collect();
    voices
        .iter()
        .position(|(lang, _)| lang == "vi-vn")
        .or_else(|| {
            voices
                .iter()
                .position(|(lang, _)| lang == "vi" || lang.starts_with("vi-"))
        })
}

/// Share links for browsers without the Web Share API.
pub fn facebook_share(url: &str) -> String {
    format!(
        "https://www.facebook.com/sharer/sharer.php?u={}",
        encode(url)
    )
}

pub fn zalo_share(url: &str) -> String {
    format!("https://sp.zalo.me/share_to_zalo?url={}", encode(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes() {
        assert!(TEXT_SIZES.len() >= 4);
        assert_eq!(parse_text_size(None), 1);
        assert_eq!(parse_text_size(Some("3")), 3);
        assert_eq!(parse_text_size(Some("9")), 1);
        assert_eq!(parse_text_size(Some("lớn")), 1);
    }

    #[test]
    fn themes() {
        assert_eq!(Theme::parse(Some("dark")), Theme::Dark);
        assert_eq!(Theme::parse(Some("x")), Theme::System);
        assert_eq!(Theme::parse(None), Theme::System);
    }

    #[test]
    fn vietnamese_voice_preferred() {
        let voices = [("en-US", "Samantha"), ("vi", "Linh"), ("vi-VN", "An")];
        assert_eq!(pick_vietnamese_voice(voices), Some(2));
        assert_eq!(
            pick_vietnamese_voice([("en-US", "x"), ("vi_VN", "y")]),
            Some(1)
        );
        assert_eq!(
            pick_vietnamese_voice([("en-US", "x"), ("fr-FR", "y")]),
            None
        );
    }

    #[test]
    fn share_links_are_encoded() {
        let u = "https://hgtv.vn/bai-viet/1024/so-ket?x=1&y=2";
        assert_eq!(facebook_share(u), "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fhgtv.vn%2Fbai-viet%2F1024%2Fso-ket%3Fx%3D1%26y%3D2");
        assert!(zalo_share(u)
            .ends_with("url=https%3A%2F%2Fhgtv.vn%2Fbai-viet%2F1024%2Fso-ket%3Fx%3D1%26y%3D2"));
    }
}
