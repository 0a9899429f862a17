//! Looking after the workbook from the window: backups and restore, moving a review to
//! another computer (export and import), changing the passphrase, and destroying a review
//! at the end of its retention. Each command adapts one `kindred::workbook::trust` use case.
//!
//! Files are named by a path the author types (the webview has no file-system or dialog
//! permission); a path must be absolute or start with `~/`. Nothing here overwrites a file.

use std::path::{Path, PathBuf};

use kindred::domain::text::FieldError;
use kindred::workbook::bundle::Counts;
use kindred::workbook::trust::{self, BackupView};
use serde::Serialize;
use tauri::State;

use super::documents::documents_dir;
use super::{with_wb, Reply};
use crate::error::sentence;
use crate::{AppState, CommandError};

/// A review as the retention and export parts of the page list it.
#[derive(Debug, Serialize)]
pub struct ReviewRetention {
    pub id: i64,
    pub reference: String,
    pub pseudonym: String,
    pub retention_until: Option<String>,
    pub retention_overdue: bool,
}

#[derive(Debug, Serialize)]
pub struct TrustOverview {
    pub workbook: String,
    pub backups_folder: String,
    /// Newest first.
    pub backups: Vec<BackupView>,
    /// Where exports go unless the author names a file.
    pub exports_folder: String,
    pub reviews: Vec<ReviewRetention>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn trust_overview(state: State<'_, AppState>) -> Reply<TrustOverview> {
    let (reviews, backups) = with_wb(&state, |wb| {
        let today = wb.today();
        let reviews = wb
            .reviews()?
            .into_iter()
            .map(|r| ReviewRetention {
                id: r.id,
                retention_overdue: r.retention_until.is_some_and(|d| d < today),
                retention_until: r.retention_until.map(|d| d.to_string()),
                reference: r.reference,
                pseudonym: r.pseudonym,
            })
            .collect::<Vec<_>>();
        Ok((reviews, wb.backup_views()?))
    })?;
    Ok(TrustOverview {
        workbook: state.path.display().to_string(),
        backups_folder: kindred::store::backup::backups_dir(&state.path)
            .display()
            .to_string(),
        backups,
        exports_folder: documents_dir(&state).display().to_string(),
        reviews,
    })
}

#[derive(Debug, Serialize)]
pub struct Saved {
    pub path: String,
}

/// A backup now: with the automatic ones when `destination` is empty, else a new file at
/// that path (a folder gets a dated file name inside it).
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(state: State<'_, AppState>, destination: Option<String>) -> Reply<Saved> {
    let dest = match destination.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(user_path("destination", p)?),
    };
    let path = with_wb(&state, |wb| match dest {
        None => wb.backup_now(),
        Some(d) => {
            let d = if d.is_dir() {
                free_name(&d.join(format!("kindred-backup-{}.kindred", wb.today())))
            } else {
                d
            };
            wb.backup_to(&d).map(|()| d)
        }
    })
    .map_err(|e| no_overwrite(e, "destination"))?;
    Ok(Saved {
        path: path.display().to_string(),
    })
}

#[derive(Debug, Serialize)]
pub struct Restored {
    pub restored_from: String,
    pub reviews: i64,
    /// Where the replaced workbook was kept, if there was one.
    pub replaced_kept_as: Option<String>,
}

