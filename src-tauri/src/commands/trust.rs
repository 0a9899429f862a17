//! Looking after the workbook from the window: backups and restore, moving a review to
//! another computer (export and import), changing the passphrase, and destroying a review
//! at the end of its retention. Each command adapts one `kindred::workbook::trust` use case.
//!
//! The page never names a path: a file to save or open is chosen by the author in the
//! system's dialog, opened from Rust ([`crate::picker`]); an automatic backup is named by its
//! id in the list. A cancelled dialog answers `null` and changes nothing. Nothing here
//! overwrites a file.

use kindred::domain::text::FieldError;
use kindred::workbook::bundle::Counts;
use kindred::workbook::trust::{self, BackupView};
use serde::Serialize;
use tauri::State;

use super::{with_wb, Reply};
use crate::error::sentence;
use crate::picker::FileKind;
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
        backups_folder: trust::backups_folder(&state.path).display().to_string(),
        backups,
        reviews,
    })
}

#[derive(Debug, Serialize)]
pub struct Saved {
    pub path: String,
}

/// A backup now, with the automatic ones beside the workbook.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(state: State<'_, AppState>) -> Reply<Saved> {
    let path = with_wb(&state, |wb| wb.backup_now())?;
    Ok(Saved {
        path: path.display().to_string(),
    })
}

/// An encrypted copy of the workbook where the author chooses in the save dialog (a memory
/// stick, say). `null` when the dialog was cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_backup_copy(state: State<'_, AppState>) -> Reply<Option<Saved>> {
    let today = with_wb(&state, |wb| Ok(wb.today()))?;
    let name = format!("kindred-backup-{today}.kindred");
    let Some(path) = state.pick_save(FileKind::Backup, &name) else {
        return Ok(None);
    };
    with_wb(&state, |wb| wb.backup_to(&path)).map_err(no_overwrite)?;
    state.remember_folder(FileKind::Backup, &path);
    Ok(Some(Saved {
        path: path.display().to_string(),
    }))
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
///
/// `backup` is the id of one of the automatic backups (from [`trust_overview`]); without it
/// the author chooses the backup file in the open dialog (`null` when cancelled).
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(
    state: State<'_, AppState>,
    backup: Option<String>,
    mut passphrase: String,
) -> Reply<Option<Restored>> {
    let result = restore_with(&state, backup, &passphrase);
    kindred::secret::wipe(&mut passphrase);
    result
}

fn restore_with(
    state: &AppState,
    backup: Option<String>,
    passphrase: &str,
) -> Reply<Option<Restored>> {
    if passphrase.is_empty() {
        return Err(CommandError::invalid(vec![FieldError::new(
            "passphrase",
            "Enter the passphrase the backup was made with",
        )]));
    }
    if state.slot().is_none() && state.path.exists() && backup.is_some() {
        return Err(CommandError::locked());
    }
    let file = match backup.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(id) => trust::automatic_backup(&state.path, id)?,
        None => match state.pick_open(FileKind::Backup) {
            Some(f) => f,
            None => return Ok(None),
        },
    };
    state.touch();
    let mut slot = state.slot();
    if slot.is_none() && state.path.exists() {
        return Err(CommandError::locked());
    }
    let report = trust::restore_releasing(&file, &state.path, passphrase, || {
        *slot = None;
    })
    .map_err(|e| match e {
        kindred::Error::Invalid(_)
        | kindred::Error::InUse
        | kindred::Error::OpenElsewhere
        | kindred::Error::Internal(_) => CommandError::from(e),
        other => CommandError::new(
            other.code(),
            sentence(&trust::describe_restore_error(&file, &other)),
        ),
    })?;
    *slot = None;
    drop(slot);
    if backup.is_none() {
        state.remember_folder(FileKind::Backup, &file);
    }
    Ok(Some(Restored {
        restored_from: report.restored_from.display().to_string(),
        reviews: report.reviews,
        replaced_kept_as: report.replaced_kept_as.map(|p| p.display().to_string()),
    }))
}

