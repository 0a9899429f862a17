//! The family's voice (issue 12): lines of enquiry, questions and answers, contributions,
//! findings, draft sharing, and the involvement summary for the report. One small adapter
//! per `Workbook` method; the rules are all in the core.

use kindred::workbook::forms::{
    AnswerForm, CommentForm, ContributionForm, FindingForm, LineForm, QuestionForm, ResponseForm,
    SharingForm,
};
use kindred::workbook::summary::{SummaryFormat, SummaryRequest, SummaryView};
use kindred::workbook::trust::Existing;
use serde::Serialize;
use tauri::State;

use super::{send, with_wb, Reply};
use crate::picker::FileKind;
use crate::{ipc, AppState};

#[tauri::command(async, rename_all = "snake_case")]
pub fn voice(state: State<'_, AppState>, review_key: String) -> Reply<ipc::VoiceRecords> {
    with_wb(&state, |wb| wb.voice(&review_key)).map(ipc::VoiceRecords::from)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_voice(state: State<'_, AppState>, member_id: i64) -> Reply<ipc::MemberVoice> {
    with_wb(&state, |wb| wb.member_voice(member_id)).map(ipc::MemberVoice::from)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_line(
    state: State<'_, AppState>,
    review_key: String,
    form: LineForm,
) -> Reply<ipc::LineOfEnquiry> {
    send(&state, |wb| wb.add_line(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_line(
    state: State<'_, AppState>,
    id: i64,
    form: LineForm,
) -> Reply<ipc::LineOfEnquiry> {
    send(&state, |wb| wb.change_line(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_question(
    state: State<'_, AppState>,
    review_key: String,
    form: QuestionForm,
) -> Reply<ipc::Question> {
    send(&state, |wb| wb.add_question(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_question(
    state: State<'_, AppState>,
    id: i64,
    form: QuestionForm,
) -> Reply<ipc::Question> {
    send(&state, |wb| wb.change_question(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn answer_question(
    state: State<'_, AppState>,
    id: i64,
    form: AnswerForm,
) -> Reply<ipc::Question> {
    send(&state, |wb| wb.answer_question(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_contribution(
    state: State<'_, AppState>,
    member_id: i64,
    form: ContributionForm,
) -> Reply<ipc::Contribution> {
    send(&state, |wb| wb.add_contribution(member_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_contribution(
    state: State<'_, AppState>,
    id: i64,
    form: ContributionForm,
) -> Reply<ipc::Contribution> {
    send(&state, |wb| wb.change_contribution(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_finding(
    state: State<'_, AppState>,
    review_key: String,
    form: FindingForm,
) -> Reply<ipc::Finding> {
    send(&state, |wb| wb.add_finding(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_finding(
    state: State<'_, AppState>,
    id: i64,
    form: FindingForm,
) -> Reply<ipc::Finding> {
    send(&state, |wb| wb.change_finding(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn share_draft(
    state: State<'_, AppState>,
    review_key: String,
    form: SharingForm,
) -> Reply<ipc::SharingSession> {
    send(&state, |wb| wb.share_draft(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_comment(
    state: State<'_, AppState>,
    session_id: i64,
    form: CommentForm,
) -> Reply<ipc::DraftComment> {
    send(&state, |wb| wb.add_comment(session_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn respond_to_comment(
    state: State<'_, AppState>,
    comment_id: i64,
    form: ResponseForm,
) -> Reply<ipc::DraftComment> {
    send(&state, |wb| wb.respond_to_comment(comment_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn involvement_summary(
    state: State<'_, AppState>,
    review_key: String,
    lang: Option<String>,
) -> Reply<SummaryView> {
    with_wb(&state, |wb| {
        wb.involvement_summary(&review_key, lang.as_deref())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_summary_text(
    state: State<'_, AppState>,
    review_key: String,
    lang: Option<String>,
    text: String,
) -> Reply<SummaryView> {
    with_wb(&state, |wb| {
        wb.save_summary_text(&review_key, lang.as_deref(), &text)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn redraft_summary(state: State<'_, AppState>, review_key: String) -> Reply<SummaryView> {
    with_wb(&state, |wb| {
        wb.redraft_summary(&review_key)?;
        wb.involvement_summary(&review_key, None)
    })
}

#[derive(Debug, Serialize)]
pub struct SavedSummaryFile {
    pub path: String,
    pub out_of_date: bool,
    pub wording_draft: bool,
}

/// Saves the summary as Word, Markdown or PDF where the author chooses in the save dialog;
/// `null` when the dialog was cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_summary_file(
    state: State<'_, AppState>,
    review_key: String,
    lang: Option<String>,
    format: String,
) -> Reply<Option<SavedSummaryFile>> {
    let format = SummaryFormat::choose(Some(&format), None)?;
    let (reference, today) = with_wb(&state, |wb| {
        Ok((wb.review(&review_key)?.reference, wb.today()))
    })?;
    let kind = FileKind::Summary;
    let name = format!(
        "{reference} involvement summary {today}.{}",
        format.extension()
    );
    let Some(path) = state.pick_save(kind, &name) else {
        return Ok(None);
    };
    let written = with_wb(&state, |wb| {
        wb.write_summary(
            &review_key,
            &SummaryRequest {
                format,
                language: lang.as_deref(),
                path: &path,
                existing: Existing::Refuse,
            },
        )
    })?;
    state.remember_folder(kind, &path);
    Ok(Some(SavedSummaryFile {
        path: written.path.display().to_string(),
        out_of_date: written.out_of_date,
        wording_draft: written.wording_draft,
    }))
}

/// The family's-voice forms' choices, each value with its words.
#[tauri::command(async, rename_all = "snake_case")]
pub fn voice_choices() -> Vec<(&'static str, Vec<kindred::domain::voice::Choice>)> {
    kindred::domain::voice::choices()
}
