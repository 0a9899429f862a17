//! PDF assembly: the drawn pages made into a file. The font subsets are cut for the
//! characters the document draws; printpdf builds the pages, resources and document
//! information; our content streams replace its own; `embed` adds the fonts, `tagged`
//! the structure tree; streams are compressed (the font programs once per subset) and
//! the file saved with object streams, the random document id replaced by a hash, so
//! the same input gives the same bytes. Every printpdf and lopdf type used by Kindred
//! is in this file (and `tagged`, `embed` and `fonts`).

use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::super::content::{Content, GlyphOut, Reading};
use super::super::fonts::{Face, Fonts, Subset};
use super::super::pictures::Step;
use super::embed;
use super::paginate::{Drawn, GlyphRun, PlacedFigure, PlacedText};
use super::structure::Structure;
use super::{save, tagged, DocumentError, Meta};

/// The PDF bytes of the drawn pages, tagged with their structure.
pub(super) fn assemble(
    fonts: &Fonts,
    drawn: Drawn,
    meta: &Meta,
    mut structure: Structure,
) -> Result<Vec<u8>, DocumentError> {
    let Drawn {
        pages: drawn,
        used: used_doc,
        used_glyphs,
    } = drawn;
    let total = drawn.len();
    let mut subsets: [Option<std::sync::Arc<Subset>>; 2] = [None, None];
    for face in [Face::Regular, Face::Bold] {
        if let Some(used) = &used_doc[face.index()] {
            subsets[face.index()] = Some(fonts.subset(face, used)?);
        }
    }
    let mut complex = Vec::with_capacity(used_glyphs.len());
    for (font, used) in &used_glyphs {
        complex.push((
            *font,
            embed::subset(*font, used)?,
            embed::ComplexCodes::new(used),
        ));
    }
    let mut contents = Vec::with_capacity(total);
    let mut pdf_pages = Vec::with_capacity(total);
    for (index, page) in drawn.into_iter().enumerate() {
        let mut content = page.graphics;
        // Marked-content ids count from 0 on each page: pictures first, then text.
        let mut mcid = 0u32;
        // Opens the marked content of one drawn piece: its structure element's, or an
        // artifact's (page furniture).
        let mut open = |content: &mut Content, tag: Option<usize>, figure: bool| match tag
            .and_then(|e| Some((e, structure.elements.get(e)?.role)))
        {
            Some((element, role)) => {
                content.begin_marked(role.name(), mcid);
                structure.mark(element, index, mcid);
                mcid += 1;
            }
            None if figure => content.begin_artifact(),
            None => content.begin_pagination(),
        };
        for figure in &page.figures {
            open(&mut content, figure.tag, true);
            draw_figure(&mut content, figure);
            content.end_marked();
        }
        if !page.texts.is_empty() || !page.glyph_runs.is_empty() {
            content.begin_text();
            let mut current: Option<(Face, f32)> = None;
            // Plain text and shaped runs in the order they were built, so that the
            // parts of a line in two scripts are read in order.
            let mut texts = page.texts.iter().peekable();
            let mut runs = page.glyph_runs.iter().peekable();
            loop {
                let piece = match (texts.peek(), runs.peek()) {
                    (Some(t), Some(r)) if t.order < r.order => texts.next().map(Piece::Text),
                    (Some(_), None) => texts.next().map(Piece::Text),
                    (_, Some(_)) => runs.next().map(Piece::Run),
                    (None, None) => None,
                };
                let Some(piece) = piece else { break };
                match piece {
                    Piece::Text(t) => {
                        let Some(subset) = &subsets[t.face.index()] else {
                            continue;
                        };
                        if current != Some((t.face, t.size)) {
                            content.font(t.face.resource_name(), t.size);
                            current = Some((t.face, t.size));
                        }
                        open(&mut content, t.tag, false);
                        content.show_text_at(t.x, t.y, t.text.chars().map(|c| subset.gid(c)));
                        content.end_marked();
                    }
                    Piece::Run(run) => {
                        let Some((_, _, codes)) = complex.iter().find(|(f, _, _)| *f == run.font)
                        else {
                            continue;
                        };
                        let mut glyphs = Vec::with_capacity(run.glyphs.len());
                        for g in run.glyphs.iter() {
                            glyphs.push(GlyphOut {
                                code: codes.code(g.gid, run.text_of(g)),
                                x_offset: embed::milli(run.font, g.x_offset)?,
                                y_offset: embed::milli(run.font, g.y_offset)?,
                                advance: embed::milli(run.font, g.advance)?,
                                width: embed::width_milli(run.font, g.gid)?,
                                cluster: g.text.0,
                            });
                        }
                        content.font(run.font.resource_name(), run.size);
                        current = None;
                        open(&mut content, run.tag, false);
                        if run.font.right_to_left() {
                            // Right to left, the glyphs seen say nothing: Nastaliq's words
                            // slope down to the line from well above it (text extraction,
                            // which reads by position, would take a word's first letters
                            // for a line of their own), a shaped glyph can stand for a
                            // letter and its mark, and Naskh draws a lam-alef as two
                            // glyphs at one place. An unseen copy on the line, one glyph
                            // a character in reading order, squeezed to the width of the
                            // words seen, says the text.
                            content.begin_actual_text("");
                            content.show_glyphs_at(
                                run.x,
                                run.y,
                                run.size,
                                &glyphs,
                                Reading::RightToLeft,
                            );
                            content.end_marked();
                            let seen: f32 = glyphs.iter().map(|g| g.advance).sum();
                            let mut unseen = Vec::with_capacity(run.unseen.len());
                            for g in &run.unseen {
                                unseen.push(GlyphOut {
                                    code: codes.code(g.gid, run.text_of(g)),
                                    x_offset: 0.0,
                                    y_offset: 0.0,
                                    advance: 0.0,
                                    width: embed::width_milli(run.font, g.gid)?,
                                    cluster: g.text.0,
                                });
                            }
                            content.invisible_text(true);
                            content.show_in_reading_order(run.x, run.y, &unseen, seen);
                            content.invisible_text(false);
                        } else {
                            // Left to right, the glyphs are written in visual order and what
                            // they say is carried with them in reading order (a Bengali
                            // vowel sign drawn before its consonant is read after it).
                            content.begin_actual_text(&run.text);
                            content.show_glyphs_at(
                                run.x,
                                run.y,
                                run.size,
                                &glyphs,
                                Reading::LeftToRight,
                            );
                            content.end_marked();
                        }
                        content.end_marked();
                    }
                }
            }
            content.end_text();
        }
        contents.push(content.into_bytes());
        // printpdf makes the page; its content is ours (see `replace_contents`).
        pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), Vec::new()));
    }

    let mut doc = PdfDocument::new(&meta.title);
    let when = printpdf::OffsetDateTime::from_unix_timestamp(meta.timestamp)
        .map_err(|e| DocumentError::Pdf(format!("bad document date: {e}")))?;
    let info = &mut doc.metadata.info;
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    info.creator = "Kindred".into();
    info.producer = "Kindred (printpdf 0.12.8)".into();
    info.subject = meta.subject.clone();
    info.keywords = vec![meta.language.clone()];
    // Streams are compressed here rather than by printpdf (`optimize: true`), which
    // asks for the slowest, best zlib level: that was the largest single cost of a
    // sheet, for a file a few per cent smaller.
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc
        .with_pages(pdf_pages)
        .to_lopdf_document(&opts, &mut warnings);
    replace_contents(&mut lo, contents)?;
    tagged::write(&mut lo, &structure, meta)?;
    // Each DejaVu face is embedded as the subset made for it (see `fonts`), each
    // complex-script font as the glyphs it draws, both by `embed`.
    for face in [Face::Regular, Face::Bold] {
        if let (Some(subset), Some(used)) = (&subsets[face.index()], &used_doc[face.index()]) {
            embed::add_plain_font(&mut lo, face, subset, used)?;
        }
    }
    for (font, subset, codes) in &complex {
        embed::add_font(&mut lo, *font, subset, codes)?;
    }
    compress_streams(&mut lo)?;
    // The dictionaries (the structure tree above all: one per heading, paragraph and
    // list item) go into compressed object streams, and the cross-reference table
    // becomes a stream: together about a sixth of a sheet's bytes saved (`save`).
    let mut bytes = save::save(&lo, STREAM_COMPRESSION)?;
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(DocumentError::Pdf(w.msg.clone()));
    }
    if bytes.is_empty() {
        return Err(DocumentError::Pdf(
            "the PDF writer produced no bytes".into(),
        ));
    }
    fix_document_id(&mut bytes)?;
    Ok(bytes)
}

