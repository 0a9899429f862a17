//! Backups, restore, passphrase change and compaction: the file-level operations that keep a
//! workbook safe across crashes, mistakes, damaged files and a change of laptop.
//!
//! **How a backup is made.** SQLite's online backup API, from the open (keyed) workbook
//! connection to a new connection keyed with the same passphrase. SQLCipher allows the backup
//! API only when both sides are encrypted (or both plain): each page is read through the
//! source's codec and written through the destination's, which derives its own key from the
//! passphrase and a fresh random salt. The result opens with the passphrase and with nothing
//! else. (`ATTACH … KEY` with `sqlcipher_export()` would also work, but it copies only the
//! schema and rows, not the header fields `user_version` and `application_id` that tell a
//! Kindred workbook and its schema apart, and it runs inside the workbook's own connection.)
//! The same call with a destination keyed with a *new* passphrase re-keys the workbook.
//!
//! **Atomic placement.** Every file this module writes is built under a temporary name beside
//! its destination, closed in rollback-journal mode (so it is one self-contained file), synced,
//! and only then renamed into place; the folder is synced after the rename. A crash at any
//! moment leaves either the old file or the new one, never a mixture; a stale temporary file is
//! removed by a later backup.
//!
//! **In use.** Replacing the workbook file (restore, passphrase change) and scrubbing it
//! (destroy) first switch the workbook out of WAL mode. SQLite refuses that while any other
//! connection has the file open, even an idle one, so it is a reliable "another Kindred window
//! or command has this workbook open" test; the answer comes after the 3-second busy timeout.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{migrate, set_key, sniff, Completeness, Store, APPLICATION_ID};
use crate::error::{Error, Result};

/// How many automatic backups are kept beside a workbook (the oldest are removed first).
pub const KEEP: usize = 10;

/// An automatic backup is made on unlock when the newest one is older than this.
pub const DAILY: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Temporary files older than this, left by a process that was killed, are removed.
const STALE: Duration = Duration::from_secs(3600);

pub use crate::secret::Secret;

/// One automatic backup in the workbook's backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was made (UTC, `YYYYMMDDTHHMMSSmmmZ`, from its name).
    pub made_at: String,
    /// Why: `daily`, `before-upgrade-N`, `before-restore`, `before-restore-unreadable`,
    /// `before-passphrase-change`, `after-destroy`.
    pub kind: String,
    pub bytes: u64,
}

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

/// `<folder>/<workbook file name>.backups`, beside the workbook.
pub fn backups_dir(workbook: &Path) -> PathBuf {
    let name = workbook
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    parent_of(workbook).join(format!("{name}.backups"))
}

fn stamp_now() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ").to_string()
}

pub fn parse_stamp(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S%3fZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The automatic backups of a workbook, oldest first.
pub fn list(workbook: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(workbook);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(Error::Io(format!("cannot read {}: {e}", dir.display()))),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".kindred") else {
            continue;
        };
        let Some((stamp, kind)) = stem.split_once('-') else {
            continue;
        };
        if parse_stamp(stamp).is_none() {
            continue;
        }
        out.push(BackupInfo {
            path: entry.path(),
            made_at: stamp.to_string(),
            kind: kind.to_string(),
            bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
        });
    }
    out.sort_by(|a, b| a.made_at.cmp(&b.made_at).then(a.path.cmp(&b.path)));
    Ok(out)
}

// ----- low-level file helpers ------------------------------------------------------------------

use crate::files::{
    self, io_error, parent_of, private_dir as create_private_dir, Existing, Protected, WriteOptions,
};

/// Gives SQLite errors met while writing a copy a message about the copy, not the workbook.
fn writing(what: &str, e: Error) -> Error {
    match e {
        Error::Io(m) if m.contains("disk is full") => {
            Error::Io(format!("{what}: the disk is full; nothing was written"))
        }
        Error::Io(m) if m.contains("read-only") || m.contains("could not be opened") => Error::Io(
            format!("{what}: the folder or file is read-only or cannot be written"),
        ),
        Error::Internal(m) if m.contains("disk I/O") || m.contains("unable to open") => {
            Error::Io(format!("{what}: the file could not be written ({m})"))
        }
        other => other,
    }
}

pub(crate) fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

// ----- copying -------------------------------------------------------------------------------

