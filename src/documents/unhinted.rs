//! A TrueType font program without its hinting: the bytecode that fits outlines to a
//! screen's pixel grid at small sizes (the `fpgm`, `prep` and `cvt ` tables and every
//! glyph's own instructions). The outlines, metrics and every other table stay as they were.
//!
//! Why: DejaVu Sans is heavily hinted, and its hinting was about a third of each subset a
//! sheet embeds (a sheet of six pages: 54 KB, 36 KB without), so a third of every PDF
//! Kindred writes, and of a batch's time writing them. PDF viewers draw embedded fonts from
//! their outlines (poppler renders a sheet at 72 dpi to the same pixels either way) and a
//! printer's resolution has no use for it.
//!
//! Pure bytes in, bytes out. Anything this does not understand is left alone: a font it
//! cannot read through gives `None`, and the caller embeds the program as it was.

/// Tables that hold only hinting.
const HINTING: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType checksum of a table: its big-endian words summed, the last one padded.
fn checksum(b: &[u8]) -> u32 {
    b.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// `font` (a TrueType program with `glyf` outlines) without its hinting, or `None` when it
/// has none to take out or cannot be read through.
pub(crate) fn without_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let version = u32_at(font, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(u32_at(font, record + 8)?).ok()?;
        let length = usize::try_from(u32_at(font, record + 12)?).ok()?;
        tables.push((tag, font.get(offset..offset.checked_add(length)?)?));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, b)| *b);
    let head = table(b"head")?;
    let maxp = table(b"maxp")?;
    let (glyf, loca) = (table(b"glyf")?, table(b"loca")?);
    let long = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let offset = |i: usize| -> Option<usize> {
        if long {
            usize::try_from(u32_at(loca, 4 * i)?).ok()
        } else {
            Some(usize::from(u16_at(loca, 2 * i)?) * 2)
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    let put_offset = |loca: &mut Vec<u8>, at: usize| -> Option<()> {
        if long {
            loca.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        } else {
            loca.extend_from_slice(&u16::try_from(at / 2).ok()?.to_be_bytes());
        }
        Some(())
    };
    let mut had_hinting = tables.iter().any(|(t, _)| HINTING.contains(&t));
    for i in 0..glyphs {
        put_offset(&mut new_loca, new_glyf.len())?;
        let (start, end) = (offset(i)?, offset(i + 1)?);
        if end <= start {
            continue;
        }
        let g = glyf.get(start..end)?;
        had_hinting |= glyph_without_hinting(g, &mut new_glyf)?;
        // Each glyph starts on a word (short offsets count words) or a long word.
        let align = if long { 4 } else { 2 };
        while new_glyf.len() % align != 0 {
            new_glyf.push(0);
        }
    }
    put_offset(&mut new_loca, new_glyf.len())?;
    if !had_hinting {
        return None;
    }
    let mut new_maxp = maxp.to_vec();
    if u32_at(maxp, 0)? == 0x0001_0000 {
        // maxSizeOfInstructions.
        new_maxp.get_mut(26..28)?.copy_from_slice(&[0, 0]);
    }
    let mut new_head = head.to_vec();
    // checkSumAdjustment, set once the whole font is laid out.
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);

    let kept: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|(t, _)| !HINTING.contains(&t))
        .map(|(t, b)| {
            let bytes = match t {
                b"glyf" => std::mem::take(&mut new_glyf),
                b"loca" => std::mem::take(&mut new_loca),
                b"maxp" => std::mem::take(&mut new_maxp),
                b"head" => std::mem::take(&mut new_head),
                _ => b.to_vec(),
            };
            (*t, bytes)
        })
        .collect();
    let n = kept.len();
    let n16 = u16::try_from(n).ok()?;
    // The binary search fields of the table directory.
    let mut power = 1u16;
    let mut selector = 0u16;
    while power.checked_mul(2)? <= n16 {
        power *= 2;
        selector += 1;
    }
    let search_range = power * 16;
    let mut out = Vec::with_capacity(font.len());
    out.extend_from_slice(&version.to_be_bytes());
    for v in [n16, search_range, selector, n16 * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut at = 12 + 16 * n;
    let mut head_at = None;
    for (tag, bytes) in &kept {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(bytes).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(at);
        }
        at += bytes.len().div_ceil(4) * 4;
    }
    for (_, bytes) in &kept {
        out.extend_from_slice(bytes);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let head_at = head_at?;
    out.get_mut(head_at + 8..head_at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// Appends glyph `g` without its instructions; says whether it had any.
fn glyph_without_hinting(g: &[u8], out: &mut Vec<u8>) -> Option<bool> {
    let contours = i16::from_be_bytes(g.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        // Header, the contours' end points, the instructions' length and the instructions,
        // then the flags and coordinates.
        let ends = 10 + 2 * usize::try_from(contours).ok()?;
        let length = usize::from(u16_at(g, ends)?);
        let rest = g.get(ends + 2 + length..)?;
        out.extend_from_slice(g.get(..ends)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(length > 0);
    }
    // A composite: its components, each flag without "instructions follow", and nothing
    // after the last.
    let mut components = Vec::new();
    let mut at = 10;
    let mut had = false;
    loop {
        let flags = u16_at(g, at)?;
        had |= flags & WE_HAVE_INSTRUCTIONS != 0;
        components.push(out.len() + at);
        at += component_size(flags);
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out.extend_from_slice(g.get(..at)?);
    for c in components {
        let flags = u16_at(out, c)? & !WE_HAVE_INSTRUCTIONS;
        out.get_mut(c..c + 2)?.copy_from_slice(&flags.to_be_bytes());
    }
    Some(had)
}

/// Bytes of one component of a composite glyph: flags, glyph id, offsets, transform.
fn component_size(flags: u16) -> usize {
    let offsets = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
        4
    } else {
        2
    };
    let transform = if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    4 + offsets + transform
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder};

    fn font(name: &str) -> Vec<u8> {
        let path = format!("{}/assets/fonts/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// A glyph's outline as drawing commands.
    #[derive(Default)]
    struct Path(Vec<String>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x} {y}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x} {y}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1} {y1} {x} {y}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
        }
        fn close(&mut self) {
            self.0.push("Z".into());
        }
    }

    fn outline(face: &Face<'_>, gid: u16) -> (Vec<String>, Option<u16>) {
        let mut p = Path::default();
        face.outline_glyph(GlyphId(gid), &mut p);
        (p.0, face.glyph_hor_advance(GlyphId(gid)))
    }

    fn tags(font: &[u8]) -> Vec<String> {
        let n = usize::from(u16_at(font, 4).expect("a table count"));
        (0..n)
            .map(|i| String::from_utf8_lossy(&font[12 + 16 * i..16 + 16 * i]).into_owned())
            .collect()
    }

    #[test]
    fn every_glyph_keeps_its_outline_and_advance_and_only_the_hinting_goes() {
        for name in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] {
            let original = font(name);
            let stripped = without_hinting(&original).expect("DejaVu is hinted");
            // DejaVu Sans: 760 KB, 76 KB of it hinting; the bold, 709 KB and 41 KB.
            assert!(
                stripped.len() + 40_000 < original.len(),
                "{name}: {} of {} bytes",
                stripped.len(),
                original.len()
            );
            let (a, b) = (
                Face::parse(&original, 0).expect("the original"),
                Face::parse(&stripped, 0).expect("the font without hinting"),
            );
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            for gid in 0..a.number_of_glyphs() {
                assert_eq!(outline(&a, gid), outline(&b, gid), "{name}: glyph {gid}");
            }
            let before = tags(&original);
            let after = tags(&stripped);
            let expected: Vec<&String> = before
                .iter()
                .filter(|t| !["fpgm", "prep", "cvt "].contains(&t.as_str()))
                .collect();
            assert_eq!(after.iter().collect::<Vec<_>>(), expected, "{name}");
            // No glyph keeps an instruction, and the whole font's checksum is right.
            assert!(without_hinting(&stripped).is_none(), "{name}: hinting left");
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA, "{name}");
        }
    }

    #[test]
    fn a_subset_as_embedded_keeps_its_glyphs() {
        let original = font("DejaVuSans.ttf");
        let parsed =
            printpdf::ParsedFont::from_bytes(&original, 0, &mut Vec::new()).expect("DejaVu Sans");
        let glyphs: std::collections::BTreeMap<u16, String> = "Ŵyn Łucja O’Brien ffordd 12"
            .chars()
            .filter_map(|c| {
                parsed
                    .lookup_glyph_index(c as u32)
                    .map(|g| (g, c.to_string()))
            })
            .collect();
        let subset = printpdf::subset_font(&parsed, &glyphs).expect("a subset");
        let stripped = without_hinting(&subset.bytes).expect("the subset is hinted");
        // Hinting is the tables fpgm, prep and cvt (about 2 KB), and each glyph's own.
        assert!(
            stripped.len() + 2_000 < subset.bytes.len(),
            "{} of {} bytes",
            stripped.len(),
            subset.bytes.len()
        );
        let (a, b) = (
            Face::parse(&subset.bytes, 0).expect("the subset"),
            Face::parse(&stripped, 0).expect("the subset without hinting"),
        );
        for gid in 0..a.number_of_glyphs() {
            assert_eq!(outline(&a, gid), outline(&b, gid), "glyph {gid}");
        }
        assert!(printpdf::ParsedFont::from_bytes(&stripped, 0, &mut Vec::new()).is_some());
    }

    #[test]
    fn what_cannot_be_read_through_is_left_alone() {
        let original = font("DejaVuSans.ttf");
        assert_eq!(without_hinting(&[]), None);
        assert_eq!(
            without_hinting(b"OTTO\0\0\0\0\0\0\0\0"),
            None,
            "CFF outlines"
        );
        // Cut short anywhere, or with a table pointing past the end: no answer, no panic.
        for len in [4, 12, 100, 1000, original.len() / 2] {
            assert_eq!(without_hinting(&original[..len]), None, "cut at {len}");
        }
        let mut bad = original.clone();
        bad[12 + 8..12 + 12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(without_hinting(&bad), None, "a table past the end");
    }
}