/// One drawn piece of a page's text.
enum Piece<'a> {
    Text(&'a PlacedText),
    Run(&'a GlyphRun),
}

/// A picture's paths, scaled from its 100 x 100 box (y down) to its place on the page,
/// stroked in black with round ends.
fn draw_figure(content: &mut Content, f: &PlacedFigure) {
    let s = f.size / 100.0;
    let x = |v: f32| f.x + v * s;
    let y = |v: f32| f.top - v * s;
    content.save();
    content.grey_stroke(0.0);
    content.line_width(4.0 * s);
    content.round_lines();
    for path in &f.picture.paths {
        for step in path {
            match *step {
                Step::Move(a, b) => content.move_to(x(a), y(b)),
                Step::Line(a, b) => content.line_to(x(a), y(b)),
                Step::Curve(c) => {
                    content.curve_to([x(c[0]), y(c[1]), x(c[2]), y(c[3]), x(c[4]), y(c[5])])
                }
                Step::Close => content.close_path(),
                Step::Rect { x: rx, y: ry, w, h } => {
                    content.rect_path(x(rx), y(ry + h), w * s, h * s)
                }
                Step::Circle { cx, cy, r } => {
                    // Four Bézier quarters; k puts the control points for a circle.
                    let k = 0.552_284_8 * r;
                    content.move_to(x(cx + r), y(cy));
                    content.curve_to([
                        x(cx + r),
                        y(cy + k),
                        x(cx + k),
                        y(cy + r),
                        x(cx),
                        y(cy + r),
                    ]);
                    content.curve_to([
                        x(cx - k),
                        y(cy + r),
                        x(cx - r),
                        y(cy + k),
                        x(cx - r),
                        y(cy),
                    ]);
                    content.curve_to([
                        x(cx - r),
                        y(cy - k),
                        x(cx - k),
                        y(cy - r),
                        x(cx),
                        y(cy - r),
                    ]);
                    content.curve_to([
                        x(cx + k),
                        y(cy - r),
                        x(cx + r),
                        y(cy - k),
                        x(cx + r),
                        y(cy),
                    ]);
                    content.close_path();
                }
            }
        }
        content.stroke();
    }
    content.restore();
}

/// Compression level (libdeflate's) for the streams made for each document (page
/// contents, text maps, the object streams and the cross-reference stream). Measured on
/// the 1,213 sheets of a `demo --scale 200` batch: see [`compress`] for why one level for
/// these and another for the shared ones, and [`deflate`] for why libdeflate.
const STREAM_COMPRESSION: u32 = 1;
/// Compression level for the streams a batch shares (the font subsets, compressed once
/// and remembered): a high one, since it costs once per batch, not once per sheet.
pub(super) const SHARED_COMPRESSION: u32 = 9;

/// Puts our content stream in place of printpdf's on each page, in page order.
fn replace_contents(
    doc: &mut lopdf::Document,
    contents: Vec<Vec<u8>>,
) -> Result<(), DocumentError> {
    let pages = doc.get_pages();
    if pages.len() != contents.len() {
        return Err(DocumentError::Pdf(format!(
            "the PDF writer made {} pages for {} pages of content",
            pages.len(),
            contents.len()
        )));
    }
    for (page_id, content) in pages.into_values().zip(contents) {
        let stream_id = doc
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(|c| match c {
                lopdf::Object::Reference(id) => Ok(*id),
                lopdf::Object::Array(parts) => parts
                    .first()
                    .and_then(|p| p.as_reference().ok())
                    .ok_or(lopdf::Error::ObjectNotFound((0, 0))),
                _ => Err(lopdf::Error::ObjectNotFound((0, 0))),
            })
            .map_err(|e| DocumentError::Pdf(format!("a page without its content: {e}")))?;
        // A page whose content came in parts now has ours alone.
        doc.get_dictionary_mut(page_id)
            .map_err(|e| DocumentError::Pdf(e.to_string()))?
            .set("Contents", lopdf::Object::Reference(stream_id));
        match doc.get_object_mut(stream_id) {
            Ok(lopdf::Object::Stream(stream)) => {
                stream.dict.remove(b"Filter");
                stream.set_content(content);
            }
            _ => {
                return Err(DocumentError::Pdf(
                    "a page's content is not a stream".into(),
                ))
            }
        }
    }
    Ok(())
}

/// Flate-compresses every stream that may be compressed and is not already filtered,
/// keeping the plain form when compression would not make it smaller (as printpdf does).
fn compress_streams(doc: &mut lopdf::Document) -> Result<(), DocumentError> {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let compressed = compress(&stream.content)
            .map_err(|e| DocumentError::Pdf(format!("cannot compress a stream: {e}")))?;
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed.as_ref().clone());
        }
    }
    Ok(())
}

