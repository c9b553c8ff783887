//! Generated sample pictures: a sky gradient over layers of mountain ridges, with colours and
//! shapes derived from the image path, encoded as real JPEG files of the declared size.

use jpeg_encoder::{ColorType, Encoder};

/// 64-bit FNV-1a hash, the seed of every picture.
pub fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A small deterministic random source (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in `[lo, hi)`.
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        lo + (hi - lo) * unit
    }
}

type Rgb = [f32; 3];

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// Colour from hue (degrees), saturation and lightness (0–1).
fn hsl(h: f32, s: f32, l: f32) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h.rem_euclid(360.0) / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [(r + m) * 255.0, (g + m) * 255.0, (b + m) * 255.0]
}

struct Ridge {
    base: f32,
    waves: [(f32, f32, f32); 4],
    colour: Rgb,
}

/// The RGB pixels (row by row) of the picture for `seed`.
pub fn render(seed: &str, width: u16, height: u16) -> Vec<u8> {
    let (w, h) = (usize::from(width), usize::from(height));
    let mut rng = Rng(hash(seed));
    let hue = rng.range(0.0, 360.0);
    // Skies from blue to violet above, warm light at the horizon.
    let sky_top = hsl(
        rng.range(195.0, 265.0),
        rng.range(0.35, 0.6),
        rng.range(0.25, 0.45),
    );
    let horizon = hsl(
        rng.range(10.0, 55.0),
        rng.range(0.5, 0.8),
        rng.range(0.7, 0.85),
    );
    let sun_x = rng.range(0.15, 0.85) * w as f32;
    let sun_y = rng.range(0.2, 0.45) * h as f32;
    let sun_r = rng.range(0.04, 0.08) * h.max(w) as f32;
    let sun = hsl(hue + 40.0, 0.9, 0.92);
    let land = hsl(hue + rng.range(80.0, 150.0), rng.range(0.3, 0.5), 0.16);
    let layers = 4;
    let ridges: Vec<Ridge> = (0..layers)
        .map(|i| {
            let depth = i as f32 / (layers - 1) as f32; // 0 = farthest, 1 = nearest
            let base = h as f32 * (0.42 + 0.14 * i as f32);
            let mut waves = [(0.0, 0.0, 0.0); 4];
            for (k, wave) in waves.iter_mut().enumerate() {
                let freq =
                    (k as f32 + 1.0) * rng.range(1.5, 3.0) * std::f32::consts::TAU / w as f32;
                let amp = h as f32 * rng.range(0.02, 0.09) / (k as f32 + 1.0);
                *wave = (freq, amp, rng.range(0.0, std::f32::consts::TAU));
            }
            Ridge {
                base,
                waves,
                colour: mix(horizon, land, 0.35 + 0.65 * depth),
            }
        })
        .collect();

    let mut heights = vec![0f32; w * layers];
    for x in 0..w {
        for (i, r) in ridges.iter().enumerate() {
            let mut y = r.base;
            for (freq, amp, phase) in r.waves {
                y -= amp * (freq * x as f32 + phase).sin();
            }
            heights[x * layers + i] = y;
        }
    }

    let mut px = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        let yf = y as f32;
        let sky = mix(sky_top, horizon, (yf / (h as f32 * 0.6)).min(1.0));
        for x in 0..w {
            let col = &heights[x * layers..x * layers + layers];
            let mut colour = None;
            for (i, r) in ridges.iter().enumerate().rev() {
                if yf >= col[i] {
                    // Slightly lighter at the ridge line, darker lower down.
                    let shade = ((yf - col[i]) / h as f32).min(1.0);
                    colour = Some(mix(r.colour, [0.0, 0.0, 0.0], shade * 0.35));
                    break;
                }
            }
            let c = colour.unwrap_or_else(|| {
                let (dx, dy) = (x as f32 - sun_x, yf - sun_y);
                let d = (dx * dx + dy * dy).sqrt();
                if d < sun_r {
                    sun
                } else {
                    let glow = (1.0 - (d - sun_r) / (sun_r * 4.0)).max(0.0);
                    mix(sky, sun, glow * glow * 0.5)
                }
            });
            px.extend(c.iter().map(|v| v.clamp(0.0, 255.0) as u8));
        }
    }
    px
}

/// A JPEG file of exactly `width`×`height` pixels for `seed`.
pub fn jpeg(seed: &str, width: u16, height: u16) -> Result<Vec<u8>, String> {
    let pixels = render(seed, width, height);
    let mut out = Vec::with_capacity(pixels.len() / 10);
    Encoder::new(&mut out, 78)
        .encode(&pixels, width, height, ColorType::Rgb)
        .map_err(|e| format!("cannot encode JPEG {seed}: {e}"))?;
    Ok(out)
}

/// Width and height read from a JPEG file's frame header, if it is one.
pub fn jpeg_dimensions(bytes: &[u8]) -> Option<(u16, u16)> {
    if bytes.get(0..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            let f = bytes.get(i + 5..i + 9)?;
            return Some((
                u16::from_be_bytes([f[2], f[3]]),
                u16::from_be_bytes([f[0], f[1]]),
            ));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_has_declared_size() {
        let bytes = jpeg("/media/test.jpg", 160, 107).unwrap();
        assert_eq!(jpeg_dimensions(&bytes), Some((160, 107)));
        assert_eq!(&bytes[bytes.len() - 2..], &[0xFF, 0xD9]);
    }

    #[test]
    fn pictures_differ_by_path_and_repeat_for_same_path() {
        assert_eq!(render("a", 40, 30), render("a", 40, 30));
        assert_ne!(render("a", 40, 30), render("b", 40, 30));
    }

    #[test]
    fn dimensions_of_non_jpeg() {
        assert_eq!(jpeg_dimensions(b"GIF89a"), None);
        assert_eq!(jpeg_dimensions(&[]), None);
    }
}
