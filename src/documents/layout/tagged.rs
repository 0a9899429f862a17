//! The tagged PDF: the structure tree (see `structure`) written into the file, with
//! what PDF/UA-1 (ISO 14289-1) asks of a document around it: the catalogue marked as
//! tagged, the document's language, its title shown in the window's title bar, and XMP
//! metadata that carries the title and claims PDF/UA.
//!
//! Why after printpdf rather than through it: printpdf 0.12 (pinned) writes no
//! structure tree, and the content streams are our own already (`content`), so the
//! marked-content ids they carry are known here.

use super::objects::{Data, Dict, Id, Objects};
use super::structure::{lang_tag, Kid, Role, Structure};
use super::{DocumentError, Meta};

/// Writes the structure tree and the XMP metadata, and the document-level entries of a
/// tagged PDF into `catalog`. `pages` are the page objects, in order; each page names
/// its index as /StructParents (`pdf`).
pub(super) fn write(
    objects: &mut Objects,
    pages: &[Id],
    catalog: &mut Dict,
    structure: &Structure,
    meta: &Meta,
) -> Result<(), DocumentError> {
    let root_id = objects.reserve();
    // Elements with nothing drawn inside them are left out; the document always stays.
    let ids: Vec<Option<Id>> = (0..structure.elements.len())
        .map(|i| (i == 0 || structure.has_content(i)).then(|| objects.reserve()))
        .collect();
    // For each page, the element of each marked-content id, in id order.
    let mut parents: Vec<Vec<(u32, Id)>> = vec![Vec::new(); pages.len()];
    let page_ref = |p: usize| {
        pages
            .get(p)
            .copied()
            .ok_or_else(|| DocumentError::Pdf("marked content on a page that is not there".into()))
    };
    for (i, element) in structure.elements.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let first_page = structure.first_page(i);
        let mut dict = Dict::of_type("StructElem");
        dict.name("S", element.role.name());
        let parent = match element.parent {
            Some(p) => ids.get(p).copied().flatten().unwrap_or(root_id),
            None => root_id,
        };
        dict.reference("P", parent);
        if let Some(p) = first_page {
            dict.reference("Pg", page_ref(p)?);
        }
        let mut failed = None;
        dict.array("K", |kids| {
            for kid in &element.kids {
                match *kid {
                    Kid::Element(c) => {
                        if let Some(Some(child)) = ids.get(c) {
                            kids.reference(*child);
                        }
                    }
                    Kid::Marked { page, mcid } => {
                        let Some(list) = parents.get_mut(page) else {
                            failed = Some(page);
                            continue;
                        };
                        list.push((mcid, id));
                        if Some(page) == first_page {
                            kids.int(i64::from(mcid));
                        } else {
                            let mut mcr = Dict::of_type("MCR");
                            mcr.reference("Pg", pages[page])
                                .int("MCID", i64::from(mcid));
                            kids.dict(mcr);
                        }
                    }
                }
            }
        });
        if failed.is_some() {
            return Err(DocumentError::Pdf(
                "marked content on a page that is not there".into(),
            ));
        }
        if let Some(lang) = &element.lang {
            dict.text("Lang", lang);
        }
        if let Some(alt) = &element.alt {
            dict.text("Alt", alt);
        }
        if element.role == Role::TH {
            // Kindred's tables are label and value in rows: each header labels its row.
            let mut attrs = Dict::new();
            attrs.name("O", "Table").name("Scope", "Row");
            dict.dict("A", attrs);
        }
        objects.set(id, dict)?;
    }

    // The parent tree: from each page's marked content back to its element.
    for marks in parents.iter_mut() {
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
    }
    let mut parent_tree = Dict::new();
    parent_tree.array("Nums", |nums| {
        for (key, marks) in parents.iter().enumerate() {
            nums.int(key as i64).array(|elements| {
                for (_, e) in marks {
                    elements.reference(*e);
                }
            });
        }
    });
    let mut root = Dict::of_type("StructTreeRoot");
    if let Some(Some(document)) = ids.first() {
        root.reference("K", *document);
    }
    root.dict("ParentTree", parent_tree)
        .int("ParentTreeNextKey", pages.len() as i64);
    objects.set(root_id, root)?;

    let lang = structure
        .elements
        .first()
        .and_then(|d| d.lang.as_deref())
        .unwrap_or_else(|| lang_tag(&meta.language))
        .to_string();
    let metadata = objects.add_stream(xmp_dict(), Data::Owned(xmp(meta, &lang)));
    catalog.reference("StructTreeRoot", root_id);
    let mut mark_info = Dict::new();
    mark_info.boolean("Marked", true);
    catalog.dict("MarkInfo", mark_info).text("Lang", &lang);
    let mut viewer = Dict::new();
    viewer.boolean("DisplayDocTitle", true);
    catalog
        .dict("ViewerPreferences", viewer)
        .reference("Metadata", metadata);
    Ok(())
}

/// The XMP stream's dictionary. Uncompressed, so that tools which read XMP without a
/// PDF parser can find it.
fn xmp_dict() -> Dict {
    let mut dict = Dict::of_type("Metadata");
    dict.name("Subtype", "XML");
    dict
}

/// The XMP metadata: title, language, dates, producer, and the PDF/UA claim.
fn xmp(meta: &Meta, lang: &str) -> Vec<u8> {
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
    xml.into_bytes()
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
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
