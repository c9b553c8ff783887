//! Page numbers for lists.

/// Number of pages for `total` items, at least 1.
pub fn page_count(total: u64, per_page: u32) -> u32 {
    if per_page == 0 {
        return 1;
    }
    let pages = total.div_ceil(u64::from(per_page)).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// One slot of a pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagerItem {
    Page(u32),
    Gap,
}

/// First, last, and the pages around the current one, with gaps between:
/// `1 … 4 5 [6] 7 8 … 20`.
pub fn pager(current: u32, pages: u32) -> Vec<PagerItem> {
    let current = current.clamp(1, pages.max(1));
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages.max(1) {
        let near = p.abs_diff(current) <= 2;
        if p == 1 || p == pages || near {
            if last != 0 && p > last + 1 {
                out.push(PagerItem::Gap);
            }
            out.push(PagerItem::Page(p));
            last = p;
        }
    }
    out
}

/// Reads a page number from the URL; anything unreadable or below 1 is page 1.
pub fn parse_page(raw: Option<&str>) -> u32 {
    raw.and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PagerItem::{Gap, Page};

    #[test]
    fn counts_pages() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(20_043, 20), 1003);
        assert_eq!(page_count(5, 0), 1);
    }

    #[test]
    fn pager_windows() {
        assert_eq!(pager(1, 1), vec![Page(1)]);
        assert_eq!(pager(1, 3), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(
            pager(6, 20),
            vec![
                Page(1),
                Gap,
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Page(8),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(pager(99, 4), vec![Page(1), Page(2), Page(3), Page(4)]);
    }

    #[test]
    fn page_from_url() {
        assert_eq!(parse_page(None), 1);
        assert_eq!(parse_page(Some("3")), 3);
        assert_eq!(parse_page(Some("0")), 1);
        assert_eq!(parse_page(Some("-2")), 1);
        assert_eq!(parse_page(Some("abc")), 1);
    }
}
