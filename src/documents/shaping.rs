//! Complex scripts: Arabic and Urdu (right to left, joining; Urdu in Nastaliq, the style
//! its readers expect in print), Bengali and Gurmukhi (conjuncts, reordered vowel signs,
//! marks), shaped with rustybuzz (a Rust port of HarfBuzz) in the Noto fonts and laid
//! out with the Unicode bidi algorithm.
//!
//! Why a second path beside the DejaVu one: text in these scripts is not a sequence of
//! characters with widths. A word becomes glyphs chosen by the font's own rules (a
//! letter has up to four joining forms, two Bengali letters may make one conjunct, a
//! vowel sign drawn before the consonant it follows), and right-to-left text is drawn
//! in the opposite order to the one it is read in. Latin text needs none of this, so a
//! paragraph with no character of these scripts never comes here and the Latin batch
//! keeps its speed.
//!
//! A paragraph is split into bidi levels (base direction given by the document part:
//! right to left in an Urdu or Arabic part, left to right otherwise, so an Arabic name
//! inside English text stays where it was written), then into runs of one font; runs
//! of a complex script are shaped whole (once), Latin runs keep DejaVu and its widths.
//! Lines are broken at spaces on the shaped widths, then each line is put in visual
//! order (numbers stay left to right inside right-to-left text). A line comes out as
//! [`Piece`]s placed from its left edge: DejaVu text, or shaped glyphs with their
//! logical text, which the PDF carries so that text extraction gives the words back in
//! reading order.
//!
//! Speed: each shaping plan (per font, direction and script) is made once per process,
//! and shaped runs are remembered by font, direction and text in a cache of bounded
//! size (see `shape_cached`), since every sheet of a batch shapes the same wording.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use unicode_bidi::{Level, ParagraphBidiInfo};

use super::fonts::{is_default_ignorable, is_right_to_left, Face, Fonts, LoadedFace, REPLACEMENT};
use super::DocumentError;

static NASKH_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoNaskhArabic-Regular.ttf"
));
static NASKH_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoNaskhArabic-Bold.ttf"
));
static NASTALIQ_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoNastaliqUrdu-Regular.ttf"
));
static NASTALIQ_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoNastaliqUrdu-Bold.ttf"
));
static BENGALI_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansBengali-Regular.ttf"
));
static BENGALI_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansBengali-Bold.ttf"
));
static GURMUKHI_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansGurmukhi-Regular.ttf"
));
static GURMUKHI_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSansGurmukhi-Bold.ttf"
));

/// The scripts shaped here, each with its font. `Urdu` is the Arabic script in the
/// Nastaliq style (Noto Nastaliq Urdu), as Urdu readers expect print to look: used in
/// the Urdu part of a document. Everywhere else (Arabic, and an Arabic-script name
/// inside English text) the Arabic script is Naskh (Noto Naskh Arabic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Script {
    Arabic,
    Bengali,
    Gurmukhi,
    Urdu,
}

impl Script {
    /// Written in the Arabic script (right to left, joining).
    pub(crate) fn is_arabic(self) -> bool {
        matches!(self, Script::Arabic | Script::Urdu)
    }
}

/// How the part of a document being laid out is written: its direction, and whether
/// its Arabic script is Nastaliq (an Urdu part) rather than Naskh.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Writing {
    pub(crate) right_to_left: bool,
    pub(crate) nastaliq: bool,
}

impl Writing {
    /// How a part in `lang` is written.
    pub(crate) fn of(lang: super::view::Language) -> Writing {
        Writing {
            right_to_left: lang.right_to_left(),
            nastaliq: lang == super::view::Language::Urdu,
        }
    }
}

/// One of the complex-script fonts: a script and a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ComplexFont {
    pub(crate) script: Script,
    pub(crate) bold: bool,
}

impl ComplexFont {
    pub(crate) const ALL: [ComplexFont; 8] = [
        ComplexFont::new(Script::Arabic, false),
        ComplexFont::new(Script::Arabic, true),
        ComplexFont::new(Script::Bengali, false),
        ComplexFont::new(Script::Bengali, true),
        ComplexFont::new(Script::Gurmukhi, false),
        ComplexFont::new(Script::Gurmukhi, true),
        ComplexFont::new(Script::Urdu, false),
        ComplexFont::new(Script::Urdu, true),
    ];

    pub(crate) const fn new(script: Script, bold: bool) -> ComplexFont {
        ComplexFont { script, bold }
    }

    fn for_face(script: Script, face: Face) -> ComplexFont {
        ComplexFont::new(script, face == Face::Bold)
    }

    /// 0..8, for arrays by font.
    pub(crate) fn index(self) -> usize {
        let s = match self.script {
            Script::Arabic => 0,
            Script::Bengali => 2,
            Script::Gurmukhi => 4,
            Script::Urdu => 6,
        };
        s + usize::from(self.bold)
    }

