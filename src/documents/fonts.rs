//! The embedded fonts: DejaVu Sans and DejaVu Sans Bold (assets/fonts, Bitstream Vera
//! licence, DejaVu changes public domain). Parsed once per process and measured with the
//! real glyph advances.
//!
//! Each document embeds a subset of each face it uses, made here rather than by printpdf:
//! the subset covers the characters the document uses plus a fixed base (printable ASCII
//! and the letters and punctuation of the English and Welsh wording), so most documents of
//! a batch need exactly the same subset, which is made once per process and kept. Making a
//! subset means reading the whole font's glyph tables; that was the largest cost of a
//! sheet after compression. A document with other characters (a name with Polish or Greek
//! letters) gets its own subset, kept too, for the next person with the same letters.
//! A kept subset also keeps its compressed font program, so a batch compresses each
//! subset once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;

use super::DocumentError;

static REGULAR_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
static BOLD_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// The character drawn in place of one the font cannot draw.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    /// 0 for regular, 1 for bold: for arrays by face.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The PDF resource name. Six capital letters, so it also serves as the
    /// subset tag ("KDRREG+DejaVuSans") that marks the font as a subset.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "KDRREG",
            Face::Bold => "KDRBLD",
        }
    }
}

pub(crate) struct LoadedFace {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Advances of the first 0x250 code points (Latin, Latin-1, Latin Extended A/B),
    /// the common case, in font units; `None` = no glyph.
    fast: Vec<Option<u16>>,
}

pub(crate) struct Fonts {
    regular: LoadedFace,
    bold: LoadedFace,
}

const FAST_RANGE: u32 = 0x250;

fn load(bytes: &[u8], what: &str) -> Result<LoadedFace, String> {
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| format!("the embedded font {what} could not be read: {warnings:?}"))?;
    let units_per_em = parsed.pdf_font_metrics.units_per_em as f32;
    if units_per_em <= 0.0 {
        return Err(format!("the embedded font {what} has no units per em"));
    }
    let fast = (0..FAST_RANGE)
        .map(|cp| {
            parsed
                .lookup_glyph_index(cp)
                .map(|gid| parsed.get_horizontal_advance(gid))
        })
        .collect();
    Ok(LoadedFace {
        parsed,
        units_per_em,
        fast,
    })
}

static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();

/// The fonts, parsed on first use and kept for the life of the process.
pub(crate) fn fonts() -> Result<&'static Fonts, DocumentError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: load(REGULAR_BYTES, "DejaVu Sans")?,
                bold: load(BOLD_BYTES, "DejaVu Sans Bold")?,
            })
        })
        .as_ref()
        .map_err(|e| DocumentError::Font(e.clone()))
}

/// Characters every subset includes whether a document uses them or not (see the module
/// note): printable ASCII, and the letters and punctuation of the English and Welsh wording.
/// Only the sharing of subsets depends on this list, never what a document shows.
fn base_chars() -> impl Iterator<Item = char> {
    (' '..='~').chain(
        "‘’“”–—•…·£€©ÂÊÎÔÛŴŶâêîôûŵŷÄËÏÖÜẄŸäëïöüẅÿÁÉÍÓÚẂÝáéíóúẃýÀÈÌÒÙẀỲàèìòùẁỳ\u{FFFD}".chars(),
    )
}

/// How many subsets are kept (a few kilobytes to a few tens of kilobytes each); the cache
/// is emptied when full.
const SUBSET_CACHE_ENTRIES: usize = 64;

type SubsetCache = HashMap<(Face, CharSet), Arc<Subset>>;

/// A font subset ready to embed, and the glyph id of each of its characters.
pub(crate) struct Subset {
    pub(crate) parsed: ParsedFont,
    /// The subset font program (TrueType), as embedded.
    pub(crate) bytes: Vec<u8>,
    /// Its compressed form, made by the first document that embeds it (`layout::embed`).
    pub(crate) compressed: OnceLock<std::sync::Arc<Vec<u8>>>,
    /// Glyph ids of the first 1,024 code points (0: not in the subset).
    low: Vec<u16>,
    high: HashMap<char, u16>,
}