/// Replaces the workbook with a backup. The backup is checked completely first (with
/// `passphrase`, the one it was made with); only then is the open workbook closed and
/// replaced, and the replaced one kept as a backup. Afterwards the app is locked: the
/// restored workbook opens with the backup's passphrase. With no workbook yet (a new
/// computer), the backup becomes the workbook.
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(
    state: State<'_, AppState>,
    file: String,
    passphrase: String,
) -> Reply<Restored> {
    let mut problems = Vec::new();
    let file = match file.trim() {
        "" => {
            problems.push(FieldError::new("file", "Enter the backup file's path"));
            None
        }
        f => match user_path("file", f) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.extend(e.fields.unwrap_or_default());
                None
            }
        },
    };
    if passphrase.is_empty() {
        problems.push(FieldError::new(
            "passphrase",
            "Enter the passphrase the backup was made with",
        ));
    }
    let Some(file) = file.filter(|_| problems.is_empty()) else {
        return Err(CommandError::invalid(problems));
    };
    state.touch();
    let mut slot = state.slot();
    if slot.is_none() && state.path.exists() {
        return Err(CommandError::locked());
    }
    let report = trust::restore_releasing(&file, &state.path, &passphrase, || {
        *slot = None;
    })
    .map_err(|e| match e {
        kindred::Error::Invalid(_) | kindred::Error::InUse | kindred::Error::Internal(_) => {
            CommandError::from(e)
        }
        other => CommandError::new(
            other.code(),
            sentence(&trust::describe_restore_error(&file, &other)),
        ),
    })?;
    *slot = None;
    Ok(Restored {
        restored_from: report.restored_from.display().to_string(),
        reviews: report.reviews,
        replaced_kept_as: report.replaced_kept_as.map(|p| p.display().to_string()),
    })
}

#[derive(Debug, Serialize)]
pub struct Exported {
    pub path: String,
    pub reference: String,
    pub counts: Counts,
}

/// Writes one review as a bundle file: to `destination` (a new file, or a folder), else to
/// the exports folder as `<reference>-<date>.kindred-review.json`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_review(
    state: State<'_, AppState>,
    review_key: String,
    destination: Option<String>,
) -> Reply<Exported> {
    let dest = match destination.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(user_path("destination", p)?),
    };
    let folder = documents_dir(&state);
    with_wb(&state, |wb| {
        let review = wb.review(&review_key)?;
        let bytes = wb.export_review_json(&review_key)?;
        let name = format!(
            "{}-{}.kindred-review.json",
            safe_name(&review.reference),
            wb.today()
        );
        let path = match dest {
            Some(d) if d.is_dir() => d.join(name),
            Some(d) => d,
            None => {
                std::fs::create_dir_all(&folder).map_err(|e| {
                    kindred::Error::Io(format!("cannot create {}: {e}", folder.display()))
                })?;
                free_name(&folder.join(name))
            }
        };
        trust::write_new_file(&path, &bytes)?;
        let counts = trust::check_bundle(&bytes)?.counts();
        Ok(Exported {
            path: path.display().to_string(),
            reference: review.reference,
            counts,
        })
    })
    .map_err(|e| no_overwrite(e, "destination"))
}

#[derive(Debug, Serialize)]
pub struct Imported {
    pub review_id: i64,
    pub reference: String,
    pub counts: Counts,
}

/// Imports a review bundle: all of it is checked first and nothing changes when anything
/// is wrong. `reference` imports it under another reference.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_review(
    state: State<'_, AppState>,
    file: String,
    reference: Option<String>,
) -> Reply<Imported> {
    if file.trim().is_empty() {
        return Err(CommandError::invalid(vec![FieldError::new(
            "file",
            "Enter the path of the review file",
        )]));
    }
    let path = user_path("file", file.trim())?;
    let reference = reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let bytes = trust::read_bundle_file(&path).map_err(|e| as_field("file", e))?;
    let report = with_wb(&state, |wb| wb.import_bundle(&bytes, reference))
        .map_err(|e| retarget(e, "bundle", "file"))?;
    Ok(Imported {
        review_id: report.review_id,
        reference: report.reference,
        counts: report.counts,
    })
}

#[derive(Debug, Serialize)]
pub struct PassphraseChanged {
    /// The backup that still opens with the old passphrase.
    pub old_passphrase_backup: String,
}