    /// The PDF resource name, six capitals (also the subset tag, like DejaVu's).
    pub(crate) fn resource_name(self) -> &'static str {
        match (self.script, self.bold) {
            (Script::Arabic, false) => "KDRARR",
            (Script::Arabic, true) => "KDRARB",
            (Script::Bengali, false) => "KDRBNR",
            (Script::Bengali, true) => "KDRBNB",
            (Script::Gurmukhi, false) => "KDRPAR",
            (Script::Gurmukhi, true) => "KDRPAB",
            (Script::Urdu, false) => "KDRURR",
            (Script::Urdu, true) => "KDRURB",
        }
    }

    /// Its script runs right to left.
    pub(crate) fn right_to_left(self) -> bool {
        self.script.is_arabic()
    }

    /// The font's PostScript name.
    pub(crate) fn base_name(self) -> &'static str {
        match (self.script, self.bold) {
            (Script::Arabic, false) => "NotoNaskhArabic-Regular",
            (Script::Arabic, true) => "NotoNaskhArabic-Bold",
            (Script::Bengali, false) => "NotoSansBengali-Regular",
            (Script::Bengali, true) => "NotoSansBengali-Bold",
            (Script::Gurmukhi, false) => "NotoSansGurmukhi-Regular",
            (Script::Gurmukhi, true) => "NotoSansGurmukhi-Bold",
            (Script::Urdu, false) => "NotoNastaliqUrdu-Regular",
            (Script::Urdu, true) => "NotoNastaliqUrdu-Bold",
        }
    }

    pub(crate) fn bytes(self) -> &'static [u8] {
        match (self.script, self.bold) {
            (Script::Arabic, false) => NASKH_REGULAR,
            (Script::Arabic, true) => NASKH_BOLD,
            (Script::Bengali, false) => BENGALI_REGULAR,
            (Script::Bengali, true) => BENGALI_BOLD,
            (Script::Gurmukhi, false) => GURMUKHI_REGULAR,
            (Script::Gurmukhi, true) => GURMUKHI_BOLD,
            (Script::Urdu, false) => NASTALIQ_REGULAR,
            (Script::Urdu, true) => NASTALIQ_BOLD,
        }
    }
}

/// The script (and so the font) of a character shaped here in a part written as
/// `writing`, if it is one: in Nastaliq, the Arabic script is `Urdu` wherever the
/// Nastaliq font has the character (Naskh, which has more of the Arabic block, draws
/// the rest).
fn font_script(c: char, writing: Writing, faces: &[ShapingFace], which: Face) -> Option<Script> {
    match script_of(c)? {
        Script::Arabic
            if writing.nastaliq
                && faces[ComplexFont::for_face(Script::Urdu, which).index()].has(c) =>
        {
            Some(Script::Urdu)
        }
        script => Some(script),
    }
}

/// The script of a character shaped here, if it is one (`Arabic` for the whole Arabic
/// script: see [`font_script`] for its style).
pub(crate) fn script_of(c: char) -> Option<Script> {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC => {
            Some(Script::Arabic)
        }
        0x0980..=0x09FF => Some(Script::Bengali),
        0x0A00..=0x0A7F => Some(Script::Gurmukhi),
        _ => None,
    }
}

/// Characters that belong to the script around them: joiners, the Indic full stops
/// (dandas, shared by Bengali and Gurmukhi) and the dotted circle.
fn inherits(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200D}' | '\u{0964}' | '\u{0965}' | '\u{25CC}'
    )
}

/// The Indic full stops, shared by Bengali and Gurmukhi.
fn is_danda(c: char) -> bool {
    matches!(c, '\u{0964}' | '\u{0965}')
}

/// The font a danda with no script before it is drawn in: the first Bengali or Gurmukhi
/// of the text, else Bengali.
fn danda_script(text: &str) -> Script {
    text.chars()
        .filter_map(script_of)
        .find(|s| !s.is_arabic())
        .unwrap_or(Script::Bengali)
}

/// Whether `s` has any character shaped here: then the paragraph takes this path.
pub(crate) fn needs_shaping(s: &str) -> bool {
    // The common case, Latin text, is decided on bytes: every character shaped here is
    // at least two bytes long in UTF-8, with a lead byte from 0xD8.
    s.bytes().any(|b| b >= 0xD8) && s.chars().any(|c| script_of(c).is_some() || is_danda(c))
}

/// One font of the complex scripts, ready to shape with.
pub(crate) struct ShapingFace {
    pub(crate) face: rustybuzz::Face<'static>,
    pub(crate) units_per_em: f32,
}

impl ShapingFace {
    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The font's own advance of glyph `gid` (its hmtx), in font units.
    pub(crate) fn hmtx(&self, gid: u16) -> u16 {
        self.face
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }
}

static FACES: OnceLock<Result<Vec<ShapingFace>, String>> = OnceLock::new();

/// The complex-script fonts ([`ComplexFont::ALL`]), parsed on first use.
pub(crate) fn faces() -> Result<&'static [ShapingFace], DocumentError> {
    FACES
        .get_or_init(|| {
            ComplexFont::ALL
                .iter()
                .map(|f| {
                    let face = rustybuzz::Face::from_slice(f.bytes(), 0).ok_or_else(|| {
                        format!("the embedded font {} could not be read", f.base_name())
                    })?;
                    let units_per_em = face.units_per_em() as f32;
                    if units_per_em <= 0.0 {
                        return Err(format!(
                            "the embedded font {} has no units per em",
                            f.base_name()
                        ));
                    }
                    Ok(ShapingFace { face, units_per_em })
                })
                .collect()
        })
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(|e| DocumentError::Font(e.clone()))
}

/// One shaped glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    /// The glyph id in the whole font (the subset renumbers it).
    pub(crate) gid: u16,
    /// Where the shaper moves the pen after it.
    pub(crate) advance: i32,
    pub(crate) x_offset: i32,
    pub(crate) y_offset: i32,
    /// The characters it stands for: a byte range of the piece's text. Empty for all
    /// glyphs of a cluster but the one that carries the cluster's text (`shape`); the
    /// start is the cluster's for every glyph of it.
    pub(crate) text: (u32, u32),
}

