//! Creating, unlocking and locking the workbook, and the app's own settings.

use kindred::domain::text::FieldError;
use kindred::Workbook;
use serde::Serialize;
use tauri::State;

use super::Reply;
use crate::{AppState, CommandError, IDLE_MINUTES_RANGE};

#[derive(Debug, Serialize)]
pub struct Status {
    /// A workbook file exists at `path`.
    pub exists: bool,
    pub unlocked: bool,
    pub path: String,
    pub idle_minutes: u32,
    /// Why no workbook can be used (no data folder for this user), if so.
    pub problem: Option<String>,
    /// Why the automatic backup made after unlocking failed, once it has (it runs in the
    /// background, so an unlock never waits for it).
    pub backup_problem: Option<String>,
}

fn status_of(state: &AppState) -> Status {
    // Asked apart: a lock guard made inside the struct below would live to its end.
    let backup_problem = state
        .slot()
        .as_ref()
        .and_then(|wb| wb.daily_backup_problem());
    Status {
        exists: !state.path.as_os_str().is_empty() && state.path.exists(),
        unlocked: state.slot().is_some(),
        path: state.path.display().to_string(),
        idle_minutes: state.idle_minutes(),
        problem: state.path_problem.clone(),
        backup_problem,
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn status(state: State<'_, AppState>) -> Reply<Status> {
    Ok(status_of(&state))
}

/// First run: creates the encrypted workbook and leaves it unlocked. Nothing is logged.
/// The passphrase strings are wiped before the command returns.
#[tauri::command(async, rename_all = "snake_case")]
pub fn create_workbook(
    state: State<'_, AppState>,
    mut passphrase: String,
    mut confirm: String,
) -> Reply<Status> {
    let result = create_with(&state, &passphrase, &confirm);
    kindred::secret::wipe(&mut passphrase);
    kindred::secret::wipe(&mut confirm);
    result
}

fn create_with(state: &AppState, passphrase: &str, confirm: &str) -> Reply<Status> {
    let problems =
        kindred::domain::passphrase::problems(passphrase, confirm, "passphrase", "confirm");
    if !problems.is_empty() {
        return Err(CommandError::invalid(problems));
    }
    let wb = Workbook::create(&state.path, passphrase)?;
    *state.slot() = Some(wb);
    state.touch();
    Ok(status_of(state))
}

/// Opens the workbook. A wrong passphrase changes nothing. The passphrase string is wiped
/// before the command returns.
#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock(state: State<'_, AppState>, mut passphrase: String) -> Reply<Status> {
    let result = unlock_with(&state, &passphrase);
    kindred::secret::wipe(&mut passphrase);
    result
}

fn unlock_with(state: &AppState, passphrase: &str) -> Reply<Status> {
    if passphrase.is_empty() {
        return Err(CommandError::invalid(vec![FieldError::new(
            "passphrase",
            "Enter your passphrase",
        )]));
    }
    {
        let mut slot = state.slot();
        if slot.is_none() {
            *slot = Some(Workbook::open(&state.path, passphrase)?);
        }
    }
    crate::release_free_memory();
    state.touch();
    let status = status_of(state);
    prepare_dashboard(state);
    Ok(status)
}

/// Makes the dashboard on a thread of its own as the unlock replies, holding the workbook
/// meanwhile: the page's first question (the dashboard, with its few due) then waits for a
/// pass already under way, not for one it starts (on a large workbook the pass is most of
/// what unlocking costs after the key). Whatever fails here is found again, and said, when
/// the page asks.
fn prepare_dashboard(state: &AppState) {
    let slot = std::sync::Arc::clone(&state.workbook);
    let spawned = std::thread::Builder::new()
        .name("kindred-dashboard".into())
        .spawn(move || {
            let slot = slot.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(wb) = slot.as_ref() {
                let _ = wb.prepare_dashboard();
            }
        });
    // No thread (the system out of them): the page's own question makes the dashboard.
    drop(spawned);
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn lock(state: State<'_, AppState>) -> Reply<Status> {
    state.lock();
    Ok(status_of(&state))
}

/// The UI reports that the author is working (typing, clicking), at most every few seconds.
#[tauri::command(async, rename_all = "snake_case")]
pub fn activity(state: State<'_, AppState>) -> Reply<()> {
    state.touch();
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct Settings {
    pub idle_minutes: u32,
    pub idle_minutes_min: u32,
    pub idle_minutes_max: u32,
}

fn settings_of(state: &AppState) -> Settings {
    Settings {
        idle_minutes: state.idle_minutes(),
        idle_minutes_min: *IDLE_MINUTES_RANGE.start(),
        idle_minutes_max: *IDLE_MINUTES_RANGE.end(),
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn settings(state: State<'_, AppState>) -> Reply<Settings> {
    Ok(settings_of(&state))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_idle_minutes(state: State<'_, AppState>, idle_minutes: String) -> Reply<Settings> {
    let minutes = idle_minutes
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| IDLE_MINUTES_RANGE.contains(m))
        .ok_or_else(|| {
            CommandError::invalid(vec![FieldError::new(
                "idle_minutes",
                format!(
                    "Idle minutes must be a whole number from {} to {}",
                    IDLE_MINUTES_RANGE.start(),
                    IDLE_MINUTES_RANGE.end()
                ),
            )])
        })?;
    state.touch();
    state.set_idle_minutes(minutes).map_err(|_| {
        CommandError::new(
            "io",
            "The setting is in force now but could not be saved for next time.",
        )
    })?;
    Ok(settings_of(&state))
}
