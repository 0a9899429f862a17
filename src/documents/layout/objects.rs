//! A document's PDF objects, each written as PDF syntax the moment it is made: a
//! dictionary is built straight into its bytes ([`Dict`]), and the document is the list
//! of those bytes by object number ([`Objects`]), which `save` lays out as a file.
//!
//! Why not an object model (lopdf's, which Kindred used until it was measured): building
//! every dictionary as a map of boxed values, then walking it to write it and dropping
//! it, was about a quarter of the time of a sheet in a batch. A sheet's structure tree
//! alone is one dictionary for each heading, paragraph and list item, and nothing ever
//! reads a dictionary back once it is made. Here each object costs one buffer.
//!
//! What this writes is all Kindred needs: names, integers, reals, references, booleans,
//! text strings, arrays and dictionaries, and streams whose data is given whole. Numbers
//! are written as PDF reads them (no exponent, at most four decimals), and two tokens are
//! set apart by a space only when the second would otherwise run into the first.

use std::sync::Arc;

use super::DocumentError;

/// An object's number. Kindred never writes a generation other than 0.
pub(super) type Id = u32;

/// A stream's data, as it goes into the file: either made for this document, or shared
/// by every document of a batch (a font program, compressed once).
pub(super) enum Data {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>),
}

impl Data {
    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Data::Owned(b) => b,
            Data::Shared(b) => b,
        }
    }
}

/// One numbered object.
pub(super) enum Slot {
    /// Numbered, not yet written: an error if it is still so when the file is saved.
    Reserved,
    /// An object without a stream (a finished dictionary), packed into an object
    /// stream when saved.
    Plain(Vec<u8>),
    /// A stream: its dictionary, still open (`save` adds /Length and closes it), and its
    /// data.
    Stream { dict: Dict, data: Data },
}

/// A document's objects by number, from 1.
pub(super) struct Objects {
    slots: Vec<Slot>,
}

impl Objects {
    pub(super) fn new() -> Objects {
        Objects {
            slots: Vec::with_capacity(256),
        }
    }

    /// A new object number, for an object written later with [`Objects::set`] (an
    /// object that must be referred to before it can be made: a page's parent).
    pub(super) fn reserve(&mut self) -> Id {
        self.slots.push(Slot::Reserved);
        self.slots.len() as Id
    }

    /// Writes the dictionary of an object reserved earlier.
    pub(super) fn set(&mut self, id: Id, dict: Dict) -> Result<(), DocumentError> {
        let slot = id
            .checked_sub(1)
            .and_then(|i| self.slots.get_mut(i as usize))
            .ok_or_else(|| DocumentError::Pdf(format!("no object {id} was reserved")))?;
        if !matches!(slot, Slot::Reserved) {
            return Err(DocumentError::Pdf(format!("object {id} was written twice")));
        }
        *slot = Slot::Plain(dict.finish());
        Ok(())
    }

    /// Adds a dictionary as a new object.
    pub(super) fn add(&mut self, dict: Dict) -> Id {
        self.slots.push(Slot::Plain(dict.finish()));
        self.slots.len() as Id
    }

    /// Adds a stream as it is (its dictionary names any filter its data is in).
    pub(super) fn add_stream(&mut self, dict: Dict, data: Data) -> Id {
        self.slots.push(Slot::Stream { dict, data });
        self.slots.len() as Id
    }

    /// Adds a stream made for this document, Flate-compressed at `level` when that
    /// makes it smaller by more than the filter's own entry costs.
    pub(super) fn add_compressed(
        &mut self,
        mut dict: Dict,
        data: Vec<u8>,
        level: u32,
    ) -> Result<Id, DocumentError> {
        let compressed = super::pdf::deflate(&data, level)
            .map_err(|e| DocumentError::Pdf(format!("cannot compress a stream: {e}")))?;
        let data = if compressed.len() + 19 < data.len() {
            dict.name("Filter", "FlateDecode");
            compressed
        } else {
            data
        };
        Ok(self.add_stream(dict, Data::Owned(data)))
    }

    /// The objects, object 1 first.
    pub(super) fn slots(&self) -> &[Slot] {
        &self.slots
    }
}

/// A dictionary being written: `<<` and each entry so far.
pub(super) struct Dict(Vec<u8>);

impl Dict {
    pub(super) fn new() -> Dict {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(b"<<");
        Dict(out)
    }

    /// A dictionary with its `/Type`.
    pub(super) fn of_type(kind: &str) -> Dict {
        let mut d = Dict::new();
        d.name("Type", kind);
        d
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        name(&mut self.0, key.as_bytes());
        &mut self.0
    }

    pub(super) fn name(&mut self, key: &str, value: &str) -> &mut Dict {
        name(self.key(key), value.as_bytes());
        self
    }

    pub(super) fn int(&mut self, key: &str, value: i64) -> &mut Dict {
        int(self.key(key), value);
        self
    }

    pub(super) fn reference(&mut self, key: &str, id: Id) -> &mut Dict {
        reference(self.key(key), id);
        self
    }

