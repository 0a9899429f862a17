//! The workbook's lock file: who has the workbook open, across every Kindred process.
//!
//! Why: replacing the workbook file (passphrase change, restore) or rebuilding it in place
//! (destroy's compaction) while another process has it open can corrupt it; SQLite documents
//! renaming over an open database as a way to do so, and in WAL mode a writer holding the old
//! file is not told. SQLite's own locks are per transaction, so they cannot say "open".
//!
//! How: beside `w.kindred` lives `.w.kindred.lock`, an empty owner-only file that is never
//! removed (removing a lock file races with a process about to lock it). Every [`Store`]
//! holds a shared advisory lock on it for as long as it is open; a file-level operation
//! holds the exclusive lock for its whole length. An opener that meets the exclusive lock
//! waits a few seconds (a re-key or restore takes well under that on a real workbook), then
//! gives up with a message; a file-level operation that meets any other holder is refused
//! at once with [`Error::OpenElsewhere`].
//!
//! The lock is advisory: a program that is not Kindred is not stopped by it. Kindred also
//! checks, before every write, that the file at the workbook's path is still the one it
//! opened ([`super::Store::write`]), so a writer never succeeds silently into a replaced file.
//!
//! [`Store`]: super::Store

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::files;

/// How long an opener waits for a file-level operation in another process to finish.
const WAIT_FOR_EXCLUSIVE: Duration = Duration::from_secs(10);

/// `<folder>/.<name>.lock` beside the workbook.
pub fn lock_path(workbook: &Path) -> PathBuf {
    let name = workbook
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    files::parent_of(workbook).join(format!(".{name}.lock"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Shared,
    Exclusive,
}

/// A held lock on a workbook; released when dropped (or when the process ends, however it
/// ends: the system drops the locks of a killed process).
#[derive(Debug)]
pub struct WorkbookLock {
    file: File,
    held: Held,
}

impl WorkbookLock {
    /// The shared lock every open workbook holds. Waits while a file-level operation runs.
    pub fn shared(workbook: &Path) -> Result<WorkbookLock> {
        let file = open_lock_file(workbook)?;
        let deadline = Instant::now() + WAIT_FOR_EXCLUSIVE;
        loop {
            match file.try_lock_shared() {
                Ok(()) => {
                    return Ok(WorkbookLock {
                        file,
                        held: Held::Shared,
                    })
                }
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Io(
                        "another Kindred window or command is changing the workbook's file (a \
                         passphrase change or a restore); try again when it has finished"
                            .into(),
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(files::io_error("could not lock the workbook", &e))
                }
            }
        }
    }

    /// The exclusive lock of a file-level operation on a workbook this process does not have
    /// open (a restore from the command line). Refused at once while anyone has it open.
    pub fn exclusive(workbook: &Path) -> Result<WorkbookLock> {
        let file = open_lock_file(workbook)?;
        try_exclusive(&file)?;
        Ok(WorkbookLock {
            file,
            held: Held::Exclusive,
        })
    }

    /// Turns this shared lock into the exclusive one, refused at once (and the shared lock
    /// kept) while any other process or store has the workbook open. Locks cannot be
    /// converted atomically everywhere, so the shared lock is given up first and taken again
    /// on refusal.
    pub fn upgrade(&mut self) -> Result<()> {
        if self.held == Held::Exclusive {
            return Ok(());
        }
        let _ = self.file.unlock();
        match try_exclusive(&self.file) {
            Ok(()) => {
                self.held = Held::Exclusive;
                Ok(())
            }
            Err(e) => {
                // Someone else holds it shared; taking shared again cannot wait long.
                let _ = self.file.lock_shared();
                Err(e)
            }
        }
    }

    /// Back to the shared lock after a file-level operation.
    pub fn downgrade(&mut self) {
        if self.held == Held::Exclusive {
            let _ = self.file.unlock();
            let _ = self.file.lock_shared();
            self.held = Held::Shared;
        }
    }
}

fn try_exclusive(file: &File) -> Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::OpenElsewhere),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(files::io_error("could not lock the workbook", &e))
        }
    }
}

fn open_lock_file(workbook: &Path) -> Result<File> {
    let path = lock_path(workbook);
    let mut o = std::fs::OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    o.open(&path)
        .map_err(|e| files::io_error("could not open the workbook's lock file", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_waits_for_no_one_and_shared_holders_block_it() {
        let dir = tempfile::tempdir().expect("dir");
        let wb = dir.path().join("w.kindred");
        let a = WorkbookLock::shared(&wb).expect("a");
        let mut b = WorkbookLock::shared(&wb).expect("b shares");
        assert!(matches!(b.upgrade(), Err(Error::OpenElsewhere)));
        assert!(matches!(
            WorkbookLock::exclusive(&wb),
            Err(Error::OpenElsewhere)
        ));
        drop(a);
        b.upgrade().expect("alone now");
        assert!(matches!(
            WorkbookLock::exclusive(&wb),
            Err(Error::OpenElsewhere)
        ));
        b.downgrade();
        let _c = WorkbookLock::shared(&wb).expect("shared again");
    }
}
