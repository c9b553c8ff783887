//! Writing a comment: the contract's rules (checked before sending, in Vietnamese, field
//! by field), what the reader's browser keeps (drafts, the send queue, their own comments
//! awaiting review) and what an answer means.

use crate::api::types::{CommentAccepted, NewComment};
use crate::api::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const NAME_MAX: usize = 80;
pub const EMAIL_MAX: usize = 254;
pub const CONTENT_MAX: usize = 2000;
/// How long a reader's own comment is shown as awaiting review.
pub const PENDING_TTL_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;

/// The form's fields, named as the API names them (a 422 uses the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    AuthorName,
    Email,
    Content,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::AuthorName, Field::Email, Field::Content];

    pub fn key(self) -> &'static str {
        match self {
            Field::AuthorName => "author_name",
            Field::Email => "email",
            Field::Content => "content",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

pub type FieldErrors = BTreeMap<Field, String>;

/// What the reader has typed for one article, kept until the server accepts it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub content: String,
    /// Made once, when the comment is first sent; every retry reuses it so the server
    /// stores the comment once.
    #[serde(default)]
    pub client_token: Option<String>,
    /// Sending failed for want of a connection or a working server: it is in the queue.
    #[serde(default)]
    pub queued: bool,
    /// The spam-trap field, sent along as typed (people never see it).
    #[serde(default)]
    pub website: String,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self.author_name.trim().is_empty()
            && self.email.trim().is_empty()
            && self.content.trim().is_empty()
    }

    /// The request body, once the draft has a token.
    pub fn to_new_comment(&self, client_token: &str) -> NewComment {
        NewComment {
            author_name: self.author_name.trim().to_string(),
            email: self.email.trim().to_string(),
            content: normalise_content(&self.content),
            client_token: client_token.to_string(),
        }
    }
}

fn normalise_content(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// Number of characters as the server counts them (after trimming).
pub fn content_length(content: &str) -> usize {
    normalise_content(content).chars().count()
}

/// The server's rules, checked before sending.
pub fn validate(d: &Draft) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match d.author_name.trim().chars().count() {
        0 => {
            errors.insert(Field::AuthorName, "Vui lòng nhập họ tên.".into());
        }
        n if n > NAME_MAX => {
            errors.insert(
                Field::AuthorName,
                format!("Họ tên không được dài quá {NAME_MAX} ký tự."),
            );
        }
        _ => {}
    }
    let email = d.email.trim();
    if email.is_empty() {
        errors.insert(Field::Email, "Vui lòng nhập địa chỉ email.".into());
    } else if email.chars().count() > EMAIL_MAX || !plausible_email(email) {
        errors.insert(
            Field::Email,
            "Địa chỉ email không hợp lệ. Ví dụ: ten@example.com".into(),
        );
    }
    match content_length(&d.content) {
        0 => {
            errors.insert(Field::Content, "Vui lòng nhập nội dung ý kiến.".into());
        }
        n if n > CONTENT_MAX => {
            errors.insert(
                Field::Content,
                format!("Nội dung không được dài quá {CONTENT_MAX} ký tự (hiện có {n})."),
            );
        }
        _ => {}
    }
    errors
}

/// `name@domain.tld`: one `@`, no spaces or separators, a dotted domain with a 2+ letter end.
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
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}

/// What an answer to a comment post means for the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum SendOutcome {
    Accepted(CommentAccepted),
    /// 422: the server's messages, by field; `message` for the whole form.
    Invalid {
        fields: FieldErrors,
        message: String,
    },
    /// 429: wait this many seconds.
    RateLimited(u64),
    /// 403: the article no longer takes comments.
    Closed,
    /// 404: the article is gone.
    Gone,
    /// No answer, a timeout, a server error or a proxy's page: keep it and try again.
    Retry(ApiError),
    /// Any other refusal; shown as it is, not retried.
    Refused(String),
}

pub fn classify(result: Result<CommentAccepted, ApiError>) -> SendOutcome {
    let err = match result {
        Ok(accepted) => return SendOutcome::Accepted(accepted),
        Err(e) => e,
    };
    match &err {
        ApiError::Http { status: 422, body } => {
            let body = body
                .clone()
                .unwrap_or_else(|| crate::api::types::ErrorBody {
                    error: "validation".into(),
                    message: String::new(),
                    fields: BTreeMap::new(),
                    retry_after: None,
                });
            let fields = body
                .fields
                .iter()
                .filter_map(|(k, v)| Field::from_key(k).map(|f| (f, v.clone())))
                .collect();
            let message = if body.message.trim().is_empty() {
                "Vui lòng kiểm tra lại thông tin.".to_string()
            } else {
                body.message.clone()
            };
            SendOutcome::Invalid { fields, message }
        }
        ApiError::Http { status: 429, body } => SendOutcome::RateLimited(
            body.as_ref()
                .and_then(|b| b.retry_after)
                .unwrap_or(60)
                .max(1),
        ),
        ApiError::Http { status: 403, .. } => SendOutcome::Closed,
        ApiError::Http { status: 404, .. } => SendOutcome::Gone,
        ApiError::Http { status, .. } if *status >= 500 || *status == 408 => {
            SendOutcome::Retry(err)
        }
        ApiError::Network(_)
        | ApiError::Timeout
        | ApiError::NotJson { .. }
        | ApiError::Decode { .. } => SendOutcome::Retry(err),
        ApiError::Aborted => SendOutcome::Retry(err),
        ApiError::Http { .. } => SendOutcome::Refused(err.reader_message()),
    }
}

