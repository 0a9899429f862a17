//! The complex-script fonts in the PDF: each one a document uses is subset to the glyphs
//! it draws (by glyph id: shaped glyphs such as joining forms and conjuncts have no
//! character of their own) and written as a Type 0 font with Identity-H encoding, its
//! own /W widths and a /ToUnicode map from each glyph to the characters it stands for.
//!
//! Written here rather than by printpdf: printpdf maps characters to glyphs
//! through the font's character map, which knows nothing of shaped glyphs. Subsets are
//! cached like DejaVu's, so a batch of sheets in one language cuts each once.
//!
//! DejaVu's subsets (see `fonts`) are written here too ([`add_plain_font`]), the same
//! way: printpdf, given them, re-read each subset's tables, copied its program and
//! built its text map for every document, a sixth of the cost of a sheet. Here the
//! compressed program is kept with the subset, and only the widths and text map of the
//! characters the document draws are made for it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;

use super::super::fonts::{CharSet, Face, Subset};
use super::super::shaping::{faces, ComplexFont};
use super::objects::{Data, Dict, Id, Objects};
use super::paginate::GlyphTexts;
use super::DocumentError;

/// A subset of one complex font and the subset glyph id of each whole-font glyph id.
pub(super) struct ComplexSubset {
    bytes: Vec<u8>,
    map: HashMap<u16, u16>,
    /// The program compressed, made by the first document that embeds the subset.
    compressed: OnceLock<Arc<Vec<u8>>>,
}

impl ComplexSubset {
    /// The subset's glyph for whole-font glyph `gid` (0, the missing glyph, if the subset
    /// lacks it, which cannot happen for a glyph the document asked for).
    fn glyph(&self, gid: u16) -> u16 {
        self.map.get(&gid).copied().unwrap_or(0)
    }
}

/// The codes a document draws one complex font with: one for each glyph and text it
/// stands for, numbered from 1 in (glyph, text) order.
///
/// Why not one code per glyph: a glyph stands for different text in different places.
/// The alef that a tanween sits on, or a letter under a shadda, shares its cluster with
/// the mark, and one of the two carries the cluster's text; elsewhere the same alef is a
/// word's letter alone. With one code, copying or reading "جداً" gave a letter twice.
pub(super) struct ComplexCodes {
    /// Each code from 1, in (glyph, text) order: its whole-font glyph and text.
    entries: Vec<(u16, String)>,
}

impl ComplexCodes {
    pub(super) fn new(used: &GlyphTexts) -> ComplexCodes {
        let entries = used
            .iter()
            .flat_map(|(gid, texts)| texts.iter().map(|t| (*gid, t.clone())))
            .collect();
        ComplexCodes { entries }
    }

    /// The code of whole-font glyph `gid` standing for `text` (0, nothing drawn, for a
    /// pair the document did not record, which cannot happen).
    pub(super) fn code(&self, gid: u16, text: &str) -> u16 {
        self.entries
            .binary_search_by(|(g, t)| (*g, t.as_str()).cmp(&(gid, text)))
            .ok()
            .and_then(|i| u16::try_from(i + 1).ok())
            .unwrap_or(0)
    }
}

type ParsedCache = Mutex<HashMap<ComplexFont, Arc<ParsedFont>>>;
static PARSED: OnceLock<ParsedCache> = OnceLock::new();

type SubsetCache = Mutex<HashMap<(ComplexFont, Vec<u16>), Arc<ComplexSubset>>>;
static SUBSETS: OnceLock<SubsetCache> = OnceLock::new();
const SUBSET_CACHE_ENTRIES: usize = 64;

fn parsed(font: ComplexFont) -> Result<Arc<ParsedFont>, DocumentError> {
    let cache = PARSED.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&font).cloned()) {
        return Ok(hit);
    }
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(font.bytes(), 0, &mut warnings).ok_or_else(|| {
        DocumentError::Font(format!(
            "the embedded font {} could not be read: {warnings:?}",
            font.base_name()
        ))
    })?;
    let parsed = Arc::new(parsed);
    if let Ok(mut c) = cache.lock() {
        c.insert(font, parsed.clone());
    }
    Ok(parsed)
}

