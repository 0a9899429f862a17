//! The evaluation across reviews (issue 15): the author's view, and the two files for the
//! partnership (the anonymised CSV and the PDF report), each saved where the author
//! chooses in the system's save dialog. `EvaluationReport` is a core screen type, shared
//! with `kindred evaluation --json`.

use kindred::workbook::evaluation::{EvaluationReport, ExportOptions, WrittenEvaluation};
use kindred::workbook::forms::EvaluationForm;
use tauri::State;

use super::{with_wb, Reply};
use crate::picker::FileKind;
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn evaluation(state: State<'_, AppState>, form: EvaluationForm) -> Reply<EvaluationReport> {
    with_wb(&state, |wb| wb.evaluation(&form.parse()?))
}

/// Saves the anonymised export (`None` when the author cancels the dialog).
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_evaluation_csv(
    state: State<'_, AppState>,
    form: EvaluationForm,
    with_references: Option<bool>,
) -> Reply<Option<WrittenEvaluation>> {
    let opts = with_wb(&state, |_| form.parse())?;
    let kind = FileKind::EvaluationExport;
    let today = with_wb(&state, |wb| Ok(wb.today()))?;
    let Some(path) = state.pick_save(kind, &format!("Kindred feedback, anonymised {today}.csv"))
    else {
        return Ok(None);
    };
    let export = ExportOptions {
        with_references: with_references.unwrap_or(false),
    };
    let written = with_wb(&state, |wb| {
        wb.write_evaluation_csv(&opts, &export, &path, kindred::files::Existing::Refuse)
    })?;
    state.remember_folder(kind, &path);
    Ok(Some(written))
}

/// Saves the evaluation report for the partnership (`None` when the author cancels).
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_evaluation_pdf(
    state: State<'_, AppState>,
    form: EvaluationForm,
) -> Reply<Option<WrittenEvaluation>> {
    let opts = with_wb(&state, |_| form.parse())?;
    let kind = FileKind::EvaluationReport;
    let today = with_wb(&state, |wb| Ok(wb.today()))?;
    let Some(path) = state.pick_save(kind, &format!("Kindred evaluation report {today}.pdf"))
    else {
        return Ok(None);
    };
    let written = with_wb(&state, |wb| {
        wb.write_evaluation_pdf(&opts, &path, kindred::files::Existing::Refuse)
    })?;
    state.remember_folder(kind, &path);
    Ok(Some(written))
}
