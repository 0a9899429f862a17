//! Checking a workbook file completely, and restoring a backup: the backup copied beside
//! the target and checked before anything is replaced, the workbook it replaces kept,
//! then the copy renamed into place.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::super::key::{open_keyed, quiet, set_key_of_file};
use super::super::{lock, migrate, sniff, APPLICATION_ID};
use super::exclusive::{release_exclusive, take_exclusive};
use super::files::{backups_dir, same_file, side_file, stamp_now};
use super::rotate::{prune, rotate_with};
use crate::error::{Error, Result};
use crate::files::{
    self, io_error, parent_of, private_dir as create_private_dir, Existing, WriteOptions,
};

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub restored_from: PathBuf,
    pub workbook: PathBuf,
    /// Schema of the restored file (it is upgraded, with a backup first, when next opened).
    pub schema: i64,
    pub reviews: i64,
    /// Where the workbook that was replaced was kept (None when there was none).
    pub replaced_kept_as: Option<PathBuf>,
}

/// What a full check of a workbook file found.
#[derive(Debug, Clone)]
pub(super) struct Inspection {
    pub(super) schema: i64,
    pub(super) reviews: i64,
    pub(super) audit_rows: i64,
    /// Empty when the file is a healthy, complete Kindred workbook this version can read.
    pub(super) problems: Vec<String>,
}

/// Opens a file this module owns (a temporary copy) with the passphrase and checks all of it:
/// the key, `application_id`, the schema version, `integrity_check`, SQLCipher's
/// `cipher_integrity_check` (every page's HMAC), `foreign_key_check` and completeness.
/// Refusals that make the file unusable are errors; the rest are `problems`. Leaves the file
/// in rollback-journal mode.
pub(super) fn inspect(path: &Path, passphrase: &str) -> Result<Inspection> {
    sniff(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    quiet(&conn);
    set_key_of_file(&conn, path, passphrase)?;
    conn.busy_timeout(Duration::from_secs(3))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(e) => {
            return Err(match Error::from(e) {
                Error::WrongPassphrase => Error::WrongPassphrase,
                Error::InUse => Error::InUse,
                _ => Error::Damaged("the file could not be read".into()),
            })
        }
    }
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != APPLICATION_ID {
        return Err(Error::NotAWorkbook(
            "it is an encrypted database, but not one made by Kindred".into(),
        ));
    }
    let schema = migrate::version(&conn)?;
    if schema > migrate::LATEST {
        return Err(Error::NewerVersion {
            found: schema,
            supported: migrate::LATEST,
        });
    }
    let damaged = |e: rusqlite::Error| match Error::from(e) {
        Error::InUse => Error::InUse,
        _ => Error::Damaged("part of the file could not be read (integrity check failed)".into()),
    };
    let mut problems = Vec::new();
    {
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(damaged)?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(damaged)?
            .collect::<rusqlite::Result<_>>()
            .map_err(damaged)?;
        if rows != ["ok"] {
            let first = rows.first().cloned().unwrap_or_default();
            return Err(Error::Damaged(format!(
                "the integrity check found {} problem(s), first: {}",
                rows.len(),
                crate::domain::text::truncate(&first, 120)
            )));
        }
        // SQLCipher's own check: the HMAC of every page in the file, free pages included
        // (which integrity_check does not read).
        let mut stmt = conn
            .prepare("PRAGMA cipher_integrity_check")
            .map_err(damaged)?;
        let bad: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .map_err(damaged)?
            .collect::<rusqlite::Result<_>>()
            .map_err(damaged)?;
        if let Some(first) = bad.first() {
            return Err(Error::Damaged(format!(
                "{} page(s) of the file fail their checksum, first: {}",
                bad.len(),
                crate::domain::text::truncate(first, 120)
            )));
        }
        let mut fk = conn.prepare("PRAGMA foreign_key_check").map_err(damaged)?;
        let n = fk.query_map([], |_| Ok(())).map_err(damaged)?.count();
        if n > 0 {
            problems.push(format!("{n} rows point at records that do not exist"));
        }
    }
    let count =
        |sql: &str| -> Result<i64> { conn.query_row(sql, [], |r| r.get(0)).map_err(damaged) };
    let reviews = count("SELECT count(*) FROM reviews")?;
    let audit_rows = count("SELECT count(*) FROM audit")?;
    let state: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'state'", [], |r| {
            r.get(0)
        })
        .ok();
    if state.as_deref() != Some("complete") {
        problems.push("incomplete: its creation was interrupted before it finished".into());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!("could not leave {mode} mode")));
    }
    conn.close().map_err(|(_, e)| Error::from(e))?;
    Ok(Inspection {
        schema,
        reviews,
        audit_rows,
        problems,
    })
}

