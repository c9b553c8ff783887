//! PNG files without a compression library (stored deflate blocks): the channel logo is small
//! and made once, so its size does not matter, and the project needs no new dependency.

fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for part in parts {
        for &b in *part {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    // Chunks here are far below 4 GiB.
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
}

/// A PNG of `width`×`height` RGB pixels (row by row, 3 bytes each).
pub fn encode_rgb(width: u32, height: u32, pixels: &[u8]) -> Result<Vec<u8>, String> {
    let row = width as usize * 3;
    if width == 0 || height == 0 || pixels.len() != row * height as usize {
        return Err(format!("PNG: {} bytes for {width}×{height}", pixels.len()));
    }
    // Each row starts with filter type 0 (none).
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in pixels.chunks(row) {
        raw.push(0);
        raw.extend_from_slice(line);
    }
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    Ok(out)
}

/// Width and height from a PNG's header, if it is one.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// 5×7 letters of the logo, a row per string.
const GLYPHS: [(char, [&str; 7]); 4] = [
    (
        'H',
        [
            "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
    ),
    (
        'G',
        [
            ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####",
        ],
    ),
    (
        'T',
        [
            "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..",
        ],
    ),
    (
        'V',
        [
            "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..",
        ],
    ),
];

/// A logo: `text` (letters of [`GLYPHS`]) in white on the station's red, centred.
pub fn logo(text: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let (w, h) = (width as usize, height as usize);
    let mut px = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for _ in 0..w {
            // A slight vertical gradient of the station's red.
            let shade = (y * 40 / h.max(1)) as u8;
            px.extend_from_slice(&[200 - shade, 16, 46]);
        }
    }
    let letters: Vec<&[&str; 7]> = text
        .chars()
        .filter_map(|c| GLYPHS.iter().find(|(g, _)| *g == c).map(|(_, rows)| rows))
        .collect();
    let n = letters.len();
    if n > 0 {
        // Cells of 5 columns per letter and 1 between letters, with a margin of 2 on each side.
        let cell = (w / (6 * n + 3)).min(h / 11).max(1);
        let text_w = (6 * n - 1) * cell;
        let (x0, y0) = (w.saturating_sub(text_w) / 2, h.saturating_sub(7 * cell) / 2);
        for (i, rows) in letters.iter().enumerate() {
            for (ry, row) in rows.iter().enumerate() {
                for (rx, c) in row.bytes().enumerate() {
                    if c != b'#' {
                        continue;
                    }
                    for dy in 0..cell {
                        for dx in 0..cell {
                            let x = x0 + (i * 6 + rx) * cell + dx;
                            let y = y0 + ry * cell + dy;
                            if x < w && y < h {
                                let at = (y * w + x) * 3;
                                px[at..at + 3].copy_from_slice(&[255, 255, 255]);
                            }
                        }
                    }
                }
            }
        }
    }
    encode_rgb(width, height, &px)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        assert_eq!(crc32(&[b"123456789"]), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn a_logo_is_a_png_of_its_size() {
        let png = logo("HGTV", 160, 90).unwrap();
        assert_eq!(dimensions(&png), Some((160, 90)));
        assert!(png.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "IEND's CRC");
        assert_eq!(dimensions(b"GIF89a"), None);
        assert!(encode_rgb(2, 2, &[0; 5]).is_err());
    }

    #[test]
    fn large_pictures_take_several_blocks() {
        let png = encode_rgb(200, 200, &vec![7; 200 * 200 * 3]).unwrap();
        assert_eq!(dimensions(&png), Some((200, 200)));
    }
}