#[derive(Debug, Serialize)]
pub struct Exported {
    pub path: String,
    pub reference: String,
    pub counts: Counts,
}

/// Writes one review as a bundle file where the author chooses in the save dialog (named
/// `<reference>-<date>.kindred-review.json` unless they change it). `null` when cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_review(state: State<'_, AppState>, review_key: String) -> Reply<Option<Exported>> {
    let (reference, today) = with_wb(&state, |wb| {
        Ok((wb.review(&review_key)?.reference, wb.today()))
    })?;
    let name = format!(
        "{}-{today}.kindred-review.json",
        kindred::files::safe_file_part(&reference)
    );
    let Some(path) = state.pick_save(FileKind::Review, &name) else {
        return Ok(None);
    };
    let exported = with_wb(&state, |wb| {
        let bytes = wb.export_review_json(&review_key)?;
        let path = wb.write_file(&path, &bytes, trust::Existing::Refuse)?;
        let counts = trust::check_bundle(&bytes)?.counts();
        Ok(Exported {
            path: path.display().to_string(),
            reference: reference.clone(),
            counts,
        })
    })
    .map_err(no_overwrite)?;
    state.remember_folder(FileKind::Review, &path);
    Ok(Some(exported))
}

#[derive(Debug, Serialize)]
pub struct Imported {
    pub review_id: i64,
    pub reference: String,
    pub counts: Counts,
}

/// Imports a review bundle the author chooses in the open dialog: all of it is checked
/// first and nothing changes when anything is wrong. `reference` imports it under another
/// reference. `null` when the dialog was cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_review(
    state: State<'_, AppState>,
    reference: Option<String>,
) -> Reply<Option<Imported>> {
    let reference = reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    with_wb(&state, |_| Ok(()))?;
    let Some(path) = state.pick_open(FileKind::Review) else {
        return Ok(None);
    };
    let bytes = trust::read_bundle_file(&path).map_err(|e| as_field("file", e))?;
    let report = with_wb(&state, |wb| wb.import_bundle(&bytes, reference))
        .map_err(|e| retarget(e, "bundle", "file"))?;
    state.remember_folder(FileKind::Review, &path);
    Ok(Some(Imported {
        review_id: report.review_id,
        reference: report.reference,
        counts: report.counts,
    }))
}

#[derive(Debug, Serialize)]
pub struct PassphraseChanged {
    /// The backup that still opens with the old passphrase (when old backups were kept).
    pub old_passphrase_backup: Option<String>,
    pub old_backups: trust::OldBackupsDone,
}

/// Changes the passphrase; the current one is asked again (the rules are the core's).
/// `old_backups`: what to do with the automatic backups that still open with the old
/// passphrase, `keep` (the default), `rekey` or `delete`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(
    state: State<'_, AppState>,
    mut current: String,
    mut new: String,
    mut confirm: String,
    old_backups: Option<String>,
) -> Reply<PassphraseChanged> {
    let how = trust::old_backups_choice(old_backups.as_deref()).map_err(CommandError::from);
    let result = how.and_then(|how| {
        with_wb(&state, |wb| {
            let kept = wb.change_passphrase_confirmed(&current, &new, &confirm)?;
            let done = wb.retire_old_backups(&current, how)?;
            Ok(PassphraseChanged {
                old_passphrase_backup: (how == trust::OldBackups::Keep)
                    .then(|| kept.display().to_string()),
                old_backups: done,
            })
        })
    });
    for s in [&mut current, &mut new, &mut confirm] {
        kindred::secret::wipe(s);
    }
    result
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

/// "Already exists" from writing a file the author chose is about that file.
fn no_overwrite(e: CommandError) -> CommandError {
    if e.code == "already-exists" {
        CommandError::new(
            "already-exists",
            "There is already a file with that name. Kindred never overwrites a file: save it again under another name or in another folder.",
        )
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
