//! Reference data for forms (the nations and their review types, phases, key dates, the
//! choices of every closed list with plain labels, and the feedback question bank), as the
//! core builds it in `kindred::workbook::reference`: the shell only hands it over.

use kindred::workbook::reference::{
    question_bank_view, vocabulary_view, QuestionBank, VocabularyView,
};

use super::Reply;

/// Reference data; needs no unlocked workbook. An error, not an empty list, if the embedded
/// nations data is broken.
#[tauri::command(async, rename_all = "snake_case")]
pub fn vocabulary() -> Reply<VocabularyView> {
    Ok(vocabulary_view()?)
}

/// The feedback question bank; an error, not an empty bank, if the embedded file is broken.
#[tauri::command(async, rename_all = "snake_case")]
pub fn question_bank() -> Reply<QuestionBank> {
    Ok(question_bank_view()?)
}
