//! The complex-script fonts in the PDF: each one a document uses is subset to the glyphs
//! it draws (by glyph id: shaped glyphs such as joining forms and conjuncts have no
//! character of their own) and written as a Type 0 font with Identity-H encoding, its
//! own /W widths and a /ToUnicode map from each glyph to the characters it stands for.
//!
//! Written here, with lopdf, rather than by printpdf: printpdf maps characters to glyphs
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

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::ParsedFont;

use super::super::fonts::{CharSet, Face, Subset};
use super::super::shaping::{faces, ComplexFont};
use super::paginate::GlyphTexts;
use super::DocumentError;

/// A subset of one complex font and the subset glyph id of each whole-font glyph id.
pub(super) struct ComplexSubset {
    bytes: Vec<u8>,
    map: HashMap<u16, u16>,
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
        bytes: made.bytes,
        map,
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

/// Adds the font objects for `font` (its subset, and each code's glyph, width and text)
/// and names it in every page's font resources.
pub(super) fn add_font(
    doc: &mut lopdf::Document,
    font: ComplexFont,
    subset: &ComplexSubset,
    codes: &ComplexCodes,
) -> Result<(), DocumentError> {
    let f = &faces()?[font.index()];
    let scale = 1000.0 / f.units_per_em;
    let tagged = format!("{}+{}", font.resource_name(), font.base_name());
    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", Object::Integer(subset.bytes.len() as i64));
    let file_id = doc.add_object(Stream::new(file_dict, subset.bytes.clone()));

    let bbox = f.face.global_bounding_box();
    let ascent = f32::from(f.face.ascender()) * scale;
    let descent = f32::from(f.face.descender()) * scale;
    let cap = f
        .face
        .capital_height()
        .map_or(ascent, |c| f32::from(c) * scale);
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(tagged.clone().into_bytes()));
    descriptor.set("Flags", Object::Integer(4));
    descriptor.set(
        "FontBBox",
        Object::Array(
            [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
                .iter()
                .map(|v| Object::Integer((f32::from(*v) * scale).round() as i64))
                .collect(),
        ),
    );
    descriptor.set("ItalicAngle", Object::Integer(0));
    descriptor.set("Ascent", Object::Integer(ascent.round() as i64));
    descriptor.set("Descent", Object::Integer(descent.round() as i64));
    descriptor.set("CapHeight", Object::Integer(cap.round() as i64));
    descriptor.set("StemV", Object::Integer(80));
    descriptor.set("FontFile2", Object::Reference(file_id));
    let descriptor_id = doc.add_object(descriptor);

    // Each code's glyph in the subset (code 0 draws nothing), width and text.
    let mut glyph_of = Vec::with_capacity((codes.entries.len() + 1) * 2);
    glyph_of.extend_from_slice(&[0, 0]);
    let mut widths = Vec::with_capacity(2);
    let mut run = Vec::with_capacity(codes.entries.len());
    for (gid, _) in &codes.entries {
        glyph_of.extend_from_slice(&subset.glyph(*gid).to_be_bytes());
        run.push(Object::Real(f32::from(f.hmtx(*gid)) * scale));
    }
    widths.push(Object::Integer(1));
    widths.push(Object::Array(run));
    // Compressed with the document's other streams.
    let map_id = doc.add_object(Stream::new(Dictionary::new(), glyph_of));
    let cid = cid_font(&tagged, descriptor_id, 0, widths, Object::Reference(map_id));
    let cid_id = doc.add_object(cid);
    let cmap = to_unicode(
        font.resource_name(),
        codes
            .entries
            .iter()
            .enumerate()
            .map(|(i, (_, t))| (u16::try_from(i + 1).unwrap_or(0), t.as_str())),
    );
    type0_font(
        doc,
        font.resource_name(),
        tagged,
        Object::Reference(cid_id),
        cmap,
    )
}

/// Adds DejaVu `face` as its subset `subset`, with the widths and text of the characters
/// of `used` (those the document draws), and names it in every page's font resources:
/// a Type 0 font, Identity-H, its codes the subset's glyph ids (as the content streams
/// draw them), marked as a subset (`KDRREG+DejaVuSans`).
pub(super) fn add_plain_font(
    doc: &mut lopdf::Document,
    face: Face,
    subset: &Subset,
    used: &CharSet,
) -> Result<(), DocumentError> {
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

    let program = match subset.compressed.get() {
        Some(c) => c.clone(),
        None => {
            let c = super::pdf::deflate(&subset.bytes, super::pdf::SHARED_COMPRESSION)
                .map_err(|e| DocumentError::Pdf(format!("cannot compress a font: {e}")))?;
            // Another thread may have set it first: the bytes are the same.
            let _ = subset.compressed.set(c.clone());
            c
        }
    };
    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", Object::Integer(subset.bytes.len() as i64));
    file_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let file_id = doc.add_object(Stream::new(file_dict, program));

    // The metrics as printpdf wrote them: font units scaled to thousandths of an em.
    let m = &parsed.pdf_font_metrics;
    let units = |v: f32| (v * scale).round() as i64;
    let ascent = units(parsed.font_metrics.ascent.trunc());
    let descent = units(parsed.font_metrics.descent.trunc());
    let cap = parsed.font_metrics.cap_height.map_or(ascent, units);
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(tagged.clone().into_bytes()));
    descriptor.set("Ascent", Object::Integer(ascent));
    descriptor.set("Descent", Object::Integer(descent));
    descriptor.set("CapHeight", Object::Integer(cap));
    // Both faces are upright.
    descriptor.set("ItalicAngle", Object::Integer(0));
    // Non-symbolic: the Latin character set.
    descriptor.set("Flags", Object::Integer(32));
    descriptor.set("StemV", Object::Integer(80));
    descriptor.set(
        "FontBBox",
        Object::Array(
            [m.x_min, m.y_min, m.x_max, m.y_max]
                .iter()
                .map(|v| Object::Integer(units(f32::from(*v))))
                .collect(),
        ),
    );
    descriptor.set("FontFile2", Object::Reference(file_id));
    let descriptor_id = doc.add_object(descriptor);

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
    let mut widths = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut run_start = 0u16;
    let mut last: Option<u16> = None;
    for gid in glyphs.keys() {
        let w = (f32::from(parsed.get_horizontal_advance(*gid)) * scale) as i64;
        if last.is_some_and(|l| l.checked_add(1) == Some(*gid)) {
            run.push(Object::Integer(w));
        } else {
            if !run.is_empty() {
                widths.push(Object::Integer(i64::from(run_start)));
                widths.push(Object::Array(std::mem::take(&mut run)));
            }
            run_start = *gid;
            run.push(Object::Integer(w));
        }
        last = Some(*gid);
    }
    if !run.is_empty() {
        widths.push(Object::Integer(i64::from(run_start)));
        widths.push(Object::Array(run));
    }
    let cid = cid_font(
        &tagged,
        descriptor_id,
        1000,
        widths,
        Object::Name(b"Identity".to_vec()),
    );
    let texts: Vec<(u16, String)> = glyphs.iter().map(|(g, c)| (*g, c.to_string())).collect();
    let cmap = to_unicode(
        face.resource_name(),
        texts.iter().map(|(g, t)| (*g, t.as_str())),
    );
    type0_font(
        doc,
        face.resource_name(),
        tagged,
        Object::Dictionary(cid),
        cmap,
    )
}

