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

use std::fs::{self, File, OpenOptions};
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

/// The passphrase, kept while the workbook is open (backups and re-keying need it) and
/// overwritten when dropped.
pub struct Secret(String);

impl Secret {
    pub(crate) fn new(s: &str) -> Secret {
        Secret(s.to_string())
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
    /// Whether `candidate` is this passphrase, compared in time that does not depend on
    /// where they differ.
    pub(crate) fn is(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        let mut diff = a.len() ^ b.len();
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            diff |= usize::from(x ^ y);
        }
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.iter_mut().for_each(|b| *b = 0);
        std::hint::black_box(&bytes);
    }
}

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

fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
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

/// Creates an empty file only its owner can read (the bytes are encrypted anyway).
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)
        .map_err(|e| io_error(&format!("cannot create {}", dir.display()), &e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

fn sync_file(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(&format!("cannot write {}", path.display()), &e))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// An IO error as a one-line message that says what to do about it.
fn io_error(what: &str, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => Error::Io(format!("{what}: the disk is full")),
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            Error::Io(format!("{what}: the folder or file is read-only"))
        }
        K::NotFound => Error::Io(format!("{what}: the folder does not exist")),
        _ if e.raw_os_error() == Some(28) => Error::Io(format!("{what}: the disk is full")),
        _ => Error::Io(format!("{what}: {e}")),
    }
}

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

