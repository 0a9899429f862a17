//! Pagination: the built units flowed onto A4 pages, keeping "keep with next" chains
//! and frames together, then each page drawn (frames, lines, tick boxes, text placed)
//! with its section's "Page 1 of 3" footer. Kept apart from the builder because the
//! rules for where a page breaks change independently of what a unit is, and from the
//! PDF assembly because nothing here knows about printpdf.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::super::content::Content;
use super::super::fonts::{prepare_text, CharSet, Face, Fonts};
use super::super::pictures::Picture;
use super::super::shaping::{self, ComplexFont, Glyph, Writing};
use super::{
    DocumentError, Footer, Item, Style, Unit, CONTENT_H, CONTENT_W, FOOTER_BASELINE, FRAME_LINE,
    MARGIN, MAX_PAGES, PAGE_H, PAGE_W,
};

/// One page of flowed units: each item with the top of its unit, the section whose
/// footer it gets, and the frames it shows (id, top, bottom).
pub(super) struct Page {
    items: Vec<(f32, Item)>,
    section: usize,
    frames: Vec<(usize, f32, f32)>,
}

/// One page drawn: its lines and boxes already written, its text waiting for the font
/// subsets (which depend on every page's characters).
pub(super) struct PageDraw {
    pub(super) graphics: Content,
    pub(super) texts: Vec<PlacedText>,
    /// Pictures, drawn after the artifacts and before the text, each as marked content
    /// of its figure element.
    pub(super) figures: Vec<PlacedFigure>,
    /// Shaped runs of the complex scripts (see `shaping`).
    pub(super) glyph_runs: Vec<GlyphRun>,
}

/// Shaped glyphs placed on a page (PDF points), with the text they show.
pub(super) struct GlyphRun {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) font: ComplexFont,
    pub(super) glyphs: Arc<[Glyph]>,
    pub(super) text: String,
    pub(super) tag: Option<usize>,
    /// Place among the page's texts and runs, in the order they were built (reading
    /// order within a structure element).
    pub(super) order: usize,
    /// Right to left, the glyphs of its unseen copy (`shaping::reading_glyphs`), made
    /// once the page is drawn; empty left to right.
    pub(super) unseen: Vec<Glyph>,
}

impl GlyphRun {
    /// What glyph `g` of this run stands for (empty for all but one glyph of a cluster).
    pub(super) fn text_of(&self, g: &Glyph) -> &str {
        self.text
            .get(g.text.0 as usize..g.text.1 as usize)
            .unwrap_or("")
    }
}

/// A line of text placed on a page: where (PDF points), in which face and size, the
/// structure element it belongs to (`None`: page furniture, an artifact), and its place
/// among the page's texts and glyph runs.
pub(super) struct PlacedText {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) face: Face,
    pub(super) size: f32,
    pub(super) text: String,
    pub(super) tag: Option<usize>,
    pub(super) order: usize,
}

/// A picture placed on a page: its top left corner (PDF points) and size.
pub(super) struct PlacedFigure {
    pub(super) x: f32,
    pub(super) top: f32,
    pub(super) size: f32,
    pub(super) picture: &'static Picture,
    pub(super) tag: Option<usize>,
}

/// The glyphs a document draws in each complex font: each whole-font glyph id with every
/// text it stands for somewhere (a glyph of a cluster that another glyph already speaks
/// for stands for nothing there). Each pair becomes a code of its own, so the font's
/// ToUnicode map gives every drawn glyph exactly its own text (`embed::ComplexCodes`).
pub(super) type UsedGlyphs = BTreeMap<ComplexFont, GlyphTexts>;

/// Whole-font glyph ids, each with the texts it stands for.
pub(super) type GlyphTexts = BTreeMap<u16, BTreeSet<String>>;

/// Every page drawn, and the characters the whole document draws in each face (its
/// font subsets cover them).
pub(super) struct Drawn {
    pub(super) pages: Vec<PageDraw>,
    pub(super) used: [Option<CharSet>; 2],
    pub(super) used_glyphs: UsedGlyphs,
}