/// Part of a line, placed from the line's left edge (`x`, in points).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Latin (or other DejaVu) text, drawn as today; already in visual order.
    Plain { face: Face, x: f32, text: String },
    /// Shaped glyphs in visual order (drawn in reading order: `Content::show_glyphs_at`),
    /// and the logical text they show.
    Glyphs {
        font: ComplexFont,
        x: f32,
        glyphs: Arc<[Glyph]>,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedLine {
    /// In reading order; each placed by its own `x`.
    pub(crate) pieces: Vec<Piece>,
    pub(crate) width: f32,
    /// Its paragraph runs right to left (so the line is aligned right).
    pub(crate) right_to_left: bool,
}

/// A right-to-left run's text as glyphs, one character each, in reading order: each the
/// font's own glyph for its character (0 when it has none: a joiner), with the font's
/// width, and the byte range of its character in `text`. What the run's unseen copy is
/// drawn with (`layout::pdf`): shaped glyphs can stand for several characters (a letter
/// and its mark) or share a place (Naskh's lam-alef), which text extraction and screen
/// readers cannot both read in order; one character a glyph, side by side, they can.
pub(crate) fn reading_glyphs(font: ComplexFont, text: &str) -> Result<Vec<Glyph>, DocumentError> {
    let f = &faces()?[font.index()];
    Ok(text
        .char_indices()
        .map(|(i, c)| {
            let gid = f.face.glyph_index(c).map_or(0, |g| g.0);
            Glyph {
                gid,
                advance: i32::from(f.hmtx(gid)),
                x_offset: 0,
                y_offset: 0,
                text: (i as u32, (i + c.len_utf8()) as u32),
            }
        })
        .collect())
}

/// Make a string drawable on this path: like `fonts::prepare_text`, except that
/// characters of the complex scripts are kept when their font has them. Characters no
/// bundled font draws become the replacement mark and are reported in `missing`.
pub(crate) fn prepare_mixed(
    face: &LoadedFace,
    which: Face,
    s: &str,
    writing: Writing,
    missing: &mut Vec<char>,
) -> Result<String, DocumentError> {
    let faces = faces()?;
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<Script> = None;
    for c in s.chars() {
        match c {
            '\n' => {
                out.push('\n');
                continue;
            }
            '\r' | '\u{00AD}' => continue,
            _ if c.is_control() => {
                out.push(' ');
                continue;
            }
            _ => {}
        }
        let script = font_script(c, writing, faces, which)
            .or_else(|| prev.filter(|_| inherits(c)))
            .or_else(|| is_danda(c).then(|| danda_script(s)));
        if let Some(script) = script {
            let f = &faces[ComplexFont::for_face(script, which).index()];
            if f.has(c) || matches!(c, '\u{200C}' | '\u{200D}') {
                out.push(c);
                prev = Some(script);
                continue;
            }
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
        if !c.is_whitespace() {
            prev = None;
        }
    }
    Ok(out)
}

/// Which font draws a character of a prepared string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Complex(Script),
}

/// The font class of each character (by byte index of its start): complex-script
/// characters their font, joiners and dandas the script before them, spaces and ASCII
/// punctuation between two characters of one script that script (so "علی، احمد" is
/// shaped as one run), everything else DejaVu.
fn classes(
    text: &str,
    writing: Writing,
    faces: &[ShapingFace],
    which: Face,
) -> Vec<(usize, char, Class)> {
    let mut out: Vec<(usize, char, Class)> = text
        .char_indices()
        .map(|(i, c)| {
            let class = font_script(c, writing, faces, which).map_or(Class::Plain, Class::Complex);
            (i, c, class)
        })
        .collect();
    let mut prev = Class::Plain;
    for k in 0..out.len() {
        let (_, c, class) = out[k];
        if class != Class::Plain {
            prev = class;
            continue;
        }
        if inherits(c) {
            out[k].2 = match prev {
                // A danda after a name typed in English ("… {partnership}।").
                Class::Plain if is_danda(c) => Class::Complex(danda_script(text)),
                other => other,
            };
            continue;
        }
        let neutral = c == ' ' || c.is_ascii_punctuation();
        if let (true, Class::Complex(script)) = (neutral, prev) {
            // Only between two characters of the same script, and only when the font
            // has the character.
            let next = out[k + 1..]
                .iter()
                .find(|(_, c, _)| !(*c == ' ' || c.is_ascii_punctuation()))
                .map(|(_, _, cl)| *cl);
            let font = &faces[ComplexFont::for_face(script, which).index()];
            if next == Some(prev) && font.has(c) {
                out[k].2 = prev;
                continue;
            }
        }
        prev = Class::Plain;
    }
    out
}

/// A run of one level and one font class, shaped if complex.
struct Run {
    range: Range<usize>,
    level: Level,
    class: Class,
    /// Shaped glyphs (complex runs), in the shaper's output order (visual), with their
    /// cluster as a byte index into the paragraph.
    glyphs: Vec<(u32, Glyph)>,
}

/// Shape and wrap one paragraph-or-more of prepared text (`\n` separates paragraphs)
/// into lines no wider than `width` points, in a part written as `writing` (its base
/// direction, and the style of its Arabic script).
pub(crate) fn wrap_shaped(
    fonts: &Fonts,
    which: Face,
    size: f32,
    text: &str,
    width: f32,
    writing: Writing,
) -> Result<Vec<ShapedLine>, DocumentError> {
    let rtl = writing.right_to_left;
    let faces = faces()?;
    let plain = fonts.face(which);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let para = para.trim_matches(' ');
        if para.is_empty() {
            lines.push(ShapedLine {
                pieces: Vec::new(),
                width: 0.0,
                right_to_left: rtl,
            });
            continue;
        }
        let isolated = isolate_numbers(para);
        let para = isolated.as_str();
        // A left-to-right part keeps its direction (a name in Arabic inside English
        // text); in a right-to-left part a paragraph that starts in a left-to-right
        // script (an English service description typed by the author) runs left to
        // right, as a browser's dir="auto" would have it.
        let base = if rtl && !starts_left_to_right(para) {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let bidi = ParagraphBidiInfo::new(para, Some(base));
        let classes = classes(para, writing, faces, which);
        // Runs of one level and one class, in logical order.
        let mut runs: Vec<Run> = Vec::new();
        for (i, c, class) in &classes {
            let level = bidi.levels[*i];
            let end = i + c.len_utf8();
            match runs.last_mut() {
                Some(r) if r.level == level && r.class == *class => r.range.end = end,
                _ => runs.push(Run {
                    range: *i..end,
                    level,
                    class: *class,
                    glyphs: Vec::new(),
                }),
            }
        }
        // Each byte's share of the width, in points (at the start of its cluster).
        let mut adv = vec![0.0f32; para.len()];
        for run in &mut runs {
            match run.class {
                Class::Plain => {
                    for (i, c) in para[run.range.clone()].char_indices() {
                        if !is_isolate(c) {
                            adv[run.range.start + i] = plain.char_width(c, size);
                        }
                    }
                }
                Class::Complex(script) => {
                    let font = ComplexFont::for_face(script, which);
                    let f = &faces[font.index()];
                    run.glyphs =
                        shape_cached(font, f, &para[run.range.clone()], run.level.is_rtl());
                    let scale = size / f.units_per_em;
                    let start = run.range.start as u32;
                    for (cluster, g) in &mut run.glyphs {
                        *cluster += start;
                        g.text = (g.text.0 + start, g.text.1 + start);
                        if let Some(slot) = adv.get_mut(*cluster as usize) {
                            *slot += g.advance as f32 * scale;
                        }
                    }
                }
            }
        }
        // Break at spaces, greedily, in logical order. A line's width is the sum of what
        // it holds, spaces as drawn (a space shaped in Naskh is not DejaVu's).
        let mut before = Vec::with_capacity(adv.len() + 1);
        before.push(0.0f32);
        for a in &adv {
            before.push(before.last().copied().unwrap_or(0.0) + a);
        }
        let span_w = |r: Range<usize>| before[r.end] - before[r.start];
        let mut words: Vec<Range<usize>> = Vec::new();
        let mut start = None;
        for (i, c) in para.char_indices() {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(s..para.len());
        }
        let mut line: Option<Range<usize>> = None;
        let mut ranges = Vec::new();
        for w in words {
            line = match line {
                Some(r) if span_w(r.start..w.end) <= width => Some(r.start..w.end),
                Some(r) => {
                    ranges.push(r);
                    Some(w)
                }
                None => Some(w),
            };
        }
        if let Some(r) = line {
            ranges.push(r);
        }
        for range in ranges {
            let mut line = visual_line(para, &bidi, &runs, range, plain, which, size, faces);
            line.right_to_left = base.is_rtl();
            lines.push(line);
        }
    }
    while lines.len() > 1 && lines.last().is_some_and(|l| l.pieces.is_empty()) {
        lines.pop();
    }
    Ok(lines)
}

/// Whether the first character with a strong direction runs left to right.
fn starts_left_to_right(para: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    para.chars()
        .map(unicode_bidi::bidi_class)
        .find(|c| matches!(c, L | R | AL))
        .is_some_and(|c| c == L)
}

/// The bidi isolates put around numbers (see [`isolate_numbers`]); never drawn.
fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}' | '\u{2069}')
}