impl Subset {
    /// The glyph id of `c` in this subset; 0 (the missing glyph) for a character it does
    /// not have, which the layout never draws (it draws the replacement character).
    #[inline]
    pub(crate) fn gid(&self, c: char) -> u16 {
        match self.low.get(c as usize) {
            Some(g) => *g,
            None => self.high.get(&c).copied().unwrap_or(0),
        }
    }
}

/// A set of characters, cheap to fill one character at a time: a bitmap of the first
/// 1,024 code points (Latin, Greek, Cyrillic and most punctuation fall in it), a sorted
/// set for the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct CharSet {
    low: [u64; 16],
    high: BTreeSet<char>,
}

impl CharSet {
    #[inline]
    pub(crate) fn insert(&mut self, c: char) {
        let cp = c as usize;
        match self.low.get_mut(cp / 64) {
            Some(word) => *word |= 1 << (cp % 64),
            None => {
                self.high.insert(c);
            }
        }
    }

    /// In code point order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = char> + '_ {
        let low = self.low.iter().enumerate().flat_map(|(i, word)| {
            (0..64)
                .filter(move |b| word & (1 << b) != 0)
                .filter_map(move |b| char::from_u32((i * 64 + b) as u32))
        });
        low.chain(self.high.iter().copied())
    }
}

static SUBSETS: OnceLock<Mutex<SubsetCache>> = OnceLock::new();

/// Characters that have no visible form of their own (Unicode default-ignorable code
/// points such as the zero-width joiner or emoji variation selectors). When the font
/// lacks them they are left out of the drawing rather than drawn as a box; the
/// visible characters around them are still drawn or reported.
pub(crate) fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms). DejaVu Sans has many of these glyphs, but DejaVu text is drawn
/// left to right without shaping, so a name would come out reversed and unjoined. Arabic
/// and Urdu never reach DejaVu (they are shaped in Noto Naskh Arabic, or in Noto
/// Nastaliq Urdu in an Urdu part: see `shaping`);
/// the others are treated like characters the font lacks: drawn as the replacement
/// character and reported, so the author can write the name by hand.
pub(crate) fn is_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF
        | 0x1E800..=0x1EFFF)
}

impl Fonts {
    pub(crate) fn face(&self, face: Face) -> &LoadedFace {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// A subset of `face` that draws every character of `used` (those the face has) and
    /// the base characters, parsed and ready to embed whole. Subset glyph ids are its own:
    /// text is encoded through the subset's character map.
    pub(crate) fn subset(&self, face: Face, used: &CharSet) -> Result<Arc<Subset>, DocumentError> {
        let full = self.face(face);
        let mut chars = used.clone();
        for c in base_chars() {
            chars.insert(c);
        }
        let mut key = (face, CharSet::default());
        for c in chars.iter().filter(|c| full.has_glyph(*c)) {
            key.1.insert(c);
        }
        let cache = SUBSETS.get_or_init(Default::default);
        if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let mut glyphs = BTreeMap::new();
        for c in key.1.iter() {
            if let Some(gid) = full.parsed.lookup_glyph_index(c as u32) {
                glyphs.entry(gid).or_insert_with(|| c.to_string());
            }
        }
        let made = printpdf::subset_font(&full.parsed, &glyphs)
            .map_err(|e| DocumentError::Font(format!("cannot subset the font: {e}")))?;
        // Embedded without its hinting (`unhinted`): a third of the subset, no use in a PDF.
        let bytes = super::unhinted::without_hinting(&made.bytes).unwrap_or(made.bytes);
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
            DocumentError::Font(format!("the font subset could not be read: {warnings:?}"))
        })?;
        let mut subset = Subset {
            low: vec![0; 1024],
            high: HashMap::new(),
            parsed,
            bytes,
            compressed: OnceLock::new(),
        };
        for c in key.1.iter() {
            let gid = subset.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
            match subset.low.get_mut(c as usize) {
                Some(slot) => *slot = gid,
                None => {
                    subset.high.insert(c, gid);
                }
            }
        }
        let subset = Arc::new(subset);
        if let Ok(mut c) = cache.lock() {
            if c.len() >= SUBSET_CACHE_ENTRIES {
                c.clear();
            }
            c.insert(key, subset.clone());
        }
        Ok(subset)
    }
}

