//! Printing: the information sheet for one person (optionally for one planned visit) and the
//! feedback form, saved as PDF and opened in the system's viewer.
//!
//! TODO(printing): `Workbook::make_sheet(...)` and `Workbook::make_feedback_form(...)` are
//! being added to the core. Until they land both commands check the lock and answer
//! `{code: "not-available"}`. To wire them, replace the body after `ensure_unlocked` with
//! the core call, then save and open the bytes, for example:
//!
//! ```text
//! let made = with_wb(&state, |wb| wb.make_sheet(member_id, contact_id, &options))?;
//! let path = save_pdf(&documents_dir(&state), &file_name("information-sheet", member_id), &made.bytes)
//!     .map_err(|_| CommandError::new("io", "The PDF could not be saved. Nothing else was changed."))?;
//! let opened = open_in_viewer(&path);
//! Ok(DocumentMade { path: path.display().to_string(), pages: made.pages, opened })
//! ```
//!
//! The UI (`ui/js/views/visit.js`) already calls `make_sheet` with the arguments below and
//! shows the returned path, or the error's message.

#![allow(dead_code)] // TODO(printing): the helpers are used once the core's printing lands.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::State;

use super::{with_wb, Reply};
use crate::{AppState, CommandError};

#[derive(Debug, Serialize)]
pub struct DocumentMade {
    /// Where the PDF was saved.
    pub path: String,
    pub pages: u32,
    /// Whether the system viewer was started.
    pub opened: bool,
}

fn ensure_unlocked(state: &AppState) -> Reply<()> {
    with_wb(state, |_| Ok(()))
}

fn not_available(what: &str) -> CommandError {
    CommandError::new(
        "not-available",
        format!("Making the {what} is not available in this version of Kindred yet."),
    )
}

/// Makes the information sheet for one person. `contact_id` is the planned visit it is for;
/// `variant` standard, large-print or easy-read; `language` en or cy; `override_reason`
/// is logged when the author overrides a contact restriction.
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_sheet(
    state: State<'_, AppState>,
    member_id: i64,
    contact_id: Option<i64>,
    variant: Option<String>,
    language: Option<String>,
    override_reason: Option<String>,
) -> Reply<DocumentMade> {
    ensure_unlocked(&state)?;
    // TODO(printing): call `Workbook::make_sheet` here (see the module comment).
    let _ = (member_id, contact_id, variant, language, override_reason);
    Err(not_available("information sheet"))
}

/// Makes a feedback form for one person, or a blank anonymous one (`member_id` none);
/// `version` short or full.
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_feedback_form(
    state: State<'_, AppState>,
    review_key: String,
    member_id: Option<i64>,
    version: Option<String>,
    language: Option<String>,
) -> Reply<DocumentMade> {
    ensure_unlocked(&state)?;
    // TODO(printing): call `Workbook::make_feedback_form` here (see the module comment).
    let _ = (review_key, member_id, version, language);
    Err(not_available("feedback form"))
}

/// Documents/Kindred for this user, else a `documents` folder beside the workbook.
pub fn documents_dir(state: &AppState) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("Kindred")))
        .unwrap_or_else(|| {
            state
                .path
                .parent()
                .unwrap_or(Path::new("."))
                .join("documents")
        })
}

/// A file name that says what the document is without naming anyone:
/// `information-sheet-person-12-2026-03-14.pdf`.
pub fn file_name(kind: &str, member_id: Option<i64>, on: chrono::NaiveDate) -> String {
    match member_id {
        Some(id) => format!("{kind}-person-{id}-{on}.pdf"),
        None => format!("{kind}-blank-{on}.pdf"),
    }
}

/// Writes the PDF without replacing an existing file: a second copy gets "-2", "-3", ….
pub fn save_pdf(dir: &Path, file_name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let stem = file_name.strip_suffix(".pdf").unwrap_or(file_name);
    for n in 1..1000 {
        let path = match n {
            1 => dir.join(format!("{stem}.pdf")),
            n => dir.join(format!("{stem}-{n}.pdf")),
        };
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                f.write_all(bytes)?;
                f.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many copies of this document"))
}

/// Opens a file in the system's viewer (not through the webview: no opener plugin is
/// granted to it). `KINDRED_NO_OPEN` set (tests) skips it. True when a viewer was started.
pub fn open_in_viewer(path: &Path) -> bool {
    if std::env::var_os("KINDRED_NO_OPEN").is_some() {
        return false;
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_never_overwritten_and_names_name_nobody() {
        let dir = tempfile::tempdir().expect("temp dir");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 14).expect("date");
        let name = file_name("information-sheet", Some(12), day);
        assert_eq!(name, "information-sheet-person-12-2026-03-14.pdf");
        let a = save_pdf(dir.path(), &name, b"%PDF-1").expect("first");
        let b = save_pdf(dir.path(), &name, b"%PDF-2").expect("second");
        assert_ne!(a, b);
        assert!(b.ends_with("information-sheet-person-12-2026-03-14-2.pdf"));
        assert_eq!(std::fs::read(&a).expect("read"), b"%PDF-1");
        assert_eq!(file_name("feedback-form", None, day), "feedback-form-blank-2026-03-14.pdf");
    }
}