/// Copies the database behind `src` into the new file `tmp`, encrypted with `key`, with the
/// online backup API; the copy is left in rollback-journal mode and closed.
fn copy_online(src: &Connection, tmp: &Path, key: &str) -> Result<()> {
    let mut dst = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    set_key(&dst, key)?;
    {
        let backup = Backup::new(src, &mut dst)?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // All pages in one step: one read transaction, so a writer in another window
            // cannot make the copy start over (in WAL mode it is not blocked either).
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => {
                    if Instant::now() > deadline {
                        return Err(Error::InUse);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                // A future variant: keep stepping.
                #[allow(unreachable_patterns)]
                _ => {}
            }
        }
    }
    // A backup is one file: fold any WAL back in and leave WAL mode.
    let mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!("backup left in {mode} mode")));
    }
    dst.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// Makes an encrypted copy of the database behind `conn` at `dest` through the one file
/// writer (owner-only, atomic, never over an existing file).
fn copy_to(conn: &Connection, dest: &Path, key: &str, protected: &Protected) -> Result<()> {
    let what = format!("cannot write the backup {}", dest.display());
    let opts = WriteOptions::new(Existing::Refuse, protected);
    files::write_with(dest, opts, |tmp, file| {
        // SQLite writes the copy by path into the empty owner-only file.
        drop(file);
        copy_online(conn, tmp, key)
    })
    .map(|_| ())
    .map_err(|e| writing(&what, e))
}