/// A subset's CIDFont (TrueType outlines): `default_width` for the codes `widths` leaves
/// out; `glyphs` maps codes to the subset's glyphs (`/Identity`: each code is a glyph).
fn cid_font(
    tagged: &str,
    descriptor_id: ObjectId,
    default_width: i64,
    widths: Vec<Object>,
    glyphs: Object,
) -> Dictionary {
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", Object::Integer(0));
    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    cid.set("BaseFont", Object::Name(tagged.as_bytes().to_vec()));
    cid.set("CIDSystemInfo", Object::Dictionary(system));
    cid.set("CIDToGIDMap", glyphs);
    cid.set("DW", Object::Integer(default_width));
    cid.set("FontDescriptor", Object::Reference(descriptor_id));
    cid.set("W", Object::Array(widths));
    cid
}

/// The Type0 font the pages name (`resource_name`): its CIDFont (`descendant`, a
/// reference or the dictionary itself) and its ToUnicode CMap, so that copied text reads
/// back as written; named in every page's font resources.
fn type0_font(
    doc: &mut lopdf::Document,
    resource_name: &str,
    tagged: String,
    descendant: Object,
    cmap: String,
) -> Result<(), DocumentError> {
    let cmap_id = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
    let mut type0 = Dictionary::new();
    type0.set("Type", Object::Name(b"Font".to_vec()));
    type0.set("Subtype", Object::Name(b"Type0".to_vec()));
    type0.set("BaseFont", Object::Name(tagged.into_bytes()));
    type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    type0.set("DescendantFonts", Object::Array(vec![descendant]));
    type0.set("ToUnicode", Object::Reference(cmap_id));
    let font_id = doc.add_object(type0);
    name_in_pages(doc, resource_name, font_id)
}

