//! Query and path parameters, with the contract's errors for bad values.

use std::collections::HashMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};

use super::ApiError;

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 50;

pub type QueryMap = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The query's parameters, or 400 for an unreadable query string.
pub fn query(q: QueryMap) -> Result<HashMap<String, String>, ApiError> {
    q.map(|Query(m)| m)
        .map_err(|_| ApiError::bad_request("Tham số truy vấn không hợp lệ."))
}

/// A positive whole number parameter: absent or empty → `default`; anything else that is not
/// a number from 1 up → 400.
pub fn positive(
    params: &HashMap<String, String>,
    name: &str,
    default: u32,
) -> Result<u32, ApiError> {
    match params.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0 && v.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| ApiError::bad_request(format!("Tham số {name} không hợp lệ."))),
    }
}

/// `page` and `per_page` (clamped to 50).
pub fn paging(params: &HashMap<String, String>) -> Result<(u32, u32), ApiError> {
    let page = positive(params, "page", 1)?;
    let per_page = positive(params, "per_page", DEFAULT_PER_PAGE)?.min(MAX_PER_PAGE);
    Ok((page, per_page))
}

/// An article id from the path; anything that is not a positive number is an unknown article.
pub fn article_id(path: Result<Path<String>, PathRejection>) -> Result<i64, ApiError> {
    positive_id(path).ok_or_else(ApiError::article_not_found)
}

/// A positive whole number from the path (an id), if it is one.
pub fn positive_id(path: Result<Path<String>, PathRejection>) -> Option<i64> {
    let Ok(Path(raw)) = path else {
        return None;
    };
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn paging_defaults_and_clamps() {
        assert_eq!(paging(&map(&[])).unwrap(), (1, 20));
        assert_eq!(
            paging(&map(&[("page", "3"), ("per_page", "500")])).unwrap(),
            (3, 50)
        );
        assert_eq!(
            paging(&map(&[("page", ""), ("per_page", " 7 ")])).unwrap(),
            (1, 7)
        );
    }

    #[test]
    fn paging_rejects_bad_numbers() {
        for bad in ["0", "-1", "abc", "1.5", "+2", "99999999999"] {
            assert_eq!(
                paging(&map(&[("page", bad)])).unwrap_err().code,
                "bad_request",
                "{bad}"
            );
            assert_eq!(
                paging(&map(&[("per_page", bad)])).unwrap_err().code,
                "bad_request",
                "{bad}"
            );
        }
    }

    #[test]
    fn article_ids() {
        assert_eq!(article_id(Ok(Path("1024".into()))).unwrap(), 1024);
        for bad in ["", "abc", "-5", "0", "10x", "+5", "99999999999999999999"] {
            assert_eq!(
                article_id(Ok(Path(bad.into()))).unwrap_err().code,
                "not_found",
                "{bad}"
            );
        }
    }
}
