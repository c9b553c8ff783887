//! Everything that can go wrong with a request, kept precise enough to tell the reader
//! what happened and to let code decide (retry, not-found page, field errors).

use super::types::ErrorBody;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an answer: no connection, DNS, refused, CORS.
    Network(String),
    /// No complete answer within the time limit.
    Timeout,
    /// Cancelled because the reader moved on; never shown.
    Aborted,
    /// A non-2xx answer; `body` when it carried the contract's error JSON.
    Http {
        status: u16,
        body: Option<ErrorBody>,
    },
    /// Something answered, but not with JSON (a proxy's HTML error page, an empty body).
    NotJson { status: u16, content_type: String },
    /// JSON that does not match the contract.
    Decode { status: u16, detail: String },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. }
            | ApiError::NotJson { status, .. }
            | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// The contract's error code, when the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Http { body: Some(b), .. } => Some(b.error.as_str()),
            _ => None,
        }
    }

    /// A clear Vietnamese sentence for the reader.
    pub fn reader_message(&self) -> String {
        match self {
            ApiError::Network(_) => {
                "Không kết nối được tới máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.".into()
            }
            ApiError::Timeout => "Máy chủ phản hồi quá lâu. Vui lòng thử lại.".into(),
            ApiError::Aborted => "Yêu cầu đã bị hủy.".into(),
            ApiError::Http { status: 404, .. } => "Không tìm thấy nội dung bạn yêu cầu.".into(),
            ApiError::Http { status: 429, body } => match body.as_ref().and_then(|b| b.retry_after)
            {
                Some(secs) => format!(
                    "Bạn thao tác quá nhanh. Vui lòng thử lại sau {}.",
                    wait_text(secs)
                ),
                None => "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.".into(),
            },
            ApiError::Http { status, .. } if *status >= 500 => {
                format!("Máy chủ đang gặp sự cố (mã lỗi {status}). Vui lòng thử lại sau ít phút.")
            }
            ApiError::Http { status, body } => match body {
                Some(b) if !b.message.trim().is_empty() => b.message.trim().to_string(),
                _ => format!("Yêu cầu không được chấp nhận (mã lỗi {status})."),
            },
            ApiError::NotJson { status, .. } => format!(
                "Máy chủ trả về dữ liệu không đúng định dạng (mã {status}). Vui lòng thử lại sau."
            ),
            ApiError::Decode { .. } => {
                "Dữ liệu nhận được bị lỗi hoặc không đầy đủ. Vui lòng thử lại.".into()
            }
        }
    }
}

/// `45 giây`, `2 phút`, `1 giờ 5 phút`.
pub fn wait_text(secs: u64) -> String {
    match secs {
        0..=59 => format!("{} giây", secs.max(1)),
        60..=3599 => format!("{} phút", secs.div_ceil(60)),
        _ => {
            let m = secs.div_ceil(60);
            match m % 60 {
                0 => format!("{} giờ", m / 60),
                rest => format!("{} giờ {} phút", m / 60, rest),
            }
        }
    }
}

/// Turns an answer (status, content type, body text) into the expected type or an error.
/// Lenient where the contract asks for it: the content type is not required to be exact,
/// but the body must be the JSON the contract describes.
pub fn decode_answer<T: serde::de::DeserializeOwned>(
    status: u16,
    content_type: &str,
    body: &str,
) -> Result<T, ApiError> {
    let json = json_of_answer(status, content_type, body)?;
    crate::json::from_str(json).map_err(|detail| ApiError::Decode { status, detail })
}

/// The JSON text of a successful answer, or what is wrong with the answer. Kept apart from the
/// generic `decode_answer` so that the wasm has one copy of it, not one per answer type.
fn json_of_answer<'a>(status: u16, content_type: &str, body: &'a str) -> Result<&'a str, ApiError> {
    let trimmed = body.trim_start();
    let looks_like_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if !(200..300).contains(&status) {
        let body = if looks_like_json {
            crate::json::from_str::<ErrorBody>(trimmed).ok()
        } else {
            None
        };
        return Err(ApiError::Http { status, body });
    }
    if !looks_like_json {
        return Err(ApiError::NotJson {
            status,
            content_type: content_type.to_string(),
        });
    }
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{Article, Site};

    const JSON: &str = "application/json; charset=utf-8";

    #[test]
    fn decodes_a_good_answer() {
        let site: Site = decode_answer(200, JSON, r#"{"name":"Đài","categories":[]}"#).unwrap();
        assert_eq!(site.name, "Đài");
    }

    #[test]
    fn html_error_page_with_200_is_not_json() {
        let err =
            decode_answer::<Site>(200, "text/html", "<!doctype html><h1>502</h1>").unwrap_err();
        assert!(matches!(err, ApiError::NotJson { status: 200, .. }));
        assert!(err.reader_message().contains("không đúng định dạng"));
    }

    #[test]
    fn empty_and_truncated_bodies() {
        assert!(matches!(
            decode_answer::<Site>(200, JSON, "").unwrap_err(),
            ApiError::NotJson { .. }
        ));
        assert!(matches!(
            decode_answer::<Site>(200, JSON, r#"{"name":"Đà"#).unwrap_err(),
            ApiError::Decode { .. }
        ));
        assert!(matches!(
            decode_answer::<Article>(200, JSON, r#"{"id":"x"}"#).unwrap_err(),
            ApiError::Decode { .. }
        ));
    }

    #[test]
    fn contract_errors_keep_code_and_fields() {
        let body = r#"{"error":"validation","message":"Vui lòng kiểm tra lại thông tin.","fields":{"email":"Địa chỉ email không hợp lệ."}}"#;
        let err = decode_answer::<Site>(422, JSON, body).unwrap_err();
        assert_eq!(err.code(), Some("validation"));
        let ApiError::Http { body: Some(b), .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(b.fields["email"], "Địa chỉ email không hợp lệ.");
        assert_eq!(err.reader_message(), "Vui lòng kiểm tra lại thông tin.");
    }

    #[test]
    fn statuses_without_json_still_classify() {
        let err = decode_answer::<Site>(404, "text/html", "<h1>Not Found</h1>").unwrap_err();
        assert!(err.is_not_found());
        let err = decode_answer::<Site>(503, "", "").unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert!(err.reader_message().contains("503"));
    }

    #[test]
    fn rate_limit_says_how_long() {
        let err = decode_answer::<Site>(
            429,
            JSON,
            r#"{"error":"rate_limited","message":"x","retry_after":60}"#,
        )
        .unwrap_err();
        assert!(
            err.reader_message().contains("1 phút"),
            "{}",
            err.reader_message()
        );
    }

    #[test]
    fn wait_texts() {
        assert_eq!(wait_text(0), "1 giây");
        assert_eq!(wait_text(45), "45 giây");
        assert_eq!(wait_text(61), "2 phút");
        assert_eq!(wait_text(3600), "1 giờ");
        assert_eq!(wait_text(3900), "1 giờ 5 phút");
    }

    #[test]
    fn every_message_is_vietnamese_and_non_empty() {
        for e in [
            ApiError::Network("TypeError".into()),
            ApiError::Timeout,
            ApiError::Http {
                status: 500,
                body: None,
            },
            ApiError::Http {
                status: 400,
                body: None,
            },
            ApiError::NotJson {
                status: 200,
                content_type: "text/html".into(),
            },
            ApiError::Decode {
                status: 200,
                detail: "eof".into(),
            },
        ] {
            let m = e.reader_message();
            assert!(m.len() > 10 && m.ends_with('.'), "{m}");
        }
    }
}
