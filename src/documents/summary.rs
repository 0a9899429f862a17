//! The involvement summary for the report, as PDF (the same layout as every document) and
//! as Word (.docx, through docx-rs: most report templates are Word).
//!
//! Input is the summary's text as the author last saw it: a small Markdown subset (`# ` the
//! title, `## ` a heading, `- ` a list item, blank lines between paragraphs), which is what
//! Kindred drafts and what the author edits. Nothing else is read: no names, no records.

use chrono::NaiveDate;

use super::layout::{Footer, Layout, Meta, Style};
use super::{timestamp, DocumentError, Rendered, MAX_FIELD_CHARS};

/// One block of the summary's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryBlock {
    Title(String),
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
}

/// What the summary's documents need besides the text.
#[derive(Debug, Clone)]
pub struct SummaryDoc<'a> {
    pub text: &'a str,
    pub prepared_on: NaiveDate,
    /// "en" or "cy": the document's language.
    pub language: &'a str,
    /// Left of each page's footer ("Involvement summary, DEMO-ENG-01, 2 December 2026").
    pub footer: String,
    /// With `{page}` and `{pages}`.
    pub page_label: String,
}

/// Reads the Markdown subset into blocks. Lines that continue a paragraph or a list item
/// are joined with a space; anything else is kept as text, never dropped.
pub fn blocks(text: &str) -> Vec<SummaryBlock> {
    let mut out: Vec<SummaryBlock> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    fn flush(out: &mut Vec<SummaryBlock>, para: &mut Vec<&str>, list: &mut Vec<String>) {
        if !para.is_empty() {
            out.push(SummaryBlock::Paragraph(para.join(" ")));
            para.clear();
        }
        if !list.is_empty() {
            out.push(SummaryBlock::Bullets(std::mem::take(list)));
        }
    }
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(t) = line.strip_prefix("## ") {
            flush(&mut out, &mut para, &mut list);
            out.push(SummaryBlock::Heading(t.trim().to_string()));
        } else if let Some(t) = line.strip_prefix("# ") {
            flush(&mut out, &mut para, &mut list);
            out.push(SummaryBlock::Title(t.trim().to_string()));
        } else if let Some(t) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            if !para.is_empty() {
                out.push(SummaryBlock::Paragraph(para.join(" ")));
                para.clear();
            }
            list.push(t.trim().to_string());
        } else if let Some(last) = list.last_mut() {
            // A wrapped list item.
            last.push(' ');
            last.push_str(line);
        } else {
            para.push(line);
        }
    }
    flush(&mut out, &mut para, &mut list);
    out
}

fn check(doc: &SummaryDoc) -> Result<Vec<SummaryBlock>, DocumentError> {
    let chars = doc.text.chars().count();
    // A summary is a few pages; the limit is the sheet's per-field one, times ten.
    if chars > MAX_FIELD_CHARS * 10 {
        return Err(DocumentError::FieldTooLong {
            field: "summary",
            chars,
            max: MAX_FIELD_CHARS * 10,
        });
    }
    let b = blocks(doc.text);
    if b.is_empty() {
        return Err(DocumentError::MissingField { field: "summary" });
    }
    Ok(b)
}

/// The summary as a PDF.
pub fn render_pdf(doc: &SummaryDoc) -> Result<Rendered, DocumentError> {
    let blocks = check(doc)?;
    let mut l = Layout::new(Style::standard())?;
    l.start_section(Footer {
        left: doc.footer.clone(),
        page_label: doc.page_label.clone(),
    });
    l.language(doc.language);
    for b in &blocks {
        match b {
            SummaryBlock::Title(t) => l.title(t),
            SummaryBlock::Heading(t) => l.heading(t),
            SummaryBlock::Paragraph(t) => l.paragraph(t),
            SummaryBlock::Bullets(items) => l.bullets(items),
        }
    }
    let out = l.finish(&Meta {
        title: "Involvement summary".into(),
        subject: "How the family was involved in the review".into(),
        timestamp: timestamp(doc.prepared_on),
        language: doc.language.into(),
    })?;
    // The summary's wording is the author's own text once drafted; its status is kept
    // with the summary (assets/wording/summary-*.toml).
    Ok(out.rendered(String::new(), Vec::new()))
}

/// The summary as a Word document (.docx): real headings (Heading 1 and 2, so the report
/// writer's template styles them), paragraphs and a bulleted list.
pub fn render_docx(doc: &SummaryDoc) -> Result<Vec<u8>, DocumentError> {
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
        NumberingId, Paragraph, Run, SpecialIndentType, Start, Style, StyleType,
    };
    let blocks = check(doc)?;
    const BULLETS: usize = 1;
    let mut d = Docx::new()
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .bold()
                .size(36),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .bold()
                .size(28),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(720),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    let run = |t: &str| Run::new().add_text(t);
    for b in &blocks {
        match b {
            SummaryBlock::Title(t) => {
                d = d.add_paragraph(Paragraph::new().add_run(run(t)).style("Heading1"));
            }
            SummaryBlock::Heading(t) => {
                d = d.add_paragraph(Paragraph::new().add_run(run(t)).style("Heading2"));
            }
            SummaryBlock::Paragraph(t) => {
                d = d.add_paragraph(Paragraph::new().add_run(run(t)));
            }
            SummaryBlock::Bullets(items) => {
                for i in items {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .add_run(run(i))
                            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0)),
                    );
                }
            }
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut bytes)
        .map_err(|e| DocumentError::Pdf(format!("the Word file could not be made: {e}")))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_subset_reads_back_as_written() {
        let text = "# How the family was involved\n\n## Who took part\n\nMother A took part\nat two visits.\n\n- one\n- two\n  continued\n\nAfter.\n";
        assert_eq!(
            blocks(text),
            vec![
                SummaryBlock::Title("How the family was involved".into()),
                SummaryBlock::Heading("Who took part".into()),
                SummaryBlock::Paragraph("Mother A took part at two visits.".into()),
                SummaryBlock::Bullets(vec!["one".into(), "two continued".into()]),
                SummaryBlock::Paragraph("After.".into()),
            ]
        );
        assert!(blocks(" \n\n").is_empty());
    }
}
