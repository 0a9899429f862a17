//! Choosing a file to save or open: the system's own dialogs, opened from Rust.
//!
//! Why: the page must never name a path. A page that could pass `/home/author/.ssh/x` to
//! "import" or "export" would let anything that ever ran in the webview read or write any
//! file as the author. So commands that save or open a file take no path from the page;
//! they ask a [`FilePicker`], which shows the system's save or open dialog, and use what
//! the author chose there. The dialog plugin is used from Rust only: no `dialog:`
//! permission is granted to the webview (see capabilities/default.json).
//!
//! The last folder used is remembered per kind of file ([`FileKind`]) in the settings file
//! beside the workbook.
//!
//! For the end-to-end tests, which cannot click in a native dialog, `KINDRED_TEST_DIALOGS`
//! names a folder: a save dialog "chooses" `<folder>/<suggested name>` (or the path written
//! in `<folder>/answer`), an open dialog the path written in `<folder>/answer`; an empty or
//! missing answer is a cancelled dialog. Nothing else reads that variable.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The kinds of file the author saves or opens, each with its own last folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// An encrypted copy of the workbook (`.kindred`).
    Backup,
    /// A review saved as a bundle (`.kindred-review.json`), to move it to another computer.
    Review,
    /// The involvement summary for the report (Word, Markdown or PDF).
    Summary,
    /// Visits and deadlines for the author's calendar (`.ics`).
    Calendar,
    /// The anonymised evaluation export for the partnership (`.csv`).
    EvaluationExport,
    /// The evaluation report for the partnership (`.pdf`).
    EvaluationReport,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Backup => ("Kindred backups", &["kindred"]),
            FileKind::Review => ("Kindred review files", &["json"]),
            FileKind::Summary => ("Word, Markdown or PDF documents", &["docx", "md", "pdf"]),
            FileKind::Calendar => ("Calendar files", &["ics"]),
            FileKind::EvaluationExport => ("CSV files", &["csv"]),
            FileKind::EvaluationReport => ("PDF documents", &["pdf"]),
        }
    }

    fn save_title(self) -> &'static str {
        match self {
            FileKind::Backup => "Save an encrypted copy of your workbook",
            FileKind::Review => "Save the review as a file",
            FileKind::Summary => "Save the involvement summary",
            FileKind::Calendar => "Save visits and deadlines for your calendar",
            FileKind::EvaluationExport => "Save the anonymised feedback for the partnership",
            FileKind::EvaluationReport => "Save the evaluation report for the partnership",
        }
    }

    fn open_title(self) -> &'static str {
        match self {
            FileKind::Backup => "Choose the backup to restore",
            FileKind::Review => "Choose the review file to bring in",
            FileKind::Summary => "Choose the involvement summary",
            FileKind::Calendar => "Choose a calendar file",
            FileKind::EvaluationExport => "Choose a CSV file",
            FileKind::EvaluationReport => "Choose a PDF document",
        }
    }
}

/// Shows the author a save or open dialog; `None` when they cancelled.
pub trait FilePicker: Send + Sync {
    fn save(&self, kind: FileKind, folder: Option<&Path>, name: &str) -> Option<PathBuf>;
    fn open(&self, kind: FileKind, folder: Option<&Path>) -> Option<PathBuf>;
}

/// The system's dialogs, through the dialog plugin (used from Rust only).
pub struct NativePicker<R: tauri::Runtime>(pub tauri::AppHandle<R>);

impl<R: tauri::Runtime> FilePicker for NativePicker<R> {
    fn save(&self, kind: FileKind, folder: Option<&Path>, name: &str) -> Option<PathBuf> {
        use tauri_plugin_dialog::DialogExt;
        let (filter, exts) = kind.filter();
        let mut d = self
            .0
            .dialog()
            .file()
            .set_title(kind.save_title())
            .set_file_name(name)
            .add_filter(filter, exts);
        if let Some(f) = folder.filter(|f| f.is_dir()) {
            d = d.set_directory(f);
        }
        d.blocking_save_file().and_then(|p| p.into_path().ok())
    }

    fn open(&self, kind: FileKind, folder: Option<&Path>) -> Option<PathBuf> {
        use tauri_plugin_dialog::DialogExt;
        let (filter, exts) = kind.filter();
        let mut d = self
            .0
            .dialog()
            .file()
            .set_title(kind.open_title())
            .add_filter(filter, exts)
            .add_filter("All files", &["*"]);
        if let Some(f) = folder.filter(|f| f.is_dir()) {
            d = d.set_directory(f);
        }
        d.blocking_pick_file().and_then(|p| p.into_path().ok())
    }
}

/// Answers from a folder instead of a dialog (end-to-end and mock-runtime tests).
pub struct ScriptedPicker {
    pub folder: PathBuf,
}

impl ScriptedPicker {
    /// The picker `KINDRED_TEST_DIALOGS` asks for, if it is set.
    pub fn from_env() -> Option<ScriptedPicker> {
        std::env::var_os("KINDRED_TEST_DIALOGS")
            .filter(|v| !v.is_empty())
            .map(|f| ScriptedPicker {
                folder: PathBuf::from(f),
            })
    }

    /// What `<folder>/answer` says: a path, `cancel`, or nothing (empty or missing).
    fn answer(&self) -> Answer {
        match std::fs::read_to_string(self.folder.join("answer")) {
            Ok(text) if text.trim() == "cancel" => Answer::Cancel,
            Ok(text) if !text.trim().is_empty() => Answer::Path(PathBuf::from(text.trim())),
            _ => Answer::Nothing,
        }
    }
}

enum Answer {
    Path(PathBuf),
    Cancel,
    Nothing,
}

impl FilePicker for ScriptedPicker {
    fn save(&self, _kind: FileKind, _folder: Option<&Path>, name: &str) -> Option<PathBuf> {
        match self.answer() {
            Answer::Path(p) => Some(p),
            Answer::Cancel => None,
            Answer::Nothing => Some(self.folder.join(name)),
        }
    }

    fn open(&self, _kind: FileKind, _folder: Option<&Path>) -> Option<PathBuf> {
        match self.answer() {
            Answer::Path(p) => Some(p),
            Answer::Cancel | Answer::Nothing => None,
        }
    }
}