/// Removes the oldest automatic backups beyond [`KEEP`] and temporary files left by killed
/// processes.
fn prune(workbook: &Path) -> Result<()> {
    let all = list(workbook)?;
    if all.len() > KEEP {
        for b in &all[..all.len() - KEEP] {
            remove_backup(b);
        }
    }
    if let Ok(entries) = fs::read_dir(backups_dir(workbook)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE);
            if name.starts_with('.') && name.contains(".partial-") && old {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

/// Removes temporary files that a killed Kindred left beside the workbook (a creation, a
/// restore, a re-keying or a copy that never finished), once they are an hour old.
fn remove_stale_temps(workbook: &Path) {
    let Some(name) = workbook
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent_of(workbook)) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours = n.strip_prefix(&prefix).is_some_and(|rest| {
            ["creating-", "restoring-", "rekey-", "partial-"]
                .iter()
                .any(|k| rest.starts_with(k))
        });
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if ours && old && e.path().is_file() {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn remove_backup(b: &BackupInfo) {
    let _ = fs::remove_file(&b.path);
    // A copy of an unreadable workbook may carry its WAL beside it.
    let _ = fs::remove_file(side_file(&b.path, "-wal"));
}

/// Makes an automatic backup of kind `kind` in the backups folder and prunes old ones.
fn rotate_with(conn: &Connection, workbook: &Path, key: &str, kind: &str) -> Result<PathBuf> {
    let dir = backups_dir(workbook);
    create_private_dir(&dir)?;
    let dest = dir.join(format!("{}-{kind}.kindred", stamp_now()));
    copy_to(conn, &dest, key, &files::NOTHING)?;
    prune(workbook)?;
    Ok(dest)
}

/// The backup made before a schema upgrade, from the still-unchanged file. Called by
/// [`Store::open`] only when a migration is pending; an error stops the upgrade.
pub(super) fn before_upgrade(conn: &Connection, workbook: &Path, key: &str) -> Result<PathBuf> {
    let from = migrate::version(conn)?;
    rotate_with(conn, workbook, key, &format!("before-upgrade-from-{from}")).map_err(|e| {
        Error::Io(format!(
            "the workbook needs upgrading to this version's schema, but no backup could be made \
             first ({e}); nothing was changed"
        ))
    })
}

// ----- public operations on an open store ------------------------------------------------------

impl Store {
    /// An encrypted copy of the workbook at `dest` (a new file), with the same passphrase.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let _ = self.wait_for_daily_backup();
        let protected = self.protected();
        protected.check(dest)?;
        if dest.exists() {
            return Err(Error::AlreadyExists(dest.display().to_string()));
        }
        copy_to(&self.conn, dest, self.key.expose(), &protected)
    }

    /// An automatic backup of the given kind beside the workbook.
    pub fn backup_rotating(&self, kind: &str) -> Result<PathBuf> {
        let _ = self.wait_for_daily_backup();
        rotate_with(&self.conn, &self.path, self.key.expose(), kind)
    }

    /// Starts the automatic backup made on unlock, when the workbook is complete, holds at
    /// least one review, and the newest backup is more than a day old (or there is none). It
    /// runs on another thread with a connection of its own: the backup reads one snapshot in
    /// one step, so the workbook can be read and written meanwhile (WAL), and the copy is
    /// what the workbook held at unlock. Copying a large workbook (every page decrypted and
    /// encrypted again under a freshly derived key) took half a second, which an unlock no
    /// longer waits for.
    pub(crate) fn start_daily_backup(&self) -> Result<()> {
        remove_stale_temps(&self.path);
        if self.completeness()? != Completeness::Complete {
            return Ok(());
        }
        let reviews: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))?;
        if reviews == 0 {
            return Ok(());
        }
        let now = chrono::Utc::now();
        let fresh = list(&self.path)?
            .last()
            .and_then(|b| parse_stamp(&b.made_at))
            .is_some_and(|t| now - t < DAILY && t <= now + DAILY);
        if fresh {
            return Ok(());
        }
        let path = self.path.clone();
        let key = Secret::new(self.key.expose());
        let handle = std::thread::Builder::new()
            .name("kindred-daily-backup".into())
            .spawn(move || -> Result<PathBuf> {
                let conn = Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                super::set_key(&conn, key.expose())?;
                conn.busy_timeout(Duration::from_secs(3))?;
                rotate_with(&conn, &path, key.expose(), "daily")
            })
            .map_err(|e| Error::Io(format!("cannot start the daily backup: {e}")))?;
        if let Ok(mut daily) = self.daily.lock() {
            *daily = Some(handle);
        }
        Ok(())
    }

    /// Waits for the backup started on unlock, if one is still running, and says how it
    /// went (`None`: none was started, or it was already waited for).
    pub fn wait_for_daily_backup(&self) -> Option<Result<PathBuf>> {
        let handle = self.daily.lock().ok()?.take()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("the daily backup stopped".into()))),
        )
    }

    /// Removes every automatic backup except `keep` (after a review is destroyed, older ones
    /// still hold it). Returns how many were removed.
    pub fn remove_backups_except(&self, keep: Option<&Path>) -> Result<usize> {
        let _ = self.wait_for_daily_backup();
        let mut n = 0;
        for b in list(&self.path)? {
            if Some(b.path.as_path()) != keep {
                remove_backup(&b);
                n += 1;
            }
        }
        Ok(n)
    }

    /// Fails with [`Error::InUse`] (after the busy timeout) when any other connection has the
    /// workbook open, even an idle one: leaving WAL mode needs the file to itself.
    pub fn ensure_alone(&self) -> Result<()> {
        let _ = self.wait_for_daily_backup();
        let mode = leave_wal(&self.conn)?;
        let back: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(Error::InUse);
        }
        if !back.eq_ignore_ascii_case("wal") {
            return Err(Error::Io(format!(
                "could not switch the workbook back to WAL (got {back})"
            )));
        }
        Ok(())
    }

    /// Rebuilds the file without free space (`VACUUM`; with `secure_delete` freed pages were
    /// already overwritten) and empties the write-ahead log (`wal_checkpoint(TRUNCATE)`), so
    /// no old page image of deleted data remains in the workbook's files. Returns false when
    /// another connection kept the log from being emptied.
    pub fn compact(&self) -> Result<bool> {
        let _ = self.wait_for_daily_backup();
        self.conn.execute_batch("VACUUM")?;
        let (busy, _log, _done): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0)
    }

    /// Re-keys the workbook with `new`, atomically: the old file is backed up (old key), the
    /// workbook is copied into a temporary file keyed with the new passphrase, the copy is
    /// opened and checked, and only then renamed over the workbook. Until that rename the old
    /// passphrase keeps working; after it, only the new one does. Returns the backup that
    /// still opens with the old passphrase.
    /// After a passphrase change, re-keys to the current passphrase or deletes the automatic
    /// backups that still open with `old`.
    pub fn retire_old_backups(&self, old: &str, how: OldBackups) -> Result<OldBackupsDone> {
        let _ = self.wait_for_daily_backup();
        retire_old_backups(&self.path, old, self.key.expose(), how)
    }

    pub fn change_passphrase(&mut self, new: &str) -> Result<PathBuf> {
        crate::domain::passphrase::validate(new).map_err(Error::Passphrase)?;
        let path = self.path.clone();
        let _ = self.wait_for_daily_backup();
        // No other process may have the file open while it is replaced.
        self.lock.upgrade()?;
        if let Err(e) = take_exclusive(&self.conn) {
            self.lock.downgrade();
            return Err(e);
        }
        let result = (|| -> Result<PathBuf> {
            let kept = rotate_with(
                &self.conn,
                &path,
                self.key.expose(),
                "before-passphrase-change",
            )?;
            let before: i64 = self
                .conn
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
            let opts = WriteOptions::new(Existing::Replace, &files::NOTHING);
            files::write_with(&path, opts, |tmp, file| {
                drop(file);
                copy_online(&self.conn, tmp, new)
                    .map_err(|e| writing("cannot write the re-keyed copy", e))?;
                let check = inspect(tmp, new)?;
                if check.problems.is_empty() && check.audit_rows == before {
                    Ok(())
                } else {
                    Err(Error::Damaged(format!(
                        "the re-keyed copy did not check out ({}); the passphrase was not changed",
                        check.problems.join("; ")
                    )))
                }
            })?;
            Ok(kept)
        })();
        match result {
            Ok(kept) => {
                // The old connection holds the old (now unlinked) file; close it, then open the
                // new file with the new passphrase.
                let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
                drop(old);
                self.lock.downgrade();
                *self = Store::open(&path, new)?;
                Ok(kept)
            }
            Err(e) => {
                release_exclusive(&self.conn);
                self.lock.downgrade();
                Err(e)
            }
        }
    }
}