/// Puts every number with its inner spaces and separators ("07700 900123",
/// "+44 (0)20 7946 0000", "01/02/2026") in a left-to-right isolate, so that a phone
/// number inside right-to-left text keeps its groups in the order they were written
/// (the bidi algorithm alone would put "900123" before "07700").
fn isolate_numbers(para: &str) -> String {
    let chars: Vec<char> = para.chars().collect();
    let mut out = String::with_capacity(para.len() + 12);
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()));
        if !starts {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        let mut last_digit = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || " -./()+".contains(chars[j])) {
            if chars[j].is_ascii_digit() {
                last_digit = j;
            }
            j += 1;
        }
        let span: String = chars[i..=last_digit].iter().collect();
        if span.chars().any(|c| !c.is_ascii_digit()) {
            out.push('\u{2066}');
            out.push_str(&span);
            out.push('\u{2069}');
        } else {
            out.push_str(&span);
        }
        i = last_digit + 1;
    }
    out
}

/// What a shaped run is remembered by: the font (its index in [`ComplexFont::ALL`]),
/// the direction and the text.
type ShapedKey = (usize, bool, Box<str>);

/// Runs already shaped in this process, and roughly how many bytes they hold.
#[derive(Default)]
struct ShapedCache {
    runs: std::collections::HashMap<ShapedKey, Arc<[(u32, Glyph)]>>,
    bytes: usize,
}

/// At most this many bytes of shaped runs are remembered (text, glyphs and the map's
/// own share); the cache is emptied when it would grow past it. 4 MiB holds the
/// wording of every community language several times over.
const SHAPED_CACHE_BYTES: usize = 4 << 20;

static SHAPED: OnceLock<std::sync::Mutex<ShapedCache>> = OnceLock::new();

