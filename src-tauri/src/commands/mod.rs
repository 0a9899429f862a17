//! The commands the web UI calls, one small adapter each over a `Workbook` method.
//!
//! Arguments arrive as JSON with snake_case names (`#[tauri::command(rename_all =
//! "snake_case")]`), the same names as the core's form structs. Every command runs off the
//! main thread (`async`), so unlocking (a slow key derivation) never freezes the window.

pub mod contacts;
pub mod documents;
pub mod help;
pub mod people;
pub mod reference;
pub mod reviews;
pub mod session;
pub mod trust;
pub mod voice;

use kindred::Workbook;

use crate::{AppState, CommandError};

pub type Reply<T> = Result<T, CommandError>;

/// Runs `f` on the unlocked workbook, or answers `locked`. Every call counts as activity.
pub fn with_wb<T>(
    state: &AppState,
    f: impl FnOnce(&mut Workbook) -> kindred::Result<T>,
) -> Reply<T> {
    state.touch();
    let mut slot = state.slot();
    let wb = slot.as_mut().ok_or_else(CommandError::locked)?;
    f(wb).map_err(CommandError::from)
}
