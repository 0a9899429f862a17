//! Family and network members: details, involvement, restrictions and clearance, links and
//! barriers, terms of engagement and chosen support.

use kindred::domain::records::ContactMode;
use kindred::workbook::forms::*;
use serde::Serialize;
use tauri::State;

use super::reviews::phase_arg;
use super::{send, with_wb, Reply};
use crate::{ipc, AppState};

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_member(
    state: State<'_, AppState>,
    review_key: String,
    form: MemberForm,
) -> Reply<ipc::Member> {
    send(&state, |wb| wb.add_member(&review_key, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_member(state: State<'_, AppState>, id: i64, form: MemberForm) -> Reply<ipc::Member> {
    send(&state, |wb| wb.change_member(id, &form))
}

/// A person's page: the core's view, plus each refusal as a sentence to show.
#[derive(Debug, Serialize)]
pub struct MemberPage {
    #[serde(flatten)]
    pub view: ipc::MemberView,
    pub may_contact_text: Vec<String>,
    pub may_receive_document_text: Vec<String>,
    /// How a visit is first offered for them: never a home visit for someone in prison.
    pub visit_mode: ContactMode,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_view(state: State<'_, AppState>, id: i64) -> Reply<MemberPage> {
    let view = with_wb(&state, |wb| wb.member_view(id))?;
    let text = |rs: &[kindred::domain::safety::Refusal]| {
        rs.iter()
            .map(|r| crate::error::sentence(&r.to_string()))
            .collect()
    };
    Ok(MemberPage {
        may_contact_text: text(&view.may_contact),
        may_receive_document_text: text(&view.may_receive_document),
        visit_mode: kindred::domain::visits::default_visit_mode(view.member.details.location),
        view: view.into(),
    })
}

/// A person's details as the form that changes them, for "Change" links.
#[tauri::command(async, rename_all = "snake_case")]
pub fn member_form(state: State<'_, AppState>, id: i64) -> Reply<MemberForm> {
    with_wb(&state, |wb| {
        Ok(MemberForm::from_details(&wb.member(id)?.details))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_involvement(
    state: State<'_, AppState>,
    id: i64,
    status: String,
    reason: Option<String>,
    door_left_open: bool,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.set_involvement(id, &status, reason.as_deref(), door_left_open)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_position(state: State<'_, AppState>, id: i64, phase: String) -> Reply<ipc::Member> {
    send(&state, |wb| wb.set_position(id, phase_arg(&phase)?))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_contact_detail(
    state: State<'_, AppState>,
    member_id: i64,
    kind: String,
    value: String,
    safe_to_print: bool,
    confidential: bool,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.add_contact_detail(
            member_id,
            &ContactDetailForm {
                kind: Some(kind),
                value: Some(value),
                safe_to_print,
                confidential,
            },
        )
    })
}

/// How a person is related to one subject child (pr: yes, no or unknown).
#[tauri::command(async, rename_all = "snake_case")]
pub fn relate(
    state: State<'_, AppState>,
    member_id: i64,
    child_id: i64,
    relationship: String,
    pr: String,
    pr_basis: Option<String>,
    child_called: Option<String>,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.relate(
            member_id,
            child_id,
            &relationship,
            &pr,
            pr_basis.as_deref(),
            child_called.as_deref(),
        )
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_role_status(
    state: State<'_, AppState>,
    member_id: i64,
    status: String,
    since: String,
    source: Option<String>,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.add_role_status(member_id, &status, &since, source.as_deref())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_restriction(
    state: State<'_, AppState>,
    member_id: i64,
    form: RestrictionForm,
) -> Reply<ipc::Member> {
    send(&state, |wb| wb.add_restriction(member_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_clearance(
    state: State<'_, AppState>,
    member_id: i64,
    form: ClearanceForm,
) -> Reply<ipc::Member> {
    send(&state, |wb| wb.record_clearance(member_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn link_abuse(state: State<'_, AppState>, victim_id: i64, perpetrator_id: i64) -> Reply<()> {
    with_wb(&state, |wb| wb.link_abuse(victim_id, perpetrator_id))
}

/// `withheld_from_id` must never receive `protected_id`'s information.
#[tauri::command(async, rename_all = "snake_case")]
pub fn add_barrier(
    state: State<'_, AppState>,
    protected_id: i64,
    withheld_from_id: i64,
    reason: Option<String>,
) -> Reply<()> {
    with_wb(&state, |wb| {
        wb.add_barrier(protected_id, withheld_from_id, reason.as_deref())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn agree_terms(
    state: State<'_, AppState>,
    member_id: i64,
    form: TermsForm,
) -> Reply<ipc::Terms> {
    send(&state, |wb| wb.agree_terms(member_id, &form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn support_directory(state: State<'_, AppState>) -> Reply<Vec<ipc::SupportService>> {
    with_wb(&state, |wb| wb.support_directory())
        .map(|all| all.iter().map(ipc::SupportService::from).collect())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn choose_support(
    state: State<'_, AppState>,
    member_id: i64,
    support_id: i64,
    chosen: bool,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.choose_support(member_id, support_id, chosen)
    })
}

/// Marks a restriction as entered in error, with the reason: kept, audited, and no longer
/// restricting contact.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_restriction_entered_in_error(
    state: State<'_, AppState>,
    restriction_id: i64,
    reason: String,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.mark_restriction_entered_in_error(restriction_id, &reason)
    })
}

/// Accepts what the records suggest for a person's involvement and position (the author's
/// one click, never applied unasked); a suggestion to record a refusal needs the reason.
#[tauri::command(async, rename_all = "snake_case")]
pub fn accept_suggestion(
    state: State<'_, AppState>,
    member_id: i64,
    suggestion_id: String,
    reason: Option<String>,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.accept_suggestion(member_id, &suggestion_id, reason.as_deref())
    })
}

/// Marks a clearance as entered in error, with the reason: kept, audited, and no longer
/// clearing contact.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_clearance_entered_in_error(
    state: State<'_, AppState>,
    clearance_id: i64,
    reason: String,
) -> Reply<ipc::Member> {
    send(&state, |wb| {
        wb.mark_clearance_entered_in_error(clearance_id, &reason)
    })
}