/// Flow the units onto pages. Fails when the document would pass [`MAX_PAGES`].
pub(super) fn flow(units: &[Unit]) -> Result<Vec<Page>, DocumentError> {
    let mut pages: Vec<Page> = Vec::new();
    let mut y = 0.0f32;
    let mut empty = true;
    // The bottom of the last picture on the page: the next one starts below it.
    let mut clear_to = 0.0f32;
    let new_page = |pages: &mut Vec<Page>, section: usize| {
        pages.push(Page {
            items: Vec::new(),
            section,
            frames: Vec::new(),
        });
    };
    for i in 0..units.len() {
        let u = &units[i];
        if pages.is_empty() {
            new_page(&mut pages, u.section);
        }
        if u.break_before {
            if !empty {
                new_page(&mut pages, u.section);
                y = 0.0;
                empty = true;
            } else if let Some(p) = pages.last_mut() {
                p.section = u.section;
            }
            continue;
        }
        if u.reach > 0.0 && !empty {
            y = y.max(clear_to);
        }
        let sb = if empty { 0.0 } else { u.space_before };
        let height = u.height.max(u.reach);
        // Height of the chain of units that must stay on one page with this one.
        let mut chain = sb + height;
        let mut j = i;
        while units[j].keep_with_next && j + 1 < units.len() && chain <= CONTENT_H {
            j += 1;
            if units[j].break_before {
                break;
            }
            chain += units[j].space_before + units[j].height;
        }
        let fits_chain = y + chain <= CONTENT_H + 0.01;
        let fits_self = y + sb + height <= CONTENT_H + 0.01;
        if !empty && (!fits_self || (!fits_chain && chain <= CONTENT_H)) {
            new_page(&mut pages, u.section);
            if pages.len() > MAX_PAGES {
                return Err(DocumentError::TooLong {
                    max_pages: MAX_PAGES,
                });
            }
            y = 0.0;
            clear_to = 0.0;
            empty = true;
        }
        let sb = if empty { 0.0 } else { u.space_before };
        // Skip pure spacing at the top of a page.
        if empty && u.items.is_empty() && u.frame.is_none() {
            continue;
        }
        let top = y + sb;
        let page = pages.last_mut().expect("a page");
        for item in &u.items {
            page.items.push((top, item.clone()));
        }
        if let Some(f) = u.frame {
            match page.frames.iter_mut().find(|(id, _, _)| *id == f) {
                Some(fr) => fr.2 = top + u.height,
                None => page.frames.push((f, top, top + u.height)),
            }
        }
        y = top + u.height;
        clear_to = clear_to.max(top + u.reach);
        empty = false;
    }
    if pages.is_empty() {
        new_page(&mut pages, 0);
    }
    Ok(pages)
}

