//! A small layout engine over printpdf.
//!
//! Content is built as a list of *units*: one line of text, one row of tick boxes,
//! one write-in line, a gap. Each unit knows its height and what to draw relative to
//! its top-left corner. Flowing the units onto A4 pages is then a simple loop that
//! respects "keep with next" chains (a heading stays with its first lines, a question
//! with its tick boxes). Boxes (frames) are drawn around the units that belong to
//! them, one rectangle per page the frame touches. After the flow the total page
//! count is known, so each page gets its "Page 1 of 3" footer.
//!
//! Text is measured with the embedded font's real glyph advances, so what is wrapped
//! here is exactly what the PDF draws. printpdf builds the document around content streams
//! written by `content`; its types stay inside `documents` (here and `fonts`).

use printpdf::{
    FontEmbeddingMode, FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, PrintpdfFontMeta, Pt, TextItem,
};

use super::content::Content;
use super::fonts::{fonts, prepare_text, CharSet, Face, Fonts, Subset};
use super::DocumentError;

/// A4 portrait, in points.
pub(crate) const PAGE_W: f32 = 595.2756;
pub(crate) const PAGE_H: f32 = 841.8898;
/// 20 mm margins.
pub(crate) const MARGIN: f32 = 56.6929;
/// Space kept free above the bottom margin for the footer line.
const FOOTER_BAND: f32 = 4.0;
/// Footer baseline, 12 mm from the bottom edge.
const FOOTER_BASELINE: f32 = 34.0;
/// A document longer than this is refused: something upstream has gone wrong.
pub(crate) const MAX_PAGES: usize = 300;

pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const CONTENT_H: f32 = PAGE_H - 2.0 * MARGIN - FOOTER_BAND;

/// Sizes for one document. Line spacing is 1.5 throughout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) body: f32,
    pub(crate) title: f32,
    pub(crate) heading: f32,
    pub(crate) subheading: f32,
    pub(crate) footer: f32,
    /// Space between paragraphs, as a fraction of the body size.
    pub(crate) para_gap: f32,
}

impl Style {
    pub(crate) fn standard() -> Style {
        Style::with_body(14.0)
    }
    pub(crate) fn large_print() -> Style {
        Style::with_body(18.0)
    }
    pub(crate) fn easy_read() -> Style {
        Style {
            para_gap: 0.45,
            ..Style::with_body(16.0)
        }
    }
    fn with_body(body: f32) -> Style {
        Style {
            body,
            title: (body * 1.7).round(),
            heading: (body * 1.3).round(),
            subheading: (body * 1.1).round(),
            footer: (body * 0.86).round().max(12.0),
            para_gap: 0.6,
        }
    }
    pub(crate) fn line_height(&self, size: f32) -> f32 {
        size * 1.5
    }
}

#[derive(Debug, Clone)]
enum Item {
    /// `y` is the baseline, measured down from the unit's top.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
    /// A straight line; `y` measured down from the unit's top.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
    },
    /// A stroked rectangle; `y` is its top, measured down from the unit's top.
    Square {
        x: f32,
        y: f32,
        side: f32,
        width: f32,
    },
}

#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    /// Space above the unit, dropped at the top of a page.
    space_before: f32,
    items: Vec<Item>,
    keep_with_next: bool,
    frame: Option<usize>,
    /// Start a new page before this unit (unless the page is still empty).
    break_before: bool,
    /// Which footer the page gets when this unit starts it.
    section: usize,
}

/// The footer of one part of a document (one language section).
#[derive(Debug, Clone)]
pub(crate) struct Footer {
    /// Left of the footer, e.g. "Prepared on 3 March 2026".
    pub(crate) left: String,
    /// With `{page}` and `{pages}`, e.g. "Page {page} of {pages}".
    pub(crate) page_label: String,
}

/// Document metadata. Kept free of names: the title says what the document is.
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) subject: String,
    /// Seconds since the Unix epoch: the document's creation and modification date.
    pub(crate) timestamp: i64,
    pub(crate) language: String,
}

