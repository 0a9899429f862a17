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
//! **In use** (`exclusive`). Replacing the workbook file (restore, passphrase change) and
//! scrubbing it (destroy) first switch the workbook out of WAL mode. SQLite refuses that while
//! any other connection has the file open, even an idle one, so it is a reliable "another
//! Kindred window or command has this workbook open" test; the answer comes after the
//! 3-second busy timeout.
//!
//! One file per operation, because each has its own failure story: `files` (where backups
//! live, their names, write messages), `rotate` (backup, rotation, pruning), `exclusive`
//! (the workbook to one connection alone), `rekey` (passphrase change and compaction) and
//! `restore` (checking a file, restoring it). The key itself is `store::key`.

mod exclusive;
mod files;
mod rekey;
mod restore;
mod rotate;

pub(crate) use files::side_file;
pub use files::{backups_dir, parse_stamp};
pub use rekey::{retire_old_backups, OldBackups, OldBackupsDone};
pub use restore::{restore, restore_releasing, RestoreReport};
pub(super) use rotate::before_upgrade;
pub(crate) use rotate::Daily;
pub use rotate::{list, BackupInfo, DAILY, DAILY_DELAY, KEEP};