/// Shape `text` in `font` and one direction, remembering the result.
///
/// Why remember: shaping is most of the cost of a sheet in Bengali or Urdu, and
/// nearly all of a sheet's text is the fixed wording, the same for every person in a
/// batch (and shaped twice within a sheet: once to measure, once to draw). Shaping is
/// a pure function of font, direction and text, so a remembered run is exactly what
/// shaping again would give, and the bytes of a document do not depend on what was
/// made before it.
fn shape_cached(font: ComplexFont, f: &ShapingFace, text: &str, rtl: bool) -> Vec<(u32, Glyph)> {
    let cache = SHAPED.get_or_init(Default::default);
    let key: ShapedKey = (font.index(), rtl, text.into());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.runs.get(&key).cloned()) {
        return hit.to_vec();
    }
    let shaped = shape(font, f, text, rtl);
    let cost = text.len() + shaped.len() * std::mem::size_of::<(u32, Glyph)>() + 64;
    if let Ok(mut c) = cache.lock() {
        if c.bytes + cost > SHAPED_CACHE_BYTES {
            c.runs.clear();
            c.bytes = 0;
        }
        if cost <= SHAPED_CACHE_BYTES && c.runs.insert(key, shaped.as_slice().into()).is_none() {
            c.bytes += cost;
        }
    }
    shaped
}

/// A shaping plan: which of the font's lookups apply to a script in a direction.
type Plan = Arc<rustybuzz::ShapePlan>;

/// A plan with what it was made for: font index, direction and script.
type PlanFor = (usize, rustybuzz::Direction, Option<rustybuzz::Script>, Plan);

/// The plans made so far (a dozen at most).
static PLANS: OnceLock<std::sync::Mutex<Vec<PlanFor>>> = OnceLock::new();

/// The plan for shaping in `font` in `direction` and `script`, made once per process.
/// Making one walks the font's layout tables and was, for Bengali, more than the
/// shaping itself; `rustybuzz::shape` makes a new one for every call. Plans are made
/// exactly as it makes them (no features, no language), so the glyphs are the same.
fn plan(
    font: ComplexFont,
    f: &ShapingFace,
    direction: rustybuzz::Direction,
    script: Option<rustybuzz::Script>,
) -> Plan {
    let plans = PLANS.get_or_init(Default::default);
    let found = plans.lock().ok().and_then(|p| {
        p.iter()
            .find(|(i, d, s, _)| *i == font.index() && *d == direction && *s == script)
            .map(|(_, _, _, plan)| plan.clone())
    });
    if let Some(plan) = found {
        return plan;
    }
    let plan = Arc::new(rustybuzz::ShapePlan::new(
        &f.face,
        direction,
        script,
        None,
        &[],
    ));
    if let Ok(mut p) = plans.lock() {
        p.push((font.index(), direction, script, plan.clone()));
    }
    plan
}

/// `text` in a shaping buffer with its direction.
fn buffer(text: &str, rtl: bool) -> rustybuzz::UnicodeBuffer {
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buf
}

/// Shape `text` in one font and direction.
fn shape(font: ComplexFont, f: &ShapingFace, text: &str, rtl: bool) -> Vec<(u32, Glyph)> {
    let mut buf = buffer(text, rtl);
    buf.guess_segment_properties();
    let script = Some(buf.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
    let plan = plan(font, f, buf.direction(), script);
    let out = rustybuzz::shape_with_plan(&f.face, &plan, buf);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let clusters: Vec<u32> = infos.iter().map(|g| g.cluster).collect();
    // Each cluster's text is the bytes from its start to the next cluster's start (in
    // logical order).
    let mut starts = clusters.clone();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: u32| {
        let k = starts.partition_point(|s| *s <= c);
        starts.get(k).copied().unwrap_or(text.len() as u32)
    };
    // The glyphs of one cluster are next to each other in the output. The one that takes
    // the most room (the letter, not the mark on it) carries the cluster's text, so that
    // text extraction finds the text where the cluster is drawn.
    let mut carrier = vec![false; infos.len()];
    let mut start = 0;
    while start < infos.len() {
        let cluster = clusters[start];
        let end = clusters[start..]
            .iter()
            .position(|c| *c != cluster)
            .map_or(infos.len(), |n| start + n);
        let widest = (start..end)
            .max_by_key(|&i| (positions[i].x_advance, std::cmp::Reverse(i)))
            .unwrap_or(start);
        carrier[widest] = true;
        start = end;
    }
    clusters
        .into_iter()
        .zip(positions)
        .zip(infos)
        .zip(carrier)
        .map(|(((cluster, pos), info), carries)| {
            let text = if carries {
                (cluster, end_of(cluster))
            } else {
                (cluster, cluster)
            };
            (
                cluster,
                Glyph {
                    gid: u16::try_from(info.glyph_id).unwrap_or(0),
                    advance: pos.x_advance,
                    x_offset: pos.x_offset,
                    y_offset: pos.y_offset,
                    text,
                },
            )
        })
        .collect()
}

/// Mirrored forms of the paired punctuation, for DejaVu text drawn right to left.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        _ => c,
    }
}