/// Changes the passphrase; the current one is asked again (the rules are the core's).
#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
    confirm: String,
) -> Reply<PassphraseChanged> {
    let kept = with_wb(&state, |wb| {
        wb.change_passphrase_confirmed(&current, &new, &confirm)
    })?;
    Ok(PassphraseChanged {
        old_passphrase_backup: kept.display().to_string(),
    })
}

#[derive(Debug, Serialize)]
pub struct Destroyed {
    pub reference: String,
    pub rows: i64,
    pub old_backups_removed: usize,
    /// A warning to show when not everything could be done (another window open, no fresh
    /// backup).
    pub warning: Option<String>,
}

/// Destroys a review for good. `confirm_reference` must be the review's reference, typed.
#[tauri::command(async, rename_all = "snake_case")]
pub fn destroy_review(
    state: State<'_, AppState>,
    review_key: String,
    confirm_reference: String,
) -> Reply<Destroyed> {
    let report = with_wb(&state, |wb| {
        wb.destroy_review_typed(&review_key, &confirm_reference)
    })?;
    let mut warnings = Vec::new();
    if !report.log_emptied {
        warnings.push(
            "Another window had the workbook open, so its log could not be emptied yet; \
             close Kindred everywhere and open it again to finish"
                .to_string(),
        );
    }
    if report.fresh_backup.is_none() {
        warnings.push("No fresh backup could be made afterwards".to_string());
    }
    Ok(Destroyed {
        reference: report.reference,
        rows: report.rows.values().sum(),
        old_backups_removed: report.old_backups_removed,
        warning: (!warnings.is_empty()).then(|| sentence(&warnings.join("; "))),
    })
}

// ----- helpers ---------------------------------------------------------------------------------

/// A path the author typed: absolute, or under their home folder with `~/`.
fn user_path(field: &str, typed: &str) -> Reply<PathBuf> {
    let path = match typed.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map(|b| b.home_dir().join(rest))
            .unwrap_or_else(|| PathBuf::from(typed)),
        None => PathBuf::from(typed),
    };
    if path.is_absolute() {
        Ok(path)
    } else {
        Err(CommandError::invalid(vec![FieldError::new(
            field,
            "Enter the full path, starting with / (or ~/ for your home folder)",
        )]))
    }
}

/// A reference as part of a file name: letters, digits, `-` and `_` only.
fn safe_name(reference: &str) -> String {
    let s: String = reference
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('-').is_empty() {
        "review".into()
    } else {
        s
    }
}

/// `path`, or `name-2.ext`, `name-3.ext`, … when it is taken.
fn free_name(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_path_buf();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = match name.split_once('.') {
        Some((s, e)) => (s.to_string(), format!(".{e}")),
        None => (name.clone(), String::new()),
    };
    (2..1000)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

/// "Already exists" from writing a file the author named is about that file (the shell's
/// generic message for it speaks of the workbook): said beside `field`.
fn no_overwrite(e: CommandError, field: &str) -> CommandError {
    if e.code == "already-exists" {
        CommandError::invalid(vec![FieldError::new(
            field,
            "There is already a file with that name. Kindred never overwrites a file: choose another name or folder",
        )])
    } else {
        e
    }
}

/// A core error about a file, shown beside the form's `field`.
fn as_field(field: &str, e: kindred::Error) -> CommandError {
    match e {
        kindred::Error::Invalid(fields) => retarget(
            CommandError::from(kindred::Error::Invalid(fields)),
            "bundle",
            field,
        ),
        kindred::Error::Io(m) => CommandError::invalid(vec![FieldError::new(field, sentence(&m))]),
        other => CommandError::from(other),
    }
}

/// Moves field errors named `from` to the form field `to`.
fn retarget(mut e: CommandError, from: &str, to: &str) -> CommandError {
    if let Some(fields) = e.fields.as_mut() {
        for f in fields.iter_mut() {
            if f.field == from {
                f.field = to.to_string();
                f.message = sentence(&f.message);
            }
        }
    }
    e
}