pub(crate) struct Output {
    pub(crate) bytes: Vec<u8>,
    pub(crate) pages: usize,
    pub(crate) missing_glyphs: Vec<char>,
}

pub(crate) struct Layout {
    fonts: &'static Fonts,
    pub(crate) style: Style,
    units: Vec<Unit>,
    missing: Vec<char>,
    frames: usize,
    frame: Option<usize>,
    /// Left edge of the text, relative to the left margin (frames indent their content).
    indent: f32,
    /// Right inset, relative to the right margin.
    inset: f32,
    footers: Vec<Footer>,
}

const FRAME_PAD: f32 = 10.0;
const FRAME_LINE: f32 = 1.5;

impl Layout {
    pub(crate) fn new(style: Style) -> Result<Layout, DocumentError> {
        Ok(Layout {
            fonts: fonts()?,
            style,
            units: Vec::new(),
            missing: Vec::new(),
            frames: 0,
            frame: None,
            indent: 0.0,
            inset: 0.0,
            footers: Vec::new(),
        })
    }

    /// Start a new part of the document (a language section) on a new page, with its
    /// own footer.
    pub(crate) fn start_section(&mut self, footer: Footer) {
        self.footers.push(footer);
        if !self.units.is_empty() {
            self.units.push(Unit {
                break_before: true,
                section: self.footers.len() - 1,
                ..Unit::default()
            });
        }
    }

    fn section(&self) -> usize {
        self.footers.len().saturating_sub(1)
    }

    fn width(&self) -> f32 {
        CONTENT_W - self.indent - self.inset
    }

    fn push(&mut self, mut unit: Unit) {
        unit.frame = self.frame;
        unit.section = self.section();
        self.units.push(unit);
    }

    fn mark_keep_last(&mut self) {
        if let Some(u) = self.units.last_mut() {
            u.keep_with_next = true;
        }
    }

    /// Index to pass to [`Layout::keep_together`] later.
    pub(crate) fn mark(&self) -> usize {
        self.units.len()
    }

    /// Keep every unit added since `mark` on one page (when they fit on one page).
    pub(crate) fn keep_together(&mut self, mark: usize) {
        let n = self.units.len();
        if n == 0 {
            return;
        }
        for u in &mut self.units[mark.min(n)..n - 1] {
            u.keep_with_next = true;
        }
    }

    /// Vertical space.
    pub(crate) fn gap(&mut self, pt: f32) {
        self.push(Unit {
            height: 0.0,
            space_before: pt,
            ..Unit::default()
        });
    }

    fn prepare(&mut self, face: Face, text: &str) -> String {
        prepare_text(self.fonts.face(face), text, &mut self.missing)
    }