/// Streams at least this long (in practice the embedded font subsets) are remembered
/// once compressed: people in the same batch often need exactly the same glyphs, so
/// the same font subset.
const CACHE_MIN_LEN: usize = 16 * 1024;
/// How many compressed streams are remembered (about 45 KB each); the cache is emptied
/// when full.
const CACHE_ENTRIES: usize = 128;

type StreamCache = std::collections::HashMap<Vec<u8>, std::sync::Arc<Vec<u8>>>;

static COMPRESSED: std::sync::OnceLock<std::sync::Mutex<StreamCache>> = std::sync::OnceLock::new();

/// The zlib form of `content`. Compression is deterministic, so a remembered result is
/// byte for byte what compressing again would give.
///
/// Why two levels: compression was the largest single cost of a sheet. The font
/// subsets are most of a file's bytes but are remembered (see [`CACHE_MIN_LEN`]), so
/// they take the best level; the page contents are made afresh for every sheet, so
/// they take a fast one. The sheets still come out smaller than at one middle level.
fn compress(content: &[u8]) -> std::io::Result<std::sync::Arc<Vec<u8>>> {
    if content.len() < CACHE_MIN_LEN {
        return deflate(content, STREAM_COMPRESSION).map(std::sync::Arc::new);
    }
    let cache = COMPRESSED.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(content).cloned()) {
        return Ok(hit);
    }
    let compressed = std::sync::Arc::new(deflate(content, SHARED_COMPRESSION)?);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(content.to_vec(), compressed.clone());
    }
    Ok(compressed)
}

