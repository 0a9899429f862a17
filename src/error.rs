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
            Some(C::ReadOnly) => {
                Error::Io("the workbook's folder or file is read-only; nothing was saved".into())
            }
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

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Damaged(format!("a stored record could not be read ({e})"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