    /// Break prepared text into lines no wider than `width`. Explicit line breaks are
    /// kept; runs of spaces collapse; a word longer than a line is broken, after a
    /// `/`, `-`, `.`, `@` or `_` when one fits, else between characters.
    fn wrap(&self, face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
        let f = self.fonts.face(face);
        let space_w = f.char_width(' ', size);
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0f32;
            let mut any = false;
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                any = true;
                let word_w = f.width(word, size);
                if !line.is_empty() && line_w + space_w + word_w <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space_w + word_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                // Hard-break a word longer than the line.
                let mut rest: &str = word;
                loop {
                    let rest_w = f.width(rest, size);
                    if rest_w <= width {
                        line.push_str(rest);
                        line_w = rest_w;
                        break;
                    }
                    let mut w = 0.0f32;
                    let mut cut = 0usize;
                    let mut soft_cut = None;
                    for (i, c) in rest.char_indices() {
                        let cw = f.char_width(c, size);
                        if w + cw > width && cut > 0 {
                            break;
                        }
                        w += cw;
                        cut = i + c.len_utf8();
                        if matches!(c, '/' | '-' | '.' | '@' | '_') && cut < rest.len() {
                            soft_cut = Some(cut);
                        }
                    }
                    let cut = match soft_cut {
                        Some(s) if s * 2 >= cut => s,
                        _ => cut,
                    };
                    lines.push(rest[..cut].to_string());
                    rest = &rest[cut..];
                }
            }
            if !line.is_empty() {
                lines.push(line);
            } else if !any {
                lines.push(String::new());
            }
        }
        // Drop trailing empty lines from trailing newlines, keep at least one line.
        while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    fn baseline(size: f32, line_h: f32) -> f32 {
        // Centre DejaVu's ascender (0.928 em) and descender (0.236 em) in the line.
        (line_h - 1.164 * size) / 2.0 + 0.928 * size
    }

    /// Add wrapped text at `x` (relative to the current indent) in `face` and `size`.
    /// Returns the number of lines.
    fn text_block(
        &mut self,
        face: Face,
        size: f32,
        text: &str,
        x: f32,
        space_before: f32,
        keep_first: usize,
    ) -> usize {
        let prepared = self.prepare(face, text);
        let width = self.width() - x;
        let lines = self.wrap(face, size, &prepared, width);
        let line_h = self.style.line_height(size);
        let base = Self::baseline(size, line_h);
        let n = lines.len();
        let x_abs = self.indent + x;
        for (i, line) in lines.into_iter().enumerate() {
            let keep = i + 1 < keep_first.min(n)
                // Never leave a single line of a paragraph alone at the top or the
                // bottom of a page.
                || (n >= 2 && i == 0)
                || (n >= 2 && i == n - 2);
            let mut items = Vec::new();
            if !line.is_empty() {
                items.push(Item::Text {
                    x: x_abs,
                    y: base,
                    face,
                    size,
                    text: line,
                });
            }
            self.push(Unit {
                height: line_h,
                space_before: if i == 0 { space_before } else { 0.0 },
                items,
                keep_with_next: keep,
                ..Unit::default()
            });
        }
        n
    }

    /// The document title.
    pub(crate) fn title(&mut self, text: &str) {
        let size = self.style.title;
        self.text_block(Face::Bold, size, text, 0.0, 0.0, 99);
        self.mark_keep_last();
    }

    /// A section heading: bold, larger, space and a rule above it, kept with the next
    /// two lines.
    pub(crate) fn heading(&mut self, text: &str) {
        let size = self.style.heading;
        let space = self.style.body * 1.4;
        // A thin rule marks the start of each section.
        self.push(Unit {
            height: 0.0,
            space_before: space,
            items: vec![Item::Line {
                x1: self.indent,
                y1: -2.0,
                x2: self.indent + self.width(),
                y2: -2.0,
                width: 0.75,
                grey: 0.0,
            }],
            keep_with_next: true,
            ..Unit::default()
        });
        self.text_block(Face::Bold, size, text, 0.0, space * 0.25, 99);
        self.mark_keep_last();
    }

    /// A smaller bold heading inside a section (no rule).
    pub(crate) fn subheading(&mut self, text: &str) {
        let size = self.style.subheading;
        self.text_block(Face::Bold, size, text, 0.0, self.style.body * 0.8, 99);
        self.mark_keep_last();
    }

    /// A paragraph of body text.
    pub(crate) fn paragraph(&mut self, text: &str) {
        let gap = self.style.body * self.style.para_gap;
        self.text_block(Face::Regular, self.style.body, text, 0.0, gap, 0);
    }

    /// A paragraph in bold (for a label or a name that leads a block).
    pub(crate) fn strong(&mut self, text: &str) {
        let gap = self.style.body * self.style.para_gap;
        self.text_block(Face::Bold, self.style.body, text, 0.0, gap, 0);
        self.mark_keep_last();
    }

    /// One line of text with no space above (continuation of a block).
    pub(crate) fn line(&mut self, text: &str) {
        self.text_block(Face::Regular, self.style.body, text, 0.0, 0.0, 0);
    }

    /// A bulleted list.
    pub(crate) fn bullets(&mut self, items: &[String]) {
        let size = self.style.body;
        let hang = size * 1.3;
        let gap = size * 0.25;
        for (i, item) in items.iter().enumerate() {
            let first = self.units.len();
            let space = if i == 0 {
                size * self.style.para_gap
            } else {
                gap
            };
            self.text_block(Face::Regular, size, item, hang, space, 0);
            if let Some(u) = self.units.get_mut(first) {
                let line_h = size * 1.5;
                u.items.push(Item::Text {
                    x: self.indent + size * 0.2,
                    y: Self::baseline(size, line_h),
                    face: Face::Regular,
                    size,
                    text: "\u{2022}".to_string(),
                });
            }
        }
    }

    /// Rows of "label  value", the label in bold in a column of its own.
    pub(crate) fn key_values(&mut self, rows: &[(String, String)]) {
        self.key_values_aligned(rows, &[]);
    }

    /// Like [`Layout::key_values`], with the label column wide enough for `also` too,
    /// so that separate tables with the same kind of labels line up.
    pub(crate) fn key_values_aligned(&mut self, rows: &[(String, String)], also: &[&str]) {
        let size = self.style.body;
        let line_h = self.style.line_height(size);
        let base = Self::baseline(size, line_h);
        let width = self.width();
        let bold = self.fonts.face(Face::Bold);
        let labels: Vec<String> = rows
            .iter()
            .map(|(l, _)| prepare_text(bold, l, &mut self.missing))
            .collect();
        let widest = labels
            .iter()
            .map(|l| bold.width(l, size))
            .chain(also.iter().map(|l| bold.width(l, size)))
            .fold(0.0f32, f32::max);
        let col = (widest + size * 1.2).min(width * 0.4);
        for (i, ((_, value), label)) in rows.iter().zip(labels).enumerate() {
            let label_lines = self.wrap(Face::Bold, size, &label, col - size * 0.6);
            let value = self.prepare(Face::Regular, value);
            let value_lines = self.wrap(Face::Regular, size, &value, width - col);
            let n = label_lines.len().max(value_lines.len());
            for j in 0..n {
                let mut items = Vec::new();
                if let Some(l) = label_lines.get(j).filter(|l| !l.is_empty()) {
                    items.push(Item::Text {
                        x: self.indent,
                        y: base,
                        face: Face::Bold,
                        size,
                        text: l.clone(),
                    });
                }
                if let Some(v) = value_lines.get(j).filter(|v| !v.is_empty()) {
                    items.push(Item::Text {
                        x: self.indent + col,
                        y: base,
                        face: Face::Regular,
                        size,
                        text: v.clone(),
                    });
                }
                self.push(Unit {
                    height: line_h,
                    space_before: match (i, j) {
                        (0, 0) => size * 0.45,
                        (_, 0) => size * 0.3,
                        _ => 0.0,
                    },
                    items,
                    keep_with_next: j + 1 < n.min(3),
                    ..Unit::default()
                });
            }
        }
    }

    /// Start a box drawn around what follows, until [`Layout::end_frame`].
    pub(crate) fn begin_frame(&mut self) {
        let id = self.frames;
        self.frames += 1;
        self.gap(self.style.body * 0.8);
        self.frame = Some(id);
        self.indent += FRAME_PAD + FRAME_LINE;
        self.inset += FRAME_PAD + FRAME_LINE;
        self.push(Unit {
            height: FRAME_PAD * 0.6,
            keep_with_next: true,
            ..Unit::default()
        });
    }

    pub(crate) fn end_frame(&mut self) {
        self.push(Unit {
            height: FRAME_PAD,
            ..Unit::default()
        });
        self.frame = None;
        self.indent -= FRAME_PAD + FRAME_LINE;
        self.inset -= FRAME_PAD + FRAME_LINE;
    }

    /// A row (or rows) of tick boxes, each a drawn square followed by its label.
    pub(crate) fn tick_row(&mut self, labels: &[String]) {
        let size = self.style.body;
        let line_h = self.style.line_height(size) * 1.2;
        let base = Self::baseline(size, line_h);
        let side = (size * 1.1).round();
        let after_box = size * 0.45;
        let between = size * 1.6;
        let width = self.width();
        let regular = self.fonts.face(Face::Regular);
        let prepared: Vec<String> = labels
            .iter()
            .map(|l| prepare_text(regular, l, &mut self.missing))
            .collect();
        let mut rows: Vec<Vec<(f32, String)>> = vec![Vec::new()];
        let mut x = 0.0f32;
        for label in prepared {
            let w = side + after_box + regular.width(&label, size);
            if x > 0.0 && x + w > width {
                rows.push(Vec::new());
                x = 0.0;
            }
            rows.last_mut().expect("one row").push((x, label));
            x += w + between;
        }
        let n = rows.len();
        for (i, row) in rows.into_iter().enumerate() {
            let mut items = Vec::new();
            for (x, label) in row {
                let x = self.indent + x;
                items.push(Item::Square {
                    x,
                    // Centred on the label's x-height.
                    y: base - 0.27 * size - side / 2.0,
                    side,
                    width: 1.2,
                });
                items.push(Item::Text {
                    x: x + side + after_box,
                    y: base,
                    face: Face::Regular,
                    size,
                    text: label,
                });
            }
            self.push(Unit {
                height: line_h,
                space_before: if i == 0 { size * 0.3 } else { 0.0 },
                items,
                keep_with_next: i + 1 < n,
                ..Unit::default()
            });
        }
        // Room below the last line, so a following rule does not read as one more line.
        self.gap(size * 0.5);
    }

    /// `n` ruled lines to write on.
    pub(crate) fn write_lines(&mut self, n: usize) {
        let size = self.style.body;
        let h = (self.style.line_height(size) * 1.4).max(28.0);
        for i in 0..n {
            self.push(Unit {
                height: h,
                space_before: 0.0,
                items: vec![Item::Line {
                    x1: self.indent,
                    y1: h - 3.0,
                    x2: self.indent + self.width(),
                    y2: h - 3.0,
                    width: 0.6,
                    grey: 0.35,
                }],
                keep_with_next: i + 1 < n,
                ..Unit::default()
            });
        }
        // Room below the last line, so a following rule does not read as one more line.
        self.gap(size * 0.5);
    }

    /// Flow the units onto pages, add footers and write the PDF.
    pub(crate) fn finish(self, meta: &Meta) -> Result<Output, DocumentError> {
        let Layout {
            fonts,
            style,
            units,
            mut missing,
            footers,
            ..
        } = self;

        struct PageOut {
            items: Vec<(f32, Item)>,
            section: usize,
            frames: Vec<(usize, f32, f32)>,
        }
        let mut pages: Vec<PageOut> = Vec::new();
        let mut y = 0.0f32;
        let mut empty = true;
        let new_page = |pages: &mut Vec<PageOut>, section: usize| {
            pages.push(PageOut {
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
                let label = prepare_text(regular, &label, &mut missing);
                let label_w = regular.width(&label, size);
                let y = FOOTER_BASELINE;
                let left = prepare_text(regular, &footer.left, &mut missing);
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
        let mut subsets: [Option<std::sync::Arc<Subset>>; 2] = [None, None];
        for face in [Face::Regular, Face::Bold] {
            if let Some(used) = &used_doc[face.index()] {
                subsets[face.index()] = Some(fonts.subset(face, used)?);
            }
        }
        let mut contents = Vec::with_capacity(total);
        let mut pdf_pages = Vec::with_capacity(total);
        for page in drawn {
            let mut content = page.graphics;
            if !page.texts.is_empty() {
                content.begin_text();
                let mut current: Option<(Face, f32)> = None;
                for (x, y, face, size, text) in &page.texts {
                    let Some(subset) = &subsets[face.index()] else {
                        continue;
                    };
                    if current != Some((*face, *size)) {
                        content.font(face.resource_name(), *size);
                        current = Some((*face, *size));
                    }
                    content.show_text_at(*x, *y, text.chars().map(|c| subset.gid(c)));
                }
                content.end_text();
            }
            contents.push(content.into_bytes());
            // What printpdf sees of the page: the characters it draws in each face.
            let mut ops = Vec::new();
            for face in [Face::Regular, Face::Bold] {
                if let Some(used) = &page.used[face.index()] {
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(face.resource_name().into())),
                        size: Pt(10.0),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(used.iter().collect())],
                    });
                    ops.push(Op::EndTextSection);
                }
            }
            pdf_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
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
        // Each face is embedded as the subset made for it (see `fonts`), whole: printpdf
        // neither subsets it again nor tags it, so the tag is added below.
        for face in [Face::Regular, Face::Bold] {
            if let Some(subset) = &subsets[face.index()] {
                doc.resources.fonts.map.insert(
                    FontId(face.resource_name().into()),
                    PdfFont::with_meta(
                        subset.parsed.clone(),
                        PrintpdfFontMeta {
                            embedding_mode: FontEmbeddingMode::Full,
                            requires_subsetting: false,
                            ..PrintpdfFontMeta::default()
                        },
                    ),
                );
            }
        }
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
        tag_subsets(&mut lo);
        compress_streams(&mut lo);
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| DocumentError::Pdf(e.to_string()))?;
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
        Ok(Output {
            bytes,
            pages: total,
            missing_glyphs: missing,
        })
    }
}

