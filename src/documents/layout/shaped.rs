//! The builder's way into `shaping`: lines of text as drawing items, through the DejaVu
//! fast path when the text is Latin in a left-to-right part, or shaped and put in bidi
//! order when it has a complex script or the part is right to left (then each line of
//! a right-to-left paragraph is aligned right).

use super::super::shaping::{
    needs_shaping, prepare_mixed, wrap_shaped, Piece, ShapedLine, Writing,
};
use super::{Face, Item, Layout};

impl Layout {
    /// How the part now being built is written (see [`Writing::of`]).
    /// The section's footer is written the same way.
    pub(crate) fn set_writing(&mut self, writing: Writing) {
        self.picture_column_for(writing);
        self.writing = writing;
        if let Some((_, w)) = self.footers.last_mut() {
            *w = writing;
        }
    }

    /// Whether `text` goes through shaping here.
    fn shaped(&self, text: &str) -> bool {
        self.writing.right_to_left || needs_shaping(text)
    }

    /// `text` wrapped to the column's width and placed in it, one list of items per
    /// line, baseline `base`.
    pub(super) fn lines_of(
        &mut self,
        face: Face,
        size: f32,
        text: &str,
        column: super::Column,
        base: f32,
    ) -> Vec<Vec<Item>> {
        let super::Column { x, width, align } = column;
        if self.shaped(text) {
            if let Some(lines) = self.shaped_lines(face, size, text, width) {
                return lines
                    .iter()
                    .map(|line| {
                        // A paragraph that runs left to right inside a right-to-left
                        // part (English typed by the author) starts at the left; a
                        // name or a value keeps to the part's side.
                        let from_right = match align {
                            super::Align::OwnDirection => line.right_to_left,
                            super::Align::Part => self.writing.right_to_left,
                        };
                        let start = if from_right {
                            x + width - line.width
                        } else {
                            x
                        };
                        items_of(line, start, base, size)
                    })
                    .collect();
            }
        }
        let prepared = self.prepare(face, text);
        self.wrap(face, size, &prepared, width)
            .into_iter()
            .map(|line| {
                if line.is_empty() {
                    Vec::new()
                } else {
                    vec![Item::Text {
                        x,
                        y: base,
                        face,
                        size,
                        text: line,
                        tag: None,
                    }]
                }
            })
            .collect()
    }

    /// The shaped lines, or `None` when the complex-script fonts cannot be used (the
    /// text then takes the DejaVu path, its complex characters shown as missing).
    fn shaped_lines(
        &mut self,
        face: Face,
        size: f32,
        text: &str,
        width: f32,
    ) -> Option<Vec<ShapedLine>> {
        let mut missing = Vec::new();
        let prepared = prepare_mixed(
            self.fonts.face(face),
            face,
            text,
            self.writing,
            &mut missing,
        )
        .ok()?;
        let lines = wrap_shaped(self.fonts, face, size, &prepared, width, self.writing).ok()?;
        for c in missing {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
        Some(lines)
    }

    /// The width of `text` on one line.
    pub(super) fn measure(&mut self, face: Face, size: f32, text: &str) -> f32 {
        if self.shaped(text) {
            if let Some(lines) = self.shaped_lines(face, size, &text.replace('\n', " "), f32::MAX) {
                return lines.iter().map(|l| l.width).fold(0.0, f32::max);
            }
        }
        let prepared = self.prepare(face, text);
        self.fonts.face(face).width(&prepared, size)
    }
}

/// The items that draw one shaped line from `x`.
pub(super) fn items_of(line: &ShapedLine, x: f32, base: f32, size: f32) -> Vec<Item> {
    line.pieces
        .iter()
        .map(|piece| match piece {
            Piece::Plain { face, x: px, text } => Item::Text {
                x: x + px,
                y: base,
                face: *face,
                size,
                text: text.clone(),
                tag: None,
            },
            Piece::Glyphs {
                font,
                x: px,
                glyphs,
                text,
            } => Item::Glyphs {
                x: x + px,
                y: base,
                size,
                font: *font,
                glyphs: glyphs.clone(),
                text: text.clone(),
                tag: None,
            },
        })
        .collect()
}
