//! Documents for families: the information sheet and the feedback forms, as PDF.
//!
//! Input is a *view* (plain data about one person, built by the workbook from that
//! person's permitted data only); output is PDF bytes. No database, no IO. The layout
//! engine sits on printpdf, whose types never leave this module.
//!
//! - Typography (design.md section 4): A4, 20 mm margins, DejaVu Sans 14 pt body
//!   (large print 18 pt, easy read 16 pt), line spacing 1.5, left aligned, bold larger
//!   headings, black on white, about 60 to 70 characters a line, "Page 1 of 3".
//! - Text is real text: the font is embedded and subset with a ToUnicode map, so text
//!   extraction, search and screen readers get back exactly what was written.
//! - A character the font cannot draw is drawn as U+FFFD (a visible replacement mark)
//!   and listed in [`Rendered::missing_glyphs`]; it never crashes and never vanishes.
//!   Scripts covered: Latin (with Latin Extended: Welsh, Polish, Romanian, Irish,
//!   Turkish, Vietnamese...), Greek, Cyrillic, Armenian, Georgian in DejaVu; Arabic and
//!   Urdu, Bengali and Gurmukhi (Punjabi) in the Noto fonts, shaped with rustybuzz and
//!   laid out right to left where they run so (`shaping`). Hebrew (not shaped), CJK,
//!   other Indic scripts and most emoji are reported and replaced.
//! - Community languages (Polish, Romanian, Urdu, Punjabi, Bengali, Arabic): the person's
//!   language first, then English, from `assets/wording/CODE.toml` or a translation the
//!   author loaded (`community`).
//! - Same input, same bytes: dates come from `prepared_on`, ids are fixed.
//! - Wording lives in `assets/wording/{en,cy}.toml`; review names and each nation's words
//!   for its system (coroner or Procurator Fiscal, partners or board) in
//!   `assets/nations.toml`; feedback questions in `assets/feedback-questions.toml`. A
//!   Welsh part prints no English: fixed text, dates, the board's name and the support
//!   services come in Welsh, and author text without a Welsh version is left out.

mod community;
mod content;
pub mod evaluation;
mod fonts;
mod form;
mod layout;
mod letter;
pub mod letter_view;
mod pictures;
mod shaping;
mod sheet;
pub mod summary;
mod unhinted;
pub mod view;
mod wording;
mod young;

pub use community::{
    available as translations_available, check_translation, has_wording as has_language_wording,
    info as language_info, language_named, translation, use_translation, LanguageInfo,
    TranslationInfo, TranslationKind,
};
pub use letter_view::*;
pub use view::*;

use chrono::NaiveDate;

use crate::domain::nation::{Nation, ReviewType};

