//! Pagination: the built units flowed onto A4 pages, keeping "keep with next" chains
//! and frames together, then each page drawn (frames, lines, tick boxes, text placed)
//! with its section's "Page 1 of 3" footer. Kept apart from the builder because the
//! rules for where a page breaks change independently of what a unit is, and from the
//! PDF assembly because nothing here knows about printpdf.

use super::super::content::Content;
use super::super::fonts::{prepare_text, CharSet, Face, Fonts};
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
    pub(super) texts: Vec<(f32, f32, Face, f32, String)>,
    /// The characters the page draws in each face.
    pub(super) used: [Option<CharSet>; 2],
}

/// Every page drawn, and the characters the whole document draws in each face (its
/// font subsets cover them).
pub(super) struct Drawn {
    pub(super) pages: Vec<PageDraw>,
    pub(super) used: [Option<CharSet>; 2],
}

/// Flow the units onto pages. Fails when the document would pass [`MAX_PAGES`].
pub(super) fn flow(units: &[Unit]) -> Result<Vec<Page>, DocumentError> {
    let mut pages: Vec<Page> = Vec::new();
    let mut y = 0.0f32;
    let mut empty = true;
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
        let sb = if empty { 0.0 } else { u.space_before };
        // Height of the chain of units that must stay on one page with this one.
        let mut chain = sb + u.height;
        let mut j = i;
        while units[j].keep_with_next && j + 1 < units.len() && chain <= CONTENT_H {
            j += 1;
            if units[j].break_before {
                break;
            }
            chain += units[j].space_before + units[j].height;
        }
        let fits_chain = y + chain <= CONTENT_H + 0.01;
        let fits_self = y + sb + u.height <= CONTENT_H + 0.01;
        if !empty && (!fits_self || (!fits_chain && chain <= CONTENT_H)) {
            new_page(&mut pages, u.section);
            if pages.len() > MAX_PAGES {
                return Err(DocumentError::TooLong {
                    max_pages: MAX_PAGES,
                });
            }
            y = 0.0;
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
    footers: &[Footer],
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
    for (n, page) in pages.into_iter().enumerate() {
        let mut graphics = Content::default();
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
        let mut texts: Vec<(f32, f32, Face, f32, String)> = Vec::new();
        for (top, item) in page.items {
            match item {
                Item::Text {
                    x,
                    y,
                    face,
                    size,
                    text,
                } => texts.push((MARGIN + x, py(top, y), face, size, text)),
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
        if let Some(footer) = footers.get(page.section) {
            let size = style.footer;
            let label = footer
                .page_label
                .replace("{page}", &(n + 1).to_string())
                .replace("{pages}", &total.to_string());
            let regular = fonts.face(Face::Regular);
            let label = prepare_text(regular, &label, missing);
            let label_w = regular.width(&label, size);
            let y = FOOTER_BASELINE;
            let left = prepare_text(regular, &footer.left, missing);
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
            if !left_fit.is_empty() {
                texts.push((MARGIN, y, Face::Regular, size, left_fit));
            }
            texts.push((PAGE_W - MARGIN - label_w, y, Face::Regular, size, label));
        }
        let mut used_page: [Option<CharSet>; 2] = [None, None];
        for (_, _, face, _, text) in &texts {
            for set in [&mut used_page[face.index()], &mut used_doc[face.index()]] {
                let set = set.get_or_insert_with(CharSet::default);
                for c in text.chars() {
                    set.insert(c);
                }
            }
        }
        drawn.push(PageDraw {
            graphics,
            texts,
            used: used_page,
        });
    }
    Drawn {
        pages: drawn,
        used: used_doc,
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
