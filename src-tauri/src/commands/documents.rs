//! Documents: the information sheet for one person (optionally for one planned visit) and the
//! feedback form, made into the author's Kindred documents folder, then shown, printed,
//! opened in the system's PDF viewer or shown in their folder.
//!
//! The PDF is made and written by the core (`Workbook::make_sheet` / `make_feedback_form`),
//! which applies the safety rules and records the issue with the file's place; printing goes
//! through `kindred::printing`. The page names documents by their issue id, never by a path;
//! the viewer and the file manager are started from Rust (the webview has no file or opener
//! permission), and the author is told plainly when one could not be started.

use std::path::{Path, PathBuf};

use kindred::workbook::documents::{Destination, MadeDocument};
use kindred::workbook::forms::{FeedbackFormRequestForm, PrintForm, SheetRequestForm};
use serde::Serialize;
use tauri::State;

use super::{with_wb, Reply};
use crate::AppState;

#[derive(Debug, Serialize)]
pub struct DocumentMade {
    /// The document issued (see [`document_view`]).
    pub id: i64,
    /// Where the PDF was saved.
    pub path: String,
    pub pages: u32,
    /// What the author must know before giving it out (Welsh wording still a draft, Welsh
    /// text left out); the page shows each one.
    pub warnings: Vec<String>,
}

/// Makes the information sheet for one person. `contact_id` is the planned visit it is for;
/// `variant` standard, large-print or easy-read; `language` en, cy, both, cy-first, pl, ro, ur, pa, bn or ar (none: the
/// nation's default); `override_reason` is logged when the author overrides a refusal;
/// `review_key`, when the page names a review, is the review the person must be in;
/// `draft_ok` when the author has confirmed they know its translation is a draft.
#[allow(clippy::too_many_arguments)]
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_sheet(
    state: State<'_, AppState>,
    member_id: i64,
    contact_id: Option<i64>,
    variant: Option<String>,
    language: Option<String>,
    override_reason: Option<String>,
    review_key: Option<String>,
    draft_ok: Option<bool>,
) -> Reply<DocumentMade> {
    let form = SheetRequestForm {
        review_key,
        member_id,
        visit_id: contact_id,
        variant,
        language,
        override_reason,
        draft_ok: draft_ok.unwrap_or(false),
    };
    let folder = documents_dir(&state);
    let made = with_wb(&state, |wb| {
        wb.make_sheet(&form, Destination::Library(&folder))
    })?;
    Ok(saved(&made))
}

/// Asks what `make_sheet` with the same arguments would ask about its translation (the
/// confirmation of a draft) without making anything: Prepare a visit asks this before it
/// saves the visit. The answer is the same error `make_sheet` would give, on the same
/// field. A safety refusal is not asked here (the core says why).
#[allow(clippy::too_many_arguments)]
#[tauri::command(async, rename_all = "snake_case")]
pub fn check_sheet(
    state: State<'_, AppState>,
    member_id: i64,
    variant: Option<String>,
    language: Option<String>,
    override_reason: Option<String>,
    review_key: Option<String>,
    draft_ok: Option<bool>,
) -> Reply<()> {
    let form = SheetRequestForm {
        review_key,
        member_id,
        visit_id: None,
        variant,
        language,
        override_reason,
        draft_ok: draft_ok.unwrap_or(false),
    };
    with_wb(&state, |wb| wb.check_sheet_request(&form))
}

/// The core wrote the PDF (owner-only, never over another file) before recording it.
fn saved(made: &MadeDocument) -> DocumentMade {
    DocumentMade {
        id: made.issued.id,
        path: made.path.display().to_string(),
        pages: made.pages as u32,
        warnings: made.warnings.clone(),
    }
}

