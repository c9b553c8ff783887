//! A category's description in the browser, where the lower-casing is JavaScript's.
#![cfg(target_arch = "wasm32")]

use portal::pages::category::meta;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn vietnamese_names_are_lower_cased() {
    assert_eq!(
        meta("Đảng - Đoàn thể", 2),
        (
            "Đảng - Đoàn thể - Trang 2".to_string(),
            "Tin tức đảng - đoàn thể mới nhất".to_string()
        )
    );
    assert_eq!(meta("THỜI SỰ", 1).1, "Tin tức thời sự mới nhất");
}
