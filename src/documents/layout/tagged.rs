//! The tagged PDF: the structure tree (see `structure`) written into the file, with
//! what PDF/UA-1 (ISO 14289-1) asks of a document around it: the catalogue marked as
//! tagged, the document's language, its title shown in the window's title bar, and XMP
//! metadata that carries the title and claims PDF/UA.
//!
//! Why after printpdf rather than through it: printpdf 0.12 (pinned) writes no
//! structure tree, and the content streams are our own already (`content`), so the
//! marked-content ids they carry are known here.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::structure::{lang_tag, Kid, Role, Structure};
use super::{DocumentError, Meta};

/// Writes the structure tree and the document-level entries of a tagged PDF.
pub(super) fn write(
    doc: &mut lopdf::Document,
    structure: &Structure,
    meta: &Meta,
) -> Result<(), DocumentError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    // Elements with nothing drawn inside them are left out; the document always stays.
    let ids: Vec<Option<ObjectId>> = (0..structure.elements.len())
        .map(|i| (i == 0 || structure.has_content(i)).then(|| doc.new_object_id()))
        .collect();
    // For each page, the element of each marked-content id, in id order.
    let mut parents: Vec<Vec<(u32, ObjectId)>> = vec![Vec::new(); pages.len()];
    for (i, element) in structure.elements.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let first_page = structure.first_page(i);
        let page_ref = |p: usize| {
            pages.get(p).copied().ok_or_else(|| {
                DocumentError::Pdf("marked content on a page that is not there".into())
            })
        };
        let mut kids = Vec::with_capacity(element.kids.len());
        for kid in &element.kids {
            match *kid {
                Kid::Element(c) => {
                    if let Some(Some(child)) = ids.get(c) {
                        kids.push(Object::Reference(*child));
                    }
                }
                Kid::Marked { page, mcid } => {
                    parents[page].push((mcid, id));
                    if Some(page) == first_page {
                        kids.push(Object::Integer(i64::from(mcid)));
                    } else {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", Object::Name(b"MCR".to_vec()));
                        mcr.set("Pg", Object::Reference(page_ref(page)?));
                        mcr.set("MCID", Object::Integer(i64::from(mcid)));
                        kids.push(Object::Dictionary(mcr));
                    }
                }
            }
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"StructElem".to_vec()));
        dict.set("S", Object::Name(element.role.name().as_bytes().to_vec()));
        let parent = match element.parent {
            Some(p) => ids.get(p).copied().flatten().unwrap_or(root_id),
            None => root_id,
        };
        dict.set("P", Object::Reference(parent));
        if let Some(p) = first_page {
            dict.set("Pg", Object::Reference(page_ref(p)?));
        }
        dict.set("K", Object::Array(kids));
        if let Some(lang) = &element.lang {
            dict.set("Lang", text_string(lang));
        }
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        if element.role == Role::TH {
            // Kindred's tables are label and value in rows: each header labels its row.
            let mut attrs = Dictionary::new();
            attrs.set("O", Object::Name(b"Table".to_vec()));
            attrs.set("Scope", Object::Name(b"Row".to_vec()));
            dict.set("A", Object::Dictionary(attrs));
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }

    // The parent tree: from each page's marked content back to its element.
    let mut nums = Vec::with_capacity(pages.len() * 2);
    for (key, (page_id, mut marks)) in pages.iter().zip(parents).enumerate() {
        marks.sort_by_key(|(mcid, _)| *mcid);
        if marks
            .iter()
            .enumerate()
            .any(|(n, (mcid, _))| *mcid as usize != n)
        {
            return Err(DocumentError::Pdf(
                "marked-content ids on a page are not numbered in order".into(),
            ));
        }
        nums.push(Object::Integer(key as i64));
        nums.push(Object::Array(
            marks
                .into_iter()
                .map(|(_, e)| Object::Reference(e))
                .collect(),
        ));
        let page = doc
            .get_dictionary_mut(*page_id)
            .map_err(|e| DocumentError::Pdf(format!("a page is missing: {e}")))?;
        page.set("StructParents", Object::Integer(key as i64));
        // Tab order follows the structure.
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(Some(document)) = ids.first() {
        root.set("K", Object::Reference(*document));
    }
    root.set("ParentTree", Object::Dictionary(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(pages.len() as i64));
    doc.objects.insert(root_id, Object::Dictionary(root));

    let lang = structure
        .elements
        .first()
        .and_then(|d| d.lang.as_deref())
        .unwrap_or_else(|| lang_tag(&meta.language))
        .to_string();
    let metadata = doc.add_object(xmp(meta, &lang));
    let catalog = doc
        .catalog_mut()
        .map_err(|e| DocumentError::Pdf(format!("the PDF has no catalogue: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("Lang", text_string(&lang));
    let mut viewer = Dictionary::new();
    viewer.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(viewer));
    catalog.set("Metadata", Object::Reference(metadata));
    // PDF/UA-1 is built on PDF 1.7.
    doc.version = "1.7".into();
    Ok(())
}

/// A PDF text string: plain when ASCII, else UTF-16BE with its byte order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The XMP metadata stream: title, language, dates, producer, and the PDF/UA claim.
/// Uncompressed, so that tools which read XMP without a PDF parser can find it.
fn xmp(meta: &Meta, lang: &str) -> Stream {
    let date = chrono::DateTime::from_timestamp(meta.timestamp, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let xml = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>Kindred</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <pdf:Producer>Kindred (printpdf 0.12.8)</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{FEFF}',
        title = xml_escape(&meta.title),
        subject = xml_escape(&meta.subject),
        lang = xml_escape(lang),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut stream = Stream::new(dict, xml.into_bytes());
    stream.allows_compression = false;
    stream
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16_with_a_bom() {
        assert_eq!(
            text_string("en"),
            Object::String(b"en".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, _) = text_string("Gŵyl") else {
            panic!("not a string")
        };
        assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
        assert_eq!(bytes.len(), 2 + 4 * 2);
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
