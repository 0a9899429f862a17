//! Backup, rotation and pruning: an encrypted copy of the open workbook made with
//! SQLite's online backup API and placed through the one file writer; the automatic
//! backups beside the workbook (daily on unlock, before an upgrade, before a passphrase
//! change or a restore), of which the newest [`KEEP`] are kept.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::super::key::{set_key, set_key_of_file, Secret};
use super::super::{migrate, Completeness, Store};
use super::files::{backups_dir, parse_stamp, side_file, stamp_now, writing};
use crate::error::{Error, Result};
use crate::files::{
    self, parent_of, private_dir as create_private_dir, Existing, Protected, WriteOptions,
};

/// How many automatic backups are kept beside a workbook (the oldest are removed first).
pub const KEEP: usize = 10;

/// An automatic backup is made on unlock when the newest one is older than this.
pub const DAILY: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// How long the daily backup waits after unlock before it starts, unless asked for at once.
pub const DAILY_DELAY: Duration = Duration::from_secs(5);

/// While the workbook was used this recently, the daily backup pauses between parts.
const IN_USE: Duration = Duration::from_millis(400);
/// Pages the daily backup copies between looks at whether the workbook is in use (2 MB).
const PART_PAGES: std::ffi::c_int = 512;
/// How long the daily backup waits at a time while the workbook is in use, and at most in
/// all (after that it goes on however busy the author is: the copy must get made).
const PAUSE: Duration = Duration::from_millis(20);
const MOST_PAUSED: Duration = Duration::from_secs(120);

/// The backup's thread, and the way to tell it to start at once.
type Running = (std::thread::JoinHandle<Result<PathBuf>>, Sender<()>);

/// The daily backup's thread with the way to tell it to start at once, and how it went.
#[derive(Default)]
pub(crate) struct Daily {
    running: std::sync::Mutex<Option<Running>>,
    failure: std::sync::Mutex<Option<String>>,
    used: LastUse,
}

/// When the workbook's own connection was last used, shared with the daily backup's
/// thread so that it gives way while the author works (see [`Pace`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct LastUse(Arc<AtomicU64>);

impl LastUse {
    pub(crate) fn now(&self) {
        self.0.store(since_start_ms(), Ordering::Relaxed);
    }

    fn within(&self, d: Duration) -> bool {
        let last = self.0.load(Ordering::Relaxed);
        last != 0 && since_start_ms().saturating_sub(last) < d.as_millis() as u64
    }
}

/// Milliseconds since this process first asked, from 1 (0 is "never used").
fn since_start_ms() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis())
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// How a copy gives way to the author: in parts of [`PART_PAGES`], waiting while the
/// workbook has been used in the last [`IN_USE`], until told to hurry (the store closing,
/// or something waiting for the copy) or [`MOST_PAUSED`] has been spent waiting.
pub(super) struct Pace<'a> {
    used: &'a LastUse,
    hurry: &'a Receiver<()>,
}

impl Pace<'_> {
    /// Waits while the author is working; false once told to hurry.
    fn give_way(&self, paused: &mut Duration) -> bool {
        while self.used.within(IN_USE) && *paused < MOST_PAUSED {
            if self.hurried() {
                return false;
            }
            std::thread::sleep(PAUSE);
            *paused += PAUSE;
        }
        !self.hurried()
    }

    fn hurried(&self) -> bool {
        !matches!(self.hurry.try_recv(), Err(TryRecvError::Empty))
    }
}

impl Daily {
    /// The workbook is being used now: the daily backup gives way for a moment.
    pub(crate) fn in_use(&self) {
        self.used.now();
    }

    /// Keeps why the backup failed, for [`Store::daily_backup_failure`].
    pub(crate) fn failed(&self, e: &Error) {
        if let Ok(mut failure) = self.failure.lock() {
            *failure = Some(e.to_string());
        }
    }
}

