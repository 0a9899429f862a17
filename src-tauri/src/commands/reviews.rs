//! Reviews: the dashboard, one review with everything in it, and what is recorded at review
//! level (children, checks, decisions, parallel processes, feedback).

use kindred::domain::phase::Phase;
use kindred::workbook::forms::*;
use kindred::workbook::Deadline;
use tauri::State;

use super::{send, with_wb, Reply};
use crate::{ipc, AppState};

/// "3" or "hear the family" -> a phase, or a form error on `phase` (the core's words).
pub fn phase_arg(phase: &str) -> kindred::Result<Phase> {
    phase_from_text(phase)
}

/// One page of the dashboard (search, filters and page in `request`; none: the first page).
#[tauri::command(async, rename_all = "snake_case")]
pub fn dashboard(
    state: State<'_, AppState>,
    request: Option<kindred::workbook::dashboard_page::DashboardRequest>,
) -> Reply<ipc::DashboardPage> {
    let page = send(&state, |wb| {
        wb.dashboard_page(&request.unwrap_or_default().parse()?)
    });
    crate::release_free_memory_soon();
    page
}

/// Everything due, by date: within `days` of today (and everything overdue), or all of it;
/// for one review when `review_key` is given; only the first `limit` items when given (the
/// dashboard's few).
#[tauri::command(async, rename_all = "snake_case")]
pub fn due(
    state: State<'_, AppState>,
    days: Option<i64>,
    review_key: Option<String>,
    limit: Option<usize>,
) -> Reply<kindred::workbook::due::DueList> {
    let list = with_wb(&state, |wb| {
        let opts = kindred::workbook::due::DueOptions {
            within_days: days,
            review: review_key.as_deref(),
        };
        match limit {
            Some(n) => wb.due_first(&opts, n),
            None => wb.due(&opts),
        }
    });
    crate::release_free_memory_soon();
    list
}

/// One page of everything due (the desktop's Due page): the counts of the whole list and
/// only the items of page `page` (from 1), so the page stays small however much is due.
#[tauri::command(async, rename_all = "snake_case")]
pub fn due_page(
    state: State<'_, AppState>,
    days: Option<i64>,
    page: Option<usize>,
) -> Reply<kindred::workbook::due::DuePage> {
    with_wb(&state, |wb| {
        wb.due_page(
            &kindred::workbook::due::DueOptions {
                within_days: days,
                review: None,
            },
            page.unwrap_or(1),
        )
    })
}

/// Saves planned visits and deadlines as a calendar file the author chooses in the system's
/// save dialog (`None` when they cancel). Events carry no names, and no place unless
/// `with_location`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_calendar(
    state: State<'_, AppState>,
    review_key: Option<String>,
    with_location: Option<bool>,
) -> Reply<Option<kindred::workbook::calendar::WrittenCalendar>> {
    let kind = crate::picker::FileKind::Calendar;
    let today = with_wb(&state, |wb| Ok(wb.today()))?;
    let Some(path) = state.pick_save(kind, &format!("Kindred visits and deadlines {today}.ics"))
    else {
        return Ok(None);
    };
    let written = with_wb(&state, |wb| {
        wb.write_calendar(
            &kindred::workbook::calendar::CalendarOptions {
                review: review_key.as_deref(),
                with_location: with_location.unwrap_or(false),
            },
            &path,
            kindred::files::Existing::Refuse,
        )
    })?;
    state.remember_folder(kind, &path);
    Ok(Some(written))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_view(state: State<'_, AppState>, key: String) -> Reply<ipc::ReviewView> {
    with_wb(&state, |wb| wb.review_view(&key)).map(ipc::ReviewView::from)
}

/// A review's details as the form that changes them, for "Change" links.
#[tauri::command(async, rename_all = "snake_case")]
pub fn review_form(state: State<'_, AppState>, key: String) -> Reply<ReviewForm> {
    with_wb(&state, |wb| Ok(ReviewForm::from_review(&wb.review(&key)?)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_review(state: State<'_, AppState>, form: ReviewForm) -> Reply<ipc::Review> {
    send(&state, |wb| wb.create_review(&form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_review(
    state: State<'_, AppState>,
    key: String,
    form: ReviewForm,
) -> Reply<ipc::Review> {
    send(&state, |wb| wb.change_review(&key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn move_phase(state: State<'_, AppState>, key: String, phase: String) -> Reply<ipc::Review> {
    send(&state, |wb| wb.move_phase(&key, phase_arg(&phase)?))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_child(
    state: State<'_, AppState>,
    review_key: String,
    form: ChildForm,
) -> Reply<ipc::Child> {
    send(&state, |wb| wb.add_child(&review_key, &form))
}

/// Sets a check's status: to-do, done (text = evidence, with a date), not-applicable or
/// decided-otherwise (text = the reason).
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_check(
    state: State<'_, AppState>,
    review_key: String,
    check_id: String,
    member_id: Option<i64>,
    status: String,
    text: Option<String>,
    on: Option<String>,
) -> Reply<ipc::CheckStatus> {
    send(&state, |wb| {
        wb.set_check(
            &review_key,
            &check_id,
            member_id,
            &status,
            text.as_deref(),
            on.as_deref(),
        )
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_decision(
    state: State<'_, AppState>,
    review_key: String,
    form: DecisionForm,
) -> Reply<ipc::Decision> {
    send(&state, |wb| wb.record_decision(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_parallel(
    state: State<'_, AppState>,
    review_key: String,
    form: ParallelForm,
) -> Reply<ipc::ParallelProcess> {
    send(&state, |wb| wb.add_parallel(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_parallel(
    state: State<'_, AppState>,
    id: i64,
    form: ParallelForm,
) -> Reply<ipc::ParallelProcess> {
    send(&state, |wb| wb.change_parallel(id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_feedback(
    state: State<'_, AppState>,
    review_key: String,
    form: FeedbackForm,
) -> Reply<ipc::Feedback> {
    send(&state, |wb| wb.record_feedback(&review_key, &form))
}

/// Marks a statutory target met on a date the author types (UK dates accepted); answers
/// the review's deadlines as they now stand.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_deadline_met(
    state: State<'_, AppState>,
    review_key: String,
    target_id: String,
    on: String,
    note: Option<String>,
) -> Reply<Vec<Deadline>> {
    with_wb(&state, |wb| {
        wb.mark_deadline_met(&review_key, &target_id, &on, note.as_deref())?;
        Ok(wb.review_view(&review_key)?.deadlines)
    })
}

/// Takes back the author's mark that a target was met; answers the review's deadlines.
#[tauri::command(async, rename_all = "snake_case")]
pub fn unmark_deadline_met(
    state: State<'_, AppState>,
    review_key: String,
    target_id: String,
) -> Reply<Vec<Deadline>> {
    with_wb(&state, |wb| {
        wb.unmark_deadline_met(&review_key, &target_id)?;
        Ok(wb.review_view(&review_key)?.deadlines)
    })
}
