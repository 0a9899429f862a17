//! The only code that speaks SQL. One SQLCipher-encrypted SQLite file per workbook.
//!
//! Invariants: a wrong passphrase, a damaged file, a foreign file or a newer schema is refused
//! before a single byte is written; every write goes through [`Store::write`], one transaction
//! that also appends to the audit log; temporary data stays in memory.

pub mod audit;
pub mod backup;
pub mod bundle;
pub mod changes;
pub mod children;
pub mod dashboard;
pub mod due;
pub mod evaluation;
mod key;
pub mod lock;
pub mod members;
pub mod migrate;
pub mod records;
pub mod reviews;
pub mod voice;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};

/// `PRAGMA application_id` of a Kindred workbook ("KIND").
pub const APPLICATION_ID: i64 = 0x4B49_4E44;

/// Whether a workbook finished being created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    Complete,
    /// A `demo` (or other long creation) was interrupted; the data in it is consistent but partial.
    Creating,
}

/// Numbers that move on any change to the workbook: equal numbers, the same workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeCount {
    /// Which connection counted (a passphrase change opens another).
    pub connection: u64,
    /// Rows this connection inserted, updated or deleted (triggers' included).
    pub own: u64,
    /// SQLite's count of other connections' commits.
    pub others: i64,
    /// The count of this connection's own changes from which `changes` notes them.
    pub watched_from: Option<u64>,
}

pub struct Store {
    conn: Connection,
    /// This connection, told apart from every other this process opens (what it has
    /// changed, `changes`, is its own).
    connection: u64,
    /// From which of this connection's row changes `changes` notes its writes: from its
    /// first write (making the notes costs about a twentieth of a second, which unlocking
    /// should not pay).
    watched_from: Option<u64>,
    /// Whether `changes` notes this connection's writes at all (see [`Store::forgo_change_notes`]).
    notes_changes: bool,
    path: PathBuf,
    key: key::Secret,
    /// Who makes this process's changes, for the audit log.
    actor: String,
    /// The automatic backup made on unlock, running on a connection of its own while the
    /// workbook is used; waited for before any file-level operation and when the store is
    /// dropped (so a command never exits in the middle of one).
    daily: backup::Daily,
    /// The shared lock on the workbook's lock file, held while it is open; exclusive during a
    /// file-level operation (see [`lock`]).
    lock: lock::WorkbookLock,
    /// Which file was opened (device and inode), so a write into a file that another process
    /// has since replaced is refused instead of succeeding unseen.
    identity: Option<(u64, u64)>,
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.wait_for_daily_backup();
    }
}

/// A write transaction with its timestamp; every change made through it is audited.
pub struct Tx<'c> {
    pub tx: Transaction<'c>,
    pub at: String,
    /// Who is making the change (see [`audit::current_actor`]).
    pub actor: &'c str,
}

/// The `meta` key holding the fingerprint of the closing rules a workbook's records were
/// last applied with (see `Workbook::apply_recorded_work`).
pub const RULES_KEY: &str = "closed_by_rules";