/// What to do, after a passphrase change, with the automatic backups that still open with the
/// old passphrase. A change made because the old passphrase leaked is defeated while they
/// remain as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OldBackups {
    /// Leave them: they still open with the old passphrase (a way back if the new one is
    /// forgotten).
    #[default]
    Keep,
    /// Re-key each to the new passphrase, atomically, one at a time.
    Rekey,
    /// Delete them.
    Delete,
}

/// What was done with the old backups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OldBackupsDone {
    pub rekeyed: usize,
    pub deleted: usize,
    /// Backups that open with neither passphrase (older ones, from before an earlier change)
    /// and were left as they are.
    pub untouched: usize,
}

/// Re-keys or deletes the automatic backups of `workbook` that open with `old`, as `how` says.
pub fn retire_old_backups(
    workbook: &Path,
    old: &str,
    new: &str,
    how: OldBackups,
) -> Result<OldBackupsDone> {
    let mut done = OldBackupsDone::default();
    if how == OldBackups::Keep {
        return Ok(done);
    }
    for b in list(workbook)? {
        let Some(conn) = open_keyed(&b.path, old) else {
            done.untouched += 1;
            continue;
        };
        match how {
            OldBackups::Keep => {}
            OldBackups::Delete => {
                drop(conn);
                remove_backup(&b);
                done.deleted += 1;
            }
            OldBackups::Rekey => {
                let opts = WriteOptions::new(Existing::Replace, &files::NOTHING);
                files::write_with(&b.path, opts, |tmp, file| {
                    drop(file);
                    copy_online(&conn, tmp, new)?;
                    let check = inspect(tmp, new)?;
                    if check.problems.is_empty() {
                        Ok(())
                    } else {
                        Err(Error::Damaged(format!(
                            "the re-keyed copy of {} did not check out ({})",
                            b.path.display(),
                            check.problems.join("; ")
                        )))
                    }
                })
                .map_err(|e| writing(&format!("cannot re-key {}", b.path.display()), e))?;
                drop(conn);
                done.rekeyed += 1;
            }
        }
    }
    Ok(done)
}

/// Switches the workbook out of WAL mode, which SQLite refuses at once while any other
/// connection has the file open; tries again for the busy timeout (3 s) before saying it is
/// in use, as every other write does.
fn leave_wal(conn: &Connection) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        }) {
            Ok(mode) => return Ok(mode),
            Err(e) => match Error::from(e) {
                Error::InUse if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                other => return Err(other),
            },
        }
    }
}

