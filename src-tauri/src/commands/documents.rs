//! Printing: the information sheet for one person (optionally for one planned visit) and the
//! feedback form, saved as PDF and opened in the system's viewer.
//!
//! The PDF is made by the core (`Workbook::make_sheet` / `make_feedback_form`), which applies
//! the safety rules and records the issue; here it is only saved (never overwriting) and opened
//! in the system's viewer from Rust: the webview has no file or opener permission.

use std::path::{Path, PathBuf};

use kindred::documents::{LanguageChoice, Variant};
use kindred::workbook::documents::{Destination, MadeDocument};
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

/// Makes the information sheet for one person. `contact_id` is the planned visit it is for;
/// `variant` standard, large-print or easy-read; `language` en, cy or both (none: the
/// nation's default); `override_reason` is logged when the author overrides a refusal.
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_sheet(
    state: State<'_, AppState>,
    member_id: i64,
    contact_id: Option<i64>,
    variant: Option<String>,
    language: Option<String>,
    override_reason: Option<String>,
) -> Reply<DocumentMade> {
    let variant = match variant.as_deref().unwrap_or("standard") {
        "standard" => Variant::Standard,
        "large-print" => Variant::LargePrint,
        "easy-read" => Variant::EasyRead,
        _ => {
            return Err(CommandError::new(
                "invalid",
                "Choose standard, large print or easy read.",
            ))
        }
    };
    let languages = language_choice(language.as_deref())?;
    let folder = documents_dir(&state);
    let made = with_wb(&state, |wb| {
        wb.make_sheet(
            member_id,
            contact_id,
            variant,
            languages,
            override_reason.as_deref(),
            Destination::Folder(&folder),
        )
    })?;
    Ok(saved(&made))
}

fn language_choice(language: Option<&str>) -> Reply<Option<LanguageChoice>> {
    match language {
        None | Some("") => Ok(None),
        Some("en") => Ok(Some(LanguageChoice::English)),
        Some("cy") => Ok(Some(LanguageChoice::Welsh)),
        Some("both") => Ok(Some(LanguageChoice::Both)),
        Some(_) => Err(CommandError::new(
            "invalid",
            "Choose English, Welsh or both.",
        )),
    }
}

/// The core wrote the PDF (owner-only, never over another file) before recording it.
fn saved(made: &MadeDocument) -> DocumentMade {
    DocumentMade {
        path: made.path.display().to_string(),
        pages: made.pages as u32,
        opened: open_in_viewer(&made.path),
    }
}

/// Makes a feedback form for one person, or a blank anonymous one (`member_id` none);
/// `version` short or full; `variant` standard or large-print; `language` as for sheets.
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_feedback_form(
    state: State<'_, AppState>,
    review_key: String,
    member_id: Option<i64>,
    version: Option<String>,
    variant: Option<String>,
    language: Option<String>,
) -> Reply<DocumentMade> {
    let short = match version.as_deref().unwrap_or("full") {
        "short" => true,
        "full" => false,
        _ => {
            return Err(CommandError::new(
                "invalid",
                "Choose the short or the full form.",
            ))
        }
    };
    let large_print = variant.as_deref() == Some("large-print");
    let languages = language_choice(language.as_deref())?;
    let folder = documents_dir(&state);
    let made = with_wb(&state, |wb| {
        wb.make_feedback_form(
            &review_key,
            member_id,
            short,
            languages,
            large_print,
            Destination::Folder(&folder),
        )
    })?;
    Ok(saved(&made))
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