impl Tx<'_> {
    /// Sets a value in `meta`.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn audit<O: Serialize + ?Sized, N: Serialize + ?Sized>(
        &self,
        review_id: Option<i64>,
        entity: &str,
        entity_id: impl ToString,
        action: &str,
        old: Option<&O>,
        new: Option<&N>,
    ) -> Result<()> {
        audit::record(
            &self.tx,
            &self.at,
            self.actor,
            audit::What {
                review_id,
                entity,
                entity_id: entity_id.to_string(),
                action,
            },
            old,
            new,
        )
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

fn tune(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(3))?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // Up to 16 MiB of decrypted pages stay cached between reads (SQLite's default is 2 MiB).
    // Every page read from the file is decrypted and authenticated, so a larger cache lets a
    // dashboard shown again read its pages without decrypting them again. The cache only grows
    // as pages are read: a small workbook never uses more than its own size.
    conn.pragma_update(None, "cache_size", -16384)?;
    // Statements the store runs again and again (a person's parts, a review's records) are
    // parsed once per connection.
    conn.set_prepared_statement_cache_capacity(128);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Io(format!(
            "could not switch the workbook to WAL (got {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Looks at the raw file before SQLCipher does, to give a precise message.
fn sniff(path: &Path) -> Result<()> {
    use std::io::Read;
    let meta =
        std::fs::metadata(path).map_err(|_| Error::NoWorkbook(path.display().to_string()))?;
    if meta.is_dir() {
        return Err(Error::NotAWorkbook("it is a folder".into()));
    }
    if meta.len() == 0 {
        return Err(Error::NotAWorkbook("the file is empty".into()));
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path)
        .map_err(|e| Error::Io(format!("cannot read the workbook: {e}")))?;
    let n = f
        .read(&mut head)
        .map_err(|e| Error::Io(format!("cannot read the workbook: {e}")))?;
    if n == 16 && &head == b"SQLite format 3\0" {
        return Err(Error::NotAWorkbook(
            "it is an unencrypted SQLite database from another program".into(),
        ));
    }
    if meta.len() < 1024 {
        return Err(Error::NotAWorkbook(
            "the file is too short to be a workbook".into(),
        ));
    }
    if meta.len() % 1024 != 0 {
        return Err(Error::Damaged(
            "the file's length is not a whole number of pages (it may be truncated)".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// Opens and unlocks an existing workbook, migrating it if it is older.
    pub fn open(path: &Path, passphrase: &str) -> Result<Store> {
        key::harden_once();
        sniff(path)?;
        let lock = lock::WorkbookLock::shared(path)?;
        // Files made by older versions (or by SQLite under a lax umask) become owner-only.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            crate::files::make_private(&backup::side_file(path, suffix));
        }
        let identity = file_identity(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        key::roomy_lookaside(&conn);
        key::set_key_of_file(&conn, path, passphrase)?;
        conn.busy_timeout(Duration::from_secs(3))?;
        // Reading the schema proves the key; nothing has been written yet.
        let count: Result<i64> = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(Error::from);
        match count {
            Ok(_) => {}
            Err(Error::Internal(_)) | Err(Error::Damaged(_)) => {
                return Err(Error::Damaged("the workbook could not be read".into()))
            }
            Err(e) => return Err(e),
        }
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app != APPLICATION_ID {
            return Err(Error::NotAWorkbook(
                "it is an encrypted database, but not one made by Kindred".into(),
            ));
        }
        let pending = migrate::needs_migration(&conn)?;
        let mut conn = conn;
        if pending {
            // Never upgrade without a way back: refused (nothing changed) if no backup is made.
            backup::before_upgrade(&conn, path, passphrase)?;
        }
        tune(&conn)?;
        if pending {
            migrate::migrate_to(&mut conn, migrate::LATEST)?;
        }
        dashboard::align_check_phases(&mut conn)?;
        static CONNECTIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let store = Store {
            conn,
            connection: CONNECTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            watched_from: None,
            notes_changes: true,
            path: path.to_path_buf(),
            key: key::Secret::new(passphrase),
            actor: audit::current_actor(),
            daily: Default::default(),
            lock,
            identity,
        };
        // The daily automatic backup, made while the workbook is already in use; a failure
        // (read-only folder, full disk) never stops an unlock, but it is kept to be told.
        if let Err(e) = store.start_daily_backup() {
            store.daily.failed(&e);
        }
        Ok(store)
    }

    /// Creates a new workbook atomically: built beside the target under a temporary name and
    /// renamed into place once its schema is committed. With `Completeness::Creating` the
    /// workbook is marked incomplete until [`Store::mark_complete`] is called.
    pub fn create(path: &Path, passphrase: &str, state: Completeness) -> Result<Store> {
        crate::domain::passphrase::validate(passphrase).map_err(Error::Passphrase)?;
        if path.exists() {
            return Err(Error::AlreadyExists(path.display().to_string()));
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::files::private_dir(dir)?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "workbook".into());
        let tmp = dir.join(format!(".{file_name}.creating-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<()> {
            // Owner-only from the first byte; SQLite gives its side files the same mode.
            drop(crate::files::create_private(&tmp).map_err(|e| {
                crate::files::io_error(&format!("cannot create {}", path.display()), &e)
            })?);
            let mut conn = Connection::open(&tmp)?;
            key::set_key(&conn, passphrase)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            tune(&conn)?;
            migrate::migrate_to(&mut conn, migrate::LATEST)?;
            let state = match state {
                Completeness::Complete => "complete",
                Completeness::Creating => "creating",
            };
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('state', ?1), ('created_by', ?2)",
                [state, concat!("kindred ", env!("CARGO_PKG_VERSION"))],
            )?;
            // A new workbook has no records to apply the catalogue's closing rules to.
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                [
                    RULES_KEY,
                    &crate::domain::catalogue::Catalogue::embedded().rules_fingerprint(),
                ],
            )?;
            // Fold the WAL back into the file so the rename moves everything.
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            conn.close().map_err(|(_, e)| Error::from(e))?;
            if path.exists() {
                return Err(Error::AlreadyExists(path.display().to_string()));
            }
            std::fs::rename(&tmp, path)
                .map_err(|e| Error::Io(format!("cannot create {}: {e}", path.display())))?;
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(tmp.with_extension("creating-journal"));
            return Err(e);
        }
        Store::open(path, passphrase)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether `candidate` is the passphrase the workbook was opened with.
    pub fn passphrase_is(&self, candidate: &str) -> bool {
        self.key.is(candidate)
    }

    /// A value kept in `meta`, if set.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn conn(&self) -> &Connection {
        self.daily.in_use();
        &self.conn
    }

    /// The workbook's state as this connection sees it (see [`ChangeCount`]).
    pub fn changes_so_far(&self) -> Result<ChangeCount> {
        let others: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(ChangeCount {
            connection: self.connection,
            own: self.conn.total_changes(),
            others,
            watched_from: self.watched_from,
        })
    }

    /// Stops `changes` noting this connection's writes (before the first, it has not begun):
    /// for a process that opens the workbook, does one thing and exits, which never shows
    /// a dashboard again and so gains nothing from the notes, but would pay for making them
    /// (a temporary trigger per table and change, parsed at its first write). What changed
    /// is then always "everything", which is never wrong.
    pub fn forgo_change_notes(&mut self) {
        self.notes_changes = false;
    }

    /// Runs `f` in one transaction (IMMEDIATE, so a second writer waits then says "in use").
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.daily.in_use();
        self.still_the_same_file()?;
        if self.notes_changes && self.watched_from.is_none() {
            changes::watch(&self.conn)?;
            self.watched_from = Some(self.conn.total_changes());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let tx = Tx {
            tx,
            at: now_stamp(),
            actor: &self.actor,
        };
        let out = f(&tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    /// Refuses with [`Error::Replaced`] when the file at the workbook's path is no longer the
    /// one this store opened (another process restored or re-keyed it, or it was removed).
    pub fn still_the_same_file(&self) -> Result<()> {
        match (self.identity, file_identity(&self.path)) {
            (Some(opened), Some(now)) if opened != now => Err(Error::Replaced),
            (Some(_), None) => Err(Error::Replaced),
            _ => Ok(()),
        }
    }

    /// Runs a file-level operation with the workbook's exclusive lock: refused with
    /// [`Error::OpenElsewhere`] while any other Kindred window or command has it open.
    pub fn exclusively<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let _ = self.wait_for_daily_backup();
        self.lock.upgrade()?;
        let out = f(self);
        self.lock.downgrade();
        out
    }

    /// The paths no file Kindred writes for the author may land on: this workbook, its side
    /// files, its lock file and its backups.
    pub fn protected(&self) -> crate::files::Protected {
        protected_paths(&self.path)
    }

    pub fn completeness(&self) -> Result<Completeness> {
        let state: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'state'", [], |r| {
                r.get(0)
            })
            .ok();
        Ok(match state.as_deref() {
            Some("complete") => Completeness::Complete,
            _ => Completeness::Creating,
        })
    }

    pub fn mark_complete(&mut self) -> Result<()> {
        self.conn
            .execute("UPDATE meta SET value = 'complete' WHERE key = 'state'", [])?;
        Ok(())
    }

    /// Integrity, schema and foreign-key check; a list of problems (empty when healthy).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if rows != ["ok"] {
            problems.extend(rows.into_iter().map(|r| format!("integrity: {r}")));
        }
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let n = fk.query_map([], |_| Ok(()))?.count();
        if n > 0 {
            problems.push(format!("{n} rows point at records that do not exist"));
        }
        let v = migrate::version(&self.conn)?;
        if v != migrate::LATEST {
            problems.push(format!("schema {v}, expected {}", migrate::LATEST));
        }
        if self.completeness()? == Completeness::Creating {
            problems.push("incomplete: its creation was interrupted before it finished".into());
        }
        Ok(problems)
    }
}

/// See [`Store::protected`]; also for a workbook that is not open.
pub fn protected_paths(workbook: &Path) -> crate::files::Protected {
    let files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| backup::side_file(workbook, s))
        .chain([lock::lock_path(workbook)])
        .collect();
    crate::files::Protected::new(&files, &[backup::backups_dir(workbook)])
}

fn file_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The current local time as stored in the workbook.
pub fn now_stamp() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S%.3f")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn opening_a_workbook_hardens_the_process() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("w.kindred");
        drop(Store::create(&path, "test passphrase", Completeness::Complete).expect("create"));
        let _s = Store::open(&path, "test passphrase").expect("open");
        assert!(
            crate::secret::process_is_hardened(),
            "a process with a workbook open must not be dumpable"
        );
        let mut on = String::new();
        let conn = Connection::open_in_memory().expect("memory");
        let _ = conn.query_row("PRAGMA cipher_memory_security", [], |r| {
            on = r.get::<_, String>(0)?;
            Ok(())
        });
        assert_eq!(on, "1", "SQLCipher's memory security is on");
    }
}