thread_local! {
    /// One compressor per level on each thread, kept between streams: setting one up
    /// (allocating its tables) cost more than compressing a small stream.
    static DEFLATERS: std::cell::RefCell<Vec<(u32, libdeflater::Compressor)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `content` compressed at `level` (libdeflate's, 1 to 12) as a zlib stream (what
/// /FlateDecode reads).
///
/// Why libdeflate rather than zlib: a document's streams are compressed whole, from one
/// buffer, which is what libdeflate is built for. On the page contents of a sheet batch
/// its level 1 took half the time of zlib's level 2 and made 3% fewer bytes; its level 9
/// makes the shared font subsets smaller than zlib's 9, in half the time (its 10 to 12
/// save 2% more at five to ten times the cost, too slow for a long page's contents,
/// which are remembered as the fonts are).
pub(super) fn deflate(content: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    DEFLATERS.with(|cell| {
        let mut deflaters = cell.borrow_mut();
        let at = match deflaters.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let lvl = i32::try_from(level)
                    .ok()
                    .and_then(|l| libdeflater::CompressionLvl::new(l).ok())
                    .ok_or_else(|| {
                        std::io::Error::other(format!("no compression level {level}"))
                    })?;
                deflaters.push((level, libdeflater::Compressor::new(lvl)));
                deflaters.len() - 1
            }
        };
        let c = &mut deflaters[at].1;
        let mut out = vec![0; c.zlib_compress_bound(content.len())];
        let n = c
            .zlib_compress(content, &mut out)
            .map_err(std::io::Error::other)?;
        out.truncate(n);
        Ok(out)
    })
}

