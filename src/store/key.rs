//! The workbook's key: the passphrase given to SQLCipher, and the process settings made
//! before the first key is set. One place for it, used by opening a workbook (`store`),
//! by every copy and check the backups make (`backup`), and by re-keying: before, the
//! store reached into `backup` for [`Secret`] and `backup` reached back for `set_key`.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::APPLICATION_ID;
use crate::error::{Error, Result};

pub use crate::secret::Secret;

/// Bytes of one large lookaside slot, and how many bytes of slots a connection keeps.
const LOOKASIDE_SLOT: i32 = 4096;
const LOOKASIDE_BYTES: i32 = 2 * 1024 * 1024;

/// Gives a new connection lookaside memory large enough for the rows and statements it
/// works with: SQLite then takes their memory from one block kept for the connection
/// instead of from the heap. Called before anything runs on the connection (SQLite refuses
/// to change lookaside while any is in use; it is then left as it was).
///
/// Why: with memory security on, SQLCipher locks every heap allocation into memory and
/// unlocks and wipes it when freed, two system calls each time. SQLite's own lookaside
/// (slots of 1,200 bytes) is too small for a person's or a contact's record, so reading a
/// large workbook cost tens of thousands of those calls (a tenth of a sheet batch's time).
/// The block is itself allocated, locked and, when the connection closes, wiped by
/// SQLCipher; a slot is reused without a wipe while the connection is open, as SQLite's
/// default slots always were.
pub(super) fn roomy_lookaside(conn: &Connection) {
    // SAFETY: the handle is this open connection's; a null buffer asks SQLite to allocate
    // the slots itself; the two sizes are C ints, as SQLITE_DBCONFIG_LOOKASIDE reads them.
    let _ = unsafe {
        rusqlite::ffi::sqlite3_db_config(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBCONFIG_LOOKASIDE,
            std::ptr::null_mut::<std::ffi::c_void>(),
            LOOKASIDE_SLOT,
            LOOKASIDE_BYTES / LOOKASIDE_SLOT,
        )
    };
}

pub(super) fn set_key(conn: &Connection, passphrase: &str) -> Result<()> {
    // SQLCipher logs failed decryption to stderr; Kindred gives its own one-line message.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    let len = std::ffi::c_int::try_from(passphrase.len())
        .map_err(|_| Error::Passphrase("the passphrase is too long".into()))?;
    // The key straight from the caller's buffer: `PRAGMA key = '…'` would copy it into SQL
    // text that is freed without being wiped. SQLCipher derives the same key from the same
    // bytes either way, so workbooks keyed with the PRAGMA open unchanged.
    // SAFETY: the handle is this open connection's; the pointer and length describe
    // `passphrase`, which outlives the call; SQLCipher copies what it needs.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(
            conn.handle(),
            passphrase.as_ptr().cast::<std::ffi::c_void>(),
            len,
        )
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(Error::Internal(format!("sqlite3_key failed ({rc})")));
    }
    Ok(())
}

/// Process-wide SQLCipher and process settings made once, before the first key is set:
/// SQLCipher's memory security (every allocation it frees is wiped, and its key material is
/// locked out of swap) and a non-dumpable process.
pub(super) fn harden_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.execute_batch("PRAGMA cipher_memory_security = ON");
        }
        crate::secret::harden_process();
    });
}

/// Stops SQLCipher writing its own log lines to stderr (a failed key or a damaged page is
/// reported once, as the caller's own error message).
pub(super) fn quiet(conn: &Connection) {
    let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| {
        r.get::<_, String>(0)
    });
}

/// Opens a workbook with the passphrase for copying, or None when the key does not fit.
pub(super) fn open_keyed(path: &Path, passphrase: &str) -> Option<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    roomy_lookaside(&conn);
    quiet(&conn);
    set_key(&conn, passphrase).ok()?;
    conn.busy_timeout(Duration::from_secs(3)).ok()?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    (app == APPLICATION_ID).then_some(conn)
}
