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
//! written by `content`; its types stay inside `documents` (in `layout::pdf` and `fonts`).
//!
//! Three steps, three files, because each changes for its own reasons: this file is
//! the builder (units and line wrapping: what a heading or a tick row *is*);
//! `paginate` flows the units onto pages and draws each page with its footer;
//! `pdf` assembles the file (font subsets, printpdf, our content streams in place
//! of its own, compression and the fixed document id); `save` writes it out.

mod chart;
mod embed;
mod objects;
mod paginate;
mod pdf;
mod save;
mod shaped;
mod structure;
mod tagged;

use std::sync::Arc;

use structure::{Role, Structure};

use super::fonts::{fonts, prepare_text, Face, Fonts};
use super::pictures::Picture;
use super::shaping::{ComplexFont, Glyph, Script, Writing};
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

/// How much taller a line is in a Nastaliq part than in any other (so 2.4 ems), and
/// how far below the line's baseline its box goes, in ems: Nastaliq's words slope down
/// to the baseline from well above it. Checked against the ink of every word of the
/// Urdu wording by `shaping::tests::nastaliq_lines_hold_their_ink`.
pub(crate) const NASTALIQ_LINE: f32 = 1.6;
pub(crate) const NASTALIQ_BELOW: f32 = 0.7;

#[derive(Debug, Clone)]
enum Item {
    /// `y` is the baseline, measured down from the unit's top.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        /// The structure element the text belongs to; `None` draws it as an artifact.
        tag: Option<usize>,
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
    /// Shaped glyphs of a complex script (see `shaping`), in visual order; `text` is
    /// what they show, in reading order. `y` is the baseline.
    Glyphs {
        x: f32,
        y: f32,
        size: f32,
        font: ComplexFont,
        glyphs: Arc<[Glyph]>,
        text: String,
        /// The structure element the text belongs to; `None` draws it as an artifact.
        tag: Option<usize>,
    },
    /// A picture (see `pictures`) in a square of `size` points; `y` is its top.
    Figure {
        x: f32,
        y: f32,
        size: f32,
        picture: &'static Picture,
        tag: Option<usize>,
    },
    /// A stroked rectangle; `y` is its top, measured down from the unit's top.
    Square {
        x: f32,
        y: f32,
        side: f32,
        width: f32,
    },
    /// A filled rectangle (a bar of a chart) in a grey (0 black, 1 white); `y` is its top.
    Bar {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
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
    /// How far below its top the unit draws (a picture taller than its line): the unit
    /// must fit on the page to there, and the next such unit starts below it.
    reach: f32,
}

/// Gives the text of `items` (plain or shaped) to the structure element `tag`.
/// Where the baseline of a line `line_h` high is, down from its top, outside Nastaliq:
/// DejaVu's ascender (0.928 em) and descender (0.236 em), centred.
fn plain_baseline(size: f32, line_h: f32) -> f32 {
    (line_h - 1.164 * size) / 2.0 + 0.928 * size
}

/// Whether `item` is text in Nastaliq.
fn is_nastaliq(item: &Item) -> bool {
    matches!(item, Item::Glyphs { font, .. } if font.script == Script::Urdu)
}

fn tag_items(items: &mut [Item], tag: Option<usize>) {
    for item in items {
        if let Item::Text { tag: t, .. } | Item::Glyphs { tag: t, .. } = item {
            *t = tag;
        }
    }
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

impl Output {
    /// The document as the rest of Kindred sees it, with the wording it was made from
    /// (empty for documents whose words are the author's own or the program's).
    pub(crate) fn rendered(
        self,
        wording_version: String,
        draft_languages: Vec<super::Language>,
    ) -> super::Rendered {
        super::Rendered {
            bytes: self.bytes,
            pages: self.pages,
            missing_glyphs: self.missing_glyphs,
            wording_version,
            draft_languages,
        }
    }
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
    /// Each section's footer, and how its part is written.
    footers: Vec<(Footer, Writing)>,
    /// How the current part is written. Right to left (Urdu, Arabic): lines are
    /// aligned right and every paragraph is laid out with the bidi algorithm (see
    /// `shaped`). Nastaliq (Urdu): taller lines, for its tall, sloping words.
    writing: Writing,
    /// The tagged PDF's structure tree (see `structure`).
    structure: Structure,
    /// The element new blocks go into: the current section, or the document.
    container: usize,
    /// Width of the column of pictures left of the text (easy read), 0 without.
    picture_column: f32,
    /// The picture to draw beside the next heading, with its alternative text.
    pending_picture: Option<(&'static Picture, String, String)>,
    /// The level of the last heading (1 title, 2 heading, 3 subheading): a subheading
    /// with no heading above it in its section is tagged one level down from the title,
    /// so headings never skip a level.
    heading_level: u8,
}

/// How a block of text is set: face and size, where it starts (relative to the
/// current indent), the space above it, how many first lines stay together, and the
/// structure element it belongs to.
struct Block {
    face: Face,
    size: f32,
    x: f32,
    space_before: f32,
    keep_first: usize,
    tag: Option<usize>,
    align: Align,
}

/// Where lines go: from `x` (the left of the column, absolute within the content area),
/// `width` wide, and to which side a line runs short.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    x: f32,
    width: f32,
    align: Align,
}

/// Where a line starts in a right-to-left part when its own text runs left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// A paragraph: English typed into an Urdu letter starts at the left and is read as
    /// English, as a browser's `dir="auto"` would show it.
    OwnDirection,
    /// A title, a heading, a name or a value beside its label: with the rest of the part
    /// (on the right, right to left), so a Latin-script name in a signature or a contact
    /// block lines up with the lines around it instead of standing apart on the left.
    Part,
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
            writing: Writing::default(),
            structure: Structure::default(),
            container: 0,
            picture_column: 0.0,
            pending_picture: None,
            heading_level: 0,
        })
    }

    /// A new structure element inside the current section.
    fn element(&mut self, role: Role) -> usize {
        self.structure.open(role, self.container)
    }

    /// The language of the current section (of the whole document before the first
    /// section), as a language code ("en", "cy", "pl"), for the tagged PDF: a screen
    /// reader reads each part in its own language.
    pub(crate) fn language(&mut self, code: &str) {
        let tag = structure::lang_tag(code).to_string();
        self.structure.set_lang(self.container, &tag);
    }

    /// Keep a column `width` points wide for pictures beside the text, the easy-read
    /// way: each idea's picture sits beside its heading and first lines, on the side
    /// its lines start from (left, or right in a right-to-left part).
    pub(crate) fn picture_column(&mut self, width: f32) {
        let grow = width - self.picture_column;
        if self.writing.right_to_left {
            self.inset += grow;
        } else {
            self.indent += grow;
        }
        self.picture_column = width;
    }

    /// Moves the picture column to the side where lines written as `writing` start.
    fn picture_column_for(&mut self, writing: Writing) {
        let column = self.picture_column;
        match (self.writing.right_to_left, writing.right_to_left) {
            (false, true) => {
                self.indent -= column;
                self.inset += column;
            }
            (true, false) => {
                self.inset -= column;
                self.indent += column;
            }
            _ => {}
        }
    }

    /// Draw `picture` beside the next heading (in the picture column; ignored without
    /// one), described for screen readers by `alt`, written in the language `lang`.
    pub(crate) fn picture(&mut self, picture: &'static Picture, (alt, lang): (&str, &str)) {
        if self.picture_column > 0.0 {
            self.pending_picture = Some((picture, alt.to_string(), lang.to_string()));
        }
    }

    /// The pending picture as an item at the top of a unit, and how far it reaches down.
    fn take_picture(&mut self) -> Option<(Item, f32)> {
        let (picture, alt, lang) = self.pending_picture.take()?;
        let tag = self.element(Role::Figure);
        self.structure.set_alt(tag, &alt);
        self.structure.set_lang(tag, &lang);
        let size = self.picture_column - self.style.body * 0.8;
        // At the outer edge of the column, the gap between it and the text.
        let x = if self.writing.right_to_left {
            CONTENT_W - self.inset + self.picture_column - size
        } else {
            self.indent - self.picture_column
        };
        Some((
            Item::Figure {
                x,
                y: 0.0,
                size,
                picture,
                tag: Some(tag),
            },
            size,
        ))
    }

    /// Start a new part of the document (a language section) on a new page, with its
    /// own footer.
    pub(crate) fn start_section(&mut self, footer: Footer) {
        self.footers.push((footer, Writing::default()));
        self.container = self.structure.open(Role::Sect, 0);
        self.heading_level = 0;
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

    /// The height of a line of text in `size` in the current part.
    fn line_height(&self, size: f32) -> f32 {
        let h = self.style.line_height(size);
        if self.writing.nastaliq {
            h * NASTALIQ_LINE
        } else {
            h
        }
    }

    /// Where the baseline of a line `line_h` high is, down from its top.
    fn baseline(&self, size: f32, line_h: f32) -> f32 {
        if self.writing.nastaliq {
            line_h - NASTALIQ_BELOW * size
        } else {
            plain_baseline(size, line_h)
        }
    }

    /// Add wrapped text at `x` (relative to the current indent) in `face` and `size`.
    /// Returns the number of lines.
    fn text_block(&mut self, text: &str, block: Block) -> usize {
        let Block {
            face,
            size,
            x,
            space_before,
            keep_first,
            tag,
            align,
        } = block;
        let width = self.width() - x;
        let line_h = self.line_height(size);
        let base = self.baseline(size, line_h);
        let x_abs = self.indent + x;
        // In a Nastaliq part, a line with no Nastaliq in it (English) keeps the usual
        // height and baseline.
        let plain_h = self.style.line_height(size);
        let plain_base = plain_baseline(size, plain_h);
        let lines = self.lines_of(
            face,
            size,
            text,
            Column {
                x: x_abs,
                width,
                align,
            },
            base,
        );
        let n = lines.len();
        for (i, mut items) in lines.into_iter().enumerate() {
            tag_items(&mut items, tag);
            let mut line_h = line_h;
            if self.writing.nastaliq && !items.iter().any(is_nastaliq) {
                line_h = plain_h;
                for item in &mut items {
                    if let Item::Text { y, .. } | Item::Glyphs { y, .. } = item {
                        *y += plain_base - base;
                    }
                }
            }
            let keep = i + 1 < keep_first.min(n)
                // Never leave a single line of a paragraph alone at the top or the
                // bottom of a page.
                || (n >= 2 && i == 0)
                || (n >= 2 && i == n - 2);
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
        let tag = self.element(Role::H1);
        self.heading_level = 1;
        self.text_block(
            text,
            Block {
                face: Face::Bold,
                size,
                x: 0.0,
                space_before: 0.0,
                keep_first: 99,
                tag: Some(tag),
                align: Align::Part,
            },
        );
        self.mark_keep_last();
    }

    /// A section heading: bold, larger, space and a rule above it, kept with the next
    /// two lines.
    pub(crate) fn heading(&mut self, text: &str) {
        let size = self.style.heading;
        let space = self.style.body * 1.4;
        let role = if self.heading_level == 0 {
            self.heading_level = 1;
            Role::H1
        } else {
            self.heading_level = 2;
            Role::H2
        };
        let tag = self.element(role);
        // A thin rule marks the start of each section.
        let mut items = vec![Item::Line {
            x1: self.indent,
            y1: -2.0,
            x2: self.indent + self.width(),
            y2: -2.0,
            width: 0.75,
            grey: 0.0,
        }];
        let mut reach = 0.0;
        if let Some((figure, r)) = self.take_picture() {
            items.push(figure);
            reach = r;
        }
        self.push(Unit {
            height: 0.0,
            space_before: space,
            items,
            keep_with_next: true,
            reach,
            ..Unit::default()
        });
        self.text_block(
            text,
            Block {
                face: Face::Bold,
                size,
                x: 0.0,
                space_before: space * 0.25,
                keep_first: 99,
                tag: Some(tag),
                align: Align::Part,
            },
        );
        self.mark_keep_last();
    }

    /// A smaller bold heading inside a section (no rule).
    pub(crate) fn subheading(&mut self, text: &str) {
        let size = self.style.subheading;
        let role = match self.heading_level {
            0 => {
                self.heading_level = 1;
                Role::H1
            }
            1 => Role::H2,
            _ => Role::H3,
        };
        let tag = self.element(role);
        let mut space_before = self.style.body * 0.8;
        if let Some((figure, reach)) = self.take_picture() {
            self.push(Unit {
                space_before,
                items: vec![figure],
                keep_with_next: true,
                reach,
                ..Unit::default()
            });
            space_before = 0.0;
        }
        self.text_block(
            text,
            Block {
                face: Face::Bold,
                size,
                x: 0.0,
                space_before,
                keep_first: 99,
                tag: Some(tag),
                align: Align::Part,
            },
        );
        self.mark_keep_last();
    }

    /// A paragraph of body text.
    pub(crate) fn paragraph(&mut self, text: &str) {
        let gap = self.style.body * self.style.para_gap;
        self.body_text(Face::Regular, text, gap, Align::OwnDirection);
    }

    /// A paragraph in bold (for a label or a name that leads a block).
    pub(crate) fn strong(&mut self, text: &str) {
        let gap = self.style.body * self.style.para_gap;
        self.body_text(Face::Bold, text, gap, Align::Part);
        self.mark_keep_last();
    }

    /// One line of text with no space above (continuation of a block).
    pub(crate) fn line(&mut self, text: &str) {
        self.body_text(Face::Regular, text, 0.0, Align::Part);
    }

    /// A paragraph of body-size text in `face`, `space_before` above it.
    fn body_text(&mut self, face: Face, text: &str, space_before: f32, align: Align) {
        let tag = self.element(Role::P);
        self.text_block(
            text,
            Block {
                face,
                size: self.style.body,
                x: 0.0,
                space_before,
                keep_first: 0,
                tag: Some(tag),
                align,
            },
        );
    }

    /// A bulleted list.
    pub(crate) fn bullets(&mut self, items: &[String]) {
        let size = self.style.body;
        let hang = size * 1.3;
        let gap = size * 0.25;
        let list = self.element(Role::L);
        for (i, item) in items.iter().enumerate() {
            let first = self.units.len();
            let li = self.structure.open(Role::LI, list);
            let label = self.structure.open(Role::Lbl, li);
            let body = self.structure.open(Role::LBody, li);
            let block = |x: f32| Block {
                face: Face::Regular,
                size,
                x,
                space_before: 0.0,
                keep_first: 0,
                tag: Some(body),
                align: Align::OwnDirection,
            };
            let space = if i == 0 {
                size * self.style.para_gap
            } else {
                gap
            };
            // Right to left, the bullet and its hanging indent are on the right.
            let bullet_x = if self.writing.right_to_left {
                self.inset += hang;
                self.text_block(
                    item,
                    Block {
                        space_before: space,
                        ..block(0.0)
                    },
                );
                self.inset -= hang;
                let bullet_w = self.fonts.face(Face::Regular).char_width('\u{2022}', size);
                self.indent + self.width() - size * 0.2 - bullet_w
            } else {
                self.text_block(
                    item,
                    Block {
                        space_before: space,
                        ..block(hang)
                    },
                );
                self.indent + size * 0.2
            };
            // On the baseline of the item's first line.
            let y = self
                .units
                .get(first)
                .and_then(|u| {
                    u.items.iter().find_map(|i| match i {
                        Item::Text { y, .. } | Item::Glyphs { y, .. } => Some(*y),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| self.baseline(size, self.line_height(size)));
            if let Some(u) = self.units.get_mut(first) {
                u.items.push(Item::Text {
                    x: bullet_x,
                    y,
                    face: Face::Regular,
                    size,
                    text: "\u{2022}".to_string(),
                    tag: Some(label),
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
        let line_h = self.line_height(size);
        let base = self.baseline(size, line_h);
        let width = self.width();
        let mut widest = 0.0f32;
        for l in rows
            .iter()
            .map(|(l, _)| l.as_str())
            .chain(also.iter().copied())
        {
            widest = widest.max(self.measure(Face::Bold, size, l));
        }
        let col = (widest + size * 1.2).min(width * 0.4);
        // Right to left, the label column is on the right.
        let (label_x, value_x) = if self.writing.right_to_left {
            (self.indent + width - col + size * 0.6, self.indent)
        } else {
            (self.indent, self.indent + col)
        };
        let table = self.element(Role::Table);
        for (i, (label, value)) in rows.iter().enumerate() {
            let row = self.structure.open(Role::TR, table);
            let th = self.structure.open(Role::TH, row);
            let td = self.structure.open(Role::TD, row);
            let mut label_lines = self.lines_of(
                Face::Bold,
                size,
                label,
                Column {
                    x: label_x,
                    width: col - size * 0.6,
                    align: Align::Part,
                },
                base,
            );
            let mut value_lines = self.lines_of(
                Face::Regular,
                size,
                value,
                Column {
                    x: value_x,
                    width: width - col,
                    align: Align::Part,
                },
                base,
            );
            for items in &mut label_lines {
                tag_items(items, Some(th));
            }
            for items in &mut value_lines {
                tag_items(items, Some(td));
            }
            let n = label_lines.len().max(value_lines.len());
            label_lines.resize_with(n, Vec::new);
            value_lines.resize_with(n, Vec::new);
            for (j, (mut items, value_items)) in
                label_lines.into_iter().zip(value_lines).enumerate()
            {
                items.extend(value_items);
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
        let line_h = self.line_height(size) * 1.2;
        let base = self.baseline(size, line_h);
        let side = (size * 1.1).round();
        let after_box = size * 0.45;
        let between = size * 1.6;
        let width = self.width();
        let widths: Vec<f32> = labels
            .iter()
            .map(|l| self.measure(Face::Regular, size, l))
            .collect();
        let mut rows: Vec<Vec<(f32, usize)>> = vec![Vec::new()];
        let mut x = 0.0f32;
        for (k, label_w) in widths.iter().enumerate() {
            let w = side + after_box + label_w;
            if x > 0.0 && x + w > width {
                rows.push(Vec::new());
                x = 0.0;
            }
            rows.last_mut().expect("one row").push((x, k));
            x += w + between;
        }
        let n = rows.len();
        // The boxes are drawn (artifacts); the choices are read as a list.
        let list = self.element(Role::L);
        for (i, row) in rows.into_iter().enumerate() {
            let mut items = Vec::new();
            for (x, k) in row {
                let li = self.structure.open(Role::LI, list);
                let body = self.structure.open(Role::LBody, li);
                // Right to left, the rows fill from the right, each box right of its label.
                let (box_x, text_x) = if self.writing.right_to_left {
                    let right = self.indent + width - x;
                    (right - side, right - side - after_box - widths[k])
                } else {
                    let x = self.indent + x;
                    (x, x + side + after_box)
                };
                items.push(Item::Square {
                    x: box_x,
                    // Centred on the label's x-height.
                    y: base - 0.27 * size - side / 2.0,
                    side,
                    width: 1.2,
                });
                let lines = self.lines_of(
                    Face::Regular,
                    size,
                    &labels[k],
                    Column {
                        x: text_x,
                        width: widths[k] + 1.0,
                        align: Align::Part,
                    },
                    base,
                );
                for mut line in lines {
                    tag_items(&mut line, Some(body));
                    items.extend(line);
                }
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
        let h = (self.line_height(size) * 1.4).max(28.0);
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

    /// Flow the units onto pages (see `paginate`), add footers and write the PDF (see
    /// `pdf`).
    pub(crate) fn finish(self, meta: &Meta) -> Result<Output, DocumentError> {
        let Layout {
            fonts,
            style,
            units,
            mut missing,
            footers,
            structure,
            ..
        } = self;
        let pages = paginate::flow(&units)?;
        let total = pages.len();
        let drawn = paginate::draw(pages, fonts, &style, &footers, &mut missing);
        let bytes = pdf::assemble(fonts, drawn, meta, structure)?;
        Ok(Output {
            bytes,
            pages: total,
            missing_glyphs: missing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::new(Style::standard()).unwrap()
    }

    /// Where the first picture and the first heading's text are, across the page.
    fn picture_and_heading(l: &Layout) -> (f32, f32) {
        let items = l.units.iter().flat_map(|u| u.items.iter());
        let picture = items
            .clone()
            .find_map(|i| match i {
                Item::Figure { x, .. } => Some(*x),
                _ => None,
            })
            .expect("a picture");
        let text = items
            .filter_map(|i| match i {
                Item::Text { x, .. } | Item::Glyphs { x, .. } => Some(*x),
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        (picture, text)
    }

    /// Easy read's pictures sit on the side a part's lines start from: left of the
    /// text in English, right of it in Urdu, and back on the left for the English after.
    #[test]
    fn pictures_sit_where_lines_start() {
        let p = super::super::pictures::pictures()
            .expect("pictures")
            .get(super::super::pictures::Idea::Question)
            .expect("a picture");
        let mut l = Layout::new(Style::easy_read()).unwrap();
        l.picture_column(96.0);
        let part = |l: &mut Layout, writing: Writing, heading: &str| {
            l.units.clear();
            l.set_writing(writing);
            l.picture(p, ("A question", "en"));
            l.heading(heading);
            picture_and_heading(l)
        };
        let urdu = Writing {
            right_to_left: true,
            nastaliq: true,
        };
        let (picture, text) = part(&mut l, Writing::default(), "Your questions");
        assert!(
            picture < text,
            "English: picture at {picture}, text from {text}"
        );
        let (picture, text) = part(&mut l, urdu, "آپ کے سوالات");
        // In the column at the right, the text left of it.
        assert!(
            (CONTENT_W - 96.0..CONTENT_W).contains(&picture) && text < CONTENT_W - 96.0,
            "Urdu: picture at {picture}, text from {text}"
        );
        let (picture, text) = part(&mut l, Writing::default(), "Your questions");
        assert!(
            picture < text,
            "English after: picture at {picture}, text from {text}"
        );
        assert_eq!(l.indent, 96.0);
        assert_eq!(l.inset, 0.0);
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
}
