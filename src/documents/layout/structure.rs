//! The document's logical structure, for the tagged PDF: what each piece of text *is*
//! (a heading, a paragraph, a list item, a table cell), in reading order, with the
//! language of each part.
//!
//! Why it is kept beside the layout rather than worked out from the drawn pages: a
//! screen reader needs to know that a bold line is a heading and that two columns are a
//! label and its value, and only the builder knows that. The builder opens an element
//! for each block it adds and gives its text items the element's number; the drawing
//! step gives each text item a marked-content id on its page; `pdf` writes the tree.
//! Everything drawn without an element (rules, boxes, writing lines, page footers) is
//! written as an artifact, which assistive technology skips.

/// A standard structure type of ISO 32000-1, 14.8.4 (no role map is needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Document,
    Sect,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Figure,
}

impl Role {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
        }
    }
}

/// What an element holds, in reading order: other elements, and marked content (the
/// text drawn on a page under a marked-content id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kid {
    Element(usize),
    /// Page index (from 0) and marked-content id on that page.
    Marked {
        page: usize,
        mcid: u32,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub(crate) role: Role,
    pub(crate) parent: Option<usize>,
    /// A BCP 47 language tag, where the element's language differs from its parent's.
    pub(crate) lang: Option<String>,
    /// Alternative text (figures).
    pub(crate) alt: Option<String>,
    pub(crate) kids: Vec<Kid>,
}

/// The tree: element 0 is the Document.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    pub(crate) elements: Vec<Element>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            elements: vec![Element {
                role: Role::Document,
                parent: None,
                lang: None,
                alt: None,
                kids: Vec::new(),
            }],
        }
    }
}

impl Structure {
    /// A new element, last child of `parent`.
    pub(crate) fn open(&mut self, role: Role, parent: usize) -> usize {
        let id = self.elements.len();
        self.elements.push(Element {
            role,
            parent: Some(parent),
            lang: None,
            alt: None,
            kids: Vec::new(),
        });
        if let Some(p) = self.elements.get_mut(parent) {
            p.kids.push(Kid::Element(id));
        }
        id
    }

    pub(crate) fn set_lang(&mut self, id: usize, lang: &str) {
        if let Some(e) = self.elements.get_mut(id) {
            e.lang = Some(lang.to_string());
        }
    }

    pub(crate) fn set_alt(&mut self, id: usize, alt: &str) {
        if let Some(e) = self.elements.get_mut(id) {
            e.alt = Some(alt.to_string());
        }
    }

    /// Records that text of `element` is drawn on `page` under `mcid`.
    pub(crate) fn mark(&mut self, element: usize, page: usize, mcid: u32) {
        if let Some(e) = self.elements.get_mut(element) {
            e.kids.push(Kid::Marked { page, mcid });
        }
    }

    /// The first page an element (or anything inside it) is drawn on.
    pub(crate) fn first_page(&self, id: usize) -> Option<usize> {
        let e = self.elements.get(id)?;
        e.kids.iter().find_map(|k| match k {
            Kid::Marked { page, .. } => Some(*page),
            Kid::Element(c) => self.first_page(*c),
        })
    }

    /// Whether the element has anything drawn inside it. Empty elements (a section
    /// heading with no text, a list with no items) are left out of the file.
    pub(crate) fn has_content(&self, id: usize) -> bool {
        self.first_page(id).is_some()
    }
}

/// The language tag PDF readers take from a Kindred language code ("cy", "pl").
/// Kindred's codes are already ISO 639-1, which BCP 47 takes as they are.
pub(crate) fn lang_tag(code: &str) -> &str {
    code.split([',', '+']).next().unwrap_or(code).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_reading_order_and_find_their_first_page() {
        let mut s = Structure::default();
        let sect = s.open(Role::Sect, 0);
        let h = s.open(Role::H1, sect);
        let p = s.open(Role::P, sect);
        s.mark(h, 0, 0);
        s.mark(p, 1, 0);
        s.mark(p, 1, 1);
        let empty = s.open(Role::L, sect);
        assert_eq!(
            s.elements[sect].kids,
            vec![Kid::Element(h), Kid::Element(p), Kid::Element(empty)]
        );
        assert_eq!(s.first_page(sect), Some(0));
        assert_eq!(s.first_page(p), Some(1));
        assert!(!s.has_content(empty));
    }

    #[test]
    fn language_tags_take_the_first_code() {
        assert_eq!(lang_tag("cy,en"), "cy");
        assert_eq!(lang_tag("cy+en"), "cy");
        assert_eq!(lang_tag("en"), "en");
    }
}