/// Removes a temporary database and any side files SQLite may have left beside it.
fn remove_db_files(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A temporary name beside `dest`: hidden, with the process id, never a real workbook name.
fn temp_beside(dest: &Path, what: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    parent_of(dest).join(format!(".{name}.{what}-{}", std::process::id()))
}

/// Moves a finished temporary file into place. Without `replace`, an existing destination is
/// never overwritten (a hard link fails if the name is taken; a rename is the fallback on file
/// systems without hard links).
fn place(tmp: &Path, dest: &Path, replace: bool) -> Result<()> {
    sync_file(tmp)?;
    let what = format!("cannot write {}", dest.display());
    if replace {
        fs::rename(tmp, dest).map_err(|e| io_error(&what, &e))?;
    } else {
        match fs::hard_link(tmp, dest) {
            Ok(()) => {
                let _ = fs::remove_file(tmp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::AlreadyExists(dest.display().to_string()))
            }
            Err(_) => {
                if dest.exists() {
                    return Err(Error::AlreadyExists(dest.display().to_string()));
                }
                fs::rename(tmp, dest).map_err(|e| io_error(&what, &e))?;
            }
        }
    }
    sync_dir(&parent_of(dest));
    Ok(())
}

/// Writes `bytes` to the new file `dest` (never overwriting), readable only by its owner,
/// atomically: a reader never sees half a file, and a failure leaves nothing behind.
pub fn write_new_private_file(dest: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if dest.exists() {
        return Err(Error::AlreadyExists(dest.display().to_string()));
    }
    let what = format!("cannot write {}", dest.display());
    let tmp = temp_beside(dest, "partial");
    let _ = fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        let mut f = create_private(&tmp).map_err(|e| io_error(&what, &e))?;
        f.write_all(bytes).map_err(|e| io_error(&what, &e))?;
        f.sync_all().map_err(|e| io_error(&what, &e))?;
        drop(f);
        place(&tmp, dest, false)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

// ----- copying -------------------------------------------------------------------------------

/// Copies the database behind `src` into the new file `tmp`, encrypted with `key`, with the
/// online backup API; the copy is left in rollback-journal mode and closed.
fn copy_online(src: &Connection, tmp: &Path, key: &str) -> Result<()> {
    drop(
        create_private(tmp)
            .map_err(|e| io_error(&format!("cannot write {}", tmp.display()), &e))?,
    );
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

/// Makes an encrypted copy of the database behind `conn` at the new path `dest` (refused when
/// `dest` exists), atomically.
fn copy_to(conn: &Connection, dest: &Path, key: &str, replace: bool) -> Result<()> {
    let what = format!("cannot write the backup {}", dest.display());
    let tmp = temp_beside(dest, "partial");
    remove_db_files(&tmp);
    let result = copy_online(conn, &tmp, key).and_then(|()| place(&tmp, dest, replace));
    if result.is_err() {
        remove_db_files(&tmp);
    }
    result.map_err(|e| writing(&what, e))
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
    copy_to(conn, &dest, key, false)?;
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
        if dest.exists() {
            return Err(Error::AlreadyExists(dest.display().to_string()));
        }
        if same_file(dest, &self.path) {
            return Err(Error::invalid("output", "That is the workbook itself"));
        }
        copy_to(&self.conn, dest, self.key.expose(), false)
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
    pub fn change_passphrase(&mut self, new: &str) -> Result<PathBuf> {
        if new.is_empty() {
            return Err(Error::Passphrase(
                "the new passphrase must not be empty".into(),
            ));
        }
        let path = self.path.clone();
        let tmp = temp_beside(&path, "rekey");
        remove_db_files(&tmp);
        let _ = self.wait_for_daily_backup();
        take_exclusive(&self.conn)?;
        let result = (|| -> Result<PathBuf> {
            let kept = rotate_with(
                &self.conn,
                &path,
                self.key.expose(),
                "before-passphrase-change",
            )?;
            copy_online(&self.conn, &tmp, new)
                .map_err(|e| writing("cannot write the re-keyed copy", e))?;
            let check = inspect(&tmp, new)?;
            let before: i64 = self
                .conn
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
            if check.problems.is_empty() && check.audit_rows == before {
                place(&tmp, &path, true)?;
                Ok(kept)
            } else {
                Err(Error::Damaged(format!(
                    "the re-keyed copy did not check out ({}); the passphrase was not changed",
                    check.problems.join("; ")
                )))
            }
        })();
        match result {
            Ok(kept) => {
                // The old connection holds the old (now unlinked) file; close it, then open the
                // new file with the new passphrase.
                let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
                drop(old);
                *self = Store::open(&path, new)?;
                Ok(kept)
            }
            Err(e) => {
                remove_db_files(&tmp);
                release_exclusive(&self.conn);
                Err(e)
            }
        }
    }
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
    fs::create_dir_all(&dir)
        .map_err(|e| io_error(&format!("cannot create the folder {}", dir.display()), &e))?;
    let tmp = temp_beside(target, "restoring");
    remove_db_files(&tmp);
    let result = (|| -> Result<RestoreReport> {
        {
            let mut out = create_private(&tmp)
                .map_err(|e| io_error(&format!("cannot write in {}", dir.display()), &e))?;
            let mut src = File::open(file)
                .map_err(|e| io_error(&format!("cannot read {}", file.display()), &e))?;
            std::io::copy(&mut src, &mut out)
                .map_err(|e| io_error(&format!("cannot copy into {}", dir.display()), &e))?;
            out.sync_all()
                .map_err(|e| io_error(&format!("cannot write in {}", dir.display()), &e))?;
        }
        let check = inspect(&tmp, passphrase)?;
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
        let mut holder: Option<Connection> = None;
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
        let placed = place(&tmp, target, true);
        if let Some(conn) = holder {
            drop(conn);
        }
        placed?;
        Ok(RestoreReport {
            restored_from: file.to_path_buf(),
            workbook: target.to_path_buf(),
            schema: check.schema,
            reviews: check.reviews,
            replaced_kept_as: kept,
        })
    })();
    if result.is_err() {
        remove_db_files(&tmp);
    }
    result
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
        let tmp = temp_beside(to, "partial");
        let _ = fs::remove_file(&tmp);
        let r = (|| -> Result<()> {
            let mut out = create_private(&tmp).map_err(|e| io_error(&what, &e))?;
            let mut src = File::open(from).map_err(|e| io_error(&what, &e))?;
            std::io::copy(&mut src, &mut out).map_err(|e| io_error(&what, &e))?;
            out.sync_all().map_err(|e| io_error(&what, &e))?;
            drop(out);
            place(&tmp, to, false)
        })();
        if r.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        r
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

    fn other(path: &Path) -> Connection {
        let c = Connection::open(path).expect("open");
        c.pragma_update(None, "key", "pw").expect("key");
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
        let store = Store::create(&path, "pw", Completeness::Complete).expect("create");
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
        copy_to(&store.conn, &copy, "pw", false).expect("copy while exclusive");
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
            inspect(&copy, "pw").expect("copy opens").problems,
            Vec::<String>::new()
        );
        assert!(matches!(
            inspect(&copy, "not pw"),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn secrets_are_not_printed() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(…)");
    }
}