/// The subset of `font` for the glyphs in `used`.
pub(super) fn subset(
    font: ComplexFont,
    used: &GlyphTexts,
) -> Result<Arc<ComplexSubset>, DocumentError> {
    let key = (font, used.keys().copied().collect::<Vec<u16>>());
    let cache = SUBSETS.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let parsed = parsed(font)?;
    // printpdf reads only the glyph ids.
    let glyphs: BTreeMap<u16, String> = used.keys().map(|g| (*g, String::new())).collect();
    let made = printpdf::subset_font(&parsed, &glyphs)
        .map_err(|e| DocumentError::Font(format!("cannot subset the font: {e}")))?;
    let map = made
        .glyph_mapping
        .iter()
        .map(|(old, (new, _))| (*old, *new))
        .collect();
    let subset = Arc::new(ComplexSubset {
        // Without its hinting, as the plain fonts' subsets (`unhinted`).
        bytes: crate::documents::unhinted::without_hinting(&made.bytes).unwrap_or(made.bytes),
        map,
        compressed: OnceLock::new(),
    });
    if let Ok(mut c) = cache.lock() {
        if c.len() >= SUBSET_CACHE_ENTRIES {
            c.clear();
        }
        c.insert(key, subset.clone());
    }
    Ok(subset)
}

/// The width of whole-font glyph `gid` in thousandths of an em, as the /W array gives it.
pub(super) fn width_milli(font: ComplexFont, gid: u16) -> Result<f32, DocumentError> {
    let f = &faces()?[font.index()];
    Ok(f32::from(f.hmtx(gid)) * 1000.0 / f.units_per_em)
}

/// Thousandths of an em for a value in `font`'s units.
pub(super) fn milli(font: ComplexFont, units: i32) -> Result<f32, DocumentError> {
    let f = &faces()?[font.index()];
    Ok(units as f32 * 1000.0 / f.units_per_em)
}

/// A font program compressed once for all the documents that embed it: `cell` holds
/// it once made (by whichever document came first; another thread may make the same
/// bytes at the same time, and either copy serves).
fn compressed_program(
    cell: &OnceLock<Arc<Vec<u8>>>,
    program: &[u8],
) -> Result<Arc<Vec<u8>>, DocumentError> {
    if let Some(c) = cell.get() {
        return Ok(c.clone());
    }
    let c = Arc::new(
        super::pdf::deflate(program, super::pdf::SHARED_COMPRESSION)
            .map_err(|e| DocumentError::Pdf(format!("cannot compress a font: {e}")))?,
    );
    let _ = cell.set(c.clone());
    Ok(c)
}

/// The embedded program of a TrueType subset (/FontFile2), compressed.
fn font_file(
    objects: &mut Objects,
    cell: &OnceLock<Arc<Vec<u8>>>,
    program: &[u8],
) -> Result<Id, DocumentError> {
    let compressed = compressed_program(cell, program)?;
    let mut dict = Dict::new();
    dict.int("Length1", program.len() as i64)
        .name("Filter", "FlateDecode");
    Ok(objects.add_stream(dict, Data::Shared(compressed)))
}

