//! The finished document written out as bytes: each stream as an object of its own,
//! every other object (the dictionaries: pages, fonts, the structure tree's elements)
//! packed into compressed object streams, and a compressed cross-reference stream
//! (PDF 1.5; a tagged Kindred file is PDF 1.7).
//!
//! Why our own writer rather than lopdf's (`save_with_options` with object streams):
//! lopdf copies every object into its object streams and writes each one twice (once
//! to measure it, once to write it), then compresses with a new compressor at a fixed
//! level; for a Bengali sheet that was more than a quarter of the time. Here each object
//! is written once, straight into its place, in object-number order, so the same
//! document gives the same bytes.

use std::io::Write;

use lopdf::{Dictionary, Object, StringFormat};

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

/// `doc` as PDF bytes, its object streams and cross-reference stream compressed at
/// `level` (see `pdf::deflate`).
pub(super) fn save(doc: &lopdf::Document, level: u32) -> Result<Vec<u8>, DocumentError> {
    let io = |e: std::io::Error| DocumentError::Pdf(format!("cannot write the PDF: {e}"));
    let mut out = Vec::with_capacity(96 * 1024);
    out.extend_from_slice(format!("%PDF-{}\n", doc.version).as_bytes());
    // A comment of bytes above 127: the file is binary.
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let max_id = doc.objects.keys().map(|(id, _)| *id).max().unwrap_or(0);
    let mut entries = vec![Entry::Free; max_id as usize + 1];
    let mut next_id = max_id + 1;
    // The object stream being filled: its objects' numbers and offsets, and their text.
    let mut index: Vec<(u32, usize)> = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    let mut packed_in_this: Vec<u32> = Vec::new();

    let flush = |out: &mut Vec<u8>,
                 entries: &mut Vec<Entry>,
                 index: &mut Vec<(u32, usize)>,
                 body: &mut Vec<u8>,
                 packed: &mut Vec<u32>,
                 next_id: &mut u32|
     -> Result<(), DocumentError> {
        if index.is_empty() {
            return Ok(());
        }
        let stream_id = *next_id;
        *next_id += 1;
        let mut header = String::new();
        for (id, offset) in index.iter() {
            header.push_str(&format!("{id} {offset} "));
        }
        let mut content = Vec::with_capacity(header.len() + body.len());
        content.extend_from_slice(header.as_bytes());
        content.extend_from_slice(body);
        let compressed = super::pdf::deflate(&content, level).map_err(io)?;
        for (k, id) in packed.iter().enumerate() {
            entries[*id as usize] = Entry::Packed {
                stream: stream_id,
                index: k as u32,
            };
        }
        entries.push(Entry::At(out.len()));
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(index.len() as i64));
        dict.set("First", Object::Integer(header.len() as i64));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        dict.set("Length", Object::Integer(compressed.len() as i64));
        writeln!(out, "{stream_id} 0 obj").map_err(io)?;
        write_dictionary(out, &dict);
        out.extend_from_slice(b"stream\n");
        out.extend_from_slice(&compressed);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        index.clear();
        body.clear();
        packed.clear();
        Ok(())
    };

    // The objects in order, then the end (which closes the last object stream).
    for item in doc.objects.iter().map(Some).chain([None]) {
        match item {
            Some((&(id, generation), Object::Stream(stream))) => {
                entries[id as usize] = Entry::At(out.len());
                writeln!(out, "{id} {generation} obj").map_err(io)?;
                let mut dict = stream.dict.clone();
                dict.set("Length", Object::Integer(stream.content.len() as i64));
                write_dictionary(&mut out, &dict);
                out.extend_from_slice(b"stream\n");
                out.extend_from_slice(&stream.content);
                out.extend_from_slice(b"\nendstream\nendobj\n");
            }
            Some((&(id, generation), object)) if generation != 0 => {
                entries[id as usize] = Entry::At(out.len());
                writeln!(out, "{id} {generation} obj").map_err(io)?;
                write_object(&mut out, object);
                out.extend_from_slice(b"\nendobj\n");
            }
            Some((&(id, _), object)) => {
                index.push((id, body.len()));
                packed_in_this.push(id);
                write_object(&mut body, object);
                body.push(b'\n');
            }
            None => {}
        }
        if index.len() >= OBJECTS_PER_STREAM || item.is_none() {
            flush(
                &mut out,
                &mut entries,
                &mut index,
                &mut body,
                &mut packed_in_this,
                &mut next_id,
            )?;
        }
    }

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
    let mut trailer = Dictionary::new();
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", Object::Integer(i64::from(xref_id) + 1));
    trailer.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), value.clone());
        }
    }
    trailer.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    trailer.set("Length", Object::Integer(compressed.len() as i64));
    writeln!(out, "{xref_id} 0 obj").map_err(io)?;
    write_dictionary(&mut out, &trailer);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&compressed);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    write!(out, "startxref\n{xref_at}\n%%EOF").map_err(io)?;
    Ok(out)
}

/// Whether `object` must be set apart from what comes before it by a space (it starts
/// with a regular character rather than a delimiter).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// One object as PDF syntax (a stream's dictionary and data when it is one).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => out.extend_from_slice(v.to_string().as_bytes()),
        Object::Real(v) => {
            let v = if v.is_finite() { *v } else { 0.0 };
            out.extend_from_slice(v.to_string().as_bytes());
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &b in text {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push(b'<');
            for &b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes());
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name: `/` and its bytes, white space, delimiters, `#` and bytes outside `!`..`~`
/// written as `#XX`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.push(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_as_pdf_reads_them() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Font".to_vec()));
        dict.set("N", Object::Integer(-3));
        dict.set(
            "K",
            Object::Array(vec![
                Object::Integer(1),
                Object::Reference((4, 0)),
                Object::Name(b"a b".to_vec()),
            ]),
        );
        dict.set(
            "T",
            Object::String(b"a(b)\\\r".to_vec(), StringFormat::Literal),
        );
        dict.set(
            "H",
            Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal),
        );
        dict.set("R", Object::Real(0.5));
        dict.set("B", Object::Boolean(true));
        let mut out = Vec::new();
        write_dictionary(&mut out, &dict);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type/Font/N -3/K[1 4 0 R/a#20b]/T(a\\(b\\)\\\\\\r)/H<FEFF>/R 0.5/B true>>"
        );
    }

    #[test]
    fn a_saved_document_reads_back_whole() {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let content = lopdf::Stream::new(Dictionary::new(), b"BT ET".to_vec());
        let content_id = doc.add_object(content);
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages_id));
        page.set("Contents", Object::Reference(content_id));
        let page_id = doc.add_object(page);
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
        pages.set("Count", Object::Integer(1));
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages_id));
        // More objects than one object stream holds.
        for n in 0..(OBJECTS_PER_STREAM as i64 + 5) {
            let id = doc.add_object(Object::Integer(n));
            catalog.set(format!("X{n}"), Object::Reference(id));
        }
        let catalog_id = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog_id));
        let bytes = save(&doc, 2).expect("saved");
        assert_eq!(save(&doc, 2).expect("saved again"), bytes, "same bytes");
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1);
        let catalog = back.catalog().expect("catalogue");
        for n in 0..(OBJECTS_PER_STREAM as i64 + 5) {
            let id = catalog
                .get(format!("X{n}").as_bytes())
                .and_then(Object::as_reference)
                .expect("reference");
            assert_eq!(back.get_object(id).and_then(Object::as_i64).ok(), Some(n));
        }
        let stream = back
            .get_object(content_id)
            .and_then(Object::as_stream)
            .expect("the content stream");
        assert_eq!(stream.content, b"BT ET");
    }
}