/// The calling thread at the lowest best-effort I/O priority (Linux gives each thread its
/// own), so writing a large copy does not hold up the workbook's own synced writes. Not the
/// idle class, which under constant I/O could wait for ever while a lock waits for it; and
/// not a lower CPU priority, which a process cannot raise again when the author ends up
/// waiting for the backup (a busy machine then starved it for half a minute).
fn lower_io_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: the call takes plain integers and changes only this thread's I/O priority; a
    // failure leaves it as it was, which is harmless.
    unsafe {
        const IOPRIO_WHO_PROCESS: libc::c_long = 1;
        const BEST_EFFORT_LOWEST: libc::c_long = (2 << 13) | 7;
        libc::syscall(
            libc::SYS_ioprio_set,
            IOPRIO_WHO_PROCESS,
            0,
            BEST_EFFORT_LOWEST,
        );
    }
}

/// Temporary files older than this, left by a process that was killed, are removed.
const STALE: Duration = Duration::from_secs(3600);

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

/// Copies the database behind `src` into the new file `tmp`, encrypted with `key`, with the
/// online backup API; the copy is left in rollback-journal mode and closed.
pub(super) fn copy_online(src: &Connection, tmp: &Path, key: &str) -> Result<()> {
    copy_paced(src, tmp, key, None)
}

/// [`copy_online`], giving way to the author as `pace` says (all at once without it).
fn copy_paced(src: &Connection, tmp: &Path, key: &str, pace: Option<&Pace>) -> Result<()> {
    let mut dst = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    set_key(&dst, key)?;
    // In parts, the copy reads one snapshot: a read transaction held on the source across
    // every step, so a write made meanwhile (WAL) neither blocks it nor makes it start over.
    let held = pace.is_some() && src.is_autocommit();
    if held {
        src.execute_batch("BEGIN")?;
        src.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    }
    let copied = step_all(src, &mut dst, pace);
    if held {
        let _ = src.execute_batch("COMMIT");
    }
    copied?;
    // A backup is one file: fold any WAL back in and leave WAL mode.
    let mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!("backup left in {mode} mode")));
    }
    dst.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// Every page of `src` into `dst`: at once, or in parts at the pace given.