/// Adds the font objects for `font` (its subset, and each code's glyph, width and text);
/// gives the font's object, for the pages' resources to name.
pub(super) fn add_font(
    objects: &mut Objects,
    font: ComplexFont,
    subset: &ComplexSubset,
    codes: &ComplexCodes,
) -> Result<Id, DocumentError> {
    let f = &faces()?[font.index()];
    let scale = 1000.0 / f.units_per_em;
    let tagged = format!("{}+{}", font.resource_name(), font.base_name());
    let file_id = font_file(objects, &subset.compressed, &subset.bytes)?;

    let bbox = f.face.global_bounding_box();
    let ascent = f32::from(f.face.ascender()) * scale;
    let descent = f32::from(f.face.descender()) * scale;
    let cap = f
        .face
        .capital_height()
        .map_or(ascent, |c| f32::from(c) * scale);
    let mut descriptor = Dict::of_type("FontDescriptor");
    descriptor
        .name("FontName", &tagged)
        .int("Flags", 4)
        .array("FontBBox", |a| {
            for v in [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max] {
                a.int((f32::from(v) * scale).round() as i64);
            }
        })
        .int("ItalicAngle", 0)
        .int("Ascent", ascent.round() as i64)
        .int("Descent", descent.round() as i64)
        .int("CapHeight", cap.round() as i64)
        .int("StemV", 80)
        .reference("FontFile2", file_id);
    let descriptor_id = objects.add(descriptor);

    // Each code's glyph in the subset (code 0 draws nothing), width and text.
    let mut glyph_of = Vec::with_capacity((codes.entries.len() + 1) * 2);
    glyph_of.extend_from_slice(&[0, 0]);
    for (gid, _) in &codes.entries {
        glyph_of.extend_from_slice(&subset.glyph(*gid).to_be_bytes());
    }
    let map_id = objects.add_compressed(Dict::new(), glyph_of, super::pdf::STREAM_COMPRESSION)?;
    let mut cid = cid_font(&tagged, descriptor_id, 0, |w| {
        w.int(1).array(|run| {
            for (gid, _) in &codes.entries {
                run.real(f32::from(f.hmtx(*gid)) * scale);
            }
        });
    });
    cid.reference("CIDToGIDMap", map_id);
    let cid_id = objects.add(cid);
    let cmap = to_unicode(
        font.resource_name(),
        codes
            .entries
            .iter()
            .enumerate()
            .map(|(i, (_, t))| (u16::try_from(i + 1).unwrap_or(0), t.as_str())),
    );
    type0_font(
        objects,
        &tagged,
        |d| {
            d.reference(cid_id);
        },
        cmap,
    )
}

/// Adds DejaVu `face` as its subset `subset`, with the widths and text of the characters
/// of `used` (those the document draws): a Type 0 font, Identity-H, its codes the
/// subset's glyph ids (as the content streams draw them), marked as a subset
/// (`KDRREG+DejaVuSans`). Gives the font's object, for the pages' resources to name.
pub(super) fn add_plain_font(
    objects: &mut Objects,
    face: Face,
    subset: &Subset,
    used: &CharSet,
) -> Result<Id, DocumentError> {
    let parsed = &subset.parsed;
    let upm = parsed.pdf_font_metrics.units_per_em;
    let scale = if upm == 0 {
        1.0
    } else {
        1000.0 / f32::from(upm)
    };
    let base = match face {
        Face::Regular => "DejaVuSans",
        Face::Bold => "DejaVuSans-Bold",
    };
    let tagged = format!("{}+{base}", face.resource_name());
    let file_id = font_file(objects, &subset.compressed, &subset.bytes)?;

    // The metrics as printpdf wrote them: font units scaled to thousandths of an em.
    let m = &parsed.pdf_font_metrics;
    let units = |v: f32| (v * scale).round() as i64;
    let ascent = units(parsed.font_metrics.ascent.trunc());
    let descent = units(parsed.font_metrics.descent.trunc());
    let cap = parsed.font_metrics.cap_height.map_or(ascent, units);
    let mut descriptor = Dict::of_type("FontDescriptor");
    descriptor
        .name("FontName", &tagged)
        .int("Ascent", ascent)
        .int("Descent", descent)
        .int("CapHeight", cap)
        // Both faces are upright.
        .int("ItalicAngle", 0)
        // Non-symbolic: the Latin character set.
        .int("Flags", 32)
        .int("StemV", 80)
        .array("FontBBox", |a| {
            for v in [m.x_min, m.y_min, m.x_max, m.y_max] {
                a.int(units(f32::from(v)));
            }
        })
        .reference("FontFile2", file_id);
    let descriptor_id = objects.add(descriptor);

    // Each glyph drawn, with the first character (in code point order) it stands for.
    let mut glyphs: BTreeMap<u16, char> = BTreeMap::new();
    for c in used.iter() {
        let gid = subset.gid(c);
        if gid != 0 {
            glyphs.entry(gid).or_insert(c);
        }
    }
    // /W in runs of consecutive codes, widths truncated to whole thousandths (as
    // printpdf wrote them, and as the layout's positions assume).
    let mut runs: Vec<(u16, Vec<i64>)> = Vec::new();
    let mut last: Option<u16> = None;
    for gid in glyphs.keys() {
        let w = (f32::from(parsed.get_horizontal_advance(*gid)) * scale) as i64;
        match runs.last_mut() {
            Some((_, run)) if last.is_some_and(|l| l.checked_add(1) == Some(*gid)) => run.push(w),
            _ => runs.push((*gid, vec![w])),
        }
        last = Some(*gid);
    }
    let mut cid = cid_font(&tagged, descriptor_id, 1000, |w| {
        for (start, run) in &runs {
            w.int(i64::from(*start)).array(|a| {
                for width in run {
                    a.int(*width);
                }
            });
        }
    });
    cid.name("CIDToGIDMap", "Identity");
    let chars: Vec<(u16, String)> = glyphs.iter().map(|(g, c)| (*g, c.to_string())).collect();
    let cmap = to_unicode(
        face.resource_name(),
        chars.iter().map(|(g, t)| (*g, t.as_str())),
    );
    type0_font(
        objects,
        &tagged,
        |d| {
            d.dict(cid);
        },
        cmap,
    )
}