/// Takes the workbook for this connection alone: out of WAL mode (refused while any other
/// connection is open), then exclusive locking mode and an empty exclusive transaction, which
/// leaves this connection holding the file's exclusive lock (no other connection can read or
/// write) until it is closed or [`release_exclusive`] is called. No transaction stays open, so
/// the backup API can still read from this connection (it refuses a source that is writing).
fn take_exclusive(conn: &Connection) -> Result<()> {
    let mode = leave_wal(conn)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::InUse);
    }
    conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| {
        r.get::<_, String>(0)
    })?;
    if let Err(e) = conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        release_exclusive(conn);
        return Err(Error::from(e));
    }
    Ok(())
}

fn release_exclusive(conn: &Connection) {
    if !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    let _ = conn.query_row("PRAGMA locking_mode = NORMAL", [], |r| {
        r.get::<_, String>(0)
    });
    // In normal mode locks are dropped at the next access; this read is that access.
    let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

// ----- checking a file -----------------------------------------------------------------------

/// What a full check of a workbook file found.
#[derive(Debug, Clone)]
struct Inspection {
    schema: i64,
    reviews: i64,
    audit_rows: i64,
    /// Empty when the file is a healthy, complete Kindred workbook this version can read.
    problems: Vec<String>,
}

/// Opens a file this module owns (a temporary copy) with the passphrase and checks all of it:
/// the key, `application_id`, the schema version, `integrity_check`, SQLCipher's
/// `cipher_integrity_check` (every page's HMAC), `foreign_key_check` and completeness.
/// Refusals that make the file unusable are errors; the rest are `problems`. Leaves the file
/// in rollback-journal mode.
fn inspect(path: &Path, passphrase: &str) -> Result<Inspection> {
    sniff(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    quiet(&conn);
    set_key(&conn, passphrase)?;
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

// ----- restore -------------------------------------------------------------------------------

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
    let mut exclusive: Option<super::lock::WorkbookLock> = None;
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
        exclusive = Some(super::lock::WorkbookLock::exclusive(target)?);
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

/// Stops SQLCipher writing its own log lines to stderr (a failed key or a damaged page is
/// reported once, as this module's error message).
fn quiet(conn: &Connection) {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| {
        r.get::<_, String>(0)
    });
}

/// Opens a workbook with the passphrase for copying, or None when the key does not fit.
fn open_keyed(path: &Path, passphrase: &str) -> Option<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    quiet(&conn);
    set_key(&conn, passphrase).ok()?;
    conn.busy_timeout(Duration::from_secs(3)).ok()?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    (app == APPLICATION_ID).then_some(conn)
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

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "test passphrase";

    fn other(path: &Path) -> Connection {
        let c = Connection::open(path).expect("open");
        c.pragma_update(None, "key", PW).expect("key");
        c.busy_timeout(Duration::from_millis(100)).expect("timeout");
        c
    }

    fn can_read(c: &Connection) -> bool {
        c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok()
    }

    #[test]
    fn exclusive_shuts_out_other_connections_until_released() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("w.kindred");
        let store = Store::create(&path, PW, Completeness::Complete).expect("create");
        {
            let idle = other(&path);
            assert!(can_read(&idle));
            assert!(matches!(take_exclusive(&store.conn), Err(Error::InUse)));
            assert!(matches!(store.ensure_alone(), Err(Error::InUse)));
        }
        take_exclusive(&store.conn).expect("alone");
        let late = other(&path);
        assert!(
            !can_read(&late),
            "a reader must be shut out while the file is replaced"
        );
        // The backup API still reads from the exclusive connection.
        let copy = dir.path().join("copy.kindred");
        copy_to(&store.conn, &copy, PW, &files::NOTHING).expect("copy while exclusive");
        release_exclusive(&store.conn);
        assert!(can_read(&late), "released");
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        store.ensure_alone().expect_err("late is still open");
        drop(late);
        store.ensure_alone().expect("alone again");
        assert_eq!(
            inspect(&copy, PW).expect("copy opens").problems,
            Vec::<String>::new()
        );
        assert!(matches!(
            inspect(&copy, "not pw"),
            Err(Error::WrongPassphrase)
        ));
    }
}