/// Draw each page: frames under the text, lines and boxes, text placed, and the footer
/// of the page's section with its page number. Characters the font lacks are added to
/// `missing`.
pub(super) fn draw(
    pages: Vec<Page>,
    fonts: &Fonts,
    style: &Style,
    footers: &[(Footer, Writing)],
    missing: &mut Vec<char>,
) -> Drawn {
    let total = pages.len();
    // From layout coordinates (down from the top margin) to PDF points (up from the
    // bottom edge).
    let py = |top: f32, dy: f32| PAGE_H - MARGIN - top - dy;
    // Each page's content stream is written here, straight to bytes (see
    // `content.rs`); printpdf builds the document around it: pages, resources and the
    // fonts with their widths and text mapping. It is given, per page, the characters
    // that page draws in each face (so each font gets exactly the glyphs the page
    // uses), and its content streams are then replaced with ours. Writing the streams
    // through printpdf's operations cost half of each sheet's time.
    let mut drawn: Vec<PageDraw> = Vec::with_capacity(total);
    // The characters drawn with each face in the whole document: its subset covers them.
    let mut used_doc: [Option<CharSet>; 2] = [None, None];
    let mut used_glyphs = UsedGlyphs::new();
    for (n, page) in pages.into_iter().enumerate() {
        let mut graphics = Content::default();
        // Rules, boxes and lines to write on are not text: one artifact holds them.
        graphics.begin_artifact();
        graphics.grey_fill(0.0);
        graphics.grey_stroke(0.0);
        // Frames first, underneath the text.
        for (_, top, bottom) in &page.frames {
            graphics.line_width(FRAME_LINE);
            graphics.rectangle(
                MARGIN + FRAME_LINE / 2.0,
                py(*bottom, 0.0),
                CONTENT_W - FRAME_LINE,
                bottom - top,
            );
        }
        let mut texts: Vec<PlacedText> = Vec::new();
        let mut glyph_runs: Vec<GlyphRun> = Vec::new();
        let mut figures: Vec<PlacedFigure> = Vec::new();
        // Each text and glyph run numbered in the order it was built.
        let mut order = 0usize;
        for (top, item) in page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    face,
                    size,
                    text,
                    tag,
                } => {
                    order += 1;
                    texts.push(PlacedText {
                        x: MARGIN + x,
                        y: py(top, y),
                        face,
                        size,
                        text,
                        tag,
                        order,
                    });
                }
                Item::Glyphs {
                    x,
                    y,
                    size,
                    font,
                    glyphs,
                    text,
                    tag,
                } => {
                    order += 1;
                    glyph_runs.push(GlyphRun {
                        x: MARGIN + x,
                        y: py(top, y),
                        size,
                        font,
                        glyphs,
                        text,
                        tag,
                        order,
                        unseen: Vec::new(),
                    });
                }
                Item::Figure {
                    x,
                    y,
                    size,
                    picture,
                    tag,
                } => figures.push(PlacedFigure {
                    x: MARGIN + x,
                    top: py(top, y),
                    size,
                    picture,
                    tag,
                }),
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    grey,
                } => {
                    graphics.grey_stroke(grey);
                    graphics.line_width(width);
                    graphics.line(MARGIN + x1, py(top, y1), MARGIN + x2, py(top, y2));
                    graphics.grey_stroke(0.0);
                }
                Item::Square { x, y, side, width } => {
                    graphics.line_width(width);
                    graphics.rectangle(MARGIN + x, py(top, y + side), side, side);
                }
                Item::Bar { x, y, w, h, grey } => {
                    graphics.grey_fill(grey);
                    graphics.filled_rectangle(MARGIN + x, py(top, y + h), w, h);
                    graphics.grey_fill(0.0);
                }
            }
        }
        // The footer.
        if let Some((footer, writing)) = footers.get(page.section) {
            let writing = *writing;
            // Right to left, the page number is on the left and the date on the right.
            let rtl = writing.right_to_left;
            let size = style.footer;
            let label = footer
                .page_label
                .replace("{page}", &(n + 1).to_string())
                .replace("{pages}", &total.to_string());
            let regular = fonts.face(Face::Regular);
            let y = FOOTER_BASELINE;
            // A footer in a complex script is shaped, on one line, and drawn whole.
            let shaped = |text: &str, missing: &mut Vec<char>| {
                if !shaping::needs_shaping(text) {
                    return None;
                }
                let prepared =
                    shaping::prepare_mixed(regular, Face::Regular, text, writing, missing).ok()?;
                shaping::wrap_shaped(fonts, Face::Regular, size, &prepared, f32::MAX, writing)
                    .ok()?
                    .into_iter()
                    .next()
            };
            // Page furniture: drawn as artifacts (no structure element).
            let mut place = |line: &shaping::ShapedLine, x: f32| {
                for item in super::shaped::items_of(line, x, 0.0, size) {
                    order += 1;
                    match item {
                        Item::Text { x, face, text, .. } => texts.push(PlacedText {
                            x,
                            y,
                            face,
                            size,
                            text,
                            tag: None,
                            order,
                        }),
                        Item::Glyphs {
                            x,
                            font,
                            glyphs,
                            text,
                            ..
                        } => glyph_runs.push(GlyphRun {
                            x,
                            y,
                            size,
                            font,
                            glyphs,
                            text,
                            tag: None,
                            order,
                            unseen: Vec::new(),
                        }),
                        _ => {}
                    }
                }
            };
            let shaped_label = shaped(&label, missing);
            let shaped_left = shaped(&footer.left, missing);
            // Where a part `w` wide goes: at the end of the line, or at its start.
            let at_end = |w: f32| if rtl { MARGIN } else { PAGE_W - MARGIN - w };
            let at_start = |w: f32| if rtl { PAGE_W - MARGIN - w } else { MARGIN };
            if let Some(r) = &shaped_label {
                place(r, at_end(r.width));
            }
            if let Some(l) = &shaped_left {
                place(l, at_start(l.width));
            }
            let label = if shaped_label.is_some() {
                String::new()
            } else {
                prepare_text(regular, &label, missing)
            };
            let label_w = shaped_label
                .as_ref()
                .map_or_else(|| regular.width(&label, size), |l| l.width);
            let left = if shaped_left.is_some() {
                String::new()
            } else {
                prepare_text(regular, &footer.left, missing)
            };
            // Keep the left part clear of the page label.
            let room = CONTENT_W - label_w - size * 2.0;
            let mut left_fit = String::new();
            let mut w = 0.0;
            for c in left.chars() {
                w += regular.char_width(c, size);
                if w > room {
                    break;
                }
                left_fit.push(c);
            }
            let mut furniture = |x: f32, text: String| {
                order += 1;
                texts.push(PlacedText {
                    x,
                    y,
                    face: Face::Regular,
                    size,
                    text,
                    tag: None,
                    order,
                });
            };
            if !left_fit.is_empty() {
                let fit_w = regular.width(&left_fit, size);
                furniture(at_start(fit_w), left_fit);
            }
            if shaped_label.is_none() {
                furniture(at_end(label_w), label);
            }
        }
        graphics.end_marked();
        for run in &mut glyph_runs {
            let used = used_glyphs.entry(run.font).or_default();
            // Right to left, the unseen copy's glyphs too.
            if run.font.right_to_left() {
                run.unseen = shaping::reading_glyphs(run.font, &run.text).unwrap_or_default();
            }
            for g in run.glyphs.iter().chain(&run.unseen) {
                let text = run.text_of(g);
                let texts = used.entry(g.gid).or_default();
                // Most glyphs repeat: look before making the text a key.
                if !texts.contains(text) {
                    texts.insert(text.to_string());
                }
            }
        }
        for t in &texts {
            let set = used_doc[t.face.index()].get_or_insert_with(CharSet::default);
            for c in t.text.chars() {
                set.insert(c);
            }
        }
        drawn.push(PageDraw {
            graphics,
            texts,
            figures,
            glyph_runs,
        });
    }
    Drawn {
        pages: drawn,
        used: used_doc,
        used_glyphs,
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn layout() -> Layout {
        Layout::new(Style::standard()).unwrap()
    }

    #[test]
    fn pages_flow_and_number() {
        let mut l = layout();
        l.start_section(Footer {
            left: "Test".into(),
            page_label: "Page {page} of {pages}".into(),
        });
        l.title("A title");
        for i in 0..80 {
            l.heading(&format!("Heading {i}"));
            l.paragraph(
                "Some words that fill a line or two of the page so the flow must break pages.",
            );
        }
        let out = l
            .finish(&Meta {
                title: "t".into(),
                subject: "s".into(),
                timestamp: 0,
                language: "en".into(),
            })
            .unwrap();
        assert!(out.pages > 5, "{}", out.pages);
        assert!(out.bytes.starts_with(b"%PDF"));
    }
}