/// A subset's CIDFont (TrueType outlines): `default_width` for the codes the /W array
/// (`widths`) leaves out. The caller adds /CIDToGIDMap.
fn cid_font(
    tagged: &str,
    descriptor_id: Id,
    default_width: i64,
    widths: impl FnOnce(&mut super::objects::Array<'_>),
) -> Dict {
    let mut system = Dict::new();
    system
        .bytes("Registry", b"Adobe")
        .bytes("Ordering", b"Identity")
        .int("Supplement", 0);
    let mut cid = Dict::of_type("Font");
    cid.name("Subtype", "CIDFontType2")
        .name("BaseFont", tagged)
        .dict("CIDSystemInfo", system)
        .int("DW", default_width)
        .reference("FontDescriptor", descriptor_id)
        .array("W", widths);
    cid
}

/// The Type0 font the pages name: its CIDFont (`descendant` writes it into the
/// /DescendantFonts array, as a reference or the dictionary itself) and its ToUnicode
/// CMap, so that copied text reads back as written. Gives the font's object.
fn type0_font(
    objects: &mut Objects,
    tagged: &str,
    descendant: impl FnOnce(&mut super::objects::Array<'_>),
    cmap: String,
) -> Result<Id, DocumentError> {
    let cmap_id = objects.add_compressed(
        Dict::new(),
        cmap.into_bytes(),
        super::pdf::STREAM_COMPRESSION,
    )?;
    let mut type0 = Dict::of_type("Font");
    type0
        .name("Subtype", "Type0")
        .name("BaseFont", tagged)
        .name("Encoding", "Identity-H")
        .array("DescendantFonts", descendant)
        .reference("ToUnicode", cmap_id);
    Ok(objects.add(type0))
}

/// A ToUnicode CMap: each code to its text (UTF-16BE); codes with no text are left out.
fn to_unicode<'a>(name: &str, entries: impl Iterator<Item = (u16, &'a str)>) -> String {
    // Four hex digits, as a CMap writes a code or a UTF-16 unit.
    fn hex4(out: &mut String, v: u16) {
        use super::super::content::HEX;
        for shift in [12, 8, 4, 0] {
            out.push(char::from(HEX[usize::from((v >> shift) & 0xF)]));
        }
    }
    let entries: Vec<(u16, &str)> = entries.filter(|(_, t)| !t.is_empty()).collect();
    let mut out = String::with_capacity(400 + entries.len() * 16);
    out.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /",
    );
    out.push_str(name);
    out.push_str(
        "-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in entries.chunks(100) {
        out.push_str(&chunk.len().to_string());
        out.push_str(" beginbfchar\n");
        for (code, text) in chunk {
            out.push('<');
            hex4(&mut out, *code);
            out.push_str("> <");
            for unit in text.encode_utf16() {
                hex4(&mut out, unit);
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_codes_to_utf16_and_skips_empty() {
        let cmap = to_unicode("KDRARR", [(3u16, "لا"), (4, ""), (5, "😀")].into_iter());
        assert!(
            cmap.contains("2 beginbfchar\n<0003> <06440627>\n<0005> <D83DDE00>\n"),
            "{cmap}"
        );
        assert!(!cmap.contains("<0004>"));
    }
}
