//! A page's content stream, written straight to bytes: the handful of PDF operators the
//! layout uses (grey stroke and fill, line width, lines, rectangles, and text placed at a
//! point in an Identity-H font, as glyph ids).
//!
//! Why not printpdf's operations: encoding them (looking every character up in the font
//! twice, one allocation per glyph, numbers and hex through the formatting machinery) was
//! half the time of a sheet. The output is the same operators printpdf wrote, except
//! that glyph codes are written as literal strings of their two bytes (escaped where
//! PDF asks) rather than as hex: the same codes in half the bytes, so a page's stream
//! is about a third smaller before compression, and compressing it takes that much less.

/// Bytes of one content stream.
#[derive(Debug, Default)]
pub(crate) struct Content(Vec<u8>);

impl Content {
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    fn op(&mut self, operands: &[f32], operator: &str) {
        for v in operands {
            number(&mut self.0, *v);
            self.0.push(b' ');
        }
        self.0.extend_from_slice(operator.as_bytes());
        self.0.push(b'\n');
    }

    /// Grey fill colour (0 black, 1 white).
    pub(crate) fn grey_fill(&mut self, grey: f32) {
        self.op(&[grey], "g");
    }

    /// Grey stroke colour (0 black, 1 white).
    pub(crate) fn grey_stroke(&mut self, grey: f32) {
        self.op(&[grey], "G");
    }

    pub(crate) fn line_width(&mut self, width: f32) {
        self.op(&[width], "w");
    }

    /// A stroked straight line.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.op(&[x1, y1], "m");
        self.op(&[x2, y2], "l");
        self.op(&[], "S");
    }

    /// A stroked rectangle from its lower left corner.
    pub(crate) fn rectangle(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.op(&[x, y, width, height], "re");
        self.op(&[], "S");
    }

    /// Saves the graphics state (`q`); [`Content::restore`] brings it back.
    pub(crate) fn save(&mut self) {
        self.op(&[], "q");
    }

    pub(crate) fn restore(&mut self) {
        self.op(&[], "Q");
    }

    /// Round line joins and caps, for drawings.
    pub(crate) fn round_lines(&mut self) {
        self.op(&[1.0], "j");
        self.op(&[1.0], "J");
    }

    pub(crate) fn move_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "m");
    }

    pub(crate) fn line_to(&mut self, x: f32, y: f32) {
        self.op(&[x, y], "l");
    }

    /// A cubic Bézier curve from the current point.
    pub(crate) fn curve_to(&mut self, c: [f32; 6]) {
        self.op(&c, "c");
    }

    pub(crate) fn close_path(&mut self) {
        self.op(&[], "h");
    }

    /// A rectangle added to the path (not stroked yet).
    pub(crate) fn rect_path(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.op(&[x, y, width, height], "re");
    }

    /// Strokes the path drawn so far.
    pub(crate) fn stroke(&mut self) {
        self.op(&[], "S");
    }

    /// Starts content that is not part of the document's text (a rule, a box, a line to
    /// write on): assistive technology skips it. Ends with [`Content::end_marked`].
    pub(crate) fn begin_artifact(&mut self) {
        self.0.extend_from_slice(b"/Artifact BMC\n");
    }

    /// Starts page furniture (the footer's date and page number), an artifact of the
    /// pagination kind.
    pub(crate) fn begin_pagination(&mut self) {
        self.0
            .extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n");
    }

    /// Starts the marked content `mcid` of the page, belonging to a structure element of
    /// type `role` (a standard structure type name, e.g. "P").
    pub(crate) fn begin_marked(&mut self, role: &str, mcid: u32) {
        self.0.push(b'/');
        self.0.extend_from_slice(role.as_bytes());
        self.0.extend_from_slice(b" <</MCID ");
        self.0.extend_from_slice(mcid.to_string().as_bytes());
        self.0.extend_from_slice(b">> BDC\n");
    }

    pub(crate) fn end_marked(&mut self) {
        self.op(&[], "EMC");
    }

    /// A filled rectangle from its lower left corner (a bar of a chart).
    pub(crate) fn filled_rectangle(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.op(&[x, y, width, height], "re");
        self.op(&[], "f");
    }

    pub(crate) fn begin_text(&mut self) {
        self.op(&[], "BT");
    }

    pub(crate) fn end_text(&mut self) {
        self.op(&[], "ET");
    }

    /// Selects a font resource (a PDF name without the slash) and size.
    pub(crate) fn font(&mut self, resource: &str, size: f32) {
        self.0.push(b'/');
        self.0.extend_from_slice(resource.as_bytes());
        self.0.push(b' ');
        self.op(&[size], "Tf");
    }

    /// Glyphs drawn from the point (x, y), as a string of two-byte glyph ids.
    pub(crate) fn show_text_at(&mut self, x: f32, y: f32, glyphs: impl Iterator<Item = u16>) {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
        self.0.push(b'(');
        for g in glyphs {
            code(&mut self.0, g);
        }
        self.0.extend_from_slice(b") Tj\n");
    }
}

