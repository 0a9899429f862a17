//! Re-keying and compaction: a new passphrase for the workbook (an atomic copy under the
//! new key, checked before it replaces the file), what becomes of the backups that still
//! open with the old one, and rebuilding the file so no old page image of deleted data
//! remains.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use super::super::key::open_keyed;
use super::super::Store;
use super::exclusive::{release_exclusive, take_exclusive};
use super::files::writing;
use super::restore::inspect;
use super::rotate::{copy_online, list, remove_backup, rotate_with};
use crate::error::{Error, Result};
use crate::files::{self, Existing, WriteOptions};

impl Store {
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

    /// After a passphrase change, re-keys to the current passphrase or deletes the automatic
    /// backups that still open with `old`.
    pub fn retire_old_backups(&self, old: &str, how: OldBackups) -> Result<OldBackupsDone> {
        let _ = self.wait_for_daily_backup();
        retire_old_backups(&self.path, old, self.key.expose(), how)
    }

    /// Re-keys the workbook with `new`, atomically: the old file is backed up (old key), the
    /// workbook is copied into a temporary file keyed with the new passphrase, the copy is
    /// opened and checked, and only then renamed over the workbook. Until that rename the old
    /// passphrase keeps working; after it, only the new one does. Returns the backup that
    /// still opens with the old passphrase.
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