    pub(super) fn boolean(&mut self, key: &str, value: bool) -> &mut Dict {
        let out = self.key(key);
        separate(out);
        out.extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    /// A text string (ISO 32000-1, 7.9.2.2).
    pub(super) fn text(&mut self, key: &str, value: &str) -> &mut Dict {
        text(self.key(key), value);
        self
    }

    /// A byte string, written literally.
    pub(super) fn bytes(&mut self, key: &str, value: &[u8]) -> &mut Dict {
        literal(self.key(key), value);
        self
    }

    /// A dictionary inside this one.
    pub(super) fn dict(&mut self, key: &str, value: Dict) -> &mut Dict {
        self.key(key).extend_from_slice(&value.finish());
        self
    }

    /// An array, its items written by `items`.
    pub(super) fn array(&mut self, key: &str, items: impl FnOnce(&mut Array<'_>)) -> &mut Dict {
        let out = self.key(key);
        out.push(b'[');
        items(&mut Array(out));
        out.push(b']');
        self
    }

    /// The dictionary as PDF syntax, closed.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.0.extend_from_slice(b">>");
        self.0
    }

    /// The entries written so far, for `save` to add /Length to and close.
    pub(super) fn open_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// An array being written inside a dictionary or another array.
pub(super) struct Array<'a>(&'a mut Vec<u8>);

impl Array<'_> {
    pub(super) fn int(&mut self, value: i64) -> &mut Self {
        int(self.0, value);
        self
    }

    pub(super) fn real(&mut self, value: f32) -> &mut Self {
        real(self.0, value);
        self
    }

    pub(super) fn reference(&mut self, id: Id) -> &mut Self {
        reference(self.0, id);
        self
    }

    pub(super) fn bytes(&mut self, value: &[u8]) -> &mut Self {
        literal(self.0, value);
        self
    }

    pub(super) fn dict(&mut self, value: Dict) -> &mut Self {
        self.0.extend_from_slice(&value.finish());
        self
    }

    pub(super) fn array(&mut self, items: impl FnOnce(&mut Array<'_>)) -> &mut Self {
        self.0.push(b'[');
        items(&mut Array(self.0));
        self.0.push(b']');
        self
    }
}

/// A space, if the token about to be written (one that starts with a regular
/// character: a number, a reference, a boolean) would otherwise run into the last one.
#[inline]
fn separate(out: &mut Vec<u8>) {
    if out
        .last()
        .is_some_and(|b| !b"()<>[]{}/% \n\r\t".contains(b))
    {
        out.push(b' ');
    }
}

fn int(out: &mut Vec<u8>, value: i64) {
    separate(out);
    if value < 0 {
        out.push(b'-');
    }
    super::super::content::unsigned(out, value.unsigned_abs());
}

fn real(out: &mut Vec<u8>, value: f32) {
    separate(out);
    super::super::content::number(out, value);
}

fn reference(out: &mut Vec<u8>, id: Id) {
    separate(out);
    super::super::content::unsigned(out, u64::from(id));
    out.extend_from_slice(b" 0 R");
}

/// A name: `/` and its bytes, white space, delimiters, `#` and bytes outside `!`..`~`
/// written as `#XX`.
fn name(out: &mut Vec<u8>, name: &[u8]) {
    use super::super::content::HEX;
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string: its bytes, the three that mean something inside one escaped, and a
/// carriage return as `\r` (a reader would take a bare one for a line feed).
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// A text string: literal when ASCII, else UTF-16BE with its byte order mark, in hex.
fn text(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        return literal(out, s.as_bytes());
    }
    super::super::content::utf16_hex_string(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(d: Dict) -> String {
        String::from_utf8(d.finish()).expect("ascii")
    }

    #[test]
    fn dictionaries_are_written_as_pdf_reads_them() {
        let mut inner = Dict::new();
        inner.boolean("B", true).name("N", "a b");
        let mut d = Dict::of_type("Font");
        d.int("N", -3)
            .array("K", |a| {
                a.int(1).reference(4).int(7).real(-0.25);
            })
            .bytes("T", b"a(b)\\\r")
            .text("U", "Gŵyl")
            .text("E", "en")
            .reference("P", 12)
            .dict("D", inner);
        assert_eq!(
            written(d),
            "<</Type/Font/N -3/K[1 4 0 R 7 -0.25]/T(a\\(b\\)\\\\\\r)\
             /U<FEFF004701750079006C>/E(en)/P 12 0 R/D<</B true/N/a#20b>>>>"
        );
    }

    #[test]
    fn integers_are_written_without_allocating_and_exactly() {
        for v in [0u64, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            super::super::super::content::unsigned(&mut out, v);
            assert_eq!(out, v.to_string().into_bytes());
        }
        let mut d = Dict::new();
        d.int("M", i64::MIN);
        assert_eq!(written(d), format!("<</M {}>>", i64::MIN));
    }

    #[test]
    fn a_reserved_object_is_written_once() {
        let mut objects = Objects::new();
        let id = objects.reserve();
        assert!(objects.set(id + 1, Dict::new()).is_err(), "never reserved");
        objects.set(id, Dict::of_type("Pages")).expect("written");
        assert!(objects.set(id, Dict::new()).is_err(), "written twice");
        assert!(objects.set(0, Dict::new()).is_err(), "there is no object 0");
    }

    #[test]
    fn a_stream_is_compressed_only_when_that_saves_bytes() {
        let mut objects = Objects::new();
        let long = objects
            .add_compressed(Dict::new(), vec![b'x'; 4096], 1)
            .expect("compressed");
        let short = objects
            .add_compressed(Dict::new(), b"BT ET".to_vec(), 1)
            .expect("kept");
        let Slot::Stream { dict, data } = &objects.slots()[long as usize - 1] else {
            panic!("not a stream")
        };
        assert_eq!(dict.open_bytes(), b"<</Filter/FlateDecode");
        assert!(data.bytes().len() < 100);
        let Slot::Stream { dict, data } = &objects.slots()[short as usize - 1] else {
            panic!("not a stream")
        };
        assert_eq!(dict.open_bytes(), b"<<");
        assert_eq!(data.bytes(), b"BT ET");
    }
}
