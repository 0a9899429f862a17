//! PDF assembly: the drawn pages made into a file. The font subsets are cut for the
//! characters the document draws; each page's content stream is written here; `embed`
//! adds the fonts, `tagged` the structure tree and metadata; each object is written as
//! it is made (`objects`), streams compressed (the font programs once per subset), and
//! the file saved with object streams and a document id that is a hash of its bytes
//! (`save`), so the same input gives the same bytes.
//!
//! printpdf is used for fonts only (reading them and cutting subsets: `fonts`, `embed`);
//! the file's objects are Kindred's own, since building them as printpdf's and then
//! lopdf's documents was measured at a quarter of a sheet's time.

use super::super::content::{Content, GlyphOut, Reading};
use super::super::fonts::{Face, Fonts, Subset};
use super::super::pictures::Step;
use super::embed;
use super::objects::{Dict, Id, Objects};
use super::paginate::{Drawn, GlyphRun, PlacedFigure, PlacedText};
use super::structure::Structure;
use super::{save, tagged, DocumentError, Meta};

/// An A4 page in points: 210 by 297 mm.
const A4: (f32, f32) = (595.2756, 841.8898);

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
    }

    let mut objects = Objects::new();
    let pages_id = objects.reserve();
    let page_ids: Vec<Id> = (0..total).map(|_| objects.reserve()).collect();
    let resources_id = objects.reserve();
    let mut catalog = Dict::of_type("Catalog");
    catalog
        .name("PageLayout", "OneColumn")
        .name("PageMode", "UseNone")
        .reference("Pages", pages_id);
    tagged::write(&mut objects, &page_ids, &mut catalog, &structure, meta)?;

    // Each DejaVu face is embedded as the subset made for it (see `fonts`), each
    // complex-script font as the glyphs it draws, both by `embed`; every page shares
    // one resources dictionary that names them.
    let mut fonts_dict = Dict::new();
    for face in [Face::Regular, Face::Bold] {
        if let (Some(subset), Some(used)) = (&subsets[face.index()], &used_doc[face.index()]) {
            let id = embed::add_plain_font(&mut objects, face, subset, used)?;
            fonts_dict.reference(face.resource_name(), id);
        }
    }
    for (font, subset, codes) in &complex {
        let id = embed::add_font(&mut objects, *font, subset, codes)?;
        fonts_dict.reference(font.resource_name(), id);
    }
    let mut resources = Dict::new();
    resources.dict("Font", fonts_dict);
    objects.set(resources_id, resources)?;

    for (index, (page_id, content)) in page_ids.iter().zip(contents).enumerate() {
        let content_id = objects.add_compressed(Dict::new(), content, STREAM_COMPRESSION)?;
        let mut page = Dict::of_type("Page");
        page.reference("Parent", pages_id)
            .array("MediaBox", |a| {
                a.int(0).int(0).real(A4.0).real(A4.1);
            })
            .reference("Resources", resources_id)
            .reference("Contents", content_id)
            // The page's marked content in the structure tree's parent tree (`tagged`),
            // and tab order by the structure.
            .int("StructParents", index as i64)
            .name("Tabs", "S");
        objects.set(*page_id, page)?;
    }
    let mut pages = Dict::of_type("Pages");
    pages.int("Count", total as i64).array("Kids", |kids| {
        for id in &page_ids {
            kids.reference(*id);
        }
    });
    objects.set(pages_id, pages)?;

    let date = chrono::DateTime::from_timestamp(meta.timestamp, 0)
        .ok_or_else(|| DocumentError::Pdf(format!("bad document date: {}", meta.timestamp)))?
        .format("D:%Y%m%d%H%M%S+00'00'")
        .to_string();
    let mut info = Dict::new();
    info.text("Title", &meta.title)
        .text("Subject", &meta.subject)
        .text("Keywords", &meta.language)
        .text("Creator", "Kindred")
        .text("Producer", "Kindred")
        .bytes("CreationDate", date.as_bytes())
        .bytes("ModDate", date.as_bytes());
    let root = objects.add(catalog);
    let info = objects.add(info);
    // The dictionaries (the structure tree above all: one per heading, paragraph and
    // list item) go into compressed object streams, and the cross-reference table
    // becomes a stream: together about a sixth of a sheet's bytes saved (`save`).
    // PDF/UA-1 is built on PDF 1.7.
    save::save(
        &objects,
        "1.7",
        save::Trailer { root, info },
        STREAM_COMPRESSION,
    )
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
/// contents, text maps, the object streams and the cross-reference stream): a fast one,
/// since compression was the largest single cost of a sheet. See [`deflate`] for why
/// libdeflate.
pub(super) const STREAM_COMPRESSION: u32 = 1;
/// Compression level for the streams a batch shares (the font subsets, compressed once
/// and kept with the subset, `embed`): a high one, since it costs once per batch, not
/// once per sheet, and the font programs are most of a sheet's bytes. The sheets come
/// out smaller than at one middle level for everything.
pub(super) const SHARED_COMPRESSION: u32 = 9;

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