fn step_all(src: &Connection, dst: &mut Connection, mut pace: Option<&Pace>) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    // Busy for 30 s on end is an error; the time spent giving way is not counted.
    let mut busy_since: Option<Instant> = None;
    let mut paused = Duration::ZERO;
    loop {
        // All pages in one step unless paced: one read transaction, so a writer in another
        // window cannot make the copy start over (in WAL mode it is not blocked either).
        let pages = if pace.is_some() { PART_PAGES } else { -1 };
        match backup.step(pages)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {
                busy_since = None;
                if let Some(p) = pace {
                    if !p.give_way(&mut paused) {
                        pace = None;
                    }
                }
            }
            StepResult::Busy | StepResult::Locked => {
                let since = *busy_since.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_secs(30) {
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

/// Makes an encrypted copy of the database behind `conn` at `dest` through the one file
/// writer (owner-only, atomic, never over an existing file).
pub(super) fn copy_to(
    conn: &Connection,
    dest: &Path,
    key: &str,
    protected: &Protected,
) -> Result<()> {
    copy_to_paced(conn, dest, key, protected, None)
}

/// [`copy_to`] at the pace given.
fn copy_to_paced(
    conn: &Connection,
    dest: &Path,
    key: &str,
    protected: &Protected,
    pace: Option<&Pace>,
) -> Result<()> {
    let what = format!("cannot write the backup {}", dest.display());
    let opts = WriteOptions::new(Existing::Refuse, protected);
    files::write_with(dest, opts, |tmp, file| {
        // SQLite writes the copy by path into the empty owner-only file.
        drop(file);
        copy_paced(conn, tmp, key, pace)
    })
    .map(|_| ())
    .map_err(|e| writing(&what, e))
}

/// Removes the oldest automatic backups beyond [`KEEP`] and temporary files left by killed
/// processes.
pub(super) fn prune(workbook: &Path) -> Result<()> {
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

pub(super) fn remove_backup(b: &BackupInfo) {
    let _ = fs::remove_file(&b.path);
    // A copy of an unreadable workbook may carry its WAL beside it.
    let _ = fs::remove_file(side_file(&b.path, "-wal"));
}

/// Makes an automatic backup of kind `kind` in the backups folder and prunes old ones.
pub(super) fn rotate_with(
    conn: &Connection,
    workbook: &Path,
    key: &str,
    kind: &str,
) -> Result<PathBuf> {
    rotate_paced(conn, workbook, key, kind, None)
}

/// [`rotate_with`] at the pace given.
fn rotate_paced(
    conn: &Connection,
    workbook: &Path,
    key: &str,
    kind: &str,
    pace: Option<&Pace>,
) -> Result<PathBuf> {
    let dir = backups_dir(workbook);
    create_private_dir(&dir)?;
    let dest = dir.join(format!("{}-{kind}.kindred", stamp_now()));
    copy_to_paced(conn, &dest, key, &files::NOTHING, pace)?;
    prune(workbook)?;
    Ok(dest)
}

/// The backup made before a schema upgrade, from the still-unchanged file. Called by
/// [`Store::open`] only when a migration is pending; an error stops the upgrade.
pub(in crate::store) fn before_upgrade(
    conn: &Connection,
    workbook: &Path,
    key: &str,
) -> Result<PathBuf> {
    let from = migrate::version(conn)?;
    rotate_with(conn, workbook, key, &format!("before-upgrade-from-{from}")).map_err(|e| {
        Error::Io(format!(
            "the workbook needs upgrading to this version's schema, but no backup could be made \
             first ({e}); nothing was changed"
        ))
    })
}

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
    /// what the workbook held when it started.
    ///
    /// On a large workbook the copy (every page decrypted and encrypted again under a freshly
    /// derived key: 370 MB for 2,000 reviews) is seconds of work, and on a two-core laptop
    /// it made the first dashboard many times slower. So it does not compete with the
    /// author: it waits [`DAILY_DELAY`] (the first screens are drawn meanwhile) unless it is
    /// asked for at once (anything that waits for it says "now" first, so a command never
    /// waits the delay), and it writes at the lowest best-effort I/O priority. Past the
    /// delay it copies in parts and waits while the workbook is in use ([`Pace`]): run
    /// whole, at scale 2000 it took one of two cores for seconds while the author opened
    /// reviews, and every step then was slower. Nothing is lost by waiting: the workbook
    /// itself is written safely; the copy is the way back.
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
        let used = self.daily.used.clone();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let handle = std::thread::Builder::new()
            .name("kindred-daily-backup".into())
            .spawn(move || -> Result<PathBuf> {
                // Told to go now, or the store gone (the sender dropped), or the delay over.
                // Only after the delay does the copy give way to the author as it goes.
                let waited = wait.recv_timeout(DAILY_DELAY);
                let paced = matches!(waited, Err(std::sync::mpsc::RecvTimeoutError::Timeout));
                let pace = Pace {
                    used: &used,
                    hurry: &wait,
                };
                lower_io_priority();
                let conn = Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                set_key_of_file(&conn, &path, key.expose())?;
                conn.busy_timeout(Duration::from_secs(3))?;
                rotate_paced(&conn, &path, key.expose(), "daily", paced.then_some(&pace))
            })
            .map_err(|e| Error::Io(format!("cannot start the daily backup: {e}")))?;
        if let Ok(mut daily) = self.daily.running.lock() {
            *daily = Some((handle, go));
        }
        Ok(())
    }

    /// Waits for the backup started on unlock, if one is still running (starting it at once
    /// if it is still waiting its turn), and says how it went (`None`: none was started, or
    /// it was already waited for). A failure is also kept for
    /// [`Store::daily_backup_failure`].
    pub fn wait_for_daily_backup(&self) -> Option<Result<PathBuf>> {
        let (handle, go) = self.daily.running.lock().ok()?.take()?;
        let _ = go.send(());
        let outcome = handle
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the daily backup stopped".into())));
        if let Err(e) = &outcome {
            self.daily.failed(e);
        }
        Some(outcome)
    }

    /// Why the daily backup failed, once it has finished and failed; never waits for it
    /// (`None` while it runs, when it worked, or when none was needed).
    pub fn daily_backup_failure(&self) -> Option<String> {
        let finished = self
            .daily
            .running
            .lock()
            .ok()?
            .as_ref()
            .is_some_and(|(h, _)| h.is_finished());
        if finished {
            let _ = self.wait_for_daily_backup();
        }
        self.daily.failure.lock().ok()?.clone()
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
}
