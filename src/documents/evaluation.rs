//! The evaluation report for the partnership: how families answered the feedback forms
//! across reviews, as a PDF on the same layout as every document, its charts drawn as
//! vector bars by the layout (`layout::chart`), every bar's value written beside it in
//! words.
//!
//! Input is the report already in words and made anonymous by `workbook::evaluation`
//! (counts below five withheld there): this module knows no review, no person and no
//! record, only headings, lines and bars.

use chrono::NaiveDate;

use super::layout::{Footer, Layout, Meta, Style};
use super::{timestamp, DocumentError, Rendered};

/// One bar of a chart: what it counts, the value in words, and how long the bar is
/// (0 to 1 of the scale), or no bar when the value is withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportBar {
    pub label: String,
    pub value: String,
    pub fraction: Option<f32>,
}

/// A chart: its heading, a line saying what it shows, then its bars.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportChart {
    pub heading: String,
    pub note: Option<String>,
    pub bars: Vec<ReportBar>,
}

/// A part of the report under a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub charts: Vec<ReportChart>,
}

/// The whole report in one language (a bilingual report is two, each its own part).
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationDoc {
    /// The part's language, for the reader's screen reader and hyphenation ("en", "cy").
    pub language: &'static str,
    pub title: String,
    /// What the document is, for its properties.
    pub subject: String,
    pub prepared_on: NaiveDate,
    /// What the report covers, as label and value ("Nation", "Wales").
    pub facts: Vec<(String, String)>,
    pub intro: Vec<String>,
    pub sections: Vec<ReportSection>,
    /// Left of each page's footer.
    pub footer: String,
    /// "Page {page} of {pages}" in the part's language.
    pub page_label: String,
}

/// The report as a PDF: each part (one per language) starts on a new page; the first
/// part's title and language are the document's.
pub fn render_pdf(parts: &[EvaluationDoc]) -> Result<Rendered, DocumentError> {
    let Some(first) = parts.first() else {
        return Err(DocumentError::MissingField { field: "title" });
    };
    let mut l = Layout::new(Style::standard())?;
    for doc in parts {
        part(&mut l, doc)?;
    }
    let out = l.finish(&Meta {
        title: first.title.clone(),
        subject: first.subject.clone(),
        timestamp: timestamp(first.prepared_on),
        language: first.language.into(),
    })?;
    // The report's wording status is told with the report (`report_warnings`).
    Ok(out.rendered(String::new(), Vec::new()))
}

/// One language's part of the report.
fn part(l: &mut Layout, doc: &EvaluationDoc) -> Result<(), DocumentError> {
    if doc.title.trim().is_empty() {
        return Err(DocumentError::MissingField { field: "title" });
    }
    l.start_section(Footer {
        left: doc.footer.clone(),
        page_label: doc.page_label.clone(),
    });
    l.language(doc.language);
    l.title(&doc.title);
    if !doc.facts.is_empty() {
        l.key_values(&doc.facts);
    }
    for p in &doc.intro {
        l.paragraph(p);
    }
    for s in &doc.sections {
        l.heading(&s.heading);
        for p in &s.paragraphs {
            l.paragraph(p);
        }
        for c in &s.charts {
            let mark = l.mark();
            l.subheading(&c.heading);
            if let Some(n) = &c.note {
                l.line(n);
            }
            for b in &c.bars {
                l.bar(&b.label, &b.value, b.fraction);
            }
            // A short chart stays on one page; a long one flows.
            if c.bars.len() <= 6 {
                l.keep_together(mark);
            }
            l.gap(l.style.body * 0.6);
        }
    }
    Ok(())
}