/// A rendered document.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Characters in the input that cannot be printed, each once, in order of first
    /// appearance: characters no bundled font has (emoji, Chinese, Devanagari, Hebrew…).
    /// Each is printed as a visible replacement mark. Show them to the author before
    /// printing, so a name can be written in by hand.
    pub missing_glyphs: Vec<char>,
    /// Which wording was used, e.g.
    /// "wording-en 2026.11-1 (draft); nations 2026.11-1 (draft)"; record it with the
    /// document: it keeps each wording's review status.
    pub wording_version: String,
    /// The languages printed whose wording is still a draft (not yet checked by a
    /// qualified speaker): tell the author before the document is given to anyone.
    pub draft_languages: Vec<Language>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{field} is empty; the document needs it")]
    MissingField { field: &'static str },
    #[error("{field} is too long ({chars} characters; at most {max})")]
    FieldTooLong {
        field: &'static str,
        chars: usize,
        max: usize,
    },
    #[error("the review type {review_type} belongs to {belongs_to}, not {nation}")]
    WrongNation {
        review_type: &'static str,
        belongs_to: &'static str,
        nation: &'static str,
    },
    #[error("the document would be longer than {max_pages} pages; please shorten the text")]
    TooLong { max_pages: usize },
    #[error("the document font could not be loaded: {0}")]
    Font(String),
    #[error("the document wording could not be used: {0}")]
    Wording(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Print the information sheet for one person.
pub fn render_sheet(view: &SheetView, opts: &SheetOptions) -> Result<Rendered, DocumentError> {
    sheet::render(view, opts)
}

/// The languages of a sheet whose wording is still a draft ([`Rendered::draft_languages`]),
/// before it is rendered.
pub fn sheet_drafts(opts: &SheetOptions) -> Result<Vec<Language>, DocumentError> {
    sheet::drafts(opts)
}

/// Print a letter for one person (issue 13, item 5): `documents::letter`.
pub fn render_letter(view: &LetterView, opts: &LetterOptions) -> Result<Rendered, DocumentError> {
    letter::render(view, opts)
}

/// Print a feedback form, personal (`respondent_name: Some`) or anonymous (`None`).
pub fn render_feedback_form(
    view: &FormView,
    opts: &FormOptions,
) -> Result<Rendered, DocumentError> {
    form::render(view, opts)
}

/// The feedback question ids printed on a form, in print order. The numbers printed
/// on the form are positions in this list (1-based), so answers keyed in from paper can
/// be stored against the stable ids.
pub fn feedback_question_ids(short: bool) -> Result<Vec<String>, DocumentError> {
    let a = wording::assets()?;
    Ok(form::questions(a, short)
        .into_iter()
        .flat_map(|(_, qs)| qs.into_iter().map(|q| q.id.clone()))
        .collect())
}

/// Which of these languages' wording is still a draft (not yet checked by a qualified
/// speaker), as a rendered document reports it.
pub fn draft_languages(langs: &[Language]) -> Result<Vec<Language>, DocumentError> {
    wording::draft_languages(langs)
}

/// A date as the documents write it in `lang`, without the weekday: "2 December 2026",
/// "2 Rhagfyr 2026" (months from the wording files, never English on a Welsh page).
pub fn date_in(lang: Language, date: NaiveDate) -> Result<String, DocumentError> {
    wording::format_date_no_weekday(&wording::assets()?.wording(lang).common, date)
}

/// A month's name in `lang` (1 for January), from the wording files: "Mehefin".
pub fn month_in(lang: Language, month: u32) -> Result<String, DocumentError> {
    let months = &wording::assets()?.wording(lang).common.months;
    Ok(months
        .get(month.saturating_sub(1) as usize)
        .cloned()
        .unwrap_or_default())
}

/// The page label in `lang`, with `{page}` and `{pages}`: "Page {page} of {pages}".
pub fn page_label(lang: Language) -> Result<String, DocumentError> {
    Ok(wording::assets()?.wording(lang).common.page_label.clone())
}

/// Longest single field accepted (a safety net against pasting a whole file into a
/// name; long free text such as complaints or addresses fits easily).
const MAX_FIELD_CHARS: usize = 20_000;

fn check_text(field: &'static str, value: &str) -> Result<(), DocumentError> {
    if value.trim().is_empty() {
        return Err(DocumentError::MissingField { field });
    }
    let chars = value.chars().count();
    if chars > MAX_FIELD_CHARS {
        return Err(DocumentError::FieldTooLong {
            field,
            chars,
            max: MAX_FIELD_CHARS,
        });
    }
    Ok(())
}

fn check_review_type(nation: Nation, review_type: ReviewType) -> Result<(), DocumentError> {
    if review_type.nation() != nation {
        return Err(DocumentError::WrongNation {
            review_type: review_type.slug(),
            belongs_to: review_type.nation().slug(),
            nation: nation.slug(),
        });
    }
    Ok(())
}

/// Noon UTC on the given day, as the document's creation date.
fn timestamp(date: NaiveDate) -> i64 {
    date.and_hms_opt(12, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