/// One shaped glyph as the content stream draws it; lengths in thousandths of an em.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GlyphOut {
    pub(crate) code: u16,
    pub(crate) x_offset: f32,
    pub(crate) y_offset: f32,
    pub(crate) advance: f32,
    /// The advance the font's /W array gives the code, which the PDF moves by after
    /// drawing it.
    pub(crate) width: f32,
    /// Glyphs of one cluster (the same number) are kept together, in visual order.
    pub(crate) cluster: u32,
}

/// The order glyphs given in visual order are written into the content stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// As given: left-to-right text reads in visual order.
    LeftToRight,
    /// Cluster by cluster from the right, each glyph still placed where it is seen:
    /// right-to-left text is then written in the order it is read, which is the order a
    /// screen reader follows. A cluster's own glyphs (a letter and its vowel mark) stay in
    /// visual order: one of them carries the cluster's text (`shaping`).
    RightToLeft,
}

impl Content {
    /// Shaped glyphs laid out in visual order from the pen position (x, y), written in
    /// the order `reading` says. Offsets across the line (and the jumps back of
    /// right-to-left text) become TJ adjustments, offsets up and down text rise.
    pub(crate) fn show_glyphs_at(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        glyphs: &[GlyphOut],
        reading: Reading,
    ) {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
        self.0.push(b'[');
        let (mut at, mut rise) = (0.0f32, 0.0f32);
        let mut draw = |g: &GlyphOut, target: f32| {
            if (g.y_offset - rise).abs() > 0.01 {
                self.0.extend_from_slice(b"] TJ\n");
                rise = g.y_offset;
                self.op(&[rise * size / 1000.0], "Ts");
                self.0.push(b'[');
            }
            if (target - at).abs() > 0.01 {
                number(&mut self.0, at - target);
            }
            self.0.push(b'(');
            self::code(&mut self.0, g.code);
            self.0.push(b')');
            at = target + g.width;
        };
        match reading {
            Reading::LeftToRight => {
                let mut pen = 0.0f32;
                for g in glyphs {
                    draw(g, pen + g.x_offset);
                    pen += g.advance;
                }
            }
            Reading::RightToLeft => {
                // Where each cluster's pen starts, in visual order. (A lam-alef in Naskh
                // is two clusters drawn at one place: its lam, then its alef, as read.)
                let mut pen = 0.0f32;
                let mut clusters: Vec<(usize, f32)> = Vec::new();
                for (i, g) in glyphs.iter().enumerate() {
                    let starts = match i.checked_sub(1).map(|p| &glyphs[p]) {
                        None => true,
                        Some(p) => p.cluster != g.cluster,
                    };
                    if starts {
                        clusters.push((i, pen));
                    }
                    pen += g.advance;
                }
                let mut end = glyphs.len();
                for &(start, mut pen) in clusters.iter().rev() {
                    for g in &glyphs[start..end] {
                        draw(g, pen + g.x_offset);
                        pen += g.advance;
                    }
                    end = start;
                }
            }
        }
        self.0.extend_from_slice(b"] TJ\n");
        if rise != 0.0 {
            self.op(&[0.0], "Ts");
        }
    }

    /// Right-to-left text as glyphs given in reading order, each one character: placed
    /// from the right end of a span `span` wide (thousandths of an em) leftwards, each
    /// just left of the one read before it (a glyph of no width a hair left of it, so no
    /// two share a place), all squeezed to the span. Text extraction, which reads by
    /// position, and the structure, which reads in order, then both read it in order.
    pub(crate) fn show_in_reading_order(&mut self, x: f32, y: f32, glyphs: &[GlyphOut], span: f32) {
        // The room a glyph of no width takes, in thousandths of an em: far less than a
        // space, which text extraction would read between two letters.
        const NO_WIDTH: f32 = 20.0;
        let slot = |g: &GlyphOut| if g.width > 0.0 { g.width } else { NO_WIDTH };
        let natural: f32 = glyphs.iter().map(slot).sum();
        if natural <= 0.0 {
            return;
        }
        let scale = if span > 0.0 { span / natural } else { 1.0 };
        self.horizontal_scale(scale * 100.0);
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
        self.0.push(b'[');
        let (mut right, mut at) = (natural, 0.0f32);
        for g in glyphs {
            right -= slot(g);
            if (right - at).abs() > 0.01 {
                number(&mut self.0, at - right);
            }
            self.0.push(b'(');
            self::code(&mut self.0, g.code);
            self.0.push(b')');
            at = right + g.width;
        }
        self.0.extend_from_slice(b"] TJ\n");
        self.horizontal_scale(100.0);
    }

    /// Text that follows is this many per cent of its width (100: as the font has it).
    pub(crate) fn horizontal_scale(&mut self, percent: f32) {
        self.op(&[percent], "Tz");
    }

