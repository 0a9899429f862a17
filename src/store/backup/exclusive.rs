//! Having the workbook to this connection alone. Replacing the workbook file (restore,
//! passphrase change) and scrubbing it (destroy) first switch it out of WAL mode. SQLite
//! refuses that while any other connection has the file open, even an idle one, so it is a
//! reliable "another Kindred window or command has this workbook open" test; the answer
//! comes after the 3-second busy timeout.

use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::super::Store;
use crate::error::{Error, Result};

impl Store {
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
pub(super) fn take_exclusive(conn: &Connection) -> Result<()> {
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

pub(super) fn release_exclusive(conn: &Connection) {
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

#[cfg(test)]
mod tests {
    use super::super::restore::inspect;
    use super::super::rotate::copy_to;
    use super::*;
    use crate::files;
    use crate::store::Completeness;
    use std::path::Path;

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
