//! Bar charts drawn with the layout's own graphics: each bar a filled rectangle on a pale
//! track that shows the whole scale, its label above it and its value in words beside it,
//! so the chart reads the same printed in black and white, and to a screen reader through
//! the text. Used by the evaluation report (`documents::evaluation`).

use super::structure::Role;
use super::{Block, Face, Item, Layout, Unit};

/// How much of the line's width the track of a bar takes (the value is written after it).
const TRACK: f32 = 0.62;

impl Layout {
    /// One bar: `label` on its own line(s), then a bar `fraction` (0 to 1) of the track
    /// long with `value` written after it. `None` draws no bar (a value not shown).
    pub(crate) fn bar(&mut self, label: &str, value: &str, fraction: Option<f32>) {
        let size = self.style.body;
        let gap = size * 0.3;
        // The label and the value in words are the chart's text; the bars are drawn
        // (artifacts), so a screen reader hears each label then its value.
        let label_tag = self.element(Role::P);
        self.text_block(
            label,
            Block {
                face: Face::Regular,
                size,
                x: 0.0,
                space_before: gap,
                keep_first: 0,
                tag: Some(label_tag),
                align: super::Align::Part,
            },
        );
        self.mark_keep_last();
        let line_h = self.line_height(size);
        let bar_h = (size * 0.9).round();
        let top = (line_h - bar_h) / 2.0;
        let track = self.width() * TRACK;
        let mut items = Vec::new();
        if let Some(f) = fraction {
            items.push(Item::Bar {
                x: self.indent,
                y: top,
                w: track,
                h: bar_h,
                grey: 0.9,
            });
            let w = track * f.clamp(0.0, 1.0);
            if w > 0.0 {
                items.push(Item::Bar {
                    x: self.indent,
                    y: top,
                    w,
                    h: bar_h,
                    grey: 0.25,
                });
            }
        }
        let value_x = if fraction.is_some() {
            track + size * 0.5
        } else {
            0.0
        };
        let prepared = self.prepare(Face::Bold, value);
        let value_tag = self.element(Role::P);
        items.push(Item::Text {
            x: self.indent + value_x,
            y: self.baseline(size, line_h),
            face: Face::Bold,
            size,
            text: prepared,
            tag: Some(value_tag),
        });
        self.push(Unit {
            height: line_h,
            space_before: 0.0,
            items,
            ..Unit::default()
        });
    }
}