    /// Draws what follows as text that is read but not seen (`true`: rendering mode 3,
    /// neither filled nor stroked), or seen again (`false`).
    pub(crate) fn invisible_text(&mut self, invisible: bool) {
        self.op(&[if invisible { 3.0 } else { 0.0 }], "Tr");
    }

    /// Starts a marked span whose text is `text` (what text extraction and screen
    /// readers give for the glyphs inside, in reading order).
    pub(crate) fn begin_actual_text(&mut self, text: &str) {
        self.0.extend_from_slice(b"/Span <</ActualText ");
        utf16_hex_string(&mut self.0, text);
        self.0.extend_from_slice(b">> BDC\n");
    }
}

/// A two-byte code inside a literal string: its bytes as they are, except the three a
/// literal string gives a meaning to (parentheses, backslash) and the two line ends,
/// which a reader may translate (a bare carriage return is read as a line feed), all
/// escaped (ISO 32000-1, 7.3.4.2).
#[inline]
fn code(out: &mut Vec<u8>, code: u16) {
    let plain = |b: u8| !matches!(b, b'(' | b')' | b'\\' | b'\r' | b'\n');
    let [high, low] = code.to_be_bytes();
    // Most codes need no escape: both bytes at once.
    if plain(high) && plain(low) {
        out.extend_from_slice(&[high, low]);
        return;
    }
    for b in [high, low] {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
}

/// A number as PDF writes it: at most four decimals, no exponent, no trailing zeros.
/// Anything not finite is written as 0 (it never comes from the layout).
pub(crate) fn number(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        out.push(b'0');
        return;
    }
    let scaled = (f64::from(v) * 10_000.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let a = scaled.unsigned_abs();
    let (int, mut frac) = (a / 10_000, a % 10_000);
    unsigned(out, int);
    if frac != 0 {
        out.push(b'.');
        let mut digits = 4;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut at = [b'0'; 4];
        for slot in at[..digits].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&at[..digits]);
    }
}

/// Upper-case hex digits, as PDF writes bytes in hex strings and names.
pub(crate) const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `text` as a PDF hex string in UTF-16BE with its byte order mark: `<FEFF...>` (a text
/// string of any script, ISO 32000-1, 7.9.2.2).
pub(crate) fn utf16_hex_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        for shift in [12, 8, 4, 0] {
            out.push(HEX[usize::from((unit >> shift) & 0xF)]);
        }
    }
    out.push(b'>');
}

/// The decimal digits of `value`, without allocating.
pub(crate) fn unsigned(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_pdf_reads_them() {
        let check = |v: f32, expect: &str| {
            let mut out = Vec::new();
            number(&mut out, v);
            assert_eq!(String::from_utf8(out).expect("ascii"), expect, "{v}");
        };
        check(0.0, "0");
        check(-0.0, "0");
        check(1.0, "1");
        check(14.0, "14");
        check(0.75, "0.75");
        check(56.6929, "56.6929");
        check(538.58264, "538.5826");
        check(-12.5, "-12.5");
        check(0.05, "0.05");
        check(0.0001, "0.0001");
        check(0.00004, "0");
        check(100.00999, "100.01");
        check(f32::NAN, "0");
        check(f32::INFINITY, "0");
    }

    #[test]
    fn operators_in_order() {
        let mut c = Content::default();
        c.grey_stroke(0.5);
        c.line_width(0.75);
        c.line(1.0, 2.0, 3.0, 4.5);
        c.rectangle(10.0, 20.0, 30.0, 40.0);
        c.begin_text();
        c.font("KDRREG", 14.0);
        c.begin_marked("P", 3);
        c.show_text_at(56.5, 700.25, [0x2a_u16, 0x1, 0x4142].into_iter());
        c.end_marked();
        c.end_text();
        let got = String::from_utf8(c.into_bytes()).expect("ascii");
        assert_eq!(
            got,
            "0.5 G\n0.75 w\n1 2 m\n3 4.5 l\nS\n10 20 30 40 re\nS\nBT\n/KDRREG 14 Tf\n\
             /P <</MCID 3>> BDC\n1 0 0 1 56.5 700.25 Tm\n(\0*\0\u{1}AB) Tj\nEMC\nET\n"
        );
    }

    #[test]
    fn codes_escape_what_a_literal_string_would_change() {
        let mut c = Content::default();
        c.show_text_at(0.0, 0.0, [0x2829_u16, 0x5c0d, 0x0aff].into_iter());
        let got = c.into_bytes();
        let tail = b"(\\(\\)\\\\\\r\\n\xff) Tj\n";
        assert!(got.ends_with(tail), "{:?}", String::from_utf8_lossy(&got));
        // Read back as a PDF reader reads a literal string, the codes are the same.
        let parsed = lopdf::content::Content::decode(&got).expect("content parses");
        let lopdf::Object::String(bytes, _) = &parsed.operations[1].operands[0] else {
            panic!("{:?}", parsed.operations);
        };
        assert_eq!(bytes, &[0x28, 0x29, 0x5c, 0x0d, 0x0a, 0xff]);
    }
}
