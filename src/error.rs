//! The one error type of the core. Each variant has a stable code for the UI and a one-line
//! message for people; internals (SQL text, paths of temp files) stay out of messages shown in
//! the app, which maps `Internal` to a generic message.

use crate::domain::safety::Refusal;
use crate::domain::text::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase, or this file is not a Kindred workbook")]
    WrongPassphrase,
    #[error("this file is not a Kindred workbook: {0}")]
    NotAWorkbook(String),
    #[error("the workbook is damaged: {0}")]
    Damaged(String),
    #[error("this workbook was made by a newer version of Kindred (schema {found}; this version reads up to {supported}); it has not been changed")]
    NewerVersion { found: i64, supported: i64 },
    #[error("the workbook is incomplete: {0}")]
    Incomplete(String),
    #[error("a file already exists at {0}; Kindred will not overwrite it")]
    AlreadyExists(String),
    #[error("no workbook at {0}; create one with `kindred init`")]
    NoWorkbook(String),
    #[error("the workbook is in use by another Kindred window or command; close it and try again")]
    InUse,
    #[error(
        "the workbook is open in another Kindred window or command; close it there and try again"
    )]
    OpenElsewhere,
    #[error("the workbook was replaced by another Kindred window or command (a passphrase change or a restore) while this one had it open; nothing was saved. Open it again")]
    Replaced,
    #[error("will not write {0}")]
    Protected(String),
    #[error("{}", summarise(.0))]
    Invalid(Vec<FieldError>),
    #[error("refused: {}", .0.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("; "))]
    Refused(Vec<Refusal>),
    #[error("{what} {key:?} was not found")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Passphrase(String),
    #[error("could not write the document: {0}")]
    Document(String),
    #[error("{0}")]
    Io(String),
    #[error("internal error: {0}")]
    Internal(String),
}

