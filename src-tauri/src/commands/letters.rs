//! Letters between visits (issue 13, item 5): the person page's "Write a letter" and
//! Prepare a visit's confirmation. The core makes, checks, writes and records the letter
//! (`Workbook::make_letter`) into the author's Kindred documents folder, as it does sheets.

use kindred::workbook::documents::Destination;
use kindred::workbook::forms::LetterRequestForm;
use tauri::State;

use super::documents::{documents_dir, DocumentMade};
use super::{with_wb, Reply};
use crate::AppState;

/// Makes a letter for one person. `kind` first, update, terms, visit, draft or publication;
/// `contact_id` the planned visit a confirmation is for; `variant` and `language` as for
/// the sheet (none: as the person's needs and preference ask); `paragraph` the author's own
/// few sentences (and `paragraph_cy` the same in Welsh); `draft_ok` when the author has
/// confirmed they know the letter's translation is a draft.
#[allow(clippy::too_many_arguments)]
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_letter(
    state: State<'_, AppState>,
    member_id: i64,
    kind: Option<String>,
    contact_id: Option<i64>,
    variant: Option<String>,
    language: Option<String>,
    paragraph: Option<String>,
    paragraph_cy: Option<String>,
    override_reason: Option<String>,
    draft_ok: Option<bool>,
) -> Reply<DocumentMade> {
    let form = LetterRequestForm {
        review_key: None,
        member_id,
        kind,
        visit_id: contact_id,
        variant,
        language,
        paragraph,
        paragraph_cy,
        override_reason,
        draft_ok: draft_ok.unwrap_or(false),
    };
    let folder = documents_dir(&state);
    let made = with_wb(&state, |wb| {
        wb.make_letter(&form, Destination::Library(&folder))
    })?;
    Ok(DocumentMade {
        id: made.issued.id,
        path: made.path.display().to_string(),
        pages: made.issued.pages,
        warnings: made.warnings.clone(),
    })
}