/// zlib level for PDF streams. Measured on 1,166 demo sheets: level 4 gives the same
/// total size as level 9 (printpdf's choice) for about 13% less CPU per sheet; levels
/// 1 and 2 are faster still but make the files 26% and 9% larger.
const STREAM_COMPRESSION: u32 = 4;

/// One page drawn: its lines and boxes already written, its text waiting for the font
/// subsets (which depend on every page's characters).
struct PageDraw {
    graphics: Content,
    texts: Vec<(f32, f32, Face, f32, String)>,
    /// The characters the page draws in each face.
    used: [Option<CharSet>; 2],
}

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

/// Marks every embedded font as the subset it is: `KDRREG+DejaVuSans` on /BaseFont (the
/// font and its descendant) and on the descriptor's /FontName, which must match
/// (ISO 32000-1, 9.6.4). printpdf only tags fonts it subset itself.
fn tag_subsets(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = object else {
            continue;
        };
        let is = |key: &[u8], value: &[u8]| {
            dict.get(key)
                .and_then(|o| o.as_name())
                .is_ok_and(|n| n == value)
        };
        let key: &[u8] = if is(b"Type", b"Font") {
            b"BaseFont"
        } else if is(b"Type", b"FontDescriptor") {
            b"FontName"
        } else {
            continue;
        };
        let Ok(name) = dict.get(key).and_then(|o| o.as_name()) else {
            continue;
        };
        let tag: &[u8] = match name {
            b"DejaVuSans" => b"KDRREG+",
            b"DejaVuSans-Bold" => b"KDRBLD+",
            _ => continue,
        };
        let tagged = [tag, name].concat();
        dict.set(key, lopdf::Object::Name(tagged));
    }
}