impl LoadedFace {
    /// The advance of `c` in font units, or `None` when the font has no glyph for it.
    #[inline]
    pub(crate) fn advance_units(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        if cp < FAST_RANGE {
            return self.fast[cp as usize];
        }
        self.parsed
            .lookup_glyph_index(cp)
            .filter(|gid| *gid != 0)
            .map(|gid| self.parsed.get_horizontal_advance(gid))
    }

    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// Width of `c` at `size` points; characters the font lacks measure as the
    /// replacement character they will be drawn as.
    #[inline]
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        let units = match self.advance_units(c) {
            Some(u) => u,
            None => self.advance_units(REPLACEMENT).unwrap_or(0),
        };
        units as f32 * size / self.units_per_em
    }

    /// Width of a string that has already been through [`prepare_text`].
    pub(crate) fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(c, size)).sum()
    }
}

/// Make a string drawable with `face`: characters the font lacks, and characters of
/// right-to-left scripts (see [`is_right_to_left`]), become the replacement character (and are added to `missing`, each once, in order of first
/// appearance); default-ignorable characters the font lacks are left out; line breaks
/// are kept (the layout breaks lines there), carriage returns dropped, and other control
/// characters become spaces.
pub(crate) fn prepare_text(face: &LoadedFace, s: &str, missing: &mut Vec<char>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
            continue;
        }
        if c == '\r' {
            continue;
        }
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if c == '\u{00AD}' {
            // A soft hyphen is invisible; lines are never broken at it.
            continue;
        }
        if face.has_glyph(c) && !is_right_to_left(c) {
            out.push(c);
        } else if is_default_ignorable(c) && !face.has_glyph(c) {
            continue;
        } else {
            if !missing.contains(&c) {
                missing.push(c);
            }
            out.push(REPLACEMENT);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_parse_and_cover_latin_extended() {
        let f = fonts().expect("fonts");
        for face in [Face::Regular, Face::Bold] {
            let lf = f.face(face);
            for c in "ŵŷŴŶłżąŁŻĄșțȘȚáéíóúÁ ΑβγЖжЯ€£ԱաაğışđươØ".chars()
            {
                assert!(lf.has_glyph(c), "{face:?} lacks {c:?}");
            }
            assert!(lf.has_glyph(REPLACEMENT), "{face:?} lacks U+FFFD");
            assert!(!lf.has_glyph('漢'));
            assert!(!lf.has_glyph('🦊'));
        }
    }

    #[test]
    fn right_to_left_scripts_are_reported_not_drawn_backwards() {
        let f = fonts().unwrap();
        let mut missing = Vec::new();
        // DejaVu Sans has these Arabic and Hebrew letters, but cannot shape them here.
        assert!(f.face(Face::Regular).has_glyph('ع'));
        let s = prepare_text(f.face(Face::Regular), "Ali علي / שרה", &mut missing);
        assert_eq!(s, "Ali \u{FFFD}\u{FFFD}\u{FFFD} / \u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(missing, vec!['ع', 'ل', 'ي', 'ש', 'ר', 'ה']);
    }

    #[test]
    fn widths_are_real_advances() {
        let f = fonts().unwrap();
        let r = f.face(Face::Regular);
        // DejaVu Sans: 'i' is much narrower than 'W'; bold is wider than regular.
        assert!(r.char_width('i', 14.0) < r.char_width('W', 14.0) / 2.0);
        assert!(f.face(Face::Bold).width("Hello", 14.0) > r.width("Hello", 14.0));
        // DejaVu Sans 'n' advances 1298 of 2048 units per em.
        assert_eq!(r.advance_units('n'), Some(1298));
        let w = r.width(&"n".repeat(1000), 10.0);
        assert!((w - 1000.0 * 10.0 * 1298.0 / 2048.0).abs() < 0.5, "{w}");
    }

    #[test]
    fn prepare_text_replaces_and_reports() {
        let f = fonts().unwrap();
        let mut missing = Vec::new();
        // U+E0061 (a tag character) is default-ignorable and not in DejaVu Sans.
        let s = prepare_text(
            f.face(Face::Regular),
            "Ann 🦊 and 🦊\u{E0061}🎉\tend\r\n漢",
            &mut missing,
        );
        assert_eq!(s, "Ann \u{FFFD} and \u{FFFD}\u{FFFD} end\n\u{FFFD}");
        assert_eq!(missing, vec!['🦊', '🎉', '漢']);
    }
}
