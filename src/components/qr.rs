//! QR codes made in the app (no outside service): one SVG `<path>` of dark modules.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code that scanners need (the standard asks for four).
pub const QUIET_ZONE: i32 = 4;

/// The code of `text`: its size in modules and an SVG path of its dark modules, one
/// rectangle per horizontal run. `None` if the text is too long for any QR code.
pub fn qr_path(text: &str) -> Option<(i32, String)> {
    // Medium error correction: still readable with a smudge or a glare on the screen.
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!("M{start} {y}h{run}v1h-{run}z"));
        }
    }
    Some((size, d))
}

/// A QR code of `text` with its quiet zone, on a white square; the size comes from CSS.
#[component]
pub fn QrCodeSvg(text: String, label: &'static str) -> impl IntoView {
    let (size, d) = qr_path(&text)?;
    let full = size + 2 * QUIET_ZONE;
    let view_box = format!("{} {} {full} {full}", -QUIET_ZONE, -QUIET_ZONE);
    Some(view! {
        <svg
            class="qr"
            viewBox=view_box
            role="img"
            aria-label=label
            data-url=text
            shape-rendering="crispEdges"
        >
            <path d=d fill="#000"/>
        </svg>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules drawn by a path of `M x y h n v1 h-n z` runs.
    fn modules(size: i32, d: &str) -> Vec<Vec<bool>> {
        let mut grid = vec![vec![false; size as usize]; size as usize];
        for run in d.split('z').filter(|r| !r.is_empty()) {
            let rest = run.strip_prefix('M').expect("move");
            let (xy, rest) = rest.split_once('h').expect("h");
            let (x, y) = xy.split_once(' ').expect("x y");
            let n = rest.split_once('v').expect("v").0;
            let (x, y, n): (usize, usize, usize) = (
                x.parse().expect("x"),
                y.parse().expect("y"),
                n.parse().expect("n"),
            );
            for cell in &mut grid[y][x..x + n] {
                *cell = true;
            }
        }
        grid
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let text = "https://hagiangtv.vn/bai-viet/1024/so-ket-cong-tac-dan-van-thuc-hien-quy-che-dan-chu-o-co-so-6-thang-dau-nam-2022";
        let (size, d) = qr_path(text).expect("fits");
        let qr = QrCode::encode_text(text, QrCodeEcc::Medium).expect("fits");
        assert_eq!(size, qr.size());
        assert_eq!((size - 17) % 4, 0, "a QR size is 17 + 4 × version");
        let grid = modules(size, &d);
        for y in 0..size {
            for x in 0..size {
                assert_eq!(
                    grid[y as usize][x as usize],
                    qr.get_module(x, y),
                    "({x},{y})"
                );
            }
        }
    }

    #[test]
    fn finder_patterns_sit_in_three_corners() {
        let (size, d) = qr_path("https://example.vn/bai-viet/7").expect("fits");
        let g = modules(size, &d);
        let s = size as usize;
        for (ox, oy) in [(0, 0), (s - 7, 0), (0, s - 7)] {
            // Dark outer ring, light ring, dark 3×3 centre.
            for i in 0..7 {
                assert!(g[oy][ox + i] && g[oy + 6][ox + i] && g[oy + i][ox] && g[oy + i][ox + 6]);
            }
            assert!(!g[oy + 1][ox + 1] && !g[oy + 1][ox + 5]);
            assert!(g[oy + 3][ox + 3] && g[oy + 2][ox + 4]);
        }
    }

    #[test]
    fn too_long_for_a_qr_code() {
        assert_eq!(qr_path(&"x".repeat(5000)), None);
    }
}
