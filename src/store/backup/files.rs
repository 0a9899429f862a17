//! File helpers shared by every backup operation: where a workbook's backups live and
//! how they are named, the names of a workbook's side files, and the messages given when
//! a copy cannot be written. Kept apart so that each operation file holds only its steps.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::files::parent_of;

/// `<folder>/<workbook file name>.backups`, beside the workbook.
pub fn backups_dir(workbook: &Path) -> PathBuf {
    let name = workbook
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    parent_of(workbook).join(format!("{name}.backups"))
}

pub(super) fn stamp_now() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ").to_string()
}

pub fn parse_stamp(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S%3fZ")
        .ok()
        .map(|t| t.and_utc())
}

/// Gives SQLite errors met while writing a copy a message about the copy, not the workbook.
pub(super) fn writing(what: &str, e: Error) -> Error {
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

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
