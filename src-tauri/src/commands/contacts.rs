//! Contacts and visits: a contact made, or a visit planned (outcome "planned") and later
//! changed to say what happened.

use kindred::workbook::forms::ContactForm;
use tauri::State;

use super::{send, Reply};
use crate::{ipc, AppState};

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_contact(state: State<'_, AppState>, form: ContactForm) -> Reply<ipc::Contact> {
    send(&state, |wb| wb.record_contact(&form))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_contact(
    state: State<'_, AppState>,
    id: i64,
    form: ContactForm,
) -> Reply<ipc::Contact> {
    send(&state, |wb| wb.change_contact(id, &form))
}

/// Marks a contact as entered in error, with the reason: kept in the history, audited, and
/// no longer counted as contact.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_contact_entered_in_error(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Reply<ipc::Contact> {
    send(&state, |wb| wb.mark_contact_entered_in_error(id, &reason))
}