fn summarise(errors: &[FieldError]) -> String {
    match errors {
        [] => "invalid input".to_string(),
        [one] => one.message.clone(),
        many => format!(
            "{} problems: {}",
            many.len(),
            many.iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

impl Error {
    /// A stable code for the UI (`{code, message}`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongPassphrase => "wrong-passphrase",
            Error::NotAWorkbook(_) => "not-a-workbook",
            Error::Damaged(_) => "damaged",
            Error::NewerVersion { .. } => "newer-version",
            Error::Incomplete(_) => "incomplete",
            Error::AlreadyExists(_) => "already-exists",
            Error::NoWorkbook(_) => "no-workbook",
            Error::InUse => "in-use",
            Error::OpenElsewhere => "open-elsewhere",
            Error::Replaced => "replaced",
            Error::Protected(_) => "protected",
            Error::Invalid(_) => "invalid",
            Error::Refused(_) => "refused",
            Error::NotFound { .. } => "not-found",
            Error::Passphrase(_) => "passphrase",
            Error::Document(_) => "document",
            Error::Io(_) => "io",
            Error::Internal(_) => "internal",
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn not_found(what: &'static str, key: impl ToString) -> Error {
        Error::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::InUse,
            Some(C::NotADatabase) => Error::WrongPassphrase,
            Some(C::DatabaseCorrupt) => Error::Damaged("the database structure is broken".into()),
            Some(C::DiskFull) => Error::Io("the disk is full; nothing was saved".into()),
            Some(C::ReadOnly) => Error::Io(read_only(&e).into()),
            Some(C::CannotOpen) => Error::Io(
                "the workbook file could not be opened (is its folder read-only or missing?)"
                    .into(),
            ),
            // SQLITE_IOERR: the disk refused a read or write (full, read-only, removed); never
            // "damaged", which would send the author to restore a healthy workbook.
            Some(C::SystemIoFailure) => Error::Io(
                "the disk could not be read or written (is it full, read-only or removed?); nothing was saved"
                    .into(),
            ),
            _ => Error::Internal(e.to_string()),
        }
    }
}

/// What an SQLITE_READONLY error means, by its extended code: only the plain code says the
/// file or folder is read-only.
fn read_only(e: &rusqlite::Error) -> &'static str {
    let extended = match e {
        rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
        _ => 0,
    };
    match extended {
        rusqlite::ffi::SQLITE_READONLY_DBMOVED => {
            "the workbook file was replaced or moved while this window or command had it open \
             (another Kindred window or command changed the passphrase or restored a backup); \
             nothing was saved; open the workbook again"
        }
        rusqlite::ffi::SQLITE_READONLY_ROLLBACK => {
            "the workbook has an interrupted change to undo, which needs it to be writable, \
             but it is read-only; nothing was saved"
        }
        rusqlite::ffi::SQLITE_READONLY_RECOVERY => {
            "the workbook needs recovering after an interruption, which needs it to be \
             writable, but it is read-only; nothing was saved"
        }
        rusqlite::ffi::SQLITE_READONLY_CANTLOCK | rusqlite::ffi::SQLITE_READONLY_CANTINIT => {
            "the workbook's shared-memory file (its name ends in -shm) is read-only or cannot \
             be set up; nothing was saved"
        }
        rusqlite::ffi::SQLITE_READONLY_DIRECTORY => {
            "the workbook's folder is read-only, so the journal SQLite needs cannot be made \
             beside it; nothing was saved"
        }
        _ => "the workbook's folder or file is read-only; nothing was saved",
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Damaged(format!("a stored record could not be read ({e})"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn failure(extended: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended), None)
    }

    #[test]
    fn each_read_only_subcode_has_its_own_message() {
        use rusqlite::ffi::{
            SQLITE_READONLY, SQLITE_READONLY_CANTLOCK, SQLITE_READONLY_DBMOVED,
            SQLITE_READONLY_DIRECTORY, SQLITE_READONLY_RECOVERY, SQLITE_READONLY_ROLLBACK,
        };
        let mut seen = std::collections::HashSet::new();
        for code in [
            SQLITE_READONLY,
            SQLITE_READONLY_DBMOVED,
            SQLITE_READONLY_ROLLBACK,
            SQLITE_READONLY_RECOVERY,
            SQLITE_READONLY_CANTLOCK,
            SQLITE_READONLY_DIRECTORY,
        ] {
            let Error::Io(m) = Error::from(failure(code)) else {
                panic!("{code}: not an IO error");
            };
            assert!(seen.insert(m.clone()), "{code}: {m}");
            assert!(m.ends_with("nothing was saved") || m.contains("nothing was saved;"));
        }
        let Error::Io(moved) = Error::from(failure(SQLITE_READONLY_DBMOVED)) else {
            panic!()
        };
        assert!(moved.contains("replaced or moved"), "{moved}");
        assert!(!moved.contains("read-only"), "{moved}");
    }

    /// A real plain SQLITE_READONLY (a connection that may only read) keeps the read-only
    /// message.
    #[test]
    fn a_read_only_connection_is_told_it_is_read_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.db");
        Connection::open(&path)
            .and_then(|c| c.execute_batch("CREATE TABLE t(x);"))
            .expect("create");
        let c = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
        let e = c
            .execute("INSERT INTO t VALUES (1)", [])
            .expect_err("read-only");
        assert!(
            matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_READONLY),
            "{e:?}"
        );
        assert_eq!(
            Error::from(e).to_string(),
            "the workbook's folder or file is read-only; nothing was saved"
        );
    }

    /// A real SQLITE_READONLY_DBMOVED: a connection whose file is replaced under it, as a
    /// re-key or a restore in another process does (a new file renamed into place). SQLite
    /// reports it in rollback-journal mode, the mode a re-key puts the workbook in; in WAL
    /// mode it does not notice, and the write goes to the old, unlinked file (this test pins
    /// that down, so a change in SQLite is seen).
    #[test]
    fn a_writer_whose_file_was_replaced_is_told_so() {
        for wal in [false, true] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("w.db");
            let c = Connection::open(&path).expect("open");
            if wal {
                let mode: String = c
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                    .expect("wal");
                assert_eq!(mode, "wal");
            }
            c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .expect("create");
            let other = dir.path().join("new.db");
            Connection::open(&other)
                .and_then(|n| n.execute_batch("CREATE TABLE t(x);"))
                .expect("other");
            std::fs::rename(&other, &path).expect("rename over");
            let written = c.execute("INSERT INTO t VALUES (2)", []);
            if wal {
                assert!(written.is_ok(), "WAL mode now notices: {written:?}");
                continue;
            }
            let e = written.expect_err("the write must fail");
            let code = match &e {
                rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
                _ => 0,
            };
            let msg = Error::from(e).to_string();
            assert_eq!(code, rusqlite::ffi::SQLITE_READONLY_DBMOVED, "{msg}");
            assert!(msg.contains("replaced or moved"), "{msg}");
        }
    }
}
