//! A category's description in the browser, where the lower-casing is JavaScript's.
#![cfg(target_arch = "wasm32")]

use portal::pages::category::{meta, META_CASES};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn vietnamese_names_are_lower_cased() {
    for &(name, page, title, description) in META_CASES {
        assert_eq!(
            meta(name, page),
            (title.to_string(), description.to_string())
        );
    }
}