/// Makes a feedback form for one person, or a blank anonymous one (`member_id` none);
/// `version` short or full; `variant` standard or large-print; `language` as for sheets;
/// `draft_ok` as for sheets.
#[tauri::command(async, rename_all = "snake_case")]
pub fn make_feedback_form(
    state: State<'_, AppState>,
    review_key: String,
    member_id: Option<i64>,
    version: Option<String>,
    variant: Option<String>,
    language: Option<String>,
    draft_ok: Option<bool>,
) -> Reply<DocumentMade> {
    let form = FeedbackFormRequestForm {
        review_key,
        member_id,
        version,
        variant,
        language,
        draft_ok: draft_ok.unwrap_or(false),
    };
    let folder = documents_dir(&state);
    let made = with_wb(&state, |wb| {
        wb.make_feedback_form(&form, Destination::Library(&folder))
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

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub id: i64,
    pub review_id: i64,
    pub member_id: Option<i64>,
    pub kind: String,
    pub pages: u32,
    pub made_at: String,
    /// Its languages ("pl+en") and the wording's versions and review status
    /// ("wording-pl 2026.12-1 (draft); ..."), as recorded when it was made.
    pub language: String,
    pub wording_version: String,
    /// Where it was saved, when Kindred knows.
    pub path: Option<String>,
    /// Whether the file is still there (it can be shown, printed and opened).
    pub exists: bool,
}

/// One document issued, and whether its file is still where it was saved.
#[tauri::command(async, rename_all = "snake_case")]
pub fn document_view(state: State<'_, AppState>, id: i64) -> Reply<DocumentView> {
    with_wb(&state, |wb| {
        let d = wb.document_issued(id)?;
        let exists = wb.document_file(id).is_ok();
        Ok(DocumentView {
            id: d.id,
            review_id: d.review_id,
            member_id: d.member_id,
            kind: d.kind.slug().to_string(),
            pages: d.pages,
            made_at: d.made_at.format("%Y-%m-%dT%H:%M").to_string(),
            language: d.language,
            wording_version: d.wording_version,
            path: d.file.map(|f| f.display().to_string()),
            exists,
        })
    })
}

/// The PDF of a document issued, as raw bytes (shown page by page in the window).
#[tauri::command(async, rename_all = "snake_case")]
pub fn document_pdf(state: State<'_, AppState>, id: i64) -> Reply<tauri::ipc::Response> {
    let bytes = with_wb(&state, |wb| wb.document_pdf(id))?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// The printers the system offers, the default first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn printers(state: State<'_, AppState>) -> Reply<Vec<kindred::printing::Printer>> {
    state.touch();
    Ok(kindred::printing::printers()?)
}

#[derive(Debug, Serialize)]
pub struct Printed {
    pub printer: String,
    pub copies: u32,
    pub job: String,
}

/// Prints a document issued on the printer the author chose.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_document(
    state: State<'_, AppState>,
    id: i64,
    printer: String,
    copies: String,
    two_sided: Option<bool>,
) -> Reply<Printed> {
    let opts = PrintForm {
        printer,
        copies,
        two_sided: two_sided.unwrap_or(false),
    }
    .parse()?;
    let job = with_wb(&state, |wb| wb.print_document(id, &opts))?;
    Ok(Printed {
        printer: opts.printer,
        copies: opts.copies,
        job,
    })
}

#[derive(Debug, Serialize)]
pub struct Opened {
    /// Whether the system said it started the program. False: nothing opened.
    pub opened: bool,
    /// What happened, in words.
    pub message: String,
}

/// Opens a document issued in the system's PDF viewer.
#[tauri::command(async, rename_all = "snake_case")]
pub fn open_document(state: State<'_, AppState>, id: i64) -> Reply<Opened> {
    let file = with_wb(&state, |wb| wb.document_file(id))?;
    Ok(match open_with_system(&file) {
        Ok(()) => Opened {
            opened: true,
            message: "Your PDF viewer was asked to open it.".into(),
        },
        Err(why) => Opened {
            opened: false,
            message: format!(
                "No PDF viewer could be started ({why}), so nothing opened. The file is at {}.",
                file.display()
            ),
        },
    })
}

/// Shows the folder a document issued is in, in the system's file manager.
#[tauri::command(async, rename_all = "snake_case")]
pub fn show_document_in_folder(state: State<'_, AppState>, id: i64) -> Reply<Opened> {
    let file = with_wb(&state, |wb| wb.document_file(id))?;
    let folder = file.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok(match open_with_system(&folder) {
        Ok(()) => Opened {
            opened: true,
            message: format!("The folder {} was opened.", folder.display()),
        },
        Err(why) => Opened {
            opened: false,
            message: format!(
                "The folder could not be opened ({why}). It is {}.",
                folder.display()
            ),
        },
    })
}

/// Asks the system to open a file or folder with its usual program (not through the
/// webview: no opener plugin is granted to it) and waits briefly for the answer: a launcher
/// that fails says so at once; one that is still running has started the program.
/// `KINDRED_NO_OPEN` set (tests) opens nothing and says so. The program inherits no
/// passphrase: the CLI removes `KINDRED_PASSPHRASE` from its environment, and the app never
/// has it there.
pub fn open_with_system(path: &Path) -> Result<(), String> {
    if std::env::var_os("KINDRED_NO_OPEN").is_some() {
        return Err("opening is switched off in this session".into());
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(path)
        .env_remove("KINDRED_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|_| format!("{program} is not installed"))?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => return Err("the system has no program for it".into()),
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            // Still running: it has started the program and waits for it.
            Ok(None) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        }
    }
}