/// A ToUnicode CMap: each code to its text (UTF-16BE); codes with no text are left out.
fn to_unicode<'a>(name: &str, entries: impl Iterator<Item = (u16, &'a str)>) -> String {
    let mut body = String::new();
    let entries: Vec<(u16, &str)> = entries.filter(|(_, t)| !t.is_empty()).collect();
    for chunk in entries.chunks(100) {
        body.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, text) in chunk {
            body.push_str(&format!("<{code:04X}> <"));
            for unit in text.encode_utf16() {
                body.push_str(&format!("{unit:04X}"));
            }
            body.push_str(">\n");
        }
        body.push_str("endbfchar\n");
    }
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /{name}-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
         {body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
}

/// Where a page's font resources are.
enum FontsAt {
    /// In the page's own (inline) resources, inline.
    Page(ObjectId),
    /// In a resources dictionary of its own, inline.
    Resources(ObjectId),
    /// A font dictionary of its own.
    Own(ObjectId),
}

fn name_in_pages(
    doc: &mut lopdf::Document,
    name: &str,
    font_id: ObjectId,
) -> Result<(), DocumentError> {
    let bad = |e: lopdf::Error| DocumentError::Pdf(format!("a page without resources: {e}"));
    let mut places = Vec::new();
    for page_id in doc.get_pages().into_values() {
        let page = doc.get_dictionary(page_id).map_err(bad)?;
        let place = match page.get(b"Resources") {
            Ok(Object::Reference(rid)) => {
                match doc.get_dictionary(*rid).map_err(bad)?.get(b"Font") {
                    Ok(Object::Reference(fid)) => FontsAt::Own(*fid),
                    _ => FontsAt::Resources(*rid),
                }
            }
            Ok(Object::Dictionary(res)) => match res.get(b"Font") {
                Ok(Object::Reference(fid)) => FontsAt::Own(*fid),
                _ => FontsAt::Page(page_id),
            },
            _ => FontsAt::Page(page_id),
        };
        places.push(place);
    }
    let add = |fonts: &mut Dictionary| fonts.set(name, Object::Reference(font_id));
    let in_res = |res: &mut Dictionary| match res.get_mut(b"Font") {
        Ok(Object::Dictionary(fonts)) => add(fonts),
        _ => {
            let mut fonts = Dictionary::new();
            add(&mut fonts);
            res.set("Font", Object::Dictionary(fonts));
        }
    };
    for place in places {
        match place {
            FontsAt::Own(fid) => add(doc.get_dictionary_mut(fid).map_err(bad)?),
            FontsAt::Resources(rid) => in_res(doc.get_dictionary_mut(rid).map_err(bad)?),
            FontsAt::Page(pid) => {
                let page = doc.get_dictionary_mut(pid).map_err(bad)?;
                match page.get_mut(b"Resources") {
                    Ok(Object::Dictionary(res)) => in_res(res),
                    _ => {
                        let mut res = Dictionary::new();
                        in_res(&mut res);
                        page.set("Resources", Object::Dictionary(res));
                    }
                }
            }
        }
    }
    Ok(())
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