/// A reader's own comment, shown as awaiting review until it is published or a week passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingComment {
    pub client_token: String,
    pub author_name: String,
    pub content: String,
    /// `Date.now()` when the server accepted it.
    pub accepted_ms: f64,
}

/// Drops pending comments that are now published (same author and text in `published`)
/// or older than a week.
pub fn still_pending(
    pending: Vec<PendingComment>,
    published: &[crate::api::types::Comment],
    now_ms: f64,
) -> Vec<PendingComment> {
    pending
        .into_iter()
        .filter(|p| now_ms - p.accepted_ms < PENDING_TTL_MS)
        .filter(|p| {
            !published.iter().any(|c| {
                c.author_name.trim() == p.author_name.trim() && c.content.trim() == p.content.trim()
            })
        })
        .collect()
}

/// Seconds before the next automatic try: 5, 10, 20, 40, then every 60.
pub fn retry_delay_secs(attempt: u32) -> u32 {
    5u32.saturating_mul(1 << attempt.min(4)).min(60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Comment, ErrorBody};

    fn draft(name: &str, email: &str, content: &str) -> Draft {
        Draft {
            author_name: name.into(),
            email: email.into(),
            content: content.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_comment_passes() {
        assert!(validate(&draft("Nguyễn Thị Lan", "lan@example.vn", "Bài viết hay.")).is_empty());
    }

    #[test]
    fn every_wrong_field_gets_a_message() {
        let e = validate(&draft(" ", "lan@", "   "));
        assert_eq!(e.len(), 3);
        assert_eq!(e[&Field::AuthorName], "Vui lòng nhập họ tên.");
        assert!(e[&Field::Email].starts_with("Địa chỉ email không hợp lệ"));
        let e = validate(&draft(&"a".repeat(81), "", &"x".repeat(2001)));
        assert!(e[&Field::AuthorName].contains("80"));
        assert_eq!(e[&Field::Email], "Vui lòng nhập địa chỉ email.");
        assert!(e[&Field::Content].contains("2001"));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let ok = "ệ".repeat(2000);
        assert!(validate(&draft("Lan", "a@b.vn", &ok)).is_empty());
        assert_eq!(content_length("  a\r\nb  "), 3);
    }

    #[test]
    fn emails() {
        for good in ["a@b.vn", "lan.nguyen+bao@hagiang.gov.vn", "x@xn--h-1ga.vn"] {
            assert!(plausible_email(good), "{good}");
        }
        for bad in [
            "", "a", "a@b", "a@b.c", "@b.vn", "a@@b.vn", "a b@c.vn", "a@-b.vn", "a@b..vn",
            "<a@b.vn>",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn answers_are_classified() {
        let accepted = CommentAccepted {
            id: 31,
            status: "pending".into(),
        };
        assert_eq!(
            classify(Ok(accepted.clone())),
            SendOutcome::Accepted(accepted)
        );
        let body = |error: &str, fields: &[(&str, &str)], retry_after| ErrorBody {
            error: error.into(),
            message: "m".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            retry_after,
        };
        let invalid = classify(Err(ApiError::Http {
            status: 422,
            body: Some(body(
                "validation",
                &[("email", "Sai"), ("unknown", "x")],
                None,
            )),
        }));
        let SendOutcome::Invalid { fields, .. } = invalid else {
            panic!()
        };
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[&Field::Email], "Sai");
        assert_eq!(
            classify(Err(ApiError::Http {
                status: 429,
                body: Some(body("rate_limited", &[], Some(42)))
            })),
            SendOutcome::RateLimited(42)
        );
        assert_eq!(
            classify(Err(ApiError::Http {
                status: 429,
                body: None
            })),
            SendOutcome::RateLimited(60)
        );
        assert_eq!(
            classify(Err(ApiError::Http {
                status: 403,
                body: None
            })),
            SendOutcome::Closed
        );
        for retry in [
            ApiError::Network("x".into()),
            ApiError::Timeout,
            ApiError::Http {
                status: 503,
                body: None,
            },
            ApiError::NotJson {
                status: 200,
                content_type: "text/html".into(),
            },
        ] {
            assert!(matches!(classify(Err(retry)), SendOutcome::Retry(_)));
        }
        assert!(matches!(
            classify(Err(ApiError::Http {
                status: 400,
                body: None
            })),
            SendOutcome::Refused(_)
        ));
    }

    #[test]
    fn pending_until_published_or_a_week_old() {
        let p = |t: &str, ms: f64| PendingComment {
            client_token: t.into(),
            author_name: "Lan".into(),
            content: format!("Ý kiến {t}"),
            accepted_ms: ms,
        };
        let published = vec![Comment {
            id: 1,
            author_name: "Lan".into(),
            content: "Ý kiến a".into(),
            created_at: "2026-11-26T10:00:00+07:00".into(),
        }];
        let now = 1_000.0 * 3600.0 * 24.0 * 30.0;
        let left = still_pending(
            vec![p("a", now), p("b", now), p("c", now - PENDING_TTL_MS - 1.0)],
            &published,
            now,
        );
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].client_token, "b");
    }

    #[test]
    fn retries_back_off() {
        assert_eq!(
            (0..7).map(retry_delay_secs).collect::<Vec<_>>(),
            [5, 10, 20, 40, 60, 60, 60]
        );
    }

    #[test]
    fn request_body_is_trimmed() {
        let d = draft(" Lan ", " a@b.vn ", "\r\n xin chào \r\n");
        let c = d.to_new_comment("0123456789abcdef");
        assert_eq!(
            (c.author_name.as_str(), c.email.as_str(), c.content.as_str()),
            ("Lan", "a@b.vn", "xin chào")
        );
    }
}