/// Flate-compresses every stream that may be compressed and is not already filtered,
/// keeping the plain form when compression would not make it smaller (as printpdf does).
fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let Ok(compressed) = compress(&stream.content) else {
            continue;
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed.as_ref().clone());
        }
    }
}

/// Streams at least this long (in practice the embedded font subsets) are remembered
/// once compressed: people in the same batch often need exactly the same glyphs, so
/// the same font subset, and compression is the costliest step of a sheet.
const CACHE_MIN_LEN: usize = 16 * 1024;
/// How many compressed streams are remembered (about 45 KB each); the cache is emptied
/// when full.
const CACHE_ENTRIES: usize = 128;

type StreamCache = std::collections::HashMap<Vec<u8>, std::sync::Arc<Vec<u8>>>;

static COMPRESSED: std::sync::OnceLock<std::sync::Mutex<StreamCache>> = std::sync::OnceLock::new();

/// The zlib form of `content` at [`STREAM_COMPRESSION`]. Compression is deterministic,
/// so a remembered result is byte for byte what compressing again would give.
fn compress(content: &[u8]) -> std::io::Result<std::sync::Arc<Vec<u8>>> {
    use std::io::Write;
    let cache = (content.len() >= CACHE_MIN_LEN).then(|| COMPRESSED.get_or_init(Default::default));
    if let Some(cache) = cache {
        if let Some(hit) = cache.lock().ok().and_then(|c| c.get(content).cloned()) {
            return Ok(hit);
        }
    }
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(content.len() / 2),
        flate2::Compression::new(STREAM_COMPRESSION),
    );
    enc.write_all(content)?;
    let compressed = std::sync::Arc::new(enc.finish()?);
    if let Some(mut c) = cache.and_then(|c| c.lock().ok()) {
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(content.to_vec(), compressed.clone());
    }
    Ok(compressed)
}

