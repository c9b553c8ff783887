//! Posting comments: normalising and validating what a reader sent, and the per-address
//! rate limit.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

pub const NAME_MAX: usize = 80;
pub const EMAIL_MAX: usize = 254;
pub const CONTENT_MAX: usize = 2000;
pub const TOKEN_MIN: usize = 16;
pub const TOKEN_MAX: usize = 64;

/// The body of `POST /articles/{id}/comments`. Missing or null fields are reported by
/// validation; fields of the wrong type make the body malformed.
#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub client_token: Option<String>,
    /// Spam trap: people never fill it in (the app hides it).
    #[serde(default)]
    pub website: Option<String>,
}

impl CommentForm {
    /// True when the hidden spam-trap field was filled in.
    pub fn is_spam(&self) -> bool {
        self.website
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    }
}

/// A comment that passed validation: NFC, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidComment {
    pub author_name: String,
    pub email: String,
    pub content: String,
    pub client_token: String,
}

/// NFC, line ends as `\n`, control characters other than `\n` and `\t` removed, trimmed.
pub fn clean_text(text: &str, keep_newlines: bool) -> String {
    let text = text.replace("\r\n", "\n");
    let cleaned: String = text
        .nfc()
        .map(|c| {
            if c == '\r' || (!keep_newlines && (c == '\n' || c == '\t')) {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    cleaned.trim().to_owned()
}

/// A plausible e-mail address: one `@`, a local part, a domain with a dot, no spaces.
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.chars().count() > 64 || domain.contains('@') {
        return false;
    }
    if email
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"'))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    labels.iter().all(label_ok) && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}

/// Checks every field; on error, a Vietnamese message for each wrong field.
pub fn validate(form: &CommentForm) -> Result<ValidComment, BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let name = clean_text(form.author_name.as_deref().unwrap_or(""), false);
    match name.chars().count() {
        0 => errors.insert("author_name".into(), "Vui lòng nhập họ tên.".into()),
        n if n > NAME_MAX => errors.insert(
            "author_name".into(),
            format!("Họ tên không được dài quá {NAME_MAX} ký tự."),
        ),
        _ => None,
    };
    let email = clean_text(form.email.as_deref().unwrap_or(""), false);
    if email.is_empty() {
        errors.insert("email".into(), "Vui lòng nhập địa chỉ email.".into());
    } else if email.chars().count() > EMAIL_MAX || !plausible_email(&email) {
        errors.insert("email".into(), "Địa chỉ email không hợp lệ.".into());
    }
    let content = clean_text(form.content.as_deref().unwrap_or(""), true);
    match content.chars().count() {
        0 => errors.insert("content".into(), "Vui lòng nhập nội dung bình luận.".into()),
        n if n > CONTENT_MAX => errors.insert(
            "content".into(),
            format!("Nội dung bình luận không được dài quá {CONTENT_MAX} ký tự."),
        ),
        _ => None,
    };
    let token = form.client_token.clone().unwrap_or_default();
    let token_len = token.chars().count();
    if !(TOKEN_MIN..=TOKEN_MAX).contains(&token_len)
        || token.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        errors.insert(
            "client_token".into(),
            "Mã gửi bình luận không hợp lệ, vui lòng tải lại trang.".into(),
        );
    }
    if errors.is_empty() {
        Ok(ValidComment {
            author_name: name,
            email,
            content,
            client_token: token,
        })
    } else {
        Err(errors)
    }
}

/// How many comments one address may post per window.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// Addresses tracked before old entries are swept.
const SWEEP_ABOVE: usize = 10_000;

impl RateLimiter {
    /// `limit` 0 turns the limit off.
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// IPv6 clients are counted per /64 network (one subscriber), IPv4 per address.
    pub fn key(ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let s = v6.segments();
                    IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
                }
            },
            v4 => v4,
        }
    }

    /// Counts one post from `ip` if allowed; otherwise the seconds to wait.
    pub fn try_acquire(&self, ip: IpAddr) -> Result<(), u64> {
        self.try_acquire_at(ip, Instant::now())
    }

    pub fn try_acquire_at(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > SWEEP_ABOVE {
            let window = self.window;
            hits.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < window)
            });
        }
        let queue = hits.entry(Self::key(ip)).or_default();
        while queue
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.window)
        {
            queue.pop_front();
        }
        if queue.len() < self.limit as usize {
            queue.push_back(now);
            return Ok(());
        }
        let oldest = queue.front().copied().unwrap_or(now);
        let wait = self
            .window
            .saturating_sub(now.saturating_duration_since(oldest));
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Err(secs.max(1))
    }

    /// Gives back the last post counted for `ip` (it turned out to be a repeat).
    pub fn refund(&self, ip: IpAddr) {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(q) = hits.get_mut(&Self::key(ip)) {
            q.pop_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, content: &str, token: &str) -> CommentForm {
        CommentForm {
            author_name: Some(name.into()),
            email: Some(email.into()),
            content: Some(content.into()),
            client_token: Some(token.into()),
            website: None,
        }
    }

    const TOKEN: &str = "0123456789abcdef";

    #[test]
    fn valid_comment_is_normalised_and_trimmed() {
        let decomposed: String = "Nguyễn Thị Lan".nfd().collect();
        let v = validate(&form(
            &format!("  {decomposed} "),
            " lan@example.vn ",
            "\r\n Hay quá!\r\nCảm ơn. ",
            TOKEN,
        ))
        .unwrap();
        assert_eq!(v.author_name, "Nguyễn Thị Lan");
        assert_eq!(v.email, "lan@example.vn");
        assert_eq!(v.content, "Hay quá!\nCảm ơn.");
    }

    #[test]
    fn every_wrong_field_is_named() {
        let errors = validate(&CommentForm::default()).unwrap_err();
        let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(keys, ["author_name", "client_token", "content", "email"]);
        let errors = validate(&form(&"a".repeat(81), "x@y", "   ", "short")).unwrap_err();
        assert_eq!(errors.len(), 4);
        assert_eq!(errors["email"], "Địa chỉ email không hợp lệ.");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let name = "Đ".repeat(80);
        let content = "ệ".repeat(2000);
        assert!(validate(&form(&name, "a@b.vn", &content, TOKEN)).is_ok());
        let errors = validate(&form(
            &"Đ".repeat(81),
            "a@b.vn",
            &"ệ".repeat(2001),
            &"t".repeat(65),
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 3);
        assert!(validate(&form("A", "a@b.vn", "x", &"t".repeat(64))).is_ok());
        assert!(validate(&form("A", "a@b.vn", "x", &"t".repeat(15))).is_err());
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.vn",
            "nguyen.van.a+tin@bao-hagiang.vn",
            "user@mail.example.com",
            "tên@ví-dụ.việtnam",
        ] {
            assert!(plausible_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@", "@b.vn", "a@b", "a@@b.vn", "a b@c.vn", "a@b..vn", "a@-b.vn", "a@b.v",
            "<a@b.vn>",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
        let long = format!("{}@{}.vn", "a".repeat(64), "b".repeat(200));
        assert!(validate(&form("A", &long, "x", TOKEN)).is_err());
    }

    #[test]
    fn spam_trap() {
        let mut f = form("A", "a@b.vn", "x", TOKEN);
        assert!(!f.is_spam());
        f.website = Some(" ".into());
        assert!(!f.is_spam());
        f.website = Some("http://spam.example".into());
        assert!(f.is_spam());
    }

    #[test]
    fn rate_limit_per_address_and_window() {
        let rl = RateLimiter::new(2, Duration::from_secs(600));
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        assert!(rl.try_acquire_at(a, t0).is_ok());
        assert!(rl.try_acquire_at(a, t0 + Duration::from_secs(10)).is_ok());
        assert_eq!(
            rl.try_acquire_at(a, t0 + Duration::from_secs(100)),
            Err(500)
        );
        assert!(rl.try_acquire_at(b, t0 + Duration::from_secs(100)).is_ok());
        assert!(rl.try_acquire_at(a, t0 + Duration::from_secs(600)).is_ok());
        rl.refund(a);
        assert!(rl.try_acquire_at(a, t0 + Duration::from_secs(601)).is_ok());
        assert!(rl.try_acquire_at(a, t0 + Duration::from_secs(602)).is_err());
    }

    #[test]
    fn rate_limit_off_and_ipv6_networks() {
        let off = RateLimiter::new(0, Duration::from_secs(1));
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..100 {
            assert!(off.try_acquire(ip).is_ok());
        }
        let rl = RateLimiter::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(rl
            .try_acquire_at("2001:db8::1".parse().unwrap(), t0)
            .is_ok());
        assert!(rl
            .try_acquire_at("2001:db8::2".parse().unwrap(), t0)
            .is_err());
        assert!(rl
            .try_acquire_at("2001:db8:0:1::1".parse().unwrap(), t0)
            .is_ok());
        assert_eq!(RateLimiter::key("::ffff:10.0.0.1".parse().unwrap()), ip);
    }
}