/// Where the last `startxref` says the cross-reference section starts.
fn xref_offset(bytes: &[u8]) -> Option<usize> {
    const KEY: &[u8] = b"startxref";
    let tail_start = bytes.len().saturating_sub(64);
    let at = bytes[tail_start..]
        .windows(KEY.len())
        .rposition(|w| w == KEY)?
        + tail_start
        + KEY.len();
    let digits: Vec<u8> = bytes[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let offset: usize = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    (offset < bytes.len()).then_some(offset)
}

/// printpdf writes a random `/ID` into the trailer. Replace both strings with a hash of
/// the document's bytes (same length, so no offset moves): the same input then gives
/// the same bytes, and different documents still get different ids.
fn fix_document_id(bytes: &mut [u8]) -> Result<(), DocumentError> {
    const KEY: &[u8] = b"/ID";
    // The trailer is where `startxref` points: a cross-reference table followed by the
    // trailer dictionary, or a cross-reference stream whose dictionary is the trailer
    // (and whose binary data follows it). Either way the first /ID from there is its.
    let from = xref_offset(bytes)
        .ok_or_else(|| DocumentError::Pdf("no cross-reference offset at the end".into()))?;
    let pos = bytes[from..]
        .windows(KEY.len())
        .position(|w| w == KEY)
        .map(|p| p + from)
        .ok_or_else(|| DocumentError::Pdf("no document id in the trailer".into()))?;
    // Find the two literal strings after "/ID[".
    let mut spans = Vec::new();
    let mut i = pos + KEY.len();
    while i < bytes.len() && spans.len() < 2 {
        match bytes[i] {
            b'(' => {
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|b| *b == b')')
                    .map(|p| p + start)
                    .ok_or_else(|| DocumentError::Pdf("unterminated document id".into()))?;
                spans.push((start, end));
                i = end + 1;
            }
            b']' => break,
            _ => i += 1,
        }
    }
    if spans.len() != 2 || spans.iter().any(|(s, e)| e - s != 32) {
        return Err(DocumentError::Pdf("unexpected document id format".into()));
    }
    for (s, e) in &spans {
        bytes[*s..*e].fill(b'A');
    }
    // Two independent 64-bit hashes make 128 bits, written as 32 letters A-P. Each takes
    // the bytes eight at a time (FNV-style multiply and a rotation to spread the high
    // bits), then the tail, then the length.
    let hash = |seed: u64| {
        let mut h = seed;
        let mut mix = |word: u64| {
            h = (h ^ word).wrapping_mul(0x100_0000_01b3).rotate_left(29);
        };
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            mix(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(tail));
        mix(bytes.len() as u64);
        h
    };
    let h1 = hash(0xcbf2_9ce4_8422_2325);
    let h2 = hash(0x8422_2325_cbf2_9ce4);
    let mut id = [0u8; 32];
    for (k, slot) in id.iter_mut().enumerate() {
        let h = if k < 16 { h1 } else { h2 };
        let nibble = (h >> ((k % 16) * 4)) & 0xF;
        *slot = b'A' + nibble as u8;
    }
    for (s, e) in spans {
        bytes[s..e].copy_from_slice(&id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_is_fixed_and_content_dependent() {
        let mut a = b"%PDF-1.3 body one /ID[(x)]\nxref\n<</ID[(ABCDEFGHIJABCDEFGHIJABCDEFGHIJAB)(BBCDEFGHIJABCDEFGHIJABCDEFGHIJAB)]>>\nstartxref\n27\n%%EOF".to_vec();
        let mut b = a.clone();
        b[10] = b'X';
        fix_document_id(&mut a).unwrap();
        fix_document_id(&mut b).unwrap();
        let id = |v: &[u8]| {
            let s = String::from_utf8_lossy(v).to_string();
            s[s.find("/ID").unwrap()..].to_string()
        };
        assert_ne!(id(&a), id(&b));
        let mut a2 = a.clone();
        fix_document_id(&mut a2).unwrap();
        assert_eq!(a, a2);
    }
}
