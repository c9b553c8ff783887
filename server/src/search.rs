//! Search folding: lowercase, without Vietnamese diacritics, so "dan van" finds "dân vận".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for search: NFD, drop combining marks and control characters, `đ`/`Đ` → `d`,
/// lowercase, and runs of whitespace become one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        // NUL and the other controls mean nothing in a search, and NUL would end the
        // full-text query's string early.
        if c.is_control() {
            continue;
        }
        last_space = false;
        match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of a search query, folded; empty when the query has none.
pub fn query_words(q: &str) -> Vec<String> {
    fold(q)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A `LIKE` pattern matching `word` anywhere, with `\` as the escape character.
pub fn like_pattern(word: &str) -> String {
    let mut p = String::with_capacity(word.len() + 2);
    p.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_diacritics() {
        assert_eq!(fold("Sơ kết công tác dân vận"), "so ket cong tac dan van");
        assert_eq!(fold("DÂN VẬN"), "dan van");
        assert_eq!(fold("Đồng Văn"), "dong van");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("Mèo Vạc, Hoàng Su Phì"), "meo vac, hoang su phi");
        assert_eq!(fold("Quản Bạ ỨNG DỤNG ưu đãi"), "quan ba ung dung uu dai");
    }

    #[test]
    fn folds_decomposed_input_like_composed() {
        let decomposed: String = "dân vận".nfd().collect();
        assert_eq!(fold(&decomposed), fold("dân vận"));
    }

    #[test]
    fn drops_control_characters() {
        assert_eq!(query_words("d\0an\u{1}  v\u{7f}an"), vec!["dan", "van"]);
    }

    #[test]
    fn collapses_whitespace() {
        assert_eq!(fold("  dân \t\n vận  "), "dan van");
        assert_eq!(query_words("  Dân   VẬN "), vec!["dan", "van"]);
        assert!(query_words(" \t ").is_empty());
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("100%"), "%100\\%%");
        assert_eq!(like_pattern("a_b\\c"), "%a\\_b\\\\c%");
    }
}

/// A URL slug from a title: folded, with every run of other characters turned into `-`.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod slug_tests {
    use super::slugify;

    #[test]
    fn slug_of_seed_title() {
        assert_eq!(
            slugify(
                "Sơ kết công tác dân vận, thực hiện Quy chế dân chủ ở cơ sở 6 tháng đầu năm 2022"
            ),
            "so-ket-cong-tac-dan-van-thuc-hien-quy-che-dan-chu-o-co-so-6-thang-dau-nam-2022"
        );
        assert_eq!(slugify("“Chinh phục” – Đồng Văn!"), "chinh-phuc-dong-van");
    }
}