/// Replaces the workbook at `target` with the backup `file`, which must open with
/// `passphrase`. The backup is copied beside the target and checked completely (key,
/// `application_id`, schema not newer, `integrity_check`, foreign keys, complete) before
/// anything is replaced; the workbook it replaces is kept in the backups folder; the copy is
/// renamed over the target atomically. A target that does not exist yet is created.
/// Refused with [`Error::InUse`] while any connection has the target open: a window that
/// wants to restore closes its own workbook first.
pub fn restore(file: &Path, target: &Path, passphrase: &str) -> Result<RestoreReport> {
    restore_releasing(file, target, passphrase, || {})
}

/// [`restore`] for a caller that has the target open itself (the desktop window): `release`
/// is called once the backup has been proven good and before the target is touched, so the
/// caller closes its workbook only when the restore will go ahead. A refused backup leaves
/// the caller's workbook open and the target byte-identical.
pub fn restore_releasing(
    file: &Path,
    target: &Path,
    passphrase: &str,
    release: impl FnOnce(),
) -> Result<RestoreReport> {
    if !file.is_file() {
        return Err(Error::Io(format!(
            "there is no backup file at {}",
            file.display()
        )));
    }
    if same_file(file, target) {
        return Err(Error::invalid(
            "file",
            "That is the workbook itself; choose a backup",
        ));
    }
    // A precise message for an empty, foreign or truncated file before anything is written.
    sniff(file)?;
    let dir = parent_of(target);
    create_private_dir(&dir)?;
    // Held from the moment the target is touched until the copy is in place.
    let mut exclusive: Option<lock::WorkbookLock> = None;
    let mut holder: Option<Connection> = None;
    let mut report: Option<RestoreReport> = None;
    let opts = WriteOptions::new(Existing::Replace, &files::NOTHING);
    let written = files::write_with(target, opts, |tmp, mut out| {
        {
            let mut src = File::open(file)
                .map_err(|e| io_error(&format!("cannot read {}", file.display()), &e))?;
            std::io::copy(&mut src, &mut out)
                .map_err(|e| io_error(&format!("cannot copy into {}", dir.display()), &e))?;
            out.sync_all()
                .map_err(|e| io_error(&format!("cannot write in {}", dir.display()), &e))?;
        }
        let check = inspect(tmp, passphrase)?;
        if !check.problems.is_empty() {
            return Err(
                if check.problems.iter().all(|p| p.starts_with("incomplete")) {
                    Error::Incomplete(
                        "it was made while its workbook was still being created".into(),
                    )
                } else {
                    Error::Damaged(format!(
                        "the backup was not restored: {}",
                        check.problems.join("; ")
                    ))
                },
            );
        }
        // The backup is good. Keep what it replaces, then swap.
        release();
        exclusive = Some(lock::WorkbookLock::exclusive(target)?);
        let mut kept = None;
        if target.exists() {
            match open_keyed(target, passphrase) {
                Some(conn) => {
                    take_exclusive(&conn)?;
                    let made = rotate_with(&conn, target, passphrase, "before-restore");
                    match made {
                        Ok(p) => kept = Some(p),
                        Err(e) => {
                            release_exclusive(&conn);
                            return Err(e);
                        }
                    }
                    holder = Some(conn);
                }
                None => {
                    // Damaged, foreign, or under another passphrase: keep its bytes as they are.
                    kept = Some(keep_raw(target)?);
                }
            }
            // A stale log of the old file must never be replayed onto the restored one.
            let _ = fs::remove_file(side_file(target, "-wal"));
            let _ = fs::remove_file(side_file(target, "-shm"));
            let _ = fs::remove_file(side_file(target, "-journal"));
        }
        report = Some(RestoreReport {
            restored_from: file.to_path_buf(),
            workbook: target.to_path_buf(),
            schema: check.schema,
            reviews: check.reviews,
            replaced_kept_as: kept,
        });
        Ok(())
    });
    drop(holder);
    drop(exclusive);
    written?;
    report.ok_or_else(|| Error::Internal("the restore made no report".into()))
}

/// Copies a workbook that cannot be opened, byte for byte with its WAL, into the backups folder.
fn keep_raw(target: &Path) -> Result<PathBuf> {
    let dir = backups_dir(target);
    create_private_dir(&dir)?;
    let dest = dir.join(format!("{}-before-restore-unreadable.kindred", stamp_now()));
    let what = format!(
        "cannot keep a copy of the replaced workbook in {}",
        dir.display()
    );
    let copy = |from: &Path, to: &Path| -> Result<()> {
        let opts = WriteOptions::new(Existing::Refuse, &files::NOTHING);
        files::write_with(to, opts, |_, mut out| {
            let mut src = File::open(from).map_err(|e| io_error(&what, &e))?;
            std::io::copy(&mut src, &mut out).map_err(|e| io_error(&what, &e))?;
            out.sync_all().map_err(|e| io_error(&what, &e))
        })
        .map(|_| ())
    };
    let wal = side_file(target, "-wal");
    if wal.metadata().is_ok_and(|m| m.len() > 0) {
        copy(&wal, &side_file(&dest, "-wal"))?;
    }
    copy(target, &dest)?;
    prune(target)?;
    Ok(dest)
}