/// One line (a byte range of the paragraph) as pieces, each placed where it is seen (runs
/// laid out in visual order) and listed in reading order, so that the page's content (what
/// a screen reader follows through the structure tree) reads as the text does.
#[allow(clippy::too_many_arguments)]
fn visual_line(
    para: &str,
    bidi: &ParagraphBidiInfo<'_>,
    runs: &[Run],
    line: Range<usize>,
    plain: &LoadedFace,
    which: Face,
    size: f32,
    faces: &[ShapingFace],
) -> ShapedLine {
    let (_, visual) = bidi.visual_runs(line.clone());
    // Each piece with where its text starts in the paragraph.
    let mut pieces: Vec<(usize, Piece)> = Vec::new();
    let mut x = 0.0f32;
    for vr in visual {
        // The runs (of one font) inside this visual run, in visual order.
        let mut parts: Vec<(&Run, Range<usize>)> = runs
            .iter()
            .filter_map(|r| {
                let s = r.range.start.max(vr.start);
                let e = r.range.end.min(vr.end);
                (s < e).then_some((r, s..e))
            })
            .collect();
        if bidi.levels.get(vr.start).is_some_and(|l| l.is_rtl()) {
            parts.reverse();
        }
        for (run, range) in parts {
            let start = range.start;
            match run.class {
                Class::Plain => {
                    let mut text: String =
                        para[range].chars().filter(|c| !is_isolate(*c)).collect();
                    if run.level.is_rtl() {
                        text = text.chars().rev().map(mirror).collect();
                    }
                    let w = plain.width(&text, size);
                    // Spaces are drawn too: text extraction then finds the space
                    // between a right-to-left word and the English after it.
                    if !text.is_empty() {
                        pieces.push((
                            start,
                            Piece::Plain {
                                face: which,
                                x,
                                text,
                            },
                        ));
                    }
                    x += w;
                }
                Class::Complex(script) => {
                    let font = ComplexFont::for_face(script, which);
                    let f = &faces[font.index()];
                    let scale = size / f.units_per_em;
                    let base = range.start as u32;
                    let end = range.end as u32;
                    let glyphs: Vec<Glyph> = run
                        .glyphs
                        .iter()
                        .filter(|(c, _)| *c >= base && *c < end)
                        .map(|(_, g)| {
                            let mut g = *g;
                            let (s, e) = g.text;
                            // Text ranges relative to the piece's text, clipped to it.
                            let s = s.clamp(base, end) - base;
                            let e = e.clamp(base, end) - base;
                            g.text = (s, e.max(s));
                            g
                        })
                        .collect();
                    let w: f32 = glyphs.iter().map(|g| g.advance as f32 * scale).sum();
                    if !glyphs.is_empty() {
                        pieces.push((
                            start,
                            Piece::Glyphs {
                                font,
                                x,
                                glyphs: glyphs.into(),
                                text: para[range].to_string(),
                            },
                        ));
                    }
                    x += w;
                }
            }
        }
    }
    pieces.sort_by_key(|(start, _)| *start);
    ShapedLine {
        pieces: pieces.into_iter().map(|(_, p)| p).collect(),
        width: x,
        right_to_left: false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::*;

    fn lines(text: &str, width: f32, rtl: bool) -> Vec<ShapedLine> {
        let writing = Writing {
            right_to_left: rtl,
            nastaliq: false,
        };
        lines_in(text, width, writing)
    }

    fn lines_in(text: &str, width: f32, writing: Writing) -> Vec<ShapedLine> {
        let f = fonts().expect("fonts");
        let mut missing = Vec::new();
        let prepared = prepare_mixed(
            f.face(Face::Regular),
            Face::Regular,
            text,
            writing,
            &mut missing,
        )
        .expect("prepared");
        assert!(missing.is_empty(), "{missing:?}");
        wrap_shaped(f, Face::Regular, 14.0, &prepared, width, writing).expect("shaped")
    }

    #[test]
    fn latin_needs_no_shaping_and_the_scripts_do() {
        assert!(!needs_shaping("Ann Jones, 12 Park Road, Ŵyn Łódź"));
        assert!(needs_shaping("Name: রহিম"));
        assert!(needs_shaping("علی"));
        assert!(needs_shaping("ਸਤਿ"));
    }

    #[test]
    fn arabic_joins_and_runs_right_to_left_with_numbers_left_to_right() {
        let ls = lines("فون 07700 900123 پر", 1000.0, true);
        assert_eq!(ls.len(), 1);
        let pieces = &ls[0].pieces;
        // Reading order: "فون", the number (DejaVu, left to right), "پر"; placed right
        // to left, so "فون" is furthest right.
        let x_of = |p: &Piece| match p {
            Piece::Plain { x, .. } | Piece::Glyphs { x, .. } => *x,
        };
        assert!(
            pieces.windows(2).all(|w| x_of(&w[0]) > x_of(&w[1])),
            "{pieces:?}"
        );
        let texts: Vec<&str> = pieces
            .iter()
            .map(|p| match p {
                Piece::Plain { text, .. } | Piece::Glyphs { text, .. } => text.as_str(),
            })
            .collect();
        assert_eq!(texts.first().map(|t| t.trim()), Some("فون"));
        assert!(
            texts.iter().any(|t| t.contains("07700 900123")),
            "{texts:?}"
        );
        assert_eq!(texts.last().map(|t| t.trim()), Some("پر"));
        // Joining: the three letters of فون are three different glyphs from their
        // isolated forms, so shaping happened.
        let f = faces().unwrap();
        let naskh = &f[ComplexFont::new(Script::Arabic, false).index()];
        let isolated = naskh.face.glyph_index('ف').unwrap().0;
        if let Some(Piece::Glyphs { glyphs, .. }) = pieces.first() {
            assert!(glyphs.iter().all(|g| g.gid != isolated), "{glyphs:?}");
        } else {
            panic!("{pieces:?}");
        }
    }

    #[test]
    fn bengali_reorders_and_makes_conjuncts() {
        // কি: the vowel sign i is drawn before the consonant.
        let ls = lines("কি ক্ষ", 1000.0, false);
        let Some(Piece::Glyphs { glyphs, .. }) = ls[0].pieces.first() else {
            panic!("{:?}", ls[0].pieces);
        };
        let f = faces().unwrap();
        let bn = &f[ComplexFont::new(Script::Bengali, false).index()];
        let ka = bn.face.glyph_index('ক').unwrap().0;
        let i_sign = bn.face.glyph_index('ি').unwrap().0;
        assert_eq!(glyphs[0].gid, i_sign, "{glyphs:?}");
        assert_eq!(glyphs[1].gid, ka);
        // ক্ষ is one conjunct glyph, not three.
        assert!(glyphs.len() < 5, "{glyphs:?}");
    }

    #[test]
    fn arabic_name_in_english_text_keeps_english_order() {
        let ls = lines("Name: علي Khan", 1000.0, false);
        let texts: Vec<String> = ls[0]
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Plain { text, .. } | Piece::Glyphs { text, .. } => text.trim().to_string(),
            })
            .collect();
        assert_eq!(texts, vec!["Name:", "علي", "Khan"]);
    }

    #[test]
    fn remembered_runs_and_plans_shape_as_rustybuzz_does() {
        let f = faces().unwrap();
        for (font, text, rtl) in [
            (
                ComplexFont::new(Script::Bengali, false),
                "আমরা আপনার ক্ষ কি",
                false,
            ),
            (ComplexFont::new(Script::Bengali, true), "আমরা আপনার", false),
            (
                ComplexFont::new(Script::Arabic, false),
                "فون پر علی، احمد",
                true,
            ),
            (ComplexFont::new(Script::Gurmukhi, false), "ਸਤਿ ਸ੍ਰੀ", false),
            (ComplexFont::new(Script::Bengali, false), "\u{0964}", false),
        ] {
            let face = &f[font.index()];
            // rustybuzz's own way: a new plan for every call.
            let fresh = rustybuzz::shape(&face.face, &[], buffer(text, rtl));
            let fresh: Vec<(u32, u32, i32)> = fresh
                .glyph_infos()
                .iter()
                .zip(fresh.glyph_positions())
                .map(|(i, p)| (i.glyph_id, i.cluster, p.x_advance))
                .collect();
            let ours = shape(font, face, text, rtl);
            let again = shape_cached(font, face, text, rtl);
            let cached = shape_cached(font, face, text, rtl);
            assert_eq!(ours, again, "{text}");
            assert_eq!(ours, cached, "{text}");
            let ours: Vec<(u32, u32, i32)> = ours
                .iter()
                .map(|(c, g)| (u32::from(g.gid), *c, g.advance))
                .collect();
            assert_eq!(ours, fresh, "{text}");
        }
    }

    /// In an Urdu part, an Urdu paragraph runs right to left and an English one (typed
    /// by the author) left to right, so the layout aligns each on its own side.
    #[test]
    fn each_paragraph_of_a_right_to_left_part_keeps_its_own_direction() {
        let urdu = Writing {
            right_to_left: true,
            nastaliq: true,
        };
        let ls = lines_in("یہ پرچہ اردو میں ہے۔\nThis sheet is in Urdu.", 1000.0, urdu);
        let sides: Vec<bool> = ls.iter().map(|l| l.right_to_left).collect();
        assert_eq!(sides, vec![true, false]);
        // The Urdu is in Nastaliq; outside an Urdu part the same words are Naskh.
        let fonts_of = |ls: &[ShapedLine]| -> Vec<Script> {
            ls.iter()
                .flat_map(|l| &l.pieces)
                .filter_map(|p| match p {
                    Piece::Glyphs { font, .. } => Some(font.script),
                    Piece::Plain { .. } => None,
                })
                .collect()
        };
        assert_eq!(fonts_of(&ls), vec![Script::Urdu]);
        assert_eq!(
            fonts_of(&lines("یہ پرچہ اردو میں ہے۔", 1000.0, true)),
            vec![Script::Arabic]
        );
    }

    #[test]
    fn lines_break_at_spaces_within_the_width() {
        let text = "আমরা আপনার পরিবারের সাথে কথা বলতে চাই এবং আপনার কথা শুনতে চাই";
        let ls = lines(text, 150.0, false);
        assert!(ls.len() > 2, "{}", ls.len());
        for l in &ls {
            assert!(l.width <= 150.0 + 0.01, "{}", l.width);
        }
    }

    /// Every string value of a wording file, in order.
    fn strings_of(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(items) => items.iter().for_each(|v| strings_of(v, out)),
            toml::Value::Table(t) => t.values().for_each(|v| strings_of(v, out)),
            _ => {}
        }
    }

    /// The highest and lowest ink of `text` shaped in `font`, in ems from the baseline
    /// (up is positive), with its glyphs' offsets.
    fn ink(font: ComplexFont, text: &str) -> (f32, f32) {
        let f = &faces().unwrap()[font.index()];
        let (mut top, mut bottom) = (0.0f32, 0.0f32);
        for (_, g) in shape(font, f, text, true) {
            if let Some(b) = f
                .face
                .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.gid))
            {
                top = top.max(f32::from(b.y_max) + g.y_offset as f32);
                bottom = bottom.min(f32::from(b.y_min) + g.y_offset as f32);
            }
        }
        (top / f.units_per_em, -bottom / f.units_per_em)
    }

    /// The line a Nastaliq part gives its text holds it: no word of the Urdu wording
    /// reaches below the line's box, nine words in ten fit above the baseline inside
    /// it, and two lines' ink can meet only where a word among the tallest one in
    /// twenty stands under one among the deepest one in twenty.
    #[test]
    fn nastaliq_lines_hold_their_ink() {
        use super::super::layout::{Style, NASTALIQ_BELOW, NASTALIQ_LINE};
        let mut texts = Vec::new();
        for file in ["ur.toml", "letters-ur.toml"] {
            let path = format!("{}/assets/wording/{file}", env!("CARGO_MANIFEST_DIR"));
            let value: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).expect("wording")).expect("toml");
            strings_of(&value, &mut texts);
        }
        let (mut tops, mut bottoms) = (Vec::new(), Vec::new());
        for bold in [false, true] {
            let font = ComplexFont::new(Script::Urdu, bold);
            for text in &texts {
                for word in text.split([' ', '\n']).filter(|w| needs_shaping(w)) {
                    let (top, bottom) = ink(font, word);
                    tops.push(top);
                    bottoms.push(bottom);
                }
            }
        }
        assert!(tops.len() > 5000, "{} words", tops.len());
        tops.sort_by(f32::total_cmp);
        bottoms.sort_by(f32::total_cmp);
        let part = |v: &[f32], n: usize| v[(v.len() - 1) * n / 100];
        // In ems: the line, and its room above and below the baseline.
        let line = Style::standard().line_height(1.0) * NASTALIQ_LINE;
        let above = line - NASTALIQ_BELOW;
        assert!(
            part(&bottoms, 100) <= NASTALIQ_BELOW,
            "{}",
            part(&bottoms, 100)
        );
        assert!(part(&tops, 90) <= above, "{} > {above}", part(&tops, 90));
        assert!(
            part(&tops, 95) + part(&bottoms, 95) <= line,
            "{} + {} > {line}",
            part(&tops, 95),
            part(&bottoms, 95)
        );
    }

    /// Our shaping (rustybuzz, with plans made once and runs remembered) gives exactly
    /// the glyphs and positions HarfBuzz itself gives (`hb-shape`, from the Debian
    /// package libharfbuzz-bin, which `cargo xtask setup` installs), for every paragraph
    /// of each script's wording, in every font Kindred ships.
    #[test]
    fn shaping_matches_harfbuzz_on_the_wording() {
        let dir = env!("CARGO_MANIFEST_DIR");
        for (font, wording) in [
            (ComplexFont::new(Script::Urdu, false), "ur.toml"),
            (ComplexFont::new(Script::Urdu, true), "letters-ur.toml"),
            (ComplexFont::new(Script::Arabic, false), "ar.toml"),
            (ComplexFont::new(Script::Arabic, true), "letters-ar.toml"),
            (ComplexFont::new(Script::Bengali, false), "bn.toml"),
            (ComplexFont::new(Script::Bengali, true), "letters-bn.toml"),
            (ComplexFont::new(Script::Gurmukhi, false), "pa.toml"),
            (ComplexFont::new(Script::Gurmukhi, true), "letters-pa.toml"),
        ] {
            let path = format!("{dir}/assets/wording/{wording}");
            let value: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).expect("wording")).expect("toml");
            let mut texts = Vec::new();
            strings_of(&value, &mut texts);
            // Each paragraph's runs of the script alone (as the layout shapes them).
            let mut runs: Vec<String> = texts
                .iter()
                .flat_map(|t| t.split('\n'))
                .flat_map(|t| t.split(|c: char| c.is_ascii_alphanumeric() || "{}_()".contains(c)))
                .map(|t| t.trim().to_string())
                .filter(|t| needs_shaping(t))
                .collect();
            runs.sort();
            runs.dedup();
            assert!(runs.len() > 20, "{wording}: {} runs", runs.len());
            let file = format!("{dir}/assets/fonts/{}.ttf", font.base_name());
            // The runs one a line on its standard input: hb-shape shapes each line alone.
            let mut child = std::process::Command::new("hb-shape")
                .args(["--output-format=json", "--no-glyph-names", "--utf8-clusters"])
                .arg("--text-file=-")
                .arg(&file)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("hb-shape could not be run ({e}): install libharfbuzz-bin (cargo xtask setup)")
                });
            {
                use std::io::Write;
                let mut stdin = child.stdin.take().expect("hb-shape's input");
                stdin
                    .write_all(runs.join("\n").as_bytes())
                    .expect("the runs given to hb-shape");
            }
            let out = child.wait_with_output().expect("hb-shape's output");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let theirs: Vec<&str> = std::str::from_utf8(&out.stdout)
                .expect("utf-8")
                .lines()
                .collect();
            assert_eq!(
                theirs.len(),
                runs.len(),
                "{wording}: one line of glyphs per run"
            );
            let f = &faces().unwrap()[font.index()];
            for (run, line) in runs.iter().zip(theirs) {
                let theirs: Vec<serde_json::Value> = serde_json::from_str(line).expect("json");
                let theirs: Vec<(i64, i64, i64, i64, i64)> = theirs
                    .iter()
                    .map(|g| {
                        let n = |k: &str| g[k].as_i64().expect("a number");
                        (n("g"), n("cl"), n("dx"), n("dy"), n("ax"))
                    })
                    .collect();
                let ours: Vec<(i64, i64, i64, i64, i64)> =
                    shape(font, f, run, font.right_to_left())
                        .iter()
                        .map(|(cl, g)| {
                            (
                                i64::from(g.gid),
                                i64::from(*cl),
                                i64::from(g.x_offset),
                                i64::from(g.y_offset),
                                i64::from(g.advance),
                            )
                        })
                        .collect();
                assert_eq!(ours, theirs, "{} {wording}: {run:?}", font.base_name());
            }
        }
    }
}