/// printpdf writes a random `/ID` into the trailer. Replace both strings with a hash of
/// the document's bytes (same length, so no offset moves): the same input then gives
/// the same bytes, and different documents still get different ids.
fn fix_document_id(bytes: &mut [u8]) -> Result<(), DocumentError> {
    const KEY: &[u8] = b"/ID";
    let tail_start = bytes.len().saturating_sub(4096);
    let pos = bytes[tail_start..]
        .windows(KEY.len())
        .rposition(|w| w == KEY)
        .map(|p| p + tail_start)
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

    fn layout() -> Layout {
        Layout::new(Style::standard()).unwrap()
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let l = layout();
        let text =
            "Taking part is your choice. You can say no. You can stop or take a break at any time.";
        let lines = l.wrap(Face::Regular, 14.0, text, 200.0);
        assert!(lines.len() > 2);
        let f = l.fonts.face(Face::Regular);
        for line in &lines {
            assert!(f.width(line, 14.0) <= 200.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn standard_body_line_holds_60_to_70_characters() {
        let l = layout();
        let text = "The reviewer keeps notes of what you say, and the notes are kept safe. \
                    Only the people working on the review will see them, and they will not \
                    use your name in the report that is written at the end of the review.";
        let lines = l.wrap(Face::Regular, 14.0, text, CONTENT_W);
        let first = lines[0].chars().count();
        assert!((58..=72).contains(&first), "{first}: {}", lines[0]);
    }

    #[test]
    fn long_words_are_broken_not_lost() {
        let l = layout();
        let word = "x".repeat(5000);
        let lines = l.wrap(Face::Regular, 14.0, &word, CONTENT_W);
        assert!(lines.len() > 50);
        assert_eq!(lines.concat(), word);
        let url = "https://www.example.org.uk/a-very-long-path/with/many/parts/and-more-parts/that-does-not-fit";
        let lines = l.wrap(Face::Regular, 18.0, url, 250.0);
        assert_eq!(lines.concat(), url);
        assert!(lines[0].ends_with('/') || lines[0].ends_with('-') || lines[0].ends_with('.'));
    }

    #[test]
    fn newlines_are_kept() {
        let l = layout();
        let lines = l.wrap(Face::Regular, 14.0, "one\ntwo\n\nthree\n", CONTENT_W);
        assert_eq!(lines, vec!["one", "two", "", "three"]);
    }

    #[test]
    fn document_id_is_fixed_and_content_dependent() {
        let mut a = b"%PDF-1.3 body one\ntrailer\n<</ID[(ABCDEFGHIJABCDEFGHIJABCDEFGHIJAB)(BBCDEFGHIJABCDEFGHIJABCDEFGHIJAB)]>>".to_vec();
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
