//! The finished document written out as bytes: each stream as an object of its own,
//! every other object (the dictionaries: pages, fonts, the structure tree's elements)
//! packed into compressed object streams, and a compressed cross-reference stream
//! (PDF 1.5; a tagged Kindred file is PDF 1.7).
//!
//! Each object was written as PDF syntax when it was made (`objects`); here they are
//! placed, in object-number order, so the same document gives the same bytes. The
//! document id is a hash of those bytes, not a random one, for the same reason.

use super::objects::{Dict, Id, Objects, Slot};
use super::DocumentError;

/// Objects per object stream: a sheet's dictionaries fit in one or two.
const OBJECTS_PER_STREAM: usize = 200;

/// Where an object is, for the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    Packed { stream: u32, index: u32 },
}

/// What the trailer names: the catalogue and the document information.
pub(super) struct Trailer {
    pub(super) root: Id,
    pub(super) info: Id,
}

/// `objects` as a PDF file of `version`, its object streams and cross-reference stream
/// compressed at `level` (see `pdf::deflate`).
pub(super) fn save(
    objects: &Objects,
    version: &str,
    trailer: Trailer,
    level: u32,
) -> Result<Vec<u8>, DocumentError> {
    let slots = objects.slots();
    let stream_bytes: usize = slots
        .iter()
        .map(|s| match s {
            Slot::Stream { data, .. } => data.bytes().len() + 64,
            _ => 0,
        })
        .sum();
    let mut out = Vec::with_capacity(stream_bytes + 16 * 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    // A comment of bytes above 127: the file is binary.
    out.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
    let mut entries = vec![Entry::Free; slots.len() + 1];
    let mut next_id = slots.len() as u32 + 1;
    // The object stream being filled: its objects' numbers and offsets, and their text.
    let mut index: Vec<(u32, usize)> = Vec::with_capacity(OBJECTS_PER_STREAM);
    let mut body: Vec<u8> = Vec::with_capacity(32 * 1024);

    let mut flush = |out: &mut Vec<u8>,
                     entries: &mut Vec<Entry>,
                     index: &mut Vec<(u32, usize)>,
                     body: &mut Vec<u8>|
     -> Result<(), DocumentError> {
        if index.is_empty() {
            return Ok(());
        }
        let stream_id = next_id;
        next_id += 1;
        let mut content = Vec::with_capacity(index.len() * 10 + body.len());
        for (id, offset) in index.iter() {
            number(&mut content, *id as usize);
            content.push(b' ');
            number(&mut content, *offset);
            content.push(b' ');
        }
        let first = content.len();
        content.extend_from_slice(body);
        let compressed = super::pdf::deflate(&content, level).map_err(io)?;
        for (k, (id, _)) in index.iter().enumerate() {
            entries[*id as usize] = Entry::Packed {
                stream: stream_id,
                index: k as u32,
            };
        }
        entries.push(Entry::At(out.len()));
        let mut dict = Dict::of_type("ObjStm");
        dict.int("N", index.len() as i64)
            .int("First", first as i64)
            .name("Filter", "FlateDecode");
        write_stream(out, stream_id, &dict, &compressed);
        index.clear();
        body.clear();
        Ok(())
    };

    for (i, slot) in slots.iter().enumerate() {
        let id = i as u32 + 1;
        match slot {
            Slot::Reserved => {
                return Err(DocumentError::Pdf(format!(
                    "object {id} was numbered but never written"
                )))
            }
            Slot::Stream { dict, data } => {
                entries[id as usize] = Entry::At(out.len());
                write_stream(&mut out, id, dict, data.bytes());
            }
            Slot::Plain(text) => {
                index.push((id, body.len()));
                body.extend_from_slice(text);
                body.push(b'\n');
                if index.len() >= OBJECTS_PER_STREAM {
                    flush(&mut out, &mut entries, &mut index, &mut body)?;
                }
            }
        }
    }
    flush(&mut out, &mut entries, &mut index, &mut body)?;

    // The cross-reference stream: type, then offset or object stream, then generation
    // or index, in 1, 4 and 2 bytes.
    let xref_id = next_id;
    let xref_at = out.len();
    entries.push(Entry::At(xref_at));
    let mut table = Vec::with_capacity(entries.len() * 7);
    for (n, entry) in entries.iter().enumerate() {
        let (kind, a, b): (u8, u32, u16) = match *entry {
            Entry::Free if n == 0 => (0, 0, 0xFFFF),
            Entry::Free => (0, 0, 0),
            Entry::At(offset) => (
                1,
                u32::try_from(offset)
                    .map_err(|_| DocumentError::Pdf("the PDF is too large".into()))?,
                0,
            ),
            Entry::Packed { stream, index } => (
                2,
                stream,
                u16::try_from(index).map_err(|_| DocumentError::Pdf("too many objects".into()))?,
            ),
        };
        table.push(kind);
        table.extend_from_slice(&a.to_be_bytes());
        table.extend_from_slice(&b.to_be_bytes());
    }
    let compressed = super::pdf::deflate(&table, level).map_err(io)?;
    // Everything before the trailer, hashed: the same document gets the same id, and
    // different documents different ones.
    let id = document_id(&out);
    let mut dict = Dict::of_type("XRef");
    dict.int("Size", i64::from(xref_id) + 1)
        .array("W", |a| {
            a.int(1).int(4).int(2);
        })
        .reference("Root", trailer.root)
        .reference("Info", trailer.info)
        .array("ID", |a| {
            a.bytes(&id).bytes(&id);
        })
        .name("Filter", "FlateDecode");
    write_stream(&mut out, xref_id, &dict, &compressed);
    out.extend_from_slice(b"startxref\n");
    number(&mut out, xref_at);
    out.extend_from_slice(b"\n%%EOF");
    Ok(out)
}

fn io(e: std::io::Error) -> DocumentError {
    DocumentError::Pdf(format!("cannot write the PDF: {e}"))
}

fn number(out: &mut Vec<u8>, n: usize) {
    super::super::content::unsigned(out, n as u64);
}

/// A stream object: its dictionary with /Length, then its data.
fn write_stream(out: &mut Vec<u8>, id: Id, dict: &Dict, data: &[u8]) {
    number(out, id as usize);
    out.extend_from_slice(b" 0 obj\n");
    out.extend_from_slice(dict.open_bytes());
    out.extend_from_slice(b"/Length ");
    number(out, data.len());
    out.extend_from_slice(b">>stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// The document id: 128 bits of hash of `bytes`, written as 32 letters A to P. Two
/// independent 64-bit hashes, each taking the bytes eight at a time (an FNV-style
/// multiply and a rotation to spread the high bits), then the tail, then the length.
fn document_id(bytes: &[u8]) -> [u8; 32] {
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
    id
}

#[cfg(test)]
mod tests {
    use super::super::objects::Data;
    use super::*;
    use lopdf::Object;

    /// A one-page document with `extra` integers in objects of their own, named by the
    /// catalogue as X0, X1, ...
    fn document(extra: i64, page_text: &[u8]) -> (Objects, Trailer) {
        let mut objects = Objects::new();
        let pages_id = objects.reserve();
        let content_id = objects.add_stream(Dict::new(), Data::Owned(page_text.to_vec()));
        let mut page = Dict::of_type("Page");
        page.reference("Parent", pages_id)
            .reference("Contents", content_id);
        let page_id = objects.add(page);
        let mut pages = Dict::of_type("Pages");
        pages
            .array("Kids", |a| {
                a.reference(page_id);
            })
            .int("Count", 1);
        objects.set(pages_id, pages).expect("reserved");
        let mut catalog = Dict::of_type("Catalog");
        catalog.reference("Pages", pages_id);
        for n in 0..extra {
            let mut holder = Dict::new();
            holder.int("N", n);
            let id = objects.add(holder);
            catalog.reference(&format!("X{n}"), id);
        }
        let root = objects.add(catalog);
        let info = objects.add(Dict::new());
        (objects, Trailer { root, info })
    }

    #[test]
    fn a_saved_document_reads_back_whole() {
        let extra = OBJECTS_PER_STREAM as i64 + 5;
        let (objects, trailer) = document(extra, b"BT ET");
        let bytes = save(&objects, "1.7", trailer, 2).expect("saved");
        let (objects, trailer) = document(extra, b"BT ET");
        assert_eq!(
            save(&objects, "1.7", trailer, 2).expect("saved again"),
            bytes,
            "same bytes"
        );
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.version, "1.7");
        assert_eq!(back.get_pages().len(), 1);
        let catalog = back.catalog().expect("catalogue");
        for n in 0..extra {
            let id = catalog
                .get(format!("X{n}").as_bytes())
                .and_then(Object::as_reference)
                .expect("reference");
            let holder = back.get_dictionary(id).expect("a dictionary");
            assert_eq!(holder.get(b"N").and_then(Object::as_i64).ok(), Some(n));
        }
        let page = back.get_pages()[&1];
        let content_id = back
            .get_dictionary(page)
            .and_then(|p| p.get(b"Contents"))
            .and_then(Object::as_reference)
            .expect("contents");
        let stream = back
            .get_object(content_id)
            .and_then(Object::as_stream)
            .expect("the content stream");
        assert_eq!(stream.content, b"BT ET");
        let id = back
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .expect("an id");
        assert_eq!(id.len(), 2);
    }

    #[test]
    fn the_document_id_follows_the_content() {
        let save_with = |text: &[u8]| {
            let (objects, trailer) = document(1, text);
            let bytes = save(&objects, "1.7", trailer, 2).expect("saved");
            let back = lopdf::Document::load_mem(&bytes).expect("reads back");
            back.trailer
                .get(b"ID")
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first().and_then(|s| s.as_str().ok()).map(<[u8]>::to_vec))
                .expect("an id string")
        };
        let a = save_with(b"BT ET");
        assert_eq!(a.len(), 32);
        assert!(a.iter().all(|b| (b'A'..=b'P').contains(b)));
        assert_eq!(save_with(b"BT ET"), a);
        assert_ne!(save_with(b"BT  ET"), a);
    }

    #[test]
    fn an_object_numbered_and_never_written_is_an_error() {
        let (mut objects, trailer) = document(0, b"");
        objects.reserve();
        assert!(save(&objects, "1.7", trailer, 2).is_err());
    }
}
