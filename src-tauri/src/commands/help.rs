//! The author's guide for the Help page: the core's embedded `docs/guide.md`, so Help works
//! offline and whether or not the workbook is unlocked (it holds nothing of the workbook).

use super::Reply;

#[tauri::command(async, rename_all = "snake_case")]
pub fn guide() -> Reply<&'static str> {
    Ok(kindred::guide::TEXT)
}
